//! Garbles found without any source: non-words, contractions standing for a word spelled the
//! same without the apostrophe, and a headline phrase the body spells another way.

use super::lexicon::{Lexicon, COUNTS_SOURCE, WORDNET_WORDS_SOURCE, WORDS_SOURCE};
use super::subst::near_miss;
use super::view::{alphabetic, Sketch, View};
use super::{Evidence, Flag, FlagKind, Severity};
use ahash::AHashMap;

/// Pronouns that start contractions ("we're", "it's", "you're"...).
const PRONOUNS: [&str; 10] = [
    "we", "they", "you", "it", "he", "she", "who", "i", "there", "that",
];

/// A near word must be counted this often for a non-word to be taken as its misspelling.
const NEAR_WORD_MIN_COUNT: u64 = 1_000_000;

/// English derivational prefixes that make new words from listed ones ("undocked",
/// "reopened", "nonstop"): a prefix and a listed word is a word the list lacks, not a typo.
const PREFIXES: [&str; 12] = [
    "un", "re", "non", "pre", "mis", "dis", "over", "under", "out", "sub", "anti", "counter",
];

/// Each half of a closed compound ("gasfield", "floodwaters") must be counted this often.
const COMPOUND_PART_MIN_COUNT: u64 = 10_000_000;

/// Shortest half of a closed compound, in bytes.
const COMPOUND_PART_MIN_BYTES: usize = 3;

/// All source-free garble flags of one article. `corpus_df` gives, for a token hash, the
/// number of articles of the corpus holding it (a word several articles use is no typo).
pub fn flags(lex: &Lexicon, view: &View, corpus_df: &AHashMap<u64, u32>) -> Vec<Flag> {
    let mut out = non_words(lex, view, corpus_df);
    out.extend(contractions(lex, view));
    out.extend(headline_body(lex, view));
    out
}

/// Longest word checked for a one-letter repair.
const MAX_CHECKED_WORD_BYTES: usize = 32;

/// True when a word missing from the lists is made by English word formation from listed
/// words: a [`PREFIXES`] prefix before a listed word, or a closed compound of two common words
/// (each counted at least [`COMPOUND_PART_MIN_COUNT`] times).
fn is_formed_word(lex: &Lexicon, w: &str) -> bool {
    let prefixed = PREFIXES.iter().any(|p| {
        w.strip_prefix(p)
            .is_some_and(|rest| rest.len() >= 4 && lex.is_word(rest))
    });
    let common = |part: &str| {
        part.len() >= COMPOUND_PART_MIN_BYTES && lex.unigram(part) >= COMPOUND_PART_MIN_COUNT
    };
    prefixed
        || (COMPOUND_PART_MIN_BYTES..w.len())
            .filter(|&at| w.is_char_boundary(at))
            .any(|at| common(&w[..at]) && common(&w[at..]))
}

/// Lower-case words in no word list that are one edit from a listed word.
pub fn non_words(lex: &Lexicon, view: &View, corpus_df: &AHashMap<u64, u32>) -> Vec<Flag> {
    let mut out = Vec::new();
    for (i, w) in view.words.iter().enumerate() {
        // Repairs are searched among all one-edit variants, quadratic in the word's length;
        // no English word is this long, so a longer token is a URL, a hash or junk.
        let checkable = (4..=MAX_CHECKED_WORD_BYTES).contains(&w.len());
        if !checkable || !w.bytes().all(|c| c.is_ascii_lowercase()) || view.capitalised(i) {
            continue;
        }
        // The word's own count first: the corpus-wide map is large and misses the cache.
        if view.counts[i] > 0
            || lex.is_word(w)
            || corpus_df
                .get(&view.doc.tokens[i].hash)
                .copied()
                .unwrap_or(0)
                > 1
            || is_formed_word(lex, w)
            || lex.in_wordnet(w)
        {
            continue;
        }
        let Some((near, count)) = lex.nearest_word(w).filter(|n| n.1 >= NEAR_WORD_MIN_COUNT) else {
            continue;
        };
        let reason = format!("“{w}” is not an English word; “{near}” is one letter away.");
        let evidence = Evidence {
            text: format!("“{w}” absent from the word lists; “{near}” counted {count} times"),
            lexicon: Some(format!(
                "{WORDS_SOURCE}; {WORDNET_WORDS_SOURCE}; {COUNTS_SOURCE}"
            )),
            ..Evidence::default()
        };
        out.push(view.flag(
            FlagKind::Garble,
            view.bytes(i..i + 1),
            reason,
            evidence,
            Severity::Medium,
        ));
    }
    out
}

/// Contractions such as "we're" where the grammar wants the word without the apostrophe.
pub fn contractions(lex: &Lexicon, view: &View) -> Vec<Flag> {
    let mut out = Vec::new();
    for (i, w) in view.words.iter().enumerate().skip(1) {
        // Only the part before the first apostrophe can be a pronoun, and no pronoun is longer
        // than five letters: a word with no apostrophe in its first six bytes is not looked at.
        let Some(at) = w.bytes().take(6).position(|b| b == b'\'') else {
            continue;
        };
        let left = &w[..at];
        if !PRONOUNS.contains(&left) {
            continue;
        }
        let plain = w.replace('\'', "");
        if !lex.in_word_list(&plain) || !view.adjacent(i - 1) {
            continue;
        }
        let prev = &view.words[i - 1];
        let proper_noun_before =
            view.capitalised(i - 1) && !view.sentence_initial(i - 1) && !lex.is_function_word(prev);
        let as_word = lex.bigram(prev, &plain);
        let as_pronoun = lex.bigram(prev, left);
        if !(proper_noun_before || as_word > 10 * as_pronoun.max(1)) {
            continue;
        }
        let reason = format!(
            "“{}” after “{}” reads as the word “{plain}”: an apostrophe garble.",
            view.raw(i),
            view.raw(i - 1)
        );
        let evidence = Evidence {
            text: format!(
                "“{prev} {plain}” counted {as_word}; “{prev} {left}” counted {as_pronoun}"
            ),
            lexicon: Some(COUNTS_SOURCE.to_owned()),
            ..Evidence::default()
        };
        out.push(view.flag(
            FlagKind::Garble,
            view.bytes(i..i + 1),
            reason,
            evidence,
            Severity::Medium,
        ));
    }
    out
}

/// False when [`near_miss`] surely finds nothing for `a` and `b` (cheaper than asking it).
///
/// `near_miss` answers only for words equal but for apostrophes, or at most three letter edits
/// apart (three only when the longer word has nine letters or more). A letter that `a` has
/// more often than `b` needs an edit, and each edit mends at most one such surplus letter of
/// each word, so the larger surplus is a lower bound on the edits (checked for ASCII words).
fn may_be_near_miss(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    if !a.is_ascii() || !b.is_ascii() || a.contains('\'') || b.contains('\'') {
        return true;
    }
    let longest = a.len().max(b.len());
    if longest < 4 {
        return false;
    }
    let mut surplus = [0i32; 128];
    for c in a.bytes() {
        surplus[usize::from(c)] += 1;
    }
    for c in b.bytes() {
        surplus[usize::from(c)] -= 1;
    }
    let more_in_a: i32 = surplus.iter().filter(|&&n| n > 0).sum();
    let more_in_b: i32 = -surplus.iter().filter(|&&n| n < 0).sum::<i32>();
    let fewest_edits = more_in_a.max(more_in_b);
    fewest_edits <= 2 || fewest_edits == 3 && longest >= 9
}

/// A headline phrase whose body version has one word replaced by a near-miss spelling.
pub fn headline_body(lex: &Lexicon, view: &View) -> Vec<Flag> {
    let head: Vec<usize> = (0..view.words.len())
        .filter(|&i| view.in_headline(i))
        .collect();
    let Some(&last_head) = head.last() else {
        return Vec::new();
    };
    // Body positions of the headline's words (no other body word is ever looked up).
    let mut by_word: AHashMap<&str, Vec<usize>> =
        head.iter().map(|&h| (&view.words[h], Vec::new())).collect();
    let sketch = Sketch::of(head.iter().map(|&h| &view.words[h]));
    for i in last_head + 1..view.words.len() {
        let w = &view.words[i];
        if !sketch.may_hold(w) {
            continue;
        }
        if let Some(at) = by_word.get_mut(w) {
            at.push(i);
        }
    }
    // The same headline word and body word can meet more than once: each pair is judged once.
    let mut judged: AHashMap<(&str, &str), Option<String>> = AHashMap::new();
    let mut out = Vec::new();
    for &h in &head[..head.len().saturating_sub(1)] {
        let (a, b) = (&view.words[h], &view.words[h + 1]);
        // `counts[i]` is the count of word `i`: what `is_function_word` would look up.
        let (a_count, b_count) = (view.counts[h], view.counts[h + 1]);
        if !alphabetic(a)
            || !alphabetic(b)
            || lex.is_function_count(a_count) && lex.is_function_count(b_count)
        {
            continue;
        }
        let derived = |x: &str, y: &str| x.starts_with(y) || y.starts_with(x);
        // Body "a x" where x is a near miss of "b", and body "x b" where x is one of "a".
        let mut cands: Vec<(usize, &str, u64)> = Vec::new();
        for &i in by_word.get(a).into_iter().flatten() {
            if i + 1 < view.words.len() && view.adjacent(i) {
                cands.push((i + 1, b, b_count));
            }
        }
        for &i in by_word.get(b).into_iter().flatten() {
            if i > last_head + 1 && view.adjacent(i - 1) {
                cands.push((i - 1, a, a_count));
            }
        }
        for (x, wanted, wanted_count) in cands {
            let got = &view.words[x];
            // Cheapest tests first (`counts[x]` is the count of `got`).
            if derived(wanted, got)
                || lex.is_function_count(view.counts[x])
                || lex.is_function_count(wanted_count)
                || !may_be_near_miss(wanted, got)
                || lex.are_synonyms(wanted, got)
            {
                continue;
            }
            let Some(why) = judged
                .entry((wanted, got))
                .or_insert_with(|| near_miss(lex, wanted, got))
                .clone()
            else {
                continue;
            };
            let head_bytes = view.bytes(h..h + 2);
            let head_text = &view.article.text[head_bytes.clone()];
            let reason =
                format!("The headline says “{head_text}” but the body has “{got}”: {why}.");
            let evidence = Evidence {
                article: Some(view.article.id.clone()),
                span: Some(crate::text::Span::new(head_bytes.start, head_bytes.end)),
                text: head_text.to_owned(),
                lexicon: None,
            };
            out.push(view.flag(
                FlagKind::Garble,
                view.bytes(x..x + 1),
                reason,
                evidence,
                Severity::Medium,
            ));
        }
    }
    out.sort_by_key(|f| f.start);
    out.dedup_by_key(|f| f.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, Meta};
    use crate::score::lexicon::lexicon;
    use crate::text::Doc;

    fn run(head: &str, body: &str) -> Vec<Flag> {
        let a = Article::new("x", "x", Some(head), body.into(), Meta::default());
        let d = Doc::new(&a.text);
        flags(lexicon(), &View::new(&a, &d), &AHashMap::new())
    }

    #[test]
    fn finds_non_words_contractions_and_headline_mismatch() {
        let f = run(
            "Leader promises swift punishment for attacks",
            "The goverment spoke. Officials from Paris and Berlin we're not amused. It means swift publishment, he said.",
        );
        let texts: Vec<&str> = f.iter().map(|f| f.text.as_str()).collect();
        assert!(texts.contains(&"goverment"), "{f:#?}");
        assert!(texts.contains(&"we're"), "{f:#?}");
        assert!(texts.contains(&"publishment"), "{f:#?}");
    }

    #[test]
    fn clean_text_is_quiet() {
        let f = run(
            "Leader promises swift punishment",
            "We're sure it's fine, he said, and they're right. The swift punishments came later.",
        );
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn words_wordnet_knows_are_words() {
        // "vitro" is only in WordNet's "in vitro"; "quicks" is the plural of its noun "quick".
        let f = run(
            "Lab grows cells",
            "The cells grew in vitro for a week. Both quicks bowled well. The goverment paid.",
        );
        let texts: Vec<&str> = f.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["goverment"], "{f:#?}");
    }

    #[test]
    fn prefixed_words_and_closed_compounds_are_words() {
        let f = run(
            "Ship leaves port",
            "The ship undocked at dawn and sailed past the gasfield. The goverment was told.",
        );
        let texts: Vec<&str> = f.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["goverment"], "{f:#?}");
        assert!(!is_formed_word(lexicon(), "goverment"));
        assert!(!is_formed_word(lexicon(), "unxqzt"));
    }

    #[test]
    fn the_near_miss_filter_keeps_near_misses() {
        for (a, b) in [
            ("punishment", "publishment"),
            ("minister", "ministry"),
            ("were", "we're"),
        ] {
            assert!(may_be_near_miss(a, b), "{a} {b}");
        }
        assert!(!may_be_near_miss("punishment", "report"));
        assert!(!may_be_near_miss("abc", "abd"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        #[test]
        fn the_near_miss_filter_only_drops_what_near_miss_drops(
            a in "[a-e'’]{0,11}",
            b in "[a-e'’]{0,11}",
        ) {
            if !may_be_near_miss(&a, &b) {
                proptest::prop_assert_eq!(near_miss(lexicon(), &a, &b), None);
            }
        }
    }
}
