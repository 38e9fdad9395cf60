//! Exact verification of candidate pairs, and confidence intervals for MinHash estimates.
//!
//! A candidate is only a hint. Its exact Jaccard similarity and both containments are computed
//! from the two articles' sorted shingle sets; the MinHash estimate is reported beside them
//! with a 95% Clopper-Pearson interval, since the number of agreeing slots is binomial with K
//! trials and success probability J (for independent slots).

use serde::Serialize;
use statrs::distribution::{Beta, ContinuousCDF};

/// Exact similarities of two shingle sets.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Similarity {
    /// |A ∩ B| / |A ∪ B|.
    pub jaccard: f64,
    /// |A ∩ B| / |A|: how much of A is in B.
    pub containment_a_in_b: f64,
    /// |A ∩ B| / |B|: how much of B is in A.
    pub containment_b_in_a: f64,
}

impl Similarity {
    /// Similarities of two sorted, de-duplicated sets (0 for empty sets).
    ///
    /// ```
    /// let s = churn::lsh::Similarity::of(&[1, 2, 3, 4], &[3, 4, 5]);
    /// assert_eq!(s.jaccard, 0.4);
    /// assert_eq!(s.containment_a_in_b, 0.5);
    /// assert!((s.containment_b_in_a - 2.0 / 3.0).abs() < 1e-12);
    /// ```
    pub fn of(a: &[u32], b: &[u32]) -> Similarity {
        Similarity::from_counts(a.len(), b.len(), intersection_size(a, b))
    }

    /// Similarities of two sets of `a` and `b` distinct elements with `inter` in common.
    pub fn from_counts(a: usize, b: usize, inter: usize) -> Similarity {
        let ratio = |n: usize| if n == 0 { 0.0 } else { inter as f64 / n as f64 };
        Similarity {
            jaccard: ratio(a + b - inter),
            containment_a_in_b: ratio(a),
            containment_b_in_a: ratio(b),
        }
    }
}

/// Size of the intersection of two sorted, de-duplicated slices.
///
/// A linear merge; when one set is much smaller, a binary search per element of it.
pub fn intersection_size(a: &[u32], b: &[u32]) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.len() * 16 < large.len() {
        return small
            .iter()
            .filter(|x| large.binary_search(x).is_ok())
            .count();
    }
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// A MinHash estimate with its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// Agreeing slots / K.
    pub estimate: f64,
    /// Lower bound of the 95% Clopper-Pearson interval.
    pub low: f64,
    /// Upper bound of the 95% Clopper-Pearson interval.
    pub high: f64,
}

/// The 95% Clopper-Pearson interval for `x` agreeing slots out of `k`.
pub fn clopper_pearson(k: usize, x: usize) -> Interval {
    let x = x.min(k);
    let (n, xf) = (k as f64, x as f64);
    let quantile =
        |a: f64, b: f64, p: f64| Beta::new(a, b).map_or(f64::NAN, |beta| beta.inverse_cdf(p));
    Interval {
        estimate: if k == 0 { 0.0 } else { xf / n },
        low: if x == 0 {
            0.0
        } else {
            quantile(xf, n - xf + 1.0, 0.025)
        },
        high: if x == k {
            1.0
        } else {
            quantile(xf + 1.0, n - xf, 0.975)
        },
    }
}

/// Intervals for the counts of agreeing slots out of K that occur, each computed once (an
/// inverse Beta CDF is not free, and small corpora should not pay for all K + 1 of them).
#[derive(Clone, Debug)]
pub struct IntervalTable {
    k: usize,
    table: Vec<Option<Interval>>,
}

impl IntervalTable {
    /// A table for signatures of `k` slots, filled for the given counts.
    pub fn new(k: usize, counts: impl IntoIterator<Item = usize>) -> IntervalTable {
        let mut table = vec![None; k + 1];
        for x in counts {
            let x = x.min(k);
            if table[x].is_none() {
                table[x] = Some(clopper_pearson(k, x));
            }
        }
        IntervalTable { k, table }
    }

    /// The interval for `matches` agreeing slots (clamped to K).
    pub fn get(&self, matches: usize) -> Interval {
        let x = matches.min(self.k);
        self.table[x].unwrap_or_else(|| clopper_pearson(self.k, x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn clopper_pearson_matches_reference_values() {
        let t = IntervalTable::new(128, [64, 0]);
        let i = t.get(64);
        assert_eq!(i.estimate, 0.5);
        // R: binom.test(64, 128)$conf.int = 0.4103 0.5897
        assert!((i.low - 0.4103).abs() < 1e-3, "{i:?}");
        assert!((i.high - 0.5897).abs() < 1e-3, "{i:?}");
        assert_eq!(t.get(0).low, 0.0);
        assert_eq!(t.get(128).high, 1.0);
        assert!(t.get(128).low > 0.97);
    }

    #[test]
    fn empty_sets_have_zero_similarity() {
        let s = Similarity::of(&[], &[]);
        assert_eq!(s.jaccard, 0.0);
        assert_eq!(s.containment_a_in_b, 0.0);
    }

    proptest! {
        #[test]
        fn intersection_matches_naive(
            mut a in proptest::collection::vec(0u32..200, 0..100),
            mut b in proptest::collection::vec(0u32..200, 0..5),
        ) {
            for s in [&mut a, &mut b] { s.sort_unstable(); s.dedup(); }
            let naive = a.iter().filter(|x| b.contains(x)).count();
            prop_assert_eq!(intersection_size(&a, &b), naive);
            prop_assert_eq!(intersection_size(&b, &a), naive);
        }
    }
}
