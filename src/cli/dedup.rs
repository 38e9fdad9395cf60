//! `churn dedup`: near-duplicate pairs and clusters of a corpus, streamed.

use super::output::Output;
use super::DedupArgs;
use anyhow::{anyhow, bail, Context};
use churn::corpus::{self, LoadOptions};
use churn::dedup::{self, DedupConfig, Index, Keep, SketchScratch};
use churn::sketch::minhash::Scheme;
use churn::sketch::Shingling;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

/// Which member represents a cluster, as a flag value.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum KeepArg {
    /// Earliest published, then longest.
    Earliest,
    /// Longest body.
    Longest,
    /// First in input order.
    First,
}

pub fn run(args: DedupArgs, out: &Output) -> anyhow::Result<()> {
    let config = config(&args)?;
    if args.workers.is_some() || args.processes > 1 || args.hostfile.is_some() {
        return super::dataflow::run(&args, config, out);
    }
    // The global pool, so that the reading thread (outside the pool, blocking on a channel)
    // never holds a worker.
    rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build_global()
        .context("starting worker threads")?;
    dedup(&args, config, out)
}

fn config(args: &DedupArgs) -> anyhow::Result<DedupConfig> {
    let shingling = Shingling::parse(&args.shingle).map_err(|e| anyhow!("--shingle: {e}"))?;
    Ok(DedupConfig {
        threshold: args.threshold,
        shingling,
        num_perm: args.num_perm,
        seed: args.seed,
        bands: args.bands,
        rows: args.rows,
        keep: match args.keep {
            KeepArg::Earliest => Keep::Earliest,
            KeepArg::Longest => Keep::Longest,
            KeepArg::First => Keep::First,
        },
        max_bucket: args.max_bucket,
        scheme: if args.classic {
            Scheme::Classic
        } else {
            Scheme::Oph
        },
    })
}

fn dedup(args: &DedupArgs, config: DedupConfig, out: &Output) -> anyhow::Result<()> {
    let started = Instant::now();
    let index = Index::new(config)?;
    let bar = progress(out);
    let options = LoadOptions {
        strict: args.strict,
        ..LoadOptions::default()
    };
    // The loader reads the next block while the worker pool reads, shingles and signs the
    // lines of the previous one; results are pushed to the index in input order.
    let mut index = index;
    index.expect_input(input_bytes(&args.inputs));
    let sketcher = index.sketcher();
    let (mut articles, mut bytes) = (0usize, 0u64);
    let stats = corpus::stream_mapped(
        &args.inputs,
        &options,
        SketchScratch::default,
        |scratch, view| sketcher.sketch(view, scratch),
        |batch| {
            articles += batch.len();
            bytes += batch.iter().map(|s| s.body_bytes() as u64).sum::<u64>();
            if let Some(bar) = &bar {
                bar.set_message(format!(
                    "{articles} articles, {:.1} MB read",
                    bytes as f64 / 1e6
                ));
            }
            index.push(batch);
            Ok(())
        },
        |w| {
            if let Some(bar) = &bar {
                bar.suspend(|| out.warning(w));
            } else {
                out.warning(w);
            }
        },
    );
    let stats = stats.with_context(|| format!("reading {}", list(&args.inputs)))?;
    if index.is_empty() {
        bail!(
            "no articles in {}: give .jsonl files or directories of .txt/.md articles",
            list(&args.inputs)
        );
    }
    let indexed = started.elapsed();
    if let Some(bar) = &bar {
        bar.set_message(format!("{} articles read; matching", index.len()));
    }
    let t = Instant::now();
    let found = index.finish();
    let matched = t.elapsed();
    if let Some(bar) = &bar {
        bar.set_message(format!("{} pairs; writing", found.pairs.len()));
    }
    write_outputs(args, &found)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    out.detail(&format!(
        "read, shingled and signed {} articles in {indexed:.2?}; candidates, verification and clusters in {matched:.2?}",
        found.articles
    ));
    summarise(&found, &stats, started, args, out);
    Ok(())
}

/// Writes the pairs and clusters files that were asked for. Two different files (neither
/// stdout) are written at once, on two threads, so that their waits for the disk overlap.
fn write_outputs(args: &DedupArgs, found: &churn::dedup::NearDuplicates) -> anyhow::Result<()> {
    let pairs = |path: &Path| write_to(path, |w| dedup::write_pairs(found, w));
    let clusters = |path: &Path| write_to(path, |w| dedup::write_clusters(found, w));
    match (&args.pairs, &args.clusters) {
        (Some(p), Some(c)) if p != c && p.as_os_str() != "-" && c.as_os_str() != "-" => {
            std::thread::scope(|scope| {
                let other = scope.spawn(|| pairs(p));
                let done = clusters(c);
                other
                    .join()
                    .map_err(|_| anyhow!("writing {} failed", p.display()))??;
                done
            })
        }
        (p, c) => {
            if let Some(p) = p {
                pairs(p)?;
            }
            if let Some(c) = c {
                clusters(c)?;
            }
            Ok(())
        }
    }
}

/// Prints the end-of-run summary (and the JSON one with `--json`).
pub(super) fn summarise(
    found: &churn::dedup::NearDuplicates,
    stats: &churn::corpus::LoadStats,
    started: Instant,
    args: &DedupArgs,
    out: &Output,
) {
    let secs = started.elapsed().as_secs_f64();
    let mb = stats.bytes as f64 / 1e6;
    for c in &found.capped {
        out.detail(&format!(
            "capped bucket: band {}, {} articles sharing it (first {}); only {} linked",
            c.band, c.size, c.first, found.config.max_bucket
        ));
    }
    out.summary(&format!(
        "churn dedup: {} articles, {:.1} MB in {:.2} s ({:.1} MB/s); {} bands x {} rows; {} candidates, {} pairs, {} clusters, largest {}; {} oversized buckets capped; {} skipped",
        found.articles,
        mb,
        secs,
        mb / secs.max(1e-9),
        found.lsh.bands,
        found.lsh.rows,
        found.candidates,
        found.pairs.len(),
        found.clusters.len(),
        found.largest_cluster(),
        found.capped.len(),
        stats.skipped,
    ));
    if args.json {
        let summary = serde_json::json!({
            "articles": found.articles,
            "bytes": stats.bytes,
            "seconds": secs,
            "mb_per_s": mb / secs.max(1e-9),
            "bands": found.lsh.bands,
            "rows": found.lsh.rows,
            "candidates": found.candidates,
            "pairs": found.pairs.len(),
            "clusters": found.clusters.len(),
            "largest_cluster": found.largest_cluster(),
            "capped_buckets": found.capped.len(),
        });
        out.stdout(&summary.to_string());
    }
}

/// A spinner on stderr when it is a terminal and output is not quiet.
fn progress(out: &Output) -> Option<ProgressBar> {
    if out.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

/// Writes a file through a buffer (`-` is stdout). A file is written under a temporary name
/// in its directory and renamed into place only once complete ([`churn::report::write_atomic`],
/// which also waits for the disk, as every report churn writes does: 1-8 ms a file here).
pub(super) fn write_to(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut w = BufWriter::new(stdout.lock());
        return f(&mut w).context("writing to stdout");
    }
    let mut bytes = Vec::new();
    f(&mut bytes).with_context(|| format!("formatting {}", path.display()))?;
    churn::report::write_atomic(path, &bytes).with_context(|| format!("writing {}", path.display()))
}

/// Bytes of the input files given directly (directories count nothing).
fn input_bytes(paths: &[std::path::PathBuf]) -> u64 {
    paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

pub(super) fn list(paths: &[std::path::PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
