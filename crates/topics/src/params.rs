//! Checked parameters for fitting themes (linfa style: set, `check`, fit).
//!
//! [`ThemesParams`] holds what every model kind shares (the number of
//! themes, labels, seeds, sampling); the model's own settings live in its
//! params struct, [`NmfParams`] or [`KMeansParams`], given to
//! [`ThemesParams::model`].

use std::fmt;
use std::str::FromStr;
use tidings_cancel::Cancel;

use serde::{Deserialize, Serialize};

use crate::error::TopicsError;
use crate::nmf::{NmfInit, NmfLoss, Weighing};
use crate::seeds::SeedTheme;

/// How many themes to fit.
///
/// Parses from `"12"` (a fixed count) or `"5..15"` (a range searched by
/// coherence); the word `auto`, the count found from the data
/// ([`ThemeCount::FromData`]), is a [`ThemeCountArg`].
///
/// ```
/// use tidings_topics::ThemeCount;
/// assert_eq!("12".parse::<ThemeCount>()?, ThemeCount::Fixed(12));
/// assert_eq!("5..15".parse::<ThemeCount>()?, ThemeCount::Auto { min: 5, max: 15 });
/// assert!("0".parse::<ThemeCount>().is_err());
/// # Ok::<(), tidings_topics::TopicsError>(())
/// ```
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
    /// As many themes as the data supports: Horn's parallel analysis of
    /// the documents' TF-IDF vectors against a column permutation of them
    /// ([`crate::parallel_analysis`]), on at most [`crate::PA_DOCUMENTS`]
    /// documents and at most [`crate::MAX_FINE_THEMES`] themes. Broader
    /// themes are then formed over them ([`crate::ThemeGroup`]). What
    /// `auto` means.
    FromData,
}

impl ThemeCount {
    /// Checks the count: at least one theme, and `2 <= min <= max`.
    ///
    /// # Errors
    /// [`TopicsError::ZeroThemes`] or [`TopicsError::InvalidRange`].
    pub fn check(self) -> Result<Self, TopicsError> {
        match self {
            ThemeCount::Fixed(0) => Err(TopicsError::ZeroThemes(0)),
            ThemeCount::Auto { min, max } if min < 2 || min > max => {
                Err(TopicsError::InvalidRange { min, max })
            }
            ok => Ok(ok),
        }
    }
}

impl FromStr for ThemeCount {
    type Err = TopicsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let number = |t: &str| {
            t.trim()
                .parse::<usize>()
                .map_err(|_| TopicsError::InvalidParameter {
                    name: "themes",
                    value: s.to_string(),
                    expected: "a number of themes, a range MIN..MAX, or `auto`",
                })
        };
        let count = match s.split_once("..") {
            Some((min, max)) => ThemeCount::Auto {
                min: number(min)?,
                max: number(max.trim_start_matches('='))?,
            },
            None => ThemeCount::Fixed(number(s)?),
        };
        count.check()
    }
}

/// The `--themes` choice: a count, or `auto`: as many themes as the data
/// supports ([`ThemeCount::FromData`]).
///
/// ```
/// use tidings_topics::{ThemeCount, ThemeCountArg};
/// assert_eq!("auto".parse::<ThemeCountArg>()?, ThemeCountArg::Auto);
/// assert_eq!("7".parse::<ThemeCountArg>()?, ThemeCountArg::Count(ThemeCount::Fixed(7)));
/// # Ok::<(), tidings_topics::TopicsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeCountArg {
    /// `auto`: [`ThemeCount::FromData`].
    #[default]
    Auto,
    /// An explicit count or range.
    Count(ThemeCount),
}

impl FromStr for ThemeCountArg {
    type Err = TopicsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().eq_ignore_ascii_case("auto") {
            Ok(ThemeCountArg::Auto)
        } else {
            s.parse().map(ThemeCountArg::Count)
        }
    }
}

impl fmt::Display for ThemeCountArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThemeCountArg::Auto => f.write_str("auto"),
            ThemeCountArg::Count(ThemeCount::Fixed(k)) => write!(f, "{k}"),
            ThemeCountArg::Count(ThemeCount::Auto { min, max }) => write!(f, "{min}..{max}"),
            ThemeCountArg::Count(ThemeCount::FromData) => f.write_str("auto"),
        }
    }
}

/// Representative passages kept per theme by default.
pub const DEFAULT_REPRESENTATIVES: usize = 2;

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
    /// NMF under the Kullback–Leibler divergence
    /// ([`NmfLoss::KullbackLeibler`](crate::NmfLoss::KullbackLeibler)):
    /// soft themes as in PLSA, each row weighed by the same divergence.
    #[serde(rename = "nmf-kl")]
    NmfKl,
}

impl FromStr for ModelKind {
    type Err = TopicsError;

    /// `nmf`, `nmf-kl` or `kmeans` (also `k-means`), any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nmf" => Ok(ModelKind::Nmf),
            "nmf-kl" => Ok(ModelKind::NmfKl),
            "kmeans" | "k-means" => Ok(ModelKind::KMeans),
            _ => Err(TopicsError::InvalidParameter {
                name: "model kind",
                value: s.to_string(),
                expected: "`nmf`, `nmf-kl` or `kmeans`",
            }),
        }
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ModelKind::Nmf => "nmf",
            ModelKind::KMeans => "kmeans",
            ModelKind::NmfKl => "nmf-kl",
        })
    }
}

/// Settings of the NMF model; every setter documents its default.
#[derive(Debug, Clone, PartialEq)]
pub struct NmfParams {
    pub(crate) init: NmfInit,
    pub(crate) max_iter: usize,
    pub(crate) tol: f64,
    pub(crate) anchor_strength: f64,
    pub(crate) background: bool,
    pub(crate) loss: NmfLoss,
    pub(crate) weighing: Weighing,
}

impl Default for NmfParams {
    fn default() -> Self {
        Self::new()
    }
}

impl NmfParams {
    /// Default parameters (see each setter).
    pub fn new() -> Self {
        Self {
            init: NmfInit::Nndsvda,
            max_iter: 200,
            tol: 1e-4,
            anchor_strength: 0.5,
            background: false,
            loss: NmfLoss::Frobenius,
            weighing: Weighing::KullbackLeibler,
        }
    }

    /// How rows are weighed against the fitted themes, for the fit's own
    /// rows as for rows weighed later against the saved model. By default,
    /// [`Weighing::KullbackLeibler`], whatever the loss: the themes come
    /// from the loss, the rows' weights from this.
    pub fn weighing(mut self, weighing: Weighing) -> Self {
        self.weighing = weighing;
        self
    }

    /// What NMF minimises. By default, [`NmfLoss::Frobenius`] (HALS); with
    /// [`NmfLoss::KullbackLeibler`] the model is [`ModelKind::NmfKl`].
    pub fn loss(mut self, loss: NmfLoss) -> Self {
        self.loss = loss;
        self
    }

    /// NMF initialisation. By default, [`NmfInit::Nndsvda`].
    pub fn init(mut self, init: NmfInit) -> Self {
        self.init = init;
        self
    }

    /// Maximum iterations (HALS sweeps, or multiplicative updates under
    /// the KL loss). By default, 200 (scikit-learn's default). At least 1.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Convergence tolerance: NMF checks every 10 iterations and stops when
    /// those iterations lowered the reconstruction error by less than `tol`
    /// times the first iteration's error (scikit-learn's rule). By default,
    /// 1e-4. Finite and positive.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// How strongly seeded themes hold on to their seeds: after each update,
    /// every seed term's weight in its theme is raised to at least this share
    /// of the theme's largest term weight. By default, 0.5. In `(0, 1]`.
    pub fn anchor_strength(mut self, strength: f64) -> Self {
        self.anchor_strength = strength;
        self
    }

    /// Whether to fit a pinned background component: the corpus-wide
    /// distribution of language, with a weight in every passage, counted as
    /// general language (see [`crate::GeneralLanguage`]). By default,
    /// `false`: the pinned corpus-mean profile takes almost no weight where
    /// themes fit the passages (0.04 % of the whole UN corpus, no filler)
    /// and a one-subject corpus's subject (53 % of seed-news), see
    /// `crate::background` and issue 13. General language comes by default
    /// from the themes found general
    /// ([`crate::ThemesParams::general_themes`]).
    pub fn background(mut self, on: bool) -> Self {
        self.background = on;
        self
    }

    fn check(&self) -> Result<(), TopicsError> {
        check_iterations(self.max_iter, self.tol)?;
        if !(self.anchor_strength > 0.0 && self.anchor_strength <= 1.0) {
            return invalid(
                "anchor_strength",
                self.anchor_strength.to_string(),
                "in (0, 1]",
            );
        }
        Ok(())
    }
}

/// Settings of the k-means model; every setter documents its default.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansParams {
    pub(crate) max_iter: usize,
    pub(crate) tol: f64,
    pub(crate) n_runs: usize,
    pub(crate) lsa_components: usize,
}

impl Default for KMeansParams {
    fn default() -> Self {
        Self::new()
    }
}

impl KMeansParams {
    /// Default parameters (see each setter).
    pub fn new() -> Self {
        Self {
            max_iter: 200,
            tol: 1e-4,
            n_runs: 10,
            lsa_components: 100,
        }
    }

    /// Maximum iterations per run. By default, 200. At least 1.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Convergence tolerance on the centroids' movement. By default, 1e-4.
    /// Finite and positive.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Restarts (the best inertia is kept). By default, 10 (scikit-learn's
    /// historical `n_init`). At least 1.
    pub fn n_runs(mut self, n_runs: usize) -> Self {
        self.n_runs = n_runs;
        self
    }

    /// LSA dimensions of the embedding. By default, 100 (capped by the
    /// matrix size), the dimension scikit-learn's LSA clustering example
    /// uses. At least 1.
    pub fn lsa_components(mut self, components: usize) -> Self {
        self.lsa_components = components;
        self
    }

    fn check(&self) -> Result<(), TopicsError> {
        check_iterations(self.max_iter, self.tol)?;
        if self.n_runs == 0 {
            return invalid("n_runs", "0".into(), "at least 1");
        }
        if self.lsa_components == 0 {
            return invalid("lsa_components", "0".into(), "at least 1");
        }
        Ok(())
    }
}

/// A model kind with its settings. Build it from [`NmfParams`],
/// [`KMeansParams`] or a [`ModelKind`] (that kind's defaults).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ModelParams {
    /// Non-negative matrix factorisation.
    Nmf(NmfParams),
    /// k-means on an LSA embedding.
    KMeans(KMeansParams),
}

impl Default for ModelParams {
    fn default() -> Self {
        ModelParams::Nmf(NmfParams::new())
    }
}

impl ModelParams {
    /// The model kind.
    pub fn kind(&self) -> ModelKind {
        match self {
            ModelParams::Nmf(p) if p.loss == NmfLoss::KullbackLeibler => ModelKind::NmfKl,
            ModelParams::Nmf(_) => ModelKind::Nmf,
            ModelParams::KMeans(_) => ModelKind::KMeans,
        }
    }

    /// How the model weighs rows against its themes: `None` for k-means,
    /// whose rows go to the nearest centroid.
    pub fn weighing(&self) -> Option<Weighing> {
        match self {
            ModelParams::Nmf(p) => Some(p.weighing),
            ModelParams::KMeans(_) => None,
        }
    }

    /// These settings, weighing rows as `weighing` says when it is given:
    /// what a front end's weighing option (the CLI's `--weighing`, Python's
    /// `weighing=`) asks of the model it names.
    ///
    /// ```
    /// use tidings_topics::{ModelKind, ModelParams, Weighing};
    /// let nmf = ModelParams::from(ModelKind::Nmf).with_weighing(Some(Weighing::LeastSquares))?;
    /// assert_eq!(nmf.weighing(), Some(Weighing::LeastSquares));
    /// assert!(ModelParams::from(ModelKind::KMeans).with_weighing(None).is_ok());
    /// assert!(ModelParams::from(ModelKind::KMeans)
    ///     .with_weighing(Some(Weighing::KullbackLeibler))
    ///     .is_err());
    /// # Ok::<(), tidings_topics::TopicsError>(())
    /// ```
    ///
    /// # Errors
    /// [`TopicsError::InvalidParameter`] for a weighing of k-means, which
    /// has no weights to weigh.
    pub fn with_weighing(self, weighing: Option<Weighing>) -> Result<Self, TopicsError> {
        match (self, weighing) {
            (ModelParams::Nmf(p), Some(w)) => Ok(p.weighing(w).into()),
            (ModelParams::KMeans(_), Some(w)) => invalid(
                "weighing",
                w.to_string(),
                "none with k-means, which gives each row to its nearest centroid (weighing applies to NMF)",
            ),
            (params, None) => Ok(params),
        }
    }

    /// The default settings of `kind`, weighing rows as `weighing` says
    /// (ignored for k-means): the model a saved [`crate::Themes`] weighs
    /// rows with.
    pub(crate) fn for_saved(kind: ModelKind, weighing: Option<Weighing>) -> Self {
        match (Self::from(kind), weighing) {
            (ModelParams::Nmf(p), Some(w)) => p.weighing(w).into(),
            (params, _) => params,
        }
    }

    fn check(&self) -> Result<(), TopicsError> {
        match self {
            ModelParams::Nmf(p) => p.check(),
            ModelParams::KMeans(p) => p.check(),
        }
    }
}

impl From<NmfParams> for ModelParams {
    fn from(p: NmfParams) -> Self {
        ModelParams::Nmf(p)
    }
}

impl From<KMeansParams> for ModelParams {
    fn from(p: KMeansParams) -> Self {
        ModelParams::KMeans(p)
    }
}

impl From<ModelKind> for ModelParams {
    fn from(kind: ModelKind) -> Self {
        match kind {
            ModelKind::Nmf => NmfParams::new().into(),
            ModelKind::NmfKl => NmfParams::new().loss(NmfLoss::KullbackLeibler).into(),
            ModelKind::KMeans => KMeansParams::new().into(),
        }
    }
}

fn invalid<T>(name: &'static str, value: String, expected: &'static str) -> Result<T, TopicsError> {
    Err(TopicsError::InvalidParameter {
        name,
        value,
        expected,
    })
}

fn check_iterations(max_iter: usize, tol: f64) -> Result<(), TopicsError> {
    if max_iter == 0 {
        return invalid("max_iter", "0".into(), "at least 1");
    }
    if !(tol.is_finite() && tol > 0.0) {
        return invalid("tol", tol.to_string(), "finite and > 0");
    }
    Ok(())
}

/// Parameters for [`ValidThemesParams::fit`]; every setter documents its
/// default. Call [`ThemesParams::check`] to validate them.
///
/// The defaults are those of `tidings report`: `auto` themes (as many as
/// the data supports, with broader themes over them), terms weighed by
/// context specificity, themes found to be general language counted as
/// such, no pinned background component, and the model fitted on a sample
/// of very large matrices.
///
/// ```
/// use tidings_topics::{KMeansParams, ModelKind, ThemeCount, ThemesParams};
/// let params = ThemesParams::new().themes(ThemeCount::Fixed(8)).seed(7).check()?;
/// assert_eq!(params.themes_count(), Some(ThemeCount::Fixed(8)));
/// let kmeans = ThemesParams::new().model(KMeansParams::new().n_runs(3)).check()?;
/// assert_eq!(kmeans.model_kind(), ModelKind::KMeans);
/// # Ok::<(), tidings_topics::TopicsError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ThemesParams {
    pub(crate) count: Option<ThemeCount>,
    pub(crate) model: ModelParams,
    pub(crate) seed: u64,
    pub(crate) top_terms: usize,
    pub(crate) representatives: usize,
    pub(crate) seeded: Vec<SeedTheme>,
    pub(crate) phrase_ratio: f64,
    pub(crate) label_candidates: usize,
    pub(crate) selection_rows: usize,
    pub(crate) selection_counts: usize,
    pub(crate) selection_iterations: usize,
    pub(crate) fit_rows: Option<usize>,
    pub(crate) specificity: bool,
    pub(crate) general_themes: bool,
    pub(crate) cancel: Cancel,
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
            count: None,
            model: ModelParams::default(),
            seed: 0,
            top_terms: 10,
            representatives: DEFAULT_REPRESENTATIVES,
            seeded: Vec::new(),
            phrase_ratio: 0.5,
            label_candidates: 30,
            selection_rows: 6_000,
            selection_counts: 6,
            selection_iterations: 100,
            fit_rows: Some(20_000),
            specificity: true,
            general_themes: true,
            cancel: Cancel::never(),
        }
    }

    /// Number of themes. By default, `auto`: as many as the data supports
    /// ([`ThemeCount::FromData`]).
    pub fn themes(mut self, count: ThemeCount) -> Self {
        self.count = Some(count);
        self
    }

    /// Number of themes as given on a command line: `auto` is the default
    /// ([`ThemesParams::themes`]).
    pub fn themes_arg(mut self, count: ThemeCountArg) -> Self {
        self.count = match count {
            ThemeCountArg::Auto => None,
            ThemeCountArg::Count(c) => Some(c),
        };
        self
    }

    /// The model and its settings: [`NmfParams`], [`KMeansParams`], or a
    /// [`ModelKind`] for that kind's defaults. By default, NMF.
    pub fn model(mut self, model: impl Into<ModelParams>) -> Self {
        self.model = model.into();
        self
    }

    /// Random seed for the randomized SVD and k-means. By default, 0.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Top terms listed per theme (and used for coherence and exclusivity).
    /// By default, 10. At least 2.
    pub fn top_terms(mut self, n: usize) -> Self {
        self.top_terms = n;
        self
    }

    /// Representative passages kept per theme. By default,
    /// [`DEFAULT_REPRESENTATIVES`] (2).
    pub fn representatives(mut self, n: usize) -> Self {
        self.representatives = n;
        self
    }

    /// Seeded themes, in file order; they get ids `0..seeded.len()`. By
    /// default, none. Seeded themes need the NMF model.
    pub fn seeded(mut self, themes: Vec<SeedTheme>) -> Self {
        self.seeded = themes;
        self
    }

    /// A multiword phrase (words joined by spaces or hyphens) becomes a
    /// theme's label when its class-based TF-IDF score is at least this
    /// share of the best candidate's. By default, 0.5. In `[0, 1]`; 1
    /// prefers phrases only when they are the best candidate.
    pub fn phrase_ratio(mut self, ratio: f64) -> Self {
        self.phrase_ratio = ratio;
        self
    }

    /// Candidate terms considered for each label. By default, 30. At least 1.
    pub fn label_candidates(mut self, n: usize) -> Self {
        self.label_candidates = n;
        self
    }

    /// With a count range (`MIN..MAX`) and more rows than this, the count is
    /// chosen on an evenly spaced sample of this many rows (only the columns the
    /// sample uses at least twice); with fewer rows every count of the range
    /// is fitted on all rows. By default, 6,000. At least 100.
    pub fn selection_rows(mut self, rows: usize) -> Self {
        self.selection_rows = rows;
        self
    }

    /// With the count chosen on a sample ([`selection_rows`](Self::selection_rows)),
    /// at most this many counts are tried, evenly spread over the range with
    /// both ends included, each fitted with at most `iterations` iterations.
    /// By default, 6 counts and 100 iterations.
    pub fn selection_grid(mut self, counts: usize, iterations: usize) -> Self {
        self.selection_counts = counts;
        self.selection_iterations = iterations;
        self
    }

    /// With more rows than this, the model is fitted on an evenly spaced
    /// sample of this many rows, and every row is then weighed against the
    /// fitted themes (as [`crate::Themes::apply`] does); `None` always fits
    /// on every row. By default, 20,000. At least 100.
    ///
    /// A compute bound, like [`crate::MAX_FINE_THEMES`]: the report's
    /// passages are sections of about 500 words on large corpora, and
    /// fitting 48 themes on all 39,917 sections of the whole UN corpus kept
    /// the report at 62.8 s on two cores, over the project's 60 s budget; on
    /// 20,000 it takes 39.9 s, with the same terrorism theme (share ratio
    /// 2002–06 / 1985–95 of 6.8 against 7.8, seed 0). Smaller corpora are
    /// fitted on every passage.
    pub fn fit_rows(mut self, rows: Option<usize>) -> Self {
        self.fit_rows = rows;
        self
    }

    /// Whether each term is weighted by its context specificity before the
    /// themes are fitted: how much more alike the passages that use it are
    /// than random passages (see the crate's `specificity` module). Terms
    /// whose passages are no more alike than chance ("think", "things",
    /// "furthermore", a publisher's line under every article) get weight
    /// zero: they are general language, kept out of every theme, and listed
    /// as such. The weights are part of the model and applied to every row
    /// it weighs. By default, `true`.
    pub fn specificity(mut self, on: bool) -> Self {
        self.specificity = on;
        self
    }

    /// Whether a fitted theme that is general language rather than a
    /// subject is counted as general language instead of being listed: a
    /// discovered theme with a weight in more than half of the passages
    /// (beyond sampling noise) that carries most of its weight in passages
    /// another theme leads (the chat
    /// of a forum's discussion groups, "one, people, think"; the hedging of
    /// debate speeches, "think, say, seems"). Its share joins the general
    /// language share, its component is weighed beside the themes as part of
    /// the background, and a fit asked for `k` themes lists fewer (a range
    /// of counts is compared on the themes fitted, before any is judged).
    /// Seeded themes are never judged. By default, `true`.
    pub fn general_themes(mut self, on: bool) -> Self {
        self.general_themes = on;
        self
    }

    /// A token that stops the fit: once it is cancelled, the fit returns
    /// [`TopicsError::Interrupted`] within about one solver iteration (the
    /// token is checked between iterations of NMF and between the stages
    /// of a fit: counting, each count compared, fitting, weighing). A fit
    /// that is not cancelled gives the same result as without a token. By
    /// default, [`Cancel::never`].
    ///
    /// ```
    /// use tidings_cancel::Cancel;
    /// use tidings_topics::{ThemeCount, ThemeData, ThemesParams, TopicsError};
    /// let x: sprs::CsMat<f64> = sprs::CsMat::eye(4);
    /// let features: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
    /// let token = Cancel::new();
    /// token.cancel();
    /// let fit = ThemesParams::new().themes(ThemeCount::Fixed(2)).cancel(token).check()?
    ///     .fit(&ThemeData::new(x.view(), &features));
    /// assert!(matches!(fit, Err(TopicsError::Interrupted(_))));
    /// # Ok::<(), TopicsError>(())
    /// ```
    pub fn cancel(mut self, token: Cancel) -> Self {
        self.cancel = token;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`TopicsError::ZeroThemes`], [`TopicsError::InvalidRange`] or
    /// [`TopicsError::InvalidParameter`] naming the bad value.
    pub fn check(self) -> Result<ValidThemesParams, TopicsError> {
        if let Some(count) = self.count {
            count.check()?;
        }
        self.model.check()?;
        if self.top_terms < 2 {
            return invalid("top_terms", self.top_terms.to_string(), "at least 2");
        }
        if self.label_candidates == 0 {
            return invalid("label_candidates", "0".into(), "at least 1");
        }
        if !(0.0..=1.0).contains(&self.phrase_ratio) {
            return invalid("phrase_ratio", self.phrase_ratio.to_string(), "in [0, 1]");
        }
        if self.selection_counts < 2 || self.selection_iterations == 0 {
            return invalid(
                "selection_grid",
                format!(
                    "{} counts, {} iterations",
                    self.selection_counts, self.selection_iterations
                ),
                "at least 2 counts and 1 iteration",
            );
        }
        if self.selection_rows < 100 {
            return invalid(
                "selection_rows",
                self.selection_rows.to_string(),
                "at least 100",
            );
        }
        if let Some(rows) = self.fit_rows.filter(|&r| r < 100) {
            return invalid("fit_rows", rows.to_string(), "at least 100, or none");
        }
        if !self.seeded.is_empty() && self.model.kind() != ModelKind::Nmf {
            return invalid(
                "model",
                format!(
                    "{} with {} seeded themes",
                    self.model.kind(),
                    self.seeded.len()
                ),
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
    /// The requested number of themes; `None` for the default, `auto`
    /// ([`ThemeCount::FromData`]).
    pub fn themes_count(&self) -> Option<ThemeCount> {
        self.0.count
    }

    /// The model that will be fitted.
    pub fn model_kind(&self) -> ModelKind {
        self.0.model.kind()
    }

    /// The seeded themes, in file order.
    pub fn seeded_themes(&self) -> &[SeedTheme] {
        &self.0.seeded
    }

    /// Representative passages kept per theme.
    pub fn representatives(&self) -> usize {
        self.0.representatives
    }

    /// The same settings with other seeded themes, for example without the
    /// themes none of whose seeds survived pruning
    /// ([`drop_unmatched_themes`](crate::drop_unmatched_themes)). Fewer or
    /// other seeded themes leave every checked bound valid.
    pub fn with_seeded(&self, themes: Vec<SeedTheme>) -> Self {
        let mut params = self.0.clone();
        params.seeded = themes;
        Self(params)
    }
}
