//! `tidings`: themes and trends in dated text corpora.
//!
//! The binary is glue: clap parses flags into plain values and library
//! types (`args`), `hiargs` turns them once into checked library
//! parameters, and `commands` call the library crates and print. Exit codes: 0 on success, 2 on
//! bad usage, bad input or a failure to write the output. A closed pipe is not an
//! error.

mod args;
mod commands;
mod hiargs;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;
use crate::output::{error_message, is_broken_pipe};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version: printed on standard output.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            // A bad flag value carries the library's own message (the
            // flag types parse with their `FromStr`); same prefix and exit
            // code as every other error.
            eprint!("tidings: {}", err.render());
            return ExitCode::from(2);
        }
    };
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
