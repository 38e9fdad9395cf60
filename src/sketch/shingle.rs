//! Shingles: the set of overlapping k-word (or k-character) windows of a text.
//!
//! A word shingle's fingerprint is a polynomial rolling combination of stable hashes of its
//! words' normalised forms ([`word_hash`]), so no string is built per shingle and a text's
//! shingles cost one pass over its words. The 64-bit window hash is mixed ([`fingerprint`])
//! and 32 bits kept: a set of `u32` fingerprints is what verification and signing read. Two distinct
//! shingles of two ~500-shingle articles collide with probability about 6e-5, which moves a
//! Jaccard similarity by at most one shingle in a thousand: the documented price of halving
//! memory for million-article corpora.

use super::{mix64, mum};
use crate::text::normalize;
use serde::Serialize;

/// Base of the rolling polynomial (odd, so multiplication by it is invertible mod 2^64).
pub(crate) const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// How a text is cut into shingles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shingling {
    /// Windows of this many consecutive words.
    Words(usize),
    /// Windows of this many consecutive characters, case folded, white space runs as one space.
    Chars(usize),
}

impl Default for Shingling {
    fn default() -> Self {
        Shingling::Words(5)
    }
}

impl Shingling {
    /// Parses `word:K`, `char:K`, or a bare `K` (words).
    ///
    /// # Errors
    ///
    /// A message naming the accepted forms.
    pub fn parse(value: &str) -> std::result::Result<Shingling, String> {
        let (kind, k) = value.split_once(':').unwrap_or(("word", value));
        let k: usize = k
            .trim()
            .parse()
            .ok()
            .filter(|&k| (1..=64).contains(&k))
            .ok_or_else(|| format!("shingle size in {value:?} must be a number from 1 to 64"))?;
        match kind.trim() {
            "word" | "words" | "w" => Ok(Shingling::Words(k)),
            "char" | "chars" | "c" => Ok(Shingling::Chars(k)),
            _ => Err(format!(
                "unknown shingle kind in {value:?}; use word:K or char:K (e.g. word:5)"
            )),
        }
    }
}

/// Reusable buffers, so shingling a stream of articles allocates once per thread.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Word (or character) hashes of the text being shingled.
    pub(crate) units: Vec<u64>,
    /// Word-byte bitmap of the fused path ([`super::fused`]).
    pub(crate) bits: Vec<u64>,
    /// Filled bins of the fused path's signature.
    pub(crate) filled: super::minhash::OphFilled,
}

/// The sorted, de-duplicated shingle fingerprints of `text`.
///
/// A text with fewer than k units (words or characters) has one shingle of all of them; a
/// text without any has none.
///
/// ```
/// use churn::sketch::{shingle_set, Shingling};
/// let a = shingle_set("The cat sat on the mat today", Shingling::Words(5));
/// let b = shingle_set("THE CAT SAT ON THE MAT TODAY", Shingling::Words(5));
/// assert_eq!(a.len(), 3);
/// assert_eq!(a, b);
/// ```
pub fn shingle_set(text: &str, shingling: Shingling) -> Vec<u32> {
    let mut out = Vec::new();
    shingle_set_into(text, shingling, &mut Scratch::default(), &mut out);
    out
}

/// As [`shingle_set`], writing into `out` (cleared first) with reusable `scratch`.
pub fn shingle_set_into(
    text: &str,
    shingling: Shingling,
    scratch: &mut Scratch,
    out: &mut Vec<u32>,
) {
    shingles_into(text, shingling, scratch, out);
    out.sort_unstable();
    out.dedup();
}

/// The shingle fingerprints of `text` in text order, repeats included, into `out` (cleared
/// first): enough for a MinHash signature, and sorted later only if the article is compared.
pub fn shingles_into(text: &str, shingling: Shingling, scratch: &mut Scratch, out: &mut Vec<u32>) {
    let units = &mut scratch.units;
    units.clear();
    let k = match shingling {
        Shingling::Words(k) => {
            super::words::word_hashes(text, units);
            k
        }
        Shingling::Chars(k) => {
            char_units(text, units);
            k
        }
    };
    out.clear();
    fingerprints_into(units, k.max(1), out);
}

/// Appends the [`fingerprint`] of every window of `k` (at least 1) units to `out` (one
/// short window if fewer, none if no units).
pub(crate) fn fingerprints_into(units: &[u64], k: usize, out: &mut Vec<u32>) {
    if units.is_empty() {
        return;
    }
    // A polynomial rolling hash: the first window is hashed whole, each later one from the
    // one before, its first unit taken out and the next one added. Each later window's
    // first and next unit come from one zipped pair of slices, whose known length lets
    // `extend` write the fingerprints without a capacity or bounds check per item.
    let k = k.clamp(1, units.len());
    let top = (1..k).fold(1u64, |p, _| p.wrapping_mul(BASE)); // BASE^(k-1)
    let mut h = units[..k]
        .iter()
        .fold(0u64, |h, &u| h.wrapping_mul(BASE).wrapping_add(u));
    out.reserve(units.len() - k + 1);
    out.push(fingerprint(h));
    out.extend(units.iter().zip(&units[k..]).map(|(&first, &last)| {
        h = h
            .wrapping_sub(first.wrapping_mul(top))
            .wrapping_mul(BASE)
            .wrapping_add(last);
        fingerprint(h)
    }));
}

/// Longest ASCII word hashed straight from the text (lower-cased on the stack).
const SHORT_WORD: usize = 24;

/// A stable 64-bit hash of a word's normalised form ([`crate::text::normalize`]).
///
/// Cheaper than [`crate::text::token_hash`] (XXH3), which `churn analyse` keeps for its
/// tokens: a normalised form of up to 24 bytes is read as three zero-padded little-endian
/// 64-bit lanes and mixed by [`short_word_hash`] (one 64x64-bit multiplication for up to 16
/// bytes, two for up to 24); a longer one is hashed with XXH3. An ASCII word is lower-cased on
/// the stack; any other word is normalised first, so two words with the same normalised form
/// hash alike whichever path they take.
pub fn word_hash(word: &str) -> u64 {
    let bytes = word.as_bytes();
    // ASCII that normalisation only lower-cases (it also folds "`" and two white-space
    // controls, which no word holds but an arbitrary string may).
    let plain = |b: &u8| b.is_ascii() && !matches!(b, b'`' | 0x0B | 0x0C);
    if bytes.len() <= SHORT_WORD && bytes.iter().all(plain) {
        let mut buf = [0u8; SHORT_WORD];
        for (d, s) in buf.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        return lanes_hash(&buf, bytes.len());
    }
    let norm = normalize(word);
    let nb = norm.as_bytes();
    if nb.len() <= SHORT_WORD {
        let mut buf = [0u8; SHORT_WORD];
        buf[..nb.len()].copy_from_slice(nb);
        return lanes_hash(&buf, nb.len());
    }
    crate::text::hash_bytes(nb)
}

/// Keys of [`short_word_hash`]: each has bytes with the high bit set, so no ASCII lane
/// cancels it (a zero factor would send the product to zero).
const W0: u64 = 0xa076_1d64_78bd_642f;
const W1: u64 = 0xe703_7ed1_a0b4_28db;
const W2: u64 = 0x8ebc_6af0_9c88_c6e3;
const W3: u64 = 0x5899_65cc_7537_4cc3;

/// The hash of a normalised word of `len` (at most [`SHORT_WORD`]) bytes, given as three
/// zero-padded little-endian lanes: one folded multiplication of the first two lanes (the
/// length mixed into the first), a second one for the third lane of a word over 16 bytes.
#[inline(always)]
pub(crate) fn short_word_hash(l0: u64, l1: u64, l2: u64, len: usize) -> u64 {
    let h = mum(l0 ^ W0 ^ (len as u64).wrapping_mul(BASE), l1 ^ W1);
    if len > 16 {
        mum(h ^ l2 ^ W2, W3)
    } else {
        h
    }
}

/// Keys of [`fingerprint`].
const F0: u64 = 0x1d8e_4e27_c47d_124f;
const F1: u64 = 0xbf58_476d_1ce4_e5b9;

/// A shingle's 32-bit fingerprint from its 64-bit window hash: one folded multiplication,
/// high half kept.
#[inline(always)]
pub(crate) fn fingerprint(h: u64) -> u32 {
    (mum(h ^ F0, F1) >> 32) as u32
}

/// [`word_hash`] of `text[s..e]`, a word as [`crate::text::for_each_word`] finds them (so
/// without "`" or white space), reading short ASCII words as 64-bit lanes straight from the
/// text (no byte-wise copy, which stalls store forwarding) and lower-casing them with SWAR
/// arithmetic.
#[inline(always)]
pub(crate) fn word_hash_at(text: &str, bytes: &[u8], s: usize, e: usize) -> u64 {
    let len = e - s;
    if len > SHORT_WORD {
        return word_hash(&text[s..e]);
    }
    let lane = |i: usize| {
        let at = s + 8 * i;
        if at >= e {
            return 0;
        }
        let n = (e - at).min(8);
        if at + 8 <= bytes.len() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[at..at + 8]);
            let v = u64::from_le_bytes(w);
            if n == 8 {
                v
            } else {
                v & ((1u64 << (8 * n)) - 1)
            }
        } else {
            bytes[at..at + n]
                .iter()
                .enumerate()
                .fold(0u64, |v, (i, &b)| v | u64::from(b) << (8 * i))
        }
    };
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let l0 = lane(0);
    if len <= 8 && l0 & HIGH == 0 {
        return short_word_hash(ascii_lower(l0), 0, 0, len);
    }
    let (l1, l2) = (lane(1), lane(2));
    if (l0 | l1 | l2) & HIGH != 0 {
        return word_hash(&text[s..e]);
    }
    short_word_hash(ascii_lower(l0), ascii_lower(l1), ascii_lower(l2), len)
}

/// Lower-cases the ASCII letters of eight packed ASCII bytes.
pub(crate) fn ascii_lower(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ge_a = x + ONES * (0x80 - u64::from(b'A'));
    let gt_z = x + ONES * (0x80 - u64::from(b'Z') - 1);
    let upper = ge_a & !gt_z & (ONES * 0x80);
    x | (upper >> 2)
}

/// [`short_word_hash`] of the zero-padded lanes of a short word (`len` bytes used).
fn lanes_hash(buf: &[u8; SHORT_WORD], len: usize) -> u64 {
    let lane = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&buf[i * 8..i * 8 + 8]);
        u64::from_le_bytes(w)
    };
    short_word_hash(lane(0), lane(1), lane(2), len)
}

/// Character units: lower-cased characters, each run of white space as one space.
fn char_units(text: &str, units: &mut Vec<u64>) {
    let mut in_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                units.push(mix64(u64::from(' ')));
            }
            in_space = true;
            continue;
        }
        in_space = false;
        for l in c.to_lowercase() {
            units.push(mix64(u64::from(l) ^ 0x5bd1_e995));
        }
    }
    if units.len() > 1 && in_space {
        units.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::for_each_word;
    use proptest::prelude::*;

    /// The reference for [`fingerprints_into`]: calls `f` with the rolling hash of every
    /// window of `k` units (one short window if fewer).
    fn rolling(units: &[u64], k: usize, mut f: impl FnMut(u64)) {
        if units.is_empty() {
            return;
        }
        let k = k.min(units.len());
        let top = (1..k).fold(1u64, |p, _| p.wrapping_mul(BASE)); // BASE^(k-1)
        let mut h = units[..k]
            .iter()
            .fold(0u64, |h, &u| h.wrapping_mul(BASE).wrapping_add(u));
        f(h);
        for i in k..units.len() {
            h = h
                .wrapping_sub(units[i - k].wrapping_mul(top))
                .wrapping_mul(BASE)
                .wrapping_add(units[i]);
            f(h);
        }
    }

    /// The obvious implementation: one string per shingle.
    fn naive(text: &str, k: usize) -> Vec<u32> {
        let words: Vec<u64> = crate::text::tokenize(text)
            .iter()
            .map(|t| word_hash(t.span.slice(text)))
            .collect();
        let mut out: Vec<u32> = if words.len() < k {
            vec![words
                .iter()
                .fold(0u64, |h, &w| h.wrapping_mul(BASE).wrapping_add(w))]
            .into_iter()
            .filter(|_| !words.is_empty())
            .map(fingerprint)
            .collect()
        } else {
            words
                .windows(k)
                .map(|w| {
                    w.iter()
                        .fold(0u64, |h, &x| h.wrapping_mul(BASE).wrapping_add(x))
                })
                .map(fingerprint)
                .collect()
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn word_shingles_ignore_case_and_punctuation() {
        let a = shingle_set(
            "Macron met Putin at Versailles on Monday.",
            Shingling::Words(3),
        );
        let b = shingle_set(
            "macron, met PUTIN at versailles on monday",
            Shingling::Words(3),
        );
        assert_eq!(a, b);
        assert_eq!(a.len(), 5);
        assert!(shingle_set("  ... ", Shingling::Words(5)).is_empty());
        assert_eq!(shingle_set("two words", Shingling::Words(5)).len(), 1);
    }

    #[test]
    fn word_order_matters() {
        let a = shingle_set("a b c d e", Shingling::Words(5));
        let b = shingle_set("e d c b a", Shingling::Words(5));
        assert_ne!(a, b);
    }

    #[test]
    fn char_shingles_fold_case_and_space() {
        let a = shingle_set("Hello   World", Shingling::Chars(4));
        let b = shingle_set("hello world ", Shingling::Chars(4));
        assert_eq!(a, b);
        assert_eq!(a.len(), "hello world".len() - 3);
    }

    #[test]
    fn parses_shingle_flags() {
        assert_eq!(Shingling::parse("5"), Ok(Shingling::Words(5)));
        assert_eq!(Shingling::parse("char:9"), Ok(Shingling::Chars(9)));
        assert!(Shingling::parse("word:0").is_err());
        assert!(Shingling::parse("byte:3").is_err());
    }

    #[test]
    fn word_hash_depends_on_the_normalised_form_only() {
        assert_eq!(word_hash("Russia"), word_hash("RUSSIA"));
        assert_eq!(word_hash("don’t"), word_hash("don't"));
        assert_eq!(word_hash("ﬁrst"), word_hash("first"));
        assert_ne!(word_hash("ab"), word_hash("ab\0"));
        let long = "Internationalisation-Bureaucracies";
        assert_eq!(word_hash(long), word_hash(&long.to_lowercase()));
    }

    proptest! {
        #[test]
        fn lane_hash_matches_word_hash(t in "[A-Za-z0-9'. é]{0,60}") {
            let mut got = Vec::new();
            let mut want = Vec::new();
            for_each_word(&t, |s, e| {
                got.push(word_hash_at(&t, t.as_bytes(), s, e));
                want.push(word_hash(&t[s..e]));
            });
            prop_assert_eq!(got, want);
        }

        #[test]
        fn word_hash_agrees_with_normalisation(w in "\\PC{1,30}") {
            prop_assert_eq!(word_hash(&w), word_hash(&normalize(&w)));
        }

        #[test]
        fn fingerprints_match_the_rolling_reference(
            units in proptest::collection::vec(any::<u64>(), 0..40),
            k in 1usize..9,
        ) {
            let mut got = Vec::new();
            fingerprints_into(&units, k, &mut got);
            let mut want = Vec::new();
            rolling(&units, k, |h| want.push(fingerprint(h)));
            prop_assert_eq!(got, want);
        }

        #[test]
        fn rolling_matches_naive(s in "[a-e ]{0,80}", k in 1usize..7) {
            prop_assert_eq!(shingle_set(&s, Shingling::Words(k)), naive(&s, k));
        }
    }
}
