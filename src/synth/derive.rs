//! Derived articles: light edits, synonym substitution and partial copies of a source.

use crate::sketch::SplitMix64;
use ahash::AHashMap;
use serde::Serialize;

/// How a derived article was made from its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// About 5% of words substituted, deleted or inserted.
    Light,
    /// About 25% of words replaced by a synonym.
    Heavy,
    /// A contiguous 40% of the source inside new text.
    Partial,
}

impl Kind {
    /// The name written to `truth.tsv`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Light => "light",
            Kind::Heavy => "heavy",
            Kind::Partial => "partial",
        }
    }
}

/// Share of words edited by [`Kind::Light`].
pub const LIGHT_RATE: f64 = 0.05;
/// Share of words replaced by [`Kind::Heavy`].
pub const HEAVY_RATE: f64 = 0.25;
/// Share of the source copied by [`Kind::Partial`].
pub const PARTIAL_SHARE: f64 = 0.4;

/// A synonym lexicon: lower-case headword → synonyms, best first.
#[derive(Debug, Default)]
pub struct Synonyms {
    map: AHashMap<String, Vec<String>>,
}

impl Synonyms {
    /// Parses `headword<TAB>syn|syn|...` lines; `#` lines are comments.
    pub fn parse(text: &str) -> Synonyms {
        let map = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(h, s)| {
                let syns = s
                    .split('|')
                    .filter(|x| !x.is_empty())
                    .map(str::to_owned)
                    .collect();
                (h.to_lowercase(), syns)
            })
            .filter(|(_, s): &(String, Vec<String>)| !s.is_empty())
            .collect();
        Synonyms { map }
    }

    /// Headwords known.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no headword is known.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    fn get(&self, word: &str) -> Option<&[String]> {
        self.map.get(&word.to_lowercase()).map(Vec::as_slice)
    }
}

/// `source` with ~5% of its words substituted by `vocab` words, deleted, or followed by one.
pub fn light(source: &[String], vocab: &[String], rng: &mut SplitMix64) -> Vec<String> {
    let mut out = Vec::with_capacity(source.len() + 8);
    for w in source {
        if vocab.is_empty() || rng.unit() >= LIGHT_RATE {
            out.push(w.clone());
            continue;
        }
        match rng.below(3) {
            0 => out.push(vocab[rng.below(vocab.len())].clone()),
            1 => {}
            _ => {
                out.push(w.clone());
                out.push(vocab[rng.below(vocab.len())].clone());
            }
        }
    }
    out
}

/// `source` with up to 25% of its words (those the lexicon knows) replaced by a synonym,
/// keeping leading capitals and surrounding punctuation.
pub fn heavy(source: &[String], synonyms: &Synonyms, rng: &mut SplitMix64) -> Vec<String> {
    let mut out: Vec<String> = source.to_vec();
    let mut known: Vec<usize> = (0..source.len())
        .filter(|&i| synonyms.get(core(&source[i]).1).is_some())
        .collect();
    // Fisher-Yates, then replace the first quarter of all words (or every known one).
    for i in (1..known.len()).rev() {
        known.swap(i, rng.below(i + 1));
    }
    let want = (source.len() as f64 * HEAVY_RATE).round() as usize;
    for &i in known.iter().take(want) {
        let (pre, word, post) = core(&source[i]);
        let Some(syns) = synonyms.get(word) else {
            continue;
        };
        let mut syn = syns[rng.below(syns.len())].clone();
        if word.starts_with(char::is_uppercase) {
            let mut c = syn.chars();
            syn = c
                .next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
        }
        out[i] = format!("{pre}{syn}{post}");
    }
    out
}

/// Fresh lead sentences, then a contiguous 40% of `source`.
pub fn partial(source: &[String], fresh: Vec<String>, rng: &mut SplitMix64) -> Vec<String> {
    let take =
        ((source.len() as f64 * PARTIAL_SHARE).round() as usize).clamp(1, source.len().max(1));
    let start = rng.below(source.len().saturating_sub(take) + 1);
    let mut out = fresh;
    out.extend(source.iter().skip(start).take(take).cloned());
    out
}

/// Splits a white-space word into leading punctuation, the word, trailing punctuation.
fn core(w: &str) -> (&str, &str, &str) {
    let start = w.find(char::is_alphanumeric).unwrap_or(w.len());
    let end = w.rfind(char::is_alphanumeric).map_or(start, |i| {
        i + w[i..].chars().next().map_or(1, char::len_utf8)
    });
    (&w[..start], &w[start..end.max(start)], &w[end.max(start)..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn light_edits_about_five_percent() {
        let src: Vec<String> = (0..4000).map(|i| format!("w{i}")).collect();
        let out = light(&src, &words("x y z"), &mut SplitMix64::new(1));
        let kept = out.iter().filter(|w| w.starts_with('w')).count();
        let changed = 1.0 - kept as f64 / src.len() as f64;
        assert!((0.02..0.06).contains(&changed), "{changed}");
    }

    #[test]
    fn heavy_replaces_with_synonyms_keeping_form() {
        let syn = Synonyms::parse("# comment\nbig\tlarge|huge\nsaid\tstated\n");
        assert_eq!(syn.len(), 2);
        let src = words("The Big dog said, \"big\" things.");
        let out = heavy(&src, &syn, &mut SplitMix64::new(2));
        assert_eq!(out.len(), src.len());
        let changed: Vec<&String> = out
            .iter()
            .zip(&src)
            .filter(|(a, b)| a != b)
            .map(|p| p.0)
            .collect();
        assert_eq!(changed.len(), 2); // 25% of 7 words, rounded
        for w in changed {
            assert!(
                ["Large", "Huge", "stated,", "\"large\"", "\"huge\""].contains(&w.as_str()),
                "{w}"
            );
        }
    }

    #[test]
    fn partial_copies_a_contiguous_share() {
        let src: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        let out = partial(&src, words("new lead ."), &mut SplitMix64::new(3));
        assert_eq!(out.len(), 43);
        let copied: Vec<usize> = out[3..]
            .iter()
            .map(|w| w[1..].parse().expect("copied word"))
            .collect();
        assert!(copied.windows(2).all(|w| w[1] == w[0] + 1));
    }
}
