//! First names that mark a woman or a man (data/names/female-first-names.txt and
//! male-first-names.txt: US Census 1990 lists, see data/names/PROVENANCE.md), cues for
//! resolving "she".

use ahash::AHashSet;
use std::sync::OnceLock;

/// The embedded list, parsed once (plain parsing: no thread pool inside the initialiser).
fn female_first_names() -> &'static AHashSet<&'static str> {
    static NAMES: OnceLock<AHashSet<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| parse(include_str!("../../data/names/female-first-names.txt")))
}

/// The embedded men's list, parsed once.
fn male_first_names() -> &'static AHashSet<&'static str> {
    static NAMES: OnceLock<AHashSet<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| parse(include_str!("../../data/names/male-first-names.txt")))
}

/// The names of a list: one per line, `#` lines and blank lines skipped.
fn parse(text: &str) -> AHashSet<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Whether `word` (lower-cased) is a first name more common among women than men.
pub fn is_female_first_name(word: &str) -> bool {
    female_first_names().contains(word)
}

/// Whether `word` (lower-cased) is a first name more common among men than women.
pub fn is_male_first_name(word: &str) -> bool {
    male_first_names().contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_knows_womens_names_and_leaves_out_words_and_months() {
        assert!(is_female_first_name("rebekah") && is_female_first_name("karen"));
        assert!(!is_female_first_name("john") && !is_female_first_name("june"));
        assert!(!is_female_first_name("hope") && !is_female_first_name("Karen"));
        assert_eq!(parse("# header\nann\n\n bea \n").len(), 2);
    }

    #[test]
    fn the_mens_list_keeps_names_that_are_words() {
        assert!(is_male_first_name("mike") && is_male_first_name("peter"));
        assert!(!is_male_first_name("karen") && !is_male_first_name("kim"));
        assert!(!is_male_first_name("august"));
    }
}
