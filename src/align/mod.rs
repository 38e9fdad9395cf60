//! Copied passages: word alignments between two articles, and the links they make.
//!
//! Takes the [`crate::text::Doc`]s of a corpus and returns, for every pair that shares text,
//! [`Passage`]s (byte spans on both sides and a word-level edit script) grouped into a
//! [`Link`] with a kind and a direction. Algorithms live in the submodules; this file holds
//! the data the later stages (scoring, reports) consume.

use crate::text::Span;
use serde::Serialize;
use std::ops::Range;

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
    /// The evidence is too weak either way; `source` and `derived` are then in id order.
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
