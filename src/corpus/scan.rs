//! A fast reader for the common JSONL line: one flat object whose fields churn reads are
//! strings.
//!
//! [`scan`] reads such a line without building a JSON value or an article: strings without
//! escapes are borrowed from the line, others are unescaped into reusable buffers. It accepts
//! a line only when serde_json would read it to the same fields and the loader would raise no
//! warning about it; for anything else (a nested or non-string value, a duplicate or escaped
//! key, a control byte, a bad escape, a missing or empty id, no words, a bad date, ...) it
//! returns `None` and the caller reads the line the ordinary way, warnings included. A
//! property test checks it against the ordinary reader.

use super::article::Published;
use super::file::has_words;

/// The fields of one line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Fields<'a> {
    /// `id`.
    pub(crate) id: &'a str,
    /// `text`.
    pub(crate) text: &'a str,
    /// `headline`, or else `title`.
    pub(crate) headline: Option<&'a str>,
    /// `published`, parsed, in seconds since the Unix epoch.
    pub(crate) published: Option<i64>,
}

/// Reusable buffers for unescaped strings, one per field kept.
#[derive(Debug, Default)]
pub(crate) struct ScanScratch {
    kept: [String; KEPT],
    junk: String,
}

/// Fields whose values are kept: `id`, `text`, `headline`, `title`, `published`.
const KEPT: usize = 5;
/// Every field of the line format (`Record` in `jsonl.rs`); the first [`KEPT`] are kept.
const NAMES: [&[u8]; 8] = [
    b"id",
    b"text",
    b"headline",
    b"title",
    b"published",
    b"outlet",
    b"url",
    b"author",
];

/// Where a string value is: a byte range of the line, or the field's buffer.
#[derive(Clone, Copy)]
enum At {
    Line(usize, usize),
    Buffer,
}

/// Reads a trimmed line; `None` when it must be read the ordinary way.
pub(crate) fn scan<'a>(line: &'a [u8], scratch: &'a mut ScanScratch) -> Option<Fields<'a>> {
    // Control bytes (NUL, raw tabs, ...): the ordinary reader decides. A fold, not `any`, so
    // that it compiles to vector code.
    if line.iter().fold(u8::MAX, |low, &b| low.min(b)) < 0x20 {
        return None;
    }
    let line = std::str::from_utf8(line).ok()?;
    let b = line.as_bytes();
    let mut at: [Option<At>; NAMES.len()] = [None; NAMES.len()];
    let mut i = ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = ws(b, i + 1);
    loop {
        // A key: a string without escapes.
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let end = i + 1 + memchr::memchr2(b'"', b'\\', &b[i + 1..])?;
        if b[end] != b'"' {
            return None;
        }
        let field = NAMES.iter().position(|n| *n == &b[i + 1..end]);
        i = ws(b, end + 1);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(b, i + 1);
        if b.get(i) != Some(&b'"') {
            return None; // null, a number, an object, ...: the ordinary reader decides
        }
        let buf = match field {
            Some(f) if at[f].is_some() => return None, // duplicate field: serde says so
            Some(f) if f < KEPT => &mut scratch.kept[f],
            _ => &mut scratch.junk,
        };
        let (value, next) = string(line, i + 1, buf)?;
        if let Some(f) = field {
            at[f] = Some(value);
        }
        i = ws(b, next);
        match b.get(i) {
            Some(b',') => i = ws(b, i + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    if ws(b, i + 1) != b.len() {
        return None;
    }
    let scratch: &'a ScanScratch = scratch;
    let kept = &scratch.kept;
    let get = |f: usize| {
        at[f].map(|a| match a {
            At::Line(s, e) => &line[s..e],
            At::Buffer => kept[f].as_str(),
        })
    };
    let id = get(0).filter(|id| !id.trim().is_empty())?;
    let text = get(1).filter(|t| has_words(t))?;
    let published = match get(4) {
        Some(p) => Some(Published::parse(p).ok()?.unix),
        None => None,
    };
    Some(Fields {
        id,
        text,
        headline: get(2).or(get(3)),
        published,
    })
}

/// The position of the first non-white-space byte (JSON white space) at or after `i`.
fn ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// Reads the string whose content starts at `i` (after the quote): where its value is, and
/// the position after the closing quote. An escaped string is unescaped into `buf`.
fn string(line: &str, mut i: usize, buf: &mut String) -> Option<(At, usize)> {
    let b = line.as_bytes();
    let start = i;
    let mut j = i + memchr::memchr2(b'"', b'\\', &b[i..])?;
    if b[j] == b'"' {
        return Some((At::Line(start, j), j + 1));
    }
    buf.clear();
    loop {
        buf.push_str(&line[i..j]);
        if b[j] == b'"' {
            return Some((At::Buffer, j + 1));
        }
        let c = match *b.get(j + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (c, next) = unicode(b, j + 2)?;
                buf.push(c);
                i = next;
                j = i + memchr::memchr2(b'"', b'\\', &b[i..])?;
                continue;
            }
            _ => return None,
        };
        buf.push(c);
        i = j + 2;
        j = i + memchr::memchr2(b'"', b'\\', &b[i..])?;
    }
}

/// Decodes the `XXXX` of a `\uXXXX` escape at `i`, with its low surrogate when it is a high
/// one; returns the character and the position after the escape(s).
fn unicode(b: &[u8], i: usize) -> Option<(char, usize)> {
    let hex = |i: usize| -> Option<u32> {
        let s = std::str::from_utf8(b.get(i..i + 4)?).ok()?;
        if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(s, 16).ok()
    };
    let first = hex(i)?;
    if (0xD800..0xDC00).contains(&first) {
        if b.get(i + 4..i + 6)? != b"\\u" {
            return None;
        }
        let second = hex(i + 6)?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        return Some((char::from_u32(c)?, i + 10));
    }
    Some((char::from_u32(first)?, i + 4))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::jsonl::{parse_line, Line};
    use proptest::prelude::*;

    type Seen = (String, String, usize, Option<i64>);

    /// What the ordinary reader makes of a line (id, body, text length, date) when it accepts
    /// it without a warning.
    fn ordinary(line: &str) -> Option<Seen> {
        match parse_line(line.as_bytes(), "f:1") {
            Line::Article { article, warnings } if warnings.is_empty() => Some((
                article.id.clone(),
                article.body_text().to_owned(),
                article.text.len(),
                article.meta.published.map(|p| p.unix),
            )),
            _ => None,
        }
    }

    fn fast(line: &str) -> Option<Seen> {
        let mut scratch = ScanScratch::default();
        let f = scan(line.trim_ascii().as_bytes(), &mut scratch)?;
        let (body, len) = super::super::article::body_of(f.headline, f.text);
        Some((f.id.into(), body.into(), len, f.published))
    }

    #[test]
    fn reads_common_lines_and_declines_the_rest() {
        let ok = [
            r#"{"id": "a0", "outlet": "o", "title": "T \"q\"", "text": "Body \u00e9 \ud83d\ude00 words.\nMore"}"#,
            r#"{"id":"x","text":"one line","published":"2017-05-29","extra":"y"}"#,
            r#" { "text" : "Title\n\nBody" , "id" : "z" } "#,
        ];
        for line in ok {
            assert!(fast(line).is_some(), "{line}");
            assert_eq!(fast(line), ordinary(line), "{line}");
        }
        for line in [
            r#"{"id":7,"text":"numeric id"}"#,
            r#"{"id":"a","text":"x","text":"dup"}"#,
            r#"{"id":"a","text":"bad \x escape"}"#,
            r#"{"id":"a","text":"lone \ud800 surrogate"}"#,
            r#"{"id":"a","text":"words","published":"yesterday"}"#,
            r#"{"id":" ","text":"words"}"#,
            r#"{"id":"a","text":" -- "}"#,
            r#"{"id":"a","text":"w"} trailing"#,
            r#"{"id":"a","text":"w",}"#,
            r#"{"id":"a","text":"w","n":null}"#,
            "{\"id\":\"a\",\"text\":\"raw\ttab\"}",
            r#"{"i\u0064":"a","text":"w"}"#,
        ] {
            assert_eq!(fast(line), None, "{line}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_ordinary_reader(
            id in r#"[a \\"]{0,3}"#,
            text in r#"[ab \n\\"/éu0-9]{0,12}"#,
            title in proptest::option::of(r#"[ a\\"]{0,3}"#),
            published in proptest::option::of("2017-05-2[0-9]|x"),
            raw in proptest::bool::ANY,
        ) {
            let field = |k: &str, v: &str| if raw { format!("\"{k}\":\"{v}\"") } else {
                format!("\"{k}\":{}", serde_json::to_string(v).expect("a string"))
            };
            let mut parts = vec![field("id", &id), field("text", &text)];
            if let Some(t) = &title { parts.push(field("title", t)); }
            if let Some(p) = &published { parts.push(field("published", p)); }
            let line = format!("{{{}}}", parts.join(","));
            if let Some(got) = fast(&line) {
                prop_assert_eq!(Some(got), ordinary(&line), "{}", line);
            }
        }
    }
}
