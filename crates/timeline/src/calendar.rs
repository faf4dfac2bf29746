//! Calendar arithmetic: day numbers, date precisions, granularities and
//! calendar-aligned period ordinals with their labels.
//!
//! All arithmetic is done on plain day numbers (days since 1970-01-01 in the
//! proleptic Gregorian calendar), so it cannot fail; `jiff` dates appear only
//! at the edges (input and output).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How precisely a document's date is known.
///
/// A document can be placed only in periods at least as coarse as its
/// precision: day-precision documents go anywhere, month-precision documents
/// go into month, quarter and year periods, year-precision documents only into
/// year periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// The exact day is known.
    Day,
    /// Only the year and month are known (the day of the date is ignored).
    Month,
    /// Only the year is known (the month and day of the date are ignored).
    Year,
}

/// Length of the calendar periods of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// Calendar days, labelled `2020-03-05`.
    Day,
    /// ISO 8601 weeks starting on Monday, labelled with the ISO week-year
    /// and week number: `2020-W09`. A week that straddles a year boundary
    /// belongs to the ISO year of its Thursday.
    Week,
    /// Calendar months, labelled `2020-03`.
    Month,
    /// Calendar quarters (January–March is Q1), labelled `2020-Q1`.
    Quarter,
    /// Calendar years, labelled `2020`.
    Year,
    /// The finest of the above that leaves enough documents per period; see
    /// [`AutoRule`](crate::AutoRule) for the rule. The built timeline reports
    /// the granularity actually chosen, never `Auto`.
    Auto,
}

impl Granularity {
    /// The concrete granularities, finest first (the order `Auto` tries them).
    pub const CONCRETE: [Granularity; 5] = [
        Granularity::Day,
        Granularity::Week,
        Granularity::Month,
        Granularity::Quarter,
        Granularity::Year,
    ];

    /// The lowercase name: `day`, `week`, `month`, `quarter`, `year`, `auto`.
    pub fn name(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
            Granularity::Auto => "auto",
        }
    }

    /// Whether a document dated with `precision` can be placed in a period of
    /// this granularity. `Auto` accepts nothing (resolve it first).
    pub fn accepts(self, precision: Precision) -> bool {
        match self {
            Granularity::Day | Granularity::Week => precision == Precision::Day,
            Granularity::Month | Granularity::Quarter => precision <= Precision::Month,
            Granularity::Year => true,
            Granularity::Auto => false,
        }
    }
}

impl std::fmt::Display for Granularity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Granularity {
    type Err = crate::error::TimelineError;

    /// Parse a lowercase name as printed by [`Granularity::name`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let all = Granularity::CONCRETE.into_iter().chain([Granularity::Auto]);
        for g in all {
            if g.name() == s {
                return Ok(g);
            }
        }
        Err(crate::error::TimelineError::UnknownGranularity {
            value: s.to_owned(),
        })
    }
}

/// Day number of 1970-01-01 is 0 (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`]: `(year, month, day)`.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Day number of a `jiff` date.
pub(crate) fn day_number(date: Date) -> i64 {
    days_from_civil(
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    )
}

/// The `jiff` date of a day number. Day numbers produced by this crate come
/// from valid `jiff` dates or period bounds next to them; a bound beyond
/// jiff's range (years -9999..=9999) is clamped to it.
pub(crate) fn date_of(days: i64) -> Date {
    let (y, m, d) = civil_from_days(days);
    let clamped = y.clamp(-9999, 9999);
    let (m, d) = if clamped == y {
        (m, d)
    } else if y > clamped {
        (12, 31)
    } else {
        (1, 1)
    };
    // The components are in range after clamping, so this cannot fail.
    Date::new(clamped as i16, m as i8, d as i8).unwrap_or(Date::ZERO)
}

/// The first and last day numbers a dated document may fall on.
pub(crate) fn document_span(date: Date, precision: Precision) -> (i64, i64) {
    let y = i64::from(date.year());
    let m = i64::from(date.month());
    match precision {
        Precision::Day => {
            let d = day_number(date);
            (d, d)
        }
        Precision::Month => {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            (days_from_civil(y, m, 1), days_from_civil(ny, nm, 1) - 1)
        }
        Precision::Year => (days_from_civil(y, 1, 1), days_from_civil(y + 1, 1, 1) - 1),
    }
}

/// 1970-01-05 (day number 4) is a Monday.
const MONDAY_EPOCH: i64 = 4;

/// Ordinal of the period of `granularity` containing day number `days`.
/// Consecutive periods have consecutive ordinals.
pub(crate) fn ordinal(granularity: Granularity, days: i64) -> i64 {
    match granularity {
        Granularity::Day | Granularity::Auto => days,
        Granularity::Week => (days - MONDAY_EPOCH).div_euclid(7),
        Granularity::Month | Granularity::Quarter | Granularity::Year => {
            let (y, m, _) = civil_from_days(days);
            match granularity {
                Granularity::Month => y * 12 + (m - 1),
                Granularity::Quarter => y * 4 + (m - 1) / 3,
                _ => y,
            }
        }
    }
}

/// First day number of the period with this ordinal.
pub(crate) fn ordinal_start(granularity: Granularity, ord: i64) -> i64 {
    match granularity {
        Granularity::Day | Granularity::Auto => ord,
        Granularity::Week => ord * 7 + MONDAY_EPOCH,
        Granularity::Month => days_from_civil(ord.div_euclid(12), ord.rem_euclid(12) + 1, 1),
        Granularity::Quarter => days_from_civil(ord.div_euclid(4), ord.rem_euclid(4) * 3 + 1, 1),
        Granularity::Year => days_from_civil(ord, 1, 1),
    }
}

/// Last day number (inclusive) of the period with this ordinal.
pub(crate) fn ordinal_end(granularity: Granularity, ord: i64) -> i64 {
    ordinal_start(granularity, ord + 1) - 1
}

/// The label of the period with this ordinal: `2020`, `2020-Q1`, `2020-03`,
/// `2020-W09` or `2020-03-05`.
pub(crate) fn ordinal_label(granularity: Granularity, ord: i64) -> String {
    match granularity {
        Granularity::Day | Granularity::Auto => {
            let (y, m, d) = civil_from_days(ord);
            format!("{}-{m:02}-{d:02}", year_label(y))
        }
        Granularity::Week => {
            let thursday = ordinal_start(granularity, ord) + 3;
            let (iso_year, _, _) = civil_from_days(thursday);
            let week = (thursday - days_from_civil(iso_year, 1, 1)) / 7 + 1;
            format!("{}-W{week:02}", year_label(iso_year))
        }
        Granularity::Month => format!(
            "{}-{:02}",
            year_label(ord.div_euclid(12)),
            ord.rem_euclid(12) + 1
        ),
        Granularity::Quarter => format!(
            "{}-Q{}",
            year_label(ord.div_euclid(4)),
            ord.rem_euclid(4) + 1
        ),
        Granularity::Year => year_label(ord),
    }
}

fn year_label(year: i64) -> String {
    if year < 0 {
        format!("-{:04}", -year)
    } else {
        format!("{year:04}")
    }
}

/// Mid-point of the days `[start, end]` in fractional years since year 0
/// (days / 365.2425, offset so that 1970-01-01 is 1970.0).
pub(crate) fn mid_year(start: i64, end: i64) -> f64 {
    let mid = (start as f64 + end as f64 + 1.0) / 2.0;
    1970.0 + mid / 365.2425
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn granularity_names_round_trip() {
        for g in Granularity::CONCRETE.into_iter().chain([Granularity::Auto]) {
            assert_eq!(g.to_string().parse::<Granularity>(), Ok(g));
        }
        assert!("fortnight".parse::<Granularity>().is_err());
    }

    #[test]
    fn jiff_agrees_on_weekdays_and_dates() {
        let date = Date::new(2024, 2, 29).unwrap();
        assert_eq!(date_of(day_number(date)), date);
        let monday = Date::new(2024, 12, 30).unwrap();
        assert_eq!(monday.weekday(), jiff::civil::Weekday::Monday);
        let ord = ordinal(Granularity::Week, day_number(monday));
        assert_eq!(ordinal_start(Granularity::Week, ord), day_number(monday));
    }
}
