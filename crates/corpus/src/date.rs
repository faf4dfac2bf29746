//! Dates: the [`DocDate`] type, the date parser for fields and columns
//! ([`parse_date`]), the leading ` date YYYY-MM-DD ` marker and dates in file
//! names.
//!
//! # Precision
//!
//! A date is stored as a [`jiff::civil::Date`] plus a [`DatePrecision`]. A bare
//! year (`1987`, `USA_56_2001.txt`) is stored as 1 January of that year with
//! [`DatePrecision::Year`]; a year and month (`1987-02`) as the first of the
//! month with [`DatePrecision::Month`]. Code that groups by period should look
//! only at the parts the precision covers ([`DocDate::year`] is always
//! meaningful, [`DocDate::month`] and [`DocDate::day`] return `None` when the
//! precision does not cover them).
//!
//! # Accepted formats
//!
//! | Input | Precision |
//! |---|---|
//! | `2023-11-11`, `2023/11/11`, `2023.11.11`, `2023/2/5` | day |
//! | the same followed by a time: `2023-11-11T08:30:00Z`, `2023-11-11 08:30:00+05:30`, `1987/2/26 15:01` | day |
//! | `20231111` | day |
//! | `26-FEB-1987`, `26-FEB-1987 15:01:01.79`, `26 February 1987`, `26 Feb. 1987` | day |
//! | `Feb 26, 1987`, `February 26 1987`, `Thu, 26 Feb 1987 15:01:01 GMT` | day |
//! | `26.2.1987`, `26/2/1987`, `2/26/1987`, `26-02-1987` (see below) | day |
//! | `1486425600`, `1486425600.25` (Unix epoch seconds, 9 or 10 digits) | day |
//! | `1987-02`, `1987/02`, `Feb 1987`, `February 1987`, `Feb. 1987` | month |
//! | `1987` | year |
//!
//! A time and zone, when present, are not converted: the date is the calendar
//! date as written. Epoch seconds are read as a UTC calendar date. An 8-digit
//! number is `YYYYMMDD`, not epoch seconds (those would fall in 1970–1973).
//!
//! # Day first or month first
//!
//! A numeric date with the year last (`02/03/1987`) can be day-first
//! (`D/M/YYYY`, most of the world) or month-first (`M/D/YYYY`, the United
//! States). Within one column or field the order is decided once, from its
//! values, by [`decide_day_order`]: a value whose first number is above 12
//! can only be day-first, one whose second number is above 12 only
//! month-first. When no value decides, the separator's convention does: a
//! dot (`2.3.1987`) is day-first, the German and Central European form; a
//! slash or hyphen is month-first, the `M/D/YYYY` form. [`parse_date`], which
//! sees one value alone, accepts such a date only when it decides itself
//! (`26/2/1987`) or has dots, and otherwise returns
//! [`DateError::Ambiguous`]; [`parse_date_in_order`] takes the column's
//! order.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use jiff::civil;

/// How much of a [`DocDate`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// Only the year is known; the stored date is 1 January.
    Year,
    /// The year and month are known; the stored date is the first of the month.
    Month,
    /// The full calendar date is known.
    Day,
}

/// A document date with its precision. Displays (and serializes) as
/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` according to the precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocDate {
    date: civil::Date,
    precision: DatePrecision,
}

impl DocDate {
    /// A full calendar date; an error if the date does not exist.
    pub fn ymd(year: i16, month: i8, day: i8) -> Result<Self, DateError> {
        civil::Date::new(year, month, day)
            .map(|date| DocDate {
                date,
                precision: DatePrecision::Day,
            })
            .map_err(|_| DateError::Impossible {
                value: format!("{year:04}-{month:02}-{day:02}"),
            })
    }

    /// A year and month (precision [`DatePrecision::Month`]).
    pub fn ym(year: i16, month: i8) -> Result<Self, DateError> {
        let mut d = Self::ymd(year, month, 1).map_err(|_| DateError::Impossible {
            value: format!("{year:04}-{month:02}"),
        })?;
        d.precision = DatePrecision::Month;
        Ok(d)
    }

    /// A year alone (precision [`DatePrecision::Year`]).
    pub fn year_only(year: i16) -> Result<Self, DateError> {
        let mut d = Self::ymd(year, 1, 1).map_err(|_| DateError::Impossible {
            value: format!("{year:04}"),
        })?;
        d.precision = DatePrecision::Year;
        Ok(d)
    }

    /// The stored calendar date (1 January or the first of the month when the
    /// precision is coarser than a day).
    pub fn date(&self) -> civil::Date {
        self.date
    }

    /// How much of the date is known.
    pub fn precision(&self) -> DatePrecision {
        self.precision
    }

    /// The last day the date may fall on: the date itself, or the last day
    /// of its month or year when the precision is coarser.
    ///
    /// ```
    /// use tidings_corpus::parse_date;
    /// assert_eq!(parse_date("2016-02")?.last_day().to_string(), "2016-02-29");
    /// assert_eq!(parse_date("2016")?.last_day().to_string(), "2016-12-31");
    /// # Ok::<(), tidings_corpus::DateError>(())
    /// ```
    pub fn last_day(&self) -> civil::Date {
        match self.precision {
            DatePrecision::Day => self.date,
            DatePrecision::Month => self.date.last_of_month(),
            DatePrecision::Year => self.date.last_of_year(),
        }
    }

    /// The year.
    pub fn year(&self) -> i16 {
        self.date.year()
    }

    /// The month (1–12), if the precision covers it.
    pub fn month(&self) -> Option<i8> {
        (self.precision >= DatePrecision::Month).then(|| self.date.month())
    }

    /// The day of the month, if the precision covers it.
    pub fn day(&self) -> Option<i8> {
        (self.precision == DatePrecision::Day).then(|| self.date.day())
    }
}

impl fmt::Display for DocDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        match self.precision {
            DatePrecision::Year => write!(f, "{:04}", d.year()),
            DatePrecision::Month => write!(f, "{:04}-{:02}", d.year(), d.month()),
            DatePrecision::Day => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl serde::Serialize for DocDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromStr for DocDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_date(s)
    }
}

/// Why a date could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[non_exhaustive]
pub enum DateError {
    /// The value is not in any accepted format.
    #[error("unrecognised date {value:?}")]
    Unrecognized {
        /// The offending value.
        value: String,
    },
    /// The value has a date's shape but names no real day (`2023-02-30`).
    #[error("impossible date {value:?}")]
    Impossible {
        /// The offending value.
        value: String,
    },
    /// A numeric date whose day and month could be either way round
    /// (`02/03/1987`), read without a column to decide the order (see
    /// [`decide_day_order`]).
    #[error("ambiguous date {value:?} (day first or month first?)")]
    Ambiguous {
        /// The offending value.
        value: String,
    },
    /// The year is outside the accepted range (see
    /// [`ReadOptions::year_range`](crate::ReadOptions::year_range)).
    #[error("date {value:?} is outside the accepted years {}..={}", range.start(), range.end())]
    OutOfRange {
        /// The offending value.
        value: String,
        /// The accepted years.
        range: RangeInclusive<i16>,
    },
}

/// Parses a date field or column value in one of the formats listed in the
/// [module documentation](self).
///
/// ```
/// use tidings_corpus::{parse_date, DatePrecision};
/// let d = parse_date("26-FEB-1987 15:01:01.79")?;
/// assert_eq!(d.to_string(), "1987-02-26");
/// assert_eq!(parse_date("1987")?.precision(), DatePrecision::Year);
/// assert!(parse_date("2023-02-30").is_err());
/// # Ok::<(), tidings_corpus::DateError>(())
/// ```
pub fn parse_date(value: &str) -> Result<DocDate, DateError> {
    parse(value, None)
}

/// Parses a date like [`parse_date`], reading numeric dates with the year
/// last (`02/03/1987`) in the given order, as decided for their column by
/// [`decide_day_order`].
///
/// ```
/// use tidings_corpus::date::{parse_date_in_order, DayOrder};
/// assert_eq!(parse_date_in_order("02/03/1987", DayOrder::DayFirst)?.to_string(), "1987-03-02");
/// assert_eq!(parse_date_in_order("02/03/1987", DayOrder::MonthFirst)?.to_string(), "1987-02-03");
/// assert!(parse_date_in_order("13/03/1987", DayOrder::MonthFirst).is_err());
/// # Ok::<(), tidings_corpus::DateError>(())
/// ```
pub fn parse_date_in_order(value: &str, order: DayOrder) -> Result<DocDate, DateError> {
    parse(value, Some(order))
}

fn parse(value: &str, order: Option<DayOrder>) -> Result<DocDate, DateError> {
    let s = value.trim();
    let unrecognized = || DateError::Unrecognized {
        value: value.to_string(),
    };
    let impossible = |_| DateError::Impossible {
        value: value.to_string(),
    };
    let s = skip_weekday(s);
    let (n1, l1) = leading_digits(s);
    let rest = s.get(l1..).unwrap_or("");
    if l1 == 4 {
        let year = to_year(n1).ok_or_else(unrecognized)?;
        if rest.is_empty() {
            return DocDate::year_only(year).map_err(impossible);
        }
        let mut chars = rest.chars();
        let sep = chars.next().ok_or_else(unrecognized)?;
        if !matches!(sep, '-' | '/' | '.') {
            return Err(unrecognized());
        }
        let after_sep = chars.as_str();
        let (n2, l2) = leading_digits(after_sep);
        if !(1..=2).contains(&l2) {
            return Err(unrecognized());
        }
        let rest2 = after_sep.get(l2..).unwrap_or("");
        let month = small(n2).ok_or_else(unrecognized)?;
        if rest2.is_empty() && sep != '.' {
            return DocDate::ym(year, month).map_err(impossible);
        }
        let rest3 = rest2.strip_prefix(sep).ok_or_else(unrecognized)?;
        let (n3, l3) = leading_digits(rest3);
        if !(1..=2).contains(&l3) || !is_time_tail(rest3.get(l3..).unwrap_or("")) {
            return Err(unrecognized());
        }
        let day = small(n3).ok_or_else(unrecognized)?;
        return DocDate::ymd(year, month, day).map_err(impossible);
    }
    if let Some(date) = epoch_seconds(s) {
        return date.map_err(impossible);
    }
    if l1 == 8 && is_time_tail(rest) {
        let year = to_year(n1 / 10_000).ok_or_else(unrecognized)?;
        let month = small((n1 / 100) % 100).ok_or_else(unrecognized)?;
        let day = small(n1 % 100).ok_or_else(unrecognized)?;
        return DocDate::ymd(year, month, day).map_err(impossible);
    }
    if let Some(n) = NumericDate::of(s) {
        let order =
            match order {
                Some(order) => order,
                None => n.evidence().or(n.convention_if_dotted()).ok_or_else(|| {
                    DateError::Ambiguous {
                        value: value.to_string(),
                    }
                })?,
            };
        let (day, month) = match order {
            DayOrder::DayFirst => (n.first, n.second),
            DayOrder::MonthFirst => (n.second, n.first),
        };
        let year = to_year(n.year).ok_or_else(unrecognized)?;
        let (month, day) = (
            small(month).ok_or_else(unrecognized)?,
            small(day).ok_or_else(unrecognized)?,
        );
        return DocDate::ymd(year, month, day).map_err(impossible);
    }
    if (1..=2).contains(&l1) {
        // D-MON-YYYY, D MON YYYY, D Month, YYYY
        let day = small(n1).ok_or_else(unrecognized)?;
        let r = rest.trim_start_matches(['-', ' ', '.']);
        let (word, r) = leading_word(r);
        let month = month_from_name(word).ok_or_else(unrecognized)?;
        let r = r.trim_start_matches(['-', ' ', '.', ',']);
        let (n, l) = leading_digits(r);
        if l != 4 || !is_time_tail(r.get(l..).unwrap_or("")) {
            return Err(unrecognized());
        }
        let year = to_year(n).ok_or_else(unrecognized)?;
        return DocDate::ymd(year, month, day).map_err(impossible);
    }
    if l1 == 0 {
        // Month D, YYYY
        let (word, r) = leading_word(s);
        let month = month_from_name(word).ok_or_else(unrecognized)?;
        let r = r.trim_start_matches(['.', ' ', '-']);
        let (n, l) = leading_digits(r);
        if l == 4 && r.len() == 4 {
            // Month precision: `Feb 2017`, `February 2017`.
            let year = to_year(n).ok_or_else(unrecognized)?;
            return DocDate::ym(year, month).map_err(impossible);
        }
        if let Some(y) = r.strip_prefix(',').map(str::trim_start) {
            // `February, 2017`
            let (n, l) = leading_digits(y);
            if l == 4 && y.len() == 4 {
                let year = to_year(n).ok_or_else(unrecognized)?;
                return DocDate::ym(year, month).map_err(impossible);
            }
        }
        if !(1..=2).contains(&l) {
            return Err(unrecognized());
        }
        let day = small(n).ok_or_else(unrecognized)?;
        let r = r.get(l..).unwrap_or("");
        let r = r
            .strip_prefix("st")
            .or_else(|| r.strip_prefix("nd"))
            .or_else(|| r.strip_prefix("rd"))
            .or_else(|| r.strip_prefix("th"))
            .unwrap_or(r);
        let r = r.trim_start_matches([',', ' ', '-']);
        let (n, l) = leading_digits(r);
        if l != 4 || !is_time_tail(r.get(l..).unwrap_or("")) {
            return Err(unrecognized());
        }
        let year = to_year(n).ok_or_else(unrecognized)?;
        return DocDate::ymd(year, month, day).map_err(impossible);
    }
    Err(unrecognized())
}

/// Which number comes first in a numeric date with the year last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOrder {
    /// `D/M/YYYY`: 2/3/1987 is 2 March.
    DayFirst,
    /// `M/D/YYYY`: 2/3/1987 is 3 February.
    MonthFirst,
}

impl fmt::Display for DayOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DayOrder::DayFirst => "day first",
            DayOrder::MonthFirst => "month first",
        })
    }
}

/// The order chosen for one column's numeric dates, and on what evidence.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DayOrderDecision {
    /// The order used for the whole column.
    pub order: DayOrder,
    /// Values that can only be day-first (first number above 12).
    pub day_first: usize,
    /// Values that can only be month-first (second number above 12).
    pub month_first: usize,
    /// Values that fit either order.
    pub either: usize,
    /// The separator of most values, whose convention chose the order when
    /// the values did not decide it.
    pub separator: char,
}

impl DayOrderDecision {
    /// Why this order: `12 values have a day above 12 in first place` or
    /// `no value decides; a slash date is month first by convention`.
    pub fn reason(&self) -> String {
        let values = |n: usize| {
            if n == 1 {
                "1 value has".to_string()
            } else {
                format!("{n} values have")
            }
        };
        match (self.day_first, self.month_first) {
            (0, 0) => format!(
                "no value decides; dates with {:?} are {} by convention",
                self.separator, self.order
            ),
            (d, 0) => format!("{} a first number above 12", values(d)),
            (0, m) => format!("{} a second number above 12", values(m)),
            (d, m) => format!(
                "{d} values can only be day first and {m} only month first; the majority decides"
            ),
        }
    }
}

/// Decides whether the numeric dates with the year last (`02/03/1987`)
/// among `values` are day-first or month-first (see the [module
/// documentation](self)): the order that more values can only be read in,
/// otherwise the convention of the most common separator. `None` when no
/// value has that shape.
///
/// ```
/// use tidings_corpus::date::{decide_day_order, DayOrder};
/// let d = decide_day_order(["02/03/2017", "25/03/2017"]).map(|d| d.order);
/// assert_eq!(d, Some(DayOrder::DayFirst));
/// let d = decide_day_order(["02/03/2017", "03/04/2017"]).map(|d| d.order);
/// assert_eq!(d, Some(DayOrder::MonthFirst));
/// assert_eq!(decide_day_order(["2017-03-02"]), None);
/// ```
pub fn decide_day_order<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<DayOrderDecision> {
    let (mut day_first, mut month_first, mut either) = (0, 0, 0);
    let mut separators: [usize; 3] = [0; 3];
    for v in values {
        let Some(n) = NumericDate::of(skip_weekday(v.trim())) else {
            continue;
        };
        if let Some(slot) = SEPARATORS.iter().position(|&c| c == n.separator) {
            separators[slot] += 1;
        }
        match n.evidence() {
            Some(DayOrder::DayFirst) => day_first += 1,
            Some(DayOrder::MonthFirst) => month_first += 1,
            None => either += 1,
        }
    }
    if day_first + month_first + either == 0 {
        return None;
    }
    // The most common separator; ties go to the first of `SEPARATORS`.
    let mut separator = SEPARATORS[1];
    let mut best = 0;
    for (&c, &n) in SEPARATORS.iter().zip(&separators) {
        if n > best {
            (separator, best) = (c, n);
        }
    }
    let order = if day_first > month_first {
        DayOrder::DayFirst
    } else if month_first > day_first {
        DayOrder::MonthFirst
    } else {
        convention(separator)
    };
    Some(DayOrderDecision {
        order,
        day_first,
        month_first,
        either,
        separator,
    })
}

/// Separators of numeric dates with the year last.
const SEPARATORS: [char; 3] = ['.', '/', '-'];

/// The order a separator conventionally implies when no value decides: dots
/// are day-first (`2.3.1987` in German and Central European use), slashes
/// and hyphens month-first (`M/D/YYYY`, the form US exports use).
fn convention(separator: char) -> DayOrder {
    if separator == '.' {
        DayOrder::DayFirst
    } else {
        DayOrder::MonthFirst
    }
}

/// A numeric date with the year last: `N1 sep N2 sep YYYY`, a time allowed
/// after it.
struct NumericDate {
    first: u32,
    second: u32,
    year: u32,
    separator: char,
}

impl NumericDate {
    fn of(s: &str) -> Option<NumericDate> {
        let (first, l1) = leading_digits(s);
        if !(1..=2).contains(&l1) {
            return None;
        }
        let rest = s.get(l1..)?;
        let separator = rest.chars().next().filter(|c| SEPARATORS.contains(c))?;
        let rest = rest.get(1..)?;
        let (second, l2) = leading_digits(rest);
        if !(1..=2).contains(&l2) {
            return None;
        }
        let rest = rest.get(l2..)?.strip_prefix(separator)?;
        let (year, l3) = leading_digits(rest);
        if l3 != 4 || !is_time_tail(rest.get(l3..)?) {
            return None;
        }
        Some(NumericDate {
            first,
            second,
            year,
            separator,
        })
    }

    /// The order this value alone allows, if only one does.
    fn evidence(&self) -> Option<DayOrder> {
        match (self.first > 12, self.second > 12) {
            (true, false) => Some(DayOrder::DayFirst),
            (false, true) => Some(DayOrder::MonthFirst),
            _ => None,
        }
    }

    /// Day-first for a dotted date, whose convention is not in doubt.
    fn convention_if_dotted(&self) -> Option<DayOrder> {
        (self.separator == '.').then_some(DayOrder::DayFirst)
    }
}

/// Unix epoch seconds: 9 or 10 digits (1973-03-03 to 2286-11-20), with an
/// optional fractional part, read as a UTC calendar date. `None` when `s`
/// does not have that shape.
fn epoch_seconds(s: &str) -> Option<Result<DocDate, DateError>> {
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    if !(9..=10).contains(&whole.len())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let seconds: i64 = whole.parse().ok()?;
    let date = jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
        .map_err(|_| DateError::Impossible {
            value: s.to_string(),
        })
        .and_then(|d| DocDate::ymd(d.year(), d.month(), d.day()));
    Some(date)
}

/// Checks that `date`'s year lies in `range`.
pub(crate) fn check_range(
    date: DocDate,
    value: &str,
    range: &RangeInclusive<i16>,
) -> Result<DocDate, DateError> {
    if range.contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange {
            value: value.to_string(),
            range: range.clone(),
        })
    }
}

/// A leading ` date YYYY-MM-DD ` marker found at the start of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    /// The parsed date, or why it could not be used.
    pub date: Result<DocDate, DateError>,
    /// Byte length of the marker including the whitespace after it.
    pub len: usize,
    /// 1-based line of the marker.
    pub line: u64,
}

/// Finds a leading date marker: optional whitespace, the word `date` (any
/// case), spaces, a value made of digits and `-`/`/`/`.` that starts with a
/// digit, then whitespace or the end of the text.
pub(crate) fn find_marker(text: &str) -> Option<Marker> {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let line = 1 + text.get(..lead)?.bytes().filter(|&b| b == b'\n').count() as u64;
    let head = trimmed.get(..4)?;
    if !head.eq_ignore_ascii_case("date") {
        return None;
    }
    let after = trimmed.get(4..)?;
    let value_part = after.trim_start_matches([' ', '\t']);
    if value_part.len() == after.len() {
        return None;
    }
    let value_len = value_part
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '/' | '.')))
        .unwrap_or(value_part.len());
    let value = value_part.get(..value_len)?;
    if !value.starts_with(|c: char| c.is_ascii_digit()) || value.len() < 4 {
        return None;
    }
    let tail = value_part.get(value_len..)?;
    if !(tail.is_empty() || tail.starts_with(char::is_whitespace)) {
        return None;
    }
    let tail_trimmed = tail.trim_start_matches([' ', '\t']);
    let len = text.len() - tail_trimmed.len();
    Some(Marker {
        date: parse_date(value),
        len,
        line,
    })
}

/// A date found in a file name, and what was wrong with a date-shaped part
/// of the name that could not be used.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FileNameDate {
    /// The date used.
    pub date: Option<DocDate>,
    /// The first `YYYY-MM-DD` part that names no real day or lies outside
    /// the accepted years.
    pub problem: Option<DateError>,
}

/// Finds a date in a file name stem: the first run of the form
/// `YYYY-MM-DD` / `YYYY_MM_DD` (or `YYYYMMDD`) that is a real date, otherwise
/// the first 4-digit run within `years`. Runs must be delimited by
/// non-alphanumeric characters (so hexadecimal hashes are not read as years).
/// A `YYYY-MM-DD` run that is impossible (`2023-02-30`) or out of range is
/// reported in [`FileNameDate::problem`] (its year may still date the file).
pub(crate) fn date_from_file_name(stem: &str, years: &RangeInclusive<i16>) -> FileNameDate {
    let segments: Vec<&str> = stem.split(|c: char| !c.is_alphanumeric()).collect();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut year_only = None;
    let mut problem = None;
    for (i, seg) in segments.iter().enumerate() {
        if !numeric(seg) {
            continue;
        }
        let Ok(n) = seg.parse::<u32>() else { continue };
        if seg.len() == 4 {
            let Some(year) = to_year(n) else { continue };
            let month = segments.get(i + 1).filter(|s| numeric(s) && s.len() <= 2);
            let day = segments.get(i + 2).filter(|s| numeric(s) && s.len() <= 2);
            let full = match (month, day) {
                (Some(m), Some(d)) => m.parse::<i8>().ok().zip(d.parse::<i8>().ok()),
                _ => None,
            };
            let value = || match (month, day) {
                (Some(m), Some(d)) => format!("{seg}-{m}-{d}"),
                _ => seg.to_string(),
            };
            if !years.contains(&year) {
                if full.is_some() && problem.is_none() {
                    problem = Some(DateError::OutOfRange {
                        value: value(),
                        range: years.clone(),
                    });
                }
                continue;
            }
            if let Some((m, d)) = full {
                match DocDate::ymd(year, m, d) {
                    Ok(date) => {
                        return FileNameDate {
                            date: Some(date),
                            problem: None,
                        }
                    }
                    Err(_) if problem.is_none() => {
                        problem = Some(DateError::Impossible { value: value() });
                    }
                    Err(_) => {}
                }
            }
            if year_only.is_none() {
                year_only = DocDate::year_only(year).ok();
            }
        } else if seg.len() == 8 {
            let (Some(y), Some(m), Some(d)) =
                (to_year(n / 10_000), small((n / 100) % 100), small(n % 100))
            else {
                continue;
            };
            if years.contains(&y) {
                if let Ok(date) = DocDate::ymd(y, m, d) {
                    return FileNameDate {
                        date: Some(date),
                        problem: None,
                    };
                }
            }
        }
    }
    FileNameDate {
        date: year_only,
        problem,
    }
}

fn leading_digits(s: &str) -> (u32, usize) {
    let mut n: u32 = 0;
    let mut len = 0;
    for b in s.bytes() {
        if !b.is_ascii_digit() || len >= 9 {
            break;
        }
        n = n * 10 + u32::from(b - b'0');
        len += 1;
    }
    if len >= 9 && s.as_bytes().get(len).is_some_and(u8::is_ascii_digit) {
        // too many digits to be any accepted format
        return (n, 10);
    }
    (n, len)
}

fn leading_word(s: &str) -> (&str, &str) {
    let end = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    (s.get(..end).unwrap_or(""), s.get(end..).unwrap_or(""))
}

fn to_year(n: u32) -> Option<i16> {
    i16::try_from(n).ok()
}

fn small(n: u32) -> Option<i8> {
    i8::try_from(n).ok()
}

/// Skips a leading weekday name followed by a comma (`Thu, 26 Feb 1987`).
fn skip_weekday(s: &str) -> &str {
    let (word, rest) = leading_word(s);
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let lower = word.to_ascii_lowercase();
    if word.len() >= 3 && DAYS.iter().any(|d| lower.starts_with(d)) {
        if let Some(r) = rest.trim_start().strip_prefix(',') {
            return r.trim_start();
        }
    }
    s
}

/// `true` if `rest` is empty or a time part: `T` or a space followed by a digit.
fn is_time_tail(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        Some('T' | 't' | ' ') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn month_from_name(word: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let pos = MONTHS.iter().position(|m| {
        *m == lower
            || (lower.len() == 3 && m.starts_with(&lower))
            || (lower == "sept" && *m == "september")
    })?;
    i8::try_from(pos + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2023-11-11", Some("2023-11-11")),
            (" 2023-11-11 ", Some("2023-11-11")),
            ("2023/2/5", Some("2023-02-05")),
            ("2023.02.05", Some("2023-02-05")),
            ("2023-11-11T08:30:00Z", Some("2023-11-11")),
            ("2023-11-11T23:30:00-05:00", Some("2023-11-11")),
            ("2023-11-11 08:30:00+05:30", Some("2023-11-11")),
            ("1987/2/26 15:01", Some("1987-02-26")),
            ("20231111", Some("2023-11-11")),
            ("26-FEB-1987 15:01:01.79", Some("1987-02-26")),
            ("26-Feb-1987", Some("1987-02-26")),
            ("26 February 1987", Some("1987-02-26")),
            ("26 Feb. 1987", Some("1987-02-26")),
            ("Feb 26, 1987", Some("1987-02-26")),
            ("February 26 1987", Some("1987-02-26")),
            ("Sept 3rd, 2001", Some("2001-09-03")),
            ("Thu, 26 Feb 1987 15:01:01 GMT", Some("1987-02-26")),
            ("1987-02", Some("1987-02")),
            ("1987/02", Some("1987-02")),
            ("1987", Some("1987")),
            ("2023-02-30", None),
            ("2023-13-01", None),
            ("1987-00", None),
            ("02/03/1987", None),
            ("26/02/1987", Some("1987-02-26")),
            ("2/26/1987", Some("1987-02-26")),
            ("26.2.1987", Some("1987-02-26")),
            ("02.03.1987", Some("1987-03-02")),
            ("26-02-1987", Some("1987-02-26")),
            ("26.2.1987 15:01", Some("1987-02-26")),
            ("13/13/1987", None),
            ("1/2/87", None),
            ("1486425600", Some("2017-02-07")),
            ("1486425600.75", Some("2017-02-07")),
            ("999999999", Some("2001-09-09")),
            ("100000000", Some("1973-03-03")),
            ("1486425600.", None),
            ("14864256001", None),
            ("Feb 2017", Some("2017-02")),
            ("February 2017", Some("2017-02")),
            ("Feb. 2017", Some("2017-02")),
            ("february, 2017", Some("2017-02")),
            ("Feb 20171", None),
            ("Foo 2017", None),
            ("yesterday", None),
            ("", None),
            ("2023-11-11x", None),
            ("12345678901234567890", None),
            ("99999", None),
            ("31 Foo 1987", None),
        ];
        for (input, want) in cases {
            let got = parse_date(input).ok().map(|d| d.to_string());
            assert_eq!(got.as_deref(), *want, "input {input:?}");
        }
    }

    #[test]
    fn day_order_decides_numeric_dates() -> Result<(), DateError> {
        let in_order = |v, o| parse_date_in_order(v, o).map(|d| d.to_string());
        assert_eq!(in_order("02/03/1987", DayOrder::DayFirst)?, "1987-03-02");
        assert_eq!(in_order("02/03/1987", DayOrder::MonthFirst)?, "1987-02-03");
        assert_eq!(in_order("2.3.1987", DayOrder::MonthFirst)?, "1987-02-03");
        assert!(matches!(
            parse_date_in_order("25/03/1987", DayOrder::MonthFirst),
            Err(DateError::Impossible { .. })
        ));
        assert!(matches!(
            parse_date("02/03/1987"),
            Err(DateError::Ambiguous { .. })
        ));
        // Other formats ignore the order.
        assert_eq!(in_order("1987-02-03", DayOrder::DayFirst)?, "1987-02-03");
        Ok(())
    }

    #[test]
    fn day_order_decisions() {
        let decide = |v: &[&str]| decide_day_order(v.iter().copied());
        // A value with a day above 12 in first place decides for the column.
        let d = decide(&["02/03/2017", "25/03/2017", "04/05/2017"]);
        assert_eq!(d.as_ref().map(|d| d.order), Some(DayOrder::DayFirst));
        assert_eq!(
            d.map(|d| d.reason()).as_deref(),
            Some("1 value has a first number above 12")
        );
        let d = decide(&["2/3/2017", "3/25/2017", "4/26/2017"]);
        assert_eq!(d.map(|d| d.order), Some(DayOrder::MonthFirst));
        // Nothing decides: the separator's convention.
        let d = decide(&["02.03.2017", "04.05.2017"]);
        assert_eq!(d.as_ref().map(|d| d.order), Some(DayOrder::DayFirst));
        assert_eq!(
            d.map(|d| d.reason()).as_deref(),
            Some("no value decides; dates with '.' are day first by convention")
        );
        let d = decide(&["02/03/2017", "04/05/2017"]);
        assert_eq!(d.map(|d| d.order), Some(DayOrder::MonthFirst));
        // Conflicting evidence: the majority.
        let d = decide(&["25/03/2017", "26/03/2017", "3/27/2017"]);
        assert_eq!(d.map(|d| d.order), Some(DayOrder::DayFirst));
        assert_eq!(decide(&["2017-02-03", "Feb 2017", ""]), None);
    }

    #[test]
    fn impossible_vs_unrecognized() {
        assert!(matches!(
            parse_date("2023-02-30"),
            Err(DateError::Impossible { .. })
        ));
        assert!(matches!(
            parse_date("soon"),
            Err(DateError::Unrecognized { .. })
        ));
    }

    #[test]
    fn precision_accessors() -> Result<(), DateError> {
        let y = parse_date("2001")?;
        assert_eq!((y.year(), y.month(), y.day()), (2001, None, None));
        let m = parse_date("2001-09")?;
        assert_eq!((m.year(), m.month(), m.day()), (2001, Some(9), None));
        let d = parse_date("2001-09-11")?;
        assert_eq!((d.year(), d.month(), d.day()), (2001, Some(9), Some(11)));
        Ok(())
    }

    #[test]
    fn markers() {
        let m = find_marker(" date 2022-11-29 New Delhi")
            .map(|m| (m.date.ok().map(|d| d.to_string()), m.len));
        assert_eq!(m, Some((Some("2022-11-29".into()), 17)));
        let bad = find_marker(" date 2023-02-30 Text");
        assert!(matches!(
            bad.map(|m| m.date),
            Some(Err(DateError::Impossible { .. }))
        ));
        assert!(find_marker("date night was fun").is_none());
        assert!(find_marker("Dated 2020-01-01").is_none());
        assert!(find_marker("India and France").is_none());
        assert_eq!(find_marker("\n\ndate 2020-02-28").map(|m| m.line), Some(3));
    }

    #[test]
    fn file_names() {
        let years = 1000..=2200;
        let cases: &[(&str, Option<&str>)] = &[
            ("2023-11-11-title", Some("2023-11-11")),
            ("1790-Washington-1", Some("1790")),
            ("USA_56_2001", Some("2001")),
            ("report 20190304", Some("2019-03-04")),
            ("000_546721a3cd9f7b44", None),
            ("a1987b", None),
            ("notes", None),
            ("0999-x", None),
            ("2023-02-30-x", Some("2023")),
            ("9999-01-01-x", None),
        ];
        for (stem, want) in cases {
            let got = date_from_file_name(stem, &years)
                .date
                .map(|d| d.to_string());
            assert_eq!(got.as_deref(), *want, "stem {stem:?}");
        }
    }

    #[test]
    fn file_name_problems() {
        let years = 1000..=2200;
        let problem = |stem: &str| {
            date_from_file_name(stem, &years)
                .problem
                .map(|e| e.to_string())
        };
        assert_eq!(
            problem("2023-02-30-x").as_deref(),
            Some("impossible date \"2023-02-30\"")
        );
        assert_eq!(
            problem("9999_01_01").as_deref(),
            Some("date \"9999-01-01\" is outside the accepted years 1000..=2200")
        );
        for fine in [
            "2023-11-11-title",
            "USA_56_2001",
            "doc_5000",
            "0999-x",
            "notes",
        ] {
            assert_eq!(problem(fine), None, "{fine}");
        }
    }
}
