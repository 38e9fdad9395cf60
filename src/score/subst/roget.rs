//! Roget's Thesaurus (1911): words the book prints in one paragraph, for swaps WordNet misses.
//!
//! WordNet groups words by exact sense; Roget groups them by idea, so it links the loose
//! synonyms a spinning tool offers ("community" / "fellowship", "army" / "legion") that share
//! no WordNet synset. A paragraph of `data/lexicon/thesaurus-roget.tsv` is one run of words
//! under one category and part of speech; two words are linked when some paragraph holds both.
//! About 0.2% of random pairs of thesaurus headwords share a paragraph, so a link is weaker
//! evidence than a WordNet synonym, and is reported as such.

use ahash::AHashMap;
use std::sync::OnceLock;

/// Where a Roget link comes from, as recorded in flag evidence.
pub const ROGET_SOURCE: &str = "Roget's Thesaurus, 1911 edition (data/lexicon/thesaurus-roget.tsv)";

/// The paragraphs of the thesaurus and, for each entry, the paragraphs that hold it.
#[derive(Debug, Default)]
pub struct Roget {
    /// Category of each paragraph (e.g. "484 Belief").
    categories: Vec<&'static str>,
    /// Paragraph numbers of each entry, ascending.
    paragraphs: AHashMap<&'static str, Vec<u32>>,
}

impl Roget {
    /// Reads the `category<TAB>part of speech<TAB>word|word...` lines of the data file; lines
    /// starting with `#` and lines without three fields are skipped.
    pub fn parse(text: &'static str) -> Roget {
        let mut r = Roget::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            let (Some(category), Some(_pos), Some(words)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let id = r.categories.len() as u32;
            r.categories.push(category);
            for w in words.split('|').filter(|w| !w.is_empty()) {
                let list = r.paragraphs.entry(w).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
        r
    }

    /// The category of a paragraph that holds both entries, if one does.
    pub fn shared_category(&self, a: &str, b: &str) -> Option<&'static str> {
        let (pa, pb) = (self.paragraphs.get(a)?, self.paragraphs.get(b)?);
        let (mut i, mut j) = (0, 0);
        while i < pa.len() && j < pb.len() {
            match pa[i].cmp(&pb[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return Some(self.categories[pa[i] as usize]),
            }
        }
        None
    }
}

/// The thesaurus, parsed on first use from the embedded data file.
pub fn roget() -> &'static Roget {
    static ROGET: OnceLock<Roget> = OnceLock::new();
    ROGET.get_or_init(|| Roget::parse(include_str!("../../../data/lexicon/thesaurus-roget.tsv")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_words_of_one_paragraph_only() {
        let r = Roget::parse(
            "# header\n1 Alpha\tnoun\tred|crimson|scarlet\n2 Beta\tnoun\tblue|azure\n\
             3 Gamma\tverb\tred|flush\nbroken line\n",
        );
        assert_eq!(r.shared_category("red", "crimson"), Some("1 Alpha"));
        assert_eq!(r.shared_category("flush", "red"), Some("3 Gamma"));
        assert_eq!(r.shared_category("crimson", "azure"), None);
        assert_eq!(r.shared_category("crimson", "flush"), None);
        assert_eq!(r.shared_category("red", "absent"), None);
        assert!(r.paragraphs.contains_key("azure") && !r.paragraphs.contains_key("broken line"));
    }

    #[test]
    fn the_data_file_loads_and_is_selective() {
        let r = roget();
        assert!(r.categories.len() > 5_000, "{}", r.categories.len());
        assert!(r.paragraphs.len() > 20_000, "{}", r.paragraphs.len());
        // Most pairs of ordinary words share no paragraph.
        let words = [
            "budget", "umbrella", "river", "election", "engine", "violin",
        ];
        let linked = words
            .iter()
            .flat_map(|a| words.iter().map(move |b| (a, b)))
            .filter(|(a, b)| a != b && r.shared_category(a, b).is_some())
            .count();
        assert_eq!(linked, 0);
    }
}
