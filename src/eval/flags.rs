//! Synthetic evaluation of the reliability flags.
//!
//! Takes real news sentences (one article a line, e.g. the Lee background corpus), injects
//! labelled problems, runs [`crate::score::score`] and reports per-kind precision and recall.
//!
//! * spin: a copy of an article with words swapped for **Moby** thesaurus synonyms
//!   (`data/lexicon/synonyms-moby.tsv`), a different source from the scorer's WordNet;
//! * garble: in the same copies, words swapped for near-miss spellings that are other words
//!   (one letter edit, or an apostrophe variant), plus non-word typos in other articles;
//! * paraphrase (negative): in the same copies, words swapped for unrelated words, which
//!   must not be flagged;
//! * quote: a quote from one article repeated in a later article with another speaker;
//! * splice: a sentence from a held-out article (not in the corpus) inserted into an article;
//! * boilerplate: furniture lines (share, related links, photo credits) inserted as lines.
//!
//! The passage stage is not part of this evaluation: the spun copies come with the edit
//! script the generator knows (it made the swaps), so the alignment-based detectors are
//! tested on perfect alignments. Articles carry publication dates (hosts of repeated quotes
//! are a day later) so that the quote detector can tell which attribution came later.

mod inject;

pub use super::Rng;
use crate::corpus::Article;
use crate::score::{self, FlagKind, Weights};
use crate::text::Doc;
use inject::{
    article, assemble, attributed_quotes, furniture, inside_quote, moby, sentences, spun_copy,
};
use std::ops::Range;

/// Precision and recall of one flag kind.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct KindScore {
    /// The flag kind.
    pub kind: FlagKind,
    /// Problems injected.
    pub injected: usize,
    /// Injected problems covered by a flag of this kind.
    pub found: usize,
    /// Flags of this kind raised.
    pub flags: usize,
    /// Flags of this kind that overlap an injected problem of this kind.
    pub correct: usize,
    /// correct / flags (1 when no flag was raised).
    pub precision: f64,
    /// found / injected (1 when nothing was injected).
    pub recall: f64,
}

/// A labelled problem: article index, byte range, kind (`None` for a paraphrase negative).
type Label = (usize, Range<usize>, Option<FlagKind>);

/// Generates the corpus, scores it and measures each kind. `lines` are the base articles.
pub fn evaluate(lines: &[&str], seed: u64) -> Vec<KindScore> {
    let mut rng = Rng::new(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut lines: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.len() > 200)
        .collect();
    rng.shuffle(&mut lines);
    let third = lines.len() / 3;
    let (heldout, rest) = lines.split_at(third);
    let (base, copies) = rest.split_at(third);
    let moby = moby();
    let pool: Vec<&str> = moby.keys().copied().collect();
    let mut labels: Vec<Label> = Vec::new();
    let mut articles: Vec<Article> = Vec::new();
    let names: Vec<String> = heldout
        .iter()
        .flat_map(|l| attributed_quotes(l))
        .map(|q| q.1)
        .collect();
    let mut quote_sources: Vec<(String, String)> = Vec::new();
    for (i, line) in base.iter().enumerate() {
        let id = format!("base{i:03}");
        let mut pieces: Vec<(String, Option<FlagKind>)> = Vec::new();
        let sents = sentences(line);
        let splice_at = (i % 3 == 0 && sents.len() > 3).then(|| 1 + rng.below(sents.len() - 2));
        let quote_here = i % 3 == 1 && !quote_sources.is_empty() && !names.is_empty();
        for (k, s) in sents.iter().enumerate() {
            if k > 0 {
                pieces.push((" ".into(), None));
            }
            if splice_at == Some(k) {
                let donor = sentences(heldout[rng.below(heldout.len())]);
                pieces.push((
                    donor[rng.below(donor.len())].to_owned(),
                    Some(FlagKind::Splice),
                ));
                pieces.push((" ".into(), None));
            }
            pieces.push(((*s).to_owned(), None));
        }
        if quote_here {
            let (q, speaker) = quote_sources.swap_remove(rng.below(quote_sources.len()));
            let other = names
                .iter()
                .cycle()
                .skip(rng.below(names.len()))
                .find(|n| **n != speaker)
                .cloned();
            if let Some(name) = other {
                pieces.push((" ".into(), None));
                pieces.push((format!("\"{q},\" said Mr {name}."), Some(FlagKind::Quote)));
            }
        }
        if i % 4 == 2 {
            pieces.push(("\n".into(), None));
            let donor = heldout[rng.below(heldout.len())];
            pieces.push((furniture(&mut rng, donor), Some(FlagKind::Boilerplate)));
        }
        let day = if quote_here { 3 } else { 1 };
        if !quote_here {
            quote_sources.extend(attributed_quotes(line));
        }
        let first_label = labels.len();
        let a = article(id, assemble(&pieces, articles.len(), &mut labels), day);
        // Labels index the assembled body; the article text may start with a headline line.
        let shift = a.body.start as usize;
        for l in &mut labels[first_label..] {
            l.1 = l.1.start + shift..l.1.end + shift;
        }
        articles.push(a);
    }
    // The injected quotes are sentences lifted from another article of the corpus into an
    // unrelated one: a splice flag on them is right in substance, so it counts neither way.
    let lifted: Vec<Label> = labels
        .iter()
        .filter(|l| l.2 == Some(FlagKind::Quote))
        .map(|l| (l.0, l.1.clone(), Some(FlagKind::Splice)))
        .collect();
    for (i, line) in copies.iter().enumerate() {
        let (text, subs) = spun_copy(line, &mut rng, &moby, &pool);
        articles.push(article(format!("src{i:03}"), (*line).to_owned(), 1));
        let der = articles.len();
        let copy = article(format!("spun{i:03}"), text, 2);
        let doc = Doc::new(&copy.text);
        let body = copy.body.start as usize;
        for &(t, kind) in &subs {
            let s = doc.tokens[t].span;
            labels.push((der, s.range(), kind));
            // Any swap inside quotation marks also alters the quote.
            if inside_quote(&copy.text[body..s.start as usize]) {
                labels.push((der, s.range(), Some(FlagKind::Quote)));
            }
        }
        articles.push(copy);
    }
    let docs: Vec<Doc> = articles.iter().map(|a| Doc::new(&a.text)).collect();
    // The spun copies are found and aligned by the passage stage itself, as in `analyse`.
    let links = crate::link::link(&articles, &docs, &crate::link::LinkConfig::default()).links;
    let scores = score::score(&articles, &docs, &links, &Weights::default());
    if std::env::var_os("CHURN_EVAL_DEBUG").is_some() {
        debug_dump(&articles, &scores.flags, &labels);
    }
    if let Some(path) = std::env::var_os("CHURN_EVAL_DUMP") {
        dump_json(&path, &articles, &scores.flags, &labels);
    }
    measure(&scores.flags, &labels, &lifted)
}

/// One injected problem or one raised flag in the `CHURN_EVAL_DUMP` file: the article's index
/// in `articles`, the byte range in its text and the flag kind (`null` for a paraphrase
/// negative).
#[derive(serde::Serialize)]
struct DumpSpan {
    article: usize,
    start: usize,
    end: usize,
    kind: Option<FlagKind>,
}

/// The generated corpus with its labels and the flags raised, for analysis outside churn.
#[derive(serde::Serialize)]
struct Dump<'a> {
    articles: Vec<DumpArticle<'a>>,
    labels: Vec<DumpSpan>,
    flags: Vec<DumpSpan>,
}

/// An article of the dump: id, full text and where its body starts.
#[derive(serde::Serialize)]
struct DumpArticle<'a> {
    id: &'a str,
    text: &'a str,
    body: usize,
}

/// Writes the generated corpus, its labels and the flags to `path` as one JSON object
/// (set `CHURN_EVAL_DUMP=FILE`; `docs/scoring.md` uses it for the splice analysis).
#[allow(clippy::print_stderr)]
fn dump_json(
    path: &std::ffi::OsStr,
    articles: &[Article],
    flags: &[Vec<crate::score::Flag>],
    labels: &[Label],
) {
    let dump = Dump {
        articles: articles
            .iter()
            .map(|a| DumpArticle {
                id: &a.id,
                text: &a.text,
                body: a.body.start as usize,
            })
            .collect(),
        labels: labels
            .iter()
            .map(|l| DumpSpan {
                article: l.0,
                start: l.1.start,
                end: l.1.end,
                kind: l.2,
            })
            .collect(),
        flags: flags
            .iter()
            .enumerate()
            .flat_map(|(i, fs)| {
                fs.iter().map(move |f| DumpSpan {
                    article: i,
                    start: f.start,
                    end: f.end,
                    kind: Some(f.kind),
                })
            })
            .collect(),
    };
    let written = serde_json::to_vec(&dump)
        .map_err(std::io::Error::other)
        .and_then(|bytes| std::fs::write(path, bytes));
    if let Err(e) = written {
        eprintln!(
            "churn: warning: cannot write {}: {e}",
            path.to_string_lossy()
        );
    }
}

#[allow(clippy::print_stderr)]
fn debug_dump(articles: &[Article], flags: &[Vec<crate::score::Flag>], labels: &[Label]) {
    for (i, fs) in flags.iter().enumerate() {
        for f in fs {
            let ok = labels
                .iter()
                .any(|l| l.0 == i && l.2 == Some(f.kind) && l.1.start < f.end && f.start < l.1.end);
            let t = &articles[i].text;
            let mut c = f.start.saturating_sub(250);
            while !t.is_char_boundary(c) {
                c += 1;
            }
            eprintln!(
                "FLAG {} {:?} {:?} {:?} | {} | CONTEXT {}",
                if ok { "TP" } else { "FP" },
                f.kind,
                articles[i].id,
                f.text,
                f.evidence.text,
                &t[c..f.end]
            );
        }
    }
    for l in labels {
        let hit = flags[l.0]
            .iter()
            .any(|f| Some(f.kind) == l.2 && l.1.start < f.end && f.start < l.1.end);
        if !hit {
            let t = &articles[l.0].text;
            let around = |mut i: usize| {
                while !t.is_char_boundary(i) {
                    i += 1;
                }
                i
            };
            let (c, e) = (
                around(l.1.start.saturating_sub(250)),
                around((l.1.end + 120).min(t.len())),
            );
            eprintln!(
                "MISS {:?} {:?} {:?} | CONTEXT {}",
                l.2,
                articles[l.0].id,
                &t[l.1.clone()],
                &t[c..e]
            );
        }
    }
}

/// Per-kind precision and recall of flags against labels. Flags that overlap a `neutral`
/// label of their kind are left out of the flag counts (neither correct nor wrong).
fn measure(
    flags: &[Vec<crate::score::Flag>],
    labels: &[Label],
    neutral: &[Label],
) -> Vec<KindScore> {
    let kinds = [
        FlagKind::Spin,
        FlagKind::Garble,
        FlagKind::Quote,
        FlagKind::Splice,
        FlagKind::Boilerplate,
    ];
    let overlaps = |a: &Range<usize>, s: usize, e: usize| a.start < e && s < a.end;
    kinds
        .iter()
        .map(|&kind| {
            let mine: Vec<&Label> = labels.iter().filter(|l| l.2 == Some(kind)).collect();
            let raised: Vec<(usize, &crate::score::Flag)> = flags
                .iter()
                .enumerate()
                .flat_map(|(i, fs)| fs.iter().filter(|f| f.kind == kind).map(move |f| (i, f)))
                .filter(|(i, f)| {
                    !neutral
                        .iter()
                        .any(|l| l.0 == *i && l.2 == Some(kind) && overlaps(&l.1, f.start, f.end))
                })
                .collect();
            let correct = raised
                .iter()
                .filter(|(i, f)| {
                    mine.iter()
                        .any(|l| l.0 == *i && overlaps(&l.1, f.start, f.end))
                })
                .count();
            let found = mine
                .iter()
                .filter(|l| {
                    raised
                        .iter()
                        .any(|(i, f)| l.0 == *i && overlaps(&l.1, f.start, f.end))
                })
                .count();
            let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
            KindScore {
                kind,
                injected: mine.len(),
                found,
                flags: raised.len(),
                correct,
                precision: ratio(correct, raised.len()),
                recall: ratio(found, mine.len()),
            }
        })
        .collect()
}
