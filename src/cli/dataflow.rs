//! `churn dedup --workers/--processes`: the near-duplicate engine on timely dataflow.

use super::dedup::{summarise, write_to};
use super::output::Output;
use super::DedupArgs;
use anyhow::{bail, Context};
use churn::corpus::LoadOptions;
use churn::dedup::{self, dataflow::Execution, DedupConfig};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn run(args: &DedupArgs, config: DedupConfig, out: &Output) -> anyhow::Result<()> {
    let started = Instant::now();
    let execution = execution(args)?;
    let options = LoadOptions {
        strict: args.strict,
        shard_bytes: args.shard_bytes,
        ..LoadOptions::default()
    };
    let quiet = out.quiet;
    let on_warning: Arc<dyn Fn(&churn::corpus::Warning) + Send + Sync> = Arc::new(move |w| {
        if !quiet {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("warning: {w}");
            }
        }
    });
    let done = Arc::new(AtomicBool::new(false));
    if execution.hosts.len() > 1 {
        fail_fast_on_lost_peers();
        watch_connections(args, done.clone());
    }
    let connected = done.clone();
    let result = dedup::dataflow::run(
        &args.inputs,
        &options,
        &config,
        &execution,
        on_warning,
        move || connected.store(true, Ordering::SeqCst),
    );
    done.store(true, Ordering::SeqCst);
    let Some((found, stats)) = result.context("near-duplicate dataflow failed")? else {
        out.detail(&format!(
            "process {} done; process 0 writes the output",
            args.process
        ));
        return Ok(());
    };
    if found.articles == 0 {
        bail!("no articles in the inputs: give .jsonl files or directories of .txt/.md articles");
    }
    if let Some(path) = &args.pairs {
        write_to(path, |w| dedup::write_pairs(&found, w))?;
    }
    if let Some(path) = &args.clusters {
        write_to(path, |w| dedup::write_clusters(&found, w))?;
    }
    summarise(&found, &stats, started, args, out);
    Ok(())
}

/// The execution settings from the flags and the host file.
fn execution(args: &DedupArgs) -> anyhow::Result<Execution> {
    let workers = args.workers.unwrap_or(1);
    if workers == 0 {
        bail!("--workers must be at least 1");
    }
    let hosts = match &args.hostfile {
        None if args.processes > 1 => bail!(
            "--processes {} needs --hostfile with one host:port line per process",
            args.processes
        ),
        None => Vec::new(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading --hostfile {}", path.display()))?;
            let hosts: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect();
            if hosts.len() != args.processes {
                bail!(
                    "--hostfile {} lists {} processes but --processes is {}; give one host:port line per process",
                    path.display(),
                    hosts.len(),
                    args.processes
                );
            }
            hosts
        }
    };
    if args.process >= args.processes.max(1) {
        bail!(
            "--process {} must be below --processes {}",
            args.process,
            args.processes
        );
    }
    Ok(Execution {
        workers,
        process: args.process,
        hosts,
    })
}

/// Exits with status 2 if the processes have not all connected in time: timely retries a
/// connection forever.
fn watch_connections(args: &DedupArgs, done: Arc<AtomicBool>) {
    let timeout = Duration::from_secs(args.connect_timeout);
    let process = args.process;
    std::thread::spawn(move || {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if done.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if !done.load(Ordering::SeqCst) {
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "error: process {process}: the other processes did not all connect within --connect-timeout {} s; check the host file and that every process was started; no output was written",
                    timeout.as_secs()
                );
            }
            std::process::exit(2);
        }
    });
}

/// A peer that dies mid-run makes timely's network threads panic; turn that into a clean,
/// immediate failure instead of a hang or a half-finished run.
fn fail_fast_on_lost_peers() {
    std::panic::set_hook(Box::new(|info| {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("error: lost contact with another process ({info}); no output was written");
        }
        std::process::exit(2);
    }));
}
