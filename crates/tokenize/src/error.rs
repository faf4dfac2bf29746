//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong when building an [`Analyzer`](crate::Analyzer)
/// or parsing its options. Tokenizing itself never fails.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum TokenizeError {
    /// A language name or code that is not one of [`Language`](crate::Language).
    #[error("unknown language {name:?} (expected e.g. \"english\" or \"en\")")]
    UnknownLanguage {
        /// The name as given.
        name: String,
    },
    /// A preset name that is not one of [`Preset`](crate::Preset).
    #[error("unknown preset {name:?} (expected \"default\" or \"sklearn\")")]
    UnknownPreset {
        /// The name as given.
        name: String,
    },
    /// An n-gram range that is not `N` or `MIN..MAX` with whole numbers.
    #[error("invalid n-gram range {value:?}: expected N (1..=N) or MIN..MAX with whole numbers")]
    NgramSyntax {
        /// The text given.
        value: String,
    },
    /// An n-gram range outside `1 <= min <= max <= NgramRange::MAX_N`.
    #[error("invalid n-gram range {min}..={max} (need 1 <= min <= max <= {limit})")]
    InvalidNgramRange {
        /// The requested smallest n.
        min: usize,
        /// The requested largest n.
        max: usize,
        /// The largest n supported.
        limit: usize,
    },
    /// A stopword file that could not be read.
    #[error("cannot read stopword file {path}: {source}")]
    StopwordFile {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A stopword file that is not UTF-8.
    #[error("stopword file {path} is not UTF-8 (line {line})")]
    StopwordFileEncoding {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the first invalid byte.
        line: usize,
    },
}
