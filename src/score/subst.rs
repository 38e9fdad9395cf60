//! Classifies one substitution (source words → derived words) as spin, garble or paraphrase.

use super::lexicon::{edit_distance, Lexicon, SYNONYM_SOURCE};
use roget::{roget, ROGET_SOURCE};

pub mod relate;
pub mod roget;

/// The evidence source of a multi-word swap linked partly by WordNet and partly by Roget.
pub const WORDNET_AND_ROGET: &str = "WordNet 3.0 (data/lexicon/synonyms-wordnet.tsv); \
     Roget's Thesaurus, 1911 edition (data/lexicon/thesaurus-roget.tsv)";

/// What a substitution looks like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubKind {
    /// The thesaurus links the pair; the entry is given, and whether the link is direct (not
    /// through a shared synonym, a weaker WordNet relation or a Roget paragraph).
    Spin {
        /// The lexicon entry, e.g. "international ↔ worldwide".
        entry: String,
        /// False when the two words are linked only through one shared synonym, by a
        /// WordNet relation other than synonymy (kind of, antonym, same kind...), or by one
        /// paragraph of Roget's Thesaurus.
        direct: bool,
        /// The thesaurus that links them, as named in flag evidence.
        source: &'static str,
    },
    /// No thesaurus link, but the two words' WordNet glosses are alike (see [`relate`]): the
    /// words, the similarity and the gloss words they share, e.g. "weather ~ lee: ...".
    Related(String),
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

/// Most [`base_forms`] a word can have: itself, one "ies" form, eight suffixes, four "e" forms.
const MAX_FORMS: usize = 14;

/// The forms [`base_forms`] gives for `word`, as (stem, ending) pairs, without allocating:
/// the word itself first, then every candidate of 3 bytes or more (duplicates kept).
fn base_form_parts(word: &str) -> ([(&str, &str); MAX_FORMS], usize) {
    let mut out = [("", ""); MAX_FORMS];
    out[0] = (word, "");
    let mut n = 1;
    let mut push = |stem, end: &'static str| {
        if stem_len(stem, end) >= 3 {
            out[n] = (stem, end);
            n += 1;
        }
    };
    if let Some(s) = word.strip_suffix("ies") {
        push(s, "y");
    }
    for suffix in ["s", "es", "ed", "d", "ing", "er", "est", "ly"] {
        if let Some(s) = word.strip_suffix(suffix) {
            push(s, "");
            if matches!(suffix, "ing" | "ed" | "er" | "est") {
                push(s, "e");
            }
        }
    }
    (out, n)
}

fn stem_len(stem: &str, end: &str) -> usize {
    stem.len() + end.len()
}

/// True when two (stem, ending) forms spell the same word.
fn same_form(x: (&str, &str), y: (&str, &str)) -> bool {
    stem_len(x.0, x.1) == stem_len(y.0, y.1)
        && x.0
            .bytes()
            .chain(x.1.bytes())
            .eq(y.0.bytes().chain(y.1.bytes()))
}

/// True when the two words are inflections of one another (e.g. attack / attacks).
fn same_lemma(a: &str, b: &str) -> bool {
    let (fa, na) = base_form_parts(a);
    let (fb, nb) = base_form_parts(b);
    fb[..nb]
        .iter()
        .any(|&y| fa[..na].iter().any(|&x| same_form(x, y)))
}

/// True when the two words are the same once apostrophes are left out.
fn same_but_apostrophes(a: &str, b: &str) -> bool {
    fn strip(w: &str) -> impl Iterator<Item = char> + '_ {
        w.chars().filter(|c| !matches!(c, '\'' | '’'))
    }
    strip(a).eq(strip(b))
}

/// A word's candidate base forms for lookups: the word, its WordNet base forms (irregular
/// forms and suffix rules, checked against the lexicon), then the crude [`base_forms`].
struct Forms {
    all: Vec<String>,
    /// How many of `all` are WordNet's (the word itself included).
    wordnet: usize,
}

impl Forms {
    fn new(lex: &Lexicon, word: &str) -> Self {
        let mut all = lex.lemmas(word);
        let wordnet = all.len();
        for f in base_forms(word) {
            if !all.contains(&f) {
                all.push(f);
            }
        }
        Forms { all, wordnet }
    }

    /// The forms of both words, or None when either is a phrase.
    fn pair(lex: &Lexicon, a: &str, b: &str) -> Option<(Self, Self)> {
        (!a.contains(' ') && !b.contains(' ')).then(|| (Forms::new(lex, a), Forms::new(lex, b)))
    }

    fn wordnet(&self) -> &[String] {
        &self.all[..self.wordnet]
    }
}

/// The synonym entry linking `a` and `b` directly or through their base forms.
fn strong_entry(lex: &Lexicon, a: &str, b: &str, forms: Option<&(Forms, Forms)>) -> Option<String> {
    if lex.are_synonyms(a, b) {
        return Some(format!("{a} ↔ {b}"));
    }
    let (fa, fb) = forms?;
    for x in &fa.all {
        for y in &fb.all {
            if x != y && lex.are_synonyms(x, y) {
                return Some(format!("{x} ↔ {y}"));
            }
        }
    }
    None
}

/// A weaker link between two single words: one shared synonym (two steps in the thesaurus),
/// or a WordNet relation other than synonymy between their WordNet base forms. None for the
/// ~200 most frequent words: they have so many senses that a weak link says nothing.
fn weak_entry(lex: &Lexicon, a: &str, b: &str, (fa, fb): &(Forms, Forms)) -> Option<String> {
    if lex.is_very_common(a) || lex.is_very_common(b) {
        return None;
    }
    for x in &fa.all {
        for y in &fb.all {
            let (sx, sy) = (lex.synonyms(x), lex.synonyms(y));
            if let Some(shared) = sx.iter().find(|s| sy.contains(s)) {
                return Some(format!("{x} ↔ {shared} ↔ {y}"));
            }
        }
    }
    let best = fa
        .wordnet()
        .iter()
        .flat_map(|x| fb.wordnet().iter().map(move |y| (x, y)))
        .filter_map(|(x, y)| Some((lex.relation(x, y)?, x, y)))
        .min_by_key(|r| r.0)?;
    Some(format!(
        "{} ~ {}: {} in WordNet",
        best.1,
        best.2,
        best.0.label()
    ))
}

/// A paragraph of Roget's Thesaurus that holds both `a` and `b` (phrases looked up as they
/// are, single words also through their base forms). None for the ~200 most frequent words,
/// as for [`weak_entry`].
fn roget_entry(lex: &Lexicon, a: &str, b: &str, forms: Option<&(Forms, Forms)>) -> Option<String> {
    if lex.is_very_common(a) || lex.is_very_common(b) {
        return None;
    }
    let r = roget();
    let (x, y, category) = r.shared_category(a, b).map(|c| (a, b, c)).or_else(|| {
        let (fa, fb) = forms?;
        fa.all.iter().find_map(|x| {
            fb.all
                .iter()
                .filter(|y| *y != x)
                .find_map(|y| Some((x.as_str(), y.as_str(), r.shared_category(x, y)?)))
        })
    })?;
    Some(format!("{x} ~ {y}: one paragraph of Roget's §{category}"))
}

/// The strong entry linking `a` and `b`, else a weak WordNet one, else a Roget paragraph: the
/// entry, whether it is direct, and its source.
fn synonym_entry(lex: &Lexicon, a: &str, b: &str) -> Option<(String, bool, &'static str)> {
    let forms = Forms::pair(lex, a, b);
    strong_entry(lex, a, b, forms.as_ref())
        .map(|e| (e, true, SYNONYM_SOURCE))
        .or_else(|| {
            forms
                .as_ref()
                .and_then(|f| weak_entry(lex, a, b, f))
                .map(|e| (e, false, SYNONYM_SOURCE))
        })
        .or_else(|| roget_entry(lex, a, b, forms.as_ref()).map(|e| (e, false, ROGET_SOURCE)))
}

/// Why two different single words look like a near-miss, if they do.
pub fn near_miss(lex: &Lexicon, a: &str, b: &str) -> Option<String> {
    if a == b {
        return None;
    }
    if same_but_apostrophes(a, b) {
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

/// True when `b` is `a` with one typo: an apostrophe added or dropped, one letter edit, or
/// two neighbouring letters swapped.
fn one_typo(a: &str, b: &str) -> bool {
    if same_but_apostrophes(a, b) || edit_distance(a, b) <= 1 {
        return true;
    }
    if a.chars().count() != b.chars().count() {
        return false;
    }
    // The positions where the words differ: exactly two neighbours holding swapped letters.
    let mut diff = [('\0', '\0', 0usize); 2];
    let mut n = 0;
    for (i, (x, y)) in a.chars().zip(b.chars()).enumerate() {
        if x != y {
            if n == 2 {
                return false;
            }
            diff[n] = (x, y, i);
            n += 1;
        }
    }
    let [(x0, y0, i), (x1, y1, j)] = diff;
    n == 2 && j == i + 1 && x0 == y1 && x1 == y0
}

/// The value of a figure written in digits ("15", "1,500", "3.5"); None for anything else.
fn figure(word: &str) -> Option<f64> {
    let numeric = word.bytes().any(|b| b.is_ascii_digit())
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.');
    numeric
        .then(|| word.replace(',', "").parse().ok())
        .flatten()
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
    // A one-typo spelling explains a substitution better than a thesaurus link (a spinner's
    // synonym is seldom one letter away: dear / near); a weak link explains it better than a
    // farther spelling (east / west, five / nine).
    let single = src.len() == 1 && der.len() == 1;
    // A figure changed inside a copied passage is a changed fact, whatever the thesaurus says
    // (WordNet links "15" and "50" through "cardinal").
    if let (true, Some(x), Some(y)) = (single, figure(&s), figure(&d)) {
        return if x == y {
            SubKind::Paraphrase
        } else {
            SubKind::Garble(format!("the copy gives “{d}”, a different figure"))
        };
    }
    let garble = single.then(|| near_miss(lex, &s, &d)).flatten();
    if let Some(why) = garble.as_ref().filter(|_| one_typo(&s, &d)) {
        return SubKind::Garble(why.clone());
    }
    if let Some((entry, direct, source)) = synonym_entry(lex, &s, &d) {
        return SubKind::Spin {
            entry,
            direct,
            source,
        };
    }
    if let Some(why) = garble {
        return SubKind::Garble(why);
    }
    if single {
        if let Some(link) = relate::gloss_link(lex, &s, &d) {
            return SubKind::Related(format!(
                "{s} ~ {d}: gloss-vector similarity {:.2}, shared gloss words {}",
                link.score,
                link.shared.join(", ")
            ));
        }
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
        let entries: Option<Vec<(String, bool, &'static str)>> = pairs
            .iter()
            .map(|(a, b)| synonym_entry(lex, a, b))
            .collect();
        if let Some(e) = entries {
            let direct = e.iter().all(|x| x.1);
            let source = if e.iter().all(|x| x.2 == e[0].2) {
                e[0].2
            } else {
                WORDNET_AND_ROGET
            };
            let entry: Vec<String> = e.into_iter().map(|x| x.0).collect();
            return SubKind::Spin {
                entry: entry.join("; "),
                direct,
                source,
            };
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

    #[test]
    fn weaker_wordnet_links_are_indirect_spin_and_typos_stay_garbles() {
        let lex = lexicon();
        // Irregular inflections reach the synonym list through WordNet's exception lists.
        assert!(matches!(
            classify(lex, &["held"], &["kept"]),
            SubKind::Spin { direct: true, .. }
        ));
        for (a, b) in [
            ("cancers", "carcinomas"),
            ("east", "west"),
            ("radio", "television"),
        ] {
            assert!(
                matches!(
                    classify(lex, &[a], &[b]),
                    SubKind::Spin { direct: false, .. }
                ),
                "{a} / {b}: {:?}",
                classify(lex, &[a], &[b])
            );
        }
        assert!(matches!(
            classify(lex, &["form"], &["from"]),
            SubKind::Garble(_)
        ));
        assert_eq!(
            classify(lex, &["budget"], &["umbrella"]),
            SubKind::Paraphrase
        );
        // Very common words have too many senses for a weak link to mean anything.
        assert_eq!(classify(lex, &["have"], &["persuade"]), SubKind::Paraphrase);
        // A synonym one letter away is more likely a typo.
        assert!(matches!(
            classify(lex, &["near"], &["dear"]),
            SubKind::Garble(_)
        ));
    }

    /// The allocating definitions the fast ones replace.
    fn same_lemma_ref(a: &str, b: &str) -> bool {
        let fa = base_forms(a);
        base_forms(b).iter().any(|f| fa.contains(f))
    }

    fn one_typo_ref(a: &str, b: &str) -> bool {
        let strip = |w: &str| w.replace(['\'', '’'], "");
        if strip(a) == strip(b) || edit_distance(a, b) <= 1 {
            return true;
        }
        let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        if x.len() != y.len() {
            return false;
        }
        let diff: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
        matches!(diff[..], [i, j] if j == i + 1 && x[i] == y[j] && x[j] == y[i])
    }

    proptest::proptest! {
        #[test]
        fn fast_word_tests_agree_with_the_allocating_ones(
            a in "[a-eisy’']{0,9}(ies|ing|ed|er|est|es|s|ly|d)?",
            b in "[a-eisy’']{0,9}(ies|ing|ed|er|est|es|s|ly|d|e|y)?",
        ) {
            proptest::prop_assert_eq!(same_lemma(&a, &b), same_lemma_ref(&a, &b));
            proptest::prop_assert_eq!(one_typo(&a, &b), one_typo_ref(&a, &b));
            let r: String = a.chars().rev().collect();
            proptest::prop_assert_eq!(one_typo(&a, &r), one_typo_ref(&a, &r));
        }
    }

    /// A WordNet synonym pair is still spin from WordNet, and an unrelated pair paraphrase,
    /// whatever weaker tiers are tried after them.
    fn assert_wordnet_first_and_unrelated_last(lex: &Lexicon) {
        assert!(matches!(
            classify(lex, &["international"], &["worldwide"]),
            SubKind::Spin { direct: true, source, .. } if source == SYNONYM_SOURCE
        ));
        assert_eq!(
            classify(lex, &["budget"], &["umbrella"]),
            SubKind::Paraphrase
        );
    }

    #[test]
    fn gloss_relatives_are_related_not_spin_and_come_after_garbles() {
        let lex = lexicon();
        for (a, b) in [("strategic", "tactical"), ("opposition", "disagreement")] {
            match classify(lex, &[a], &[b]) {
                SubKind::Related(entry) => {
                    assert!(entry.starts_with(&format!("{a} ~ {b}: ")), "{entry}");
                    assert!(entry.contains("shared gloss words"), "{entry}");
                }
                other => panic!("{a} / {b}: {other:?}"),
            }
        }
        // A thesaurus link still wins, and so does a one-letter garble.
        assert_wordnet_first_and_unrelated_last(lex);
        assert!(matches!(
            classify(lex, &["retaliation"], &["relation"]),
            SubKind::Garble(_)
        ));
    }

    #[test]
    fn roget_links_loose_synonyms_wordnet_misses_as_indirect_spin() {
        let lex = lexicon();
        for (a, b) in [("community", "fellowship"), ("remain", "dwell")] {
            match classify(lex, &[a], &[b]) {
                SubKind::Spin {
                    entry,
                    direct: false,
                    source,
                } => {
                    assert_eq!(source, ROGET_SOURCE, "{a} / {b}: {entry}");
                    assert!(entry.contains("Roget's §"), "{entry}");
                }
                other => panic!("{a} / {b}: {other:?}"),
            }
        }
        // WordNet still explains what it can, and unrelated words stay paraphrase.
        assert_wordnet_first_and_unrelated_last(lex);
        assert_eq!(
            WORDNET_AND_ROGET,
            format!("{SYNONYM_SOURCE}; {ROGET_SOURCE}")
        );
    }

    #[test]
    fn changed_figures_are_garbles_and_rewritten_ones_are_not() {
        let lex = lexicon();
        for (a, b) in [
            ("15", "50"),
            ("2017", "2018"),
            ("3.5", "35"),
            ("1,200", "12,000"),
        ] {
            match classify(lex, &[a], &[b]) {
                SubKind::Garble(why) => assert!(why.contains(b), "{why}"),
                other => panic!("{a} / {b}: {other:?}"),
            }
        }
        assert_eq!(classify(lex, &["1,500"], &["1500"]), SubKind::Paraphrase);
        assert_eq!(figure("3.5.1"), None);
        assert_eq!(figure("a1"), None);
        assert_eq!(figure(",."), None);
    }

    #[test]
    fn one_typo_counts_swaps_and_apostrophes() {
        assert!(same_lemma("attacks", "attacked") && same_lemma("cities", "city"));
        assert!(!same_lemma("attack", "defend"));
        assert!(one_typo("form", "from") && one_typo("were", "we're") && one_typo("cat", "cut"));
        assert!(!one_typo("east", "west") && !one_typo("five", "nine"));
    }
}
