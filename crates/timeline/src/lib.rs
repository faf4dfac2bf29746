//! Theme prevalence over calendar time: the statistical core of the
//! `tidings report` timeline.
//!
//! Give it, per document, an optional date (with its [`Precision`]), a length
//! and a theme-weight vector; it returns calendar-aligned periods with each
//! theme's share, dominant-document count and interval (a Bayesian bootstrap
//! with a Jeffreys prior, honest from one document up),
//! and per theme a trend (weighted least-squares slope per year and its
//! t-test, each period weighted by its documents) and Kleinberg bursts.
//!
//! # Example
//!
//! ```
//! use jiff::civil::date;
//! use tidings_timeline::{TimelineDocument, DocumentDate, Granularity, Precision, TimelineParams};
//!
//! let year = |y| Some(DocumentDate { date: date(y, 1, 1), precision: Precision::Year });
//! let docs = [
//!     TimelineDocument { date: year(2020), length: 100.0, weights: &[0.9, 0.1] },
//!     TimelineDocument { date: year(2022), length: 100.0, weights: &[0.2, 0.8] },
//!     TimelineDocument { date: None, length: 50.0, weights: &[0.5, 0.5] },
//! ];
//! let report = TimelineParams::new()
//!     .granularity(Granularity::Auto)
//!     .seed(7)
//!     .check()?
//!     .build(2, &docs)?;
//!
//! let timeline = &report.timeline;
//! assert_eq!(timeline.granularity, Granularity::Year);
//! let labels: Vec<&str> = timeline.periods.iter().map(|p| p.period.as_str()).collect();
//! assert_eq!(labels, ["2020", "2021", "2022"]);
//! assert_eq!(timeline.periods[1].documents, 0); // empty periods are kept
//! assert_eq!(timeline.undated.documents, 1);
//! assert!((timeline.periods[0].shares[0].share.unwrap() - 0.9).abs() < 1e-12);
//! assert_eq!(timeline.periods[1].shares[0].share, None); // no share in an empty period
//!
//! let json = serde_json::to_value(&report)?;
//! assert_eq!(json["timeline"]["periods"][0]["shares"]["0"]["documents"], 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Methods
//!
//! * **Periods.** [`Granularity`] day, ISO week (Monday start), month,
//!   quarter or year, or `Auto` ([`AutoRule`]: the finest granularity whose
//!   median documents per non-empty period reaches a minimum, within a
//!   maximum number of periods, and that can place most dated documents).
//!   Periods run from the first to the last placed document, or over the
//!   range set with [`TimelineParams::range`], empty ones included; the
//!   first/last period is `partial` when the corpus span (or the range) does
//!   not reach its first/last day (see [`Timeline`]). Documents outside a
//!   set range go to the `outside` bucket, counted and listed by period.
//! * **Stray dates.** A handful of documents far from the bulk (beyond
//!   Tukey's fences, at most 1% of the dated documents on that side; see
//!   [`TimelineParams::outlier_fraction`]) do not stretch the range: they go
//!   to the `outside` bucket, listed by period, and still count in the
//!   themes.
//! * **Dates.** Undated documents go to the `undated` bucket, never into a
//!   period. A document whose date is coarser than the granularity (a
//!   year-only date in a monthly timeline) goes to the `imprecise` bucket and
//!   is counted there; `Auto` avoids granularities that would put more than
//!   10% of the dated documents there (configurable).
//! * **Shares.** Share of theme `t` in a period =
//!   `Σ_d len_d ŵ_dt / Σ_d len_d` over the period's documents with any theme
//!   weight, `ŵ_d` being the weights normalised to sum 1; shares sum to 1 in
//!   every period that has such a document, and are `null` (no share, not 0)
//!   in a period that has none.
//! * **Intervals.** Equal-tailed posterior interval of each share (default
//!   90%) by the Bayesian bootstrap (Rubin 1981) with a Jeffreys prior: the
//!   period's documents get Dirichlet(1, …, 1) weights, together with two
//!   pseudo-documents of the period's mean length, one wholly in the theme
//!   and one wholly outside it, of weight ½ each; 1000 posterior draws by
//!   default.
//!   For documents wholly in or out of a theme and of equal length this is
//!   exactly the Jeffreys interval for a binomial proportion (Brown, Cai &
//!   DasGupta 2001); with many documents it follows their actual spread and
//!   lengths, as the ordinary bootstrap does. One document gives a wide
//!   interval, not a zero-width one; in simulation the 90% interval covers
//!   a known share at least 85% of the time from one document up, and
//!   85–95% from ten (`tests/intervals.rs`). The interval always contains
//!   the share. Each period's random stream is seeded from
//!   `(seed, period index)`, so results do not depend on the thread count.
//! * **Trend.** Over the periods holding weighted documents: weighted
//!   least-squares slope of share against the period mid-point in years,
//!   each period weighted by its number of documents, and the two-sided
//!   t-test of that slope on `m − 2` degrees of freedom (see [`trend`]);
//!   `rising`/`fading` when `p < alpha` (default 0.05), else `steady`. With
//!   fewer than 5 such periods ([`MIN_TREND_PERIODS`]) there is no slope
//!   ("too few periods"). The
//!   unweighted Mann–Kendall statistic is reported for reference.
//! * **Bursts.** Kleinberg's two-state batched model (see [`burst`]) on the
//!   number of documents the theme dominates per period, `s = 2`,
//!   `gamma = 1` by default.
//!
//! # JSON schema
//!
//! [`TimelineReport`] serialises as
//!
//! ```text
//! { "timeline": { "granularity": "year", "auto": true, "from": "2020-01-01", "to": "2022-12-31",
//!                 "periods": [ { "period": "2020", "start": "2020-01-01", "end": "2020-12-31",
//!                                "documents": 1, "partial": false,
//!                                "shares": { "0": { "share", "ci_low", "ci_high", "documents" }, ... } } ],
//!                 "undated":   { "documents": 1, "shares": { "0": {...}, ... } },
//!                 "imprecise": { "documents": 0, "shares": { ... } },
//!                 "outside":   { "documents": 0, "shares": { ... },
//!                                "periods": [ { "period": "2016-04", "documents": 2 } ] } },
//!   "themes": [ { "id": 0, "trend": { "direction": "rising", "slope_per_year",
//!                                    "slope_std_error", "p_value", "mann_kendall_s", "z" },
//!                 "bursts": [ { "start": "2001", "end": "2003", "start_index", "end_index", "weight" } ],
//!                 "first_period": "2020", "peak_period": "2020" } ] }
//! ```
//!
//! Theme ids are indices into the weight vectors. `share`, `ci_low` and
//! `ci_high` are `null` for groups without weighted documents;
//! `slope_per_year`,
//! `slope_std_error` and `p_value` are `null` when there are too few
//! non-empty periods (fewer than [`MIN_TREND_PERIODS`]), `z` with fewer
//! than 3.
#![deny(missing_docs)]

pub mod burst;
mod calendar;
mod error;
mod params;
mod prevalence;
mod terms;
mod timeline;
pub mod trend;

pub use burst::{kleinberg_bursts, Burst, BurstSpan};
pub use calendar::{Granularity, Precision};
pub use error::TimelineError;
pub use params::{AutoRule, BurstCounts, TimelineParams, ValidTimelineParams};
pub use prevalence::ThemeShare;
pub use terms::{top_terms_by_period, top_theme_terms_by_period, TopTerms};
pub use timeline::{
    Bucket, BucketKind, DocumentDate, Period, PeriodCount, Placement, ThemeTimeline, Timeline,
    TimelineDocument, TimelineReport,
};
pub use trend::{
    mann_kendall, normal_cdf, student_t_two_sided, weighted_slope, Direction, MannKendall, Trend,
    WeightedSlope, MIN_TREND_PERIODS,
};
