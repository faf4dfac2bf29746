//! The sharded path of the vectorizer, in one process: split a corpus's files
//! into shards, count each shard's statistics separately (as separate
//! machines would), ship them as JSON, merge them, fit the model from the
//! merged statistics, and check that it is exactly the model of one fit.
//! Prints, per shard and merged, the documents, the distinct terms before
//! pruning (the vocabulary one machine must hold) and the size of the
//! shipped statistics.
//!
//! ```sh
//! cargo run --release -p tidings-examples --example shard_stats -- /tmp/un/TXT 4
//! ```
//!
//! Documents are read with the default per-document cleaning but without the
//! corpus-level furniture pass, whose own mergeable counts
//! (`tidings::corpus::LineCounts` and `SurroundingCounts`) this example does
//! not ship. Files are dealt to shards in path order, file `i`
//! to shard `i % N`.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tidings::corpus::{read, Cleaner, Input, ReadOptions};
use tidings::tfidf::{Preset, TermStats, TfidfModel, Vectorizer};

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

fn texts(paths: &[PathBuf], options: &ReadOptions) -> Result<Vec<String>, Box<dyn Error>> {
    let inputs: Vec<Input> = paths.iter().map(Input::from).collect();
    Ok(read(&inputs, options)?
        .documents
        .into_iter()
        .map(|d| d.text)
        .collect())
}

fn same_model(a: &TfidfModel, b: &TfidfModel) -> bool {
    a.n_docs() == b.n_docs()
        && a.features().eq(b.features())
        && a.document_frequencies() == b.document_frequencies()
        && a.term_counts() == b.term_counts()
        && a.idf() == b.idf()
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "corpus/ungdc-sample".into()));
    let n: usize = args.next().map_or(Ok(4), |s| s.parse())?;
    if n == 0 {
        return Err("the number of shards must be at least 1".into());
    }
    let mut paths = Vec::new();
    files(&dir, &mut paths)?;
    paths.sort();
    let cleaner = Cleaner {
        furniture: None,
        ..Cleaner::default()
    };
    let options = ReadOptions::default().cleaner(cleaner);
    let vectorizer = Vectorizer::preset(Preset::Default)?;

    let mut merged: Option<TermStats> = None;
    let started = Instant::now();
    for s in 0..n {
        let shard: Vec<PathBuf> = paths.iter().skip(s).step_by(n).cloned().collect();
        let t = Instant::now();
        let stats = vectorizer.collect_stats(&texts(&shard, &options)?);
        let json = stats.to_json()?;
        println!(
            "shard {s}: {} files, {} documents, {} distinct terms, {:.1} MB of JSON, {:.2} s",
            shard.len(),
            stats.n_docs(),
            stats.n_terms(),
            json.len() as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
        let shipped = TermStats::from_json(&json)?;
        match merged.as_mut() {
            None => merged = Some(shipped),
            Some(m) => m.merge(&shipped)?,
        }
    }
    let merged = merged.ok_or("no shards")?;
    let from_shards = vectorizer.fit_stats(&merged)?;
    println!(
        "merged: {} documents, {} distinct terms, {} features after pruning, {:.2} s",
        merged.n_docs(),
        merged.n_terms(),
        from_shards.n_features(),
        started.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let whole = vectorizer.fit(&texts(&paths, &options)?)?;
    println!(
        "one fit: {} features, {:.2} s; identical model: {}",
        whole.n_features(),
        t.elapsed().as_secs_f64(),
        same_model(&whole, &from_shards)
    );
    if !same_model(&whole, &from_shards) {
        return Err("the merged model differs from one fit".into());
    }
    Ok(())
}
