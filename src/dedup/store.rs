//! The shingle fingerprints of every indexed article, in one growing array.

use crate::lsh::radix;
use rayon::prelude::*;

/// Shingle arrays, appended in input order and read back by position.
#[derive(Debug, Default)]
pub(crate) struct ShingleStore {
    /// All arrays, one after another.
    data: Vec<u32>,
    /// Where each array's room in `data` ends.
    ends: Vec<usize>,
    /// How much of its room each array uses (less once sorted and de-duplicated).
    lens: Vec<u32>,
}

impl ShingleStore {
    /// Appends the next article's shingles.
    pub(crate) fn push(&mut self, shingles: &[u32]) {
        self.data.extend_from_slice(shingles);
        self.ends.push(self.data.len());
        self.lens
            .push(u32::try_from(shingles.len()).expect("an article has < 2^32 shingles"));
    }

    /// Articles stored.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The shingles of article `i` (empty past the end).
    pub(crate) fn get(&self, i: usize) -> &[u32] {
        let Some(&len) = self.lens.get(i) else {
            return &[];
        };
        let start = self.start(i);
        &self.data[start..start + len as usize]
    }

    /// Where article `i`'s room in `data` starts.
    fn start(&self, i: usize) -> usize {
        i.checked_sub(1).map_or(0, |p| self.ends[p])
    }

    /// Sorts and de-duplicates, in place and in parallel, the arrays of the articles marked
    /// in `which`.
    pub(crate) fn sort_some(&mut self, which: &[bool]) {
        let mut rooms: Vec<(&mut [u32], &mut u32)> = Vec::new();
        let mut rest = self.data.as_mut_slice();
        let mut at = 0;
        for (i, len) in self.lens.iter_mut().enumerate() {
            let (room, tail) = rest.split_at_mut(self.ends[i] - at);
            at = self.ends[i];
            rest = tail;
            if which.get(i).copied().unwrap_or(false) {
                rooms.push((room, len));
            }
        }
        rooms
            .par_iter_mut()
            .for_each_init(Vec::new, |tmp, (room, len)| {
                radix::sort_u32(room, tmp);
                **len = dedup_sorted(room) as u32;
            });
    }
}

/// Moves the distinct values of sorted `v` to its front; gives their count. Branch-free:
/// each value is written after the last one kept and kept when it differs from it.
fn dedup_sorted(v: &mut [u32]) -> usize {
    if v.is_empty() {
        return 0;
    }
    let mut kept = 1;
    for r in 1..v.len() {
        let x = v[r];
        v[kept] = x;
        kept += usize::from(x != v[kept - 1]);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn dedup_agrees_with_vec_dedup(mut v in proptest::collection::vec(0u32..20, 0..60)) {
            v.sort_unstable();
            let mut want = v.clone();
            want.dedup();
            let n = dedup_sorted(&mut v);
            prop_assert_eq!(&v[..n], &want[..]);
        }
    }

    #[test]
    fn arrays_come_back_in_order() {
        let mut store = ShingleStore::default();
        for a in [&[3u32, 1][..], &[], &[7, 7, 2]] {
            store.push(a);
        }
        assert_eq!(store.get(0), [3, 1]);
        assert!(store.get(1).is_empty());
        assert_eq!(store.get(2), [7, 7, 2]);
        assert!(store.get(3).is_empty());
        store.sort_some(&[false, true, true]);
        assert_eq!(store.get(0), [3, 1]);
        assert_eq!(store.get(2), [2, 7]);
        assert_eq!(store.len(), 3);
    }

    #[test]
    fn dedup_keeps_distinct_values_in_order() {
        for (input, want) in [
            (vec![], vec![]),
            (vec![1], vec![1]),
            (vec![1, 1, 2, 3, 3, 3], vec![1, 2, 3]),
            (vec![0, 0], vec![0]),
            (vec![0, 5, 5, 6, 9, 9], vec![0, 5, 6, 9]),
        ] {
            let mut v = input.clone();
            let n = dedup_sorted(&mut v);
            assert_eq!(v[..n], want[..], "{input:?}");
        }
    }
}
