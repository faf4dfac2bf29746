//! What to read ([`Input`]) and how ([`ReadOptions`]).

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use crate::clean::Cleaner;
use crate::error::CorpusError;

/// One input: a path (file or folder) or standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file or a folder (read recursively).
    Path(PathBuf),
    /// Standard input, read as [`ReadOptions::format`] says (plain text when
    /// the format is [`InputFormat::Auto`]).
    Stdin,
}

impl Input {
    /// `-` is standard input; anything else is a path.
    pub fn from_arg(arg: impl AsRef<Path>) -> Self {
        let arg = arg.as_ref();
        if arg.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::Path(arg.to_path_buf())
        }
    }
}

impl<P: AsRef<Path>> From<P> for Input {
    fn from(p: P) -> Self {
        Input::Path(p.as_ref().to_path_buf())
    }
}

/// How to read a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum InputFormat {
    /// By extension: `.jsonl` and `.ndjson` are JSON Lines, `.csv` is CSV,
    /// `.tsv` is tab-separated CSV, anything else is plain text. Standard
    /// input is plain text.
    #[default]
    Auto,
    /// One document per file.
    Text,
    /// One JSON object per line.
    JsonLines,
    /// CSV with a header row.
    Csv,
}

/// The field names (JSON Lines) or column names (CSV) to read. A field left
/// at its default name that a file lacks is looked for under other names
/// (see [`ReadOptions::detect_fields`]); a field given another name is used
/// as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldNames {
    /// The identifier. Default: `id`. Optional in the data.
    pub id: String,
    /// The date. Default: `date`. Optional in the data.
    pub date: String,
    /// The title. Default: `title`. Optional in the data.
    pub title: String,
    /// The text. Default: `text`. Required.
    pub text: String,
}

impl Default for FieldNames {
    fn default() -> Self {
        FieldNames {
            id: "id".into(),
            date: "date".into(),
            title: "title".into(),
            text: "text".into(),
        }
    }
}

/// Options for [`read`](crate::read) and [`DocumentStream`](crate::DocumentStream).
/// Every setter documents its default.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadOptions {
    pub(crate) format: InputFormat,
    pub(crate) cleaner: Cleaner,
    pub(crate) fields: FieldNames,
    pub(crate) detect_fields: bool,
    pub(crate) label_field: Option<String>,
    pub(crate) extensions: Vec<String>,
    pub(crate) skip_metadata_files: bool,
    pub(crate) skip_hidden: bool,
    pub(crate) skip_malformed: bool,
    pub(crate) max_doc_bytes: usize,
    pub(crate) year_range: RangeInclusive<i16>,
    pub(crate) csv_delimiter: u8,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: InputFormat::Auto,
            cleaner: Cleaner::default(),
            fields: FieldNames::default(),
            detect_fields: true,
            label_field: None,
            extensions: vec!["txt".into(), "md".into()],
            skip_metadata_files: true,
            skip_hidden: true,
            skip_malformed: false,
            max_doc_bytes: 10 * 1024 * 1024,
            year_range: 1000..=2200,
            csv_delimiter: b',',
        }
    }
}

impl ReadOptions {
    /// Default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// How to read files. Default: [`InputFormat::Auto`].
    pub fn format(mut self, format: InputFormat) -> Self {
        self.format = format;
        self
    }

    /// The cleaning steps. Default: [`Cleaner::default`]; use [`Cleaner::raw`]
    /// to keep texts exactly as decoded.
    pub fn cleaner(mut self, cleaner: Cleaner) -> Self {
        self.cleaner = cleaner;
        self
    }

    /// The field or column names. Default: [`FieldNames::default`] (`id`, `date`,
    /// `title`, `text`).
    pub fn fields(mut self, fields: FieldNames) -> Self {
        self.fields = fields;
        self
    }

    /// In JSON Lines and CSV, look for another field when a field left at
    /// its default name (`id`, `date`, `title`, `text`) is absent: a date
    /// column such as `publish_date` found by its values, `article_id`,
    /// `headline`, `body`; see [`fields`](crate::fields) for the rules.
    /// Each field found this way is reported with a warning. Default:
    /// enabled.
    pub fn detect_fields(mut self, yes: bool) -> Self {
        self.detect_fields = yes;
        self
    }

    /// In JSON Lines and CSV, the field or column holding each document's
    /// known class ([`Document::label`](crate::Document::label)); a string
    /// or a number. A file without it gets a warning. Default: none.
    pub fn label_field(mut self, name: Option<String>) -> Self {
        self.label_field = name;
        self
    }

    /// File extensions (without the dot, matched case-insensitively) read when
    /// walking a folder. Files named directly are always read. Default:
    /// `txt` and `md`.
    pub fn extensions<S: Into<String>>(mut self, extensions: impl IntoIterator<Item = S>) -> Self {
        self.extensions = extensions.into_iter().map(Into::into).collect();
        self
    }

    /// When walking a folder, skip files whose name starts with `README`,
    /// `LICENSE`, `LICENCE` or `COPYING` (any case), so a corpus folder can
    /// carry its provenance. Default: enabled.
    pub fn skip_metadata_files(mut self, yes: bool) -> Self {
        self.skip_metadata_files = yes;
        self
    }

    /// When walking a folder, skip files and folders whose name starts with a
    /// dot. Default: enabled.
    pub fn skip_hidden(mut self, yes: bool) -> Self {
        self.skip_hidden = yes;
        self
    }

    /// Skip malformed JSON Lines or CSV records with a warning instead of
    /// stopping with [`CorpusError::Malformed`]. Default: disabled.
    pub fn skip_malformed(mut self, yes: bool) -> Self {
        self.skip_malformed = yes;
        self
    }

    /// The longest document, in bytes of UTF-8 text; longer ones are truncated
    /// at a character boundary with a warning. Must be at least 1. Default:
    /// 10 MiB.
    pub fn max_doc_bytes(mut self, bytes: usize) -> Result<Self, CorpusError> {
        if bytes == 0 {
            return Err(CorpusError::InvalidOption {
                name: "max_doc_bytes",
                value: bytes.to_string(),
                expected: "at least 1",
            });
        }
        self.max_doc_bytes = bytes;
        Ok(self)
    }

    /// The years a date may have; a date outside them is reported with a
    /// warning and not used. Default: `1000..=2200`.
    pub fn year_range(mut self, years: RangeInclusive<i16>) -> Result<Self, CorpusError> {
        if years.is_empty() {
            return Err(CorpusError::InvalidOption {
                name: "year_range",
                value: format!("{}..={}", years.start(), years.end()),
                expected: "a non-empty range of years",
            });
        }
        self.year_range = years;
        Ok(self)
    }

    /// The CSV field delimiter for `.csv` files and [`InputFormat::Csv`]
    /// (`.tsv` files always use a tab). Default: `,`.
    pub fn csv_delimiter(mut self, delimiter: u8) -> Self {
        self.csv_delimiter = delimiter;
        self
    }

    /// The cleaning steps.
    pub fn cleaner_ref(&self) -> &Cleaner {
        &self.cleaner
    }

    /// The maximum document size in bytes.
    pub fn max_doc_bytes_value(&self) -> usize {
        self.max_doc_bytes
    }
}
