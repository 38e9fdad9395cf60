//! WordNet beyond synonymy: graded lemma relations and morphy-style base forms.
//!
//! Both lists are data files built from WordNet 3.0 by `data/lexicon/build/build_lexicon.py`
//! (`synonyms-wordnet-related.tsv`, `wordnet-exceptions.tsv`; provenance in
//! `data/lexicon/PROVENANCE.md`).

use super::{data_lines, pair_key};
use ahash::{AHashMap, AHashSet};

/// How two lemmas are linked in WordNet when they are not synonyms, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    /// One is a direct hypernym of the other ("cancer" / "carcinoma").
    KindOf,
    /// Antonyms ("east" / "west").
    Antonym,
    /// Derivationally related forms, pertainyms and attributes ("payment" / "pay").
    Derived,
    /// Another one-hop pointer: also-see, verb group, entailment, cause, part or member.
    Linked,
    /// Co-hyponyms under a hypernym with few hyponyms ("radio" / "television").
    SameKind,
    /// Two hypernym steps apart ("knife" / "cutlery").
    TwoSteps,
    /// One is used to define the other: it is in the gloss of one of the other's first
    /// senses ("before": "earlier in time; previously").
    Gloss,
}

impl Relation {
    /// The class letter used in `synonyms-wordnet-related.tsv`.
    fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "h" => Self::KindOf,
            "a" => Self::Antonym,
            "d" => Self::Derived,
            "r" => Self::Linked,
            "s" => Self::SameKind,
            "t" => Self::TwoSteps,
            "g" => Self::Gloss,
            _ => return None,
        })
    }

    /// Short description for flag evidence.
    pub fn label(self) -> &'static str {
        match self {
            Self::KindOf => "one is a kind of the other",
            Self::Antonym => "antonyms",
            Self::Derived => "derived forms",
            Self::Linked => "related senses",
            Self::SameKind => "the same kind of thing",
            Self::TwoSteps => "two kind-of steps apart",
            Self::Gloss => "one is used to define the other",
        }
    }
}

/// Related lemma pairs and irregular inflections, parsed once.
#[derive(Debug, Default)]
pub struct Related {
    /// Relation of each pair, keyed by [`pair_key`] of the lemmas in sorted order.
    pairs: AHashMap<u64, Relation>,
    /// Every lemma that appears in a pair.
    lemmas: AHashSet<String>,
    /// Irregular inflection -> base forms.
    exceptions: AHashMap<String, Vec<String>>,
    /// Single-word noun lemmas, whose regular plurals are words too.
    nouns: AHashSet<String>,
    /// Words of multiword lemmas ("vitro" of "in vitro").
    parts: AHashSet<String>,
}

/// How many of [`DETACH`]'s rules, from the first, are the noun rules.
const NOUN_RULES: usize = 8;

/// Morphy's detachment rules (nouns, verbs, adjectives merged): suffix and its replacement.
/// The first [`NOUN_RULES`] are the noun rules: a plural ending and its singular's.
const DETACH: [(&str, &str); 18] = [
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
    ("er", ""),
    ("est", ""),
    ("er", "e"),
    ("est", "e"),
];

/// True when a singular noun's regular plural adds a bare "s": not after a hissing sound
/// ("bus", "box", "church") nor after a consonant and "y" ("ability").
fn takes_plain_s(singular: &str) -> bool {
    let b = singular.as_bytes();
    let consonant_y = b.len() >= 2 && b[b.len() - 1] == b'y' && !b"aeiou".contains(&b[b.len() - 2]);
    let hissing = ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| singular.ends_with(e));
    !consonant_y && !hissing
}

fn sorted_key(a: &str, b: &str) -> u64 {
    if a <= b {
        pair_key(a, b)
    } else {
        pair_key(b, a)
    }
}

impl Related {
    /// Parses `word<TAB>class<TAB>w1|w2` relation lines and `inflected<TAB>base1|base2`
    /// exception lines; malformed lines are skipped.
    pub fn parse(related: &str, exceptions: &str) -> Self {
        let mut out = Related::default();
        // About six pairs a line; reserving avoids rehashing a large map.
        out.pairs.reserve(related.len() / 10);
        for line in data_lines(related) {
            let mut f = line.split('\t');
            let (Some(head), Some(code), Some(rest)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let Some(rel) = Relation::from_code(code) else {
                continue;
            };
            out.add_lemma(head);
            for w in rest.split('|').filter(|w| !w.is_empty() && *w != head) {
                out.add_lemma(w);
                let e = out.pairs.entry(sorted_key(head, w)).or_insert(rel);
                *e = (*e).min(rel);
            }
        }
        for line in data_lines(exceptions) {
            if let Some((word, bases)) = line.split_once('\t') {
                let list: Vec<String> = bases
                    .split('|')
                    .filter(|b| !b.is_empty())
                    .map(str::to_owned)
                    .collect();
                out.exceptions.insert(word.to_owned(), list);
            }
        }
        out
    }

    /// Records a lemma, allocating only the first time it is seen.
    /// These relations with the words of `wordnet-words.tsv` (`word<TAB>kinds` lines: `n`
    /// for a noun lemma, `p` for a word of a multiword lemma).
    pub fn with_words(mut self, words: &str) -> Self {
        for line in data_lines(words) {
            let Some((word, kinds)) = line.split_once('\t') else {
                continue;
            };
            if kinds.contains('n') {
                self.nouns.insert(word.to_owned());
            }
            if kinds.contains('p') {
                self.parts.insert(word.to_owned());
            }
        }
        self
    }

    /// True when a lower-cased word is WordNet's: a word of a multiword lemma, or a noun
    /// lemma or its regular plural ("quicks", the fast bowlers of cricket).
    pub fn knows(&self, word: &str) -> bool {
        self.parts.contains(word)
            || self.nouns.contains(word)
            || DETACH[..NOUN_RULES].iter().any(|&(suffix, rep)| {
                word.strip_suffix(suffix).is_some_and(|stem| {
                    let singular = format!("{stem}{rep}");
                    (suffix != "s" || takes_plain_s(&singular)) && self.nouns.contains(&singular)
                })
            })
    }

    fn add_lemma(&mut self, word: &str) {
        if !self.lemmas.contains(word) {
            self.lemmas.insert(word.to_owned());
        }
    }

    /// The WordNet relation between two lemmas, if any (never synonymy: see the synonym list).
    pub fn relation(&self, a: &str, b: &str) -> Option<Relation> {
        if a == b {
            return None;
        }
        self.pairs.get(&sorted_key(a, b)).copied()
    }

    /// True when the word is a lemma of some related pair.
    pub fn is_lemma(&self, word: &str) -> bool {
        self.lemmas.contains(word)
    }

    /// Morphy-style base forms of a lower-cased word: the word itself, its irregular bases,
    /// then the results of the detachment rules, keeping only forms `known` accepts (the word
    /// itself is always first, known or not).
    pub fn base_forms(&self, word: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
        let mut out = vec![word.to_owned()];
        let irregular = self.exceptions.get(word).into_iter().flatten().cloned();
        let regular = DETACH.iter().filter_map(|(suffix, rep)| {
            let stem = word.strip_suffix(suffix)?;
            (stem.len() >= 2).then(|| format!("{stem}{rep}"))
        });
        for form in irregular.chain(regular) {
            if !out.contains(&form) && known(&form) {
                out.push(form);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_relations_and_inflections() {
        let r = Related::parse(
            "# header\ncancer\th\tcarcinoma|tumor\neast\ta\twest\nbad line\n",
            "# header\nheld\thold\nmice\tmouse\n",
        );
        assert_eq!(r.relation("carcinoma", "cancer"), Some(Relation::KindOf));
        assert_eq!(r.relation("east", "west"), Some(Relation::Antonym));
        assert_eq!(r.relation("east", "tumor"), None);
        assert_eq!(r.relation("east", "east"), None);
        let known = |w: &str| r.is_lemma(w) || ["hold", "mouse", "caught"].contains(&w);
        assert_eq!(r.base_forms("held", known), ["held", "hold"]);
        assert_eq!(r.base_forms("cancers", known), ["cancers", "cancer"]);
        assert_eq!(r.base_forms("zzz", known), ["zzz"]);
    }

    #[test]
    fn knows_noun_plurals_and_words_of_multiword_lemmas() {
        let r = Related::default()
            .with_words("# header\nquick\tnp\nvitro\tp\nbox\tn\nfly\tn\nbus\tn\nfireman\tn\n");
        for w in [
            "quick", "quicks", "vitro", "boxes", "flies", "buses", "firemen",
        ] {
            assert!(r.knows(w), "{w}");
        }
        // Only nouns take plurals; an unlisted word is unknown.
        for w in ["vitros", "quickz", "boxs", "flys", "buss", "zzz"] {
            assert!(!r.knows(w), "{w}");
        }
    }
}
