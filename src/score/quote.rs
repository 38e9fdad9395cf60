//! Quotes: extraction with speakers, and the per-article quote flags (unquoted first-person
//! statements, speaker pronouns with no antecedent). Cross-article flags (misattributed,
//! altered) are in [`super::quotes_across`].

use super::lexicon::Lexicon;
use super::view::{View, Words};
use super::{Evidence, Flag, FlagKind, Severity};
use std::ops::Range;

/// Verbs that attribute speech.
const SPEECH_VERBS: [&str; 18] = [
    "said",
    "says",
    "say",
    "added",
    "adds",
    "told",
    "tells",
    "warned",
    "stated",
    "insisted",
    "explained",
    "declared",
    "noted",
    "asked",
    "replied",
    "according",
    "claimed",
    "vowed",
];
/// Titles before a name.
const TITLES: [&str; 12] = [
    "mr",
    "mrs",
    "ms",
    "dr",
    "miss",
    "president",
    "minister",
    "premier",
    "senator",
    "general",
    "prof",
    "sir",
];
/// Words that mark a female antecedent.
const FEMALE: [&str; 14] = [
    "she", "her", "mrs", "ms", "miss", "madam", "woman", "women", "mother", "wife", "daughter",
    "sister", "queen", "lady",
];

/// A quotation mark or line break, as the quote scanners see it.
#[derive(Clone, Copy)]
enum Mark {
    /// `“`; the quote's text starts at the given offset.
    CurlyOpen(usize),
    /// `”`.
    CurlyClose,
    /// `"` after a space, a bracket or the line start (it opens); the text starts at the
    /// given offset.
    StraightOpen(usize),
    /// Any other `"` (it closes).
    StraightClose,
    /// A line break: straight quotes pair only within a line.
    LineBreak,
}

/// The quotation marks and line breaks of `text` with their byte offsets, found by a byte
/// search for `"`, a line break and the lead byte E2 of `“` (E2 80 9C) and `”` (E2 80 9D).
fn marks(text: &str) -> impl Iterator<Item = (usize, Mark)> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'"', b'\n', 0xE2, bytes).filter_map(move |i| {
        let mark = match (bytes[i], bytes.get(i + 1..i + 3)) {
            (0xE2, Some([0x80, 0x9C])) => Mark::CurlyOpen(i + 3),
            (0xE2, Some([0x80, 0x9D])) => Mark::CurlyClose,
            (b'"', _) => {
                if i == 0 || matches!(bytes[i - 1], b' ' | b'\n' | b'\t' | b'(' | b'[') {
                    Mark::StraightOpen(i + 1)
                } else {
                    Mark::StraightClose
                }
            }
            (b'\n', _) => Mark::LineBreak,
            _ => return None,
        };
        Some((i, mark))
    })
}

/// Byte ranges of the text inside quotation marks, sorted: curly pairs anywhere, straight
/// double quotes paired within a line.
pub fn quoted_regions(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut curly, mut straight): (Option<usize>, Option<usize>) = (None, None);
    for (i, mark) in marks(text) {
        match mark {
            Mark::CurlyOpen(s) => curly = Some(s),
            Mark::CurlyClose => {
                if let Some(s) = curly.take() {
                    out.push(s..i);
                }
            }
            Mark::StraightOpen(s) => straight = Some(s),
            Mark::StraightClose => {
                if let Some(s) = straight.take() {
                    out.push(s..i);
                }
            }
            Mark::LineBreak => straight = None,
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// Byte ranges of quotes that run on: an opening mark followed, before any closing mark, by
/// another opening mark. That is how a quote continued into a new paragraph is written (the
/// paragraph ends without a closing mark, the next one opens again), and texts that lost their
/// line breaks keep it inside one line; the sentences in between are still the speaker's.
pub fn run_on_regions(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut curly, mut straight): (Option<usize>, Option<usize>) = (None, None);
    for (i, mark) in marks(text) {
        let open = match mark {
            Mark::CurlyOpen(s) => curly.replace(s),
            Mark::StraightOpen(s) => straight.replace(s),
            Mark::CurlyClose => {
                curly = None;
                None
            }
            Mark::StraightClose | Mark::LineBreak => {
                straight = None;
                None
            }
        };
        if let Some(s) = open {
            out.push(s..i);
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// True when `text` holds a quotation mark (`"`, `“` or `”`), found by a byte search.
fn has_quote_mark(text: &str) -> bool {
    let b = text.as_bytes();
    // `“` is E2 80 9C and `”` is E2 80 9D in UTF-8.
    memchr::memchr2_iter(b'"', 0xE2, b)
        .any(|i| b[i] == b'"' || matches!(b.get(i + 1..i + 3), Some([0x80, 0x9C | 0x9D])))
}

/// Who a quote is attributed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Speaker {
    /// A named person (key: lower-cased last word of the name).
    Named(String),
    /// A role such as "the minister" (key: the role noun).
    Role(String),
    /// A pronoun resolved to a name, or unresolved (`None`); `true` when the name speaks
    /// elsewhere in the article (a confident resolution).
    Pronoun(String, Option<String>, bool),
}

impl Speaker {
    /// The name key to compare attributions, when the speaker is known.
    pub fn key(&self) -> Option<&str> {
        match self {
            Speaker::Named(k) | Speaker::Role(k) => Some(k),
            Speaker::Pronoun(_, r, _) => r.as_deref(),
        }
    }

    /// The key only when the speaker is named or confidently resolved (for misattribution).
    pub fn confident_key(&self) -> Option<&str> {
        match self {
            Speaker::Named(k) => Some(k),
            Speaker::Pronoun(_, Some(r), true) => Some(r),
            _ => None,
        }
    }
}

/// One extracted quote.
#[derive(Clone, Debug)]
pub struct Quote {
    /// Bytes of the quoted words (inside the marks).
    pub span: Range<usize>,
    /// Normalised words of the quote.
    pub words: Words,
    /// Its speaker, when one was found.
    pub speaker: Option<Speaker>,
    /// Bytes of the speaker mention, when one was found.
    pub speaker_span: Option<Range<usize>>,
    /// A paragraph of a quote that runs on (see [`run_on_regions`]): compared only with the
    /// quotes of the articles it shares passages with ([`super::quote_linked`]).
    pub run_on: bool,
}

/// Token index range lying inside `bytes`.
fn tokens_in(view: &View, bytes: &Range<usize>) -> Range<usize> {
    let a = view.doc.token_at_or_after(bytes.start);
    let b = view.doc.token_at_or_after(bytes.end);
    a..b.max(a)
}

/// True when token `i` may be part of a person's name.
fn name_like(lex: &Lexicon, view: &View, i: usize) -> bool {
    let w = &view.words[i];
    view.capitalised(i)
        && !lex.is_function_count(view.counts[i])
        && !SPEECH_VERBS.contains(&w)
        && (!view.sentence_initial(i)
            || i > 0 && TITLES.contains(&&view.words[i - 1])
            || !lex.in_word_list(w))
}

/// Extracts every quote of three words or more with its speaker, including the paragraphs of
/// a quote that runs on (see [`run_on_regions`]).
pub fn extract(lex: &Lexicon, view: &View) -> Vec<Quote> {
    extract_quotes(lex, view, true)
}

/// [`extract`], with the run-on paragraphs only when `run_ons` is true: they are compared only
/// with linked articles, so an article with no link needs none (they are many and long where
/// quotation marks are sloppy).
pub fn extract_quotes(lex: &Lexicon, view: &View, run_ons: bool) -> Vec<Quote> {
    let mut out = Vec::new();
    let speakers = Speakers::new();
    for region in &view.quoted {
        let toks = tokens_in(view, region);
        if toks.len() < 3 {
            continue;
        }
        let (speaker, speaker_span) = match find_speaker(lex, view, &toks, &speakers) {
            Some((s, span)) => (Some(s), Some(span)),
            None => (None, None),
        };
        out.push(Quote {
            span: region.clone(),
            words: view.words.slice(toks),
            speaker,
            speaker_span,
            run_on: false,
        });
    }
    if run_ons {
        add_run_ons(view, &mut out);
    }
    out
}

/// Appends the run-on paragraphs of quotes to `quotes`, after the closed quotes. A paragraph
/// ends where the next one opens, so it takes the speaker of the quote that opens there
/// (the speaker is named once, where the quote finally closes); it names no speaker
/// mention of its own.
fn add_run_ons(view: &View, quotes: &mut Vec<Quote>) {
    let mut run_ons = run_on_regions(&view.article.text);
    if run_ons.is_empty() {
        return;
    }
    // Last first, so a chain of paragraphs passes the closing quote's speaker back.
    run_ons.sort_by_key(|r| std::cmp::Reverse(r.start));
    for region in run_ons {
        let toks = tokens_in(view, &region);
        if toks.len() < 3 {
            continue;
        }
        // The next opening mark is 1 (`"`) or 3 (`“`) bytes long.
        let next = quotes
            .iter()
            .find(|q| q.span.start > region.end && q.span.start <= region.end + 3);
        let speaker = next.and_then(|q| q.speaker.clone());
        quotes.push(Quote {
            span: region,
            words: view.words.slice(toks),
            speaker,
            speaker_span: None,
            run_on: true,
        });
    }
}

/// Looks for a speech verb next to the quote in its sentence(s) and takes the name beside it.
fn find_speaker<'v>(
    lex: &Lexicon,
    view: &'v View,
    quote: &Range<usize>,
    speakers: &Speakers<'v>,
) -> Option<(Speaker, Range<usize>)> {
    let first = view.doc.sentence_of(quote.start)?.tokens.start;
    let last = view
        .doc
        .sentence_of(quote.end.saturating_sub(1))?
        .tokens
        .end;
    let outside = |i: usize| !view.in_quote(view.doc.tokens[i].span.start as usize);
    let verbs = (first..last).filter(|&i| outside(i) && SPEECH_VERBS.contains(&&view.words[i]));
    for v in verbs {
        // "Name said" / "he said"
        let mut j = v;
        while j > first && outside(j - 1) && name_like(lex, view, j - 1) {
            j -= 1;
        }
        if j < v {
            return Some((
                Speaker::Named(view.words[v - 1].to_owned()),
                view.bytes(j..v),
            ));
        }
        if v > first && outside(v - 1) {
            if let Some(s) = pronoun_or_role(lex, view, v - 1, speakers) {
                return Some(s);
            }
        }
        // "said Name" / "said the minister" / "according to Name"
        let mut k = v + 1;
        while k < last && outside(k) && matches!(&view.words[k], "to" | "the" | "by") {
            k += 1;
        }
        let start = k;
        while k < last && outside(k) && name_like(lex, view, k) {
            k += 1;
        }
        if k > start {
            return Some((
                Speaker::Named(view.words[k - 1].to_owned()),
                view.bytes(start..k),
            ));
        }
        if k < last && outside(k) {
            if let Some(s) = pronoun_or_role(lex, view, k, speakers) {
                return Some(s);
            }
        }
    }
    None
}

/// A pronoun (resolved if possible) or a role noun after "the" at token `i`.
fn pronoun_or_role<'v>(
    lex: &Lexicon,
    view: &'v View,
    i: usize,
    speakers: &Speakers<'v>,
) -> Option<(Speaker, Range<usize>)> {
    let w = &view.words[i];
    if matches!(w, "he" | "she") {
        return Some((
            {
                let found = antecedent_among(lex, view, i, w == "she", speakers);
                let strong = found.as_ref().is_some_and(|f| f.1);
                Speaker::Pronoun(w.to_owned(), found.map(|f| f.0), strong)
            },
            view.bytes(i..i + 1),
        ));
    }
    if i > 0 && &view.words[i - 1] == "the" && !lex.is_function_word(w) && !view.capitalised(i) {
        return Some((Speaker::Role(w.to_owned()), view.bytes(i - 1..i + 1)));
    }
    None
}

/// Names that speak in the article: name-like words right before or after a speech verb.
fn speaking_names<'v>(lex: &Lexicon, view: &'v View) -> Vec<&'v str> {
    let mut out = Vec::new();
    for (i, w) in view.words.iter().enumerate() {
        if !SPEECH_VERBS.contains(&w) {
            continue;
        }
        if i > 0 && name_like(lex, view, i - 1) {
            out.push(&view.words[i - 1]);
        }
        if i + 1 < view.words.len() && name_like(lex, view, i + 1) {
            let mut k = i + 1;
            while k + 1 < view.words.len() && name_like(lex, view, k + 1) && view.adjacent(k) {
                k += 1;
            }
            out.push(&view.words[k]);
        }
    }
    out
}

/// The nearest plausible antecedent before token `at`, outside quotes: first a name that
/// speaks somewhere in the article, else a person-like name (two capitalised words, or a name
/// after a title). For "she", only once a female cue has been seen.
pub fn antecedent(lex: &Lexicon, view: &View, at: usize, female: bool) -> Option<(String, bool)> {
    antecedent_among(lex, view, at, female, &Speakers::new())
}

/// The names of an article that speak (what [`speaking_names`] finds), found when first
/// asked for and then kept for the other pronouns of the article.
type Speakers<'v> = std::cell::OnceCell<Vec<&'v str>>;

/// [`antecedent`], with the article's speaking names kept in `speakers`.
fn antecedent_among<'v>(
    lex: &Lexicon,
    view: &'v View,
    at: usize,
    female: bool,
    speakers: &Speakers<'v>,
) -> Option<(String, bool)> {
    let person = |i: usize| {
        name_like(lex, view, i)
            && i > 0
            && (TITLES.contains(&&view.words[i - 1])
                || view.capitalised(i - 1)
                    && !lex.is_function_word(&view.words[i - 1])
                    && view.adjacent(i - 1))
            && !(name_like(lex, view, i + 1) && view.adjacent(i))
    };
    // Without a gendered name list, "she" may refer to any person named before it, unless the
    // article has only spoken of men so far: a "he" outside quotes, no female cue before, and
    // nobody newly named since the last such "he".
    if female {
        let outside = |i: &usize| !view.in_quote(view.doc.tokens[*i].span.start as usize);
        // A woman's first name before a surname ("Rebekah Wade") is a cue too.
        let female_name = |i: usize| {
            i + 1 < at
                && view.capitalised(i)
                && view.capitalised(i + 1)
                && view.adjacent(i)
                && super::names::is_female_first_name(&view.words[i])
        };
        let cue = (0..at)
            .filter(outside)
            .any(|i| FEMALE.contains(&&view.words[i]) || female_name(i));
        let last_he = (0..at).filter(outside).rfind(|&i| &view.words[i] == "he");
        if let (Some(he), false) = (last_he, cue) {
            // Only someone named after the last "he", by a first name not known as a man's,
            // can be the woman.
            let not_a_man = |i: usize| !super::names::is_male_first_name(&view.words[i - 1]);
            return (he + 1..at)
                .rev()
                .filter(outside)
                .find(|&i| !view.in_headline(i) && person(i) && not_a_man(i))
                .map(|i| (view.words[i].to_owned(), false));
        }
    }
    let speakers = speakers.get_or_init(|| speaking_names(lex, view));
    let candidates = || {
        (0..at).rev().filter(|&i| {
            !view.in_headline(i) && !view.in_quote(view.doc.tokens[i].span.start as usize)
        })
    };
    if let Some(i) = candidates().find(|&i| speakers.contains(&&view.words[i])) {
        return Some((view.words[i].to_owned(), true));
    }
    candidates()
        .find(|&i| i + 1 < view.words.len() && person(i))
        .map(|i| (view.words[i].to_owned(), false))
}

/// Per-article quote flags: unquoted first-person statements and unresolved speaker pronouns.
pub fn flags(lex: &Lexicon, view: &View, quotes: &[Quote]) -> Vec<Flag> {
    let mut out = Vec::new();
    let run_on = run_on_regions(&view.article.text);
    let speakers = Speakers::new();
    for q in quotes {
        if let (Some(Speaker::Pronoun(p, None, _)), Some(span)) = (&q.speaker, &q.speaker_span) {
            out.push(unresolved(view, p, span.clone()));
        }
    }
    for s in &view.doc.sentences {
        if s.span.start < view.article.body.start || s.tokens.is_empty() {
            continue;
        }
        // Both flags below are for sentences without quotation marks, outside quotes that run
        // on across sentences.
        let start = s.span.start as usize;
        if has_quote_mark(s.span.slice(&view.article.text))
            || view.in_quote(start)
            || run_on.iter().any(|r| r.contains(&start))
        {
            continue;
        }
        // "I" after a capitalised word is a numeral ("World War I").
        let first_person = s.tokens.clone().any(|i| {
            let roman =
                view.raw(i) == "I" && i > 0 && view.capitalised(i - 1) && view.adjacent(i - 1);
            !roman
                && matches!(
                    view.raw(i),
                    "I" | "me" | "my" | "myself" | "I'm" | "I’m" | "I've" | "I’ve"
                )
        });
        let has_verb = || {
            s.tokens.clone().skip(1).any(|i| {
                SPEECH_VERBS.contains(&&view.words[i])
                    && (matches!(&view.words[i - 1], "he" | "she" | "they")
                        || name_like(lex, view, i - 1))
            })
        };
        if first_person && !has_verb() {
            out.push(view.flag(
                FlagKind::Quote,
                s.span.range(),
                "A first-person statement with no quotation marks and no speaker: an unattributed quote.".to_owned(),
                Evidence { text: "first-person words outside quotes, no speech verb".to_owned(), ..Evidence::default() },
                Severity::Medium,
            ));
        }
        // "She says ..." opening a sentence with nobody to refer to.
        let i = s.tokens.start;
        let first = &view.words[i];
        if s.tokens.len() > 1
            && matches!(first, "he" | "she")
            && SPEECH_VERBS.contains(&&view.words[i + 1])
            && antecedent_among(lex, view, i, first == "she", &speakers).is_none()
        {
            out.push(unresolved(view, first, view.bytes(i..i + 1)));
        }
    }
    out
}

fn unresolved(view: &View, pronoun: &str, span: Range<usize>) -> Flag {
    view.flag(
        FlagKind::Quote,
        span,
        format!("The speaker “{pronoun}” refers to nobody named earlier in the article."),
        Evidence {
            text: format!("no antecedent for “{pronoun}”"),
            ..Evidence::default()
        },
        Severity::Medium,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, Meta};
    use crate::score::lexicon::lexicon;
    use crate::text::Doc;

    fn with<T>(body: &str, f: impl FnOnce(&View) -> T) -> T {
        let a = Article::new("x", "x", Some("Head"), body.into(), Meta::default());
        let d = Doc::new(&a.text);
        f(&View::new(&a, &d))
    }

    /// Asserts that the article with `body` gets no quote flag.
    fn assert_unflagged(body: &str) {
        with(body, |v| {
            let found = flags(lexicon(), v, &extract(lexicon(), v));
            assert!(found.is_empty(), "{body}: {found:#?}");
        });
    }

    #[test]
    fn extracts_speakers_and_resolves_pronouns() {
        with("Emmanuel Macron spoke. “We disagree on a number of things,” he said. \"Big things take time,\" said Mr Smith. “This is a very serious matter,” the minister warned.", |v| {
            let q = extract(lexicon(), v);
            assert_eq!(q.len(), 3);
            assert_eq!(q[0].speaker, Some(Speaker::Pronoun("he".into(), Some("macron".into()), false)));
            assert_eq!(q[1].speaker, Some(Speaker::Named("smith".into())));
            assert_eq!(q[2].speaker, Some(Speaker::Role("minister".into())));
        });
    }

    #[test]
    fn run_on_quotes_end_at_the_next_opening_mark() {
        let text = "A \"one. two. \"three,\" said B. “four. “five” six.";
        let got: Vec<&str> = run_on_regions(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["one. two. ", "four. "]);
        assert!(run_on_regions("\"closed,\" he said. \"Also closed.\"").is_empty());
    }

    #[test]
    fn run_on_paragraphs_are_quotes_of_the_closing_speaker() {
        let body = "Talks ended. \"We want a proper inquiry into all of it. \"Then the banks must answer for it. \"They have a long way to go,\" said Ms Wolthuizen. \"Short.\" Done.";
        with(body, |v| {
            let mut q = extract(lexicon(), v);
            assert_eq!(
                q.iter().map(|q| q.run_on).collect::<Vec<_>>(),
                [false, true, true]
            );
            q.sort_by_key(|q| q.span.start);
            let texts: Vec<&str> = q.iter().map(|q| &v.article.text[q.span.clone()]).collect();
            assert_eq!(
                texts,
                [
                    "We want a proper inquiry into all of it. ",
                    "Then the banks must answer for it. ",
                    "They have a long way to go,"
                ]
            );
            let key = Some(Speaker::Named("wolthuizen".into()));
            assert!(q.iter().all(|q| q.speaker == key), "{q:#?}");
            assert!(q[..2].iter().all(|q| q.speaker_span.is_none()));
        });
    }

    #[test]
    fn flags_unquoted_first_person_and_lonely_pronouns() {
        with(
            "Talks ended. I told them the truth about me. She says the deal is dead.",
            |v| {
                let q = extract(lexicon(), v);
                let f = flags(lexicon(), v, &q);
                let texts: Vec<&str> = f.iter().map(|f| f.text.as_str()).collect();
                assert_eq!(texts, ["I told them the truth about me.", "She"], "{f:#?}");
            },
        );
        // A quote continued into a new paragraph (written without its line break): the
        // sentence between the two opening marks is still quoted.
        assert_unflagged(
            "Tom Brown spoke. \"It was hard. I will be back next year. \"We go on,\" he said.",
        );
        // A woman named by her first name is an antecedent even after a "he".
        assert_unflagged(
            "Tom Brown won, he said. Karen White came second. She says the race was hard.",
        );
        with(
            "Tom Brown won, he said. Mike White came second. She says the race was hard.",
            |v| {
                let q = extract(lexicon(), v);
                assert_eq!(flags(lexicon(), v, &q).len(), 1);
            },
        );
        // A first name in neither list, given after the last "he", may be the woman's.
        with(
            "Tom Brown won, he said. Elka Graham came second. She says the race was hard.",
            |v| {
                let q = extract(lexicon(), v);
                assert!(flags(lexicon(), v, &q).is_empty());
                let she = v.words.iter().position(|w| w == "she").expect("a she");
                let found = antecedent(lexicon(), v, she, true);
                assert_eq!(found, Some(("graham".to_owned(), false)));
            },
        );
        assert_unflagged("Ms Jones arrived. She says the deal is dead. “I am happy,” she said.");
    }

    /// The char-by-char reading that [`quoted_regions`] does with a byte search.
    fn quoted_regions_by_chars(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let (mut curly, mut straight): (Option<usize>, Option<usize>) = (None, None);
        let bytes = text.as_bytes();
        for (i, c) in text.char_indices() {
            match c {
                '“' => curly = Some(i + c.len_utf8()),
                '”' => {
                    if let Some(s) = curly.take() {
                        out.push(s..i);
                    }
                }
                '"' => {
                    let opens =
                        i == 0 || matches!(bytes[i - 1], b' ' | b'\n' | b'\t' | b'(' | b'[');
                    match (opens, straight) {
                        (true, _) => straight = Some(i + 1),
                        (false, Some(s)) => {
                            out.push(s..i);
                            straight = None;
                        }
                        (false, None) => {}
                    }
                }
                '\n' => straight = None,
                _ => {}
            }
        }
        out.sort_by_key(|r| r.start);
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn quoted_regions_read_like_chars(text in "[a \n\t(\"“”’‘—€]{0,24}") {
            proptest::prop_assert_eq!(quoted_regions(&text), quoted_regions_by_chars(&text));
        }

        #[test]
        fn quote_marks_are_found_like_a_char_search(text in "[a \"“”’‘—€]{0,12}") {
            proptest::prop_assert_eq!(has_quote_mark(&text), text.contains(['"', '“', '”']));
        }
    }
}
