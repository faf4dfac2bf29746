//! `tidings._tidings.Analyzer`: the tokenizer as a Python callable.

use pyo3::prelude::*;
use tidings_tokenize::{AnalyzerConfig, Language, NgramRange, Preset, StopWords};

use crate::errors::{to_py, without_gil};

/// A tokenizer configuration with its n-gram range; calling it on a text
/// returns the terms (and n-grams) the vectorizer would count.
#[pyclass(module = "tidings._tidings", frozen)]
pub struct Analyzer {
    analyzer: tidings_tokenize::Analyzer,
    ngrams: NgramRange,
}

impl Analyzer {
    fn build(config: AnalyzerConfig, ngrams: NgramRange) -> PyResult<Self> {
        Ok(Analyzer {
            analyzer: tidings_tokenize::Analyzer::new(config).map_err(to_py)?,
            ngrams,
        })
    }
}

/// The analyzer configuration of a preset with the usual overrides (the
/// same as the CLI's `--language`, `--no-stem`, `--keep-stopwords`).
pub fn analyzer_config(
    preset: &str,
    language: Option<&str>,
    stem: Option<bool>,
    stopwords: Option<Vec<String>>,
    keep_stopwords: bool,
) -> PyResult<AnalyzerConfig> {
    let preset: Preset = preset.parse().map_err(to_py)?;
    let mut config = AnalyzerConfig::preset(preset);
    if let Some(lang) = language {
        let lang: Language = lang.parse().map_err(to_py)?;
        config = config.with_language(lang);
        if stem == Some(true) {
            config.stem = Some(lang);
        }
    }
    match stem {
        Some(false) => config.stem = None,
        Some(true) if config.stem.is_none() => config.stem = Some(Language::English),
        _ => {}
    }
    if keep_stopwords {
        config.stopwords = StopWords::None;
    }
    if let Some(list) = stopwords {
        config.stopwords = StopWords::List(list);
    }
    Ok(config)
}

#[pymethods]
impl Analyzer {
    /// `Analyzer(preset="default", ngram_range=(1, 1), language=None,
    /// stem=None, stopwords=None, keep_stopwords=False)`.
    #[new]
    #[pyo3(signature = (preset="default", ngram_range=(1, 1), language=None, stem=None, stopwords=None, keep_stopwords=false))]
    fn new(
        preset: &str,
        ngram_range: (usize, usize),
        language: Option<&str>,
        stem: Option<bool>,
        stopwords: Option<Vec<String>>,
        keep_stopwords: bool,
    ) -> PyResult<Self> {
        let config = analyzer_config(preset, language, stem, stopwords, keep_stopwords)?;
        let ngrams = NgramRange::new(ngram_range.0, ngram_range.1).map_err(to_py)?;
        Analyzer::build(config, ngrams)
    }

    /// The terms of `text`, in order (n-grams after the unigrams of each
    /// position, as the vectorizer counts them).
    fn __call__(&self, py: Python<'_>, text: String) -> PyResult<Vec<String>> {
        without_gil(py, || {
            let mut terms = Vec::new();
            self.analyzer
                .session()
                .terms(&text, self.ngrams, |t, _| terms.push(t.to_string()));
            Ok(terms)
        })
    }

    /// The configuration as JSON (the form a fitted model records).
    fn config_json(&self) -> PyResult<String> {
        let value = serde_json::json!({
            "analyzer": self.analyzer.config(),
            "ngrams": self.ngrams,
        });
        Ok(value.to_string())
    }

    /// An analyzer from [`Analyzer::config_json`]'s output.
    #[staticmethod]
    fn from_config_json(text: &str) -> PyResult<Self> {
        #[derive(serde::Deserialize)]
        struct Saved {
            analyzer: AnalyzerConfig,
            ngrams: NgramRange,
        }
        let saved: Saved = serde_json::from_str(text).map_err(to_py)?;
        Analyzer::build(saved.analyzer, saved.ngrams)
    }
}
