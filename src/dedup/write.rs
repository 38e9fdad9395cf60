//! Pairs (TSV) and clusters (JSON Lines) as written by `churn dedup`.

use super::NearDuplicates;
use std::io::Write;

/// Header line of the pairs file.
pub const PAIRS_HEADER: &str =
    "a\tb\tjaccard\tcontainment_a_in_b\tcontainment_b_in_a\testimate\tci_low\tci_high";

/// Writes the pairs as TSV with a header; tabs and line breaks in ids become spaces.
///
/// # Errors
///
/// Any write error.
pub fn write_pairs(found: &NearDuplicates, mut w: impl Write) -> std::io::Result<()> {
    writeln!(w, "{PAIRS_HEADER}")?;
    let mut line = String::new();
    for p in &found.pairs {
        let s = &p.similarity;
        line.clear();
        line.push_str(&clean(&p.a));
        line.push('\t');
        line.push_str(&clean(&p.b));
        for v in [
            s.jaccard,
            s.containment_a_in_b,
            s.containment_b_in_a,
            p.estimate,
            p.ci_low,
            p.ci_high,
        ] {
            line.push('\t');
            push_fixed4(&mut line, v);
        }
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    w.flush()
}

/// Appends `v` as `format!("{v:.4}")` writes it, without the general formatter (exact
/// decimal expansion, often by big-number arithmetic) when the answer is plain: a `v` of
/// positive sign below 10^5 whose value times 10^4 is not within 10^-6 of a rounding tie.
/// Then the product computed in floating point (off by at most half a unit in its last
/// place, under 10^-7 below 10^9) rounds to the same integer as the exact product, and the
/// digits are that integer's. Anything else (NaN, infinities, -0.0, ties) goes to the
/// formatter.
fn push_fixed4(out: &mut String, v: f64) {
    use std::fmt::Write as _;
    let scaled = v * 10_000.0;
    let frac = scaled - scaled.floor();
    if v.is_sign_negative() || !(0.0..1.0e9).contains(&scaled) || (frac - 0.5).abs() < 1e-6 {
        let _ = write!(out, "{v:.4}");
        return;
    }
    let n = scaled.round() as u64;
    let _ = write!(out, "{}.{:04}", n / 10_000, n % 10_000);
}

/// Writes one JSON object per cluster: `cluster`, `representative`, `members` (id, jaccard).
///
/// # Errors
///
/// Any write error.
pub fn write_clusters(found: &NearDuplicates, mut w: impl Write) -> std::io::Result<()> {
    for c in &found.clusters {
        let line = serde_json::to_string(c).map_err(std::io::Error::other)?;
        writeln!(w, "{line}")?;
    }
    w.flush()
}

fn clean(id: &str) -> std::borrow::Cow<'_, str> {
    if id.contains(['\t', '\n', '\r']) {
        id.replace(['\t', '\n', '\r'], " ").into()
    } else {
        id.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::SplitMix64;
    use proptest::prelude::*;

    fn fixed4(v: f64) -> String {
        let mut s = String::new();
        push_fixed4(&mut s, v);
        s
    }

    #[test]
    fn fixed_point_matches_the_formatter() {
        let mut rng = SplitMix64::new(3);
        let ratios = (1..300u32).flat_map(|b| (0..=b).map(move |a| f64::from(a) / f64::from(b)));
        let edges = [
            0.0, 1.0, 0.5, 0.00005, 0.12345, 0.99995, 0.99994999, 1e-300, 1e12,
        ];
        for v in ratios
            .chain(edges)
            .chain((0..100_000).map(|_| rng.unit()))
            .chain([
                f64::NAN,
                f64::INFINITY,
                -0.0,
                -0.25,
                5e4,
                99_999.999_95,
                2e5,
                5e15,
            ])
        {
            assert_eq!(fixed4(v), format!("{v:.4}"), "{v:e}");
        }
    }

    proptest! {
        #[test]
        fn any_float_formats_alike(v in proptest::num::f64::ANY) {
            prop_assert_eq!(fixed4(v), format!("{v:.4}"));
        }
    }
}
