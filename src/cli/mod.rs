//! Command-line interface: parses flags into settings and calls the library.

mod analyse;
mod output;
mod score;

use clap::{Args as ClapArgs, Parser, Subcommand};
use std::path::PathBuf;

/// churn: where a news article's text came from, and how far to trust it.
#[derive(Debug, Parser)]
#[command(name = "churn", version, about, long_about = None, propagate_version = true)]
pub struct Args {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (stage timings).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a corpus and write reports.
    #[command(
        visible_alias = "analyze",
        after_help = "Examples:\n  churn analyse                       # corpus/ -> reports/\n  churn analyse news/ extra.jsonl --out out/\n  churn analyse corpus --strict --json"
    )]
    Analyse(AnalyseArgs),
    /// Print the reliability flags of single articles.
    #[command(
        after_help = "Examples:\n  churn score story.txt\n  churn score story.txt --against corpus/ --json"
    )]
    Score(ScoreArgs),
    /// Evaluate detectors on synthetic data with known answers.
    #[command(subcommand)]
    Eval(EvalCommand),
}

/// Flags of `churn score`.
#[derive(Debug, ClapArgs)]
pub struct ScoreArgs {
    /// Article files (.txt, .md, .jsonl).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// A corpus directory to check the articles against (quotes, story, repeated lines).
    #[arg(long)]
    pub against: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The evaluations.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Per-kind precision and recall of the reliability flags on injected problems.
    Flags(EvalFlagsArgs),
}

/// Flags of `churn eval flags`.
#[derive(Debug, ClapArgs)]
pub struct EvalFlagsArgs {
    /// Seed of the generator.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Base text: one news article a line.
    #[arg(long, default_value = "../shared/bench/data/lee_background.cor")]
    pub data: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `churn analyse`.
#[derive(Debug, ClapArgs)]
pub struct AnalyseArgs {
    /// Directories (read recursively: .txt, .md, .jsonl, .jsonl.gz) and files.
    #[arg(default_value = "corpus")]
    pub inputs: Vec<PathBuf>,
    /// Where to write the reports.
    #[arg(short, long, default_value = "reports")]
    pub out: PathBuf,
    /// Treat any input warning as a fatal error.
    #[arg(long)]
    pub strict: bool,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
}

/// Runs the parsed command.
///
/// # Errors
///
/// Anything that stops the run; `main` prints it and exits with status 2.
pub fn run(args: Args) -> anyhow::Result<()> {
    let out = output::Output::new(args.quiet, args.verbose);
    match args.command {
        Command::Analyse(a) => analyse::run(a, &out),
        Command::Score(a) => score::run(a, &out),
        Command::Eval(EvalCommand::Flags(a)) => score::eval_flags(a, &out),
    }
}
