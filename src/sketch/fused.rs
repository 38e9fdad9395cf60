//! Words, shingles and signature of an ASCII text: the hot path of `churn dedup`.
//!
//! [`shingle_and_sign`] gives exactly what [`super::shingle::shingles_into`] followed by
//! [`super::Signer::sign`] gives (a property test checks it), faster for the common case: an
//! all-ASCII text cut into word shingles. There, a first pass marks the word bytes (letters,
//! digits, `_`) of every 64-byte block in a bitmap, sixteen bytes at a time with vector
//! operations ([`super::bytemask`]), and the joiners that continue a word across `'` `.` `:`
//! (letters) or `,` `;` `.` `'` (digits) as [`crate::text::for_each_word`] does; a second pass
//! takes the words as runs of set bits and writes each word's hash to a reusable buffer; a
//! third rolls those (still in cache) into the window fingerprints
//! ([`super::shingle::fingerprints_into`]). Hashing and rolling in one loop, as this module
//! once did, kept more values alive than there are registers (the window hash and the output
//! went through the stack on every word); apart, the two loops take fewer instructions
//! (callgrind, benchmark corpus). The fingerprints are then signed by the signer's
//! own loop, the one the two-step path uses, with either scheme. Any other text or shingling
//! takes the two-step path.

use super::bytemask::block_mask;
use super::minhash::Signer;
use super::shingle::{
    ascii_lower, fingerprints_into, shingles_into, short_word_hash, word_hash_at, Scratch,
    Shingling,
};

/// Writes the shingle fingerprints of `text` (text order, repeats kept) into `set` and their
/// signature into `sig` (length [`Signer::len`]). On the fast path, `set` is given the exact
/// capacity it needs, so `std::mem::take(set).into_boxed_slice()` does not copy.
pub fn shingle_and_sign(
    text: &str,
    shingling: Shingling,
    signer: &Signer,
    scratch: &mut Scratch,
    set: &mut Vec<u32>,
    sig: &mut [u32],
) {
    match shingling {
        Shingling::Words(k) if text.is_ascii() => {
            let k = k.max(1);
            word_bitmap(text.as_bytes(), &mut scratch.bits);
            let Scratch { units, bits, .. } = scratch;
            // At most one word per run of word bytes.
            let (runs, _) = bits.iter().fold((0usize, 0u64), |(n, carry), &b| {
                (n + run_starts(b, carry).count_ones() as usize, b >> 63)
            });
            units.clear();
            units.reserve(runs);
            ascii_words(text, bits, |w| units.push(w));
            set.clear();
            set.reserve_exact(units.len().saturating_sub(k - 1).max(1));
            fingerprints_into(units, k, set);
            signer.sign_reusing(set, sig, &mut scratch.filled);
        }
        _ => {
            shingles_into(text, shingling, scratch, set);
            signer.sign_reusing(set, sig, &mut scratch.filled);
        }
    }
}

/// Marks the word bytes of `bytes` in `bits` (bit `i % 64` of `bits[i / 64]` for byte `i`):
/// ASCII letters, digits and `_`, and each joiner that [`joins`] two letters or two digits
/// (the `'` of "don't", the `.` of "3.5"), so that every word is one run of set bits. Bytes
/// past the end count as non-word bytes.
pub fn word_bitmap(bytes: &[u8], bits: &mut Vec<u64>) {
    bits.clear();
    // Each block's joiners are marked once the next block's first bit is known.
    let mut last: Option<(u64, u64)> = None;
    let mut push = |bits: &mut Vec<u64>, (word, punct): (u64, u64)| {
        if let Some((prev_word, prev_punct)) = last {
            mark_last(bytes, bits, prev_word, prev_punct, word & 1);
        }
        bits.push(word);
        last = Some((word, punct));
    };
    let mut blocks = bytes.chunks_exact(64);
    for block in &mut blocks {
        push(bits, block_mask(block));
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        let mut pad = [0u8; 64];
        pad[..rest.len()].copy_from_slice(rest);
        push(bits, block_mask(&pad));
    }
    if let Some((word, punct)) = last {
        mark_last(bytes, bits, word, punct, 0);
    }
}

/// Marks the joiners of the last block in `bits`, given its masks and the next block's
/// first bit.
#[inline(always)]
fn mark_last(bytes: &[u8], bits: &mut [u64], word: u64, punct: u64, next: u64) {
    let w = bits.len() - 1;
    let carry = w.checked_sub(1).map_or(0, |v| bits[v] >> 63);
    bits[w] |= joiners(bytes, w, word, punct, carry, next);
}

/// The joiner bits of block `w`, whose word bytes are `word` and punctuation bytes `punct`,
/// given the last bit of the block before (`carry`) and the first of the block after
/// (`next`): punctuation alone between two word bytes that [`joins`] them.
#[inline(always)]
fn joiners(bytes: &[u8], w: usize, word: u64, punct: u64, carry: u64, next: u64) -> u64 {
    let mut gaps = punct & ((word << 1) | carry) & ((word >> 1) | (next << 63));
    let mut out = 0;
    while gaps != 0 {
        let bit = gaps.trailing_zeros() as usize;
        gaps &= gaps - 1;
        let e = w * 64 + bit;
        if e + 1 < bytes.len() && joins(bytes[e - 1], bytes[e], bytes[e + 1]) {
            out |= 1 << bit;
        }
    }
    out
}

/// Joins letters (`'` `.` `:`).
const JOIN_LETTERS: u8 = 1;
/// Joins digits (`'` `.` `,` `;`).
const JOIN_DIGITS: u8 = 2;

/// What each byte joins when it sits between two letters or two digits.
static JOINER: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'\'' as usize] = JOIN_LETTERS | JOIN_DIGITS;
    t[b'.' as usize] = JOIN_LETTERS | JOIN_DIGITS;
    t[b':' as usize] = JOIN_LETTERS;
    t[b',' as usize] = JOIN_DIGITS;
    t[b';' as usize] = JOIN_DIGITS;
    t
};

/// Whether each byte is a letter ([`JOIN_LETTERS`]) or a digit ([`JOIN_DIGITS`]).
static KIND: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            t[b] = JOIN_LETTERS;
        } else if c.is_ascii_digit() {
            t[b] = JOIN_DIGITS;
        }
        b += 1;
    }
    t
};

/// Whether `mid` joins `prev` and `next` into one word (UAX #29 rules WB6/7, WB11/12): three
/// table lookups and no branch, since the byte after a word is as often `,` or `.` as a space.
#[inline(always)]
fn joins(prev: u8, mid: u8, next: u8) -> bool {
    KIND[prev as usize] & JOINER[mid as usize] & KIND[next as usize] != 0
}

/// Calls `f` with the word hash of every word of the ASCII `text`, in order, given its
/// [`word_bitmap`]: the words are the runs of set bits, found a block at a time from the
/// bits where runs start and end.
#[inline(always)]
pub fn ascii_words(text: &str, bits: &[u64], mut f: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let mut carry = 0u64; // the last bit of the previous block
    let mut open: Option<usize> = None; // a run that began in an earlier block
    for (w, &b) in bits.iter().enumerate() {
        let next = bits.get(w + 1).map_or(0, |&x| x & 1);
        let mut starts = run_starts(b, carry);
        let mut ends = b & !((b >> 1) | (next << 63));
        carry = b >> 63;
        let base = w * 64;
        if let Some(s) = open {
            if ends == 0 {
                continue; // the run goes on through this whole block
            }
            let e = base + ends.trailing_zeros() as usize + 1;
            ends &= ends - 1;
            open = None;
            word(text, bytes, s, e, &mut f);
        }
        while starts != 0 {
            let s = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                open = Some(s);
                break;
            }
            let e = base + ends.trailing_zeros() as usize + 1;
            ends &= ends - 1;
            word(text, bytes, s, e, &mut f);
        }
    }
}

/// The first bit of each run of set bits in block `b`, given the last bit of the block
/// before (`carry`).
#[inline(always)]
fn run_starts(b: u64, carry: u64) -> u64 {
    b & !((b << 1) | carry)
}

/// Hands on the hash of the run `s..e`, unless it is only `_`, which is not a word.
#[inline(always)]
fn word(text: &str, bytes: &[u8], s: usize, e: usize, f: &mut impl FnMut(u64)) {
    let underscores = || bytes[s..e].iter().all(|&c| c == b'_');
    let len = e - s;
    if len <= 16 {
        if let Some(lanes) = bytes.get(s..s + 16) {
            let (a, b) = lanes.split_at(8);
            let a = u64::from_le_bytes(a.try_into().expect("eight bytes"));
            if a as u8 == b'_' && underscores() {
                return;
            }
            f(ascii_word_hash(a, b, len));
            return;
        }
    }
    if !underscores() {
        f(word_hash_at(text, bytes, s, e));
    }
}

/// [`word_hash_at`] of an ASCII word of `len` (at most 16) bytes, given the 16 bytes of text
/// from its start as two 64-bit lanes (`a` read, `b` not yet): masked lanes, with no per-byte
/// or non-ASCII checks. (Masking both lanes without the length branch, by a 128-bit shift,
/// was 5-10% slower in a stand-alone test on the benchmark corpus: most words fit one lane
/// and the branch is well predicted.)
#[inline(always)]
fn ascii_word_hash(a: u64, b: &[u8], len: usize) -> u64 {
    if len <= 8 {
        let a = a & (u64::MAX >> (64 - 8 * len));
        return short_word_hash(ascii_lower(a), 0, 0, len);
    }
    let b = u64::from_le_bytes(b.try_into().expect("eight bytes"));
    let b = b & (u64::MAX >> (128 - 8 * len));
    short_word_hash(ascii_lower(a), ascii_lower(b), 0, len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::minhash::Scheme;
    use crate::sketch::words::word_hashes;
    use proptest::prelude::*;

    fn two_step(text: &str, k: usize, scheme: Scheme) -> (Vec<u32>, Vec<u32>) {
        let signer = Signer::new(64, 3, scheme);
        let (mut set, mut sig) = (Vec::new(), vec![0; 64]);
        shingles_into(text, Shingling::Words(k), &mut Scratch::default(), &mut set);
        signer.sign(&set, &mut sig);
        (set, sig)
    }

    fn one_pass(text: &str, k: usize, scheme: Scheme) -> (Vec<u32>, Vec<u32>) {
        let signer = Signer::new(64, 3, scheme);
        let (mut set, mut sig) = (vec![9], vec![0; 64]);
        let mut scratch = Scratch::default();
        shingle_and_sign(
            text,
            Shingling::Words(k),
            &signer,
            &mut scratch,
            &mut set,
            &mut sig,
        );
        (set, sig)
    }

    #[test]
    fn agrees_on_news_text() {
        let long = "a'' b.. c.d 1.2 1,a a,1 x:y 3:4 e;f 5;6 Mr. Putin's 2,300-room palace cost $1.5bn, the U.S. said: a_b __ _ x. ".repeat(5);
        for t in [
            long.as_str(),
            "",
            " ",
            "a",
            "_",
            "one two",
            "a b c d e f g",
            "Ünïcode ok",
        ] {
            for k in [1, 3, 5, 64, 65, 100] {
                assert_eq!(
                    one_pass(t, k, Scheme::Oph),
                    two_step(t, k, Scheme::Oph),
                    "{t:?} {k}"
                );
            }
        }
        assert_eq!(
            one_pass(&long, 5, Scheme::Classic),
            two_step(&long, 5, Scheme::Classic)
        );
    }

    fn bitmap_words(s: &str) -> Vec<u64> {
        let mut bits = Vec::new();
        word_bitmap(s.as_bytes(), &mut bits);
        let mut got = Vec::new();
        ascii_words(s, &bits, |h| got.push(h));
        got
    }

    fn word_hashes_of(s: &str) -> Vec<u64> {
        let mut want = Vec::new();
        word_hashes(s, &mut want);
        want
    }

    proptest! {
        #[test]
        fn agrees_with_the_two_step_path(s in "[a-cA-Z0-9_.,;:' \\n\\-é]{0,200}", k in 1usize..7) {
            prop_assert_eq!(one_pass(&s, k, Scheme::Oph), two_step(&s, k, Scheme::Oph));
        }

        #[test]
        fn long_runs_across_blocks_match_word_hashes(s in "([a-cA-C0-9_'.:]{1,150}[ ,;.'_]{1,2}){0,5}") {
            prop_assert_eq!(bitmap_words(&s), word_hashes_of(&s));
        }

        #[test]
        fn ascii_words_match_word_hashes(s in "[a-cA-Z0-9_.,;:'\\t \\-]{0,300}") {
            prop_assert_eq!(bitmap_words(&s), word_hashes_of(&s));
        }
    }
}
