//! Dates in files: markers, file names, bad and out-of-range dates.

mod common;

use common::{read_dir, write, TestResult};
use tidings_corpus::{DateError, DatePrecision, ReadOptions, Warning};

#[test]
fn date_sources_and_precedence() -> TestResult {
    let dir = tempfile::tempdir()?;
    let cases = [
        (
            "a.txt",
            " date 2022-11-29 New Delhi, Nov 29: text.",
            Some("2022-11-29"),
        ),
        (
            "2019-05-06-b.txt",
            " date 2020-02-28 Marker wins over the name.",
            Some("2020-02-28"),
        ),
        ("2023-11-11-c.txt", "No marker.", Some("2023-11-11")),
        ("USA_56_2001.txt", "Speech.", Some("2001")),
        (
            "000_546721a3cd9f7b44.txt",
            "Hash in the name is no date.",
            None,
        ),
        (
            "e.txt",
            "The date 2020-01-01 in the middle is not a marker.",
            None,
        ),
    ];
    for (name, text, _) in cases {
        write(dir.path(), name, text)?;
    }
    let corpus = read_dir(dir.path())?;
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    for (name, _, want) in cases {
        let id = name.trim_end_matches(".txt");
        let doc = corpus.documents.iter().find(|d| d.id == id);
        let got = doc.and_then(|d| d.date).map(|d| d.to_string());
        assert_eq!(got.as_deref(), want, "{name}");
    }
    let speech = corpus
        .documents
        .iter()
        .find(|d| d.id == "USA_56_2001")
        .and_then(|d| d.date);
    assert_eq!(speech.map(|d| d.precision()), Some(DatePrecision::Year));
    Ok(())
}

#[test]
fn impossible_and_out_of_range_dates_warn_and_leave_the_document_undated() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "impossible.txt", " date 2023-02-30 Text.")?;
    write(dir.path(), "future.txt", " date 9999-01-01 Text.")?;
    write(dir.path(), "past.txt", "\n\n date 0800-01-01 Text.")?;
    write(
        dir.path(),
        "2021-fallback.txt",
        " date 2021-13-01 Falls back to the name.",
    )?;
    let corpus = read_dir(dir.path())?;
    assert_eq!(corpus.documents.len(), 4);
    let dates: Vec<(String, Option<String>)> = corpus
        .documents
        .iter()
        .map(|d| (d.id.clone(), d.date.map(|x| x.to_string())))
        .collect();
    assert_eq!(
        dates,
        [
            ("2021-fallback".into(), Some("2021".into())),
            ("future".into(), None),
            ("impossible".into(), None),
            ("past".into(), None),
        ]
    );
    // The marker is removed from the text even when its date is bad.
    assert!(corpus.documents.iter().all(|d| !d.text.contains("date")));
    let bad: Vec<(String, &DateError)> = corpus
        .warnings
        .iter()
        .filter_map(|w| match w {
            Warning::BadDate { location, error } => Some((location.to_string(), error)),
            _ => None,
        })
        .collect();
    assert_eq!(bad.len(), 4);
    assert!(bad[0].0.ends_with("2021-fallback.txt:1"));
    assert!(matches!(bad[1].1, DateError::OutOfRange { .. }));
    assert!(matches!(bad[2].1, DateError::Impossible { .. }));
    assert!(bad[3].0.ends_with("past.txt:3"), "{}", bad[3].0);
    let msg = corpus.warnings[2].to_string();
    assert!(
        msg.contains("impossible.txt:1") && msg.contains("2023-02-30"),
        "{msg}"
    );
    Ok(())
}

#[test]
fn the_year_range_is_configurable() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "0800-charlemagne.txt", "Text.")?;
    let default = read_dir(dir.path())?;
    assert_eq!(default.documents[0].date, None);
    let options = ReadOptions::default().year_range(500..=2100)?;
    let wide = common::read_with(dir.path(), &options)?;
    assert_eq!(wide.documents[0].year(), Some(800));
    let (start, end) = (2000, 1000);
    assert!(ReadOptions::default().year_range(start..=end).is_err());
    Ok(())
}

/// The dates of every document of `corpus`, in order.
fn dates_of(corpus: &tidings_corpus::Corpus) -> Vec<Option<String>> {
    corpus
        .documents
        .iter()
        .map(|d| d.date.map(|x| x.to_string()))
        .collect()
}

fn read_one(
    dir: &std::path::Path,
    name: &str,
) -> Result<tidings_corpus::Corpus, tidings_corpus::CorpusError> {
    tidings_corpus::read(
        &[tidings_corpus::Input::from(dir.join(name))],
        &ReadOptions::default(),
    )
}

/// Issue 14: `D.M.YYYY` in a CSV column, day first by the dots' convention,
/// and stated.
#[test]
fn dotted_day_first_dates_in_a_csv_column() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "de.csv",
        "id,date,text\na,2.3.2017,Eins.\nb,07.02.2017,Zwei.\nc,28.2.2017 14:00,Drei.\n",
    )?;
    let corpus = read_one(dir.path(), "de.csv")?;
    assert_eq!(
        dates_of(&corpus),
        [
            Some("2017-03-02".into()),
            Some("2017-02-07".into()),
            Some("2017-02-28".into())
        ]
    );
    let msgs = common::messages(&corpus);
    assert!(
        msgs.iter()
            .any(|m| m.contains("dates in \"date\" read day first")
                && m.contains("1 value has a first number above 12")),
        "{msgs:?}"
    );
    Ok(())
}

/// Issue 14: `M/D/YYYY` and `D/M/YYYY` are told apart per column from the
/// values: one file's column is month first, the other's day first, from
/// the same ambiguous value `02/03/2017`.
#[test]
fn day_or_month_first_is_decided_per_column() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "us.csv",
        "id,date,text\na,02/03/2017,One.\nb,2/17/2017,Two.\nc,12/31/2016,Three.\n",
    )?;
    write(
        dir.path(),
        "uk.csv",
        "id,date,text\na,02/03/2017,One.\nb,17/2/2017,Two.\nc,31/12/2016,Three.\n",
    )?;
    write(
        dir.path(),
        "undecided.csv",
        "id,date,text\na,02/03/2017,One.\nb,04/05/2017,Two.\n",
    )?;
    let us = read_one(dir.path(), "us.csv")?;
    assert_eq!(
        dates_of(&us),
        [
            Some("2017-02-03".into()),
            Some("2017-02-17".into()),
            Some("2016-12-31".into())
        ]
    );
    assert!(common::messages(&us).iter().any(|m| m.contains(
        "us.csv: dates in \"date\" read month first (2 values have a second number above 12)"
    )));
    let uk = read_one(dir.path(), "uk.csv")?;
    assert_eq!(
        dates_of(&uk),
        [
            Some("2017-03-02".into()),
            Some("2017-02-17".into()),
            Some("2016-12-31".into())
        ]
    );
    assert!(common::messages(&uk)
        .iter()
        .any(|m| m.contains("read day first (2 values have a first number above 12)")));
    let undecided = read_one(dir.path(), "undecided.csv")?;
    assert_eq!(
        dates_of(&undecided),
        [Some("2017-02-03".into()), Some("2017-04-05".into())]
    );
    assert!(common::messages(&undecided).iter().any(|m| m.contains(
        "read month first (no value decides; dates with '/' are month first by convention)"
    )));
    Ok(())
}

/// Issue 14: a value that contradicts its column's order is a warning
/// naming the file, the line and the value; the document is kept undated.
#[test]
fn a_value_against_the_column_order_is_a_warning_with_file_line_and_value() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "mixed.csv",
        "id,date,text\na,25/03/2017,One.\nb,26/03/2017,Two.\nc,3/27/2017,Three.\nd,last week,Four.\n",
    )?;
    let corpus = read_one(dir.path(), "mixed.csv")?;
    assert_eq!(
        dates_of(&corpus),
        [
            Some("2017-03-25".into()),
            Some("2017-03-26".into()),
            None,
            None
        ]
    );
    assert_eq!(corpus.documents.len(), 4);
    let msgs = common::messages(&corpus);
    assert!(
        msgs.iter().any(|m| m.ends_with(
            "mixed.csv:4: impossible date \"3/27/2017\"; document kept without this date"
        )),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.ends_with(
            "mixed.csv:5: unrecognised date \"last week\"; document kept without this date"
        )),
        "{msgs:?}"
    );
    Ok(())
}

/// Issue 14: Unix epoch seconds in a numeric JSON field and in a CSV
/// column, read as UTC calendar dates; found without flags under a
/// date-like name.
#[test]
fn epoch_seconds_in_a_numeric_field_or_column() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "posts.jsonl",
        "{\"id\":\"a\",\"created_utc\":1486425600,\"text\":\"One.\"}\n\
         {\"id\":\"b\",\"created_utc\":1486511999.5,\"text\":\"Two.\"}\n\
         {\"id\":\"c\",\"created_utc\":999999999,\"text\":\"Three.\"}\n",
    )?;
    let posts = read_one(dir.path(), "posts.jsonl")?;
    assert_eq!(
        dates_of(&posts),
        [
            Some("2017-02-07".into()),
            Some("2017-02-07".into()),
            Some("2001-09-09".into())
        ]
    );
    assert!(common::messages(&posts)
        .iter()
        .any(|m| m.contains("using \"created_utc\" for the date")));
    write(
        dir.path(),
        "posts.csv",
        "id,timestamp,text\na,1486425600,One.\nb,1486512000,Two.\n",
    )?;
    let csv = read_one(dir.path(), "posts.csv")?;
    assert_eq!(
        dates_of(&csv),
        [Some("2017-02-07".into()), Some("2017-02-08".into())]
    );
    // A numeric column without a date-like name is not read as dates.
    write(
        dir.path(),
        "ids.csv",
        "serial,text\n1486425600,One.\n1486512000,Two.\n",
    )?;
    let ids = read_one(dir.path(), "ids.csv")?;
    assert_eq!(dates_of(&ids), [None, None]);
    Ok(())
}

/// Issue 14: month-precision dates (`Feb 2017`, `February 2017`).
#[test]
fn month_precision_dates() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "m.jsonl",
        "{\"date\":\"Feb 2017\",\"text\":\"One.\"}\n\
         {\"date\":\"February 2017\",\"text\":\"Two.\"}\n\
         {\"date\":\"Sept. 2016\",\"text\":\"Three.\"}\n",
    )?;
    let corpus = read_one(dir.path(), "m.jsonl")?;
    assert_eq!(
        dates_of(&corpus),
        [
            Some("2017-02".into()),
            Some("2017-02".into()),
            Some("2016-09".into())
        ]
    );
    assert!(corpus
        .documents
        .iter()
        .all(|d| d.date.map(|x| x.precision()) == Some(DatePrecision::Month)));
    Ok(())
}
