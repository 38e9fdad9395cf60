//! Passages from chains: neighbouring pieces merged across small gaps, weak pieces dropped.
//!
//! One reused passage should be reported once (PAN granularity close to 1), so pieces that
//! follow each other on both sides with small gaps become one passage whose gap is aligned
//! word by word.

use super::dp::{align, count, extend_edits};
use super::{AlignConfig, Edit, EditOp, Passage};
use crate::text::{Doc, Span};

/// Merges edit scripts that follow each other on both sides within `cfg.merge_gap` tokens.
pub fn merge(
    mut pieces: Vec<Vec<Edit>>,
    a: &[u64],
    b: &[u64],
    cfg: &AlignConfig,
) -> Vec<Vec<Edit>> {
    pieces.retain(|p| !p.is_empty());
    pieces.sort_by_key(|p| (p[0].derived.start, p[0].source.start));
    let mut out: Vec<Vec<Edit>> = Vec::new();
    for piece in pieces {
        if let Some(prev) = out.last_mut() {
            let (pa, pb) = ends(prev);
            let (na, nb) = (piece[0].source.start, piece[0].derived.start);
            if na >= pa && nb >= pb && na - pa <= cfg.merge_gap && nb - pb <= cfg.merge_gap {
                let mut joined = prev.clone();
                extend_edits(&mut joined, align(&a[pa..na], &b[pb..nb], pa, pb));
                extend_edits(&mut joined, piece.clone());
                if equal_share(&joined) >= cfg.min_equal_share {
                    *prev = joined;
                    continue;
                }
            }
        }
        out.push(piece);
    }
    out
}

fn ends(edits: &[Edit]) -> (usize, usize) {
    edits
        .last()
        .map_or((0, 0), |e| (e.source.end, e.derived.end))
}

/// Share of the derived side's words that are equal to the source.
pub fn equal_share(edits: &[Edit]) -> f64 {
    let (_, eq) = count(edits, EditOp::Equal);
    let total: usize = edits.iter().map(|e| e.derived.len()).sum();
    if total == 0 {
        0.0
    } else {
        eq as f64 / total as f64
    }
}

/// A passage from an edit script, if it is long and close enough to count.
pub fn passage(edits: Vec<Edit>, a: &Doc, b: &Doc, cfg: &AlignConfig) -> Option<Passage> {
    let first = edits.first()?;
    let last = edits.last()?;
    let source_tokens = first.source.start..last.source.end;
    let derived_tokens = first.derived.start..last.derived.end;
    let words = derived_tokens.len();
    let (_, equal) = count(&edits, EditOp::Equal);
    if words < cfg.min_words || equal < cfg.min_equal || equal_share(&edits) < cfg.min_equal_share {
        return None;
    }
    Some(Passage {
        source_span: cover(a, &source_tokens)?,
        derived_span: cover(b, &derived_tokens)?,
        source_tokens,
        derived_tokens,
        words,
        edits,
    })
}

fn cover(doc: &Doc, range: &std::ops::Range<usize>) -> Option<Span> {
    let first = doc.tokens.get(range.start)?;
    let last = doc.tokens.get(range.end.checked_sub(1)?)?;
    Some(first.span.cover(last.span))
}
