//! The fitted [`Themes`] model: transform new rows, save and load.

use std::io::Write;
use std::path::Path;

use ndarray::{Array1, Array2, ArrayView2, Axis};
use serde::{Deserialize, Serialize};
use sprs::CsMatView;

use crate::aggregate::{row_normalised, PassageMap};
use crate::engine::Prepared;
use crate::error::TopicsError;
use crate::fit::{
    describe_groups, group_profiles, relative, summarise, theme_sizes, with_background,
    without_columns, Summarised, ThemeData, ThemeFit, GENERAL_TERMS_SHOWN,
};
use crate::labels::{top_indices, ThemeName};
use crate::nmf::{residual_norm, Weighing};
use crate::params::{ModelKind, ModelParams};
use crate::sparse::Csr;
use crate::summary::{GeneralLanguage, ModelSummary, ThemesReport};

/// Format tag written into saved models.
pub const MODEL_FORMAT: &str = "tidings-themes";
/// Version of the saved-model format this build writes. Version 2 adds the
/// background component, the general-language terms and the broader
/// themes; version 3 each term's context-specificity weight; version 4 how
/// rows are weighed ([`Weighing`]); version 5 a background of several
/// components (fitted themes found to be general language). Versions 1–4
/// are still read, and weigh rows as they did.
pub const MODEL_VERSION: u32 = 5;

/// Identity of one theme in a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeInfo {
    /// Stable id (also the row of [`Themes::components`]).
    pub id: usize,
    /// Label.
    pub label: String,
    /// Key terms shown beside the label (absent from models saved before
    /// they existed).
    #[serde(default)]
    pub key_terms: Vec<String>,
    /// Whether it comes from the theme file.
    pub seeded: bool,
    /// Top terms, in surface form.
    pub terms: Vec<String>,
    /// Id of the broader theme it belongs to.
    #[serde(default)]
    pub parent: Option<usize>,
}

/// Identity of one broader theme in a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupInfo {
    /// Id, after the fine themes' ids.
    pub id: usize,
    /// Label.
    pub label: String,
    /// Key terms beside the label.
    #[serde(default)]
    pub key_terms: Vec<String>,
    /// Top terms, in surface form.
    pub terms: Vec<String>,
    /// Ids of its fine themes.
    pub children: Vec<usize>,
}

/// Weights of some rows, known before weighing: row `rows[i]` has the
/// weights in row `i` of `weights`.
pub(crate) struct KnownWeights {
    pub(crate) rows: Vec<usize>,
    pub(crate) weights: Array2<f64>,
}

/// A fitted theme model: one component per theme over the features.
#[derive(Debug, Clone, PartialEq)]
pub struct Themes {
    pub(crate) kind: ModelKind,
    /// How rows are weighed against the components (`None` for k-means).
    pub(crate) weighing: Option<Weighing>,
    pub(crate) seed: u64,
    pub(crate) features: Vec<String>,
    pub(crate) components: Array2<f64>,
    pub(crate) themes: Vec<ThemeInfo>,
    /// The background components (general language), `g × features`, if
    /// any: the pinned corpus-wide mean and the themes found general.
    pub(crate) background: Option<Array2<f64>>,
    /// How many of the background components are fitted themes found to be
    /// general language.
    pub(crate) general_themes: usize,
    /// Features the background mostly carries (general language),
    /// strongest first (by their mass in the fit's reconstruction).
    pub(crate) general: Vec<usize>,
    /// Broader themes over the fine ones.
    pub(crate) groups: Vec<GroupInfo>,
    /// Each feature's context-specificity weight, applied to every row the
    /// model weighs (rows are re-normalised after it); `None` for a model
    /// fitted without it.
    pub(crate) term_weights: Option<Vec<f64>>,
}

#[derive(Serialize, Deserialize)]
struct Saved {
    format: String,
    version: u32,
    kind: ModelKind,
    /// Absent before version 4, whose NMF models weighed rows by least
    /// squares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weighing: Option<Weighing>,
    seed: u64,
    features: Vec<String>,
    n_themes: usize,
    components: Vec<f64>,
    themes: Vec<ThemeInfo>,
    /// The background components, row after row (one row before version
    /// 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    background: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "is_zero")]
    general_themes: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    general: Vec<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    groups: Vec<GroupInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    term_weights: Option<Vec<f64>>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

impl Themes {
    /// Number of themes.
    pub fn n_themes(&self) -> usize {
        self.components.nrows()
    }

    /// The model kind that produced the themes.
    pub fn kind(&self) -> ModelKind {
        self.kind
    }

    /// How the model weighs rows against its themes (`None` for k-means).
    pub fn weighing(&self) -> Option<Weighing> {
        self.weighing
    }

    /// Feature names (columns), in surface form.
    pub fn features(&self) -> &[String] {
        &self.features
    }

    /// Components, `n_themes × n_features`, rows of unit l2 norm.
    pub fn components(&self) -> ArrayView2<'_, f64> {
        self.components.view()
    }

    /// Theme identities, in id order.
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }

    /// The broader themes, in id order.
    pub fn groups(&self) -> &[GroupInfo] {
        &self.groups
    }

    /// Whether the model has general language (background components: the
    /// themes found general, and the pinned mean when it was fitted): then
    /// every weighed document also gets a general-language share, and its
    /// theme weights and that share sum to 1.
    pub fn has_general_language(&self) -> bool {
        self.background.is_some()
    }

    /// The general-language features (what the background components
    /// mostly carry), strongest first: in the order of the fit's report.
    pub fn general_terms(&self) -> Vec<&str> {
        self.general
            .iter()
            .filter_map(|&j| self.features.get(j).map(String::as_str))
            .collect()
    }

    /// Theme weights of new rows (same features, same weighting as the
    /// training matrix) against the fixed components: for NMF, non-negative
    /// least squares solved by HALS per row; for k-means, the projection on
    /// the nearest centroid. Returns `rows × n_themes`.
    pub fn transform(&self, x: CsMatView<'_, f64>) -> Result<Array2<f64>, TopicsError> {
        if x.cols() != self.features.len() {
            return Err(TopicsError::DimensionMismatch {
                what: "matrix columns vs model features",
                expected: self.features.len(),
                found: x.cols(),
            });
        }
        let mut x = Csr::from_sprs(x)?;
        self.reweigh(&mut x);
        Ok(self.weigh(&x).0)
    }

    /// The features' context-specificity weights, if the model has them
    /// (see [`crate::ThemesParams::specificity`]).
    pub fn term_weights(&self) -> Option<&[f64]> {
        self.term_weights.as_deref()
    }

    /// Applies the context-specificity weights to rows weighted as the
    /// training matrix was, re-normalising each row.
    fn reweigh(&self, x: &mut Csr) {
        if let Some(weights) = &self.term_weights {
            crate::specificity::reweigh(x, weights);
        }
    }

    /// Weights of the rows of `x` against the components, the way the
    /// model assigns rows (for NMF by its [`Weighing`], the nearest centroid for
    /// k-means): shared by [`Themes::transform`] and [`Themes::apply`].
    /// With background components, they are weighed with the themes, and
    /// their weights (rows × components) come second.
    pub(crate) fn weigh(&self, x: &Csr) -> (Array2<f64>, Option<Array2<f64>>) {
        self.weigh_known(x, None)
    }

    /// Whether a fit of this model ends by weighing its own rows as
    /// [`Themes::weigh`] does (KL weighing, or the KL loss), so that the
    /// fit's weights are the weights of its rows.
    pub(crate) fn fit_weights_are_weighed(&self) -> bool {
        self.kind == ModelKind::NmfKl || self.weighing == Some(Weighing::KullbackLeibler)
    }

    /// [`Themes::weigh`], taking the weights of the rows in `known` as given
    /// (the rows a sampled fit already weighed; see
    /// [`Themes::fit_weights_are_weighed`]) and weighing only the others. A
    /// model with a pinned background weighs every row: the fit weighed its
    /// rows against the components in another order.
    pub(crate) fn weigh_known(
        &self,
        x: &Csr,
        known: Option<&KnownWeights>,
    ) -> (Array2<f64>, Option<Array2<f64>>) {
        let model = ModelParams::for_saved(self.kind, self.weighing);
        let k = self.components.nrows();
        // Every component rows are weighed against: the themes, then the
        // background's.
        let all = match &self.background {
            Some(b) => std::borrow::Cow::Owned(ndarray::concatenate![
                Axis(0),
                self.components.view(),
                b.view()
            ]),
            None => std::borrow::Cow::Borrowed(&self.components),
        };
        let width = all.nrows();
        // Known weights stand in for a row's only when they are weights of
        // these components, in this order: with a pinned mean the fit
        // weighed against it before the themes found general, so its rows
        // are weighed again.
        let pinned = self
            .background
            .as_ref()
            .is_some_and(|b| b.nrows() > self.general_themes);
        let known = known.filter(|kn| !pinned && kn.weights.ncols() == width);
        let w = match known {
            Some(known) => {
                let mut w = Array2::<f64>::zeros((x.nrows, width));
                let mut done = vec![false; x.nrows];
                for (&r, weights) in known.rows.iter().zip(known.weights.rows()) {
                    if r < x.nrows {
                        w.row_mut(r).assign(&weights);
                        done[r] = true;
                    }
                }
                let others: Vec<usize> = (0..x.nrows).filter(|&r| !done[r]).collect();
                let weighed = model.as_model().weigh(&x.select_rows(&others), &all);
                for (i, &r) in others.iter().enumerate() {
                    w.row_mut(r).assign(&weighed.row(i));
                }
                w
            }
            None => model.as_model().weigh(x, &all),
        };
        match &self.background {
            Some(_) => {
                let b = w.slice(ndarray::s![.., k..]).to_owned();
                (w.slice_move(ndarray::s![.., ..k]), Some(b))
            }
            None => (w, None),
        }
    }

    /// Applies the fitted themes to new rows: weights against the fixed
    /// components as the model kind assigns them ([`Themes::transform`]), then
    /// the same measures as a fit (size, NPMI coherence over the new rows,
    /// exclusivity, representatives, document weights). Labels, terms and
    /// ids are the model's, so reports over new documents stay comparable.
    ///
    /// `data` must have the model's features as columns, weighted as the
    /// training matrix was. `representatives` passages are kept per theme.
    ///
    /// # Errors
    /// [`TopicsError::DimensionMismatch`] when the columns differ from the
    /// model's features, [`TopicsError::EmptyMatrix`] for a matrix without
    /// rows, and the errors of [`PassageMap`] validation.
    pub fn apply(
        &self,
        data: &ThemeData<'_>,
        representatives: usize,
    ) -> Result<ThemeFit, TopicsError> {
        self.apply_rows(data.csr()?, data.passage_map(), representatives)
    }

    /// [`Themes::apply`] to a matrix given by value: its arrays are used in
    /// place instead of copied, which halves the memory for large matrices.
    ///
    /// # Errors
    /// As [`Themes::apply`].
    pub fn apply_owned(
        &self,
        tfidf: sprs::CsMat<f64>,
        passages: Option<PassageMap<'_>>,
        representatives: usize,
    ) -> Result<ThemeFit, TopicsError> {
        let x = Csr::from_sprs_owned(tfidf)?;
        self.apply_rows(x, passages, representatives)
    }

    /// [`Themes::apply`] to checked rows.
    pub(crate) fn apply_rows(
        &self,
        x: Csr,
        passages: Option<PassageMap<'_>>,
        representatives: usize,
    ) -> Result<ThemeFit, TopicsError> {
        self.apply_rows_known(x, passages, representatives, None)
    }

    /// [`Themes::apply_rows`], with the weights of some rows already known
    /// ([`Themes::weigh_known`]).
    pub(crate) fn apply_rows_known(
        &self,
        x: Csr,
        passages: Option<PassageMap<'_>>,
        representatives: usize,
        known: Option<&KnownWeights>,
    ) -> Result<ThemeFit, TopicsError> {
        if x.nrows == 0 {
            return Err(TopicsError::EmptyMatrix {
                rows: x.nrows,
                cols: x.ncols,
                nnz: x.nnz(),
            });
        }
        if x.ncols != self.features.len() {
            return Err(TopicsError::DimensionMismatch {
                what: "matrix columns vs model features",
                expected: self.features.len(),
                found: x.ncols,
            });
        }
        if let Some(map) = &passages {
            map.validate(x.nrows)?;
        }
        let mut x = x;
        self.reweigh(&mut x);
        let h = &self.components;
        let (w, b) = self.weigh_known(&x, known);
        let x_norm = x.sq_norm().sqrt();
        let error = match (&b, &self.background) {
            (Some(b), Some(profile)) => residual_norm(
                &x,
                &ndarray::concatenate![Axis(1), w.view(), b.view()],
                &ndarray::concatenate![Axis(0), h.view(), profile.view()],
            ),
            _ => residual_norm(&x, &w, h),
        };
        let mut general = vec![false; h.ncols()];
        for &j in &self.general {
            if let Some(g) = general.get_mut(j) {
                *g = true;
            }
        }
        let shown = without_columns(h, &general);
        let top_terms = self
            .themes
            .iter()
            .map(|t| t.terms.len())
            .max()
            .unwrap_or(10);
        // Only the top terms are measured (coherence): transpose just those
        // columns rather than copying the whole matrix again.
        let mut measured = vec![false; x.ncols];
        for row in shown.rows() {
            for j in top_indices(row, top_terms) {
                if let Some(m) = measured.get_mut(j) {
                    *m = true;
                }
            }
        }
        let xt = x.transpose_columns(|j| measured.get(j).copied().unwrap_or(false));
        let prep = Prepared {
            x,
            xt,
            features: &self.features,
            passages,
            seed_columns: Vec::new(),
            // Weighing against a saved model is not cancellable (the fit
            // checks its token before and after it).
            cancel: tidings_cancel::Cancel::never(),
        };
        let lengths = prep.lengths();
        let k = self.n_themes();
        let background_total = b.as_ref().map(|b| b.sum_axis(Axis(1)));
        let wn_all = row_normalised(with_background(&w, background_total.as_ref()).view());
        let sizes_all = theme_sizes(&wn_all, &lengths);
        let wn = wn_all.slice(ndarray::s![.., ..k]).to_owned();
        let names: Vec<ThemeName> = self
            .themes
            .iter()
            .map(|t| ThemeName {
                label: t.label.clone(),
                key_terms: t.key_terms.clone(),
            })
            .collect();
        let seeded = self.themes.iter().filter(|t| t.seeded).count();
        let Summarised {
            mut summaries,
            infos: _,
            document_weights,
            document_general,
            documents,
        } = summarise(
            &prep,
            &w,
            &wn,
            &shown,
            background_total.as_ref().map(Array1::view),
            &names,
            seeded,
            &sizes_all,
            top_terms,
            representatives,
        )?;
        // The model's own terms, seeded flags and tree, not recomputed ones.
        for (s, info) in summaries.iter_mut().zip(&self.themes) {
            s.terms = info.terms.clone();
            s.seeded = info.seeded;
            s.parent = info.parent;
        }
        let members: Vec<Vec<usize>> = self.groups.iter().map(|g| g.children.clone()).collect();
        let group_names: Vec<ThemeName> = self
            .groups
            .iter()
            .map(|g| ThemeName {
                label: g.label.clone(),
                key_terms: g.key_terms.clone(),
            })
            .collect();
        let profiles = group_profiles(&shown, &sizes_all, &members);
        let groups = describe_groups(
            &prep,
            &profiles,
            &sizes_all,
            &members,
            &group_names,
            k,
            top_terms,
        )
        .into_iter()
        .zip(&self.groups)
        .map(|((mut g, _), info)| {
            g.terms = info.terms.clone();
            g
        })
        .collect();
        let general_language = self.background.as_ref().map(|_| GeneralLanguage {
            share: sizes_all.get(k).copied().unwrap_or(0.0),
            themes: self.general_themes,
            terms: self
                .general
                .iter()
                .take(GENERAL_TERMS_SHOWN)
                .filter_map(|&j| self.features.get(j).cloned())
                .collect(),
        });
        let report = ThemesReport {
            model: ModelSummary {
                kind: self.kind,
                weighing: self.weighing,
                n_themes: self.n_themes(),
                iterations: None,
                converged: None,
                reconstruction_error: error,
                relative_error: relative(error, x_norm),
                inertia: None,
                seed: self.seed,
            },
            selection: Vec::new(),
            parallel_analysis: None,
            specificity: None,
            themes: summaries,
            groups,
            general_language,
            documents,
            unmatched_seeds: Vec::new(),
        };
        Ok(ThemeFit {
            model: self.clone(),
            passage_weights: w,
            passage_background: b,
            document_weights,
            document_general,
            report,
        })
    }

    /// The model as versioned JSON.
    pub fn to_json(&self) -> Result<String, TopicsError> {
        let saved = Saved {
            format: MODEL_FORMAT.to_string(),
            version: MODEL_VERSION,
            kind: self.kind,
            weighing: self.weighing,
            seed: self.seed,
            features: self.features.clone(),
            n_themes: self.n_themes(),
            components: self.components.iter().copied().collect(),
            themes: self.themes.clone(),
            background: self
                .background
                .as_ref()
                .map(|b| b.iter().copied().collect()),
            general_themes: self.general_themes,
            general: self.general.clone(),
            groups: self.groups.clone(),
            term_weights: self.term_weights.clone(),
        };
        serde_json::to_string(&saved).map_err(|e| TopicsError::Serialize(e.to_string()))
    }

    /// Reads a model written by [`Themes::to_json`], checking the format tag,
    /// the version, truncation and array shapes.
    pub fn from_json(text: &str) -> Result<Self, TopicsError> {
        // A text cut inside a number ("0.12" cut to "0.") fails as an
        // invalid number at its very end, not as an early end of input.
        let last_line = text.lines().count().max(1);
        let last_column = text.lines().last().map_or(0, |l| l.chars().count());
        let classify = |e: serde_json::Error| {
            let at_end = e.line() == last_line && e.column() >= last_column;
            if e.is_eof() || at_end {
                TopicsError::Truncated {
                    line: e.line(),
                    column: e.column(),
                }
            } else {
                TopicsError::CorruptModel {
                    line: e.line(),
                    column: e.column(),
                    message: e.to_string(),
                }
            }
        };
        let header: Header = serde_json::from_str(text).map_err(classify)?;
        match header.format.as_deref() {
            Some(MODEL_FORMAT) => {}
            other => {
                return Err(TopicsError::WrongFormat {
                    found: other.unwrap_or("").to_string(),
                })
            }
        }
        match header.version {
            Some(1..=4 | MODEL_VERSION) => {}
            other => {
                return Err(TopicsError::UnsupportedVersion {
                    found: other.unwrap_or(0),
                    expected: MODEL_VERSION,
                })
            }
        }
        let saved: Saved = serde_json::from_str(text).map_err(classify)?;
        let m = saved.features.len();
        if saved.components.len() != saved.n_themes * m || saved.themes.len() != saved.n_themes {
            return Err(TopicsError::InconsistentModel(format!(
                "{} themes, {} features, {} component values, {} theme entries",
                saved.n_themes,
                m,
                saved.components.len(),
                saved.themes.len()
            )));
        }
        if let Some(v) = saved
            .components
            .iter()
            .find(|v| !v.is_finite() || **v < 0.0)
        {
            return Err(TopicsError::InconsistentModel(format!(
                "component value {v} is negative or not finite"
            )));
        }
        // Before version 5 a background was one row, the pinned mean.
        let older = saved.version < 5;
        let background = match saved.background {
            Some(b) => {
                // Whole rows of `m` values, and the themes found general
                // among them.
                let rows = b.len().checked_div(m).unwrap_or(0);
                if rows == 0
                    || rows * m != b.len()
                    || saved.general_themes > rows
                    || (older && (rows != 1 || saved.general_themes > 0))
                    || b.iter().any(|v| !v.is_finite() || *v < 0.0)
                {
                    return Err(TopicsError::InconsistentModel(format!(
                        "background of {} values for {m} features with {} general themes, \
                         or a negative or non-finite value",
                        b.len(),
                        saved.general_themes
                    )));
                }
                Some(
                    Array2::from_shape_vec((rows, m), b)
                        .map_err(|e| TopicsError::InconsistentModel(e.to_string()))?,
                )
            }
            None if saved.general_themes > 0 => {
                return Err(TopicsError::InconsistentModel(format!(
                    "{} general themes without a background",
                    saved.general_themes
                )));
            }
            None => None,
        };
        if let Some(j) = saved.general.iter().find(|&&j| j >= m) {
            return Err(TopicsError::InconsistentModel(format!(
                "general-language feature {j} of {m}"
            )));
        }
        // Before version 5 the general-language terms were saved in feature
        // order and ranked by the one background row when read.
        let mut general = saved.general;
        if let (true, Some(b)) = (older, &background) {
            let profile = b.sum_axis(Axis(0));
            general.sort_by(|&x, &y| profile[y].total_cmp(&profile[x]).then(x.cmp(&y)));
        }
        if let Some(w) = &saved.term_weights {
            if w.len() != m || w.iter().any(|v| !v.is_finite() || *v < 0.0) {
                return Err(TopicsError::InconsistentModel(format!(
                    "term weights of {} values for {m} features, or a negative or non-finite value",
                    w.len()
                )));
            }
        }
        let ids = saved.n_themes;
        if let Some(g) = saved.groups.iter().find(|g| {
            g.children.iter().any(|&c| c >= ids) || g.id < ids || g.id >= ids + saved.groups.len()
        }) {
            return Err(TopicsError::InconsistentModel(format!(
                "broader theme {} with children {:?} for {ids} themes",
                g.id, g.children
            )));
        }
        let components = Array2::from_shape_vec((saved.n_themes, m), saved.components)
            .map_err(|e| TopicsError::InconsistentModel(e.to_string()))?;
        // Before version 4 NMF weighed rows by its loss: least squares for
        // `nmf`, the KL divergence for `nmf-kl`.
        let weighing = match (saved.weighing, saved.kind) {
            (Some(w), ModelKind::Nmf | ModelKind::NmfKl) => Some(w),
            (None, ModelKind::Nmf) => Some(Weighing::LeastSquares),
            (None, ModelKind::NmfKl) => Some(Weighing::KullbackLeibler),
            (_, ModelKind::KMeans) => None,
        };
        Ok(Self {
            kind: saved.kind,
            weighing,
            seed: saved.seed,
            features: saved.features,
            components,
            themes: saved.themes,
            background,
            general_themes: saved.general_themes,
            general,
            groups: saved.groups,
            term_weights: saved.term_weights,
        })
    }

    /// Writes the model to `path` as JSON, atomically: to a temporary file
    /// in the same directory, then renamed over `path`, so a failed or killed
    /// run leaves any old file intact.
    pub fn save(&self, path: &Path) -> Result<(), TopicsError> {
        let json = self.to_json()?;
        tidings_atomic::write_atomically(path, |w| w.write_all(json.as_bytes())).map_err(|e| {
            TopicsError::Io {
                path: e.path,
                source: e.source,
            }
        })
    }

    /// Reads a model saved with [`Themes::save`].
    pub fn load(path: &Path) -> Result<Self, TopicsError> {
        let text = std::fs::read_to_string(path).map_err(|source| TopicsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_json(&text)
    }
}
