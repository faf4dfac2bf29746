//! Errors of the report pipeline.

use std::path::PathBuf;

/// Errors returned when analysing a corpus, saving or loading a report
/// model, or writing a report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The corpus has no passage with any text.
    #[error("the corpus has no text to find themes in ({documents} documents)")]
    NoText {
        /// Documents read.
        documents: usize,
    },
    /// No passage has any term of the vocabulary (after pruning).
    #[error("no passage has any term left after pruning ({passages} passages); the corpus may be too small or in another language")]
    NoTerms {
        /// Passages analysed.
        passages: usize,
    },
    /// A parameter is outside its valid range.
    #[error("invalid parameter {name} = {value}: {expected}")]
    InvalidParameter {
        /// Name of the parameter.
        name: &'static str,
        /// The offending value, formatted.
        value: String,
        /// What is expected instead.
        expected: &'static str,
    },
    /// The analysis was stopped through its [`tidings_cancel::Cancel`]
    /// token ([`crate::AnalysisParams::cancel`]).
    #[error("{0}")]
    Interrupted(#[from] tidings_cancel::Interrupted),
    /// The corpus layer refused an option.
    #[error(transparent)]
    Corpus(#[from] tidings_corpus::CorpusError),
    /// The vectorizer failed.
    #[error("TF-IDF: {0}")]
    Tfidf(#[from] tidings_tfidf::TfidfError),
    /// The theme model failed.
    #[error("themes: {0}")]
    Topics(#[from] tidings_topics::TopicsError),
    /// The timeline failed.
    #[error("timeline: {0}")]
    Timeline(#[from] tidings_timeline::TimelineError),
    /// A report model file is not valid JSON, or is cut short.
    #[error("{path}: not a tidings report model: {message}")]
    CorruptModel {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A report model file of another format or version.
    #[error("{path}: report model format {found:?} version {version}; this build reads {expected:?} version {expected_version}")]
    IncompatibleModel {
        /// The file.
        path: PathBuf,
        /// Format tag found.
        found: String,
        /// Version found.
        version: u64,
        /// Format tag expected.
        expected: &'static str,
        /// Version expected.
        expected_version: u64,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Serialising a report failed.
    #[error("cannot serialise: {0}")]
    Serialize(String),
}

impl ReportError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ReportError::Io {
            path: path.into(),
            source,
        }
    }
}
