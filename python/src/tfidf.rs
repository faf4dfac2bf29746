//! `fit_tfidf` and `TfidfModel`: the TF-IDF vectorizer of `tidings-tfidf`.
//!
//! Matrices cross the boundary as the three CSR arrays (data, indices,
//! indptr) and the shape, moved into numpy arrays without a copy; the
//! Python package wraps them in a `scipy.sparse.csr_matrix`.

use numpy::{PyArray1, ToPyArray};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyInt, PyTuple};
use sprs::{CsMat, CsMatI};
use tidings_tfidf::{DocFreq, IdfWeighting, Norm, TfWeighting, TfidfError, VectorizerParams};
use tidings_tokenize::{NgramRange, Preset, StopWords};

use crate::errors::{to_py, without_gil};
use crate::texts::{take_error, ErrorSlot, PyTexts};

/// A fitted TF-IDF model: vocabulary, idf and the parameters it was built
/// with. Pickled through its versioned JSON form.
#[pyclass(module = "tidings._tidings", frozen)]
pub struct TfidfModel {
    pub(crate) model: tidings_tfidf::TfidfModel,
}

/// A document-frequency bound as scikit-learn reads it: an `int` is a
/// count of documents, a `float` a fraction of them.
fn doc_freq(name: &str, value: &Bound<'_, PyAny>) -> PyResult<DocFreq> {
    let bound = if value.is_instance_of::<PyInt>() {
        let count: i64 = value.extract()?;
        match u64::try_from(count) {
            // A count of 0 bounds nothing, as the fraction 0.0 does.
            Ok(0) => DocFreq::Fraction(0.0),
            Ok(c) => DocFreq::Count(c),
            Err(_) => {
                return Err(PyValueError::new_err(format!(
                    "{name} = {count} is invalid: a count must not be negative"
                )))
            }
        }
    } else if value.is_instance_of::<PyFloat>() {
        DocFreq::Fraction(value.extract()?)
    } else {
        return Err(PyValueError::new_err(format!(
            "{name} must be an int (a count of documents) or a float (a fraction), not {}",
            value.get_type().name()?
        )));
    };
    Ok(bound)
}

/// The vectorizer parameters for a preset and scikit-learn-named overrides.
#[allow(clippy::too_many_arguments)]
pub(crate) fn vectorizer_params(
    preset: &str,
    language: Option<&str>,
    ngram_range: Option<(usize, usize)>,
    min_df: Option<&Bound<'_, PyAny>>,
    max_df: Option<&Bound<'_, PyAny>>,
    max_features: Option<usize>,
    max_vocabulary: Option<usize>,
    stop_words: Option<Vec<String>>,
    sublinear_tf: Option<bool>,
    binary: bool,
    use_idf: bool,
    smooth_idf: bool,
    norm: Option<&str>,
) -> PyResult<VectorizerParams> {
    let preset: Preset = preset.parse().map_err(to_py)?;
    let mut params = VectorizerParams::preset(preset);
    if let Some(lang) = language {
        let lang = lang.parse().map_err(to_py)?;
        let analyzer = params.analyzer.clone().with_language(lang);
        params = params.analyzer(analyzer);
    }
    if let Some(words) = stop_words {
        let mut analyzer = params.analyzer.clone();
        analyzer.stopwords = StopWords::List(words);
        params = params.analyzer(analyzer);
    }
    if let Some((lo, hi)) = ngram_range {
        params = params.ngrams(NgramRange::new(lo, hi).map_err(to_py)?);
    }
    if let Some(v) = min_df {
        params = params.min_df(doc_freq("min_df", v)?).clamp_min_df(false);
    }
    if let Some(v) = max_df {
        params = params.max_df(doc_freq("max_df", v)?);
    }
    if max_features.is_some() {
        params = params.max_features(max_features);
    }
    if max_vocabulary.is_some() {
        params = params.max_vocabulary(max_vocabulary);
    }
    // `binary` wins over `sublinear_tf`, as in scikit-learn (a binary tf is
    // 1 whatever the transform); `None` keeps the preset's weighting.
    if binary {
        params = params.tf(TfWeighting::Binary);
    } else if let Some(sublinear) = sublinear_tf {
        params = params.tf(if sublinear {
            TfWeighting::Sublinear
        } else {
            TfWeighting::Raw
        });
    }
    params = params.idf(match (use_idf, smooth_idf) {
        (false, _) => IdfWeighting::None,
        (true, true) => IdfWeighting::Smooth,
        (true, false) => IdfWeighting::Plain,
    });
    if let Some(norm) = norm {
        params = params.norm(match norm {
            "l2" => Norm::L2,
            "l1" => Norm::L1,
            "none" => Norm::None,
            other => {
                return Err(PyValueError::new_err(format!(
                    "norm = {other:?} is invalid: expected 'l2', 'l1' or None"
                )))
            }
        });
    }
    Ok(params)
}

/// The Python exception of the text source, or the library's error.
fn source_error(err: TfidfError, slot: &ErrorSlot) -> PyErr {
    match (&err, take_error(slot)) {
        (TfidfError::Source { .. }, Some(py_err)) => py_err,
        _ => to_py(err),
    }
}

/// A CSR matrix as `(data, indices, indptr, (rows, columns))` numpy arrays
/// (int32 indices when they fit, as scipy and scikit-learn use).
pub fn csr_to_py(py: Python<'_>, matrix: CsMat<f64>) -> PyResult<Py<PyTuple>> {
    let matrix = if matrix.is_csr() {
        matrix
    } else {
        matrix.to_csr()
    };
    let shape = matrix.shape();
    let (indptr, indices, data) = matrix.into_raw_storage();
    let small =
        indptr.last().copied().unwrap_or(0) <= i32::MAX as usize && shape.1 <= i32::MAX as usize;
    let data = PyArray1::from_vec(py, data).into_any();
    let (indices, indptr) = if small {
        let (indices, indptr) = py.allow_threads(|| {
            (
                indices.into_iter().map(|i| i as i32).collect::<Vec<_>>(),
                indptr.into_iter().map(|i| i as i32).collect::<Vec<_>>(),
            )
        });
        (
            PyArray1::from_vec(py, indices).into_any(),
            PyArray1::from_vec(py, indptr).into_any(),
        )
    } else {
        let (indices, indptr) = py.allow_threads(|| {
            (
                indices.into_iter().map(|i| i as i64).collect::<Vec<_>>(),
                indptr.into_iter().map(|i| i as i64).collect::<Vec<_>>(),
            )
        });
        (
            PyArray1::from_vec(py, indices).into_any(),
            PyArray1::from_vec(py, indptr).into_any(),
        )
    };
    let tuple = PyTuple::new(
        py,
        [
            data,
            indices,
            indptr,
            PyTuple::new(py, [shape.0, shape.1])?.into_any(),
        ],
    )?;
    Ok(tuple.unbind())
}

/// A CSR matrix with `i32` column indices (as the library wrote them for
/// scipy) as `(data, indices, indptr, (rows, columns))` numpy arrays, the
/// data and indices moved without a copy; the row pointers are `int32`
/// when the non-zeros fit, else `int64`.
pub fn csr32_to_py(py: Python<'_>, matrix: CsMatI<f64, i32, usize>) -> PyResult<Py<PyTuple>> {
    let shape = matrix.shape();
    let (indptr, indices, data) = matrix.into_raw_storage();
    let nnz = indptr.last().copied().unwrap_or(0);
    let indptr = if i32::try_from(nnz).is_ok() {
        let p: Vec<i32> = indptr.into_iter().map(|i| i as i32).collect();
        PyArray1::from_vec(py, p).into_any()
    } else {
        let p: Vec<i64> = indptr.into_iter().map(|i| i as i64).collect();
        PyArray1::from_vec(py, p).into_any()
    };
    let tuple = PyTuple::new(
        py,
        [
            PyArray1::from_vec(py, data).into_any(),
            PyArray1::from_vec(py, indices).into_any(),
            indptr,
            PyTuple::new(py, [shape.0, shape.1])?.into_any(),
        ],
    )?;
    Ok(tuple.unbind())
}

/// Fits a TF-IDF model on an iterable of texts; with `transform`, also
/// returns their matrix (each text tokenized once).
#[pyfunction]
#[pyo3(signature = (texts, *, preset="default", language=None, ngram_range=None, min_df=None, max_df=None, max_features=None, max_vocabulary=None, stop_words=None, sublinear_tf=None, binary=false, use_idf=true, smooth_idf=true, norm=None, transform=false))]
#[allow(clippy::too_many_arguments)]
pub fn fit_tfidf(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    preset: &str,
    language: Option<&str>,
    ngram_range: Option<(usize, usize)>,
    min_df: Option<&Bound<'_, PyAny>>,
    max_df: Option<&Bound<'_, PyAny>>,
    max_features: Option<usize>,
    max_vocabulary: Option<usize>,
    stop_words: Option<Vec<String>>,
    sublinear_tf: Option<bool>,
    binary: bool,
    use_idf: bool,
    smooth_idf: bool,
    norm: Option<&str>,
    transform: bool,
) -> PyResult<(TfidfModel, Option<Py<PyTuple>>)> {
    let params = vectorizer_params(
        preset,
        language,
        ngram_range,
        min_df,
        max_df,
        max_features,
        max_vocabulary,
        stop_words,
        sublinear_tf,
        binary,
        use_idf,
        smooth_idf,
        norm,
    )?;
    let vectorizer = params.check().map_err(to_py)?;
    let (source, slot) = PyTexts::new(texts)?;
    let out = without_gil(py, || {
        // Column indices as i32 straight away: what scipy takes, half the
        // memory of usize, and no copy to convert them.
        vectorizer
            .vectorize_iter_indexed::<i32, _, _>(source, &mut |_| {})
            .map_err(|e| source_error(e, &slot))
    })?;
    let matrix = if transform {
        Some(csr32_to_py(py, out.matrix)?)
    } else {
        None
    };
    Ok((TfidfModel { model: out.model }, matrix))
}

#[pymethods]
impl TfidfModel {
    /// The TF-IDF rows of `texts` (any iterable of str) as CSR arrays.
    fn transform(&self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<Py<PyTuple>> {
        let (source, slot) = PyTexts::new(texts)?;
        let (matrix, _) = without_gil(py, || {
            self.model
                .transform_iter(source, &mut |_| {})
                .map_err(|e| source_error(e, &slot))
        })?;
        csr_to_py(py, matrix)
    }

    /// The features in column order (analyzed form: stems, n-grams joined
    /// by a space).
    fn features(&self) -> Vec<String> {
        self.model.features().map(str::to_string).collect()
    }

    /// Each feature's most common surface form (the feature itself when
    /// none was recorded).
    fn surface_forms(&self) -> Vec<String> {
        (0..self.model.n_features())
            .map(|c| {
                self.model
                    .surface_form(c)
                    .or_else(|| self.model.feature(c))
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    /// The idf factor of every column.
    fn idf<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.model.idf().to_pyarray(py)
    }

    /// The number of documents each feature occurs in.
    fn document_frequencies<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u64>> {
        self.model.document_frequencies().to_pyarray(py)
    }

    /// Documents the model was fitted on.
    #[getter]
    fn n_docs(&self) -> u64 {
        self.model.n_docs()
    }

    /// Columns of the matrix.
    #[getter]
    fn n_features(&self) -> usize {
        self.model.n_features()
    }

    /// The parameters the model was built with, as JSON.
    fn params_json(&self) -> PyResult<String> {
        serde_json::to_string(self.model.params()).map_err(to_py)
    }

    /// The versioned JSON form of the model (the `model.json` of `tidings
    /// vectorize`).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        without_gil(py, || {
            let mut out = Vec::new();
            self.model.write_json(&mut out).map_err(to_py)?;
            String::from_utf8(out).map_err(to_py)
        })
    }

    /// A model from its JSON form; `ValueError` naming the problem when the
    /// text is not a valid model.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<TfidfModel> {
        without_gil(py, || {
            tidings_tfidf::TfidfModel::from_json(&text)
                .map(|model| TfidfModel { model })
                .map_err(to_py)
        })
    }
}
