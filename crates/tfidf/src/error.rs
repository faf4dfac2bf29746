//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong while configuring, fitting, applying, saving
/// or loading a TF-IDF model.
///
/// Every variant carries the offending value and, for files, the path (and the
/// line and column where the file stopped making sense).
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum TfidfError {
    /// A document-frequency bound is outside its valid range.
    #[error("{name} = {value} is invalid: {reason}")]
    InvalidDocFreq {
        /// `"min_df"` or `"max_df"`.
        name: &'static str,
        /// The bound as given.
        value: crate::DocFreq,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A document-frequency bound that is neither a count nor a fraction.
    #[error("invalid document frequency {value:?}: expected a count (5) or a fraction (0.5)")]
    DocFreqSyntax {
        /// The text given.
        value: String,
    },
    /// `min_df` asks for more documents than `max_df` allows (checked on the
    /// parameters when both have the same kind, and on the corpus size at fit time).
    #[error("min_df = {min_df} > max_df = {max_df}{}", corpus_note(*.n_docs))]
    MinDfAboveMaxDf {
        /// The lower bound as given.
        min_df: crate::DocFreq,
        /// The upper bound as given.
        max_df: crate::DocFreq,
        /// The number of documents the bounds were resolved against, if any.
        n_docs: Option<u64>,
    },
    /// `max_features` is zero.
    #[error("max_features = 0: at least one feature must be kept")]
    ZeroMaxFeatures,
    /// `max_vocabulary` is zero.
    #[error("max_vocabulary = 0: at least one term must be kept while counting")]
    ZeroMaxVocabulary,
    /// The hashing vectorizer needs at least one feature.
    #[error("n_features = {n_features} is invalid: it must be between 1 and {max}")]
    InvalidFeatureCount {
        /// The value given.
        n_features: usize,
        /// The largest value accepted.
        max: usize,
    },
    /// The analyzer configuration was rejected by the tokenizer.
    #[error("invalid analyzer configuration: {0}")]
    Analyzer(#[from] tidings_tokenize::TokenizeError),
    /// Fitting found no term at all (empty documents, or only stop words).
    #[error("empty vocabulary: the {n_docs} documents contain no terms (only stop words or no words at all?)")]
    EmptyVocabulary {
        /// The number of documents fitted.
        n_docs: u64,
    },
    /// Every term was pruned by `min_df`, `max_df` or the stop terms.
    #[error("after pruning, no terms remain ({n_terms} terms, {n_docs} documents, min_df = {min_df}, max_df = {max_df}); try a lower min_df or a higher max_df")]
    AllTermsPruned {
        /// Terms before pruning.
        n_terms: usize,
        /// Documents fitted.
        n_docs: u64,
        /// The lower bound as given.
        min_df: crate::DocFreq,
        /// The upper bound as given.
        max_df: crate::DocFreq,
    },
    /// Statistics collected with different analyzers or n-gram ranges cannot be merged.
    #[error("cannot merge statistics: {what} differs ({left} vs {right})")]
    IncompatibleStats {
        /// Which setting differs.
        what: &'static str,
        /// The setting on the left-hand side, as JSON.
        left: String,
        /// The setting on the right-hand side, as JSON.
        right: String,
    },
    /// Binary statistics ([`TermStats::from_bytes`](crate::TermStats::from_bytes))
    /// that are cut short, corrupt, or of another format or version.
    #[error("invalid binary statistics at byte {offset}: {message}")]
    StatsFormat {
        /// Byte offset where the input stopped making sense.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// A document source reported an error.
    #[error("document {index}: {source}")]
    Source {
        /// Zero-based position of the document in the source.
        index: u64,
        /// The source's own error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A streaming source gave a different number of documents on its second pass.
    #[error("the document source changed between passes: {first} documents in the first pass, {second} in the second")]
    SourceChanged {
        /// Documents seen in the first pass.
        first: u64,
        /// Documents seen in the second pass.
        second: u64,
    },
    /// A matrix does not fit the index types of the output format.
    #[error("too many {what}: {value} does not fit in {limit}")]
    TooLarge {
        /// What overflowed (`"terms"`, `"non-zero entries"`, ...).
        what: &'static str,
        /// The value that overflowed.
        value: u128,
        /// The type or bound it overflowed.
        limit: &'static str,
    },
    /// A matrix given to the model has the wrong number of columns.
    #[error("the matrix has {found} columns but the model has {expected} features")]
    ColumnMismatch {
        /// The model's number of features.
        expected: usize,
        /// Columns of the matrix given.
        found: usize,
    },
    /// A sparse matrix failed its structure check (an internal invariant;
    /// please report it).
    #[error("internal error: invalid sparse matrix: {reason}")]
    InvalidMatrix {
        /// What sprs rejected.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A model file is not valid JSON or does not have the expected fields.
    #[error("{}:{line}:{column}: not a valid tidings-tfidf model: {message}", path.display())]
    ModelSyntax {
        /// The file.
        path: PathBuf,
        /// 1-based line where parsing stopped (0 when unknown).
        line: usize,
        /// 1-based column where parsing stopped (0 when unknown).
        column: usize,
        /// What the JSON parser said (for a truncated file: "EOF while parsing ...").
        message: String,
    },
    /// A model file is JSON but not a tidings-tfidf model.
    #[error("{}: not a tidings-tfidf model (format = {found:?})", path.display())]
    WrongFormat {
        /// The file.
        path: PathBuf,
        /// The `format` field found, if any.
        found: Option<String>,
    },
    /// A model file was written by an incompatible version of this crate.
    #[error("{}: model format version {found} is not supported (this build reads version {supported})", path.display())]
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The version found in the file.
        found: u64,
        /// The version this build reads and writes.
        supported: u64,
    },
    /// A model file parsed but its contents contradict each other.
    #[error("{}: inconsistent model: {message}", path.display())]
    InconsistentModel {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

fn corpus_note(n_docs: Option<u64>) -> String {
    match n_docs {
        Some(n) => format!(" for {n} documents"),
        None => String::new(),
    }
}

impl TfidfError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        TfidfError::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<tidings_atomic::AtomicError> for TfidfError {
    fn from(e: tidings_atomic::AtomicError) -> Self {
        TfidfError::Io {
            path: e.path,
            source: e.source,
        }
    }
}
