//! One article as the detectors see it: text, tokens, normalised words, quote regions.

use super::{Evidence, Flag, FlagKind, Severity};
use crate::corpus::Article;
use crate::text::{normalize, Doc};
use std::ops::Range;

/// An article with the per-word data every detector needs, computed once.
#[derive(Debug)]
pub struct View<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its text model.
    pub doc: &'a Doc,
    /// Normalised (lower-cased, quote-folded) form of every token.
    pub words: Vec<String>,
    /// Reference (unigram) count of every token's normalised form, looked up once.
    pub counts: Vec<u64>,
    /// Byte ranges of the text inside quotation marks.
    pub quoted: Vec<Range<usize>>,
}

impl<'a> View<'a> {
    /// Builds the view.
    pub fn new(article: &'a Article, doc: &'a Doc) -> View<'a> {
        let words: Vec<String> = doc
            .tokens
            .iter()
            .map(|t| normal_word(t.span.slice(&article.text)))
            .collect();
        let lex = super::lexicon::lexicon();
        let counts = words.iter().map(|w| lex.unigram(w)).collect();
        View {
            article,
            doc,
            words,
            counts,
            quoted: super::quote::quoted_regions(&article.text),
        }
    }

    /// The original text of token `i`.
    pub fn raw(&self, i: usize) -> &str {
        self.doc.tokens[i].span.slice(&self.article.text)
    }

    /// Byte range covering tokens `range` (empty range at the next token's start).
    pub fn bytes(&self, range: Range<usize>) -> Range<usize> {
        let toks = &self.doc.tokens;
        match (
            toks.get(range.start),
            range.end.checked_sub(1).and_then(|e| toks.get(e)),
        ) {
            (Some(a), Some(b)) if range.start < range.end => {
                a.span.start as usize..b.span.end as usize
            }
            (Some(a), _) => a.span.start as usize..a.span.start as usize,
            _ => self.article.text.len()..self.article.text.len(),
        }
    }

    /// True when token `i` starts with an upper-case letter.
    pub fn capitalised(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// True when token `i` is the first of its sentence.
    pub fn sentence_initial(&self, i: usize) -> bool {
        self.doc
            .sentence_of(i)
            .map_or(true, |s| s.tokens.start == i)
    }

    /// True when only white space separates tokens `i` and `i + 1`.
    pub fn adjacent(&self, i: usize) -> bool {
        let (Some(a), Some(b)) = (self.doc.tokens.get(i), self.doc.tokens.get(i + 1)) else {
            return false;
        };
        self.article.text[a.span.end as usize..b.span.start as usize]
            .chars()
            .all(char::is_whitespace)
    }

    /// True when byte `offset` lies inside quotation marks.
    pub fn in_quote(&self, offset: usize) -> bool {
        let i = self.quoted.partition_point(|r| r.end <= offset);
        self.quoted.get(i).is_some_and(|r| r.contains(&offset))
    }

    /// True when token `i` is in the headline.
    pub fn in_headline(&self, i: usize) -> bool {
        self.doc.tokens[i].span.end <= self.article.headline.end
            && !self.article.headline.is_empty()
    }

    /// A flag over a byte range of this article.
    pub fn flag(
        &self,
        kind: FlagKind,
        bytes: Range<usize>,
        reason: String,
        evidence: Evidence,
        severity: Severity,
    ) -> Flag {
        Flag {
            kind,
            start: bytes.start,
            end: bytes.end,
            text: self.article.text[bytes].to_owned(),
            reason,
            evidence,
            severity,
        }
    }
}

/// The normalised form of one token: ASCII words only need lower-casing (what [`normalize`]
/// does to ASCII), anything else goes through the full normalisation.
fn normal_word(raw: &str) -> String {
    if raw.is_ascii() {
        raw.to_ascii_lowercase()
    } else {
        normalize(raw)
    }
}

/// True when the word is letters only (apostrophes allowed inside).
pub fn alphabetic(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphabetic() || c == '\'')
}
