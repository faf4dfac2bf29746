//! [`DocumentStream`]: documents one at a time.

use std::collections::VecDeque;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::decode::{decode, Decoded, TextEncoding};
use crate::document::{Document, Source};
use crate::error::CorpusError;
use crate::load::{build_document, load_text_file, Raw};
use crate::mail::MailRemovals;
use crate::options::{Input, InputFormat, ReadOptions};
use crate::structured::{CsvRecords, JsonLines, Records};
use crate::walk::{plan, Job, Structured};
use crate::warning::{Location, SkipSummary, Warning};

/// Text files are read in parallel in batches of this many, in order.
const BATCH: usize = 64;

/// The path shown for standard input.
pub const STDIN_PATH: &str = "<stdin>";

/// Reads documents one at a time, so a caller can make several passes over a
/// corpus without holding every text in memory.
///
/// Text files are read and cleaned in parallel in small batches; documents
/// come out in a fixed order (inputs in the order given, the files of a folder
/// sorted by relative path, records in file order) whatever the number of
/// threads. Warnings accumulate in the stream ([`warnings`](Self::warnings)).
/// A malformed record stops the stream with an error unless
/// [`ReadOptions::skip_malformed`] is set; after an error the stream ends.
///
/// The corpus-level furniture pass of [`Cleaner`](crate::Cleaner) is not
/// applied by the stream (it needs every document); learn it in a first pass
/// with [`Furniture::learn`](crate::Furniture::learn) or the mergeable
/// [`LineCounts`](crate::LineCounts) if needed.
///
/// ```
/// use tidings_corpus::{DocumentStream, Input, ReadOptions};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("2021-05-01-a.txt"), "First text.")?;
/// std::fs::write(dir.path().join("b.txt"), "Second text.")?;
/// let mut stream = DocumentStream::open(&[Input::from(dir.path())], ReadOptions::default())?;
/// let mut ids = Vec::new();
/// for doc in &mut stream {
///     ids.push(doc?.id);
/// }
/// assert_eq!(ids, ["2021-05-01-a", "b"]);
/// let summary = stream.finish()?;
/// assert_eq!(summary.documents, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct DocumentStream {
    options: ReadOptions,
    jobs: VecDeque<Job>,
    ready: VecDeque<Document>,
    records: Option<Box<dyn Records>>,
    warnings: Vec<Warning>,
    skipped: SkipSummary,
    mail: MailRemovals,
    ids: FxHashSet<String>,
    documents: usize,
    no_text: usize,
    failed: bool,
    inputs: String,
}

/// What a finished stream read: counts and warnings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadSummary {
    /// The number of documents produced, with or without text.
    pub documents: usize,
    /// How many of them have no usable text ([`Document::no_text`]).
    pub no_text: usize,
    /// Every warning, in reading order.
    pub warnings: Vec<Warning>,
    /// What was skipped, by reason.
    pub skipped: SkipSummary,
    /// What the mail conventions removed (see [`MailConventions`](crate::MailConventions)).
    pub mail: MailRemovals,
}

impl DocumentStream {
    /// Plans the reading of `inputs`. Fails only if an input path does not
    /// exist ([`CorpusError::MissingPath`]).
    pub fn open(inputs: &[Input], options: ReadOptions) -> Result<Self, CorpusError> {
        let jobs = plan(inputs, &options)?;
        let inputs_desc = inputs
            .iter()
            .map(|i| match i {
                Input::Path(p) => p.display().to_string(),
                Input::Stdin => STDIN_PATH.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        Ok(DocumentStream {
            options,
            jobs: jobs.into(),
            ready: VecDeque::new(),
            records: None,
            warnings: Vec::new(),
            skipped: SkipSummary::default(),
            mail: MailRemovals::default(),
            ids: FxHashSet::default(),
            documents: 0,
            no_text: 0,
            failed: false,
            inputs: inputs_desc,
        })
    }

    /// The warnings so far, in reading order.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// What has been skipped so far.
    pub fn skipped(&self) -> &SkipSummary {
        &self.skipped
    }

    /// The options in use.
    pub fn options(&self) -> &ReadOptions {
        &self.options
    }

    /// Reads whatever is left and returns the summary;
    /// [`CorpusError::NoDocuments`] if no document with text was produced.
    pub fn finish(mut self) -> Result<ReadSummary, CorpusError> {
        for item in &mut self {
            item?;
        }
        if self.documents == self.no_text {
            return Err(CorpusError::NoDocuments {
                inputs: self.inputs,
                no_text: self.no_text,
                skipped: self.skipped,
                warnings: self.warnings,
            });
        }
        Ok(ReadSummary {
            documents: self.documents,
            no_text: self.no_text,
            warnings: self.warnings,
            skipped: self.skipped,
            mail: self.mail,
        })
    }

    fn warn(&mut self, warning: Warning) {
        self.skipped.record(&warning);
        self.warnings.push(warning);
    }

    fn warn_all(&mut self, warnings: Vec<Warning>) {
        for w in warnings {
            self.warn(w);
        }
    }

    fn emit(&mut self, doc: Document) -> Document {
        if !self.ids.insert(doc.id.clone()) {
            self.warn(Warning::DuplicateId {
                location: Location::new(&doc.source.path, Some(doc.source.line)),
                id: doc.id.clone(),
            });
        }
        self.documents += 1;
        self.no_text += usize::from(!doc.has_text());
        doc
    }

    /// Reads a batch of consecutive text files in parallel, in order.
    fn run_text_batch(&mut self, first: (PathBuf, String)) {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match self.jobs.front() {
                Some(Job::Text { .. }) => {
                    if let Some(Job::Text { path, id }) = self.jobs.pop_front() {
                        batch.push((path, id));
                    }
                }
                _ => break,
            }
        }
        let options = &self.options;
        let loaded: Vec<_> = batch
            .into_par_iter()
            .map(|(path, id)| load_text_file(&path, id, options))
            .collect();
        for l in loaded {
            self.warn_all(l.warnings);
            self.mail.merge(&l.removals);
            if let Some(doc) = l.document {
                self.ready.push_back(doc);
            }
        }
    }

    fn open_records(
        &mut self,
        path: PathBuf,
        id: String,
        format: Structured,
    ) -> Result<(), CorpusError> {
        match format {
            Structured::JsonLines => match std::fs::File::open(&path) {
                Ok(f) => {
                    self.records = Some(Box::new(JsonLines::new(BufReader::new(f), path, id)));
                }
                Err(e) => self.warn(Warning::Unreadable {
                    location: Location::new(&path, None),
                    error: e.to_string(),
                }),
            },
            Structured::Csv { delimiter } => match std::fs::read(&path) {
                Ok(bytes) => {
                    let mut warnings = Vec::new();
                    let opened =
                        CsvRecords::open(&bytes, path, id, delimiter, &self.options, &mut warnings);
                    self.warn_all(warnings);
                    if let Some(r) = opened? {
                        self.records = Some(Box::new(r));
                    }
                }
                Err(e) => self.warn(Warning::Unreadable {
                    location: Location::new(&path, None),
                    error: e.to_string(),
                }),
            },
        }
        Ok(())
    }

    fn open_stdin(&mut self) -> Result<(), CorpusError> {
        let path = PathBuf::from(STDIN_PATH);
        let id = "stdin".to_string();
        match self.options.format {
            InputFormat::JsonLines => {
                self.records = Some(Box::new(JsonLines::new(
                    BufReader::new(io::stdin()),
                    path,
                    id,
                )));
            }
            InputFormat::Csv => {
                let mut bytes = Vec::new();
                io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(CorpusError::Stdin)?;
                let mut warnings = Vec::new();
                let delimiter = self.options.csv_delimiter;
                let opened =
                    CsvRecords::open(&bytes, path, id, delimiter, &self.options, &mut warnings);
                self.warn_all(warnings);
                if let Some(r) = opened? {
                    self.records = Some(Box::new(r));
                }
            }
            _ => {
                let cap = (self.options.max_doc_bytes as u64)
                    .saturating_mul(2)
                    .saturating_add(16);
                let mut bytes = Vec::new();
                let mut lock = io::stdin().lock();
                (&mut lock)
                    .take(cap)
                    .read_to_end(&mut bytes)
                    .map_err(CorpusError::Stdin)?;
                // Anything beyond the cap is drained, to report the true size.
                let extra = io::copy(&mut lock, &mut io::sink()).map_err(CorpusError::Stdin)?;
                let location = Location::new(&path, None);
                let text = match decode(&bytes, extra > 0) {
                    Decoded::Binary(kind) => {
                        self.warn(Warning::Binary {
                            location,
                            kind: kind.to_string(),
                        });
                        return Ok(());
                    }
                    Decoded::Text(t, TextEncoding::Utf8) => t,
                    Decoded::Text(t, enc @ (TextEncoding::Utf16Le | TextEncoding::Utf16Be)) => {
                        self.warn(Warning::Transcoded {
                            location,
                            from: enc,
                        });
                        t
                    }
                    Decoded::Text(t, enc) => {
                        self.warn(Warning::NotUtf8 {
                            location,
                            decoded_as: enc,
                        });
                        t
                    }
                };
                let raw = Raw {
                    id,
                    source: Source::new(path, 1),
                    title: None,
                    label: None,
                    date_field: None,
                    date_order: None,
                    file_stem: None,
                    original_bytes: bytes.len() as u64 + extra,
                };
                let mut warnings = Vec::new();
                let doc = build_document(text, raw, &self.options, &mut warnings, &mut self.mail);
                self.warn_all(warnings);
                self.ready.push_back(doc);
            }
        }
        Ok(())
    }
}

impl Iterator for DocumentStream {
    type Item = Result<Document, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed {
                return None;
            }
            if let Some(doc) = self.ready.pop_front() {
                return Some(Ok(self.emit(doc)));
            }
            if let Some(records) = self.records.as_mut() {
                let mut warnings = Vec::new();
                let next = records.next_document(&self.options, &mut warnings, &mut self.mail);
                self.warn_all(warnings);
                match next {
                    Some(Ok(doc)) => return Some(Ok(self.emit(doc))),
                    Some(Err(e)) => {
                        self.failed = true;
                        return Some(Err(e));
                    }
                    None => {
                        self.records = None;
                        continue;
                    }
                }
            }
            let opened = match self.jobs.pop_front()? {
                Job::Warn(w) => {
                    self.warn(w);
                    Ok(())
                }
                Job::Text { path, id } => {
                    self.run_text_batch((path, id));
                    Ok(())
                }
                Job::Records { path, id, format } => self.open_records(path, id, format),
                Job::Stdin => self.open_stdin(),
            };
            if let Err(e) = opened {
                self.failed = true;
                return Some(Err(e));
            }
        }
    }
}
