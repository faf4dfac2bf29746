//! Saving and loading fitted models as versioned JSON.
//!
//! ```json
//! {"format": "tidings-tfidf", "version": 1, "params": {...}, "n_docs": 312,
//!  "features": ["..."], "document_frequencies": [...], "term_counts": [...],
//!  "surface_forms": ["..."]}
//! ```
//!
//! Only integers and strings are stored; the idf vector is recomputed on
//! load with the same f64 operations, so a loaded model gives bit-identical rows.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::interner::{StringList, TermInterner};
use crate::model::TfidfModel;
use crate::output::write_atomically;
use crate::{TfidfError, VectorizerParams};

/// The `format` field of a model file.
pub const MODEL_FORMAT: &str = "tidings-tfidf";
/// The model file version this build writes and reads.
pub const MODEL_VERSION: u64 = 1;

#[derive(Serialize)]
struct ModelFileOut<'a> {
    format: &'static str,
    version: u64,
    params: &'a VectorizerParams,
    n_docs: u64,
    features: Vec<&'a str>,
    document_frequencies: &'a [u64],
    term_counts: &'a [u64],
    surface_forms: Vec<&'a str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFileIn {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    version: u64,
    params: VectorizerParams,
    n_docs: u64,
    features: Vec<String>,
    document_frequencies: Vec<u64>,
    term_counts: Vec<u64>,
    surface_forms: Vec<String>,
}

impl TfidfModel {
    /// Write the model as JSON to `writer`.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_json<W: Write>(&self, writer: W) -> std::io::Result<()> {
        let file = ModelFileOut {
            format: MODEL_FORMAT,
            version: MODEL_VERSION,
            params: self.params(),
            n_docs: self.n_docs,
            features: self.features().collect(),
            document_frequencies: &self.df,
            term_counts: &self.term_counts,
            surface_forms: self.surfaces.iter().collect(),
        };
        let mut w = BufWriter::new(writer);
        serde_json::to_writer(&mut w, &file).map_err(std::io::Error::other)?;
        w.write_all(b"\n")?;
        w.flush()
    }

    /// Save the model to `path` (atomically: a temporary file in the same
    /// directory, renamed over `path`).
    ///
    /// # Errors
    /// [`TfidfError::Io`] when the file cannot be written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), TfidfError> {
        write_atomically(path.as_ref(), |w| self.write_json(w))
    }

    /// Load a model saved by [`TfidfModel::save`].
    ///
    /// # Errors
    /// [`TfidfError::Io`] when the file cannot be read;
    /// [`TfidfError::ModelSyntax`] for invalid or truncated JSON or missing
    /// fields (with line and column); [`TfidfError::WrongFormat`] when it is
    /// not a tidings-tfidf model; [`TfidfError::UnsupportedVersion`] when it
    /// was written by an incompatible version; [`TfidfError::InconsistentModel`]
    /// or a parameter error when its contents do not hold together.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, TfidfError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| TfidfError::io(path, e))?;
        Self::from_json_at(&text, path)
    }

    /// Parse a model from JSON text (as [`TfidfModel::load`], without a file).
    ///
    /// # Errors
    /// As [`TfidfModel::load`], with the path shown as `<memory>`.
    pub fn from_json(text: &str) -> Result<Self, TfidfError> {
        Self::from_json_at(text, Path::new("<memory>"))
    }

    fn from_json_at(text: &str, path: &Path) -> Result<Self, TfidfError> {
        let syntax = |e: serde_json::Error| TfidfError::ModelSyntax {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
        let format = value.get("format").and_then(|f| f.as_str());
        if format != Some(MODEL_FORMAT) {
            return Err(TfidfError::WrongFormat {
                path: path.to_path_buf(),
                found: value.get("format").map(|f| f.to_string()),
            });
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(MODEL_VERSION) => {}
            found => {
                return Err(TfidfError::UnsupportedVersion {
                    path: path.to_path_buf(),
                    found: found.unwrap_or(0),
                    supported: MODEL_VERSION,
                })
            }
        }
        let file: ModelFileIn = serde_json::from_value(value).map_err(syntax)?;
        build(file, path)
    }
}

fn build(file: ModelFileIn, path: &Path) -> Result<TfidfModel, TfidfError> {
    let bad = |message: String| TfidfError::InconsistentModel {
        path: PathBuf::from(path),
        message,
    };
    let n = file.features.len();
    if n == 0 {
        return Err(bad("no features".into()));
    }
    if file.document_frequencies.len() != n || file.term_counts.len() != n {
        return Err(bad(format!(
            "{n} features but {} document frequencies and {} term counts",
            file.document_frequencies.len(),
            file.term_counts.len()
        )));
    }
    if !file.surface_forms.is_empty() && file.surface_forms.len() != n {
        return Err(bad(format!(
            "{n} features but {} surface forms",
            file.surface_forms.len()
        )));
    }
    if let Some(w) = file.features.windows(2).position(|w| w.first() >= w.get(1)) {
        return Err(bad(format!(
            "features not strictly sorted at column {}",
            w + 1
        )));
    }
    for (col, (&df, &tf)) in file
        .document_frequencies
        .iter()
        .zip(&file.term_counts)
        .enumerate()
    {
        if df == 0 || df > file.n_docs || tf < df {
            return Err(bad(format!(
                "column {col}: document frequency {df}, term count {tf}, {} documents",
                file.n_docs
            )));
        }
    }
    let vectorizer = file.params.check()?;
    let vocabulary = TermInterner::from_terms(file.features.iter().map(String::as_str));
    let mut surfaces = StringList::default();
    for s in &file.surface_forms {
        surfaces.push(s);
    }
    Ok(TfidfModel::from_parts(
        vectorizer,
        file.n_docs,
        vocabulary,
        file.document_frequencies,
        file.term_counts,
        surfaces,
    ))
}
