//! The JSON-serialisable result of a fit: themes, documents and model
//! statistics, in the shape the `tidings themes` command prints.

use serde::{Deserialize, Serialize};

use crate::dimension::ParallelAnalysis;
use crate::nmf::Weighing;
use crate::params::ModelKind;
use crate::seeds::UnmatchedSeed;

/// One theme with its label, terms and quality measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeSummary {
    /// Stable id: seeded themes get `0..s` in file order, discovered themes
    /// follow by decreasing size.
    pub id: usize,
    /// Readable label: the seeded theme's name, or the best phrase or term.
    pub label: String,
    /// Two or three strong terms of other word families than the label's,
    /// shown beside it so a reader sees what the theme covers.
    pub key_terms: Vec<String>,
    /// Whether the theme comes from the theme file.
    pub seeded: bool,
    /// Id of the broader theme ([`ThemeGroup`]) this theme belongs to.
    #[serde(default)]
    pub parent: Option<usize>,
    /// Top terms, in surface form, strongest first (general-language terms
    /// left out).
    pub terms: Vec<String>,
    /// Mean NPMI of the top terms over document co-occurrence, in [−1, 1].
    pub coherence: f64,
    /// Mean share of the top terms' weight that belongs to this theme, in [0, 1].
    pub exclusivity: f64,
    /// Share of the corpus (length-weighted passage weight), in [0, 1].
    pub size: f64,
    /// Passages that show the theme best, strongest first.
    pub representatives: Vec<Representative>,
}

/// A broader theme: the union of several fine themes, by average-linkage
/// clustering of their term vectors, cut where merges stop standing out from
/// the similarities of unrelated themes (above Tukey's fence over the
/// similarities of all pairs of fine themes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeGroup {
    /// Id, after the fine themes' ids (`k`, `k + 1`, … for `k` themes).
    pub id: usize,
    /// Readable label, distinct from its children's.
    pub label: String,
    /// Two or three terms beside the label that say more of what it holds.
    pub key_terms: Vec<String>,
    /// Top terms of its children's components weighted by their sizes.
    pub terms: Vec<String>,
    /// Ids of its fine themes, ascending.
    pub children: Vec<usize>,
    /// Mean NPMI of the top terms over document co-occurrence, in [−1, 1].
    pub coherence: f64,
    /// Share of the corpus: the sum of its children's.
    pub size: f64,
}

/// General language: the model's background components (the themes found
/// general, and the pinned corpus mean when it was fitted), never listed as
/// themes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneralLanguage {
    /// Share of the corpus (length-weighted passage weight) that is general
    /// language; with the themes' sizes it sums to 1.
    pub share: f64,
    /// How many fitted themes were found to be general language rather
    /// than subjects, and so are part of it instead of being listed: themes
    /// present in most passages that carry most of their weight beside
    /// other themes.
    #[serde(default)]
    pub themes: usize,
    /// The terms whose weight the background mostly carries, strongest
    /// first: they are kept out of theme labels and top terms.
    pub terms: Vec<String>,
}

/// The terms context specificity weighs zero: those whose passages are no
/// more alike than random passages, kept out of every theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecificitySummary {
    /// Dimensions of the space the passages were compared in.
    pub dimensions: usize,
    /// How many terms weigh zero (general language).
    pub general_terms: usize,
    /// The general-language terms used by most passages, at most 30.
    pub examples: Vec<String>,
}

/// A representative passage of a theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Representative {
    /// Row of the input matrix.
    pub passage: usize,
    /// Document the passage belongs to (equal to `passage` without a passage map).
    pub document: usize,
    /// The passage's normalised weight on the theme, in [0, 1].
    pub weight: f64,
}

/// A theme's weight in a document.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ThemeWeight {
    /// Theme id.
    pub id: usize,
    /// Weight in [0, 1]; a document's weights and its general-language
    /// share sum to 1 (or it has none).
    pub weight: f64,
}

/// One document and the themes it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentThemes {
    /// Document identifier; the document's index until the caller sets it.
    pub id: String,
    /// Document date, when the caller sets it.
    pub date: Option<String>,
    /// Share of the document that is general language; with the themes'
    /// weights it sums to 1.
    #[serde(default)]
    pub general_language: f64,
    /// Themes with a non-zero weight, by decreasing weight.
    pub themes: Vec<ThemeWeight>,
    /// Why the document has no theme, when the caller knows (for example
    /// "no text: only whitespace"); `None` for a document with themes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Statistics of the fitted model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSummary {
    /// Model used.
    pub kind: ModelKind,
    /// How rows were weighed against the themes (`None` for k-means).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighing: Option<Weighing>,
    /// Number of themes.
    pub n_themes: usize,
    /// NMF iterations run (`None` for k-means, whose library does not report them).
    pub iterations: Option<usize>,
    /// Whether NMF met its tolerance before the iteration limit.
    pub converged: Option<bool>,
    /// Frobenius norm of the residual `X − W·H`, where `X` is the matrix
    /// the themes were fitted to: the input rows with their columns weighed
    /// by context specificity and re-normalised, when
    /// [`crate::ThemesParams::specificity`] is on.
    pub reconstruction_error: f64,
    /// The same, relative to `‖X‖`.
    pub relative_error: f64,
    /// k-means inertia on the LSA embedding.
    pub inertia: Option<f64>,
    /// Seed used.
    pub seed: u64,
}

/// Score of one candidate count when the number of themes is `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CountScore {
    /// Number of themes tried.
    pub k: usize,
    /// Mean NPMI coherence of its themes.
    pub coherence: f64,
    /// Relative reconstruction error.
    pub relative_error: f64,
}

/// Everything a report needs about a fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemesReport {
    /// Model statistics.
    pub model: ModelSummary,
    /// Per-count scores when the count was chosen automatically.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selection: Vec<CountScore>,
    /// How the number of themes was found, when it was found from the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallel_analysis: Option<ParallelAnalysis>,
    /// What context specificity judged general language (fitted models
    /// with [`crate::ThemesParams::specificity`] on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specificity: Option<SpecificitySummary>,
    /// Themes, seeded first in file order, then discovered.
    pub themes: Vec<ThemeSummary>,
    /// Broader themes over the fine ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ThemeGroup>,
    /// The general-language share and terms, when the model has general
    /// language (themes found general, or a pinned background).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_language: Option<GeneralLanguage>,
    /// Documents with their theme weights.
    pub documents: Vec<DocumentThemes>,
    /// Seeds that matched no term.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched_seeds: Vec<UnmatchedSeed>,
}

impl ThemesReport {
    /// Sets every document's id and date from `meta(document index)`.
    pub fn set_document_meta<F>(&mut self, mut meta: F)
    where
        F: FnMut(usize) -> (String, Option<String>),
    {
        for (i, d) in self.documents.iter_mut().enumerate() {
            let (id, date) = meta(i);
            d.id = id;
            d.date = date;
        }
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> Result<String, crate::TopicsError> {
        serde_json::to_string_pretty(self).map_err(|e| crate::TopicsError::Serialize(e.to_string()))
    }
}
