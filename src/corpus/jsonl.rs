//! JSON Lines input, plain or gzip-compressed, read in bounded parallel batches.

use super::article::{Article, Meta, Published};
use super::decode::{decode, latin1_message, Decoded};
use super::file::has_words;
use super::{display_path, Sink, MAX_ARTICLE_BYTES};
use crate::error::{Error, Result};
use rayon::prelude::*;
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// One JSONL record as written by users.
#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    text: Option<String>,
    headline: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    url: Option<String>,
    author: Option<String>,
}

/// What became of one line.
pub(crate) enum Line {
    Blank,
    Article {
        article: Article,
        warnings: Vec<String>,
    },
    Skipped(String),
}

/// Reads a JSONL file (or the lines starting in a byte range of it) batch by batch into the
/// sink. `source` is the file's position in the reading order, for order keys.
pub(crate) fn read(
    path: &Path,
    source: usize,
    range: Option<(u64, u64)>,
    batch_bytes: usize,
    sink: &mut Sink,
) -> Result<()> {
    let name = display_path(path);
    let (mut reader, mut offset, mut first_line) = open(path, range)?;
    let end = range.map_or(u64::MAX, |r| r.1);
    loop {
        let mut chunk = Vec::with_capacity(batch_bytes.min(64 << 20) + 4096);
        let mut lines = 0usize;
        let mut failed = None;
        while chunk.len() < batch_bytes && offset + (chunk.len() as u64) < end {
            match reader.read_until(b'\n', &mut chunk) {
                Ok(0) => break,
                Ok(_) => lines += 1,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let full = chunk.len() >= batch_bytes;
        if lines > 0 {
            parse_chunk(&chunk, &name, (source, offset), first_line, sink)?;
        }
        first_line += lines;
        offset += chunk.len() as u64;
        if let Some(e) = failed {
            let message = format!(
                "read failed after line {} ({e}); rest of file skipped",
                first_line - 1
            );
            return sink.skip(&name, message);
        }
        if !full {
            return sink.flush();
        }
    }
}

/// Opens a JSONL file at the first line starting in `range`; returns the reader, that line's
/// byte offset and its number.
fn open(path: &Path, range: Option<(u64, u64)>) -> Result<(Box<dyn BufRead>, u64, usize)> {
    let io = |e| Error::io(path, e);
    let file = std::fs::File::open(path).map_err(io)?;
    if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        let gz = flate2::read::MultiGzDecoder::new(file);
        return Ok((Box::new(BufReader::with_capacity(1 << 20, gz)), 0, 1));
    }
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let start = range.map_or(0, |r| r.0);
    if start == 0 {
        return Ok((Box::new(reader), 0, 1));
    }
    // Count the lines before `start - 1`, then skip the rest of the line holding that byte:
    // a line belongs to the range holding its first byte.
    let mut newlines = 0usize;
    let mut offset = 0u64;
    let mut skip = Vec::new();
    while offset < start - 1 {
        let buf = reader.fill_buf().map_err(io)?;
        if buf.is_empty() {
            break;
        }
        let take = buf.len().min((start - 1 - offset) as usize);
        newlines += memchr::memchr_iter(b'\n', &buf[..take]).count();
        reader.consume(take);
        offset += take as u64;
    }
    let skipped = reader.read_until(b'\n', &mut skip).map_err(io)?;
    if skip.last() == Some(&b'\n') {
        newlines += 1;
    }
    Ok((Box::new(reader), offset + skipped as u64, newlines + 1))
}

/// Parses the lines of one chunk in parallel and hands the results to the sink in order.
/// `at` is the chunk's source index and byte offset.
fn parse_chunk(
    chunk: &[u8],
    name: &str,
    at: (usize, u64),
    first_line: usize,
    sink: &mut Sink,
) -> Result<()> {
    let lines: Vec<&[u8]> = chunk.split_inclusive(|&b| b == b'\n').collect();
    let parsed: Vec<Line> = lines
        .par_iter()
        .enumerate()
        .map(|(i, line)| parse_line(line, &format!("{name}:{}", first_line + i)))
        .collect();
    let mut offset = at.1;
    for ((i, line), raw) in parsed.into_iter().enumerate().zip(&lines) {
        let location = format!("{name}:{}", first_line + i);
        sink.set_order(super::order_key(at.0, offset));
        offset += raw.len() as u64;
        match line {
            Line::Blank => {}
            Line::Skipped(message) => sink.skip(location, message)?,
            Line::Article { article, warnings } => {
                for message in warnings {
                    sink.warn(&location, message)?;
                }
                sink.article(article)?;
            }
        }
    }
    sink.flush()
}

/// Parses one line.
pub(crate) fn parse_line(raw: &[u8], location: &str) -> Line {
    let trimmed = raw.trim_ascii();
    if trimmed.is_empty() {
        return Line::Blank;
    }
    if trimmed.len() > MAX_ARTICLE_BYTES {
        return Line::Skipped(format!(
            "line is larger than the {MAX_ARTICLE_BYTES}-byte limit for one article; skipped"
        ));
    }
    let mut warnings = Vec::new();
    let record: std::result::Result<Record, _> = match decode(trimmed) {
        Decoded::Utf8(text) => serde_json::from_str(text),
        Decoded::Windows1252 { text, bad_at } => {
            warnings.push(latin1_message(bad_at));
            serde_json::from_str(&text)
        }
        Decoded::Binary => return Line::Skipped("holds NUL bytes, not JSON text; skipped".into()),
    };
    let record = match record {
        Ok(r) => r,
        Err(e) => return Line::Skipped(format!("malformed JSON ({e}); line skipped")),
    };
    let id = match record.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => {
            return Line::Skipped(
                "missing `id` (a non-empty string or number); line skipped".into(),
            )
        }
    };
    let Some(text) = record.text else {
        return Line::Skipped(format!("article {id:?} has no `text` field; line skipped"));
    };
    if !has_words(&text) {
        return Line::Skipped(format!(
            "article {id:?} has no words in `text`; line skipped"
        ));
    }
    let published = record.published.and_then(|p| match Published::parse(&p) {
        Ok(p) => Some(p),
        Err(message) => {
            warnings.push(format!("{message}; date left unknown"));
            None
        }
    });
    let meta = Meta {
        outlet: record.outlet,
        published,
        url: record.url,
        author: record.author,
    };
    let headline = record.headline.or(record.title);
    let article = Article::new(&id, location, headline.as_deref(), text, meta);
    Line::Article { article, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skipped(line: &str) -> String {
        match parse_line(line.as_bytes(), "f:1") {
            Line::Skipped(m) => m,
            _ => panic!("line was not skipped: {line}"),
        }
    }

    #[test]
    fn bad_lines_say_why() {
        assert!(skipped("{not json").contains("malformed JSON"));
        assert!(skipped(r#"{"text":"a b"}"#).contains("missing `id`"));
        assert!(skipped(r#"{"id":"x"}"#).contains("no `text`"));
        assert!(skipped(r#"{"id":"x","text":" -- "}"#).contains("no words"));
        assert!(skipped("[1,2]").contains("malformed JSON"));
    }

    #[test]
    fn title_is_an_alias_of_headline() {
        match parse_line(
            br#"{"id":7,"title":"T","text":"Body words.","outlet":"O"}"#,
            "f:1",
        ) {
            Line::Article { article, warnings } => {
                assert_eq!(article.id, "7");
                assert_eq!(article.headline_text(), "T");
                assert_eq!(article.meta.outlet.as_deref(), Some("O"));
                assert!(warnings.is_empty());
            }
            _ => panic!("expected an article"),
        }
    }
}

#[cfg(test)]
mod stream_tests {
    use crate::corpus::{stream, LoadOptions};

    #[test]
    fn streams_in_bounded_ordered_batches_with_true_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let mut text = String::new();
        for i in 0..2_000 {
            if i == 1_234 {
                text.push_str("{broken\n");
            } else {
                text.push_str(&format!(
                    "{{\"id\":\"a{i}\",\"text\":\"words of article {i}\"}}\n"
                ));
            }
        }
        std::fs::write(&path, text).unwrap();
        let options = LoadOptions {
            batch_bytes: 4_096,
            ..LoadOptions::default()
        };
        let (mut batches, mut ids, mut warnings) = (0, Vec::new(), Vec::new());
        let stats = stream(
            &[path],
            &options,
            |batch| {
                batches += 1;
                ids.extend(batch.into_iter().map(|a| a.id));
                Ok(())
            },
            |w| warnings.push(w.location.clone()),
        )
        .unwrap();
        assert!(batches > 10, "only {batches} batches");
        assert_eq!(stats.articles, 1_999);
        let expected: Vec<String> = (0..2_000)
            .filter(|&i| i != 1_234)
            .map(|i| format!("a{i}"))
            .collect();
        assert_eq!(ids, expected);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].ends_with("big.jsonl:1235"), "{:?}", warnings);
    }
}
