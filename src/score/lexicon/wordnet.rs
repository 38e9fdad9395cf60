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
}

/// Morphy's detachment rules (nouns, verbs, adjectives merged): suffix and its replacement.
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
}
