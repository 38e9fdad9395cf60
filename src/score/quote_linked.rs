//! Run-on quote paragraphs paired through links, for [`super::quotes_across`].
//!
//! The paragraphs of a quote that runs on (see [`super::quote::run_on_regions`]) are quotes
//! too, but an unbalanced quotation mark makes one of any text up to the next opening mark,
//! so they are many where the marks are sloppy and long. Pairing them corpus-wide through
//! shared three-word runs, as [`super::quote_pairs`] pairs closed quotes, costs more than all
//! the closed quotes together on machine-made text. A quote altered on its way from one
//! article to another sits in copied text, so the two articles share passages: a run-on
//! paragraph is compared only with the quotes of the articles it is linked with.

use super::quote::Quote;
use super::quote_pairs::{containment_at_least, word_set, Scored};
use crate::align::Link;
use rayon::prelude::*;

/// Every pair of quotes of two linked articles, at least one of them a run-on paragraph,
/// each with at least `min_words` words, whose word containment is at least `floor`.
/// Pairs are given as [`super::quote_pairs::scored_pairs`] gives them, the smaller quote first.
pub fn linked_pairs(
    quotes: &[Vec<Quote>],
    links: &[Link],
    min_words: usize,
    floor: f64,
) -> Vec<Scored> {
    let has_run_on = |a: usize| quotes[a].iter().any(|q| q.run_on);
    let mut pairs: Vec<(usize, usize)> = links
        .iter()
        .map(|l| (l.source.min(l.derived), l.source.max(l.derived)))
        .filter(|&(a, b)| a != b && b < quotes.len() && (has_run_on(a) || has_run_on(b)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
        .par_iter()
        .flat_map_iter(|&(a, b)| pair_up(quotes, a, b, min_words, floor))
        .collect()
}

/// A quote's index, its words' sorted distinct hashes and its words joined by spaces.
type Prepared<'q> = (usize, &'q Quote, Vec<u64>, String);

/// The quotes of `quotes` with at least `min_words` words, prepared for comparing.
fn prepared(quotes: &[Quote], min_words: usize) -> Vec<Prepared<'_>> {
    quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.words.len() >= min_words)
        .map(|(i, q)| (i, q, word_set(&q.words), q.words.joined()))
        .collect()
}

/// The qualifying pairs between articles `a` and `b` (`a < b`).
fn pair_up(quotes: &[Vec<Quote>], a: usize, b: usize, min_words: usize, floor: f64) -> Vec<Scored> {
    let (xs, ys) = (
        prepared(&quotes[a], min_words),
        prepared(&quotes[b], min_words),
    );
    let mut out = Vec::new();
    for (qa, x, sx, jx) in &xs {
        for (qb, y, sy, jy) in &ys {
            if !(x.run_on || y.run_on) {
                continue;
            }
            if let Some(c) = containment_at_least(sx, sy, floor) {
                let trimmed = jx.contains(jy.as_str()) || jy.contains(jx.as_str());
                out.push((c, trimmed, (a, *qa), (b, *qb)));
            }
        }
    }
    out
}

/// A link from `source` to `derived` with no passages, for tests.
#[cfg(test)]
pub(crate) fn test_link(source: usize, derived: usize) -> Link {
    use crate::align::{Direction, DirectionBasis, LinkKind};
    Link {
        source,
        derived,
        kind: LinkKind::Edited,
        containment: 0.5,
        passages: Vec::new(),
        direction: Direction {
            basis: DirectionBasis::Unknown,
            evidence: Vec::new(),
        },
        confidence: 0.5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::view::Words;

    fn quote(words: &str, run_on: bool) -> Quote {
        Quote {
            span: 0..0,
            words: Words::new(words.split_whitespace().collect::<Vec<_>>().into_iter()),
            speaker: None,
            speaker_span: None,
            run_on,
        }
    }

    #[test]
    fn run_on_paragraphs_pair_only_across_links() {
        let para = "we would certainly like to see a proper investigation into that";
        let altered = "we would certainly wear to see a proper investigation into that";
        let closed = "they have a very long way to go yet";
        let quotes = vec![
            vec![quote(closed, false), quote(para, true)],
            vec![quote(altered, true), quote(closed, false)],
            vec![quote(para, true)],
        ];
        // Articles 0 and 1 are linked (twice, both ways); 2 is linked with nobody.
        let got = linked_pairs(&quotes, &[test_link(1, 0), test_link(0, 1)], 6, 0.8);
        assert_eq!(got.len(), 1, "{got:?}");
        let (c, trimmed, x, y) = got[0];
        assert_eq!((x, y), ((0, 1), (1, 0)));
        assert!((c - 10.0 / 11.0).abs() < 1e-9 && !trimmed, "{c}");
        // Two closed quotes are left to the corpus-wide pairing.
        assert!(linked_pairs(&quotes, &[test_link(0, 2)], 6, 0.8).len() == 1);
        let closed_only = vec![vec![quote(closed, false)], vec![quote(closed, false)]];
        assert!(linked_pairs(&closed_only, &[test_link(0, 1)], 6, 0.8).is_empty());
    }

    #[test]
    fn a_trimmed_paragraph_is_marked_trimmed() {
        let quotes = vec![
            vec![quote("one two three four five six seven", true)],
            vec![quote("two three four five six seven", false)],
        ];
        let got = linked_pairs(&quotes, &[test_link(0, 1)], 6, 0.8);
        assert_eq!(got.len(), 1);
        assert!(got[0].1 && (got[0].0 - 1.0).abs() < 1e-9);
    }
}
