//! Helpers shared by the fuzz targets.

use std::path::PathBuf;

use tidings_corpus::{Corpus, CorpusError, Input, ReadOptions};

/// Writes `bytes` to a file named `name` in this process's scratch folder
/// and reads it as a corpus with `options`.
pub fn read_bytes_as(
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<Corpus, CorpusError> {
    let dir = std::env::temp_dir().join(format!("tidings-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path: PathBuf = dir.join(name);
    if std::fs::write(&path, bytes).is_err() {
        return Err(CorpusError::MissingPath { path });
    }
    tidings_corpus::read(&[Input::from(&path)], options)
}

/// Read options chosen by one byte: skip or stop on malformed records, and a
/// small maximum document size (so truncation is exercised too).
pub fn options(bits: u8) -> ReadOptions {
    let max = 16 + usize::from(bits >> 1) * 64;
    ReadOptions::new()
        .skip_malformed(bits & 1 == 1)
        .max_doc_bytes(max)
        .unwrap_or_default()
}

/// What must hold of any corpus read with `options`.
pub fn check_corpus(corpus: &Corpus, options: &ReadOptions) {
    for doc in &corpus.documents {
        assert!(doc.text.len() <= options.max_doc_bytes_value());
        // A document without a letter or digit is kept (its row and its
        // place in the output count), but it must say so.
        assert_eq!(
            doc.no_text.is_some(),
            !doc.text.chars().any(char::is_alphanumeric),
            "a document without text not marked as such, or the reverse"
        );
        assert!(doc.source.line >= 1);
    }
    for w in &corpus.warnings {
        assert!(!w.to_string().is_empty());
    }
}
