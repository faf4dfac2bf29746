//! Reads the paths given on the command line and prints corpus statistics,
//! the warnings and the read time.
//!
//! `cargo run --release -p tidings-corpus --example corpus_stats -- corpus/seed-news`
//!
//! With `SHOW=<document id>` in the environment, prints that document's
//! cleaned text instead; with `RAW=1`, texts are not cleaned.

use std::time::Instant;

use tidings_corpus::{read, Cleaner, Input, ReadOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let inputs: Vec<Input> = std::env::args().skip(1).map(Input::from_arg).collect();
    let started = Instant::now();
    let mut options = ReadOptions::default();
    if std::env::var_os("RAW").is_some() {
        options = options.cleaner(Cleaner::raw());
    }
    let corpus = read(&inputs, &options)?;
    let elapsed = started.elapsed();
    for w in &corpus.warnings {
        eprintln!("warning: {w}");
    }
    if let Ok(id) = std::env::var("SHOW") {
        for d in corpus.documents.iter().filter(|d| d.id == id) {
            println!("{}", d.text);
        }
        return Ok(());
    }
    println!("{}", serde_json::to_string_pretty(&corpus.stats())?);
    eprintln!("read in {:.2} s", elapsed.as_secs_f64());
    Ok(())
}
