//! Candidate pairs from an inverted index of fingerprints, never comparing all pairs.
//!
//! Every (fingerprint, document) entry is sorted by fingerprint; each fingerprint held by
//! between 2 and `df_cap` documents votes for every pair of its holders. Fingerprints held by
//! more documents are common phrases or boilerplate and are dropped, which keeps the number
//! of votes linear in corpus size. Pairs with at least `min_shared` votes are candidates.

use rayon::prelude::*;

/// A pair of documents that share fingerprints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// The lower document index.
    pub a: usize,
    /// The higher document index.
    pub b: usize,
    /// Fingerprints both hold.
    pub shared: usize,
}

/// Candidate pairs, sorted by `(a, b)`.
///
/// # Examples
///
/// ```
/// use churn::align::index::candidates;
/// let fps = vec![vec![1, 2, 3], vec![2, 3, 9], vec![7, 8]];
/// let c = candidates(&fps, 10, 2);
/// assert_eq!((c[0].a, c[0].b, c[0].shared), (0, 1, 2));
/// assert_eq!(c.len(), 1);
/// ```
pub fn candidates(fingerprints: &[Vec<u64>], df_cap: usize, min_shared: usize) -> Vec<Candidate> {
    let mut entries: Vec<(u64, u32)> = fingerprints
        .iter()
        .enumerate()
        .flat_map(|(d, fp)| fp.iter().map(move |&h| (h, d as u32)))
        .collect();
    entries.par_sort_unstable();
    let groups: Vec<&[(u64, u32)]> = entries.chunk_by(|x, y| x.0 == y.0).collect();
    let mut pairs: Vec<u64> = groups
        .par_iter()
        .filter(|g| g.len() >= 2 && g.len() <= df_cap.max(2))
        .flat_map_iter(|g| {
            g.iter().enumerate().flat_map(move |(i, x)| {
                g[i + 1..]
                    .iter()
                    .filter(move |y| y.1 != x.1)
                    .map(move |y| (u64::from(x.1) << 32) | u64::from(y.1))
            })
        })
        .collect();
    pairs.par_sort_unstable();
    pairs
        .chunk_by(|x, y| x == y)
        .filter(|run| run.len() >= min_shared.max(1))
        .map(|run| Candidate {
            a: (run[0] >> 32) as usize,
            b: (run[0] & 0xFFFF_FFFF) as usize,
            shared: run.len(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn df_cap_drops_common_fingerprints() {
        let fps: Vec<Vec<u64>> = (0..5).map(|i| vec![42, 43, 100 + i]).collect();
        assert!(candidates(&fps, 4, 1).is_empty());
        assert_eq!(candidates(&fps, 5, 2).len(), 10);
    }
}
