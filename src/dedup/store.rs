//! The shingle fingerprints of every indexed article, appended to large blocks.

use super::block::Block;
use crate::lsh::{similarity_of_any, SetTable, Similarity};
use std::cell::RefCell;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;

/// Values per block made ahead of need ([`ShingleStore::prefetch`]): 1 Mi (4 MiB, two huge
/// pages); the last block holds what is left of the estimate, in whole huge pages.
const AHEAD_VALUES: usize = 1 << 20;
/// Values in a huge page (2 MiB).
const HUGE_PAGE_VALUES: usize = 1 << 19;
/// Fewest values worth a thread of their own (256 KiB, from about 450 KB of input): a small
/// input's store is faster filled as it comes.
const AHEAD_MIN: usize = 1 << 16;
/// Most values made ahead of need: as much as one ordinary block (64 MiB), the most that
/// asks for huge pages.
const AHEAD_MAX: usize = BLOCK_VALUES;

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
    /// Blocks whose memory a thread of their own took from the system ahead of need
    /// ([`ShingleStore::prefetch`]), used first (in a mutex only so that the store can be
    /// shared between threads once filled).
    ahead: Option<Mutex<Receiver<Block>>>,
}

impl Default for ShingleStore {
    fn default() -> Self {
        ShingleStore {
            block_values: BLOCK_VALUES,
            blocks: Vec::new(),
            used: 0,
            spans: Vec::new(),
            ahead: None,
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
            let block = self.next_block(n);
            self.blocks.push(block);
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

    /// Has a thread of its own take from the system, ahead of need, the memory of about
    /// `values` values (at most [`AHEAD_MAX`]), a few MiB at a time. Taking fresh memory
    /// costs a page fault and the zeroing of the page (about 1 ms per MB for small pages on
    /// the benchmark machine, more for huge pages the system had not used for long), which
    /// the thread calling [`ShingleStore::push`] then no longer waits for. Blocks so made
    /// are used first; an array longer than one of them gets a block of its own.
    pub(crate) fn prefetch(&mut self, values: usize) {
        let values = values.min(AHEAD_MAX);
        if values < AHEAD_MIN || self.ahead.is_some() {
            return;
        }
        // One block waits in the channel while the next is made: the thread stays at most
        // two blocks ahead, and stops early once the store is dropped.
        let (tx, rx) = sync_channel(1);
        let made = std::thread::Builder::new()
            .name("churn-store-ahead".into())
            .spawn(move || {
                let mut left = values;
                while left > 0 {
                    let len = left.next_multiple_of(HUGE_PAGE_VALUES).min(AHEAD_VALUES);
                    left = left.saturating_sub(len);
                    let mut block = Block::new(len, true);
                    block.touch();
                    if tx.send(block).is_err() {
                        return;
                    }
                }
            });
        if made.is_ok() {
            self.ahead = Some(Mutex::new(rx));
        }
    }

    /// A block for an array of `n` values: the next one made ahead of need that holds them
    /// (one too small, the last, is dropped), else a new one (the first block of a store
    /// asks for huge pages). An array longer than [`AHEAD_VALUES`] gets a block of its own.
    fn next_block(&mut self, n: usize) -> Block {
        if n <= AHEAD_VALUES {
            if let Some(ahead) = self.ahead.as_mut().and_then(|m| m.get_mut().ok()) {
                loop {
                    match ahead.recv() {
                        Ok(block) if block.values().len() >= n => return block,
                        Ok(_) => {}
                        // All made and taken.
                        Err(_) => {
                            self.ahead = None;
                            break;
                        }
                    }
                }
            }
        }
        Block::new(n.max(self.block_values), self.blocks.is_empty())
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
    fn blocks_made_ahead_are_used_then_ordinary_ones() {
        let mut store = ShingleStore {
            block_values: 5,
            ..ShingleStore::default()
        };
        // Blocks of AHEAD_VALUES, AHEAD_VALUES and one huge page.
        store.prefetch(2 * AHEAD_VALUES + 3);
        let long: Vec<u32> = (0..AHEAD_VALUES as u32 + 3).collect();
        let arrays: Vec<Vec<u32>> = vec![
            vec![1, 2, 3],
            vec![7; 6],
            long[..AHEAD_VALUES - 2].to_vec(),
            vec![9; 4],
            vec![5; HUGE_PAGE_VALUES + 1],
            long.clone(),
            vec![8; 3],
        ];
        for a in &arrays {
            store.push(a);
        }
        for (i, a) in arrays.iter().enumerate() {
            assert_eq!(store.get(i), &a[..], "array {i}");
        }
        // The blocks made ahead, then ordinary ones: of the array's length or 5 values.
        let sizes: Vec<usize> = store.blocks.iter().map(|b| b.values().len()).collect();
        let want = [
            AHEAD_VALUES,
            AHEAD_VALUES,
            HUGE_PAGE_VALUES,
            HUGE_PAGE_VALUES + 1,
            AHEAD_VALUES + 3,
            5,
        ];
        assert_eq!(sizes, want);
        assert!(store.ahead.is_none());
    }

    #[test]
    fn a_block_made_ahead_too_small_for_the_array_is_passed_over() {
        let mut store = ShingleStore {
            block_values: 5,
            ..ShingleStore::default()
        };
        store.prefetch(AHEAD_MIN);
        let a = vec![4; HUGE_PAGE_VALUES + 7];
        store.push(&a);
        assert_eq!(store.get(0), &a[..]);
        let sizes: Vec<usize> = store.blocks.iter().map(|b| b.values().len()).collect();
        assert_eq!(sizes, [HUGE_PAGE_VALUES + 7]);
        assert!(store.ahead.is_none());
    }

    #[test]
    fn small_stores_are_not_made_ahead() {
        let mut store = ShingleStore::default();
        store.prefetch(AHEAD_MIN - 1);
        assert!(store.ahead.is_none());
        store.push(&[4, 2]);
        assert_eq!(store.get(0), [4, 2]);
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
