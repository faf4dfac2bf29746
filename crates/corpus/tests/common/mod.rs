// Shared helpers for the integration tests (included with `mod common;`).
#![allow(dead_code)]

use std::path::Path;

use tidings_corpus::{read, Corpus, CorpusError, Input, ReadOptions};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::io::Result<()> {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

pub fn read_dir(dir: &Path) -> Result<Corpus, CorpusError> {
    read(&[Input::from(dir)], &ReadOptions::default())
}

pub fn read_with(dir: &Path, options: &ReadOptions) -> Result<Corpus, CorpusError> {
    read(&[Input::from(dir)], options)
}

pub fn messages(corpus: &Corpus) -> Vec<String> {
    corpus.warnings.iter().map(ToString::to_string).collect()
}
