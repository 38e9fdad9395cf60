//! MinHash signatures of shingle sets.
//!
//! Two schemes, both estimating the Jaccard similarity of two sets as the fraction of slots
//! where their signatures agree:
//!
//! - [`Scheme::Oph`] (default): one-permutation hashing with optimal densification
//!   (Shrivastava, ICML 2017). Each element is hashed once; the hash picks one of K bins and
//!   the bin keeps its minimum. An empty bin borrows the value of the first non-empty bin
//!   along a probe sequence that depends only on the bin, the attempt number and the seed, so
//!   two sets with the same empty bins borrow alike. Cost O(n + K) per set instead of O(nK).
//! - [`Scheme::Classic`]: K independent hash functions, the minimum of each: the reference.
//!
//! Slot values are 32-bit, so a 128-slot signature takes 512 bytes.

use super::mix64;
use serde::Serialize;

/// Most slots a signature may have.
pub const MAX_SLOTS: usize = 4096;

/// Which MinHash scheme fills a signature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// One-permutation hashing with optimal densification.
    #[default]
    Oph,
    /// K independent hash functions.
    Classic,
}

/// Signs shingle sets with a fixed scheme, size and seed.
#[derive(Clone, Debug)]
pub struct Signer {
    k: usize,
    seed: u64,
    scheme: Scheme,
    perm_seeds: Vec<u64>,
}

impl Signer {
    /// A signer with `k` slots (clamped to 1..=[`MAX_SLOTS`]).
    pub fn new(k: usize, seed: u64, scheme: Scheme) -> Signer {
        let k = k.clamp(1, MAX_SLOTS);
        let perm_seeds = match scheme {
            Scheme::Oph => Vec::new(),
            Scheme::Classic => (0..k as u64).map(|p| mix64(seed ^ mix64(p + 1))).collect(),
        };
        Signer {
            k,
            seed: mix64(seed ^ 0x6a09_e667_f3bc_c908),
            scheme,
            perm_seeds,
        }
    }

    /// Slots per signature.
    pub fn len(&self) -> usize {
        self.k
    }

    /// Whether signatures are empty (never: at least one slot).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Writes the signature of `set` into `out` (length [`Signer::len`]).
    ///
    /// The empty set gets all slots `u32::MAX`; callers should not compare empty sets.
    pub fn sign(&self, set: &[u32], out: &mut [u32]) {
        self.sign_reusing(set, out, &mut OphFilled::default());
    }

    /// As [`Signer::sign`], reusing a caller's buffer for the one-permutation bins' state.
    pub(crate) fn sign_reusing(&self, set: &[u32], out: &mut [u32], filled: &mut OphFilled) {
        debug_assert_eq!(out.len(), self.k);
        match self.scheme {
            Scheme::Oph => self.sign_oph(set, out, filled),
            Scheme::Classic => self.sign_classic(set, out),
        }
    }

    fn sign_oph(&self, set: &[u32], out: &mut [u32], filled: &mut OphFilled) {
        out.fill(u32::MAX);
        // The default K as a constant: the bin is then a shift, and provably in range.
        let saw_max = match <&mut [u32; 128]>::try_from(&mut *out) {
            Ok(bins) => self.fill_fixed(set, bins),
            Err(_) => self.fill_bins(set, out),
        };
        self.mark_filled(set, out, saw_max, filled);
        self.oph_finish(out, filled);
    }

    /// Keeps in each bin of `out` (all u32::MAX, [`Signer::len`] of them) the minimum value
    /// of the elements of `set` that fall in it ([`Signer::oph_slot`]); gives whether some
    /// element's value was u32::MAX itself.
    fn fill_bins(&self, set: &[u32], out: &mut [u32]) -> bool {
        // Branch-free: whether a bin's minimum changes is a coin toss early in a set.
        let mut saw_max = false;
        for &x in set {
            let (bin, v) = self.oph_slot(x);
            out[bin] = out[bin].min(v);
            saw_max |= v == u32::MAX;
        }
        saw_max
    }

    /// [`Signer::fill_bins`] for `K` ([`Signer::len`]) known when compiling.
    fn fill_fixed<const K: usize>(&self, set: &[u32], out: &mut [u32; K]) -> bool {
        debug_assert_eq!(K, self.k);
        let mut saw_max = false;
        for &x in set {
            let (bin, v) = oph_slot(self.seed, K as u64, x);
            out[bin] = out[bin].min(v);
            saw_max |= v == u32::MAX;
        }
        saw_max
    }

    /// Marks in `filled` the bins that elements of `set` reached. Unless some element's value
    /// was u32::MAX itself (`saw_max`: about one set in 10^7), those are the bins of `out` no
    /// longer at u32::MAX; otherwise the elements are hashed again to say which.
    fn mark_filled(&self, set: &[u32], out: &[u32], saw_max: bool, filled: &mut OphFilled) {
        filled.0.clear();
        if saw_max {
            filled.0.resize(self.k.div_ceil(64), 0);
            for &x in set {
                let bin = self.oph_slot(x).0;
                filled.0[bin / 64] |= 1 << (bin % 64);
            }
        } else {
            filled.0.extend(out.chunks(64).map(|bins| {
                bins.iter()
                    .enumerate()
                    .fold(0u64, |m, (j, &v)| m | (u64::from(v != u32::MAX) << j))
            }));
        }
    }

    /// The one-permutation bin of element `x` and its value there.
    #[inline(always)]
    fn oph_slot(&self, x: u32) -> (usize, u32) {
        oph_slot(self.seed, self.k as u64, x)
    }

    /// Densifies a one-permutation signature: fills the bins no element reached. A set
    /// without elements keeps every slot `u32::MAX`.
    fn oph_finish(&self, out: &mut [u32], filled: &OphFilled) {
        if filled.0.iter().all(|&w| w == 0) {
            return;
        }
        let k = self.k as u64;
        let is_filled = |j: usize| (filled.0[j / 64] >> (j % 64)) & 1 == 1;
        for (w, &word) in filled.0.iter().enumerate() {
            // The bins of this word that no element reached (none past the last bin).
            let bins = (self.k - 64 * w).min(64);
            let mut empty = !word & (u64::MAX >> (64 - bins));
            while empty != 0 {
                let i = 64 * w + empty.trailing_zeros() as usize;
                empty &= empty - 1;
                out[i] = out[self.donor(i, k, is_filled)];
            }
        }
    }

    /// Optimal densification's donor of empty bin `i` (of `k`): bins probed by a hash of
    /// (bin, attempt) until one the set itself filled. Some bin must be filled.
    fn donor(&self, i: usize, k: u64, is_filled: impl Fn(usize) -> bool) -> usize {
        (1u64..)
            .map(|attempt| {
                let h = mix64(
                    self.seed ^ ((i as u64) << 32 | attempt).wrapping_mul(0x9e37_79b9_7f4a_7c15),
                );
                (((h >> 32) * k) >> 32) as usize
            })
            .find(|&j| is_filled(j))
            .expect("some bin is filled, so the probing ends")
    }

    fn sign_classic(&self, set: &[u32], out: &mut [u32]) {
        out.fill(u32::MAX);
        for &x in set {
            let h = mix64(u64::from(x) ^ self.seed);
            for (slot, &s) in out.iter_mut().zip(&self.perm_seeds) {
                let v = mix64(h ^ s) as u32;
                if v < *slot {
                    *slot = v;
                }
            }
        }
    }
}

/// The one-permutation bin (of `k`) of element `x` and its value there, for a signer's
/// mixed seed.
#[inline(always)]
fn oph_slot(seed: u64, k: u64, x: u32) -> (usize, u32) {
    let h = mix64(u64::from(x) ^ seed);
    ((((h >> 32) * k) >> 32) as usize, h as u32)
}

/// Which bins of a one-permutation signature the set itself filled: a bit per bin (bin `i`
/// is bit `i % 64` of word `i / 64`), reusable from one signature to the next.
#[derive(Clone, Debug, Default)]
pub(crate) struct OphFilled(Vec<u64>);

/// The one-permutation (densified) signature of `set`.
///
/// ```
/// let a: Vec<u32> = (0..1000).collect();
/// let b: Vec<u32> = (500..1500).collect(); // Jaccard 1/3
/// let sa = churn::sketch::oph_signature(&a, 256, 1);
/// let sb = churn::sketch::oph_signature(&b, 256, 1);
/// let est = churn::sketch::matching_slots(&sa, &sb) as f64 / 256.0;
/// assert!((est - 1.0 / 3.0).abs() < 0.12);
/// ```
pub fn oph_signature(set: &[u32], k: usize, seed: u64) -> Vec<u32> {
    let signer = Signer::new(k, seed, Scheme::Oph);
    let mut out = vec![0; signer.len()];
    signer.sign(set, &mut out);
    out
}

/// The classic K-hash-function signature of `set`.
pub fn classic_signature(set: &[u32], k: usize, seed: u64) -> Vec<u32> {
    let signer = Signer::new(k, seed, Scheme::Classic);
    let mut out = vec![0; signer.len()];
    signer.sign(set, &mut out);
    out
}

/// Number of slots where two signatures agree.
pub fn matching_slots(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).filter(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::SplitMix64;

    #[test]
    fn filled_bins_read_from_the_signature_match_the_elements() {
        let mut rng = SplitMix64::new(5);
        let signer = Signer::new(64, 9, Scheme::Oph);
        for n in [0usize, 1, 10, 60, 300] {
            let set: Vec<u32> = (0..n).map(|_| rng.next_u64() as u32).collect();
            let mut out = vec![u32::MAX; 64];
            for &x in &set {
                let (bin, v) = signer.oph_slot(x);
                out[bin] = out[bin].min(v);
            }
            let (mut quick, mut scan) = (OphFilled::default(), OphFilled::default());
            signer.mark_filled(&set, &out, false, &mut quick);
            signer.mark_filled(&set, &out, true, &mut scan);
            assert_eq!(quick.0, scan.0, "{n}");
        }
    }

    /// One-permutation signing as first written: a byte per bin, every bin visited.
    fn oph_reference(set: &[u32], k: usize, seed: u64) -> Vec<u32> {
        let signer = Signer::new(k, seed, Scheme::Oph);
        let mut out = vec![u32::MAX; k];
        let mut filled = vec![false; k];
        for &x in set {
            let (bin, v) = signer.oph_slot(x);
            out[bin] = out[bin].min(v);
            filled[bin] = true;
        }
        if !filled.contains(&true) {
            return out;
        }
        for i in (0..k).filter(|&i| !filled[i]) {
            let mut attempt = 1u64;
            loop {
                let h = mix64(
                    signer.seed ^ ((i as u64) << 32 | attempt).wrapping_mul(0x9e37_79b9_7f4a_7c15),
                );
                let j = (((h >> 32) * k as u64) >> 32) as usize;
                if filled[j] {
                    out[i] = out[j];
                    break;
                }
                attempt += 1;
            }
        }
        out
    }

    #[test]
    fn bitset_densification_matches_the_reference() {
        let mut rng = SplitMix64::new(11);
        for k in [1usize, 2, 63, 64, 65, 128, 200] {
            for n in [0usize, 1, 3, 40, 300] {
                let set: Vec<u32> = (0..n).map(|_| rng.next_u64() as u32).collect();
                assert_eq!(
                    oph_signature(&set, k, 4),
                    oph_reference(&set, k, 4),
                    "k={k} n={n}"
                );
            }
        }
    }

    /// Two random sets of `n` elements each sharing `shared` of them.
    fn pair(rng: &mut SplitMix64, n: usize, shared: usize) -> (Vec<u32>, Vec<u32>, f64) {
        let common: Vec<u32> = (0..shared).map(|_| rng.next_u64() as u32).collect();
        let mut a = common.clone();
        let mut b = common;
        a.extend((shared..n).map(|_| rng.next_u64() as u32));
        b.extend((shared..n).map(|_| rng.next_u64() as u32));
        for s in [&mut a, &mut b] {
            s.sort_unstable();
            s.dedup();
        }
        let inter = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
        let j = inter as f64 / (a.len() + b.len() - inter) as f64;
        (a, b, j)
    }

    /// Mean error, root mean square error, and share of errors beyond 3 sigma.
    fn errors(scheme: Scheme, n: usize, shared: usize, trials: u64) -> (f64, f64, f64, f64) {
        let k = 128;
        let (mut sum, mut sq, mut outside, mut sigma_sum) = (0.0, 0.0, 0usize, 0.0);
        for t in 0..trials {
            let mut rng = SplitMix64::new(1000 + t);
            let (a, b, j) = pair(&mut rng, n, shared);
            let signer = Signer::new(k, t, scheme);
            let (mut sa, mut sb) = (vec![0; k], vec![0; k]);
            signer.sign(&a, &mut sa);
            signer.sign(&b, &mut sb);
            let est = matching_slots(&sa, &sb) as f64 / k as f64;
            let sigma = (j * (1.0 - j) / k as f64).sqrt();
            sum += est - j;
            sq += (est - j) * (est - j);
            sigma_sum += sigma;
            if (est - j).abs() > 3.0 * sigma {
                outside += 1;
            }
        }
        let n = trials as f64;
        (sum / n, (sq / n).sqrt(), outside as f64 / n, sigma_sum / n)
    }

    #[test]
    fn oph_is_unbiased_within_three_sigma_and_no_worse_than_classic() {
        let trials = 300;
        for (n, shared) in [(400, 300), (300, 100), (128, 100), (1000, 250), (20, 15)] {
            let (bias, rmse, outside, sigma) = errors(Scheme::Oph, n, shared, trials);
            let (cbias, crmse, _, _) = errors(Scheme::Classic, n, shared, trials);
            // Bias: within 3 standard errors of the mean.
            let se = sigma / (trials as f64).sqrt();
            assert!(bias.abs() < 3.0 * se, "n={n} bias {bias} se {se}");
            assert!(cbias.abs() < 3.0 * se, "classic n={n} bias {cbias} se {se}");
            // Individual errors beyond 3 sigma are rare (normal tail: 0.3%).
            assert!(outside <= 0.01, "n={n} outside {outside}");
            // RMSE no worse than the classic scheme's (up to Monte Carlo noise) once sets are
            // at least as large as the signature, as article shingle sets are. For much
            // smaller sets densification copies values and the variance grows (documented).
            if n >= 128 {
                assert!(rmse <= crmse * 1.05, "n={n} rmse {rmse} classic {crmse}");
            }
        }
    }

    #[test]
    fn identical_and_disjoint_sets() {
        let a: Vec<u32> = (0..300).collect();
        let b: Vec<u32> = (1000..1300).collect();
        for scheme in [Scheme::Oph, Scheme::Classic] {
            let s = Signer::new(64, 9, scheme);
            let (mut x, mut y, mut z) = (vec![0; 64], vec![0; 64], vec![0; 64]);
            s.sign(&a, &mut x);
            s.sign(&a, &mut y);
            s.sign(&b, &mut z);
            assert_eq!(matching_slots(&x, &y), 64);
            assert!(matching_slots(&x, &z) <= 2);
        }
    }

    #[test]
    fn tiny_sets_are_densified() {
        let s = oph_signature(&[42], 128, 3);
        assert!(s.iter().all(|&v| v == s[0]));
        assert!(oph_signature(&[], 16, 3).iter().all(|&v| v == u32::MAX));
    }
}
