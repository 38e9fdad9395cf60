//! Reports: the only stage that writes files.
//!
//! Takes the [`Corpus`], the [`Analysis`] and the run's parameters and builds a [`Report`]:
//! plain data that serialises to `report.json` (schema documented in the README and versioned
//! by [`SCHEMA_VERSION`]).

mod write;

pub use write::write_atomic;

use crate::corpus::{Corpus, Warning};
use crate::error::Result;
use crate::pipeline::{Analysis, TextStats};
use serde::Serialize;
use std::path::Path;

/// Version of the `report.json` schema. Bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// How the run was made: what a reader needs to reproduce it.
#[derive(Clone, Debug, Serialize)]
pub struct RunInfo {
    /// The inputs as given.
    pub inputs: Vec<String>,
    /// Whether warnings were fatal.
    pub strict: bool,
    /// Stage settings.
    pub config: crate::pipeline::Config,
}

/// Counts for the whole run.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Articles analysed.
    pub articles: usize,
    /// Files or lines skipped.
    pub skipped: usize,
    /// Warnings raised.
    pub warnings: usize,
    /// Bytes of article text.
    pub bytes: u64,
}

/// One article's entry in the report.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleEntry {
    /// Article id.
    pub id: String,
    /// Where it was read (`file` or `file:line`).
    pub path: String,
    /// Headline ("" when none).
    pub headline: String,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Publication date as given, when known.
    pub published: Option<String>,
    /// URL, when known.
    pub url: Option<String>,
    /// Author, when known.
    pub author: Option<String>,
    /// Body counts.
    #[serde(flatten)]
    pub counts: TextStats,
    /// Reliability score with its 95% interval and breakdown by flag kind.
    pub reliability: Option<crate::score::Reliability>,
    /// Share copied from other articles, and from whom.
    pub originality: Option<crate::score::Originality>,
    /// Reliability flags, in text order.
    pub flags: Vec<crate::score::Flag>,
}

/// The whole report, as written to `report.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The churn version that wrote it.
    pub churn_version: String,
    /// Inputs and parameters.
    pub parameters: RunInfo,
    /// Run counts.
    pub summary: Summary,
    /// Articles in input order.
    pub articles: Vec<ArticleEntry>,
    /// Reliability per outlet (empty when no article names its outlet).
    pub outlets: Vec<crate::score::OutletScore>,
    /// Input problems stepped over.
    pub warnings: Vec<Warning>,
    /// Near-duplicate pairs (ids, exact similarities, MinHash estimate and interval) and
    /// clusters, from the same engine as `churn dedup`.
    pub near_duplicates: Option<crate::dedup::NearDuplicates>,
    /// Source → derived links with passages, direction and evidence.
    pub links: Vec<crate::link::entry::LinkEntry>,
    /// Clusters of articles about the same event.
    pub stories: Vec<crate::link::entry::StoryEntry>,
}

impl Report {
    /// Builds the report data.
    pub fn new(corpus: &Corpus, analysis: &Analysis, run: RunInfo) -> Report {
        let articles = corpus
            .articles
            .iter()
            .zip(&analysis.text_stats)
            .enumerate()
            .map(|(i, (a, &counts))| ArticleEntry {
                id: a.id.clone(),
                path: a.location.clone(),
                headline: a.headline_text().to_owned(),
                outlet: a.meta.outlet.clone(),
                published: a.meta.published.as_ref().map(|p| p.text.clone()),
                url: a.meta.url.clone(),
                author: a.meta.author.clone(),
                counts,
                reliability: analysis.reliability.get(i).cloned(),
                originality: analysis.originality.get(i).cloned(),
                flags: analysis.flags.get(i).cloned().unwrap_or_default(),
            })
            .collect();
        Report {
            schema: SCHEMA_VERSION,
            churn_version: env!("CARGO_PKG_VERSION").to_owned(),
            parameters: run,
            summary: Summary {
                articles: corpus.stats.articles,
                skipped: corpus.stats.skipped,
                warnings: corpus.stats.warnings,
                bytes: corpus.stats.bytes,
            },
            articles,
            outlets: analysis.outlets.clone(),
            warnings: corpus.warnings.clone(),
            near_duplicates: analysis.near_duplicates.clone(),
            links: crate::link::entry::link_entries(
                &analysis.links,
                &corpus.articles,
                &analysis.docs,
            ),
            stories: crate::link::entry::story_entries(&analysis.stories, &corpus.articles),
        }
    }

    /// The report as pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("report data always serialises");
        s.push('\n');
        s
    }

    /// Writes every report file into `dir`, each atomically.
    ///
    /// # Errors
    ///
    /// Any I/O error, naming the file.
    pub fn write(&self, dir: &Path) -> Result<()> {
        write_atomic(&dir.join("report.json"), self.to_json().as_bytes())
    }
}
