//! Fatal errors.

use std::path::PathBuf;

use crate::warning::{SkipSummary, Warning};

/// An error that stops reading. Everything else is a
/// [`Warning`](crate::Warning).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusError {
    /// An input path does not exist.
    #[error("input path does not exist: {}", path.display())]
    MissingPath {
        /// The path.
        path: PathBuf,
    },
    /// The inputs held no document with usable text.
    #[error("{} {inputs}{}",
        match no_text {
            0 => "no documents found in".to_string(),
            1 => "no text in the one document read from".to_string(),
            n => format!("no text in any of the {n} documents read from"),
        },
        if skipped.total() > 0 { format!(" ({skipped})") } else { String::new() })]
    NoDocuments {
        /// The inputs, for the message.
        inputs: String,
        /// How many documents were read without usable text.
        no_text: usize,
        /// What was skipped.
        skipped: SkipSummary,
        /// Every warning, in reading order: which files were skipped and why.
        warnings: Vec<Warning>,
    },
    /// A malformed JSON Lines or CSV record (see
    /// [`ReadOptions::skip_malformed`](crate::ReadOptions::skip_malformed)).
    #[error("{}:{line}: malformed record: {reason}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: u64,
        /// What was wrong.
        reason: String,
    },
    /// Standard input could not be read.
    #[error("cannot read standard input: {0}")]
    Stdin(#[source] std::io::Error),
    /// Binary furniture counts (see [`furniture`](crate::furniture)'s
    /// `to_bytes`/`from_bytes`) that cannot be read.
    #[error("binary {what} at byte {offset}: {message}")]
    CountsFormat {
        /// Which form: "line counts", "furniture candidates", "furniture
        /// surroundings" or "furniture".
        what: &'static str,
        /// The byte offset where the input stopped making sense.
        offset: usize,
        /// What was wrong there.
        message: String,
    },
    /// An option value is out of range.
    #[error("invalid {name} = {value}: expected {expected}")]
    InvalidOption {
        /// The option.
        name: &'static str,
        /// The offending value.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
}
