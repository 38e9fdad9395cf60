//! The scorer's word lists, embedded in the binary and parsed once.
//!
//! Every list is a data file with its provenance in its first line (see
//! `data/lexicon/PROVENANCE.md` and `data/formal-names.tsv`). The scorer uses WordNet synonyms,
//! the SCOWL word list and the SymSpell unigram and bigram counts; it never reads
//! `synonyms-moby.tsv`, which is reserved for generating synthetic test data.

use ahash::{AHashMap, AHashSet};
use std::sync::OnceLock;

mod wordnet;
pub use wordnet::{Related, Relation};

/// Where the synonym lexicon comes from, as recorded in flag evidence.
pub const SYNONYM_SOURCE: &str = "WordNet 3.0 (data/lexicon/synonyms-wordnet.tsv)";
/// Where the weaker WordNet relations come from.
pub const RELATED_SOURCE: &str = "WordNet 3.0 (data/lexicon/synonyms-wordnet-related.tsv)";
/// Where the word list comes from.
pub const WORDS_SOURCE: &str = "SCOWL size 50 (data/lexicon/words-en.txt)";
/// Where the words WordNet adds to the word list come from.
pub const WORDNET_WORDS_SOURCE: &str = "WordNet 3.0 (data/lexicon/wordnet-words.tsv)";
/// Where word and bigram counts come from.
pub const COUNTS_SOURCE: &str = "SymSpell counts (data/lexicon/unigrams-en.tsv, bigrams-en.tsv)";
/// Where the formal country names come from.
pub const FORMAL_SOURCE: &str = "ISO 3166-1 via iso-codes + WordNet 3.0 (data/formal-names.tsv)";

/// A formal long name and the common name prose uses instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormalName {
    /// The formal name as listed, e.g. a "Republic of ..." form.
    pub formal: String,
    /// The common name.
    pub common: String,
    /// The list entry it came from.
    pub source: String,
}

/// How many of a word's first synonyms count as strong swaps (see [`Lexicon::swaps_before`]).
pub const MUTUAL_RANK: usize = 6;
/// A two-word phrase counted at least this often is a frequent phrase.
pub const FREQUENT_BIGRAM: u64 = 100_000_000;

/// All word lists, lower-cased (normalised) keys.
#[derive(Debug, Default)]
pub struct Lexicon {
    synonyms: AHashMap<String, Vec<String>>,
    /// Strong swaps that start a frequent phrase: see [`Lexicon::swaps_before`].
    swaps_before: AHashMap<String, Vec<String>>,
    /// Strong swaps that end a frequent phrase: see [`Lexicon::swaps_after`].
    swaps_after: AHashMap<String, Vec<String>>,
    words: AHashSet<String>,
    unigrams: AHashMap<String, u64>,
    /// Bigram counts keyed by [`pair_key`].
    bigrams: AHashMap<u64, u64>,
    /// The bigram counts of at least [`FREQUENT_BIGRAM`] (a small map that stays in cache).
    frequent_bigrams: AHashMap<u64, u64>,
    /// Highest count of a listed pair starting with each word.
    pair_first_max: AHashMap<String, u64>,
    /// Highest count of a listed pair ending with each word.
    pair_second_max: AHashMap<String, u64>,
    /// Formal names, longest first.
    pub formal: Vec<FormalName>,
    /// Formal names by their lower-cased first word, longest first.
    formal_by_first: AHashMap<String, Vec<FormalName>>,
    /// The words of each formal name of `formal_by_first` (as [`crate::text::for_each_word`]
    /// splits it), in the same order.
    formal_words_by_first: AHashMap<String, Vec<Vec<String>>>,
    /// Count at or above which a word is a function word (the ~150 most frequent words).
    function_floor: u64,
    /// Count at or above which a word is among the ~200 most frequent.
    common_floor: u64,
    /// WordNet relations other than synonymy, and irregular inflections.
    related: Related,
}

/// Runs `a` and `b` side by side on a plain thread, not the rayon pool: inside a `OnceLock`
/// initialiser a pool thread waiting on `rayon::join` may steal a job that asks for the same
/// lock, and then waits on itself for ever (a `cargo test` run hung that way).
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        (a, b.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })
}

/// The lexicon, parsed on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let (lex, related) = both(
            || {
                Lexicon::parse(
                    include_str!("../../data/lexicon/synonyms-wordnet.tsv"),
                    include_str!("../../data/lexicon/words-en.txt"),
                    include_str!("../../data/lexicon/unigrams-en.tsv"),
                    include_str!("../../data/lexicon/bigrams-en.tsv"),
                    include_str!("../../data/formal-names.tsv"),
                )
            },
            || {
                Related::parse(
                    include_str!("../../data/lexicon/synonyms-wordnet-related.tsv"),
                    include_str!("../../data/lexicon/wordnet-exceptions.tsv"),
                )
                .with_words(include_str!("../../data/lexicon/wordnet-words.tsv"))
            },
        );
        lex.with_related(related)
    })
}

/// Data lines of a list: no comment lines, no blank lines.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Parses `word<TAB>count` (or space-separated) lines.
fn counts(text: &str) -> AHashMap<String, u64> {
    data_lines(text)
        .filter_map(|l| {
            let (k, v) = l.rsplit_once(['\t', ' '])?;
            Some((k.trim().to_lowercase(), v.trim().parse().ok()?))
        })
        .collect()
}

impl Lexicon {
    /// Parses the lists from their texts. Synonymy is made symmetric.
    pub fn parse(synonyms: &str, words: &str, unigrams: &str, bigrams: &str, formal: &str) -> Self {
        // Symmetrised in file order, so that synonym order (and every result that takes the
        // first few synonyms) is the same on every run.
        let mut syn: AHashMap<String, Vec<String>> = AHashMap::new();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for line in data_lines(synonyms) {
            let Some((head, rest)) = line.split_once('\t') else {
                continue;
            };
            // The head's list is found once per line, not once per synonym.
            let mut found = rest
                .split('|')
                .filter(|s| !s.is_empty() && *s != head)
                .peekable();
            if found.peek().is_none() {
                continue;
            }
            let list = syn.entry(head.to_owned()).or_default();
            for s in found {
                list.push(s.to_owned());
                pairs.push((s, head));
            }
        }
        for (s, h) in pairs {
            // A key is allocated only for a word not listed yet.
            if !syn.contains_key(s) {
                syn.insert(s.to_owned(), Vec::new());
            }
            if let Some(list) = syn.get_mut(s) {
                if !list.iter().any(|x| x == h) {
                    list.push(h.to_owned());
                }
            }
        }
        let mut formal: Vec<FormalName> = data_lines(formal)
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(FormalName {
                    formal: f.next()?.to_owned(),
                    common: f.next()?.to_owned(),
                    source: f.next().unwrap_or("").to_owned(),
                })
            })
            .collect();
        formal.sort_by(|a, b| {
            b.formal
                .len()
                .cmp(&a.formal.len())
                .then(a.formal.cmp(&b.formal))
        });
        let ((unigrams, words), bigram_counts) = both(
            || {
                both(
                    || counts(unigrams),
                    || data_lines(words).map(str::to_lowercase).collect(),
                )
            },
            || counts(bigrams),
        );
        let mut top: Vec<u64> = unigrams.values().copied().collect();
        top.sort_unstable_by(|a, b| b.cmp(a));
        let function_floor = top.get(150).copied().unwrap_or(u64::MAX);
        let common_floor = top.get(200).copied().unwrap_or(u64::MAX);
        let mut formal_by_first: AHashMap<String, Vec<FormalName>> = AHashMap::new();
        for f in &formal {
            let first = f
                .formal
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase();
            formal_by_first.entry(first).or_default().push(f.clone());
        }
        let formal_words_by_first = formal_by_first
            .iter()
            .map(|(first, names)| {
                (
                    first.clone(),
                    names.iter().map(|f| words_of(&f.formal)).collect(),
                )
            })
            .collect();
        let mut pair_first_max: AHashMap<String, u64> = AHashMap::new();
        let mut pair_second_max: AHashMap<String, u64> = AHashMap::new();
        let mut bigrams = AHashMap::with_capacity(bigram_counts.len());
        for (k, v) in bigram_counts {
            let Some((a, b)) = k.split_once(' ') else {
                continue;
            };
            bigrams.insert(pair_key(a, b), v);
            raise(&mut pair_first_max, a, v);
            raise(&mut pair_second_max, b, v);
        }
        let frequent_bigrams = bigrams
            .iter()
            .filter(|&(_, &v)| v >= FREQUENT_BIGRAM)
            .map(|(&k, &v)| (k, v))
            .collect();
        let strong = strong_swaps(&syn, |w| {
            !w.contains(' ') && unigrams.get(w).copied().unwrap_or(0) < common_floor
        });
        let frequent =
            |m: &AHashMap<String, u64>, w: &str| m.get(w).copied().unwrap_or(0) >= FREQUENT_BIGRAM;
        let swaps_before = filtered(&strong, |w| frequent(&pair_first_max, w));
        let swaps_after = filtered(&strong, |w| frequent(&pair_second_max, w));
        Lexicon {
            formal_by_first,
            formal_words_by_first,
            swaps_before,
            swaps_after,
            synonyms: syn,
            words,
            unigrams,
            function_floor,
            common_floor,
            bigrams,
            frequent_bigrams,
            pair_first_max,
            pair_second_max,
            formal,
            related: Related::default(),
        }
    }

    /// The lexicon with these WordNet relations and inflections (none by default).
    pub fn with_related(mut self, related: Related) -> Self {
        self.related = related;
        self
    }

    /// Dictionary forms of a lower-cased word, the word itself first: its WordNet irregular
    /// bases and the forms left by WordNet's suffix rules, when the lexicon lists them.
    pub fn lemmas(&self, word: &str) -> Vec<String> {
        self.related.base_forms(word, |w| {
            self.synonyms.contains_key(w) || self.related.is_lemma(w)
        })
    }

    /// The WordNet relation (other than synonymy) between two lower-cased lemmas, if any.
    pub fn relation(&self, a: &str, b: &str) -> Option<Relation> {
        self.related.relation(a, b)
    }

    /// Formal names whose first word is `word` (lower-cased), longest first.
    pub fn formal_starting(&self, word: &str) -> &[FormalName] {
        self.formal_by_first.get(word).map_or(&[], Vec::as_slice)
    }

    /// [`Lexicon::formal_starting`], with the words of each name (as
    /// [`crate::text::for_each_word`] splits it) in a list of the same order.
    pub fn formal_starting_words(&self, word: &str) -> (&[FormalName], &[Vec<String>]) {
        match (
            self.formal_by_first.get(word),
            self.formal_words_by_first.get(word),
        ) {
            (Some(names), Some(words)) => (names, words),
            _ => (&[], &[]),
        }
    }

    /// Synonyms of a lower-cased word or phrase, most frequent sense first.
    pub fn synonyms(&self, word: &str) -> &[String] {
        self.synonyms.get(word).map_or(&[], Vec::as_slice)
    }

    /// The strong swaps of a word (the one-word synonyms a thesaurus offers first: among its
    /// first [`MUTUAL_RANK`] synonyms, those that list it among their own first
    /// [`MUTUAL_RANK`] and are not among the ~200 most frequent words), in synonym order, that
    /// start a listed phrase counted at least [`FREQUENT_BIGRAM`] times.
    pub fn swaps_before(&self, word: &str) -> &[String] {
        self.swaps_before.get(word).map_or(&[], Vec::as_slice)
    }

    /// The strong swaps of a word (as in [`Lexicon::swaps_before`]) that end a listed phrase
    /// counted at least [`FREQUENT_BIGRAM`] times.
    pub fn swaps_after(&self, word: &str) -> &[String] {
        self.swaps_after.get(word).map_or(&[], Vec::as_slice)
    }

    /// True when `a` and `b` (lower-cased) are listed as synonyms of each other.
    pub fn are_synonyms(&self, a: &str, b: &str) -> bool {
        a != b && self.synonyms(a).iter().any(|s| s == b)
    }

    /// True when the word (any case) is in the word list or the unigram counts.
    pub fn is_word(&self, word: &str) -> bool {
        if !word.is_ascii() || word.bytes().any(|b| b.is_ascii_uppercase()) {
            let w = word.to_lowercase();
            self.words.contains(&w) || self.unigrams.contains_key(&w)
        } else {
            self.words.contains(word) || self.unigrams.contains_key(word)
        }
    }

    /// True when WordNet knows the lower-cased word: a noun lemma or its regular plural, or a
    /// word of a multiword lemma.
    pub fn in_wordnet(&self, word: &str) -> bool {
        self.related.knows(word)
    }

    /// True when the word (lower-cased) is in the SCOWL word list.
    pub fn in_word_list(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// True for the ~150 most frequent English words (articles, pronouns, prepositions...).
    pub fn is_function_word(&self, word: &str) -> bool {
        self.unigram(word) >= self.function_floor
    }

    /// True for the ~200 most frequent English words.
    pub fn is_very_common(&self, word: &str) -> bool {
        self.unigram(word) >= self.common_floor
    }

    /// [`Lexicon::is_function_word`] for a word whose [`Lexicon::unigram`] count is known.
    pub fn is_function_count(&self, count: u64) -> bool {
        count >= self.function_floor
    }

    /// [`Lexicon::is_very_common`] for a word whose [`Lexicon::unigram`] count is known.
    pub fn is_very_common_count(&self, count: u64) -> bool {
        count >= self.common_floor
    }

    /// Highest count of a listed two-word phrase starting with `word` (0 when none).
    pub fn max_bigram_starting(&self, word: &str) -> u64 {
        self.pair_first_max.get(word).copied().unwrap_or(0)
    }

    /// Highest count of a listed two-word phrase ending with `word` (0 when none).
    pub fn max_bigram_ending(&self, word: &str) -> u64 {
        self.pair_second_max.get(word).copied().unwrap_or(0)
    }

    /// Reference count of a lower-cased word (0 when unlisted).
    pub fn unigram(&self, word: &str) -> u64 {
        self.unigrams.get(word).copied().unwrap_or(0)
    }

    /// Every word with a reference count, in no particular order.
    pub fn unigram_words(&self) -> impl Iterator<Item = &str> {
        self.unigrams.keys().map(String::as_str)
    }

    /// Reference count of a lower-cased two-word phrase (0 when unlisted).
    pub fn bigram(&self, a: &str, b: &str) -> u64 {
        self.bigrams.get(&pair_key(a, b)).copied().unwrap_or(0)
    }

    /// [`Lexicon::bigram`] of a phrase counted at least [`FREQUENT_BIGRAM`] times, 0 for any
    /// other (looked up in a much smaller table).
    pub fn frequent_bigram(&self, a: &str, b: &str) -> u64 {
        self.frequent_bigrams
            .get(&pair_key(a, b))
            .copied()
            .unwrap_or(0)
    }

    /// The most frequent listed word one edit (insertion, deletion, substitution or
    /// transposition of a letter) away from `word`, if any.
    pub fn nearest_word(&self, word: &str) -> Option<(String, u64)> {
        let chars: Vec<char> = word.chars().collect();
        let mut best: Option<(String, u64)> = None;
        let mut consider = |cand: String| {
            let c = self.unigram(&cand);
            if c > 0 && best.as_ref().map_or(true, |(_, b)| c > *b) {
                best = Some((cand, c));
            }
        };
        for i in 0..=chars.len() {
            if i < chars.len() {
                consider(chars[..i].iter().chain(&chars[i + 1..]).collect());
                if i + 1 < chars.len() {
                    let mut t = chars.clone();
                    t.swap(i, i + 1);
                    consider(t.into_iter().collect());
                }
            }
            for l in 'a'..='z' {
                let ins: String = chars[..i].iter().chain([&l]).chain(&chars[i..]).collect();
                consider(ins);
                if i < chars.len() && chars[i] != l {
                    let mut t = chars.clone();
                    t[i] = l;
                    consider(t.into_iter().collect());
                }
            }
        }
        best
    }
}

/// Raises the count of `word` in `max` to `v` (a key is allocated only for a new word).
fn raise(max: &mut AHashMap<String, u64>, word: &str, v: u64) {
    match max.get_mut(word) {
        Some(m) => *m = (*m).max(v),
        None => {
            max.insert(word.to_owned(), v);
        }
    }
}

/// The lists of `map` restricted to the words `keep` accepts (empty lists left out).
fn filtered(
    map: &AHashMap<String, Vec<String>>,
    keep: impl Fn(&str) -> bool,
) -> AHashMap<String, Vec<String>> {
    map.iter()
        .filter_map(|(w, list)| {
            let kept: Vec<String> = list.iter().filter(|s| keep(s)).cloned().collect();
            (!kept.is_empty()).then(|| (w.clone(), kept))
        })
        .collect()
}

/// For each word, its strong swaps (see [`Lexicon::swaps_before`]; words with none are left
/// out); `swap`
/// tells whether a synonym may be one (one word, not very common).
fn strong_swaps(
    syn: &AHashMap<String, Vec<String>>,
    swap: impl Fn(&str) -> bool,
) -> AHashMap<String, Vec<String>> {
    let first = |w: &str| {
        syn.get(w)
            .map_or(&[][..], |l| &l[..l.len().min(MUTUAL_RANK)])
    };
    syn.iter()
        .filter_map(|(w, list)| {
            let strong: Vec<String> = list
                .iter()
                .take(MUTUAL_RANK)
                .filter(|s| first(s).iter().any(|x| x == w) && swap(s))
                .cloned()
                .collect();
            (!strong.is_empty()).then(|| (w.clone(), strong))
        })
        .collect()
}

/// The words of a phrase, as [`crate::text::for_each_word`] splits it.
fn words_of(phrase: &str) -> Vec<String> {
    let mut words = Vec::new();
    crate::text::for_each_word(phrase, |s, e| words.push(phrase[s..e].to_owned()));
    words
}

/// Stable key of a word pair: XXH3 of "a b", without allocating for short pairs.
pub fn pair_key(a: &str, b: &str) -> u64 {
    let mut buf = [0u8; 96];
    let n = a.len() + b.len() + 1;
    if n <= buf.len() {
        buf[..a.len()].copy_from_slice(a.as_bytes());
        buf[a.len()] = b' ';
        buf[a.len() + 1..n].copy_from_slice(b.as_bytes());
        crate::text::hash_bytes(&buf[..n])
    } else {
        crate::text::hash_bytes(format!("{a} {b}").as_bytes())
    }
}

/// Longest word, in characters, whose edit distance is computed without allocating.
const SHORT: usize = 48;

/// Levenshtein distance between two short strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let mut ca = ['\0'; SHORT];
    let mut cb = ['\0'; SHORT];
    let (Some(na), Some(nb)) = (fill(&mut ca, a), fill(&mut cb, b)) else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let (mut prev, mut cur) = (vec![0; b.len() + 1], vec![0; b.len() + 1]);
        return levenshtein(&a, &b, &mut prev, &mut cur);
    };
    let (mut prev, mut cur) = ([0; SHORT + 1], [0; SHORT + 1]);
    levenshtein(&ca[..na], &cb[..nb], &mut prev, &mut cur)
}

/// Copies the characters of `s` into `buf`; their number, or None when they do not fit.
fn fill(buf: &mut [char], s: &str) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
}

/// Levenshtein distance of two character slices, with two rows of at least `b.len() + 1`.
fn levenshtein<'r>(
    a: &[char],
    b: &[char],
    mut prev: &'r mut [usize],
    mut cur: &'r mut [usize],
) -> usize {
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Crude English stem for matching inflected forms: strips common suffixes.
pub fn stem(word: &str) -> &str {
    for suffix in ["ies", "ing", "ed", "es", "s", "ly"] {
        if let Some(s) = word.strip_suffix(suffix) {
            if s.len() >= 3 {
                return s;
            }
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_bigrams_are_the_bigrams_counted_often() {
        let lex = lexicon();
        assert!(lex.bigram("of", "the") >= FREQUENT_BIGRAM);
        assert_eq!(lex.frequent_bigram("of", "the"), lex.bigram("of", "the"));
        let rare = lex
            .bigrams
            .iter()
            .filter(|&(_, &v)| v > 0 && v < FREQUENT_BIGRAM)
            .count();
        assert!(rare > 0 && !lex.frequent_bigrams.is_empty());
        for (k, &v) in &lex.bigrams {
            let want = if v >= FREQUENT_BIGRAM { v } else { 0 };
            assert_eq!(lex.frequent_bigrams.get(k).copied().unwrap_or(0), want);
        }
        assert_eq!(lex.frequent_bigram("xqzzv", "the"), 0);
    }

    #[test]
    fn formal_names_come_with_their_words() {
        let lex = lexicon();
        let (names, words) = lex.formal_starting_words("republic");
        assert!(!names.is_empty());
        assert_eq!(names, lex.formal_starting("republic"));
        assert_eq!(names.len(), words.len());
        for (f, w) in names.iter().zip(words) {
            let want: Vec<String> = crate::text::tokenize(&f.formal)
                .iter()
                .map(|t| t.span.slice(&f.formal).to_owned())
                .collect();
            assert_eq!(w, &want);
        }
        assert_eq!(lex.formal_starting_words("xqzzv"), (&[][..], &[][..]));
    }

    #[test]
    fn embedded_lists_parse() {
        let lex = lexicon();
        assert!(lex.are_synonyms("international", "worldwide"));
        assert!(lex.are_synonyms("worldwide", "international"));
        assert!(!lex.are_synonyms("relation", "retaliation"));
        assert!(lex.is_word("retaliation"));
        assert!(!lex.is_word("xqzzv"));
        assert!(lex.bigram("international", "law") > 0);
        assert!(!lex.formal.is_empty());
    }

    #[test]
    fn wordnet_lemmas_and_relations_load() {
        let lex = lexicon();
        assert!(lex.lemmas("children").contains(&"child".to_owned()));
        assert!(lex.lemmas("walked").contains(&"walk".to_owned()));
        assert_eq!(lex.lemmas("xqzzv"), ["xqzzv"]);
        assert_eq!(lex.relation("west", "east"), Some(Relation::Antonym));
        assert_eq!(lex.relation("cancer", "carcinoma"), Some(Relation::KindOf));
        assert_eq!(lex.relation("before", "previously"), Some(Relation::Gloss));
        assert_eq!(lex.relation("budget", "umbrella"), None);
    }

    #[test]
    fn nearest_word_repairs_one_typo() {
        let lex = lexicon();
        assert_eq!(
            lex.nearest_word("goverment").map(|w| w.0),
            Some("government".into())
        );
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("relation", "retaliation"), 3);
        assert_eq!(edit_distance("were", "we're"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("naïve", "naive"), 1);
        // Past the stack buffer the distance is the same, on the heap.
        let long = "a".repeat(60);
        assert_eq!(edit_distance(&long, &format!("{long}b")), 1);
        assert_eq!(edit_distance(&long, "ab"), 59);
    }

    proptest::proptest! {
        #[test]
        fn edit_distance_matches_the_textbook_table(a in "[a-cé']{0,60}", b in "[a-cé']{0,60}") {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut t = vec![vec![0usize; y.len() + 1]; x.len() + 1];
            for i in 0..=x.len() {
                for j in 0..=y.len() {
                    t[i][j] = if i == 0 || j == 0 {
                        i + j
                    } else {
                        (t[i - 1][j - 1] + usize::from(x[i - 1] != y[j - 1]))
                            .min(t[i - 1][j] + 1)
                            .min(t[i][j - 1] + 1)
                    };
                }
            }
            proptest::prop_assert_eq!(edit_distance(&a, &b), t[x.len()][y.len()]);
        }
    }
}
