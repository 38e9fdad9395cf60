//! Scoring throughput on real news text (the Lee background corpus, read at run time).

use churn::corpus::{Article, Meta};
use churn::score::{self, Weights};
use churn::text::Doc;
use criterion::{criterion_main, Criterion};
use std::path::PathBuf;

fn lee_articles() -> Vec<Article> {
    let local =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/data/lee_background.cor");
    let path = if local.exists() {
        local
    } else {
        PathBuf::from("/work/shared/bench/data/lee_background.cor")
    };
    let text = std::fs::read_to_string(path).expect("Lee corpus beside the repository");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            Article::new(
                &format!("lee{i}"),
                "lee",
                None,
                l.to_owned(),
                Meta::default(),
            )
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let articles = lee_articles();
    let docs: Vec<Doc> = articles.iter().map(|a| Doc::new(&a.text)).collect();
    let _ = score::lexicon::lexicon();
    let mut g = c.benchmark_group("score");
    g.sample_size(10);
    g.bench_function("lee_300_articles", |b| {
        b.iter(|| score::score(&articles, &docs, &[], &Weights::default()))
    });
    g.finish();
}

mod group {
    #![allow(missing_docs)]
    use super::bench;
    criterion::criterion_group!(benches, bench);
}

criterion_main!(group::benches);
