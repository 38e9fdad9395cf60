//! The near-duplicate engine: shingles → MinHash → LSH candidates → exact verification →
//! clusters.
//!
//! Takes articles batch by batch ([`Index::add`], fed by [`crate::corpus::stream`]) and keeps
//! per article only its id, date and length (to choose representatives), its LSH band keys
//! and its shingle fingerprints (for exact verification); never the text, and not the MinHash
//! signature, which the output needs only for the articles in a pair and gets by signing
//! their shingles again.
//! [`Index::finish`] returns [`NearDuplicates`]: verified pairs and clusters. Every reported
//! pair was checked exactly; nothing in the output depends on the thread count.

mod block;
pub mod cluster;
pub mod dataflow;
mod sketcher;
mod store;
mod write;

pub use sketcher::{Sketch, SketchScratch, Sketcher};
pub use write::{write_clusters, write_pairs};

use crate::corpus::{Article, ArticleView};
use crate::error::{Error, Result};
use crate::lsh::{self, IntervalTable, LshParams, Similarity};
use crate::sketch::minhash::Scheme;
use crate::sketch::shingle::Shingling;
use rayon::prelude::*;
use serde::Serialize;
use store::ShingleStore;

/// Clusters up to this size have every pair of members checked and listed as pairs.
pub const EXPAND_CLUSTER: usize = 32;

/// Which member of a cluster represents it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Keep {
    /// Earliest published (undated last), then longest, then first in input order.
    #[default]
    Earliest,
    /// Longest body, then first in input order.
    Longest,
    /// First in input order.
    First,
}

/// Settings of the near-duplicate engine.
#[derive(Clone, Debug, Serialize)]
pub struct DedupConfig {
    /// Jaccard similarity at or above which two articles are near-duplicates.
    pub threshold: f64,
    /// How texts are cut into shingles.
    pub shingling: Shingling,
    /// Signature slots (K).
    pub num_perm: usize,
    /// Seed of the MinHash hash functions.
    pub seed: u64,
    /// Bands, overriding the chosen layout.
    pub bands: Option<usize>,
    /// Rows per band, overriding the chosen layout.
    pub rows: Option<usize>,
    /// Which member represents a cluster.
    pub keep: Keep,
    /// Most articles linked from one LSH bucket.
    pub max_bucket: usize,
    /// MinHash scheme.
    pub scheme: Scheme,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            threshold: 0.8,
            shingling: Shingling::Words(5),
            num_perm: 128,
            seed: 1,
            bands: None,
            rows: None,
            keep: Keep::Earliest,
            max_bucket: 2000,
            scheme: Scheme::Oph,
        }
    }
}

/// One verified near-duplicate pair (`a` before `b` in input order).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DupPair {
    /// First article's id.
    pub a: String,
    /// Second article's id.
    pub b: String,
    /// Exact similarities.
    #[serde(flatten)]
    pub similarity: Similarity,
    /// MinHash estimate of the Jaccard similarity.
    pub estimate: f64,
    /// Lower end of its 95% interval.
    pub ci_low: f64,
    /// Upper end of its 95% interval.
    pub ci_high: f64,
}

/// A member of a cluster.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Member {
    /// Article id.
    pub id: String,
    /// Exact Jaccard similarity to the representative.
    pub jaccard: f64,
}

/// A cluster of near-duplicates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DupCluster {
    /// Cluster number, from 0, in order of the representative's position in the input.
    pub cluster: usize,
    /// The representative's id.
    pub representative: String,
    /// Members, the representative first.
    pub members: Vec<Member>,
}

/// An LSH bucket that held more articles than the cap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Capped {
    /// Band number.
    pub band: usize,
    /// Articles in the bucket.
    pub size: usize,
    /// Id of its first article.
    pub first: String,
}

/// What the engine found.
#[derive(Clone, Debug, Serialize)]
pub struct NearDuplicates {
    /// Settings used.
    pub config: DedupConfig,
    /// Band layout used.
    pub lsh: LshParams,
    /// Articles indexed.
    pub articles: usize,
    /// Articles without any shingle (never compared).
    pub empty: usize,
    /// Candidate pairs from LSH (before verification).
    pub candidates: usize,
    /// Verified pairs.
    pub pairs: Vec<DupPair>,
    /// Clusters.
    pub clusters: Vec<DupCluster>,
    /// Oversized buckets.
    pub capped: Vec<Capped>,
}

impl NearDuplicates {
    /// Members of the largest cluster (0 when none).
    pub fn largest_cluster(&self) -> usize {
        self.clusters
            .iter()
            .map(|c| c.members.len())
            .max()
            .unwrap_or(0)
    }
}

/// What is kept per article.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
pub(crate) struct Entry {
    pub(crate) id: String,
    pub(crate) published: Option<i64>,
    pub(crate) length: u32,
    /// Shingle fingerprints, in text order with repeats, as the sketcher made them. The
    /// index moves them into its [`ShingleStore`]; the dataflow engine sorts them in place
    /// ([`Entry::sort_shingles`]) for the articles it verifies.
    pub(crate) shingles: Box<[u32]>,
}

impl Entry {
    /// Shingles and signs one article into `sig`.
    pub(crate) fn of(
        article: &Article,
        sketcher: &Sketcher,
        scratch: &mut SketchScratch,
        sig: &mut [u32],
    ) -> Entry {
        sketcher.entry(&ArticleView::of(article), scratch, sig)
    }

    /// Sorts and de-duplicates the shingles.
    pub(crate) fn sort_shingles(&mut self) {
        let mut v = std::mem::take(&mut self.shingles).into_vec();
        v.sort_unstable();
        v.dedup();
        self.shingles = v.into_boxed_slice();
    }
}

/// Everything [`assemble`] needs once candidates are verified.
pub(crate) struct Verified<'a> {
    pub(crate) config: DedupConfig,
    pub(crate) params: LshParams,
    /// Articles indexed.
    pub(crate) articles: usize,
    /// Articles without shingles.
    pub(crate) empty: usize,
    /// Distinct candidate pairs LSH produced.
    pub(crate) candidates: usize,
    /// Articles in input order: at least those in a verified pair or
    /// first in a capped bucket.
    pub(crate) entries: &'a [Entry],
    /// Their shingles (read through [`ShingleStore::get`]), in any order, repeats allowed,
    /// for every article in a verified pair.
    pub(crate) shingles: &'a ShingleStore,
    /// Verified pairs `(a, b)`, `a < b`, indices into `entries`.
    pub(crate) pairs: Vec<(u32, u32, Similarity)>,
    /// Capped buckets `(band, size, first)` in band, then key order.
    pub(crate) capped: Vec<(usize, usize, u32)>,
}

/// Articles added so far, ready for [`Index::finish`].
pub struct Index {
    config: DedupConfig,
    params: LshParams,
    sketcher: Sketcher,
    /// Entries in input order; their `shingles` are moved to `shingles` as they arrive.
    entries: Vec<Entry>,
    /// Every entry's shingles, in input order: copied here from each [`Sketch`] by the
    /// calling thread, whose one growing array is cheaper to keep than an allocation per
    /// article made (and kept) by each worker thread.
    shingles: ShingleStore,
    /// `keys[i * bands + band]`: the band keys of article `i`, one row per article, so
    /// that each article's keys are appended at once.
    keys: Vec<u64>,
}

impl Index {
    /// An empty index.
    ///
    /// # Errors
    ///
    /// A threshold outside (0, 1], zero `num_perm`, or bands x rows exceeding `num_perm`.
    pub fn new(config: DedupConfig) -> Result<Index> {
        if config.num_perm == 0 || config.num_perm > crate::sketch::minhash::MAX_SLOTS {
            return Err(Error::Param {
                name: "num-perm",
                reason: format!("{} is not in 1..=4096", config.num_perm),
            });
        }
        let params =
            lsh::optimal_params(config.threshold, config.num_perm, config.bands, config.rows)?;
        let mut sketcher = Sketcher::new(&config);
        sketcher.bands = Some(params);
        Ok(Index {
            config,
            params,
            sketcher,
            entries: Vec::new(),
            shingles: ShingleStore::default(),
            keys: Vec::new(),
        })
    }

    /// The band layout in use.
    pub fn params(&self) -> LshParams {
        self.params
    }

    /// Readies memory for the shingles of about `bytes` of input, on a thread of its own and
    /// ahead of need, so that [`Index::push`] copies into memory already taken from the
    /// system (about one shingle per 7 bytes of JSON Lines input, 4 bytes each). Only a
    /// matter of speed: any size works.
    pub fn expect_input(&mut self, bytes: u64) {
        const BYTES_PER_SHINGLE: u64 = 7;
        let values = usize::try_from(bytes / BYTES_PER_SHINGLE).unwrap_or(usize::MAX);
        self.shingles.prefetch(values);
    }

    /// Articles added so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no article was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What shingles and signs articles for this index (in parallel, for [`Index::push`]).
    pub fn sketcher(&self) -> Sketcher {
        self.sketcher.clone()
    }

    /// Appends articles sketched by [`Index::sketcher`], in input order.
    pub fn push(&mut self, batch: Vec<Sketch>) {
        self.entries.reserve(batch.len());
        let mut used = Vec::with_capacity(batch.len());
        for sketch in batch {
            self.shingles.push(&sketch.buffers.shingles);
            self.keys.extend_from_slice(&sketch.buffers.keys);
            self.entries.push(sketch.entry);
            used.push(sketch.buffers);
        }
        self.sketcher.recycle(used);
    }

    /// Shingles and signs a batch of articles (in parallel) and keeps what verification needs.
    pub fn add(&mut self, articles: &[Article]) {
        let sketcher = &self.sketcher;
        let sketches: Vec<Sketch> = articles
            .par_iter()
            .map_init(SketchScratch::default, |scratch, a| {
                sketcher.sketch(&ArticleView::of(a), scratch)
            })
            .collect();
        self.push(sketches);
    }

    /// Finds, verifies and clusters the near-duplicates among everything added.
    pub fn finish(mut self) -> NearDuplicates {
        let threshold = self.config.threshold;
        let active: Vec<u32> = (0..self.entries.len() as u32)
            .filter(|&i| !self.shingles.get(i as usize).is_empty())
            .collect();
        let found = lsh::candidates_from_rows(
            &self.keys,
            self.params.bands,
            &active,
            self.config.max_bucket,
        );
        // Freeing megabytes unmaps them, which interrupts every thread of the process; not
        // on the way to the output.
        drop_aside(std::mem::take(&mut self.keys));
        let (entries, shingles) = (&self.entries, &self.shingles);
        let sim = |a: u32, b: u32| shingles.similarity(a as usize, b as usize);
        let pairs: Vec<(u32, u32, Similarity)> = found
            .pairs
            .par_iter()
            .map(|&(a, b)| (a, b, sim(a, b)))
            .filter(|p| p.2.jaccard >= threshold)
            .collect();
        let out = assemble(Verified {
            config: self.config.clone(),
            params: self.params,
            articles: entries.len(),
            empty: entries.len() - active.len(),
            candidates: found.pairs.len(),
            entries,
            shingles,
            pairs,
            capped: found
                .capped
                .iter()
                .map(|c| (c.band, c.size, c.first))
                .collect(),
        });
        drop_aside((self.entries, self.shingles, self.sketcher.take_pool()));
        out
    }
}

/// Drops `value` on a thread of its own: freeing an allocation or two per article takes
/// milliseconds that the caller, about to write its output, need not wait for. Where no
/// thread can be started, drops it here.
fn drop_aside<T: Send + 'static>(value: T) {
    // On failure the closure, and `value` with it, is dropped at once.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Clusters verified pairs and turns indices into ids: the last step of both the
/// single-process and the distributed engine, so both give the same output.
pub(crate) fn assemble(v: Verified<'_>) -> NearDuplicates {
    let (entries, shingles) = (v.entries, v.shingles);
    let k = v.config.num_perm;
    let threshold = v.config.threshold;
    let mut verified = v.pairs;
    // `expand` looks edges up by binary search, so they must be sorted whatever their source.
    verified.sort_unstable_by_key(|p| (p.0, p.1));
    let edges: Vec<(u32, u32)> = verified.iter().map(|&(a, b, _)| (a, b)).collect();
    // A verified pair is not verified again (clusters ask for most of them).
    let sim = |a: u32, b: u32| {
        let key = (a.min(b), a.max(b));
        match edges.binary_search(&key) {
            Ok(at) => verified[at].2,
            Err(_) => shingles.similarity(a as usize, b as usize),
        }
    };
    let keep = v.config.keep;
    let rank = |i: u32| {
        let e = &entries[i as usize];
        match keep {
            Keep::Earliest => (e.published.unwrap_or(i64::MAX), u32::MAX - e.length, i),
            Keep::Longest => (0, u32::MAX - e.length, i),
            Keep::First => (0, 0, i),
        }
    };
    let clusters = cluster::build(entries.len(), &edges, threshold, rank, |a, b| {
        sim(a, b).jaccard
    });
    let more = expand(&clusters, &edges, threshold, &sim);
    verified.extend(more);
    verified.par_sort_unstable_by_key(|p| (p.0, p.1));
    let signed = sign_paired(&v.config, shingles, &verified);
    let sig = |i: u32| {
        let at = signed.0[i as usize] as usize * k;
        &signed.1[at..at + k]
    };
    let matches: Vec<usize> = verified
        .iter()
        .map(|&(a, b, _)| crate::sketch::matching_slots(sig(a), sig(b)))
        .collect();
    let table = IntervalTable::new(k, matches.iter().copied());
    let id = |i: u32| entries[i as usize].id.clone();
    // Ids are copied (an allocation each) on all threads; collecting keeps the order.
    let pairs = verified
        .into_par_iter()
        .zip(matches)
        .map(|((a, b, similarity), m)| {
            let ci = table.get(m);
            DupPair {
                a: id(a),
                b: id(b),
                similarity,
                estimate: ci.estimate,
                ci_low: ci.low,
                ci_high: ci.high,
            }
        })
        .collect();
    let clusters = clusters
        .into_par_iter()
        .enumerate()
        .map(|(n, c)| DupCluster {
            cluster: n,
            representative: id(c.representative),
            members: c
                .members
                .iter()
                .map(|&(m, jaccard)| Member { id: id(m), jaccard })
                .collect(),
        })
        .collect();
    NearDuplicates {
        lsh: v.params,
        articles: v.articles,
        empty: v.empty,
        candidates: v.candidates,
        pairs,
        clusters,
        capped: v
            .capped
            .iter()
            .map(|&(band, size, first)| Capped {
                band,
                size,
                first: id(first),
            })
            .collect(),
        config: v.config,
    }
}

/// The MinHash signatures of the articles in `pairs`, signed from their shingles: a
/// signature depends only on the set of shingles, so these equal the ones LSH banded
/// (`shingle_and_sign`'s tests hold the one-pass and the two-step paths to that). Gives, per
/// entry, its row in the flat table (`u32::MAX` when not in a pair), and the table.
fn sign_paired(
    config: &DedupConfig,
    shingles: &ShingleStore,
    pairs: &[(u32, u32, Similarity)],
) -> (Vec<u32>, Vec<u32>) {
    let mut row = vec![u32::MAX; shingles.len()];
    let mut paired: Vec<u32> = Vec::new();
    for &(a, b, _) in pairs {
        for i in [a, b] {
            if row[i as usize] == u32::MAX {
                row[i as usize] = paired.len() as u32;
                paired.push(i);
            }
        }
    }
    let signer = crate::sketch::minhash::Signer::new(config.num_perm, config.seed, config.scheme);
    let k = signer.len();
    let mut table = vec![0u32; paired.len() * k];
    table
        .par_chunks_mut(k.max(1))
        .zip(paired.par_iter())
        .for_each_init(Default::default, |filled, (out, &i)| {
            signer.sign_reusing(shingles.get(i as usize), out, filled)
        });
    (row, table)
}

/// Verified pairs inside small clusters that LSH star edges did not link directly.
fn expand(
    clusters: &[cluster::IndexCluster],
    edges: &[(u32, u32)],
    threshold: f64,
    sim: &(impl Fn(u32, u32) -> Similarity + Sync),
) -> Vec<(u32, u32, Similarity)> {
    clusters
        .par_iter()
        .filter(|c| c.members.len() <= EXPAND_CLUSTER)
        .flat_map_iter(|c| {
            let mut ids: Vec<u32> = c.members.iter().map(|m| m.0).collect();
            ids.sort_unstable();
            let mut out = Vec::new();
            for (x, &a) in ids.iter().enumerate() {
                for &b in &ids[x + 1..] {
                    if edges.binary_search(&(a, b)).is_err() {
                        let s = sim(a, b);
                        if s.jaccard >= threshold {
                            out.push((a, b, s));
                        }
                    }
                }
            }
            out
        })
        .collect()
}

/// Runs the engine over articles held in memory.
///
/// # Errors
///
/// As [`Index::new`].
pub fn near_duplicates(articles: &[Article], config: &DedupConfig) -> Result<NearDuplicates> {
    let mut index = Index::new(config.clone())?;
    index.add(articles);
    Ok(index.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Meta;

    fn article(id: &str, words: &[String], published: Option<&str>) -> Article {
        let meta = Meta {
            published: published.and_then(|p| crate::corpus::Published::parse(p).ok()),
            ..Meta::default()
        };
        Article::new(id, id, Some("Title"), words.join(" "), meta)
    }

    /// 200 distinct words; `drop` removes every word whose index is in it.
    fn text(seed: usize, drop: &[usize]) -> Vec<String> {
        (0..200)
            .filter(|i| !drop.contains(i))
            .map(|i| format!("w{}", i * 7919 + seed))
            .collect()
    }

    #[test]
    fn groups_list_every_verified_pair_and_the_earliest_represents() {
        let arts = vec![
            article("late", &text(1, &[50]), Some("2020-01-03")),
            article("other", &text(2, &[]), Some("2020-01-01")),
            article("early", &text(1, &[]), Some("2020-01-02")),
            article("edited", &text(1, &[150]), None),
        ];
        let found = near_duplicates(&arts, &DedupConfig::default()).expect("valid config");
        let ids: Vec<(&str, &str)> = found
            .pairs
            .iter()
            .map(|p| (p.a.as_str(), p.b.as_str()))
            .collect();
        assert_eq!(
            ids,
            [("late", "early"), ("late", "edited"), ("early", "edited")]
        );
        assert!(found.pairs.iter().all(|p| p.similarity.jaccard >= 0.8));
        assert!(found
            .pairs
            .iter()
            .all(|p| p.ci_low <= p.estimate && p.estimate <= p.ci_high));
        assert_eq!(found.clusters.len(), 1);
        assert_eq!(found.clusters[0].representative, "early");
        assert_eq!(found.clusters[0].members.len(), 3);
        assert_eq!(found.largest_cluster(), 3);
    }

    #[test]
    fn boilerplate_buckets_are_capped_and_reported() {
        let arts: Vec<Article> = (0..30)
            .map(|i| article(&format!("a{i}"), &text(9, &[]), None))
            .collect();
        let config = DedupConfig {
            max_bucket: 10,
            ..DedupConfig::default()
        };
        let found = near_duplicates(&arts, &config).expect("valid config");
        assert_eq!(found.capped.len(), found.lsh.bands);
        assert!(found.capped.iter().all(|c| c.size == 30 && c.first == "a0"));
        // Only the first 10 are linked by LSH; they form one cluster.
        assert_eq!(found.clusters.len(), 1);
        assert_eq!(found.clusters[0].members.len(), 10);
    }

    #[test]
    fn bad_settings_are_errors() {
        let bad = DedupConfig {
            num_perm: 0,
            ..DedupConfig::default()
        };
        assert!(Index::new(bad).is_err());
        let bad = DedupConfig {
            threshold: 0.0,
            ..DedupConfig::default()
        };
        assert!(Index::new(bad).is_err());
    }
}
