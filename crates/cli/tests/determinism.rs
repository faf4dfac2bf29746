//! Determinism (issue 7): the same input, options and seed give
//! byte-identical JSON, CSV and model files across 1, 2 and 8 threads,
//! across runs, and whatever order the folder lists its files in.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tidings_testkit::rng::Lcg;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOPICS: [&[&str]; 3] = [
    &[
        "Naval patrols guard the maritime routes of the strait.",
        "The coast guard tracked ships near the disputed islands.",
        "Freedom of navigation exercises brought destroyers to the sea lanes.",
        "Maritime security talks covered piracy and illegal fishing.",
    ],
    &[
        "Farmers sold wheat and rice as harvest prices rose.",
        "Drought cut crop yields and raised the price of grain.",
        "The ministry promised subsidies for fertiliser and irrigation.",
        "Food inflation pushed the cost of bread and vegetables higher.",
    ],
    &[
        "The central bank raised interest rates to curb inflation.",
        "Bond yields climbed as investors expected tighter monetary policy.",
        "The currency fell against the dollar after the rate decision.",
        "Banks reported higher lending margins and fewer bad loans.",
    ],
];

/// The files of a small dated corpus: `(relative path, text)`.
fn corpus_files() -> Vec<(String, String)> {
    let mut rng = Lcg::new(42);
    let mut next = move || rng.next_u31() as usize;
    (0..48)
        .map(|i| {
            let topic = TOPICS.get(i % 3).copied().unwrap_or(&[]);
            let mut paragraphs = Vec::new();
            for _ in 0..3 {
                let sentences: Vec<&str> = (0..4)
                    .map(|_| {
                        // Mostly the document's topic, sometimes another.
                        let t = if next() % 5 == 0 { next() % 3 } else { i % 3 };
                        let pool = TOPICS.get(t).copied().unwrap_or(topic);
                        pool.get(next() % pool.len().max(1)).copied().unwrap_or("")
                    })
                    .collect();
                paragraphs.push(sentences.join(" "));
            }
            let year = 2020 + i % 4;
            let month = 1 + (i * 5) % 12;
            let folder = if i % 2 == 0 { "even" } else { "odd" };
            (
                format!(
                    "{folder}/{year}-{month:02}-{:02}-article-{i}.txt",
                    1 + i % 28
                ),
                paragraphs.join("\n\n"),
            )
        })
        .collect()
}

/// Writes the corpus into `dir`, creating the files in the given order.
fn write_corpus(dir: &Path, reverse: bool) -> std::io::Result<()> {
    let mut files = corpus_files();
    if reverse {
        files.reverse();
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    Ok(())
}

/// Two copies of the corpus whose files were created in opposite orders.
fn two_copies(root: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
    let a = root.join("a");
    let b = root.join("b");
    write_corpus(&a, false)?;
    write_corpus(&b, true)?;
    Ok((a, b))
}

/// Runs `tidings --threads N args…` and returns its standard output.
fn stdout_of(threads: usize, args: &[&std::ffi::OsStr]) -> Result<Vec<u8>, String> {
    let out = Command::new(assert_cmd::cargo::cargo_bin("tidings"))
        .arg("--threads")
        .arg(threads.to_string())
        .arg("-q")
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(out.stdout)
}

/// The runs compared: (threads, which corpus copy).
const RUNS: [(usize, usize); 5] = [(1, 0), (2, 0), (8, 0), (2, 0), (8, 1)];

#[test]
fn vectorize_files_are_identical_across_threads_runs_and_file_order() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (a, b) = two_copies(dir.path())?;
    for preset in ["default", "sklearn"] {
        let mut reference: Option<Vec<Vec<u8>>> = None;
        for (i, (threads, copy)) in RUNS.iter().enumerate() {
            let input = if *copy == 0 { &a } else { &b };
            let out = dir.path().join(format!("{preset}-{i}"));
            stdout_of(
                *threads,
                &[
                    "vectorize".as_ref(),
                    input.as_os_str(),
                    "--preset".as_ref(),
                    preset.as_ref(),
                    "--output".as_ref(),
                    out.as_os_str(),
                ],
            )?;
            let files: Vec<Vec<u8>> = [
                "matrix.mtx",
                "vocabulary.txt",
                "documents.tsv",
                "model.json",
            ]
            .iter()
            .map(|f| fs::read(out.join(f)).unwrap_or_default())
            .collect();
            assert!(files.iter().all(|f| !f.is_empty()));
            match &reference {
                None => reference = Some(files),
                Some(r) => assert!(
                    *r == files,
                    "{preset}: run {i} ({threads} threads, copy {copy}) differs"
                ),
            }
        }
    }
    Ok(())
}

#[test]
fn themes_json_is_identical_across_threads_runs_and_file_order() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (a, b) = two_copies(dir.path())?;
    let mut reference: Option<Vec<u8>> = None;
    for (threads, copy) in RUNS {
        let input = if copy == 0 { &a } else { &b };
        let json = stdout_of(
            threads,
            &[
                "themes".as_ref(),
                input.as_os_str(),
                "--themes".as_ref(),
                "3".as_ref(),
                "--seed".as_ref(),
                "7".as_ref(),
                "--format".as_ref(),
                "json".as_ref(),
            ],
        )?;
        let parsed: serde_json::Value = serde_json::from_slice(&json)?;
        assert_eq!(parsed["themes"].as_array().map(Vec::len), Some(3));
        match &reference {
            None => reference = Some(json),
            Some(r) => assert!(*r == json, "{threads} threads, copy {copy}: themes differ"),
        }
    }
    Ok(())
}

#[test]
fn report_and_model_files_are_identical_across_threads_and_file_order() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (a, b) = two_copies(dir.path())?;
    let mut reference: Option<Vec<Vec<u8>>> = None;
    for (i, (threads, copy)) in [(1, 0), (8, 0), (2, 1)].into_iter().enumerate() {
        let input = if copy == 0 { &a } else { &b };
        let model = dir.path().join(format!("model-{i}.json"));
        stdout_of(
            threads,
            &[
                "fit".as_ref(),
                input.as_os_str(),
                "--themes".as_ref(),
                "3".as_ref(),
                "--output".as_ref(),
                model.as_os_str(),
            ],
        )?;
        let mut files = vec![fs::read(&model)?];
        for format in ["json", "csv"] {
            files.push(stdout_of(
                threads,
                &[
                    "report".as_ref(),
                    input.as_os_str(),
                    "--model".as_ref(),
                    model.as_os_str(),
                    "--bootstrap".as_ref(),
                    "50".as_ref(),
                    "--format".as_ref(),
                    format.as_ref(),
                ],
            )?);
        }
        assert!(files.iter().all(|f| !f.is_empty()));
        match &reference {
            None => reference = Some(files),
            Some(r) => {
                for (k, name) in ["model", "report json", "report csv"].iter().enumerate() {
                    assert!(
                        r.get(k) == files.get(k),
                        "{name}: {threads} threads, copy {copy} differs"
                    );
                }
            }
        }
    }
    Ok(())
}
