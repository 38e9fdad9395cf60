//! Command-line interface: parses flags into settings and calls the library.

mod analyse;
mod compare;
mod dataflow;
mod dedup;
mod eval;
mod output;
mod score;
mod synth;

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
    /// Find near-duplicate articles: verified pairs and clusters (MinHash + LSH).
    #[command(
        after_help = "Examples:\n  churn dedup news.jsonl --pairs pairs.tsv --clusters clusters.jsonl\n  churn dedup corpus --threshold 0.5 --shingle word:5 --pairs -"
    )]
    Dedup(DedupArgs),
    /// Write a synthetic benchmark corpus with near-duplicate ground truth.
    #[command(
        after_help = "Examples:\n  churn synth --from news.jsonl --articles 10000 --out /tmp/bench\n  churn synth --from lee_background.cor --articles 1000000 --out /tmp/big --seed 3"
    )]
    Synth(SynthArgs),
    /// Show two articles side by side with their aligned passages.
    #[command(after_help = COMPARE_HELP)]
    Compare(CompareArgs),
    /// Score detection on generated cases with known answers.
    Eval(EvalArgs),
    /// Print the reliability flags of single articles.
    #[command(
        after_help = "Examples:\n  churn score story.txt\n  churn score story.txt --against corpus/ --json"
    )]
    Score(ScoreArgs),
}

const COMPARE_HELP: &str = "A and B are file paths, or article ids when --corpus is given.\n\nExamples:\n  churn compare corpus/000_97f9dfcd64aa0037.txt corpus/003_57a9fe0a918b07f2.txt\n  churn compare --corpus corpus 000_97f9dfcd64aa0037 003_57a9fe0a918b07f2\n  churn compare a.txt b.txt --json        # the alignment as JSON\n  NO_COLOR=1 churn compare a.txt b.txt    # no colour even on a terminal";

/// Flags of `churn compare`.
#[derive(Debug, ClapArgs)]
pub struct CompareArgs {
    /// First article: a file, or an id within --corpus.
    pub a: String,
    /// Second article: a file, or an id within --corpus.
    pub b: String,
    /// Look A and B up by id in this corpus (directory or .jsonl).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Print the alignment as JSON instead.
    #[arg(long)]
    pub json: bool,
    /// Terminal width for the side-by-side view (default: $COLUMNS or 100).
    #[arg(long)]
    pub width: Option<usize>,
}

/// Flags of `churn eval`.
#[derive(Debug, ClapArgs)]
pub struct EvalArgs {
    /// What to evaluate.
    #[command(subcommand)]
    pub target: EvalTarget,
}

/// Evaluations.
#[derive(Debug, Subcommand)]
pub enum EvalTarget {
    /// Copied passages and links (PAN-style precision, recall, granularity, plagdet).
    #[command(
        after_help = "Examples:\n  churn eval passages --from ../shared/bench/data/lee_background.cor\n  churn eval passages --from lee.cor --seed 7 --cases 400 --json"
    )]
    Passages(EvalPassagesArgs),
    /// Write a random news-like corpus (JSONL) for scale tests.
    #[command(
        after_help = "Examples:\n  churn eval corpus --articles 100000 --out /tmp/synth.jsonl\n  churn analyse /tmp/synth.jsonl --out /tmp/synth-report -v"
    )]
    Corpus(EvalCorpusArgs),
    /// Per-kind precision and recall of the reliability flags on injected problems.
    #[command(
        after_help = "Examples:\n  churn eval flags --data ../shared/bench/data/lee_background.cor\n  churn eval flags --seed 1 --json"
    )]
    Flags(EvalFlagsArgs),
}

/// Flags of `churn eval corpus`.
#[derive(Debug, ClapArgs)]
pub struct EvalCorpusArgs {
    /// Number of articles.
    #[arg(long, default_value_t = 100_000)]
    pub articles: usize,
    /// Share of articles that copy 40% of an earlier one, spun at 25%.
    #[arg(long, default_value_t = 0.05)]
    pub copies: f64,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output JSONL file.
    #[arg(long)]
    pub out: PathBuf,
}

/// Flags of `churn eval passages`.
#[derive(Debug, ClapArgs)]
pub struct EvalPassagesArgs {
    /// Real articles, one per line, to build cases from (never shipped with churn).
    #[arg(long)]
    pub from: PathBuf,
    /// Seed of the case generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of cases (cycling through verbatim, edited, spun, partial, reordered,
    /// paraphrase and same-event negatives).
    #[arg(long, default_value_t = 140)]
    pub cases: usize,
    /// Print the metrics as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `churn synth`.
#[derive(Debug, ClapArgs)]
pub struct SynthArgs {
    /// Training text: churn inputs, or plain files with one article per line.
    #[arg(long, required = true, num_args = 1..)]
    pub from: Vec<PathBuf>,
    /// Articles to write (base and derived).
    #[arg(long, default_value_t = 10_000)]
    pub articles: usize,
    /// Output directory (articles.jsonl, truth.tsv).
    #[arg(long)]
    pub out: PathBuf,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Share of articles derived from another.
    #[arg(long, default_value_t = 0.3)]
    pub derived_share: f64,
    /// Synonym lexicon (default: data/lexicon/synonyms-moby.tsv).
    #[arg(long)]
    pub synonyms: Option<PathBuf>,
}

/// Flags of `churn dedup`.
#[derive(Debug, ClapArgs)]
pub struct DedupArgs {
    /// Directories (read recursively: .txt, .md, .jsonl, .jsonl.gz) and files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Jaccard similarity (of shingle sets) at or above which articles are near-duplicates.
    #[arg(long, default_value_t = 0.8)]
    pub threshold: f64,
    /// Shingles: word:K (K consecutive words) or char:K (K characters).
    #[arg(long, default_value = "word:5")]
    pub shingle: String,
    /// MinHash signature slots.
    #[arg(long, default_value_t = 128)]
    pub num_perm: usize,
    /// Seed of the MinHash hash functions.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// LSH bands (default: chosen from the threshold).
    #[arg(long)]
    pub bands: Option<usize>,
    /// LSH rows per band (default: chosen from the threshold).
    #[arg(long)]
    pub rows: Option<usize>,
    /// Which member represents a cluster.
    #[arg(long, value_enum, default_value = "earliest")]
    pub keep: dedup::KeepArg,
    /// Write verified pairs here (TSV; `-` for stdout).
    #[arg(long)]
    pub pairs: Option<PathBuf>,
    /// Write clusters here (JSON Lines; `-` for stdout).
    #[arg(long)]
    pub clusters: Option<PathBuf>,
    /// Most articles linked from one LSH bucket (larger buckets are capped and reported).
    #[arg(long, default_value_t = 2000)]
    pub max_bucket: usize,
    /// Use classic K-hash MinHash instead of one-permutation hashing (slower; reference).
    #[arg(long)]
    pub classic: bool,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Run on timely dataflow with this many workers in this process (same results as
    /// without; see "Running on a cluster" in the README).
    #[arg(long, help_heading = "Dataflow (timely)")]
    pub workers: Option<usize>,
    /// Number of processes taking part (with --process and --hostfile).
    #[arg(long, default_value_t = 1, help_heading = "Dataflow (timely)")]
    pub processes: usize,
    /// This process's index, from 0; process 0 writes the output.
    #[arg(long, default_value_t = 0, help_heading = "Dataflow (timely)")]
    pub process: usize,
    /// File of `host:port` lines, one per process, in process order.
    #[arg(long, help_heading = "Dataflow (timely)")]
    pub hostfile: Option<PathBuf>,
    /// Seconds to wait for every process to connect before failing.
    #[arg(long, default_value_t = 60, help_heading = "Dataflow (timely)")]
    pub connect_timeout: u64,
    /// Split uncompressed JSONL files above this many bytes into byte ranges (dataflow only).
    #[arg(long, default_value_t = churn::corpus::SHARD_BYTES, hide = true)]
    pub shard_bytes: u64,
    /// Treat any input warning as a fatal error.
    #[arg(long)]
    pub strict: bool,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `churn score`.
#[derive(Debug, ClapArgs)]
pub struct ScoreArgs {
    /// Article files (.txt, .md, .jsonl).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// A corpus directory to check the articles against (copied passages, quotes, story,
    /// repeated lines).
    #[arg(long)]
    pub against: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
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
        Command::Dedup(a) => dedup::run(a, &out),
        Command::Synth(a) => synth::run(a, &out),
        Command::Compare(a) => compare::run(a, &out),
        Command::Score(a) => score::run(a, &out),
        Command::Eval(a) => eval::run(a, &out),
    }
}
