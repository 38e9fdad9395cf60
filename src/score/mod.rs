//! Reliability scoring: flags with evidence, and scores with intervals.
//!
//! Takes the corpus, its [`crate::text::Doc`]s and the [`crate::align::Link`]s and returns
//! [`Flag`]s for each article and a [`Reliability`] score for each article and outlet.
//! Detectors live in the submodules; this file holds the data reports consume.

pub mod aligned;
pub mod garble;
pub mod lexicon;
pub mod quote;
pub mod spin;
pub mod subst;
pub mod view;

use crate::text::Span;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a flag is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FlagKind {
    /// Synonym swaps made to disguise copying.
    Spin,
    /// Text corrupted into something that reads wrongly (near-miss words, non-words).
    Garble,
    /// A quote misattributed, altered, unattributed or with an unresolved speaker.
    Quote,
    /// A sentence off the article's story, lifted from elsewhere.
    Splice,
    /// Share buttons, link lists, photo credits and other page furniture.
    Boilerplate,
    /// A headline the body does not support.
    Headline,
}

/// How much a flag should worry an editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Likely a problem.
    Medium,
    /// Almost certainly a problem.
    High,
}

/// What backs a flag.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// The article the evidence comes from, when it is another article (its id).
    pub article: Option<String>,
    /// Bytes of the evidence in that article's text.
    pub span: Option<Span>,
    /// The evidence text: aligned source words, a lexicon entry, the other attribution.
    pub text: String,
    /// Where a lexicon entry comes from, when one was used.
    pub lexicon: Option<String>,
}

/// One flagged span of an article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flag {
    /// What the flag is about.
    pub kind: FlagKind,
    /// Byte offset of the flagged text in the article text (headline line included).
    pub start: usize,
    /// Byte offset one past the flagged text.
    pub end: usize,
    /// The flagged text.
    pub text: String,
    /// Why it was flagged, in one sentence.
    pub reason: String,
    /// What backs the flag.
    pub evidence: Evidence,
    /// How much it should worry an editor.
    pub severity: Severity,
}

/// A score from 0 to 100 with its 95% interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reliability {
    /// Point estimate, 0 (unreliable) to 100.
    pub score: f64,
    /// Lower end of the 95% interval.
    pub low: f64,
    /// Upper end of the 95% interval.
    pub high: f64,
    /// Points lost to each flag kind.
    pub breakdown: BTreeMap<FlagKind, f64>,
}
