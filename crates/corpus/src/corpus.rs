//! Eager reading: [`read`] and [`Corpus`].

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::clean::RepeatedLines;
use crate::date::DocDate;
use crate::document::Document;
use crate::error::CorpusError;
use crate::options::{Input, ReadOptions};
use crate::stream::DocumentStream;
use crate::warning::{Emptiness, Location, SkipSummary, Warning};

/// A whole corpus in memory, with what happened while reading it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Corpus {
    /// The documents, in reading order (see [`DocumentStream`]).
    pub documents: Vec<Document>,
    /// Every warning, in reading order.
    pub warnings: Vec<Warning>,
    /// What was skipped, by reason.
    pub skipped: SkipSummary,
}

/// Counts over a corpus: what `tidings corpus stats` prints.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CorpusStats {
    /// The number of documents, with or without text.
    pub documents: usize,
    /// Documents without usable text ([`Document::no_text`]), kept so that
    /// every input record has its place in the outputs.
    pub no_text: usize,
    /// Documents with a date.
    pub dated: usize,
    /// Documents without a date.
    pub undated: usize,
    /// The earliest date.
    pub first: Option<DocDate>,
    /// The latest date.
    pub last: Option<DocDate>,
    /// Documents per year (dated documents only).
    pub per_year: BTreeMap<i16, usize>,
    /// Total bytes of text.
    pub bytes: usize,
    /// The number of warnings.
    pub warnings: usize,
    /// What was skipped, by reason.
    pub skipped: SkipSummary,
}

impl Corpus {
    /// Reads `inputs` eagerly; see [`read`].
    pub fn read(inputs: &[Input], options: &ReadOptions) -> Result<Corpus, CorpusError> {
        read(inputs, options)
    }

    /// Counts documents, dates and years.
    pub fn stats(&self) -> CorpusStats {
        let mut per_year = BTreeMap::new();
        let mut dated = 0;
        for d in self.documents.iter().filter_map(|d| d.date) {
            dated += 1;
            *per_year.entry(d.year()).or_insert(0) += 1;
        }
        CorpusStats {
            documents: self.documents.len(),
            no_text: self.documents.iter().filter(|d| !d.has_text()).count(),
            dated,
            undated: self.documents.len() - dated,
            first: self.documents.iter().filter_map(|d| d.date).min(),
            last: self.documents.iter().filter_map(|d| d.date).max(),
            per_year,
            bytes: self.documents.iter().map(|d| d.text.len()).sum(),
            warnings: self.warnings.len(),
            skipped: self.skipped.clone(),
        }
    }
}

/// Reads every document of `inputs` into memory.
///
/// Runs the [`DocumentStream`], then the corpus-level repeated-line pass of
/// the [`Cleaner`](crate::Cleaner) (a document left with no text is kept
/// with [`Document::no_text`] set and a warning). Errors: [`CorpusError::MissingPath`],
/// [`CorpusError::Malformed`] (unless skipping), [`CorpusError::NoDocuments`].
///
/// ```
/// use tidings_corpus::{read, Input, ReadOptions};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), " date 2022-11-29 India and France met.")?;
/// std::fs::write(dir.path().join("b.txt"), "No date here.")?;
/// let corpus = read(&[Input::from(dir.path())], &ReadOptions::default())?;
/// let stats = corpus.stats();
/// assert_eq!((stats.documents, stats.dated, stats.undated), (2, 1, 1));
/// assert_eq!(corpus.documents[0].text, "India and France met.");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read(inputs: &[Input], options: &ReadOptions) -> Result<Corpus, CorpusError> {
    let mut stream = DocumentStream::open(inputs, options.clone())?;
    let mut documents = Vec::new();
    for doc in &mut stream {
        documents.push(doc?);
    }
    let summary = stream.finish()?;
    let mut corpus = Corpus {
        documents,
        warnings: summary.warnings,
        skipped: summary.skipped,
    };
    if let Some(rule) = &options.cleaner.repeated_lines {
        let learned = RepeatedLines::learn(corpus.documents.iter().map(|d| d.text.as_str()), rule);
        if !learned.is_empty() {
            corpus.documents.par_iter_mut().for_each(|d| {
                learned.remove_from(&mut d.text);
            });
            let mut no_text = 0;
            for d in &mut corpus.documents {
                if d.has_text() && !d.text.chars().any(char::is_alphanumeric) {
                    d.no_text = Some(Emptiness::NoWords);
                    let w = Warning::Empty {
                        location: Location::new(&d.source.path, Some(d.source.line)),
                        what: Emptiness::NoWords,
                    };
                    corpus.warnings.push(w);
                }
                no_text += usize::from(!d.has_text());
            }
            if no_text == corpus.documents.len() {
                return Err(CorpusError::NoDocuments {
                    inputs: format!("{} inputs", inputs.len()),
                    no_text,
                    skipped: corpus.skipped,
                    warnings: corpus.warnings,
                });
            }
        }
    }
    Ok(corpus)
}
