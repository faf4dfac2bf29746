//! Checked parameters for fitting themes (linfa style: set, `check`, fit).

use serde::{Deserialize, Serialize};

use crate::error::TopicsError;
use crate::nmf::NmfInit;
use crate::seeds::SeedTheme;

/// How many themes to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeCount {
    /// Exactly this many themes in total (seeded themes included; raised to
    /// the number of seeded themes when smaller).
    Fixed(usize),
    /// Choose the count in `min..=max` by the mean NPMI coherence of the
    /// themes' top terms; every candidate's score is reported.
    Auto {
        /// Smallest count tried (at least 2).
        min: usize,
        /// Largest count tried.
        max: usize,
    },
}

/// Which model produces the themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ModelKind {
    /// Non-negative matrix factorisation (HALS): soft, overlapping themes. The
    /// default, chosen by measured NMI and coherence (see BENCHMARKS.md).
    #[default]
    Nmf,
    /// k-means on an LSA embedding: one theme per passage.
    KMeans,
}

/// Parameters for [`ValidThemesParams::fit`]; every setter documents its
/// default. Call [`ThemesParams::check`] to validate them.
///
/// ```
/// use tidings_topics::{ThemeCount, ThemesParams};
/// let params = ThemesParams::new().themes(ThemeCount::Fixed(8)).seed(7).check()?;
/// assert_eq!(params.themes_count(), ThemeCount::Fixed(8));
/// # Ok::<(), tidings_topics::TopicsError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ThemesParams {
    pub(crate) count: ThemeCount,
    pub(crate) model: ModelKind,
    pub(crate) seed: u64,
    pub(crate) init: NmfInit,
    pub(crate) max_iter: usize,
    pub(crate) tol: f64,
    pub(crate) n_runs: usize,
    pub(crate) lsa_components: usize,
    pub(crate) top_terms: usize,
    pub(crate) representatives: usize,
    pub(crate) seeded: Vec<SeedTheme>,
    pub(crate) anchor_strength: f64,
    pub(crate) phrase_ratio: f64,
    pub(crate) label_candidates: usize,
}

impl Default for ThemesParams {
    fn default() -> Self {
        Self::new()
    }
}

impl ThemesParams {
    /// Default parameters (see each setter).
    pub fn new() -> Self {
        Self {
            count: ThemeCount::Fixed(10),
            model: ModelKind::Nmf,
            seed: 0,
            init: NmfInit::Nndsvda,
            max_iter: 200,
            tol: 1e-4,
            n_runs: 10,
            lsa_components: 100,
            top_terms: 10,
            representatives: 2,
            seeded: Vec::new(),
            anchor_strength: 0.5,
            phrase_ratio: 0.5,
            label_candidates: 30,
        }
    }

    /// Number of themes. By default, `Fixed(10)`.
    pub fn themes(mut self, count: ThemeCount) -> Self {
        self.count = count;
        self
    }

    /// Model. By default, [`ModelKind::Nmf`].
    pub fn model(mut self, model: ModelKind) -> Self {
        self.model = model;
        self
    }

    /// Random seed for the randomized SVD and k-means. By default, 0.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// NMF initialisation. By default, [`NmfInit::Nndsvda`].
    pub fn init(mut self, init: NmfInit) -> Self {
        self.init = init;
        self
    }

    /// Maximum iterations (NMF sweeps, or k-means iterations per run). By
    /// default, 200. Must be at least 1.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Convergence tolerance: NMF checks every 10 iterations and stops when
    /// those iterations lowered the reconstruction error by less than `tol`
    /// times the first iteration's error (scikit-learn's rule). By default, 1e-4. Must be finite and positive.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// k-means restarts (the best inertia is kept). By default, 10. At least 1.
    pub fn n_runs(mut self, n_runs: usize) -> Self {
        self.n_runs = n_runs;
        self
    }

    /// LSA dimensions for k-means. By default, 100 (capped by the matrix
    /// size). At least 1.
    pub fn lsa_components(mut self, components: usize) -> Self {
        self.lsa_components = components;
        self
    }

    /// Top terms listed per theme (and used for coherence and exclusivity).
    /// By default, 10. At least 2.
    pub fn top_terms(mut self, n: usize) -> Self {
        self.top_terms = n;
        self
    }

    /// Representative passages kept per theme. By default, 2.
    pub fn representatives(mut self, n: usize) -> Self {
        self.representatives = n;
        self
    }

    /// Seeded themes, in file order; they get ids `0..seeded.len()`. By
    /// default, none. Seeded themes need [`ModelKind::Nmf`].
    pub fn seeded(mut self, themes: Vec<SeedTheme>) -> Self {
        self.seeded = themes;
        self
    }

    /// How strongly seeded themes hold on to their seeds: after each update,
    /// every seed term's weight in its theme is raised to at least this share
    /// of the theme's largest term weight. By default, 0.5. In `(0, 1]`.
    pub fn anchor_strength(mut self, strength: f64) -> Self {
        self.anchor_strength = strength;
        self
    }

    /// A multiword phrase (words joined by spaces or hyphens) becomes a theme's label when its class-based TF-IDF
    /// score is at least this share of the best candidate's. By default, 0.5.
    /// In `[0, 1]`; 1 prefers phrases only when they are the best candidate.
    pub fn phrase_ratio(mut self, ratio: f64) -> Self {
        self.phrase_ratio = ratio;
        self
    }

    /// Candidate terms considered for each label. By default, 30. At least 1.
    pub fn label_candidates(mut self, n: usize) -> Self {
        self.label_candidates = n;
        self
    }

    /// Validates the parameters.
    pub fn check(self) -> Result<ValidThemesParams, TopicsError> {
        match self.count {
            ThemeCount::Fixed(0) => return Err(TopicsError::ZeroThemes(0)),
            ThemeCount::Auto { min, max } if min < 2 || min > max => {
                return Err(TopicsError::InvalidRange { min, max })
            }
            _ => {}
        }
        let invalid = |name: &'static str, value: String, expected: &'static str| {
            Err(TopicsError::InvalidParameter {
                name,
                value,
                expected,
            })
        };
        if self.max_iter == 0 {
            return invalid("max_iter", "0".into(), "at least 1");
        }
        if !(self.tol.is_finite() && self.tol > 0.0) {
            return invalid("tol", self.tol.to_string(), "finite and > 0");
        }
        if self.n_runs == 0 {
            return invalid("n_runs", "0".into(), "at least 1");
        }
        if self.lsa_components == 0 {
            return invalid("lsa_components", "0".into(), "at least 1");
        }
        if self.top_terms < 2 {
            return invalid("top_terms", self.top_terms.to_string(), "at least 2");
        }
        if self.label_candidates == 0 {
            return invalid("label_candidates", "0".into(), "at least 1");
        }
        if !(self.anchor_strength > 0.0 && self.anchor_strength <= 1.0) {
            return invalid(
                "anchor_strength",
                self.anchor_strength.to_string(),
                "in (0, 1]",
            );
        }
        if !(0.0..=1.0).contains(&self.phrase_ratio) {
            return invalid("phrase_ratio", self.phrase_ratio.to_string(), "in [0, 1]");
        }
        if !self.seeded.is_empty() && self.model != ModelKind::Nmf {
            return invalid(
                "model",
                format!("{:?} with {} seeded themes", self.model, self.seeded.len()),
                "seeded themes need the NMF model",
            );
        }
        Ok(ValidThemesParams(self))
    }
}

/// Parameters that passed [`ThemesParams::check`]; fit with
/// [`ValidThemesParams::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidThemesParams(pub(crate) ThemesParams);

impl ValidThemesParams {
    /// The requested number of themes.
    pub fn themes_count(&self) -> ThemeCount {
        self.0.count
    }

    /// The model that will be fitted.
    pub fn model_kind(&self) -> ModelKind {
        self.0.model
    }

    /// The seeded themes, in file order.
    pub fn seeded_themes(&self) -> &[SeedTheme] {
        &self.0.seeded
    }
}
