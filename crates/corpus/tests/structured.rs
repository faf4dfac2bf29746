//! JSON Lines and CSV input: fields, malformed records, skipping.

mod common;

use common::{write, TestResult};
use tidings_corpus::{
    read, Corpus, CorpusError, FieldNames, Input, InputFormat, ReadOptions, SkipReason, Warning,
};

fn read_file(
    dir: &std::path::Path,
    name: &str,
    options: &ReadOptions,
) -> Result<Corpus, CorpusError> {
    read(&[Input::from(dir.join(name))], options)
}

fn malformed_line(result: Result<Corpus, CorpusError>) -> Option<(u64, String)> {
    match result {
        Err(e @ CorpusError::Malformed { line, .. }) => Some((line, e.to_string())),
        _ => None,
    }
}

#[test]
fn jsonl_fields_are_read() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "news.jsonl",
        concat!(
            "\u{feff}{\"id\": \"a\", \"date\": \"2023-11-11T08:00:00Z\", \"title\": \"T\", \"text\": \"First.\"}\n",
            "\n",
            "{\"id\": 7, \"date\": 1987, \"text\": \"Second.\"}\r\n",
            "{\"date\": null, \"text\": \"Third.\", \"extra\": [1, 2]}\n",
        ),
    )?;
    let corpus = read_file(dir.path(), "news.jsonl", &ReadOptions::default())?;
    type Row = (String, Option<String>, Option<String>, String, u64);
    let got: Vec<Row> = corpus
        .documents
        .iter()
        .map(|d| {
            (
                d.id.clone(),
                d.date.map(|x| x.to_string()),
                d.title.clone(),
                d.text.clone(),
                d.source.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "a".into(),
                Some("2023-11-11".into()),
                Some("T".into()),
                "First.".into(),
                1
            ),
            ("7".into(), Some("1987".into()), None, "Second.".into(), 3),
            ("news:4".into(), None, None, "Third.".into(), 4),
        ]
    );
    Ok(())
}

#[test]
fn jsonl_field_names_are_selectable() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "x.ndjson",
        "{\"key\": \"k1\", \"when\": \"26-FEB-1987 15:01:01.79\", \"body\": \"Text.\"}\n",
    )?;
    let fields = FieldNames {
        id: "key".into(),
        date: "when".into(),
        title: "headline".into(),
        text: "body".into(),
    };
    let corpus = read_file(
        dir.path(),
        "x.ndjson",
        &ReadOptions::default().fields(fields),
    )?;
    assert_eq!(corpus.documents[0].id, "k1");
    assert_eq!(
        corpus.documents[0].date.map(|d| d.to_string()).as_deref(),
        Some("1987-02-26")
    );
    Ok(())
}

#[test]
fn malformed_jsonl_lines_are_errors_naming_the_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let cases = [
        (
            "broken.jsonl",
            "{\"text\": \"ok\"}\n{\"text\": \"unterminated\n",
            2,
            "invalid JSON",
        ),
        (
            "missing.jsonl",
            "{\"text\": \"ok\"}\n\n{\"id\": \"x\"}\n",
            3,
            "missing field \"text\"",
        ),
        (
            "wrongtype.jsonl",
            "{\"text\": 42}\n",
            1,
            "is a number, expected a string",
        ),
        ("array.jsonl", "[1, 2]\n", 1, "expected a JSON object"),
    ];
    for (name, content, line, reason) in cases {
        write(dir.path(), name, content)?;
        let got = malformed_line(read_file(dir.path(), name, &ReadOptions::default()));
        let (got_line, msg) = got.unwrap_or_default();
        assert_eq!(got_line, line, "{name}: {msg}");
        assert!(msg.contains(name) && msg.contains(reason), "{name}: {msg}");
    }
    Ok(())
}

#[test]
fn malformed_jsonl_lines_can_be_skipped() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "mixed.jsonl",
        "{\"text\": \"one\"}\nnot json\n{\"text\": [1]}\n{\"text\": \"two\"}\n",
    )?;
    let corpus = read_file(
        dir.path(),
        "mixed.jsonl",
        &ReadOptions::default().skip_malformed(true),
    )?;
    let texts: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["one", "two"]);
    assert_eq!(corpus.skipped.count(SkipReason::Malformed), 2);
    let msgs: Vec<String> = corpus.warnings.iter().map(ToString::to_string).collect();
    assert!(msgs[0].contains("mixed.jsonl:2"), "{msgs:?}");
    assert!(msgs[1].contains("mixed.jsonl:3"), "{msgs:?}");
    Ok(())
}

#[test]
fn csv_columns_are_read_and_selectable() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "data.csv",
        "id,date,title,text\nr1,1987/2/26 15:01,Title one,\"Multi-line\ntext, with comma\"\nr2,,,\"He said \"\"hi\"\".\"\n",
    )?;
    let corpus = read_file(dir.path(), "data.csv", &ReadOptions::default())?;
    assert_eq!(corpus.documents.len(), 2);
    assert_eq!(
        corpus.documents[0].date.map(|d| d.to_string()).as_deref(),
        Some("1987-02-26")
    );
    assert_eq!(corpus.documents[0].title.as_deref(), Some("Title one"));
    assert_eq!(corpus.documents[0].text, "Multi-line text, with comma");
    assert_eq!(corpus.documents[1].text, "He said \"hi\".");
    assert_eq!(corpus.documents[1].source.line, 4);

    write(dir.path(), "data.tsv", "body\tyear\nText here.\t2001\n")?;
    let fields = FieldNames {
        text: "body".into(),
        date: "year".into(),
        ..FieldNames::default()
    };
    let corpus = read_file(
        dir.path(),
        "data.tsv",
        &ReadOptions::default().fields(fields),
    )?;
    assert_eq!(corpus.documents[0].year(), Some(2001));
    assert_eq!(corpus.documents[0].id, "data:2");
    Ok(())
}

#[test]
fn malformed_csv_is_an_error_naming_the_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let cases = [
        (
            "ragged.csv",
            "id,text\na,one\nb,two,extra\n",
            3,
            "row has 3 fields, expected 2",
        ),
        (
            "quote.csv",
            "id,text\na,one\nb,\"never closed\nc,three\n",
            3,
            "unterminated quoted field",
        ),
        (
            "nocolumn.csv",
            "id,words\na,one\n",
            1,
            "no column named \"text\"",
        ),
    ];
    for (name, content, line, reason) in cases {
        write(dir.path(), name, content)?;
        let (got_line, msg) = malformed_line(read_file(dir.path(), name, &ReadOptions::default()))
            .unwrap_or_default();
        assert_eq!(got_line, line, "{name}: {msg}");
        assert!(msg.contains(name) && msg.contains(reason), "{name}: {msg}");
    }
    Ok(())
}

#[test]
fn malformed_csv_rows_can_be_skipped() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "ragged.csv",
        "id,text\na,one\nb,two,extra\nc,three\n",
    )?;
    let corpus = read_file(
        dir.path(),
        "ragged.csv",
        &ReadOptions::default().skip_malformed(true),
    )?;
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(corpus.skipped.count(SkipReason::Malformed), 1);
    Ok(())
}

#[test]
fn format_can_be_forced() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "records.txt", "{\"text\": \"From JSON.\"}\n")?;
    let corpus = read_file(
        dir.path(),
        "records.txt",
        &ReadOptions::default().format(InputFormat::JsonLines),
    )?;
    assert_eq!(corpus.documents[0].text, "From JSON.");
    let as_text = read_file(dir.path(), "records.txt", &ReadOptions::default())?;
    assert_eq!(as_text.documents[0].text, "{\"text\": \"From JSON.\"}");
    Ok(())
}

/// Issue 14: a news CSV with `article_id`, `publish_date` (`YYYY/M/D`) and
/// `title` columns is dated without flags, and the warnings say which columns
/// were used.
#[test]
fn csv_and_jsonl_fields_under_other_names_are_found() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "news.csv",
        "article_id,publish_date,article_source_link,title,subtitle,text\n\
         17,2017/2/7,http://a,First,Sub,Text one.\n\
         18,2017/12/25,http://b,Second,Sub,Text two.\n",
    )?;
    write(
        dir.path(),
        "posts.jsonl",
        "{\"post_id\": 5, \"created_at\": \"2021-03-04T10:00:00Z\", \"headline\": \"H\", \"body\": \"Words.\"}\n",
    )?;
    for (name, id, date, title) in [
        ("news.csv", "17", "2017-02-07", "First"),
        ("posts.jsonl", "5", "2021-03-04", "H"),
    ] {
        let corpus = read_file(dir.path(), name, &ReadOptions::default())?;
        let d = &corpus.documents[0];
        assert_eq!(d.id, id, "{name}");
        assert_eq!(
            d.date.map(|x| x.to_string()).as_deref(),
            Some(date),
            "{name}"
        );
        assert_eq!(d.title.as_deref(), Some(title), "{name}");
        let found: Vec<String> = corpus
            .warnings
            .iter()
            .filter(|w| matches!(w, Warning::FieldFound { .. }))
            .map(ToString::to_string)
            .collect();
        assert!(!found.is_empty(), "{name}: {:?}", corpus.warnings);
    }
    let news = read_file(dir.path(), "news.csv", &ReadOptions::default())?;
    let msgs: Vec<String> = news.warnings.iter().map(ToString::to_string).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("using \"publish_date\" for the date")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("using \"article_id\" for the id")),
        "{msgs:?}"
    );
    // Without detection, the dates are not used, and a warning names the column.
    let off = read_file(
        dir.path(),
        "news.csv",
        &ReadOptions::default().detect_fields(false),
    )?;
    assert!(off.documents.iter().all(|d| d.date.is_none()));
    let msgs: Vec<String> = off.warnings.iter().map(ToString::to_string).collect();
    assert!(
        msgs.iter().any(|m| m.contains("--date-field publish_date")),
        "{msgs:?}"
    );
    Ok(())
}
