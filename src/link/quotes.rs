//! Which words of an article are inside double quotation marks.
//!
//! A passage that lies inside quotation marks on both sides may be an official statement that
//! several reporters quoted independently, so it is evidence of the same event, not of
//! copying. Quotes open and close on `"`, `“`, `”`, `«`, `»`, `„`; a paragraph break closes any
//! open quote (reporters open a quote again in each paragraph of a long statement).

use crate::text::Doc;

/// `true` for each token of `doc` that lies inside double quotation marks in `text`.
///
/// A straight `"` opens a quote when it follows white space (or starts the paragraph) and
/// closes one otherwise, so an unclosed quote (a statement running over several paragraphs
/// flattened into one) ends at the next opening mark instead of inverting the rest of the text.
pub fn quoted(text: &str, doc: &Doc) -> Vec<bool> {
    let mut out = vec![false; doc.tokens.len()];
    for para in &doc.paragraphs {
        let (lo, hi) = (para.span.start as usize, para.span.end as usize);
        let mut open: Option<usize> = None;
        let mut prev = ' ';
        for (i, c) in text[lo..hi].char_indices() {
            let at = lo + i;
            let opening = match c {
                '“' | '«' | '„' => Some(true),
                '”' | '»' => Some(false),
                '"' => Some(prev.is_whitespace() || matches!(prev, '(' | '[' | '—' | '–')),
                _ => None,
            };
            match (opening, open) {
                (Some(true), Some(start)) => {
                    mark(doc, &mut out, start, at);
                    open = Some(at);
                }
                (Some(true), None) => open = Some(at),
                (Some(false), Some(start)) => {
                    mark(doc, &mut out, start, at);
                    open = None;
                }
                _ => {}
            }
            prev = c;
        }
        if let Some(start) = open {
            mark(doc, &mut out, start, hi);
        }
    }
    out
}

fn mark(doc: &Doc, out: &mut [bool], from: usize, to: usize) {
    let (first, last) = (doc.token_at_or_after(from), doc.token_at_or_after(to));
    for flag in out.iter_mut().take(last).skip(first) {
        *flag = true;
    }
}

/// Runs of consecutive quoted tokens, as token index ranges.
pub fn quote_runs(flags: &[bool]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &q) in flags.iter().chain(std::iter::once(&false)).enumerate() {
        match (q, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_marked() {
        let text = "Head\nHe said “we will win” and left. \"Again now\n\nnext para";
        let doc = Doc::new(text);
        let q = quoted(text, &doc);
        let words: Vec<&str> = doc
            .tokens
            .iter()
            .zip(&q)
            .filter(|(_, &q)| q)
            .map(|(t, _)| t.span.slice(text))
            .collect();
        assert_eq!(words, ["we", "will", "win", "Again", "now"]);
        assert_eq!(quote_runs(&q).len(), 2);
        let text = "He said \"one two. \"Three four,\" she said.";
        let doc = Doc::new(text);
        let q = quoted(text, &doc);
        assert_eq!(q, [false, false, true, true, true, true, false, false]);
    }
}
