//! `churn dedup` on timely dataflow: byte-identical output at any scale, and clean failure.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

fn lee() -> PathBuf {
    let beside =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/data/lee_background.cor");
    if beside.exists() {
        beside
    } else {
        PathBuf::from("/work/shared/bench/data/lee_background.cor")
    }
}

fn churn() -> Command {
    Command::cargo_bin("churn").expect("binary is built")
}

/// Runs `churn dedup` on `input` with `extra` flags, writing `tag.tsv` and `tag.jsonl`.
fn dedup_args(dir: &Path, input: &Path, tag: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "dedup",
        "--threshold",
        "0.5",
        "--shard-bytes",
        "40000",
        "-q",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(input.display().to_string());
    args.extend([
        "--pairs".into(),
        dir.join(format!("{tag}.tsv")).display().to_string(),
    ]);
    args.extend([
        "--clusters".into(),
        dir.join(format!("{tag}.jsonl")).display().to_string(),
    ]);
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn read(dir: &Path, tag: &str) -> (String, String) {
    let get =
        |ext| std::fs::read_to_string(dir.join(format!("{tag}.{ext}"))).expect("output written");
    (get("tsv"), get("jsonl"))
}

fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<_> = (0..n)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").expect("bind"))
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().expect("addr").port())
        .collect()
}

fn wait(mut child: Child, limit: Duration) -> std::process::Output {
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            child.kill().ok();
            panic!("a process ran past {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

#[test]
fn one_worker_four_workers_and_three_processes_give_identical_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    churn()
        .args(["synth", "--articles", "800", "--seed", "3", "--from"])
        .arg(lee())
        .arg("--out")
        .arg(dir.join("syn"))
        .assert()
        .success();
    let input = dir.join("syn/articles.jsonl");
    assert!(
        std::fs::metadata(&input).unwrap().len() > 40_000 * 4,
        "corpus too small to shard"
    );

    churn()
        .args(dedup_args(dir, &input, "plain", &["--threads", "1"]))
        .assert()
        .success();
    churn()
        .args(dedup_args(dir, &input, "w1", &["--workers", "1"]))
        .assert()
        .success();
    churn()
        .args(dedup_args(dir, &input, "w4", &["--workers", "4"]))
        .assert()
        .success();

    let ports = free_ports(3);
    let hostfile = dir.join("hosts.txt");
    let hosts: String = ports.iter().map(|p| format!("127.0.0.1:{p}\n")).collect();
    std::fs::write(&hostfile, hosts).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("churn");
    let children: Vec<Child> = (0..3)
        .map(|i| {
            let process = i.to_string();
            let hostfile = hostfile.display().to_string();
            let extra = [
                "--workers",
                "2",
                "--processes",
                "3",
                "--process",
                &process,
                "--hostfile",
                &hostfile,
            ];
            std::process::Command::new(&bin)
                .args(dedup_args(dir, &input, "p3", &extra))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = wait(child, Duration::from_secs(120));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let plain = read(dir, "plain");
    assert!(
        plain.0.lines().count() > 20,
        "too few pairs to compare:\n{}",
        plain.0
    );
    for tag in ["w1", "w4", "p3"] {
        let other = read(dir, tag);
        assert!(plain.0 == other.0, "pairs differ for {tag}");
        assert!(plain.1 == other.1, "clusters differ for {tag}");
    }
}

#[test]
fn a_process_that_never_connects_fails_in_bounded_time_without_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"text\":\"one two three four five six\"}\n",
    )
    .unwrap();
    let ports = free_ports(2);
    let hostfile = dir.join("hosts.txt");
    std::fs::write(
        &hostfile,
        format!("127.0.0.1:{}\n127.0.0.1:{}\n", ports[0], ports[1]),
    )
    .unwrap();
    let start = Instant::now();
    let hostfile = hostfile.display().to_string();
    let extra = [
        "--processes",
        "2",
        "--process",
        "0",
        "--hostfile",
        &hostfile,
        "--connect-timeout",
        "2",
    ];
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("churn"))
        .args(dedup_args(dir, &input, "out", &extra))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let out = wait(child, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("did not all connect"), "{stderr}");
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(!dir.join("out.tsv").exists() && !dir.join("out.jsonl").exists());
}

#[test]
fn bad_execution_flags_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"text\":\"one two three four five six\"}\n",
    )
    .unwrap();
    churn()
        .arg("dedup")
        .arg(&input)
        .args(["--processes", "2"])
        .assert()
        .code(2);
    churn()
        .arg("dedup")
        .arg(&input)
        .args(["--workers", "0"])
        .assert()
        .code(2);
    let hostfile = tmp.path().join("hosts.txt");
    std::fs::write(&hostfile, "127.0.0.1:1\n").unwrap();
    churn()
        .arg("dedup")
        .arg(&input)
        .args(["--processes", "2", "--hostfile"])
        .arg(&hostfile)
        .assert()
        .code(2);
}
