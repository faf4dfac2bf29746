//! Paths: missing inputs, empty folders, symbolic links, names with spaces
//! and non-ASCII characters, ordering, single files, streaming.

mod common;

use common::{read_dir, write, TestResult};
use tidings_corpus::{read, CorpusError, DocumentStream, Input, ReadOptions, SkipReason, Warning};

#[test]
fn a_missing_path_is_an_error() {
    let err = read(
        &[Input::from("/no/such/folder/at/all")],
        &ReadOptions::default(),
    );
    match err {
        Err(e @ CorpusError::MissingPath { .. }) => {
            assert!(e.to_string().contains("/no/such/folder/at/all"));
        }
        other => panic!("expected MissingPath, got {other:?}"),
    }
}

#[test]
fn an_empty_folder_is_no_documents() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::create_dir(dir.path().join("sub"))?;
    write(dir.path(), "notes.pdf", b"%PDF-1.4")?; // not a .txt/.md file: ignored
    assert!(matches!(
        read_dir(dir.path()),
        Err(CorpusError::NoDocuments { .. })
    ));
    Ok(())
}

#[test]
fn names_with_spaces_and_non_ascii_characters() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "Session 56 - 2001/USA_56_2001.txt", "A speech.")?;
    write(
        dir.path(),
        "Zürich Notizen/2023-11-11-Über uns.md",
        "# Über uns\n\nText.",
    )?;
    write(dir.path(), "日本/メモ.txt", "Memo text.")?;
    let corpus = read_dir(dir.path())?;
    let got: Vec<(String, Option<String>, Option<String>)> = corpus
        .documents
        .iter()
        .map(|d| (d.id.clone(), d.date.map(|x| x.to_string()), d.title.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Session 56 - 2001/USA_56_2001".to_string(),
                Some("2001".to_string()),
                None
            ),
            (
                "Zürich Notizen/2023-11-11-Über uns".to_string(),
                Some("2023-11-11".to_string()),
                Some("Über uns".to_string())
            ),
            ("日本/メモ".to_string(), None, None),
        ]
    );
    Ok(())
}

#[test]
fn order_is_by_path_bytes_not_creation_order() -> TestResult {
    let dir = tempfile::tempdir()?;
    for name in ["c.txt", "b/z.txt", "a.txt", "B.txt", "b/a.txt"] {
        write(dir.path(), name, format!("Text of {name}."))?;
    }
    let ids: Vec<String> = read_dir(dir.path())?
        .documents
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, ["B", "a", "b/a", "b/z", "c"]);
    Ok(())
}

#[test]
fn metadata_and_hidden_files_are_skipped_in_folders_only() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "README.md", "About this corpus.")?;
    write(dir.path(), "LICENSE.txt", "CC0.")?;
    write(dir.path(), ".hidden.txt", "Hidden.")?;
    write(dir.path(), "doc.txt", "A document.")?;
    let corpus = read_dir(dir.path())?;
    assert_eq!(corpus.documents.len(), 1);
    let with_meta = read(
        &[Input::from(dir.path())],
        &ReadOptions::default()
            .skip_metadata_files(false)
            .skip_hidden(false),
    )?;
    assert_eq!(with_meta.documents.len(), 4);
    let direct = read(
        &[Input::from(dir.path().join("README.md"))],
        &ReadOptions::default(),
    )?;
    assert_eq!(direct.documents[0].id, "README");
    Ok(())
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_with_a_warning() -> TestResult {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir()?;
    write(dir.path(), "sub/doc.txt", "A document.")?;
    symlink(dir.path(), dir.path().join("sub/back-to-root"))?; // folder cycle
    symlink("self.txt", dir.path().join("self.txt"))?; // link to itself
    symlink("no-such-file.txt", dir.path().join("dangling.txt"))?; // unreadable
    let corpus = read_dir(dir.path())?;
    assert_eq!(corpus.documents.len(), 1);
    assert_eq!(corpus.skipped.count(SkipReason::SymlinkLoop), 2);
    assert_eq!(corpus.skipped.count(SkipReason::Unreadable), 1);
    let unreadable = corpus
        .warnings
        .iter()
        .find(|w| matches!(w, Warning::Unreadable { .. }))
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(unreadable.contains("dangling.txt"), "{unreadable}");
    Ok(())
}

#[test]
fn single_files_and_several_inputs() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "1790-Washington-1.txt", "Fellow citizens.")?;
    write(dir.path(), "other/note.md", "A note.")?;
    let corpus = read(
        &[
            Input::from(dir.path().join("1790-Washington-1.txt")),
            Input::from(dir.path().join("other")),
        ],
        &ReadOptions::default(),
    )?;
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["1790-Washington-1", "note"]);
    assert_eq!(corpus.documents[0].year(), Some(1790));
    assert_eq!(corpus.documents[0].source.line, 1);
    Ok(())
}

#[test]
fn the_stream_gives_the_same_documents_as_read() -> TestResult {
    let dir = tempfile::tempdir()?;
    for i in 0..150 {
        write(
            dir.path(),
            &format!("d{i:03}.txt"),
            format!(" date 2020-01-{:02} Document {i}.", i % 28 + 1),
        )?;
    }
    write(dir.path(), "zz-empty.txt", "")?;
    let options = ReadOptions::default();
    let eager = read(&[Input::from(dir.path())], &options)?;
    let mut stream = DocumentStream::open(&[Input::from(dir.path())], options)?;
    let streamed: Vec<_> = (&mut stream).collect::<Result<_, _>>()?;
    assert_eq!(streamed, eager.documents);
    let summary = stream.finish()?;
    assert_eq!(summary.documents, 151);
    assert_eq!(summary.no_text, 1);
    assert_eq!(summary.warnings, eager.warnings);
    assert_eq!(summary.skipped.total(), 0);
    Ok(())
}

#[test]
fn reading_is_the_same_on_one_thread_and_many() -> TestResult {
    let dir = tempfile::tempdir()?;
    for i in 0..200 {
        write(
            dir.path(),
            &format!("{}.txt", 199 - i),
            format!("Text {i}.\nMore text."),
        )?;
    }
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let many = rayon::ThreadPoolBuilder::new().num_threads(4).build()?;
    let a = one.install(|| read_dir(dir.path()))?;
    let b = many.install(|| read_dir(dir.path()))?;
    assert_eq!(a, b);
    Ok(())
}
