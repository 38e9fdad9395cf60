//! PAN measures (Potthast et al. 2010): character-level precision and recall over passage
//! cases, granularity and plagdet; plus link precision, recall and false links.

use super::passages::{CaseKind, Cases, KINDS};
use crate::align::{DirectionBasis, Link, LinkKind};
use crate::text::Span;
use ahash::AHashSet;
use serde::Serialize;

/// Evaluation results.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Metrics {
    /// Cases generated.
    pub cases: usize,
    /// Articles in the evaluated corpora.
    pub articles: usize,
    /// PAN character-level passage precision.
    pub precision: f64,
    /// PAN character-level passage recall.
    pub recall: f64,
    /// PAN granularity (1 is best).
    pub granularity: f64,
    /// PAN plagdet: F1 / log2(1 + granularity).
    pub plagdet: f64,
    /// Share of found links that are true.
    pub link_precision: f64,
    /// Share of positive cases linked.
    pub link_recall: f64,
    /// Link recall per case kind: `(kind, found, cases)`.
    pub recall_by_kind: Vec<(CaseKind, usize, usize)>,
    /// Links between articles with no true relation.
    pub false_links: usize,
    /// Share of negative articles (same-event and unrelated) in some false link.
    pub false_link_rate: f64,
    /// Found true links directed: `(correct, unknown, wrong)`.
    pub direction: (usize, usize, usize),
    /// Paraphrase cases whose link has kind `paraphrase` (the rest are found as copies).
    pub paraphrase_kind: usize,
}

/// Raw counts collected over one or more corpora.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    cases: usize,
    articles: usize,
    rec: Vec<f64>,
    prec: Vec<f64>,
    gran: Vec<usize>,
    found_links: usize,
    true_links: usize,
    by_kind: Vec<(CaseKind, bool)>,
    negatives: usize,
    negatives_hit: usize,
    direction: (usize, usize, usize),
    paraphrase_kind: usize,
}

type Seg = (usize, usize);

pub(crate) fn inter(a: Span, b: Span) -> Option<Seg> {
    let (s, e) = (a.start.max(b.start) as usize, a.end.min(b.end) as usize);
    (s < e).then_some((s, e))
}

pub(crate) fn union_len(mut v: Vec<Seg>) -> usize {
    v.sort_unstable();
    let mut total = 0;
    let mut cur: Option<Seg> = None;
    for (s, e) in v {
        match cur {
            Some((cs, ce)) if s <= ce => cur = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += ce - cs;
                cur = Some((s, e));
            }
            None => cur = Some((s, e)),
        }
    }
    total + cur.map_or(0, |(s, e)| e - s)
}

impl Tally {
    /// Adds one corpus's cases and the links found in it.
    pub fn add(&mut self, cases: &Cases, links: &[Link]) {
        self.cases += cases.truths.len();
        self.articles += cases.articles.len();
        let truth_pairs: AHashSet<(usize, usize)> = cases
            .truths
            .iter()
            .filter(|t| t.kind != CaseKind::SameEvent)
            .map(|t| (t.source.min(t.derived), t.source.max(t.derived)))
            .collect();
        let pair = |l: &Link| (l.source.min(l.derived), l.source.max(l.derived));
        self.found_links += links.len();
        self.true_links += links
            .iter()
            .filter(|l| truth_pairs.contains(&pair(l)))
            .count();
        let mut negatives: Vec<usize> = cases.unrelated.clone();
        negatives.extend(
            cases
                .truths
                .iter()
                .filter(|t| t.kind == CaseKind::SameEvent)
                .map(|t| t.derived),
        );
        let in_false: AHashSet<usize> = links
            .iter()
            .filter(|l| !truth_pairs.contains(&pair(l)))
            .flat_map(|l| [l.source, l.derived])
            .collect();
        self.negatives += negatives.len();
        self.negatives_hit += negatives.iter().filter(|n| in_false.contains(n)).count();
        for t in &cases.truths {
            let found = links
                .iter()
                .find(|l| pair(l) == (t.source.min(t.derived), t.source.max(t.derived)));
            if t.kind != CaseKind::SameEvent {
                self.by_kind.push((t.kind, found.is_some()));
            }
            if let (Some(l), CaseKind::Paraphrase) = (found, t.kind) {
                self.paraphrase_kind += usize::from(l.kind == LinkKind::Paraphrase);
            }
            if let (Some(l), true) = (found, t.kind != CaseKind::SameEvent) {
                match (l.direction.basis, l.source == t.source) {
                    (DirectionBasis::Unknown, _) => self.direction.1 += 1,
                    (_, true) => self.direction.0 += 1,
                    (_, false) => self.direction.2 += 1,
                }
            }
        }
        self.passages(cases, links);
    }

    /// PAN per-case recall, per-detection precision and granularity.
    fn passages(&mut self, cases: &Cases, links: &[Link]) {
        // Detections oriented as (lower article, higher article) spans.
        // Paraphrase cases have no passage truth: their pairs are scored by links only.
        let paraphrases: AHashSet<(usize, usize)> = cases
            .truths
            .iter()
            .filter(|t| t.kind == CaseKind::Paraphrase)
            .map(|t| (t.source.min(t.derived), t.source.max(t.derived)))
            .collect();
        let mut dets: Vec<((usize, usize), Span, Span)> = Vec::new();
        for l in links.iter().filter(|l| {
            l.kind != LinkKind::Paraphrase
                && !paraphrases.contains(&(l.source.min(l.derived), l.source.max(l.derived)))
        }) {
            for p in &l.passages {
                let (lo_span, hi_span) = if l.source < l.derived {
                    (p.source_span, p.derived_span)
                } else {
                    (p.derived_span, p.source_span)
                };
                dets.push((
                    (l.source.min(l.derived), l.source.max(l.derived)),
                    lo_span,
                    hi_span,
                ));
            }
        }
        let mut truths: Vec<((usize, usize), Span, Span)> = Vec::new();
        for t in cases.truths.iter().filter(|t| !t.passages.is_empty()) {
            for &(s, d) in &t.passages {
                let (a, b) = if t.source < t.derived { (s, d) } else { (d, s) };
                truths.push(((t.source.min(t.derived), t.source.max(t.derived)), a, b));
            }
        }
        let detects = |t: &((usize, usize), Span, Span), d: &((usize, usize), Span, Span)| {
            t.0 == d.0 && inter(t.1, d.1).is_some() && inter(t.2, d.2).is_some()
        };
        for t in &truths {
            let hits: Vec<_> = dets.iter().filter(|d| detects(t, d)).collect();
            let lo: Vec<Seg> = hits.iter().filter_map(|d| inter(t.1, d.1)).collect();
            let hi: Vec<Seg> = hits.iter().filter_map(|d| inter(t.2, d.2)).collect();
            self.rec.push(
                (union_len(lo) + union_len(hi)) as f64 / (t.1.len() + t.2.len()).max(1) as f64,
            );
            if !hits.is_empty() {
                self.gran.push(hits.len());
            }
        }
        for d in &dets {
            let hits: Vec<_> = truths.iter().filter(|t| detects(t, d)).collect();
            let lo: Vec<Seg> = hits.iter().filter_map(|t| inter(t.1, d.1)).collect();
            let hi: Vec<Seg> = hits.iter().filter_map(|t| inter(t.2, d.2)).collect();
            self.prec.push(
                (union_len(lo) + union_len(hi)) as f64 / (d.1.len() + d.2.len()).max(1) as f64,
            );
        }
    }

    /// The metrics.
    pub fn metrics(&self) -> Metrics {
        let mean = |v: &[f64]| {
            if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            }
        };
        let (precision, recall) = (
            if self.prec.is_empty() {
                1.0
            } else {
                mean(&self.prec)
            },
            mean(&self.rec),
        );
        let granularity = if self.gran.is_empty() {
            1.0
        } else {
            self.gran.iter().sum::<usize>() as f64 / self.gran.len() as f64
        };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        let mut recall_by_kind = Vec::new();
        for kind in KINDS.iter().filter(|k| **k != CaseKind::SameEvent) {
            let all: Vec<bool> = self
                .by_kind
                .iter()
                .filter(|b| b.0 == *kind)
                .map(|b| b.1)
                .collect();
            recall_by_kind.push((*kind, all.iter().filter(|&&f| f).count(), all.len()));
        }
        let positives = self.by_kind.len();
        let found = self.by_kind.iter().filter(|b| b.1).count();
        let r = |x: f64| (x * 10000.0).round() / 10000.0;
        Metrics {
            cases: self.cases,
            articles: self.articles,
            precision: r(precision),
            recall: r(recall),
            granularity: r(granularity),
            plagdet: r(f1 / (1.0 + granularity).log2()),
            link_precision: r(if self.found_links == 0 {
                1.0
            } else {
                self.true_links as f64 / self.found_links as f64
            }),
            link_recall: r(found as f64 / positives.max(1) as f64),
            recall_by_kind,
            false_links: self.found_links - self.true_links,
            false_link_rate: r(self.negatives_hit as f64 / self.negatives.max(1) as f64),
            direction: self.direction,
            paraphrase_kind: self.paraphrase_kind,
        }
    }
}
