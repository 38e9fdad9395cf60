//! The shingle fingerprints of every indexed article, appended to large blocks.

use super::block::Block;
use crate::lsh::{similarity_of_any, SetTable, Similarity};
use std::cell::RefCell;

/// Values per block: 16 Mi (64 MiB of address space, memory taken as it is written). An
/// article with more shingles gets a block of its own.
const BLOCK_VALUES: usize = 1 << 24;

/// Shingle arrays, appended in input order and read back by position.
#[derive(Debug)]
pub(crate) struct ShingleStore {
    /// Values per new block ([`BLOCK_VALUES`]; less in tests).
    block_values: usize,
    /// The blocks, filled one after another; an array never spans two.
    blocks: Vec<Block>,
    /// Values used in the last block.
    used: usize,
    /// Each array's block, start in it and length.
    spans: Vec<(u32, u32, u32)>,
}

impl Default for ShingleStore {
    fn default() -> Self {
        ShingleStore {
            block_values: BLOCK_VALUES,
            blocks: Vec::new(),
            used: 0,
            spans: Vec::new(),
        }
    }
}

impl ShingleStore {
    /// Appends the next article's shingles.
    pub(crate) fn push(&mut self, shingles: &[u32]) {
        let n = shingles.len();
        let room = self
            .blocks
            .last()
            .map_or(0, |b| b.values().len() - self.used);
        if n > room {
            let huge = self.blocks.is_empty();
            self.blocks.push(Block::new(n.max(self.block_values), huge));
            self.used = 0;
        }
        let at = self.used;
        if let Some(block) = self.blocks.last_mut() {
            block.values_mut()[at..at + n].copy_from_slice(shingles);
        }
        self.used += n;
        let fit = |v: usize| u32::try_from(v).expect("a block holds < 2^32 values");
        self.spans
            .push((fit(self.blocks.len().saturating_sub(1)), fit(at), fit(n)));
    }

    /// Articles stored.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The shingles of article `i` (empty past the end).
    pub(crate) fn get(&self, i: usize) -> &[u32] {
        let Some(&(block, start, len)) = self.spans.get(i) else {
            return &[];
        };
        let (start, len) = (start as usize, len as usize);
        self.blocks
            .get(block as usize)
            .map_or(&[], |b| &b.values()[start..start + len])
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

    #[test]
    fn arrays_never_span_two_blocks() {
        let mut store = ShingleStore {
            block_values: 5,
            ..ShingleStore::default()
        };
        let arrays: Vec<Vec<u32>> = [3usize, 2, 4, 0, 9, 1, 5, 5]
            .iter()
            .enumerate()
            .map(|(i, &n)| (0..n as u32).map(|v| v * 10 + i as u32).collect())
            .collect();
        for a in &arrays {
            store.push(a);
        }
        assert_eq!(store.blocks.len(), 6);
        for (i, a) in arrays.iter().enumerate() {
            assert_eq!(store.get(i), &a[..], "array {i}");
        }
        assert!(store.get(arrays.len()).is_empty());
    }
}
