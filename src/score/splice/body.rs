//! The content stems of one article's body, numbered once per article, and the support of
//! its sentences: each sentence reads its stems by number, with no map lookup per word.

use super::{Stories, Term};
use crate::score::topic::Counters;
use crate::score::weights::Weights;
use ahash::AHashMap;
use std::cell::RefCell;

/// Number of a token that is no content word.
const NONE: u32 = u32::MAX;

/// One distinct content stem of a body.
#[derive(Clone, Copy, Debug)]
pub(super) struct Stem<'s> {
    /// Its key ([`super::stem_key`]).
    pub key: u64,
    /// Its weight ([`super::idf`]; the same for every word of the stem).
    pub idf: f64,
    /// Its occurrences in the body.
    pub count: usize,
    /// The articles holding it ([`Stories::holding`]: empty when it is not distinctive).
    pub holding: &'s [u32],
}

/// The content stems of a body, sorted by key, and the stem of each of its tokens.
pub(super) struct Body<'s> {
    /// The distinct stems, sorted by key: numbering them in key order makes sorting numbers
    /// sort keys.
    pub stems: Vec<Stem<'s>>,
    /// Per token: the number of its stem in `stems`, or [`NONE`].
    ids: Vec<u32>,
    /// The gloss counters of each stem's first word, in order of first appearance.
    pub firsts: Vec<Counters>,
}

thread_local! {
    /// Buffers a thread's last [`Body`] left behind, for the next: the sort buffer of
    /// [`Body::new`], and the token numbers and first counters of the body (an article's
    /// buffers are as long as its text, so reusing them spares an allocation, and fresh pages,
    /// per article).
    static SPARE: RefCell<Spare> = RefCell::new(Spare::default());
}

/// The buffers of [`SPARE`].
#[derive(Default)]
struct Spare {
    /// Stem key and position of each content token.
    by_key: Vec<(u64, u32)>,
    /// [`Body::ids`] of the last body.
    ids: Vec<u32>,
    /// [`Body::firsts`] of the last body.
    firsts: Vec<Counters>,
    /// Position of the first token of each stem.
    first_at: Vec<u32>,
}

impl<'s> Body<'s> {
    /// The stems of the body whose tokens have terms `toks`; each stem's postings are looked
    /// up once.
    ///
    /// The content tokens are sorted by stem key: each run of one key is one stem, numbered
    /// in key order, and its first token (the lowest position) gives its weight and
    /// counters.
    pub fn new(toks: &[Option<Term>], stories: &'s Stories) -> Body<'s> {
        SPARE.with(|spare| {
            let mut spare = spare.borrow_mut();
            let Spare {
                by_key,
                ids,
                firsts,
                first_at,
            } = &mut *spare;
            by_key.clear();
            by_key.extend(
                toks.iter()
                    .enumerate()
                    .filter_map(|(i, t)| t.map(|t| (t.key, i as u32))),
            );
            by_key.sort_unstable_by_key(|&(key, _)| key);
            let mut ids = std::mem::take(ids);
            ids.clear();
            ids.resize(toks.len(), NONE);
            first_at.clear();
            let distinct = by_key.chunk_by(|a, b| a.0 == b.0).count();
            let mut stems: Vec<Stem<'s>> = Vec::with_capacity(distinct);
            for run in by_key.chunk_by(|a, b| a.0 == b.0) {
                let first = run.iter().map(|&(_, at)| at).min().unwrap_or(0);
                let Some(t) = toks.get(first as usize).copied().flatten() else {
                    continue;
                };
                let id = stems.len() as u32;
                for &(_, at) in run {
                    ids[at as usize] = id;
                }
                first_at.push(first);
                stems.push(Stem {
                    key: t.key,
                    idf: t.idf,
                    count: run.len(),
                    holding: stories.holding(t.key),
                });
            }
            // The first word of each stem, in order of appearance.
            let mut firsts = std::mem::take(firsts);
            firsts.clear();
            firsts.extend(ids.iter().enumerate().filter_map(|(at, &id)| {
                let first = *first_at.get(id as usize)? as usize == at;
                first.then(|| toks[at].map(|t| t.counters)).flatten()
            }));
            Body { stems, ids, firsts }
        })
    }

    /// The distinctive stems (held by other articles), by key.
    pub fn distinctive(&self) -> impl Iterator<Item = &Stem<'s>> {
        self.stems.iter().filter(|s| !s.holding.is_empty())
    }
}

impl Drop for Body<'_> {
    /// Leaves the buffers to the thread's next body.
    fn drop(&mut self) {
        let (ids, firsts) = (
            std::mem::take(&mut self.ids),
            std::mem::take(&mut self.firsts),
        );
        SPARE.with(|spare| {
            let mut spare = spare.borrow_mut();
            spare.ids = ids;
            spare.firsts = firsts;
        });
    }
}

/// What [`support`] needs to know about the article being checked.
pub(super) struct Checked<'b, 's> {
    /// Its corpus index.
    pub index: usize,
    /// [`Stories::shared`] for its distinctive stems.
    pub shared: AHashMap<u32, f64>,
    /// Weight of its distinctive stems.
    pub total: f64,
    /// The stems of its body.
    pub body: &'b Body<'s>,
}

/// Buffers [`support`] fills for each sentence, reused from one sentence to the next.
#[derive(Default)]
pub(super) struct Scratch<'s> {
    /// Distinct stems of the sentence (by number) with their occurrences in it.
    own: Vec<(u32, usize)>,
    /// Postings and weights of the sentence's distinctive stems found nowhere else.
    only_here: Vec<(&'s [u32], f64)>,
    /// Postings and weights of the sentence's distinctive stems.
    mine: Vec<(&'s [u32], f64)>,
    /// Keys of the sentence's stems found nowhere else in the article, sorted.
    pub vanishing: Vec<u64>,
    /// The buffer of [`Stories::association`].
    through: AHashMap<u32, f64>,
}

/// What [`support`] finds of a sentence.
pub(super) struct Supported {
    /// Cohesion plus weighted association.
    pub support: f64,
    /// Number of distinct content stems.
    pub words: usize,
}

/// [`Supported`] of one sentence (its tokens `tokens`, counted from the body's first token),
/// or `None` when it has too few content words to judge or its cohesion alone reaches
/// `ceiling` of its number of stems (the association can only add). The keys of its stems
/// found nowhere else in the article are left in `scratch.vanishing`.
pub(super) fn support<'s>(
    article: &Checked<'_, 's>,
    tokens: std::ops::Range<usize>,
    w: &Weights,
    ceiling: impl Fn(usize) -> f64,
    scratch: &mut Scratch<'s>,
) -> Option<Supported> {
    let stems = &article.body.stems;
    let ids = article.body.ids.get(tokens).unwrap_or(&[]);
    // Distinct stems with their occurrences in the sentence, by key.
    let own = &mut scratch.own;
    own.clear();
    own.extend(ids.iter().filter(|&&id| id != NONE).map(|&id| (id, 1)));
    own.sort_unstable_by_key(|x| x.0);
    own.dedup_by(|a, b| {
        let same = a.0 == b.0;
        if same {
            b.1 += 1;
        }
        same
    });
    scratch.vanishing.clear();
    if own.len() < w.splice_min_words {
        return None;
    }
    let (mut inside, mut total) = (0.0, 0.0);
    scratch.only_here.clear();
    scratch.mine.clear();
    for &(id, n) in own.iter() {
        let stem = &stems[id as usize];
        total += stem.idf;
        if stem.count > n {
            inside += stem.idf;
        } else {
            scratch.vanishing.push(stem.key);
            if !stem.holding.is_empty() {
                scratch.only_here.push((stem.holding, stem.idf));
            }
        }
        if !stem.holding.is_empty() {
            scratch.mine.push((stem.holding, stem.idf));
        }
    }
    if total <= 0.0 || inside / total >= ceiling(own.len()) {
        return None;
    }
    let assoc = Stories::association(
        article.index,
        &scratch.mine,
        &article.shared,
        article.total,
        &scratch.only_here,
        &mut scratch.through,
    );
    Some(Supported {
        support: inside / total + w.splice_association_weight * assoc,
        words: own.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::topic::Word;

    /// The numbering [`Body::new`] replaced (a map from key to number, then renumbered in
    /// key order): stems as (key, idf, count), token numbers and first counters.
    #[allow(clippy::type_complexity)]
    fn by_map(toks: &[Option<Term>]) -> (Vec<(u64, f64, usize)>, Vec<u32>, Vec<Counters>) {
        let mut number: AHashMap<u64, u32> = AHashMap::new();
        let mut stems: Vec<(u64, f64, usize)> = Vec::new();
        let mut firsts = Vec::new();
        let mut ids = Vec::new();
        for t in toks {
            let Some(t) = t else {
                ids.push(NONE);
                continue;
            };
            let id = *number.entry(t.key).or_insert_with(|| {
                firsts.push(t.counters);
                stems.push((t.key, t.idf, 0));
                (stems.len() - 1) as u32
            });
            stems[id as usize].2 += 1;
            ids.push(id);
        }
        let mut order: Vec<u32> = (0..stems.len() as u32).collect();
        order.sort_unstable_by_key(|&i| stems[i as usize].0);
        let mut renumber = vec![0u32; stems.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        for id in ids.iter_mut().filter(|id| **id != NONE) {
            *id = renumber[*id as usize];
        }
        let stems = order.iter().map(|&i| stems[i as usize]).collect();
        (stems, ids, firsts)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn bodies_number_stems_as_a_map_did(
            toks in proptest::collection::vec(proptest::option::of((0u64..12, 0u32..1000)), 0..80),
            twice in proptest::bool::ANY,
        ) {
            // The same key may come with other weights and counters: the first token's count.
            let toks: Vec<Option<Term>> = toks
                .iter()
                .map(|t| {
                    t.map(|(k, x)| Term {
                        key: k.wrapping_mul(0x9e37_79b9_7f4a_7c15),
                        idf: f64::from(x),
                        word: Word::Unlisted(u64::from(x)),
                        counters: Counters::List(x, x + 1),
                    })
                })
                .collect();
            let stories = Stories::default();
            // A second body on the same thread reuses the first one's buffers.
            if twice {
                drop(Body::new(&toks[..toks.len() / 2], &stories));
            }
            let body = Body::new(&toks, &stories);
            let (stems, ids, firsts) = by_map(&toks);
            let got: Vec<(u64, f64, usize)> =
                body.stems.iter().map(|s| (s.key, s.idf, s.count)).collect();
            proptest::prop_assert_eq!(got, stems);
            proptest::prop_assert_eq!(&body.ids, &ids);
            proptest::prop_assert_eq!(&body.firsts, &firsts);
            proptest::prop_assert!(body.stems.iter().all(|s| s.holding.is_empty()));
        }
    }
}
