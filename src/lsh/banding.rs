//! Candidate pairs from banded signatures, by sorting rather than hash-map buckets.
//!
//! For each band, every article contributes one `(key, article)` record, where the key is a
//! stable 64-bit hash of its signature slots in that band. The records are sorted; each run of
//! equal keys is a bucket. A small bucket (up to [`ALL_PAIRS_BUCKET`] articles) links all its
//! pairs; a larger one links each member to its first article only (star edges), so the edge
//! count stays linear in the number of records. A bucket larger than the cap (boilerplate
//! shared by thousands of articles) links only its first `cap` members and is reported.
//!
//! Records are sorted by (key, article) and buckets are scanned in that order, so the output
//! does not depend on the number of threads.

use super::params::LshParams;
use crate::sketch::mum;
use rayon::prelude::*;
use serde::Serialize;

/// Buckets up to this size link every pair of their members.
pub const ALL_PAIRS_BUCKET: usize = 8;

/// A bucket larger than the cap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CappedBucket {
    /// The band it was found in.
    pub band: usize,
    /// Articles in the bucket.
    pub size: usize,
    /// The bucket's first article (index into the signatures).
    pub first: u32,
}

/// What banding found.
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    /// Candidate pairs `(a, b)` with `a < b`, sorted, without repeats.
    pub pairs: Vec<(u32, u32)>,
    /// Buckets that exceeded the cap, in band then key order.
    pub capped: Vec<CappedBucket>,
}

/// Candidate pairs among the articles listed in `active` (in increasing order).
///
/// `signatures` holds `k` slots per article, article `i` at `i*k..(i+1)*k`; `params.bands *
/// params.rows` must not exceed `k`. `cap` (>= 2) bounds the members linked per bucket.
pub fn candidates(
    signatures: &[u32],
    k: usize,
    active: &[u32],
    params: LshParams,
    cap: usize,
) -> Candidates {
    // Bands in parallel, each sorted by one thread: at most one record array per thread.
    let per_band: Vec<BandCandidates> = (0..params.bands)
        .into_par_iter()
        .with_max_len(1)
        .map_init(
            || (Vec::new(), Vec::new()),
            |(records, tmp), band| {
                let (lo, hi) = (band * params.rows, (band + 1) * params.rows);
                records.clear();
                records.extend(active.iter().map(|&i| {
                    let row = &signatures[i as usize * k..(i as usize + 1) * k];
                    (band_key(band, &row[lo..hi]), i)
                }));
                link_band(band, records, tmp, cap)
            },
        )
        .collect();
    merge(per_band)
}

/// As [`candidates`], from band keys computed beforehand: `keys[band][i]` is
/// [`band_key`]`(band, ...)` of article `i`.
pub fn candidates_from_keys(keys: &[Vec<u64>], active: &[u32], cap: usize) -> Candidates {
    let per_band: Vec<BandCandidates> = keys
        .par_iter()
        .enumerate()
        .with_max_len(1)
        .map_init(
            || (Vec::new(), Vec::new()),
            |(records, tmp), (band, keys)| {
                records.clear();
                records.extend(active.iter().map(|&i| (keys[i as usize], i)));
                link_band(band, records, tmp, cap)
            },
        )
        .collect();
    merge(per_band)
}

/// As [`candidates_from_keys`], from band keys stored one row per article:
/// `keys[i * bands + band]` is [`band_key`]`(band, ...)` of article `i`.
pub fn candidates_from_rows(keys: &[u64], bands: usize, active: &[u32], cap: usize) -> Candidates {
    let per_band: Vec<BandCandidates> = (0..bands)
        .into_par_iter()
        .with_max_len(1)
        .map_init(
            || (Vec::new(), Vec::new()),
            |(records, tmp), band| {
                records.clear();
                records.extend(active.iter().map(|&i| (keys[i as usize * bands + band], i)));
                link_band(band, records, tmp, cap)
            },
        )
        .collect();
    merge(per_band)
}

/// One band's edges and capped buckets.
type BandCandidates = (Vec<(u32, u32)>, Vec<CappedBucket>);

/// Sorts one band's `(key, article)` records (made in increasing article order) and links
/// its runs.
fn link_band(
    band: usize,
    records: &mut Vec<(u64, u32)>,
    tmp: &mut Vec<(u64, u32)>,
    cap: usize,
) -> BandCandidates {
    // A record whose key no other record shares links nothing: most are dropped first.
    keep_shared(records);
    // The sort is stable and records come in article order: sorted by (key, article).
    super::radix::sort_by_key(records, tmp);
    let (mut edges, mut capped) = (Vec::new(), Vec::new());
    link_runs(
        records,
        cap.max(2),
        |a, b| edges.push((a, b)),
        |size, first| capped.push(CappedBucket { band, size, first }),
    );
    (edges, capped)
}

/// Keeps (in order) only the records whose key's top bits, about four bits more than it
/// takes to number the records, are some other record's too: every record whose key another
/// one shares, and a few more (about one in five) that a sort then finds alone. A counting
/// pass and a filtering one over the records cost less than sorting the ones dropped.
fn keep_shared(records: &mut Vec<(u64, u32)>) {
    let bits = (records.len().max(2).ilog2() + 3).min(20);
    let shift = 64 - bits;
    let mut seen = vec![0u8; 1 << bits];
    for r in records.iter() {
        let c = &mut seen[(r.0 >> shift) as usize];
        *c = c.saturating_add(1);
    }
    records.retain(|r| seen[(r.0 >> shift) as usize] > 1);
}

/// All bands' edges, sorted and without repeats, and their capped buckets in band order.
fn merge(per_band: Vec<BandCandidates>) -> Candidates {
    let mut edges: Vec<(u32, u32)> = Vec::with_capacity(per_band.iter().map(|b| b.0.len()).sum());
    let mut capped = Vec::new();
    for (e, c) in per_band {
        edges.extend(e);
        capped.extend(c);
    }
    edges.par_sort_unstable();
    edges.dedup();
    Candidates {
        pairs: edges,
        capped,
    }
}

/// A stable hash of one band of a signature: its slots taken two at a time as one 64-bit
/// word, each word folded in by one multiplication ([`mum`]; the band's length is fixed, so
/// an odd last slot needs no marker).
pub fn band_key(band: usize, slots: &[u32]) -> u64 {
    let mut h = (band as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x243f_6a88_85a3_08d3;
    for pair in slots.chunks(2) {
        let v = u64::from(pair[0]) | pair.get(1).map_or(0, |&x| u64::from(x) << 32);
        h = mum(h ^ v, 0xa409_3822_299f_31d1);
    }
    h
}

/// Links the members of each run of equal keys in `records` (sorted by key, then article).
///
/// Calls `edge(a, b)` for every candidate pair and `capped(size, first)` for every run longer
/// than `cap`. Generic over the article type so the distributed engine, which names articles
/// by their position in the input, shares this logic and so its results.
pub fn link_runs<T: Copy>(
    records: &[(u64, T)],
    cap: usize,
    mut edge: impl FnMut(T, T),
    mut capped: impl FnMut(usize, T),
) {
    for run in records.chunk_by(|x, y| x.0 == y.0) {
        if run.len() > cap {
            capped(run.len(), run[0].1);
        }
        let run = &run[..run.len().min(cap)];
        if run.len() <= ALL_PAIRS_BUCKET {
            for (x, &(_, a)) in run.iter().enumerate() {
                for &(_, b) in &run[x + 1..] {
                    edge(a, b);
                }
            }
        } else {
            let first = run[0].1;
            for &(_, b) in &run[1..] {
                edge(first, b);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sigs(rows: &[[u32; 4]]) -> Vec<u32> {
        rows.iter().flatten().copied().collect()
    }

    #[test]
    fn shared_band_makes_a_candidate() {
        let s = sigs(&[[1, 2, 3, 4], [1, 2, 9, 9], [7, 7, 3, 4], [5, 6, 7, 8]]);
        let p = LshParams { bands: 2, rows: 2 };
        let c = candidates(&s, 4, &[0, 1, 2, 3], p, 100);
        assert_eq!(c.pairs, vec![(0, 1), (0, 2)]);
        assert!(c.capped.is_empty());
        // Inactive articles are ignored.
        assert_eq!(candidates(&s, 4, &[1, 2, 3], p, 100).pairs, vec![]);
    }

    #[test]
    fn keys_by_band_or_by_row_give_the_same_candidates() {
        let s = sigs(&[
            [1, 2, 3, 4],
            [1, 2, 9, 9],
            [7, 7, 3, 4],
            [5, 6, 7, 8],
            [1, 2, 3, 4],
        ]);
        let p = LshParams { bands: 2, rows: 2 };
        let band = |b: usize, i: usize| band_key(b, &s[i * 4 + b * 2..i * 4 + b * 2 + 2]);
        let by_band: Vec<Vec<u64>> = (0..2)
            .map(|b| (0..5).map(|i| band(b, i)).collect())
            .collect();
        let by_row: Vec<u64> = (0..5).flat_map(|i| [band(0, i), band(1, i)]).collect();
        for active in [&[0, 1, 2, 3, 4][..], &[1, 2, 4]] {
            let want = candidates(&s, 4, active, p, 100).pairs;
            assert_eq!(candidates_from_keys(&by_band, active, 100).pairs, want);
            assert_eq!(candidates_from_rows(&by_row, 2, active, 100).pairs, want);
        }
    }

    proptest::proptest! {
        #[test]
        fn dropping_lone_keys_links_the_same(
            keys in proptest::collection::vec(0u64..400, 0..600),
            cap in 2usize..12,
            spread in proptest::bool::ANY,
        ) {
            let records: Vec<(u64, u32)> = keys
                .iter()
                .enumerate()
                .map(|(i, &k)| (if spread { k.wrapping_mul(0x9e37_79b9_7f4a_7c15) } else { k }, i as u32))
                .collect();
            let mut all = records.clone();
            all.sort_by_key(|r| r.0);
            let (mut edges, mut capped) = (Vec::new(), Vec::new());
            link_runs(
                &all,
                cap,
                |a, b| edges.push((a, b)),
                |size, first| capped.push(CappedBucket { band: 3, size, first }),
            );
            let mut records = records;
            let got = link_band(3, &mut records, &mut Vec::new(), cap);
            proptest::prop_assert_eq!(got, (edges, capped));
        }
    }

    #[test]
    fn big_buckets_use_star_edges_and_are_capped() {
        let n = 50u32;
        let s: Vec<u32> = (0..n).flat_map(|_| [1, 1, 1, 1]).collect();
        let active: Vec<u32> = (0..n).collect();
        let p = LshParams { bands: 1, rows: 4 };
        let c = candidates(&s, 4, &active, p, 1000);
        assert_eq!(c.pairs.len(), 49);
        assert!(c.pairs.iter().all(|&(a, _)| a == 0));
        let c = candidates(&s, 4, &active, p, 20);
        assert_eq!(c.pairs.len(), 19);
        assert_eq!(
            c.capped,
            vec![CappedBucket {
                band: 0,
                size: 50,
                first: 0
            }]
        );
    }
}
