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

use crate::align::{Direction, DirectionBasis, Edit, EditOp, Link, LinkKind, Passage};
use crate::corpus::{Article, Meta, Published};
use crate::score::{self, lexicon::lexicon, FlagKind, Weights};
use crate::text::{tokenize, Doc, Span};
use std::collections::BTreeMap;
use std::ops::Range;

/// Deterministic random numbers (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Shuffles a slice in place.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

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

/// The Moby thesaurus (generator only; the scorer never reads it).
fn moby() -> BTreeMap<&'static str, Vec<&'static str>> {
    include_str!("../../data/lexicon/synonyms-moby.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (h, r) = l.split_once('\t')?;
            Some((h, r.split('|').collect()))
        })
        .collect()
}

/// Straight-quoted spans of a line with an attribution "Mr/Ms/Dr Name said" or "said Mr/Ms
/// Name" in the same sentence, found by the generator's own rule: (quote, speaker surname).
fn attributed_quotes(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let parts: Vec<&str> = line.split('"').collect();
    for i in (1..parts.len()).step_by(2) {
        let quote = parts[i].trim().trim_end_matches([',', '.']);
        if quote.split_whitespace().count() < 6 {
            continue;
        }
        let after: Vec<&str> = parts
            .get(i + 1)
            .map_or(vec![], |a| a.split_whitespace().take(4).collect());
        let title = |w: &str| matches!(w, "Mr" | "Ms" | "Mrs" | "Dr");
        let name = match after.as_slice() {
            [t, n, s, ..] if title(t) && s.starts_with("said") => Some(*n),
            [s, t, n, ..] if *s == "said" && title(t) => Some(n.trim_end_matches(['.', ','])),
            _ => None,
        };
        if let Some(n) = name.filter(|n| n.chars().all(char::is_alphabetic)) {
            out.push((quote.to_owned(), n.to_owned()));
        }
    }
    out
}

/// A near-miss spelling of `word` that is another word, if one exists.
fn near_miss(word: &str, rng: &mut Rng) -> Option<String> {
    const APOSTROPHE: [(&str, &str); 6] = [
        ("were", "we're"),
        ("its", "it's"),
        ("your", "you're"),
        ("whose", "who's"),
        ("well", "we'll"),
        ("lets", "let's"),
    ];
    if let Some((_, c)) = APOSTROPHE.iter().find(|(w, _)| *w == word) {
        return Some((*c).to_owned());
    }
    let lex = lexicon();
    let chars: Vec<char> = word.chars().collect();
    let mut cands = Vec::new();
    for i in 0..chars.len() {
        for l in 'a'..='z' {
            if l != chars[i] {
                let mut t = chars.clone();
                t[i] = l;
                cands.push(t.into_iter().collect::<String>());
            }
        }
        if i + 1 < chars.len() {
            let mut t = chars.clone();
            t.swap(i, i + 1);
            cands.push(t.into_iter().collect());
        }
    }
    cands.retain(|c| {
        c != word
            && lex.in_word_list(c)
            && lex.unigram(c) > 100_000
            && !c.starts_with(word)
            && !word.starts_with(c.as_str())
    });
    (!cands.is_empty()).then(|| cands.swap_remove(rng.below(cands.len())))
}

/// A Moby synonym of a content word that Moby lists back as its own first synonym (a
/// Moby-internal test of a strong pair; WordNet is never consulted).
fn strong_synonym(word: &str, moby: &BTreeMap<&str, Vec<&str>>) -> Option<String> {
    if lexicon().is_very_common(word) {
        return None;
    }
    let cands = moby.get(word)?;
    cands
        .iter()
        .take(3)
        .find(|s| {
            !lexicon().is_very_common(s) && moby.get(*s).and_then(|l| l.first()) == Some(&word)
        })
        .map(|s| (*s).to_owned())
}

/// Assembles text from pieces, labelling the pieces that carry a label.
fn assemble(
    pieces: &[(String, Option<FlagKind>)],
    article: usize,
    labels: &mut Vec<Label>,
) -> String {
    let mut text = String::new();
    for (p, kind) in pieces {
        if let Some(k) = kind {
            let body = p.trim();
            let start = text.len() + (p.len() - p.trim_start().len());
            labels.push((article, start..start + body.len(), Some(*k)));
        }
        text.push_str(p);
    }
    text
}

/// Splits a line into sentences at ". " followed by a capital or a quote.
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = line.as_bytes();
    for i in 1..b.len().saturating_sub(1) {
        if b[i - 1] == b'.' && b[i] == b' ' && (b[i + 1].is_ascii_uppercase() || b[i + 1] == b'"') {
            out.push(&line[start..i]);
            start = i + 1;
        }
    }
    out.push(&line[start..]);
    out
}

fn article(id: String, text: String, day: u32) -> Article {
    let meta = Meta {
        published: Published::parse(&format!("2001-01-{day:02}")).ok(),
        ..Meta::default()
    };
    if text.contains('\n') {
        // A headline line (the first words) keeps later lines, such as furniture, in the body.
        let head: String = text
            .split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" ");
        Article::new(&id, &id, Some(&head), text, meta)
    } else {
        // One line: all body, so token indices match the line's.
        Article::new(&id, &id, None, text, meta)
    }
}

/// Builds a spun copy of `text` with its edit script: Moby swaps (spin), near misses
/// (garble) and unrelated words (paraphrase). Returns (text, substituted token indices
/// with their label kind).
fn spun_copy(
    text: &str,
    rng: &mut Rng,
    moby: &BTreeMap<&str, Vec<&str>>,
    pool: &[&str],
) -> (String, Vec<(usize, Option<FlagKind>)>) {
    let tokens = tokenize(text);
    let mut order: Vec<usize> = (1..tokens.len()).collect();
    rng.shuffle(&mut order);
    let mut plan: Vec<(usize, String, Option<FlagKind>)> = Vec::new();
    let mut want = vec![
        Some(FlagKind::Spin),
        Some(FlagKind::Spin),
        Some(FlagKind::Garble),
        None,
    ];
    for i in order {
        let Some(kind) = want.last().copied() else {
            break;
        };
        let raw = tokens[i].span.slice(text);
        if !raw.chars().all(|c| c.is_ascii_lowercase())
            || raw.len() < 4
            || plan.iter().any(|p| p.0.abs_diff(i) < 2)
        {
            continue;
        }
        let new = match kind {
            Some(FlagKind::Spin) => strong_synonym(raw, moby),
            Some(_) => near_miss(raw, rng),
            None => Some(pool[rng.below(pool.len())].to_owned()),
        };
        if let Some(n) = new.filter(|n| tokenize(n).len() == 1 && n != raw) {
            plan.push((i, n, kind));
            want.pop();
        }
    }
    plan.sort_by_key(|p| p.0);
    let mut out = String::new();
    let mut last = 0;
    for (i, new, _) in &plan {
        let s = tokens[*i].span;
        out.push_str(&text[last..s.start as usize]);
        out.push_str(new);
        last = s.end as usize;
    }
    out.push_str(&text[last..]);
    (out, plan.into_iter().map(|(i, _, k)| (i, k)).collect())
}

/// The link from a source to its spun copy: one passage, Substitute at the swapped tokens.
fn copy_link(
    source: usize,
    derived: usize,
    sa: &Article,
    da: &Article,
    subs: &[(usize, Option<FlagKind>)],
) -> Link {
    let n = tokenize(&sa.text).len();
    let mut edits = Vec::new();
    let mut at = 0;
    for &(i, _) in subs {
        if i > at {
            edits.push(Edit {
                op: EditOp::Equal,
                source: at..i,
                derived: at..i,
            });
        }
        edits.push(Edit {
            op: EditOp::Substitute,
            source: i..i + 1,
            derived: i..i + 1,
        });
        at = i + 1;
    }
    if at < n {
        edits.push(Edit {
            op: EditOp::Equal,
            source: at..n,
            derived: at..n,
        });
    }
    Link {
        source,
        derived,
        kind: LinkKind::Spun,
        containment: 1.0,
        passages: vec![Passage {
            source_span: Span::new(0, sa.text.len()),
            derived_span: Span::new(0, da.text.len()),
            source_tokens: 0..n,
            derived_tokens: 0..n,
            words: n,
            edits,
        }],
        direction: Direction {
            basis: DirectionBasis::Published,
            evidence: vec!["generated copy".into()],
        },
        confidence: 1.0,
    }
}

/// True when the text before a word leaves a quotation open: its last straight quote mark
/// follows a space or starts the text (an opening mark), the generator's own rule.
fn inside_quote(before: &str) -> bool {
    before
        .rfind('"')
        .is_some_and(|i| i == 0 || before.as_bytes()[i - 1].is_ascii_whitespace())
}

/// Furniture lines, written for the generator independently of `data/boilerplate.txt`.
fn furniture(rng: &mut Rng, other: &str) -> String {
    let head: String = other
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    match rng.below(6) {
        0 => "Share this article".to_owned(),
        1 => format!("Read more: {head}"),
        2 => format!("More news: {head}"),
        3 => "Photo: Dean Lewins/AAP".to_owned(),
        4 => format!("Related: {head}"),
        _ => "Share".to_owned(),
    }
}

/// Generates the corpus, scores it and measures each kind. `lines` are the base articles.
pub fn evaluate(lines: &[&str], seed: u64) -> Vec<KindScore> {
    let mut rng = Rng::new(seed);
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
    let mut links = Vec::new();
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
    for (i, line) in copies.iter().enumerate() {
        let (text, subs) = spun_copy(line, &mut rng, &moby, &pool);
        let src = articles.len();
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
        links.push(copy_link(src, der, &articles[src], &copy, &subs));
        articles.push(copy);
    }
    let docs: Vec<Doc> = articles.iter().map(|a| Doc::new(&a.text)).collect();
    let scores = score::score(&articles, &docs, &links, &Weights::default());
    if std::env::var_os("CHURN_EVAL_DEBUG").is_some() {
        debug_dump(&articles, &scores.flags, &labels);
    }
    measure(&scores.flags, &labels)
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
            eprintln!(
                "MISS {:?} {:?} {:?}",
                l.2,
                articles[l.0].id,
                &articles[l.0].text[l.1.clone()]
            );
        }
    }
}

/// Per-kind precision and recall of flags against labels.
fn measure(flags: &[Vec<crate::score::Flag>], labels: &[Label]) -> Vec<KindScore> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_rules_work_on_small_text() {
        let q = attributed_quotes(
            r#"He spoke. "We will fight them on every single beach," Mr Smith said. Then left."#,
        );
        assert_eq!(
            q,
            [(
                "We will fight them on every single beach".to_owned(),
                "Smith".to_owned()
            )]
        );
        let mut rng = Rng::new(1);
        assert_eq!(near_miss("were", &mut rng).as_deref(), Some("we're"));
        assert_eq!(
            sentences("One here. Two there. three"),
            ["One here.", "Two there. three"]
        );
    }
}
