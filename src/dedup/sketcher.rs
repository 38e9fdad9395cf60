//! Shingling and signing of single articles, in parallel, for an [`super::Index`].
//!
//! A [`Sketcher`] is what the worker threads share: the shingling and the MinHash signer. It
//! turns an [`ArticleView`] (borrowed from the reader's buffers) into a [`Sketch`]: the
//! article's [`Entry`] and band keys, which [`super::Index::push`] appends in input order.
//! The signature itself lives only in a per-thread buffer: once its band keys are taken,
//! nothing needs it until the output, which signs the few articles in a pair again
//! ([`super::assemble`]).

use super::Entry;
use crate::corpus::ArticleView;
use crate::lsh::{banding::band_key, LshParams};
use crate::sketch::minhash::Signer;
use crate::sketch::shingle::{Scratch, Shingling};

/// Shingles and signs articles; cheap to share between threads.
#[derive(Clone, Debug)]
pub struct Sketcher {
    pub(super) shingling: Shingling,
    pub(super) signer: Signer,
    /// The index's band layout, when band keys are wanted.
    pub(super) bands: Option<LshParams>,
}

/// Reusable per-thread buffers of a [`Sketcher`].
#[derive(Debug, Default)]
pub struct SketchScratch {
    scratch: Scratch,
    set: Vec<u32>,
    signature: Vec<u32>,
}

/// One article shingled and signed, ready for [`super::Index::push`].
#[derive(Debug)]
pub struct Sketch {
    pub(super) entry: Entry,
    /// The LSH key of each band ([`crate::lsh::banding::band_key`]), computed here, where the
    /// signature is in cache, rather than band by band over all signatures at the end.
    pub(super) keys: Box<[u64]>,
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
        }
    }

    /// Shingles and signs one article.
    pub fn sketch(&self, view: &ArticleView<'_>, scratch: &mut SketchScratch) -> Sketch {
        let mut signature = std::mem::take(&mut scratch.signature);
        signature.resize(self.signer.len(), 0);
        let entry = self.entry(view, scratch, &mut signature);
        let keys = self.keys(&signature);
        scratch.signature = signature;
        Sketch { entry, keys }
    }

    /// The band keys of a signature (none without a band layout).
    pub(super) fn keys(&self, signature: &[u32]) -> Box<[u64]> {
        let Some(p) = self.bands else {
            return Box::new([]);
        };
        (0..p.bands)
            .map(|b| band_key(b, &signature[b * p.rows..(b + 1) * p.rows]))
            .collect()
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
