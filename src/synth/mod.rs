//! Synthetic benchmark corpora with ground truth, for near-duplicate detection.
//!
//! Takes training text (any churn input, or a plain file with one article per line) and
//! writes `DIR/articles.jsonl` and `DIR/truth.tsv`. Base articles come from a word-level Markov
//! chain of the training text ([`markov`]); a share of articles are derived from an earlier
//! base ([`derive`]): light edits (~5% of words), heavy synonym substitution (25%) or partial
//! copies (40% of the source). `truth.tsv` has one `source<TAB>derived<TAB>kind` line per
//! derived article. Output depends only on the training text, the lexicon and the seed: each
//! block of articles has its own generator, so blocks are made in parallel and written in order.

pub mod derive;
pub mod markov;

use crate::corpus::{self, LoadOptions};
use crate::error::{Error, Result};
use crate::sketch::{mix64, SplitMix64};
use derive::{Kind, Synonyms};
use markov::Chain;
use rayon::prelude::*;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Articles generated per independent block.
const BLOCK: usize = 2048;
/// Blocks generated in parallel before writing.
const BLOCKS_IN_FLIGHT: usize = 16;
/// Derived articles pick their source among this many latest bases of their block.
const RECENT_BASES: usize = 64;
/// 2020-01-01T00:00:00Z: the first base article's publication time.
const EPOCH: i64 = 1_577_836_800;

/// Settings of a synthetic corpus.
#[derive(Clone, Debug)]
pub struct SynthConfig {
    /// Articles to write, base and derived.
    pub articles: usize,
    /// Seed of every random choice.
    pub seed: u64,
    /// Share of articles derived from a base (the rest are bases).
    pub derived_share: f64,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            articles: 10_000,
            seed: 7,
            derived_share: 0.3,
        }
    }
}

/// Counts of what was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SynthStats {
    /// Articles written.
    pub articles: usize,
    /// Light edits.
    pub light: usize,
    /// Synonym substitutions.
    pub heavy: usize,
    /// Partial copies.
    pub partial: usize,
    /// Bytes of article text.
    pub bytes: u64,
}

/// Reads training texts: directories and `.jsonl`/`.jsonl.gz`/`.txt`/`.md` files through the
/// corpus loader, any other file as one article per non-blank line.
///
/// # Errors
///
/// An unreadable input.
pub fn training_texts(inputs: &[PathBuf]) -> Result<Vec<String>> {
    let mut texts = Vec::new();
    for input in inputs {
        let name = input.to_string_lossy().to_lowercase();
        let churn_input = input.is_dir()
            || [".jsonl", ".jsonl.gz", ".txt", ".md"]
                .iter()
                .any(|e| name.ends_with(e));
        if churn_input {
            let c = corpus::load(std::slice::from_ref(input), &LoadOptions::default(), |_| {})?;
            texts.extend(c.articles.into_iter().map(|a| a.body_text().to_owned()));
        } else {
            let raw = std::fs::read(input).map_err(|e| Error::io(input, e))?;
            let raw = String::from_utf8_lossy(&raw);
            texts.extend(
                raw.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_owned),
            );
        }
    }
    Ok(texts)
}

/// One generated article.
struct Made {
    id: usize,
    published: i64,
    words: Vec<String>,
    truth: Option<(usize, Kind)>,
}

#[derive(Serialize)]
struct Record<'a> {
    id: String,
    outlet: String,
    published: String,
    title: String,
    text: &'a str,
}

/// Writes `dir/articles.jsonl` and `dir/truth.tsv`.
///
/// # Errors
///
/// A chain that learnt nothing (training text without sentences of four or more words), or
/// any I/O error.
pub fn write(
    chain: &Chain,
    synonyms: &Synonyms,
    config: &SynthConfig,
    dir: &Path,
) -> Result<SynthStats> {
    if chain.is_empty() {
        return Err(Error::Input(
            "training text has no sentence of four or more words to learn from".into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let apath = dir.join("articles.jsonl");
    let tpath = dir.join("truth.tsv");
    let create = |p: &Path| {
        std::fs::File::create(p)
            .map_err(|e| Error::io(p, e))
            .map(|f| BufWriter::with_capacity(1 << 20, f))
    };
    let (mut articles, mut truth) = (create(&apath)?, create(&tpath)?);
    let mut stats = SynthStats::default();
    let blocks = config.articles.div_ceil(BLOCK);
    for group in (0..blocks).collect::<Vec<_>>().chunks(BLOCKS_IN_FLIGHT) {
        let made: Vec<Vec<Made>> = group
            .par_iter()
            .map(|&b| block(chain, synonyms, config, b))
            .collect();
        for m in made.iter().flatten() {
            write_one(m, config.seed, &mut articles, &mut truth, &mut stats)
                .map_err(|e| Error::io(&apath, e))?;
        }
    }
    articles.flush().map_err(|e| Error::io(&apath, e))?;
    truth.flush().map_err(|e| Error::io(&tpath, e))?;
    Ok(stats)
}

fn write_one(
    m: &Made,
    seed: u64,
    articles: &mut impl Write,
    truth: &mut impl Write,
    stats: &mut SynthStats,
) -> std::io::Result<()> {
    let text = m.words.join(" ");
    let title: Vec<&str> = m.words.iter().take(8).map(String::as_str).collect();
    let published = chrono::DateTime::from_timestamp(m.published, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default();
    let record = Record {
        id: format!("s{}", m.id),
        outlet: format!("outlet{}", mix64(seed ^ m.id as u64) % 50),
        published,
        title: title.join(" "),
        text: &text,
    };
    serde_json::to_writer(&mut *articles, &record).map_err(std::io::Error::other)?;
    articles.write_all(b"\n")?;
    stats.articles += 1;
    stats.bytes += text.len() as u64;
    if let Some((source, kind)) = m.truth {
        writeln!(truth, "s{source}\ts{}\t{}", m.id, kind.name())?;
        match kind {
            Kind::Light => stats.light += 1,
            Kind::Heavy => stats.heavy += 1,
            Kind::Partial => stats.partial += 1,
        }
    }
    Ok(())
}

/// The articles of block `b`, each base or derived from a recent base of the same block.
fn block(chain: &Chain, synonyms: &Synonyms, config: &SynthConfig, b: usize) -> Vec<Made> {
    let mut rng = SplitMix64::new(mix64(config.seed ^ mix64(b as u64 + 1)));
    let first = b * BLOCK;
    let last = (first + BLOCK).min(config.articles);
    let mut made: Vec<Made> = Vec::with_capacity(last - first);
    let mut bases: Vec<usize> = Vec::new(); // positions in `made`
    for id in first..last {
        if !bases.is_empty() && rng.unit() < config.derived_share {
            let recent = &bases[bases.len().saturating_sub(RECENT_BASES)..];
            let src = &made[recent[rng.below(recent.len())]];
            let kind = [Kind::Light, Kind::Heavy, Kind::Partial][rng.below(3)];
            let words = match kind {
                Kind::Light => derive::light(&src.words, chain.vocabulary(), &mut rng),
                Kind::Heavy => derive::heavy(&src.words, synonyms, &mut rng),
                Kind::Partial => {
                    let fresh = sentences(chain, 1 + rng.below(3), &mut rng);
                    derive::partial(&src.words, fresh, &mut rng)
                }
            };
            let published = src.published + 3600 * (1 + rng.below(72) as i64);
            made.push(Made {
                id,
                published,
                words,
                truth: Some((src.id, kind)),
            });
        } else {
            let words = sentences(chain, 8 + rng.below(23), &mut rng);
            let published = EPOCH + 600 * id as i64;
            bases.push(made.len());
            made.push(Made {
                id,
                published,
                words,
                truth: None,
            });
        }
    }
    made
}

/// `n` Markov sentences as words.
fn sentences(chain: &Chain, n: usize, rng: &mut SplitMix64) -> Vec<String> {
    let mut ids = Vec::new();
    for _ in 0..n {
        chain.sentence(rng, 45, &mut ids);
    }
    ids.iter().map(|&w| chain.word(w).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_articles_and_truth_deterministically() {
        let chain = Chain::train([
            "The minister said on Monday that the plan would go ahead. Critics said the plan was rushed and costly. The minister rejected that view on Tuesday.",
            "Police said the man was arrested on Monday night. The man was later released without charge. Police said inquiries were continuing.",
        ]);
        let syn = Synonyms::parse("said\tstated|declared\nplan\tscheme\n");
        let config = SynthConfig {
            articles: 300,
            seed: 5,
            derived_share: 0.3,
        };
        let d1 = tempfile::tempdir().expect("temp dir");
        let d2 = tempfile::tempdir().expect("temp dir");
        let s1 = write(&chain, &syn, &config, d1.path()).expect("writes");
        let s2 = write(&chain, &syn, &config, d2.path()).expect("writes");
        assert_eq!(s1, s2);
        assert_eq!(s1.articles, 300);
        let derived = s1.light + s1.heavy + s1.partial;
        assert!((50..130).contains(&derived), "{s1:?}");
        assert!(s1.light > 0 && s1.heavy > 0 && s1.partial > 0);
        let read = |d: &Path, f: &str| std::fs::read_to_string(d.join(f)).expect("written");
        assert_eq!(
            read(d1.path(), "articles.jsonl"),
            read(d2.path(), "articles.jsonl")
        );
        let truth = read(d1.path(), "truth.tsv");
        assert_eq!(truth.lines().count(), derived);
        assert!(truth.lines().all(|l| l.split('\t').count() == 3));
    }
}
