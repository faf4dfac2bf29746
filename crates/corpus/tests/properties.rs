//! Property tests: no input makes the date parser, the cleaner, the passage
//! splitter or the readers panic, and their outputs keep their invariants.

use proptest::prelude::*;
use tidings_corpus::{
    parse_date, read, split_passages, Cleaner, CorpusError, Input, InputFormat, PassageOptions,
    ReadOptions,
};

fn texty() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("word".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just(". ".to_string()),
            Just("Also Read: x\n".to_string()),
            Just("é".to_string()),
            Just("。".to_string()),
            Just("\r\n".to_string()),
            Just(" date 2020-02-30 ".to_string()),
            any::<char>().prop_map(String::from),
        ],
        0..200,
    )
    .prop_map(|parts| parts.concat())
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Days in a month of the proleptic Gregorian calendar, written out
/// independently of the parser: 31 except April, June, September and
/// November (30) and February (29 in years divisible by 4, except
/// centuries not divisible by 400; else 28).
fn days_in_month(year: i16, month: i8) -> i8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[test]
fn month_ends_and_leap_days_are_accepted_and_impossible_days_rejected() {
    for ok in [
        "2024-01-31",
        "2024-02-29",
        "2000-02-29",
        "1996-02-29",
        "2023-12-31",
        "31 January 2023",
        "February 29, 2024",
        "29-FEB-2000",
        "20240229",
    ] {
        assert!(parse_date(ok).is_ok(), "{ok} rejected");
    }
    assert_eq!(
        parse_date("31 January 2023").map(|d| d.to_string()),
        Ok("2023-01-31".to_string())
    );
    assert_eq!(
        parse_date("2024-02-29").map(|d| d.to_string()),
        Ok("2024-02-29".to_string())
    );
    for bad in [
        "2023-02-29",
        "1900-02-29",
        "2100-02-29",
        "2024-02-30",
        "2024-04-31",
        "2024-06-31",
        "2024-09-31",
        "2024-11-31",
        "31 April 2024",
        "20230229",
    ] {
        assert!(parse_date(bad).is_err(), "{bad} accepted");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn date_parser_never_panics_and_round_trips(s in "\\PC{0,40}") {
        if let Ok(d) = parse_date(&s) {
            prop_assert_eq!(parse_date(&d.to_string()), Ok(d));
        }
    }

    #[test]
    fn date_like_inputs_round_trip(y in 1000i16..2200, m in 1i8..=12, d in 1i8..=31) {
        // Accepted exactly when the Gregorian calendar has that day,
        // in every format that names one.
        let valid = d <= days_in_month(y, m);
        let name = MONTHS[usize::try_from(m - 1).unwrap_or(0)];
        for s in [
            format!("{y:04}-{m:02}-{d:02}"),
            format!("{y:04}{m:02}{d:02}"),
            format!("{d} {name} {y}"),
            format!("{name} {d}, {y}"),
        ] {
            match parse_date(&s) {
                Ok(date) => {
                    prop_assert!(valid, "{} accepted", s);
                    prop_assert_eq!(date.to_string(), format!("{y:04}-{m:02}-{d:02}"));
                }
                Err(e) => prop_assert!(!valid, "{} rejected: {}", s, e),
            }
        }
    }

    #[test]
    fn cleaned_text_has_no_control_characters_or_empty_paragraphs(text in texty()) {
        let cleaned = Cleaner::default().clean(&text);
        prop_assert!(!cleaned.chars().any(|c| c.is_control() && c != '\n'));
        prop_assert!(!cleaned.contains("\n\n\n"));
        prop_assert_eq!(cleaned.trim(), cleaned.as_str());
        prop_assert_eq!(Cleaner::raw().clean(&text), text);
    }

    #[test]
    fn passages_are_ordered_bounded_and_on_char_boundaries(
        text in texty(),
        min in 0usize..50,
        extra in 1usize..100,
    ) {
        let options = PassageOptions::new(min, min + extra).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut last_end = 0;
        for p in split_passages(&text, &options) {
            prop_assert!(p.start >= last_end && p.start < p.end && p.end <= text.len());
            prop_assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
            let piece = p.text(&text);
            prop_assert!(piece.chars().count() <= options.max_chars());
            prop_assert_eq!(piece.trim(), piece);
            last_end = p.end;
        }
    }

    #[test]
    fn reading_arbitrary_bytes_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        format in prop_oneof![Just(InputFormat::Text), Just(InputFormat::JsonLines), Just(InputFormat::Csv)],
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("input.txt");
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for skip in [false, true] {
            let options = ReadOptions::default().format(format).skip_malformed(skip);
            match read(&[Input::from(&path)], &options) {
                Ok(corpus) => prop_assert!(!corpus.documents.is_empty()),
                Err(CorpusError::NoDocuments { .. }) => {}
                Err(CorpusError::Malformed { line, .. }) => prop_assert!(!skip && line >= 1),
                Err(e) => prop_assert!(false, "unexpected error {e}"),
            }
        }
    }
}

/// Paragraphs drawn from a small pool, so that many recur across documents
/// and the furniture rule has work to do; some carry no letter or digit.
fn pooled_document() -> impl Strategy<Value = String> {
    let pool = prop_oneof![
        Just("Source: Wire and agencies"),
        Just("Follow us on the web"),
        Just("- -"),
        Just("***"),
        Just("The council met on Monday to discuss the budget."),
        Just("Rain is expected over the weekend in the north."),
        Just("Shares closed higher after a quiet session."),
        Just("Read more"),
    ];
    prop::collection::vec(pool, 1..5).prop_map(|ps| ps.join("\n\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Issue 14: furniture removal never empties a document. Every document
    /// that had a letter or digit before the corpus-level pass still has
    /// one after it, however many documents share its paragraphs.
    #[test]
    fn furniture_removal_never_empties_a_document(
        docs in prop::collection::vec(pooled_document(), 1..40),
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (i, text) in docs.iter().enumerate() {
            std::fs::write(dir.path().join(format!("d{i:02}.txt")), text)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        let with_letters = docs.iter().filter(|t| t.chars().any(char::is_alphanumeric)).count();
        let corpus = match read(&[Input::from(dir.path())], &ReadOptions::default()) {
            Ok(corpus) => corpus,
            // A corpus with no text anywhere is an error that counts every
            // document it read, not a silent empty result.
            Err(CorpusError::NoDocuments { no_text, .. }) if with_letters == 0 => {
                prop_assert_eq!(no_text, docs.len());
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        };
        prop_assert_eq!(corpus.documents.len(), docs.len());
        for d in &corpus.documents {
            let i: usize = d.id.trim_start_matches('d').parse().unwrap_or(usize::MAX);
            let before = docs.get(i).is_some_and(|t| t.chars().any(char::is_alphanumeric));
            prop_assert_eq!(d.has_text(), before, "{}", d.id);
            if before {
                prop_assert!(d.text.chars().any(char::is_alphanumeric), "{} emptied", d.id);
            }
        }
        // Documents without text are never a duplicate set.
        let empty = corpus.documents.iter().filter(|d| !d.has_text()).count();
        let with_text = corpus.documents.len() - empty;
        prop_assert!(corpus.duplicates.documents <= with_text);
    }
}
