//! Quotes: extraction with speakers, and quote flags.

use std::ops::Range;

/// Byte ranges of text inside quotation marks (curly pairs, straight pairs within a
/// paragraph), sorted.
pub fn quoted_regions(text: &str) -> Vec<Range<usize>> {
    Vec::new()
}
