//! Stories: clusters of articles about the same event, whether or not they copy each other.
//!
//! Each article is summarised by its most distinctive terms: content words weighted by
//! frequency in the article and rarity in English (web unigram counts), so names, places and
//! figures dominate. Articles sharing enough of those terms (by weight) are joined, as are
//! linked articles, and the connected groups are the stories.

use super::Side;
use crate::align::index::candidates;
use crate::align::lexicon::Lexicon;
use crate::align::{Link, Story};
use ahash::AHashMap;
use rayon::prelude::*;

/// Terms kept per article.
const TOP_TERMS: usize = 20;
/// Articles sharing a term beyond this many ignore it (too common to define a story).
const TERM_DF_CAP: usize = 200;
/// Weighted share of top terms two articles must share to be in one story.
const MIN_SHARED_WEIGHT: f64 = 0.3;

/// One article's top terms: `(hash, weight, text)`, sorted by hash.
pub(crate) type Terms = Vec<(u64, f64, String)>;

/// The distinctive terms of an article's body.
pub(crate) fn terms(side: &Side) -> Terms {
    let lex = Lexicon::get();
    let total = 1e12_f64;
    let mut tf: AHashMap<u64, (usize, usize)> = AHashMap::new();
    let body = side.doc.token_at_or_after(side.body_start);
    for (k, t) in side.doc.tokens.iter().enumerate().skip(body) {
        let w = t.span.slice(side.text);
        if lex.is_stopword(t.hash) || w.chars().count() < 3 {
            continue;
        }
        tf.entry(t.hash).or_insert((0, k)).0 += 1;
    }
    let mut v: Vec<(u64, f64, String)> = tf
        .into_iter()
        .map(|(h, (n, k))| {
            let rarity = (total / (lex.unigram(h) as f64 + 1e4)).ln();
            let text = side.doc.tokens[k].span.slice(side.text).to_lowercase();
            (h, (1.0 + (n as f64).ln()) * rarity, text)
        })
        .collect();
    v.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    v.truncate(TOP_TERMS);
    v.sort_by_key(|t| t.0);
    v
}

/// Weighted share of the smaller term set found in the other.
pub(crate) fn overlap(x: &Terms, y: &Terms) -> f64 {
    let weight = |t: &Terms| t.iter().map(|e| e.1).sum::<f64>();
    let shared: f64 = x
        .iter()
        .filter_map(|e| {
            let k = y.binary_search_by_key(&e.0, |f| f.0).ok()?;
            Some(e.1.min(y[k].1))
        })
        .sum();
    shared / weight(x).min(weight(y)).max(1e-9)
}

/// The stories of a corpus (groups of two or more) and the same-story pairs found by terms.
pub(crate) fn stories(sides: &[Side], links: &[Link]) -> (Vec<Story>, Vec<(usize, usize)>) {
    let all: Vec<Terms> = sides.par_iter().map(terms).collect();
    let keys: Vec<Vec<u64>> = all
        .iter()
        .map(|t| t.iter().map(|e| e.0).collect())
        .collect();
    let pairs: Vec<(usize, usize)> = candidates(&keys, TERM_DF_CAP, 3)
        .par_iter()
        .filter(|c| overlap(&all[c.a], &all[c.b]) >= MIN_SHARED_WEIGHT)
        .map(|c| (c.a, c.b))
        .collect();
    let mut parent: Vec<usize> = (0..sides.len()).collect();
    let linked = links.iter().map(|l| (l.source, l.derived));
    for (a, b) in pairs.iter().copied().chain(linked) {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); sides.len()];
    for i in 0..sides.len() {
        let r = find(&mut parent, i);
        groups[r].push(i);
    }
    let stories = groups
        .into_iter()
        .filter(|g| g.len() >= 2)
        .enumerate()
        .map(|(id, members)| Story {
            id,
            terms: story_terms(&members, &all),
            members,
        })
        .collect();
    (stories, pairs)
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Terms held by most members, heaviest first.
fn story_terms(members: &[usize], all: &[Terms]) -> Vec<String> {
    let mut score: AHashMap<&str, (usize, f64)> = AHashMap::new();
    for &m in members {
        for (_, w, text) in &all[m] {
            let e = score.entry(text.as_str()).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += w;
        }
    }
    let mut v: Vec<(&str, (usize, f64))> = score.into_iter().filter(|e| e.1 .0 >= 2).collect();
    v.sort_by(|x, y| {
        y.1 .0
            .cmp(&x.1 .0)
            .then(y.1 .1.total_cmp(&x.1 .1))
            .then(x.0.cmp(y.0))
    });
    v.into_iter().take(8).map(|e| e.0.to_owned()).collect()
}
