//! Themes step by step, one crate at a time: read a corpus, split it into
//! passages, build the TF-IDF matrix, fit themes, and print each theme
//! with its label, size and top terms. `tidings::report` does the same in
//! one call (see `examples/report.rs`); this is the path for a user who
//! wants to change a stage.
//!
//! ```sh
//! cargo run --release -p tidings-examples --example themes_step_by_step -- corpus/seed-news
//! ```

use std::error::Error;

use tidings::corpus::{read, Input, ReadOptions};
use tidings::report::default_passages;
use tidings::tfidf::{DocFreq, Preset, VectorizerParams};
use tidings::topics::{PassageMap, ThemeData, ThemesParams};

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "corpus/seed-news".to_string());
    let corpus = read(&[Input::from_arg(&path)], &ReadOptions::new())?;

    // 1. Passages: pieces of about 500 words (paragraphs merged), so that
    //    one long document can carry several themes, shorter on a small
    //    corpus (down to single paragraphs) so that there are enough of
    //    them; the report's rule.
    let chars = corpus
        .documents
        .iter()
        .map(|d| d.text.chars().count())
        .sum();
    let options = default_passages(chars);
    let mut texts = Vec::new();
    let mut documents = Vec::new();
    let mut lengths = Vec::new();
    for (d, doc) in corpus.documents.iter().enumerate() {
        for passage in doc.passages(&options) {
            texts.push(passage.text(&doc.text));
            documents.push(d);
            lengths.push(passage.range().len() as f64);
        }
    }

    // 2. TF-IDF over the passages. Terms in more than half of them carry no
    //    theme; min_df is lowered on small corpora.
    let vectorizer = VectorizerParams::preset(Preset::Default)
        .max_df(DocFreq::Fraction(0.5))
        .clamp_min_df(true)
        .check()?;
    let (model, tfidf) = vectorizer.fit_transform(&texts)?;
    let features: Vec<String> = (0..model.n_features())
        .map(|j| {
            let surface = model.surface_form(j).or_else(|| model.feature(j));
            surface.unwrap_or_default().to_string()
        })
        .collect();

    // 3. Themes: by default the number is what Horn's parallel analysis
    //    finds in the documents (at most 48), with broader themes over them.
    let map = PassageMap {
        documents: &documents,
        lengths: &lengths,
        n_documents: corpus.documents.len(),
    };
    let data = ThemeData::new(tfidf.view(), &features).with_passages(map);
    let fit = ThemesParams::new().check()?.fit(&data)?;

    for theme in &fit.report.themes {
        println!(
            "{:>2}  {:<28} {:>5.1}%  {}",
            theme.id,
            theme.label,
            100.0 * theme.size,
            theme.terms.join(", ")
        );
    }
    Ok(())
}
