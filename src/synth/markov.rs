//! A word-level Markov chain (order 2) trained on real articles, for synthetic base articles.
//!
//! Words are white-space separated and keep their punctuation, so generated text has the
//! vocabulary, capitalisation and punctuation of the training corpus. Sentences start where
//! training sentences started and end where they ended.

use crate::sketch::SplitMix64;
use ahash::AHashMap;

/// Marks the end of a sentence among the followers of a word pair.
const END: u32 = u32::MAX;

/// An order-2 word chain.
#[derive(Debug, Default)]
pub struct Chain {
    words: Vec<String>,
    follow: AHashMap<(u32, u32), Vec<u32>>,
    starts: Vec<(u32, u32)>,
}

impl Chain {
    /// Trains on texts; each text is split into sentences at `.`, `!` or `?` ending a word.
    pub fn train<'a>(texts: impl IntoIterator<Item = &'a str>) -> Chain {
        let mut chain = Chain::default();
        let mut ids: AHashMap<String, u32> = AHashMap::new();
        for text in texts {
            let mut sentence: Vec<u32> = Vec::new();
            for w in text.split_whitespace() {
                let id = *ids.entry(w.to_owned()).or_insert_with(|| {
                    chain.words.push(w.to_owned());
                    (chain.words.len() - 1) as u32
                });
                sentence.push(id);
                if w.ends_with(['.', '!', '?']) {
                    chain.add_sentence(&sentence);
                    sentence.clear();
                }
            }
            chain.add_sentence(&sentence);
        }
        chain
    }

    fn add_sentence(&mut self, s: &[u32]) {
        if s.len() < 4 {
            return;
        }
        self.starts.push((s[0], s[1]));
        for w in s.windows(3) {
            self.follow.entry((w[0], w[1])).or_default().push(w[2]);
        }
        self.follow
            .entry((s[s.len() - 2], s[s.len() - 1]))
            .or_default()
            .push(END);
    }

    /// Whether the chain learnt any sentence (of at least four words).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Words in the vocabulary, in order of first appearance.
    pub fn vocabulary(&self) -> &[String] {
        &self.words
    }

    /// One sentence of at most `max_words` words, appended to `out`.
    pub fn sentence(&self, rng: &mut SplitMix64, max_words: usize, out: &mut Vec<u32>) {
        if self.starts.is_empty() {
            return;
        }
        let (mut a, mut b) = self.starts[rng.below(self.starts.len())];
        out.extend([a, b]);
        for _ in 2..max_words {
            let Some(next) = self.follow.get(&(a, b)) else {
                break;
            };
            let c = next[rng.below(next.len())];
            if c == END {
                break;
            }
            out.push(c);
            (a, b) = (b, c);
        }
    }

    /// The word with id `id`.
    pub fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_only_seen_transitions() {
        let chain = Chain::train(["the cat sat on the mat. the dog sat on the rug."]);
        assert!(!chain.is_empty());
        let mut rng = SplitMix64::new(3);
        for _ in 0..20 {
            let mut s = Vec::new();
            chain.sentence(&mut rng, 40, &mut s);
            let words: Vec<&str> = s.iter().map(|&w| chain.word(w)).collect();
            assert_eq!(words[0], "the");
            assert!(words.windows(2).all(|w| {
                let pair = format!("{} {}", w[0], w[1]);
                "the cat sat on the mat. the dog sat on the rug.".contains(&pair)
            }));
        }
        assert!(Chain::train(["too short"]).is_empty());
    }
}
