//! Splices: body sentences that share almost none of their distinctive words with the rest of
//! their article (a paragraph lifted from an unrelated report).

use super::lexicon::{stem, Lexicon};
use super::view::{alphabetic, View};
use super::weights::Weights;
use super::{Evidence, Flag, FlagKind, Severity};
use ahash::AHashMap;
use rayon::prelude::*;

/// Words in more articles than this do not define a story.
const STORY_MAX_POSTINGS: usize = 50;
/// Words in more than this share of the articles do not define a story.
const STORY_MAX_SHARE: f64 = 0.1;
/// Each article's story neighbours: the articles sharing the most distinctive words with it.
const STORY_NEIGHBOURS: usize = 10;
/// A neighbour vouches for a sentence when it keeps this share of its shared weight without it.
const NEIGHBOUR_KEPT: f64 = 0.5;

/// Which articles tell the same story, from the distinctive words they share (and links).
#[derive(Debug, Default)]
pub struct Stories {
    /// Keys ([`stem_key`]) of the distinct content stems of each article, sorted.
    stems: Vec<Vec<u64>>,
    /// The [`STORY_NEIGHBOURS`] articles sharing the most distinctive words with each article.
    neighbours: Vec<Vec<u32>>,
    /// Articles linked to each article (copies either way), sorted.
    linked: Vec<Vec<u32>>,
    /// Keys of the distinctive stems (held by few articles).
    distinctive: ahash::AHashSet<u64>,
}

impl Stories {
    /// Builds each article's stems and neighbours.
    pub fn build(lex: &Lexicon, views: &[View], links: &[crate::align::Link]) -> Stories {
        // Distinct stems of each article, sorted by their text so that the weight sums below
        // always add in the same order.
        let weighted: Vec<Vec<(u64, f64)>> = views
            .par_iter()
            .map(|v| {
                let mut ws = content(lex, v, 0..v.words.len());
                ws.sort_unstable_by(|x, y| x.0.cmp(y.0));
                ws.dedup_by(|x, y| x.0 == y.0);
                ws.into_iter().map(|(w, idf)| (stem_key(w), idf)).collect()
            })
            .collect();
        let mut postings: AHashMap<u64, Vec<u32>> = AHashMap::new();
        for (a, ws) in weighted.iter().enumerate() {
            for &(k, _) in ws {
                postings.entry(k).or_default().push(a as u32);
            }
        }
        let max_postings =
            ((views.len() as f64 * STORY_MAX_SHARE) as usize).clamp(2, STORY_MAX_POSTINGS);
        let mut neighbours: Vec<Vec<u32>> = weighted
            .par_iter()
            .enumerate()
            .map(|(a, ws)| {
                let mut shared: AHashMap<u32, f64> = AHashMap::new();
                for (k, weight) in ws {
                    let Some(p) = postings.get(k).filter(|p| p.len() <= max_postings) else {
                        continue;
                    };
                    for &b in p.iter().filter(|&&b| b as usize != a) {
                        *shared.entry(b).or_default() += weight;
                    }
                }
                let mut n: Vec<(u32, f64)> = shared.into_iter().collect();
                n.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                n.truncate(STORY_NEIGHBOURS);
                n.into_iter().map(|(b, _)| b).collect()
            })
            .collect();
        let distinctive = postings
            .into_iter()
            .filter(|(_, p)| p.len() <= max_postings)
            .map(|(k, _)| k)
            .collect();
        let stems = weighted
            .into_par_iter()
            .map(|ws| {
                let mut keys: Vec<u64> = ws.into_iter().map(|(k, _)| k).collect();
                keys.sort_unstable();
                keys
            })
            .collect();
        let mut linked: Vec<Vec<u32>> = vec![Vec::new(); views.len()];
        for l in links {
            if l.source < views.len() && l.derived < views.len() && l.source != l.derived {
                linked[l.source].push(l.derived as u32);
                linked[l.derived].push(l.source as u32);
            }
        }
        for n in neighbours.iter_mut().chain(&mut linked) {
            n.sort_unstable();
            n.dedup();
        }
        Stories {
            stems,
            neighbours,
            linked,
            distinctive,
        }
    }

    /// True when article `b` uses the stem with key `key`.
    fn has(&self, b: u32, key: u64) -> bool {
        self.stems
            .get(b as usize)
            .is_some_and(|v| v.binary_search(&key).is_ok())
    }

    /// For each word neighbour of `article`: its index, the distinctive stems of `all` it
    /// holds, and their total weight.
    fn hits(&self, article: usize, all: &[(u64, f64)]) -> Vec<Hits> {
        let near = self.neighbours.get(article).map_or(&[][..], Vec::as_slice);
        near.iter()
            .map(|&b| {
                let held: Vec<(u64, f64)> = all
                    .iter()
                    .copied()
                    .filter(|(k, _)| self.has(b, *k))
                    .collect();
                let shared = held.iter().map(|x| x.1).sum();
                (b, shared, held)
            })
            .collect()
    }

    /// The story of `article` as seen without one of its sentences: its linked articles, and
    /// the word neighbours (with their [`Stories::hits`]) that keep at least half of their
    /// shared distinctive weight once the stems found only in that sentence (`only_here`,
    /// sorted) are left out. A neighbour that shares words with the article mainly through the
    /// sentence is that sentence's story, not the article's, and does not vouch for it.
    fn story_without(&self, article: usize, hits: &[Hits], only_here: &[u64]) -> Vec<u32> {
        let mut story = self.linked.get(article).cloned().unwrap_or_default();
        for (b, shared, held) in hits {
            let through: f64 = held
                .iter()
                .filter(|(k, _)| only_here.binary_search(k).is_ok())
                .map(|x| x.1)
                .sum();
            if *shared > 0.0 && shared - through >= NEIGHBOUR_KEPT * shared {
                story.push(*b);
            }
        }
        story
    }
}

/// A neighbour, its shared weight and the shared stems with their weights.
type Hits = (u32, f64, Vec<(u64, f64)>);

/// Key of a stem in the story postings.
fn stem_key(stem: &str) -> u64 {
    crate::text::hash_bytes(stem.as_bytes())
}

/// Stems of the content words of tokens `range`, with their [`idf`].
fn content<'v>(
    lex: &Lexicon,
    view: &'v View,
    range: std::ops::Range<usize>,
) -> Vec<(&'v str, f64)> {
    range
        .filter(|&i| {
            let w = &view.words[i];
            w.len() >= 3 && alphabetic(w) && !lex.is_function_count(view.counts[i])
        })
        .map(|i| {
            let (w, s) = (&view.words[i], stem(&view.words[i]));
            let count = if s.len() == w.len() {
                view.counts[i]
            } else {
                lex.unigram(s)
            };
            (s, idf(count))
        })
        .collect()
}

/// Distinctiveness of a word counted `count` times in the reference counts: rarer weighs more.
fn idf(count: u64) -> f64 {
    (2.0e10 / (count as f64 + 2.0e5)).ln().max(0.5)
}

/// Splice flags of article number `index`.
pub fn flags(
    lex: &Lexicon,
    view: &View,
    index: usize,
    stories: &Stories,
    w: &Weights,
) -> Vec<Flag> {
    let body = view.article.body.start;
    let sents: Vec<_> = view
        .doc
        .sentences
        .iter()
        .filter(|s| s.span.start >= body)
        .collect();
    if sents.len() < w.splice_min_sentences {
        return Vec::new();
    }
    let words: Vec<Vec<(&str, f64)>> = sents
        .iter()
        .map(|s| content(lex, view, s.tokens.clone()))
        .collect();
    let mut totals: AHashMap<&str, usize> = AHashMap::new();
    for ws in &words {
        for &(x, _) in ws {
            *totals.entry(x).or_default() += 1;
        }
    }
    // Distinctive stems of the body, each once, by key.
    let mut all: Vec<(u64, f64)> = words
        .iter()
        .flatten()
        .map(|&(x, idf)| (stem_key(x), idf))
        .filter(|(k, _)| stories.distinctive.contains(k))
        .collect();
    all.sort_unstable_by_key(|x| x.0);
    all.dedup_by_key(|x| x.0);
    let hits = stories.hits(index, &all);
    let mut out = Vec::new();
    for (s, ws) in sents.iter().zip(&words) {
        let mut own: AHashMap<&str, (usize, f64)> = AHashMap::new();
        for &(x, idf) in ws {
            own.entry(x).or_insert((0, idf)).0 += 1;
        }
        if own.len() < w.splice_min_words {
            continue;
        }
        let (mut inside, mut total) = (0.0, 0.0);
        let mut keys: Vec<(&str, (usize, f64))> = own.into_iter().collect();
        keys.sort_unstable_by(|x, y| x.0.cmp(y.0));
        // Stems found nowhere else in the article.
        let mut only_here: Vec<(u64, f64)> = Vec::new();
        for (k, (n, weight)) in keys {
            total += weight;
            if totals.get(k).copied().unwrap_or(0) > n {
                inside += weight;
            } else {
                only_here.push((stem_key(k), weight));
            }
        }
        if total <= 0.0 || inside / total >= w.splice_max_cohesion {
            continue;
        }
        let mut here: Vec<u64> = only_here.iter().map(|x| x.0).collect();
        here.sort_unstable();
        let story_of = stories.story_without(index, &hits, &here);
        let story: f64 = only_here
            .iter()
            .filter(|(k, _)| story_of.iter().any(|&b| stories.has(b, *k)))
            .map(|x| x.1)
            .sum();
        let cohesion = if total > 0.0 {
            (inside + w.splice_story_weight * story) / total
        } else {
            1.0
        };
        if cohesion < w.splice_max_cohesion {
            out.push(view.flag(
                FlagKind::Splice,
                s.span.range(),
                "This sentence shares almost none of its distinctive words with the rest of the article: likely lifted from another story.".to_owned(),
                Evidence { text: format!("cohesion {cohesion:.2} (threshold {:.2})", w.splice_max_cohesion), ..Evidence::default() },
                Severity::Medium,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, Meta};
    use crate::score::lexicon::lexicon;
    use crate::text::Doc;

    #[test]
    fn an_off_topic_sentence_stands_out() {
        let body = "Bushfires burned homes near Sydney on Monday. Firefighters fought the bushfires through the night near Sydney. Residents fled homes as the fires approached. The cricket selectors named a new spin bowler for the Ashes tour of England. Firefighters expect the bushfires to burn for days. Residents may return home when the fires ease.";
        let a = Article::new("x", "x", Some("Fires"), body.into(), Meta::default());
        let d = Doc::new(&a.text);
        let v = View::new(&a, &d);
        let stories = Stories::build(lexicon(), std::slice::from_ref(&v), &[]);
        let f = flags(lexicon(), &v, 0, &stories, &Weights::default());
        let texts: Vec<&str> = f.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            texts,
            ["The cricket selectors named a new spin bowler for the Ashes tour of England."]
        );
    }
}
