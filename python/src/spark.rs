//! The per-partition work of `tidings.spark` beyond the vectorizer
//! statistics (those are in `stats.rs`): weighing documents with a saved
//! report model, and the timeline of gathered per-document figures.
//!
//! Both are exactly the library code `tidings report --model` runs: a
//! document's weights depend on that document alone (passages weighed one
//! by one against fixed components, then summed by length), so weighing a
//! partition gives the rows the whole corpus would; and the timeline is
//! built by the same `ValidTimelineParams::build`, on the same rows in the
//! same (stable id) order.

use numpy::{PyArray1, PyArray2, PyReadonlyArray2, ToPyArray};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde::Serialize;
use tidings_corpus::{Corpus, DocDate, Document, Source};
use tidings_report::{
    themes_over_time, timeline_date, PeriodShare, ReportModel, ThemeTree, ThemesOverTime,
};
use tidings_timeline::{
    Burst, DocumentDate, Granularity, ThemeShare, ThemeTimeline, Timeline, TimelineParams, Trend,
};

use crate::errors::{to_py, without_gil};

/// Per-document theme weights (documents × themes, with the general
/// language share beside them when the model has it), and lengths.
pub struct Weighed {
    pub weights: ndarray::Array2<f64>,
    pub general: Vec<f64>,
    pub lengths: Vec<f64>,
}

/// Weighs `texts` (titles optional) with a saved report model, as `tidings
/// report --model` weighs a corpus's documents.
pub fn weigh(
    model: &ReportModel,
    texts: Vec<String>,
    titles: Option<Vec<Option<String>>>,
) -> PyResult<Weighed> {
    let n = texts.len();
    let k = model.themes.n_themes();
    // A batch with no text at all has no passages: the report keeps such
    // documents with zero weights and length (the library refuses an empty
    // passage matrix, so they are answered here).
    if texts.iter().all(|t| t.trim().is_empty()) {
        return Ok(Weighed {
            weights: ndarray::Array2::zeros((n, k)),
            general: vec![0.0; n],
            lengths: vec![0.0; n],
        });
    }
    if let Some(t) = &titles {
        if t.len() != n {
            return Err(PyValueError::new_err(format!(
                "{} titles for {n} texts",
                t.len()
            )));
        }
    }
    let mut titles = titles.map(Vec::into_iter);
    let documents = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| Document {
            id: i.to_string(),
            date: None,
            title: titles.as_mut().and_then(Iterator::next).flatten(),
            text,
            source: Source::new("<spark>", i as u64 + 1),
            no_text: None,
            label: None,
        })
        .collect();
    let corpus = Corpus {
        documents,
        ..Corpus::default()
    };
    let analysis = model.apply(&corpus, 0).map_err(to_py)?;
    Ok(Weighed {
        weights: analysis.fit.document_weights,
        general: analysis.fit.document_general.to_vec(),
        lengths: analysis.document_lengths,
    })
}

/// Weights, general-language shares and lengths as numpy arrays.
pub type WeighedArrays<'py> = (
    Bound<'py, PyArray2<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
);

/// [`Weighed`] as numpy arrays.
pub fn weighed_to_py<'py>(py: Python<'py>, w: Weighed) -> WeighedArrays<'py> {
    (
        w.weights.to_pyarray(py),
        PyArray1::from_vec(py, w.general),
        PyArray1::from_vec(py, w.lengths),
    )
}

/// A theme's or broader theme's figures over time, as in the report's JSON.
#[derive(Serialize)]
struct ThemeOverTime<'a> {
    id: usize,
    label: &'a str,
    trend: Trend,
    bursts: &'a [Burst],
    first_period: Option<&'a str>,
    peak_period: Option<&'a str>,
}

/// General language over time, as the report's JSON shows it.
#[derive(Serialize)]
struct GeneralOut {
    periods: Vec<PeriodShare>,
    undated: ThemeShare,
    imprecise: ThemeShare,
    outside: ThemeShare,
}

#[derive(Serialize)]
struct TimelineOut<'a> {
    timeline: &'a Timeline,
    themes: Vec<ThemeOverTime<'a>>,
    groups: Vec<ThemeOverTime<'a>>,
    general_language: Option<GeneralOut>,
}

fn over_time<'a>(id: usize, label: &'a str, tl: &'a ThemeTimeline) -> ThemeOverTime<'a> {
    ThemeOverTime {
        id,
        label,
        trend: tl.trend,
        bursts: &tl.bursts,
        first_period: tl.first_period.as_deref(),
        peak_period: tl.peak_period.as_deref(),
    }
}

fn timeline_documents<'a>(
    dates: &[Option<DocumentDate>],
    lengths: &[f64],
    rows: &'a [Vec<f64>],
) -> Vec<tidings_timeline::TimelineDocument<'a>> {
    dates
        .iter()
        .zip(lengths)
        .zip(rows)
        .map(
            |((&date, &length), row)| tidings_timeline::TimelineDocument {
                date,
                length,
                weights: row,
            },
        )
        .collect()
}

/// The timeline of documents given by date, length and weights (documents
/// × themes) and general-language share, built as `tidings report` builds
/// it; returns the report JSON's `timeline` object and each theme's trend
/// and bursts (and the broader themes' and general language's).
#[allow(clippy::too_many_arguments)]
pub fn timeline_json(
    py: Python<'_>,
    model: &ReportModel,
    dates: Vec<Option<String>>,
    lengths: Vec<f64>,
    weights: PyReadonlyArray2<'_, f64>,
    general: Vec<f64>,
    by: &str,
    confidence: f64,
    bootstrap: Option<usize>,
    seed: u64,
) -> PyResult<String> {
    let themes = &model.themes;
    let k = themes.n_themes();
    let w = weights.as_array();
    let n = dates.len();
    if w.nrows() != n || w.ncols() != k || lengths.len() != n || general.len() != n {
        return Err(PyValueError::new_err(format!(
            "{n} dates, {} lengths, {} general shares and a {} × {} weight matrix: expected \
             one of each per document and {k} theme columns",
            lengths.len(),
            general.len(),
            w.nrows(),
            w.ncols()
        )));
    }
    let granularity: Granularity = by.parse().map_err(to_py)?;
    let mut params = TimelineParams::new()
        .granularity(granularity)
        .confidence(confidence)
        .seed(seed);
    if let Some(samples) = bootstrap {
        params = params.bootstrap_samples(samples);
    }
    let params = params.check().map_err(to_py)?;
    let mut parsed = Vec::with_capacity(n);
    for (i, d) in dates.iter().enumerate() {
        parsed.push(match d {
            None => None,
            Some(text) => {
                let date: DocDate = text.parse().map_err(|e| {
                    PyValueError::new_err(format!("document {i}: date {text:?}: {e}"))
                })?;
                Some(timeline_date(date))
            }
        });
    }
    let has_general = themes.has_general_language();
    let rows: Vec<Vec<f64>> = w
        .rows()
        .into_iter()
        .zip(&general)
        .map(|(r, &g)| {
            let mut row = r.to_vec();
            if has_general {
                row.push(g);
            }
            row
        })
        .collect();
    without_gil(py, || {
        // The report's own assembly of every node's timeline
        // (tidings_report::themes_over_time, as ReportBuilder::build).
        let groups = themes.groups();
        let parents: Vec<Option<usize>> = themes.themes().iter().map(|t| t.parent).collect();
        let children: Vec<&[usize]> = groups.iter().map(|g| g.children.as_slice()).collect();
        let tree = ThemeTree {
            parents: &parents,
            groups: &children,
        };
        let ThemesOverTime {
            timeline: tl,
            groups: group_timelines,
            general: general_language,
        } = themes_over_time(
            &params,
            tree,
            has_general,
            &timeline_documents(&parsed, &lengths, &rows),
        )
        .map_err(to_py)?;
        let general_language = general_language.map(|g| GeneralOut {
            periods: g.periods,
            undated: g.undated,
            imprecise: g.imprecise,
            outside: g.outside,
        });
        let out = TimelineOut {
            timeline: &tl.timeline,
            themes: themes
                .themes()
                .iter()
                .zip(&tl.themes)
                .map(|(t, timeline)| over_time(t.id, &t.label, timeline))
                .collect(),
            groups: groups
                .iter()
                .zip(&group_timelines)
                .map(|(g, timeline)| over_time(g.id, &g.label, timeline))
                .collect(),
            general_language,
        };
        serde_json::to_string(&out).map_err(to_py)
    })
}
