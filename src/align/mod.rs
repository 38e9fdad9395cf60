//! Copied passages: word alignments between two articles, and the links they make.
//!
//! Takes the [`crate::text::Doc`]s of a corpus and returns, for every pair that shares text,
//! [`Passage`]s (byte spans on both sides and a word-level edit script) grouped into a
//! [`Link`] with a kind and a direction. Algorithms live in the submodules; this file holds
//! the data the later stages (scoring, reports) consume.

pub mod dp;
pub mod extend;
pub mod fingerprint;
pub mod index;
pub mod lexicon;
pub mod merge;

use crate::text::{Doc, Span};
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;

/// Settings of candidate search and alignment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlignConfig {
    /// Words per fingerprinted n-gram.
    pub k: usize,
    /// Winnowing window, in n-grams: any shared run of `k + window - 1` words is seen.
    pub window: usize,
    /// Fingerprints held by more articles than this are ignored (common phrases, boilerplate).
    pub df_cap: usize,
    /// Shared fingerprints needed for a candidate pair.
    pub min_shared: usize,
    /// Largest gap, in words on either side, between chained anchors.
    pub max_gap: usize,
    /// X-drop of the ungapped extension at passage ends.
    pub xdrop: i64,
    /// Largest gap, in words on either side, across which neighbouring passages merge.
    pub merge_gap: usize,
    /// Fewest derived words in a passage.
    pub min_words: usize,
    /// Fewest equal words in a passage.
    pub min_equal: usize,
    /// Smallest share of a passage's derived words equal to the source.
    pub min_equal_share: f64,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            k: 3,
            window: 3,
            df_cap: 50,
            min_shared: 2,
            max_gap: 16,
            xdrop: 3,
            merge_gap: 24,
            min_words: 8,
            min_equal: 6,
            min_equal_share: 0.6,
        }
    }
}

/// Candidate pairs of a corpus from winnowed fingerprints (see [`index::candidates`]).
pub fn candidates(docs: &[Doc], cfg: &AlignConfig) -> Vec<index::Candidate> {
    let fps: Vec<Vec<u64>> = docs
        .par_iter()
        .map(|d| fingerprint::winnow(&d.tokens, cfg.k, cfg.window))
        .collect();
    index::candidates(&fps, cfg.df_cap, cfg.min_shared)
}

/// The passages `derived` shares with `source`, in derived-text order.
///
/// # Examples
///
/// ```
/// use churn::align::{align_pair, AlignConfig};
/// use churn::text::Doc;
/// let a = Doc::new("Fire crews battled a large blaze near the river town of Bega on Tuesday night.");
/// let b = Doc::new("Other news. Fire crews fought a large blaze near the river town of Bega on Tuesday.");
/// let p = align_pair(&a, &b, &AlignConfig::default());
/// assert_eq!(p.len(), 1);
/// assert_eq!(p[0].words, 14);
/// ```
pub fn align_pair(source: &Doc, derived: &Doc, cfg: &AlignConfig) -> Vec<Passage> {
    let a: Vec<u64> = source.tokens.iter().map(|t| t.hash).collect();
    let b: Vec<u64> = derived.tokens.iter().map(|t| t.hash).collect();
    let seeds = extend::seeds(&source.tokens, &derived.tokens);
    let pieces: Vec<Vec<Edit>> = extend::chain(&seeds, cfg.max_gap)
        .iter()
        .map(|c| extend::chain_edits(&a, &b, c, cfg))
        .collect();
    let mut pieces = merge::merge(pieces, &a, &b, cfg);
    drop_overlaps(&mut pieces);
    pieces
        .into_iter()
        .filter_map(|e| merge::passage(e, source, derived, cfg))
        .collect()
}

/// Removes pieces whose derived range overlaps a longer piece (a repeated phrase aligned twice).
fn drop_overlaps(pieces: &mut Vec<Vec<Edit>>) {
    let span = |p: &Vec<Edit>| {
        let (f, l) = (&p[0], &p[p.len() - 1]);
        (f.derived.start, l.derived.end)
    };
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&i| {
        let (s, e) = span(&pieces[i]);
        (std::cmp::Reverse(e - s), s)
    });
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut keep = vec![false; pieces.len()];
    for i in order {
        let (s, e) = span(&pieces[i]);
        if kept.iter().all(|&(ks, ke)| e <= ks || s >= ke) {
            kept.push((s, e));
            keep[i] = true;
        }
    }
    let mut k = keep.into_iter();
    pieces.retain(|_| k.next().unwrap_or(false));
}

impl Passage {
    /// The same passage seen from the other side (source and derived exchanged).
    pub fn swapped(&self) -> Passage {
        let edits = self
            .edits
            .iter()
            .map(|e| Edit {
                op: match e.op {
                    EditOp::Insert => EditOp::Delete,
                    EditOp::Delete => EditOp::Insert,
                    op => op,
                },
                source: e.derived.clone(),
                derived: e.source.clone(),
            })
            .collect();
        Passage {
            source_span: self.derived_span,
            derived_span: self.source_span,
            source_tokens: self.derived_tokens.clone(),
            derived_tokens: self.source_tokens.clone(),
            words: self.source_tokens.len(),
            edits,
        }
    }
}

/// What one run of an edit script does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EditOp {
    /// The words are the same (after normalisation) on both sides.
    Equal,
    /// Source words were replaced by different derived words.
    Substitute,
    /// Words present only in the derived article.
    Insert,
    /// Words present only in the source article.
    Delete,
}

/// One run of an edit script, as token index ranges into each side's [`crate::text::Doc`].
///
/// For `Insert` the source range is empty (its start is the position); for `Delete` the
/// derived range is empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// What the run does.
    pub op: EditOp,
    /// Token indices in the source article.
    pub source: Range<usize>,
    /// Token indices in the derived article.
    pub derived: Range<usize>,
}

/// One reused passage between a source and a derived article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Passage {
    /// Bytes of the passage in the source article's text.
    pub source_span: Span,
    /// Bytes of the passage in the derived article's text.
    pub derived_span: Span,
    /// Token indices of the passage in the source article.
    pub source_tokens: Range<usize>,
    /// Token indices of the passage in the derived article.
    pub derived_tokens: Range<usize>,
    /// Words of the derived side inside the passage.
    pub words: usize,
    /// The word-level edit script, covering both token ranges in order.
    pub edits: Vec<Edit>,
}

/// How a derived article reuses its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// Copied word for word.
    Verbatim,
    /// Copied with small edits.
    Edited,
    /// Copied with synonym swaps.
    Spun,
    /// Reworded throughout, keeping quotes and the order of facts.
    Paraphrase,
    /// Assembled from passages of several sources.
    Aggregate,
    /// Both share passages that each also shares with a third article.
    CommonSource,
}

/// Which way the copying went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DirectionBasis {
    /// Publication times are known and differ.
    Published,
    /// Inferred from evidence in the text (substitutions, aggregation, superset).
    Evidence,
    /// The evidence is too weak either way; `source` and `derived` are then in input order
    /// (the order the articles were loaded: file names sorted for a folder, line order for JSONL).
    Unknown,
}

/// Why a link points the way it does.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Direction {
    /// What decided the direction.
    pub basis: DirectionBasis,
    /// One sentence per piece of evidence, most decisive first.
    pub evidence: Vec<String>,
}

/// A source → derived relation between two articles of a corpus.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    /// Index of the source article in the corpus.
    pub source: usize,
    /// Index of the derived article in the corpus.
    pub derived: usize,
    /// How the text was reused.
    pub kind: LinkKind,
    /// Share of the derived article's body words that lie in passages from the source.
    pub containment: f64,
    /// The reused passages, in derived-text order.
    pub passages: Vec<Passage>,
    /// Which way the copying went, and why.
    pub direction: Direction,
    /// Confidence in the link, from 0 to 1.
    pub confidence: f64,
}

/// Articles about the same event, whether or not they copy each other.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Story {
    /// Story number, from 0, in order of first member.
    pub id: usize,
    /// Indices of the member articles, ascending.
    pub members: Vec<usize>,
    /// The terms that define the story (most distinctive first).
    pub terms: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(words: &[u8]) -> String {
        words
            .iter()
            .map(|w| format!("w{}", w % 40))
            .collect::<Vec<_>>()
            .join(" ")
    }

    proptest! {
        #[test]
        fn edit_scripts_tile_their_passages(
            a in proptest::collection::vec(any::<u8>(), 0..120),
            swaps in proptest::collection::vec((any::<u16>(), any::<u8>()), 0..20),
        ) {
            let mut b = a.clone();
            for (at, w) in swaps {
                if !b.is_empty() {
                    let k = at as usize % b.len();
                    b[k] = w;
                }
            }
            let (ta, tb) = (text(&a), text(&b));
            let (da, db) = (Doc::new(&ta), Doc::new(&tb));
            for p in align_pair(&da, &db, &AlignConfig::default()) {
                let (mut i, mut j) = (p.source_tokens.start, p.derived_tokens.start);
                for e in &p.edits {
                    prop_assert_eq!((e.source.start, e.derived.start), (i, j));
                    match e.op {
                        EditOp::Insert => prop_assert!(e.source.is_empty() && !e.derived.is_empty()),
                        EditOp::Delete => prop_assert!(e.derived.is_empty() && !e.source.is_empty()),
                        _ => prop_assert_eq!(e.source.len(), e.derived.len()),
                    }
                    i = e.source.end;
                    j = e.derived.end;
                }
                prop_assert_eq!((i, j), (p.source_tokens.end, p.derived_tokens.end));
                prop_assert!(p.words >= 8);
                prop_assert!(ta.get(p.source_span.range()).is_some());
                prop_assert!(tb.get(p.derived_span.range()).is_some());
            }
        }
    }

    #[test]
    fn identical_texts_align_as_one_equal_passage() {
        let t =
            "Storms cut power to thousands of homes across the region overnight, officials said.";
        let d = Doc::new(t);
        let p = align_pair(&d, &d, &AlignConfig::default());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].edits.len(), 1);
        assert_eq!(p[0].edits[0].op, EditOp::Equal);
        assert_eq!(p[0].words, d.tokens.len());
    }
}
