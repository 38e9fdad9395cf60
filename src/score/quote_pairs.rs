//! Candidate quote pairs for [`super::quotes_across`]: quotes of different articles that share
//! a three-word run, with their word containment and whether one is a trim of the other.
//!
//! Copied articles repeat their quotes word for word, so the quotes are first grouped by
//! wording: each distinct wording gets its word set, joined text and three-word runs once, and
//! each pair of wordings is compared once. Only the pairs that pass the containment floor are
//! expanded back to (article, quote) pairs. The result is the same as comparing every pair of
//! quotes that shares a run whose posting list is short enough.

use super::quote::Quote;
use crate::text::hash_bytes;
use ahash::AHashMap;
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
}

impl Wordings {
    /// Groups the quotes with at least `min_words` words by their word sequence.
    fn new(quotes: &[Vec<Quote>], min_words: usize) -> Wordings {
        let mut ids: AHashMap<&[String], usize> = AHashMap::new();
        let mut groups: Vec<Vec<QuoteRef>> = Vec::new();
        for (a, qs) in quotes.iter().enumerate() {
            for (qi, q) in qs.iter().enumerate() {
                if q.words.len() < min_words {
                    continue;
                }
                let next = groups.len();
                let g = *ids.entry(q.words.as_slice()).or_insert(next);
                if g == next {
                    groups.push(Vec::new());
                }
                groups[g].push((a, qi));
            }
        }
        let words = |g: &[QuoteRef]| -> &[String] {
            let (a, qi) = g[0];
            &quotes[a][qi].words
        };
        let (sets, joined): (Vec<Vec<u64>>, Vec<String>) = groups
            .par_iter()
            .map(|g| {
                let words = words(g);
                let mut set: Vec<u64> = words.iter().map(|w| hash_bytes(w.as_bytes())).collect();
                set.sort_unstable();
                set.dedup();
                (set, words.join(" "))
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

    /// Pairs of wordings (the smaller first, a wording with itself included) that share a
    /// three-word run held by at most [`MAX_POSTINGS`] quotes, sorted and distinct.
    fn candidates(&self, quotes: &[Vec<Quote>]) -> Vec<(u32, u32)> {
        let mut runs: Vec<(u64, u32)> = (0..self.len())
            .into_par_iter()
            .flat_map_iter(|g| {
                let (a, qi) = self.members(g)[0];
                let mut keys: Vec<u64> = quotes[a][qi]
                    .words
                    .windows(3)
                    .map(|t| hash_bytes(t.join(" ").as_bytes()))
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                let g = u32::try_from(g).expect("fewer than 2^32 distinct quotes");
                keys.into_iter().map(move |k| (k, g))
            })
            .collect();
        runs.par_sort_unstable();
        let mut pairs: Vec<(u32, u32)> = runs
            .par_chunk_by(|x, y| x.0 == y.0)
            .filter(|post| {
                let held: usize = post
                    .iter()
                    .map(|&(_, g)| self.members(g as usize).len())
                    .sum();
                held <= MAX_POSTINGS
            })
            .flat_map_iter(|post| {
                post.iter()
                    .enumerate()
                    .flat_map(move |(x, &(_, g))| post[x..].iter().map(move |&(_, h)| (g, h)))
            })
            .collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        pairs
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

/// Word containment of the smaller sorted set in the larger, when it is at least `floor`.
///
/// Stops as soon as the words left cannot lift the containment to `floor` (the common case:
/// most candidate pairs share a few words only). The bound is computed with the same division
/// as the result, so a pair is kept exactly when its full containment is at least `floor`.
fn containment_at_least(a: &[u64], b: &[u64], floor: f64) -> Option<f64> {
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

/// Every pair of quotes (with at least `min_words` words, from different articles) that shares
/// a three-word run held by at most [`MAX_POSTINGS`] quotes and whose word containment is at
/// least `floor`, unordered.
pub fn scored_pairs(quotes: &[Vec<Quote>], min_words: usize, floor: f64) -> Vec<Scored> {
    let wordings = Wordings::new(quotes, min_words);
    let candidates = wordings.candidates(quotes);
    candidates
        .into_par_iter()
        .filter_map(|(g, h)| {
            let (g, h) = (g as usize, h as usize);
            containment_at_least(wordings.set(g), wordings.set(h), floor).map(|c| (c, g, h))
        })
        .flat_map_iter(|(c, g, h)| {
            let (x, y) = (&wordings.joined[g], &wordings.joined[h]);
            let trimmed = x.contains(y.as_str()) || y.contains(x.as_str());
            let (mg, mh) = (wordings.members(g), wordings.members(h));
            mg.iter().enumerate().flat_map(move |(i, &p)| {
                // A wording with itself: each unordered pair of its quotes once.
                let others = if g == h { &mh[i + 1..] } else { mh };
                others
                    .iter()
                    .filter(move |q| q.0 != p.0)
                    .map(move |&q| (c, trimmed, p.min(q), p.max(q)))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(words: &str) -> Quote {
        Quote {
            span: 0..0,
            words: words.split_whitespace().map(str::to_owned).collect(),
            speaker: None,
            speaker_span: None,
        }
    }

    /// The plain algorithm: postings of (article, quote), every pair of a short posting.
    fn naive(quotes: &[Vec<Quote>], min_words: usize, floor: f64) -> Vec<Scored> {
        let mut index: AHashMap<u64, Vec<QuoteRef>> = AHashMap::new();
        for (a, qs) in quotes.iter().enumerate() {
            for (qi, q) in qs.iter().enumerate() {
                if q.words.len() < min_words {
                    continue;
                }
                let mut keys: Vec<u64> = q
                    .words
                    .windows(3)
                    .map(|t| hash_bytes(t.join(" ").as_bytes()))
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                for k in keys {
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
                let (jx, jy) = (x.words.join(" "), y.words.join(" "));
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
