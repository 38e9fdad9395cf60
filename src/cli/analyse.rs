//! `churn analyse`.

use super::output::Output;
use super::AnalyseArgs;
use anyhow::{bail, Context};
use churn::corpus::{self, LoadOptions};
use churn::pipeline::{self, Config};
use churn::report::{Report, ReportInput, RunInfo};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn run(args: AnalyseArgs, out: &Output) -> anyhow::Result<()> {
    refuse_overlap(&args.inputs, &args.out)?;
    let started = Instant::now();
    let options = LoadOptions {
        strict: args.strict,
        exclude: vec![args.out.clone()],
        ..LoadOptions::default()
    };
    let corpus = corpus::load(&args.inputs, &options, |w| out.warning(w))
        .with_context(|| format!("loading {}", list(&args.inputs)))?;
    if corpus.articles.is_empty() {
        bail!(
            "no articles to analyse in {}: give a directory of .txt/.md articles or a .jsonl file",
            list(&args.inputs)
        );
    }
    out.detail(&format!("loaded in {:.2?}", started.elapsed()));
    let config = Config::default();
    let t = Instant::now();
    let analysis = pipeline::analyse(&corpus, &config);
    for (stage, took) in &analysis.timings {
        out.detail(&format!("  {stage}: {took:.2?}"));
        if *stage == "scoring" {
            for (step, took) in &analysis.score_timings {
                out.detail(&format!("    {step}: {took:.2?}"));
            }
        }
    }
    out.detail(&format!("analysed in {:.2?}", t.elapsed()));
    let run = RunInfo {
        inputs: args
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        strict: args.strict,
        config,
    };
    let t = Instant::now();
    let report = Report::new(ReportInput::new(&corpus, &analysis, run));
    out.detail(&format!("  report data: {:.2?}", t.elapsed()));
    let parts = report
        .write(&args.out, &corpus)
        .with_context(|| format!("writing reports to {}", args.out.display()))?;
    for (part, took) in &parts {
        out.detail(&format!("  {part}: {took:.2?}"));
    }
    out.detail(&format!("reports written in {:.2?}", t.elapsed()));
    let s = &report.summary;
    out.summary(&format!(
        "churn: {} articles analysed, {} skipped, {} warnings; report in {}",
        s.articles,
        s.skipped,
        s.warnings,
        args.out.join("report.json").display()
    ));
    if args.json {
        let summary = serde_json::json!({
            "articles": s.articles,
            "skipped": s.skipped,
            "warnings": s.warnings,
            "bytes": s.bytes,
            "out": args.out.display().to_string(),
            "seconds": started.elapsed().as_secs_f64(),
        });
        out.stdout(&summary.to_string());
    }
    Ok(())
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses an output directory that is an input or holds one.
fn refuse_overlap(inputs: &[PathBuf], out: &Path) -> anyhow::Result<()> {
    let Ok(out_abs) = absolute(out) else {
        return Ok(());
    };
    for input in inputs {
        let Ok(input_abs) = absolute(input) else {
            continue;
        };
        if input_abs.starts_with(&out_abs) {
            bail!(
                "--out {} would overwrite input {}; choose another output directory",
                out.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// An absolute, canonical form of a path that may not exist yet.
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Ok(p);
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("no file name"))?;
    Ok(absolute(parent)?.join(name))
}
