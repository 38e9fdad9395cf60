//! `churn score` and `churn eval flags`.

use super::output::Output;
use super::{EvalFlagsArgs, ScoreArgs};
use anyhow::{bail, Context};
use churn::corpus::{self, LoadOptions};
use churn::link::LinkConfig;
use churn::score::{self, Weights};
use churn::text::Doc;
use std::path::PathBuf;

/// Scores single articles, checked against an optional corpus.
pub fn run(args: ScoreArgs, out: &Output) -> anyhow::Result<()> {
    let options = LoadOptions::default();
    let targets = corpus::load(&args.files, &options, |w| out.warning(w))
        .context("loading the articles to score")?;
    if targets.articles.is_empty() {
        bail!("no articles to score: give .txt/.md files or a .jsonl file");
    }
    let n = targets.articles.len();
    let mut articles = targets.articles;
    if let Some(dir) = &args.against {
        let against = corpus::load(std::slice::from_ref(dir), &options, |w| out.warning(w))
            .with_context(|| format!("loading --against {}", dir.display()))?;
        let same = |a: &corpus::Article| {
            articles[..n]
                .iter()
                .any(|t| same_file(&t.location, &a.location))
        };
        let extra: Vec<corpus::Article> =
            against.articles.into_iter().filter(|a| !same(a)).collect();
        articles.extend(extra);
    }
    let (articles, at) = in_id_order(articles, n);
    let docs: Vec<Doc> = articles.iter().map(|a| Doc::new(&a.text)).collect();
    // Copied passages are the main evidence of spin and garbles, as in `churn analyse`.
    let links = churn::link::link(&articles, &docs, &LinkConfig::default()).links;
    let scores = score::score(&articles, &docs, &links, &Weights::default());
    if args.json {
        let entries: Vec<serde_json::Value> = at
            .iter()
            .map(|&i| {
                serde_json::json!({
                    "id": articles[i].id,
                    "path": articles[i].location,
                    "reliability": scores.reliability[i],
                    "flags": scores.flags[i],
                })
            })
            .collect();
        out.stdout(&serde_json::to_string_pretty(&entries)?);
        return Ok(());
    }
    for &i in &at {
        let (a, r, flags) = (&articles[i], &scores.reliability[i], &scores.flags[i]);
        out.stdout(&format!(
            "{}: reliability {:.1} (95% interval {:.1}-{:.1}), {} flags",
            a.id,
            r.score,
            r.low,
            r.high,
            flags.len()
        ));
        for f in flags {
            let kind = serde_json::to_value(f.kind)?;
            let sev = serde_json::to_value(f.severity)?;
            out.stdout(&format!(
                "  {} {} {}..{} {:?}: {}",
                kind.as_str().unwrap_or(""),
                sev.as_str().unwrap_or(""),
                f.start,
                f.end,
                f.text,
                f.reason
            ));
            let from = f
                .evidence
                .article
                .as_deref()
                .map(|a| format!(" [{a}]"))
                .unwrap_or_default();
            let lex = f
                .evidence
                .lexicon
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            out.stdout(&format!("      evidence{from}: {}{lex}", f.evidence.text));
        }
    }
    Ok(())
}

/// The articles sorted by id, as `churn analyse` scores a folder, so that a link whose
/// direction has no evidence points the same way (the earlier id is taken as the source);
/// with the new position of each of the first `n` (the articles to print).
fn in_id_order(articles: Vec<corpus::Article>, n: usize) -> (Vec<corpus::Article>, Vec<usize>) {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&x, &y| articles[x].id.cmp(&articles[y].id).then(x.cmp(&y)));
    let mut slots: Vec<Option<corpus::Article>> = articles.into_iter().map(Some).collect();
    let sorted = order.iter().filter_map(|&i| slots[i].take()).collect();
    let mut at = vec![0; n];
    for (pos, &i) in order.iter().enumerate() {
        if i < n {
            at[i] = pos;
        }
    }
    (sorted, at)
}

/// True when two paths name the same file.
fn same_file(a: &str, b: &str) -> bool {
    let canon = |p: &str| std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p));
    canon(a) == canon(b)
}

/// Runs the synthetic flag evaluation and prints per-kind precision and recall.
pub fn eval_flags(args: EvalFlagsArgs, out: &Output) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.data).with_context(|| {
        format!(
            "reading {} (one article a line, e.g. the Lee background corpus); give --data PATH",
            args.data.display()
        )
    })?;
    let lines: Vec<&str> = text.lines().collect();
    let scores = churn::eval::flags::evaluate(&lines, args.seed);
    if args.json {
        out.stdout(&serde_json::to_string_pretty(&scores)?);
        return Ok(());
    }
    out.stdout(&format!(
        "seed {}, base text {}",
        args.seed,
        args.data.display()
    ));
    out.stdout("kind         injected found flags correct precision recall");
    for s in &scores {
        let kind = serde_json::to_value(s.kind)?;
        out.stdout(&format!(
            "{:<12} {:>8} {:>5} {:>5} {:>7} {:>9.3} {:>6.3}",
            kind.as_str().unwrap_or(""),
            s.injected,
            s.found,
            s.flags,
            s.correct,
            s.precision,
            s.recall
        ));
    }
    Ok(())
}
