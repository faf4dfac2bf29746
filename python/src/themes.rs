//! Themes: fitted either on texts (the report's pipeline: passages, TF-IDF,
//! themes, document weights) or on a TF-IDF matrix the caller made (the
//! theme model alone, like scikit-learn's NMF).
//!
//! Fits return the library's serialised themes report (JSON) and the
//! weights as numpy, so the Python side builds its DataFrames from the
//! documented JSON rather than from internal structs.

use std::path::{Path, PathBuf};

use numpy::{PyArray2, PyReadonlyArray1, ToPyArray};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use sprs::CsMat;
use tidings_corpus::{Corpus, Document, Source};
use tidings_report::{AnalysisParams, ReportModel};
use tidings_topics::{
    read_theme_file, ModelKind, ModelParams, ThemeCountArg, ThemeData, ThemesParams,
    ValidThemesParams, Weighing, DEFAULT_REPRESENTATIVES,
};

use crate::errors::{cancellable, to_py, without_gil};
use crate::tokenize::analyzer_config;

/// The source named in messages about a pickled model.
const PICKLE_ORIGIN: &str = "<pickled model>";

enum Fitted {
    /// Fitted on texts: tokenizer, vectorizer and themes.
    Texts(Box<ReportModel>),
    /// Fitted on a matrix: the theme model alone.
    Matrix(Box<tidings_topics::Themes>),
}

/// A fitted theme model.
#[pyclass(module = "tidings._tidings", frozen)]
pub struct ThemesModel {
    fitted: Fitted,
}

/// Checked theme settings from the Python arguments; `general_themes` as
/// [`ThemesParams::general_themes`] (off for a matrix fit, on by default
/// for texts).
pub(crate) fn theme_params(
    n_themes: &str,
    seed: u64,
    theme_file: Option<PathBuf>,
    model: &str,
    weighing: Option<&str>,
    general_themes: bool,
) -> PyResult<ThemesParams> {
    let count: ThemeCountArg = n_themes.parse().map_err(to_py)?;
    let kind: ModelKind = model.parse().map_err(to_py)?;
    let weighing = weighing
        .map(str::parse::<Weighing>)
        .transpose()
        .map_err(to_py)?;
    let model = ModelParams::from(kind)
        .with_weighing(weighing)
        .map_err(to_py)?;
    let seeded = match theme_file {
        Some(path) => read_theme_file(&path).map_err(to_py)?,
        None => Vec::new(),
    };
    Ok(ThemesParams::new()
        .themes_arg(count)
        .model(model)
        .seeded(seeded)
        .seed(seed)
        .general_themes(general_themes))
}

/// An in-memory corpus of `texts`, ids given or their positions, titles
/// if given (the report puts a title before its document's first passage).
fn corpus_of(
    texts: Vec<String>,
    ids: Option<Vec<String>>,
    titles: Option<Vec<Option<String>>>,
) -> PyResult<Corpus> {
    if let Some(titles) = &titles {
        if titles.len() != texts.len() {
            return Err(PyValueError::new_err(format!(
                "{} titles for {} texts",
                titles.len(),
                texts.len()
            )));
        }
    }
    let mut titles = titles.map(Vec::into_iter);
    if let Some(ids) = &ids {
        if ids.len() != texts.len() {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} texts",
                ids.len(),
                texts.len()
            )));
        }
    }
    let mut ids = ids.map(Vec::into_iter);
    let documents = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| Document {
            id: ids
                .as_mut()
                .and_then(Iterator::next)
                .unwrap_or_else(|| i.to_string()),
            date: None,
            title: titles.as_mut().and_then(Iterator::next).flatten(),
            text,
            source: Source::new("<python>", i as u64 + 1),
            no_text: None,
            label: None,
        })
        .collect();
    Ok(Corpus {
        documents,
        ..Corpus::default()
    })
}

/// Fits themes on texts with the report's pipeline. Returns the model, the
/// themes report as JSON and the documents × themes weights (each row sums
/// to 1 less its general-language share, or is all zero for a text without
/// themes).
#[pyfunction]
#[pyo3(signature = (texts, ids=None, *, n_themes="auto", seed=0, theme_file=None, model="nmf", language=None, titles=None, weighing=None, general_themes=true))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn fit_themes_texts<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    ids: Option<Vec<String>>,
    n_themes: &str,
    seed: u64,
    theme_file: Option<PathBuf>,
    model: &str,
    language: Option<&str>,
    titles: Option<Vec<Option<String>>>,
    weighing: Option<&str>,
    general_themes: bool,
) -> PyResult<(ThemesModel, String, Bound<'py, PyArray2<f64>>)> {
    let themes = theme_params(n_themes, seed, theme_file, model, weighing, general_themes)?;
    let analyzer = analyzer_config("default", language, None, None, false)?;
    let params = AnalysisParams::new()
        .analyzer(analyzer)
        .theme_params(themes);
    params.clone().check().map_err(to_py)?;
    let corpus = corpus_of(crate::texts::all_texts(texts)?, ids, titles)?;
    let (model, json, weights) = cancellable(py, |token| {
        let params = params.cancel(token.clone()).check().map_err(to_py)?;
        let analysis = params.analyze(&corpus).map_err(to_py)?;
        let json = analysis.fit.report.to_json().map_err(to_py)?;
        Ok((analysis.model, json, analysis.fit.document_weights))
    })?;
    Ok((
        ThemesModel {
            fitted: Fitted::Texts(Box::new(model)),
        },
        json,
        weights.to_pyarray(py),
    ))
}

/// An index array of a scipy matrix (int32 or int64, as scipy makes them)
/// as `usize`, without an intermediate copy on the Python side.
fn index_array(array: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<usize>> {
    let negative = || PyValueError::new_err(format!("negative value in the matrix {what}"));
    if let Ok(a) = array.extract::<PyReadonlyArray1<'_, i32>>() {
        a.as_slice()?
            .iter()
            .map(|&i| usize::try_from(i).map_err(|_| negative()))
            .collect()
    } else {
        let a = array.extract::<PyReadonlyArray1<'_, i64>>()?;
        a.as_slice()?
            .iter()
            .map(|&i| usize::try_from(i).map_err(|_| negative()))
            .collect()
    }
}

/// A CSR matrix from its arrays, checked.
fn csr_from_arrays(
    data: PyReadonlyArray1<'_, f64>,
    indices: &Bound<'_, PyAny>,
    indptr: &Bound<'_, PyAny>,
    shape: (usize, usize),
) -> PyResult<CsMat<f64>> {
    let indices = index_array(indices, "indices")?;
    let indptr = index_array(indptr, "indptr")?;
    let data = data.as_slice()?.to_vec();
    CsMat::try_new(shape, indptr, indices, data)
        .map_err(|(_, _, _, e)| PyValueError::new_err(format!("invalid CSR matrix: {e}")))
}

/// Fits the theme model alone on a TF-IDF matrix (rows l2-normalised, as
/// `TfidfVectorizer` makes them) with its feature names. Returns the
/// model, the themes report as JSON and the raw row × theme weights.
#[pyfunction]
#[pyo3(signature = (data, indices, indptr, shape, features, *, n_themes="auto", seed=0, theme_file=None, model="nmf", weighing=None))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn fit_themes_matrix<'py>(
    py: Python<'py>,
    data: PyReadonlyArray1<'py, f64>,
    indices: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    shape: (usize, usize),
    features: Vec<String>,
    n_themes: &str,
    seed: u64,
    theme_file: Option<PathBuf>,
    model: &str,
    weighing: Option<&str>,
) -> PyResult<(ThemesModel, String, Bound<'py, PyArray2<f64>>)> {
    // A matrix fit is a factorisation, as scikit-learn's NMF: every
    // fitted component is a theme, so `weights_ @ components_` approximates
    // the matrix and the count asked is the count returned.
    let params = theme_params(n_themes, seed, theme_file, model, weighing, false)?;
    params.clone().check().map_err(to_py)?;
    let x = csr_from_arrays(data, indices, indptr, shape)?;
    let (model, json, weights) = cancellable(py, |token| {
        let params: ValidThemesParams = params.cancel(token.clone()).check().map_err(to_py)?;
        let fit = params.fit(&ThemeData::owned(x, &features)).map_err(to_py)?;
        let json = fit.report.to_json().map_err(to_py)?;
        Ok((fit.model, json, fit.passage_weights))
    })?;
    Ok((
        ThemesModel {
            fitted: Fitted::Matrix(Box::new(model)),
        },
        json,
        weights.to_pyarray(py),
    ))
}

impl ThemesModel {
    /// The saved report model, or a `ValueError` for a model fitted on a
    /// matrix (which has no tokenizer or passage settings).
    fn report_model(&self) -> PyResult<&ReportModel> {
        match &self.fitted {
            Fitted::Texts(m) => Ok(m),
            Fitted::Matrix(_) => Err(PyValueError::new_err(
                "this model was fitted on a matrix: weighing documents needs a model fitted on texts",
            )),
        }
    }
}

#[pymethods]
impl ThemesModel {
    /// `"texts"` or `"matrix"`: what the model was fitted on, so what
    /// `transform` takes.
    #[getter]
    fn fitted_on(&self) -> &'static str {
        match self.fitted {
            Fitted::Texts(_) => "texts",
            Fitted::Matrix(_) => "matrix",
        }
    }

    /// Documents × themes weights of new texts (model fitted on texts):
    /// each row sums to 1 less its general-language share, or is all zero
    /// for a text without themes.
    #[pyo3(signature = (texts, ids=None))]
    fn transform_texts<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        ids: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let Fitted::Texts(model) = &self.fitted else {
            return Err(PyValueError::new_err(
                "this model was fitted on a matrix: transform a TF-IDF matrix with the same columns",
            ));
        };
        let corpus = corpus_of(crate::texts::all_texts(texts)?, ids, None)?;
        let weights = without_gil(py, || {
            model
                .apply(&corpus, DEFAULT_REPRESENTATIVES)
                .map(|a| a.fit.document_weights)
                .map_err(to_py)
        })?;
        Ok(weights.to_pyarray(py))
    }

    /// Rows × themes weights of a matrix (model fitted on a matrix): the
    /// non-negative least-squares weights, as NMF's `transform`.
    fn transform_matrix<'py>(
        &self,
        py: Python<'py>,
        data: PyReadonlyArray1<'py, f64>,
        indices: &Bound<'py, PyAny>,
        indptr: &Bound<'py, PyAny>,
        shape: (usize, usize),
    ) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let Fitted::Matrix(model) = &self.fitted else {
            return Err(PyValueError::new_err(
                "this model was fitted on texts: transform texts",
            ));
        };
        let x = csr_from_arrays(data, indices, indptr, shape)?;
        let weights = without_gil(py, || model.transform(x.view()).map_err(to_py))?;
        Ok(weights.to_pyarray(py))
    }

    /// Per-document theme weights (documents × themes), general-language
    /// shares and lengths of `texts` (titles optional), as `tidings report
    /// --model` weighs documents (model fitted on texts). Each document's
    /// row depends on that document alone.
    #[pyo3(signature = (texts, titles=None))]
    fn weigh_documents<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        titles: Option<Vec<Option<String>>>,
    ) -> PyResult<crate::spark::WeighedArrays<'py>> {
        let model = self.report_model()?;
        let texts = crate::texts::all_texts(texts)?;
        let weighed = without_gil(py, || crate::spark::weigh(model, texts, titles))?;
        Ok(crate::spark::weighed_to_py(py, weighed))
    }

    /// The report's timeline of documents given by date (ISO 8601 text or
    /// None), length, weights and general-language share, as JSON (model
    /// fitted on texts).
    #[pyo3(signature = (dates, lengths, weights, general, *, by="auto", confidence=0.9, bootstrap=None, seed=0))]
    #[allow(clippy::too_many_arguments)]
    fn timeline_json(
        &self,
        py: Python<'_>,
        dates: Vec<Option<String>>,
        lengths: Vec<f64>,
        weights: numpy::PyReadonlyArray2<'_, f64>,
        general: Vec<f64>,
        by: &str,
        confidence: f64,
        bootstrap: Option<usize>,
        seed: u64,
    ) -> PyResult<String> {
        let model = self.report_model()?;
        crate::spark::timeline_json(
            py, model, dates, lengths, weights, general, by, confidence, bootstrap, seed,
        )
    }

    /// Whether every weighed document also gets a general-language share.
    #[getter]
    fn has_general_language(&self) -> bool {
        match &self.fitted {
            Fitted::Texts(m) => m.themes.has_general_language(),
            Fitted::Matrix(m) => m.has_general_language(),
        }
    }

    /// The theme × feature matrix (theme-id order).
    fn components<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<f64>> {
        match &self.fitted {
            Fitted::Texts(m) => m.themes.components().to_pyarray(py),
            Fitted::Matrix(m) => m.components().to_pyarray(py),
        }
    }

    /// The features (surface forms), in column order of `components`.
    fn features(&self) -> Vec<String> {
        match &self.fitted {
            Fitted::Texts(m) => m.themes.features().to_vec(),
            Fitted::Matrix(m) => m.features().to_vec(),
        }
    }

    /// The model's versioned JSON form.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        without_gil(py, || match &self.fitted {
            Fitted::Texts(m) => m.to_json().map_err(to_py),
            Fitted::Matrix(m) => m.to_json().map_err(to_py),
        })
    }

    /// A model from `to_json`'s output and `fitted_on`.
    #[staticmethod]
    fn from_json(py: Python<'_>, fitted_on: &str, text: String) -> PyResult<ThemesModel> {
        let fitted_on = fitted_on.to_string();
        without_gil(py, || {
            let fitted = match fitted_on.as_str() {
                "texts" => Fitted::Texts(Box::new(
                    ReportModel::from_json(&text, Path::new(PICKLE_ORIGIN)).map_err(to_py)?,
                )),
                "matrix" => Fitted::Matrix(Box::new(
                    tidings_topics::Themes::from_json(&text).map_err(to_py)?,
                )),
                other => {
                    return Err(PyValueError::new_err(format!(
                        "fitted_on = {other:?}: expected 'texts' or 'matrix'"
                    )))
                }
            };
            Ok(ThemesModel { fitted })
        })
    }
}
