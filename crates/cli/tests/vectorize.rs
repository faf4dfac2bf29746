//! `tidings vectorize`: scikit-learn equivalence, determinism, output safety.

use std::fs;
use std::path::Path;

use serde_json::Value;

mod common;
use common::{repo, tidings};

/// (vocabulary, rows × cols dense matrix) read from an output directory.
fn read_output(dir: &Path) -> (Vec<String>, Vec<Vec<f64>>) {
    let vocab: Vec<String> = fs::read_to_string(dir.join("vocabulary.txt"))
        .expect("vocabulary.txt")
        .lines()
        .map(str::to_string)
        .collect();
    let mtx = fs::read_to_string(dir.join("matrix.mtx")).expect("matrix.mtx");
    let mut lines = mtx.lines().filter(|l| !l.starts_with('%'));
    let header: Vec<usize> = lines
        .next()
        .expect("size line")
        .split_whitespace()
        .map(|x| x.parse().expect("integer"))
        .collect();
    let (rows, cols, nnz) = (header[0], header[1], header[2]);
    assert_eq!(cols, vocab.len());
    let mut dense = vec![vec![0.0; cols]; rows];
    let mut seen = 0;
    for line in lines {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let r: usize = parts[0].parse().expect("row");
        let c: usize = parts[1].parse().expect("col");
        dense[r - 1][c - 1] = parts[2].parse().expect("value");
        seen += 1;
    }
    assert_eq!(seen, nnz);
    (vocab, dense)
}

fn golden(name: &str) -> (Vec<String>, Vec<Vec<f64>>) {
    let path = repo().join("crates/cli/tests/fixtures").join(name);
    let json: Value =
        serde_json::from_str(&fs::read_to_string(path).expect("fixture")).expect("json");
    let vocab: Vec<String> = json["vocabulary"]
        .as_array()
        .expect("vocabulary")
        .iter()
        .map(|v| v.as_str().expect("string").to_string())
        .collect();
    let shape: Vec<usize> = json["shape"]
        .as_array()
        .expect("shape")
        .iter()
        .map(|v| v.as_u64().expect("int") as usize)
        .collect();
    let indptr: Vec<usize> = json["indptr"]
        .as_array()
        .expect("indptr")
        .iter()
        .map(|v| v.as_u64().expect("int") as usize)
        .collect();
    let indices: Vec<usize> = json["indices"]
        .as_array()
        .expect("indices")
        .iter()
        .map(|v| v.as_u64().expect("int") as usize)
        .collect();
    let data: Vec<f64> = json["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|v| v.as_f64().expect("float"))
        .collect();
    let mut dense = vec![vec![0.0; shape[1]]; shape[0]];
    for r in 0..shape[0] {
        for k in indptr[r]..indptr[r + 1] {
            dense[r][indices[k]] = data[k];
        }
    }
    (vocab, dense)
}

fn assert_same(ours: &(Vec<String>, Vec<Vec<f64>>), theirs: &(Vec<String>, Vec<Vec<f64>>)) {
    assert_eq!(ours.0, theirs.0, "vocabulary");
    assert_eq!(ours.1.len(), theirs.1.len(), "rows");
    for (r, (a, b)) in ours.1.iter().zip(&theirs.1).enumerate() {
        for (c, (x, y)) in a.iter().zip(b).enumerate() {
            assert!(
                (x - y).abs() <= 1e-9,
                "row {r} col {c} ({}): {x} vs {y}",
                ours.0[c]
            );
        }
    }
}

#[test]
fn sklearn_preset_matches_scikit_learn_on_seed_news_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    tidings()
        .args([
            "vectorize",
            "corpus/seed-news",
            "--preset",
            "sklearn",
            "--output",
        ])
        .arg(dir.path())
        .assert()
        .success();
    assert_same(&read_output(dir.path()), &golden("seed-news.sklearn.json"));
    let docs = fs::read_to_string(dir.path().join("documents.tsv")).expect("documents.tsv");
    assert!(docs.starts_with("id\tdate\n"));
    assert_eq!(docs.lines().count(), 6);
    assert!(docs.contains("\t2020-02-28"));
}

#[test]
fn sklearn_preset_matches_scikit_learn_on_json_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    tidings()
        .args([
            "vectorize",
            "crates/cli/tests/fixtures/seed-news.jsonl",
            "--preset",
            "sklearn",
            "--output",
        ])
        .arg(dir.path())
        .assert()
        .success();
    assert_same(
        &read_output(dir.path()),
        &golden("seed-news-jsonl.sklearn.json"),
    );
}

/// `vectorize corpus/ungdc-sample` into `base/NAME` for every `(NAME, extra options)`.
fn vectorize_sample(base: &Path, runs: &[(&str, &[&str])]) {
    for (name, extra) in runs {
        tidings()
            .args(["vectorize", "corpus/ungdc-sample", "--output"])
            .arg(base.join(name))
            .args(*extra)
            .assert()
            .success();
    }
}

/// The four output files of `a` and `b` are non-empty and byte-identical.
fn assert_same_files(a: &Path, b: &Path) {
    for file in [
        "matrix.mtx",
        "vocabulary.txt",
        "documents.tsv",
        "model.json",
    ] {
        let x = fs::read(a.join(file)).expect("first output");
        let y = fs::read(b.join(file)).expect("second output");
        assert!(!x.is_empty() && x == y, "{file} differs: {a:?} vs {b:?}");
    }
}

/// Issue 14: a record without usable text keeps its row (all zero), and the
/// idf counts it as scikit-learn does, in memory and streaming.
#[test]
fn records_without_text_keep_an_all_zero_row_as_in_scikit_learn() {
    let theirs = golden("paragraphs-with-empty.sklearn.json");
    for extra in [&[][..], &["--stream"][..]] {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = tidings()
            .args([
                "vectorize",
                "crates/cli/tests/fixtures/paragraphs-with-empty.jsonl",
                "--preset",
                "sklearn",
            ])
            .args(extra)
            .arg("--output")
            .arg(dir.path())
            .output()
            .expect("runs");
        assert!(out.status.success(), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("3 documents without text"), "{stderr}");
        let ours = read_output(dir.path());
        assert_eq!(ours.0, theirs.0, "vocabulary");
        assert_eq!(ours.1.len(), 98, "one row per record");
        for (r, (a, b)) in ours.1.iter().zip(&theirs.1).enumerate() {
            for (x, y) in a.iter().zip(b) {
                assert!((x - y).abs() <= 1e-12, "row {r}: {x} vs {y}");
            }
        }
        for r in [3, 10] {
            assert!(ours.1[r].iter().all(|&x| x == 0.0), "row {r} is not zero");
        }
        let docs = fs::read_to_string(dir.path().join("documents.tsv")).expect("documents.tsv");
        assert_eq!(docs.lines().count(), 99);
        assert!(docs.contains("\np3\t") && docs.contains("\np10\t"));
    }
}

#[test]
fn one_and_two_threads_and_streaming_give_identical_files() {
    let base = tempfile::tempdir().expect("tempdir");
    let runs: [(&str, &[&str]); 3] = [
        ("t1", &["--threads", "1"]),
        ("t2", &["--threads", "2"]),
        ("stream", &["--threads", "2", "--stream"]),
    ];
    vectorize_sample(base.path(), &runs);
    assert_same_files(&base.path().join("t1"), &base.path().join("t2"));
    // Streaming skips the corpus-wide repeated-line pass, so under the
    // default preset texts (and counts) may differ; the documents may not,
    // and every row must still be a unit TF-IDF row over the vocabulary.
    let docs = |name: &str| fs::read(base.path().join(name).join("documents.tsv")).expect("tsv");
    assert!(docs("t1") == docs("stream"), "documents.tsv differs");
    let (vocab, rows) = read_output(&base.path().join("stream"));
    let (_, in_memory) = read_output(&base.path().join("t1"));
    assert_eq!(rows.len(), in_memory.len());
    assert!(!vocab.is_empty());
    for (i, row) in rows.iter().enumerate() {
        let norm = row.iter().map(|v| v * v).sum::<f64>().sqrt();
        assert!(
            (norm - 1.0).abs() < 1e-12 && row.iter().all(|v| *v >= 0.0),
            "stream row {i}: norm {norm}"
        );
    }
}

#[test]
fn streaming_equals_in_memory_under_the_sklearn_preset() {
    // The sklearn preset cleans nothing corpus-wide, so the two passes over
    // the files must give exactly the in-memory output.
    let base = tempfile::tempdir().expect("tempdir");
    let sklearn: [(&str, &[&str]); 2] = [
        ("memory", &["--preset", "sklearn"]),
        ("stream", &["--preset", "sklearn", "--stream"]),
    ];
    vectorize_sample(base.path(), &sklearn);
    assert_same_files(&base.path().join("memory"), &base.path().join("stream"));
    let (vocab, rows) = read_output(&base.path().join("stream"));
    assert_eq!(rows.len(), 232);
    assert!(vocab.len() > 1000, "{} features", vocab.len());
}

#[test]
fn existing_output_needs_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |force: bool| {
        let mut cmd = tidings();
        cmd.args(["vectorize", "corpus/seed-news", "--output"])
            .arg(dir.path());
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
    };
    run(false).success();
    run(false)
        .code(2)
        .stderr(predicates::str::contains("--force"));
    run(true).success();
}

#[test]
fn bad_options_exit_2_with_the_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    tidings()
        .args([
            "vectorize",
            "corpus/seed-news",
            "--min-df",
            "0.9",
            "--max-df",
            "0.5",
            "--output",
        ])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("0.9"));
    tidings()
        .args([
            "vectorize",
            "corpus/seed-news",
            "--ngrams",
            "3..1",
            "--output",
        ])
        .arg(dir.path())
        .assert()
        .code(2);
    tidings()
        .args([
            "vectorize",
            "corpus/seed-news",
            "--min-df",
            "abc",
            "--output",
        ])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("abc"));
}
