//! Bad and unusual files: encodings, empty and binary files, scripts,
//! control characters, sizes.

mod common;

use common::{messages, read_dir, read_with, write, TestResult};
use tidings_corpus::{
    Cleaner, CorpusError, Emptiness, ReadOptions, SkipReason, TextEncoding, Warning,
};

#[test]
fn latin1_is_decoded_as_windows_1252_with_a_warning() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "latin1.txt", b"Le caf\xe9 de la r\xe9publique.")?;
    let corpus = read_dir(dir.path())?;
    assert_eq!(corpus.documents[0].text, "Le café de la république.");
    assert!(matches!(
        corpus.warnings.as_slice(),
        [Warning::NotUtf8 {
            decoded_as: TextEncoding::Windows1252,
            ..
        }]
    ));
    let msg = messages(&corpus).join("\n");
    assert!(
        msg.contains("latin1.txt") && msg.contains("not valid UTF-8"),
        "{msg}"
    );
    Ok(())
}

#[test]
fn mostly_utf8_with_a_bad_byte_is_decoded_lossily() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "mixed.txt", b"d\xc3\xa9j\xc3\xa0 vu \xff here")?;
    let corpus = read_dir(dir.path())?;
    assert_eq!(corpus.documents[0].text, "déjà vu \u{fffd} here");
    assert!(matches!(
        corpus.warnings.as_slice(),
        [Warning::NotUtf8 {
            decoded_as: TextEncoding::Utf8Lossy,
            ..
        }]
    ));
    Ok(())
}

#[test]
fn utf16_with_bom_is_decoded() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut le = vec![0xff, 0xfe];
    le.extend(
        " date 2021-03-04 Hello, wörld"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    write(dir.path(), "le.txt", &le)?;
    let mut be = vec![0xfe, 0xff];
    be.extend("Big endian".encode_utf16().flat_map(u16::to_be_bytes));
    write(dir.path(), "be.txt", &be)?;
    let corpus = read_dir(dir.path())?;
    let texts: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["Big endian", "Hello, wörld"]);
    assert_eq!(
        corpus.documents[1].date.map(|d| d.to_string()).as_deref(),
        Some("2021-03-04")
    );
    assert_eq!(corpus.warnings.len(), 2);
    assert!(corpus
        .warnings
        .iter()
        .all(|w| matches!(w, Warning::Transcoded { .. })));
    Ok(())
}

#[test]
fn utf8_bom_is_removed_even_in_raw_mode() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "bom.txt", b"\xef\xbb\xbf date 2020-01-02 Text.")?;
    let corpus = read_dir(dir.path())?;
    assert_eq!(corpus.documents[0].text, "Text.");
    assert_eq!(
        corpus.documents[0].date.map(|d| d.to_string()).as_deref(),
        Some("2020-01-02")
    );
    assert!(corpus.warnings.is_empty());
    let raw = read_with(dir.path(), &ReadOptions::default().cleaner(Cleaner::raw()))?;
    assert_eq!(raw.documents[0].text, " date 2020-01-02 Text.");
    Ok(())
}

#[test]
fn binary_files_are_skipped_and_files_without_text_are_kept_without_text() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "a-empty.txt", b"")?;
    write(dir.path(), "b-space.txt", b"  \n\t\r\n  ")?;
    write(dir.path(), "c-punct.txt", b"... !!! ---")?;
    write(
        dir.path(),
        "d-image.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )?;
    write(
        dir.path(),
        "e-archive.txt",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    )?;
    write(dir.path(), "f-nul.txt", b"text\x00with nul")?;
    write(dir.path(), "g-good.txt", b"A real document.")?;
    let corpus = read_dir(dir.path())?;
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a-empty", "b-space", "c-punct", "g-good"]);
    let no_text: Vec<Option<Emptiness>> = corpus.documents.iter().map(|d| d.no_text).collect();
    assert_eq!(
        no_text,
        [
            Some(Emptiness::NoContent),
            Some(Emptiness::Whitespace),
            Some(Emptiness::NoWords),
            None
        ]
    );
    assert_eq!(corpus.stats().no_text, 3);
    assert_eq!(corpus.skipped.count(SkipReason::Binary), 3);
    assert_eq!(corpus.skipped.total(), 3);
    let whats: Vec<Emptiness> = corpus
        .warnings
        .iter()
        .filter_map(|w| match w {
            Warning::Empty { what, .. } => Some(*what),
            _ => None,
        })
        .collect();
    assert_eq!(
        whats,
        [
            Emptiness::NoContent,
            Emptiness::Whitespace,
            Emptiness::NoWords
        ]
    );
    let msg = messages(&corpus).join("\n");
    for name in [
        "a-empty.txt",
        "d-image.txt",
        "PNG image",
        "e-archive.txt",
        "gzip archive",
    ] {
        assert!(msg.contains(name), "{name} missing from {msg}");
    }
    Ok(())
}

#[test]
fn only_bad_files_is_no_documents() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "empty.txt", b"")?;
    write(dir.path(), "image.txt", b"\x89PNG\r\n\x1a\n")?;
    match read_dir(dir.path()) {
        Err(e @ CorpusError::NoDocuments { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("no text in the one document") && msg.contains("1 binary"),
                "{msg}"
            );
        }
        other => panic!("expected NoDocuments, got {other:?}"),
    }
    Ok(())
}

#[test]
fn other_scripts_are_kept_verbatim() -> TestResult {
    let dir = tempfile::tempdir()?;
    let cases = [
        ("arabic.txt", "تعمل الهند وفرنسا معا لمكافحة الإرهاب."),
        ("chinese.txt", "印度和法国加强反恐合作。"),
        ("devanagari.txt", "भारत और फ्रांस आतंकवाद के खिलाफ सहयोग करते हैं।"),
    ];
    for (name, text) in cases {
        write(dir.path(), name, text)?;
    }
    let corpus = read_dir(dir.path())?;
    assert!(corpus.warnings.is_empty());
    for (doc, (name, text)) in corpus.documents.iter().zip(cases) {
        assert_eq!(doc.text, text, "{name}");
    }
    Ok(())
}

#[test]
fn control_characters_are_removed_when_cleaning_and_kept_raw() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "ctrl.txt",
        "Bell\u{7} and\u{1b}[0m escape\u{85}.\u{0c}",
    )?;
    let corpus = read_dir(dir.path())?;
    assert_eq!(corpus.documents[0].text, "Bell and[0m escape.");
    let raw = read_with(dir.path(), &ReadOptions::default().cleaner(Cleaner::raw()))?;
    assert_eq!(
        raw.documents[0].text,
        "Bell\u{7} and\u{1b}[0m escape\u{85}.\u{0c}"
    );
    Ok(())
}

#[test]
fn a_50_mb_single_line_is_truncated_with_a_warning() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut big = "é".repeat(10); // a multi-byte character at the cut
    big.push_str(&"word ".repeat(10_000_000));
    write(dir.path(), "big.txt", &big)?;
    let corpus = read_with(dir.path(), &ReadOptions::default().cleaner(Cleaner::raw()))?;
    let doc = &corpus.documents[0];
    assert!(doc.text.len() <= 10 * 1024 * 1024 && doc.text.len() > 10 * 1024 * 1024 - 4);
    match corpus.warnings.as_slice() {
        [Warning::Truncated {
            limit,
            original_bytes,
            ..
        }] => {
            assert_eq!(*limit, 10 * 1024 * 1024);
            assert_eq!(*original_bytes, big.len() as u64);
        }
        other => panic!("expected one truncation warning, got {other:?}"),
    }
    Ok(())
}

#[test]
fn truncation_respects_character_boundaries() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "small.txt", "ab€€€€")?;
    let options = ReadOptions::default()
        .cleaner(Cleaner::raw())
        .max_doc_bytes(4)?;
    let corpus = read_with(dir.path(), &options)?;
    assert_eq!(corpus.documents[0].text, "ab");
    assert!(ReadOptions::default().max_doc_bytes(0).is_err());
    Ok(())
}

#[test]
fn web_furniture_and_repeated_lines_are_removed() -> TestResult {
    let dir = tempfile::tempdir()?;
    // Six different stories: digits alone do not make texts differ, since
    // recurring lines are compared with digits normalised.
    let topics = ["rain", "trade", "chess", "rivers", "music", "bread"];
    for (i, topic) in topics.iter().enumerate() {
        let text = format!(
            "A story about {topic} begins here, and goes on for a while.\n\nAlso Read: another story\n\nSubscribe to the Daily Planet newsletter today\n\nCopyright © 2024 Planet\n"
        );
        write(dir.path(), &format!("{i}.txt"), text)?;
    }
    let corpus = read_dir(dir.path())?;
    for (doc, topic) in corpus.documents.iter().zip(topics) {
        assert_eq!(
            doc.text,
            format!("A story about {topic} begins here, and goes on for a while.")
        );
    }
    assert_eq!(corpus.removed.furniture.lines_removed, 6);
    assert_eq!(corpus.removed.furniture.documents_changed, 6);
    assert_eq!(
        corpus.removed.furniture.examples[0].text,
        "Subscribe to the Daily Planet newsletter today"
    );
    let raw = read_with(dir.path(), &ReadOptions::default().cleaner(Cleaner::raw()))?;
    assert!(raw.documents[0]
        .text
        .contains("Subscribe to the Daily Planet"));
    Ok(())
}

/// Found by the CSV fuzz target: cleaning split a hard-wrapped line into
/// paragraphs and the document outgrew `max_doc_bytes`.
#[test]
fn cleaned_documents_stay_within_max_doc_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrapped.csv");
    std::fs::write(
        &path,
        "text\n\"multi;\n- line word word word word word word word word\"\n",
    )
    .unwrap();
    let options = tidings_corpus::ReadOptions::new()
        .max_doc_bytes(16)
        .unwrap();
    let corpus = tidings_corpus::read(&[tidings_corpus::Input::from(&path)], &options).unwrap();
    assert_eq!(corpus.documents.len(), 1);
    for d in &corpus.documents {
        assert!(d.text.len() <= 16, "{:?}", d.text);
    }
}
