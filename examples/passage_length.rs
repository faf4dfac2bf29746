//! Themes of a corpus at given passage bounds, to compare passage lengths
//! (BENCHMARKS.md, "Passage length"): prints the number of passages and
//! every theme's label and top terms.
//!
//! ```sh
//! # passages of 3,000–6,000 characters (about 500 words), 31 themes, seed 0
//! cargo run --release -p tidings-examples --example passage_length -- corpus/ungdc-sample 3000 6000 31 0
//! # the report's default bounds for the corpus, auto theme count
//! cargo run --release -p tidings-examples --example passage_length -- corpus/ungdc-sample auto
//! ```

use std::error::Error;

use tidings::corpus::{read, Input, ReadOptions};
use tidings::report::{default_passages, AnalysisParams};
use tidings::topics::ThemeCount;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: passage_length PATH (auto | MIN MAX) [THEMES|auto] [SEED]";
    let path = args.first().ok_or(usage)?;
    let corpus = read(&[Input::from_arg(path)], &ReadOptions::default())?;
    let (bounds, rest) = if args.get(1).map(String::as_str) == Some("auto") {
        let chars = corpus
            .documents
            .iter()
            .map(|d| d.text.chars().count())
            .sum();
        let o = default_passages(chars);
        ((o.min_chars(), o.max_chars()), &args[2..])
    } else {
        let min: usize = args.get(1).ok_or(usage)?.parse()?;
        let max: usize = args.get(2).ok_or(usage)?.parse()?;
        ((min, max), args.get(3..).unwrap_or_default())
    };
    let mut params = AnalysisParams::new().passage_chars(bounds.0, bounds.1);
    if let Some(k) = rest.first().filter(|k| k.as_str() != "auto") {
        params = params.themes(ThemeCount::Fixed(k.parse()?));
    }
    if let Some(seed) = rest.get(1) {
        params = params.seed(seed.parse()?);
    }
    let analysis = params.check()?.analyze(&corpus)?;
    let themes = &analysis.fit.report.themes;
    println!(
        "passages of {}–{} characters: {} passages, {} features, {} themes",
        bounds.0,
        bounds.1,
        analysis.summary.passages,
        analysis.summary.features,
        themes.len()
    );
    for t in themes {
        let terms: Vec<&str> = t.terms.iter().take(9).map(String::as_str).collect();
        println!("{:>3} {:<28} | {}", t.id, t.label, terms.join(", "));
    }
    Ok(())
}
