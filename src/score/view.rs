//! One article as the detectors see it: text, tokens, normalised words, quote regions.

use super::lexicon::Lexicon;
use super::{Evidence, Flag, FlagKind, Severity};
use crate::corpus::Article;
use crate::text::{normalize, Doc};
use std::ops::Range;

/// An article with the per-word data every detector needs, computed once.
#[derive(Debug)]
pub struct View<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its text model.
    pub doc: &'a Doc,
    /// Normalised (lower-cased, quote-folded) form of every token.
    pub words: Words,
    /// Reference (unigram) count of every token's normalised form, looked up once.
    pub counts: Vec<u64>,
    /// Other lexicon facts about every token's normalised form, looked up with its count
    /// (read them with [`View::has_swaps_before`] and the like).
    facts: Vec<u8>,
    /// Byte ranges of the text inside quotation marks.
    pub quoted: Vec<Range<usize>>,
}

impl<'a> View<'a> {
    /// The views of `articles` over their `docs` (paired in order), built in parallel.
    pub fn all(articles: &'a [Article], docs: &'a [Doc]) -> Vec<View<'a>> {
        use rayon::prelude::*;
        articles
            .par_iter()
            .zip(docs)
            .map(|(a, d)| View::new(a, d))
            .collect()
    }

    /// Builds the view.
    pub fn new(article: &'a Article, doc: &'a Doc) -> View<'a> {
        let words = Words::new(doc.tokens.iter().map(|t| t.span.slice(&article.text)));
        let (counts, facts) = counts(doc, &words);
        View {
            article,
            doc,
            words,
            counts,
            facts,
            quoted: super::quote::quoted_regions(&article.text),
        }
    }

    /// True when word `i` has [`Lexicon::swaps_before`] (a cheap test before the lookup).
    #[inline]
    pub fn has_swaps_before(&self, i: usize) -> bool {
        self.facts[i] & SWAPS_BEFORE != 0
    }

    /// True when word `i` has [`Lexicon::swaps_after`] (a cheap test before the lookup).
    #[inline]
    pub fn has_swaps_after(&self, i: usize) -> bool {
        self.facts[i] & SWAPS_AFTER != 0
    }

    /// True when word `i` starts a formal name ([`Lexicon::formal_starting`] is not empty).
    #[inline]
    pub fn starts_formal_name(&self, i: usize) -> bool {
        self.facts[i] & FORMAL_START != 0
    }

    /// The original text of token `i`.
    #[inline]
    pub fn raw(&self, i: usize) -> &str {
        self.doc.tokens[i].span.slice(&self.article.text)
    }

    /// Byte range covering tokens `range` (empty range at the next token's start).
    pub fn bytes(&self, range: Range<usize>) -> Range<usize> {
        let toks = &self.doc.tokens;
        match (
            toks.get(range.start),
            range.end.checked_sub(1).and_then(|e| toks.get(e)),
        ) {
            (Some(a), Some(b)) if range.start < range.end => {
                a.span.start as usize..b.span.end as usize
            }
            (Some(a), _) => a.span.start as usize..a.span.start as usize,
            _ => self.article.text.len()..self.article.text.len(),
        }
    }

    /// True when token `i` starts with an upper-case letter.
    #[inline]
    pub fn capitalised(&self, i: usize) -> bool {
        let raw = self.raw(i);
        match raw.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => raw.chars().next().is_some_and(char::is_uppercase),
        }
    }

    /// True when token `i` is the first of its sentence.
    pub fn sentence_initial(&self, i: usize) -> bool {
        self.doc
            .sentence_of(i)
            .map_or(true, |s| s.tokens.start == i)
    }

    /// True when only white space separates tokens `i` and `i + 1`.
    #[inline]
    pub fn adjacent(&self, i: usize) -> bool {
        let (Some(a), Some(b)) = (self.doc.tokens.get(i), self.doc.tokens.get(i + 1)) else {
            return false;
        };
        self.article.text[a.span.end as usize..b.span.start as usize]
            .chars()
            .all(char::is_whitespace)
    }

    /// True when byte `offset` lies inside quotation marks.
    #[inline]
    pub fn in_quote(&self, offset: usize) -> bool {
        let i = self.quoted.partition_point(|r| r.end <= offset);
        self.quoted.get(i).is_some_and(|r| r.contains(&offset))
    }

    /// True when token `i` is in the headline.
    #[inline]
    pub fn in_headline(&self, i: usize) -> bool {
        self.doc.tokens[i].span.end <= self.article.headline.end
            && !self.article.headline.is_empty()
    }

    /// A flag over a byte range of this article.
    pub fn flag(
        &self,
        kind: FlagKind,
        bytes: Range<usize>,
        reason: String,
        evidence: Evidence,
        severity: Severity,
    ) -> Flag {
        flag_in(self.article, kind, bytes, reason, evidence, severity)
    }
}

/// A flag over a byte range of `article` (what [`View::flag`] makes, without a view).
pub fn flag_in(
    article: &Article,
    kind: FlagKind,
    bytes: Range<usize>,
    reason: String,
    evidence: Evidence,
    severity: Severity,
) -> Flag {
    Flag {
        kind,
        start: bytes.start,
        end: bytes.end,
        text: article.text[bytes].to_owned(),
        reason,
        evidence,
        severity,
    }
}

/// Distinct words remembered per thread by [`counts`] before the memory is cleared.
const COUNT_MEMORY_WORDS: usize = 1 << 20;

/// Fact bit: the word has [`Lexicon::swaps_before`].
const SWAPS_BEFORE: u8 = 1;
/// Fact bit: the word has [`Lexicon::swaps_after`].
const SWAPS_AFTER: u8 = 2;
/// Fact bit: the word starts a formal name.
const FORMAL_START: u8 = 4;

thread_local! {
    /// Reference count and fact bits of every word this thread has looked up, by token hash.
    static COUNT_MEMORY: std::cell::RefCell<ahash::AHashMap<u64, (u64, u8)>> =
        std::cell::RefCell::new(ahash::AHashMap::new());
}

/// The fact bits of a normalised word.
fn facts(lex: &Lexicon, word: &str) -> u8 {
    let mut bits = 0;
    if !lex.swaps_before(word).is_empty() {
        bits |= SWAPS_BEFORE;
    }
    if !lex.swaps_after(word).is_empty() {
        bits |= SWAPS_AFTER;
    }
    if !lex.formal_starting(word).is_empty() {
        bits |= FORMAL_START;
    }
    bits
}

/// The reference count and fact bits of every token's normalised form (`words`).
///
/// A token's hash is the hash of its normalised form, so equal hashes mean equal words (up to
/// 64-bit collisions, which the corpus-wide document frequencies accept too). Each thread
/// remembers what it has looked up: a corpus repeats a small vocabulary, and the lexicon's
/// string-keyed maps miss the cache on every lookup.
fn counts(doc: &Doc, words: &Words) -> (Vec<u64>, Vec<u8>) {
    let lex = super::lexicon::lexicon();
    COUNT_MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() > COUNT_MEMORY_WORDS {
            memory.clear();
        }
        doc.tokens
            .iter()
            .zip(words.iter())
            .map(|(t, w)| {
                *memory
                    .entry(t.hash)
                    .or_insert_with(|| (lex.unigram(w), facts(lex, w)))
            })
            .unzip()
    })
}

/// The normalised words of an article laid end to end in one buffer: one allocation per
/// article instead of one per word (a 100k-article corpus has tens of millions of words).
/// Equal word sequences are equal (and hash equally).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Words {
    text: String,
    /// 0, then the end of each word in `text`: word `i` is `text[bounds[i]..bounds[i + 1]]`
    /// (empty when there are no words).
    bounds: Vec<u32>,
}

impl Words {
    /// The normal form of each raw token: ASCII words only need lower-casing (what
    /// [`normalize`] does to ASCII), anything else goes through the full normalisation.
    pub fn new<'t>(raw: impl ExactSizeIterator<Item = &'t str> + Clone) -> Words {
        let mut words = Words {
            text: String::with_capacity(raw.clone().map(str::len).sum()),
            bounds: Vec::with_capacity(raw.len() + 1),
        };
        words.bounds.push(0);
        for r in raw {
            if r.is_ascii() {
                let start = words.text.len();
                words.text.push_str(r);
                words.text[start..].make_ascii_lowercase();
            } else {
                words.text.push_str(&normalize(r));
            }
            let end = u32::try_from(words.text.len()).expect("article text is smaller than 4 GiB");
            words.bounds.push(end);
        }
        words
    }

    /// Number of words.
    #[inline]
    pub fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Word `i`, if there is one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.bounds.get(i.checked_add(1)?)?;
        self.text.get(self.bounds[i] as usize..end as usize)
    }

    /// The words in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| &self[i])
    }

    /// Owned copies of the words in `range` (clamped to the words there are).
    pub fn to_vec(&self, range: Range<usize>) -> Vec<String> {
        let end = range.end.min(self.len());
        (range.start.min(end)..end)
            .map(|i| self[i].to_owned())
            .collect()
    }

    /// The words in `range` (clamped to the words there are), in one buffer of their own.
    pub fn slice(&self, range: Range<usize>) -> Words {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        let (from, to) = (self.bounds[start], self.bounds[end]);
        Words {
            text: self.text[from as usize..to as usize].to_owned(),
            bounds: self.bounds[start..=end].iter().map(|b| b - from).collect(),
        }
    }

    /// The words joined by single spaces.
    pub fn joined(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + self.len());
        for (i, w) in self.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    }
}

impl Default for Words {
    /// No words.
    fn default() -> Words {
        Words {
            text: String::new(),
            bounds: vec![0],
        }
    }
}

impl std::ops::Index<usize> for Words {
    type Output = str;

    /// Word `i`; panics when out of range, like a slice.
    #[inline]
    fn index(&self, i: usize) -> &str {
        let (start, end) = (self.bounds[i], self.bounds[i + 1]);
        &self.text[start as usize..end as usize]
    }
}

/// A 256-bit sketch of a few words (by length and end letters), to tell cheaply that a word is
/// not among them before a hash set is asked.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sketch([u64; 4]);

impl Sketch {
    /// The sketch of `words`.
    pub fn of<'w>(words: impl IntoIterator<Item = &'w str>) -> Sketch {
        let mut sketch = Sketch::default();
        for w in words {
            let bit = Sketch::bit(w);
            sketch.0[bit / 64] |= 1 << (bit % 64);
        }
        sketch
    }

    /// False when `word` is surely not one of the sketched words.
    #[inline]
    pub fn may_hold(&self, word: &str) -> bool {
        let bit = Sketch::bit(word);
        self.0[bit / 64] >> (bit % 64) & 1 == 1
    }

    /// The bit of a word: equal words have equal bits.
    #[inline]
    fn bit(word: &str) -> usize {
        let b = word.as_bytes();
        let (first, last) = (b.first().copied(), b.last().copied());
        let mix =
            usize::from(first.unwrap_or(0)) * 31 + usize::from(last.unwrap_or(0)) * 7 + b.len();
        mix % 256
    }
}

/// True when the word is letters only (apostrophes allowed inside).
#[inline]
pub fn alphabetic(word: &str) -> bool {
    if word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'\'') {
        return !word.is_empty();
    }
    // Past ASCII, decide on the characters.
    !word.is_ascii() && word.chars().all(|c| c.is_alphabetic() || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Meta;

    #[test]
    fn counts_are_the_lexicon_counts_of_the_words() {
        let lex = super::super::lexicon::lexicon();
        let bodies = [
            "The leaders’ talks went on; THE Leaders said the talks were over.",
            "Über große Städte and the café, “quoted” words, 2017 and ﬁnance.",
            "Officials of the Islamic Republic of Iran met. The strike broke global law.",
        ];
        let (mut swaps, mut formal) = (false, false);
        // Twice each: the second time the counts come from the thread's memory.
        for body in bodies.iter().chain(&bodies) {
            let a = Article::new("x", "x", Some("The talks"), (*body).into(), Meta::default());
            let d = Doc::new(&a.text);
            let v = View::new(&a, &d);
            assert_eq!(v.counts.len(), v.words.len());
            for (i, w) in v.words.iter().enumerate() {
                assert_eq!(v.counts[i], lex.unigram(w), "{w}");
                assert_eq!(v.has_swaps_before(i), !lex.swaps_before(w).is_empty());
                assert_eq!(v.has_swaps_after(i), !lex.swaps_after(w).is_empty());
                assert_eq!(v.starts_formal_name(i), !lex.formal_starting(w).is_empty());
                swaps |= v.has_swaps_before(i) || v.has_swaps_after(i);
                formal |= v.starts_formal_name(i);
            }
            assert!(v.counts.iter().any(|&c| c > 0));
        }
        assert!(swaps && formal);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn words_hold_each_normal_form(raw in proptest::collection::vec("[A-Za-zÉé’'ﬁ0-9]{0,6}", 0..12)) {
            let words = Words::new(raw.iter().map(String::as_str));
            let want: Vec<String> = raw
                .iter()
                .map(|r| if r.is_ascii() { r.to_ascii_lowercase() } else { normalize(r) })
                .collect();
            proptest::prop_assert_eq!(words.len(), want.len());
            proptest::prop_assert_eq!(words.is_empty(), want.is_empty());
            for (i, w) in want.iter().enumerate() {
                proptest::prop_assert_eq!(&words[i], w.as_str());
                proptest::prop_assert_eq!(words.get(i), Some(w.as_str()));
            }
            proptest::prop_assert_eq!(words.get(want.len()), None);
            proptest::prop_assert_eq!(words.iter().collect::<Vec<_>>(), want.iter().map(String::as_str).collect::<Vec<_>>());
            proptest::prop_assert_eq!(words.to_vec(1..want.len() + 3), want.get(1..).unwrap_or_default().to_vec());
            proptest::prop_assert_eq!(words.joined(), want.join(" "));
            let part = words.slice(1..want.len() + 3);
            let rest = want.get(1..).unwrap_or_default();
            proptest::prop_assert_eq!(part.iter().collect::<Vec<_>>(), rest.iter().map(String::as_str).collect::<Vec<_>>());
            proptest::prop_assert_eq!(&part, &Words::new(rest.iter().map(String::as_str)));
            proptest::prop_assert!(words.slice(want.len() + 1..want.len() + 2).is_empty());
        }

        #[test]
        fn a_sketch_holds_its_words(words in proptest::collection::vec("[a-zé’]{0,7}", 0..20), other in "[a-zé’]{0,7}") {
            let sketch = Sketch::of(words.iter().map(String::as_str));
            proptest::prop_assert!(words.iter().all(|w| sketch.may_hold(w)));
            if !sketch.may_hold(&other) {
                proptest::prop_assert!(!words.contains(&other));
            }
        }

        #[test]
        fn alphabetic_is_letters_and_apostrophes(word in "[A-Za-z'’é0-9 .ß東-]{0,8}") {
            let want = !word.is_empty() && word.chars().all(|c| c.is_alphabetic() || c == '\'');
            proptest::prop_assert_eq!(alphabetic(&word), want);
        }
    }
}
