//! The only code that knows the order of the stages.
//!
//! `analyse` takes a loaded [`Corpus`] and a [`Config`] and returns an [`Analysis`]; each stage
//! borrows what earlier stages produced and returns new data, so data flows one way:
//! corpus → text → score.

use crate::corpus::Corpus;
use crate::text::Doc;
use rayon::prelude::*;
use serde::Serialize;

/// Settings for every stage of an analysis.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Config {
    /// Near-duplicate detection settings (the engine of `churn dedup`).
    pub near_duplicates: crate::dedup::DedupConfig,
    /// Copied passages, links and stories.
    pub link: crate::link::LinkConfig,
    /// Weights and thresholds of the reliability scorer.
    pub weights: crate::score::Weights,
}

/// Counts for one article's body (the headline is not counted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TextStats {
    /// Words in the body.
    pub words: usize,
    /// Sentences in the body.
    pub sentences: usize,
    /// Paragraphs in the body.
    pub paragraphs: usize,
}

/// Everything the stages computed, indexed like [`Corpus::articles`].
#[derive(Debug, Default)]
pub struct Analysis {
    /// The text model of each article.
    pub docs: Vec<Doc>,
    /// Body counts of each article.
    pub text_stats: Vec<TextStats>,
    /// Verified near-duplicate pairs and clusters (`None` only if the settings are invalid).
    pub near_duplicates: Option<crate::dedup::NearDuplicates>,
    /// Source → derived links between articles (indices into the corpus).
    pub links: Vec<crate::align::Link>,
    /// Clusters of articles about the same event.
    pub stories: Vec<crate::align::Story>,
    /// Reliability flags of each article, in text order.
    pub flags: Vec<Vec<crate::score::Flag>>,
    /// Reliability score of each article.
    pub reliability: Vec<crate::score::Reliability>,
    /// Share of each article copied from others, and from whom.
    pub originality: Vec<crate::score::Originality>,
    /// Reliability per outlet, when outlets are known.
    pub outlets: Vec<crate::score::OutletScore>,
    /// Wall time of each stage, in order (for `-v`; never written into reports).
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Wall time of each scoring step (parts of the "scoring" stage), for `-v`.
    pub score_timings: Vec<(&'static str, std::time::Duration)>,
}

/// Runs every stage over the corpus.
///
/// # Examples
///
/// ```
/// use churn::corpus::{Article, Corpus, Meta};
/// let corpus = Corpus::from_articles(vec![
///     Article::new("a", "a.txt", None, "Title\nOne sentence. Two here.".into(), Meta::default()),
/// ]);
/// let analysis = churn::pipeline::analyse(&corpus, &churn::pipeline::Config::default());
/// assert_eq!(analysis.text_stats[0].sentences, 2);
/// ```
pub fn analyse(corpus: &Corpus, config: &Config) -> Analysis {
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |stage: &'static str| {
        timings.push((stage, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let docs: Vec<Doc> = corpus
        .articles
        .par_iter()
        .map(|a| Doc::new(&a.text))
        .collect();
    let text_stats = corpus
        .articles
        .iter()
        .zip(&docs)
        .map(|(article, doc)| body_stats(article.body.start as usize, doc))
        .collect();
    lap("text");
    let near_duplicates =
        crate::dedup::near_duplicates(&corpus.articles, &config.near_duplicates).ok();
    lap("near-duplicates");
    let found = crate::link::link(&corpus.articles, &docs, &config.link);
    lap("passages and links");
    let scores = crate::score::score(&corpus.articles, &docs, &found.links, &config.weights);
    lap("scoring");
    Analysis {
        docs,
        text_stats,
        near_duplicates,
        links: found.links,
        stories: found.stories,
        flags: scores.flags,
        reliability: scores.reliability,
        originality: scores.originality,
        outlets: scores.outlets,
        timings,
        score_timings: scores.timings,
    }
}

/// Counts the words, sentences and paragraphs that start inside the body.
fn body_stats(body_start: usize, doc: &Doc) -> TextStats {
    let in_body = |start: u32| start as usize >= body_start;
    TextStats {
        words: doc.tokens.iter().filter(|t| in_body(t.span.start)).count(),
        sentences: doc
            .sentences
            .iter()
            .filter(|s| in_body(s.span.start))
            .count(),
        paragraphs: doc
            .paragraphs
            .iter()
            .filter(|p| in_body(p.span.start))
            .count(),
    }
}
