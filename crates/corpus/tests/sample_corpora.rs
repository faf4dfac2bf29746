//! The shipped sample corpora in `corpus/`, and (ignored by default) the
//! full UN General Debate corpus.

use std::path::PathBuf;

use tidings_corpus::{read, Input, PassageOptions, ReadOptions};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn corpus_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus")
        .join(name)
}

#[test]
fn seed_news_has_five_documents_four_dated() -> TestResult {
    let corpus = read(
        &[Input::from(corpus_dir("seed-news"))],
        &ReadOptions::default(),
    )?;
    let stats = corpus.stats();
    assert_eq!((stats.documents, stats.dated, stats.undated), (5, 4, 1));
    let years: Vec<(i16, usize)> = stats.per_year.into_iter().collect();
    assert_eq!(years, [(2020, 1), (2022, 1), (2023, 2)]);
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    Ok(())
}

#[test]
fn seed_news_is_cleaned_of_furniture_and_markers() -> TestResult {
    let corpus = read(
        &[Input::from(corpus_dir("seed-news"))],
        &ReadOptions::default(),
    )?;
    for doc in &corpus.documents {
        for furniture in [
            "Click to comment",
            "Also Read",
            "You must be logged in",
            "Copyright ©",
            "Disclaimer:",
            "Connect with us",
            "Content is protected",
        ] {
            assert!(
                !doc.text.contains(furniture),
                "{} contains {furniture:?}",
                doc.id
            );
        }
        assert!(
            !doc.text.trim_start().starts_with("date "),
            "{} starts with the marker",
            doc.id
        );
        assert!(doc.text.starts_with(|c: char| !c.is_whitespace()));
    }
    // Passages: enough units for a topic model, each bounded.
    let options = PassageOptions::default();
    let passages: usize = corpus
        .documents
        .iter()
        .map(|d| d.passages(&options).len())
        .sum();
    assert!(passages >= 15, "{passages} passages");
    Ok(())
}

#[test]
fn raw_seed_news_keeps_the_exact_bytes() -> TestResult {
    let options = ReadOptions::default().cleaner(tidings_corpus::Cleaner::raw());
    let corpus = read(&[Input::from(corpus_dir("seed-news"))], &options)?;
    for doc in &corpus.documents {
        let bytes = std::fs::read(&doc.source.path)?;
        assert_eq!(doc.text.as_bytes(), bytes.as_slice(), "{}", doc.id);
    }
    assert_eq!(corpus.stats().dated, 4);
    Ok(())
}

#[test]
fn ungdc_sample_is_dated_by_file_name() -> TestResult {
    let corpus = read(
        &[Input::from(corpus_dir("ungdc-sample"))],
        &ReadOptions::default(),
    )?;
    let stats = corpus.stats();
    assert_eq!((stats.documents, stats.dated), (232, 232));
    assert!(stats.per_year.keys().all(|y| y % 2 == 1));
    assert_eq!(stats.per_year.len(), 39);
    assert_eq!(corpus.documents[0].id, "Session 02 - 1947/CHN_02_1947");
    // Hard-wrapped speeches become paragraphs without line breaks inside.
    let speech = corpus
        .documents
        .iter()
        .find(|d| d.id.ends_with("USA_56_2001"))
        .map(|d| d.text.as_str())
        .unwrap_or_default();
    assert!(
        speech.starts_with("We meet in a Hall devoted to peace; in a city scarred by violence;")
    );
    assert!(speech.contains("\n\nThat evil has returned, and that cause is renewed.\n\n"));
    Ok(())
}

/// The full UN General Debate corpus, if extracted at /work/data/TXT (or
/// `$UNGDC_TXT`): `cargo test -p tidings-corpus --release -- --ignored`.
#[test]
#[ignore = "needs the extracted UN General Debate corpus"]
fn full_ungdc_corpus() -> TestResult {
    let dir = std::env::var_os("UNGDC_TXT")
        .map_or_else(|| PathBuf::from("/work/data/TXT"), PathBuf::from);
    let corpus = read(&[Input::from(dir)], &ReadOptions::default())?;
    let stats = corpus.stats();
    assert_eq!(
        (stats.documents, stats.dated, stats.undated),
        (10_952, 10_952, 0)
    );
    assert_eq!(stats.first.map(|d| d.year()), Some(1946));
    assert_eq!(stats.last.map(|d| d.year()), Some(2024));
    Ok(())
}
