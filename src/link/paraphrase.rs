//! Paraphrase links: a rewrite that keeps the quotes and the order of the facts.
//!
//! For two articles of one story that share no copied passage, each sentence's content words
//! are compared with the other article's sentences; the longest chain of similar sentence
//! pairs that keeps its order on both sides measures how much of one article retells the other
//! in sequence. A paraphrase needs that chain to cover most of the shorter article *and* at
//! least three shared quotations. Independent reports of one event share names and often an
//! official quote, but not a long ordered chain of similar sentences plus several quotes.

use super::quotes::quote_runs;
use super::{round3, Side};
use crate::align::lexicon::Lexicon;
use crate::align::{Direction, DirectionBasis, Edit, EditOp, Link, LinkKind, Passage};
use ahash::AHashSet;
use rayon::prelude::*;

/// Similarity (shared content words over the smaller sentence) for two sentences to match.
const SENTENCE_SIM: f64 = 0.35;
/// Shared content words for two sentences to match.
const SENTENCE_SHARED: usize = 3;
/// Share of the shorter article's sentences the ordered chain must cover.
const MIN_COVERAGE: f64 = 0.5;
/// Shared quotations needed.
const MIN_QUOTES: usize = 3;

/// What the paraphrase test measured for a pair.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features {
    /// Sentences in the ordered chain.
    pub chain: usize,
    /// Share of the first article's content sentences in the chain.
    pub coverage_a: f64,
    /// Share of the second article's content sentences in the chain.
    pub coverage_b: f64,
    /// Shared quotations: `(a token range, b token range)` of the common words.
    pub quotes: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
}

/// Paraphrase links among same-story pairs that have no copy link.
pub(crate) fn links(sides: &[Side], pairs: &[(usize, usize)], copies: &[Link]) -> Vec<Link> {
    let linked: AHashSet<(usize, usize)> = copies
        .iter()
        .map(|l| (l.source.min(l.derived), l.source.max(l.derived)))
        .collect();
    pairs
        .par_iter()
        .filter(|p| !linked.contains(p))
        .filter_map(|&(a, b)| {
            let f = features(&sides[a], &sides[b]);
            let mut link = decide(a, b, &f)?;
            let dated = super::direction::published(sides[a].published, sides[b].published);
            if let Some((a_first, direction)) = dated {
                let source = if a_first { a } else { b };
                if source != link.source {
                    link.passages = link.passages.iter().map(Passage::swapped).collect();
                    (link.source, link.derived) = (link.derived, link.source);
                }
                link.direction = direction;
            }
            let (s, d) = (&sides[link.source].doc, &sides[link.derived].doc);
            for p in &mut link.passages {
                p.source_span = cover(s, &p.source_tokens);
                p.derived_span = cover(d, &p.derived_tokens);
            }
            Some(link)
        })
        .collect()
}

/// Content-word sets of each sentence with at least 4 content words.
fn sentence_sets(side: &Side) -> Vec<AHashSet<u64>> {
    let lex = Lexicon::get();
    side.doc
        .sentences
        .iter()
        .map(|s| {
            side.doc.tokens[s.tokens.clone()]
                .iter()
                .filter(|t| !lex.is_stopword(t.hash))
                .map(|t| t.hash)
                .collect::<AHashSet<u64>>()
        })
        .filter(|s| s.len() >= 4)
        .collect()
}

/// Measures the pair.
pub(crate) fn features(a: &Side, b: &Side) -> Features {
    let (sa, sb) = (sentence_sets(a), sentence_sets(b));
    let mut matches: Vec<(usize, usize)> = Vec::new();
    for (j, y) in sb.iter().enumerate() {
        for (i, x) in sa.iter().enumerate() {
            let shared = x.intersection(y).count();
            if shared >= SENTENCE_SHARED
                && shared as f64 >= SENTENCE_SIM * x.len().min(y.len()) as f64
            {
                matches.push((j, i));
            }
        }
    }
    let chain = ordered_chain(&matches);
    Features {
        chain,
        coverage_a: round3(chain as f64 / sa.len().max(1) as f64),
        coverage_b: round3(chain as f64 / sb.len().max(1) as f64),
        quotes: shared_quotes(a, b),
    }
}

/// Longest chain of matches strictly increasing on both sides, in O(m log m).
fn ordered_chain(matches: &[(usize, usize)]) -> usize {
    let mut sorted = matches.to_vec();
    // Within one sentence of `b`, later sentences of `a` first, so at most one is chained.
    sorted.sort_by_key(|&(j, i)| (j, std::cmp::Reverse(i)));
    let mut tails: Vec<usize> = Vec::new();
    for (_, i) in sorted {
        let at = tails.partition_point(|&t| t < i);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    tails.len()
}

/// Quotations of `b` whose words (most of them, in a run) also occur in `a`.
fn shared_quotes(a: &Side, b: &Side) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let ha: Vec<u64> = a.doc.tokens.iter().map(|t| t.hash).collect();
    quote_runs(&b.quoted)
        .into_iter()
        .filter(|q| q.len() >= 2)
        .filter_map(|q| {
            let hb: Vec<u64> = b.doc.tokens[q.clone()].iter().map(|t| t.hash).collect();
            let (ia, ib, n) = longest_common_run(&ha, &hb);
            let need = 2.max((0.6 * hb.len() as f64).ceil() as usize);
            (n >= need).then(|| (ia..ia + n, q.start + ib..q.start + ib + n))
        })
        .collect()
}

/// Longest common contiguous run: `(start in a, start in b, length)`.
fn longest_common_run(a: &[u64], b: &[u64]) -> (usize, usize, usize) {
    let mut prev = vec![0usize; b.len() + 1];
    let mut best = (0, 0, 0);
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                cur[j + 1] = prev[j] + 1;
                if cur[j + 1] > best.2 {
                    best = (i + 1 - cur[j + 1], j + 1 - cur[j + 1], cur[j + 1]);
                }
            }
        }
        prev = cur;
    }
    best
}

/// A paraphrase link if the features are strong enough; the more covered side is derived.
fn decide(a: usize, b: usize, f: &Features) -> Option<Link> {
    let coverage = f.coverage_a.max(f.coverage_b);
    if f.quotes.len() < MIN_QUOTES || coverage < MIN_COVERAGE {
        return None;
    }
    let b_derived = f.coverage_b >= f.coverage_a;
    let margin = (f.coverage_a - f.coverage_b).abs();
    let mut evidence = vec![
        format!(
            "{} sentences retell the other article's sentences in the same order",
            f.chain
        ),
        format!("{} quotations shared", f.quotes.len()),
    ];
    let basis = if margin >= 0.15 {
        evidence.insert(
            0,
            format!(
                "the derived article is mostly a retelling ({:.0}% of its sentences vs {:.0}%)",
                100.0 * coverage,
                100.0 * f.coverage_a.min(f.coverage_b)
            ),
        );
        DirectionBasis::Evidence
    } else {
        DirectionBasis::Unknown
    };
    let (source, derived) = if b_derived || basis == DirectionBasis::Unknown {
        (a, b)
    } else {
        (b, a)
    };
    let passages = f
        .quotes
        .iter()
        .map(|(ra, rb)| {
            let (rs, rd) = if source == a {
                (ra.clone(), rb.clone())
            } else {
                (rb.clone(), ra.clone())
            };
            quote_passage(rs, rd)
        })
        .collect();
    Some(Link {
        source,
        derived,
        kind: LinkKind::Paraphrase,
        containment: coverage,
        passages,
        direction: Direction { basis, evidence },
        confidence: round3((coverage * (f.quotes.len() as f64 / 4.0).min(1.0)).min(1.0)),
    })
}

fn cover(doc: &crate::text::Doc, r: &std::ops::Range<usize>) -> crate::text::Span {
    match (
        doc.tokens.get(r.start),
        r.end.checked_sub(1).and_then(|e| doc.tokens.get(e)),
    ) {
        (Some(f), Some(l)) => f.span.cover(l.span),
        _ => crate::text::Span::default(),
    }
}

/// A passage for one shared quotation (spans are filled in by the caller's docs).
fn quote_passage(rs: std::ops::Range<usize>, rd: std::ops::Range<usize>) -> Passage {
    Passage {
        source_span: Default::default(),
        derived_span: Default::default(),
        words: rd.len(),
        edits: vec![Edit {
            op: EditOp::Equal,
            source: rs.clone(),
            derived: rd.clone(),
        }],
        source_tokens: rs,
        derived_tokens: rd,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_is_strictly_ordered_on_both_sides() {
        assert_eq!(ordered_chain(&[(0, 0), (1, 1), (1, 2), (2, 1), (3, 3)]), 3);
        assert_eq!(ordered_chain(&[(0, 5), (1, 4), (2, 3)]), 1);
        assert_eq!(ordered_chain(&[]), 0);
    }
}
