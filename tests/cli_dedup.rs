//! `churn dedup` and `churn synth` end to end, on a synthetic corpus made from the Lee corpus.

use assert_cmd::Command;
use churn::lsh::Similarity;
use churn::sketch::{shingle_set, Shingling};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

fn lee() -> PathBuf {
    let local =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/data/lee_background.cor");
    if local.exists() {
        local
    } else {
        PathBuf::from("/work/shared/bench/data/lee_background.cor")
    }
}

fn churn() -> Command {
    let mut c = Command::cargo_bin("churn").expect("binary builds");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// A synthetic corpus of `n` articles in a fresh directory.
fn synth(n: usize, seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    churn()
        .args([
            "synth",
            "--articles",
            &n.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
        ])
        .arg(dir.path())
        .arg("--from")
        .arg(lee())
        .assert()
        .success();
    dir
}

fn dedup(dir: &Path, extra: &[&str]) -> (String, String) {
    let pairs = dir.join(format!("pairs{}.tsv", extra.join("_")));
    let clusters = dir.join(format!("clusters{}.jsonl", extra.join("_")));
    churn()
        .arg("dedup")
        .arg(dir.join("articles.jsonl"))
        .arg("--pairs")
        .arg(&pairs)
        .arg("--clusters")
        .arg(&clusters)
        .args(extra)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .success();
    let read = |p: &Path| std::fs::read_to_string(p).expect("written");
    (read(&pairs), read(&clusters))
}

/// Article id → (text, published).
fn articles(dir: &Path) -> HashMap<String, (String, String)> {
    std::fs::read_to_string(dir.join("articles.jsonl"))
        .expect("written")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            let s = |k: &str| v[k].as_str().expect("string field").to_owned();
            (s("id"), (s("text"), s("published")))
        })
        .collect()
}

#[test]
fn same_output_for_1_2_and_8_threads() {
    // ~5.5 MB of text: more than one 4 MB loader batch, so reading and indexing overlap.
    let dir = synth(2300, 11);
    let one = dedup(dir.path(), &["--threshold", "0.5", "--threads", "1"]);
    let two = dedup(dir.path(), &["--threshold", "0.5", "--threads", "2"]);
    let eight = dedup(dir.path(), &["--threshold", "0.5", "--threads", "8"]);
    assert!(
        one.0.lines().count() > 50,
        "too few pairs to compare:\n{}",
        one.0
    );
    assert_eq!(one, two);
    assert_eq!(one, eight);
}

#[test]
fn pairs_are_verified_and_recall_is_complete() {
    let dir = synth(1500, 3);
    let t = 0.5;
    let (pairs, clusters) = dedup(dir.path(), &["--threshold", "0.5"]);
    let arts = articles(dir.path());
    let sets: HashMap<&str, Vec<u32>> = arts
        .iter()
        .map(|(id, (text, _))| (id.as_str(), shingle_set(text, Shingling::Words(5))))
        .collect();
    let mut lines = pairs.lines();
    assert_eq!(
        lines.next(),
        Some("a\tb\tjaccard\tcontainment_a_in_b\tcontainment_b_in_a\testimate\tci_low\tci_high")
    );
    let mut found = HashSet::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 8);
        let num = |i: usize| f[i].parse::<f64>().expect("number");
        let exact = Similarity::of(&sets[f[0]], &sets[f[1]]);
        // Precision 1.0: every reported pair clears the threshold, and the numbers are exact.
        assert!(exact.jaccard >= t, "{line}");
        assert!((num(2) - exact.jaccard).abs() < 1e-4, "{line}");
        assert!((num(3) - exact.containment_a_in_b).abs() < 1e-4, "{line}");
        assert!(num(6) <= num(5) && num(5) <= num(7), "{line}");
        found.insert((f[0].to_owned(), f[1].to_owned()));
    }
    // Recall against ground truth (and siblings derived from one source).
    let truth = std::fs::read_to_string(dir.path().join("truth.tsv")).expect("written");
    let mut kids: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for l in truth.lines() {
        let f: Vec<&str> = l.split('\t').collect();
        kids.entry(f[0]).or_default().push(f[1]);
    }
    let order = |id: &str| id[1..].parse::<usize>().expect("sN id");
    let mut relevant = 0;
    let mut hit = 0;
    for (src, ds) in &kids {
        let mut group = vec![*src];
        group.extend(ds);
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                if Similarity::of(&sets[a], &sets[b]).jaccard >= t + 0.05 {
                    relevant += 1;
                    let (x, y) = if order(a) < order(b) { (a, b) } else { (b, a) };
                    hit += usize::from(found.contains(&(x.to_string(), y.to_string())));
                }
            }
        }
    }
    assert!(relevant > 50, "{relevant}");
    assert!(
        hit as f64 >= 0.99 * relevant as f64,
        "recall {hit}/{relevant}"
    );
    // Clusters: members close to the representative, which is the earliest published.
    for line in clusters.lines() {
        let c: serde_json::Value = serde_json::from_str(line).expect("json");
        let rep = c["representative"].as_str().expect("id");
        let members = c["members"].as_array().expect("members");
        assert_eq!(members[0]["id"].as_str(), Some(rep));
        for m in members {
            assert!(m["jaccard"].as_f64().expect("number") >= t);
            let id = m["id"].as_str().expect("id");
            assert!(
                arts[rep].1 <= arts[id].1,
                "{rep} is not the earliest in {line}"
            );
        }
    }
}

#[test]
fn keep_first_and_char_shingles_work() {
    let dir = synth(400, 5);
    let (_, clusters) = dedup(dir.path(), &["--threshold", "0.5", "--keep", "first"]);
    for line in clusters.lines() {
        let c: serde_json::Value = serde_json::from_str(line).expect("json");
        let ids: Vec<usize> = c["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| m["id"].as_str().expect("id")[1..].parse().expect("sN"))
            .collect();
        assert_eq!(ids[0], *ids.iter().min().expect("members"));
    }
    let (pairs, _) = dedup(dir.path(), &["--threshold", "0.6", "--shingle", "char:9"]);
    assert!(pairs.lines().count() > 10);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    churn()
        .args(["dedup", "no/such/file.jsonl"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("does not exist"));
    let junk = dir.path().join("junk.jsonl");
    std::fs::write(
        &junk,
        "{not json\n{\"id\":\"a\",\"text\":\"one two three four five six\"}\n",
    )
    .expect("write");
    churn()
        .arg("dedup")
        .arg(&junk)
        .args(["--pairs", "-"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("a\tb\tjaccard"))
        .stderr(predicates::str::contains("malformed JSON"));
    churn()
        .arg("dedup")
        .arg(&junk)
        .args(["--threshold", "1.5"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("threshold"));
    churn()
        .arg("dedup")
        .arg(&junk)
        .args(["--bands", "64", "--rows", "4"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("num-perm"));
    churn()
        .arg("dedup")
        .arg(&junk)
        .args(["--shingle", "byte:3"])
        .assert()
        .code(2);
}

#[test]
fn synth_reads_one_article_per_line_and_is_seeded() {
    let a = synth(300, 9);
    let b = synth(300, 9);
    let c = synth(300, 10);
    let read = |d: &tempfile::TempDir, f: &str| std::fs::read(d.path().join(f)).expect("written");
    assert_eq!(read(&a, "articles.jsonl"), read(&b, "articles.jsonl"));
    assert_eq!(read(&a, "truth.tsv"), read(&b, "truth.tsv"));
    assert_ne!(read(&a, "articles.jsonl"), read(&c, "articles.jsonl"));
    let truth = String::from_utf8(read(&a, "truth.tsv")).expect("utf-8");
    for kind in ["light", "heavy", "partial"] {
        assert!(truth.lines().any(|l| l.ends_with(kind)), "no {kind}");
    }
}

#[test]
fn analyse_reports_near_duplicates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let raw = std::fs::read_to_string(lee()).expect("lee corpus");
    let text = raw
        .lines()
        .find(|l| l.split_whitespace().count() > 200)
        .expect("a long article");
    let words: Vec<&str> = text.split_whitespace().collect();
    let edited: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 100 != 50)
        .map(|(_, w)| *w)
        .collect();
    std::fs::write(input.join("a.txt"), format!("Title A\n{text}")).expect("write");
    std::fs::write(
        input.join("b.txt"),
        format!("Title B\n{}", edited.join(" ")),
    )
    .expect("write");
    let other = raw
        .lines()
        .rev()
        .find(|l| l.split_whitespace().count() > 50)
        .expect("another");
    std::fs::write(input.join("c.txt"), format!("Title C\n{other}")).expect("write");
    let out = dir.path().join("out");
    churn()
        .arg("analyse")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).expect("report"))
            .expect("json");
    let nd = &report["near_duplicates"];
    assert_eq!(nd["threshold"], 0.8);
    let pairs = nd["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 1, "{nd}");
    assert_eq!(pairs[0]["a"], "a");
    assert_eq!(pairs[0]["b"], "b");
    assert!(pairs[0]["jaccard"].as_f64().expect("number") > 0.8);
    assert_eq!(nd["clusters"][0]["representative"], "a");
}
