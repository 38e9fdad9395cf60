//! Fixed-capacity blocks of `u32` values for the shingle store, in memory that asks for
//! transparent huge pages.
//!
//! The shingle store takes about 4 bytes per word of input, written once. Taken from the
//! allocator, every 4 KiB page of it is a page fault on first write, and on the benchmark
//! machine (a virtual machine) those faults cost more than copying the data: about 6% of the
//! CPU time of a `churn dedup` run. A [`Block`] is an anonymous memory map advised as
//! `MADV_HUGEPAGE` instead, so that where the system allows it (Linux with transparent huge
//! pages set to `madvise` or `always`), a fault brings in 2 MiB at once. Untouched parts of a
//! block cost address space only. Where no map can be made, a block is a plain vector.
//!
//! Only the first block asks for huge pages: on the benchmark machine, 850k articles (1.4 GB
//! of shingles) all in huge pages took 9 s more system time than in small pages (the kernel
//! zeroing huge pages it had to take from memory not used for long, `clear_page_erms` 27% of
//! the samples), while the small pages of the allocator come back warm from earlier frees.
//! One block (64 MiB) bounds that cost and still serves a corpus of up to ~16M words.

use memmap2::{MmapMut, MmapOptions};

/// Room for a fixed number of `u32` values, all 0 at first.
#[derive(Debug)]
pub(super) enum Block {
    /// An anonymous memory map.
    Mapped(MmapMut),
    /// A vector, where no map could be made.
    Heap(Vec<u32>),
}

impl Block {
    /// A block of `values` zeroed values, in huge pages where the system has them if
    /// `huge`.
    pub(super) fn new(values: usize, huge: bool) -> Block {
        let values = values.max(1);
        match MmapOptions::new()
            .len(values * std::mem::size_of::<u32>())
            .map_anon()
        {
            Ok(map) => {
                #[cfg(target_os = "linux")]
                if huge {
                    // Only a request: without huge pages the block works the same.
                    let _ = map.advise(memmap2::Advice::HugePage);
                }
                Block::Mapped(map)
            }
            Err(_) => Block::Heap(vec![0; values]),
        }
    }

    /// Its values.
    pub(super) fn values(&self) -> &[u32] {
        match self {
            Block::Mapped(map) => {
                bytemuck::try_cast_slice(map).expect("a map is page-aligned, whole values long")
            }
            Block::Heap(v) => v,
        }
    }

    /// Writes a zero into every 4 KiB page of the block (or the first of every huge page),
    /// so that the memory is taken from the system now: by a thread that can do it ahead of
    /// the one that fills the block.
    pub(super) fn touch(&mut self) {
        const PAGE_VALUES: usize = 4096 / std::mem::size_of::<u32>();
        for v in self.values_mut().iter_mut().step_by(PAGE_VALUES) {
            *v = 0;
        }
    }

    /// Its values, to write.
    pub(super) fn values_mut(&mut self) -> &mut [u32] {
        match self {
            Block::Mapped(map) => {
                bytemuck::try_cast_slice_mut(map).expect("a map is page-aligned, whole values long")
            }
            Block::Heap(v) => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_start_zeroed_and_keep_what_is_written() {
        for mut block in [
            Block::new(3000, true),
            Block::Heap(vec![0; 3000]),
            Block::new(0, false),
        ] {
            let n = block.values().len();
            assert!(n == 3000 || n == 1);
            assert!(block.values().iter().all(|&v| v == 0));
            block.touch();
            assert!(block.values().iter().all(|&v| v == 0));
            block.values_mut()[n - 1] = 7;
            assert_eq!(block.values()[n - 1], 7);
        }
    }
}
