//! Turning input paths into a sorted list of files to read.

use super::{display_path, Sink};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// One file to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// A `.txt` or `.md` article; its id is its path relative to `root`.
    Text { path: PathBuf, root: PathBuf },
    /// A `.jsonl` or `.jsonl.gz` file of articles.
    Jsonl { path: PathBuf },
}

/// What kind of input a file name says it is.
fn kind(path: &Path) -> Option<bool> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(".jsonl") || name.ends_with(".jsonl.gz") {
        Some(false)
    } else if name.ends_with(".txt") || name.ends_with(".md") {
        Some(true)
    } else {
        None
    }
}

/// True for files a corpus directory holds that are not articles: dot files and READMEs.
fn is_ignored(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.starts_with('.') || name.starts_with("readme.")
}

/// The files an input stands for, sorted by path. A directory is walked recursively, without
/// following symbolic links to directories, skipping `exclude`, dot files and READMEs.
pub(crate) fn sources(input: &Path, exclude: &[PathBuf], sink: &mut Sink) -> Result<Vec<Source>> {
    let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
    if !meta.is_dir() {
        let root = input.parent().map(Path::to_path_buf).unwrap_or_default();
        return Ok(vec![match kind(input) {
            Some(false) => Source::Jsonl {
                path: input.to_path_buf(),
            },
            _ => Source::Text {
                path: input.to_path_buf(),
                root,
            },
        }]);
    }
    let mut out = Vec::new();
    let mut stack = vec![input.to_path_buf()];
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    while let Some(dir) = stack.pop() {
        if dir.canonicalize().is_ok_and(|c| exclude.contains(&c)) {
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                sink.skip(
                    display_path(&dir),
                    format!("cannot read directory ({e}); skipped"),
                )?;
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let mut subdirs = Vec::new();
        for path in paths {
            if is_ignored(&path) {
                continue;
            }
            let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            if is_dir {
                subdirs.push(path);
                continue;
            }
            match kind(&path) {
                Some(true) => out.push(Source::Text {
                    path,
                    root: input.to_path_buf(),
                }),
                Some(false) => out.push(Source::Jsonl { path }),
                None => {}
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
    out.sort_by(|a, b| source_path(a).cmp(source_path(b)));
    Ok(out)
}

fn source_path(s: &Source) -> &Path {
    match s {
        Source::Text { path, .. } | Source::Jsonl { path } => path,
    }
}
