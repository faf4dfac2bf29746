//! Corpus reading for tidings: documents, readers, dates, cleaning and
//! passages.
//!
//! A [`Document`] has an id, an optional [`DocDate`] (never invented), an
//! optional title, its text and its [`Source`] (path and line). Documents are
//! read from folders (recursively, `.txt` and `.md`), single files, JSON Lines,
//! CSV or standard input, either all at once with [`read`] into a [`Corpus`],
//! or one at a time with a [`DocumentStream`].
//!
//! - **Dates** come from a date field or column, a leading ` date YYYY-MM-DD `
//!   marker, or the file name (`2023-11-11-title.txt`, `USA_56_2001.txt`), in
//!   that order; see [`date`] for the accepted formats and how year-only dates
//!   are represented ([`DatePrecision`]). A document without a date is kept
//!   and counted as undated.
//! - **Cleaning** ([`Cleaner`]) strips byte-order marks and control
//!   characters, normalises newlines, removes web furniture
//!   ([`BoilerplateRules`]), the quoted lines, attributions and signatures of
//!   mail and forum posts ([`mail`](mod@mail)), and paragraphs that recur in
//!   different surroundings across documents ([`furniture`](mod@furniture)),
//!   and rejoins hard-wrapped lines into paragraphs. [`Corpus::removed`] says
//!   what was removed.
//!   [`Cleaner::raw`] keeps the text exactly as decoded.
//! - **Passages** ([`split_passages`]) cut a text into paragraph-sized pieces
//!   of bounded length, as byte ranges.
//! - **Bad input is reported, not fatal**: each problem is a [`Warning`]
//!   naming the file and line, and [`SkipSummary`] counts what was skipped.
//!   The only errors ([`CorpusError`]) are a missing input path, no documents
//!   at all, a malformed record (unless [`ReadOptions::skip_malformed`]) and
//!   invalid options. Encoding policy: see [`decode`](mod@decode).
//!
//! # Example
//!
//! ```
//! use tidings_corpus::{read, split_passages, Input, PassageOptions, ReadOptions};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(
//!     dir.path().join("a.txt"),
//!     " date 2023-11-11 India and the US met on Friday.\n\nAlso Read: more news\n\nThey agreed to co-produce vehicles.",
//! )?;
//! std::fs::write(dir.path().join("USA_56_2001.txt"), "We meet in a Hall devoted to peace.")?;
//!
//! let corpus = read(&[Input::from(dir.path())], &ReadOptions::default())?;
//! assert_eq!(corpus.documents.len(), 2);
//!
//! let speech = &corpus.documents[0];
//! assert_eq!(speech.id, "USA_56_2001");
//! assert_eq!(speech.date.map(|d| d.to_string()).as_deref(), Some("2001"));
//!
//! let article = &corpus.documents[1];
//! assert_eq!(article.date.map(|d| d.to_string()).as_deref(), Some("2023-11-11"));
//! assert_eq!(article.text, "India and the US met on Friday.\n\nThey agreed to co-produce vehicles.");
//!
//! let passages = split_passages(&article.text, &PassageOptions::new(1, 200)?);
//! assert_eq!(passages[1].text(&article.text), "They agreed to co-produce vehicles.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod boilerplate;
mod clean;
mod corpus;
pub mod date;
pub mod decode;
mod document;
mod error;
pub mod fields;
pub mod furniture;
mod load;
pub mod mail;
mod options;
mod passage;
mod stream;
mod structured;
mod walk;
mod warning;

pub use boilerplate::{
    BoilerplateRules, LinePattern, DEFAULT_CONTAINS, DEFAULT_EXACT, DEFAULT_PREFIXES,
};
pub use clean::Cleaner;
pub use corpus::{read, CleaningReport, Corpus, CorpusStats, DuplicateReport};
pub use date::{parse_date, DateError, DatePrecision, DayOrder, DocDate};
pub use decode::TextEncoding;
pub use document::{Document, Source};
pub use error::CorpusError;
pub use furniture::{
    Furniture, FurnitureExample, FurnitureReport, FurnitureRule, LineCounts, RecurringLines,
    SurroundingCounts,
};
pub use mail::{MailConventions, MailRemovals};
pub use options::{FieldNames, Input, InputFormat, ReadOptions};
pub use passage::{split_passages, Passage, PassageOptions};
pub use stream::{DocumentStream, ReadSummary, STDIN_PATH};
pub use warning::{Emptiness, Location, SkipReason, SkipSummary, Warning};

impl Document {
    /// Splits this document's text into passages; see [`split_passages`].
    pub fn passages(&self, options: &PassageOptions) -> Vec<Passage> {
        split_passages(&self.text, options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}

    #[test]
    fn public_types_are_send_and_sync() {
        send_sync::<Document>();
        send_sync::<Corpus>();
        send_sync::<ReadOptions>();
        send_sync::<Warning>();
        send_sync::<CorpusError>();
        send_sync::<Cleaner>();
        send_sync::<Furniture>();
        send_sync::<LineCounts>();
        send_sync::<SurroundingCounts>();
        send::<DocumentStream>();
    }
}
