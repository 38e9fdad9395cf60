//! Scoring throughput on real news text (the Lee background corpus, read at run time).

use churn::corpus::{Article, Meta};
use churn::score::quote::Quote;
use churn::score::view::Words;
use churn::score::{self, Weights};
use churn::text::Doc;
use criterion::{criterion_main, Criterion};

#[path = "../tests/common/mod.rs"]
mod common;

fn lee_articles() -> Vec<Article> {
    common::lee()
        .lines()
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
    let quotes = repeated_quotes(&articles);
    let w = Weights::default();
    let floor = w.quote_same.min(w.quote_altered);
    g.bench_function("quote_pairs_3000_articles", |b| {
        b.iter(|| score::quote_pairs::scored_pairs(&quotes, w.quote_min_words, floor))
    });
    g.finish();
}

/// 3,000 articles of three "quotes" each, taken from the Lee sentences so that each sentence
/// is quoted by several articles (as copies repeat quotes), some trimmed by a word.
fn repeated_quotes(articles: &[Article]) -> Vec<Vec<Quote>> {
    let sentences: Vec<Vec<String>> = articles
        .iter()
        .flat_map(|a| a.text.split(". "))
        .map(|s| {
            s.split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.len() >= 8)
        .collect();
    let pool = sentences.len().clamp(1, 1500);
    (0..3000usize)
        .map(|i| {
            (0..3usize)
                .filter_map(|k| {
                    let words = sentences.get((i * 7 + k * 13) % pool)?;
                    let trim = usize::from((i + k) % 4 == 0);
                    Some(Quote {
                        span: 0..0,
                        words: Words::new(words[trim..].iter().map(String::as_str)),
                        speaker: None,
                        speaker_span: None,
                        run_on: false,
                    })
                })
                .collect()
        })
        .collect()
}

mod group {
    #![allow(missing_docs)]
    use super::bench;
    criterion::criterion_group!(benches, bench);
}

criterion_main!(group::benches);
