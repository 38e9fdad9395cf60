//! Shingling and signing of single articles, in parallel, for an [`super::Index`].
//!
//! A [`Sketcher`] is what the worker threads share: the shingling and the MinHash signer. It
//! turns an [`ArticleView`] (borrowed from the reader's buffers) into a [`Sketch`]: the
//! article's [`Entry`] and band keys, which [`super::Index::push`] appends in input order.
//! The signature itself lives only in a per-thread buffer: once its band keys are taken,
//! nothing needs it until the output, which signs the few articles in a pair again
//! ([`super::assemble`]). The shingles and band keys travel in buffers that
//! [`super::Index::push`] hands back, through a pool the sketcher shares, to be filled again:
//! a fresh allocation per article on a worker, freed by the calling thread, cost about 6% of
//! the CPU time of a run in glibc's allocator (`_int_malloc` sorting the chunks other
//! threads freed).

use super::Entry;
use crate::corpus::ArticleView;
use crate::lsh::{banding::band_key, LshParams};
use crate::sketch::minhash::Signer;
use crate::sketch::shingle::{Scratch, Shingling};
use std::sync::{Arc, Mutex};

/// Most buffers kept for reuse; more are freed.
const POOL_MAX: usize = 8192;
/// Buffers a worker takes from the pool at a time.
const TAKE: usize = 64;
/// Largest shingle buffer kept for reuse (256 KiB), so that a few huge articles do not keep
/// their buffers alive to the end.
const KEEP_SHINGLES: usize = 1 << 16;

/// Shingles and signs articles; cheap to share between threads (clones share one pool of
/// buffers).
#[derive(Clone, Debug)]
pub struct Sketcher {
    pub(super) shingling: Shingling,
    pub(super) signer: Signer,
    /// The index's band layout, when band keys are wanted.
    pub(super) bands: Option<LshParams>,
    /// Buffers handed back by [`super::Index::push`].
    pool: Arc<Mutex<Vec<Buffers>>>,
}

/// Reusable per-thread buffers of a [`Sketcher`].
#[derive(Debug, Default)]
pub struct SketchScratch {
    scratch: Scratch,
    set: Vec<u32>,
    signature: Vec<u32>,
    /// Buffers taken from the pool, not yet used.
    spare: Vec<Buffers>,
}

/// What a [`Sketch`] carries besides its entry.
#[derive(Debug, Default)]
pub(super) struct Buffers {
    /// Shingle fingerprints in text order, repeats kept.
    pub(super) shingles: Vec<u32>,
    /// The LSH key of each band ([`crate::lsh::banding::band_key`]), computed here, where the
    /// signature is in cache, rather than band by band over all signatures at the end.
    pub(super) keys: Vec<u64>,
}

/// One article shingled and signed, ready for [`super::Index::push`].
#[derive(Debug)]
pub struct Sketch {
    /// The article's entry, without its shingles (they are in `buffers`).
    pub(super) entry: Entry,
    pub(super) buffers: Buffers,
}

impl Sketch {
    /// Bytes of the article's body.
    pub fn body_bytes(&self) -> usize {
        self.entry.length as usize
    }
}

impl Sketcher {
    /// The sketcher of an engine with these settings.
    pub fn new(config: &super::DedupConfig) -> Sketcher {
        Sketcher {
            shingling: config.shingling,
            signer: Signer::new(config.num_perm, config.seed, config.scheme),
            bands: None,
            pool: Arc::default(),
        }
    }

    /// Shingles and signs one article.
    pub fn sketch(&self, view: &ArticleView<'_>, scratch: &mut SketchScratch) -> Sketch {
        let mut buffers = self.spare(&mut scratch.spare);
        let SketchScratch {
            scratch, signature, ..
        } = scratch;
        signature.resize(self.signer.len(), 0);
        crate::sketch::shingle_and_sign(
            view.body,
            self.shingling,
            &self.signer,
            scratch,
            &mut buffers.shingles,
            signature,
        );
        buffers.keys.clear();
        if let Some(p) = self.bands {
            buffers.keys.extend(
                (0..p.bands).map(|b| band_key(b, &signature[b * p.rows..(b + 1) * p.rows])),
            );
        }
        let entry = Entry {
            id: view.id.to_owned(),
            published: view.published,
            length: u32::try_from(view.body.len()).unwrap_or(u32::MAX),
            shingles: Box::default(),
        };
        Sketch { entry, buffers }
    }

    /// A buffer from `spare`, refilled from the pool when empty (a new one if the pool is).
    fn spare(&self, spare: &mut Vec<Buffers>) -> Buffers {
        if spare.is_empty() {
            if let Ok(mut pool) = self.pool.lock() {
                let from = pool.len().saturating_sub(TAKE);
                spare.extend(pool.drain(from..));
            }
        }
        spare.pop().unwrap_or_default()
    }

    /// Hands buffers back for reuse (the pool keeps at most [`POOL_MAX`], none larger than
    /// [`KEEP_SHINGLES`]).
    pub(super) fn recycle(&self, buffers: Vec<Buffers>) {
        if let Ok(mut pool) = self.pool.lock() {
            let room = POOL_MAX.saturating_sub(pool.len());
            pool.extend(
                buffers
                    .into_iter()
                    .filter(|b| b.shingles.capacity() <= KEEP_SHINGLES)
                    .take(room),
            );
        }
    }

    /// Takes the buffers kept for reuse, once no more articles will be sketched (so that
    /// the caller can free them off its critical path).
    pub(super) fn take_pool(&self) -> Vec<Buffers> {
        self.pool
            .lock()
            .map(|mut pool| std::mem::take(&mut *pool))
            .unwrap_or_default()
    }

    /// Shingles and signs one article into `sig` (length `num_perm`).
    pub(crate) fn entry(
        &self,
        view: &ArticleView<'_>,
        scratch: &mut SketchScratch,
        sig: &mut [u32],
    ) -> Entry {
        let SketchScratch { scratch, set, .. } = scratch;
        crate::sketch::shingle_and_sign(view.body, self.shingling, &self.signer, scratch, set, sig);
        Entry {
            id: view.id.to_owned(),
            published: view.published,
            length: u32::try_from(view.body.len()).unwrap_or(u32::MAX),
            shingles: std::mem::take(set).into_boxed_slice(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recycled_buffers_give_the_same_sketches() {
        let mut sketcher = Sketcher::new(&super::super::DedupConfig::default());
        sketcher.bands = Some(crate::lsh::optimal_params(0.8, 128, None, None).expect("valid"));
        let texts = [
            "one two three four five six seven eight nine ten eleven twelve",
            "x",
            "The cat sat on the mat, and then the cat sat on the hat.",
        ];
        let sketch = |s: &Sketcher, scratch: &mut SketchScratch, body: &str| {
            let view = ArticleView {
                id: "a",
                body,
                published: None,
            };
            let Sketch { entry, buffers } = s.sketch(&view, scratch);
            (
                entry.length,
                buffers.shingles.clone(),
                buffers.keys.clone(),
                buffers,
            )
        };
        let mut scratch = SketchScratch::default();
        let mut used = Vec::new();
        let mut first = Vec::new();
        for t in texts {
            let (len, shingles, keys, buffers) = sketch(&sketcher, &mut scratch, t);
            assert_eq!(keys.len(), sketcher.bands.expect("set").bands);
            first.push((len, shingles, keys));
            used.push(buffers);
        }
        sketcher.recycle(used);
        assert_eq!(sketcher.pool.lock().expect("not poisoned").len(), 3);
        // Sketched again, in the other order, into the recycled buffers.
        let mut scratch = SketchScratch::default();
        for (t, want) in texts.iter().zip(&first).rev() {
            let (len, shingles, keys, _) = sketch(&sketcher, &mut scratch, t);
            assert_eq!(&(len, shingles, keys), want);
        }
        assert!(sketcher.pool.lock().expect("not poisoned").is_empty());
    }
}
