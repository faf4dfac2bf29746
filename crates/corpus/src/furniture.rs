//! Corpus-level furniture: paragraphs that recur, in different surroundings,
//! across many documents.
//!
//! A newspaper's "Source: Al Jazeera and news agencies", a forum user's
//! signature, a "Learn more about …" promotion: each is a paragraph (a line,
//! in a text that is not hard-wrapped) that the publisher or the writer adds
//! around many different texts. It says nothing about what a document is
//! about, yet, repeated verbatim in hundreds of documents, it is exactly what
//! a theme model picks up as a theme of its own.
//!
//! # The rule
//!
//! Paragraphs are compared by a **signature**: the paragraph lowercased, every
//! run of digits replaced by one `0`, every run of whitespace by one space
//! (the normalisation CCNet uses to find repeated paragraphs in web text:
//! Wenzek et al., *CCNet: Extracting High Quality Monolingual Datasets from
//! Web Crawl Data*, LREC 2020, §3.3), so "Page 3 of 12" and "page 14 of 20"
//! are one line.
//!
//! A paragraph is furniture when it occurs in at least
//! [`FurnitureRule::min_documents`] documents **with different surroundings**:
//!
//! - The *surroundings* of a document are its own text: the paragraphs whose
//!   signature occurs in fewer than `min_documents` documents. Two documents
//!   with the same own text (exact copies, or copies that differ only in
//!   recurring lines) count once.
//! - A document counts only when its own text is longer (in bytes) than its
//!   recurring text. Furniture is, by definition, not what a document is
//!   mostly made of: a wire story republished by twenty outlets, each adding
//!   a by-line, is mostly recurring text, so the story is content and is
//!   kept; a two-sentence text repeated twenty times has no own text at all.
//!
//! The threshold is an absolute number of documents, not a share of the
//! corpus: a signature in 80 of 18,000 forum posts is furniture. Its default,
//! 5 ([`DEFAULT_MIN_DOCUMENTS`]), is the default minimum document frequency
//! of the vectorizer (`tidings-tfidf`'s `min_df`): a term must occur in that
//! many documents to become a feature, so a line recurring in fewer documents
//! cannot bring a feature, let alone a theme, of its own, while one in that
//! many can.
//!
//! Removal never empties a document: a document made only of furniture is
//! kept whole (and counted in [`FurnitureReport::documents_kept_whole`]).
//!
//! # Mergeable counts
//!
//! Learning takes two rounds over the texts, each of which can be counted on
//! shards and merged (the merged counts equal those of one pass):
//!
//! 1. [`LineCounts`]: in how many documents each signature occurs. Its
//!    [`recurring`](LineCounts::recurring) lines are the candidates.
//! 2. [`SurroundingCounts`]: for each candidate, the distinct surroundings it
//!    occurs in (at most `min_documents` of them are kept: the smallest
//!    hashes, so that the union of shards keeps the same ones). Its
//!    [`furniture`](SurroundingCounts::furniture) is the result.
//!
//! [`Furniture::learn`] runs both rounds in one process. Each stage has a
//! compact, canonical binary form for shipping it between processes
//! (`to_bytes`/`from_bytes`, version [`COUNTS_VERSION`]; the layout is in
//! the source of the `bytes` submodule).

use std::fmt;
use std::hash::Hasher;
use std::str::FromStr;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde::{Deserialize, Serialize};

use crate::error::CorpusError;

mod bytes;
pub use bytes::COUNTS_VERSION;

/// The default [`FurnitureRule::min_documents`]: the vectorizer's default
/// minimum document frequency (see the [module docs](self)).
pub const DEFAULT_MIN_DOCUMENTS: usize = 5;

/// How many removed lines [`FurnitureReport::examples`] lists.
pub const REPORTED_EXAMPLES: usize = 10;

/// The corpus-level furniture rule: how many documents, with different
/// surroundings, a paragraph must occur in to be removed. See the
/// [module docs](crate::furniture).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FurnitureRule {
    min_documents: usize,
}

impl Default for FurnitureRule {
    /// [`DEFAULT_MIN_DOCUMENTS`] (5) documents.
    fn default() -> Self {
        FurnitureRule {
            min_documents: DEFAULT_MIN_DOCUMENTS,
        }
    }
}

impl FurnitureRule {
    /// A rule; `min_documents` must be at least 2 (a line in one document
    /// does not recur).
    ///
    /// ```
    /// use tidings_corpus::FurnitureRule;
    /// assert_eq!(FurnitureRule::new(20)?.min_documents(), 20);
    /// assert!(FurnitureRule::new(1).is_err());
    /// # Ok::<(), tidings_corpus::CorpusError>(())
    /// ```
    pub fn new(min_documents: usize) -> Result<Self, CorpusError> {
        if min_documents < 2 {
            return Err(CorpusError::InvalidOption {
                name: "furniture min_documents",
                value: min_documents.to_string(),
                expected: "at least 2 documents",
            });
        }
        Ok(FurnitureRule { min_documents })
    }

    /// The minimum number of documents with different surroundings.
    pub fn min_documents(&self) -> usize {
        self.min_documents
    }
}

impl FromStr for FurnitureRule {
    type Err = CorpusError;

    /// A number of documents, at least 2.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n: usize = s.trim().parse().map_err(|_| CorpusError::InvalidOption {
            name: "furniture min_documents",
            value: s.to_string(),
            expected: "a whole number of documents, at least 2",
        })?;
        FurnitureRule::new(n)
    }
}

impl fmt::Display for FurnitureRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.min_documents)
    }
}

/// The paragraphs of a cleaned text (separated by blank lines), blank ones
/// left out.
pub(crate) fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").filter(|p| !p.trim().is_empty())
}

/// The signature of a paragraph: lowercased, digit runs as one `0`,
/// whitespace runs as one space, trimmed; hashed.
pub(crate) fn signature(paragraph: &str) -> u64 {
    signature_with(paragraph, &mut Vec::new())
}

/// [`signature`] with a reusable buffer: the normalised bytes are collected
/// and hashed at once, which is several times faster than hashing each
/// character.
fn signature_with(paragraph: &str, buf: &mut Vec<u8>) -> u64 {
    buf.clear();
    let mut pending_space = false;
    let mut in_digits = false;
    let bytes = paragraph.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII bytes are handled without decoding (most text is ASCII);
        // anything else is decoded as one character.
        let (space, digit, len) = if b.is_ascii() {
            (
                matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c),
                b.is_ascii_digit(),
                1,
            )
        } else {
            let c = paragraph
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            (c.is_whitespace(), c.is_numeric(), c.len_utf8())
        };
        if space {
            pending_space = !buf.is_empty();
            in_digits = false;
        } else {
            if pending_space {
                buf.push(b' ');
                pending_space = false;
            }
            if digit {
                if !in_digits {
                    buf.push(b'0');
                }
            } else if b.is_ascii() {
                buf.push(b.to_ascii_lowercase());
            } else {
                let mut utf8 = [0u8; 4];
                let lower = paragraph
                    .get(i..i + len)
                    .into_iter()
                    .flat_map(|c| c.chars().flat_map(char::to_lowercase));
                for l in lower {
                    buf.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
                }
            }
            in_digits = digit;
        }
        i += len;
    }
    let mut h = FxHasher::default();
    h.write(buf);
    h.finish()
}

/// Each paragraph's signature and length in bytes, in order.
fn profile(text: &str) -> Vec<(u64, usize)> {
    let mut buf = Vec::new();
    paragraphs(text)
        .map(|p| (signature_with(p, &mut buf), p.len()))
        .collect()
}

/// Round 1: in how many documents each paragraph signature occurs.
/// Mergeable: counting shards and [`merge`](Self::merge)-ing them gives the
/// counts of one pass.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LineCounts {
    documents: u64,
    counts: FxHashMap<u64, u64>,
}

impl LineCounts {
    /// No documents counted yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts `texts` (cleaned texts), in parallel.
    pub fn count<T: AsRef<str> + Sync>(texts: &[T]) -> Self {
        texts
            .par_iter()
            .fold(LineCounts::new, |mut c, t| {
                c.add(t.as_ref());
                c
            })
            .reduce(LineCounts::new, |mut a, b| {
                a.merge(&b);
                a
            })
    }

    /// Counts one document.
    pub fn add(&mut self, text: &str) {
        self.add_profile(&profile(text));
    }

    fn add_profile(&mut self, profile: &[(u64, usize)]) {
        self.documents += 1;
        let mut seen: FxHashSet<u64> = FxHashSet::default();
        for &(h, _) in profile {
            if seen.insert(h) {
                *self.counts.entry(h).or_insert(0) += 1;
            }
        }
    }

    /// Adds the counts of another shard.
    pub fn merge(&mut self, other: &LineCounts) {
        // Saturating: counts decoded from bytes (`from_bytes`) may be
        // anything, and merging them must not panic.
        self.documents = self.documents.saturating_add(other.documents);
        for (&h, &n) in &other.counts {
            let c = self.counts.entry(h).or_insert(0);
            *c = c.saturating_add(n);
        }
    }

    /// The number of documents counted.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// The number of distinct paragraph signatures.
    pub fn distinct_lines(&self) -> usize {
        self.counts.len()
    }

    /// The candidates: signatures in at least `rule.min_documents()` documents.
    pub fn recurring(&self, rule: &FurnitureRule) -> RecurringLines {
        let min = rule.min_documents as u64;
        RecurringLines {
            rule: *rule,
            hashes: self
                .counts
                .iter()
                .filter(|&(_, &n)| n >= min)
                .map(|(&h, _)| h)
                .collect(),
        }
    }
}

/// The candidates of round 2: paragraph signatures that occur in at least
/// [`FurnitureRule::min_documents`] documents, in whatever surroundings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecurringLines {
    rule: FurnitureRule,
    hashes: FxHashSet<u64>,
}

impl RecurringLines {
    /// The number of candidate signatures.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// `true` if no paragraph recurs often enough.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Round 2 over `texts`, in parallel.
    pub fn surroundings<T: AsRef<str> + Sync>(&self, texts: &[T]) -> SurroundingCounts {
        if self.is_empty() {
            return self.no_surroundings();
        }
        texts
            .par_iter()
            .fold(
                || self.no_surroundings(),
                |mut c, t| {
                    c.add(self, t.as_ref());
                    c
                },
            )
            .reduce(
                || self.no_surroundings(),
                |mut a, b| {
                    a.merge_unchecked(&b);
                    a
                },
            )
    }

    /// Empty round-2 counts for these candidates, to [`add`](SurroundingCounts::add)
    /// documents to one at a time.
    pub fn no_surroundings(&self) -> SurroundingCounts {
        SurroundingCounts {
            rule: self.rule,
            contexts: FxHashMap::default(),
        }
    }
}

/// Round 2: for each candidate line, the distinct surroundings (own texts of
/// the documents it occurs in) it was seen in, up to
/// [`FurnitureRule::min_documents`] of them. Mergeable like [`LineCounts`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurroundingCounts {
    rule: FurnitureRule,
    /// Candidate signature → the smallest distinct surroundings hashes, sorted.
    contexts: FxHashMap<u64, Vec<u64>>,
}

/// Inserts `h` into the sorted, distinct `set`, keeping at most `cap` of the
/// smallest values. Keeping the smallest makes the result of merging shards
/// independent of their order, and `set.len() >= cap` exactly when the union
/// has at least `cap` distinct values.
fn insert_capped(set: &mut Vec<u64>, h: u64, cap: usize) {
    if let Err(i) = set.binary_search(&h) {
        if i < cap {
            set.insert(i, h);
            set.truncate(cap);
        }
    }
}

impl SurroundingCounts {
    /// Counts one document against `recurring` (which must be the candidates
    /// these counts were made from).
    pub fn add(&mut self, recurring: &RecurringLines, text: &str) {
        self.add_profile(recurring, &profile(text));
    }

    fn add_profile(&mut self, recurring: &RecurringLines, profile: &[(u64, usize)]) {
        let mut own = FxHasher::default();
        let (mut own_bytes, mut recurring_bytes) = (0usize, 0usize);
        for &(h, len) in profile {
            if recurring.hashes.contains(&h) {
                recurring_bytes += len;
            } else {
                own.write_u64(h);
                own_bytes += len;
            }
        }
        if recurring_bytes == 0 || own_bytes <= recurring_bytes {
            return;
        }
        let surroundings = own.finish();
        let cap = self.rule.min_documents;
        for &(h, _) in profile {
            if recurring.hashes.contains(&h) {
                insert_capped(self.contexts.entry(h).or_default(), surroundings, cap);
            }
        }
    }

    /// Adds the counts of another shard.
    ///
    /// # Errors
    /// [`CorpusError::InvalidOption`] if the two were counted under different
    /// rules.
    pub fn merge(&mut self, other: &SurroundingCounts) -> Result<(), CorpusError> {
        if self.rule != other.rule {
            return Err(CorpusError::InvalidOption {
                name: "furniture min_documents of merged counts",
                value: format!("{} and {}", self.rule, other.rule),
                expected: "counts made under the same rule",
            });
        }
        self.merge_unchecked(other);
        Ok(())
    }

    fn merge_unchecked(&mut self, other: &SurroundingCounts) {
        let cap = self.rule.min_documents;
        for (&h, set) in &other.contexts {
            let mine = self.contexts.entry(h).or_default();
            for &s in set {
                insert_capped(mine, s, cap);
            }
        }
    }

    /// The furniture: candidates seen in at least `min_documents` different
    /// surroundings.
    pub fn furniture(&self) -> Furniture {
        let cap = self.rule.min_documents;
        Furniture {
            rule: self.rule,
            hashes: self
                .contexts
                .iter()
                .filter(|(_, s)| s.len() >= cap)
                .map(|(&h, _)| h)
                .collect(),
        }
    }
}

/// The furniture learned from a corpus: paragraph signatures to remove.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Furniture {
    rule: FurnitureRule,
    hashes: FxHashSet<u64>,
}

/// What [`Furniture::remove_from`] took out of one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    /// The removed paragraphs, in text order.
    pub paragraphs: Vec<String>,
    /// Bytes removed from the text (paragraphs and their separators).
    pub bytes: usize,
    /// `true` if the text was made only of furniture and was left whole.
    pub kept_whole: bool,
}

impl Furniture {
    /// Learns the furniture of `texts` (cleaned texts) in one process: both
    /// rounds of the [module docs](crate::furniture).
    ///
    /// ```
    /// use tidings_corpus::{Furniture, FurnitureRule};
    /// let topics = ["rain", "trade", "chess", "rivers", "music", "bread"];
    /// let mut texts: Vec<String> = topics
    ///     .iter()
    ///     .map(|t| format!("This story is about {t}.\n\nSource: Wire and agencies"))
    ///     .collect();
    /// // One story republished by five outlets: content, not furniture.
    /// texts.extend(std::iter::repeat("A wire story told the same way everywhere.".to_string()).take(5));
    /// let furniture = Furniture::learn(&texts, &FurnitureRule::default());
    /// assert_eq!(furniture.len(), 1);
    /// let mut first = texts[0].clone();
    /// furniture.remove_from(&mut first);
    /// assert_eq!(first, "This story is about rain.");
    /// let mut copy = texts[7].clone();
    /// assert!(furniture.remove_from(&mut copy).paragraphs.is_empty());
    /// ```
    pub fn learn<T: AsRef<str> + Sync>(texts: &[T], rule: &FurnitureRule) -> Furniture {
        let profiles: Vec<Vec<(u64, usize)>> =
            texts.par_iter().map(|t| profile(t.as_ref())).collect();
        Self::learn_profiles(&profiles, rule)
    }

    fn learn_profiles(profiles: &[Vec<(u64, usize)>], rule: &FurnitureRule) -> Furniture {
        let counts = profiles
            .par_iter()
            .fold(LineCounts::new, |mut c, p| {
                c.add_profile(p);
                c
            })
            .reduce(LineCounts::new, |mut a, b| {
                a.merge(&b);
                a
            });
        let recurring = counts.recurring(rule);
        if recurring.is_empty() {
            return Furniture {
                rule: *rule,
                hashes: FxHashSet::default(),
            };
        }
        profiles
            .par_iter()
            .fold(
                || recurring.no_surroundings(),
                |mut c, p| {
                    c.add_profile(&recurring, p);
                    c
                },
            )
            .reduce(
                || recurring.no_surroundings(),
                |mut a, b| {
                    a.merge_unchecked(&b);
                    a
                },
            )
            .furniture()
    }

    /// Learns the furniture of `texts` and removes it from them, in place;
    /// what was removed is returned, per text. The same as
    /// [`learn`](Self::learn) then [`remove_from`](Self::remove_from) on each,
    /// without computing each paragraph's signature twice.
    pub fn learn_and_remove(
        texts: &mut [String],
        rule: &FurnitureRule,
    ) -> (Furniture, Vec<Removed>) {
        let profiles = profiles(texts);
        Self::learn_and_remove_profiled(texts, &profiles, rule)
    }

    /// [`learn_and_remove`](Self::learn_and_remove) with the texts'
    /// [`profiles`] already computed.
    pub(crate) fn learn_and_remove_profiled(
        texts: &mut [String],
        profiles: &[Profile],
        rule: &FurnitureRule,
    ) -> (Furniture, Vec<Removed>) {
        let furniture = Self::learn_profiles(profiles, rule);
        let removed = texts
            .par_iter_mut()
            .zip(profiles)
            .map(|(text, profile)| furniture.remove_profiled(text, profile))
            .collect();
        (furniture, removed)
    }
    /// The rule it was learned under.
    pub fn rule(&self) -> FurnitureRule {
        self.rule
    }

    /// The number of distinct furniture signatures.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// `true` if there is no furniture.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// What removing this furniture took out of a corpus, from what
    /// [`remove_from`](Self::remove_from) returned for each text, in
    /// document order (the order decides which occurrence of a line is
    /// shown, and the order of lines removed from as many documents): the
    /// report of `tidings corpus stats`.
    ///
    /// ```
    /// use tidings_corpus::{Furniture, FurnitureRule};
    /// let mut texts: Vec<String> = ["rain", "trade", "chess", "rivers", "music"]
    ///     .iter()
    ///     .map(|t| format!("This story is about {t}.\n\nSource: Wire"))
    ///     .collect();
    /// let furniture = Furniture::learn(&texts, &FurnitureRule::default());
    /// let removed = texts.iter_mut().map(|t| furniture.remove_from(t));
    /// let report = furniture.report(removed);
    /// assert_eq!((report.lines_removed, report.documents_changed), (5, 5));
    /// assert_eq!(report.examples[0].text, "Source: Wire");
    /// ```
    pub fn report(&self, removed: impl IntoIterator<Item = Removed>) -> FurnitureReport {
        let mut builder = ReportBuilder::new(self);
        for r in removed {
            builder.add(r);
        }
        builder.finish()
    }

    /// `true` if `paragraph` is furniture.
    pub fn is_furniture(&self, paragraph: &str) -> bool {
        self.hashes.contains(&signature(paragraph))
    }

    /// Removes the furniture paragraphs from `text` (a cleaned text), unless
    /// that would leave no letter or digit: then the text is left whole.
    pub fn remove_from(&self, text: &mut String) -> Removed {
        if self.hashes.is_empty() {
            return Removed::default();
        }
        let profile = profile(text);
        self.remove_profiled(text, &profile)
    }

    /// [`remove_from`](Self::remove_from) with the text's paragraph signatures
    /// already computed.
    fn remove_profiled(&self, text: &mut String, profile: &[(u64, usize)]) -> Removed {
        if !profile.iter().any(|(h, _)| self.hashes.contains(h)) {
            return Removed::default();
        }
        let (gone, kept): (Vec<_>, Vec<_>) = paragraphs(text)
            .zip(profile)
            .partition(|(_, (h, _))| self.hashes.contains(h));
        if !kept
            .iter()
            .any(|(p, _)| p.chars().any(char::is_alphanumeric))
        {
            return Removed {
                kept_whole: true,
                ..Removed::default()
            };
        }
        let new = kept
            .iter()
            .map(|(p, _)| *p)
            .collect::<Vec<_>>()
            .join("\n\n");
        let removed = Removed {
            paragraphs: gone.iter().map(|(p, _)| p.trim().to_string()).collect(),
            bytes: text.len().saturating_sub(new.len()),
            kept_whole: false,
        };
        *text = new;
        removed
    }
}

/// Each paragraph's signature and length: what learning and removal need
/// to know of a text.
pub(crate) type Profile = Vec<(u64, usize)>;

/// The [`Profile`] of each text, in parallel.
pub(crate) fn profiles(texts: &[String]) -> Vec<Profile> {
    texts.par_iter().map(|t| profile(t)).collect()
}

/// The signature of a whole text from its [`Profile`]: equal for texts that
/// differ only in case, digits and spacing.
pub(crate) fn text_signature(profile: &Profile) -> u64 {
    let mut h = FxHasher::default();
    for &(s, _) in profile {
        h.write_u64(s);
    }
    h.finish()
}

/// The signature by which paragraphs are compared (see the
/// [module docs](self)): equal for paragraphs that differ only in case,
/// digits and spacing.
///
/// ```
/// use tidings_corpus::furniture::paragraph_signature;
/// assert_eq!(paragraph_signature("Page 3 of 12"), paragraph_signature("page 14  of 20"));
/// ```
pub fn paragraph_signature(paragraph: &str) -> u64 {
    signature(paragraph)
}

/// The signature of a whole text (cleaned, before furniture removal), by
/// which [`read`](crate::read) finds documents with the same text
/// ([`DuplicateReport`](crate::DuplicateReport)): equal for texts whose
/// paragraphs differ only in case, digits and spacing.
///
/// ```
/// use tidings_corpus::furniture::document_signature;
/// assert_eq!(document_signature("One.\n\nTwo 2"), document_signature("ONE.\n\n two  7"));
/// assert_ne!(document_signature("One.\n\nTwo"), document_signature("One. Two"));
/// ```
pub fn document_signature(text: &str) -> u64 {
    text_signature(&profile(text))
}

/// One removed line and how many documents it was removed from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FurnitureExample {
    /// The line as it appeared in the first document it was removed from.
    pub text: String,
    /// The number of documents it was removed from.
    pub documents: usize,
}

/// What corpus-level furniture removal did: part of a [`Corpus`](crate::Corpus).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FurnitureReport {
    /// The rule's minimum number of documents; `None` when removal was off.
    pub min_documents: Option<usize>,
    /// Distinct lines (by signature) found to be furniture.
    pub distinct_lines: usize,
    /// Lines removed, counting each occurrence.
    pub lines_removed: usize,
    /// Documents that lost at least one line.
    pub documents_changed: usize,
    /// Bytes of text removed.
    pub bytes_removed: usize,
    /// Documents made only of furniture lines, kept whole.
    pub documents_kept_whole: usize,
    /// The most frequent removed lines (at most [`REPORTED_EXAMPLES`]), by
    /// number of documents, then by first occurrence.
    pub examples: Vec<FurnitureExample>,
}

/// Builds a [`FurnitureReport`] from what was removed from each document, in
/// document order.
#[derive(Debug, Default)]
pub(crate) struct ReportBuilder {
    report: FurnitureReport,
    /// signature → (first text, documents, first position)
    lines: FxHashMap<u64, (String, usize, usize)>,
}

impl ReportBuilder {
    pub(crate) fn new(furniture: &Furniture) -> Self {
        ReportBuilder {
            report: FurnitureReport {
                min_documents: Some(furniture.rule.min_documents),
                distinct_lines: furniture.len(),
                ..FurnitureReport::default()
            },
            lines: FxHashMap::default(),
        }
    }

    pub(crate) fn add(&mut self, removed: Removed) {
        if removed.kept_whole {
            self.report.documents_kept_whole += 1;
        }
        if removed.paragraphs.is_empty() {
            return;
        }
        self.report.documents_changed += 1;
        self.report.bytes_removed += removed.bytes;
        self.report.lines_removed += removed.paragraphs.len();
        let mut seen = FxHashSet::default();
        for p in removed.paragraphs {
            let h = signature(&p);
            if !seen.insert(h) {
                continue;
            }
            let next = self.lines.len();
            self.lines.entry(h).or_insert((p, 0, next)).1 += 1;
        }
    }

    pub(crate) fn finish(self) -> FurnitureReport {
        let mut lines: Vec<(String, usize, usize)> = self.lines.into_values().collect();
        lines.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        let mut report = self.report;
        report.examples = lines
            .into_iter()
            .take(REPORTED_EXAMPLES)
            .map(|(text, documents, _)| FurnitureExample {
                text: shorten(&text, 200),
                documents,
            })
            .collect();
        report
    }
}

/// `text` cut to at most `chars` characters, with `…` when cut.
fn shorten(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(n: usize) -> FurnitureRule {
        FurnitureRule::new(n).unwrap_or_default()
    }

    #[test]
    fn signatures_ignore_case_digits_and_spacing() {
        assert_eq!(signature("Page 3 of 12"), signature("page  14 of 20 "));
        assert_eq!(signature("ÉTÉ 2024"), signature("été 1"));
        assert_ne!(signature("page 3 of 12"), signature("page of"));
        assert_ne!(signature("ab"), signature("a b"));
    }

    #[test]
    fn capped_sets_keep_the_smallest() {
        let mut s = Vec::new();
        for h in [9, 3, 7, 3, 1, 8] {
            insert_capped(&mut s, h, 3);
        }
        assert_eq!(s, [1, 3, 7]);
    }

    const WORDS: &[&str] = &[
        "rain", "trade", "chess", "rivers", "music", "bread", "ships", "maps", "tea", "law",
        "snow", "glass",
    ];

    /// `n` posts, each with its own sentence, ending with `line`.
    fn posts(n: usize, line: &str) -> Vec<String> {
        (0..n)
            .map(|i| {
                let (a, b) = (
                    WORDS[i % WORDS.len()],
                    WORDS[(i / WORDS.len() + i + 1) % WORDS.len()],
                );
                format!("This post says something of its own about {a} and {b}.\n\n{line}")
            })
            .collect()
    }

    #[test]
    fn lines_in_different_surroundings_are_furniture() {
        let texts = posts(5, "Bob Smith KB1XYZ bob at example dot org");
        let f = Furniture::learn(&texts, &rule(5));
        assert_eq!(f.len(), 1);
        assert!(f.is_furniture("bob smith kb0xyz bob at example dot org"));
        // Four documents are not enough.
        assert!(Furniture::learn(&texts[..4], &rule(5)).is_empty());
    }

    #[test]
    fn copies_count_once() {
        // Five copies of one post and a sixth post: the line is in six
        // documents but in two surroundings.
        let mut texts = vec![posts(1, "Sig line").remove(0); 5];
        texts.extend(posts(2, "Sig line").into_iter().skip(1));
        assert!(Furniture::learn(&texts, &rule(5)).is_empty());
    }

    #[test]
    fn mostly_recurring_documents_are_content() {
        // A story republished by six outlets, each adding its own short
        // by-line: the story is most of each document.
        let story = "The central bank raised its rate by half a point on Tuesday.\n\nMarkets fell sharply after the announcement in early trading.";
        let texts: Vec<String> = (0..6)
            .map(|i| format!("By outlet {}\n\n{story}", ["A", "B", "C", "D", "E", "F"][i]))
            .collect();
        let f = Furniture::learn(&texts, &rule(5));
        assert!(f.is_empty(), "{f:?}");
        // Identical texts (whole documents) are never furniture either.
        let same = vec!["One text. Two sentences."; 20];
        assert!(Furniture::learn(&same, &rule(5)).is_empty());
    }

    #[test]
    fn removal_never_empties() {
        let mut texts = posts(6, "Thanks in advance");
        texts.push("Thanks in advance".into());
        let f = Furniture::learn(&texts, &rule(5));
        assert_eq!(f.len(), 1);
        let mut only = texts[6].clone();
        let r = f.remove_from(&mut only);
        assert!(r.kept_whole && r.paragraphs.is_empty());
        assert_eq!(only, "Thanks in advance");
        let mut first = texts[0].clone();
        let r = f.remove_from(&mut first);
        assert_eq!(r.paragraphs, ["Thanks in advance"]);
        assert_eq!(r.bytes, "\n\nThanks in advance".len());
    }

    #[test]
    fn shards_merge_to_one_pass() -> Result<(), Box<dyn std::error::Error>> {
        let mut texts = posts(9, "Source: Wire and agencies");
        texts.extend(posts(3, "Rare line"));
        texts.extend(vec![
            "A syndicated story, the same everywhere.".to_string();
            6
        ]);
        let r = rule(5);
        let whole = Furniture::learn(&texts, &r);
        assert_eq!(whole.len(), 1);
        for n in 1..=4 {
            let shards: Vec<Vec<String>> = (0..n)
                .map(|s| texts.iter().skip(s).step_by(n).cloned().collect())
                .collect();
            let mut counts = LineCounts::new();
            for shard in &shards {
                counts.merge(&LineCounts::count(shard));
            }
            assert_eq!(counts, LineCounts::count(&texts));
            let recurring = counts.recurring(&r);
            let mut surroundings = recurring.no_surroundings();
            for shard in shards.iter().rev() {
                // shipped as JSON, as another machine would
                let json = serde_json::to_string(&recurring.surroundings(shard))?;
                let shipped: SurroundingCounts = serde_json::from_str(&json)?;
                surroundings.merge(&shipped)?;
            }
            assert_eq!(surroundings, recurring.surroundings(&texts));
            assert_eq!(surroundings.furniture(), whole);
        }
        let other = recurring_of(&texts, 6).no_surroundings();
        assert!(recurring_of(&texts, 5)
            .no_surroundings()
            .merge(&other)
            .is_err());
        Ok(())
    }

    fn recurring_of(texts: &[String], n: usize) -> RecurringLines {
        LineCounts::count(texts).recurring(&rule(n))
    }

    #[test]
    fn rule_parsing() {
        assert_eq!(
            "7".parse::<FurnitureRule>().ok(),
            FurnitureRule::new(7).ok()
        );
        assert!("1".parse::<FurnitureRule>().is_err());
        assert!("x".parse::<FurnitureRule>().is_err());
        assert_eq!(FurnitureRule::default().min_documents(), 5);
    }

    #[test]
    fn report_lists_most_frequent_first() {
        let mut texts = posts(7, "Line A");
        texts.extend(
            posts(12, "Line B")
                .into_iter()
                .skip(7)
                .map(|t| t.replace("post", "note")),
        );
        let f = Furniture::learn(&texts, &rule(5));
        let mut b = ReportBuilder::new(&f);
        for t in &texts {
            let mut t = t.clone();
            b.add(f.remove_from(&mut t));
        }
        let r = b.finish();
        assert_eq!(r.distinct_lines, 2);
        assert_eq!(r.lines_removed, 12);
        assert_eq!(r.documents_changed, 12);
        let ex: Vec<(&str, usize)> = r
            .examples
            .iter()
            .map(|e| (e.text.as_str(), e.documents))
            .collect();
        assert_eq!(ex, [("Line A", 7), ("Line B", 5)]);
    }
}
