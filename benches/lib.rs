//! Shared helpers for the criterion benches: loading a real corpus sample.
//!
//! Benches read plain-text files from the directory named by the
//! `TIDINGS_BENCH_CORPUS` environment variable if it is set, else from the
//! repository's `corpus/` folder (a named sub-folder first, e.g.
//! `corpus/ungdc-sample`). If neither exists they fall back to a small built-in
//! text and say so on stderr, so a bench never needs the network.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

/// Environment variable naming a directory of `.txt`/`.md` files to bench on.
pub const CORPUS_ENV: &str = "TIDINGS_BENCH_CORPUS";

/// The documents a bench runs over.
#[derive(Clone, Debug)]
pub struct BenchCorpus {
    /// Where the documents came from (a directory, or `"built-in"`).
    pub source: String,
    /// Document texts, in sorted path order.
    pub docs: Vec<String>,
}

impl BenchCorpus {
    /// Total size of the documents in bytes (for criterion throughput).
    pub fn bytes(&self) -> u64 {
        self.docs.iter().map(|d| d.len() as u64).sum()
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
        let docs = read_dir_texts(&dir);
        if !docs.is_empty() {
            let c = BenchCorpus {
                source: dir.display().to_string(),
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
        docs: vec![BUILTIN.repeat(200)],
    }
}

const BUILTIN: &str = "France backs a free and open Indo-Pacific and counter-terrorism \
cooperation; India's defence industry grows. The General Assembly met in New York \
to discuss peace, security, development and human rights.\n\n";

/// Every `.txt`/`.md` file under `dir` (recursively, sorted, `README*` skipped),
/// read as UTF-8 (lossily) without a byte-order mark. Unreadable entries are skipped.
pub fn read_dir_texts(dir: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    collect(dir, &mut paths);
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|bytes| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => text,
            }
        })
        .filter(|t| !t.is_empty())
        .collect()
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
