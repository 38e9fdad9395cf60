//! Splices: body sentences that share almost none of their distinctive words with the rest of
//! their article (a paragraph lifted from an unrelated report), and whose words, where other
//! articles of the corpus use them, keep company with other stories than the article's,
//! and whose dictionary glosses ([`super::topic`]) fit other articles as well as their own.

use super::lexicon::{stem, Lexicon};
use super::topic::{self, Background, Counters, Glosses, Word, BACKGROUND_ARTICLES};
use super::view::{alphabetic, View};
use super::weights::Weights;
use super::{Evidence, Flag, FlagKind, Severity};
use ahash::AHashMap;
use body::{support, Body, Checked, Scratch, Supported};
use rank::Ranker;
use rayon::prelude::*;

mod body;
mod rank;

/// Words in more articles than this do not define a story.
const STORY_MAX_POSTINGS: usize = 50;
/// Words in more than this share of the articles do not define a story.
const STORY_MAX_SHARE: f64 = 0.1;
/// Honorifics that news prose puts before a surname once the person has been introduced.
const HONORIFICS: [&str; 5] = ["mr", "mrs", "ms", "dr", "miss"];

/// Which articles use each distinctive word: the corpus statistics the association needs.
#[derive(Debug, Default)]
pub struct Stories {
    /// Articles holding each distinctive stem (one held by few articles), by [`stem_key`],
    /// sorted; the stems are split by [`shard`] so that the shards are built in parallel.
    postings: Vec<AHashMap<u64, Vec<u32>>>,
    /// Gloss features of articles spread over the corpus.
    background: Background,
}

impl Stories {
    /// Builds the postings of the distinctive stems of every article's text. `links` are not
    /// needed: a copy shares its source's words, which the postings already show.
    pub fn build(lex: &Lexicon, views: &[View], _links: &[crate::align::Link]) -> Stories {
        let keys: Vec<Keys> = views
            .par_iter()
            .map(|v| {
                let mut ks: Vec<u64> = Vec::with_capacity(v.words.len());
                each_term(lex, v, 0..v.words.len(), |t| ks.extend(t.map(|t| t.key)));
                Keys::new(ks)
            })
            .collect();
        let max_postings =
            ((views.len() as f64 * STORY_MAX_SHARE) as usize).clamp(2, STORY_MAX_POSTINGS);
        let postings = (0..SHARDS)
            .into_par_iter()
            .map(|shard| shard_postings(&keys, shard, max_postings))
            .collect();
        let n = views.len();
        let m = n.min(BACKGROUND_ARTICLES);
        let members: Vec<(u32, Vec<Word>)> = (0..m)
            .into_par_iter()
            .map(|j| {
                let i = j * n / m;
                let v = &views[i];
                let words = terms(lex, v, 0..v.words.len())
                    .into_iter()
                    .flatten()
                    .map(|t| t.word)
                    .collect();
                (i as u32, words)
            })
            .collect();
        Stories {
            postings,
            background: Background::new(topic::glosses(), members),
        }
    }

    /// The articles holding a distinctive stem (empty for any other stem).
    fn holding(&self, key: u64) -> &[u32] {
        self.postings
            .get(shard(key))
            .and_then(|p| p.get(&key))
            .map_or(&[], Vec::as_slice)
    }

    /// Distinctive weight each other article shares with `article`: the summed weights of
    /// the article's distinctive stems (given by [`Stories::holding`] and weight, sorted by
    /// key) it holds. `shared` is a map to reuse: it is emptied first.
    fn shared<'s>(
        article: usize,
        all: impl Iterator<Item = (&'s [u32], f64)>,
        mut shared: AHashMap<u32, f64>,
    ) -> AHashMap<u32, f64> {
        shared.clear();
        for (holding, weight) in all {
            for &b in holding {
                if b as usize != article {
                    *shared.entry(b).or_default() += weight;
                }
            }
        }
        shared
    }

    /// Association of a sentence with the rest of its article, through the other articles
    /// of the corpus: for each distinctive stem of the sentence (`words`, with weights, sorted
    /// by key), the mean share of the rest of the article's distinctive weight that the other
    /// articles holding the stem also hold, averaged over the stems by weight. `shared` is
    /// [`Stories::shared`] for the whole article and `total` its distinctive weight;
    /// `only_here` (the sentence's distinctive stems found nowhere else in the article) is
    /// taken out of both, so the article is seen without the sentence and the sentence cannot
    /// vouch for itself. The stems are given by the articles holding them
    /// ([`Stories::holding`]). 0 when no other article holds a stem of the sentence.
    /// `through` is a buffer.
    fn association(
        article: usize,
        words: &[(&[u32], f64)],
        shared: &AHashMap<u32, f64>,
        total: f64,
        only_here: &[(&[u32], f64)],
        through: &mut AHashMap<u32, f64>,
    ) -> f64 {
        through.clear();
        let mut rest = total;
        for &(holding, weight) in only_here {
            rest -= weight;
            for &b in holding {
                *through.entry(b).or_default() += weight;
            }
        }
        if rest <= 1e-9 {
            return 0.0;
        }
        let (mut sum, mut weights) = (0.0, 0.0);
        for &(holding, weight) in words {
            let (mut held, mut others) = (0.0, 0usize);
            for &b in holding.iter().filter(|&&b| b as usize != article) {
                let with = shared.get(&b).copied().unwrap_or(0.0);
                let without = with - through.get(&b).copied().unwrap_or(0.0);
                held += without.max(0.0) / rest;
                others += 1;
            }
            if others > 0 {
                sum += weight * held / others as f64;
                weights += weight;
            }
        }
        if weights > 0.0 {
            sum / weights
        } else {
            0.0
        }
    }
}

/// Number of shards of [`Stories::postings`] (a power of two).
const SHARDS: usize = 16;

/// The shard of the postings that holds a stem key (its top bits: keys are hashes).
fn shard(key: u64) -> usize {
    (key >> (64 - SHARDS.trailing_zeros())) as usize
}

/// The distinct stem keys of one article, sorted, with where each shard's keys start.
struct Keys {
    /// The keys, sorted and each once.
    keys: Vec<u64>,
    /// `bounds[s]..bounds[s + 1]` are the keys of shard `s`.
    bounds: [u32; SHARDS + 1],
}

impl Keys {
    /// Sorts and deduplicates `keys` and finds the shard bounds.
    fn new(mut keys: Vec<u64>) -> Keys {
        keys.sort_unstable();
        keys.dedup();
        let mut bounds = [0u32; SHARDS + 1];
        let mut at = 0;
        for (s, b) in bounds.iter_mut().enumerate().skip(1) {
            while at < keys.len() && shard(keys[at]) < s {
                at += 1;
            }
            *b = at as u32;
        }
        Keys { keys, bounds }
    }

    /// The keys of shard `shard_no`.
    fn of_shard(&self, shard_no: usize) -> &[u64] {
        let (from, to) = (self.bounds[shard_no], self.bounds[shard_no + 1]);
        &self.keys[from as usize..to as usize]
    }
}

/// The postings of the stems of shard `shard_no`: the articles holding each, in article order,
/// from the sorted stem keys of every article; stems in more than `max` articles are left out.
fn shard_postings(keys: &[Keys], shard_no: usize, max: usize) -> AHashMap<u64, Vec<u32>> {
    let mut postings: AHashMap<u64, Vec<u32>> = AHashMap::new();
    for (a, ks) in keys.iter().enumerate() {
        for &k in ks.of_shard(shard_no) {
            postings.entry(k).or_default().push(a as u32);
        }
    }
    postings.retain(|_, p| p.len() <= max);
    postings
}

/// Key of a stem in the story postings.
fn stem_key(stem: &str) -> u64 {
    crate::text::hash_bytes(stem.as_bytes())
}

/// A content word as the detector weighs it.
#[derive(Clone, Copy, Debug)]
struct Term {
    /// [`stem_key`] of its stem (possessive folded).
    key: u64,
    /// [`idf`] of its stem.
    idf: f64,
    /// The word (possessive folded) in the gloss table.
    word: Word,
    /// Where its gloss features' bag counters are.
    counters: Counters,
}

/// Distinct words remembered per thread by [`terms`] before the memory is cleared.
const TERM_MEMORY_WORDS: usize = 1 << 20;

thread_local! {
    /// The [`Term`] (or none, for a word that is no content word) of every word this thread
    /// has seen, by token hash: stemming, the stem's reference count and its gloss entry are
    /// looked up once per distinct word, not once per token.
    static TERM_MEMORY: std::cell::RefCell<AHashMap<u64, Option<Term>>> =
        std::cell::RefCell::new(AHashMap::new());
}

/// The [`Term`] of every token of `range` (`None` for a token that is no content word).
/// A token's hash is the hash of its normalised form, so equal hashes are equal words.
fn terms(lex: &Lexicon, view: &View, range: std::ops::Range<usize>) -> Vec<Option<Term>> {
    let mut out = Vec::with_capacity(range.len());
    each_term(lex, view, range, |t| out.push(t));
    out
}

/// Calls `f` with the [`Term`] of every token of `range`, in order, as [`terms`] lists them.
fn each_term(
    lex: &Lexicon,
    view: &View,
    range: std::ops::Range<usize>,
    mut f: impl FnMut(Option<Term>),
) {
    let g = topic::glosses();
    TERM_MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() > TERM_MEMORY_WORDS {
            memory.clear();
        }
        for i in range {
            // Short and function words (most tokens) are no terms: no need to ask the memory.
            let (word, count) = (&view.words[i], view.counts[i]);
            if word.len() < 3 || lex.is_function_count(count) {
                f(None);
                continue;
            }
            f(*memory
                .entry(view.doc.tokens[i].hash)
                .or_insert_with(|| term(lex, g, word, count)));
        }
    })
}

/// The [`Term`] of a normalised word with reference count `count`, if it is a content word.
fn term(lex: &Lexicon, g: &Glosses, word: &str, count: u64) -> Option<Term> {
    if word.len() < 3 || !alphabetic(word) || lex.is_function_count(count) {
        return None;
    }
    let w = possessive(word);
    let s = stem(w);
    let count = if s.len() == word.len() {
        count
    } else {
        lex.unigram(s)
    };
    let word = g.resolve(w);
    Some(Term {
        key: stem_key(s),
        idf: idf(count),
        word,
        counters: g.counters(word),
    })
}

/// A word without its possessive ending ("Hewitt's" counts as "Hewitt").
fn possessive(word: &str) -> &str {
    let w = word.strip_suffix("'s").unwrap_or(word);
    let w = w.trim_end_matches('\'');
    if w.is_empty() {
        word
    } else {
        w
    }
}

/// Distinctiveness of a word counted `count` times in the reference counts: rarer weighs more.
fn idf(count: u64) -> f64 {
    (2.0e10 / (count as f64 + 2.0e5)).ln().max(0.5)
}

/// Splice flags of article number `index`.
///
/// A body sentence's support is its cohesion (the weighted share of its content stems found
/// elsewhere in the article) plus [`Weights::splice_association_weight`] times its
/// [`Stories::association`], minus [`Weights::splice_topic_rank_weight`] times its topic
/// rank (`rank::Ranker::rank`). It is flagged below [`Weights::splice_max_cohesion`], lowered by
/// [`Weights::splice_short_step`] per distinct content word it has fewer than
/// [`Weights::splice_full_words`], and raised by [`Weights::splice_unintroduced_raise`] when
/// it names a person the article never introduces.
pub fn flags(
    lex: &Lexicon,
    view: &View,
    index: usize,
    stories: &Stories,
    w: &Weights,
) -> Vec<Flag> {
    let body = view.article.body.start;
    let sents: Vec<_> = view
        .doc
        .sentences
        .iter()
        .filter(|s| s.span.start >= body)
        .collect();
    let (Some(first), Some(last)) = (sents.first(), sents.last()) else {
        return Vec::new();
    };
    if sents.len() < w.splice_min_sentences {
        return Vec::new();
    }
    let from = first.tokens.start;
    let toks = terms(lex, view, from..last.tokens.end.max(from));
    let of = |s: &crate::text::Segment| {
        let r = s.tokens.start.saturating_sub(from)..s.tokens.end.saturating_sub(from);
        toks.get(r).unwrap_or(&[])
    };
    let stems = Body::new(&toks, stories);
    // The map of the thread's previous article, reused: growing a new one costs more.
    let spare = SPARE_SHARED.with(|spare| std::mem::take(&mut *spare.borrow_mut()));
    let article = Checked {
        index,
        shared: Stories::shared(
            index,
            stems.distinctive().map(|s| (s.holding, s.idf)),
            spare,
        ),
        total: stems.distinctive().map(|s| s.idf).sum(),
        body: &stems,
    };
    let mut ranker = Ranker::new(stories, &article, &stems.firsts);
    let rank_weight = w.splice_topic_rank_weight.max(0.0);
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for s in &sents {
        let ts = of(s);
        let ceiling =
            |words: usize| threshold(w, words) + w.splice_unintroduced_raise + rank_weight;
        let tokens = s.tokens.start.saturating_sub(from)..s.tokens.end.saturating_sub(from);
        let Some(Supported { support, words }) =
            support(&article, tokens, w, ceiling, &mut scratch)
        else {
            continue;
        };
        let mut limit = threshold(w, words);
        let mut who = None;
        if support - rank_weight >= limit {
            who = unintroduced(view, s.tokens.clone());
            if who.is_none() {
                continue;
            }
            limit += w.splice_unintroduced_raise;
        }
        let rank = if support >= limit && rank_weight > 0.0 {
            ranker.rank(ts, &scratch.vanishing)
        } else {
            0.0
        };
        let judged = support - rank_weight * rank;
        if judged >= limit {
            continue;
        }
        out.push(flag(view, s.span.range(), judged, limit, rank, who));
    }
    drop(ranker);
    SPARE_SHARED.with(|spare| *spare.borrow_mut() = article.shared);
    out
}

thread_local! {
    /// The [`Stories::shared`] map a thread's last [`flags`] left behind, for the next.
    static SPARE_SHARED: std::cell::RefCell<AHashMap<u32, f64>> =
        std::cell::RefCell::new(AHashMap::new());
}

/// The support threshold of a sentence of `words` distinct content words (without the
/// unintroduced-name raise).
fn threshold(w: &Weights, words: usize) -> f64 {
    let lacking = w.splice_full_words.saturating_sub(words);
    w.splice_max_cohesion - w.splice_short_step * lacking as f64
}

/// The splice flag of a sentence judged `judged` against `limit`.
fn flag(
    view: &View,
    bytes: std::ops::Range<usize>,
    judged: f64,
    limit: f64,
    rank: f64,
    who: Option<String>,
) -> Flag {
    let mut reason = "This sentence shares almost none of its distinctive words with the rest of the article, and other articles use them with other stories".to_owned();
    let mut evidence = format!("support {judged:.2} (threshold {limit:.2}");
    if rank > 0.0 {
        evidence.push_str(&format!(", topic rank {rank:.2}"));
    }
    if let Some(who) = who {
        reason.push_str(&format!(
            ", and it names {who}, whom the article never introduces"
        ));
        evidence.push_str(&format!(", an unintroduced {who}"));
    }
    reason.push_str(": likely lifted from another story.");
    evidence.push(')');
    view.flag(
        FlagKind::Splice,
        bytes,
        reason,
        Evidence {
            text: evidence,
            ..Evidence::default()
        },
        Severity::Medium,
    )
}

/// The first honorific and surname (such as a "Dr" before one capitalised word) in tokens
/// `range` whose surname appears nowhere else in the article, headline included. An
/// honorific followed by two capitalised words is a full-name introduction, not a
/// back-reference.
fn unintroduced(view: &View, range: std::ops::Range<usize>) -> Option<String> {
    let words = &view.words;
    let cap = |i: usize| i < range.end && view.capitalised(i);
    range.clone().find_map(|i| {
        let title = HONORIFICS.contains(&&words[i]) && cap(i + 1) && !cap(i + 2);
        if !title {
            return None;
        }
        let name = possessive(&words[i + 1]);
        let elsewhere = words
            .iter()
            .enumerate()
            .any(|(j, x)| !range.contains(&j) && possessive(x) == name);
        (!elsewhere).then(|| format!("{} {}", view.raw(i), view.raw(i + 1)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, Meta};
    use crate::score::lexicon::lexicon;
    use crate::text::Doc;

    #[test]
    fn an_off_topic_sentence_stands_out() {
        let body = "Bushfires burned homes near Sydney on Monday. Firefighters fought the bushfires through the night near Sydney. Residents fled homes as the fires approached. The cricket selectors named a new spin bowler for the Ashes tour of England. Firefighters expect the bushfires to burn for days. Residents may return home when the fires ease.";
        let a = Article::new("x", "x", Some("Fires"), body.into(), Meta::default());
        let d = Doc::new(&a.text);
        let v = View::new(&a, &d);
        let stories = Stories::build(lexicon(), std::slice::from_ref(&v), &[]);
        let f = flags(lexicon(), &v, 0, &stories, &Weights::default());
        let texts: Vec<&str> = f.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            texts,
            ["The cricket selectors named a new spin bowler for the Ashes tour of England."]
        );
    }

    /// Texts of the splice flags of the first of `bodies`, scored as one corpus.
    fn flagged(bodies: &[&str]) -> Vec<String> {
        let articles: Vec<Article> = bodies
            .iter()
            .map(|b| Article::new("x", "x", None, (*b).into(), Meta::default()))
            .collect();
        let docs: Vec<Doc> = articles.iter().map(|a| Doc::new(&a.text)).collect();
        let views = View::all(&articles, &docs);
        let stories = Stories::build(lexicon(), &views, &[]);
        flags(lexicon(), &views[0], 0, &stories, &Weights::default())
            .into_iter()
            .map(|f| f.text)
            .collect()
    }

    #[test]
    fn other_articles_vouch_for_new_words_of_the_same_story() {
        let fires = "Bushfires burned homes near Sydney on Monday. Firefighters fought the bushfires through the night near Sydney. Volunteers dropped retardant from helicopters over steep ridges west of Katoomba. The selectors named a new spin bowler for the Ashes tour of England. Firefighters expect the bushfires to burn for days. Residents may return home when the bushfires ease.";
        let cricket = "The selectors named a spin bowler for the Ashes tour. The bowler joins the squad in England.";
        let ridges = "Firefighters battled bushfires on steep ridges near Katoomba. Helicopters dropped retardant on the bushfires.";
        let spin = "The selectors named a new spin bowler for the Ashes tour of England.";
        let helicopters =
            "Volunteers dropped retardant from helicopters over steep ridges west of Katoomba.";
        // Alone with the cricket report, both new-word sentences lack support.
        assert_eq!(flagged(&[fires, cricket]), [helicopters, spin]);
        // A fire report using the helicopter sentence's words with the article's own words
        // vouches for it; the cricket report uses the bowler sentence's words with none.
        assert_eq!(flagged(&[fires, cricket, ridges]), [spin]);
    }

    #[test]
    fn sharded_postings_hold_every_stem_in_article_order() {
        // Sorted, deduplicated keys of four articles, spread over the shards.
        let mut rng = crate::eval::Rng::new(5);
        let keys: Vec<Keys> = (0..4)
            .map(|_| Keys::new((0..200).map(|_| (rng.next_u64() % 64) << 58).collect()))
            .collect();
        let mut expected: AHashMap<u64, Vec<u32>> = AHashMap::new();
        for (a, ks) in keys.iter().enumerate() {
            assert!(ks.keys.windows(2).all(|w| w[0] < w[1]));
            for &k in &ks.keys {
                expected.entry(k).or_default().push(a as u32);
            }
        }
        expected.retain(|_, p| p.len() <= 3);
        assert!(!expected.is_empty() && expected.values().any(|p| p.len() > 1));
        let shards: Vec<_> = (0..SHARDS).map(|s| shard_postings(&keys, s, 3)).collect();
        assert_eq!(
            shards.iter().map(|s| s.len()).sum::<usize>(),
            expected.len()
        );
        for (k, p) in &expected {
            assert_eq!(shards[shard(*k)].get(k), Some(p));
        }
    }

    #[test]
    fn possessives_match_their_noun() {
        assert_eq!(possessive("hewitt's"), "hewitt");
        assert_eq!(possessive("players'"), "players");
        assert_eq!(possessive("'"), "'");
    }

    #[test]
    fn an_honorific_surname_needs_an_introduction() {
        let body = "Dr Jane Smith opened the clinic on Monday. Mr Brown said Dr Smith would see patients daily.";
        let a = Article::new("x", "x", Some("Clinic"), body.into(), Meta::default());
        let d = Doc::new(&a.text);
        let v = View::new(&a, &d);
        let sentence = |i: usize| d.sentences[i].tokens.clone();
        // Sentence 0 is the headline; "Dr Jane Smith" is a full-name introduction.
        assert_eq!(unintroduced(&v, sentence(1)), None);
        // "Dr Smith" was introduced; "Mr Brown" was not.
        assert_eq!(unintroduced(&v, sentence(2)).as_deref(), Some("Mr Brown"));
    }
}
