//! churn tells where a news article's text came from and how far to trust it.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`corpus`] reads directories and JSONL into [`corpus::Article`]s;
//! 2. [`text`] turns each article into a [`text::Doc`]: words, sentences and paragraphs with
//!    byte spans into the text as loaded;
//! 3. [`pipeline`] runs the stages in order and returns an [`pipeline::Analysis`];
//! 4. [`report`] turns the corpus and analysis into `report.json`.
//!
//! ```
//! use churn::corpus::{Article, Corpus, Meta};
//! let corpus = Corpus::from_articles(vec![
//!     Article::new("wire", "wire.txt", None, "Title\nMacron met Putin at Versailles.".into(), Meta::default()),
//!     Article::new("copy", "copy.txt", None, "Title\nMacron met Putin in Versailles.".into(), Meta::default()),
//!     Article::new("other", "other.txt", None, "Title\nRain fell on Sydney.".into(), Meta::default()),
//! ]);
//! let analysis = churn::pipeline::analyse(&corpus, &churn::pipeline::Config::default());
//! assert_eq!(analysis.text_stats[0].words, 5);
//! ```

pub mod align;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod link;
pub mod pipeline;
pub mod report;
pub mod score;
pub mod text;

pub use error::{Error, Result};
pub mod dedup;
pub mod lsh;
pub mod sketch;
pub mod synth;
