//! Least-significant-digit radix sorts, byte by byte: faster than comparison sorts on the
//! random 64-bit band keys and 32-bit shingle fingerprints the engine sorts, and stable.

/// Arrays shorter than this are sorted by comparison instead.
const SMALL: usize = 64;

/// Sorts `records` by key, stably: records with equal keys keep their order. `tmp` is
/// scratch space.
pub fn sort_by_key(records: &mut Vec<(u64, u32)>, tmp: &mut Vec<(u64, u32)>) {
    if records.len() < SMALL {
        records.sort_by_key(|r| r.0);
        return;
    }
    let mut counts = [[0u32; 256]; 8];
    for &(key, _) in records.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[(key >> (8 * d)) as usize & 0xff] += 1;
        }
    }
    for (d, c) in counts.iter().enumerate() {
        scatter(records, tmp, c, |r| (r.0 >> (8 * d)) as usize & 0xff);
    }
}

/// Sorts fingerprints in increasing order. `tmp` is scratch space.
pub fn sort_u32(values: &mut Vec<u32>, tmp: &mut Vec<u32>) {
    if values.len() < SMALL {
        values.sort_unstable();
        return;
    }
    let mut counts = [[0u32; 256]; 4];
    for &v in values.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[(v >> (8 * d)) as usize & 0xff] += 1;
        }
    }
    for (d, c) in counts.iter().enumerate() {
        scatter(values, tmp, c, |v| (*v >> (8 * d)) as usize & 0xff);
    }
}

/// One stable counting pass from `values` through `tmp` (then swapped back) by `digit`,
/// whose histogram is `count`; skipped when every value has the same digit.
fn scatter<T: Copy + Default>(
    values: &mut Vec<T>,
    tmp: &mut Vec<T>,
    count: &[u32; 256],
    digit: impl Fn(&T) -> usize,
) {
    if count.iter().any(|&c| c as usize == values.len()) {
        return;
    }
    let mut at = [0u32; 256];
    let mut sum = 0;
    for (a, &c) in at.iter_mut().zip(count) {
        *a = sum;
        sum += c;
    }
    tmp.clear();
    tmp.resize(values.len(), T::default());
    for v in values.iter() {
        let d = digit(v);
        tmp[at[d] as usize] = *v;
        at[d] += 1;
    }
    std::mem::swap(values, tmp);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn records_sort_stably_by_key(keys in proptest::collection::vec(0u64..6, 0..300), wide in proptest::bool::ANY) {
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
        fn values_sort(mut v in proptest::collection::vec(proptest::num::u32::ANY, 0..400)) {
            let mut want = v.clone();
            want.sort_unstable();
            sort_u32(&mut v, &mut Vec::new());
            prop_assert_eq!(v, want);
        }
    }
}
