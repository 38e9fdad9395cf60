//! Set sketches for near-duplicate detection: shingles and MinHash signatures.
//!
//! Takes an article's text and returns its set of shingle fingerprints ([`shingle`]) and a
//! MinHash signature of that set ([`minhash`]). Everything here is a pure function of the text
//! and explicit seeds, so signatures are the same on every machine and thread count.

mod bytemask;
pub mod fused;
pub mod minhash;
pub mod shingle;
pub mod words;

pub use fused::shingle_and_sign;
pub use minhash::{classic_signature, matching_slots, oph_signature, Signer};
pub use shingle::{shingle_set, Shingling};

/// The 64-bit finaliser of MurmurHash3: a fast, stable bijective mixer.
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The folded multiply of wyhash: the 128-bit product of `a` and `b`, its two halves xored.
/// One multiplication mixes every input bit into every output bit (through the high half),
/// which makes it the cheap mixer of the shingling and signing hot path. Zero when either
/// input is zero, so callers xor their inputs with constants that real input never cancels.
#[inline(always)]
pub fn mum(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

/// SplitMix64: a small, stable, seeded generator for tests, benchmarks and `churn synth`.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n > 0`), by multiply-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_stable_and_in_range() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        // SplitMix64 reference value for seed 0.
        assert_eq!(SplitMix64::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);
        assert!((0..1000).all(|_| a.below(10) < 10));
        assert!((0..1000).all(|_| (0.0..1.0).contains(&a.unit())));
    }

    #[test]
    fn mum_folds_the_full_product() {
        assert_eq!(mum(0, 12345), 0);
        assert_eq!(mum(1, 7), 7);
        assert_eq!(mum(1 << 63, 2), 1);
        assert_eq!(mum(u64::MAX, u64::MAX), 1 ^ (u64::MAX - 1));
    }
}
