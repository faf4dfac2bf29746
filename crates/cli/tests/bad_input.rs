//! Hostile input (issue 7): every case either skips with a warning that
//! names the file (and line), or stops with a clear error and exit code 2.
//! None may panic (exit 101) or hang. Each test drives the real binary on
//! fixtures it writes into a temporary folder.

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A command that is killed (and fails the test) if it runs for a minute.
fn tidings() -> Command {
    let mut cmd = Command::cargo_bin("tidings").expect("the tidings binary is built");
    cmd.timeout(Duration::from_secs(60));
    cmd
}

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or(Value::Null)
    }
}

/// Runs `tidings args…` and checks it neither panicked nor was killed.
fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = tidings().args(args).output().expect("tidings runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_ne!(run.code, 101, "panic:\n{}", run.stderr);
    assert_ne!(run.code, -1, "killed (hang?):\n{}", run.stderr);
    assert!(
        !run.stderr.contains("panicked"),
        "panic message:\n{}",
        run.stderr
    );
    run
}

/// `corpus stats --format json` on `paths`, expected to succeed.
fn stats(paths: &[&Path], extra: &[&str]) -> (Value, String) {
    let mut args: Vec<std::ffi::OsString> = vec!["corpus".into(), "stats".into()];
    args.extend(paths.iter().map(|p| p.as_os_str().to_owned()));
    args.extend(["--format".into(), "json".into()]);
    args.extend(extra.iter().map(Into::into));
    let r = run(&args);
    assert_eq!(r.code, 0, "stats failed:\n{}", r.stderr);
    (r.json(), r.stderr)
}

/// Runs and expects exit code 2 with every one of `needles` in the message.
fn fails_with<I, S>(args: I, needles: &[&str]) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let r = run(args);
    assert_eq!(
        r.code, 2,
        "expected exit 2\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
    assert!(
        r.stderr.starts_with("tidings: error: ") || r.stderr.contains("\ntidings: error: "),
        "no error line:\n{}",
        r.stderr
    );
    for n in needles {
        assert!(r.stderr.contains(n), "{n:?} missing from:\n{}", r.stderr);
    }
    r.stderr
}

/// The warnings listed by `corpus stats --format json`.
fn warnings(stats: &Value) -> Vec<String> {
    stats["warnings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn has_warning(stats: &Value, needles: &[&str]) -> bool {
    warnings(stats)
        .iter()
        .any(|w| needles.iter().all(|n| w.contains(n)))
}

/// A folder with one ordinary document, `good.txt`.
fn folder() -> TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    fs::write(
        dir.path().join("good.txt"),
        "India and France discuss maritime security in the Indo-Pacific region.",
    )
    .expect("write good.txt");
    dir
}

/// `vectorize --preset sklearn` on `input`; the vocabulary it wrote.
fn sklearn_vocabulary(input: &Path, out: &Path) -> Vec<String> {
    let r = run([
        "vectorize".as_ref(),
        input.as_os_str(),
        "--preset".as_ref(),
        "sklearn".as_ref(),
        "--output".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "vectorize failed:\n{}", r.stderr);
    fs::read_to_string(out.join("vocabulary.txt"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// A 1×1 PNG image.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82";
/// `gzip` of "hello\n".
const GZIP: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcbH\xcd\xc9\xc9\xe7\x02\x00\x20\x30\x3a\x36\x06\x00\x00\x00";

#[test]
fn files_that_are_not_usable_text_are_named_and_counted() -> TestResult {
    let dir = folder();
    let p = dir.path();
    // (file, bytes, skip reason, words of the warning)
    let cases: &[(&str, &[u8], &str, &str)] = &[
        ("empty.txt", b"", "no text", "empty.txt:1: no text (empty)"),
        (
            "spaces.txt",
            b"  \n\t\r\n   \n",
            "no text",
            "spaces.txt:1: no text (only whitespace)",
        ),
        (
            "punct.txt",
            b"... !!! ??? --- ;;; \xe2\x80\x94 \xc2\xbf?",
            "no text",
            "punct.txt:1: no text (no letters or digits)",
        ),
        (
            "image.txt",
            PNG,
            "binary",
            "image.txt: skipped, binary file (PNG image)",
        ),
        (
            "archive.txt",
            GZIP,
            "binary",
            "archive.txt: skipped, binary file (gzip archive)",
        ),
        (
            "nul.txt",
            b"text with a \x00 NUL byte",
            "binary",
            "nul.txt: skipped, binary file",
        ),
    ];
    for (name, bytes, _, _) in cases {
        fs::write(p.join(name), bytes)?;
    }
    let (json, stderr) = stats(&[p], &[]);
    // Issue 14: files without text are kept as documents without text.
    assert_eq!(json["documents"], 4, "{json}");
    assert_eq!(json["no_text"], 3, "{json}");
    assert!(json["skipped"].get("empty").is_none(), "{json}");
    assert_eq!(json["skipped"]["binary"], 3, "{json}");
    for (name, _, _, warning) in cases {
        assert!(has_warning(&json, &[warning]), "{name}: {json}");
        assert!(
            stderr.contains(&format!("tidings: warning: {}", p.join(warning).display())),
            "{name} not named on stderr:\n{stderr}"
        );
    }
    // The summary says how many were skipped and why, on stderr and in the table.
    assert!(
        stderr.contains("tidings: warning: 3 skipped (3 binary)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tidings: warning: 3 documents without text"),
        "{stderr}"
    );
    let table = run(["corpus".as_ref(), "stats".as_ref(), p.as_os_str()]);
    assert_eq!(table.code, 0);
    for line in [
        "without text    3",
        "skipped         3",
        "  binary        3",
    ] {
        assert!(table.stdout.contains(line), "{line:?} in\n{}", table.stdout);
    }
    // vectorize keeps a row for each document without text, skips the binary files.
    let out = tempfile::tempdir()?;
    assert_eq!(
        sklearn_vocabulary(p, out.path()),
        [
            "and", "discuss", "france", "in", "india", "indo", "maritime", "pacific", "region",
            "security", "the"
        ]
    );
    let documents = fs::read_to_string(out.path().join("documents.tsv"))?;
    assert_eq!(documents, "id\tdate\nempty\t\ngood\t\npunct\t\nspaces\t\n");
    Ok(())
}

#[test]
fn other_encodings_are_decoded_with_a_warning() -> TestResult {
    let dir = tempfile::tempdir()?;
    let p = dir.path();
    fs::write(p.join("latin1.txt"), b"Caf\xe9 cr\xe8me br\xfbl\xe9e")?;
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend("Grüße aus Köln".encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(p.join("utf16le.txt"), utf16)?;
    let mut utf16be = vec![0xfe, 0xff];
    utf16be.extend("Big endian".encode_utf16().flat_map(u16::to_be_bytes));
    fs::write(p.join("utf16be.txt"), utf16be)?;
    fs::write(p.join("utf8bom.txt"), b"\xef\xbb\xbfBomword first")?;
    fs::write(
        p.join("mostly.txt"),
        "Naïve text \u{e9}"
            .bytes()
            .chain(*b" \xff tail")
            .collect::<Vec<u8>>(),
    )?;

    let (json, _) = stats(&[p], &[]);
    assert_eq!(json["documents"], 5, "{json}");
    assert_eq!(json["skipped"], serde_json::json!({}), "{json}");
    assert!(has_warning(
        &json,
        &["latin1.txt", "not valid UTF-8, decoded as Windows-1252"]
    ));
    assert!(has_warning(
        &json,
        &["utf16le.txt", "decoded from UTF-16LE"]
    ));
    assert!(has_warning(
        &json,
        &["utf16be.txt", "decoded from UTF-16BE"]
    ));
    assert!(has_warning(
        &json,
        &["mostly.txt", "UTF-8 with invalid bytes replaced"]
    ));
    assert!(
        !warnings(&json).iter().any(|w| w.contains("utf8bom")),
        "a UTF-8 BOM is not a problem: {json}"
    );

    let out = tempfile::tempdir()?;
    let vocabulary = sklearn_vocabulary(p, out.path());
    for word in [
        "café", "crème", "brûlée", "grüße", "köln", "big", "bomword", "naïve",
    ] {
        assert!(
            vocabulary.iter().any(|v| v == word),
            "{word} in {vocabulary:?}"
        );
    }
    assert!(
        !vocabulary.iter().any(|v| v.contains('\u{feff}')),
        "the byte-order mark is not text: {vocabulary:?}"
    );
    Ok(())
}

#[test]
fn other_scripts_and_control_characters_are_read() -> TestResult {
    let dir = tempfile::tempdir()?;
    let p = dir.path();
    let texts = [
        ("arabic.txt", "الأمم المتحدة تعقد اجتماعا في نيويورك"),
        ("chinese.txt", "联合国大会在纽约举行一般性辩论。"),
        ("devanagari.txt", "संयुक्त राष्ट्र महासभा की बैठक न्यूयॉर्क में हुई।"),
        (
            "control.txt",
            "control\u{7}bell\u{1b}[31m escape \u{b}vertical\u{c}feed \u{0}",
        ),
    ];
    for (name, text) in texts {
        fs::write(p.join(name), text)?;
    }
    // control.txt has a NUL byte: binary. Without it, it is text.
    fs::write(
        p.join("control2.txt"),
        "control\u{7}bell\u{1b}[31m escape \u{b}vertical\u{c}feed",
    )?;
    let (json, _) = stats(&[p], &[]);
    assert_eq!(json["documents"], 4, "{json}");
    assert_eq!(json["skipped"]["binary"], 1, "{json}");
    assert!(json["tokens"].as_u64().unwrap_or(0) >= 12, "{json}");

    // Tokens of every script point into the text.
    for (_, text) in texts.iter().take(3) {
        let r = run(["tokenize", "--format", "json", "--text", text]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let tokens = r.json();
        let tokens = tokens.as_array().ok_or("not an array")?;
        assert!(!tokens.is_empty(), "{text}");
        for t in tokens {
            let (s, e) = (
                t["start"].as_u64().ok_or("start")? as usize,
                t["end"].as_u64().ok_or("end")? as usize,
            );
            assert_eq!(text.get(s..e), t["surface"].as_str(), "{t}");
        }
    }

    // Cleaning removes control characters from what is analysed.
    let out = tempfile::tempdir()?;
    let r = run([
        "vectorize".as_ref(),
        p.as_os_str(),
        "--output".as_ref(),
        out.path().as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let vocabulary = fs::read_to_string(out.path().join("vocabulary.txt"))?;
    assert!(vocabulary.contains("المتحدة"), "{vocabulary}");
    assert!(vocabulary.contains("vertic"), "{vocabulary}");
    assert!(
        !vocabulary.chars().any(|c| c.is_control() && c != '\n'),
        "{vocabulary:?}"
    );
    Ok(())
}

/// 50 MB on one line: read in bounded memory and truncated to
/// `--max-doc-bytes` (10 MiB by default) with a warning.
#[test]
fn a_single_50_mb_line_is_truncated_with_a_warning() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("huge.txt");
    let unit = "lorem ipsum dolor sit amet ";
    let size = 50 * 1024 * 1024;
    let line: String = unit.repeat(size / unit.len() + 1);
    let line = line.get(..size).ok_or("cut")?;
    fs::write(&file, line)?;

    let (json, stderr) = stats(&[&file], &[]);
    assert_eq!(json["documents"], 1, "{json}");
    let limit = 10 * 1024 * 1024;
    assert!(json["bytes"].as_u64().unwrap_or(0) <= limit, "{json}");
    let expected = format!("document of {size} bytes truncated to {limit} bytes");
    assert!(has_warning(&json, &["huge.txt:1", &expected]), "{json}");
    assert!(stderr.contains(&expected), "{stderr}");

    // A smaller limit: truncated at a word or character boundary.
    let (json, _) = stats(&[&file], &["--max-doc-bytes", "1000"]);
    assert!(json["bytes"].as_u64().unwrap_or(0) <= 1000, "{json}");
    assert!(has_warning(&json, &["truncated to 1000 bytes"]), "{json}");
    fails_with(
        ["corpus", "stats", "-", "--max-doc-bytes", "0"],
        &["max_doc_bytes = 0"],
    );
    Ok(())
}

#[test]
fn max_doc_bytes_cuts_at_a_character_boundary() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("accents.txt");
    fs::write(&file, "é".repeat(100))?;
    let out = tempfile::tempdir()?;
    let r = run([
        "vectorize".as_ref(),
        file.as_os_str(),
        "--preset".as_ref(),
        "sklearn".as_ref(),
        "--max-doc-bytes".as_ref(),
        "7".as_ref(),
        "--output".as_ref(),
        out.path().as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("document of 200 bytes truncated to 7 bytes"),
        "{}",
        r.stderr
    );
    let vocabulary = fs::read_to_string(out.path().join("vocabulary.txt"))?;
    assert_eq!(vocabulary, "ééé\n");
    Ok(())
}

#[test]
fn a_missing_path_is_an_error_naming_it() -> TestResult {
    let dir = folder();
    let missing = dir.path().join("no such folder");
    let shown = missing.display().to_string();
    for command in [
        vec!["corpus", "stats"],
        vec!["vectorize", "--output", "unused"],
        vec!["themes"],
    ] {
        let mut args: Vec<std::ffi::OsString> = command.iter().map(Into::into).collect();
        args.push(dir.path().join("good.txt").into());
        args.push(missing.clone().into());
        fails_with(&args, &["input path does not exist", &shown]);
    }
    assert!(!dir.path().join("unused").exists());
    Ok(())
}

#[test]
fn a_folder_with_no_documents_is_an_error() -> TestResult {
    let dir = tempfile::tempdir()?;
    fs::write(dir.path().join("notes.pdf"), b"%PDF-1.4")?;
    fs::write(dir.path().join("README.txt"), "About this corpus.")?;
    let shown = dir.path().display().to_string();
    fails_with(
        ["corpus".as_ref(), "stats".as_ref(), dir.path().as_os_str()],
        &["no documents found in", &shown],
    );
    // Only a file without text (issue 14: kept as a document, not skipped):
    // the error says so.
    fs::write(dir.path().join("empty.txt"), "")?;
    fails_with(
        ["corpus".as_ref(), "stats".as_ref(), dir.path().as_os_str()],
        &["no text in the one document read from", &shown],
    );
    // Every command names the skipped file before the error.
    let empty = dir.path().join("empty.txt").display().to_string();
    let out = dir.path().join("out");
    for extra in [&["--preset", "sklearn"][..], &["--stream"][..], &[][..]] {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "vectorize".as_ref(),
            dir.path().as_os_str(),
            "--output".as_ref(),
            out.as_os_str(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        fails_with(
            &args,
            &[
                &format!("warning: {empty}:1: no text (empty)"),
                "cannot ",
                "no t",
            ],
        );
    }
    fails_with(
        ["themes".as_ref(), dir.path().as_os_str()],
        &[
            &format!("warning: {empty}:1: no text (empty)"),
            "no text in the one document read from",
        ],
    );
    Ok(())
}

#[test]
fn an_unreadable_file_is_skipped_with_a_warning() -> TestResult {
    let dir = folder();
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "Text nobody may read.")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&secret, fs::Permissions::from_mode(0o000))?;
    }
    if fs::File::open(&secret).is_ok() {
        // Running as root (CI does): permissions cannot make the file
        // unreadable, so make reading fail another way. On Linux,
        // /proc/self/mem opens but its first page is unmapped, so the first
        // read fails with EIO: the same read-error path as a bad disk.
        fs::remove_file(&secret)?;
        #[cfg(target_os = "linux")]
        std::os::unix::fs::symlink("/proc/self/mem", &secret)?;
        #[cfg(not(target_os = "linux"))]
        {
            eprintln!("SKIPPED: no way to make a file unreadable here");
            return Ok(());
        }
    }
    let (json, _) = stats(&[dir.path()], &[]);
    assert_eq!(json["documents"], 1, "{json}");
    assert_eq!(json["skipped"]["unreadable"], 1, "{json}");
    assert!(
        has_warning(&json, &["secret.txt", "skipped, cannot read"]),
        "{json}"
    );
    Ok(())
}

/// A file listed but gone when read (here a link to nothing, which fails
/// for root too) is skipped with a warning naming it, not silently dropped.
#[cfg(unix)]
#[test]
fn a_file_gone_before_reading_is_skipped_with_a_warning() -> TestResult {
    let dir = folder();
    std::os::unix::fs::symlink(dir.path().join("removed"), dir.path().join("gone.txt"))?;
    let (json, _) = stats(&[dir.path()], &[]);
    assert_eq!(json["documents"], 1, "{json}");
    assert_eq!(json["skipped"]["unreadable"], 1, "{json}");
    assert!(
        has_warning(&json, &["gone.txt", "skipped, cannot read"]),
        "{json}"
    );
    Ok(())
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_with_a_warning() -> TestResult {
    use std::os::unix::fs::symlink;
    let dir = folder();
    let p = dir.path();
    fs::create_dir(p.join("sub"))?;
    fs::write(p.join("sub/inner.txt"), "Inner text about harbours.")?;
    symlink("..", p.join("sub/up"))?; // a folder reached twice
    symlink("loop-b.txt", p.join("loop-a.txt"))?; // a link that loops
    symlink("loop-a.txt", p.join("loop-b.txt"))?;
    let (json, stderr) = stats(&[p], &[]);
    assert_eq!(json["documents"], 2, "{json}");
    assert_eq!(json["skipped"]["symlink loop"], 3, "{json}");
    for name in ["sub/up", "loop-a.txt", "loop-b.txt"] {
        assert!(
            has_warning(&json, &[name, "symbolic link loop"]),
            "{name}: {json}"
        );
    }
    assert!(stderr.contains("3 skipped (3 symlink loop)"), "{stderr}");
    // A loop named directly on the command line.
    let (json, _) = stats(&[&p.join("loop-a.txt"), &p.join("good.txt")], &[]);
    assert_eq!(json["documents"], 1, "{json}");
    assert!(has_warning(&json, &["loop-a.txt", "symbolic link loop"]));
    Ok(())
}

#[test]
fn names_with_spaces_and_non_ascii_characters() -> TestResult {
    let dir = tempfile::tempdir()?;
    let sub = dir.path().join("Sesión 56 – 2001");
    fs::create_dir(&sub)?;
    fs::write(
        sub.join("USA 56 2001.txt"),
        "We meet in a hall devoted to peace.",
    )?;
    fs::write(
        dir.path().join("文档 één.txt"),
        "Harbour trade grows again.",
    )?;
    let out = tempfile::tempdir()?;
    let r = run([
        "vectorize".as_ref(),
        dir.path().as_os_str(),
        "--preset".as_ref(),
        "sklearn".as_ref(),
        "--output".as_ref(),
        out.path().as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let documents = fs::read_to_string(out.path().join("documents.tsv"))?;
    assert_eq!(
        documents,
        "id\tdate\nSesión 56 – 2001/USA 56 2001\t2001\n文档 één\t\n"
    );
    // The same file named directly.
    let (json, _) = stats(&[&sub.join("USA 56 2001.txt")], &[]);
    assert_eq!(json["documents"], 1);
    assert_eq!(json["from"], "2001");
    // A name that is not UTF-8 at all (Latin-1 bytes): read, its id shown
    // with replacement characters.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let latin1 = tempfile::tempdir()?;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9 \xff.txt");
        fs::write(
            latin1.path().join(name),
            "Text in a file with a Latin-1 name.",
        )?;
        let out = latin1.path().join("out");
        let r = run([
            "vectorize".as_ref(),
            latin1.path().as_os_str(),
            "--preset".as_ref(),
            "sklearn".as_ref(),
            "--output".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let documents = fs::read_to_string(out.join("documents.tsv"))?;
        assert_eq!(documents, "id\tdate\ncaf\u{fffd} \u{fffd}\t\n");
    }
    Ok(())
}

const BAD_JSONL: &str = concat!(
    "{\"id\":\"a\",\"text\":\"First good document about trade.\"}\n",
    "{\"id\":\"b\",\"text\": broken\n",
    "{\"id\":\"c\",\"title\":\"no text\"}\n",
    "{\"id\":\"d\",\"text\":42}\n",
    "[\"not\", \"an\", \"object\"]\n",
    "{\"id\":\"e\",\"text\":\"Last good document about ports.\"}\n",
);

#[test]
fn broken_json_lines_stop_with_the_line_or_are_skipped_on_request() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("bad.jsonl");
    fs::write(&file, BAD_JSONL)?;
    let shown = file.display().to_string();
    fails_with(
        ["corpus".as_ref(), "stats".as_ref(), file.as_os_str()],
        &[&format!("{shown}:2: malformed record: invalid JSON")],
    );
    for extra in [&[][..], &["--stream"][..]] {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "vectorize".as_ref(),
            file.as_os_str(),
            "--output".as_ref(),
            dir.path().as_os_str(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let stderr = fails_with(&args, &[&format!("{shown}:2: malformed record")]);
        assert_eq!(
            stderr.matches("malformed record").count(),
            1,
            "said once: {stderr}"
        );
    }

    let (json, stderr) = stats(&[&file], &["--skip-bad-rows"]);
    assert_eq!(json["documents"], 2, "{json}");
    assert_eq!(json["skipped"]["malformed record"], 4, "{json}");
    for (line, reason) in [
        (2, "invalid JSON"),
        (3, "missing field \"text\""),
        (4, "field \"text\" is a number, expected a string"),
        (5, "expected a JSON object, found an array"),
    ] {
        let at = format!("{shown}:{line}: skipped malformed record: {reason}");
        assert!(has_warning(&json, &[&at]), "{at}: {json}");
        assert!(stderr.contains(&at), "{at}: {stderr}");
    }
    assert!(
        stderr.contains("4 skipped (4 malformed record)"),
        "{stderr}"
    );
    Ok(())
}

#[test]
fn ragged_csv_rows_and_unterminated_quotes() -> TestResult {
    let dir = tempfile::tempdir()?;
    let ragged = dir.path().join("ragged.csv");
    fs::write(
        &ragged,
        "id,text\na,First good row about trade.\nb,ragged,extra\nc,Third row about ports.\n",
    )?;
    let unterminated = dir.path().join("unterminated.csv");
    fs::write(
        &unterminated,
        "id,text\na,First good row about trade.\nb,\"an unterminated quote about\nthings\n",
    )?;
    let cases = [
        (&ragged, 3, "row has 3 fields, expected 2", 2),
        (&unterminated, 3, "unterminated quoted field", 1),
    ];
    for (file, line, reason, kept) in cases {
        let at = format!("{}:{line}", file.display());
        fails_with(
            ["corpus".as_ref(), "stats".as_ref(), file.as_os_str()],
            &[&format!("{at}: malformed record: {reason}")],
        );
        let (json, _) = stats(&[file], &["--skip-bad-rows"]);
        assert_eq!(json["documents"], kept, "{json}");
        assert_eq!(json["skipped"]["malformed record"], 1, "{json}");
        assert!(
            has_warning(
                &json,
                &[&format!("{at}: skipped malformed record: {reason}")]
            ),
            "{json}"
        );
    }
    Ok(())
}

#[test]
fn bad_dates_keep_the_document_undated_with_a_warning() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("dates.jsonl");
    fs::write(
        &file,
        concat!(
            "{\"id\":\"a\",\"date\":\"not a date\",\"text\":\"Unparseable date.\"}\n",
            "{\"id\":\"b\",\"date\":\"0042-01-01\",\"text\":\"Far past.\"}\n",
            "{\"id\":\"c\",\"date\":\"9999-12-31\",\"text\":\"Far future.\"}\n",
            "{\"id\":\"d\",\"date\":\"2023-02-30\",\"text\":\"Impossible date.\"}\n",
            "{\"id\":\"e\",\"date\":\"99999999999999999999\",\"text\":\"Huge number.\"}\n",
            "{\"id\":\"f\",\"date\":\"2023-03-01\",\"text\":\"Good date.\"}\n",
        ),
    )?;
    let marker = dir.path().join("marker.txt");
    fs::write(
        &marker,
        " date 2023-02-30 A marker with an impossible date.",
    )?;
    let named = dir.path().join("names");
    fs::create_dir(&named)?;
    fs::write(
        named.join("2023-02-30-impossible.txt"),
        "Impossible file name.",
    )?;
    fs::write(named.join("9999-01-01-future.txt"), "Far future file name.")?;
    fs::write(named.join("0042-01-01-past.txt"), "Far past file name.")?;
    let (json, _) = stats(&[&file, &marker], &[]);
    assert_eq!(json["documents"], 7, "{json}");
    assert_eq!(json["dated"], 1, "{json}");
    assert_eq!(json["from"], "2023-03-01", "{json}");

    // Dates in file names: the year of an impossible date still dates the
    // file (it is in the name), with a warning; out-of-range dates do not.
    let (by_name, _) = stats(&[&named], &[]);
    assert_eq!(by_name["documents"], 3, "{by_name}");
    assert_eq!(by_name["dated"], 1, "{by_name}");
    assert_eq!(by_name["from"], "2023", "{by_name}");
    for (name, what) in [
        (
            "2023-02-30-impossible.txt",
            "impossible date \"2023-02-30\" in the file name; dated 2023 instead",
        ),
        (
            "9999-01-01-future.txt",
            "date \"9999-01-01\" is outside the accepted years 1000..=2200 in the file name; document kept without a date",
        ),
        ("0042-01-01-past.txt", "date \"0042-01-01\" is outside"),
    ] {
        assert!(
            has_warning(&by_name, &[&named.join(name).display().to_string(), what]),
            "{name}: {by_name}"
        );
    }
    let shown = file.display().to_string();
    for (line, what) in [
        (1, "unrecognised date \"not a date\""),
        (
            2,
            "date \"0042-01-01\" is outside the accepted years 1000..=2200",
        ),
        (3, "date \"9999-12-31\" is outside the accepted years"),
        (4, "impossible date \"2023-02-30\""),
        (5, "\"99999999999999999999\""),
    ] {
        let at = format!("{shown}:{line}: ");
        assert!(
            has_warning(&json, &[&at, what, "document kept without this date"]),
            "{at}{what}: {json}"
        );
    }
    assert!(
        has_warning(
            &json,
            &[
                &format!("{}:1", marker.display()),
                "impossible date \"2023-02-30\""
            ]
        ),
        "{json}"
    );
    Ok(())
}

#[test]
fn bad_theme_options_are_errors_before_reading() -> TestResult {
    let dir = folder();
    let p = dir.path();
    let corpus = p.as_os_str();
    fails_with(
        ["themes".as_ref(), corpus, "--themes".as_ref(), "0".as_ref()],
        &["the number of themes must be at least 1, got 0"],
    );
    fails_with(
        [
            "themes".as_ref(),
            corpus,
            "--themes".as_ref(),
            "lots".as_ref(),
        ],
        &["invalid value 'lots' for '--themes"],
    );
    let cases = [
        (
            "syntax.toml",
            "[[theme]]\nname = \"A\"\nseeds = [\"x\",\n",
            "syntax.toml:4:1",
        ),
        (
            "noseeds.toml",
            "[[theme]]\nname = \"Trade\"\nseeds = [\"trade\"]\n\n[[theme]]\nname = \"Ports\"\n",
            "noseeds.toml:5: theme \"Ports\" has no seeds",
        ),
        (
            "duplicate.toml",
            "[[theme]]\nname = \"Trade\"\nseeds = [\"trade\"]\n[[theme]]\nname = \"trade\"\nseeds = [\"ports\"]\n",
            "duplicate.toml:4: duplicate theme name \"trade\" (first defined on line 1)",
        ),
        ("empty.toml", "", "empty.toml: no [[theme]] entries"),
    ];
    for (name, text, message) in cases {
        let file = p.join("themes").join(name);
        fs::create_dir_all(file.parent().ok_or("parent")?)?;
        fs::write(&file, text)?;
        fails_with(
            [
                "themes".as_ref(),
                corpus,
                "--theme-file".as_ref(),
                file.as_os_str(),
            ],
            &["invalid theme file", message],
        );
    }
    let missing = p.join("missing.toml");
    let stderr = fails_with(
        [
            "themes".as_ref(),
            corpus,
            "--theme-file".as_ref(),
            missing.as_os_str(),
        ],
        &["cannot read theme file", "missing.toml"],
    );
    assert_eq!(
        stderr.matches("No such file").count(),
        1,
        "the cause is said once: {stderr}"
    );
    Ok(())
}

#[test]
fn more_themes_than_passages_is_an_error() -> TestResult {
    let dir = folder();
    fs::write(
        dir.path().join("second.txt"),
        "Trade ministers met in Geneva to discuss tariffs and shipping.",
    )?;
    fails_with(
        [
            "themes".as_ref(),
            dir.path().as_os_str(),
            "--themes".as_ref(),
            "50".as_ref(),
        ],
        &["50 themes requested but the matrix has only 2 rows"],
    );
    Ok(())
}

#[test]
fn min_df_above_max_df_is_an_error() -> TestResult {
    let dir = folder();
    let out = dir.path().join("out");
    let base = |min: &str, max: &str| -> Vec<std::ffi::OsString> {
        vec![
            "vectorize".into(),
            dir.path().into(),
            "--output".into(),
            out.clone().into(),
            "--min-df".into(),
            min.into(),
            "--max-df".into(),
            max.into(),
        ]
    };
    fails_with(base("0.9", "0.5"), &["min_df = 0.9 > max_df = 0.5"]);
    fails_with(base("5", "2"), &["min_df = 5 > max_df = 2"]);
    // Mixed kinds are resolved against the corpus size.
    fails_with(
        base("5", "0.5"),
        &["min_df = 5 > max_df = 0.5 for 1 documents"],
    );
    fails_with(
        base("1.5", "1"),
        &[
            "invalid value '1.5' for '--min-df",
            "a fraction must be between 0.0 and 1.0",
        ],
    );
    fails_with(
        base("0", "1"),
        &[
            "invalid value '0' for '--min-df",
            "a count must be at least 1",
        ],
    );
    assert!(
        !out.join("matrix.mtx").exists(),
        "nothing written after an error"
    );
    Ok(())
}

/// Standard input that is not text, or empty.
#[test]
fn bad_standard_input() -> TestResult {
    let r = tidings()
        .args(["corpus", "stats", "-"])
        .write_stdin(PNG)
        .output()?;
    assert_eq!(r.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(
        stderr.contains("<stdin>: skipped, binary file (PNG image)"),
        "{stderr}"
    );
    assert!(stderr.contains("no documents found in <stdin>"), "{stderr}");

    let r = tidings()
        .args(["tokenize"])
        .write_stdin(&b"caf\xc3\xa9 \xff ok"[..])
        .output()?;
    assert_eq!(r.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&r.stdout), "café\nok\n");
    assert!(String::from_utf8_lossy(&r.stderr).contains("not valid UTF-8 (at byte 6)"));
    Ok(())
}

/// `tidings report --model` with a model that is truncated, from another
/// version, or another kind of file.
#[test]
fn bad_model_files_are_errors_naming_the_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus)?;
    let topics = [
        "Naval patrols guard maritime security routes while coast guard ships watch the strait.",
        "Farmers sell wheat and rice at the market as crop prices and harvest yields rise.",
    ];
    for i in 1..=8 {
        fs::write(
            corpus.join(format!("2023-0{i}-01-d{i}.txt")),
            topics.get(i % 2).ok_or("topic")?,
        )?;
    }
    let model = dir.path().join("model.json");
    let r = run([
        "fit".as_ref(),
        corpus.as_os_str(),
        "--themes".as_ref(),
        "2".as_ref(),
        "-q".as_ref(),
        "--output".as_ref(),
        model.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(&model)?;
    let report = |model: &Path| -> Vec<std::ffi::OsString> {
        vec![
            "report".into(),
            "--model".into(),
            model.into(),
            corpus.clone().into(),
            "--format".into(),
            "json".into(),
        ]
    };
    let ok = run(report(&model));
    assert_eq!(ok.code, 0, "{}", ok.stderr);

    let truncated = dir.path().join("truncated.json");
    fs::write(&truncated, text.get(..text.len() / 2).ok_or("cut")?)?;
    fails_with(
        report(&truncated),
        &[&truncated.display().to_string(), "cut short"],
    );
    let newer = dir.path().join("newer.json");
    fs::write(&newer, text.replacen("\"version\":1", "\"version\":99", 1))?;
    fails_with(
        report(&newer),
        &[&newer.display().to_string(), "version 99"],
    );
    // The model.json of `tidings vectorize` is another kind of model.
    let out = dir.path().join("vectorized");
    sklearn_vocabulary(&corpus, &out);
    let tfidf = out.join("model.json");
    fails_with(
        report(&tfidf),
        &[&tfidf.display().to_string(), "\"tidings-tfidf\""],
    );
    let empty = dir.path().join("empty.json");
    fs::write(&empty, "")?;
    fails_with(report(&empty), &[&empty.display().to_string()]);
    fails_with(report(&dir.path().join("none.json")), &["none.json"]);
    Ok(())
}

/// `--max-vocabulary`: a corpus whose vocabulary grows with every document
/// (a new made-up word in each) is counted under the cap.
#[test]
fn max_vocabulary_caps_the_vocabulary() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("hostile.jsonl");
    let lines: String = (0..9000)
        .map(|i| format!("{{\"text\":\"maritime security zq{i}x trade\"}}\n"))
        .collect();
    fs::write(&file, lines)?;
    let out = dir.path().join("out");
    let r = run([
        "vectorize".as_ref(),
        file.as_os_str(),
        "--preset".as_ref(),
        "sklearn".as_ref(),
        "--max-vocabulary".as_ref(),
        "10".as_ref(),
        "--output".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let vocabulary = fs::read_to_string(out.join("vocabulary.txt"))?;
    let terms: Vec<&str> = vocabulary.lines().collect();
    assert!(terms.len() <= 10, "{terms:?}");
    for word in ["maritime", "security", "trade"] {
        assert!(terms.contains(&word), "{word} in {terms:?}");
    }
    let model = fs::read_to_string(out.join("model.json"))?;
    assert!(model.contains("\"max_vocabulary\":10"));
    fails_with(
        [
            "vectorize".as_ref(),
            file.as_os_str(),
            "--max-vocabulary".as_ref(),
            "0".as_ref(),
            "--output".as_ref(),
            out.as_os_str(),
        ],
        &["max_vocabulary = 0"],
    );
    Ok(())
}

#[test]
fn repeated_articles_keep_their_text_and_furniture_is_reported() -> TestResult {
    // Issue 14: five rows with one wire story, twenty with a two-sentence
    // text, and ten different stories that end with the same source line.
    let dir = tempfile::tempdir()?;
    let story = "The central bank raised its main rate by half a point on Tuesday.";
    let short = "One short text. It has two sentences.";
    let topics = [
        "harvest",
        "railways",
        "schools",
        "fisheries",
        "elections",
        "bridges",
        "vaccines",
        "orchestras",
        "forests",
        "shipyards",
    ];
    let mut csv = String::from("id,text\n");
    for i in 0..5 {
        csv.push_str(&format!("wire{i},\"{story}\"\n"));
    }
    for i in 0..20 {
        csv.push_str(&format!("short{i},\"{short}\"\n"));
    }
    for t in topics {
        csv.push_str(&format!(
            "{t},\"A report on {t}, written for this page alone.\n\nSource: Wire and agencies\"\n"
        ));
    }
    let file = dir.path().join("news.csv");
    fs::write(&file, csv)?;

    let (s, _) = stats(&[&file], &[]);
    assert_eq!(s["documents"], 35);
    assert!(warnings(&s).is_empty(), "{:?}", warnings(&s));
    let furniture = &s["removed"]["furniture"];
    assert_eq!(furniture["min_documents"], 5);
    assert_eq!(furniture["lines_removed"], 10);
    assert_eq!(furniture["documents_changed"], 10);
    assert_eq!(
        furniture["examples"][0]["text"],
        "Source: Wire and agencies"
    );
    assert_eq!(furniture["examples"][0]["documents"], 10);
    // The copies are reported as duplicates, and kept.
    assert_eq!(s["duplicates"]["sets"], 2);
    assert_eq!(s["duplicates"]["documents"], 25);
    assert_eq!(s["duplicates"]["examples"][0][0], "short0");

    // The table says the same.
    let r = run([
        "corpus".as_ref(),
        "stats".as_ref(),
        file.as_os_str(),
        "-q".as_ref(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("furniture       10 lines in 10 documents"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("10 × \"Source: Wire and agencies\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("duplicates      25 documents in 2 sets"),
        "{}",
        r.stdout
    );

    // Turned off, or with a higher threshold, the source line stays.
    let (off, _) = stats(&[&file], &["--furniture", "off"]);
    assert_eq!(off["removed"]["furniture"]["min_documents"], Value::Null);
    assert_eq!(off["removed"]["furniture"]["lines_removed"], 0);
    let (high, _) = stats(&[&file], &["--furniture", "11"]);
    assert_eq!(high["removed"]["furniture"]["lines_removed"], 0);
    fails_with(
        [
            "corpus".as_ref(),
            "stats".as_ref(),
            file.as_os_str(),
            "--furniture".as_ref(),
            "1".as_ref(),
        ],
        &["--furniture", "at least 2"],
    );
    Ok(())
}

/// Issue 14: the input is checked before the outputs, and a failing run
/// creates no output folder.
#[test]
fn inputs_are_checked_before_outputs_and_a_failing_run_creates_nothing() -> TestResult {
    let dir = folder();
    let missing = dir.path().join("missing.jsonl");
    // Existing outputs without --force: the missing input is what is said.
    let taken = dir.path().join("taken");
    fs::create_dir(&taken)?;
    fs::write(taken.join("matrix.mtx"), "old")?;
    let err = fails_with(
        [
            "vectorize".as_ref(),
            missing.as_os_str(),
            "--output".as_ref(),
            taken.as_os_str(),
        ],
        &["input path does not exist"],
    );
    assert!(!err.contains("already exist"), "{err}");
    let report_out = dir.path().join("report.json");
    fs::write(&report_out, "old")?;
    let err = fails_with(
        [
            "report".as_ref(),
            missing.as_os_str(),
            "--output".as_ref(),
            report_out.as_os_str(),
        ],
        &["input path does not exist"],
    );
    assert!(!err.contains("already exists"), "{err}");
    // A run that fails after the checks (no term survives) leaves no folder.
    let out = dir.path().join("new").join("out");
    let empty = dir.path().join("empty.jsonl");
    fs::write(&empty, "{\"text\":\"- -\"}\n")?;
    let r = run([
        "vectorize".as_ref(),
        empty.as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!dir.path().join("new").exists());
    // A successful run creates it.
    let r = run([
        "vectorize".as_ref(),
        dir.path().join("good.txt").as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
        "--min-df".as_ref(),
        "1".as_ref(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.join("matrix.mtx").exists());
    assert!(r.stderr.contains("tidings: 1 document × "), "{}", r.stderr);
    Ok(())
}

/// Issue 14: a misspelt `--date-field` is a warning naming the file's
/// columns, and the column that holds dates.
#[test]
fn a_misspelt_date_field_names_the_available_columns() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("news.csv");
    fs::write(
        &path,
        "article_id,published,text\n1,2017/2/7,One article.\n2,2017/2/8,Another.\n",
    )?;
    let (stats, stderr) = stats(&[&path], &["--date-field", "pubished"]);
    assert_eq!(stats["dated"], 0);
    assert!(
        stderr.contains(
            "no field \"pubished\" for the date; the fields are: article_id, published, text"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--date-field published"), "{stderr}");
    Ok(())
}

/// Issue 14: the options every command shares have their own help section.
#[test]
fn common_options_have_their_own_help_section() {
    for command in ["report", "vectorize", "themes", "fit", "tokenize"] {
        let r = run([command, "--help"]);
        assert_eq!(r.code, 0);
        let common = r.stdout.find("Common options:").unwrap_or(usize::MAX);
        let threads = r.stdout.find("--threads").unwrap_or(0);
        let quiet = r.stdout.find("--quiet").unwrap_or(0);
        assert!(
            common < threads && common < quiet,
            "{command}:\n{}",
            r.stdout
        );
    }
}
