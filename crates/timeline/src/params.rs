//! Checked parameters of a timeline ([`TimelineParams`] → [`ValidTimelineParams`]).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::calendar::Granularity;
use crate::error::TimelineError;

/// The rule `Granularity::Auto` uses to choose a granularity.
///
/// Granularities are tried from finest (day) to coarsest (year); the first one
/// that satisfies all three conditions is chosen:
///
/// 1. at least `min_placeable_fraction` of the dated documents have a date
///    precise enough for it (so auto never picks months when most documents
///    carry only a year);
/// 2. it needs at most `max_periods` periods from the first to the last
///    placeable document;
/// 3. the median number of documents over its **non-empty** periods is at
///    least `min_median_documents`.
///
/// If no granularity qualifies, `Year` is chosen (every dated document can be
/// placed in a year).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AutoRule {
    /// Minimum median number of documents per non-empty period. Default: 5.
    pub min_median_documents: usize,
    /// Maximum number of periods. Default: 200.
    pub max_periods: usize,
    /// Minimum fraction of dated documents the granularity must be able to
    /// place. Default: 0.9.
    pub min_placeable_fraction: f64,
}

impl Default for AutoRule {
    fn default() -> Self {
        AutoRule {
            min_median_documents: 5,
            max_periods: 200,
            min_placeable_fraction: 0.9,
        }
    }
}

/// What Kleinberg's burst model counts in each period for a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BurstCounts {
    /// The number of documents the theme dominates (its weight is the
    /// largest), out of all documents of the period.
    Dominant,
    /// The theme's summed (per-document normalised) weight, out of the
    /// number of documents with any theme weight.
    Mass,
}

/// Unchecked timeline parameters; call [`check`](TimelineParams::check) to
/// validate them. Every setter documents its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineParams {
    granularity: Granularity,
    auto: AutoRule,
    max_periods: usize,
    confidence: f64,
    bootstrap_samples: usize,
    seed: u64,
    alpha: f64,
    first_fraction_of_peak: f64,
    burst_scale: f64,
    burst_gamma: f64,
    burst_counts: BurstCounts,
    #[serde(default = "default_outlier_fraction")]
    outlier_fraction: f64,
    #[serde(default)]
    from: Option<Date>,
    #[serde(default)]
    to: Option<Date>,
}

fn default_outlier_fraction() -> f64 {
    0.01
}

impl Default for TimelineParams {
    fn default() -> Self {
        TimelineParams {
            granularity: Granularity::Auto,
            auto: AutoRule::default(),
            max_periods: 10_000,
            confidence: 0.9,
            bootstrap_samples: 1000,
            seed: 0,
            alpha: 0.05,
            first_fraction_of_peak: 0.25,
            burst_scale: 2.0,
            burst_gamma: 1.0,
            burst_counts: BurstCounts::Dominant,
            outlier_fraction: default_outlier_fraction(),
            from: None,
            to: None,
        }
    }
}

impl TimelineParams {
    /// Default parameters (same as [`Default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Period granularity. Default: [`Granularity::Auto`].
    pub fn granularity(mut self, granularity: Granularity) -> Self {
        self.granularity = granularity;
        self
    }

    /// The rule `Auto` uses. Default: [`AutoRule::default`].
    pub fn auto_rule(mut self, rule: AutoRule) -> Self {
        self.auto = rule;
        self
    }

    /// Maximum number of periods for an explicitly chosen granularity
    /// (building fails beyond it). Default: 10 000.
    pub fn max_periods(mut self, max: usize) -> Self {
        self.max_periods = max;
        self
    }

    /// Confidence level of the share intervals, in (0, 1). Default: 0.9.
    pub fn confidence(mut self, confidence: f64) -> Self {
        self.confidence = confidence;
        self
    }

    /// Number of posterior draws per period for the share intervals (the
    /// Bayesian bootstrap's resamples), at least 1. Default: 1000.
    pub fn bootstrap_samples(mut self, samples: usize) -> Self {
        self.bootstrap_samples = samples;
        self
    }

    /// Seed of the Bayesian bootstrap draws. Default: 0.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Significance level of the (weighted least-squares) trend test, in (0, 1).
    /// Default: 0.05.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// A theme's first period is the first non-empty period whose share is at
    /// least this fraction of the theme's peak share, in (0, 1].
    /// Default: 0.25.
    pub fn first_fraction_of_peak(mut self, fraction: f64) -> Self {
        self.first_fraction_of_peak = fraction;
        self
    }

    /// Kleinberg's state scale `s` (the burst rate is `s` times the base
    /// rate), greater than 1. Default: 2.
    pub fn burst_scale(mut self, s: f64) -> Self {
        self.burst_scale = s;
        self
    }

    /// Kleinberg's transition cost factor `gamma` (entering the burst state
    /// costs `gamma · ln n` for `n` periods), positive. Default: 1.
    pub fn burst_gamma(mut self, gamma: f64) -> Self {
        self.burst_gamma = gamma;
        self
    }

    /// What the burst model counts. Default: [`BurstCounts::Dominant`].
    pub fn burst_counts(mut self, counts: BurstCounts) -> Self {
        self.burst_counts = counts;
        self
    }

    /// Stray dates: the dated documents beyond Tukey's outer fences on one
    /// side (more than 1.5 interquartile ranges of days before the first or
    /// after the third quartile; J. W. Tukey, *Exploratory Data Analysis*,
    /// 1977, §2C) are kept out of the period range when they are at most
    /// this fraction of the dated documents. They still count in the themes
    /// and go to the `outside` bucket, listed by period. The fraction keeps
    /// the rule to a handful of strays: a real tail of the corpus (the early
    /// years of a growing archive) is more than 1 % of it and stays. 0
    /// turns the rule off. In [0, 0.5). Default: 0.01.
    pub fn outlier_fraction(mut self, fraction: f64) -> Self {
        self.outlier_fraction = fraction;
        self
    }

    /// The range of the timeline, first and last day included: the periods
    /// run from the period of `from` to the period of `to`, empty ones
    /// included, and the documents dated outside it go to the `outside`
    /// bucket, where they are counted and listed by period (they still
    /// count in the themes). A document dated less precisely than a day is
    /// inside when any day it may fall on is. A bound replaces the
    /// stray-date rule ([`outlier_fraction`](Self::outlier_fraction)) on
    /// its side. Default: none, the range of the documents.
    pub fn range(mut self, from: Option<Date>, to: Option<Date>) -> Self {
        self.from = from;
        self.to = to;
        self
    }

    /// Validate the parameters.
    ///
    /// # Errors
    /// The first invalid parameter found, with its value.
    pub fn check(self) -> Result<ValidTimelineParams, TimelineError> {
        let open_unit = |v: f64| v > 0.0 && v < 1.0;
        if !open_unit(self.confidence) {
            return Err(TimelineError::InvalidConfidence {
                value: self.confidence,
            });
        }
        if !open_unit(self.alpha) {
            return Err(TimelineError::InvalidAlpha { value: self.alpha });
        }
        if self.bootstrap_samples == 0 {
            return Err(TimelineError::InvalidBootstrapSamples {
                value: self.bootstrap_samples,
            });
        }
        if !(self.burst_scale.is_finite() && self.burst_scale > 1.0) {
            return Err(TimelineError::InvalidBurstScale {
                value: self.burst_scale,
            });
        }
        if !(self.burst_gamma.is_finite() && self.burst_gamma > 0.0) {
            return Err(TimelineError::InvalidBurstGamma {
                value: self.burst_gamma,
            });
        }
        if !(self.first_fraction_of_peak > 0.0 && self.first_fraction_of_peak <= 1.0) {
            return Err(TimelineError::InvalidFirstFraction {
                value: self.first_fraction_of_peak,
            });
        }
        if !(0.0..0.5).contains(&self.outlier_fraction) {
            return Err(TimelineError::InvalidOutlierFraction {
                value: self.outlier_fraction,
            });
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(TimelineError::InvalidRange { from, to });
            }
        }
        let fraction = self.auto.min_placeable_fraction;
        if !(0.0..=1.0).contains(&fraction) {
            return Err(TimelineError::InvalidPlaceableFraction { value: fraction });
        }
        if self.max_periods == 0 {
            return Err(TimelineError::ZeroPeriodLimit {
                name: "max_periods",
            });
        }
        if self.auto.max_periods == 0 {
            return Err(TimelineError::ZeroPeriodLimit {
                name: "auto max_periods",
            });
        }
        Ok(ValidTimelineParams(self))
    }
}

/// Parameters that passed [`TimelineParams::check`]; only these can build a
/// timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidTimelineParams(TimelineParams);

impl ValidTimelineParams {
    /// The requested granularity (possibly `Auto`).
    pub fn granularity(&self) -> Granularity {
        self.0.granularity
    }
    /// The rule used by `Auto`.
    pub fn auto_rule(&self) -> AutoRule {
        self.0.auto
    }
    /// Maximum number of periods for an explicit granularity.
    pub fn max_periods(&self) -> usize {
        self.0.max_periods
    }
    /// Confidence level of the share intervals.
    pub fn confidence(&self) -> f64 {
        self.0.confidence
    }
    /// Posterior draws per period for the share intervals.
    pub fn bootstrap_samples(&self) -> usize {
        self.0.bootstrap_samples
    }
    /// Seed of the Bayesian bootstrap draws.
    pub fn seed(&self) -> u64 {
        self.0.seed
    }
    /// Trend test significance level.
    pub fn alpha(&self) -> f64 {
        self.0.alpha
    }
    /// Fraction of the peak share that marks the first period.
    pub fn first_fraction_of_peak(&self) -> f64 {
        self.0.first_fraction_of_peak
    }
    /// Kleinberg scale `s`.
    pub fn burst_scale(&self) -> f64 {
        self.0.burst_scale
    }
    /// Kleinberg transition cost `gamma`.
    pub fn burst_gamma(&self) -> f64 {
        self.0.burst_gamma
    }
    /// What the burst model counts.
    pub fn burst_counts(&self) -> BurstCounts {
        self.0.burst_counts
    }
    /// The largest share of dated documents left out of the period range
    /// as stray dates.
    pub fn outlier_fraction(&self) -> f64 {
        self.0.outlier_fraction
    }
    /// The first day of the range, if set.
    pub fn from(&self) -> Option<Date> {
        self.0.from
    }
    /// The last day of the range, if set.
    pub fn to(&self) -> Option<Date> {
        self.0.to
    }
}
