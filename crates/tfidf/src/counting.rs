//! The hot loop: tokenizing documents into chunk-local term ids, counting
//! document and term frequencies, surface forms and (optionally) per-document rows.

use std::ops::Range;

use rustc_hash::FxHashMap;
use tidings_tokenize::{Analyzer, NgramRange};

use crate::interner::{same_bytes, TermInterner};

/// Documents per row block: blocks are the unit in which rows are freed
/// while the final matrix is assembled.
pub(crate) const BLOCK_DOCS: usize = 256;

/// Sparse rows of `(id, count)` for consecutive documents. Within a row, ids
/// are distinct (in first-occurrence order).
#[derive(Debug, Default)]
pub(crate) struct RowBlock {
    /// Term ids (chunk-local, global, or columns, depending on the stage).
    pub(crate) ids: Vec<u32>,
    /// Count of each id in its document.
    pub(crate) counts: Vec<u32>,
    /// End of each row in `ids`/`counts`.
    pub(crate) ends: Vec<usize>,
}

impl RowBlock {
    /// Number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.ends.len()
    }

    /// Releases spare capacity.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.counts.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// The entries of each row, in order.
    pub(crate) fn iter_rows(&self) -> impl Iterator<Item = (&[u32], &[u32])> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let ids = self.ids.get(start..end).unwrap_or(&[]);
            let counts = self.counts.get(start..end).unwrap_or(&[]);
            start = end;
            (ids, counts)
        })
    }
}

/// Surface forms seen by one chunk: every distinct raw span, the term it
/// produced and how often.
#[derive(Debug, Default)]
pub(crate) struct SurfaceTable {
    pub(crate) spans: TermInterner,
    pub(crate) term_of: Vec<u32>,
    pub(crate) count: Vec<u64>,
    /// Spans that produced a different term than the first time they were
    /// seen (context-dependent analyzers): `(term, span) -> count`.
    pub(crate) overflow: FxHashMap<(u32, String), u64>,
}

/// Statistics of one chunk of documents, with chunk-local term ids.
#[derive(Debug, Default)]
pub(crate) struct LocalCounts {
    pub(crate) terms: TermInterner,
    pub(crate) df: Vec<u64>,
    pub(crate) tf: Vec<u64>,
    pub(crate) surfaces: Option<SurfaceTable>,
    pub(crate) n_docs: u64,
    /// Last document (1-based sequence number) each term was seen in.
    stamp: Vec<u32>,
    /// Position of each term in the current row, valid when `stamp` matches.
    pos: Vec<u32>,
    seq: u32,
}

impl LocalCounts {
    pub(crate) fn new(surface_forms: bool) -> Self {
        LocalCounts {
            surfaces: surface_forms.then(SurfaceTable::default),
            ..LocalCounts::default()
        }
    }

    /// The chunk-local id of `term`, produced by `text[span]`.
    #[inline]
    fn resolve(&mut self, term: &str, text: &str, span: Range<usize>) -> u32 {
        let Some(surfaces) = self.surfaces.as_mut() else {
            return self.new_term_if_needed(term);
        };
        let raw = text.get(span).unwrap_or(term);
        if same_bytes(raw.as_bytes(), term.as_bytes()) {
            // The common case: the term is its own surface form, which needs
            // no record (identity counts are implied by the term counts).
            return self.new_term_if_needed(term);
        }
        let (sid, new) = surfaces.spans.intern(raw);
        if !new {
            if let Some(&tid) = surfaces.term_of.get(sid as usize) {
                if same_bytes(self.terms.term(tid).as_bytes(), term.as_bytes()) {
                    if let Some(c) = surfaces.count.get_mut(sid as usize) {
                        *c += 1;
                    }
                    return tid;
                }
            }
            // The same span gave another term elsewhere: count it apart.
            let (tid, fresh) = self.terms.intern(term);
            if fresh {
                self.push_term();
            }
            if let Some(s) = self.surfaces.as_mut() {
                *s.overflow.entry((tid, raw.to_owned())).or_insert(0) += 1;
            }
            return tid;
        }
        let (tid, fresh) = self.terms.intern(term);
        if fresh {
            self.push_term();
        }
        if let Some(s) = self.surfaces.as_mut() {
            s.term_of.push(tid);
            s.count.push(1);
        }
        tid
    }

    #[inline]
    fn new_term_if_needed(&mut self, term: &str) -> u32 {
        let (tid, fresh) = self.terms.intern(term);
        if fresh {
            self.push_term();
        }
        tid
    }

    fn push_term(&mut self) {
        self.df.push(0);
        self.tf.push(0);
        self.stamp.push(0);
        self.pos.push(0);
    }

    /// Count the documents `texts`, appending their rows to `blocks` when
    /// `blocks` is given (one block per [`BLOCK_DOCS`] documents).
    pub(crate) fn count_documents<'t>(
        &mut self,
        analyzer: &Analyzer,
        ngrams: NgramRange,
        texts: impl Iterator<Item = &'t str>,
        mut blocks: Option<&mut Vec<RowBlock>>,
    ) {
        let mut session = analyzer.session();
        let mut row: Vec<(u32, u32)> = Vec::new();
        for text in texts {
            self.seq = self.seq.wrapping_add(1);
            if self.seq == 0 {
                // Wrapped after 2^32 documents: reset the stamps.
                self.stamp.iter_mut().for_each(|s| *s = 0);
                self.seq = 1;
            }
            let seq = self.seq;
            let keep_rows = blocks.is_some();
            row.clear();
            session.terms(text, ngrams, |term, span| {
                let id = self.resolve(term, text, span);
                let i = id as usize;
                if let Some(tf) = self.tf.get_mut(i) {
                    *tf += 1;
                }
                if self.stamp.get(i) == Some(&seq) {
                    if keep_rows {
                        let p = self.pos.get(i).copied().unwrap_or(0) as usize;
                        if let Some(entry) = row.get_mut(p) {
                            entry.1 += 1;
                        }
                    }
                } else {
                    if let Some(s) = self.stamp.get_mut(i) {
                        *s = seq;
                    }
                    if let Some(df) = self.df.get_mut(i) {
                        *df += 1;
                    }
                    if keep_rows {
                        if let Some(p) = self.pos.get_mut(i) {
                            *p = row.len() as u32;
                        }
                        row.push((id, 1));
                    }
                }
            });
            self.n_docs += 1;
            if let Some(blocks) = blocks.as_deref_mut() {
                push_row(blocks, &row);
            }
        }
        if let Some(last) = blocks.and_then(|b| b.last_mut()) {
            last.shrink_to_fit();
        }
    }
}

/// Append a row to the last block, starting a new block every [`BLOCK_DOCS`] rows.
pub(crate) fn push_row(blocks: &mut Vec<RowBlock>, row: &[(u32, u32)]) {
    if blocks.last().is_none_or(|b| b.rows() >= BLOCK_DOCS) {
        // A full block is kept until the matrix is assembled: give back the
        // spare capacity its growth left (up to half of it).
        if let Some(full) = blocks.last_mut() {
            full.shrink_to_fit();
        }
        blocks.push(RowBlock::default());
    }
    if let Some(block) = blocks.last_mut() {
        block.ids.extend(row.iter().map(|&(id, _)| id));
        block.counts.extend(row.iter().map(|&(_, c)| c));
        block.ends.push(block.ids.len());
    }
}

/// Count the columns of one document through a fixed vocabulary (unknown
/// terms ignored), using per-chunk `stamp`/`pos` scratch of one slot per column.
pub(crate) struct ColumnCounter {
    stamp: Vec<u32>,
    pos: Vec<u32>,
    seq: u32,
    row: Vec<(u32, u32)>,
}

impl ColumnCounter {
    pub(crate) fn new(n_columns: usize) -> Self {
        ColumnCounter {
            stamp: vec![0; n_columns],
            pos: vec![0; n_columns],
            seq: 0,
            row: Vec::new(),
        }
    }

    /// Start a new document.
    pub(crate) fn start(&mut self) {
        self.seq = self.seq.wrapping_add(1);
        if self.seq == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.seq = 1;
        }
        self.row.clear();
    }

    /// Count one occurrence of `column`.
    #[inline]
    pub(crate) fn add(&mut self, column: u32) {
        let i = column as usize;
        if self.stamp.get(i) == Some(&self.seq) {
            let p = self.pos.get(i).copied().unwrap_or(0) as usize;
            if let Some(entry) = self.row.get_mut(p) {
                entry.1 += 1;
            }
        } else if let (Some(s), Some(p)) = (self.stamp.get_mut(i), self.pos.get_mut(i)) {
            *s = self.seq;
            *p = self.row.len() as u32;
            self.row.push((column, 1));
        }
    }

    /// The current document's `(column, count)` entries.
    pub(crate) fn row(&self) -> &[(u32, u32)] {
        &self.row
    }
}
