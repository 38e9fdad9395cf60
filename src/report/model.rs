//! The report's sections for links, stories, outlets and near-duplicates.
//!
//! Everything here serialises article ids (strings), never corpus indices, and byte spans into
//! each article's `text`. The conversions from the stages' index-based data live here too.

use crate::align::{Direction, EditOp, Link, LinkKind, Passage, Story};
use crate::corpus::Corpus;
use crate::score::Reliability;
use crate::text::{Doc, Span};
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;

/// One run of a passage's edit script, as byte spans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EditEntry {
    /// What the run does.
    pub op: EditOp,
    /// Bytes in the source article's text (empty for an insertion: its position).
    pub source: Span,
    /// Bytes in the derived article's text (empty for a deletion: its position).
    pub derived: Span,
}

/// One reused passage of a link.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PassageEntry {
    /// Bytes of the passage in the source article's text.
    pub source_span: Span,
    /// Bytes of the passage in the derived article's text.
    pub derived_span: Span,
    /// Words of the derived side inside the passage.
    pub words: usize,
    /// The word-level edit script as byte spans, in order.
    pub edits: Vec<EditEntry>,
}

/// A source → derived link between two articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkEntry {
    /// Id of the source article.
    pub source: String,
    /// Id of the derived article.
    pub derived: String,
    /// How the text was reused.
    pub kind: LinkKind,
    /// Share of the derived article's body words that lie in passages from the source.
    pub containment: f64,
    /// Confidence in the link, from 0 to 1.
    pub confidence: f64,
    /// Which way the copying went, and why.
    pub direction: Direction,
    /// Words of the derived article copied from the source (sum over passages).
    pub copied_words: usize,
    /// The reused passages, in derived-text order.
    pub passages: Vec<PassageEntry>,
    /// Corpus indices of (source, derived) as the stage gave them; not serialised. Use
    /// [`super::Report::ends`], which checks them against the ids.
    #[serde(skip)]
    pub(crate) ends: (usize, usize),
}

/// Articles about the same event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryEntry {
    /// Story number, from 0.
    pub id: usize,
    /// Ids of the member articles, in corpus order.
    pub members: Vec<String>,
    /// The terms that define the story.
    pub terms: Vec<String>,
}

/// One outlet's score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletEntry {
    /// The outlet's name.
    pub outlet: String,
    /// Articles of the corpus from this outlet.
    pub articles: usize,
    /// Its reliability.
    pub reliability: Reliability,
}

/// A near-duplicate pair as the dedup stage finds it (corpus indices). Input to the report.
#[derive(Clone, Debug, PartialEq)]
pub struct NearDuplicatePair {
    /// Index of the first article.
    pub a: usize,
    /// Index of the second article.
    pub b: usize,
    /// Exact Jaccard similarity of the two shingle sets.
    pub jaccard: f64,
    /// Share of `a`'s shingles found in `b`.
    pub a_in_b: f64,
    /// Share of `b`'s shingles found in `a`.
    pub b_in_a: f64,
    /// MinHash estimate of the Jaccard similarity.
    pub estimate: f64,
    /// Lower end of the estimate's 95% interval.
    pub ci_low: f64,
    /// Upper end of the estimate's 95% interval.
    pub ci_high: f64,
}

/// A near-duplicate cluster (corpus indices). Input to the report.
#[derive(Clone, Debug, PartialEq)]
pub struct NearDuplicateCluster {
    /// Index of the representative article.
    pub representative: usize,
    /// Members other than the representative, with their Jaccard similarity to it.
    pub members: Vec<(usize, f64)>,
}

/// What the near-duplicate stage found, with the LSH settings. Input to the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NearDuplicates {
    /// Candidate pairs above the threshold.
    pub pairs: Vec<NearDuplicatePair>,
    /// Clusters of near-duplicates.
    pub clusters: Vec<NearDuplicateCluster>,
    /// LSH bands.
    pub bands: usize,
    /// LSH rows per band.
    pub rows: usize,
    /// Jaccard threshold for a pair to count.
    pub threshold: f64,
}

impl NearDuplicates {
    /// The near-duplicate engine's result, with ids turned back into corpus indices.
    pub fn from_engine(corpus: &Corpus, found: &crate::dedup::NearDuplicates) -> NearDuplicates {
        let index: ahash::AHashMap<&str, usize> = corpus
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let at = |id: &str| index.get(id).copied();
        let pairs = found
            .pairs
            .iter()
            .filter_map(|p| {
                Some(NearDuplicatePair {
                    a: at(&p.a)?,
                    b: at(&p.b)?,
                    jaccard: p.similarity.jaccard,
                    a_in_b: p.similarity.containment_a_in_b,
                    b_in_a: p.similarity.containment_b_in_a,
                    estimate: p.estimate,
                    ci_low: p.ci_low,
                    ci_high: p.ci_high,
                })
            })
            .collect();
        let clusters = found
            .clusters
            .iter()
            .filter_map(|c| {
                let members = c.members.iter().filter(|m| m.id != c.representative);
                Some(NearDuplicateCluster {
                    representative: at(&c.representative)?,
                    members: members
                        .filter_map(|m| Some((at(&m.id)?, m.jaccard)))
                        .collect(),
                })
            })
            .collect();
        NearDuplicates {
            pairs,
            clusters,
            bands: found.lsh.bands,
            rows: found.lsh.rows,
            threshold: found.config.threshold,
        }
    }
}

/// A reliability as report tables show it: the score and its 95% interval, e.g. "92 (55–100)".
pub(crate) fn score_with_interval(r: &Reliability) -> String {
    format!("{:.0} ({:.0}–{:.0})", r.score, r.low, r.high)
}

/// An outlet's score as the report's (outlet, reliability) pair; outlets carry no breakdown.
pub(crate) fn outlet_reliability(o: &crate::score::OutletScore) -> (String, Reliability) {
    let reliability = Reliability {
        score: o.score,
        low: o.low,
        high: o.high,
        breakdown: Default::default(),
    };
    (o.outlet.clone(), reliability)
}

/// A near-duplicate pair in the report (ids).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairEntry {
    /// Id of the first article.
    pub a: String,
    /// Id of the second article.
    pub b: String,
    /// Exact Jaccard similarity.
    pub jaccard: f64,
    /// Share of `a`'s shingles found in `b`.
    pub a_in_b: f64,
    /// Share of `b`'s shingles found in `a`.
    pub b_in_a: f64,
    /// MinHash estimate.
    pub estimate: f64,
    /// Lower end of the estimate's 95% interval.
    pub ci_low: f64,
    /// Upper end of the estimate's 95% interval.
    pub ci_high: f64,
}

/// A cluster member in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemberEntry {
    /// Article id.
    pub id: String,
    /// Jaccard similarity to the representative.
    pub jaccard: f64,
}

/// A near-duplicate cluster in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterEntry {
    /// Id of the representative article.
    pub representative: String,
    /// The other members.
    pub members: Vec<MemberEntry>,
}

/// The near-duplicate section of the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NearDuplicateSection {
    /// LSH bands.
    pub bands: usize,
    /// LSH rows per band.
    pub rows: usize,
    /// Jaccard threshold.
    pub threshold: f64,
    /// Pairs, most similar first.
    pub pairs: Vec<PairEntry>,
    /// Clusters, largest first.
    pub clusters: Vec<ClusterEntry>,
}

/// The id of article `i`, or a placeholder naming the bad index (never panics).
pub(crate) fn id_of(corpus: &Corpus, i: usize) -> String {
    corpus
        .articles
        .get(i)
        .map_or_else(|| format!("#{i}"), |a| a.id.clone())
}

/// Byte span covered by a token range of `doc`; an empty range gives the empty span at its
/// position. Out-of-range indices fall back to `fallback`.
fn token_span(doc: Option<&Doc>, range: &Range<usize>, fallback: Span) -> Span {
    let Some(doc) = doc else { return fallback };
    let toks = &doc.tokens;
    if range.start >= range.end {
        let pos = match toks.get(range.start) {
            Some(t) => t.span.start,
            None => toks.last().map_or(fallback.end, |t| t.span.end),
        };
        return Span {
            start: pos,
            end: pos,
        };
    }
    match (toks.get(range.start), toks.get(range.end - 1)) {
        (Some(a), Some(b)) if a.span.start <= b.span.end => Span {
            start: a.span.start,
            end: b.span.end,
        },
        _ => fallback,
    }
}

fn passage_entry(p: &Passage, src: Option<&Doc>, der: Option<&Doc>) -> PassageEntry {
    let edits = p
        .edits
        .iter()
        .map(|e| EditEntry {
            op: e.op,
            source: token_span(src, &e.source, p.source_span),
            derived: token_span(der, &e.derived, p.derived_span),
        })
        .collect();
    PassageEntry {
        source_span: p.source_span,
        derived_span: p.derived_span,
        words: p.words,
        edits,
    }
}

/// Converts the align stage's links to report entries, sorted by (source, derived) index.
pub fn link_entries(corpus: &Corpus, docs: &[Doc], links: &[Link]) -> Vec<LinkEntry> {
    let mut sorted: Vec<&Link> = links.iter().collect();
    sorted.sort_by_key(|l| (l.source, l.derived));
    sorted
        .into_par_iter()
        .map(|l| {
            let passages: Vec<PassageEntry> = l
                .passages
                .iter()
                .map(|p| passage_entry(p, docs.get(l.source), docs.get(l.derived)))
                .collect();
            LinkEntry {
                source: id_of(corpus, l.source),
                derived: id_of(corpus, l.derived),
                kind: l.kind,
                containment: l.containment,
                confidence: l.confidence,
                direction: l.direction.clone(),
                copied_words: passages.iter().map(|p| p.words).sum(),
                passages,
                ends: (l.source, l.derived),
            }
        })
        .collect()
}

/// Converts stories to report entries.
pub(crate) fn story_entries(corpus: &Corpus, stories: &[Story]) -> Vec<StoryEntry> {
    stories
        .iter()
        .map(|s| StoryEntry {
            id: s.id,
            members: s.members.iter().map(|&i| id_of(corpus, i)).collect(),
            terms: s.terms.clone(),
        })
        .collect()
}

/// Converts the dedup stage's output to the report section.
pub(crate) fn near_duplicate_section(corpus: &Corpus, nd: &NearDuplicates) -> NearDuplicateSection {
    let mut pairs: Vec<PairEntry> = nd
        .pairs
        .iter()
        .map(|p| PairEntry {
            a: id_of(corpus, p.a),
            b: id_of(corpus, p.b),
            jaccard: p.jaccard,
            a_in_b: p.a_in_b,
            b_in_a: p.b_in_a,
            estimate: p.estimate,
            ci_low: p.ci_low,
            ci_high: p.ci_high,
        })
        .collect();
    pairs.sort_by(|x, y| {
        y.jaccard
            .total_cmp(&x.jaccard)
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    let mut clusters: Vec<ClusterEntry> = nd
        .clusters
        .iter()
        .map(|c| ClusterEntry {
            representative: id_of(corpus, c.representative),
            members: c
                .members
                .iter()
                .map(|&(i, jaccard)| MemberEntry {
                    id: id_of(corpus, i),
                    jaccard,
                })
                .collect(),
        })
        .collect();
    clusters.sort_by(|x, y| {
        y.members
            .len()
            .cmp(&x.members.len())
            .then_with(|| x.representative.cmp(&y.representative))
    });
    NearDuplicateSection {
        bands: nd.bands,
        rows: nd.rows,
        threshold: nd.threshold,
        pairs,
        clusters,
    }
}
