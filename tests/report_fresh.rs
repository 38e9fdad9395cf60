//! The committed sample report (reports/) must be what the current code writes for corpus/.
//!
//! When this fails after a change, regenerate with `cargo run --release -- analyse` (from the
//! repository root: corpus/ -> reports/) and commit the result.

use assert_cmd::Command;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Files compared: every committed report artefact (PNGs are not committed).
fn committed_files(dir: &Path) -> Vec<String> {
    let mut files = vec![
        "report.json".to_owned(),
        "report.md".to_owned(),
        "index.html".to_owned(),
    ];
    let mut svgs: Vec<String> = std::fs::read_dir(dir.join("charts"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".svg"))
                .map(|n| format!("charts/{n}"))
                .collect()
        })
        .unwrap_or_default();
    svgs.sort();
    files.extend(svgs);
    files
}

#[test]
fn committed_sample_report_is_fresh() {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("churn")
        .unwrap()
        .current_dir(ROOT)
        .args(["analyse", "corpus", "-q", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let committed = Path::new(ROOT).join("reports");
    let written = committed_files(out.path());
    assert!(
        written.len() >= 9,
        "expected JSON, MD, HTML and 6 SVGs: {written:?}"
    );
    let json = std::fs::read_to_string(out.path().join("report.json")).unwrap();
    for volatile in [ROOT, &out.path().display().to_string()] {
        assert!(
            !json.contains(volatile),
            "report.json holds an absolute path {volatile}"
        );
    }
    let mut stale = Vec::new();
    for name in &written {
        let new = std::fs::read(out.path().join(name)).unwrap();
        match std::fs::read(committed.join(name)) {
            Ok(old) if old == new => {}
            Ok(_) => stale.push(format!("{name} differs")),
            Err(e) => stale.push(format!("{name} missing ({e})")),
        }
    }
    assert!(
        stale.is_empty(),
        "reports/ is stale against the code: {stale:?}\n\
         regenerate with `cargo run --release -- analyse` and commit reports/"
    );
}

#[test]
fn writing_twice_gives_identical_files() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [a.path(), b.path()] {
        Command::cargo_bin("churn")
            .unwrap()
            .current_dir(ROOT)
            .args(["analyse", "corpus", "-q", "--out"])
            .arg(dir)
            .assert()
            .success();
    }
    for name in committed_files(a.path()) {
        assert_eq!(
            std::fs::read(a.path().join(&name)).unwrap(),
            std::fs::read(b.path().join(&name)).unwrap(),
            "{name} differs between two runs"
        );
    }
}
