//! Sentences and paragraphs.
//!
//! Paragraphs: every non-blank line is a paragraph, except that a line which does not end a
//! sentence and is followed by a line starting in lower case is taken as hard-wrapped and
//! joined to it. Sentences: a terminator (`.`, `!`, `?`, `…` and the CJK and Arabic ones),
//! with any closing quotes and brackets after it, ends a sentence when the next character
//! starts one (upper case, digit, opening quote or a letter of a script without case), unless
//! the word before a full stop is an abbreviation (`data/abbreviations.txt`) or an initial.
//! A paragraph end always ends a sentence, so a quote spanning sentences stays whole only
//! within its paragraph.

use super::span::Span;
use std::sync::OnceLock;

/// Abbreviations after which a full stop does not end a sentence.
fn abbreviations() -> &'static ahash::AHashSet<&'static str> {
    static SET: OnceLock<ahash::AHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../../data/abbreviations.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Paragraph spans of `text`, trimmed of surrounding white space.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut open: Option<Span> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let line_start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        if trimmed.is_empty() {
            out.extend(open.take());
            continue;
        }
        let span = Span::new(line_start, line_start + trimmed.len());
        open = Some(match open {
            Some(prev) if is_hard_wrapped(prev.slice(text), trimmed) => prev.cover(span),
            Some(prev) => {
                out.push(prev);
                span
            }
            None => span,
        });
    }
    out.extend(open);
    out
}

/// True when `next` continues the sentence that `prev` breaks off.
fn is_hard_wrapped(prev: &str, next: &str) -> bool {
    let ends_sentence = prev
        .chars()
        .next_back()
        .is_some_and(|c| is_terminator(c) || is_closer(c) || c == ':');
    !ends_sentence && next.chars().next().is_some_and(char::is_lowercase)
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '؟' | '۔')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '」' | '』')
}

/// True when `c` may begin a new sentence.
fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '[' | '「')
        || (c.is_alphabetic() && !c.is_lowercase())
}

/// Sentence spans of the paragraph at `para` in `text`.
pub fn sentences(text: &str, para: Span) -> Vec<Span> {
    let body = para.slice(text);
    let base = para.start as usize;
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_terminator(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if is_terminator(d) || is_closer(d) {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = &body[end..];
        let next = rest.trim_start().chars().next();
        let cjk = !c.is_ascii() && c != '…';
        let boundary = match next {
            None => true,
            Some(n) => (cjk || rest.starts_with(char::is_whitespace)) && starts_sentence(n),
        };
        if boundary && !(c == '.' && ends_with_abbreviation(&body[start..i])) {
            push_trimmed(&mut out, body, base, start, end);
            start = end;
        }
    }
    push_trimmed(&mut out, body, base, start, body.len());
    out
}

/// True when the text before a full stop ends with an abbreviation or a single initial.
fn ends_with_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\''))
        .next()
        .unwrap_or("");
    let mut letters = word.chars();
    let initial = matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase());
    initial || abbreviations().contains(word.to_lowercase().as_str())
}

fn push_trimmed(out: &mut Vec<Span>, body: &str, base: usize, start: usize, end: usize) {
    let piece = &body[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let s = base + start + lead;
        out.push(Span::new(s, s + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sents(text: &str) -> Vec<&str> {
        paragraphs(text)
            .into_iter()
            .flat_map(|p| sentences(text, p))
            .map(|s| s.slice(text))
            .collect()
    }

    #[test]
    fn keeps_abbreviations_and_initials_inside_sentences() {
        assert_eq!(
            sents("Mr. Putin met Dr. J. Smith in the U.S. on Monday. He left."),
            [
                "Mr. Putin met Dr. J. Smith in the U.S. on Monday.",
                "He left."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            sents("“We disagree,” he said. “But we talked.” Then he left!"),
            [
                "“We disagree,” he said.",
                "“But we talked.”",
                "Then he left!"
            ]
        );
    }

    #[test]
    fn numbers_and_lower_case_do_not_split() {
        assert_eq!(
            sents("It cost $1.5bn. it rose 2.5 per cent."),
            ["It cost $1.5bn. it rose 2.5 per cent."]
        );
    }

    #[test]
    fn cjk_sentences_split_without_spaces() {
        assert_eq!(
            sents("東京は晴れ。大阪は雨。"),
            ["東京は晴れ。", "大阪は雨。"]
        );
    }

    #[test]
    fn lines_are_paragraphs_unless_hard_wrapped() {
        let text = "Headline here\nFirst para ends.\n\nSecond para is\nwrapped here.\nThird.";
        let paras: Vec<&str> = paragraphs(text).iter().map(|p| p.slice(text)).collect();
        assert_eq!(
            paras,
            [
                "Headline here",
                "First para ends.",
                "Second para is\nwrapped here.",
                "Third."
            ]
        );
    }

    proptest! {
        #[test]
        fn sentence_spans_lie_inside_paragraphs_on_char_boundaries(s in "\\PC{0,60}(\n\\PC{0,40}){0,3}") {
            for p in paragraphs(&s) {
                for sent in sentences(&s, p) {
                    prop_assert!(s.is_char_boundary(sent.start as usize));
                    prop_assert!(s.is_char_boundary(sent.end as usize));
                    prop_assert!(sent.start >= p.start && sent.end <= p.end);
                    prop_assert!(!sent.slice(&s).trim().is_empty());
                }
            }
        }
    }
}
