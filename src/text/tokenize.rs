//! Word tokens with byte spans, on Unicode word boundaries (UAX #29).
//!
//! Text is cut at ASCII white space first: UAX #29 never joins across it. A chunk that is all
//! ASCII (most of English news) goes through a table-driven implementation of the UAX #29 rules
//! restricted to ASCII; any other chunk goes through `unicode-segmentation`. A property test
//! checks that the two agree on ASCII text. A word is a segment holding a letter or a digit,
//! so punctuation and spaces are not tokens.

use super::hash::token_hash;
use super::span::Span;
use unicode_segmentation::UnicodeSegmentation;

/// One word of an article: where it is and the stable hash of its normalised form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Bytes of the word in the article text.
    pub span: Span,
    /// [`super::token_hash`] of the word.
    pub hash: u64,
}

/// All word tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 6);
    for_each_word(text, |start, end| {
        tokens.push(Token {
            span: Span::new(start, end),
            hash: token_hash(&text[start..end]),
        })
    });
    tokens
}

/// Calls `f(start, end)` for the byte range of every word in `text`, in order.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if start == i {
            continue;
        }
        let chunk = &text[start..i];
        if chunk.is_ascii() {
            ascii_words(chunk.as_bytes(), |s, e| f(start + s, start + e));
        } else {
            unicode_words(chunk, |s, e| f(start + s, start + e));
        }
    }
}

/// UAX #29 word-break classes of the ASCII characters that matter for words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `_`: joins letters and digits on both sides.
    ExtendNumLet,
    /// `:` joins letters only.
    MidLetter,
    /// `,` and `;` join digits only.
    MidNum,
    /// `.` and `'` join letters with letters and digits with digits.
    MidNumLet,
    Other,
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'_' => Class::ExtendNumLet,
        b':' => Class::MidLetter,
        b',' | b';' => Class::MidNum,
        b'.' | b'\'' => Class::MidNumLet,
        _ => Class::Other,
    }
}

/// Word segments of an ASCII chunk holding no white space, per UAX #29 rules WB5 to WB13b.
fn ascii_words(bytes: &[u8], mut f: impl FnMut(usize, usize)) {
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let c = class(bytes[i]);
        if !matches!(c, Class::Letter | Class::Digit | Class::ExtendNumLet) {
            i += 1;
            continue;
        }
        let start = i;
        let mut has_alnum = c != Class::ExtendNumLet;
        let mut prev = c;
        i += 1;
        while i < n {
            let cur = class(bytes[i]);
            match cur {
                Class::Letter | Class::Digit | Class::ExtendNumLet => {
                    has_alnum |= cur != Class::ExtendNumLet;
                    prev = cur;
                    i += 1;
                }
                Class::MidLetter | Class::MidNum | Class::MidNumLet if i + 1 < n => {
                    let next = class(bytes[i + 1]);
                    let joins_letters = prev == Class::Letter
                        && next == Class::Letter
                        && matches!(cur, Class::MidLetter | Class::MidNumLet);
                    let joins_digits = prev == Class::Digit
                        && next == Class::Digit
                        && matches!(cur, Class::MidNum | Class::MidNumLet);
                    if !(joins_letters || joins_digits) {
                        break;
                    }
                    prev = next;
                    i += 2;
                }
                _ => break,
            }
        }
        if has_alnum {
            f(start, i);
        }
    }
}

/// Word segments of any chunk, by `unicode-segmentation`.
fn unicode_words(chunk: &str, mut f: impl FnMut(usize, usize)) {
    for (s, w) in chunk.split_word_bound_indices() {
        if w.chars().any(char::is_alphanumeric) {
            f(s, s + w.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.span.slice(text)).collect()
    }

    fn reference(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        unicode_words(text, |s, e| out.push((s, e)));
        out
    }

    #[test]
    fn splits_news_text_sensibly() {
        assert_eq!(
            words("Mr. Putin's 2,300-room palace cost $1.5bn, the U.S. said."),
            ["Mr", "Putin's", "2,300", "room", "palace", "cost", "1.5bn", "the", "U.S", "said"]
        );
        assert_eq!(words("“Don’t”—he said"), ["Don’t", "he", "said"]);
        assert_eq!(
            words("see https://example.com/a_b"),
            ["see", "https", "example.com", "a_b"]
        );
    }

    #[test]
    fn splits_any_script() {
        assert_eq!(words("東京は晴れ"), ["東", "京", "は", "晴", "れ"]);
        assert_eq!(words("قال الرئيس الفرنسي"), ["قال", "الرئيس", "الفرنسي"]);
        assert_eq!(words("Élysée café"), ["Élysée", "café"]);
    }

    #[test]
    fn long_runs_without_spaces_do_not_panic() {
        let text = "x".repeat(100_000) + "é" + &"<>".repeat(1000);
        assert_eq!(tokenize(&text).len(), 1);
    }

    proptest! {
        #[test]
        fn ascii_fast_path_matches_unicode_reference(s in "[a-zA-Z0-9_.,;:' \\-\"!?]{0,60}") {
            let mut fast = Vec::new();
            for_each_word(&s, |a, b| fast.push((a, b)));
            prop_assert_eq!(fast, reference(&s));
        }

        #[test]
        fn token_spans_slice_the_text(s in "\\PC{0,80}") {
            for t in tokenize(&s) {
                prop_assert!(s.is_char_boundary(t.span.start as usize));
                prop_assert!(s.is_char_boundary(t.span.end as usize));
                prop_assert!(!t.span.slice(&s).is_empty());
            }
        }
    }
}
