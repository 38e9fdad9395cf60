//! Radix sorts for what the engine sorts, both faster than comparison sorts on their data.
//! Random 64-bit band keys: one counting pass scatters the records into buckets by their top
//! bits, and each bucket, a handful of records since the keys are uniform hashes, is finished
//! by a comparison sort; stable. 32-bit shingle fingerprints: least significant byte first.

/// Arrays of records shorter than this are sorted by comparison alone.
const SMALL: usize = 64;

/// Sorts `records` by key, stably: records with equal keys keep their order. `tmp` is
/// scratch space.
pub fn sort_by_key(records: &mut Vec<(u64, u32)>, tmp: &mut Vec<(u64, u32)>) {
    if records.len() < SMALL {
        records.sort_by_key(|r| r.0);
        return;
    }
    let bits = bucket_bits(records.len());
    bucket_sort(
        records,
        tmp,
        |r| (r.0 >> (64 - bits)) as usize,
        bits,
        |b| b.sort_by_key(|r| r.0),
    );
}

/// Sets of fingerprints shorter than this are sorted by comparison: below it the radix
/// passes' histograms cost more than they save (measured on random values).
const SMALL_SET: usize = 320;

/// Sorts fingerprints in increasing order, least significant byte first. `tmp` is scratch
/// space.
pub fn sort_u32(values: &mut [u32], tmp: &mut Vec<u32>) {
    if values.len() < SMALL_SET {
        values.sort_unstable();
        return;
    }
    let mut counts = [[0u32; 256]; 4];
    for &v in values.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[(v >> (8 * d)) as usize & 0xff] += 1;
        }
    }
    // Only growth is zero-filled; every slot is written before it is read.
    tmp.resize(values.len(), 0);
    let tmp = &mut tmp[..values.len()];
    let mut in_tmp = false;
    for (d, c) in counts.iter().enumerate() {
        // A digit every value shares leaves the order as it is.
        if c.iter().any(|&n| n as usize == values.len()) {
            continue;
        }
        let digit = |v: u32| (v >> (8 * d)) as usize & 0xff;
        if in_tmp {
            scatter_into(tmp, values, c, digit);
        } else {
            scatter_into(values, tmp, c, digit);
        }
        in_tmp = !in_tmp;
    }
    if in_tmp {
        values.copy_from_slice(tmp);
    }
}

/// One stable counting pass of `from` into `to` by `digit`, whose histogram is `count`.
fn scatter_into(from: &[u32], to: &mut [u32], count: &[u32; 256], digit: impl Fn(u32) -> usize) {
    let mut at = [0u32; 256];
    let mut sum = 0;
    for (a, &c) in at.iter_mut().zip(count) {
        *a = sum;
        sum += c;
    }
    for &v in from {
        let d = digit(v);
        to[at[d] as usize] = v;
        at[d] += 1;
    }
}

/// Bits of the bucket index for `n` values: about two values per bucket, at most 2^16
/// buckets.
fn bucket_bits(n: usize) -> u32 {
    (n.ilog2().saturating_sub(1)).clamp(1, 16)
}

/// Scatters `values` through `tmp` into `1 << bits` buckets by `bucket` (stably, in order),
/// sorts each bucket with `finish` and leaves the result in `values`. Sorted overall when
/// `bucket` is monotone in the sort order.
fn bucket_sort<T: Copy + Default>(
    values: &mut Vec<T>,
    tmp: &mut Vec<T>,
    bucket: impl Fn(&T) -> usize,
    bits: u32,
    finish: impl Fn(&mut [T]),
) {
    let mut at = vec![0u32; (1 << bits) + 1];
    for v in values.iter() {
        at[bucket(v) + 1] += 1;
    }
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    tmp.clear();
    tmp.resize(values.len(), T::default());
    let mut next = at.clone();
    for v in values.iter() {
        let b = bucket(v);
        tmp[next[b] as usize] = *v;
        next[b] += 1;
    }
    for w in at.windows(2) {
        if w[1] - w[0] > 1 {
            finish(&mut tmp[w[0] as usize..w[1] as usize]);
        }
    }
    std::mem::swap(values, tmp);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn records_sort_stably_by_key(keys in proptest::collection::vec(0u64..6, 0..3000), wide in proptest::bool::ANY) {
            let mut records: Vec<(u64, u32)> = keys
                .iter()
                .enumerate()
                .map(|(i, &k)| (if wide { k.wrapping_mul(0x9e37_79b9_7f4a_7c15) } else { k }, i as u32))
                .collect();
            let mut want = records.clone();
            want.sort_unstable();
            sort_by_key(&mut records, &mut Vec::new());
            prop_assert_eq!(records, want);
        }

        #[test]
        fn values_sort(mut v in proptest::collection::vec(proptest::num::u32::ANY, 0..3000)) {
            let mut want = v.clone();
            want.sort_unstable();
            sort_u32(&mut v, &mut vec![7; 5]);
            prop_assert_eq!(v, want);
        }
    }
}
