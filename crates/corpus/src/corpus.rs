//! Eager reading: [`read`] and [`Corpus`].

use std::collections::BTreeMap;

use crate::date::DocDate;
use crate::document::Document;
use crate::error::CorpusError;
use crate::furniture::{profiles, text_signature, Furniture, FurnitureReport};
use crate::mail::MailRemovals;
use crate::options::{Input, ReadOptions};
use crate::stream::DocumentStream;
use crate::warning::{SkipSummary, Warning};

/// A whole corpus in memory, with what happened while reading it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Corpus {
    /// The documents, in reading order (see [`DocumentStream`]).
    pub documents: Vec<Document>,
    /// Every warning, in reading order.
    pub warnings: Vec<Warning>,
    /// What was skipped, by reason.
    pub skipped: SkipSummary,
    /// What cleaning removed from the texts, so a user can audit it.
    pub removed: CleaningReport,
    /// Documents whose texts are the same (syndicated copies): each is kept.
    pub duplicates: DuplicateReport,
}

/// How many documents repeat another's text (compared, like furniture,
/// ignoring case, digits and spacing, before furniture removal; documents
/// without text are not compared). Each copy is kept: a story republished
/// by several outlets is content. With
/// [`Corpus::count_duplicates_once`], analyses count each set once, as its
/// first document.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DuplicateReport {
    /// Sets of two or more documents with the same text.
    pub sets: usize,
    /// Documents in those sets.
    pub documents: usize,
    /// The largest sets (at most 10, then in reading order), each as the ids
    /// of its first 10 documents.
    pub examples: Vec<Vec<String>>,
    /// Whether analyses count each set once ([`Corpus::count_duplicates_once`]).
    pub counted_once: bool,
    /// For each document in reading order, the index of the first document
    /// of its set when it is a later copy. Empty when the corpus was not
    /// built by [`read`].
    #[serde(skip)]
    pub copy_of: Vec<Option<usize>>,
}

impl DuplicateReport {
    /// Groups `documents` by text signature (`signatures[i]` is that of
    /// `documents[i]`).
    fn of(documents: &[Document], signatures: Vec<u64>) -> Self {
        const SHOWN: usize = 10;
        let mut groups: rustc_hash::FxHashMap<u64, Vec<usize>> = Default::default();
        for (i, (s, d)) in signatures.into_iter().zip(documents).enumerate() {
            if d.has_text() {
                groups.entry(s).or_default().push(i);
            }
        }
        let mut sets: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
        sets.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        let mut copy_of = vec![None; documents.len()];
        for set in &sets {
            for &i in set.iter().skip(1) {
                if let Some(slot) = copy_of.get_mut(i) {
                    *slot = set.first().copied();
                }
            }
        }
        DuplicateReport {
            sets: sets.len(),
            documents: sets.iter().map(Vec::len).sum(),
            examples: sets
                .iter()
                .take(SHOWN)
                .map(|g| {
                    g.iter()
                        .take(SHOWN)
                        .map(|&i| documents[i].id.clone())
                        .collect()
                })
                .collect(),
            counted_once: false,
            copy_of,
        }
    }
}

/// What cleaning removed from a corpus's texts: mail and forum conventions
/// (per document) and furniture (across documents).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CleaningReport {
    /// Quoted lines, attribution lines and signature blocks.
    pub mail: MailRemovals,
    /// Paragraphs that recur in different surroundings across documents.
    pub furniture: FurnitureReport,
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
    /// What cleaning removed.
    pub removed: CleaningReport,
    /// Documents that repeat another's text.
    pub duplicates: DuplicateReport,
}

impl Corpus {
    /// Reads `inputs` eagerly; see [`read`].
    pub fn read(inputs: &[Input], options: &ReadOptions) -> Result<Corpus, CorpusError> {
        read(inputs, options)
    }

    /// Makes analyses count each set of documents with the same text once
    /// (see [`DuplicateReport`]): the later copies stay in the corpus and
    /// in every listing, but carry no weight. Without it, every copy counts
    /// (a story republished by ten outlets weighs ten times).
    pub fn count_duplicates_once(&mut self) {
        self.duplicates.counted_once = true;
    }

    /// When duplicates are counted once and document `index` is a later
    /// copy of another, the index of the first document of its set.
    ///
    /// ```
    /// use tidings_corpus::{read, Input, ReadOptions};
    /// let dir = tempfile::tempdir()?;
    /// for name in ["a.txt", "b.txt", "c.txt"] {
    ///     std::fs::write(dir.path().join(name), "The same wire story.")?;
    /// }
    /// let mut corpus = read(&[Input::from(dir.path())], &ReadOptions::default())?;
    /// assert_eq!((corpus.duplicates.sets, corpus.duplicates.documents), (1, 3));
    /// assert_eq!(corpus.counted_copy_of(2), None, "every copy counts by default");
    /// corpus.count_duplicates_once();
    /// assert_eq!(corpus.counted_copy_of(0), None);
    /// assert_eq!(corpus.counted_copy_of(2), Some(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn counted_copy_of(&self, index: usize) -> Option<usize> {
        if !self.duplicates.counted_once {
            return None;
        }
        self.duplicates.copy_of.get(index).copied().flatten()
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
            removed: self.removed.clone(),
            duplicates: self.duplicates.clone(),
        }
    }
}

/// Reads every document of `inputs` into memory.
///
/// Runs the [`DocumentStream`] (a document without text is kept, with
/// [`Document::no_text`] set and a warning), then the corpus-level furniture
/// pass of the [`Cleaner`](crate::Cleaner) (see
/// [`furniture`](crate::furniture)), which never empties a document. What
/// cleaning removed is in [`Corpus::removed`]. Errors: [`CorpusError::MissingPath`],
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
        removed: CleaningReport {
            mail: summary.mail,
            furniture: FurnitureReport::default(),
        },
        duplicates: DuplicateReport::default(),
    };
    let mut texts: Vec<String> = corpus
        .documents
        .iter_mut()
        .map(|d| std::mem::take(&mut d.text))
        .collect();
    // Each paragraph's signature is computed once, for duplicates and
    // furniture both.
    let profiles = profiles(&texts);
    let signatures = profiles.iter().map(text_signature).collect();
    let removed = options
        .cleaner
        .furniture
        .map(|rule| Furniture::learn_and_remove_profiled(&mut texts, &profiles, &rule));
    for (d, t) in corpus.documents.iter_mut().zip(texts) {
        d.text = t;
    }
    corpus.duplicates = DuplicateReport::of(&corpus.documents, signatures);
    if let Some((furniture, removed)) = removed {
        corpus.removed.furniture = furniture.report(removed);
    }
    Ok(corpus)
}
