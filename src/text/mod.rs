//! Text model: words, sentences and paragraphs with byte spans into the original text.
//!
//! Takes an article's text (`&str`) and returns a [`Doc`]. Every span points into the text as
//! loaded, so later stages can report where a passage or a flag is. Matching uses normalised
//! forms ([`normalize`]) and stable 64-bit token hashes ([`token_hash`]), never the spans'
//! raw bytes, so case, curly quotes and compatibility characters do not hide a copy.

mod hash;
mod normalize;
mod segment;
mod span;
mod tokenize;

pub use hash::{hash_bytes, token_hash};
pub use normalize::{normalize, normalize_with_map};
pub use segment::{paragraphs, sentences};
pub use span::Span;
pub use tokenize::{for_each_word, tokenize, Token};

use std::ops::Range;

/// A sentence or paragraph: its bytes and the range of word tokens inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Bytes of the segment in the article text.
    pub span: Span,
    /// Indices into [`Doc::tokens`] of the words in the segment.
    pub tokens: Range<usize>,
}

/// The analysed text of one article.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    /// Word tokens in text order.
    pub tokens: Vec<Token>,
    /// Sentences in text order; each lies inside one paragraph.
    pub sentences: Vec<Segment>,
    /// Paragraphs in text order.
    pub paragraphs: Vec<Segment>,
}

impl Doc {
    /// Tokenises and segments `text`.
    ///
    /// # Examples
    ///
    /// ```
    /// let doc = churn::text::Doc::new("Headline\nMr. Putin met Macron. They talked.");
    /// assert_eq!(doc.tokens.len(), 7);
    /// assert_eq!(doc.sentences.len(), 3);
    /// assert_eq!(doc.paragraphs.len(), 2);
    /// ```
    pub fn new(text: &str) -> Doc {
        let tokens = tokenize(text);
        let para_spans = paragraphs(text);
        let sentence_spans: Vec<Span> = para_spans
            .iter()
            .flat_map(|&p| sentences(text, p))
            .collect();
        Doc {
            sentences: segments(&tokens, &sentence_spans),
            paragraphs: segments(&tokens, &para_spans),
            tokens,
        }
    }

    /// Index of the first token starting at or after byte `offset`.
    pub fn token_at_or_after(&self, offset: usize) -> usize {
        self.tokens
            .partition_point(|t| (t.span.start as usize) < offset)
    }

    /// The bytes covered by a non-empty range of token indices, if the range is valid.
    pub fn token_span(&self, tokens: &Range<usize>) -> Option<Span> {
        let first = self.tokens.get(tokens.start)?;
        let last = self.tokens.get(tokens.end.checked_sub(1)?)?;
        (tokens.start < tokens.end).then(|| first.span.cover(last.span))
    }

    /// The sentence containing token `index`, if any.
    pub fn sentence_of(&self, index: usize) -> Option<&Segment> {
        let i = self.sentences.partition_point(|s| s.tokens.end <= index);
        self.sentences.get(i).filter(|s| s.tokens.contains(&index))
    }
}

/// Attaches token ranges to spans.
fn segments(tokens: &[Token], spans: &[Span]) -> Vec<Segment> {
    spans
        .iter()
        .map(|&span| {
            let first = tokens.partition_point(|t| t.span.start < span.start);
            let last = tokens.partition_point(|t| t.span.start < span.end);
            Segment {
                span,
                tokens: first..last,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_know_their_tokens() {
        let text = "Title line\n“Quote one. Quote two,” he said. Next one.";
        let doc = Doc::new(text);
        let words: Vec<usize> = doc.sentences.iter().map(|s| s.tokens.len()).collect();
        assert_eq!(words, [2, 2, 4, 2]);
        assert_eq!(doc.sentence_of(3).map(|s| s.tokens.clone()), Some(2..4));
        assert_eq!(doc.token_at_or_after(11), 2);
    }
}
