//! Generated evaluation cases from real sentences: copies with known spans, and negatives.
//!
//! Source articles are read at run time (one article per line, e.g. the Lee corpus); nothing
//! third-party is compiled in except the Moby thesaurus in `data/lexicon/` used to spin text.

use crate::corpus::{Article, Meta};
use crate::text::{for_each_word, Doc, Span};
use ahash::AHashMap;
use std::sync::OnceLock;

pub use super::Rng;

/// Seed offset of the passage-case generators (kept so seeded cases stay as recorded).
pub const SYNTH_STREAM: u64 = 0x853c_49e6_748f_ea9b;

const MOBY: &str = include_str!("../../data/lexicon/synonyms-moby.tsv");
const STOPWORDS: &str = include_str!("../../data/stopwords-en.txt");

/// The thesaurus: lower-case headword → synonyms.
fn thesaurus() -> &'static AHashMap<String, Vec<String>> {
    static T: OnceLock<AHashMap<String, Vec<String>>> = OnceLock::new();
    T.get_or_init(|| {
        MOBY.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (head, syns) = l.split_once('\t')?;
                let syns: Vec<String> = syns.split('|').map(str::to_owned).collect();
                Some((head.to_owned(), syns))
            })
            .collect()
    })
}

fn is_stopword(word: &str) -> bool {
    static S: OnceLock<ahash::AHashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        STOPWORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.trim().to_owned())
            .collect()
    })
    .contains(&word.to_lowercase())
}

/// The sentences of an article, as strings.
pub fn sentences(text: &str) -> Vec<String> {
    Doc::new(text)
        .sentences
        .iter()
        .map(|s| s.span.slice(text).trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Replaces about `share` of all words (content words with a synonym; quoted words when
/// `keep_quotes` is false too) with a random synonym, keeping capitalisation.
pub fn spin(text: &str, share: f64, keep_quotes: bool, rng: &mut Rng) -> String {
    let thes = thesaurus();
    let mut words: Vec<(usize, usize)> = Vec::new();
    for_each_word(text, |s, e| words.push((s, e)));
    let quoted = quoted_bytes(text);
    let mut candidates: Vec<usize> = (0..words.len())
        .filter(|&k| {
            let (s, e) = words[k];
            let w = &text[s..e];
            !(is_stopword(w) || keep_quotes && quoted[s]) && thes.contains_key(&w.to_lowercase())
        })
        .collect();
    rng.shuffle(&mut candidates);
    let want = ((share * words.len() as f64).round() as usize).min(candidates.len());
    let mut chosen: Vec<usize> = candidates[..want].to_vec();
    chosen.sort_unstable();
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for k in chosen {
        let (s, e) = words[k];
        let w = &text[s..e];
        let syns = &thes[&w.to_lowercase()];
        let mut syn = syns[rng.below(syns.len())].clone();
        if w.chars().next().is_some_and(char::is_uppercase) {
            syn = capitalise(&syn);
        }
        out.push_str(&text[at..s]);
        out.push_str(&syn);
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

/// `w` with its first letter in upper case.
pub fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// `true` for each byte inside ASCII or curly double quotes.
pub fn quoted_bytes(text: &str) -> Vec<bool> {
    let mut out = vec![false; text.len() + 1];
    let mut inside = false;
    for (i, c) in text.char_indices() {
        if matches!(c, '"' | '“' | '”') {
            inside = !inside;
        }
        for flag in &mut out[i..i + c.len_utf8()] {
            *flag = inside;
        }
    }
    out
}

/// Small edits: drops about `share`/2 of the words and inserts a function word after another
/// `share`/2.
pub fn edit(text: &str, share: f64, rng: &mut Rng) -> String {
    const FILLERS: [&str; 6] = ["also", "then", "reportedly", "now", "still", "further"];
    let mut words: Vec<(usize, usize)> = Vec::new();
    for_each_word(text, |s, e| words.push((s, e)));
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for (k, &(s, e)) in words.iter().enumerate() {
        if k > 0 && k + 1 < words.len() && rng.chance(share / 2.0) {
            out.push_str(&text[at..s]);
            at = words[k + 1].0;
            continue;
        }
        if rng.chance(share / 2.0) {
            out.push_str(&text[at..e]);
            out.push(' ');
            out.push_str(FILLERS[rng.below(FILLERS.len())]);
            at = e;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// Builds an article body from pieces, remembering where marked pieces went.
#[derive(Debug, Default)]
pub struct Builder {
    text: String,
}

impl Builder {
    /// Appends a piece (a space first when needed) and returns its span.
    pub fn push(&mut self, piece: &str) -> Span {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        let start = self.text.len();
        self.text.push_str(piece.trim());
        Span::new(start, self.text.len())
    }

    /// The article (one paragraph, no headline).
    pub fn finish(self, id: &str) -> Article {
        Article::new(id, id, None, self.text, Meta::default())
    }
}

const UNIGRAMS: &str = include_str!("../../data/lexicon/unigrams-en.tsv");

/// Random news-like articles for scale tests: Zipf-weighted words from the top 20,000 English
/// unigrams in sentences of 8–30 words, ~200–600 words each. A share `copies` of the articles
/// copy 40% of an earlier article's sentences, a quarter of their words swapped for synonyms.
/// Yields `(id, text, id of the copied article)`.
pub fn random_articles(
    n: usize,
    copies: f64,
    seed: u64,
) -> impl Iterator<Item = (String, String, Option<String>)> {
    let words: Vec<(&str, u64)> = UNIGRAMS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (w, c) = l.split_once('\t')?;
            Some((w, c.trim().parse().ok()?))
        })
        .filter(|(w, _)| w.chars().all(|c| c.is_ascii_alphabetic()))
        .take(20_000)
        .collect();
    let mut cumulative = Vec::with_capacity(words.len());
    let mut total = 0u64;
    for (_, c) in &words {
        total += c;
        cumulative.push(total);
    }
    let mut rng = Rng::new(seed ^ SYNTH_STREAM);
    let mut kept: Vec<(String, String)> = Vec::new();
    (0..n).map(move |i| {
        let copy = !kept.is_empty() && rng.chance(copies);
        let mut text = random_text(&words, &cumulative, total, &mut rng);
        let id = format!("synth-{i:07}");
        let mut copy_of = None;
        if copy {
            let (src_id, src) = &kept[rng.below(kept.len())];
            copy_of = Some(src_id.clone());
            let sents = sentences(src);
            let take = (sents.len() * 2 / 5).max(1);
            let start = rng.below(sents.len() - take + 1);
            let copied = spin(&sents[start..start + take].join(" "), 0.25, false, &mut rng);
            text = format!("{copied} {text}");
        }
        if kept.len() < 1000 {
            kept.push((id.clone(), text.clone()));
        } else {
            let k = rng.below(kept.len());
            kept[k] = (id.clone(), text.clone());
        }
        (id, text, copy_of)
    })
}

fn random_text(words: &[(&str, u64)], cumulative: &[u64], total: u64, rng: &mut Rng) -> String {
    let sentences = 10 + rng.below(20);
    let mut out = String::with_capacity(sentences * 120);
    for _ in 0..sentences {
        let len = 8 + rng.below(23);
        for k in 0..len {
            let r = rng.next_u64() % total.max(1);
            let at = cumulative.partition_point(|&c| c <= r).min(words.len() - 1);
            let w = words[at].0;
            if k == 0 {
                out.push_str(&capitalise(w));
            } else {
                out.push(' ');
                out.push_str(w);
            }
        }
        out.push_str(". ");
    }
    out.trim_end().to_owned()
}
