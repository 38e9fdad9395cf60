//! Which words of an article are inside double quotation marks.
//!
//! A passage that lies inside quotation marks on both sides may be an official statement that
//! several reporters quoted independently, so it is evidence of the same event, not of
//! copying. Quotes open and close on `"`, `“`, `”`, `«`, `»`, `„`; a paragraph break closes any
//! open quote (reporters open a quote again in each paragraph of a long statement).

use crate::text::Doc;

/// `true` for each token of `doc` that lies inside double quotation marks in `text`.
pub fn quoted(text: &str, doc: &Doc) -> Vec<bool> {
    let mut marks: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| matches!(c, '"' | '“' | '”' | '«' | '»' | '„'))
        .map(|(i, _)| i)
        .collect();
    marks.sort_unstable();
    let mut out = vec![false; doc.tokens.len()];
    for para in &doc.paragraphs {
        let (lo, hi) = (para.span.start as usize, para.span.end as usize);
        let start = marks.partition_point(|&m| m < lo);
        let end = marks.partition_point(|&m| m < hi);
        for pair in marks[start..end].chunks(2) {
            let open = pair[0];
            let close = pair.get(1).copied().unwrap_or(hi);
            let first = doc.token_at_or_after(open);
            let last = doc.token_at_or_after(close);
            for flag in out.iter_mut().take(last).skip(first) {
                *flag = true;
            }
        }
    }
    out
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
        let text = "Head\nHe said “we will win” and left. \"Again now\nnext para";
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
    }
}
