//! The shingle fingerprints of every indexed article, in one growing array.

use crate::lsh::{similarity_of_any, SetTable, Similarity};
use std::cell::RefCell;

/// Shingle arrays, appended in input order and read back by position.
#[derive(Debug, Default)]
pub(crate) struct ShingleStore {
    /// All arrays, one after another.
    data: Vec<u32>,
    /// Where each array ends in `data`.
    ends: Vec<usize>,
}

impl ShingleStore {
    /// Appends the next article's shingles.
    pub(crate) fn push(&mut self, shingles: &[u32]) {
        self.data.extend_from_slice(shingles);
        self.ends.push(self.data.len());
    }

    /// Articles stored.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The shingles of article `i` (empty past the end).
    pub(crate) fn get(&self, i: usize) -> &[u32] {
        let Some(&end) = self.ends.get(i) else {
            return &[];
        };
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.data[start..end]
    }

    /// Exact similarities of articles `a` and `b` ([`similarity_of_any`], through a table
    /// kept per thread): their arrays need not be sorted.
    pub(crate) fn similarity(&self, a: usize, b: usize) -> Similarity {
        thread_local! {
            static TABLE: RefCell<SetTable> = RefCell::default();
        }
        TABLE.with(|t| similarity_of_any(self.get(a), self.get(b), &mut t.borrow_mut()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_come_back_in_order() {
        let mut store = ShingleStore::default();
        for a in [&[3u32, 1][..], &[], &[7, 7, 2, 1]] {
            store.push(a);
        }
        assert_eq!(store.get(0), [3, 1]);
        assert!(store.get(1).is_empty());
        assert_eq!(store.get(2), [7, 7, 2, 1]);
        assert!(store.get(3).is_empty());
        assert_eq!(store.len(), 3);
        // {1, 3} and {1, 2, 7}: one in common of four.
        assert_eq!(store.similarity(0, 2), Similarity::of(&[1, 3], &[1, 2, 7]));
        assert_eq!(store.similarity(0, 2).jaccard, 0.25);
        assert_eq!(store.similarity(0, 1).jaccard, 0.0);
    }
}
