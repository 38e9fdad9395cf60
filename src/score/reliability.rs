//! Scores: per-article reliability with a 95% interval, originality, per-outlet aggregates.

use super::weights::Weights;
use super::{Flag, FlagKind, Reliability};
use crate::align::Link;
use crate::corpus::Article;
use rayon::prelude::*;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Gamma, StudentsT};
use std::collections::BTreeMap;

/// Penalty assumed per flag when an article has none (for the interval's width).
const DEFAULT_FLAG_POINTS: f64 = 5.0;

/// Counts whose [`poisson_interval`] is computed once and kept.
const KEPT_INTERVALS: usize = 256;

/// Exact (Garwood) 95% interval for a Poisson mean given `n` observed events.
pub fn poisson_interval(n: usize) -> (f64, f64) {
    static KEPT: std::sync::OnceLock<Vec<(f64, f64)>> = std::sync::OnceLock::new();
    if n < KEPT_INTERVALS {
        let kept = KEPT.get_or_init(|| (0..KEPT_INTERVALS).map(garwood).collect());
        return kept[n];
    }
    garwood(n)
}

/// [`poisson_interval`], computed.
fn garwood(n: usize) -> (f64, f64) {
    let low = if n == 0 {
        0.0
    } else {
        Gamma::new(n as f64, 1.0).map_or(0.0, |g| g.inverse_cdf(0.025))
    };
    let high = Gamma::new(n as f64 + 1.0, 1.0).map_or(n as f64 + 4.0, |g| g.inverse_cdf(0.975));
    (low, high)
}

/// The reliability of one article from its flags and copied share.
pub fn article(flags: &[Flag], copied_share: f64, w: &Weights) -> Reliability {
    let mut breakdown: BTreeMap<FlagKind, f64> = BTreeMap::new();
    for f in flags {
        *breakdown.entry(f.kind).or_default() += w.points(f.kind, f.severity);
    }
    for v in breakdown.values_mut() {
        *v = v.min(w.kind_cap);
    }
    let flag_points: f64 = breakdown.values().sum();
    let copy_points = w.copied * copied_share.clamp(0.0, 1.0);
    let score = (100.0 - flag_points - copy_points).clamp(0.0, 100.0);
    let n = flags
        .iter()
        .filter(|f| f.kind != FlagKind::Boilerplate)
        .count();
    let per_flag = if n == 0 {
        DEFAULT_FLAG_POINTS
    } else {
        (flag_points / n as f64).max(1.0)
    };
    let (lo_n, hi_n) = poisson_interval(n);
    let low = (100.0 - hi_n * per_flag - copy_points).clamp(0.0, score);
    let high = (100.0 - lo_n * per_flag - copy_points).clamp(score, 100.0);
    Reliability {
        score: round1(score),
        low: round1(low),
        high: round1(high),
        breakdown,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Who an article copied from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Originality {
    /// Share of the body's bytes in passages copied from other articles (0 to 1).
    pub copied: f64,
    /// The sources: article id and share of the body copied from it, largest first.
    pub sources: Vec<(String, f64)>,
}

/// Originality of every article from the links. Boilerplate (`flags` of kind
/// [`FlagKind::Boilerplate`]) is left out of the copy statistics: its bytes count neither as
/// copied nor in the body they are a share of, so shared page furniture makes no article look
/// copied.
pub fn originality(articles: &[Article], links: &[Link], flags: &[Vec<Flag>]) -> Vec<Originality> {
    let mut per: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); articles.len()];
    for l in links {
        if l.derived >= articles.len() || l.source >= articles.len() {
            continue;
        }
        for p in &l.passages {
            per[l.derived].push((
                p.derived_span.start as usize,
                p.derived_span.end as usize,
                l.source,
            ));
        }
    }
    let none = Vec::new();
    articles
        .par_iter()
        .zip(per)
        .enumerate()
        .map(|(i, (a, spans))| {
            let furniture = boilerplate_in_body(a, flags.get(i).unwrap_or(&none));
            article_originality(articles, a, spans, &furniture)
        })
        .collect()
}

/// The originality of article `a` from its copied `spans` (start, end, source), less the
/// sorted, disjoint `furniture` ranges.
fn article_originality(
    articles: &[Article],
    a: &Article,
    mut spans: Vec<(usize, usize, usize)>,
    furniture: &[(usize, usize)],
) -> Originality {
    let outside = |s: usize, e: usize| (e - s.min(e)) - overlap(s, e, furniture);
    let furniture_bytes: usize = furniture.iter().map(|&(s, e)| e - s).sum();
    let body = a.body.len().saturating_sub(furniture_bytes).max(1) as f64;
    let mut by_source: BTreeMap<usize, f64> = BTreeMap::new();
    for &(s, e, src) in &spans {
        *by_source.entry(src).or_default() += outside(s, e) as f64 / body;
    }
    spans.sort_unstable();
    let (mut covered, mut reach) = (0usize, 0usize);
    for (s, e, _) in spans {
        let s = s.max(reach);
        if e > s {
            covered += outside(s, e);
        }
        reach = reach.max(e);
    }
    let mut sources: Vec<(String, f64)> = by_source
        .into_iter()
        .filter(|&(_, share)| share > 0.0)
        .map(|(i, share)| (articles[i].id.clone(), round3(share.min(1.0))))
        .collect();
    sources.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Originality {
        copied: round3((covered as f64 / body).min(1.0)),
        sources,
    }
}

/// The boilerplate flags' byte ranges inside the body of `a`, sorted and merged.
fn boilerplate_in_body(a: &Article, flags: &[Flag]) -> Vec<(usize, usize)> {
    let (lo, hi) = (a.body.start as usize, a.body.end as usize);
    let mut ranges: Vec<(usize, usize)> = flags
        .iter()
        .filter(|f| f.kind == FlagKind::Boilerplate)
        .map(|f| (f.start.clamp(lo, hi), f.end.clamp(lo, hi)))
        .filter(|(s, e)| s < e)
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Bytes of `s..e` inside the sorted, disjoint `ranges`.
fn overlap(s: usize, e: usize, ranges: &[(usize, usize)]) -> usize {
    ranges
        .iter()
        .map(|&(rs, re)| re.min(e).saturating_sub(rs.max(s)))
        .sum()
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The aggregate score of one outlet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletScore {
    /// The outlet's name as given in the articles' metadata.
    pub outlet: String,
    /// Articles scored.
    pub articles: usize,
    /// Mean article score.
    pub score: f64,
    /// Lower end of the 95% interval of the mean (Student's t).
    pub low: f64,
    /// Upper end of the 95% interval of the mean.
    pub high: f64,
}

/// Per-outlet aggregates, sorted by outlet name; articles without an outlet are left out.
pub fn outlets(articles: &[Article], scores: &[Reliability]) -> Vec<OutletScore> {
    let mut by: BTreeMap<&str, Vec<&Reliability>> = BTreeMap::new();
    for (a, r) in articles.iter().zip(scores) {
        if let Some(o) = a.meta.outlet.as_deref() {
            by.entry(o).or_default().push(r);
        }
    }
    by.into_iter()
        .map(|(outlet, rs)| {
            let n = rs.len();
            let mean = rs.iter().map(|r| r.score).sum::<f64>() / n as f64;
            let (low, high) = if n < 2 {
                (rs[0].low, rs[0].high)
            } else {
                let var = rs.iter().map(|r| (r.score - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
                let t =
                    StudentsT::new(0.0, 1.0, (n - 1) as f64).map_or(2.0, |d| d.inverse_cdf(0.975));
                let half = t * (var / n as f64).sqrt();
                ((mean - half).max(0.0), (mean + half).min(100.0))
            };
            OutletScore {
                outlet: outlet.to_owned(),
                articles: n,
                score: round1(mean),
                low: round1(low),
                high: round1(high),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Evidence, Severity};

    fn flag(kind: FlagKind) -> Flag {
        Flag {
            kind,
            start: 0,
            end: 1,
            text: "x".into(),
            reason: "r".into(),
            evidence: Evidence::default(),
            severity: Severity::Medium,
        }
    }

    #[test]
    fn more_flags_score_lower_with_sane_intervals() {
        let w = Weights::default();
        let clean = article(&[], 0.0, &w);
        let bad = article(
            &[
                flag(FlagKind::Spin),
                flag(FlagKind::Garble),
                flag(FlagKind::Quote),
            ],
            0.0,
            &w,
        );
        assert_eq!(clean.score, 100.0);
        assert!(bad.score < clean.score);
        for r in [&clean, &bad] {
            assert!(r.low <= r.score && r.score <= r.high && r.low >= 0.0 && r.high <= 100.0);
        }
        assert!(clean.low < 100.0, "even a clean article has uncertainty");
        let (l, h) = poisson_interval(0);
        assert!(l == 0.0 && (h - 3.689).abs() < 0.01);
    }

    #[test]
    fn boilerplate_counts_neither_as_copied_nor_as_body() {
        let a = Article::new(
            "a",
            "a",
            None,
            "0123456789".repeat(10),
            crate::corpus::Meta::default(),
        );
        let b = Article::new("b", "b", None, "x".into(), crate::corpus::Meta::default());
        let articles = [a.clone(), b];
        let at = |x: usize| a.body.start as usize + x;
        // 40 bytes copied from b, 20 of them page furniture; 30 bytes of furniture in all.
        let furniture = Flag {
            start: at(30),
            end: at(50),
            ..flag(FlagKind::Boilerplate)
        };
        let other = Flag {
            start: at(90),
            end: at(200), // runs past the body: clipped
            ..furniture.clone()
        };
        let flags = [furniture.clone(), other, flag(FlagKind::Spin)];
        let ranges = boilerplate_in_body(&a, &flags);
        assert_eq!(ranges, [(at(30), at(50)), (at(90), at(100))]);
        let o = article_originality(&articles, &a, vec![(at(10), at(50), 1)], &ranges);
        assert!((o.copied - 20.0 / 70.0).abs() < 1e-3, "{o:?}");
        assert_eq!(o.sources.len(), 1);
        // Copied text that is all furniture makes no source.
        let o = article_originality(&articles, &a, vec![(at(30), at(50), 1)], &ranges);
        assert_eq!(o.copied, 0.0);
        assert!(o.sources.is_empty());
        // Without furniture, the plain share.
        let o = article_originality(&articles, &a, vec![(at(10), at(50), 1)], &[]);
        assert!((o.copied - 0.4).abs() < 1e-9);
    }
}
