//! Errors returned by the library.

use std::path::PathBuf;

/// Errors returned by the library.
///
/// Only problems that stop a whole run are errors. A bad article is not: it is recorded as a
/// [`crate::corpus::Warning`] and the run goes on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input or output path could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A parameter is out of range, e.g. `bands * rows > num_perm`.
    #[error("invalid parameter `{name}`: {reason}")]
    Param {
        /// The parameter's name, as on the command line.
        name: &'static str,
        /// What is wrong and what would be accepted.
        reason: String,
    },
    /// A warning was raised while `--strict` was set.
    #[error("{0} (stopping because --strict is set)")]
    Strict(String),
    /// The input held nothing to analyse.
    #[error("{0}")]
    Input(String),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
