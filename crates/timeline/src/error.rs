//! Errors of parameter checking and timeline building.

use crate::calendar::Granularity;

/// What went wrong while checking parameters or building a timeline.
///
/// Every variant carries the offending value and, for input errors, the index
/// of the document it came from.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TimelineError {
    /// The confidence level must lie strictly between 0 and 1.
    #[error("confidence = {value} is not strictly between 0 and 1")]
    InvalidConfidence {
        /// The rejected level.
        value: f64,
    },
    /// The significance level must lie strictly between 0 and 1.
    #[error("alpha = {value} is not strictly between 0 and 1")]
    InvalidAlpha {
        /// The rejected level.
        value: f64,
    },
    /// At least one posterior draw (bootstrap resample) is needed.
    #[error("bootstrap_samples = {value}: at least 1 resample is needed")]
    InvalidBootstrapSamples {
        /// The rejected number of resamples.
        value: usize,
    },
    /// Kleinberg's burst scale `s` must be finite and greater than 1.
    #[error("burst scale s = {value} is not a finite number greater than 1")]
    InvalidBurstScale {
        /// The rejected scale.
        value: f64,
    },
    /// Kleinberg's transition cost `gamma` must be finite and positive.
    #[error("burst gamma = {value} is not a finite positive number")]
    InvalidBurstGamma {
        /// The rejected cost factor.
        value: f64,
    },
    /// The fraction of the peak share that marks a theme's first period must
    /// lie in (0, 1].
    #[error("first_fraction_of_peak = {value} is not in (0, 1]")]
    InvalidFirstFraction {
        /// The rejected fraction.
        value: f64,
    },
    /// The minimum fraction of dated documents `Auto` must be able to place
    /// must lie in [0, 1].
    #[error("auto min_placeable_fraction = {value} is not in [0, 1]")]
    InvalidPlaceableFraction {
        /// The rejected fraction.
        value: f64,
    },
    /// The stray-date fraction must lie in [0, 0.5).
    #[error("outlier_fraction = {value} is not in [0, 0.5)")]
    InvalidOutlierFraction {
        /// The rejected fraction.
        value: f64,
    },
    /// The range starts after it ends.
    #[error("the range starts on {from} after it ends on {to}")]
    InvalidRange {
        /// The first day asked for.
        from: jiff::civil::Date,
        /// The last day asked for.
        to: jiff::civil::Date,
    },
    /// A period limit of zero leaves no room for any period.
    #[error("{name} = 0: at least one period must be allowed")]
    ZeroPeriodLimit {
        /// Which limit (`max_periods` or `auto max_periods`).
        name: &'static str,
    },
    /// A document's theme-weight vector has the wrong length.
    #[error("document {document}: {found} theme weights, expected {expected}")]
    WeightCount {
        /// Index of the document in the input.
        document: usize,
        /// Number of themes the timeline was built for.
        expected: usize,
        /// Number of weights the document has.
        found: usize,
    },
    /// A theme weight is negative, infinite or NaN.
    #[error(
        "document {document}, theme {theme}: weight {value} is not a finite non-negative number"
    )]
    InvalidWeight {
        /// Index of the document in the input.
        document: usize,
        /// Index of the theme.
        theme: usize,
        /// The rejected weight.
        value: f64,
    },
    /// A document length is negative, infinite or NaN.
    #[error("document {document}: length {value} is not a finite non-negative number")]
    InvalidLength {
        /// Index of the document in the input.
        document: usize,
        /// The rejected length.
        value: f64,
    },
    /// More themes to report than the documents have
    /// ([`ValidTimelineParams::build_leading`](crate::ValidTimelineParams::build_leading)).
    #[error("{reported} themes to report, but the documents have {themes}")]
    ReportedThemes {
        /// The number of themes to report.
        reported: usize,
        /// The number of themes of the documents.
        themes: usize,
    },
    /// The chosen granularity would produce more periods than allowed.
    #[error(
        "{periods} {granularity:?} periods between {from} and {to} exceed max_periods = {max}"
    )]
    TooManyPeriods {
        /// The granularity asked for.
        granularity: Granularity,
        /// The number of periods it would need.
        periods: u64,
        /// The configured maximum.
        max: usize,
        /// Label of the first period.
        from: String,
        /// Label of the last period.
        to: String,
    },
    /// A granularity name that is not one of `day`, `week`, `month`,
    /// `quarter`, `year`, `auto`.
    #[error("unknown granularity {value:?} (expected day, week, month, quarter, year or auto)")]
    UnknownGranularity {
        /// The rejected name.
        value: String,
    },
    /// A term-count row refers to a document index outside the placements.
    #[error("term rows: {rows} rows for {documents} documents")]
    TermRowCount {
        /// Number of term-count rows given.
        rows: usize,
        /// Number of documents in the timeline.
        documents: usize,
    },
}
