//! `report.json` encoding: compact JSON with one line per top-level field and per element of
//! a top-level array (one line per article, link, story, …), so the file stays small, streams
//! to disk without an intermediate string, and still diffs and greps line by line.

use super::{LinkEntry, Report};
use crate::align::EditOp;
use crate::text::Span;
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Containers up to this depth (1 = the top-level object) put each entry on its own line.
const BREAK_DEPTH: usize = 2;

/// A serde_json formatter that breaks lines only in the outer [`BREAK_DEPTH`] levels.
#[derive(Default)]
struct Lines {
    /// For each open container: whether it has had an entry yet.
    open: Vec<bool>,
}

impl Lines {
    fn begin<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.open.push(false);
        w.write_all(bracket)
    }

    fn end<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        let depth = self.open.len();
        if self.open.pop() == Some(true) && depth <= BREAK_DEPTH {
            self.newline(w, depth - 1)?;
        }
        w.write_all(bracket)
    }

    fn entry<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        let depth = self.open.len();
        if let Some(seen) = self.open.last_mut() {
            *seen = true;
        }
        if depth <= BREAK_DEPTH {
            self.newline(w, depth)?;
        }
        Ok(())
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W, indent: usize) -> io::Result<()> {
        const SPACES: &[u8] = b"\n        ";
        w.write_all(&SPACES[..1 + (2 * indent).min(SPACES.len() - 1)])
    }
}

impl Formatter for Lines {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.entry(w, first)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.entry(w, first)
    }
}

/// Writes `value` as report JSON (see the module docs) with a final newline.
///
/// # Errors
///
/// Any error of the writer or of serialisation.
pub fn write<W: Write, T: Serialize + ?Sized>(writer: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(writer, Lines::default());
    value.serialize(&mut ser)?;
    ser.into_inner().write_all(b"\n")
}

/// Writes `report` exactly as [`write`] would (a test checks byte equality), with the links
/// (nearly all of a big report) encoded by hand, which is several times faster than serde.
///
/// # Errors
///
/// Any error of the writer or of serialisation.
pub fn write_report<W: Write>(mut w: W, r: &Report) -> io::Result<()> {
    w.write_all(b"{")?;
    field(&mut w, true, "schema", &r.schema)?;
    field(&mut w, false, "churn_version", &r.churn_version)?;
    field(&mut w, false, "parameters", &r.parameters)?;
    field(&mut w, false, "summary", &r.summary)?;
    field(&mut w, false, "articles", &r.articles)?;
    field(&mut w, false, "warnings", &r.warnings)?;
    w.write_all(b",\n  \"links\":[")?;
    let mut buf = Vec::with_capacity(1 << 12);
    for (k, l) in r.links.iter().enumerate() {
        buf.clear();
        buf.extend_from_slice(if k == 0 { b"\n    " } else { b",\n    " });
        link(&mut buf, l)?;
        w.write_all(&buf)?;
    }
    w.write_all(if r.links.is_empty() { b"]" } else { b"\n  ]" })?;
    field(&mut w, false, "stories", &r.stories)?;
    field(&mut w, false, "outlets", &r.outlets)?;
    field(&mut w, false, "near_duplicates", &r.near_duplicates)?;
    w.write_all(b"\n}\n")
}

/// One field of the top-level object, laid out as [`Lines`] lays it out.
fn field<W: Write, T: Serialize + ?Sized>(
    w: &mut W,
    first: bool,
    key: &str,
    value: &T,
) -> io::Result<()> {
    w.write_all(if first { b"\n  " } else { b",\n  " })?;
    serde_json::to_writer(&mut *w, key)?;
    w.write_all(b":")?;
    // Inside the top-level object, which has had an entry.
    let mut ser = serde_json::Serializer::with_formatter(w, Lines { open: vec![true] });
    Ok(value.serialize(&mut ser)?)
}

/// A link as compact JSON, field for field as its `Serialize` derive writes it.
fn link(out: &mut Vec<u8>, l: &LinkEntry) -> io::Result<()> {
    out.extend_from_slice(b"{\"source\":");
    serde_json::to_writer(&mut *out, &l.source)?;
    out.extend_from_slice(b",\"derived\":");
    serde_json::to_writer(&mut *out, &l.derived)?;
    out.extend_from_slice(b",\"kind\":");
    serde_json::to_writer(&mut *out, &l.kind)?;
    out.extend_from_slice(b",\"containment\":");
    serde_json::to_writer(&mut *out, &l.containment)?;
    out.extend_from_slice(b",\"confidence\":");
    serde_json::to_writer(&mut *out, &l.confidence)?;
    out.extend_from_slice(b",\"direction\":");
    serde_json::to_writer(&mut *out, &l.direction)?;
    out.extend_from_slice(b",\"copied_words\":");
    number(out, l.copied_words as u64);
    out.extend_from_slice(b",\"passages\":[");
    for (k, p) in l.passages.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"source_span\":");
        span(out, p.source_span);
        out.extend_from_slice(b",\"derived_span\":");
        span(out, p.derived_span);
        out.extend_from_slice(b",\"words\":");
        number(out, p.words as u64);
        out.extend_from_slice(b",\"edits\":[");
        for (j, e) in p.edits.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"op\":\"");
            out.extend_from_slice(match e.op {
                EditOp::Equal => b"equal",
                EditOp::Substitute => b"substitute",
                EditOp::Insert => b"insert",
                EditOp::Delete => b"delete",
            });
            out.extend_from_slice(b"\",\"source\":");
            span(out, e.source);
            out.extend_from_slice(b",\"derived\":");
            span(out, e.derived);
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

fn span(out: &mut Vec<u8>, s: Span) {
    out.extend_from_slice(b"{\"start\":");
    number(out, u64::from(s.start));
    out.extend_from_slice(b",\"end\":");
    number(out, u64::from(s.end));
    out.push(b'}');
}

/// Appends `n` in decimal.
fn number(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encode(v: &serde_json::Value) -> String {
        let mut out = Vec::new();
        write(&mut out, v).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn outer_levels_break_lines_inner_levels_stay_compact() {
        let v = json!({"a": 1, "list": [{"x": [1, 2], "y": {"z": "q"}}, 3], "empty": [], "o": {}});
        let s = encode(&v);
        assert_eq!(
            s,
            "{\n  \"a\":1,\n  \"empty\":[],\n  \"list\":[\n    {\"x\":[1,2],\"y\":{\"z\":\"q\"}},\n    \
             3\n  ],\n  \"o\":{}\n}\n"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    #[test]
    fn hand_written_links_encode_like_serde() {
        for n in [0, 1, 3, 40] {
            let (_, mut report) = crate::report::testdata::sample(n);
            if let Some(l) = report.links.first_mut() {
                l.source = "quote\" and <tag> \u{1} é".into();
                l.containment = 1.0 / 3.0;
            }
            if n == 3 {
                report.links.clear();
            }
            let mut fast = Vec::new();
            write_report(&mut fast, &report).unwrap();
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                report.to_json(),
                "{n} articles"
            );
        }
        let ops = [
            EditOp::Equal,
            EditOp::Substitute,
            EditOp::Insert,
            EditOp::Delete,
        ];
        let (_, mut report) = crate::report::testdata::sample(8);
        let mut k = 0;
        for l in &mut report.links {
            for e in l.passages.iter_mut().flat_map(|p| &mut p.edits) {
                e.op = ops[k % ops.len()];
                k += 1;
            }
        }
        assert!(k >= ops.len(), "the sample has edits to vary");
        let mut fast = Vec::new();
        write_report(&mut fast, &report).unwrap();
        assert_eq!(String::from_utf8(fast).unwrap(), report.to_json());
    }

    #[test]
    fn numbers_are_decimal() {
        for n in [0u64, 7, 10, 1234567890, u64::MAX] {
            let mut out = Vec::new();
            number(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    #[test]
    fn strings_with_newlines_stay_on_their_line() {
        let v = json!({"list": ["two\nlines", "\"quoted\""]});
        let s = encode(&v);
        assert_eq!(s.lines().count(), 6);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }
}
