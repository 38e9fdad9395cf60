//! Opens the HTML report of a hostile corpus in headless Chromium and checks that it renders
//! with no console messages (CSP violations included), shows its charts, and that nothing
//! from the corpus ran.
//!
//! Needs Chromium (`/usr/bin/chromium`, or the path in `CHROMIUM`). Without it the test fails,
//! unless `CHURN_SKIP_BROWSER=1` is set.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const FIXTURE: &str = "tests/fixtures/hostile";

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "chrome"];
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    names
        .iter()
        .flat_map(|n| dirs.iter().map(move |d| d.join(n)))
        .find(|p| p.is_file())
}

/// Runs Chromium headless with `args` after the standard flags; returns (stdout, stderr).
fn chromium(bin: &Path, profile: &Path, args: &[&str]) -> (String, String) {
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut child = std::process::Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (
        std::fs::read_to_string(out.path()).unwrap(),
        std::fs::read_to_string(err.path()).unwrap(),
    )
}

fn url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// The tags of a serialised DOM: (name, [(attribute, value)]). In a serialisation every
/// literal `<` starts a tag (text has `&lt;`) and attribute values are double-quoted.
fn tags(dom: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(p) = rest.find('<') {
        let mut chars = rest[p + 1..].char_indices().peekable();
        let mut name = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c.is_whitespace() || c == '>' || c == '/' && !name.is_empty() {
                break;
            }
            name.push(c);
            chars.next();
        }
        let mut attrs = Vec::new();
        let mut end = rest.len() - p - 1;
        while let Some((i, c)) = chars.next() {
            if c == '>' {
                end = i + 1;
                break;
            }
            if c.is_whitespace() || c == '/' {
                continue;
            }
            let mut key = String::from(c);
            let mut value = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if c == '=' || c == '>' || c.is_whitespace() {
                    break;
                }
                key.push(c);
                chars.next();
            }
            if chars.peek().map(|x| x.1) == Some('=') {
                chars.next();
                if chars.peek().map(|x| x.1) == Some('"') {
                    chars.next();
                    for (_, c) in chars.by_ref() {
                        if c == '"' {
                            break;
                        }
                        value.push(c);
                    }
                }
            }
            attrs.push((key.to_ascii_lowercase(), value));
        }
        out.push((name.to_ascii_lowercase(), attrs));
        rest = &rest[(p + 1 + end).min(rest.len())..];
    }
    out
}

/// Everything wrong with a page, from Chromium's DOM dump and log.
fn problems(dom: &str, log: &str, expected_title: &str) -> Vec<String> {
    let mut found: Vec<String> = log
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(|l| format!("console message: {l}"))
        .collect();
    if !dom.contains(&format!("<title>{expected_title}</title>")) {
        found.push(format!(
            "document.title changed (expected {expected_title:?})"
        ));
    }
    for (name, attrs) in tags(dom) {
        if ["script", "img", "iframe", "object", "embed", "base", "form"].contains(&name.as_str()) {
            found.push(format!("DOM has a <{name}> element"));
        }
        for (key, value) in attrs {
            let v = value.trim().to_ascii_lowercase();
            if key.starts_with("on") || key == "data-pwned" || (key == "id" && v == "pwned") {
                found.push(format!("<{name}> has attribute {key}={value:?}"));
            }
            if (key == "href" || key == "src") && v.starts_with("javascript:") {
                found.push(format!("<{name}> links to {value:?}"));
            }
        }
    }
    found
}

/// Share of pixels that are not near-white, and the luminance variance.
fn ink(png: &Path) -> (f64, f64) {
    let img = image::open(png).expect("screenshot is a PNG").to_rgb8();
    let lum: Vec<f64> = img
        .pixels()
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .collect();
    let n = lum.len().max(1) as f64;
    let mean = lum.iter().sum::<f64>() / n;
    let var = lum.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (lum.iter().filter(|&&v| v < 230.0).count() as f64 / n, var)
}

/// Takes a screenshot of `url` and checks it is not blank.
fn screenshot(bin: &Path, profile: &Path, url: &str, size: &str, shot: &Path) {
    let shot_arg = format!("--screenshot={}", shot.display());
    let size_arg = format!("--window-size={size}");
    let (_, log) = chromium(bin, profile, &[&shot_arg, &size_arg, url]);
    assert!(shot.exists(), "no screenshot of {url}; log:\n{log}");
    let (share, variance) = ink(shot);
    eprintln!(
        "screenshot of {url}: {:.1}% ink, variance {variance:.0}",
        share * 100.0
    );
    assert!(
        share > 0.02 && variance > 200.0,
        "screenshot of {url} looks blank: {:.2}% ink, variance {variance:.0}",
        share * 100.0
    );
}

#[test]
fn hostile_report_renders_safely_in_chromium() {
    let Some(bin) = find_chromium() else {
        if std::env::var("CHURN_SKIP_BROWSER").as_deref() == Ok("1") {
            eprintln!("note: chromium not found; browser test skipped (CHURN_SKIP_BROWSER=1)");
            return;
        }
        panic!(
            "chromium not found (looked for $CHROMIUM, chromium, chromium-browser, google-chrome \
             in PATH): install it (apt-get install chromium) or set CHURN_SKIP_BROWSER=1 to skip"
        );
    };
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("churn")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["analyse", FIXTURE, "--out"])
        .arg(out.path())
        .assert()
        .success();
    let index = out.path().join("index.html");
    let profile = tempfile::tempdir().unwrap();

    // A control page with the same hostile content unescaped must be caught by the checks.
    let control = out.path().join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><html><head><title>churn report: 4 articles</title></head><body>\
         <p>x</p><script>console.error('boom');document.title='pwned'</script>\
         <a href=\"javascript:void(0)\" onclick=\"x()\">y</a></body></html>",
    )
    .unwrap();
    let (dom, log) = chromium(&bin, profile.path(), &["--dump-dom", &url(&control)]);
    let caught = problems(&dom, &log, "churn report: 4 articles");
    for what in [
        "document.title changed",
        "<script>",
        "onclick",
        "javascript:",
        "console",
    ] {
        assert!(
            caught.iter().any(|p| p.contains(what)),
            "the checks missed {what} in the control page: {caught:#?}\nDOM:\n{dom}"
        );
    }

    let (dom, log) = chromium(&bin, profile.path(), &["--dump-dom", &url(&index)]);
    let found = problems(&dom, &log, "churn report: 4 articles");
    assert!(found.is_empty(), "problems: {found:#?}");
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert_eq!(dom.matches("<figure id=\"chart-").count(), 6, "six charts");
    assert!(dom.matches("<svg").count() >= 6, "charts are inline SVG");

    // The whole page, tall enough to hold the summary and the charts.
    let shot = out.path().join("page.png");
    screenshot(&bin, profile.path(), &url(&index), "1200,3000", &shot);
    // A chart file on its own: the SVG renders in a browser.
    let chart = out.path().join("chart.png");
    let svg = out.path().join("charts/provenance.svg");
    screenshot(&bin, profile.path(), &url(&svg), "1100,420", &chart);
    // Printing: the page prints to a PDF of several pages (one per article section at least).
    let pdf = out.path().join("print.pdf");
    let pdf_arg = format!("--print-to-pdf={}", pdf.display());
    let (_, log) = chromium(
        &bin,
        profile.path(),
        &[&pdf_arg, "--no-pdf-header-footer", &url(&index)],
    );
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF ({e}); log:\n{log}"));
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let pages = String::from_utf8_lossy(&bytes)
        .matches("/Type /Page")
        .count()
        .saturating_sub(
            String::from_utf8_lossy(&bytes)
                .matches("/Type /Pages")
                .count(),
        );
    assert!(
        pages >= 4,
        "printed to {pages} pages: expected one per article at least"
    );
    if let Some(keep) = std::env::var_os("CHURN_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, &keep).unwrap();
        std::fs::copy(&chart, PathBuf::from(keep).with_extension("chart.png")).unwrap();
    }
}

/// The same hostile corpus, checked without a browser: every file the report writes escapes
/// what the corpus holds.
#[test]
fn hostile_report_files_are_escaped() {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("churn")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["analyse", FIXTURE, "-q", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let found = problems(&html, "", "churn report: 4 articles");
    assert!(found.is_empty(), "index.html: {found:#?}");
    assert!(html.contains("&lt;script&gt;document.title="));
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(!md.contains("<script") && !md.contains("<img") && !md.contains("<b "));
    for entry in std::fs::read_dir(out.path().join("charts")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let svg = std::fs::read_to_string(&path).unwrap();
            assert!(!svg.contains("<script"), "{}", path.display());
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    let ids: Vec<&str> = json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"../../etc/passwd"),
        "ids are kept as data: {ids:?}"
    );
    let written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut written = written;
    written.sort();
    assert_eq!(
        written,
        ["charts", "index.html", "report.json", "report.md"],
        "no file named after an id"
    );
}
