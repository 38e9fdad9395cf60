//! Candidate quote pairs for [`super::quotes_across`]: quotes of different articles that share
//! a three-word run, with their word containment and whether one is a trim of the other.
//!
//! Copied articles repeat their quotes word for word, so the quotes are first grouped by
//! wording: each distinct wording gets its word set, joined text and three-word runs once, and
//! each pair of wordings is compared once. Only the pairs that pass the containment floor are
//! expanded back to (article, quote) pairs. The result is the same as comparing every pair of
//! quotes that shares a run whose posting list is short enough.

use super::quote::Quote;
use super::view::Words;
use crate::text::hash_bytes;
use ahash::{AHashMap, AHashSet};
use rayon::prelude::*;

/// An (article, quote) index pair.
pub type QuoteRef = (usize, usize);

/// A compared pair: containment, trimmed, and the two quotes (the smaller first).
pub type Scored = (f64, bool, QuoteRef, QuoteRef);

/// Three-word runs held by more quotes than this (very common runs) make no pairs.
pub const MAX_POSTINGS: usize = 64;

/// Distinct wordings of the quotes, each with its members and what the comparison needs.
struct Wordings {
    /// Quotes of each wording, in (article, quote) order:
    /// `members[member_starts[g]..member_starts[g + 1]]`.
    members: Vec<QuoteRef>,
    member_starts: Vec<usize>,
    /// Sorted distinct word hashes of each wording, laid out flat like `members`.
    sets: Vec<u64>,
    set_starts: Vec<usize>,
    /// Words of each wording joined by single spaces.
    joined: Vec<String>,
    /// Word signature of each wording: bit [`sig_bit`] of each of its words set.
    sigs: Vec<Signature>,
    /// Words of each wording that share their signature bit with an earlier word of it (the
    /// set's size less the bits its signature holds).
    collisions: Vec<u32>,
}

/// A 512-bit set of word hash bits (one cache line).
type Signature = [u64; 8];

/// The signature bit of a word hash (its top 9 bits).
fn sig_bit(hash: u64) -> usize {
    (hash >> 55) as usize
}

/// Number of bits set in both signatures.
fn shared_bits(a: &Signature, b: &Signature) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum()
}

impl Wordings {
    /// Groups the quotes with at least `min_words` words by their word sequence.
    fn new(quotes: &[Vec<Quote>], min_words: usize) -> Wordings {
        let quoted: usize = quotes.iter().map(Vec::len).sum();
        let mut ids: AHashMap<&Words, usize> = AHashMap::with_capacity(quoted);
        let mut groups: Vec<Vec<QuoteRef>> = Vec::new();
        for (a, qs) in quotes.iter().enumerate() {
            for (qi, q) in qs.iter().enumerate() {
                if q.words.len() < min_words || q.run_on {
                    continue;
                }
                let next = groups.len();
                let g = *ids.entry(&q.words).or_insert(next);
                if g == next {
                    groups.push(Vec::new());
                }
                groups[g].push((a, qi));
            }
        }
        let words = |g: &[QuoteRef]| -> &Words {
            let (a, qi) = g[0];
            &quotes[a][qi].words
        };
        let (sets, joined): (Vec<Vec<u64>>, Vec<String>) = groups
            .par_iter()
            .map(|g| {
                let words = words(g);
                (word_set(words), words.joined())
            })
            .unzip();
        let (sigs, collisions) = sets
            .par_iter()
            .map(|set| {
                let mut sig = [0u64; 8];
                for &h in set {
                    let bit = sig_bit(h);
                    sig[bit / 64] |= 1 << (bit % 64);
                }
                let held = u32::try_from(set.len()).expect("a quote has fewer than 2^32 words");
                (sig, held - shared_bits(&sig, &sig))
            })
            .unzip();
        let (members, member_starts) = flatten(groups);
        let (sets, set_starts) = flatten(sets);
        Wordings {
            members,
            member_starts,
            sets,
            set_starts,
            joined,
            sigs,
            collisions,
        }
    }

    fn len(&self) -> usize {
        self.joined.len()
    }

    fn members(&self, g: usize) -> &[QuoteRef] {
        &self.members[self.member_starts[g]..self.member_starts[g + 1]]
    }

    fn set(&self, g: usize) -> &[u64] {
        &self.sets[self.set_starts[g]..self.set_starts[g + 1]]
    }

    /// The short postings of the wordings' three-word runs.
    fn postings(&self, quotes: &[Vec<Quote>]) -> Postings {
        let mut runs: Vec<(u64, u32)> = (0..self.len())
            .into_par_iter()
            .flat_map_iter(|g| {
                let (a, qi) = self.members(g)[0];
                let keys = trigram_keys(&quotes[a][qi].words);
                let g = u32::try_from(g).expect("fewer than 2^32 distinct quotes");
                keys.into_iter().map(move |k| (k, g))
            })
            .collect();
        runs.par_sort_unstable();
        let mut flat: Vec<u32> = Vec::new();
        let mut tails: Vec<(u32, usize, usize)> = Vec::new();
        // A quote copied word for word gives every one of its runs the same posting; one copy
        // of each distinct posting gives each wording the same partners.
        let mut distinct: AHashSet<Box<[u32]>> = AHashSet::new();
        let mut wordings: Vec<u32> = Vec::new();
        // Wordings already given the posting of themselves alone.
        let mut alone = vec![false; self.len()];
        for post in runs.chunk_by(|x, y| x.0 == y.0) {
            let held: usize = post
                .iter()
                .map(|&(_, g)| self.members(g as usize).len())
                .sum();
            if held > MAX_POSTINGS {
                continue;
            }
            if let [(_, g)] = post {
                // Most runs are held by one wording: its flag stands for the set lookup.
                if std::mem::replace(&mut alone[*g as usize], true) {
                    continue;
                }
            } else {
                wordings.clear();
                wordings.extend(post.iter().map(|&(_, g)| g));
                if distinct.contains(wordings.as_slice()) {
                    continue;
                }
                distinct.insert(wordings.as_slice().into());
            }
            let (start, end) = (flat.len(), flat.len() + post.len());
            for (x, &(_, g)) in post.iter().enumerate() {
                tails.push((g, start + x, end));
                flat.push(g);
            }
        }
        drop(runs);
        drop(distinct);
        tails.par_sort_unstable();
        let mut tail_starts = vec![0; self.len() + 1];
        for &(g, _, _) in &tails {
            tail_starts[g as usize + 1] += 1;
        }
        for g in 0..self.len() {
            tail_starts[g + 1] += tail_starts[g];
        }
        Postings {
            flat,
            tails: tails.into_iter().map(|(_, from, to)| (from, to)).collect(),
            tail_starts,
        }
    }
}

/// The postings of the three-word runs held by at most [`MAX_POSTINGS`] quotes.
struct Postings {
    /// Wordings of each short posting, posting after posting, each posting sorted.
    flat: Vec<u32>,
    /// The part of each posting from one of its wordings on (`flat[from..to]`), grouped by
    /// that wording: `tails[tail_starts[g]..tail_starts[g + 1]]`.
    tails: Vec<(usize, usize)>,
    tail_starts: Vec<usize>,
}

impl Postings {
    /// Wording `g` itself (when it has a short posting) and the later wordings that share a
    /// short posting with it, sorted and distinct.
    ///
    /// `seen` holds, for each wording, the last `g` it was listed for (each `g` is asked once
    /// per `seen`), so that no wording is listed twice.
    fn partners(&self, g: usize, seen: &mut [u32]) -> Vec<u32> {
        let stamp = u32::try_from(g).expect("fewer than 2^32 distinct quotes");
        let mut hs: Vec<u32> = Vec::new();
        for &(from, to) in &self.tails[self.tail_starts[g]..self.tail_starts[g + 1]] {
            for &h in &self.flat[from..to] {
                if seen[h as usize] != stamp {
                    seen[h as usize] = stamp;
                    hs.push(h);
                }
            }
        }
        hs.sort_unstable();
        hs
    }
}

/// Lays a list of lists out flat, with the start of each list (and the end of the last).
fn flatten<T>(lists: Vec<Vec<T>>) -> (Vec<T>, Vec<usize>) {
    let mut starts = Vec::with_capacity(lists.len() + 1);
    let mut flat = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    starts.push(0);
    for l in lists {
        flat.extend(l);
        starts.push(flat.len());
    }
    (flat, starts)
}

/// The sorted, distinct hashes of a quote's words.
pub(super) fn word_set(words: &Words) -> Vec<u64> {
    let mut set: Vec<u64> = words.iter().map(|w| hash_bytes(w.as_bytes())).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// Word containment of the smaller sorted set in the larger, when it is at least `floor`.
///
/// Stops as soon as the words left cannot lift the containment to `floor` (the common case:
/// most candidate pairs share a few words only). The bound is computed with the same division
/// as the result, so a pair is kept exactly when its full containment is at least `floor`.
pub(super) fn containment_at_least(a: &[u64], b: &[u64], floor: f64) -> Option<f64> {
    let smaller = a.len().min(b.len()).max(1) as f64;
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                i += 1;
                if ((inter + (a.len() - i).min(b.len() - j)) as f64 / smaller) < floor {
                    return None;
                }
            }
            std::cmp::Ordering::Greater => {
                j += 1;
                if ((inter + (a.len() - i).min(b.len() - j)) as f64 / smaller) < floor {
                    return None;
                }
            }
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let c = inter as f64 / smaller;
    (c >= floor).then_some(c)
}

/// Every pair of closed quotes (with at least `min_words` words, from different articles) that shares
/// a three-word run held by at most [`MAX_POSTINGS`] quotes and whose word containment is at
/// least `floor`, unordered.
pub fn scored_pairs(quotes: &[Vec<Quote>], min_words: usize, floor: f64) -> Vec<Scored> {
    let wordings = Wordings::new(quotes, min_words);
    let postings = wordings.postings(quotes);
    let wordings = &wordings;
    (0..wordings.len())
        .into_par_iter()
        .map_init(
            || vec![u32::MAX; wordings.len()],
            |seen, g| {
                let set = wordings.set(g);
                let close: Vec<(f64, usize)> = postings
                    .partners(g, seen)
                    .into_iter()
                    .filter_map(|h| {
                        let h = h as usize;
                        let other = wordings.set(h);
                        let smaller = set.len().min(other.len()).max(1) as f64;
                        // A shared word sets a bit in both signatures, and each shared bit
                        // stands for one word of `g` plus those colliding with it: a cheap
                        // upper bound on the shared words, checked before the exact count.
                        let bound = shared_bits(&wordings.sigs[g], &wordings.sigs[h])
                            + wordings.collisions[g].min(wordings.collisions[h]);
                        if ((bound as usize).min(other.len()) as f64 / smaller) < floor {
                            return None;
                        }
                        containment_at_least(set, other, floor).map(|c| (c, h))
                    })
                    .collect();
                close
                    .into_iter()
                    .flat_map(|(c, h)| quote_pairs(wordings, c, g, h))
                    .collect::<Vec<Scored>>()
            },
        )
        .flatten_iter()
        .collect()
}

/// The (article, quote) pairs of wordings `g` and `h` (`g <= h`) whose containment is `c`.
fn quote_pairs(wordings: &Wordings, c: f64, g: usize, h: usize) -> Vec<Scored> {
    let (x, y) = (&wordings.joined[g], &wordings.joined[h]);
    let trimmed = x.contains(y.as_str()) || y.contains(x.as_str());
    let (mg, mh) = (wordings.members(g), wordings.members(h));
    let mut out = Vec::new();
    for (i, &p) in mg.iter().enumerate() {
        // A wording with itself: each unordered pair of its quotes once.
        let others = if g == h { &mh[i + 1..] } else { mh };
        out.extend(
            others
                .iter()
                .filter(|q| q.0 != p.0)
                .map(|&q| (c, trimmed, p.min(q), p.max(q))),
        );
    }
    out
}

/// The distinct hashes of a quote's three-word windows, sorted.
fn trigram_keys(words: &Words) -> Vec<u64> {
    // The hash of each three words joined by spaces, joined in one buffer for all the windows.
    let mut joined = String::new();
    let mut keys: Vec<u64> = (0..words.len().saturating_sub(2))
        .map(|i| {
            joined.clear();
            for k in i..i + 3 {
                if k > i {
                    joined.push(' ');
                }
                joined.push_str(&words[k]);
            }
            hash_bytes(joined.as_bytes())
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(words: &str) -> Quote {
        Quote {
            span: 0..0,
            words: Words::new(words.split_whitespace().collect::<Vec<_>>().into_iter()),
            speaker: None,
            speaker_span: None,
            run_on: false,
        }
    }

    /// The plain algorithm: postings of (article, quote), every pair of a short posting.
    fn naive(quotes: &[Vec<Quote>], min_words: usize, floor: f64) -> Vec<Scored> {
        let mut index: AHashMap<u64, Vec<QuoteRef>> = AHashMap::new();
        for (a, qs) in quotes.iter().enumerate() {
            for (qi, q) in qs.iter().enumerate() {
                if q.words.len() < min_words || q.run_on {
                    continue;
                }
                for k in trigram_keys(&q.words) {
                    index.entry(k).or_default().push((a, qi));
                }
            }
        }
        let mut pairs = Vec::new();
        #[allow(clippy::iter_over_hash_type)] // sorted below
        for post in index.values().filter(|p| p.len() <= MAX_POSTINGS) {
            for (x, &p) in post.iter().enumerate() {
                for &q in &post[x + 1..] {
                    if q.0 != p.0 {
                        pairs.push((p.min(q), p.max(q)));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let set = |q: &Quote| {
            let mut s: Vec<u64> = q.words.iter().map(|w| hash_bytes(w.as_bytes())).collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        pairs
            .into_iter()
            .filter_map(|(p, q)| {
                let (x, y) = (&quotes[p.0][p.1], &quotes[q.0][q.1]);
                let c = containment(&set(x), &set(y));
                let (jx, jy) = (x.words.joined(), y.words.joined());
                (c >= floor).then(|| (c, jx.contains(&jy) || jy.contains(&jx), p, q))
            })
            .collect()
    }

    fn containment(a: &[u64], b: &[u64]) -> f64 {
        let inter = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
        inter as f64 / a.len().min(b.len()).max(1) as f64
    }

    fn sorted(mut v: Vec<Scored>) -> Vec<Scored> {
        v.sort_by(|x, y| x.2.cmp(&y.2).then(x.3.cmp(&y.3)));
        v
    }

    #[test]
    fn repeated_quotes_pair_across_articles_only() {
        let q = "we will never give an inch here";
        let quotes = vec![
            vec![quote(q), quote(q)],
            vec![quote(q)],
            vec![quote("we will never give an inch here or there")],
            vec![quote("nothing in common with the others at all")],
        ];
        let got = sorted(scored_pairs(&quotes, 6, 0.8));
        assert_eq!(got, sorted(naive(&quotes, 6, 0.8)));
        let refs: Vec<(QuoteRef, QuoteRef)> = got.iter().map(|s| (s.2, s.3)).collect();
        assert_eq!(
            refs,
            [
                ((0, 0), (1, 0)),
                ((0, 0), (2, 0)),
                ((0, 1), (1, 0)),
                ((0, 1), (2, 0)),
                ((1, 0), (2, 0))
            ]
        );
        assert!(got.iter().all(|s| s.1 && s.0 == 1.0));
    }

    #[test]
    fn a_common_run_makes_no_pairs() {
        let quotes: Vec<Vec<Quote>> = (0..=MAX_POSTINGS)
            .map(|i| vec![quote(&format!("the same opening words w{i} x{i} y{i}"))])
            .collect();
        assert!(scored_pairs(&quotes, 6, 0.0).is_empty());
        assert!(naive(&quotes, 6, 0.0).is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn same_pairs_as_the_plain_algorithm(
            arts in proptest::collection::vec(
                proptest::collection::vec(proptest::collection::vec(0u8..6, 0..9), 0..4),
                0..12,
            ),
            min_words in 0usize..5,
            floor in 0.0f64..1.0,
        ) {
            let quotes: Vec<Vec<Quote>> = arts
                .iter()
                .map(|qs| qs.iter().map(|ws| {
                    let words: Vec<String> = ws.iter().map(|w| format!("w{w}")).collect();
                    quote(&words.join(" "))
                }).collect())
                .collect();
            proptest::prop_assert_eq!(
                sorted(scored_pairs(&quotes, min_words, floor)),
                sorted(naive(&quotes, min_words, floor))
            );
        }
    }
}
