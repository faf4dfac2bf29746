//! The `tidings._tidings` extension module: a thin PyO3 layer over the
//! tidings crates. It converts types, releases the GIL while the library
//! works, and turns the library's errors (and any panic) into Python
//! exceptions. The Python-facing API, in scikit-learn's and pandas'
//! conventions, is the pure-Python package `tidings` around this module.
//!
//! Parameters arrive as plain Python values and are turned into the
//! library's checked parameter types here, so a bad value gets the
//! library's own message.

mod errors;
mod furniture;
mod report;
mod spark;
mod stats;
mod texts;
mod tfidf;
mod themes;
mod tokenize;

use pyo3::prelude::*;

#[pymodule]
fn _tidings(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<tokenize::Analyzer>()?;
    m.add_class::<tfidf::TfidfModel>()?;
    m.add_class::<themes::ThemesModel>()?;
    m.add_class::<report::Report>()?;
    m.add_class::<stats::StatsCounter>()?;
    m.add_class::<furniture::LineCounter>()?;
    m.add_class::<furniture::SurroundingCounter>()?;
    m.add_class::<furniture::FurnitureModel>()?;
    m.add(
        "DEFAULT_FURNITURE_MIN_DOCUMENTS",
        tidings_corpus::furniture::DEFAULT_MIN_DOCUMENTS,
    )?;
    m.add_function(wrap_pyfunction!(furniture::merge_line_counts, m)?)?;
    m.add_function(wrap_pyfunction!(furniture::line_counts_summary, m)?)?;
    m.add_function(wrap_pyfunction!(furniture::furniture_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(furniture::merge_surroundings, m)?)?;
    m.add_function(wrap_pyfunction!(furniture::document_signatures, m)?)?;
    m.add_function(wrap_pyfunction!(stats::merge_stats, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_summary, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(stats::fit_stats, m)?)?;
    m.add_function(wrap_pyfunction!(tfidf::fit_tfidf, m)?)?;
    m.add_function(wrap_pyfunction!(themes::fit_themes_texts, m)?)?;
    m.add_function(wrap_pyfunction!(themes::fit_themes_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(report::report_path, m)?)?;
    m.add_function(wrap_pyfunction!(report::read_corpus, m)?)?;
    m.add_function(wrap_pyfunction!(errors::_panic_for_tests, m)?)?;
    Ok(())
}
