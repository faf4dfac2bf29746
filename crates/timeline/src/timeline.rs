//! Building a timeline: placing documents in calendar periods, prevalence per
//! period, trends and bursts per theme.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::burst::{kleinberg_bursts, Burst};
use crate::calendar::{
    date_of, document_span, mid_year, ordinal, ordinal_end, ordinal_label, ordinal_start,
    Granularity, Precision,
};
use crate::error::TimelineError;
use crate::params::{BurstCounts, ValidTimelineParams};
use crate::prevalence::{group_seed, group_shares, Contributions, ThemeShare};
use crate::trend::{trend, Trend};

/// A document's date and how precisely it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDate {
    /// The date. With month precision the day is ignored; with year
    /// precision the month and day are ignored.
    pub date: Date,
    /// How precisely the date is known.
    pub precision: Precision,
}

/// One document as the timeline sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimelineDocument<'a> {
    /// The document's date, or `None` when it is undated (never guessed).
    pub date: Option<DocumentDate>,
    /// The document's weight in shares, e.g. its number of tokens. Finite and
    /// non-negative.
    pub length: f64,
    /// Theme weights, one per theme, finite and non-negative. They are
    /// normalised to sum to 1 per document; an all-zero vector means the
    /// document belongs to no theme (it still counts as a document).
    pub weights: &'a [f64],
}

/// Where a document was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// In the period with this index of [`Timeline::periods`].
    Period(usize),
    /// In the undated bucket.
    Undated,
    /// Dated, but less precisely than the granularity (e.g. a year-only
    /// date in a monthly timeline): in the imprecise bucket.
    Imprecise,
    /// A stray date far from the bulk of the corpus (see
    /// [`TimelineParams::outlier_fraction`](crate::TimelineParams::outlier_fraction)):
    /// in the outside bucket.
    Outside,
}

/// One calendar period of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// Label: `2020`, `2020-Q1`, `2020-03`, `2020-W09` or `2020-03-05`.
    pub period: String,
    /// First day of the period.
    pub start: Date,
    /// Last day of the period (inclusive).
    pub end: Date,
    /// Number of documents placed in the period (0 for empty periods).
    pub documents: usize,
    /// Whether the data covers the period only in part; see
    /// [`Timeline`] for the definition.
    pub partial: bool,
    /// Prevalence of each theme, keyed by theme index (`"0"`, `"1"`, …).
    #[serde(with = "theme_map")]
    pub shares: Vec<ThemeShare>,
}

/// Documents outside the periods (undated, imprecisely dated, or outside
/// the range).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    /// Number of documents in the bucket.
    pub documents: usize,
    /// Prevalence of each theme among them, keyed by theme index.
    #[serde(with = "theme_map")]
    pub shares: Vec<ThemeShare>,
    /// For the outside bucket: its documents by period of the timeline's
    /// granularity (by year for dates coarser than it), in calendar order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<PeriodCount>,
}

/// Which bucket of documents outside the periods: a typed name for
/// [`Timeline::undated`], [`Timeline::imprecise`] and [`Timeline::outside`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BucketKind {
    /// Documents without a date ([`Timeline::undated`]).
    Undated,
    /// Documents dated less precisely than the granularity
    /// ([`Timeline::imprecise`]).
    Imprecise,
    /// Stray dates and dates outside the range ([`Timeline::outside`]).
    Outside,
}

impl BucketKind {
    /// The three buckets, in the order a timeline lists them.
    pub const ALL: [BucketKind; 3] = [
        BucketKind::Undated,
        BucketKind::Imprecise,
        BucketKind::Outside,
    ];
}

/// A number of documents in one calendar period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodCount {
    /// The period's label.
    pub period: String,
    /// How many documents.
    pub documents: usize,
}

/// The periods of a timeline and the buckets of documents outside them.
///
/// Periods are calendar-aligned and run from the period of the first to the
/// period of the last placed document, or of the bounds of the range when
/// one is set ([`TimelineParams::range`](crate::TimelineParams::range)),
/// empty periods included.
///
/// **Partial periods.** Each placed document covers a span of days: its day,
/// or its whole month or year for month- or year-precision dates. The corpus
/// span runs from the earliest first day to the latest last day of these
/// spans; a bound of the range replaces its end on that side. The first
/// period is `partial` when the corpus span starts after the
/// period's first day; the last period is `partial` when the corpus span ends
/// before the period's last day. Inner periods are never partial (a day
/// timeline never has partial periods).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The granularity used (never `auto`).
    pub granularity: Granularity,
    /// Whether the granularity was chosen by `auto`.
    pub auto: bool,
    /// First day of the corpus span (see above); `null` without placed
    /// documents.
    pub from: Option<Date>,
    /// Last day of the corpus span; `null` without placed documents.
    pub to: Option<Date>,
    /// The periods in calendar order.
    pub periods: Vec<Period>,
    /// Documents without a date.
    pub undated: Bucket,
    /// Documents whose date is coarser than the granularity; they are in no
    /// period. Always empty for yearly timelines.
    pub imprecise: Bucket,
    /// Stray dates far from the bulk of the corpus, left out of the period
    /// range so that they do not stretch it (see
    /// [`TimelineParams::outlier_fraction`](crate::TimelineParams::outlier_fraction)).
    /// They count in the themes.
    #[serde(default)]
    pub outside: Bucket,
}

impl Timeline {
    /// The bucket of this kind.
    pub fn bucket(&self, kind: BucketKind) -> &Bucket {
        match kind {
            BucketKind::Undated => &self.undated,
            BucketKind::Imprecise => &self.imprecise,
            BucketKind::Outside => &self.outside,
        }
    }
}

/// Trend, bursts and landmarks of one theme over the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeTimeline {
    /// Theme index.
    pub id: usize,
    /// Trend over the periods that hold documents with theme weight.
    pub trend: Trend,
    /// Kleinberg bursts, in period order.
    pub bursts: Vec<Burst>,
    /// Label of the first period whose share reaches the configured fraction
    /// of the peak share; `null` when the theme never has a share.
    pub first_period: Option<String>,
    /// Label of the period with the highest share (the first one on ties);
    /// `null` when the theme never has a share.
    pub peak_period: Option<String>,
}

/// Everything the timeline computes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineReport {
    /// Periods and buckets with per-theme prevalence.
    pub timeline: Timeline,
    /// Per-theme trend and bursts, in theme order.
    pub themes: Vec<ThemeTimeline>,
    /// Where each input document went, in input order (not serialised).
    #[serde(skip)]
    pub placements: Vec<Placement>,
}

/// Serialise per-theme values as a JSON object keyed by theme index.
mod theme_map {
    use super::*;
    use serde::de::Error as _;
    use serde::{Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        shares: &[ThemeShare],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(shares.iter().enumerate().map(|(i, s)| (i.to_string(), s)))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<ThemeShare>, D::Error> {
        let map = BTreeMap::<usize, ThemeShare>::deserialize(deserializer)?;
        let mut shares = Vec::with_capacity(map.len());
        for (expected, (id, share)) in map.into_iter().enumerate() {
            if id != expected {
                return Err(D::Error::custom(format!(
                    "theme ids must be 0..n without gaps; missing {expected}"
                )));
            }
            shares.push(share);
        }
        Ok(shares)
    }
}

fn validate(themes: usize, documents: &[TimelineDocument<'_>]) -> Result<(), TimelineError> {
    for (document, doc) in documents.iter().enumerate() {
        if doc.weights.len() != themes {
            return Err(TimelineError::WeightCount {
                document,
                expected: themes,
                found: doc.weights.len(),
            });
        }
        if !(doc.length.is_finite() && doc.length >= 0.0) {
            return Err(TimelineError::InvalidLength {
                document,
                value: doc.length,
            });
        }
        for (theme, &value) in doc.weights.iter().enumerate() {
            if !(value.is_finite() && value >= 0.0) {
                return Err(TimelineError::InvalidWeight {
                    document,
                    theme,
                    value,
                });
            }
        }
    }
    Ok(())
}

/// The documents' contributions to the first `reported` themes; every
/// theme counts in the normalisation and in the dominant theme, which may
/// be an unreported one.
fn contributions(reported: usize, documents: &[TimelineDocument<'_>]) -> Contributions {
    let mut mass = Vec::with_capacity(reported * documents.len());
    let mut total = Vec::with_capacity(documents.len());
    let mut dominant = Vec::with_capacity(documents.len());
    for doc in documents {
        let sum: f64 = doc.weights.iter().sum();
        let mut best: Option<(usize, f64)> = None;
        for (t, &w) in doc.weights.iter().enumerate() {
            if t < reported {
                mass.push(if sum > 0.0 { doc.length * w / sum } else { 0.0 });
            }
            if w > 0.0 && best.is_none_or(|(_, b)| w > b) {
                best = Some((t, w));
            }
        }
        total.push(if sum > 0.0 { doc.length } else { 0.0 });
        dominant.push(best.map(|(t, _)| t));
    }
    Contributions {
        themes: reported,
        mass,
        total,
        dominant,
    }
}

/// A dated document's span in day numbers.
struct Dated {
    index: usize,
    precision: Precision,
    first: i64,
    last: i64,
}

/// Marks the stray dates: the documents beyond Tukey's outer fences
/// (1.5 interquartile ranges of days beyond the quartiles) on a side where
/// they are at most `fraction` of the dated documents. `sides` says which
/// sides (low, high) the rule applies to: a side with a range bound has
/// none.
fn stray_dates(dated: &[Dated], fraction: f64, sides: (bool, bool)) -> Vec<bool> {
    let mut days: Vec<i64> = dated.iter().map(|d| d.first).collect();
    days.sort_unstable();
    let n = days.len();
    let limit = (fraction * n as f64).floor() as usize;
    if limit == 0 {
        return vec![false; n];
    }
    let quartile = |q: f64| {
        let pos = q * (n - 1) as f64;
        let lo = days.get(pos.floor() as usize).copied().unwrap_or(0) as f64;
        let hi = days.get(pos.ceil() as usize).copied().unwrap_or(0) as f64;
        lo + (hi - lo) * pos.fract()
    };
    let (q1, q3) = (quartile(0.25), quartile(0.75));
    let iqr = q3 - q1;
    let (low, high) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    let below = days.iter().filter(|&&d| (d as f64) < low).count();
    let above = days.iter().filter(|&&d| (d as f64) > high).count();
    dated
        .iter()
        .map(|d| {
            let day = d.first as f64;
            (sides.0 && day < low && below <= limit) || (sides.1 && day > high && above <= limit)
        })
        .collect()
}

fn median_per_nonempty_period(mut ords: Vec<i64>) -> f64 {
    ords.sort_unstable();
    let mut counts = Vec::new();
    let mut run = 0usize;
    for (i, ord) in ords.iter().enumerate() {
        run += 1;
        if ords.get(i + 1) != Some(ord) {
            counts.push(run);
            run = 0;
        }
    }
    counts.sort_unstable();
    let n = counts.len();
    if n == 0 {
        return 0.0;
    }
    let hi = counts.get(n / 2).copied().unwrap_or(0) as f64;
    if n % 2 == 1 {
        hi
    } else {
        (counts.get(n / 2 - 1).copied().unwrap_or(0) as f64 + hi) / 2.0
    }
}

fn choose_auto(
    params: &ValidTimelineParams,
    dated: &[Dated],
    bounds: (Option<i64>, Option<i64>),
) -> Granularity {
    let rule = params.auto_rule();
    if dated.is_empty() {
        return Granularity::Year;
    }
    for g in Granularity::CONCRETE {
        let ords: Vec<i64> = dated
            .iter()
            .filter(|d| g.accepts(d.precision))
            .map(|d| ordinal(g, d.first))
            .collect();
        if (ords.len() as f64) < rule.min_placeable_fraction * dated.len() as f64 || ords.is_empty()
        {
            continue;
        }
        let lo = bounds
            .0
            .map(|f| ordinal(g, f))
            .or(ords.iter().min().copied())
            .unwrap_or(0);
        let hi = bounds
            .1
            .map(|t| ordinal(g, t))
            .or(ords.iter().max().copied())
            .unwrap_or(0);
        if (hi - lo + 1) as u64 > rule.max_periods as u64 {
            continue;
        }
        if median_per_nonempty_period(ords) >= rule.min_median_documents as f64 {
            return g;
        }
    }
    Granularity::Year
}

impl ValidTimelineParams {
    /// Build the timeline of `documents` over `themes` themes.
    ///
    /// # Errors
    /// [`TimelineError::WeightCount`], [`TimelineError::InvalidWeight`] or
    /// [`TimelineError::InvalidLength`] for a bad document (with its index),
    /// [`TimelineError::TooManyPeriods`] when an explicit granularity needs
    /// more than `max_periods` periods.
    pub fn build(
        &self,
        themes: usize,
        documents: &[TimelineDocument<'_>],
    ) -> Result<TimelineReport, TimelineError> {
        self.build_leading(themes, themes, documents)
    }

    /// Build the timeline of `documents` over `themes` themes, but report
    /// only the first `reported` of them: the others still count in every
    /// document's normalisation and in which theme dominates it, but get no
    /// shares, intervals, trends or bursts. For a second partition of the
    /// same documents whose last columns are already timed elsewhere (the
    /// report's broader themes beside fine themes outside any).
    ///
    /// The reported themes' figures are exactly those [`build`](Self::build)
    /// gives them: each posterior draw weighs a period's documents once,
    /// whatever the number of themes.
    ///
    /// # Errors
    /// As [`build`](Self::build), and [`TimelineError::ReportedThemes`]
    /// when `reported` exceeds `themes`.
    pub fn build_leading(
        &self,
        themes: usize,
        reported: usize,
        documents: &[TimelineDocument<'_>],
    ) -> Result<TimelineReport, TimelineError> {
        if reported > themes {
            return Err(TimelineError::ReportedThemes { reported, themes });
        }
        validate(themes, documents)?;
        let contributions = contributions(reported, documents);
        let dated: Vec<Dated> = documents
            .iter()
            .enumerate()
            .filter_map(|(index, doc)| {
                doc.date.map(|d| {
                    let (first, last) = document_span(d.date, d.precision);
                    Dated {
                        index,
                        precision: d.precision,
                        first,
                        last,
                    }
                })
            })
            .collect();
        // Outside the range set by the user, then stray dates on a side
        // without a bound.
        let bounds = (
            self.from().map(crate::calendar::day_number),
            self.to().map(crate::calendar::day_number),
        );
        let (dated, mut outside): (Vec<Dated>, Vec<Dated>) = dated.into_iter().partition(|d| {
            bounds.0.is_none_or(|f| d.last >= f) && bounds.1.is_none_or(|t| d.first <= t)
        });
        let sides = (bounds.0.is_none(), bounds.1.is_none());
        let stray = stray_dates(&dated, self.outlier_fraction(), sides);
        let mut kept: Vec<Dated> = Vec::with_capacity(dated.len());
        for (d, out) in dated.into_iter().zip(stray) {
            if out {
                outside.push(d);
            } else {
                kept.push(d);
            }
        }
        outside.sort_by_key(|d| d.index);
        let dated = kept;
        let auto = self.granularity() == Granularity::Auto;
        let granularity = if auto {
            choose_auto(self, &dated, bounds)
        } else {
            self.granularity()
        };

        let placed: Vec<&Dated> = dated
            .iter()
            .filter(|d| granularity.accepts(d.precision))
            .collect();
        let first_ord = bounds
            .0
            .map(|f| ordinal(granularity, f))
            .or_else(|| placed.iter().map(|d| ordinal(granularity, d.first)).min());
        let last_ord = bounds
            .1
            .map(|t| ordinal(granularity, t))
            .or_else(|| placed.iter().map(|d| ordinal(granularity, d.first)).max());
        let n_periods = match (first_ord, last_ord) {
            (Some(lo), Some(hi)) => {
                let n = (hi - lo + 1) as u64;
                if !auto && n > self.max_periods() as u64 {
                    return Err(TimelineError::TooManyPeriods {
                        granularity,
                        periods: n,
                        max: self.max_periods(),
                        from: ordinal_label(granularity, lo),
                        to: ordinal_label(granularity, hi),
                    });
                }
                n as usize
            }
            _ => 0,
        };
        let base = first_ord.unwrap_or(0);

        let mut placements = vec![Placement::Undated; documents.len()];
        let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n_periods];
        let mut imprecise = Vec::new();
        for d in &dated {
            let slot = placements.get_mut(d.index);
            if granularity.accepts(d.precision) {
                let p = (ordinal(granularity, d.first) - base) as usize;
                if let Some(group) = groups.get_mut(p) {
                    group.push(d.index);
                }
                if let Some(slot) = slot {
                    *slot = Placement::Period(p);
                }
            } else {
                imprecise.push(d.index);
                if let Some(slot) = slot {
                    *slot = Placement::Imprecise;
                }
            }
        }
        let mut outside_docs = Vec::with_capacity(outside.len());
        let mut outside_periods: BTreeMap<i64, (String, usize)> = BTreeMap::new();
        for d in &outside {
            outside_docs.push(d.index);
            if let Some(slot) = placements.get_mut(d.index) {
                *slot = Placement::Outside;
            }
            let g = if granularity.accepts(d.precision) {
                granularity
            } else {
                Granularity::Year
            };
            let ord = ordinal(g, d.first);
            let start = ordinal_start(g, ord);
            outside_periods
                .entry(start)
                .or_insert_with(|| (ordinal_label(g, ord), 0))
                .1 += 1;
        }
        let undated: Vec<usize> = placements
            .iter()
            .enumerate()
            .filter(|(_, p)| **p == Placement::Undated)
            .map(|(i, _)| i)
            .collect();

        // Prevalence of every group, in parallel; each group seeds its own RNG.
        let samples = self.bootstrap_samples();
        let confidence = self.confidence();
        let seed = self.seed();
        let stats = |docs: &Vec<usize>, index: u64| {
            group_shares(
                &contributions,
                docs,
                samples,
                confidence,
                group_seed(seed, index),
            )
        };
        let period_shares: Vec<Vec<ThemeShare>> = groups
            .par_iter()
            .enumerate()
            .map(|(i, docs)| stats(docs, i as u64))
            .collect();
        let (undated_shares, (imprecise_shares, outside_shares)) = rayon::join(
            || stats(&undated, u64::MAX),
            || {
                rayon::join(
                    || stats(&imprecise, u64::MAX - 1),
                    || stats(&outside_docs, u64::MAX - 2),
                )
            },
        );

        // A bound of the range is the span's end on its side: the periods
        // it cuts are partial.
        let span_first = bounds
            .0
            .filter(|_| n_periods > 0)
            .or_else(|| placed.iter().map(|d| d.first).min());
        let span_last = bounds
            .1
            .filter(|_| n_periods > 0)
            .or_else(|| placed.iter().map(|d| d.last).max());
        let periods: Vec<Period> = period_shares
            .into_iter()
            .zip(&groups)
            .enumerate()
            .map(|(i, (shares, docs))| {
                let ord = base + i as i64;
                let start = ordinal_start(granularity, ord);
                let end = ordinal_end(granularity, ord);
                let partial = (i == 0 && span_first.is_some_and(|f| f > start))
                    || (i + 1 == n_periods && span_last.is_some_and(|l| l < end));
                Period {
                    period: ordinal_label(granularity, ord),
                    start: date_of(start),
                    end: date_of(end),
                    documents: docs.len(),
                    partial,
                    shares,
                }
            })
            .collect();

        let themes_out = (0..reported)
            .map(|t| self.theme_timeline(t, &periods, &groups, &contributions))
            .collect();

        Ok(TimelineReport {
            timeline: Timeline {
                granularity,
                auto,
                from: span_first.map(date_of),
                to: span_last.map(date_of),
                periods,
                undated: Bucket {
                    documents: undated.len(),
                    shares: undated_shares,
                    periods: Vec::new(),
                },
                imprecise: Bucket {
                    documents: imprecise.len(),
                    shares: imprecise_shares,
                    periods: Vec::new(),
                },
                outside: Bucket {
                    documents: outside_docs.len(),
                    shares: outside_shares,
                    periods: outside_periods
                        .into_values()
                        .map(|(period, documents)| PeriodCount { period, documents })
                        .collect(),
                },
            },
            themes: themes_out,
            placements,
        })
    }

    fn theme_timeline(
        &self,
        theme: usize,
        periods: &[Period],
        groups: &[Vec<usize>],
        contributions: &Contributions,
    ) -> ThemeTimeline {
        let k = contributions.themes;
        let weighted = |docs: &Vec<usize>| {
            docs.iter()
                .filter(|&&d| contributions.total.get(d).is_some_and(|&t| t > 0.0))
                .count()
        };
        let share_of = |p: &Period| p.shares.get(theme).and_then(|s| s.share).unwrap_or(0.0);
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        let mut ws = Vec::new();
        let mut nonempty = Vec::new();
        for (i, (p, docs)) in periods.iter().zip(groups).enumerate() {
            let n = weighted(docs);
            if n > 0 {
                let start = crate::calendar::day_number(p.start);
                let end = crate::calendar::day_number(p.end);
                xs.push(mid_year(start, end));
                ys.push(share_of(p));
                ws.push(n as f64);
                nonempty.push(i);
            }
        }
        let trend = trend(&xs, &ys, &ws, self.alpha());

        let mut peak: Option<(usize, f64)> = None;
        for (&i, &y) in nonempty.iter().zip(&ys) {
            if y > 0.0 && peak.is_none_or(|(_, b)| y > b) {
                peak = Some((i, y));
            }
        }
        let label = |i: usize| periods.get(i).map(|p| p.period.clone());
        let first = peak.and_then(|(_, top)| {
            nonempty
                .iter()
                .zip(&ys)
                .find(|(_, &y)| y >= self.first_fraction_of_peak() * top)
                .and_then(|(&i, _)| label(i))
        });

        // Burst counts per period.
        let (relevant, total): (Vec<f64>, Vec<f64>) = match self.burst_counts() {
            BurstCounts::Dominant => periods
                .iter()
                .map(|p| {
                    let r = p.shares.get(theme).map_or(0, |s| s.documents);
                    (r as f64, p.documents as f64)
                })
                .unzip(),
            BurstCounts::Mass => groups
                .iter()
                .map(|docs| {
                    let mut r = 0.0;
                    let mut d = 0.0;
                    for &doc in docs {
                        let len = contributions.total.get(doc).copied().unwrap_or(0.0);
                        if len > 0.0 {
                            d += 1.0;
                            r += contributions
                                .mass
                                .get(doc * k + theme)
                                .map_or(0.0, |m| m / len);
                        }
                    }
                    (r, d)
                })
                .unzip(),
        };
        let bursts = kleinberg_bursts(&relevant, &total, self.burst_scale(), self.burst_gamma())
            .into_iter()
            .map(|b| Burst {
                start: label(b.start).unwrap_or_default(),
                end: label(b.end).unwrap_or_default(),
                start_index: b.start,
                end_index: b.end,
                weight: b.weight,
            })
            .collect();

        ThemeTimeline {
            id: theme,
            trend,
            bursts,
            first_period: first,
            peak_period: peak.and_then(|(i, _)| label(i)),
        }
    }
}
