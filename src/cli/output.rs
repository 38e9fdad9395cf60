//! What the CLI prints to stderr and stdout.

#![allow(clippy::print_stderr, clippy::print_stdout)]

use churn::corpus::Warning;

/// Printing settings.
#[derive(Clone, Copy, Debug)]
pub struct Output {
    /// Print only errors.
    pub quiet: bool,
    /// Print stage timings.
    pub verbose: bool,
}

impl Output {
    pub fn new(quiet: bool, verbose: bool) -> Self {
        Output { quiet, verbose }
    }

    /// Prints an input warning.
    pub fn warning(&self, w: &Warning) {
        if !self.quiet {
            eprintln!("warning: {w}");
        }
    }

    /// Prints a summary line.
    pub fn summary(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// Prints a detail line when verbose.
    pub fn detail(&self, line: &str) {
        if self.verbose {
            eprintln!("{line}");
        }
    }

    /// Prints machine-readable output.
    pub fn stdout(&self, text: &str) {
        println!("{text}");
    }
}
