//! Criterion benches of the near-duplicate stages, each beside its naive baseline, and end to
//! end. Throughput is bytes of article text per second.
//!
//! Input: the Lee corpus (300 ABC news articles, one a line) next to the repository, plus a
//! lightly edited copy of each article so that LSH and verification have real work.

#![allow(missing_docs, clippy::iter_over_hash_type)]

use churn::corpus::{self, Article, ArticleView, LoadOptions, Meta};
use churn::dedup::{near_duplicates, DedupConfig};
use churn::lsh::{self, LshParams, Similarity};
use churn::sketch::minhash::{Scheme, Signer};
use churn::sketch::shingle::{shingle_set_into, shingles_into, Scratch, Shingling};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

fn lee_path() -> std::path::PathBuf {
    let local = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/bench/data/lee_background.cor");
    if local.exists() {
        local
    } else {
        "/work/shared/bench/data/lee_background.cor".into()
    }
}

/// Lee articles and an edited copy of each (every 20th word dropped).
fn texts() -> Vec<String> {
    let raw = std::fs::read_to_string(lee_path()).expect("the Lee corpus is beside the repository");
    let lines: Vec<String> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let copies = lines.iter().map(|l| {
        l.split_whitespace()
            .enumerate()
            .filter(|(i, _)| i % 20 != 19)
            .map(|(_, w)| w)
            .collect::<Vec<_>>()
            .join(" ")
    });
    let mut all = lines.clone();
    all.extend(copies);
    all
}

/// The obvious shingler: a string per shingle in a hash set.
fn naive_shingles(text: &str) -> HashSet<u64> {
    let words: Vec<String> = churn::text::tokenize(text)
        .iter()
        .map(|t| churn::text::normalize(t.span.slice(text)))
        .collect();
    words
        .windows(5)
        .map(|w| churn::text::hash_bytes(w.join(" ").as_bytes()))
        .collect()
}

fn bench_shingle(c: &mut Criterion, texts: &[String], bytes: u64) {
    let mut g = c.benchmark_group("tokenise+shingle");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("churn rolling", |b| {
        let (mut scratch, mut out) = (Scratch::default(), Vec::new());
        b.iter(|| {
            for t in texts {
                shingle_set_into(t, Shingling::Words(5), &mut scratch, &mut out);
                black_box(&out);
            }
        })
    });
    g.bench_function("naive strings", |b| {
        b.iter(|| texts.iter().map(|t| naive_shingles(t).len()).sum::<usize>())
    });
    g.bench_function("for_each_word only", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in texts {
                churn::text::for_each_word(t, |_, _| n += 1);
            }
            n
        })
    });
    g.finish();
}

fn bench_shingle_sign(c: &mut Criterion, texts: &[String], bytes: u64) {
    let mut g = c.benchmark_group("shingle+sign");
    g.throughput(Throughput::Bytes(bytes));
    let signer = Signer::new(128, 1, Scheme::Oph);
    g.bench_function("one pass (word bitmap, fused)", |b| {
        let (mut scratch, mut set, mut sig) = (Scratch::default(), Vec::new(), vec![0u32; 128]);
        b.iter(|| {
            for t in texts {
                let (w, s) = (Shingling::Words(5), &signer);
                churn::sketch::shingle_and_sign(t, w, s, &mut scratch, &mut set, &mut sig);
                black_box(&sig);
            }
        })
    });
    g.bench_function("two passes baseline", |b| {
        let (mut scratch, mut set, mut sig) = (Scratch::default(), Vec::new(), vec![0u32; 128]);
        b.iter(|| {
            for t in texts {
                shingles_into(t, Shingling::Words(5), &mut scratch, &mut set);
                signer.sign(&set, &mut sig);
                black_box(&sig);
            }
        })
    });
    g.finish();
}

fn bench_read(c: &mut Criterion, texts: &[String], bytes: u64) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("bench.jsonl");
    let lines: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            serde_json::json!({"id": format!("a{i}"), "title": "T", "text": t}).to_string()
        })
        .collect();
    std::fs::write(&path, lines.join("\n")).expect("writable");
    let inputs = [path];
    let options = LoadOptions::default();
    let mut g = c.benchmark_group("read JSONL");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("stream_mapped (views)", |b| {
        b.iter(|| {
            let mut n = 0usize;
            let map = |_: &mut (), v: &ArticleView<'_>| v.body.len();
            corpus::stream_mapped(
                &inputs,
                &options,
                || (),
                map,
                |x| {
                    n += x.len();
                    Ok(())
                },
                |_| {},
            )
            .map(|_| n)
        })
    });
    g.bench_function("stream (articles) baseline", |b| {
        b.iter(|| {
            let mut n = 0usize;
            corpus::stream(
                &inputs,
                &options,
                |x| {
                    n += x.len();
                    Ok(())
                },
                |_| {},
            )
            .map(|_| n)
        })
    });
    g.finish();
}

fn bench_sign(c: &mut Criterion, sets: &[Vec<u32>], bytes: u64) {
    let mut g = c.benchmark_group("sign");
    g.throughput(Throughput::Bytes(bytes));
    for (name, scheme) in [
        ("one-permutation", Scheme::Oph),
        ("classic baseline", Scheme::Classic),
    ] {
        let signer = Signer::new(128, 1, scheme);
        g.bench_function(BenchmarkId::new(name, 128), |b| {
            let mut out = vec![0u32; 128];
            b.iter(|| {
                for s in sets {
                    signer.sign(s, &mut out);
                    black_box(&out);
                }
            })
        });
    }
    g.finish();
}

fn bench_lsh(c: &mut Criterion, sigs: &[u32], n: usize, bytes: u64) {
    let params = LshParams { bands: 16, rows: 8 };
    let active: Vec<u32> = (0..n as u32).collect();
    let mut g = c.benchmark_group("lsh");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("sorted records, star edges", |b| {
        b.iter(|| {
            lsh::candidates(sigs, 128, &active, params, 2000)
                .pairs
                .len()
        })
    });
    g.bench_function("hash-map buckets baseline", |b| {
        b.iter(|| {
            let mut pairs = HashSet::new();
            for band in 0..params.bands {
                let mut buckets: HashMap<Vec<u32>, Vec<u32>> = HashMap::new();
                for i in 0..n {
                    let key = sigs[i * 128 + band * 8..i * 128 + band * 8 + 8].to_vec();
                    buckets.entry(key).or_default().push(i as u32);
                }
                for v in buckets.values() {
                    for (x, &a) in v.iter().enumerate() {
                        for &bb in &v[x + 1..] {
                            pairs.insert((a, bb));
                        }
                    }
                }
            }
            pairs.len()
        })
    });
    g.finish();
}

fn bench_verify(c: &mut Criterion, sets: &[Vec<u32>], pairs: &[(u32, u32)]) {
    let bytes: usize = pairs
        .iter()
        .map(|&(a, b)| (sets[a as usize].len() + sets[b as usize].len()) * 4)
        .sum();
    let mut g = c.benchmark_group("verify");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("sorted merge", |b| {
        b.iter(|| {
            pairs
                .iter()
                .map(|&(a, b)| Similarity::of(&sets[a as usize], &sets[b as usize]).jaccard)
                .sum::<f64>()
        })
    });
    let hashed: Vec<HashSet<u32, BuildHasherDefault<std::collections::hash_map::DefaultHasher>>> =
        sets.iter().map(|s| s.iter().copied().collect()).collect();
    g.bench_function("hash-set baseline", |b| {
        b.iter(|| {
            pairs
                .iter()
                .map(|&(a, b)| {
                    let (x, y) = (&hashed[a as usize], &hashed[b as usize]);
                    let i = x.intersection(y).count();
                    i as f64 / (x.len() + y.len() - i) as f64
                })
                .sum::<f64>()
        })
    });
    g.finish();
}

fn bench_end_to_end(c: &mut Criterion, texts: &[String], bytes: u64) {
    let articles: Vec<Article> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Article::new(&i.to_string(), "bench", None, t.clone(), Meta::default()))
        .collect();
    let mut g = c.benchmark_group("end-to-end");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("near_duplicates 0.5", |b| {
        let config = DedupConfig {
            threshold: 0.5,
            ..DedupConfig::default()
        };
        b.iter(|| {
            near_duplicates(&articles, &config)
                .map(|f| f.pairs.len())
                .ok()
        })
    });
    g.finish();
}

fn stages(c: &mut Criterion) {
    let texts = texts();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let sets: Vec<Vec<u32>> = texts
        .iter()
        .map(|t| churn::sketch::shingle_set(t, Shingling::Words(5)))
        .collect();
    let signer = Signer::new(128, 1, Scheme::Oph);
    let mut sigs = vec![0u32; sets.len() * 128];
    for (s, out) in sets.iter().zip(sigs.chunks_mut(128)) {
        signer.sign(s, out);
    }
    let n = sets.len();
    let pairs = lsh::candidates(
        &sigs,
        128,
        &(0..n as u32).collect::<Vec<_>>(),
        LshParams { bands: 32, rows: 2 },
        2000,
    )
    .pairs;
    bench_shingle(c, &texts, bytes);
    bench_shingle_sign(c, &texts, bytes);
    bench_read(c, &texts, bytes);
    bench_sign(c, &sets, bytes);
    bench_lsh(c, &sigs, n, bytes);
    bench_verify(c, &sets, &pairs);
    bench_end_to_end(c, &texts, bytes);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = stages
}
criterion_main!(benches);
