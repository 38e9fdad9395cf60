//! Articles mapped as they are read, for consumers that need only an article's id, body and
//! date (the near-duplicate engine): [`stream_mapped`].
//!
//! An uncompressed JSONL file is read in blocks of whole lines by a reading thread while the
//! worker pool maps the previous block. Each block is cut into pieces of whole lines; a worker
//! reads a piece line by line with the fast reader ([`super::scan`]), which borrows the fields
//! from the block (or unescapes them into reusable buffers) and never builds an [`Article`],
//! and hands each article to the caller's `map` as an [`ArticleView`]. A line the fast reader
//! declines is read the ordinary way ([`super::jsonl`]), so every line gets the same result
//! and the same warnings as with [`super::stream`]. Duplicate ids, warnings and counts are
//! then handled in input order. Other inputs (text files, gzip) are read as [`super::stream`]
//! reads them and mapped batch by batch.

use super::article::body_of;
use super::jsonl::{parse_line, Line};
use super::scan::{scan, ScanScratch};
use super::{display_path, read_source, sources, walk, Article, LoadOptions, LoadStats};
use super::{Sink, Warning, MAX_ARTICLE_BYTES};
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::Arc;

/// The largest block of lines read at once: small enough that workers start early and the
/// few buffers in flight are reused from cache, large enough to split across the pool. Each
/// buffer in flight, and the per-article buffers of its articles, is memory the process must
/// take from the system (a page fault per 4 KiB, costly on a virtual machine): 256 KiB took
/// 3,350 page faults on the 31 MB dedup benchmark where 1 MiB took 4,700, for about 10 ms less
/// system time a run (alternating runs).
const MAPPED_BLOCK_BYTES: usize = 1 << 18;

/// What a mapping consumer sees of an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArticleView<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its body, as [`Article::body_text`] gives it.
    pub body: &'a str,
    /// When it was published, in seconds since the Unix epoch.
    pub published: Option<i64>,
}

impl<'a> ArticleView<'a> {
    /// The view of a loaded article.
    pub fn of(article: &'a Article) -> ArticleView<'a> {
        ArticleView {
            id: &article.id,
            body: article.body_text(),
            published: article.meta.published.as_ref().map(|p| p.unix),
        }
    }
}

/// Reads every input as [`super::stream`] does (same articles, order, warnings and counts),
/// but hands each article to `map` (run in parallel, with per-worker state from `init`)
/// instead of building an [`Article`], and `on_batch` the results in input order.
///
/// # Errors
///
/// As [`super::stream`].
pub fn stream_mapped<S: Send, T: Send>(
    inputs: &[std::path::PathBuf],
    options: &LoadOptions,
    init: impl Fn() -> S + Sync + Send,
    map: impl Fn(&mut S, &ArticleView<'_>) -> T + Sync + Send,
    on_batch: impl FnMut(Vec<T>) -> Result<()>,
    mut on_warning: impl FnMut(&Warning),
) -> Result<LoadStats> {
    let deliver = RefCell::new(on_batch);
    let mut slow = |batch: Vec<(u64, Article)>| {
        let mapped: Vec<T> = batch
            .par_iter()
            .map_init(&init, |s, (_, a)| map(s, &ArticleView::of(a)))
            .collect();
        (deliver.borrow_mut())(mapped)
    };
    let mut sink = Sink::new(options, &mut slow, &mut on_warning);
    for (index, source) in sources(inputs, options, &mut sink)?.into_iter().enumerate() {
        match &source {
            walk::Source::Jsonl { path }
                if !path.to_string_lossy().to_lowercase().ends_with(".gz") =>
            {
                sink.flush()?;
                let mut fast = |batch: Vec<T>| (deliver.borrow_mut())(batch);
                read_jsonl(
                    path,
                    options.batch_bytes.min(MAPPED_BLOCK_BYTES),
                    &mut sink,
                    (&init, &map),
                    &mut fast,
                )?;
            }
            _ => read_source(&source, index, None, options, &mut sink)?,
        }
    }
    sink.finish()
}

/// What became of one line, before duplicate ids are checked.
enum Item<T> {
    Blank,
    Skipped(String),
    Article {
        id: String,
        text_len: usize,
        warnings: Vec<String>,
        value: T,
    },
}

/// A block of whole lines, and the read error that ended the file early, if any.
struct Block {
    bytes: Vec<u8>,
    error: Option<std::io::Error>,
}

/// Reads one uncompressed JSONL file block by block, mapping each block in parallel.
fn read_jsonl<S: Send, T: Send>(
    path: &Path,
    block_bytes: usize,
    sink: &mut Sink,
    (init, map): (
        &(impl Fn() -> S + Sync),
        &(impl Fn(&mut S, &ArticleView<'_>) -> T + Sync),
    ),
    deliver: &mut dyn FnMut(Vec<T>) -> Result<()>,
) -> Result<()> {
    let name: Arc<str> = display_path(path).into();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let (tx, rx) = sync_channel::<Block>(1);
    let (free_tx, free_rx) = channel::<Vec<u8>>();
    let states = States::default();
    let states = &states;
    std::thread::scope(|scope| {
        // Owned here, so that an early return drops it and unblocks the reading thread.
        let rx = rx;
        scope.spawn(move || read_blocks(file, block_bytes.max(1), &tx, &free_rx));
        // Block n+1 is mapped on the pool while this thread hands on the results of block n,
        // so the ordered, serial part overlaps the parallel one.
        rayon::in_place_scope(|pool| {
            let mut line = 1usize;
            let mut mapped: VecDeque<Receiver<Mapped<T>>> = VecDeque::new();
            let mut going = Ok(true);
            for block in rx.iter() {
                let (done_tx, done_rx) = sync_channel(1);
                pool.spawn(move |_| {
                    let items = map_block(&block.bytes, init, map, states);
                    // The receiver is gone only if an earlier block failed.
                    let _ = done_tx.send(Mapped { block, items });
                });
                mapped.push_back(done_rx);
                if mapped.len() > 1 {
                    going = hand_on(&mut mapped, &name, &mut line, sink, deliver, &free_tx);
                    if !matches!(going, Ok(true)) {
                        break;
                    }
                }
            }
            while matches!(going, Ok(true)) && !mapped.is_empty() {
                going = hand_on(&mut mapped, &name, &mut line, sink, deliver, &free_tx);
            }
            going.map(|_| ())
        })
    })
}

/// A block and what became of its lines, piece by piece.
struct Mapped<T> {
    block: Block,
    items: Vec<Vec<Item<T>>>,
}

/// Per-worker states (the caller's and the fast reader's buffers) not in use, kept from one
/// piece to the next so that their buffers are allocated once per worker, not per piece.
type States<S> = std::sync::Mutex<Vec<(S, ScanScratch)>>;

/// Maps the lines of a block in parallel, in pieces of whole lines (in order).
fn map_block<S: Send, T: Send>(
    bytes: &[u8],
    init: &(impl Fn() -> S + Sync),
    map: &(impl Fn(&mut S, &ArticleView<'_>) -> T + Sync),
    states: &States<S>,
) -> Vec<Vec<Item<T>>> {
    pieces(bytes, rayon::current_num_threads() * 4)
        .par_iter()
        .map(|piece| {
            let taken = states.lock().ok().and_then(|mut v| v.pop());
            let (mut state, mut scratch) =
                taken.unwrap_or_else(|| (init(), ScanScratch::default()));
            let items = map_piece(piece, &mut state, &mut scratch, map);
            if let Ok(mut v) = states.lock() {
                v.push((state, scratch));
            }
            items
        })
        .collect()
}

/// Waits for the oldest block in `mapped` and hands its articles on in input order: warnings,
/// skipped lines and duplicate ids go to `sink`, the mapped values to `deliver`. Gives
/// whether reading should go on (false after a read error, which ends the file).
fn hand_on<T>(
    mapped: &mut VecDeque<Receiver<Mapped<T>>>,
    name: &Arc<str>,
    line: &mut usize,
    sink: &mut Sink,
    deliver: &mut dyn FnMut(Vec<T>) -> Result<()>,
    free: &Sender<Vec<u8>>,
) -> Result<bool> {
    let Some(Ok(Mapped { block, items })) = mapped.pop_front().map(|r| r.recv()) else {
        return Err(Error::Input(format!(
            "{name}: a worker stopped before mapping its block"
        )));
    };
    let mut out = Vec::with_capacity(items.iter().map(Vec::len).sum());
    for item in items.into_iter().flatten() {
        let location = || format!("{name}:{line}");
        match item {
            Item::Blank => {}
            Item::Skipped(message) => sink.skip(location(), message)?,
            Item::Article {
                id,
                text_len,
                warnings,
                value,
            } => {
                for message in warnings {
                    sink.warn(location(), message)?;
                }
                if sink.claim_line(id, name, *line, text_len)? {
                    out.push(value);
                }
            }
        }
        *line += 1;
    }
    if !out.is_empty() {
        deliver(out)?;
    }
    if let Some(e) = block.error {
        let message = format!(
            "read failed after line {} ({e}); rest of file skipped",
            *line - 1
        );
        sink.skip(name.as_ref(), message)?;
        return Ok(false);
    }
    // The reader may have finished; then the buffer is simply dropped.
    let _ = free.send(block.bytes);
    Ok(true)
}

/// Maps the lines of one piece with a worker's `state` and `scratch`.
fn map_piece<S, T>(
    piece: &[u8],
    state: &mut S,
    scratch: &mut ScanScratch,
    map: &impl Fn(&mut S, &ArticleView<'_>) -> T,
) -> Vec<Item<T>> {
    let mut items = Vec::new();
    for raw in lines(piece) {
        let trimmed = raw.trim_ascii();
        let fields = if trimmed.len() <= MAX_ARTICLE_BYTES {
            scan(trimmed, scratch)
        } else {
            None
        };
        let item = match fields {
            Some(f) => {
                let (body, text_len) = body_of(f.headline, f.text);
                let view = ArticleView {
                    id: f.id,
                    body,
                    published: f.published,
                };
                Item::Article {
                    id: f.id.to_owned(),
                    text_len,
                    warnings: Vec::new(),
                    value: map(state, &view),
                }
            }
            None => match parse_line(raw, "") {
                Line::Blank => Item::Blank,
                Line::Skipped(message) => Item::Skipped(message),
                Line::Article { article, warnings } => Item::Article {
                    value: map(state, &ArticleView::of(&article)),
                    text_len: article.text.len(),
                    warnings,
                    id: article.id,
                },
            },
        };
        items.push(item);
    }
    items
}

/// The lines of `bytes`, each with its line break, found with `memchr` (as
/// `split_inclusive` on `\n` would give them, without its byte-at-a-time loop).
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |p| p + 1);
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// Cuts a block of whole lines into about `n` pieces of whole lines.
fn pieces(bytes: &[u8], n: usize) -> Vec<&[u8]> {
    let target = bytes.len() / n.max(1) + 1;
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let mut end = (start + target).min(bytes.len());
        if end < bytes.len() {
            end = memchr::memchr(b'\n', &bytes[end - 1..]).map_or(bytes.len(), |p| end + p);
        }
        out.push(&bytes[start..end]);
        start = end;
    }
    out
}

/// The reading thread: sends blocks of about `block` bytes of whole lines (the last one may
/// lack its line break), reusing the buffers sent back on `free`.
fn read_blocks(
    mut file: std::fs::File,
    block: usize,
    tx: &SyncSender<Block>,
    free: &Receiver<Vec<u8>>,
) {
    let mut carry = Vec::new();
    loop {
        let mut buf = free.try_recv().unwrap_or_default();
        buf.clear();
        // Room for the whole block at once: a new buffer grown by `read_to_end` would be
        // copied a dozen times on its way to a block's size.
        buf.reserve(carry.len() + block + 4096);
        buf.append(&mut carry);
        let (mut end, mut error) = (false, None);
        loop {
            let want = block.saturating_sub(buf.len()).max(4096) as u64;
            match (&mut file).take(want).read_to_end(&mut buf) {
                Err(e) => {
                    error = Some(e);
                    break;
                }
                Ok(n) if (n as u64) < want => {
                    end = true;
                    break;
                }
                Ok(_) => {}
            }
            if buf.len() >= block {
                if let Some(p) = memchr::memrchr(b'\n', &buf) {
                    carry.extend_from_slice(&buf[p + 1..]);
                    buf.truncate(p + 1);
                    break;
                }
            }
        }
        let last = end || error.is_some();
        if (!buf.is_empty() || error.is_some()) && tx.send(Block { bytes: buf, error }).is_err() {
            return;
        }
        if last {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::stream;

    #[test]
    fn lines_split_as_split_inclusive_does() {
        for text in [&b""[..], b"\n", b"a", b"a\n", b"a\n\nbb", b"\n\na\r\nb\n"] {
            let want: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
            assert_eq!(lines(text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }

    #[test]
    fn pieces_are_whole_lines() {
        let text = b"a\nbb\n\nccc\nd";
        for n in 1..8 {
            let p = pieces(text, n);
            assert_eq!(p.concat(), text.to_vec());
            assert!(p[..p.len() - 1].iter().all(|x| x.ends_with(b"\n")), "{n}");
        }
    }

    /// Views (id, body, date), warnings and counts of one read.
    type Read = (Vec<(String, String, Option<i64>)>, Vec<String>, LoadStats);

    /// Reads the same file both ways.
    fn both(text: &str, block: usize) -> [Read; 2] {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("f.jsonl");
        std::fs::write(&path, text).expect("writable");
        let options = LoadOptions {
            batch_bytes: block,
            ..LoadOptions::default()
        };
        let inputs = [path];
        let (mut a, mut wa) = (Vec::new(), Vec::new());
        let sa = stream(
            &inputs,
            &options,
            |batch| {
                a.extend(batch.iter().map(|x| {
                    let v = ArticleView::of(x);
                    (v.id.to_owned(), v.body.to_owned(), v.published)
                }));
                Ok(())
            },
            |w| wa.push(w.to_string()),
        )
        .expect("readable");
        let (mut b, mut wb) = (Vec::new(), Vec::new());
        let sb = stream_mapped(
            &inputs,
            &options,
            || (),
            |_, v| (v.id.to_owned(), v.body.to_owned(), v.published),
            |batch| {
                b.extend(batch);
                Ok(())
            },
            |w| wb.push(w.to_string()),
        )
        .expect("readable");
        [(a, wa, sa), (b, wb, sb)]
    }

    #[test]
    fn same_articles_warnings_and_counts_as_stream() {
        let mut text = String::new();
        for i in 0..300 {
            match i % 23 {
                3 => text.push_str("{bad\n"),
                5 => text.push('\n'),
                7 => text.push_str("{\"id\":\"a1\",\"text\":\"duplicate id\"}\n"),
                9 => text.push_str("{\"id\":\"w\\u00e9\",\"text\":\"caf\\u00e9 \\\"quoted\\\"\",\"published\":\"soon\"}\n"),
                11 => text.push_str("{\"id\":12,\"title\":\"Numeric\",\"text\":\"id as a number\"}\n"),
                13 => text.push_str("{\"id\":\"bin\",\"text\":\"nul \u{0} byte\"}\n"),
                _ => text.push_str(&format!(
                    "{{\"id\":\"a{i}\",\"title\":\"T{i}\",\"published\":\"2017-05-29\",\"text\":\"Head\\nwords {} end\"}}\r\n",
                    "x ".repeat(i % 9)
                )),
            }
        }
        text.push_str("{\"id\":\"last\",\"text\":\"no final line break\"}");
        for block in [1000, 1 << 20] {
            let [a, b] = both(&text, block);
            assert_eq!(a, b);
            assert!(a.0.len() > 200);
            assert!(a.1.len() > 20);
        }
    }
}
