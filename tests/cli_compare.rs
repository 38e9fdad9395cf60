//! CLI tests for copied passages: the sample-corpus targets, `churn compare`, `churn eval`.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::PathBuf;

fn churn() -> Command {
    Command::cargo_bin("churn").expect("binary is built")
}

fn short(id: &str) -> &str {
    id.split('_').next().unwrap_or(id)
}

/// The sample corpus: the three derivations, in the right direction (from evidence: no dates
/// are known), and no link between articles that only report the same event.
#[test]
fn sample_corpus_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    churn()
        .args(["analyse", "corpus", "-q", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("report.json")).expect("report written"),
    )
    .expect("valid JSON");
    let links = report["links"].as_array().expect("links array");
    let find = |s: &str, d: &str| {
        links.iter().find(|l| {
            short(l["source"].as_str().unwrap_or("")) == s
                && short(l["derived"].as_str().unwrap_or("")) == d
        })
    };
    for (s, d) in [("000", "003"), ("000", "004"), ("001", "002")] {
        let l = find(s, d).unwrap_or_else(|| panic!("no link {s} -> {d}: {links:#?}"));
        assert_eq!(l["direction"]["basis"], "evidence", "{l:#?}");
        assert!(!l["passages"].as_array().expect("passages").is_empty());
    }
    assert_eq!(find("001", "002").expect("found")["kind"], "paraphrase");
    // Every other pair is either unlinked or marked as sharing a common source.
    for l in links {
        let pair = (
            short(l["source"].as_str().unwrap_or("")),
            short(l["derived"].as_str().unwrap_or("")),
        );
        let expected = matches!(pair, ("000", "003") | ("000", "004") | ("001", "002"));
        assert!(
            expected || l["kind"] == "common-source",
            "unexpected link {l:#?}"
        );
    }
    assert!(!links.iter().any(|l| {
        let mut p = [
            short(l["source"].as_str().unwrap_or("")),
            short(l["derived"].as_str().unwrap_or("")),
        ];
        p.sort();
        p == ["000", "001"]
    }));
    // Spans are byte offsets into the article text as loaded.
    let text = std::fs::read_to_string("corpus/003_57a9fe0a918b07f2.txt").expect("sample");
    let l = find("000", "003").expect("found");
    for p in l["passages"].as_array().expect("passages") {
        let (s, e) = (
            p["derived_span"]["start"].as_u64().expect("start"),
            p["derived_span"]["end"].as_u64().expect("end"),
        );
        assert!(text
            .get(s as usize..e as usize)
            .is_some_and(|t| t.split_whitespace().count() >= 8));
    }
    assert!(!report["stories"].as_array().expect("stories").is_empty());
}

#[test]
fn compare_files_side_by_side_without_colour_off_a_terminal() {
    churn()
        .args([
            "compare",
            "corpus/000_97f9dfcd64aa0037.txt",
            "corpus/004_a20c15914b7a1976.txt",
            "--width",
            "100",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("passage 1"))
        .stdout(predicate::str::contains("│"))
        .stdout(predicate::str::contains("[worldwide]"))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn compare_ids_in_a_corpus_as_json() {
    let out = churn()
        .args(["compare", "--corpus", "corpus", "001", "002", "--json"])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(v["linked"], true);
    assert_eq!(v["link"]["kind"], "paraphrase");
    let unlinked = churn()
        .args(["compare", "--corpus", "corpus", "000", "001", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&unlinked).expect("JSON");
    assert_eq!(v["linked"], false);
}

#[test]
fn compare_unknown_id_fails_with_a_message() {
    churn()
        .args(["compare", "--corpus", "corpus", "000", "nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no article with id"));
}

fn lee() -> Option<PathBuf> {
    let beside =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/data/lee_background.cor");
    [
        beside,
        PathBuf::from("/work/shared/bench/data/lee_background.cor"),
    ]
    .into_iter()
    .find(|p| p.exists())
}

#[test]
fn eval_passages_prints_pan_measures() {
    let Some(lee) = lee() else {
        eprintln!("note: lee_background.cor not found; eval CLI test skipped");
        return;
    };
    let out = churn()
        .args([
            "eval", "passages", "--cases", "21", "--seed", "3", "--json", "--from",
        ])
        .arg(&lee)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let m: Value = serde_json::from_slice(&out).expect("JSON");
    assert!(m["plagdet"].as_f64().expect("plagdet") >= 0.85, "{m}");
    assert!(
        m["granularity"].as_f64().expect("granularity") <= 1.05,
        "{m}"
    );
}
