//! One `.txt` or `.md` article, with optional front matter.

use super::article::{Article, Meta, Published};
use super::decode::{decode, latin1_message, Decoded};
use super::{display_path, Sink, MAX_ARTICLE_BYTES};
use crate::error::Result;
use std::path::Path;

/// Reads one article file. Problems become warnings; `None` means it was skipped.
pub(crate) fn read(path: &Path, root: &Path, sink: &mut Sink) -> Result<Option<Article>> {
    let location = display_path(path);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_ARTICLE_BYTES as u64 {
        let message = format!("{size} bytes is larger than the {MAX_ARTICLE_BYTES}-byte limit for one article; skipped");
        sink.skip(&location, message)?;
        return Ok(None);
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            sink.skip(&location, format!("cannot read ({e}); skipped"))?;
            return Ok(None);
        }
    };
    let text = match decode(&bytes) {
        Decoded::Utf8(text) => text.to_owned(),
        Decoded::Windows1252 { text, bad_at } => {
            sink.warn(&location, latin1_message(bad_at))?;
            text.into_owned()
        }
        Decoded::Binary => {
            sink.skip(
                &location,
                "holds NUL bytes, so it is binary, not text; skipped",
            )?;
            return Ok(None);
        }
    };
    if !has_words(&text) {
        sink.skip(&location, "empty or holds no words; skipped")?;
        return Ok(None);
    }
    let (fields, content) = split_front_matter(&text);
    let mut meta = Meta::default();
    let mut headline = None;
    for (key, value) in fields {
        match key {
            "outlet" => meta.outlet = Some(value.to_owned()),
            "url" => meta.url = Some(value.to_owned()),
            "author" => meta.author = Some(value.to_owned()),
            "headline" => headline = Some(value),
            "published" => match Published::parse(value) {
                Ok(p) => meta.published = Some(p),
                Err(message) => sink.warn(&location, format!("{message}; date left unknown"))?,
            },
            other => sink.warn(
                &location,
                format!("unknown front-matter field `{other}`; ignored"),
            )?,
        }
    }
    Ok(Some(Article::new(
        &id_for(path, root),
        &location,
        headline,
        content.to_owned(),
        meta,
    )))
}

/// True when the text holds at least one word.
pub(crate) fn has_words(text: &str) -> bool {
    // A word is a segment holding a letter or digit, and every letter or digit lies in some
    // segment, so this stops at the first one instead of tokenising the whole text.
    text.chars().any(char::is_alphanumeric)
}

/// The id of a file: its path relative to `root`, `/`-separated, without its extension.
fn id_for(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = display_path(&rel.with_extension(""));
    rel.trim_start_matches("./").to_owned()
}

/// Splits a leading `---` block of `key: value` lines from the content after it.
fn split_front_matter(text: &str) -> (Vec<(&str, &str)>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (Vec::new(), text);
    };
    let mut fields = Vec::new();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let line = line.trim();
        if line == "---" {
            return (fields, &rest[offset..]);
        }
        match line.split_once(':') {
            Some((k, v)) => fields.push((k.trim(), v.trim().trim_matches('"'))),
            None if line.is_empty() => {}
            None => return (Vec::new(), text),
        }
    }
    (Vec::new(), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_parsed_and_removed() {
        let (fields, content) =
            split_front_matter("---\noutlet: AFP\npublished: 2017-05-29\n---\nTitle\nBody");
        assert_eq!(fields, [("outlet", "AFP"), ("published", "2017-05-29")]);
        assert_eq!(content, "Title\nBody");
    }

    #[test]
    fn unterminated_front_matter_is_text() {
        let (fields, content) = split_front_matter("---\nnot a field\nBody");
        assert!(fields.is_empty());
        assert_eq!(content, "---\nnot a field\nBody");
    }

    #[test]
    fn ids_are_relative_paths_without_extension() {
        assert_eq!(
            id_for(Path::new("corpus/a/b.txt"), Path::new("corpus")),
            "a/b"
        );
        assert_eq!(id_for(Path::new("x.md"), Path::new("")), "x");
    }
}
