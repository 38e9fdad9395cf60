//! Splices: body sentences that share almost none of their distinctive words with the rest of
//! their article (a paragraph lifted from an unrelated report), and whose words, where other
//! articles of the corpus use them, keep company with other stories than the article's.

use super::lexicon::{stem, Lexicon};
use super::view::{alphabetic, View};
use super::weights::Weights;
use super::{Evidence, Flag, FlagKind, Severity};
use ahash::AHashMap;
use rayon::prelude::*;

/// Words in more articles than this do not define a story.
const STORY_MAX_POSTINGS: usize = 50;
/// Words in more than this share of the articles do not define a story.
const STORY_MAX_SHARE: f64 = 0.1;
/// Honorifics that news prose puts before a surname once the person has been introduced.
const HONORIFICS: [&str; 5] = ["mr", "mrs", "ms", "dr", "miss"];
/// Support below which a sentence is flagged when it names, by honorific and surname alone, a
/// person the article never introduces (news prose introduces a person by full name first,
/// so such a back-reference points to another story).
const UNINTRODUCED_MAX_SUPPORT: f64 = 0.25;

/// Which articles use each distinctive word: the corpus statistics the association needs.
#[derive(Debug, Default)]
pub struct Stories {
    /// Articles holding each distinctive stem (one held by few articles), by [`stem_key`],
    /// sorted.
    postings: AHashMap<u64, Vec<u32>>,
}

impl Stories {
    /// Builds the postings of the distinctive stems of every article's text. `links` are not
    /// needed: a copy shares its source's words, which the postings already show.
    pub fn build(lex: &Lexicon, views: &[View], _links: &[crate::align::Link]) -> Stories {
        let keys: Vec<Vec<u64>> = views
            .par_iter()
            .map(|v| {
                let mut ks: Vec<u64> = content(lex, v, 0..v.words.len())
                    .into_iter()
                    .map(|(w, _)| stem_key(w))
                    .collect();
                ks.sort_unstable();
                ks.dedup();
                ks
            })
            .collect();
        let mut postings: AHashMap<u64, Vec<u32>> = AHashMap::new();
        for (a, ks) in keys.iter().enumerate() {
            for &k in ks {
                postings.entry(k).or_default().push(a as u32);
            }
        }
        let max_postings =
            ((views.len() as f64 * STORY_MAX_SHARE) as usize).clamp(2, STORY_MAX_POSTINGS);
        postings.retain(|_, p| p.len() <= max_postings);
        Stories { postings }
    }

    /// The articles holding a distinctive stem (empty for any other stem).
    fn holding(&self, key: u64) -> &[u32] {
        self.postings.get(&key).map_or(&[], Vec::as_slice)
    }

    /// Distinctive weight each other article shares with `article`: the summed weights of
    /// the stems of `all` (the article's distinctive stems, sorted by key) it holds.
    fn shared(&self, article: usize, all: &[(u64, f64)]) -> AHashMap<u32, f64> {
        let mut shared: AHashMap<u32, f64> = AHashMap::new();
        for &(k, weight) in all {
            for &b in self.holding(k) {
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
    /// vouch for itself. 0 when no other article holds a stem of the sentence.
    fn association(
        &self,
        article: usize,
        words: &[(u64, f64)],
        shared: &AHashMap<u32, f64>,
        total: f64,
        only_here: &[(u64, f64)],
    ) -> f64 {
        let mut through: AHashMap<u32, f64> = AHashMap::new();
        let mut rest = total;
        for &(k, weight) in only_here {
            rest -= weight;
            for &b in self.holding(k) {
                *through.entry(b).or_default() += weight;
            }
        }
        if rest <= 1e-9 {
            return 0.0;
        }
        let (mut sum, mut weights) = (0.0, 0.0);
        for &(k, weight) in words {
            let (mut held, mut others) = (0.0, 0usize);
            for &b in self.holding(k).iter().filter(|&&b| b as usize != article) {
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

/// Key of a stem in the story postings.
fn stem_key(stem: &str) -> u64 {
    crate::text::hash_bytes(stem.as_bytes())
}

/// Stems of the content words of tokens `range`, with their [`idf`].
fn content<'v>(
    lex: &Lexicon,
    view: &'v View,
    range: std::ops::Range<usize>,
) -> Vec<(&'v str, f64)> {
    range
        .filter(|&i| {
            let w = &view.words[i];
            w.len() >= 3 && alphabetic(w) && !lex.is_function_count(view.counts[i])
        })
        .map(|i| {
            let w = possessive(&view.words[i]);
            let s = stem(w);
            let count = if s.len() == view.words[i].len() {
                view.counts[i]
            } else {
                lex.unigram(s)
            };
            (s, idf(count))
        })
        .collect()
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
/// [`Stories::association`]; a sentence whose support is below
/// [`Weights::splice_max_cohesion`] is flagged.
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
    if sents.len() < w.splice_min_sentences {
        return Vec::new();
    }
    let words: Vec<Vec<(&str, f64)>> = sents
        .iter()
        .map(|s| content(lex, view, s.tokens.clone()))
        .collect();
    let mut totals: AHashMap<&str, usize> = AHashMap::new();
    for ws in &words {
        for &(x, _) in ws {
            *totals.entry(x).or_default() += 1;
        }
    }
    // Distinctive stems of the body, each once, by key.
    let all = distinctive(stories, words.iter().flatten());
    let article = Checked {
        index,
        shared: stories.shared(index, &all),
        total: all.iter().map(|x| x.1).sum(),
        totals,
    };
    let raised = w.splice_max_cohesion.max(UNINTRODUCED_MAX_SUPPORT);
    let mut out = Vec::new();
    for (s, ws) in sents.iter().zip(&words) {
        let Some(support) = support(stories, &article, ws, w, raised) else {
            continue;
        };
        let (threshold, who) = if support < w.splice_max_cohesion {
            (w.splice_max_cohesion, None)
        } else if support >= raised {
            continue;
        } else {
            match unintroduced(view, s.tokens.clone()) {
                Some(who) => (raised, Some(who)),
                None => continue,
            }
        };
        let mut reason = "This sentence shares almost none of its distinctive words with the rest of the article, and other articles use them with other stories".to_owned();
        let mut evidence = format!("support {support:.2} (threshold {threshold:.2}");
        if let Some(who) = who {
            reason.push_str(&format!(
                ", and it names {who}, whom the article never introduces"
            ));
            evidence.push_str(&format!(" with an unintroduced {who}"));
        }
        reason.push_str(": likely lifted from another story.");
        evidence.push(')');
        out.push(view.flag(
            FlagKind::Splice,
            s.span.range(),
            reason,
            Evidence {
                text: evidence,
                ..Evidence::default()
            },
            Severity::Medium,
        ));
    }
    out
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

/// What [`support`] needs to know about the article being checked.
struct Checked<'a> {
    /// Its corpus index.
    index: usize,
    /// [`Stories::shared`] for its distinctive stems.
    shared: AHashMap<u32, f64>,
    /// Weight of its distinctive stems.
    total: f64,
    /// Occurrences of each content stem in its body.
    totals: AHashMap<&'a str, usize>,
}

/// The distinctive stems among `words`, each once with its weight, sorted by key.
fn distinctive<'w>(
    stories: &Stories,
    words: impl Iterator<Item = &'w (&'w str, f64)>,
) -> Vec<(u64, f64)> {
    let mut all: Vec<(u64, f64)> = words
        .map(|&(x, idf)| (stem_key(x), idf))
        .filter(|(k, _)| stories.postings.contains_key(k))
        .collect();
    all.sort_unstable_by_key(|x| x.0);
    all.dedup_by_key(|x| x.0);
    all
}

/// Support of one sentence (its content stems `ws`): cohesion plus weighted association, or
/// `None` when it has too few content words to judge or its cohesion alone reaches `ceiling`
/// (the association can only add).
fn support(
    stories: &Stories,
    article: &Checked,
    ws: &[(&str, f64)],
    w: &Weights,
    ceiling: f64,
) -> Option<f64> {
    let mut own: AHashMap<&str, (usize, f64)> = AHashMap::new();
    for &(x, idf) in ws {
        own.entry(x).or_insert((0, idf)).0 += 1;
    }
    if own.len() < w.splice_min_words {
        return None;
    }
    let mut keys: Vec<(&str, (usize, f64))> = own.into_iter().collect();
    keys.sort_unstable_by(|x, y| x.0.cmp(y.0));
    let (mut inside, mut total) = (0.0, 0.0);
    // Stems found nowhere else in the article.
    let mut only_here: Vec<(&str, f64)> = Vec::new();
    for (k, (n, weight)) in keys {
        total += weight;
        if article.totals.get(k).copied().unwrap_or(0) > n {
            inside += weight;
        } else {
            only_here.push((k, weight));
        }
    }
    if total <= 0.0 || inside / total >= ceiling {
        return None;
    }
    let mine = distinctive(stories, ws.iter());
    let here = distinctive(stories, only_here.iter());
    let assoc = stories.association(article.index, &mine, &article.shared, article.total, &here);
    Some(inside / total + w.splice_association_weight * assoc)
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
        let views: Vec<View> = articles
            .iter()
            .zip(&docs)
            .map(|(a, d)| View::new(a, d))
            .collect();
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
