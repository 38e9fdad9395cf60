//! Hand-built, realistic-looking reports for renderer tests (test builds only).
//!
//! Articles are made of generated sentences; derived articles copy sentences of their source
//! (some with a swapped word), so the links, passages, edit scripts and flags below have real
//! byte spans into real texts.

use crate::align::{Direction, DirectionBasis, Edit, EditOp, Link, LinkKind, Passage, Story};
use crate::corpus::{Article, Corpus, Meta};
use crate::pipeline::{analyse, Analysis, Config};
use crate::report::{NearDuplicateCluster, NearDuplicatePair, NearDuplicates, Report};
use crate::report::{ReportInput, RunInfo};
use crate::score::{Evidence, Flag, FlagKind, Reliability, Severity};
use crate::text::{Doc, Span};
use std::collections::BTreeMap;

const WORDS: [&str; 24] = [
    "minister",
    "summit",
    "talks",
    "palace",
    "warned",
    "response",
    "weapons",
    "leaders",
    "agreed",
    "meeting",
    "press",
    "conference",
    "relations",
    "sanctions",
    "border",
    "troops",
    "spokesman",
    "said",
    "country",
    "government",
    "election",
    "report",
    "officials",
    "crisis",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn sentence(rng: &mut Rng) -> String {
    let n = 6 + rng.next(8);
    let mut s: Vec<&str> = (0..n).map(|_| WORDS[rng.next(WORDS.len())]).collect();
    s[0] = "The";
    format!("{}.", s.join(" "))
}

/// Builds the corpus: article 0 is original; article `i` copies two sentences from a source
/// (the first with one word swapped) and adds its own.
fn build_corpus(n: usize, rng: &mut Rng) -> (Corpus, Vec<(usize, usize)>) {
    let mut bodies: Vec<Vec<String>> = Vec::new();
    let mut pairs = Vec::new();
    for i in 0..n {
        let mut sents: Vec<String> = (0..3 + rng.next(4)).map(|_| sentence(rng)).collect();
        if i > 0 && i % 4 != 3 {
            let src = if i < 3 { 0 } else { rng.next(i) };
            let copied = bodies[src][0].replacen("said", "stated", 1);
            sents.insert(1, copied);
            sents.insert(2, bodies[src][1].clone());
            pairs.push((src, i));
        }
        bodies.push(sents);
    }
    let mut articles: Vec<Article> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let meta = Meta {
                outlet: Some(format!("Outlet {}", i % 3)),
                ..Meta::default()
            };
            let id = format!("{i:03}_article");
            Article::new(&id, "t.txt", Some("Leaders meet"), b.join("\n\n"), meta)
        })
        .collect();
    if let Some(last) = articles.last_mut() {
        last.id = "<script>alert(1)</script>/../x".into();
    }
    (Corpus::from_articles(articles), pairs)
}

fn token_range(doc: &Doc, span: Span) -> std::ops::Range<usize> {
    let first = doc.tokens.iter().position(|t| t.span.start >= span.start);
    let last = doc.tokens.iter().rposition(|t| t.span.end <= span.end);
    match (first, last) {
        (Some(a), Some(b)) if a <= b => a..b + 1,
        _ => 0..0,
    }
}

fn passage(c: &Corpus, docs: &[Doc], src: usize, der: usize, sent: &str) -> Option<Passage> {
    let (st, dt) = (&c.articles[src].text, &c.articles[der].text);
    let ds = dt.find(sent)?;
    let original = sent.replacen("stated", "said", 1);
    let ss = st.find(sent).or_else(|| st.find(&original))?;
    let source_span = Span::new(ss, ss + st[ss..].find('.')? + 1);
    let derived_span = Span::new(ds, ds + sent.len());
    let (sr, dr) = (
        token_range(&docs[src], source_span),
        token_range(&docs[der], derived_span),
    );
    let mut edits: Vec<Edit> = Vec::new();
    for k in 0..sr.len().min(dr.len()) {
        let same = docs[src].tokens[sr.start + k].hash == docs[der].tokens[dr.start + k].hash;
        let op = if same {
            EditOp::Equal
        } else {
            EditOp::Substitute
        };
        match edits.last_mut() {
            Some(e) if e.op == op => {
                e.source.end += 1;
                e.derived.end += 1;
            }
            _ => edits.push(Edit {
                op,
                source: sr.start + k..sr.start + k + 1,
                derived: dr.start + k..dr.start + k + 1,
            }),
        }
    }
    Some(Passage {
        source_span,
        derived_span,
        words: dr.len(),
        source_tokens: sr,
        derived_tokens: dr,
        edits,
    })
}

fn links(c: &Corpus, a: &Analysis, pairs: &[(usize, usize)]) -> Vec<Link> {
    pairs
        .iter()
        .map(|&(src, der)| {
            let body = &c.articles[der].text;
            let sents: Vec<&str> = body.split("\n\n").skip(2).take(2).collect();
            let passages: Vec<Passage> = sents
                .iter()
                .filter_map(|s| passage(c, &a.docs, src, der, s))
                .collect();
            let words: usize = passages.iter().map(|p| p.words).sum();
            Link {
                source: src,
                derived: der,
                kind: if der % 2 == 0 {
                    LinkKind::Spun
                } else {
                    LinkKind::Edited
                },
                containment: words as f64 / a.text_stats[der].words.max(1) as f64,
                passages,
                direction: Direction {
                    basis: DirectionBasis::Evidence,
                    evidence: vec!["The derived side swaps a word for a rarer synonym.".into()],
                },
                confidence: 0.8,
            }
        })
        .collect()
}

fn flags(c: &Corpus, i: usize) -> Vec<Flag> {
    let text = &c.articles[i].text;
    let mut out = Vec::new();
    if let Some(p) = text.find("stated") {
        out.push(Flag {
            kind: FlagKind::Spin,
            start: p,
            end: p + 6,
            text: "stated".into(),
            reason: "Synonym swap of a copied word <b>\"said\"</b>.".into(),
            evidence: Evidence {
                article: Some(c.articles[0].id.clone()),
                span: None,
                text: "said".into(),
                lexicon: Some("data/lexicon/synonyms-moby.tsv".into()),
            },
            severity: Severity::Medium,
        });
    }
    if i % 3 == 2 {
        let end = text.find('.').map_or(text.len(), |e| e + 1);
        let start = c.articles[i].body.start as usize;
        out.push(Flag {
            kind: FlagKind::Splice,
            start,
            end: end.max(start),
            text: text[start..end.max(start)].into(),
            reason: "Sentence off the article's story.".into(),
            evidence: Evidence::default(),
            severity: Severity::High,
        });
    }
    out
}

fn reliability(i: usize, flags: &[Flag]) -> Reliability {
    let mut breakdown = BTreeMap::new();
    for f in flags {
        *breakdown.entry(f.kind).or_insert(0.0) += 12.0;
    }
    let score = (95.0 - breakdown.values().sum::<f64>() - (i % 5) as f64 * 3.0).max(0.0);
    Reliability {
        score,
        low: (score - 10.0).max(0.0),
        high: (score + 6.0).min(100.0),
        breakdown,
    }
}

fn near_duplicates(pairs: &[(usize, usize)]) -> NearDuplicates {
    let pairs: Vec<NearDuplicatePair> = pairs
        .iter()
        .enumerate()
        .map(|(k, &(a, b))| {
            let j = 0.3 + (k % 7) as f64 * 0.1;
            NearDuplicatePair {
                a,
                b,
                jaccard: j,
                a_in_b: j + 0.05,
                b_in_a: j,
                estimate: j - 0.02,
                ci_low: j - 0.1,
                ci_high: j + 0.06,
            }
        })
        .collect();
    let clusters = pairs
        .iter()
        .take(5)
        .map(|p| NearDuplicateCluster {
            representative: p.a,
            members: (0..1 + p.b % 4).map(|k| (p.b + k, p.jaccard)).collect(),
        })
        .collect();
    NearDuplicates {
        pairs,
        clusters,
        bands: 20,
        rows: 5,
        threshold: 0.5,
    }
}

/// A corpus of `n` articles and its full report (links, stories, flags, scores, dedup).
pub(crate) fn sample(n: usize) -> (Corpus, Report) {
    let mut rng = Rng(7);
    let (corpus, pairs) = build_corpus(n, &mut rng);
    let analysis = analyse(&corpus, &Config::default());
    let links = links(&corpus, &analysis, &pairs);
    let flags: Vec<Vec<Flag>> = (0..n).map(|i| flags(&corpus, i)).collect();
    let rel: Vec<Reliability> = flags
        .iter()
        .enumerate()
        .map(|(i, f)| reliability(i, f))
        .collect();
    let stories = vec![
        Story {
            id: 0,
            members: (0..n).filter(|i| i % 2 == 0).collect(),
            terms: vec!["summit".into()],
        },
        Story {
            id: 1,
            members: (0..n).filter(|i| i % 2 == 1).collect(),
            terms: vec!["border".into()],
        },
    ];
    let outlets: Vec<(String, Reliability)> = (0..3.min(n))
        .map(|o| (format!("Outlet {o}"), rel[o].clone()))
        .collect();
    let nd = near_duplicates(&pairs);
    let run = RunInfo {
        inputs: vec!["corpus".into()],
        strict: false,
        config: Config::default(),
    };
    let mut input = ReportInput::new(&corpus, &analysis, run);
    input.links = &links;
    input.stories = &stories;
    input.flags = &flags;
    input.reliability = &rel;
    input.outlets = outlets;
    input.near_duplicates = Some(nd);
    let report = Report::new(input);
    (corpus, report)
}

/// A corpus of `n` articles with only the text stages run (every other section empty).
pub(crate) fn bare(n: usize) -> (Corpus, Report) {
    let mut rng = Rng(11);
    let (corpus, _) = build_corpus(n, &mut rng);
    let analysis = analyse(&corpus, &Config::default());
    let run = RunInfo {
        inputs: vec!["corpus".into()],
        strict: false,
        config: Config::default(),
    };
    let report = Report::new(ReportInput::bare(&corpus, &analysis, run));
    (corpus, report)
}
