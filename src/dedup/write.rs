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
    for p in &found.pairs {
        let s = &p.similarity;
        writeln!(
            w,
            "{}\t{}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}",
            clean(&p.a),
            clean(&p.b),
            s.jaccard,
            s.containment_a_in_b,
            s.containment_b_in_a,
            p.estimate,
            p.ci_low,
            p.ci_high
        )?;
    }
    w.flush()
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
