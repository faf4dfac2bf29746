//! `tidings`: themes and trends in dated text corpora.
//!
//! The binary is glue: it parses flags into plain values (`args`), checks
//! them, calls the library crates and prints. Exit codes: 0 on success, 2 on
//! bad usage, bad input or a failure to write the output. A closed pipe is not an
//! error.

mod args;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;
use crate::output::{error_message, is_broken_pipe};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("tidings: error: {}", error_message(&err));
            ExitCode::from(2)
        }
    }
}
