//! Every weight and threshold of the scorer, in one place, with its default and why.

use super::{FlagKind, Severity};

/// Weights and thresholds of the reliability score. `Weights::default()` documents the
/// defaults; docs/scoring.md gives the rationale.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Weights {
    /// Points lost per medium-severity spin flag (default 6): spin hides copying.
    pub spin: f64,
    /// Points lost per medium garble flag (default 8): garbles change meaning.
    pub garble: f64,
    /// Points lost per medium quote flag (default 10): misquotes misinform most directly.
    pub quote: f64,
    /// Points lost per medium splice flag (default 8): off-story text misleads about the event.
    pub splice: f64,
    /// Points lost per boilerplate flag (default 0.5): furniture is noise, not deceit.
    pub boilerplate: f64,
    /// Points lost per medium headline flag (default 8).
    pub headline: f64,
    /// Multiplier for low-severity flags (default 0.5).
    pub low: f64,
    /// Multiplier for high-severity flags (default 1.5).
    pub high: f64,
    /// Most points one flag kind can take (default 40): one noisy detector cannot zero a score.
    pub kind_cap: f64,
    /// Points lost by an article copied entirely from others (default 20), scaled by the
    /// copied share: a copy adds no reporting of its own.
    pub copied: f64,
    /// Splice: least body sentences an article needs to be checked (default 5).
    pub splice_min_sentences: usize,
    /// Splice: least distinct content words a sentence needs to be checked (default 6).
    pub splice_min_words: usize,
    /// Splice: a sentence of at least [`Weights::splice_full_words`] distinct content words
    /// whose support (weighted share of its words found elsewhere in the article, plus the
    /// weighted association, minus the weighted topic rank, below) is below this is flagged
    /// (default 0.15).
    pub splice_max_cohesion: f64,
    /// Splice: weight of the sentence's association with the rest of its article through the
    /// other articles that use its words (default 2).
    pub splice_association_weight: f64,
    /// Splice: distinct content words from which a sentence is judged by the full
    /// [`Weights::splice_max_cohesion`] (default 15). A short sentence shares no word with its
    /// article by chance more often, so it needs less support to pass.
    pub splice_full_words: usize,
    /// Splice: how much lower the threshold is per distinct content word a sentence lacks
    /// to [`Weights::splice_full_words`] (default 0.015).
    pub splice_short_step: f64,
    /// Splice: weight of the topic rank, the share of other articles of the corpus that the
    /// sentence's dictionary glosses fit at least as well as its own article's (default 0.1).
    pub splice_topic_rank_weight: f64,
    /// Splice: threshold raise for a sentence that names by honorific and surname alone a
    /// person the article never introduces (default 0.1).
    pub splice_unintroduced_raise: f64,
    /// Headline: least share of headline content words the body must hold (default 0.5).
    pub headline_min_coverage: f64,
    /// Quotes: least word containment for two quotes to be the same quote (default 0.8).
    pub quote_same: f64,
    /// Quotes: least word containment for a reworded quote to count as altered (default 0.8).
    pub quote_altered: f64,
    /// Quotes shorter than this many words are not compared across articles (default 6).
    pub quote_min_words: usize,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            spin: 6.0,
            garble: 8.0,
            quote: 10.0,
            splice: 8.0,
            boilerplate: 0.5,
            headline: 8.0,
            low: 0.5,
            high: 1.5,
            kind_cap: 40.0,
            copied: 20.0,
            splice_min_sentences: 5,
            splice_min_words: 6,
            splice_max_cohesion: 0.15,
            splice_association_weight: 2.0,
            splice_full_words: 15,
            splice_short_step: 0.015,
            splice_topic_rank_weight: 0.1,
            splice_unintroduced_raise: 0.1,
            headline_min_coverage: 0.5,
            quote_same: 0.8,
            quote_altered: 0.8,
            quote_min_words: 6,
        }
    }
}

impl Weights {
    /// Points a flag of this kind and severity costs.
    pub fn points(&self, kind: FlagKind, severity: Severity) -> f64 {
        let base = match kind {
            FlagKind::Spin => self.spin,
            FlagKind::Garble => self.garble,
            FlagKind::Quote => self.quote,
            FlagKind::Splice => self.splice,
            FlagKind::Boilerplate => self.boilerplate,
            FlagKind::Headline => self.headline,
        };
        let mult = match severity {
            Severity::Low => self.low,
            Severity::Medium => 1.0,
            Severity::High => self.high,
        };
        if kind == FlagKind::Boilerplate {
            base
        } else {
            base * mult
        }
    }
}
