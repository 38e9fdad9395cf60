//! Exact similarities of two shingle arrays in any order, repeats allowed, through a small
//! hash table: no sorted copy of either array is needed.
//!
//! [`Similarity::of`] merges two sorted, de-duplicated sets. The near-duplicate engine keeps
//! each article's fingerprints in text order with repeats, and sorting the arrays of every
//! article in a candidate pair cost more than the merges themselves. [`similarity_of_any`]
//! instead puts the distinct values of `a` in an open-addressing table (linear probing), then
//! looks up each value of `b`, marking what it finds: one pass over each array, the table
//! (a few KiB, in cache) emptied between pairs by a generation count, not by clearing it. It
//! counts the same |A|, |B| and |A ∩ B| as the merge, so the similarities are the same `f64`
//! values, bit for bit.

use super::Similarity;

/// A value of `a` only (mark bits 32-33).
const IN_A: u64 = 1 << 32;
/// A value of `b` only.
const IN_B: u64 = 2 << 32;
/// A value of both.
const IN_BOTH: u64 = 3 << 32;
/// Where a slot's generation starts.
const GEN_SHIFT: u32 = 34;

/// A reusable table for [`similarity_of_any`]. A slot holds value | mark << 32 | generation
/// << 34; a slot of an earlier generation (call) is empty, so the table is never cleared
/// between calls, only once in 2^30 calls.
#[derive(Clone, Debug, Default)]
pub struct SetTable {
    slots: Vec<u64>,
    generation: u64,
}

impl SetTable {
    /// Starts a new generation, with room for `n` values (at most half full); gives the
    /// mask and the bits of the slots in use, and the generation's tag.
    fn reset(&mut self, n: usize) -> (usize, u32, u64) {
        let cap = (2 * n).next_power_of_two().max(16);
        if self.slots.len() < cap {
            self.slots.resize(cap, 0);
        }
        self.generation += 1;
        if self.generation >= 1 << (64 - GEN_SHIFT) {
            self.slots.fill(0);
            self.generation = 1;
        }
        (cap - 1, cap.trailing_zeros(), self.generation << GEN_SHIFT)
    }
}

/// The slot where probing for `x` starts: Fibonacci hashing of the value to `bits` bits.
#[inline(always)]
fn home(x: u32, bits: u32) -> usize {
    (u64::from(x).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}

/// Exact similarities of the sets of values of `a` and `b`, each in any order and with any
/// repeats: the same as [`Similarity::of`] of their sorted, de-duplicated forms.
///
/// ```
/// use churn::lsh::{similarity_of_any, SetTable, Similarity};
/// let mut table = SetTable::default();
/// let s = similarity_of_any(&[4, 1, 3, 2, 4], &[5, 3, 4, 3], &mut table);
/// assert_eq!(s, Similarity::of(&[1, 2, 3, 4], &[3, 4, 5]));
/// ```
pub fn similarity_of_any(a: &[u32], b: &[u32], table: &mut SetTable) -> Similarity {
    let (mask, bits, tag) = table.reset(a.len() + b.len());
    let slots = &mut table.slots[..=mask];
    let stale = |s: u64| s >> GEN_SHIFT != tag >> GEN_SHIFT;
    let mut na = 0usize;
    for &x in a {
        let mut i = home(x, bits);
        loop {
            let s = slots[i];
            if stale(s) {
                slots[i] = u64::from(x) | IN_A | tag;
                na += 1;
                break;
            }
            if s as u32 == x {
                break;
            }
            i = (i + 1) & mask;
        }
    }
    let (mut nb, mut inter) = (0usize, 0usize);
    for &y in b {
        let mut i = home(y, bits);
        loop {
            let s = slots[i];
            if stale(s) {
                slots[i] = u64::from(y) | IN_B | tag;
                nb += 1;
                break;
            }
            if s as u32 == y {
                if s & IN_BOTH == IN_A {
                    slots[i] = s | IN_BOTH;
                    nb += 1;
                    inter += 1;
                }
                break;
            }
            i = (i + 1) & mask;
        }
    }
    Similarity::from_counts(na, nb, inter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted_set(v: &[u32]) -> Vec<u32> {
        let mut s = v.to_vec();
        s.sort_unstable();
        s.dedup();
        s
    }

    #[test]
    fn empty_and_zero_values() {
        let mut t = SetTable::default();
        assert_eq!(similarity_of_any(&[], &[], &mut t).jaccard, 0.0);
        let s = similarity_of_any(&[0, 0], &[0], &mut t);
        assert_eq!(s.jaccard, 1.0);
        let s = similarity_of_any(&[0, u32::MAX], &[], &mut t);
        assert_eq!(s.containment_a_in_b, 0.0);
    }

    #[test]
    fn generations_wrap_around() {
        let mut t = SetTable::default();
        let want = similarity_of_any(&[1, 2, 3], &[2, 3, 4], &mut t);
        t.generation = (1 << (64 - GEN_SHIFT)) - 2;
        for _ in 0..4 {
            assert_eq!(similarity_of_any(&[1, 2, 3], &[2, 3, 4], &mut t), want);
        }
        assert!(t.generation < 4);
    }

    proptest! {
        #[test]
        fn agrees_with_the_sorted_merge(
            a in proptest::collection::vec(0u32..300, 0..400),
            b in proptest::collection::vec(prop_oneof![0u32..300, any::<u32>()], 0..400),
        ) {
            let mut t = SetTable::default();
            let want = Similarity::of(&sorted_set(&a), &sorted_set(&b));
            prop_assert_eq!(similarity_of_any(&a, &b, &mut t), want);
            // The table is reused: a second, different pair gives its own answer.
            let want = Similarity::of(&sorted_set(&b), &sorted_set(&a[..a.len() / 2]));
            prop_assert_eq!(similarity_of_any(&b, &a[..a.len() / 2], &mut t), want);
        }
    }
}
