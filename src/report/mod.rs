//! Reports: the only stage that writes files.
//!
//! Takes the [`Corpus`], the [`Analysis`] and the run's parameters and builds a [`Report`]:
//! plain data that serialises to `report.json` (schema documented in the README and versioned
//! by [`SCHEMA_VERSION`]).

pub mod charts;
pub mod escape;
pub mod html;
pub mod json;
pub mod markdown;
mod model;
#[cfg(test)]
pub(crate) mod testdata;
mod write;

pub use model::{
    link_entries, ClusterEntry, EditEntry, LinkEntry, MemberEntry, NearDuplicateCluster,
    NearDuplicatePair, NearDuplicateSection, NearDuplicates, OutletEntry, PairEntry, PassageEntry,
    StoryEntry,
};
pub use write::{write_atomic, write_atomic_with};

use crate::align::{Link, Story};
use crate::corpus::{Corpus, Warning};
use crate::error::Result;
use crate::pipeline::{Analysis, TextStats};
use crate::score::{Flag, Reliability};
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use std::time::{Duration, Instant};

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
    /// Bytes of the whole text (headline line included): the range of every span.
    pub bytes: usize,
    /// The story it belongs to, when stories were found.
    pub story: Option<usize>,
    /// Its reliability, when scored.
    pub reliability: Option<Reliability>,
    /// Flagged spans, in text order.
    pub flags: Vec<Flag>,
    /// How much of it was copied from other articles, and from whom, when scored.
    pub originality: Option<crate::score::Originality>,
}

/// What [`Report::new`] needs. Stages that did not run leave their field empty (the
/// defaults of [`ReportInput::bare`]); their report sections are then empty.
#[derive(Clone, Debug)]
pub struct ReportInput<'a> {
    /// The corpus as loaded.
    pub corpus: &'a Corpus,
    /// The text model and counts.
    pub analysis: &'a Analysis,
    /// How the run was made.
    pub run: RunInfo,
    /// Source → derived links (corpus indices).
    pub links: &'a [Link],
    /// Stories (corpus indices).
    pub stories: &'a [Story],
    /// Flags of each article, indexed like the corpus; empty when scoring did not run.
    pub flags: &'a [Vec<Flag>],
    /// Reliability of each article, indexed like the corpus; empty when scoring did not run.
    pub reliability: &'a [Reliability],
    /// Share of each article copied, and from whom; empty when scoring did not run.
    pub originality: &'a [crate::score::Originality],
    /// Reliability of each outlet, by name.
    pub outlets: Vec<(String, Reliability)>,
    /// Near-duplicate pairs and clusters, when that stage ran.
    pub near_duplicates: Option<NearDuplicates>,
}

impl<'a> ReportInput<'a> {
    /// The input holding every section the analysis computed.
    pub fn new(corpus: &'a Corpus, analysis: &'a Analysis, run: RunInfo) -> ReportInput<'a> {
        ReportInput {
            corpus,
            analysis,
            run,
            links: &analysis.links,
            stories: &analysis.stories,
            flags: &analysis.flags,
            reliability: &analysis.reliability,
            originality: &analysis.originality,
            outlets: analysis
                .outlets
                .iter()
                .map(model::outlet_reliability)
                .collect(),
            near_duplicates: analysis
                .near_duplicates
                .as_ref()
                .map(|nd| NearDuplicates::from_engine(corpus, nd)),
        }
    }

    /// The input with only the corpus, text analysis and run info; every other section empty.
    pub fn bare(corpus: &'a Corpus, analysis: &'a Analysis, run: RunInfo) -> ReportInput<'a> {
        ReportInput {
            corpus,
            analysis,
            run,
            links: &[],
            stories: &[],
            flags: &[],
            reliability: &[],
            originality: &[],
            outlets: Vec::new(),
            near_duplicates: None,
        }
    }
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
    /// Input problems stepped over.
    pub warnings: Vec<Warning>,
    /// Source → derived links, by (source, derived) corpus order.
    pub links: Vec<LinkEntry>,
    /// Stories.
    pub stories: Vec<StoryEntry>,
    /// Outlet scores, by outlet name.
    pub outlets: Vec<OutletEntry>,
    /// Near-duplicates, when that stage ran.
    pub near_duplicates: Option<NearDuplicateSection>,
}

impl Report {
    /// Builds the report data.
    pub fn new(input: ReportInput<'_>) -> Report {
        let corpus = input.corpus;
        let articles = || article_entries(&input);
        let links = || model::link_entries(corpus, &input.analysis.docs, input.links);
        let near_duplicates = || {
            input
                .near_duplicates
                .as_ref()
                .map(|nd| model::near_duplicate_section(corpus, nd))
        };
        let ((articles, links), near_duplicates) =
            rayon::join(|| rayon::join(articles, links), near_duplicates);
        Report {
            schema: SCHEMA_VERSION,
            churn_version: env!("CARGO_PKG_VERSION").to_owned(),
            summary: Summary {
                articles: corpus.stats.articles,
                skipped: corpus.stats.skipped,
                warnings: corpus.stats.warnings,
                bytes: corpus.stats.bytes,
            },
            articles,
            warnings: corpus.warnings.clone(),
            links,
            stories: model::story_entries(corpus, input.stories),
            outlets: outlet_entries(corpus, &input.outlets),
            near_duplicates,
            parameters: input.run,
        }
    }

    /// The report as written to `report.json` (see [`json`]), with a final newline.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        json::write(&mut out, self).expect("report data always serialises");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// Writes every report file into `dir`, each atomically: `report.json`, `report.md`,
    /// `index.html` and `charts/*.{svg,png}`. `corpus` must be the corpus the report was
    /// built from (its texts are shown in the HTML report). The JSON is written while the
    /// charts and pages are drawn; returns the wall time of each part.
    ///
    /// # Errors
    ///
    /// Any I/O error, naming the file.
    pub fn write(&self, dir: &Path, corpus: &Corpus) -> Result<WriteTimings> {
        let (json, pages) = rayon::join(
            || {
                let t = Instant::now();
                write_atomic_with(&dir.join("report.json"), |w| json::write_report(w, self))?;
                Ok(vec![("report.json", t.elapsed())])
            },
            || self.write_pages(dir, corpus),
        );
        let mut timings = json?;
        timings.extend(pages?);
        Ok(timings)
    }

    /// Writes the charts, then `index.html` and `report.md` (which embed or link them).
    fn write_pages(&self, dir: &Path, corpus: &Corpus) -> Result<WriteTimings> {
        let texts = texts_of(self, corpus);
        let t = Instant::now();
        let charts = charts::write_all(self, &texts, &dir.join("charts"))?;
        let mut timings = vec![("charts", t.elapsed())];
        let (page, md) = rayon::join(
            || {
                let t = Instant::now();
                let page = html::render(self, &texts, &charts);
                write_atomic(&dir.join("index.html"), page.as_bytes()).map(|()| t.elapsed())
            },
            || {
                let t = Instant::now();
                let md = markdown::render(self, &charts);
                write_atomic(&dir.join("report.md"), md.as_bytes()).map(|()| t.elapsed())
            },
        );
        timings.push(("index.html", page?));
        timings.push(("report.md", md?));
        Ok(timings)
    }
}

/// Wall time of each part of [`Report::write`], for `-v` (the parts overlap in time).
pub type WriteTimings = Vec<(&'static str, Duration)>;

impl Report {
    /// The article indices of `link`'s (source, derived), when both are articles of this
    /// report. [`Report::new`] makes links and articles from one corpus, so the indices match
    /// the ids; the check here (bounds and id lengths, cheap enough for every link of every
    /// chart) keeps a bad index from a stage, or a hand-edited report, from resolving.
    pub(crate) fn ends(&self, link: &LinkEntry) -> Option<(usize, usize)> {
        let (s, d) = link.ends;
        let is = |i: usize, id: &str| self.articles.get(i).is_some_and(|a| a.id.len() == id.len());
        (is(s, &link.source) && is(d, &link.derived)).then_some((s, d))
    }
}

/// Index of each article id in the report (for lookups only: never iterate it into output).
pub(crate) fn id_index(report: &Report) -> ahash::AHashMap<&str, usize> {
    report
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect()
}

/// The article entries, in corpus order.
fn article_entries(input: &ReportInput<'_>) -> Vec<ArticleEntry> {
    let corpus = input.corpus;
    let mut story_of = vec![None; corpus.articles.len()];
    for s in input.stories {
        for &m in &s.members {
            if let Some(slot) = story_of.get_mut(m) {
                *slot = Some(s.id);
            }
        }
    }
    corpus
        .articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            let mut flags = input.flags.get(i).cloned().unwrap_or_default();
            flags.sort_by_key(|f| (f.start, f.end, f.kind));
            ArticleEntry {
                id: a.id.clone(),
                path: a.location.clone(),
                headline: a.headline_text().to_owned(),
                outlet: a.meta.outlet.clone(),
                published: a.meta.published.as_ref().map(|p| p.text.clone()),
                url: a.meta.url.clone(),
                author: a.meta.author.clone(),
                counts: input
                    .analysis
                    .text_stats
                    .get(i)
                    .copied()
                    .unwrap_or_default(),
                bytes: a.text.len(),
                story: story_of.get(i).copied().flatten(),
                reliability: input.reliability.get(i).cloned(),
                flags,
                originality: input.originality.get(i).cloned(),
            }
        })
        .collect()
}

/// The text of each report article, from the corpus (empty when the corpus does not match).
pub fn texts_of<'c>(report: &Report, corpus: &'c Corpus) -> Vec<&'c str> {
    report
        .articles
        .iter()
        .enumerate()
        .map(|(i, entry)| match corpus.articles.get(i) {
            Some(a) if a.id == entry.id => a.text.as_str(),
            _ => "",
        })
        .collect()
}

fn outlet_entries(corpus: &Corpus, outlets: &[(String, Reliability)]) -> Vec<OutletEntry> {
    let mut count: std::collections::BTreeMap<&str, usize> = Default::default();
    for outlet in corpus
        .articles
        .iter()
        .filter_map(|a| a.meta.outlet.as_deref())
    {
        *count.entry(outlet).or_default() += 1;
    }
    let mut entries: Vec<OutletEntry> = outlets
        .iter()
        .map(|(name, r)| OutletEntry {
            outlet: name.clone(),
            articles: count.get(name.as_str()).copied().unwrap_or(0),
            reliability: r.clone(),
        })
        .collect();
    entries.sort_by(|a, b| a.outlet.cmp(&b.outlet));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_holds_ids_and_byte_spans_never_indices() {
        let (corpus, report) = testdata::sample(8);
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        let links = json["links"].as_array().unwrap();
        assert!(!links.is_empty());
        for l in links {
            let (s, d) = (
                l["source"].as_str().unwrap(),
                l["derived"].as_str().unwrap(),
            );
            let src = corpus.articles.iter().find(|a| a.id == s).unwrap();
            let der = corpus.articles.iter().find(|a| a.id == d).unwrap();
            for p in l["passages"].as_array().unwrap() {
                let span = |v: &serde_json::Value| {
                    (
                        v["start"].as_u64().unwrap() as usize,
                        v["end"].as_u64().unwrap() as usize,
                    )
                };
                let (ss, se) = span(&p["source_span"]);
                let (ds, de) = span(&p["derived_span"]);
                assert!(src.text.get(ss..se).is_some() && der.text.get(ds..de).is_some());
                for e in p["edits"].as_array().unwrap() {
                    let (es, ee) = span(&e["derived"]);
                    assert!(ds <= es && ee <= de, "edit outside its passage");
                }
            }
        }
        let story = &json["stories"][0]["members"][0];
        assert!(story.is_string());
        let flagged = &json["articles"][1];
        assert_eq!(flagged["flags"][0]["kind"], "spin");
        let (start, end) = (
            flagged["flags"][0]["start"].as_u64().unwrap() as usize,
            flagged["flags"][0]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&corpus.articles[1].text[start..end], "stated");
        assert!(json["articles"][0]["reliability"]["score"].is_number());
        assert_eq!(json["outlets"][0]["outlet"], "Outlet 0");
        assert!(json["near_duplicates"]["pairs"][0]["a"].is_string());
    }

    #[test]
    fn missing_stages_give_empty_sections() {
        let (_, report) = testdata::bare(3);
        assert!(report.links.is_empty() && report.stories.is_empty() && report.outlets.is_empty());
        assert!(report.near_duplicates.is_none());
        assert!(report
            .articles
            .iter()
            .all(|a| a.flags.is_empty() && a.reliability.is_none()));
    }

    #[test]
    fn bad_indices_from_a_stage_do_not_panic() {
        let (corpus, _) = testdata::bare(2);
        let analysis = crate::pipeline::analyse(&corpus, &crate::pipeline::Config::default());
        let stories = [Story {
            id: 0,
            members: vec![0, 99],
            terms: vec![],
        }];
        let run = RunInfo {
            inputs: vec![],
            strict: false,
            config: Default::default(),
        };
        let mut input = ReportInput::new(&corpus, &analysis, run);
        input.stories = &stories;
        let report = Report::new(input);
        assert_eq!(report.stories[0].members[1], "#99");
        assert_eq!(report.articles[0].story, Some(0));
    }

    /// Timing of report writing at 10k articles with every section full. Run with
    /// `cargo test --release --lib report_write_timing -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing measurement, run by hand in release mode"]
    fn report_write_timing() {
        let n: usize = std::env::var("CHURN_TIMING_N")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10_000);
        let t = std::time::Instant::now();
        let (corpus, report) = testdata::sample(n);
        let built = t.elapsed();
        let dir = tempfile::tempdir().unwrap();
        let t = std::time::Instant::now();
        let texts = texts_of(&report, &corpus);
        let charts = charts::write_all(&report, &texts, &dir.path().join("charts")).unwrap();
        let chart_time = t.elapsed();
        let t2 = std::time::Instant::now();
        let page = html::render(&report, &texts, &charts);
        let html_time = t2.elapsed();
        let t2 = std::time::Instant::now();
        let json = report.to_json();
        let json_time = t2.elapsed();
        eprintln!(
            "charts {chart_time:.2?}, html {html_time:.2?} ({} B), json {json_time:.2?} ({} B)",
            page.len(),
            json.len()
        );
        let t = std::time::Instant::now();
        report.write(dir.path(), &corpus).unwrap();
        let written = t.elapsed();
        let size = |f: &str| std::fs::metadata(dir.path().join(f)).map_or(0, |m| m.len());
        eprintln!(
            "{n} articles, {} links: test data + Report::new {built:.2?}; write {written:.2?}; \
             report.json {} B, index.html {} B",
            report.links.len(),
            size("report.json"),
            size("index.html")
        );
    }

    #[test]
    fn write_creates_every_file() {
        let (corpus, report) = testdata::bare(2);
        let dir = tempfile::tempdir().unwrap();
        report.write(dir.path(), &corpus).unwrap();
        for f in [
            "report.json",
            "report.md",
            "index.html",
            "charts/provenance.svg",
            "charts/provenance.png",
        ] {
            assert!(dir.path().join(f).is_file(), "{f}");
        }
    }
}
