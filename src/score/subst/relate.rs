//! Word-to-word relatedness from WordNet glosses, for substitutions no thesaurus link explains.
//!
//! Two words are related when their second-order gloss vectors point the same way (Patwardhan
//! and Pedersen's gloss-vector relatedness). A word's first-order vector is its features in
//! `data/gloss/gloss-wordnet.tsv` (the word itself and the weighted words of the WordNet glosses
//! around it, read through [`crate::score::topic`]), plus, at half weight, those of its first
//! WordNet synonyms; its second-order vector sums the first-order vectors of those features,
//! each scaled by the feature's weight. "opposition" and "disagreement" need not share a
//! gloss word: their gloss words ("disagree", "dissent"...) are glossed alike.
//!
//! The link is weaker evidence than a thesaurus entry: at [`RELATED_MIN`] about 3% of random
//! word pairs pass (a news word against a random thesaurus headword), against nearly half of
//! the Moby synonym pairs that WordNet does not link; the ~200 most frequent words are never
//! judged. Vectors are summed in a dense per-thread array; each thread remembers the vector
//! of every word it judged (a word recurs in many substitutions) and the pairs it judged.

use crate::score::lexicon::{pair_key, Lexicon};
use crate::score::topic::{glosses, Glosses, Word};
use ahash::AHashMap;
use std::cell::RefCell;
use std::sync::OnceLock;

/// Where gloss relatedness comes from, as recorded in flag evidence.
pub const GLOSS_SOURCE: &str = "WordNet 3.0 glosses (data/gloss/gloss-wordnet.tsv)";
/// Cosine of the second-order gloss vectors at or above which two words are related.
pub const RELATED_MIN: f32 = 0.04;
/// How many of a word's first WordNet synonyms add their gloss features.
const SYNONYMS: usize = 3;
/// Weight of a synonym's features beside the word's own.
const SYNONYM_WEIGHT: f32 = 0.5;
/// How many shared gloss words an explanation names.
const SHOWN: usize = 3;

/// Two words found related through their glosses.
#[derive(Clone, Debug, PartialEq)]
pub struct GlossLink {
    /// Cosine of the two second-order gloss vectors (0 to 1).
    pub score: f32,
    /// The gloss words that weigh most in both vectors, strongest first.
    pub shared: Vec<String>,
}

/// The gloss table with each listed lemma's entry found by the lemma's hash.
struct Index {
    glosses: &'static Glosses,
    /// Entry of each listed lemma, by the hash [`Glosses::each`] reports for it.
    entries: AHashMap<u64, u32>,
    /// A small number for each feature hash of the table (vectors hold these, not hashes).
    ids: AHashMap<u64, u32>,
    /// The feature hash of each number.
    hashes: Vec<u64>,
    /// Each entry's features as numbers with weights (its lemma first), entry after entry.
    features: Vec<(u32, f32)>,
    /// Per entry: the end of its features in `features`.
    ends: Vec<u32>,
}

/// The index, built on first use from the embedded gloss table.
fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let glosses = glosses();
        let mut entries = AHashMap::with_capacity(glosses.len());
        let (mut ids, mut hashes) = (AHashMap::new(), Vec::new());
        let (mut features, mut ends) = (Vec::new(), Vec::with_capacity(glosses.len()));
        for e in 0..glosses.len() as u32 {
            // The first feature of a listed word is its lemma.
            let mut first = None;
            glosses.each(Word::Listed(e), |h, w| {
                first.get_or_insert(h);
                let id = *ids.entry(h).or_insert_with(|| {
                    hashes.push(h);
                    hashes.len() as u32 - 1
                });
                features.push((id, w));
            });
            ends.push(features.len() as u32);
            if let Some(h) = first {
                entries.entry(h).or_insert(e);
            }
        }
        Index {
            glosses,
            entries,
            ids,
            hashes,
            features,
            ends,
        }
    })
}

/// Names of gloss words by hash (the reference word list's words), built on first use.
fn names() -> &'static AHashMap<u64, &'static str> {
    static NAMES: OnceLock<AHashMap<u64, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        crate::score::lexicon::lexicon()
            .unigram_words()
            .map(|w| (crate::text::hash_bytes(w.as_bytes()), w))
            .collect()
    })
}

impl Index {
    /// The first-order features of `word`: its own and, at [`SYNONYM_WEIGHT`], those of its
    /// first single-word WordNet synonyms (of the first of its base forms that has some).
    fn first_order(&self, lex: &Lexicon, word: &str, out: &mut Vec<(u64, f32)>) {
        self.glosses.features(word, |h, w| out.push((h, w)));
        let forms = lex.lemmas(word);
        let Some(syns) = forms
            .iter()
            .map(|f| lex.synonyms(f))
            .find(|s| !s.is_empty())
        else {
            return;
        };
        for s in syns.iter().take(SYNONYMS).filter(|s| !s.contains(' ')) {
            self.glosses
                .features(s, |h, w| out.push((h, SYNONYM_WEIGHT * w)));
        }
    }

    /// Adds the second-order vector of `word` into `v`; false (and `v` left empty) when the
    /// gloss table does not list the word.
    fn fill(&self, lex: &Lexicon, word: &str, v: &mut Dense) -> bool {
        if matches!(self.glosses.resolve(word), Word::Unlisted(_)) {
            return false;
        }
        let mut first = Vec::with_capacity(64);
        self.first_order(lex, word, &mut first);
        v.reserve(self.hashes.len());
        for (f, x) in first {
            if let Some(&e) = self.entries.get(&f) {
                let start = e.checked_sub(1).map_or(0, |p| self.ends[p as usize]);
                let own = &self.features[start as usize..self.ends[e as usize] as usize];
                for &(g, y) in own {
                    v.add(g, x * y);
                }
            } else if let Some(&id) = self.ids.get(&f) {
                // A gloss word the table does not list stands for itself, as in `Glosses::each`.
                self.glosses
                    .each(Word::Unlisted(f), |_, y| v.add(id, x * y));
            }
        }
        true
    }
}

/// A vector over the feature numbers, dense, with the list of numbers it holds.
#[derive(Default)]
struct Dense {
    weights: Vec<f32>,
    touched: Vec<u32>,
}

impl Dense {
    /// Back to zero at feature numbers `ids` (all that were set).
    fn zero(&mut self, ids: &[u32]) {
        for &i in ids {
            self.weights[i as usize] = 0.0;
        }
    }

    fn reserve(&mut self, n: usize) {
        if self.weights.len() < n {
            self.weights.resize(n, 0.0);
        }
    }

    /// Adds weight `w` (positive) to feature `id` (below the reserved size).
    fn add(&mut self, id: u32, w: f32) {
        let slot = &mut self.weights[id as usize];
        if *slot == 0.0 {
            self.touched.push(id);
        }
        *slot += w;
    }

    fn norm(&self) -> f32 {
        self.touched
            .iter()
            .map(|&i| self.weights[i as usize].powi(2))
            .sum::<f32>()
            .sqrt()
    }
}

/// Most pair similarities a thread remembers (then it starts afresh): 2 MB.
const REMEMBERED: usize = 1 << 17;
/// Most vector entries a thread remembers for the words it judged (then it starts afresh):
/// 32 MB.
const REMEMBERED_ENTRIES: usize = 1 << 22;

/// A word's second-order vector as [`Index::fill`] leaves it: its feature numbers in the
/// order they were first touched, their weights and its norm.
struct Vector {
    /// False when the gloss table does not list the word (the vector is then empty).
    listed: bool,
    /// Feature numbers, in the order the fill touched them.
    ids: Vec<u32>,
    /// The weight of each number of `ids`.
    weights: Vec<f32>,
    /// [`Dense::norm`] of the vector.
    norm: f32,
}

/// A thread's memory of word vectors, with the dense vector it computes them in.
#[derive(Default)]
struct Vectors {
    /// Reusable dense vector: judging a pair allocates nothing but new words' vectors.
    dense: Dense,
    /// The vector of every word this thread judged, by word.
    words: AHashMap<String, Vector>,
    /// Entries held by `words`.
    entries: usize,
}

impl Vectors {
    /// Makes sure the vectors of `a` and `b` are remembered (clearing the memory first when
    /// it is full).
    fn remember(&mut self, ix: &Index, lex: &Lexicon, a: &str, b: &str) {
        if self.entries > REMEMBERED_ENTRIES {
            self.words.clear();
            self.entries = 0;
        }
        for w in [a, b] {
            if !self.words.contains_key(w) {
                let listed = ix.fill(lex, w, &mut self.dense);
                let norm = self.dense.norm();
                let v = Vector {
                    listed,
                    weights: self
                        .dense
                        .touched
                        .iter()
                        .map(|&i| self.dense.weights[i as usize])
                        .collect(),
                    ids: std::mem::take(&mut self.dense.touched),
                    norm,
                };
                self.dense.zero(&v.ids);
                self.entries += v.ids.len() + 1;
                self.words.insert(w.to_owned(), v);
            }
        }
    }
}

thread_local! {
    /// Each thread's word vectors: a word recurs in many substitutions.
    static VECTORS: RefCell<Vectors> = RefCell::new(Vectors::default());
    /// Similarities of the pairs this thread judged, by [`pair_key`]: a substitution recurs in
    /// every copy of a story.
    static SEEN: RefCell<AHashMap<u64, f32>> = RefCell::new(AHashMap::new());
}

/// Calls `f` with the cosine of the second-order gloss vectors of `a` and `b` and the
/// products of their shared features' normalised weights, in no particular order (0 and
/// nothing when either word is not listed).
fn compare<T>(
    lex: &Lexicon,
    a: &str,
    b: &str,
    f: impl FnOnce(f32, &mut dyn Iterator<Item = (u32, f32)>) -> T,
) -> T {
    let ix = index();
    VECTORS.with(|vectors| {
        let vectors = &mut *vectors.borrow_mut();
        vectors.remember(ix, lex, a, b);
        let Vectors { dense, words, .. } = vectors;
        let (Some(va), Some(vb)) = (words.get(a), words.get(b)) else {
            return f(0.0, &mut std::iter::empty());
        };
        // The first word's vector spread out, read at the second word's numbers.
        dense.reserve(ix.hashes.len());
        for (&i, &w) in va.ids.iter().zip(&va.weights) {
            dense.weights[i as usize] = w;
        }
        let listed = va.listed && vb.listed;
        let norm = va.norm * vb.norm;
        let ax = &dense.weights;
        let terms = |(i, y): (&u32, &f32)| {
            let x = ax[*i as usize] * y;
            (x > 0.0).then(|| (*i, x / norm))
        };
        let score = if listed && norm > 0.0 {
            vb.ids
                .iter()
                .zip(&vb.weights)
                .filter_map(terms)
                .map(|t| t.1)
                .sum()
        } else {
            0.0
        };
        let out = if score > 0.0 {
            f(score, &mut vb.ids.iter().zip(&vb.weights).filter_map(terms))
        } else {
            f(score, &mut std::iter::empty())
        };
        dense.zero(&va.ids);
        out
    })
}

/// Cosine of the second-order gloss vectors of two lower-case words (0 when either is not
/// listed in the gloss table).
pub fn similarity(lex: &Lexicon, a: &str, b: &str) -> f32 {
    compare(lex, a, b, |score, _| score)
}

/// The gloss link between two different single lower-case words, when their similarity
/// reaches [`RELATED_MIN`]. None for phrases and for the ~200 most frequent words.
pub fn gloss_link(lex: &Lexicon, a: &str, b: &str) -> Option<GlossLink> {
    if a == b
        || a.contains(' ')
        || b.contains(' ')
        || lex.is_very_common(a)
        || lex.is_very_common(b)
    {
        return None;
    }
    let min = RELATED_MIN;
    let key = pair_key(a, b);
    let seen = SEEN.with(|m| m.borrow().get(&key).copied());
    if seen.is_some_and(|s| s < min) {
        return None;
    }
    let mut both = compare(lex, a, b, |score, terms| {
        SEEN.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= REMEMBERED {
                m.clear();
            }
            m.insert(key, score);
        });
        (score >= min).then(|| (score, terms.collect::<Vec<_>>()))
    })?;
    both.1
        .sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    let (names, hashes) = (names(), &index().hashes);
    let shared = both
        .1
        .iter()
        .filter_map(|p| names.get(hashes.get(p.0 as usize)?))
        .take(SHOWN)
        .map(|w| (*w).to_owned())
        .collect();
    Some(GlossLink {
        score: both.0,
        shared,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::lexicon::lexicon;

    #[test]
    fn related_words_score_above_unrelated_ones() {
        let lex = lexicon();
        for (a, b) in [("strategic", "tactical"), ("opposition", "disagreement")] {
            let link = gloss_link(lex, a, b);
            assert!(link.is_some(), "{a} / {b}: {}", similarity(lex, a, b));
            assert!(!link.map_or(vec![], |l| l.shared).is_empty());
        }
        for (a, b) in [("budget", "umbrella"), ("strategic", "banana")] {
            assert!(
                gloss_link(lex, a, b).is_none(),
                "{a} / {b}: {}",
                similarity(lex, a, b)
            );
        }
        // Unlisted words and very common words are never related.
        assert_eq!(similarity(lex, "xqzzv", "tactical"), 0.0);
        assert!(gloss_link(lex, "have", "possess").is_none());
    }

    #[test]
    fn remembered_vectors_score_as_fresh_ones() {
        let (lex, ix) = (lexicon(), index());
        let pairs = [
            ("opposition", "disagreement"),
            ("strategic", "tactical"),
            ("budget", "umbrella"),
            ("opposition", "budget"),
        ];
        for (a, b) in pairs {
            let (mut va, mut vb) = (Dense::default(), Dense::default());
            assert!(ix.fill(lex, a, &mut va) && ix.fill(lex, b, &mut vb));
            let norm = va.norm() * vb.norm();
            let fresh: f32 = vb
                .touched
                .iter()
                .map(|&i| va.weights[i as usize] * vb.weights[i as usize])
                .filter(|&x| x > 0.0)
                .map(|x| x / norm)
                .sum();
            assert!(fresh > 0.0, "{a} {b}");
            assert_eq!(similarity(lex, a, b).to_bits(), fresh.to_bits(), "{a} {b}");
        }
    }

    #[test]
    fn a_word_is_most_similar_to_itself() {
        let lex = lexicon();
        let s = similarity(lex, "weather", "weather");
        assert!((s - 1.0).abs() < 1e-4, "{s}");
        assert!(similarity(lex, "weather", "lee") < s);
    }
}
