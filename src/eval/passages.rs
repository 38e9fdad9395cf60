//! PAN-style passage evaluation (Potthast et al. 2010) on generated cases.
//!
//! [`generate`] builds a corpus from real articles (one per line): sources, derived articles
//! with known copied spans (verbatim, edited, spun, partial, reordered), paraphrase-like
//! rewrites, independent reports of the same event and unrelated articles. [`evaluate`]
//! compares the links and passages found with the truth: character-level precision and recall
//! over passages, granularity, plagdet, and link precision and recall.

pub use super::pan::{Metrics, Tally};
use super::synth::{edit, quoted_bytes, sentences, spin, Builder, SYNTH_STREAM};
use super::Rng;
use crate::corpus::Article;
use crate::text::{Doc, Span};
use ahash::AHashSet;
use serde::Serialize;

/// What a generated case does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseKind {
    /// 1–3 sentences copied word for word into another article.
    Verbatim,
    /// 2–4 sentences with about 10% of words dropped or inserted.
    Edited,
    /// 2–4 sentences with 25% of words replaced by thesaurus synonyms.
    Spun,
    /// 40% of the source's words, as contiguous sentences.
    Partial,
    /// Two pieces of the source, inserted in swapped order.
    Reordered,
    /// The whole source with half its content words (outside quotes) replaced.
    Paraphrase,
    /// Negative: another article's sentences with the source's names and one of its quotes.
    SameEvent,
}

/// Positive kinds, in the order cases cycle through them.
pub const KINDS: [CaseKind; 7] = [
    CaseKind::Verbatim,
    CaseKind::Edited,
    CaseKind::Spun,
    CaseKind::Partial,
    CaseKind::Reordered,
    CaseKind::Paraphrase,
    CaseKind::SameEvent,
];

/// One case's truth: articles by index and copied spans `(source, derived)`.
#[derive(Clone, Debug)]
pub struct Truth {
    /// What was done.
    pub kind: CaseKind,
    /// The source article.
    pub source: usize,
    /// The derived (or, for `SameEvent`, the independent) article.
    pub derived: usize,
    /// Copied spans.
    pub passages: Vec<(Span, Span)>,
}

/// A generated corpus and its truth.
#[derive(Clone, Debug, Default)]
pub struct Cases {
    /// The articles.
    pub articles: Vec<Article>,
    /// One entry per case.
    pub truths: Vec<Truth>,
    /// Articles that take part in no case.
    pub unrelated: Vec<usize>,
}

/// Generates up to `n` cases from `source_articles` (each article used once), plus `n / 2`
/// unrelated articles when enough remain.
pub fn generate(source_articles: &[String], n: usize, seed: u64) -> Cases {
    let mut rng = Rng::new(seed ^ SYNTH_STREAM);
    let related = related_articles(source_articles);
    let mut pool: Vec<usize> = (0..source_articles.len())
        .filter(|&i| !related[i] && sentences(&source_articles[i]).len() >= 4)
        .collect();
    rng.shuffle(&mut pool);
    let mut cases = Cases::default();
    for i in 0..n {
        let kind = KINDS[i % KINDS.len()];
        let s = if kind == CaseKind::Paraphrase {
            let at = pool
                .iter()
                .position(|&p| quotes(&source_articles[p]).len() >= 3);
            at.map(|k| pool.remove(k))
        } else {
            pool.pop()
        };
        let (Some(s), Some(h)) = (s, pool.pop()) else {
            break;
        };
        add_case(
            &mut cases,
            kind,
            &source_articles[s],
            &source_articles[h],
            i,
            &mut rng,
        );
    }
    for k in 0..n / 2 {
        let Some(u) = pool.pop() else { break };
        cases.unrelated.push(cases.articles.len());
        let mut b = Builder::default();
        b.push(&source_articles[u]);
        cases.articles.push(b.finish(&format!("unrelated-{k:04}")));
    }
    cases
}

/// Articles that share an exact run of 8 words with another article of the input (duplicates,
/// updates of one story reusing sentences): they are not unrelated, so cases never use them.
/// The test is exact word 8-grams, independent of the detector being evaluated.
pub fn related_articles(articles: &[String]) -> Vec<bool> {
    let mut first: ahash::AHashMap<u64, usize> = ahash::AHashMap::new();
    let mut related = vec![false; articles.len()];
    for (i, a) in articles.iter().enumerate() {
        let doc = Doc::new(a);
        let mut seen = AHashSet::new();
        for g in doc.tokens.windows(8) {
            let h = crate::align::fingerprint::gram_hash(g);
            if !seen.insert(h) {
                continue;
            }
            match first.get(&h) {
                Some(&j) if j != i => {
                    related[i] = true;
                    related[j] = true;
                }
                Some(_) => {}
                None => {
                    first.insert(h, i);
                }
            }
        }
    }
    related
}

/// Quoted runs of a text, with their quotation marks.
fn quotes(text: &str) -> Vec<String> {
    let q = quoted_bytes(text);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if matches!(c, '"' | '“' | '”') {
            match start {
                None if q[i] => start = Some(i),
                Some(s) => {
                    out.push(text[s..i + c.len_utf8()].to_owned());
                    start = None;
                }
                None => {}
            }
        }
    }
    out
}

fn add_case(cases: &mut Cases, kind: CaseKind, src: &str, host: &str, i: usize, rng: &mut Rng) {
    let source = cases.articles.len();
    let mut b = Builder::default();
    b.push(src);
    cases
        .articles
        .push(b.finish(&format!("case-{i:04}-source")));
    let doc = Doc::new(src);
    let sent: Vec<Span> = doc.sentences.iter().map(|s| s.span).collect();
    let host_sents = sentences(host);
    let (derived, passages) = match kind {
        CaseKind::Paraphrase => (paraphrase(src, rng), Vec::new()),
        CaseKind::SameEvent => (same_event(src, &host_sents, rng), Vec::new()),
        _ => insert_copies(kind, src, &sent, &doc, &host_sents, rng),
    };
    let derived_id = format!("case-{i:04}-{}", name(kind));
    cases.truths.push(Truth {
        kind,
        source,
        derived: cases.articles.len(),
        passages,
    });
    cases.articles.push(derived.finish(&derived_id));
}

/// Lower-case name of a kind.
pub fn name(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Verbatim => "verbatim",
        CaseKind::Edited => "edited",
        CaseKind::Spun => "spun",
        CaseKind::Partial => "partial",
        CaseKind::Reordered => "reordered",
        CaseKind::Paraphrase => "paraphrase",
        CaseKind::SameEvent => "same-event",
    }
}

/// A run of sentences `[from, to)` covering at least `len` sentences, `words` words and 8
/// words outside quotation marks (a copy of a bare quotation cannot be told from two reporters
/// quoting the same statement, so it is no copy case).
fn sentence_run(
    doc: &Doc,
    q: &[bool],
    sent: &[Span],
    from: usize,
    len: usize,
    words: usize,
) -> std::ops::Range<usize> {
    let mut last = from..from + 1;
    // Start earlier when the article ends before the run is long enough.
    for start in (0..=from.min(sent.len().saturating_sub(1))).rev() {
        let mut to = start;
        let (mut count, mut free) = (0, 0);
        while to < sent.len() && (to - start < len || count < words || free < 8) {
            let range = doc.sentences[to].tokens.clone();
            count += range.len();
            free += range.filter(|&t| !q[t]).count();
            to += 1;
        }
        last = start..to.max(start + 1).min(sent.len());
        if count >= words && free >= 8 {
            break;
        }
    }
    last
}

/// For each slot between host sentences (0..=len), whether a quotation is open there (a
/// statement running over several flattened paragraphs): copies are not inserted inside one.
fn open_quote_slots(host: &[String]) -> Vec<bool> {
    let joined = host.join(" ");
    let doc = Doc::new(&joined);
    let flags = crate::link::quotes::quoted(&joined, &doc);
    let mut open = vec![false; host.len() + 1];
    let mut at = 0;
    for (k, h) in host.iter().enumerate() {
        at += h.len();
        let last = doc.token_at_or_after(at).checked_sub(1);
        let closed = h.ends_with('"') || h.ends_with('”');
        open[k + 1] = k + 1 < host.len() && !closed && last.is_some_and(|t| flags[t]);
        at += 1;
    }
    open
}

fn insert_copies(
    kind: CaseKind,
    src: &str,
    sent: &[Span],
    doc: &Doc,
    host: &[String],
    rng: &mut Rng,
) -> (Builder, Vec<(Span, Span)>) {
    let n = sent.len();
    let total = doc.tokens.len();
    let q = crate::link::quotes::quoted(src, doc);
    let runs: Vec<std::ops::Range<usize>> = match kind {
        CaseKind::Verbatim => vec![sentence_run(
            doc,
            &q,
            sent,
            rng.below(n),
            1 + rng.below(3),
            8,
        )],
        CaseKind::Edited | CaseKind::Spun => vec![sentence_run(
            doc,
            &q,
            sent,
            rng.below(n.saturating_sub(1)),
            2 + rng.below(3),
            20,
        )],
        CaseKind::Partial => {
            let want = total * 2 / 5;
            let r = sentence_run(doc, &q, sent, 0, 1, want);
            let start = rng.below(n - r.len() + 1);
            vec![sentence_run(doc, &q, sent, start, 1, want)]
        }
        _ => {
            let half = n / 2;
            vec![
                sentence_run(
                    doc,
                    &q,
                    sent,
                    half + rng.below(n - half),
                    1 + rng.below(2),
                    8,
                ),
                sentence_run(doc, &q, sent, rng.below(half), 1 + rng.below(2), 8),
            ]
        }
    };
    let open = open_quote_slots(host);
    let free: Vec<usize> = (0..=host.len()).filter(|k| !open[*k]).collect();
    let mut slots: Vec<usize> = runs.iter().map(|_| free[rng.below(free.len())]).collect();
    slots.sort_unstable();
    let mut b = Builder::default();
    let mut passages = Vec::new();
    let mut next = 0;
    for (k, h) in host
        .iter()
        .enumerate()
        .chain(std::iter::once((host.len(), &String::new())))
    {
        while next < runs.len() && slots[next] == k {
            let r = &runs[next];
            let sspan = Span::new(sent[r.start].start as usize, sent[r.end - 1].end as usize);
            let text = sspan.slice(src);
            let text = match kind {
                CaseKind::Edited => edit(text, 0.1, rng),
                CaseKind::Spun => spin(text, 0.25, false, rng),
                _ => text.to_owned(),
            };
            passages.push((sspan, b.push(&text)));
            next += 1;
        }
        if !h.is_empty() {
            b.push(h);
        }
    }
    (b, passages)
}

fn paraphrase(src: &str, rng: &mut Rng) -> Builder {
    let mut b = Builder::default();
    for s in sentences(src) {
        let has_quote = s.contains('"') || s.contains('“');
        if !has_quote && rng.chance(0.15) {
            continue;
        }
        b.push(&reword(&s, rng));
    }
    b
}

/// Another article's sentences, with the source's capitalised words put in for its own, and
/// one of the source's quotations attributed to "an official".
fn same_event(src: &str, host: &[String], rng: &mut Rng) -> Builder {
    let mut names: Vec<&str> = Vec::new();
    crate::text::for_each_word(src, |s, e| {
        let w = &src[s..e];
        if s > 0
            && w.chars().next().is_some_and(char::is_uppercase)
            && !src[..s].trim_end().ends_with('.')
        {
            names.push(w);
        }
    });
    let mut b = Builder::default();
    let quote = quotes(src).into_iter().next();
    let at = rng.below(host.len() + 1);
    for (k, h) in host.iter().enumerate() {
        if k == at {
            if let Some(q) = &quote {
                b.push(&format!("{q} an official said."));
            }
        }
        let mut out = String::new();
        let mut last = 0;
        crate::text::for_each_word(h, |s, e| {
            let w = &h[s..e];
            if s > 0
                && !names.is_empty()
                && w.chars().next().is_some_and(char::is_uppercase)
                && rng.chance(0.7)
            {
                out.push_str(&h[last..s]);
                out.push_str(names[rng.below(names.len())]);
                last = e;
            }
        });
        out.push_str(&h[last..]);
        b.push(&out);
    }
    b
}

/// Cases per generated corpus (each article of the input is used at most once per corpus).
pub const CASES_PER_CORPUS: usize = 80;

/// Generates `cases` cases from `articles` (one article per line) in corpora of at most
/// [`CASES_PER_CORPUS`] cases, runs the pipeline on each and scores what it found.
pub fn run(articles: &str, cases: usize, seed: u64, config: &crate::pipeline::Config) -> Metrics {
    let lines: Vec<String> = articles
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let mut tally = Tally::default();
    let mut left = cases;
    let mut round = 0u64;
    while left > 0 {
        let n = left.min(CASES_PER_CORPUS);
        let generated = generate(
            &lines,
            n,
            seed.wrapping_add(round.wrapping_mul(0x9E37_79B9)),
        );
        if generated.truths.is_empty() {
            break;
        }
        let corpus = crate::corpus::Corpus::from_articles(generated.articles.clone());
        let analysis = crate::pipeline::analyse(&corpus, config);
        tally.add(&generated, &analysis.links);
        left -= n;
        round += 1;
    }
    tally.metrics()
}

/// Rewords a sentence outside its quotations: most content words swapped for synonyms,
/// 30% of the words dropped or padded, and the clause before the first comma
/// moved to the end when there is no quotation.
fn reword(sentence: &str, rng: &mut Rng) -> String {
    let spun = spin(sentence, 0.8, true, rng);
    if spun.contains('"') || spun.contains('“') {
        return spun;
    }
    let edited = edit(&spun, 0.3, rng);
    match edited.split_once(", ") {
        Some((head, tail)) if head.split_whitespace().count() >= 3 => {
            let tail = tail.trim_end_matches('.');
            format!("{}, {}.", super::synth::capitalise(tail), head)
        }
        _ => edited,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The Lee corpus beside the repository (CI), or in /work/shared; else a generated stand-in.
    fn source_text() -> String {
        let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/bench/data/lee_background.cor");
        for p in [
            beside,
            PathBuf::from("/work/shared/bench/data/lee_background.cor"),
        ] {
            if let Ok(t) = std::fs::read_to_string(&p) {
                return t;
            }
        }
        eprintln!("note: lee_background.cor not found; using generated articles");
        crate::eval::synth::random_articles(300, 0.0, 9)
            .map(|(_, t, _)| t + "\n")
            .collect()
    }

    #[test]
    fn passages_meet_minimums_on_fixed_seed() {
        let m = run(&source_text(), 70, 11, &Default::default());
        assert!(m.cases >= 60, "{m:?}");
        assert!(m.plagdet >= 0.90, "{m:?}");
        assert!(m.granularity <= 1.05, "{m:?}");
        assert!(m.link_precision >= 0.95, "{m:?}");
        assert!(m.link_recall >= 0.90, "{m:?}");
        assert!(m.false_link_rate < 0.01, "{m:?}");
        for (kind, found, all) in &m.recall_by_kind {
            if matches!(
                kind,
                CaseKind::Spun | CaseKind::Partial | CaseKind::Verbatim
            ) {
                assert!(*found as f64 >= 0.85 * *all as f64, "{kind:?}: {m:?}");
            }
        }
    }

    #[test]
    fn pan_measures_on_hand_made_detections() {
        use super::super::pan::{inter, union_len};
        assert_eq!(union_len(vec![(0, 5), (3, 8), (10, 12)]), 10);
        assert_eq!(inter(Span::new(0, 10), Span::new(5, 20)), Some((5, 10)));
        assert_eq!(inter(Span::new(0, 5), Span::new(5, 20)), None);
    }

    #[test]
    fn related_articles_share_eight_words() {
        let arts = vec![
            "one two three four five six seven eight nine".to_owned(),
            "zero one two three four five six seven eight".to_owned(),
            "nothing in common here at all with the others".to_owned(),
        ];
        assert_eq!(related_articles(&arts), [true, true, false]);
    }
}
