//! Winnowed word n-gram fingerprints (Schleimer, Wilkerson and Aiken 2003).
//!
//! Every word `k`-gram is hashed; in each window of `w` consecutive k-gram hashes the smallest
//! is kept. Any run of `w + k - 1` words shared by two documents therefore yields at least one
//! shared fingerprint. k-grams made only of function words are never chosen, so phrases such
//! as "one of the" do not link articles.

use super::lexicon::Lexicon;
use crate::text::Token;

/// Hash of a word k-gram from its token hashes.
pub fn gram_hash(tokens: &[Token]) -> u64 {
    tokens.iter().fold(0x51_7c_c1_b7_27_22_0a_95u64, |acc, t| {
        (acc.rotate_left(23) ^ t.hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    })
}

/// The winnowed fingerprints of a token sequence, sorted and deduplicated.
///
/// # Examples
///
/// ```
/// let doc = churn::text::Doc::new("Emergency crews fought the fire near the town all night");
/// let fp = churn::align::fingerprint::winnow(&doc.tokens, 3, 4);
/// assert!(!fp.is_empty());
/// ```
pub fn winnow(tokens: &[Token], k: usize, w: usize) -> Vec<u64> {
    let k = k.max(1);
    let w = w.max(1);
    if tokens.len() < k {
        return Vec::new();
    }
    let lex = Lexicon::get();
    let grams: Vec<u64> = tokens
        .windows(k)
        .map(|g| {
            if g.iter().all(|t| lex.is_stopword(t.hash)) {
                u64::MAX
            } else {
                gram_hash(g)
            }
        })
        .collect();
    let mut out = Vec::with_capacity(grams.len() * 2 / (w + 1) + 1);
    let mut last: Option<usize> = None;
    for start in 0..grams.len().saturating_sub(w - 1).max(1) {
        let end = (start + w).min(grams.len());
        // Rightmost minimum, as in the paper, so a minimum is reused while it stays in view.
        let mut best = start;
        for i in start..end {
            if grams[i] <= grams[best] {
                best = i;
            }
        }
        if grams[best] != u64::MAX && last != Some(best) {
            out.push(grams[best]);
            last = Some(best);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Doc;
    use proptest::prelude::*;

    fn words(n: usize, salt: usize) -> String {
        (0..n)
            .map(|i| format!("w{}x{}", salt, i))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn stopword_grams_are_skipped() {
        let doc = Doc::new("of the and of the and of the");
        assert!(winnow(&doc.tokens, 3, 4).is_empty());
    }

    proptest! {
        #[test]
        fn shared_run_is_always_seen(prefix in 0usize..30, suffix in 0usize..30, salt in 0usize..1000) {
            let (k, w) = (3, 4);
            let shared = words(w + k - 1, salt + 7);
            let a = format!("{} {} {}", words(prefix, salt), shared, words(suffix, salt + 1));
            let b = format!("{} {} {}", words(suffix, salt + 2), shared, words(prefix, salt + 3));
            let fa = winnow(&Doc::new(&a).tokens, k, w);
            let fb = winnow(&Doc::new(&b).tokens, k, w);
            prop_assert!(fa.iter().any(|h| fb.binary_search(h).is_ok()));
        }
    }
}
