//! Safe output (issue 7): outputs are replaced atomically, a killed run
//! leaves the old files intact, existing outputs need `--force`, and a
//! closed pipe ends the program quietly with status 0.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const OUTPUTS: [&str; 4] = [
    "matrix.mtx",
    "vocabulary.txt",
    "documents.tsv",
    "model.json",
];

fn tidings() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("tidings"))
}

/// A deterministic corpus of `n` documents of about `words` words each,
/// drawn from a vocabulary of made-up words.
fn write_corpus(dir: &Path, n: usize, words: usize) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pe", "dra"];
    for d in 0..n {
        let mut text = String::with_capacity(words * 8);
        for w in 0..words {
            let r = next();
            // Zipf-like: small word numbers are common.
            let id = (r % 4000) % (1 + (r >> 32) % 4000);
            let mut k = id + 1;
            while k > 0 {
                text.push_str(syllables.get((k % 10) as usize).unwrap_or(&"a"));
                k /= 10;
            }
            text.push(if w % 12 == 11 { '.' } else { ' ' });
        }
        fs::write(dir.join(format!("doc{d:05}.txt")), text)?;
    }
    Ok(())
}

/// The contents of the output files in `dir`.
fn outputs(dir: &Path) -> BTreeMap<&'static str, Vec<u8>> {
    OUTPUTS
        .iter()
        .map(|name| (*name, fs::read(dir.join(name)).unwrap_or_default()))
        .collect()
}

/// Temporary files left in `dir`.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(".tidings-"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn vectorize(input: &Path, out: &Path, force: bool) -> std::io::Result<std::process::Output> {
    let mut cmd = tidings();
    cmd.arg("vectorize")
        .arg(input)
        .args(["--preset", "sklearn", "-q", "--output"])
        .arg(out);
    if force {
        cmd.arg("--force");
    }
    cmd.output()
}

/// Kills `tidings vectorize --force` while it writes its outputs (as soon as
/// its first temporary file appears) and checks that the old outputs are
/// intact, byte for byte.
#[test]
fn a_run_killed_while_writing_leaves_the_old_outputs_intact() -> TestResult {
    let dir = tempfile::tempdir()?;
    let small = dir.path().join("small");
    write_corpus(&small, 5, 40)?;
    let big = dir.path().join("big");
    write_corpus(&big, 2000, 400)?;
    let out = dir.path().join("out");
    let first = vectorize(&small, &out, false)?;
    assert!(first.status.success(), "{first:?}");
    let before = outputs(&out);
    assert!(before.values().all(|b| !b.is_empty()));

    let mut caught = false;
    for _attempt in 0..3 {
        let mut child = tidings()
            .arg("vectorize")
            .arg(&big)
            .args(["--preset", "sklearn", "-q", "--force", "--output"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let started = Instant::now();
        loop {
            if !temporaries(&out).is_empty() {
                child.kill()?;
                child.wait()?;
                caught = true;
                break;
            }
            if child.try_wait()?.is_some() || started.elapsed() > Duration::from_secs(120) {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        if caught {
            break;
        }
        // The run ended before a temporary file was seen: restore the old
        // outputs and try again.
        let _ = child.kill();
        let _ = child.wait();
        for (name, bytes) in &before {
            fs::write(out.join(name), bytes)?;
        }
    }
    assert!(caught, "never saw the run writing its outputs");
    let after = outputs(&out);
    for name in OUTPUTS {
        assert!(
            after.get(name) == before.get(name),
            "{name} changed by a killed run"
        );
    }
    // What a killed run leaves behind is only hidden temporary files.
    for tmp in temporaries(&out) {
        let name = tmp.file_name().map(|n| n.to_string_lossy().into_owned());
        assert!(
            name.is_some_and(|n| n.starts_with(".tidings-") && n.ends_with(".tmp")),
            "{tmp:?}"
        );
    }

    // A complete run replaces every file and leaves no temporary file.
    for tmp in temporaries(&out) {
        fs::remove_file(tmp)?;
    }
    let done = vectorize(&big, &out, true)?;
    assert!(done.status.success(), "{done:?}");
    let replaced = outputs(&out);
    for name in OUTPUTS {
        assert!(
            replaced.get(name) != before.get(name),
            "{name} not replaced"
        );
    }
    assert!(temporaries(&out).is_empty());
    let documents = String::from_utf8(replaced["documents.tsv"].clone())?;
    assert_eq!(documents.lines().count(), 2001);
    Ok(())
}

#[test]
fn existing_outputs_are_not_overwritten_without_force() -> TestResult {
    let dir = tempfile::tempdir()?;
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus, 4, 30)?;
    let out = dir.path().join("out");
    assert!(vectorize(&corpus, &out, false)?.status.success());
    let before = outputs(&out);
    // Another corpus, same output folder, no --force.
    let other = dir.path().join("other");
    write_corpus(&other, 7, 30)?;
    let refused = vectorize(&other, &out, false)?;
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("already exist"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    for name in OUTPUTS {
        assert!(stderr.contains(name), "{name} not named: {stderr}");
    }
    assert_eq!(outputs(&out), before);
    // One existing file is enough to refuse.
    for name in OUTPUTS.iter().skip(1) {
        fs::remove_file(out.join(name))?;
    }
    let refused = vectorize(&other, &out, false)?;
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(fs::read(out.join("matrix.mtx"))?, before["matrix.mtx"]);
    // With --force it is replaced.
    assert!(vectorize(&other, &out, true)?.status.success());
    let documents = fs::read_to_string(out.join("documents.tsv"))?;
    assert_eq!(documents.lines().count(), 8);
    Ok(())
}

/// `tidings tokenize < big | head -1`: the reader goes away after one line.
#[test]
fn a_closed_pipe_exits_quietly_with_status_0() -> TestResult {
    let text = "Maritime security and trade in the Indo-Pacific region. ".repeat(40_000);
    for format in ["text", "json"] {
        let mut child = tidings()
            .args(["tokenize", "--format", format])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let mut stdin = child.stdin.take().ok_or("stdin")?;
        let input = text.clone();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let stdout = child.stdout.take().ok_or("stdout")?;
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first)?;
        // The reader is dropped here: the pipe is closed.
        assert!(!first.is_empty());
        let _ = writer.join();
        let out = child.wait_with_output()?;
        assert_eq!(out.status.code(), Some(0), "{format}: {out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{format}: nothing on stderr"
        );
    }

    // A reader that closes before anything is written.
    let dir = tempfile::tempdir()?;
    write_corpus(dir.path(), 30, 200)?;
    let mut child = tidings()
        .args(["corpus", "stats", "--format", "json"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    drop(child.stdout.take());
    let out = child.wait_with_output()?;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    Ok(())
}

/// `tidings fit --output` and `tidings report --output` refuse to replace a
/// file without `--force` too, and replace it whole with it.
#[test]
fn fit_and_report_outputs_need_force() -> TestResult {
    let dir = tempfile::tempdir()?;
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus)?;
    let topics = [
        "Naval patrols guard maritime security routes while coast guard ships watch the strait.",
        "Farmers sell wheat and rice at the market as crop prices and harvest yields rise.",
    ];
    for i in 0..8 {
        fs::write(
            corpus.join(format!("2023-0{}-01-d{i}.txt", 1 + i)),
            topics[i % 2],
        )?;
    }
    let model = dir.path().join("model.json");
    let report = dir.path().join("report.json");
    let fit = |force: bool| -> std::io::Result<std::process::Output> {
        let mut cmd = tidings();
        cmd.arg("fit")
            .arg(&corpus)
            .args(["--themes", "2", "-q", "--output"])
            .arg(&model);
        if force {
            cmd.arg("--force");
        }
        cmd.output()
    };
    let run_report = |force: bool| -> std::io::Result<std::process::Output> {
        let mut cmd = tidings();
        cmd.arg("report")
            .arg(&corpus)
            .arg("--model")
            .arg(&model)
            .args(["--bootstrap", "20", "--format", "json", "-q", "--output"])
            .arg(&report);
        if force {
            cmd.arg("--force");
        }
        cmd.output()
    };
    for step in [&fit as &dyn Fn(bool) -> std::io::Result<_>, &run_report] {
        assert!(step(false)?.status.success());
    }
    let (model_before, report_before) = (fs::read(&model)?, fs::read(&report)?);
    for (step, path) in [
        (&fit as &dyn Fn(bool) -> std::io::Result<_>, &model),
        (&run_report, &report),
    ] {
        let refused = step(false)?;
        assert_eq!(refused.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains("already exists") && stderr.contains("--force"),
            "{stderr}"
        );
        assert!(stderr.contains(&path.display().to_string()), "{stderr}");
        assert!(step(true)?.status.success());
    }
    // Same input and seed: the replaced files are the same bytes.
    assert_eq!(fs::read(&model)?, model_before);
    assert_eq!(fs::read(&report)?, report_before);
    assert!(temporaries(dir.path()).is_empty());
    Ok(())
}

#[test]
fn the_documents_companion_file_is_checked_before_the_run() -> TestResult {
    let dir = tempfile::tempdir()?;
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus)?;
    write_corpus(&corpus, 12, 60)?;
    let report = dir.path().join("report.csv");
    let docs = dir.path().join("docs.csv");
    let run = |docs: &Path, force: bool| {
        let mut cmd = tidings();
        cmd.arg("report")
            .arg(&corpus)
            .args(["--bootstrap", "20", "--format", "csv", "-q", "--output"])
            .arg(&report)
            .arg("--documents-output")
            .arg(docs);
        if force {
            cmd.arg("--force");
        }
        cmd.output()
    };
    // The same file twice, and a folder: refused before reading, nothing written.
    for (bad, why) in [(&report, "also --output"), (&corpus, "is a directory")] {
        let refused = run(bad, false)?;
        assert_eq!(refused.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains("--documents-output") && stderr.contains(why),
            "{stderr}"
        );
        assert!(!report.exists());
    }
    assert!(run(&docs, false)?.status.success());
    let before = fs::read(&docs)?;
    assert!(String::from_utf8(before.clone())?.starts_with("id,date,period,length"));
    let refused = run(&docs, false)?;
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already exists"));
    assert!(run(&docs, true)?.status.success());
    assert_eq!(fs::read(&docs)?, before);
    assert!(temporaries(dir.path()).is_empty());
    Ok(())
}
