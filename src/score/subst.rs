//! Classifies one substitution (source words → derived words) as spin, garble or paraphrase.

use super::lexicon::{edit_distance, Lexicon};

/// What a substitution looks like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubKind {
    /// The thesaurus links the pair; the entry is given, and whether the link is direct (not
    /// through a shared synonym).
    Spin {
        /// The lexicon entry, e.g. "international ↔ worldwide".
        entry: String,
        /// False when the two words are linked only through one shared synonym.
        direct: bool,
    },
    /// Spelled almost the same but a different word; why is given.
    Garble(String),
    /// Anything else: ordinary rewording.
    Paraphrase,
}

/// Candidate dictionary forms of an inflected word (the word itself first).
pub fn base_forms(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    let mut push = |s: String| {
        if s.len() >= 3 && !out.contains(&s) {
            out.push(s);
        }
    };
    if let Some(s) = word.strip_suffix("ies") {
        push(format!("{s}y"));
    }
    for suffix in ["s", "es", "ed", "d", "ing", "er", "est", "ly"] {
        if let Some(s) = word.strip_suffix(suffix) {
            push(s.to_owned());
            if matches!(suffix, "ing" | "ed" | "er" | "est") {
                push(format!("{s}e"));
            }
        }
    }
    out
}

/// True when the two words are inflections of one another (e.g. attack / attacks).
fn same_lemma(a: &str, b: &str) -> bool {
    let fa = base_forms(a);
    base_forms(b).iter().any(|f| fa.contains(f))
}

/// The synonym entry linking `a` and `b`, directly or through their base forms, or through
/// one shared synonym (two steps in the thesaurus).
fn synonym_entry(lex: &Lexicon, a: &str, b: &str) -> Option<String> {
    if lex.are_synonyms(a, b) {
        return Some(format!("{a} ↔ {b}"));
    }
    if a.contains(' ') || b.contains(' ') {
        return None;
    }
    let fb = base_forms(b);
    for x in base_forms(a) {
        for y in &fb {
            if x != *y && lex.are_synonyms(&x, y) {
                return Some(format!("{x} ↔ {y}"));
            }
        }
    }
    for x in base_forms(a) {
        for y in &fb {
            let (sx, sy) = (lex.synonyms(&x), lex.synonyms(y));
            if let Some(shared) = sx.iter().find(|s| sy.contains(s)) {
                return Some(format!("{x} ↔ {shared} ↔ {y}"));
            }
        }
    }
    None
}

/// Why two different single words look like a near-miss, if they do.
pub fn near_miss(lex: &Lexicon, a: &str, b: &str) -> Option<String> {
    if a == b {
        return None;
    }
    let strip = |w: &str| w.replace(['\'', '’'], "");
    if strip(a) == strip(b) {
        return Some(format!("“{b}” differs from “{a}” only by an apostrophe"));
    }
    let longest = a.chars().count().max(b.chars().count());
    if longest < 4 || same_lemma(a, b) {
        return None;
    }
    let d = edit_distance(a, b);
    if d <= 2 || (d <= 3 && d * 3 <= longest) {
        let what = if lex.is_word(b) {
            "a different word"
        } else {
            "not a word"
        };
        return Some(format!(
            "“{b}” is {d} letter edit(s) from “{a}” and is {what}"
        ));
    }
    None
}

fn is_article(w: &str) -> bool {
    matches!(w, "a" | "an" | "the")
}

/// Classifies source words `src` replaced by derived words `der` (both normalised).
pub fn classify(lex: &Lexicon, src: &[&str], der: &[&str]) -> SubKind {
    let (s, d) = (src.join(" "), der.join(" "));
    if s == d
        || s.is_empty()
        || d.is_empty()
        || (src.len() == 1 && der.len() == 1 && same_lemma(&s, &d))
    {
        return SubKind::Paraphrase;
    }
    if let Some(entry) = synonym_entry(lex, &s, &d) {
        let direct = entry.matches('↔').count() == 1;
        return SubKind::Spin { entry, direct };
    }
    if src.len() == der.len() && src.len() > 1 {
        let pairs: Vec<(&str, &str)> = src
            .iter()
            .zip(der)
            .filter(|(a, b)| a != b && !(is_article(a) && is_article(b)))
            .map(|(a, b)| (*a, *b))
            .collect();
        if pairs.len() == 1 {
            return classify(lex, &[pairs[0].0], &[pairs[0].1]);
        }
        let entries: Option<Vec<String>> = pairs
            .iter()
            .map(|(a, b)| synonym_entry(lex, a, b))
            .collect();
        if let Some(e) = entries {
            let direct = e.iter().all(|x| x.matches('↔').count() == 1);
            return SubKind::Spin {
                entry: e.join("; "),
                direct,
            };
        }
        return SubKind::Paraphrase;
    }
    if src.len() == 1 && der.len() == 1 && !lex.are_synonyms(&s, &d) {
        if let Some(why) = near_miss(lex, &s, &d) {
            return SubKind::Garble(why);
        }
    }
    SubKind::Paraphrase
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::lexicon::lexicon;

    #[test]
    fn tells_spin_garble_and_paraphrase_apart() {
        let lex = lexicon();
        assert!(matches!(
            classify(lex, &["international"], &["worldwide"]),
            SubKind::Spin { .. }
        ));
        assert!(matches!(
            classify(lex, &["russia"], &["russian", "federation"]),
            SubKind::Spin { .. }
        ));
        assert!(matches!(
            classify(lex, &["attacks"], &["assaults"]),
            SubKind::Spin { .. }
        ));
        assert!(matches!(
            classify(lex, &["retaliation"], &["relation"]),
            SubKind::Garble(_)
        ));
        assert!(matches!(
            classify(lex, &["were"], &["we're"]),
            SubKind::Garble(_)
        ));
        assert_eq!(
            classify(lex, &["attack"], &["attacks"]),
            SubKind::Paraphrase
        );
        assert_eq!(classify(lex, &["palace"], &["garden"]), SubKind::Paraphrase);
        assert!(matches!(
            classify(lex, &["international", "law"], &["global", "law"]),
            SubKind::Spin { .. }
        ));
    }
}
