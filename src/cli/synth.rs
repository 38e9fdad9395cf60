//! `churn synth`: a benchmark corpus with ground truth for near-duplicate detection.

use super::output::Output;
use super::SynthArgs;
use anyhow::{bail, Context};
use churn::synth::{self, derive::Synonyms, markov::Chain, SynthConfig};
use std::path::PathBuf;

/// Where the synonym lexicon is looked for when `--synonyms` is not given.
fn default_synonyms() -> PathBuf {
    let local = PathBuf::from("data/lexicon/synonyms-moby.tsv");
    if local.exists() {
        return local;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/lexicon/synonyms-moby.tsv")
}

pub fn run(args: SynthArgs, out: &Output) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&args.derived_share) {
        bail!("--derived-share {} is not in [0, 1]", args.derived_share);
    }
    let texts = synth::training_texts(&args.from).context("reading --from")?;
    let chain = Chain::train(texts.iter().map(String::as_str));
    let path = args.synonyms.clone().unwrap_or_else(default_synonyms);
    let lexicon = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading the synonym lexicon {} (give --synonyms PATH)",
            path.display()
        )
    })?;
    let synonyms = Synonyms::parse(&lexicon);
    let config = SynthConfig {
        articles: args.articles,
        seed: args.seed,
        derived_share: args.derived_share,
    };
    let stats = synth::write(&chain, &synonyms, &config, &args.out)
        .with_context(|| format!("writing {}", args.out.display()))?;
    out.summary(&format!(
        "churn synth: {} articles ({:.1} MB) in {}: {} light edits, {} synonym rewrites, {} partial copies; truth in truth.tsv",
        stats.articles,
        stats.bytes as f64 / 1e6,
        args.out.display(),
        stats.light,
        stats.heavy,
        stats.partial
    ));
    Ok(())
}
