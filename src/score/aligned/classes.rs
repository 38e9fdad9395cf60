//! The class of every distinct substitution of a set of links, each classified once.
//!
//! Copies repeat their sources' swaps, so the same word pair is substituted in many aligned
//! passages. A substitution is keyed by the token hashes of its words (no allocation, no
//! string hashing); the keys are sorted, each distinct key is classified once, and a lookup
//! checks the words themselves against the key's first occurrence, so that two word pairs
//! whose hashes collide are never confused (such a pair is classified afresh).

use super::super::lexicon::Lexicon;
use super::super::subst::{classify, SubKind};
use super::super::view::View;
use crate::align::Link;
use ahash::AHashMap;
use rayon::prelude::*;
use std::ops::Range;

/// Most words a side of a classified substitution has.
pub const MAX_WORDS: usize = 3;

/// A substitution's words by token hash: the source words, then the derived words (each
/// side padded with zeros to [`MAX_WORDS`]), and how many words each side has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    hashes: [u64; 2 * MAX_WORDS],
    lens: [u8; 2],
}

impl Ord for Key {
    /// The hashes in order, then the lengths (the order a derived `Ord` gives, written out:
    /// keys are sorted and searched often, and most differ in their first hash).
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        for (a, b) in self.hashes.iter().zip(&other.hashes) {
            if a != b {
                return a.cmp(b);
            }
        }
        self.lens.cmp(&other.lens)
    }
}

impl PartialOrd for Key {
    /// [`Key::cmp`].
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Key {
    /// The key of source tokens `s` replaced by derived tokens `d` (at most [`MAX_WORDS`]
    /// each, inside both articles).
    fn new(source: &View, derived: &View, s: &Range<usize>, d: &Range<usize>) -> Key {
        let mut hashes = [0; 2 * MAX_WORDS];
        for (slot, t) in hashes[..MAX_WORDS]
            .iter_mut()
            .zip(&source.doc.tokens[s.clone()])
        {
            *slot = t.hash;
        }
        for (slot, t) in hashes[MAX_WORDS..]
            .iter_mut()
            .zip(&derived.doc.tokens[d.clone()])
        {
            *slot = t.hash;
        }
        let len = |r: &Range<usize>| u8::try_from(r.len()).expect("at most MAX_WORDS words");
        Key {
            hashes,
            lens: [len(s), len(d)],
        }
    }
}

/// Where a substitution occurs: the views of its source and derived articles and the first
/// token of each side (the key gives the lengths).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    source: u32,
    derived: u32,
    s: u32,
    d: u32,
}

/// The distinct substitutions of some links, sorted by key, with their classes.
pub struct Classes {
    /// Distinct keys, sorted.
    keys: Vec<Key>,
    /// The first occurrence of each key (in key, place order).
    places: Vec<Place>,
    /// The class of each key's words.
    classes: Vec<SubKind>,
    /// The number of each key in `keys`: one probe per lookup instead of a binary search
    /// through a table that does not fit in cache.
    numbers: AHashMap<Key, u32>,
}

impl Classes {
    /// Classifies every distinct substitution that `substitutions(link)` lists for the
    /// `links` (whose article indices must be inside `views`), in parallel.
    pub fn new<'l, I>(
        lex: &Lexicon,
        views: &[View],
        links: &[&'l Link],
        substitutions: impl Fn(&'l Link) -> I + Sync,
    ) -> Classes
    where
        I: Iterator<Item = (Range<usize>, Range<usize>)>,
    {
        let mut found: Vec<(Key, Place)> = links
            .par_iter()
            .flat_map_iter(|&l| {
                let (source, derived) = (&views[l.source], &views[l.derived]);
                let place = |s: &Range<usize>, d: &Range<usize>| Place {
                    source: index(l.source),
                    derived: index(l.derived),
                    s: index(s.start),
                    d: index(d.start),
                };
                substitutions(l)
                    .map(move |(s, d)| (Key::new(source, derived, &s, &d), place(&s, &d)))
            })
            .collect();
        found.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        found.dedup_by_key(|f| f.0);
        let (keys, places): (Vec<Key>, Vec<Place>) = found.into_iter().unzip();
        let classes = keys
            .par_iter()
            .zip(&places)
            .map(|(k, p)| {
                let (s, d) = words_at(views, k, p);
                classify(lex, &s, &d)
            })
            .collect();
        let numbers = keys.iter().zip(0..).map(|(&k, i)| (k, i)).collect();
        Classes {
            keys,
            places,
            classes,
            numbers,
        }
    }

    /// The class of source tokens `s` of `source` replaced by derived tokens `d` of
    /// `derived`, when that substitution was classified (`views` are those given to
    /// [`Classes::new`]); None for a substitution never seen, or whose words differ from
    /// those of the classified one with the same hashes.
    pub fn get(
        &self,
        views: &[View],
        source: &View,
        derived: &View,
        s: &Range<usize>,
        d: &Range<usize>,
    ) -> Option<&SubKind> {
        if s.len() > MAX_WORDS || d.len() > MAX_WORDS {
            return None;
        }
        let key = Key::new(source, derived, s, d);
        let i = *self.numbers.get(&key)? as usize;
        let p = &self.places[i];
        let same = |v: &View, at: u32, r: &Range<usize>, mine: &View| {
            r.clone()
                .zip(at as usize..)
                .all(|(j, k)| mine.words[j] == v.words[k])
        };
        let seen = same(&views[p.source as usize], p.s, s, source)
            && same(&views[p.derived as usize], p.d, d, derived);
        seen.then(|| &self.classes[i])
    }

    /// Number of distinct substitutions classified.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no substitution was classified.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// The normalised words of the substitution of key `k` at place `p`.
fn words_at<'v>(views: &'v [View], k: &Key, p: &Place) -> (Vec<&'v str>, Vec<&'v str>) {
    let side = |v: &'v View, at: u32, len: u8| -> Vec<&'v str> {
        (at as usize..at as usize + len as usize)
            .map(|i| &v.words[i])
            .collect()
    };
    (
        side(&views[p.source as usize], p.s, k.lens[0]),
        side(&views[p.derived as usize], p.d, k.lens[1]),
    )
}

/// An article or token index as stored in a [`Place`].
fn index(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 articles and tokens per article")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Direction, DirectionBasis, Edit, EditOp, LinkKind, Passage};
    use crate::corpus::{Article, Meta};
    use crate::score::lexicon::lexicon;
    use crate::text::{Doc, Span};

    fn link(source: usize, derived: usize) -> Link {
        Link {
            source,
            derived,
            kind: LinkKind::Spun,
            containment: 1.0,
            passages: vec![Passage {
                source_span: Span::new(0, 0),
                derived_span: Span::new(0, 0),
                source_tokens: 0..0,
                derived_tokens: 0..0,
                words: 0,
                edits: vec![Edit {
                    op: EditOp::Substitute,
                    source: 0..0,
                    derived: 0..0,
                }],
            }],
            direction: Direction {
                basis: DirectionBasis::Evidence,
                evidence: vec![],
            },
            confidence: 1.0,
        }
    }

    #[test]
    fn remembered_classes_are_those_of_a_fresh_classification() {
        let texts = [
            "The international coalition met the worldwide press today.",
            "The worldwide coalition met the global press today.",
            "A retaliation came, then a relation came, then talks.",
            "A relation came, then a retaliation came, then peace.",
        ];
        let arts: Vec<Article> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Article::new(&i.to_string(), "x", None, (*t).into(), Meta::default()))
            .collect();
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::new(&a.text)).collect();
        let views = View::all(&arts, &docs);
        let links = [link(0, 1), link(2, 3), link(1, 0)];
        let refs: Vec<&Link> = links.iter().collect();
        // Every pair of ranges of up to three words at the first tokens of each article.
        let ranges: Vec<Range<usize>> = (0..4)
            .flat_map(|a| (a..(a + 3).min(8)).map(move |b| a..b + 1))
            .collect();
        let pairs: Vec<(Range<usize>, Range<usize>)> = ranges
            .iter()
            .flat_map(|s| ranges.iter().map(move |d| (s.clone(), d.clone())))
            .collect();
        let classes = Classes::new(lexicon(), &views, &refs, |_| pairs.clone().into_iter());
        assert!(classes.len() < pairs.len() * refs.len());
        let mut checked = 0;
        for l in &refs {
            let (s, d) = (&views[l.source], &views[l.derived]);
            for (x, y) in &pairs {
                let got = classes.get(&views, s, d, x, y).expect("classified");
                let sw: Vec<&str> = x.clone().map(|i| &s.words[i]).collect();
                let dw: Vec<&str> = y.clone().map(|i| &d.words[i]).collect();
                assert_eq!(got, &classify(lexicon(), &sw, &dw), "{sw:?} {dw:?}");
                checked += usize::from(!matches!(got, SubKind::Paraphrase));
            }
        }
        assert!(checked > 0);
        // A substitution no link made is not known, nor is one longer than three words.
        assert!(classes
            .get(&views, &views[0], &views[2], &(0..1), &(4..5))
            .is_none());
        assert!(classes
            .get(&views, &views[0], &views[1], &(0..4), &(0..1))
            .is_none());
    }

    #[test]
    fn keys_sort_as_their_fields_do() {
        let mut rng = crate::eval::Rng::new(3);
        // Few distinct values, so that many keys share their first hashes.
        let keys: Vec<Key> = (0..300)
            .map(|_| {
                let mut hashes = [0u64; 2 * MAX_WORDS];
                hashes.iter_mut().for_each(|h| *h = rng.next_u64() % 3);
                let lens = [(rng.next_u64() % 2) as u8, (rng.next_u64() % 2) as u8];
                Key { hashes, lens }
            })
            .collect();
        for a in &keys {
            for b in &keys {
                assert_eq!(a.cmp(b), (a.hashes, a.lens).cmp(&(b.hashes, b.lens)));
                assert_eq!(a.partial_cmp(b), Some(a.cmp(b)));
            }
        }
    }

    #[test]
    fn words_whose_hashes_collide_are_not_confused() {
        let arts = [
            Article::new("a", "a", None, "alpha beta".into(), Meta::default()),
            Article::new("b", "b", None, "gamma delta".into(), Meta::default()),
        ];
        let mut docs: Vec<Doc> = arts.iter().map(|a| Doc::new(&a.text)).collect();
        // Forge a collision: "gamma" and "alpha" get the same hash, as "delta" and "beta".
        let (h0, h1) = (docs[0].tokens[0].hash, docs[0].tokens[1].hash);
        docs[1].tokens[0].hash = h0;
        docs[1].tokens[1].hash = h1;
        let views = View::all(&arts, &docs);
        let l = link(0, 0);
        let classes = Classes::new(lexicon(), &views, &[&l], |_| std::iter::once((0..1, 1..2)));
        assert_eq!(classes.len(), 1);
        assert!(classes
            .get(&views, &views[0], &views[0], &(0..1), &(1..2))
            .is_some());
        assert!(classes
            .get(&views, &views[1], &views[1], &(0..1), &(1..2))
            .is_none());
    }
}
