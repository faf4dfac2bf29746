//! The [`Document`] type and where a document came from ([`Source`]).

use std::fmt;
use std::path::PathBuf;

use crate::date::DocDate;
use crate::warning::Emptiness;

/// One document of a corpus.
///
/// `text` is either the cleaned text (paragraphs separated by one blank line,
/// see [`Cleaner`](crate::Cleaner)) or, with [`Cleaner::raw`](crate::Cleaner::raw),
/// exactly the decoded content of the source.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Document {
    /// Identifier: for a file, its path relative to the input folder without the
    /// extension, with `/` separators (`Session 56 - 2001/USA_56_2001`); for a
    /// file given directly, its name without the extension; for a JSON Lines or
    /// CSV record, its `id` field, or `<file id>:<line>` when the record has none.
    pub id: String,
    /// The date, if one was found; never invented. See [`DocDate`].
    pub date: Option<DocDate>,
    /// A title, from a `title` field or column or a leading Markdown `# heading`.
    pub title: Option<String>,
    /// The document text.
    pub text: String,
    /// Where the document came from.
    pub source: Source,
    /// Why the document has no usable text (no letter or digit), or `None`
    /// when it has some. Such a document is kept, so that every input record
    /// has its place in every output (an all-zero row, a document without
    /// themes), and is reported with a [`Warning::Empty`](crate::Warning::Empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_text: Option<Emptiness>,
    /// A known class of the document, from the field or column named by
    /// [`ReadOptions::label_field`](crate::ReadOptions::label_field), to
    /// evaluate themes against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Document {
    /// The year of the document's date, if it has one.
    pub fn year(&self) -> Option<i16> {
        self.date.map(|d| d.year())
    }

    /// Whether the document has usable text (see [`Document::no_text`]).
    pub fn has_text(&self) -> bool {
        self.no_text.is_none()
    }
}

/// Where a document came from: a path (or `<stdin>`) and the 1-based line on
/// which the document starts (1 for a whole file).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Source {
    /// The file the document was read from; `<stdin>` for standard input.
    pub path: PathBuf,
    /// The 1-based line on which the document starts.
    pub line: u64,
}

impl Source {
    /// A source at `path`, line `line`.
    pub fn new(path: impl Into<PathBuf>, line: u64) -> Self {
        Source {
            path: path.into(),
            line,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)
    }
}
