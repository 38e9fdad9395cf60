//! Evaluation on generated cases with known answers: passage detection (PAN measures)
//! and reliability flags.

pub mod flags;
pub mod pan;
pub mod passages;
pub mod synth;

/// Deterministic random numbers for the case generators: [`crate::sketch::SplitMix64`] with
/// `below` by modulo, which the generators' recorded results were made with.
#[derive(Clone, Debug)]
pub struct Rng(crate::sketch::SplitMix64);

impl Rng {
    /// A generator started from `state`; each generator offsets its seed with its own constant.
    pub fn new(state: u64) -> Rng {
        Rng(crate::sketch::SplitMix64::new(state))
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.0.unit() <= p
    }
    /// Shuffles a slice in place.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}
