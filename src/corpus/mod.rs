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
mod mapped;
mod scan;
mod walk;

pub use article::{Article, Meta, Published};
pub use mapped::{stream_mapped, ArticleView};

use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// Uncompressed JSONL files above this size are cut into byte ranges by [`plan`]. By
    /// default, [`SHARD_BYTES`].
    pub shard_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            strict: false,
            batch_bytes: 8 << 20,
            exclude: Vec::new(),
            shard_bytes: SHARD_BYTES,
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
    let mut strip =
        |batch: Vec<(u64, Article)>| on_batch(batch.into_iter().map(|(_, a)| a).collect());
    let mut sink = Sink::new(options, &mut strip, &mut on_warning);
    for (index, source) in sources(inputs, options, &mut sink)?.into_iter().enumerate() {
        read_source(&source, index, None, options, &mut sink)?;
    }
    sink.finish()
}

/// Every file the inputs stand for, in reading order.
fn sources(
    inputs: &[PathBuf],
    options: &LoadOptions,
    sink: &mut Sink,
) -> Result<Vec<walk::Source>> {
    for input in inputs {
        if !input.exists() {
            return Err(Error::Input(format!(
                "input {} does not exist; give a directory of .txt/.md files or a .jsonl file",
                input.display()
            )));
        }
    }
    let mut all = Vec::new();
    for input in inputs {
        all.extend(walk::sources(input, &options.exclude, sink)?);
    }
    Ok(all)
}

/// Reads one source (or a byte range of a JSONL source) into the sink.
fn read_source(
    source: &walk::Source,
    index: usize,
    range: Option<(u64, u64)>,
    options: &LoadOptions,
    sink: &mut Sink,
) -> Result<()> {
    match source {
        walk::Source::Text { path, root } => {
            sink.set_order(order_key(index, 0));
            if let Some(article) = file::read(path, root, sink)? {
                sink.article(article)?;
            }
            Ok(())
        }
        walk::Source::Jsonl { path } => jsonl::read(path, index, range, options.batch_bytes, sink),
    }
}

/// The order key of an article: its source's position in the reading order, then its byte
/// offset in that source. Sorting by it gives the order [`stream`] delivers articles in.
pub(crate) fn order_key(source: usize, offset: u64) -> u64 {
    ((source as u64) << 40) | offset.min((1 << 40) - 1)
}

/// A piece of the input that one worker reads: a whole file, or a byte range of a JSONL file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Position of the file in the reading order.
    pub source: usize,
    /// Byte range for a part of an uncompressed JSONL file; `None` for the whole file.
    pub range: Option<(u64, u64)>,
    file: walk::Source,
}

/// JSONL files larger than this are split into byte ranges.
pub const SHARD_BYTES: u64 = 16 << 20;

/// Cuts the inputs into shards for `parts` workers: every file is a shard, except that an
/// uncompressed JSONL file over [`LoadOptions::shard_bytes`] is cut into `parts` (or more) byte ranges. A
/// line belongs to the range holding its first byte. The plan depends only on the inputs and
/// `parts`; order keys do not depend on it at all.
///
/// # Errors
///
/// As [`stream`].
pub fn plan(inputs: &[PathBuf], options: &LoadOptions, parts: usize) -> Result<Vec<Shard>> {
    let mut ignore_batch = |_: Vec<(u64, Article)>| Ok(());
    let mut ignore_warning = |_: &Warning| {};
    let mut sink = Sink::new(options, &mut ignore_batch, &mut ignore_warning);
    let mut shards = Vec::new();
    for (index, file) in sources(inputs, options, &mut sink)?.into_iter().enumerate() {
        let size = match &file {
            walk::Source::Jsonl { path }
                if !path.to_string_lossy().to_lowercase().ends_with(".gz") =>
            {
                std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
            }
            _ => 0,
        };
        if size <= options.shard_bytes.max(1) {
            shards.push(Shard {
                source: index,
                range: None,
                file,
            });
            continue;
        }
        let pieces = (parts.max(1) as u64).max(size.div_ceil(options.shard_bytes.max(1) * 8));
        for p in 0..pieces {
            let range = (size * p / pieces, size * (p + 1) / pieces);
            shards.push(Shard {
                source: index,
                range: Some(range),
                file: file.clone(),
            });
        }
    }
    Ok(shards)
}

/// Reads one shard, calling `on_batch` with `(order key, article)` pairs in order.
///
/// Duplicate ids are detected only within the shard.
///
/// # Errors
///
/// As [`stream`].
pub fn read_shard(
    shard: &Shard,
    options: &LoadOptions,
    mut on_batch: impl FnMut(Vec<(u64, Article)>) -> Result<()>,
    mut on_warning: impl FnMut(&Warning),
) -> Result<LoadStats> {
    let mut sink = Sink::new(options, &mut on_batch, &mut on_warning);
    read_source(&shard.file, shard.source, shard.range, options, &mut sink)?;
    sink.finish()
}

/// Collects articles into batches, checks ids and routes warnings.
pub(crate) struct Sink<'a> {
    strict: bool,
    flush_bytes: usize,
    /// Where each id was first seen.
    seen: ahash::AHashMap<String, Seen>,
    batch: Vec<(u64, Article)>,
    /// Order key of the next article (see [`Shard`]).
    order: u64,
    batch_bytes: usize,
    stats: LoadStats,
    on_batch: &'a mut dyn FnMut(Vec<(u64, Article)>) -> Result<()>,
    on_warning: &'a mut dyn FnMut(&Warning),
}

impl<'a> Sink<'a> {
    fn new(
        options: &LoadOptions,
        on_batch: &'a mut dyn FnMut(Vec<(u64, Article)>) -> Result<()>,
        on_warning: &'a mut dyn FnMut(&Warning),
    ) -> Self {
        Sink {
            strict: options.strict,
            flush_bytes: options.batch_bytes,
            seen: ahash::AHashMap::new(),
            batch: Vec::new(),
            order: 0,
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

    /// Sets the order key of the next article.
    pub(crate) fn set_order(&mut self, order: u64) {
        self.order = order;
    }

    /// Accepts an article unless its id was seen before.
    pub(crate) fn article(&mut self, article: Article) -> Result<()> {
        if !self.claim(&article.id, &article.location, article.text.len())? {
            return Ok(());
        }
        self.batch_bytes += article.text.len();
        self.batch.push((self.order, article));
        if self.batch_bytes >= self.flush_bytes {
            self.flush()?;
        }
        Ok(())
    }

    /// Counts an article with `text_len` bytes of text read at `location`, unless its id was
    /// seen before: then it warns and returns false.
    pub(crate) fn claim(&mut self, id: &str, location: &str, text_len: usize) -> Result<bool> {
        if let Some(first) = self.seen.get(id) {
            self.duplicate(id, first.to_string(), location.to_owned())?;
            return Ok(false);
        }
        self.seen
            .insert(id.to_owned(), Seen::At(location.to_owned()));
        self.count(text_len);
        Ok(true)
    }

    /// As [`Sink::claim`] for an article read at line `line` of `file`, taking its id: the
    /// location is only written out if a duplicate needs it.
    pub(crate) fn claim_line(
        &mut self,
        id: String,
        file: &Arc<str>,
        line: usize,
        text_len: usize,
    ) -> Result<bool> {
        match self.seen.entry(id) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let (id, first) = (first.key().clone(), first.get().to_string());
                self.duplicate(&id, first, format!("{file}:{line}"))?;
                Ok(false)
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(Seen::Line(Arc::clone(file), line));
                self.count(text_len);
                Ok(true)
            }
        }
    }

    /// Skips a second article with `id`, first seen at `first`.
    fn duplicate(&mut self, id: &str, first: String, location: String) -> Result<()> {
        let message = format!("duplicate id {id:?} (first seen at {first}); skipped this one");
        self.skip(location, message)
    }

    /// Counts an accepted article.
    fn count(&mut self, text_len: usize) {
        self.stats.articles += 1;
        self.stats.bytes += text_len as u64;
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
        drop_aside(std::mem::take(&mut self.seen));
        Ok(self.stats)
    }
}

/// Drops the map of ids seen on a thread of its own when it is large: it holds one string
/// per article, and freeing them is work the caller, about to use what it loaded, need not
/// wait for. Where no thread can be started, drops it here.
fn drop_aside(seen: ahash::AHashMap<String, Seen>) {
    if seen.len() >= 4096 {
        // On failure the closure, and the map with it, is dropped at once.
        let _ = std::thread::Builder::new().spawn(move || drop(seen));
    }
}

/// Where an id was first seen.
#[derive(Debug)]
enum Seen {
    /// A location as written in warnings.
    At(String),
    /// A line of a file.
    Line(Arc<str>, usize),
}

impl std::fmt::Display for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seen::At(location) => f.write_str(location),
            Seen::Line(file, line) => write!(f, "{file}:{line}"),
        }
    }
}

/// Display form of a path for ids and locations: `/`-separated.
pub(crate) fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod shard_tests {
    use super::*;
    use proptest::prelude::*;

    fn read_all(shards: &[Shard]) -> (Vec<(u64, String)>, Vec<String>) {
        let (mut got, mut warnings) = (Vec::new(), Vec::new());
        for shard in shards {
            read_shard(
                shard,
                &LoadOptions::default(),
                |batch| {
                    got.extend(batch.into_iter().map(|(o, a)| (o, a.location)));
                    Ok(())
                },
                |w| warnings.push(w.location.clone()),
            )
            .unwrap();
        }
        (got, warnings)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn byte_ranges_read_exactly_what_one_pass_reads(cuts in proptest::collection::vec(0u64..6_000, 0..5)) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.jsonl");
            let mut text = String::new();
            for i in 0..150 {
                match i % 37 {
                    5 => text.push_str("{bad\n"),
                    9 => text.push('\n'),
                    _ => text.push_str(&format!("{{\"id\":\"a{i}\",\"text\":\"words {}\"}}\n", "x ".repeat(i % 7))),
                }
            }
            std::fs::write(&path, &text).unwrap();
            let size = text.len() as u64;
            let whole = plan(std::slice::from_ref(&path), &LoadOptions::default(), 1).unwrap();
            let (expected, expected_warnings) = read_all(&whole);
            let mut bounds: Vec<u64> = cuts.into_iter().map(|c| c % size).collect();
            bounds.extend([0, size]);
            bounds.sort_unstable();
            bounds.dedup();
            let shards: Vec<Shard> = bounds
                .windows(2)
                .map(|w| Shard { range: Some((w[0], w[1])), ..whole[0].clone() })
                .collect();
            let (got, warnings) = read_all(&shards);
            prop_assert_eq!(got, expected);
            prop_assert_eq!(warnings, expected_warnings);
        }
    }
}
