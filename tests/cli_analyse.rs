//! CLI tests of `churn analyse`: both input formats and every bad-input case.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn churn() -> Command {
    Command::cargo_bin("churn").expect("binary is built")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write fixture");
}

fn report(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("report.json")).expect("report.json written");
    serde_json::from_str(&text).expect("report.json is JSON")
}

fn ids(report: &serde_json::Value) -> Vec<String> {
    report["articles"]
        .as_array()
        .expect("articles array")
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_owned())
        .collect()
}

/// The issue's "done when" corpus: every bad item warns once, the rest is analysed.
#[test]
fn bad_inputs_warn_once_each_and_the_rest_is_analysed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(
        &input,
        "good.txt",
        b"Good headline\nA normal article body with words.\n",
    );
    write(
        &input,
        "latin1.txt",
        b"Old wire copy\nIt cost \xA35 million, officials said.\n",
    );
    write(&input, "empty.txt", b"");
    write(&input, "nowords.txt", b"  ... --- !!!\n");
    write(&input, "binary.txt", b"GIF89a\0\0\x01\x02binary");
    write(
        &input,
        "feed.jsonl",
        concat!(
            r#"{"id":"j1","headline":"JSON one","text":"Body of the first JSON article."}"#, "\n",
            "{this is not json\n",
            r#"{"text":"no id here"}"#, "\n",
            r#"{"id":"j2"}"#, "\n",
            r#"{"id":"j1","text":"Duplicate id body."}"#, "\n",
            r#"{"id":"../../etc/passwd","title":"<script>alert(1)</script>","text":"<p onclick=\"x()\">Hostile <script>alert('x')</script> text</p>"}"#, "\n",
        )
        .as_bytes(),
    );
    let long_line = format!("Long\n{}\n", "x".repeat(2 << 20));
    write(&input, "long.txt", long_line.as_bytes());
    write(
        &input,
        "cjk.txt",
        "東京の記事\n東京は晴れ。大阪は雨。\n".as_bytes(),
    );
    write(
        &input,
        "arabic.txt",
        "عنوان\nقال الرئيس الفرنسي إن فرنسا سترد.\n".as_bytes(),
    );
    let out = tmp.path().join("out");

    let assert = churn()
        .arg("analyse")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let expected = [
        ("latin1.txt", "decoded as Windows-1252"),
        ("empty.txt", "empty or holds no words"),
        ("nowords.txt", "empty or holds no words"),
        ("binary.txt", "binary"),
        ("feed.jsonl:2", "malformed JSON"),
        ("feed.jsonl:3", "missing `id`"),
        ("feed.jsonl:4", "no `text`"),
        ("feed.jsonl:5", "duplicate id \"j1\""),
    ];
    for (location, message) in expected {
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("warning:") && l.contains(location) && l.contains(message))
            .collect();
        assert_eq!(
            lines.len(),
            1,
            "want one warning for {location} ({message}) in:\n{stderr}"
        );
    }
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("warning:")).count(),
        expected.len(),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let report = report(&out);
    let mut got = ids(&report);
    got.sort();
    assert_eq!(
        got,
        [
            "../../etc/passwd",
            "arabic",
            "cjk",
            "good",
            "j1",
            "latin1",
            "long"
        ]
    );
    assert_eq!(report["summary"]["skipped"], 7);
    assert_eq!(report["warnings"].as_array().unwrap().len(), 8);
    let latin1 = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "latin1")
        .unwrap();
    assert_eq!(latin1["words"], 6, "It cost 5 million officials said");
    let cjk = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "cjk")
        .unwrap();
    assert_eq!(cjk["sentences"], 2);
}

#[test]
fn strict_makes_the_first_warning_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "in/a.txt", b"Title\nFine body.\n");
    write(tmp.path(), "in/b.txt", b"");
    churn()
        .args(["analyse", "in", "--out", "out", "--strict"])
        .current_dir(tmp.path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("error:")
                .and(predicate::str::contains("b.txt"))
                .and(predicate::str::contains("--strict")),
        );
    assert!(!tmp.path().join("out/report.json").exists());
}

#[test]
fn front_matter_and_jsonl_metadata_reach_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "in/sub/a.md",
        b"---\noutlet: Example Wire\npublished: 2017-05-29T10:00:00Z\nurl: https://example.org/a\nauthor: A. Writer\n---\nHeadline A\n\nBody of A.\n",
    );
    write(
        tmp.path(),
        "feed.jsonl",
        br#"{"id":"b","title":"Headline B","text":"Body of B.","outlet":"Paper","published":"2017-05-30"}"#,
    );
    churn()
        .args(["analyse", "in", "feed.jsonl", "--out", "out", "--json"])
        .current_dir(tmp.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("\"articles\":2"));
    let report = report(&tmp.path().join("out"));
    let a = &report["articles"][0];
    assert_eq!(a["id"], "sub/a");
    assert_eq!(a["outlet"], "Example Wire");
    assert_eq!(a["published"], "2017-05-29T10:00:00Z");
    assert_eq!(a["headline"], "Headline A");
    let b = &report["articles"][1];
    assert_eq!(
        (
            b["id"].as_str(),
            b["headline"].as_str(),
            b["outlet"].as_str()
        ),
        (Some("b"), Some("Headline B"), Some("Paper"))
    );
    assert_eq!(report["schema"], 1);
}

#[test]
fn gzipped_jsonl_is_read() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"{\"id\":\"g1\",\"text\":\"Gzipped body text.\"}\n")
        .unwrap();
    write(tmp.path(), "feed.jsonl.gz", &gz.finish().unwrap());
    churn()
        .args(["analyse", "feed.jsonl.gz", "--out", "out"])
        .current_dir(tmp.path())
        .assert()
        .success();
    assert_eq!(ids(&report(&tmp.path().join("out"))), ["g1"]);
}

#[test]
fn output_over_an_input_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "in/a.txt", b"Title\nBody.\n");
    churn()
        .args(["analyse", "in/a.txt", "--out", "in"])
        .current_dir(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would overwrite input"));
    assert!(!tmp.path().join("in/report.json").exists());
}

#[test]
fn output_inside_an_input_directory_is_not_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "in/a.txt", b"Title\nBody.\n");
    write(
        tmp.path(),
        "in/reports/old.md",
        b"Old report\nNot an article.\n",
    );
    churn()
        .args(["analyse", "in", "--out", "in/reports"])
        .current_dir(tmp.path())
        .assert()
        .success();
    assert_eq!(ids(&report(&tmp.path().join("in/reports"))), ["a"]);
}

#[test]
fn missing_input_and_empty_corpus_fail_with_status_2() {
    let tmp = tempfile::tempdir().unwrap();
    churn()
        .args(["analyse", "nope", "--out", "out"])
        .current_dir(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error:").and(predicate::str::contains("nope")));
    write(tmp.path(), "empty/x.txt", b"");
    churn()
        .args(["analyse", "empty", "--out", "out"])
        .current_dir(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no articles to analyse"));
}

#[test]
fn usage_errors_exit_2_and_help_has_examples() {
    churn().args(["analyse", "--no-such-flag"]).assert().code(2);
    churn()
        .args(["analyse", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
    churn()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn quiet_prints_nothing_on_success() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "in/a.txt", b"Title\nBody.\n");
    write(tmp.path(), "in/b.txt", b"");
    churn()
        .args(["-q", "analyse", "in", "--out", "out"])
        .current_dir(tmp.path())
        .assert()
        .success()
        .stderr("");
}

#[test]
fn inputs_are_never_modified() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = b"Old wire copy\nIt cost \xA35 million.\n";
    write(tmp.path(), "in/a.txt", bytes);
    churn()
        .args(["analyse", "in", "--out", "out"])
        .current_dir(tmp.path())
        .assert()
        .success();
    assert_eq!(std::fs::read(tmp.path().join("in/a.txt")).unwrap(), bytes);
}
