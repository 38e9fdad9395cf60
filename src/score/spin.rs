//! Spinner tells found without any source: formal names in prose, broken article agreement,
//! and collocations that are rare where a synonym's form is common.

use super::lexicon::{Lexicon, COUNTS_SOURCE, FORMAL_SOURCE, SYNONYM_SOURCE};
use super::view::{alphabetic, View};
use super::{Evidence, Flag, FlagKind, Severity};

/// Common names rarer than this in the reference counts are not expected in prose.
const COMMON_NAME_MIN_COUNT: u64 = 1_000_000;
/// A usual form counted at least this often makes an unlisted variant "rare".
const USUAL_BIGRAM_MIN_COUNT: u64 = super::lexicon::FREQUENT_BIGRAM;
/// Synonyms tried per word (most frequent senses first).
const SYNONYMS_TRIED: usize = 8;

/// All source-free spin flags of one article.
pub fn flags(lex: &Lexicon, view: &View) -> Vec<Flag> {
    let mut out = formal_names(lex, view);
    out.extend(article_agreement(lex, view));
    out.extend(rare_collocations(lex, view, &out));
    out
}

/// Formal country names in plain prose (outside quotes) where prose uses the common name.
pub fn formal_names(lex: &Lexicon, view: &View) -> Vec<Flag> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < view.words.len() {
        if !view.starts_formal_name(i) {
            i += 1;
            continue;
        }
        let (names, words) = lex.formal_starting_words(&view.words[i]);
        let hit = names.iter().zip(words).find(|(f, words)| {
            matches_at(view, i, words)
                && (f.common.contains(' ')
                    || lex.unigram(&f.common.to_lowercase()) >= COMMON_NAME_MIN_COUNT)
        });
        let Some((f, words)) = hit else {
            i += 1;
            continue;
        };
        let n = words.len();
        let bytes = view.bytes(i..i + n);
        if !view.in_quote(bytes.start) {
            let reason = format!(
                "“{}” is the formal name of {}; news prose uses the common name, so a synonym swap is likely.",
                f.formal, f.common
            );
            let evidence = Evidence {
                text: format!("{} → {} ({})", f.formal, f.common, f.source),
                lexicon: Some(FORMAL_SOURCE.to_owned()),
                ..Evidence::default()
            };
            out.push(view.flag(FlagKind::Spin, bytes, reason, evidence, Severity::Medium));
        }
        i += n;
    }
    out
}

/// True when the words of a phrase (`words`, as [`crate::text::for_each_word`] splits it)
/// start at token `i`, with the same capitalisation.
fn matches_at(view: &View, i: usize, words: &[String]) -> bool {
    !words.is_empty()
        && i + words.len() <= view.doc.tokens.len()
        && words.iter().enumerate().all(|(n, w)| view.raw(i + n) == w)
}

/// True when `word` (lower case, as written) is pronounced with a leading vowel sound.
pub fn vowel_sound(raw: &str) -> bool {
    let w = raw.to_lowercase();
    let acronym = raw.len() > 1 && raw.chars().all(|c| c.is_ascii_uppercase());
    if acronym {
        return raw.starts_with(['A', 'E', 'F', 'H', 'I', 'L', 'M', 'N', 'O', 'R', 'S', 'X']);
    }
    const SILENT_H: [&str; 5] = ["hour", "honest", "honou", "heir", "histor"];
    const YOU: [&str; 17] = [
        "univ", "unio", "unit", "uniq", "unif", "unil", "unis", "unic", "use", "usu", "uti", "ura",
        "ure", "uro", "eu", "ewe", "ubiq",
    ];
    if SILENT_H.iter().any(|p| w.starts_with(p)) {
        return true;
    }
    if YOU.iter().any(|p| w.starts_with(p)) || w.starts_with("one") || w.starts_with("once") {
        return false;
    }
    w.starts_with(['a', 'e', 'i', 'o', 'u'])
}

/// "an" before a consonant sound: the trace of a swapped word behind the article.
pub fn article_agreement(lex: &Lexicon, view: &View) -> Vec<Flag> {
    let mut out = Vec::new();
    for i in 0..view.words.len().saturating_sub(1) {
        if &view.words[i] != "an" || !view.adjacent(i) {
            continue;
        }
        let next = view.raw(i + 1);
        if !alphabetic(next) || vowel_sound(next) || next.chars().all(|c| c.is_uppercase()) {
            continue;
        }
        let word = &view.words[i + 1];
        let fitting = lex
            .synonyms(word)
            .iter()
            .take(SYNONYMS_TRIED * 2)
            .find(|s| vowel_sound(s) && lex.bigram("an", s.split(' ').next().unwrap_or(s)) > 0);
        let (reason, evidence, severity) = match fitting {
            Some(s) => (
                format!("“an” before the consonant sound of “{next}”, whose synonym “{s}” would fit: the word was likely swapped after the article was written."),
                Evidence {
                    text: format!("{word} ↔ {s}"),
                    lexicon: Some(SYNONYM_SOURCE.to_owned()),
                    ..Evidence::default()
                },
                Severity::Medium,
            ),
            None => (
                format!("“an” before the consonant sound of “{next}”: broken article agreement, often left by a word swap."),
                Evidence { text: "a/an agreement rule".to_owned(), ..Evidence::default() },
                Severity::Low,
            ),
        };
        out.push(view.flag(
            FlagKind::Spin,
            view.bytes(i..i + 2),
            reason,
            evidence,
            severity,
        ));
    }
    out
}

/// Two-word phrases absent from the reference counts whose synonym form is common there.
pub fn rare_collocations(lex: &Lexicon, view: &View, already: &[Flag]) -> Vec<Flag> {
    let mut out = Vec::new();
    for i in 0..view.words.len().saturating_sub(1) {
        // Cheapest tests first; the strong swaps (looked up only for the pairs left) can make
        // a frequent phrase, and a pair with none on either side is skipped.
        if !view.has_swaps_before(i) && !view.has_swaps_after(i + 1)
            || lex.is_very_common_count(view.counts[i])
            || lex.is_very_common_count(view.counts[i + 1])
        {
            continue;
        }
        let (a, b) = (&view.words[i], &view.words[i + 1]);
        if !alphabetic(a)
            || !alphabetic(b)
            || view.capitalised(i + 1)
            || (view.capitalised(i) && !view.sentence_initial(i))
            || !view.adjacent(i)
        {
            continue;
        }
        // Only the words the view knows to have swaps are looked up.
        let a_swaps: &[String] = if view.has_swaps_before(i) {
            lex.swaps_before(a)
        } else {
            &[]
        };
        let b_swaps: &[String] = if view.has_swaps_after(i + 1) {
            lex.swaps_after(b)
        } else {
            &[]
        };
        if a_swaps.is_empty() && b_swaps.is_empty() || lex.bigram(a, b) > 0 {
            continue;
        }
        let bytes = view.bytes(i..i + 2);
        if already
            .iter()
            .any(|f| f.start < bytes.end && bytes.start < f.end)
        {
            continue;
        }
        let Some((usual, count)) = usual_form(lex, (a, a_swaps), (b, b_swaps)) else {
            continue;
        };
        let reason = format!(
            "“{a} {b}” is rare where the synonym form “{usual}” is common: a likely thesaurus swap."
        );
        let evidence = Evidence {
            text: format!("“{usual}” counted {count} times; “{a} {b}” not listed"),
            lexicon: Some(format!("{SYNONYM_SOURCE}; {COUNTS_SOURCE}")),
            ..Evidence::default()
        };
        out.push(view.flag(FlagKind::Spin, bytes, reason, evidence, Severity::Medium));
    }
    out
}

/// The most common synonym form of "a b" (one word swapped), when it is common enough.
/// `a` comes with its [`Lexicon::swaps_before`] and `b` with its [`Lexicon::swaps_after`]: the
/// only synonyms that can make a frequent phrase with the other word.
fn usual_form(
    lex: &Lexicon,
    (a, a_swaps): (&str, &[String]),
    (b, b_swaps): (&str, &[String]),
) -> Option<(String, u64)> {
    // Only frequent phrases can pass, so only they are looked up.
    let first = a_swaps.iter().map(|s| (s, true, lex.frequent_bigram(s, b)));
    let second = b_swaps
        .iter()
        .map(|s| (s, false, lex.frequent_bigram(a, s)));
    let (s, swapped_first, count) = first
        .chain(second)
        .filter(|(_, _, c)| *c >= USUAL_BIGRAM_MIN_COUNT)
        .max_by_key(|(_, _, c)| *c)?;
    let phrase = if swapped_first {
        format!("{s} {b}")
    } else {
        format!("{a} {s}")
    };
    Some((phrase, count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, Meta};
    use crate::score::lexicon::lexicon;
    use crate::text::Doc;

    fn run(text: &str) -> Vec<Flag> {
        let a = Article::new("x", "x", Some("Head"), text.into(), Meta::default());
        let d = Doc::new(&a.text);
        flags(lexicon(), &View::new(&a, &d))
    }

    #[test]
    fn finds_formal_names_agreement_and_rare_collocations() {
        let f = run("Officials of the Islamic Republic of Iran met. It was an worldwide effort. The strike broke global law.");
        let texts: Vec<&str> = f.iter().map(|f| f.text.as_str()).collect();
        assert!(texts.contains(&"Islamic Republic of Iran"), "{f:#?}");
        assert!(texts.contains(&"an worldwide"), "{f:#?}");
        assert!(texts.contains(&"global law"), "{f:#?}");
    }

    #[test]
    fn plain_prose_is_quiet() {
        let f = run("Iran said an hour later that an international effort and a united front would follow under international law.");
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn vowel_sounds() {
        assert!(vowel_sound("hour") && vowel_sound("FBI") && vowel_sound("apple"));
        assert!(!vowel_sound("university") && !vowel_sound("worldwide") && !vowel_sound("one"));
    }
}
