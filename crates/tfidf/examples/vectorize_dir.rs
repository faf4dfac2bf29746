//! Vectorize every `.txt` file under a directory (recursively, sorted by
//! path) and print the shape, nnz and timings; optionally write the output files.
//!
//! ```text
//! cargo run --release -p tidings-tfidf --example vectorize_dir -- DIR [sklearn|default] [one-pass|two-pass|in-memory] [OUT_DIR]
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use tidings_tfidf::{Preset, RawDocument, Vectorizer};

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

fn read(path: &Path) -> std::io::Result<RawDocument> {
    let text = std::fs::read_to_string(path)?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(RawDocument::new(id, None, text))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir =
        PathBuf::from(args.first().ok_or(
            "usage: vectorize_dir DIR [sklearn|default] [one-pass|two-pass|in-memory] [OUT]",
        )?);
    let preset = match args.get(1).map(String::as_str) {
        Some("default") => Preset::Default,
        _ => Preset::Sklearn,
    };
    let mode = args.get(2).map(String::as_str).unwrap_or("one-pass");
    let mut paths = Vec::new();
    files(&dir, &mut paths)?;
    paths.sort();
    let vectorizer = Vectorizer::preset(preset)?;
    let start = Instant::now();
    let source = || paths.iter().map(|p| read(p));
    let out = match mode {
        "two-pass" => vectorizer.vectorize_two_pass(source, &mut |_| {})?,
        "in-memory" => {
            let docs: Vec<RawDocument> = source().collect::<Result<_, _>>()?;
            vectorizer.vectorize(&docs)?
        }
        _ => vectorizer.vectorize_iter(source(), &mut |_| {})?,
    };
    let fitted = start.elapsed();
    if let Some(out_dir) = args.get(3) {
        out.write_dir(out_dir)?;
    }
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    eprintln!(
        "{} docs, {:.1} MB, vocabulary {}, nnz {}, fit+transform {:.2} s ({:.1} MB/s), total {:.2} s",
        out.matrix.rows(),
        bytes as f64 / 1e6,
        out.model.n_features(),
        out.matrix.nnz(),
        fitted.as_secs_f64(),
        bytes as f64 / 1e6 / fitted.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
