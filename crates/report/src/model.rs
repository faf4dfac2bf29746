//! The saved report model: passage bounds, the fitted vectorizer (with its
//! tokenizer configuration) and the fitted themes, in one versioned JSON file.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tidings_corpus::PassageOptions;
use tidings_tfidf::TfidfModel;
use tidings_topics::Themes;

use crate::atomic::write_atomically;
use crate::error::ReportError;

/// The `format` field of a report model file.
pub const REPORT_MODEL_FORMAT: &str = "tidings-report-model";
/// The report model version this build writes and reads.
pub const REPORT_MODEL_VERSION: u64 = 1;

/// Everything needed to track the same themes over new documents:
/// how documents are cut into passages, how passages are tokenized and
/// weighted, and the theme components.
#[derive(Debug, Clone)]
pub struct ReportModel {
    passage_min_chars: usize,
    passage_max_chars: usize,
    /// The fitted vectorizer, tokenizer configuration included.
    pub vectorizer: TfidfModel,
    /// The fitted themes.
    pub themes: Themes,
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    passages: Passages,
    vectorizer: &'a serde_json::value::RawValue,
    themes: &'a serde_json::value::RawValue,
}

#[derive(Deserialize)]
struct FileIn<'a> {
    passages: Passages,
    #[serde(borrow)]
    vectorizer: &'a serde_json::value::RawValue,
    #[serde(borrow)]
    themes: &'a serde_json::value::RawValue,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Passages {
    min_chars: usize,
    max_chars: usize,
}

impl ReportModel {
    /// A model from its parts.
    pub fn new(passages: PassageOptions, vectorizer: TfidfModel, themes: Themes) -> Self {
        Self {
            passage_min_chars: passages.min_chars(),
            passage_max_chars: passages.max_chars(),
            vectorizer,
            themes,
        }
    }

    /// How documents are cut into passages.
    ///
    /// # Errors
    /// When the stored bounds are invalid (a hand-edited file).
    pub fn passage_options(&self) -> Result<PassageOptions, ReportError> {
        Ok(PassageOptions::new(
            self.passage_min_chars,
            self.passage_max_chars,
        )?)
    }

    /// The model as JSON.
    ///
    /// # Errors
    /// [`ReportError::Serialize`] if a part cannot be serialised.
    pub fn to_json(&self) -> Result<String, ReportError> {
        let mut vectorizer = Vec::new();
        self.vectorizer
            .write_json(&mut vectorizer)
            .map_err(|e| ReportError::Serialize(e.to_string()))?;
        let vectorizer =
            String::from_utf8(vectorizer).map_err(|e| ReportError::Serialize(e.to_string()))?;
        let vectorizer = serde_json::value::RawValue::from_string(vectorizer)
            .map_err(|e| ReportError::Serialize(e.to_string()))?;
        let themes = serde_json::value::RawValue::from_string(self.themes.to_json()?)
            .map_err(|e| ReportError::Serialize(e.to_string()))?;
        let out = FileOut {
            format: REPORT_MODEL_FORMAT,
            version: REPORT_MODEL_VERSION,
            passages: Passages {
                min_chars: self.passage_min_chars,
                max_chars: self.passage_max_chars,
            },
            vectorizer: &vectorizer,
            themes: &themes,
        };
        serde_json::to_string(&out).map_err(|e| ReportError::Serialize(e.to_string()))
    }

    /// Reads a model written by [`ReportModel::to_json`]; `path` names the
    /// source in errors.
    ///
    /// # Errors
    /// [`ReportError::IncompatibleModel`] for another format or version,
    /// [`ReportError::CorruptModel`] for invalid or truncated JSON or an
    /// inconsistent part.
    pub fn from_json(text: &str, path: &Path) -> Result<Self, ReportError> {
        let corrupt = |message: String| ReportError::CorruptModel {
            path: path.to_path_buf(),
            message,
        };
        let describe = |e: serde_json::Error| {
            if e.is_eof() {
                format!(
                    "the file is cut short (line {}, column {})",
                    e.line(),
                    e.column()
                )
            } else {
                e.to_string()
            }
        };
        let header: Header = serde_json::from_str(text).map_err(|e| corrupt(describe(e)))?;
        if header.format.as_deref() != Some(REPORT_MODEL_FORMAT)
            || header.version != Some(REPORT_MODEL_VERSION)
        {
            return Err(ReportError::IncompatibleModel {
                path: path.to_path_buf(),
                found: header.format.unwrap_or_default(),
                version: header.version.unwrap_or(0),
                expected: REPORT_MODEL_FORMAT,
                expected_version: REPORT_MODEL_VERSION,
            });
        }
        let file: FileIn<'_> = serde_json::from_str(text).map_err(|e| corrupt(describe(e)))?;
        let vectorizer = TfidfModel::from_json(file.vectorizer.get())
            .map_err(|e| corrupt(format!("vectorizer: {e}")))?;
        let themes =
            Themes::from_json(file.themes.get()).map_err(|e| corrupt(format!("themes: {e}")))?;
        if vectorizer.n_features() != themes.features().len() {
            return Err(corrupt(format!(
                "the vectorizer has {} features but the themes have {}",
                vectorizer.n_features(),
                themes.features().len()
            )));
        }
        let model = Self {
            passage_min_chars: file.passages.min_chars,
            passage_max_chars: file.passages.max_chars,
            vectorizer,
            themes,
        };
        model
            .passage_options()
            .map_err(|e| corrupt(format!("passages: {e}")))?;
        Ok(model)
    }

    /// Writes the model to `path` atomically (a temporary file in the same
    /// directory, then a rename).
    ///
    /// # Errors
    /// [`ReportError::Io`] naming the path.
    pub fn save(&self, path: &Path) -> Result<(), ReportError> {
        let json = self.to_json()?;
        write_atomically(path, |w| {
            w.write_all(json.as_bytes())?;
            w.write_all(b"\n")
        })
    }

    /// Reads a model saved with [`ReportModel::save`].
    ///
    /// # Errors
    /// [`ReportError::Io`] when the file cannot be read, and the errors of
    /// [`ReportModel::from_json`].
    pub fn load(path: &Path) -> Result<Self, ReportError> {
        let bytes = std::fs::read(path).map_err(|e| ReportError::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| ReportError::CorruptModel {
            path: path.to_path_buf(),
            message: format!("not UTF-8 text: {e}"),
        })?;
        Self::from_json(&text, path)
    }
}
