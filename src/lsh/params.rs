//! Choosing bands x rows from a similarity threshold.
//!
//! With b bands of r rows, two sets of Jaccard similarity s share at least one band with
//! probability P(s) = 1 - (1 - s^r)^b. The chosen layout minimises
//! `w_fp * ∫_0^t P(s) ds + w_fn * ∫_t^1 (1 - P(s)) ds` over all b * r <= K, as datasketch
//! does. churn verifies every candidate exactly, so a false positive costs only a check while
//! a false negative is a lost duplicate: the default weights favour recall (0.05 / 0.95). At
//! threshold 0.5 and 128 slots that gives 26 x 3, which catches a pair of similarity 0.55 with
//! probability 0.991 (datasketch's 0.5 / 0.5 gives 25 x 5: 0.725).

use crate::error::{Error, Result};
use rayon::prelude::*;
use serde::Serialize;

/// A band layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LshParams {
    /// Number of bands.
    pub bands: usize,
    /// Signature slots per band.
    pub rows: usize,
}

impl LshParams {
    /// Probability that a pair of Jaccard similarity `s` becomes a candidate.
    pub fn candidate_probability(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

/// Default weight of the false-positive area.
pub const FALSE_POSITIVE_WEIGHT: f64 = 0.05;
/// Default weight of the false-negative area.
pub const FALSE_NEGATIVE_WEIGHT: f64 = 0.95;

/// The layout minimising the weighted false-positive plus false-negative area.
///
/// `bands` or `rows` given fix that value (both given: checked and returned).
///
/// # Errors
///
/// A threshold outside (0, 1], or a fixed layout needing more than `num_perm` slots.
///
/// ```
/// let p = churn::lsh::optimal_params(0.8, 128, None, None).unwrap();
/// assert!(p.bands * p.rows <= 128);
/// assert!(p.candidate_probability(0.85) > 0.99);
/// ```
pub fn optimal_params(
    threshold: f64,
    num_perm: usize,
    bands: Option<usize>,
    rows: Option<usize>,
) -> Result<LshParams> {
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(Error::Param {
            name: "threshold",
            reason: format!("{threshold} is not in (0, 1]"),
        });
    }
    // Band counts in parallel (some 700 layouts of 130 evaluations each at 128 slots, on the
    // critical path before any article is read); each count's best, then the best of those
    // in band order: the first best layout in (bands, rows) order, as one loop finds it.
    // Each s^r is computed once per row count, not once per layout ([`Powers`]).
    let powers = Powers::new(threshold, num_perm, rows);
    let per_bands: Vec<Option<(f64, LshParams)>> = (1..=num_perm)
        .into_par_iter()
        .map(|b| {
            if bands.is_some_and(|x| x != b) {
                return None;
            }
            let layouts = (1..=num_perm / b)
                .filter(|&r| rows.map_or(true, |x| x == r))
                .map(|r| LshParams { bands: b, rows: r });
            first_best(layouts.map(|p| (powers.weighted_error(p), p)))
        })
        .collect();
    let best = first_best(per_bands.into_iter().flatten());
    best.map(|(_, p)| p).ok_or_else(|| Error::Param {
        name: "bands",
        reason: format!(
            "--bands {} x --rows {} needs more than --num-perm {num_perm} slots",
            bands.map_or("?".into(), |b| b.to_string()),
            rows.map_or("?".into(), |r| r.to_string())
        ),
    })
}

/// The weighted false-positive plus false-negative area of layout `p` at `threshold`: the
/// definition that [`Powers::weighted_error`] computes faster (the tests hold them equal).
#[cfg(test)]
fn weighted_error(p: LshParams, threshold: f64) -> f64 {
    let fp = integrate(|s| p.candidate_probability(s), 0.0, threshold);
    let fneg = integrate(|s| 1.0 - p.candidate_probability(s), threshold, 1.0);
    FALSE_POSITIVE_WEIGHT * fp + FALSE_NEGATIVE_WEIGHT * fneg
}

/// The first of the `(error, layout)` pairs with the least error.
fn first_best(all: impl Iterator<Item = (f64, LshParams)>) -> Option<(f64, LshParams)> {
    let mut best: Option<(f64, LshParams)> = None;
    for (err, p) in all {
        if best.map_or(true, |(e, _)| err < e) {
            best = Some((err, p));
        }
    }
    best
}

/// Intervals of the composite Simpson's rule.
const SIMPSON_INTERVALS: usize = 64;

/// Composite Simpson's rule with [`SIMPSON_INTERVALS`] intervals.
#[cfg(test)]
fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    let points = simpson_points(a, b);
    simpson(|i| f(points[i]), a, b)
}

/// The points where [`integrate`] evaluates its function, in order: `a`, the inner points,
/// `b`.
fn simpson_points(a: f64, b: f64) -> [f64; SIMPSON_INTERVALS + 1] {
    const N: usize = SIMPSON_INTERVALS;
    let h = (b - a) / N as f64;
    let mut points = [0.0; N + 1];
    for (i, p) in points.iter_mut().enumerate() {
        *p = match i {
            0 => a,
            N => b,
            _ => a + i as f64 * h,
        };
    }
    points
}

/// Simpson's rule over `[a, b]` from the function's values at [`simpson_points`] (`value(i)`
/// at point `i`), summed in one fixed order.
fn simpson(value: impl Fn(usize) -> f64, a: f64, b: f64) -> f64 {
    const N: usize = SIMPSON_INTERVALS;
    let h = (b - a) / N as f64;
    let inner: f64 = (1..N)
        .map(|i| value(i) * if i % 2 == 1 { 4.0 } else { 2.0 })
        .sum();
    (value(0) + value(N) + inner) * h / 3.0
}

/// `s^r` at the Simpson points of both integrals of [`weighted_error`] for every row count
/// `r` searched, so that a layout's error costs one `powi` per point instead of two, with
/// the same operations (and so the same bits) as [`weighted_error`].
struct Powers {
    threshold: f64,
    /// Row counts `1..=max_rows`; `by_rows[r - 1]` holds s^r at the points below the
    /// threshold, then at those above (empty for a row count not searched).
    by_rows: Vec<Vec<f64>>,
}

impl Powers {
    /// The powers for layouts of up to `num_perm` slots (only `rows` if given).
    fn new(threshold: f64, num_perm: usize, rows: Option<usize>) -> Powers {
        let below = simpson_points(0.0, threshold);
        let above = simpson_points(threshold, 1.0);
        let by_rows = (1..=num_perm)
            .into_par_iter()
            .map(|r| {
                if rows.is_some_and(|x| x != r) {
                    return Vec::new();
                }
                below
                    .iter()
                    .chain(&above)
                    .map(|s| s.powi(r as i32))
                    .collect()
            })
            .collect();
        Powers { threshold, by_rows }
    }

    /// [`weighted_error`] of layout `p`, bit for bit.
    fn weighted_error(&self, p: LshParams) -> f64 {
        const POINTS: usize = SIMPSON_INTERVALS + 1;
        let powers = &self.by_rows[p.rows - 1];
        let bands = p.bands as i32;
        // As [`LshParams::candidate_probability`] with s^r given.
        let probability = |i: usize| 1.0 - (1.0 - powers[i]).powi(bands);
        let t = self.threshold;
        let fp = simpson(probability, 0.0, t);
        let fneg = simpson(|i| 1.0 - probability(POINTS + i), t, 1.0);
        FALSE_POSITIVE_WEIGHT * fp + FALSE_NEGATIVE_WEIGHT * fneg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_fits_and_separates_around_the_threshold() {
        for t in [0.5, 0.7, 0.8, 0.9] {
            let p = optimal_params(t, 128, None, None).expect("valid");
            assert!(p.bands * p.rows <= 128);
            assert!(p.candidate_probability(t + 0.05) > 0.98, "t={t} {p:?}");
            assert!(p.candidate_probability(t - 0.3) < 0.2, "t={t} {p:?}");
        }
    }

    #[test]
    fn overrides_are_honoured_and_checked() {
        let p = optimal_params(0.5, 128, Some(32), None).expect("valid");
        assert_eq!(p.bands, 32);
        assert_eq!(
            optimal_params(0.5, 128, Some(32), Some(4)).ok(),
            Some(LshParams { bands: 32, rows: 4 })
        );
        assert!(optimal_params(0.5, 128, Some(20), Some(10)).is_err());
        assert!(optimal_params(1.5, 128, None, None).is_err());
    }

    /// The layout search as one loop over (bands, rows), the first best kept.
    fn one_loop(t: f64, k: usize, bands: Option<usize>, rows: Option<usize>) -> Option<LshParams> {
        let mut best: Option<(f64, LshParams)> = None;
        for b in (1..=k).filter(|&b| bands.map_or(true, |x| x == b)) {
            for r in (1..=k / b).filter(|&r| rows.map_or(true, |x| x == r)) {
                let p = LshParams { bands: b, rows: r };
                let err = weighted_error(p, t);
                if best.map_or(true, |(e, _)| err < e) {
                    best = Some((err, p));
                }
            }
        }
        best.map(|(_, p)| p)
    }

    #[test]
    fn parallel_search_picks_what_one_loop_picks() {
        for k in [1, 7, 64, 128] {
            for t in (1..=20).map(|i| f64::from(i) / 20.0) {
                for (b, r) in [(None, None), (Some(4), None), (None, Some(2))] {
                    assert_eq!(
                        optimal_params(t, k, b, r).ok(),
                        one_loop(t, k, b, r),
                        "t={t} k={k} {b:?} {r:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn cached_powers_give_the_same_errors_bit_for_bit() {
        for k in [1, 5, 64, 128, 200] {
            for t in (1..=40)
                .map(|i| f64::from(i) / 40.0)
                .chain([0.3333, 0.8765])
            {
                let powers = Powers::new(t, k, None);
                for b in 1..=k {
                    for r in 1..=k / b {
                        let p = LshParams { bands: b, rows: r };
                        assert_eq!(
                            powers.weighted_error(p).to_bits(),
                            weighted_error(p, t).to_bits(),
                            "t={t} k={k} {p:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn integration_is_accurate() {
        assert!((integrate(|x| x * x, 0.0, 1.0) - 1.0 / 3.0).abs() < 1e-9);
    }
}
