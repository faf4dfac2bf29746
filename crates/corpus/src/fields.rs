//! Finding the id, date, title and text fields of a JSON Lines or CSV file
//! whose names differ from the ones asked for.
//!
//! A field left at its default name ([`FieldNames::default`]: `id`, `date`,
//! `title`, `text`) that a file lacks is looked for among the file's other
//! fields, on a sample of its first [`SAMPLE_RECORDS`] records:
//!
//! * **date**: the field whose non-empty values parse as dates
//!   ([`parse_date`] within the year range) for a majority of the sampled
//!   records that have one. A majority is the rule because then using the
//!   field dates more documents than it leaves undated, and each value that
//!   does not parse is still a warning naming its line. A field holding only
//!   bare numbers (`1999`, `20170207`) qualifies only with a date-like name
//!   (containing `date`, `time`, `publish`, `created`, `posted`, `year`,
//!   `day`), so that a numeric id is not read as years. Among qualifying
//!   fields, a date-like name comes first, then the share of values that
//!   parse, then the leftmost.
//! * **id**: a field named like `*_id`, `*-id` or `*Id` (`article_id`,
//!   `docId`), or `key`, `uuid`, `guid`.
//! * **title**: `headline`, `heading` or `subject`.
//! * **text**: `body`, `content`, `article`, `story`, `message`, or a name
//!   containing `text`, `body` or `content` (`full_text`).
//!
//! The date field's numeric dates with the year last (`02/03/2017`) are
//! read day first or month first as its sampled values decide
//! ([`decide_day_order`](crate::date::decide_day_order)), stated with a
//! [`Warning::DateOrder`]; the same decision is used to count a candidate
//! field's dates. Bare numbers of 9 or 10 digits are epoch seconds.
//!
//! Name matches ignore case. Each field found this way is reported with a
//! [`Warning::FieldFound`]. A field given another name than its default is
//! used as given (explicit names always win); a file without it gets a
//! [`Warning::FieldMissing`]. When no date field is used but some field has
//! values that parse as dates, [`Warning::DatesUnused`] names it.

use std::path::Path;

use crate::date::{check_range, decide_day_order, parse_date, parse_date_in_order, DayOrder};
use crate::options::{FieldNames, ReadOptions};
use crate::warning::{Location, Warning};

/// Records sampled from the start of a file to find its fields.
pub const SAMPLE_RECORDS: usize = 1000;

/// The fields to read from one file: indices into its field names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub id: Option<usize>,
    pub date: Option<usize>,
    pub title: Option<usize>,
    pub text: Option<usize>,
    /// The known class ([`ReadOptions::label_field`]), by exact name only.
    pub label: Option<usize>,
    /// How the date field's numeric dates with the year last are read
    /// (decided from its sampled values; see [`decide_day_order`]).
    pub date_order: Option<DayOrder>,
}

/// Words that make a field name date-like.
const DATE_WORDS: &[&str] = &[
    "date", "time", "publish", "created", "posted", "year", "day",
];

fn date_like(name: &str) -> bool {
    let lower = name.to_lowercase();
    DATE_WORDS.iter().any(|w| lower.contains(w))
}

fn id_like(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with("_id")
        || lower.ends_with("-id")
        || lower.ends_with(" id")
        || (name.ends_with("Id") && name.len() > 2)
        || ["key", "uuid", "guid", "identifier"].contains(&lower.as_str())
}

fn title_like(name: &str) -> bool {
    ["headline", "heading", "subject", "title"].contains(&name.to_lowercase().as_str())
}

fn text_like(name: &str) -> bool {
    let lower = name.to_lowercase();
    ["body", "content", "article", "story", "message", "text"].contains(&lower.as_str())
        || ["text", "body", "content"]
            .iter()
            .any(|w| lower.contains(w))
}

/// How many of a field's sampled non-empty values parse as dates.
#[derive(Debug, Clone, Copy, Default)]
struct DateCount {
    values: usize,
    parsed: usize,
    numeric: bool,
}

/// Chooses the fields of one file from its field `names` and a sample of
/// records (`sample[r][c]` is the value of field `c` in record `r`, if any),
/// pushing a warning for each field found under another name.
pub(crate) fn resolve(
    names: &[String],
    sample: &[Vec<Option<String>>],
    path: &Path,
    options: &ReadOptions,
    warnings: &mut Vec<Warning>,
) -> Resolved {
    let f = &options.fields;
    let defaults = FieldNames::default();
    let exact = |want: &str| names.iter().position(|n| n == want);
    let location = || Location::new(path, None);
    let mut found = |role: &'static str, wanted: &str, index: Option<usize>, reason: &str| {
        if let Some(i) = index {
            warnings.push(Warning::FieldFound {
                location: location(),
                role,
                wanted: wanted.to_string(),
                used: names.get(i).cloned().unwrap_or_default(),
                reason: reason.to_string(),
            });
        }
        index
    };
    let detect = options.detect_fields;
    let mut resolved = Resolved {
        id: exact(&f.id),
        date: exact(&f.date),
        title: exact(&f.title),
        text: exact(&f.text),
        label: options.label_field.as_deref().and_then(exact),
        date_order: None,
    };
    // Fields claimed so far are not offered for another role.
    let taken =
        |r: &Resolved, i: usize| [r.id, r.date, r.title, r.text, r.label].contains(&Some(i));
    // By name: the first field not yet claimed whose name fits the role.
    let by_name = |r: &Resolved, fits: fn(&str) -> bool| {
        names
            .iter()
            .enumerate()
            .find(|&(i, n)| !taken(r, i) && fits(n))
            .map(|(i, _)| i)
    };
    if resolved.text.is_none() && detect && f.text == defaults.text {
        let pick = by_name(&resolved, text_like);
        resolved.text = found("text", &f.text, pick, "its name");
    }
    if resolved.id.is_none() && detect && f.id == defaults.id {
        let pick = by_name(&resolved, id_like);
        resolved.id = found("id", &f.id, pick, "its name");
    }
    if resolved.title.is_none() && detect && f.title == defaults.title {
        let pick = by_name(&resolved, title_like);
        resolved.title = found("title", &f.title, pick, "its name");
    }
    let orders: Vec<Option<DayOrder>> = (0..names.len())
        .map(|c| {
            decide_day_order(sample.iter().filter_map(|row| row.get(c)?.as_deref()))
                .map(|d| d.order)
        })
        .collect();
    let counts = date_counts(names.len(), sample, &orders, options);
    if resolved.date.is_none() && detect && f.date == defaults.date {
        let mut best: Option<(usize, bool, f64)> = None;
        for (i, (name, c)) in names.iter().zip(&counts).enumerate() {
            if taken(&resolved, i) || c.values == 0 || 2 * c.parsed <= c.values {
                continue;
            }
            let named = date_like(name);
            if c.numeric && !named {
                continue;
            }
            let share = c.parsed as f64 / c.values as f64;
            let better = match best {
                None => true,
                Some((_, b_named, b_share)) => (named, share) > (b_named, b_share),
            };
            if better {
                best = Some((i, named, share));
            }
        }
        let reason = best.map(|(i, _, _)| {
            let c = counts.get(i).copied().unwrap_or_default();
            format!("{} of its first {} values are dates", c.parsed, c.values)
        });
        resolved.date = found(
            "date",
            &f.date,
            best.map(|(i, _, _)| i),
            reason.as_deref().unwrap_or(""),
        );
    }
    for (role, wanted, default, index) in [
        ("id", &f.id, &defaults.id, resolved.id),
        ("date", &f.date, &defaults.date, resolved.date),
        ("title", &f.title, &defaults.title, resolved.title),
    ] {
        if index.is_none() && wanted != default && !names.is_empty() {
            warnings.push(Warning::FieldMissing {
                location: location(),
                role,
                name: wanted.clone(),
                fields: names.join(", "),
            });
        }
    }
    if let (Some(name), None) = (&options.label_field, resolved.label) {
        if !names.is_empty() {
            warnings.push(Warning::FieldMissing {
                location: location(),
                role: "label",
                name: name.clone(),
                fields: names.join(", "),
            });
        }
    }
    if let Some(c) = resolved.date {
        let values = sample.iter().filter_map(|row| row.get(c)?.as_deref());
        if let Some(decision) = decide_day_order(values) {
            warnings.push(Warning::DateOrder {
                location: location(),
                field: names.get(c).cloned().unwrap_or_default(),
                order: decision.order,
                reason: decision.reason(),
            });
            resolved.date_order = Some(decision.order);
        }
    }
    if resolved.date.is_none() {
        let unused = names
            .iter()
            .zip(&counts)
            .enumerate()
            .filter(|&(i, (name, c))| {
                // Bare numbers (counts, ids) are dates only under a date-like name.
                !taken(&resolved, i) && c.parsed > 0 && (!c.numeric || date_like(name))
            })
            .max_by_key(|&(i, (_, c))| (c.parsed, std::cmp::Reverse(i)));
        if let Some((_, (name, c))) = unused {
            warnings.push(Warning::DatesUnused {
                location: location(),
                field: name.clone(),
                parsed: c.parsed,
                values: c.values,
            });
        }
    }
    resolved
}

/// Digits with at most one decimal point (`1999`, `1486425600.5`).
fn is_number(v: &str) -> bool {
    let (whole, fraction) = v.split_once('.').unwrap_or((v, "0"));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

fn date_counts(
    columns: usize,
    sample: &[Vec<Option<String>>],
    orders: &[Option<DayOrder>],
    options: &ReadOptions,
) -> Vec<DateCount> {
    let mut counts = vec![
        DateCount {
            numeric: true,
            ..DateCount::default()
        };
        columns
    ];
    for row in sample {
        for ((c, value), order) in counts.iter_mut().zip(row).zip(orders) {
            let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
                continue;
            };
            c.values += 1;
            c.numeric &= is_number(v);
            let parsed = match order {
                Some(order) => parse_date_in_order(v, *order),
                None => parse_date(v),
            };
            if parsed
                .and_then(|d| check_range(d, v, &options.year_range))
                .is_ok()
            {
                c.parsed += 1;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    fn rows(r: &[&[&str]]) -> Vec<Vec<Option<String>>> {
        r.iter()
            .map(|row| {
                row.iter()
                    .map(|v| (!v.is_empty()).then(|| v.to_string()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn news_columns_are_found() {
        let n = names(&[
            "article_id",
            "publish_date",
            "article_source_link",
            "title",
            "subtitle",
            "text",
        ]);
        let s = rows(&[
            &["1", "2017/2/7", "http://x", "T", "S", "Body."],
            &["2", "2017/2/8", "http://y", "T", "S", "Body."],
        ]);
        let mut w = Vec::new();
        let r = resolve(&n, &s, Path::new("f.csv"), &ReadOptions::default(), &mut w);
        assert_eq!(
            r,
            Resolved {
                id: Some(0),
                date: Some(1),
                title: Some(3),
                text: Some(5),
                label: None,
                date_order: None,
            }
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].to_string().contains("\"article_id\""), "{}", w[0]);
        assert!(w[1].to_string().contains("\"publish_date\""), "{}", w[1]);
    }

    #[test]
    fn dates_are_found_by_their_values_and_numbers_need_a_date_name() {
        let n = names(&["n", "when_it_was", "year", "body"]);
        let s = rows(&[
            &["1999", "Feb 26, 1987", "1999", "x"],
            &["2001", "27 February 1987", "2001", "y"],
            &["2002", "not a date", "", "z"],
        ]);
        let mut w = Vec::new();
        let r = resolve(
            &n,
            &s,
            Path::new("f.jsonl"),
            &ReadOptions::default(),
            &mut w,
        );
        // `year` has a date-like name and every value parses.
        assert_eq!(r.date, Some(2));
        assert_eq!(r.text, Some(3));
        let n = names(&["n", "when_it_was", "body"]);
        let r = resolve(
            &n,
            &s,
            Path::new("f.jsonl"),
            &ReadOptions::default(),
            &mut w,
        );
        assert_eq!(r.date, Some(1), "2 of 3 values parse");
    }

    #[test]
    fn explicit_names_win_and_a_missing_one_is_reported() {
        let n = names(&["published", "text"]);
        let s = rows(&[&["2020-01-02", "x"]]);
        let fields = FieldNames {
            date: "pubished".into(),
            ..FieldNames::default()
        };
        let options = ReadOptions::default().fields(fields);
        let mut w = Vec::new();
        let r = resolve(&n, &s, Path::new("f.csv"), &options, &mut w);
        assert_eq!(r.date, None);
        let msgs: Vec<String> = w.iter().map(ToString::to_string).collect();
        assert!(msgs[0].contains("no field \"pubished\""), "{msgs:?}");
        assert!(msgs[1].contains("--date-field published"), "{msgs:?}");
    }

    #[test]
    fn detection_can_be_turned_off() {
        let n = names(&["published", "text"]);
        let s = rows(&[&["2020-01-02", "x"]]);
        let options = ReadOptions::default().detect_fields(false);
        let mut w = Vec::new();
        let r = resolve(&n, &s, Path::new("f.csv"), &options, &mut w);
        assert_eq!(r.date, None);
        assert!(w[0].to_string().contains("--date-field published"));
    }
}
