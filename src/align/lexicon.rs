//! Word lists used by alignment and provenance, compiled into the binary from `data/`.
//!
//! All lookups go through token hashes ([`crate::text::token_hash`]), so case and quote style
//! do not matter. The lists are parsed once, on first use.

use crate::text::token_hash;
use ahash::{AHashMap, AHashSet};
use std::sync::OnceLock;

const STOPWORDS: &str = include_str!("../../data/stopwords-en.txt");
const UNIGRAMS: &str = include_str!("../../data/lexicon/unigrams-en.tsv");
const BIGRAMS: &str = include_str!("../../data/lexicon/bigrams-en.tsv");
const WORDS: &str = include_str!("../../data/lexicon/words-en.txt");

/// The parsed word lists.
#[derive(Debug, Default)]
pub struct Lexicon {
    stopwords: AHashSet<u64>,
    unigrams: AHashMap<u64, u64>,
    bigrams: AHashMap<u64, u64>,
    words: AHashSet<u64>,
}

/// Key of a word pair in the bigram table.
pub fn pair_key(first: u64, second: u64) -> u64 {
    first.rotate_left(17) ^ second.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

fn counts(text: &str, key: impl Fn(&str) -> Option<u64>) -> AHashMap<u64, u64> {
    data_lines(text)
        .filter_map(|line| {
            let (word, count) = line.split_once('\t')?;
            Some((key(word)?, count.trim().parse().ok()?))
        })
        .collect()
}

impl Lexicon {
    /// The shared lexicon, parsed on first use.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon {
            stopwords: data_lines(STOPWORDS)
                .map(|w| token_hash(w.trim()))
                .collect(),
            unigrams: counts(UNIGRAMS, |w| Some(token_hash(w))),
            bigrams: counts(BIGRAMS, |w| {
                let (a, b) = w.split_once(' ')?;
                Some(pair_key(token_hash(a), token_hash(b)))
            }),
            words: data_lines(WORDS).map(|w| token_hash(w.trim())).collect(),
        })
    }

    /// True for a function word.
    pub fn is_stopword(&self, hash: u64) -> bool {
        self.stopwords.contains(&hash)
    }

    /// Web frequency of a word (0 when unknown).
    pub fn unigram(&self, hash: u64) -> u64 {
        self.unigrams.get(&hash).copied().unwrap_or(0)
    }

    /// Web frequency of a word pair (0 when not among the common pairs).
    pub fn bigram(&self, first: u64, second: u64) -> u64 {
        self.bigrams
            .get(&pair_key(first, second))
            .copied()
            .unwrap_or(0)
    }

    /// True when the word is in the dictionary or the frequency list.
    pub fn is_word(&self, hash: u64) -> bool {
        self.words.contains(&hash) || self.unigrams.contains_key(&hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        let lex = Lexicon::get();
        assert!(lex.is_stopword(token_hash("The")));
        assert!(!lex.is_stopword(token_hash("coalition")));
        assert!(lex.unigram(token_hash("the")) > lex.unigram(token_hash("coalition")));
        assert!(lex.bigram(token_hash("of"), token_hash("the")) > 0);
        assert!(lex.is_word(token_hash("coalition")));
        assert!(!lex.is_word(token_hash("couterpart")));
    }
}
