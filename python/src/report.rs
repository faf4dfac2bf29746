//! `report_path` and `Report` (the whole pipeline of `tidings report`), and
//! `read_corpus` (the corpus readers).
//!
//! The Python package builds its DataFrames from the report's versioned
//! JSON rendering, the same bytes `tidings report --format json` prints.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use tidings_corpus::{Cleaner, FieldNames, FurnitureRule, Input, ReadOptions};
use tidings_report::{AnalysisParams, Format, ReportParams};
use tidings_timeline::{Granularity, TimelineParams};

use crate::errors::{cancellable, to_py, without_gil};
use crate::tokenize::analyzer_config;

/// A finished report.
#[pyclass(module = "tidings._tidings", frozen)]
pub struct Report {
    report: tidings_report::Report,
}

/// Reads the documents at `path` and builds the report as `tidings report
/// PATH` does with the same settings (theme seed also seeding the
/// bootstrap, as the CLI's `--seed`).
#[pyfunction]
#[pyo3(signature = (path, *, by="auto", n_themes="auto", seed=0, theme_file=None, model="nmf", language=None, confidence=0.9, bootstrap=None, weighing=None, general_themes=true))]
#[allow(clippy::too_many_arguments)]
pub fn report_path(
    py: Python<'_>,
    path: PathBuf,
    by: &str,
    n_themes: &str,
    seed: u64,
    theme_file: Option<PathBuf>,
    model: &str,
    language: Option<&str>,
    confidence: f64,
    bootstrap: Option<usize>,
    weighing: Option<&str>,
    general_themes: bool,
) -> PyResult<Report> {
    let themes =
        crate::themes::theme_params(n_themes, seed, theme_file, model, weighing, general_themes)?;
    let analysis = AnalysisParams::new()
        .analyzer(analyzer_config("default", language, None, None, false)?)
        .theme_params(themes);
    let granularity: Granularity = by.parse().map_err(to_py)?;
    let mut timeline = TimelineParams::new()
        .granularity(granularity)
        .confidence(confidence)
        .seed(seed);
    if let Some(samples) = bootstrap {
        timeline = timeline.bootstrap_samples(samples);
    }
    let timeline = timeline.check().map_err(to_py)?;
    // Checked here, so that a bad value is reported before any work.
    analysis.clone().check().map_err(to_py)?;
    cancellable(py, |token| {
        let params = ReportParams::new()
            .map_err(to_py)?
            .analysis(analysis.cancel(token.clone()).check().map_err(to_py)?)
            .timeline(timeline);
        tidings_report::Report::from_path(&path, &params)
            .map(|report| Report { report })
            .map_err(to_py)
    })
}

#[pymethods]
impl Report {
    /// The report rendered as `json`, `html`, `markdown`, `csv` or `table`.
    fn render(&self, py: Python<'_>, format: &str) -> PyResult<String> {
        let format: Format = format
            .parse()
            .map_err(|e: String| pyo3::exceptions::PyValueError::new_err(e))?;
        without_gil(py, || {
            let mut out = Vec::new();
            tidings_report::render(&self.report, format, &mut out).map_err(to_py)?;
            String::from_utf8(out).map_err(to_py)
        })
    }
}

/// Reads a corpus: a folder of `.txt`/`.md` files, a `.jsonl` or a `.csv`
/// file. Returns one `(id, date, title, text, warnings)` tuple per document
/// (dates as the library prints them: `2001`, `2023-11`, `2023-11-11`) and
/// the warnings that belong to no document (skipped files, …). With
/// `clean`, `furniture` is the furniture rule's minimum number of
/// documents, or `None` to leave the corpus-level furniture in.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (path, *, text_field="text", id_field="id", date_field="date", title_field="title", clean=true, furniture=Some(tidings_corpus::furniture::DEFAULT_MIN_DOCUMENTS)))]
#[allow(clippy::type_complexity)]
pub fn read_corpus(
    py: Python<'_>,
    path: PathBuf,
    text_field: &str,
    id_field: &str,
    date_field: &str,
    title_field: &str,
    clean: bool,
    furniture: Option<usize>,
) -> PyResult<(Vec<Py<PyTuple>>, Vec<String>)> {
    let fields = FieldNames {
        id: id_field.to_string(),
        date: date_field.to_string(),
        title: title_field.to_string(),
        text: text_field.to_string(),
    };
    let mut options = ReadOptions::new().fields(fields);
    if !clean {
        options = options.cleaner(Cleaner::raw());
    } else {
        // `None`: per-document cleaning only, the corpus-level furniture
        // left for later (e.g. `tidings.spark.learn_furniture`).
        let cleaner = Cleaner {
            furniture: furniture
                .map(FurnitureRule::new)
                .transpose()
                .map_err(to_py)?,
            ..Cleaner::default()
        };
        options = options.cleaner(cleaner);
    }
    let corpus = without_gil(py, || {
        tidings_corpus::read(&[Input::from_arg(&path)], &options).map_err(to_py)
    })?;
    let mut used = vec![false; corpus.warnings.len()];
    let mut rows = Vec::with_capacity(corpus.documents.len());
    for doc in &corpus.documents {
        let mut warnings = Vec::new();
        for (w, used) in corpus.warnings.iter().zip(used.iter_mut()) {
            let at = w.location();
            if at.path == doc.source.path && at.line.is_none_or(|l| l == doc.source.line) {
                warnings.push(w.to_string());
                *used = true;
            }
        }
        let row = (
            doc.id.as_str(),
            doc.date.map(|d| d.to_string()),
            doc.title.as_deref(),
            doc.text.as_str(),
            warnings,
        );
        rows.push(row.into_pyobject(py)?.unbind());
    }
    let rest = corpus
        .warnings
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(w, _)| w.to_string())
        .collect();
    Ok((rows, rest))
}
