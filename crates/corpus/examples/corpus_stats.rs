//! Reads the paths given on the command line and prints corpus statistics,
//! the warnings and the read time.
//!
//! `cargo run --release -p tidings-corpus --example corpus_stats -- corpus/seed-news`

use std::time::Instant;

use tidings_corpus::{read, Input, ReadOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let inputs: Vec<Input> = std::env::args().skip(1).map(Input::from_arg).collect();
    let started = Instant::now();
    let corpus = read(&inputs, &ReadOptions::default())?;
    let elapsed = started.elapsed();
    for w in &corpus.warnings {
        eprintln!("warning: {w}");
    }
    println!("{}", serde_json::to_string_pretty(&corpus.stats())?);
    eprintln!("read in {:.2} s", elapsed.as_secs_f64());
    Ok(())
}
