//! The subcommands: each checks its flags, calls the library and prints.

mod analysis;
mod corpus;
mod fit;
mod input;
mod report;
mod themes;
mod tokenize;
mod vectorize;

use anyhow::{Context, Result};

use crate::args::{Cli, Command, CorpusCommand};

/// The most worker threads `--threads` accepts.
const MAX_THREADS: usize = 1024;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    if let Some(n) = cli.threads {
        if n == 0 {
            anyhow::bail!("--threads must be at least 1, got 0");
        }
        if n > MAX_THREADS {
            anyhow::bail!("--threads must be at most {MAX_THREADS}, got {n}");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start the thread pool")?;
    }
    let quiet = cli.quiet;
    match cli.command {
        Command::Tokenize(args) => tokenize::run(args),
        Command::Corpus(CorpusCommand::Stats(args)) => corpus::stats(args, quiet),
        Command::Vectorize(args) => vectorize::run(args, quiet),
        Command::Themes(args) => themes::run(args, quiet),
        Command::Report(args) => report::run(args, quiet),
        Command::Fit(args) => fit::run(args, quiet),
    }
}
