//! Read a corpus, vectorize it with the default pipeline and print each
//! document's highest-weighted terms in their most common surface form.
//!
//! ```sh
//! cargo run --release -p tidings-examples --example top_terms -- corpus/seed-news
//! ```

use std::error::Error;

use tidings::corpus::{read, Input, ReadOptions};
use tidings::tfidf::{RawDocument, Vectorizer, VectorizerParams};
use tidings::tokenize::Preset;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "corpus/seed-news".to_string());
    let corpus = read(&[Input::from_arg(&path)], &ReadOptions::default())?;
    for warning in &corpus.warnings {
        eprintln!("warning: {warning}");
    }

    let docs: Vec<RawDocument> = corpus
        .documents
        .iter()
        .map(|d| RawDocument::new(d.id.clone(), d.date.map(|x| x.to_string()), d.text.clone()))
        .collect();
    let vectorizer: Vectorizer = VectorizerParams::preset(Preset::Default).check()?;
    let out = vectorizer.vectorize(&docs)?;

    for (row, meta) in out.matrix.outer_iterator().zip(&out.documents) {
        let mut entries: Vec<(usize, f64)> = row.iter().map(|(c, &v)| (c, v)).collect();
        entries.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let top: Vec<&str> = entries
            .iter()
            .take(6)
            .filter_map(|&(c, _)| out.model.surface_form(c))
            .collect();
        let date = meta.date.as_deref().unwrap_or("undated");
        println!("{:<24} {:<10} {}", meta.id, date, top.join(", "));
    }
    Ok(())
}
