//! The normalised form used for matching.
//!
//! Normalisation is NFKC compatibility folding, then lower-casing, then folding of typographic
//! variants that news text uses interchangeably: curly and straight quotes, the dash family,
//! and the Unicode spaces. It works on runs of one starter character and the combining marks
//! after it, so every normalised byte maps back to the original byte where its run began
//! ([`normalize_with_map`]): matching on the normalised text never loses the original spans.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// The normalised form of `text`: NFKC, lower case, quotes and dashes folded.
///
/// Idempotent: `normalize(&normalize(s)) == normalize(s)`.
pub fn normalize(text: &str) -> String {
    normalize_with_map(text).0
}

/// The normalised form of `text` with, for every byte of it, the offset in `text` of the
/// character run it came from.
///
/// The map has one entry per normalised byte, is non-decreasing, and each entry is a `char`
/// boundary of `text`.
pub fn normalize_with_map(text: &str) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (start, run) in starter_runs(text) {
        let before = out.len();
        fold_run(run, &mut out);
        let origin = u32::try_from(start).expect("article text is smaller than 4 GiB");
        map.resize(map.len() + (out.len() - before), origin);
    }
    (out, map)
}

/// Splits text into runs that start at a character of combining class 0.
fn starter_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut starts = text
        .char_indices()
        .filter(|&(_, c)| canonical_combining_class(c) == 0)
        .map(|(i, _)| i)
        .peekable();
    let first = if text.is_empty() { None } else { Some(0) };
    let mut next_start = first;
    if starts.peek() == Some(&0) {
        starts.next();
    }
    std::iter::from_fn(move || {
        let start = next_start?;
        let end = starts.next().unwrap_or(text.len());
        next_start = (end < text.len()).then_some(end);
        Some((start, &text[start..end]))
    })
}

/// Appends the normalised form of one run.
fn fold_run(run: &str, out: &mut String) {
    if run.is_ascii() {
        // NFKC leaves ASCII alone; of the folds, only these apply to it.
        out.extend(run.chars().map(|c| match c {
            '`' => '\'',
            '\x0B' | '\x0C' => ' ',
            c => c.to_ascii_lowercase(),
        }));
        return;
    }
    // NFKC, fold, then NFKC again: lower-casing can produce sequences that NFKC composes.
    let folded: String = run.nfkc().flat_map(fold_char).collect();
    out.extend(folded.nfkc());
}

/// Lower-cases one character and folds its typographic variants.
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let folded = match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{0060}'
        | '\u{00B4}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Some('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Some('-'),
        c if c.is_whitespace() && c != '\n' && c != '\r' && c != '\t' => Some(' '),
        _ => None,
    };
    match folded {
        Some(f) => Folded::One(Some(f)),
        None => Folded::Lower(c.to_lowercase()),
    }
}

/// Either one folded character or a lower-case mapping.
enum Folded {
    One(Option<char>),
    Lower(std::char::ToLowercase),
}

impl Iterator for Folded {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match self {
            Folded::One(c) => c.take(),
            Folded::Lower(l) => l.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_quotes_and_dashes() {
        assert_eq!(normalize("“Don’t” — Macron"), "\"don't\" - macron");
        assert_eq!(normalize("ﬁrst Ⅳ"), "first iv");
        assert_eq!(normalize("Élysée"), "élysée");
    }

    #[test]
    fn map_points_back_to_original_runs() {
        let text = "Aé—x";
        let (norm, map) = normalize_with_map(text);
        assert_eq!(norm, "aé-x");
        assert_eq!(map.len(), norm.len());
        assert_eq!(map, vec![0, 1, 1, 3, 6]);
    }

    #[test]
    fn leading_combining_mark_is_kept() {
        let (norm, map) = normalize_with_map("\u{301}a");
        assert_eq!(norm, "\u{301}a");
        assert_eq!(map.len(), norm.len());
    }

    #[test]
    fn ascii_fast_path_folds_as_the_general_path() {
        for b in 0u8..128 {
            let run = char::from(b).to_string();
            let mut fast = String::new();
            fold_run(&run, &mut fast);
            let folded: String = run.nfkc().flat_map(fold_char).collect();
            let slow: String = folded.nfkc().collect();
            assert_eq!(fast, slow, "byte {b:#x}");
        }
    }

    proptest! {
        #[test]
        fn normalisation_is_idempotent(s in "\\PC{0,40}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once.clone());
        }

        #[test]
        fn map_is_monotone_and_on_char_boundaries(s in "\\PC{0,40}") {
            let (norm, map) = normalize_with_map(&s);
            prop_assert_eq!(map.len(), norm.len());
            prop_assert!(map.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(map.iter().all(|&i| s.is_char_boundary(i as usize)));
        }
    }
}
