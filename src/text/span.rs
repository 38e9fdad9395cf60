//! Byte spans into an article's text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an article's text.
///
/// Spans always lie on `char` boundaries of the text they were made from, so
/// `&text[span.range()]` never panics on that text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

impl Span {
    /// Makes a span from byte offsets.
    ///
    /// # Panics
    ///
    /// Panics if `start > end` or either offset exceeds `u32::MAX` (the loader refuses
    /// articles that large).
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} after end {end}");
        let start = u32::try_from(start).expect("article text is smaller than 4 GiB");
        let end = u32::try_from(end).expect("article text is smaller than 4 GiB");
        Span { start, end }
    }

    /// The span as a `usize` range, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The text this span covers.
    ///
    /// # Panics
    ///
    /// Panics if the span was not made from `text`.
    pub fn slice(self, text: &str) -> &str {
        &text[self.range()]
    }
}
