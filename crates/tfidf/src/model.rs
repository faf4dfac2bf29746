//! The fitted model: vocabulary in column order, document frequencies, idf,
//! surface forms; applies itself to new documents.

use ndarray::Array2;
use rayon::prelude::*;
use sprs::CsMat;

use crate::assembly::assemble;
use crate::counting::{push_row, ColumnCounter, RowBlock, BLOCK_DOCS};
use crate::interner::{StringList, TermInterner};
use crate::weighting::{idf_vector, Weights};
use crate::{IdfWeighting, Norm, TfWeighting, TfidfError, Vectorizer, VectorizerParams};

/// A fitted TF-IDF model.
///
/// Columns are the kept features sorted by their bytes (the order of
/// scikit-learn's `get_feature_names_out()`). Cheap to share across threads;
/// [`TfidfModel::transform`] runs in parallel and ignores unknown terms.
#[derive(Clone, Debug)]
pub struct TfidfModel {
    pub(crate) vectorizer: Vectorizer,
    pub(crate) n_docs: u64,
    pub(crate) vocabulary: TermInterner,
    pub(crate) df: Vec<u64>,
    pub(crate) term_counts: Vec<u64>,
    pub(crate) idf: Vec<f64>,
    pub(crate) surfaces: StringList,
}

impl TfidfModel {
    pub(crate) fn from_parts(
        vectorizer: Vectorizer,
        n_docs: u64,
        vocabulary: TermInterner,
        df: Vec<u64>,
        term_counts: Vec<u64>,
        surfaces: StringList,
    ) -> Self {
        let idf = idf_vector(vectorizer.params.idf, n_docs, &df);
        TfidfModel {
            vectorizer,
            n_docs,
            vocabulary,
            df,
            term_counts,
            idf,
            surfaces,
        }
    }

    /// The parameters the model was fitted with.
    pub fn params(&self) -> &VectorizerParams {
        &self.vectorizer.params
    }

    /// The vectorizer (parameters and analyzer) the model was fitted with.
    pub fn vectorizer(&self) -> &Vectorizer {
        &self.vectorizer
    }

    /// Number of documents the model was fitted on.
    pub fn n_docs(&self) -> u64 {
        self.n_docs
    }

    /// Number of features (columns).
    pub fn n_features(&self) -> usize {
        self.vocabulary.len()
    }

    /// The feature of column `column`.
    pub fn feature(&self, column: usize) -> Option<&str> {
        (column < self.n_features()).then(|| self.vocabulary.term(column as u32))
    }

    /// All features in column order.
    pub fn features(&self) -> impl Iterator<Item = &str> + '_ {
        self.vocabulary.iter().map(|(_, t)| t)
    }

    /// The column of `feature`, if it is in the vocabulary.
    pub fn column(&self, feature: &str) -> Option<usize> {
        self.vocabulary.get(feature).map(|c| c as usize)
    }

    /// Document frequency of each column in the fitted corpus.
    pub fn document_frequencies(&self) -> &[u64] {
        &self.df
    }

    /// Total count of each column in the fitted corpus.
    pub fn term_counts(&self) -> &[u64] {
        &self.term_counts
    }

    /// The idf of each column (empty when idf weighting is off).
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// The most common surface form of column `column` in the fitted texts
    /// (whitespace runs collapsed to one space; ties go to the smaller string
    /// in byte order). `None` when surface forms were not recorded.
    pub fn surface_form(&self, column: usize) -> Option<&str> {
        self.surfaces.get(column)
    }

    pub(crate) fn weights(&self) -> Weights<'_> {
        let p = &self.vectorizer.params;
        Weights {
            tf: p.tf,
            idf: (p.idf != crate::IdfWeighting::None).then_some(self.idf.as_slice()),
            norm: p.norm,
        }
    }

    /// Count a batch of texts into column rows (parallel, in order).
    pub(crate) fn count_rows<T: Sync>(
        &self,
        docs: &[T],
        text: impl Fn(&T) -> &str + Sync,
    ) -> Vec<RowBlock> {
        let analyzer = &self.vectorizer.analyzer;
        let ngrams = self.vectorizer.params.ngrams;
        let n_columns = self.n_features();
        let per_task = docs
            .len()
            .div_ceil(rayon::current_num_threads() * 4)
            .max(BLOCK_DOCS.min(64));
        let parts: Vec<Vec<RowBlock>> = docs
            .par_chunks(per_task.max(1))
            .map(|chunk| {
                let mut session = analyzer.session();
                let mut counter = ColumnCounter::new(n_columns);
                let mut blocks = Vec::new();
                for doc in chunk {
                    counter.start();
                    session.terms(text(doc), ngrams, |term, _| {
                        if let Some(col) = self.vocabulary.get(term) {
                            counter.add(col);
                        }
                    });
                    push_row(&mut blocks, counter.row());
                }
                blocks
            })
            .collect();
        parts.into_iter().flatten().collect()
    }

    /// The TF-IDF rows of `texts` (in order), as a sparse CSR matrix with
    /// [`TfidfModel::n_features`] columns. Terms not in the vocabulary are ignored.
    ///
    /// # Errors
    /// Only [`TfidfError::InvalidMatrix`], an internal invariant.
    pub fn transform<T: AsRef<str> + Sync>(&self, texts: &[T]) -> Result<CsMat<f64>, TfidfError> {
        let blocks = self.count_rows(texts, |t| t.as_ref());
        assemble(blocks, None, self.n_features(), self.weights())
    }

    /// The same vocabulary and statistics with another weighting: for
    /// example a raw-count model (`tf` raw, no idf, no norm) fitted once,
    /// reweighted into the TF-IDF model, so that a caller that needs both
    /// matrices tokenizes the corpus only once (see
    /// [`TfidfModel::weigh_counts`]).
    pub fn reweighted(&self, tf: TfWeighting, idf: IdfWeighting, norm: Norm) -> TfidfModel {
        let mut vectorizer = self.vectorizer.clone();
        vectorizer.params.tf = tf;
        vectorizer.params.idf = idf;
        vectorizer.params.norm = norm;
        let idf = idf_vector(vectorizer.params.idf, self.n_docs, &self.df);
        TfidfModel {
            vectorizer,
            idf,
            ..self.clone()
        }
    }

    /// Weighs a matrix of raw term counts over this model's columns (as
    /// produced by a raw-count model with the same vocabulary) with this
    /// model's tf, idf and norm: the rows [`TfidfModel::transform`] would
    /// give for the same texts. Counts are rounded to integers.
    ///
    /// # Errors
    /// [`TfidfError::ColumnMismatch`] when the column count differs from
    /// [`TfidfModel::n_features`].
    pub fn weigh_counts(&self, counts: &CsMat<f64>) -> Result<CsMat<f64>, TfidfError> {
        if counts.cols() != self.n_features() {
            return Err(TfidfError::ColumnMismatch {
                expected: self.n_features(),
                found: counts.cols(),
            });
        }
        let weights = self.weights();
        let mut out = counts.to_csr();
        let indptr = out.indptr().to_proper().into_owned();
        let indices = out.indices().to_vec();
        let values = out.data_mut();
        let mut row_counts: Vec<u32> = Vec::new();
        for w in indptr.windows(2) {
            let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
                continue;
            };
            let (Some(cols), Some(vals)) = (indices.get(a..b), values.get_mut(a..b)) else {
                continue;
            };
            row_counts.clear();
            row_counts.extend(
                vals.iter()
                    .map(|&v| v.round().clamp(0.0, u32::MAX as f64) as u32),
            );
            weights.weigh(cols, &row_counts, vals);
        }
        Ok(out)
    }

    /// The TF-IDF rows of `texts` as a dense array. Only for small inputs:
    /// it holds `texts.len() × n_features` floats.
    ///
    /// # Errors
    /// As [`TfidfModel::transform`].
    pub fn transform_dense<T: AsRef<str> + Sync>(
        &self,
        texts: &[T],
    ) -> Result<Array2<f64>, TfidfError> {
        Ok(self.transform(texts)?.to_dense())
    }
}
