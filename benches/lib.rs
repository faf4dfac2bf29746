//! Shared helpers for the criterion benches: loading a real corpus and cutting
//! it into graded sizes.
//!
//! Benches read plain-text files from the directory named by the
//! `TIDINGS_BENCH_CORPUS` environment variable if it is set (for example the
//! UN General Debate corpus, `TIDINGS_BENCH_CORPUS=/tmp/un/TXT`), else from
//! the repository's `corpus/` folder (a named sub-folder first, e.g.
//! `corpus/ungdc-sample`). If neither exists they fall back to a small
//! built-in text and say so on stderr, so a bench never needs the network.
//!
//! Every stage is measured at the same [`GRADES`]: a quarter, a half and all
//! of the corpus's documents. A grade takes every 4th, every 2nd or every
//! document in path order, so each is spread over the whole corpus (all its
//! years, for a dated corpus) and contains the smaller ones.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Environment variable naming a directory of `.txt`/`.md` files to bench on.
pub const CORPUS_ENV: &str = "TIDINGS_BENCH_CORPUS";

/// The graded sizes: `(step, label)`, a grade holding every `step`-th document.
pub const GRADES: [(usize, &str); 3] = [(4, "quarter"), (2, "half"), (1, "all")];

/// Warm-up time of every bench group (criterion's default is 3 s).
pub const WARM_UP: Duration = Duration::from_secs(1);

/// Measurement time of every bench group (criterion's default is 5 s); a
/// slow bench takes longer, as criterion always takes its 10 samples.
pub const MEASUREMENT: Duration = Duration::from_secs(4);

/// The documents a bench runs over.
#[derive(Clone, Debug)]
pub struct BenchCorpus {
    /// Where the documents came from (a directory, or `"built-in"`).
    pub source: String,
    /// The files, in sorted path order (empty for the built-in text).
    pub paths: Vec<PathBuf>,
    /// Document texts, one per path, in the same order.
    pub docs: Vec<String>,
}

/// One graded part of a [`BenchCorpus`].
#[derive(Clone, Debug)]
pub struct Grade<'a> {
    /// `quarter`, `half` or `all`, with the size: `quarter_1.5MB`.
    pub label: String,
    /// The files of this grade (empty for the built-in text).
    pub paths: Vec<&'a Path>,
    /// The texts of this grade.
    pub docs: Vec<&'a str>,
    /// Their total size in bytes.
    pub bytes: u64,
}

impl BenchCorpus {
    /// Total size of the documents in bytes (for criterion throughput).
    pub fn bytes(&self) -> u64 {
        self.docs.iter().map(|d| d.len() as u64).sum()
    }

    /// The corpus at every one of [`GRADES`], smallest first. Grades with no
    /// documents (a corpus of fewer than four) are left out.
    pub fn grades(&self) -> Vec<Grade<'_>> {
        GRADES
            .iter()
            .map(|&(step, name)| {
                let docs: Vec<&str> = self.docs.iter().step_by(step).map(String::as_str).collect();
                let paths: Vec<&Path> = self
                    .paths
                    .iter()
                    .step_by(step)
                    .map(|p| p.as_path())
                    .collect();
                let bytes = docs.iter().map(|d| d.len() as u64).sum::<u64>();
                Grade {
                    label: format!("{name}_{}", human_bytes(bytes)),
                    paths,
                    docs,
                    bytes,
                }
            })
            .filter(|g| !g.docs.is_empty())
            .collect()
    }
}

/// `6.0MB`, `512KB`, `1.2GB` (decimal units).
pub fn human_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1}GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1}MB", b / 1e6)
    } else {
        format!("{:.0}KB", b / 1e3)
    }
}

/// The repository root (the parent of this package's folder).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Loads the bench corpus: `$TIDINGS_BENCH_CORPUS`, else `corpus/<preferred>`,
/// else `corpus/`, else a built-in text. Prints the source and size to stderr.
pub fn load_corpus(preferred: &str) -> BenchCorpus {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os(CORPUS_ENV) {
        candidates.push(PathBuf::from(dir));
    }
    let corpus = repo_root().join("corpus");
    candidates.push(corpus.join(preferred));
    candidates.push(corpus);
    for dir in candidates {
        let (paths, docs) = read_dir_files(&dir);
        if !docs.is_empty() {
            let c = BenchCorpus {
                source: dir.display().to_string(),
                paths,
                docs,
            };
            eprintln!(
                "bench corpus: {} ({} documents, {:.1} MB)",
                c.source,
                c.docs.len(),
                c.bytes() as f64 / 1e6
            );
            return c;
        }
    }
    eprintln!("bench corpus: no corpus found, using the built-in sample text");
    BenchCorpus {
        source: "built-in".to_string(),
        paths: Vec::new(),
        docs: (0..8).map(|_| BUILTIN.repeat(25)).collect(),
    }
}

const BUILTIN: &str = "France backs a free and open Indo-Pacific and counter-terrorism \
cooperation; India's defence industry grows. The General Assembly met in New York \
to discuss peace, security, development and human rights.\n\n";

/// Every `.txt`/`.md` file under `dir` (recursively, sorted, `README*` skipped),
/// read as UTF-8 (lossily) without a byte-order mark. Unreadable entries are skipped.
pub fn read_dir_texts(dir: &Path) -> Vec<String> {
    read_dir_files(dir).1
}

/// Like [`read_dir_texts`], with the path of every text kept (empty files
/// are left out of both).
pub fn read_dir_files(dir: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let mut paths = Vec::new();
    collect(dir, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|bytes| (p, bytes)))
        .map(|(p, bytes)| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let text = match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => text,
            };
            (p, text)
        })
        .filter(|(_, t)| !t.is_empty())
        .unzip()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            let text_file = name.ends_with(".txt") || name.ends_with(".md");
            if text_file && !name.starts_with("readme") {
                out.push(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_nested_and_spread() {
        let c = BenchCorpus {
            source: "test".into(),
            paths: (0..10).map(|i| PathBuf::from(format!("{i}.txt"))).collect(),
            docs: (0..10).map(|i| "x".repeat(i + 1)).collect(),
        };
        let g = c.grades();
        let sizes: Vec<usize> = g.iter().map(|g| g.docs.len()).collect();
        assert_eq!(sizes, [3, 5, 10]);
        assert_eq!(g[0].paths.len(), 3);
        assert!(g[0].docs.iter().all(|d| g[1].docs.contains(d)));
        assert_eq!(g[2].bytes, c.bytes());
        assert!(g[2].label.starts_with("all_"));
        assert_eq!(human_bytes(6_012_345), "6.0MB");
    }
}
