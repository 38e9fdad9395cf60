//! Topical relatedness from WordNet glosses: outside knowledge of which words go together.
//!
//! Each listed English word carries the words of the WordNet 3.0 glosses around it (its
//! senses' definitions and examples, and those of the synsets one pointer away: hypernyms,
//! topic domains, derivations, holonyms...), weighted by how specific they are
//! (`data/gloss/gloss-wordnet.tsv`, built by `data/gloss/build/build_gloss.py`; see
//! `data/gloss/PROVENANCE.md`). "bowler" thus carries "cricket" and "ball", "Kabul" carries
//! "Afghanistan" and "capital". A sentence is related to the rest of its article as far as
//! the gloss words of its words (and the words themselves) occur among those of the rest
//! (Patwardhan and Pedersen's gloss vectors, first order, with overlap instead of cosine).
//!
//! Everything is looked up by hash of the word: no per-word allocation.

use crate::text::hash_bytes;
use ahash::AHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Weight of a word itself among its features (its strongest gloss word weighs 9).
const SELF_WEIGHT: f32 = 9.0;
/// Longest word form the suffix rules rewrite (longer words are looked up as they are).
const MAX_FORM: usize = 48;
/// Inflection endings and their replacements, tried in order when a form is not listed
/// (WordNet's "morphy" rules for nouns, verbs and adjectives).
const SUFFIXES: [(&str, &str); 18] = [
    ("ies", "y"),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("es", "e"),
    ("es", ""),
    ("s", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
    ("er", ""),
    ("est", ""),
    ("er", "e"),
    ("est", "e"),
];

/// The gloss words of every listed word, by hash.
#[derive(Debug, Default)]
pub struct Glosses {
    /// Entry number of each listed form (lemmas and irregular inflections), by hash.
    forms: AHashMap<u64, u32>,
    /// Per entry: the lemma's hash and the range of its features in `features`.
    entries: Vec<(u64, u32, u32)>,
    /// Gloss words (by hash of the lemma) and weights, entry after entry.
    features: Vec<(u64, f32)>,
    /// The [`Bag`] counters and weight of each entry's lemma followed by those of its
    /// features, entry after entry (entry `e`'s list starts at its feature start plus `e`):
    /// a third of the bytes of `features` to read where only the counters and weights
    /// matter, one short list per word ([`Glosses::counters`]).
    slots: Vec<([u16; 2], f32)>,
}

/// The embedded gloss table, parsed once.
pub fn glosses() -> &'static Glosses {
    static GLOSSES: OnceLock<Glosses> = OnceLock::new();
    GLOSSES.get_or_init(|| Glosses::parse(include_str!("../../data/gloss/gloss-wordnet.tsv")))
}

impl Glosses {
    /// Parses the table format of `data/gloss/gloss-wordnet.tsv`: `V<TAB>word` lines number
    /// the gloss words from 0, `word<TAB>n:w ...` lines list a word's gloss words by number
    /// with weights, `form<TAB>=lemma` lines send an irregular form to its lemma. Malformed
    /// lines and cells are skipped.
    pub fn parse(text: &str) -> Glosses {
        let mut vocab: Vec<u64> = Vec::new();
        let mut g = Glosses::default();
        let mut aliases: Vec<(&str, &str)> = Vec::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((head, rest)) = line.split_once('\t') else {
                continue;
            };
            if head == "V" {
                vocab.push(hash_bytes(rest.as_bytes()));
            } else if let Some(lemma) = rest.strip_prefix('=') {
                aliases.push((head, lemma));
            } else {
                let start = g.features.len() as u32;
                let key = hash_bytes(head.as_bytes());
                g.slots.push((Bag::slots(key), SELF_WEIGHT));
                for cell in rest.split(' ') {
                    let Some((n, w)) = cell.split_once(':') else {
                        continue;
                    };
                    let (Ok(n), Ok(w)) = (n.parse::<usize>(), w.parse::<f32>()) else {
                        continue;
                    };
                    if let Some(&h) = vocab.get(n) {
                        g.features.push((h, w));
                        g.slots.push((Bag::slots(h), w));
                    }
                }
                g.forms.insert(key, g.entries.len() as u32);
                g.entries.push((key, start, g.features.len() as u32));
            }
        }
        for (form, lemma) in aliases {
            if let Some(&e) = g.forms.get(&hash_bytes(lemma.as_bytes())) {
                g.forms.entry(hash_bytes(form.as_bytes())).or_insert(e);
            }
        }
        g
    }

    /// Number of listed words.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no word is listed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry of a lower-case word: the word itself, an irregular form, or the word with
    /// an inflection ending rewritten.
    fn entry(&self, word: &str) -> Option<u32> {
        if let Some(&e) = self.forms.get(&hash_bytes(word.as_bytes())) {
            return Some(e);
        }
        let bytes = word.as_bytes();
        if bytes.len() > MAX_FORM {
            return None;
        }
        let mut buf = [0u8; MAX_FORM];
        SUFFIXES.iter().find_map(|(suffix, with)| {
            let stem = bytes.strip_suffix(suffix.as_bytes())?;
            if stem.len() < 2 {
                return None;
            }
            let n = stem.len() + with.len();
            buf[..stem.len()].copy_from_slice(stem);
            buf[stem.len()..n].copy_from_slice(with.as_bytes());
            self.forms.get(&hash_bytes(&buf[..n])).copied()
        })
    }

    /// A lower-case word looked up once.
    pub fn resolve(&self, word: &str) -> Word {
        match self.entry(word) {
            Some(e) => Word::Listed(e),
            None => Word::Unlisted(hash_bytes(word.as_bytes())),
        }
    }

    /// Calls `f` with each feature of a lower-case word and its weight: the word's lemma
    /// (or the word itself when it is not listed) and its gloss words.
    pub fn features(&self, word: &str, f: impl FnMut(u64, f32)) {
        self.each(self.resolve(word), f);
    }

    /// [`Glosses::features`] of a resolved word.
    pub fn each(&self, word: Word, mut f: impl FnMut(u64, f32)) {
        match word {
            Word::Listed(e) => {
                let (key, start, end) = self.entries[e as usize];
                f(key, SELF_WEIGHT);
                for &(h, w) in &self.features[start as usize..end as usize] {
                    f(h, w);
                }
            }
            Word::Unlisted(h) => f(h, SELF_WEIGHT),
        }
    }

    /// Where the [`Bag`] counters of a resolved word's features are (see [`Counters`]).
    pub fn counters(&self, word: Word) -> Counters {
        match word {
            Word::Listed(e) => {
                let (_, start, end) = self.entries[e as usize];
                Counters::List(start + e, end + e + 1)
            }
            Word::Unlisted(h) => Counters::One(Bag::slots(h)),
        }
    }

    /// The [`Bag`] counters and weights of a listed word's features (empty for a word the
    /// table does not list).
    fn list(&self, word: Counters) -> &[([u16; 2], f32)] {
        match word {
            Counters::List(start, end) => self
                .slots
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            Counters::One(_) => &[],
        }
    }

    /// [`Glosses::each`] of a word given by its [`Counters`], with each feature given by its
    /// [`Bag`] counters.
    fn each_slot(&self, word: Counters, mut f: impl FnMut([u16; 2], f32)) {
        match word {
            Counters::List(..) => self.list(word).iter().for_each(|&(s, w)| f(s, w)),
            Counters::One(slots) => f(slots, SELF_WEIGHT),
        }
    }
}

/// A word as [`Glosses::resolve`] found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// A listed word: its entry.
    Listed(u32),
    /// A word the table does not list: the hash of the word, its only feature.
    Unlisted(u64),
}

/// The [`Bag`] counters of a word's features, found once per word ([`Glosses::counters`]) so
/// that filling a bag reads the word's list and nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counters {
    /// A listed word: the range of its list in the table's counter lists.
    List(u32, u32),
    /// A word the table does not list: the counters of its only feature.
    One([u16; 2]),
}

/// Number of counters in a [`Bag`] (a power of two): 64 KiB, few collisions for the ~10k
/// features of a long article.
const BAG_SLOTS: usize = 1 << 16;

/// How many words of a text give each feature, kept as a counting Bloom filter (two counters
/// per feature, the count is the smaller): a fixed-size table instead of a sorted list or map,
/// so that filling it and taking a sentence out are a few array updates per feature. A
/// collision can only make a feature look present (rarely: a few percent at 10k features).
#[derive(Debug, Clone)]
pub struct Bag {
    /// Saturating counters.
    counts: Vec<u8>,
}

impl Bag {
    /// The bag of `words` (content words, resolved).
    pub fn new(g: &Glosses, words: impl Iterator<Item = Word>) -> Bag {
        let mut bag = Bag::empty();
        for w in words {
            bag.add(g, g.counters(w));
        }
        bag
    }

    /// An empty bag.
    pub fn empty() -> Bag {
        Bag {
            counts: vec![0; BAG_SLOTS],
        }
    }

    /// Empties the bag, then counts the features of words given by their [`Counters`]: the
    /// same bag as [`Bag::new`] of the words. The first counters of every word are read
    /// before any is counted, so that the reads of the table overlap instead of waiting on
    /// one another.
    pub fn refill(&mut self, g: &Glosses, words: &[Counters]) {
        self.counts[..BAG_SLOTS].fill(0);
        let mut first = 0u16;
        for &c in words {
            if let Some(s) = g.list(c).first() {
                first ^= s.0[0];
            }
        }
        std::hint::black_box(first);
        for &c in words {
            self.add(g, c);
        }
    }

    /// The two counters of feature `h` (16 bits each: [`BAG_SLOTS`] is 2^16).
    fn slots(h: u64) -> [u16; 2] {
        [h as u16, (h >> 32) as u16]
    }

    /// Takes back the features of a word counted before, given by its [`Counters`] (a
    /// saturated counter stays).
    fn remove(&mut self, g: &Glosses, word: Counters) {
        let counts = &mut self.counts[..BAG_SLOTS];
        g.each_slot(word, |slots, _| {
            for s in slots {
                let c = &mut counts[usize::from(s)];
                if *c < u8::MAX {
                    *c = c.saturating_sub(1);
                }
            }
        });
    }

    /// Counts the features of a word given by its [`Counters`].
    fn add(&mut self, g: &Glosses, word: Counters) {
        let counts = &mut self.counts[..BAG_SLOTS];
        g.each_slot(word, |slots, _| {
            for s in slots {
                let c = &mut counts[usize::from(s)];
                *c = c.saturating_add(1);
            }
        });
    }

    /// True when some counted word gives the feature of counters `slots`.
    fn has(&self, slots: [u16; 2]) -> bool {
        let counts = &self.counts[..BAG_SLOTS];
        slots.iter().all(|&s| counts[usize::from(s)] > 0)
    }
}

/// Relatedness (0 to 1) of a sentence to the rest of its article. `article` is the [`Bag`] of
/// the article's content words, the sentence's included; `tokens` are the words of the
/// sentence the rest of the article lacks (taken out of `article` while it is judged, then
/// put back: all its content words when the bag counts every token, the ones found nowhere
/// else when it counts each distinct word once) and `words` its distinct words with their
/// weights. Each word counts by the weighted share of its features found in
/// the rest; the words are averaged by weight. 0 without words. Words are given by their
/// [`Counters`].
pub fn relatedness(
    g: &Glosses,
    words: &[(Counters, f64)],
    tokens: impl Iterator<Item = Counters> + Clone,
    article: &mut Bag,
) -> f64 {
    for w in tokens.clone() {
        article.remove(g, w);
    }
    let (mut sum, mut total) = (0.0, 0.0);
    for &(word, weight) in words {
        let (mut hit, mut all) = (0.0f32, 0.0f32);
        g.each_slot(word, |slots, w| {
            all += w;
            if article.has(slots) {
                hit += w;
            }
        });
        if all > 0.0 {
            sum += weight * f64::from(hit / all);
            total += weight;
        }
    }
    for w in tokens {
        article.add(g, w);
    }
    if total > 0.0 {
        sum / total
    } else {
        0.0
    }
}

/// Most articles a [`Background`] compares a sentence with (the bits of a mask).
pub const BACKGROUND_ARTICLES: usize = 64;
/// Distinct words whose fits a thread remembers ([`Background::fit`]) before clearing them.
const FIT_MEMORY_WORDS: usize = 1 << 16;

/// Source of [`Background`] identities (0 is the empty default).
static NEXT_BACKGROUND: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// The shares of the words whose fits this thread has computed ([`Background::fit`]).
    static FIT_MEMORY: RefCell<FitMemory> = RefCell::new(FitMemory::default());
}

/// The share of each word's features each member of a [`Background`] gives, for the words a
/// thread has seen: listed words are found by entry number, with no hashing.
#[derive(Default)]
struct FitMemory {
    /// The identity of the [`Background`] the shares belong to.
    id: u64,
    /// Where each listed word's shares are in `shares` ([`UNKNOWN`] when not yet computed), by
    /// entry number (empty until a listed word is seen).
    listed: Vec<u32>,
    /// Where each unlisted word's shares are in `shares`, by hash.
    unlisted: AHashMap<u64, u32>,
    /// The shares, in the order the words were first seen.
    shares: Vec<[f32; BACKGROUND_ARTICLES]>,
}

/// A listed word whose shares [`FitMemory`] does not hold.
const UNKNOWN: u32 = u32::MAX;

impl FitMemory {
    /// Forgets every word when the background is another or too many words are remembered.
    fn reset_for(&mut self, background: &Background) {
        if self.id != background.id || self.shares.len() > FIT_MEMORY_WORDS {
            self.id = background.id;
            self.listed.fill(UNKNOWN);
            self.unlisted.clear();
            self.shares.clear();
        }
    }

    /// The shares of `word` (computed by `compute` the first time).
    fn shares(
        &mut self,
        g: &Glosses,
        word: Word,
        compute: impl FnOnce() -> [f32; BACKGROUND_ARTICLES],
    ) -> &[f32; BACKGROUND_ARTICLES] {
        let FitMemory {
            listed,
            unlisted,
            shares,
            ..
        } = self;
        let at = match word {
            Word::Listed(e) => {
                if listed.len() < g.len() {
                    listed.resize(g.len(), UNKNOWN);
                }
                match listed.get_mut(e as usize) {
                    Some(slot) => {
                        if *slot == UNKNOWN {
                            shares.push(compute());
                            *slot = (shares.len() - 1) as u32;
                        }
                        *slot
                    }
                    None => {
                        shares.push(compute());
                        (shares.len() - 1) as u32
                    }
                }
            }
            Word::Unlisted(h) => *unlisted.entry(h).or_insert_with(|| {
                shares.push(compute());
                (shares.len() - 1) as u32
            }),
        };
        &shares[at as usize]
    }
}

/// The gloss features of a few articles spread over the corpus: how well a sentence fits
/// articles in general, against which its fit with its own article is ranked (a sentence
/// lifted from another story fits its new article no better than it fits most others).
#[derive(Debug, Default)]
pub struct Background {
    /// For each feature given by some member, bit `j` set when member `j` gives it.
    masks: AHashMap<u64, u64>,
    /// Corpus index of each member.
    members: Vec<u32>,
    /// Identity of this background among those built by the process (for the per-thread
    /// memory of fits).
    id: u64,
}

impl Background {
    /// The background of members `members` (at most [`BACKGROUND_ARTICLES`]; the rest are
    /// ignored), each given as the corpus index and the resolved content words of the article.
    pub fn new(g: &Glosses, members: Vec<(u32, Vec<Word>)>) -> Background {
        let mut bg = Background {
            id: NEXT_BACKGROUND.fetch_add(1, Ordering::Relaxed),
            ..Background::default()
        };
        for (j, (index, words)) in members.into_iter().take(BACKGROUND_ARTICLES).enumerate() {
            for w in words {
                g.each(w, |h, _| *bg.masks.entry(h).or_default() |= 1 << j);
            }
            bg.members.push(index);
        }
        bg
    }

    /// Corpus index of each member, in mask bit order.
    pub fn members(&self) -> &[u32] {
        &self.members
    }

    /// Weighted share of the features of `word` that each member gives.
    fn shares(&self, g: &Glosses, word: Word) -> [f32; BACKGROUND_ARTICLES] {
        let mut hit = [0.0f32; BACKGROUND_ARTICLES];
        let mut all = 0.0f32;
        g.each(word, |h, w| {
            all += w;
            let mut mask = self.masks.get(&h).copied().unwrap_or(0);
            while mask != 0 {
                let j = mask.trailing_zeros() as usize;
                hit[j] += w;
                mask &= mask - 1;
            }
        });
        if all > 0.0 {
            for h in &mut hit {
                *h /= all;
            }
        }
        hit
    }

    /// Relatedness of the distinct weighted `words` to each member (by mask bit), measured as
    /// [`relatedness`] measures it with the article. Each thread remembers the shares of the
    /// words it has seen, so a word's features are looked up once per background.
    pub fn fit(&self, g: &Glosses, words: &[(Word, f64)]) -> [f64; BACKGROUND_ARTICLES] {
        let mut sum = [0.0f64; BACKGROUND_ARTICLES];
        let mut total = 0.0;
        FIT_MEMORY.with(|memory| {
            let mut memory = memory.borrow_mut();
            memory.reset_for(self);
            for &(word, weight) in words {
                let share = memory.shares(g, word, || self.shares(g, word));
                total += weight;
                for (s, &h) in sum.iter_mut().zip(share.iter()) {
                    *s += weight * f64::from(h);
                }
            }
        });
        if total > 0.0 {
            for s in &mut sum {
                *s /= total;
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_knows_topics() {
        let g = glosses();
        assert!(g.len() > 20_000, "{}", g.len());
        let gloss_of = |w: &str| {
            let mut v = Vec::new();
            g.features(w, |h, _| v.push(h));
            v
        };
        let has = |w: &str, topic: &str| gloss_of(w).contains(&hash_bytes(topic.as_bytes()));
        assert!(has("bowler", "cricket"));
        assert!(has("bowlers", "cricket"));
        assert!(has("kabul", "afghanistan"));
        assert!(!has("bowler", "afghanistan"));
        // An unlisted word stands for itself.
        assert_eq!(gloss_of("xqzzv"), [hash_bytes(b"xqzzv")]);
    }

    #[test]
    fn irregular_forms_and_suffixes_find_their_lemma() {
        let g = Glosses::parse("# x\nV\tfire\nV\tflight\nfire\t0:9\nflee\t1:9\nfled\t=flee\n");
        assert_eq!(g.entry("fires"), g.entry("fire"));
        assert_eq!(g.entry("firing"), g.entry("fire"));
        assert_eq!(g.entry("fled"), g.entry("flee"));
        assert!(g.entry("fire").is_some() && g.entry("flee").is_some());
        assert_eq!(g.entry("xfires"), None);
        // Malformed lines and cells do not panic.
        let bad = Glosses::parse("V\nfire\t9:9 x:1 0:\nno tab\n=\t=\n");
        assert_eq!(bad.len(), 1);
    }

    #[test]
    fn a_sentence_on_the_topic_relates_and_one_off_it_does_not() {
        let g = glosses();
        let article = [
            "bushfire",
            "firefighters",
            "blaze",
            "homes",
            "flames",
            "smoke",
        ];
        let on = ["fire", "burned"];
        let off = ["bowler", "wicket"];
        let rel = |s: &[&str]| {
            let mut all: Vec<&str> = article.to_vec();
            all.extend_from_slice(s);
            let words: Vec<(Counters, f64)> =
                s.iter().map(|w| (g.counters(g.resolve(w)), 1.0)).collect();
            let mut bag = Bag::new(g, all.into_iter().map(|w| g.resolve(w)));
            let before = bag.counts.clone();
            let r = relatedness(g, &words, words.iter().map(|x| x.0), &mut bag);
            assert_eq!(bag.counts, before, "the sentence is put back");
            r
        };
        assert!(rel(&on) > 0.1, "{}", rel(&on));
        assert!(rel(&off) < rel(&on) / 2.0, "{} {}", rel(&off), rel(&on));
        assert_eq!(rel(&[]), 0.0);
    }

    #[test]
    fn a_refilled_bag_counts_what_a_new_one_does() {
        let g = glosses();
        let words: Vec<Word> = ["bushfire", "blaze", "xqzzv", "cricket", "blaze"]
            .iter()
            .map(|w| g.resolve(w))
            .collect();
        let fresh = Bag::new(g, words.iter().copied());
        let mut reused = Bag::new(g, std::iter::once(g.resolve("wicket")));
        let counters: Vec<Counters> = words.iter().map(|&w| g.counters(w)).collect();
        reused.refill(g, &counters);
        assert_eq!(reused.counts, fresh.counts);
        assert!(fresh.counts.iter().filter(|&&c| c > 0).count() > 20);
    }

    #[test]
    fn remembered_fits_are_the_fits_computed_afresh() {
        let g = glosses();
        let words = |ws: &[&str]| ws.iter().map(|w| g.resolve(w)).collect::<Vec<Word>>();
        let bg = Background::new(
            g,
            vec![
                (0, words(&["bushfire", "firefighters", "blaze", "smoke"])),
                (1, words(&["bowler", "wicket", "batsman", "xqzzv"])),
            ],
        );
        let other = Background::new(g, vec![(2, words(&["parliament", "vote"]))]);
        let sentence: Vec<(Word, f64)> = ["flames", "burned", "xqzzv", "wicket", "flames"]
            .iter()
            .enumerate()
            .map(|(i, w)| (g.resolve(w), 1.0 + i as f64))
            .collect();
        // By hand: each word's shares weighted by the word's weight.
        let mut want = [0.0f64; BACKGROUND_ARTICLES];
        for &(w, weight) in &sentence {
            for (s, h) in want.iter_mut().zip(bg.shares(g, w)) {
                *s += weight * f64::from(h);
            }
        }
        let total: f64 = sentence.iter().map(|x| x.1).sum();
        want.iter_mut().for_each(|s| *s /= total);
        let first = bg.fit(g, &sentence);
        assert_eq!(first, want);
        // Remembered, forgotten for another background, and computed again.
        assert_eq!(bg.fit(g, &sentence), want);
        assert_ne!(other.fit(g, &sentence), want);
        assert_eq!(bg.fit(g, &sentence), want);
        assert!(first[0] > 0.0 && first[1] > 0.0);
    }

    #[test]
    fn the_background_ranks_a_sentence_against_other_articles() {
        let g = glosses();
        let words = |ws: &[&str]| ws.iter().map(|w| g.resolve(w)).collect::<Vec<Word>>();
        let fires = words(&["bushfire", "firefighters", "blaze", "smoke"]);
        let cricket = words(&["bowler", "wicket", "batsman", "innings"]);
        let bg = Background::new(g, vec![(4, fires), (9, cricket)]);
        assert_eq!(bg.members(), [4, 9]);
        let sentence: Vec<(Word, f64)> = ["flames", "burned"]
            .iter()
            .map(|w| (g.resolve(w), 1.0))
            .collect();
        let fit = bg.fit(g, &sentence);
        assert!(fit[0] > fit[1], "{:?}", &fit[..2]);
        assert!(fit[2..].iter().all(|&f| f == 0.0));
        assert_eq!(bg.fit(g, &[]), [0.0; BACKGROUND_ARTICLES]);
    }
}
