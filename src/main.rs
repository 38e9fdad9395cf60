//! The `churn` binary: parse flags, run, map errors to exit codes.

mod cli;

use clap::Parser;

fn main() {
    let args = cli::Args::parse();
    if let Err(err) = cli::run(args) {
        if is_broken_pipe(&err) {
            std::process::exit(0);
        }
        #[allow(clippy::print_stderr)]
        {
            eprintln!("error: {err:#}");
        }
        std::process::exit(2);
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
