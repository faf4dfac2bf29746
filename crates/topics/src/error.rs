//! Error types of the crate.

use std::path::PathBuf;

/// Errors returned when checking parameters, fitting, transforming, or
/// loading a theme model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TopicsError {
    /// The requested number of themes is zero.
    #[error("the number of themes must be at least 1, got {0}")]
    ZeroThemes(usize),
    /// The fit was stopped through its [`tidings_cancel::Cancel`] token
    /// ([`crate::ThemesParams::cancel`]).
    #[error("{0}")]
    Interrupted(#[from] tidings_cancel::Interrupted),
    /// An `auto` range whose lower bound exceeds its upper bound, or starts below 2.
    #[error("invalid theme range {min}..={max}: need 2 <= min <= max")]
    InvalidRange {
        /// Lower bound given.
        min: usize,
        /// Upper bound given.
        max: usize,
    },
    /// More themes were requested than the matrix can support.
    #[error("{requested} themes requested but the matrix has only {rows} rows and {cols} columns")]
    TooManyThemes {
        /// Number of themes requested (seeded and discovered).
        requested: usize,
        /// Rows (passages) in the matrix.
        rows: usize,
        /// Columns (features) in the matrix.
        cols: usize,
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
    /// The matrix has no rows, no columns, or no non-zero entries.
    #[error("the matrix is empty ({rows} rows, {cols} columns, {nnz} non-zeros)")]
    EmptyMatrix {
        /// Rows of the matrix.
        rows: usize,
        /// Columns of the matrix.
        cols: usize,
        /// Stored non-zero entries.
        nnz: usize,
    },
    /// A matrix entry is negative, NaN or infinite.
    #[error("matrix entry at row {row}, column {col} is {value}; entries must be finite and non-negative")]
    InvalidEntry {
        /// Row of the entry.
        row: usize,
        /// Column of the entry.
        col: usize,
        /// The offending value.
        value: f64,
    },
    /// Two inputs disagree on a dimension.
    #[error("dimension mismatch for {what}: expected {expected}, found {found}")]
    DimensionMismatch {
        /// Which input is inconsistent.
        what: &'static str,
        /// Expected size.
        expected: usize,
        /// Size found.
        found: usize,
    },
    /// A passage refers to a document index outside `0..n_documents`.
    #[error("passage {passage} refers to document {document}, but there are only {n_documents} documents")]
    DocumentOutOfRange {
        /// Passage index.
        passage: usize,
        /// Document index given.
        document: usize,
        /// Number of documents declared.
        n_documents: usize,
    },
    /// A dense linear-algebra step failed (for example, a non-finite value appeared).
    #[error("linear algebra failure in {step}: {message}")]
    Linalg {
        /// Which step failed.
        step: &'static str,
        /// Underlying message.
        message: String,
    },
    /// K-means clustering failed.
    #[error("k-means failed: {0}")]
    KMeans(String),
    /// Reading or writing a model file failed.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// A saved model has a format version this crate cannot read.
    #[error("unsupported model version {found} (this build reads version {expected})")]
    UnsupportedVersion {
        /// Version found in the file.
        found: u32,
        /// Version this build reads and writes.
        expected: u32,
    },
    /// A saved model is not a tidings theme model.
    #[error("not a tidings theme model: format field is {found:?}")]
    WrongFormat {
        /// Format tag found in the file.
        found: String,
    },
    /// A saved model ends early (truncated file).
    #[error("model file is truncated at line {line}, column {column}")]
    Truncated {
        /// Line where the input ended.
        line: usize,
        /// Column where the input ended.
        column: usize,
    },
    /// A saved model is syntactically or structurally invalid.
    #[error("invalid model file at line {line}, column {column}: {message}")]
    CorruptModel {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// Parser message.
        message: String,
    },
    /// A saved model parses but its arrays are inconsistent.
    #[error("inconsistent model: {0}")]
    InconsistentModel(String),
    /// Serialising the model failed.
    #[error("could not serialise model: {0}")]
    Serialize(String),
}

/// Errors found while reading a theme file (TOML).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ThemeFileError {
    /// The file could not be read.
    #[error("cannot read theme file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// TOML syntax or shape error.
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        /// File name, or `<input>` when parsing a string.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Parser message.
        message: String,
    },
    /// The file has no `[[theme]]` entries.
    #[error("{origin}: no [[theme]] entries")]
    NoThemes {
        /// File name, or `<input>`.
        origin: String,
    },
    /// A theme has an empty or blank name.
    #[error("{origin}:{line}: theme #{index} has an empty name")]
    EmptyName {
        /// File name, or `<input>`.
        origin: String,
        /// 1-based line of the theme's table (0 if unknown).
        line: usize,
        /// 1-based position of the theme in the file.
        index: usize,
    },
    /// A theme has no seeds (or only blank ones).
    #[error("{origin}:{line}: theme {name:?} has no seeds")]
    NoSeeds {
        /// File name, or `<input>`.
        origin: String,
        /// 1-based line of the theme's table (0 if unknown).
        line: usize,
        /// Theme name.
        name: String,
    },
    /// Two themes have the same name (compared case-insensitively).
    #[error("{origin}:{line}: duplicate theme name {name:?} (first defined on line {first_line})")]
    DuplicateName {
        /// File name, or `<input>`.
        origin: String,
        /// Line of the second definition (0 if unknown).
        line: usize,
        /// Line of the first definition (0 if unknown).
        first_line: usize,
        /// The duplicated name.
        name: String,
    },
}
