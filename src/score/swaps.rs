//! Swaps repeated through an article. Once a copied passage shows that an article put one
//! word for its thesaurus synonym ("worldwide" for "international"), the article's other uses
//! of that word are checked against phrase counts: where the original word makes the common
//! phrase ("international community") and the article's does not, the same swap was most
//! likely made there too, even outside any copied passage.
//!
//! Evidence comes only from strong (thesaurus synonym) spin flags of aligned passages, and a
//! word the source article itself uses is never suspected, so an article that shares nothing
//! with a source, or copies it faithfully, gets no flag from here.

use super::lexicon::{Lexicon, COUNTS_SOURCE, FREQUENT_BIGRAM};
use super::view::{alphabetic, View};
use super::{Evidence, Flag, FlagKind, Severity};

/// How many times more common the original word's phrase must be than the article's.
const PHRASE_RATIO: u64 = 5;

/// One word the article put for another, as an aligned spin flag shows it.
struct Swap<'f> {
    /// The source's word.
    original: &'f str,
    /// The article's word.
    swapped: &'f str,
    /// The source article's id.
    source: &'f str,
}

/// Flags the other uses of a swapped word in `view`'s article where the original word forms
/// a much more common phrase with a neighbour. `flags` are the article's flags so far;
/// `source_uses(id, word)` tells whether the article with that id uses the (normalised) word.
pub fn repeated(
    lex: &Lexicon,
    view: &View,
    flags: &[Flag],
    source_uses: impl Fn(&str, &str) -> bool,
) -> Vec<Flag> {
    let swaps = swaps_in(flags);
    let mut out: Vec<Flag> = Vec::new();
    for swap in swaps.iter().filter(|s| !source_uses(s.source, s.swapped)) {
        for i in (0..view.words.len()).filter(|&i| &view.words[i] == swap.swapped) {
            let Some((phrase, usual, found, count)) = stronger_phrase(lex, view, i, swap) else {
                continue;
            };
            let covered = |f: &Flag| f.start < phrase.end && phrase.start < f.end;
            if flags.iter().chain(&out).any(covered) {
                continue;
            }
            let reason = format!(
                "“{found}”: this article puts “{}” for “{}” in a passage copied from {}, and here too “{usual}” is the common phrase.",
                swap.swapped, swap.original, swap.source
            );
            let evidence = Evidence {
                article: Some(swap.source.to_owned()),
                text: format!(
                    "{} → {} in the copied passage; “{usual}” counted {count} times, “{found}” {}",
                    swap.original,
                    swap.swapped,
                    match phrase_count(lex, &found) {
                        0 => "not listed".to_owned(),
                        n => format!("{n} times"),
                    }
                ),
                lexicon: Some(COUNTS_SOURCE.to_owned()),
                ..Evidence::default()
            };
            out.push(view.flag(FlagKind::Spin, phrase, reason, evidence, Severity::Medium));
        }
    }
    out
}

/// The single-word synonym swaps among an article's aligned spin flags, each pair once.
fn swaps_in(flags: &[Flag]) -> Vec<Swap<'_>> {
    let mut swaps: Vec<Swap> = Vec::new();
    for f in flags {
        let Some(source) = f.evidence.article.as_deref() else {
            continue;
        };
        let (original, swapped) = (f.evidence.text.as_str(), f.text.as_str());
        if f.kind != FlagKind::Spin
            || f.severity != Severity::High
            || !alphabetic(original)
            || !alphabetic(swapped)
            || original.chars().any(char::is_uppercase)
            || swapped.chars().any(char::is_uppercase)
            || swaps
                .iter()
                .any(|s| s.original == original && s.swapped == swapped)
        {
            continue;
        }
        swaps.push(Swap {
            original,
            swapped,
            source,
        });
    }
    swaps
}

/// For word `i` (the swapped word), the phrase with a neighbour whose original-word form is
/// frequent and [`PHRASE_RATIO`] times the article's form: its byte range, the usual phrase,
/// the article's phrase and the usual phrase's count.
fn stronger_phrase(
    lex: &Lexicon,
    view: &View,
    i: usize,
    swap: &Swap,
) -> Option<(std::ops::Range<usize>, String, String, u64)> {
    let mut best: Option<(std::ops::Range<usize>, String, String, u64)> = None;
    let mut consider = |range: std::ops::Range<usize>, usual: String, found: String| {
        let count = phrase_count(lex, &usual);
        if count >= FREQUENT_BIGRAM
            && count >= PHRASE_RATIO.saturating_mul(phrase_count(lex, &found))
            && best.as_ref().map_or(true, |b| count > b.3)
        {
            best = Some((view.bytes(range), usual, found, count));
        }
    };
    // A function word next to the swap says little about which word the writer chose.
    let telling = |w: &str| alphabetic(w) && !lex.is_very_common(w);
    if i + 1 < view.words.len() && view.adjacent(i) && telling(&view.words[i + 1]) {
        let next = &view.words[i + 1];
        consider(
            i..i + 2,
            format!("{} {next}", swap.original),
            format!("{} {next}", swap.swapped),
        );
    }
    if i > 0 && view.adjacent(i - 1) && telling(&view.words[i - 1]) {
        let prev = &view.words[i - 1];
        consider(
            i - 1..i + 1,
            format!("{prev} {}", swap.original),
            format!("{prev} {}", swap.swapped),
        );
    }
    best
}

/// The reference count of a two-word phrase (0 when unlisted).
fn phrase_count(lex: &Lexicon, phrase: &str) -> u64 {
    phrase.split_once(' ').map_or(0, |(a, b)| lex.bigram(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, Meta};
    use crate::score::lexicon::lexicon;
    use crate::text::Doc;

    fn swap_flag(text: &str, original: &str, severity: Severity) -> Flag {
        Flag {
            kind: FlagKind::Spin,
            start: 0,
            end: 0,
            text: text.to_owned(),
            reason: String::new(),
            evidence: Evidence {
                article: Some("src".to_owned()),
                text: original.to_owned(),
                ..Evidence::default()
            },
            severity,
        }
    }

    fn run(body: &str, flags: &[Flag], source_words: &[&str]) -> Vec<Flag> {
        let a = Article::new("x", "x", None, body.into(), Meta::default());
        let d = Doc::new(&a.text);
        let v = View::new(&a, &d);
        repeated(lexicon(), &v, flags, |id, w| {
            id == "src" && source_words.contains(&w)
        })
    }

    #[test]
    fn a_known_swap_is_found_again_where_the_usual_phrase_is_common() {
        // The pair is WordNet's; the phrases are judged by the reference counts.
        let body = "Leaders spoke of a worldwide effort. The worldwide community watched.";
        let found = run(
            body,
            &[swap_flag("worldwide", "international", Severity::High)],
            &[],
        );
        let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
        assert!(texts.contains(&"worldwide community"), "{found:#?}");
        assert!(found.iter().all(|f| f.kind == FlagKind::Spin
            && f.evidence.article.as_deref() == Some("src")
            && f.reason.contains("international community")));
    }

    #[test]
    fn no_swap_no_source_word_or_weak_evidence_means_no_flag() {
        let body = "The worldwide community watched.";
        assert!(run(body, &[], &[]).is_empty());
        let strong = swap_flag("worldwide", "international", Severity::High);
        assert!(run(body, std::slice::from_ref(&strong), &["worldwide"]).is_empty());
        let weak = swap_flag("worldwide", "international", Severity::Medium);
        assert!(run(body, &[weak], &[]).is_empty());
        // Neither a phrase the original word does not make common nor a function word
        // beside the swapped word is evidence.
        assert!(run("They work in the worldwide economy.", &[strong], &[]).is_empty());
    }
}
