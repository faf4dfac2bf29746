//! Vectorizer parameters: unchecked [`VectorizerParams`] and the checked [`Vectorizer`].

use std::fmt;

use serde::{Deserialize, Serialize};
use tidings_tokenize::{Analyzer, AnalyzerConfig, NgramRange, Preset};

use crate::TfidfError;

/// A document-frequency bound: an absolute number of documents or a fraction
/// of the corpus.
///
/// As in scikit-learn, a fraction is resolved against the number of fitted
/// documents `n` as `fraction * n` (a float, not rounded), and a term is kept
/// when `min_df <= df <= max_df`. A `Count` must be at least 1 and a
/// `Fraction` must lie in `[0.0, 1.0]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocFreq {
    /// At least / at most this many documents.
    Count(u64),
    /// At least / at most this fraction of the documents.
    Fraction(f64),
}

impl std::str::FromStr for DocFreq {
    type Err = TfidfError;

    /// Reads a bound as scikit-learn does: an integer is a count of
    /// documents, a number with a decimal point or exponent a fraction.
    /// Counts must be at least 1 and fractions within `[0, 1]`.
    ///
    /// ```
    /// use tidings_tfidf::DocFreq;
    /// assert_eq!("5".parse::<DocFreq>()?, DocFreq::Count(5));
    /// assert_eq!("0.5".parse::<DocFreq>()?, DocFreq::Fraction(0.5));
    /// assert!("0".parse::<DocFreq>().is_err());
    /// assert!("1.5".parse::<DocFreq>().is_err());
    /// # Ok::<(), tidings_tfidf::TfidfError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let v = s.trim();
        let syntax = || TfidfError::DocFreqSyntax {
            value: s.to_string(),
        };
        let bound = if v.contains(['.', 'e', 'E']) {
            DocFreq::Fraction(v.parse().map_err(|_| syntax())?)
        } else {
            DocFreq::Count(v.parse().map_err(|_| syntax())?)
        };
        bound.validate("document frequency")?;
        Ok(bound)
    }
}

impl fmt::Display for DocFreq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocFreq::Count(c) => write!(f, "{c}"),
            DocFreq::Fraction(x) => write!(f, "{x:?}"),
        }
    }
}

impl DocFreq {
    /// The bound in documents for a corpus of `n_docs` documents, as
    /// scikit-learn computes it (`count`, or `fraction * n_docs` in f64).
    pub fn resolve(self, n_docs: u64) -> f64 {
        match self {
            DocFreq::Count(c) => c as f64,
            DocFreq::Fraction(x) => x * n_docs as f64,
        }
    }

    fn validate(self, name: &'static str) -> Result<(), TfidfError> {
        let reason = match self {
            DocFreq::Count(0) => {
                "a count must be at least 1 (use Fraction(0.0) for no lower bound)"
            }
            DocFreq::Fraction(x) if !(0.0..=1.0).contains(&x) => {
                "a fraction must be between 0.0 and 1.0"
            }
            _ => return Ok(()),
        };
        Err(TfidfError::InvalidDocFreq {
            name,
            value: self,
            reason,
        })
    }
}

/// How a term's count in a document becomes its tf weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TfWeighting {
    /// The raw count (scikit-learn's default).
    Raw,
    /// 1 for every term present (scikit-learn's `binary=True`). As in
    /// scikit-learn, `max_features` then ranks terms by document frequency.
    Binary,
    /// `1 + ln(count)` (scikit-learn's `sublinear_tf=True`).
    Sublinear,
}

/// The inverse document frequency factor, for `n` documents and a term in `df` of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdfWeighting {
    /// `ln((1 + n) / (1 + df)) + 1`, as scikit-learn's `smooth_idf=True` (its default).
    Smooth,
    /// `ln(n / df) + 1`, as scikit-learn's `smooth_idf=False`.
    Plain,
    /// No idf factor (scikit-learn's `use_idf=False`).
    None,
}

/// The row normalisation applied last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Norm {
    /// Divide each row by `sqrt(sum x²)` (scikit-learn's default).
    L2,
    /// Divide each row by `sum |x|`.
    L1,
    /// Leave rows as they are.
    None,
}

/// The Default preset's `min_df`.
const DEFAULT_MIN_DF: u64 = 5;
/// With [`VectorizerParams::clamp_min_df`], a `Count` min_df is at most one
/// document in this many.
const CLAMP_DOCS_PER_COUNT: u64 = 20;

/// Unchecked vectorizer parameters. Build them with [`VectorizerParams::preset`]
/// or [`Default`] and the setters, then call [`VectorizerParams::check`] to get
/// a [`Vectorizer`].
///
/// Parameters are a serde value: a fitted [`TfidfModel`](crate::TfidfModel)
/// stores them, so it records exactly how it was built.
///
/// | setting | `Default` (= [`Preset::Default`]) | [`Preset::Sklearn`] (= `TfidfVectorizer()`) |
/// |---|---|---|
/// | analyzer | tokenizer's Default preset (stems, stop words) | tokenizer's Sklearn preset |
/// | ngrams | 1..=2 | 1..=1 |
/// | min_df | `Count(5)`, clamped on small corpora | `Count(1)` |
/// | max_df | `Fraction(1.0)` | `Fraction(1.0)` |
/// | max_features | none | none |
/// | max_vocabulary | none | none |
/// | stop_terms | none | none |
/// | tf | `Sublinear` | `Raw` |
/// | idf | `Smooth` | `Smooth` |
/// | norm | `L2` | `L2` |
/// | surface_forms | on | on |
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VectorizerParams {
    /// How texts are split into terms.
    pub analyzer: AnalyzerConfig,
    /// Which n-grams of terms are counted.
    pub ngrams: NgramRange,
    /// Terms in fewer documents are dropped.
    pub min_df: DocFreq,
    /// Terms in more documents are dropped.
    pub max_df: DocFreq,
    /// Lower a `Count` min_df on small corpora (see [`VectorizerParams::clamp_min_df`]).
    pub clamp_min_df: bool,
    /// Keep only this many features, the most frequent in the corpus.
    pub max_features: Option<usize>,
    /// Hold at most this many distinct terms while counting (see
    /// [`VectorizerParams::max_vocabulary`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_vocabulary: Option<usize>,
    /// Features (terms or n-grams, in analyzed form) never kept.
    pub stop_terms: Vec<String>,
    /// tf weighting.
    pub tf: TfWeighting,
    /// idf weighting.
    pub idf: IdfWeighting,
    /// Row normalisation.
    pub norm: Norm,
    /// Record each feature's most common surface form.
    pub surface_forms: bool,
}

impl Default for VectorizerParams {
    /// The Default preset: see [`VectorizerParams::preset`].
    fn default() -> Self {
        VectorizerParams::preset(Preset::Default)
    }
}

impl VectorizerParams {
    /// Parameters for a preset.
    ///
    /// * [`Preset::Sklearn`]: equal to scikit-learn's `TfidfVectorizer()` with
    ///   its defaults (with the tokenizer's Sklearn preset: same vocabulary,
    ///   same column order, every entry within 1e-12).
    /// * [`Preset::Default`]: stems and stop words (the tokenizer's Default
    ///   preset), unigrams and bigrams, `min_df = Count(5)` lowered on small
    ///   corpora ([`clamp_min_df`](Self::clamp_min_df)), sublinear tf, smooth
    ///   idf, l2 norm.
    pub fn preset(preset: Preset) -> Self {
        let sklearn = VectorizerParams {
            analyzer: AnalyzerConfig::preset(Preset::Sklearn),
            ngrams: NgramRange::unigrams(),
            min_df: DocFreq::Count(1),
            max_df: DocFreq::Fraction(1.0),
            clamp_min_df: false,
            max_features: None,
            max_vocabulary: None,
            stop_terms: Vec::new(),
            tf: TfWeighting::Raw,
            idf: IdfWeighting::Smooth,
            norm: Norm::L2,
            surface_forms: true,
        };
        match preset {
            Preset::Sklearn => sklearn,
            other => VectorizerParams {
                analyzer: AnalyzerConfig::preset(other),
                ngrams: NgramRange::new(1, 2).unwrap_or_else(|_| NgramRange::unigrams()),
                min_df: DocFreq::Count(DEFAULT_MIN_DF),
                clamp_min_df: true,
                tf: TfWeighting::Sublinear,
                ..sklearn
            },
        }
    }

    /// The analyzer configuration. By default, the tokenizer's preset of the same name.
    pub fn analyzer(mut self, analyzer: AnalyzerConfig) -> Self {
        self.analyzer = analyzer;
        self
    }

    /// The n-gram range. By default, 1..=2 (Default) or 1..=1 (Sklearn).
    pub fn ngrams(mut self, ngrams: NgramRange) -> Self {
        self.ngrams = ngrams;
        self
    }

    /// Drop terms found in fewer documents. By default, `Count(5)` (Default) or `Count(1)` (Sklearn).
    pub fn min_df(mut self, min_df: DocFreq) -> Self {
        self.min_df = min_df;
        self
    }

    /// Drop terms found in more documents. By default, `Fraction(1.0)` (no bound).
    pub fn max_df(mut self, max_df: DocFreq) -> Self {
        self.max_df = max_df;
        self
    }

    /// When on, a `Count` min_df is lowered to `max(1, n / 20)` for a corpus
    /// of `n` documents when that is smaller, so that small corpora keep a
    /// vocabulary: 1 below 40 documents, 2 below 60, ..., the full count from
    /// `20 * count` documents on. By default on (Default) or off (Sklearn).
    pub fn clamp_min_df(mut self, clamp: bool) -> Self {
        self.clamp_min_df = clamp;
        self
    }

    /// Keep at most this many features: those with the largest corpus
    /// frequency (total count; document frequency with [`TfWeighting::Binary`],
    /// as scikit-learn), ties broken by the sorted term order (the earlier
    /// term wins), so the kept set is deterministic. scikit-learn ranks
    /// its sorted columns with numpy's unstable `argsort`: it keeps the
    /// same terms above the cut, but which terms tied at the cut it keeps
    /// is not defined (a stable sort would keep the ones kept here).
    /// Applied after `min_df`/`max_df`. By default, no limit.
    pub fn max_features(mut self, max_features: Option<usize>) -> Self {
        self.max_features = max_features;
        self
    }

    /// A memory bound for hostile or huge corpora: hold at most this many
    /// distinct terms (n-grams included) while counting. Documents are
    /// counted in batches (8192 documents, or one batch of a stream); after
    /// each batch in which more distinct terms have been seen, the rarest are
    /// pruned (lowest total count; among equal counts, the later term in byte
    /// order), as gensim's `prune_at` does. A pruned term that appears again
    /// is counted afresh, so the counts of such terms are lower bounds and
    /// the rows of the documents before the pruning lack it. The final
    /// vocabulary has at most this many terms, before `min_df`, `max_df` and
    /// `max_features`. Pruning points depend only on the documents, never on
    /// the number of threads. Must be at least 1. By default, no limit (the
    /// vocabulary grows with the corpus).
    pub fn max_vocabulary(mut self, max_vocabulary: Option<usize>) -> Self {
        self.max_vocabulary = max_vocabulary;
        self
    }

    /// Features never kept, compared with the analyzed form (after
    /// lowercasing/stemming; n-grams joined by one space). Unlike the
    /// analyzer's stop words they do not break n-grams. By default, none.
    pub fn stop_terms(mut self, stop_terms: Vec<String>) -> Self {
        self.stop_terms = stop_terms;
        self
    }

    /// tf weighting. By default, `Sublinear` (Default) or `Raw` (Sklearn).
    pub fn tf(mut self, tf: TfWeighting) -> Self {
        self.tf = tf;
        self
    }

    /// idf weighting. By default, `Smooth`.
    pub fn idf(mut self, idf: IdfWeighting) -> Self {
        self.idf = idf;
        self
    }

    /// Row normalisation. By default, `L2`.
    pub fn norm(mut self, norm: Norm) -> Self {
        self.norm = norm;
        self
    }

    /// Record each feature's most common surface form (for labels). Costs a
    /// little time and memory while fitting. By default, on.
    pub fn surface_forms(mut self, on: bool) -> Self {
        self.surface_forms = on;
        self
    }

    /// Validate the parameters and build the analyzer.
    ///
    /// # Errors
    /// [`TfidfError::InvalidDocFreq`] for a bound out of range,
    /// [`TfidfError::MinDfAboveMaxDf`] when both bounds are of the same kind
    /// and `min_df > max_df` (mixed kinds are checked against the corpus size
    /// when fitting), [`TfidfError::ZeroMaxFeatures`],
    /// [`TfidfError::ZeroMaxVocabulary`], and
    /// [`TfidfError::Analyzer`] when the tokenizer rejects the configuration.
    pub fn check(self) -> Result<Vectorizer, TfidfError> {
        self.check_values()?;
        let analyzer = Analyzer::new(self.analyzer.clone())?;
        Ok(Vectorizer {
            params: self,
            analyzer,
        })
    }

    pub(crate) fn check_values(&self) -> Result<(), TfidfError> {
        self.min_df.validate("min_df")?;
        self.max_df.validate("max_df")?;
        let inverted = match (self.min_df, self.max_df) {
            (DocFreq::Count(lo), DocFreq::Count(hi)) => lo > hi,
            (DocFreq::Fraction(lo), DocFreq::Fraction(hi)) => lo > hi,
            _ => false,
        };
        if inverted && !self.clamp_min_df {
            return Err(TfidfError::MinDfAboveMaxDf {
                min_df: self.min_df,
                max_df: self.max_df,
                n_docs: None,
            });
        }
        if self.max_features == Some(0) {
            return Err(TfidfError::ZeroMaxFeatures);
        }
        if self.max_vocabulary == Some(0) {
            return Err(TfidfError::ZeroMaxVocabulary);
        }
        Ok(())
    }

    /// The document-frequency window `(low, high)` for `n_docs` documents,
    /// after clamping; errors as scikit-learn when `high < low`.
    pub(crate) fn df_window(&self, n_docs: u64) -> Result<(f64, f64), TfidfError> {
        let min_df = match self.min_df {
            DocFreq::Count(c) if self.clamp_min_df => {
                DocFreq::Count(c.min((n_docs / CLAMP_DOCS_PER_COUNT).max(1)))
            }
            other => other,
        };
        let low = min_df.resolve(n_docs);
        let high = self.max_df.resolve(n_docs);
        if high < low {
            return Err(TfidfError::MinDfAboveMaxDf {
                min_df,
                max_df: self.max_df,
                n_docs: Some(n_docs),
            });
        }
        Ok((low, high))
    }
}

/// Checked parameters with a ready analyzer: fits models and vectorizes
/// documents. Immutable, `Send + Sync`; build it with [`VectorizerParams::check`].
#[derive(Clone)]
pub struct Vectorizer {
    pub(crate) params: VectorizerParams,
    pub(crate) analyzer: Analyzer,
}

impl fmt::Debug for Vectorizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vectorizer")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl Vectorizer {
    /// Check `params` (see [`VectorizerParams::check`]).
    ///
    /// # Errors
    /// As [`VectorizerParams::check`].
    pub fn new(params: VectorizerParams) -> Result<Self, TfidfError> {
        params.check()
    }

    /// A vectorizer for a preset (presets always pass the checks).
    ///
    /// # Errors
    /// As [`VectorizerParams::check`]; never for the built-in presets.
    pub fn preset(preset: Preset) -> Result<Self, TfidfError> {
        VectorizerParams::preset(preset).check()
    }

    /// The checked parameters.
    pub fn params(&self) -> &VectorizerParams {
        &self.params
    }

    /// The analyzer built from the parameters.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }
}
