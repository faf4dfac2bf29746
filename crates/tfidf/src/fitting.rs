//! Fitting: counting documents in parallel chunks, merging the chunks'
//! statistics, pruning the vocabulary and (for `fit_transform`) assembling
//! the matrix from the rows kept while counting.

use std::borrow::Cow;

use rayon::prelude::*;
use sprs::{CsMat, CsMatI, SpIndex};

use crate::assembly::{assemble, DROPPED};
use crate::counting::{LocalCounts, RowBlock, SurfaceTable};
use crate::interner::{StringList, TermInterner};
use crate::model::TfidfModel;
use crate::stats::{normalize_surface, TermStats};
use crate::{TfWeighting, TfidfError, Vectorizer};

/// With a vocabulary cap, documents are counted (and the vocabulary pruned)
/// in batches of at most this many.
const PRUNE_DOCS: usize = 8192;

/// Counts documents batch by batch into a fixed set of chunk counters (one
/// per parallel task), optionally keeping each document's row.
///
/// Without a vocabulary cap the counters are merged once, at the end. With
/// one, they are merged into the running statistics after every batch, which
/// are then pruned to the cap; the id maps of earlier batches follow.
pub(crate) struct Fitter<'v> {
    vectorizer: &'v Vectorizer,
    counters: Vec<LocalCounts>,
    blocks: Vec<RowBlock>,
    /// The id map (index into `maps`, once merged) each block uses.
    block_counter: Vec<usize>,
    keep_rows: bool,
    /// Statistics merged so far (only with a vocabulary cap).
    stats: TermStats,
    /// Chunk-local → global id maps of the counters merged so far.
    maps: Vec<Vec<u32>>,
}

/// Everything a finished count yields.
pub(crate) struct Counted {
    pub(crate) stats: TermStats,
    pub(crate) maps: Vec<Vec<u32>>,
    pub(crate) blocks: Vec<RowBlock>,
    pub(crate) block_counter: Vec<usize>,
    /// Surface forms not merged into `stats` (see [`Fitter::finish_for_fit`]):
    /// `pending[i]` belongs to the counter whose id map is `maps[i]`.
    pub(crate) pending: Vec<Option<SurfaceTable>>,
}

/// Surface forms still in their chunks' tables: the id maps and the tables.
pub(crate) type PendingSurfaces<'a> = (&'a [Vec<u32>], &'a [Option<SurfaceTable>]);

impl<'v> Fitter<'v> {
    pub(crate) fn new(vectorizer: &'v Vectorizer, keep_rows: bool) -> Self {
        let k = (rayon::current_num_threads() * 2).max(1);
        let p = &vectorizer.params;
        Fitter {
            vectorizer,
            counters: (0..k).map(|_| LocalCounts::new(p.surface_forms)).collect(),
            blocks: Vec::new(),
            block_counter: Vec::new(),
            keep_rows,
            stats: TermStats::new(p.analyzer.clone(), p.ngrams, p.surface_forms),
            maps: Vec::new(),
        }
    }

    /// Count a batch of documents (in order).
    pub(crate) fn add<T: Sync>(&mut self, docs: &[T], text: impl Fn(&T) -> &str + Sync) {
        match self.vectorizer.params.max_vocabulary {
            None => self.count(docs, &text),
            Some(cap) => {
                for batch in docs.chunks(PRUNE_DOCS) {
                    self.count(batch, &text);
                    self.merge_counters();
                    self.prune(cap);
                }
            }
        }
    }

    /// Merge the counters (in a fixed order) into the running statistics.
    fn merge_counters(&mut self) {
        let surface_forms = self.vectorizer.params.surface_forms;
        for counter in &mut self.counters {
            let counted = std::mem::replace(counter, LocalCounts::new(surface_forms));
            self.maps.push(self.stats.absorb(counted));
        }
    }

    /// Merge the counters' term counts into the running statistics, and
    /// return their surface-form tables unmerged.
    fn merge_counter_terms(&mut self) -> Vec<Option<SurfaceTable>> {
        let counters = std::mem::take(&mut self.counters);
        let mut pending = Vec::with_capacity(counters.len());
        for counter in counters {
            let (map, surfaces) = self.stats.absorb_terms(counter);
            self.maps.push(map);
            pending.push(surfaces);
        }
        pending
    }

    /// Prune the running statistics to `cap` terms and remap the id maps.
    fn prune(&mut self, cap: usize) {
        let Some(remap) = self.stats.prune_to(cap) else {
            return;
        };
        for id in self.maps.iter_mut().flatten() {
            if *id != DROPPED {
                *id = remap.get(*id as usize).copied().unwrap_or(DROPPED);
            }
        }
    }

    /// Count documents into the counters; blocks refer to the maps the
    /// counters will get when merged.
    fn count<T: Sync>(&mut self, docs: &[T], text: &(impl Fn(&T) -> &str + Sync)) {
        if docs.is_empty() {
            return;
        }
        let k = self.counters.len();
        let size = docs.len().div_ceil(k).max(1);
        let analyzer = &self.vectorizer.analyzer;
        let ngrams = self.vectorizer.params.ngrams;
        let keep_rows = self.keep_rows;
        let chunk_blocks: Vec<Vec<RowBlock>> = self
            .counters
            .par_iter_mut()
            .zip(docs.par_chunks(size))
            .map(|(counter, chunk)| {
                let mut blocks = Vec::new();
                let target = keep_rows.then_some(&mut blocks);
                counter.count_documents(analyzer, ngrams, chunk.iter().map(text), target);
                blocks
            })
            .collect();
        let base = self.maps.len();
        for (counter, blocks) in chunk_blocks.into_iter().enumerate() {
            self.block_counter
                .extend(std::iter::repeat_n(base + counter, blocks.len()));
            self.blocks.extend(blocks);
        }
    }

    /// Merge the counters (in a fixed order) into term statistics.
    pub(crate) fn finish(mut self) -> Counted {
        if self.vectorizer.params.max_vocabulary.is_none() {
            self.merge_counters();
        }
        Counted {
            stats: self.stats,
            maps: self.maps,
            blocks: self.blocks,
            block_counter: self.block_counter,
            pending: Vec::new(),
        }
    }

    /// Like [`Fitter::finish`], for a fit: without a vocabulary cap the
    /// chunks' surface forms are left out of the statistics (in
    /// [`Counted::pending`]), so that only the forms of the terms that
    /// survive pruning are ever merged, in parallel. Merging every form of
    /// every term, one chunk after another, took about half of the serial
    /// part of a fit with the default pipeline (issue 6).
    pub(crate) fn finish_for_fit(mut self) -> Counted {
        if self.vectorizer.params.max_vocabulary.is_some() {
            return self.finish();
        }
        let pending = self.merge_counter_terms();
        Counted {
            stats: self.stats,
            maps: self.maps,
            blocks: self.blocks,
            block_counter: self.block_counter,
            pending,
        }
    }
}

impl Vectorizer {
    /// Count `texts` into mergeable statistics (no pruning yet).
    pub fn collect_stats<T: AsRef<str> + Sync>(&self, texts: &[T]) -> TermStats {
        let mut fitter = Fitter::new(self, false);
        fitter.add(texts, |t| t.as_ref());
        fitter.finish().stats
    }

    /// Fit a model on `texts`.
    ///
    /// # Errors
    /// [`TfidfError::EmptyVocabulary`], [`TfidfError::AllTermsPruned`] or
    /// [`TfidfError::MinDfAboveMaxDf`] (bounds resolved against the corpus size).
    pub fn fit<T: AsRef<str> + Sync>(&self, texts: &[T]) -> Result<TfidfModel, TfidfError> {
        let mut fitter = Fitter::new(self, false);
        fitter.add(texts, |t| t.as_ref());
        let counted = fitter.finish_for_fit();
        let pending = (counted.maps.as_slice(), counted.pending.as_slice());
        Ok(self.build_model(&counted.stats, Some(pending))?.0)
    }

    /// Fit a model and vectorize the same texts, tokenizing each text once.
    /// Rows are in the order of `texts`.
    ///
    /// # Errors
    /// As [`Vectorizer::fit`].
    pub fn fit_transform<T: AsRef<str> + Sync>(
        &self,
        texts: &[T],
    ) -> Result<(TfidfModel, CsMat<f64>), TfidfError> {
        let mut fitter = Fitter::new(self, true);
        fitter.add(texts, |t| t.as_ref());
        self.finish_fit_transform(fitter.finish_for_fit())
    }

    pub(crate) fn finish_fit_transform<I: SpIndex>(
        &self,
        counted: Counted,
    ) -> Result<(TfidfModel, CsMatI<f64, I, usize>), TfidfError> {
        let Counted {
            stats,
            mut maps,
            blocks,
            block_counter,
            pending,
        } = counted;
        let (model, columns) = self.build_model(&stats, Some((&maps, &pending)))?;
        drop(stats);
        drop(pending);
        // Chunk-local id -> global id -> column.
        for map in &mut maps {
            for id in map.iter_mut() {
                *id = columns.get(*id as usize).copied().unwrap_or(DROPPED);
            }
        }
        drop(columns);
        let matrix = assemble(
            blocks,
            Some((&maps, &block_counter)),
            model.n_features(),
            model.weights(),
        )?;
        Ok((model, matrix))
    }

    /// Fit a model from (possibly merged) statistics.
    ///
    /// # Errors
    /// [`TfidfError::IncompatibleStats`] when `stats` were collected with
    /// another analyzer, n-gram range or surface-form setting; otherwise as
    /// [`Vectorizer::fit`].
    pub fn fit_stats(&self, stats: &TermStats) -> Result<TfidfModel, TfidfError> {
        let p = &self.params;
        TermStats::new(p.analyzer.clone(), p.ngrams, p.surface_forms).check_compatible(stats)?;
        Ok(self.build_model(stats, None)?.0)
    }

    /// Prune and sort the vocabulary; returns the model and the global id →
    /// column map (`DROPPED` for pruned terms). Surface forms come from
    /// `stats` and from `pending` chunk tables, if any.
    pub(crate) fn build_model(
        &self,
        stats: &TermStats,
        pending: Option<PendingSurfaces<'_>>,
    ) -> Result<(TfidfModel, Vec<u32>), TfidfError> {
        let p = &self.params;
        let n_docs = stats.n_docs;
        if stats.terms.len() == 0 {
            return Err(TfidfError::EmptyVocabulary { n_docs });
        }
        if stats.terms.len() >= DROPPED as usize {
            return Err(TfidfError::TooLarge {
                what: "distinct terms",
                value: stats.terms.len() as u128,
                limit: "u32",
            });
        }
        let (low, high) = p.df_window(n_docs)?;
        let stop: TermInterner = TermInterner::from_terms(p.stop_terms.iter().map(String::as_str));
        let mut kept: Vec<u32> = (0..stats.terms.len() as u32)
            .into_par_iter()
            .filter(|&id| {
                let df = stats.df.get(id as usize).copied().unwrap_or(0) as f64;
                df >= low && df <= high && stop.get(stats.terms.term(id)).is_none()
            })
            .collect();
        if let Some(limit) = p.max_features {
            if kept.len() > limit {
                let freq = |id: u32| -> u64 {
                    let source = if p.tf == TfWeighting::Binary {
                        &stats.df
                    } else {
                        &stats.tf
                    };
                    source.get(id as usize).copied().unwrap_or(0)
                };
                // Most frequent first; ties: the smaller term (earlier column) first.
                let rank = |a: &u32, b: &u32| {
                    freq(*b)
                        .cmp(&freq(*a))
                        .then_with(|| stats.terms.term(*a).cmp(stats.terms.term(*b)))
                };
                kept.select_nth_unstable_by(limit - 1, rank);
                kept.truncate(limit);
            }
        }
        if kept.is_empty() {
            return Err(TfidfError::AllTermsPruned {
                n_terms: stats.terms.len(),
                n_docs,
                min_df: p.min_df,
                max_df: p.max_df,
            });
        }
        kept.par_sort_unstable_by(|a, b| stats.terms.term(*a).cmp(stats.terms.term(*b)));
        let mut columns = vec![DROPPED; stats.terms.len()];
        for (col, &id) in kept.iter().enumerate() {
            if let Some(c) = columns.get_mut(id as usize) {
                *c = col as u32;
            }
        }
        let vocabulary = TermInterner::from_terms(kept.iter().map(|&id| stats.terms.term(id)));
        let df: Vec<u64> = kept
            .iter()
            .map(|&id| stats.df.get(id as usize).copied().unwrap_or(0))
            .collect();
        let tf: Vec<u64> = kept
            .iter()
            .map(|&id| stats.tf.get(id as usize).copied().unwrap_or(0))
            .collect();
        let surfaces = if p.surface_forms {
            best_surfaces(stats, pending, &kept, &columns)
        } else {
            StringList::default()
        };
        let model = TfidfModel::from_parts(self.clone(), n_docs, vocabulary, df, tf, surfaces);
        Ok((model, columns))
    }
}

/// Each kept term's most common surface form; ties go to the smaller string
/// (byte order). The term itself counts as a form with the occurrences not
/// attributed to any other form.
///
/// Forms come from the merged `stats` and from `pending` chunk tables (whose
/// forms of pruned terms are never looked at). Every source is read in
/// parallel into `(column, form, count)` entries, which are sorted and
/// summed per `(column, form)`: the result does not depend on the number of
/// chunks or on the order of the entries.
fn best_surfaces(
    stats: &TermStats,
    pending: Option<PendingSurfaces<'_>>,
    kept: &[u32],
    columns: &[u32],
) -> StringList {
    let column_of = |gid: u32| columns.get(gid as usize).copied().filter(|&c| c != DROPPED);
    let mut entries: Vec<(u32, Cow<'_, str>, u64)> = stats
        .surface_counts
        .par_iter()
        .filter_map(|(&(term, surface), &count)| {
            Some((
                column_of(term)?,
                Cow::Borrowed(stats.surfaces.term(surface)),
                count,
            ))
        })
        .collect();
    if let Some((maps, tables)) = pending {
        let chunks: Vec<Vec<(u32, Cow<'_, str>, u64)>> = maps
            .par_iter()
            .zip(tables.par_iter())
            .filter_map(|(map, table)| Some((map, table.as_ref()?)))
            .map(|(map, table)| {
                let mut out: Vec<(u32, Cow<'_, str>, u64)> = Vec::new();
                let mut add = |lid: u32, raw: &str, count: u64| {
                    let Some(&gid) = map.get(lid as usize) else {
                        return;
                    };
                    let Some(col) = column_of(gid) else {
                        return;
                    };
                    let form = normalize_surface(raw);
                    // Identity forms are implied: tf minus the other forms.
                    if form != stats.terms.term(gid) {
                        out.push((col, Cow::Owned(form.into_owned()), count));
                    }
                };
                for ((_, raw), (&lid, &count)) in table
                    .spans
                    .iter()
                    .zip(table.term_of.iter().zip(table.count.iter()))
                {
                    add(lid, raw, count);
                }
                for ((lid, raw), &count) in &table.overflow {
                    add(*lid, raw, count);
                }
                out
            })
            .collect();
        entries.extend(chunks.into_iter().flatten());
    }
    entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));

    let n = kept.len();
    let mut other_total = vec![0u64; n];
    let mut best: Vec<Option<(u64, &str)>> = vec![None; n];
    let better =
        |cand: (u64, &str), cur: (u64, &str)| cand.0 > cur.0 || (cand.0 == cur.0 && cand.1 < cur.1);
    let mut rest = entries.as_slice();
    while let Some((col, form, _)) = rest.first() {
        let run = rest
            .iter()
            .position(|e| e.0 != *col || e.1 != *form)
            .unwrap_or(rest.len());
        let (same, tail) = rest.split_at(run);
        rest = tail;
        let count: u64 = same.iter().map(|e| e.2).sum();
        let c = *col as usize;
        if let Some(t) = other_total.get_mut(c) {
            *t += count;
        }
        if let Some(slot) = best.get_mut(c) {
            if slot.is_none_or(|cur| better((count, form), cur)) {
                *slot = Some((count, form));
            }
        }
    }
    let mut list = StringList::default();
    for (col, &id) in kept.iter().enumerate() {
        let term = stats.terms.term(id);
        let identity = stats
            .tf
            .get(id as usize)
            .copied()
            .unwrap_or(0)
            .saturating_sub(other_total.get(col).copied().unwrap_or(0));
        let chosen = match best.get(col).copied().flatten() {
            Some((count, form)) if better((count, form), (identity, term)) => form,
            _ => term,
        };
        list.push(chosen);
    }
    list
}
