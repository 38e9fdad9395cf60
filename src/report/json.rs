//! `report.json` encoding: compact JSON with one line per top-level field and per element of
//! a top-level array (one line per article, link, story, …), so the file stays small, streams
//! to disk without an intermediate string, and still diffs and greps line by line.

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
    fn strings_with_newlines_stay_on_their_line() {
        let v = json!({"list": ["two\nlines", "\"quoted\""]});
        let s = encode(&v);
        assert_eq!(s.lines().count(), 6);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }
}
