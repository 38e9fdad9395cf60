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
pub mod names;
pub mod quote;
pub mod quote_linked;
pub mod quote_pairs;
pub mod quotes_across;
pub mod reliability;
pub mod spin;
pub mod splice;
pub mod subst;
pub mod swaps;
pub mod topic;
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
    /// Wall time of each scoring step, in order (for `-v`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Scores every article: runs every detector, then the scores.
///
/// `links` may be empty: the alignment-based detectors and originality then have nothing to
/// work on and the source-free detectors still run.
///
/// Steps that do not depend on each other run side by side, so that the serial parts of one
/// (the lexicon parse, the document frequencies, the story postings, the quote pairing) leave
/// no core idle: the timings name the steps that ran together. Every step that needs neither
/// the stories nor the splices runs while the stories are built and the splices found.
pub fn score(articles: &[Article], docs: &[Doc], links: &[Link], w: &Weights) -> Scores {
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |step: &'static str| {
        timings.push((step, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    // Articles in some link: only their run-on quote paragraphs are ever compared.
    let mut linked = vec![false; articles.len()];
    for l in links {
        for i in [l.source, l.derived] {
            if let Some(x) = linked.get_mut(i) {
                *x = true;
            }
        }
    }
    let ((lex, views, quotes), (df, furniture)) = rayon::join(
        || {
            let lex = lexicon::lexicon();
            let views = View::all(articles, docs);
            let quotes: Vec<Vec<quote::Quote>> = views
                .par_iter()
                .enumerate()
                .map(|(i, v)| quote::extract_quotes(lex, v, linked[i]))
                .collect();
            (lex, views, quotes)
        },
        || {
            rayon::join(
                || document_frequencies(docs),
                || boilerplate::flags(articles),
            )
        },
    );
    lap("views, quotes, document frequencies, boilerplate");
    // The story postings have serial parts, and so has the quote pairing: each runs beside
    // the other and beside the per-article detectors, and the splices, which need the
    // stories, start as soon as they are built instead of waiting for the rest.
    let (splices, (across, (source_free, aligned_flags))) = rayon::join(
        || {
            let stories = splice::Stories::build(lex, &views, links);
            views
                .par_iter()
                .enumerate()
                .map(|(i, v)| splice::flags(lex, v, i, &stories, w))
                .collect::<Vec<_>>()
        },
        || {
            rayon::join(
                || quotes_across::flags(&views, &quotes, links, w),
                || {
                    rayon::join(
                        || {
                            views
                                .par_iter()
                                .zip(&quotes)
                                .map(|(v, q)| source_free(lex, v, q, &df, w))
                                .collect::<Vec<_>>()
                        },
                        || aligned::flags(lex, &views, links),
                    )
                },
            )
        },
    );
    drop(df);
    drop(quotes);
    lap("stories and splices, source-free detectors, aligned flags, quotes across articles");
    let mut flags: Vec<Vec<Flag>> = source_free
        .into_iter()
        .zip(splices)
        .map(|(found, splices)| {
            let mut f = found.flags;
            f.extend(splices);
            f.extend(found.headline);
            f
        })
        .collect();
    lap("splices");
    for (derived, found) in aligned_flags {
        flags[derived].extend(found);
    }
    let by_id: ahash::AHashMap<&str, &View> =
        views.iter().map(|v| (v.article.id.as_str(), v)).collect();
    let source_uses = |id: &str, word: &str| {
        by_id
            .get(id)
            .is_some_and(|v| v.words.iter().any(|w| w == word))
    };
    flags
        .par_iter_mut()
        .zip(across)
        .zip(furniture)
        .zip(&views)
        .for_each(|(((f, across), bp), v)| {
            f.extend(across);
            let repeated = swaps::repeated(lex, v, f, source_uses);
            f.extend(repeated);
            *f = merge(std::mem::take(f), bp);
        });
    lap("merge");
    let originality = reliability::originality(articles, links, &flags);
    let scores: Vec<Reliability> = flags
        .par_iter()
        .zip(&originality)
        .map(|(f, o)| reliability::article(f, o.copied, w))
        .collect();
    let outlets = reliability::outlets(articles, &scores);
    lap("scores");
    Scores {
        flags,
        reliability: scores,
        originality,
        outlets,
        timings,
    }
}

/// What the detectors that need neither the stories nor other articles found in one article.
struct SourceFree {
    /// Spin, garble and quote flags, in that order.
    flags: Vec<Flag>,
    /// The headline flag, if any (it comes after the splice flags).
    headline: Vec<Flag>,
}

/// Runs the detectors that read one article (with its quotes) only, and the corpus word
/// counts.
fn source_free(
    lex: &lexicon::Lexicon,
    v: &View,
    quotes: &[quote::Quote],
    df: &ahash::AHashMap<u64, u32>,
    w: &Weights,
) -> SourceFree {
    let mut flags = spin::flags(lex, v);
    flags.extend(garble::flags(lex, v, df));
    flags.extend(quote::flags(lex, v, quotes));
    SourceFree {
        flags,
        headline: headline::flags(lex, v, w),
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
    let kept: Vec<bool> = flags
        .iter()
        .map(|f| {
            !boilerplate.iter().any(|b| overlaps(f, b))
                && (f.evidence.article.is_some()
                    || !sourced.iter().any(|s| s.kind == f.kind && overlaps(s, f)))
        })
        .collect();
    drop(sourced);
    let mut keep: Vec<Flag> = flags
        .into_iter()
        .zip(kept)
        .filter_map(|(f, k)| k.then_some(f))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Direction, DirectionBasis, Edit, EditOp, LinkKind, Passage};
    use crate::corpus::Meta;

    fn art(id: &str, outlet: &str, body: &str) -> Article {
        let meta = Meta {
            outlet: Some(outlet.into()),
            ..Meta::default()
        };
        Article::new(id, id, Some("Leaders meet in Paris"), body.into(), meta)
    }

    #[test]
    fn links_give_sourced_flags_originality_and_lower_scores() {
        let src = art(
            "wire",
            "Wire",
            "The leaders agreed on an international plan to cut emissions.",
        );
        let der = art(
            "farm",
            "Farm",
            "The leaders agreed on an global plan to cut emissions.",
        );
        let other = art("other", "Wire", "Rain fell on the coast for a third day.");
        let articles = vec![src, der, other];
        let docs: Vec<Doc> = articles.iter().map(|a| Doc::new(&a.text)).collect();
        // Tokens: 0-3 headline, 4 The, 5 leaders, 6 agreed, 7 on, 8 an, 9 international/global, ...
        let n = docs[0].tokens.len();
        let body = articles[1].body;
        let link = Link {
            source: 0,
            derived: 1,
            kind: LinkKind::Spun,
            containment: 1.0,
            passages: vec![Passage {
                source_span: articles[0].body,
                derived_span: body,
                source_tokens: 4..n,
                derived_tokens: 4..n,
                words: n - 4,
                edits: vec![
                    Edit {
                        op: EditOp::Equal,
                        source: 4..9,
                        derived: 4..9,
                    },
                    Edit {
                        op: EditOp::Substitute,
                        source: 9..10,
                        derived: 9..10,
                    },
                    Edit {
                        op: EditOp::Equal,
                        source: 10..n,
                        derived: 10..n,
                    },
                ],
            }],
            direction: Direction {
                basis: DirectionBasis::Evidence,
                evidence: vec![],
            },
            confidence: 0.9,
        };
        let s = score(&articles, &docs, &[link], &Weights::default());
        let spin: Vec<&Flag> = s.flags[1]
            .iter()
            .filter(|f| f.kind == FlagKind::Spin)
            .collect();
        assert!(
            spin.iter()
                .any(|f| f.text == "global" && f.evidence.article.as_deref() == Some("wire")),
            "{spin:#?}"
        );
        assert!((s.originality[1].copied - 1.0).abs() < 1e-9);
        assert_eq!(s.originality[1].sources, [("wire".to_owned(), 1.0)]);
        assert!(s.reliability[1].score < s.reliability[0].score);
        let outlets: Vec<&str> = s.outlets.iter().map(|o| o.outlet.as_str()).collect();
        assert_eq!(outlets, ["Farm", "Wire"]);
        assert_eq!(s.outlets[1].articles, 2);
        assert!(s.flags[0].iter().all(|f| f.kind != FlagKind::Spin));
    }

    #[test]
    fn empty_and_odd_input_never_panics() {
        let articles = vec![
            Article::new("e", "e", None, String::new(), Meta::default()),
            Article::new("q", "q", None, "“ ” \" an".into(), Meta::default()),
            Article::new(
                "u",
                "u",
                Some("東京"),
                "東京は晴れ。“引用”".into(),
                Meta::default(),
            ),
        ];
        let docs: Vec<Doc> = articles.iter().map(|a| Doc::new(&a.text)).collect();
        let s = score(&articles, &docs, &[], &Weights::default());
        assert_eq!(s.flags.len(), 3);
        assert!(s.outlets.is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        #[test]
        fn flags_slice_their_article(body in "[A-Za-z“”\"' ,.\n]{0,200}", head in "[A-Za-z ]{0,30}") {
            let a = Article::new("p", "p", Some(&head), body, crate::corpus::Meta::default());
            let b = Article::new("r", "r", None, "Share\nRead more: x".into(), crate::corpus::Meta::default());
            let articles = vec![a, b];
            let docs: Vec<Doc> = articles.iter().map(|a| Doc::new(&a.text)).collect();
            let s = score(&articles, &docs, &[], &Weights::default());
            for (a, fs) in articles.iter().zip(&s.flags) {
                for f in fs {
                    proptest::prop_assert!(f.start <= f.end && f.end <= a.text.len());
                    proptest::prop_assert_eq!(&a.text[f.start..f.end], f.text.as_str());
                }
            }
            for r in &s.reliability {
                proptest::prop_assert!(0.0 <= r.low && r.low <= r.score && r.score <= r.high && r.high <= 100.0);
            }
        }
    }
}
