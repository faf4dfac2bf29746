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
