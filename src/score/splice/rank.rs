//! Topic rank of a sentence: how its fit with its own article, by WordNet glosses, compares
//! with its fit with a background of other articles of the corpus.

use super::body::Checked;
use super::{Stories, Term};
use crate::score::topic::{self, Bag, Counters, Word};
use std::cell::RefCell;

/// Least background articles outside the article's story for a topic rank to mean anything.
const MIN_BACKGROUND: usize = 8;
/// Share of an article's distinctive weight another article must hold to count as telling
/// the same story (and so be left out of its background).
const SAME_STORY_SHARE: f64 = 0.1;

thread_local! {
    /// A bag a thread's last [`Ranker`] left behind, refilled by the next one instead of
    /// allocating another.
    static SPARE_BAG: RefCell<Option<Bag>> = const { RefCell::new(None) };
}

/// Topic ranks of the sentences of one article, with the article's gloss [`Bag`] made when
/// a sentence first needs it.
pub(super) struct Ranker<'a> {
    /// The corpus statistics.
    stories: &'a Stories,
    /// The gloss counters of the body's distinct stems (each once, by its first word).
    firsts: &'a [Counters],
    /// Per background member: true when it may be compared (another article, another story).
    usable: Vec<bool>,
    /// Gloss bag of the body's distinct stems (each once, by its first word), once made.
    bag: Option<Bag>,
    /// Buffers [`Ranker::rank`] refills for each sentence.
    scratch: Scratch,
}

/// Buffers of [`Ranker::rank`], reused from one sentence to the next.
#[derive(Default)]
struct Scratch {
    /// Stem keys of the sentence's terms with their positions.
    order: Vec<(u64, u32)>,
    /// The distinct terms of the sentence, by key.
    distinct: Vec<Term>,
    /// Their gloss counters and weights.
    lists: Vec<(Counters, f64)>,
    /// Their words and weights.
    words: Vec<(Word, f64)>,
}

impl<'a> Ranker<'a> {
    /// The ranker of the article `article`, whose body's distinct stems have gloss counters
    /// `firsts` (those of each stem's first word).
    pub(super) fn new(
        stories: &'a Stories,
        article: &Checked,
        firsts: &'a [Counters],
    ) -> Ranker<'a> {
        let total = article.total.max(1e-9);
        let usable = stories
            .background
            .members()
            .iter()
            .map(|&m| {
                let shared = article.shared.get(&m).copied().unwrap_or(0.0);
                m as usize != article.index && shared / total < SAME_STORY_SHARE
            })
            .collect();
        Ranker {
            stories,
            firsts,
            usable,
            bag: None,
            scratch: Scratch::default(),
        }
    }

    /// Share of the usable background articles whose gloss words the sentence's (terms `ts`;
    /// `vanishing` the keys of its stems found nowhere else in the article) fit at least as
    /// well as the rest of its own article's: near 0 for a sentence on the article's topic,
    /// high for a generic one or one from another story. 0 when fewer than [`MIN_BACKGROUND`]
    /// articles are usable.
    pub(super) fn rank(&mut self, ts: &[Option<Term>], vanishing: &[u64]) -> f64 {
        let valid = self.usable.iter().filter(|&&u| u).count();
        if valid < MIN_BACKGROUND {
            return 0.0;
        }
        let g = topic::glosses();
        let firsts = self.firsts;
        let bag = self.bag.get_or_insert_with(|| {
            let mut bag = SPARE_BAG
                .with(|spare| spare.borrow_mut().take())
                .unwrap_or_else(Bag::empty);
            bag.refill(g, firsts);
            bag
        });
        let Scratch {
            order,
            distinct,
            lists,
            words,
        } = &mut self.scratch;
        distinct_terms(ts, order, distinct);
        lists.clear();
        lists.extend(distinct.iter().map(|t| (t.counters, t.idf)));
        let gone = distinct
            .iter()
            .filter(|t| vanishing.binary_search(&t.key).is_ok())
            .map(|t| t.counters);
        let own = topic::relatedness(g, lists, gone, bag);
        words.clear();
        words.extend(distinct.iter().map(|t| (t.word, t.idf)));
        let fits = self.stories.background.fit(g, words);
        let above = fits
            .iter()
            .zip(&self.usable)
            .filter(|&(&f, &u)| u && f >= own)
            .count();
        above as f64 / valid as f64
    }
}

impl Drop for Ranker<'_> {
    /// Leaves the bag to the thread's next ranker.
    fn drop(&mut self) {
        if let Some(bag) = self.bag.take() {
            SPARE_BAG.with(|spare| *spare.borrow_mut() = Some(bag));
        }
    }
}

/// Fills `distinct` with the distinct terms (one per stem: the first) among the terms `ts`,
/// sorted by key (`order` is a buffer).
fn distinct_terms(ts: &[Option<Term>], order: &mut Vec<(u64, u32)>, distinct: &mut Vec<Term>) {
    // Sorting keys with positions keeps the first term of each stem, as a stable sort would.
    order.clear();
    order.extend(
        ts.iter()
            .enumerate()
            .filter_map(|(i, t)| t.map(|t| (t.key, i as u32))),
    );
    order.sort_unstable();
    order.dedup_by_key(|x| x.0);
    distinct.clear();
    distinct.extend(order.iter().filter_map(|&(_, i)| ts[i as usize]));
}
