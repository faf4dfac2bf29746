//! Warnings: problems that skip or change one document while the rest of the
//! corpus is still read.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::date::{DateError, DayOrder, DocDate};
use crate::decode::TextEncoding;

/// A file and (1-based) line that a warning is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Location {
    /// The file (or `<stdin>`).
    pub path: PathBuf,
    /// The 1-based line, when it is known.
    pub line: Option<u64>,
}

impl Location {
    /// A location in `path` at `line`.
    pub fn new(path: impl Into<PathBuf>, line: Option<u64>) -> Self {
        Location {
            path: path.into(),
            line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// Why a document (or file) was skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// Binary content (an image, an archive, NUL bytes).
    Binary,
    /// The path could not be read.
    Unreadable,
    /// A symbolic link loop, or a folder reached twice.
    SymlinkLoop,
    /// A malformed JSON Lines or CSV record, skipped on request.
    Malformed,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SkipReason::Binary => "binary",
            SkipReason::Unreadable => "unreadable",
            SkipReason::SymlinkLoop => "symlink loop",
            SkipReason::Malformed => "malformed record",
        })
    }
}

/// What kind of empty a document without usable text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Emptiness {
    /// No bytes at all.
    NoContent,
    /// Only whitespace.
    Whitespace,
    /// No letter or digit (only punctuation, symbols or furniture).
    NoWords,
}

impl fmt::Display for Emptiness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Emptiness::NoContent => "empty",
            Emptiness::Whitespace => "only whitespace",
            Emptiness::NoWords => "no letters or digits",
        })
    }
}

/// A problem that was worked around. Each names the file and, where known,
/// the line.
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize)]
#[non_exhaustive]
pub enum Warning {
    /// The file is not UTF-8; it was decoded as `decoded_as`.
    #[error("{location}: not valid UTF-8, decoded as {decoded_as}")]
    NotUtf8 {
        /// Where.
        location: Location,
        /// How it was decoded.
        decoded_as: TextEncoding,
    },
    /// The file was UTF-16 with a byte-order mark and was transcoded.
    #[error("{location}: decoded from {from}")]
    Transcoded {
        /// Where.
        location: Location,
        /// The source encoding.
        from: TextEncoding,
    },
    /// The document has no usable text; it is kept without text (an
    /// all-zero row, no themes) so that it keeps its place in the outputs.
    #[error("{location}: no text ({what}); kept as a document without text")]
    Empty {
        /// Where.
        location: Location,
        /// What kind of empty.
        what: Emptiness,
    },
    /// Skipped: binary content.
    #[error("{location}: skipped, binary file ({kind})")]
    Binary {
        /// Where.
        location: Location,
        /// The detected format.
        kind: String,
    },
    /// Skipped: the path could not be read.
    #[error("{location}: skipped, cannot read: {error}")]
    Unreadable {
        /// Where.
        location: Location,
        /// The system's message.
        error: String,
    },
    /// Skipped: a symbolic link loop or a folder reached twice.
    #[error("{location}: skipped, symbolic link loop or folder already read")]
    SymlinkLoop {
        /// Where.
        location: Location,
    },
    /// The document's date could not be used; it is kept as undated (or dated
    /// from its file name, if that has a date).
    #[error("{location}: {error}; document kept without this date")]
    BadDate {
        /// Where.
        location: Location,
        /// What was wrong with the date.
        error: DateError,
    },
    /// A date in the file name could not be used; the document is dated by
    /// another part of the name (its year, say) or kept undated.
    #[error("{location}: {error} in the file name; {}", match used {
        Some(d) => format!("dated {d} instead"),
        None => "document kept without a date".to_string(),
    })]
    FileNameDate {
        /// The file.
        location: Location,
        /// What was wrong with the date.
        error: DateError,
        /// The date used instead, if any.
        used: Option<DocDate>,
    },
    /// The document was longer than the limit and was truncated.
    #[error("{location}: document of {original_bytes} bytes truncated to {limit} bytes")]
    Truncated {
        /// Where.
        location: Location,
        /// The limit in bytes.
        limit: usize,
        /// The original size in bytes (at least this many, for files).
        original_bytes: u64,
    },
    /// Skipped on request: a malformed JSON Lines or CSV record.
    #[error("{location}: skipped malformed record: {reason}")]
    Malformed {
        /// Where.
        location: Location,
        /// What was wrong.
        reason: String,
    },
    /// A field left at its default name was absent; another field was used
    /// in its place (see [`fields`](crate::fields)).
    #[error("{location}: no field {wanted:?}; using {used:?} for the {role} ({reason})")]
    FieldFound {
        /// The file.
        location: Location,
        /// What the field holds: `id`, `date`, `title` or `text`.
        role: &'static str,
        /// The name asked for.
        wanted: String,
        /// The field used instead.
        used: String,
        /// Why that field.
        reason: String,
    },
    /// A field given by name is absent from the file.
    #[error("{location}: no field {name:?} for the {role}; the fields are: {fields}")]
    FieldMissing {
        /// The file.
        location: Location,
        /// What the field holds: `id`, `date` or `title`.
        role: &'static str,
        /// The name asked for.
        name: String,
        /// The file's fields, comma-separated.
        fields: String,
    },
    /// No date field is used, but a field holds values that parse as dates.
    #[error("{location}: no date field is used, but {parsed} of the first {values} values of {field:?} are dates; to use them: --date-field {field}")]
    DatesUnused {
        /// The file.
        location: Location,
        /// The field.
        field: String,
        /// Sampled values that parse as dates.
        parsed: usize,
        /// Sampled non-empty values.
        values: usize,
    },
    /// The numeric dates of a field with the year last (`02/03/2017`) are
    /// read day first or month first, as decided from its values (see
    /// [`decide_day_order`](crate::date::decide_day_order)).
    #[error("{location}: dates in {field:?} read {order} ({reason})")]
    DateOrder {
        /// The file.
        location: Location,
        /// The date field.
        field: String,
        /// The order used.
        order: DayOrder,
        /// The evidence.
        reason: String,
    },
    /// Two documents have the same id; the later one keeps it anyway.
    #[error("{location}: duplicate document id {id:?}")]
    DuplicateId {
        /// Where the second one was read.
        location: Location,
        /// The id.
        id: String,
    },
}

impl Warning {
    /// Where the warning is about.
    pub fn location(&self) -> &Location {
        match self {
            Warning::NotUtf8 { location, .. }
            | Warning::Transcoded { location, .. }
            | Warning::Empty { location, .. }
            | Warning::Binary { location, .. }
            | Warning::Unreadable { location, .. }
            | Warning::SymlinkLoop { location }
            | Warning::BadDate { location, .. }
            | Warning::FileNameDate { location, .. }
            | Warning::Truncated { location, .. }
            | Warning::Malformed { location, .. }
            | Warning::FieldFound { location, .. }
            | Warning::FieldMissing { location, .. }
            | Warning::DatesUnused { location, .. }
            | Warning::DateOrder { location, .. }
            | Warning::DuplicateId { location, .. } => location,
        }
    }

    /// If the warning means a document or file was skipped, why.
    pub fn skip_reason(&self) -> Option<SkipReason> {
        match self {
            Warning::Binary { .. } => Some(SkipReason::Binary),
            Warning::Unreadable { .. } => Some(SkipReason::Unreadable),
            Warning::SymlinkLoop { .. } => Some(SkipReason::SymlinkLoop),
            Warning::Malformed { .. } => Some(SkipReason::Malformed),
            _ => None,
        }
    }
}

/// How many documents or files were skipped, by reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct SkipSummary {
    counts: BTreeMap<SkipReason, usize>,
}

impl SkipSummary {
    /// Counts one skip.
    pub fn add(&mut self, reason: SkipReason) {
        *self.counts.entry(reason).or_insert(0) += 1;
    }

    /// Counts the skip a warning stands for, if any.
    pub fn record(&mut self, warning: &Warning) {
        if let Some(reason) = warning.skip_reason() {
            self.add(reason);
        }
    }

    /// The number skipped for `reason`.
    pub fn count(&self, reason: SkipReason) -> usize {
        self.counts.get(&reason).copied().unwrap_or(0)
    }

    /// The total number skipped.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// The non-zero counts, by reason.
    pub fn iter(&self) -> impl Iterator<Item = (SkipReason, usize)> + '_ {
        self.counts.iter().map(|(&r, &n)| (r, n))
    }
}

impl fmt::Display for SkipSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.counts.is_empty() {
            return f.write_str("nothing skipped");
        }
        let parts: Vec<String> = self.iter().map(|(r, n)| format!("{n} {r}")).collect();
        write!(f, "{} skipped ({})", self.total(), parts.join(", "))
    }
}
