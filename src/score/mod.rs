//! Reliability scoring: flags with evidence, and scores with intervals.
//!
//! Takes the corpus, its [`crate::text::Doc`]s and the [`crate::align::Link`]s and returns
//! [`Flag`]s for each article and a [`Reliability`] score for each article and outlet.
//! Detectors live in the submodules; this file holds the data reports consume.

pub mod aligned;
pub mod boilerplate;
pub mod garble;
pub mod headline;
pub mod lexicon;
pub mod quote;
pub mod quotes_across;
pub mod reliability;
pub mod spin;
pub mod splice;
pub mod subst;
pub mod view;
pub mod weights;

pub use reliability::{Originality, OutletScore};
pub use weights::Weights;

use crate::align::Link;
use crate::corpus::Article;
use crate::text::{Doc, Span};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use view::View;

/// Everything the scorer returns, indexed like the corpus.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    /// Flags of each article, in text order.
    pub flags: Vec<Vec<Flag>>,
    /// Reliability of each article.
    pub reliability: Vec<Reliability>,
    /// Originality of each article (from the links).
    pub originality: Vec<Originality>,
    /// Aggregates per outlet, when outlets are known.
    pub outlets: Vec<OutletScore>,
}

/// Scores every article: runs every detector, then the scores.
///
/// `links` may be empty: the alignment-based detectors and originality then have nothing to
/// work on and the source-free detectors still run.
pub fn score(articles: &[Article], docs: &[Doc], links: &[Link], w: &Weights) -> Scores {
    let lex = lexicon::lexicon();
    let views: Vec<View> = articles
        .par_iter()
        .zip(docs)
        .map(|(a, d)| View::new(a, d))
        .collect();
    let df = document_frequencies(docs);
    let stories = splice::Stories::build(lex, &views, links);
    let per: Vec<(Vec<Flag>, Vec<quote::Quote>)> = views
        .par_iter()
        .enumerate()
        .map(|(i, v)| {
            let quotes = quote::extract(lex, v);
            let mut f = spin::flags(lex, v);
            f.extend(garble::flags(lex, v, &df));
            f.extend(quote::flags(lex, v, &quotes));
            f.extend(splice::flags(lex, v, i, &stories, w));
            f.extend(headline::flags(lex, v, w));
            (f, quotes)
        })
        .collect();
    let (mut flags, quotes): (Vec<Vec<Flag>>, Vec<Vec<quote::Quote>>) = per.into_iter().unzip();
    for link in links {
        if link.source < views.len() && link.derived < views.len() && link.source != link.derived {
            let found = aligned::link_flags(lex, link, &views[link.source], &views[link.derived]);
            flags[link.derived].extend(found);
        }
    }
    for (f, across) in flags
        .iter_mut()
        .zip(quotes_across::flags(&views, &quotes, links, w))
    {
        f.extend(across);
    }
    for (f, bp) in flags.iter_mut().zip(boilerplate::flags(articles, &views)) {
        *f = merge(std::mem::take(f), bp);
    }
    let originality = reliability::originality(articles, links);
    let scores: Vec<Reliability> = flags
        .iter()
        .zip(&originality)
        .map(|(f, o)| reliability::article(f, o.copied, w))
        .collect();
    let outlets = reliability::outlets(articles, &scores);
    Scores {
        flags,
        reliability: scores,
        originality,
        outlets,
    }
}

/// Number of articles holding each token (by hash).
fn document_frequencies(docs: &[Doc]) -> ahash::AHashMap<u64, u32> {
    let mut df: ahash::AHashMap<u64, u32> = ahash::AHashMap::new();
    for d in docs {
        let mut seen: Vec<u64> = d.tokens.iter().map(|t| t.hash).collect();
        seen.sort_unstable();
        seen.dedup();
        for h in seen {
            *df.entry(h).or_default() += 1;
        }
    }
    df
}

/// Drops flags inside boilerplate and source-free flags that a sourced flag of the same kind
/// overlaps, then sorts.
fn merge(flags: Vec<Flag>, boilerplate: Vec<Flag>) -> Vec<Flag> {
    let overlaps = |a: &Flag, b: &Flag| a.start < b.end && b.start < a.end;
    let sourced: Vec<&Flag> = flags
        .iter()
        .filter(|f| f.evidence.article.is_some())
        .collect();
    let mut keep: Vec<Flag> = flags
        .iter()
        .filter(|f| !boilerplate.iter().any(|b| overlaps(f, b)))
        .filter(|f| {
            f.evidence.article.is_some()
                || !sourced.iter().any(|s| s.kind == f.kind && overlaps(s, f))
        })
        .cloned()
        .collect();
    keep.extend(boilerplate);
    keep.sort_by_key(|f| (f.start, f.end, f.kind));
    keep.dedup_by(|a, b| (a.start, a.end, a.kind) == (b.start, b.end, b.kind));
    keep
}

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
