//! Mergeable vectorizer statistics for sharded fits (`tidings.spark`):
//! count texts into partial statistics, ship them in the compact binary
//! form of `tidings-tfidf` (or JSON, to compare), merge any number of them
//! in any grouping or order, and fit the model from the merged statistics
//! exactly as one fit on all the texts would.
//!
//! Parameters come as the dict of `TfidfVectorizer.get_params()`, so the
//! sharded path takes exactly the single-process parameters.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use tidings_tfidf::{TermStats, Vectorizer, VectorizerParams};

use crate::errors::{to_py, without_gil};
use crate::texts::all_texts;
use crate::tfidf::{vectorizer_params, TfidfModel};

/// The vectorizer parameters from a `get_params()` dict (missing keys take
/// `TfidfVectorizer`'s defaults).
fn params_of(params: &Bound<'_, PyDict>) -> PyResult<VectorizerParams> {
    let get = |key: &str| params.get_item(key).map(|v| v.filter(|v| !v.is_none()));
    let preset: String = match get("preset")? {
        Some(v) => v.extract()?,
        None => "default".to_string(),
    };
    let language: Option<String> = get("language")?.map(|v| v.extract()).transpose()?;
    let ngram_range: Option<(usize, usize)> =
        get("ngram_range")?.map(|v| v.extract()).transpose()?;
    let max_features: Option<usize> = get("max_features")?.map(|v| v.extract()).transpose()?;
    let max_vocabulary: Option<usize> = get("max_vocabulary")?.map(|v| v.extract()).transpose()?;
    let stop_words: Option<Vec<String>> = get("stop_words")?.map(|v| v.extract()).transpose()?;
    let sublinear_tf: Option<bool> = get("sublinear_tf")?.map(|v| v.extract()).transpose()?;
    let flag = |key: &str, default: bool| -> PyResult<bool> {
        Ok(match get(key)? {
            Some(v) => v.extract()?,
            None => default,
        })
    };
    // A missing key is TfidfVectorizer's default ("l2"); None is no norm.
    let norm: String = match params.get_item("norm")? {
        None => "l2".to_string(),
        Some(v) if v.is_none() => "none".to_string(),
        Some(v) => v.extract()?,
    };
    let min_df = get("min_df")?;
    let max_df = get("max_df")?;
    vectorizer_params(
        &preset,
        language.as_deref(),
        ngram_range,
        min_df.as_ref(),
        max_df.as_ref(),
        max_features,
        max_vocabulary,
        stop_words,
        sublinear_tf,
        flag("binary", false)?,
        flag("use_idf", true)?,
        flag("smooth_idf", true)?,
        Some(&norm),
    )
}

/// A checked vectorizer for a sharded fit. `max_vocabulary` prunes while
/// counting, so partial counts would depend on the sharding: refused.
fn sharded_vectorizer(params: &Bound<'_, PyDict>) -> PyResult<Vectorizer> {
    let params = params_of(params)?;
    if let Some(cap) = params.max_vocabulary {
        return Err(PyValueError::new_err(format!(
            "max_vocabulary = {cap} prunes terms while counting, so a sharded fit would depend on \
             the partitioning: use max_features (pruned once, after the merge) instead"
        )));
    }
    params.check().map_err(to_py)
}

fn decode(bytes: &[u8]) -> Result<TermStats, tidings_tfidf::TfidfError> {
    TermStats::from_bytes(bytes)
}

/// Statistics of one shard, counted batch by batch.
#[pyclass(module = "tidings._tidings")]
pub struct StatsCounter {
    vectorizer: Vectorizer,
    stats: TermStats,
}

#[pymethods]
impl StatsCounter {
    /// An empty counter for the parameters of `TfidfVectorizer.get_params()`.
    #[new]
    fn new(params: &Bound<'_, PyDict>) -> PyResult<Self> {
        let vectorizer = sharded_vectorizer(params)?;
        let stats = vectorizer.collect_stats(&[] as &[&str]);
        Ok(StatsCounter { vectorizer, stats })
    }

    /// Counts `texts` (an iterable of str), each one document.
    fn add(&mut self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<()> {
        let texts = all_texts(texts)?;
        let vectorizer = &self.vectorizer;
        let stats = &mut self.stats;
        without_gil(py, || {
            let part = vectorizer.collect_stats(&texts);
            stats.merge(&part).map_err(to_py)
        })
    }

    /// Documents counted so far.
    #[getter]
    fn n_docs(&self) -> u64 {
        self.stats.n_docs()
    }

    /// Distinct terms counted so far (before any pruning).
    #[getter]
    fn n_terms(&self) -> usize {
        self.stats.n_terms()
    }

    /// The statistics in the compact binary form (canonical: equal counts,
    /// equal bytes).
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = without_gil(py, || self.stats.to_bytes().map_err(to_py))?;
        Ok(PyBytes::new(py, &bytes))
    }
}

/// Merges binary statistics (any number, any order, any grouping) into the
/// binary statistics of their union.
#[pyfunction]
pub fn merge_stats<'py>(py: Python<'py>, parts: Vec<Vec<u8>>) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = without_gil(py, || {
        let mut iter = parts.iter();
        let Some(first) = iter.next() else {
            return Err(PyValueError::new_err("merge_stats needs at least one part"));
        };
        let mut merged = decode(first).map_err(to_py)?;
        for part in iter {
            let part = decode(part).map_err(to_py)?;
            merged.merge(&part).map_err(to_py)?;
        }
        merged.to_bytes().map_err(to_py)
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// `(documents, distinct terms)` of binary statistics.
#[pyfunction]
pub fn stats_summary(py: Python<'_>, part: Vec<u8>) -> PyResult<(u64, usize)> {
    without_gil(py, || {
        let s = decode(&part).map_err(to_py)?;
        Ok((s.n_docs(), s.n_terms()))
    })
}

/// The JSON form of binary statistics (`TermStats::to_json`), to compare
/// the two forms' sizes.
#[pyfunction]
pub fn stats_to_json(py: Python<'_>, part: Vec<u8>) -> PyResult<String> {
    without_gil(py, || {
        decode(&part).map_err(to_py)?.to_json().map_err(to_py)
    })
}

/// The fitted model of merged binary statistics: pruned once by
/// `min_df`/`max_df`/`max_features`, as a single-process fit.
#[pyfunction]
pub fn fit_stats(
    py: Python<'_>,
    part: Vec<u8>,
    params: &Bound<'_, PyDict>,
) -> PyResult<TfidfModel> {
    let vectorizer = sharded_vectorizer(params)?;
    without_gil(py, || {
        let stats = decode(&part).map_err(to_py)?;
        let model = vectorizer.fit_stats(&stats).map_err(to_py)?;
        Ok(TfidfModel { model })
    })
}
