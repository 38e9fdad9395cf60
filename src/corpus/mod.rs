//! Corpus loading: the only code that reads input files.
//!
//! Takes paths (directories, `.txt`/`.md` files, `.jsonl`/`.jsonl.gz` files, in any mix) and
//! returns [`Article`]s, either all at once ([`load`]) or in bounded batches ([`stream`]) for
//! corpora larger than memory. A bad file or line never stops the run: it becomes a
//! [`Warning`] naming the file (and line) and saying what was done, and the rest is read.
//! With [`LoadOptions::strict`] the first warning is an error instead.

mod article;
mod decode;
mod file;
mod jsonl;
mod walk;

pub use article::{Article, Meta, Published};

use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Articles larger than this are skipped with a warning: no news article is this long, and
/// byte spans are 32-bit.
pub const MAX_ARTICLE_BYTES: usize = 64 << 20;

/// Something wrong with the input that the run stepped over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The file, or `file:line` for a JSONL line.
    pub location: String,
    /// What is wrong and what was done about it.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// How to load a corpus.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Treat any warning as a fatal error. By default, false.
    pub strict: bool,
    /// Bytes of JSONL read per parallel batch. By default, 8 MiB.
    pub batch_bytes: usize,
    /// Directories never descended into while walking (e.g. the output directory).
    pub exclude: Vec<PathBuf>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            strict: false,
            batch_bytes: 8 << 20,
            exclude: Vec::new(),
        }
    }
}

/// Counts from one load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LoadStats {
    /// Articles delivered.
    pub articles: usize,
    /// Files or lines skipped.
    pub skipped: usize,
    /// Warnings raised (a file decoded as Windows-1252 warns but is not skipped).
    pub warnings: usize,
    /// Bytes of article text delivered.
    pub bytes: u64,
}

/// A loaded corpus.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// Articles in input order: inputs as given, directories walked in sorted order, JSONL
    /// lines in file order.
    pub articles: Vec<Article>,
    /// Everything that was stepped over, in the order it was met.
    pub warnings: Vec<Warning>,
    /// Counts.
    pub stats: LoadStats,
}

impl Corpus {
    /// A corpus of articles built in memory, e.g. for tests and examples.
    pub fn from_articles(articles: Vec<Article>) -> Corpus {
        let stats = LoadStats {
            articles: articles.len(),
            bytes: articles.iter().map(|a| a.text.len() as u64).sum(),
            ..LoadStats::default()
        };
        Corpus {
            articles,
            warnings: Vec::new(),
            stats,
        }
    }
}

/// Loads every input into memory.
///
/// `on_warning` sees each warning as it is raised (the CLI prints them); they are also kept in
/// [`Corpus::warnings`].
///
/// # Errors
///
/// An input path that does not exist or cannot be read, or any warning when
/// [`LoadOptions::strict`] is set.
pub fn load(
    inputs: &[PathBuf],
    options: &LoadOptions,
    mut on_warning: impl FnMut(&Warning),
) -> Result<Corpus> {
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    let stats = stream(
        inputs,
        options,
        |batch| {
            articles.extend(batch);
            Ok(())
        },
        |w| {
            on_warning(w);
            warnings.push(w.clone());
        },
    )?;
    Ok(Corpus {
        articles,
        warnings,
        stats,
    })
}

/// Loads every input in batches of bounded size, calling `on_batch` with each.
///
/// Batches arrive in input order. Memory stays bounded by [`LoadOptions::batch_bytes`] per
/// batch plus the set of ids seen (to report duplicates).
///
/// # Errors
///
/// As [`load`], plus any error `on_batch` returns.
pub fn stream(
    inputs: &[PathBuf],
    options: &LoadOptions,
    mut on_batch: impl FnMut(Vec<Article>) -> Result<()>,
    mut on_warning: impl FnMut(&Warning),
) -> Result<LoadStats> {
    for input in inputs {
        if !input.exists() {
            return Err(Error::Input(format!(
                "input {} does not exist; give a directory of .txt/.md files or a .jsonl file",
                input.display()
            )));
        }
    }
    let mut sink = Sink::new(options, &mut on_batch, &mut on_warning);
    for input in inputs {
        for source in walk::sources(input, &options.exclude, &mut sink)? {
            match source {
                walk::Source::Text { path, root } => {
                    let article = file::read(&path, &root, &mut sink)?;
                    if let Some(article) = article {
                        sink.article(article)?;
                    }
                }
                walk::Source::Jsonl { path } => jsonl::read(&path, options.batch_bytes, &mut sink)?,
            }
        }
    }
    sink.finish()
}

/// Collects articles into batches, checks ids and routes warnings.
pub(crate) struct Sink<'a> {
    strict: bool,
    flush_bytes: usize,
    seen: ahash::AHashMap<String, String>,
    batch: Vec<Article>,
    batch_bytes: usize,
    stats: LoadStats,
    on_batch: &'a mut dyn FnMut(Vec<Article>) -> Result<()>,
    on_warning: &'a mut dyn FnMut(&Warning),
}

impl<'a> Sink<'a> {
    fn new(
        options: &LoadOptions,
        on_batch: &'a mut dyn FnMut(Vec<Article>) -> Result<()>,
        on_warning: &'a mut dyn FnMut(&Warning),
    ) -> Self {
        Sink {
            strict: options.strict,
            flush_bytes: options.batch_bytes,
            seen: ahash::AHashMap::new(),
            batch: Vec::new(),
            batch_bytes: 0,
            stats: LoadStats::default(),
            on_batch,
            on_warning,
        }
    }

    /// Raises a warning about an item that was still used.
    pub(crate) fn warn(
        &mut self,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<()> {
        let warning = Warning {
            location: location.into(),
            message: message.into(),
        };
        self.stats.warnings += 1;
        (self.on_warning)(&warning);
        if self.strict {
            return Err(Error::Strict(warning.to_string()));
        }
        Ok(())
    }

    /// Raises a warning about an item that was skipped.
    pub(crate) fn skip(
        &mut self,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<()> {
        self.stats.skipped += 1;
        self.warn(location, message)
    }

    /// Accepts an article unless its id was seen before.
    pub(crate) fn article(&mut self, article: Article) -> Result<()> {
        if let Some(first) = self.seen.get(&article.id) {
            let message = format!(
                "duplicate id {:?} (first seen at {first}); skipped this one",
                article.id
            );
            return self.skip(article.location.clone(), message);
        }
        self.seen
            .insert(article.id.clone(), article.location.clone());
        self.stats.articles += 1;
        self.stats.bytes += article.text.len() as u64;
        self.batch_bytes += article.text.len();
        self.batch.push(article);
        if self.batch_bytes >= self.flush_bytes {
            self.flush()?;
        }
        Ok(())
    }

    /// Hands the current batch on.
    pub(crate) fn flush(&mut self) -> Result<()> {
        if !self.batch.is_empty() {
            self.batch_bytes = 0;
            (self.on_batch)(std::mem::take(&mut self.batch))?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<LoadStats> {
        self.flush()?;
        Ok(self.stats)
    }
}

/// Display form of a path for ids and locations: `/`-separated.
pub(crate) fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
