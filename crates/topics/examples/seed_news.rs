//! Themes of a folder of text files with a minimal built-in analyzer
//! (lower-cased words, a short English stop list, unigrams and bigrams,
//! paragraphs as passages). For trying the library before the CLI exists.
//!
//! ```text
//! cargo run --release -p tidings-topics --example seed_news -- corpus/seed-news [k|auto] [theme-file]
//! ```

use std::collections::HashMap;
use std::error::Error;

use tidings_topics::{read_theme_file, PassageMap, ThemeCount, ThemeData, ThemesParams};

const STOP: &str = "a about after also an and are as at be been being but by can could did do does for from had has have he her his i if in into is it its more most new not of on or our over said she should so some such than that the their them there these they this those to under up was we were what when which who will with would you your one two its it's also amid while during all any other own said says may must";

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| w.chars().count() > 1 && !w.chars().all(|c| c.is_numeric()))
        .collect()
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .ok_or("usage: seed_news DIR [k|auto] [theme-file]")?;
    let count = match args.get(2).map(String::as_str) {
        None | Some("auto") => ThemeCount::Auto { min: 3, max: 8 },
        Some(k) => ThemeCount::Fixed(k.parse()?),
    };
    let stop: std::collections::HashSet<&str> = STOP.split_whitespace().collect();
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("README"))
        })
        .collect();
    paths.sort();
    let mut passages: Vec<Vec<String>> = Vec::new();
    let mut doc_of = Vec::new();
    let mut lengths = Vec::new();
    for (d, p) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(p)?;
        for para in text
            .split('\n')
            .filter(|l| l.split_whitespace().count() >= 8)
        {
            let toks = words(para);
            let mut terms: Vec<String> = toks
                .iter()
                .filter(|w| !stop.contains(w.as_str()))
                .cloned()
                .collect();
            for pair in toks.windows(2) {
                if !stop.contains(pair[0].as_str()) && !stop.contains(pair[1].as_str()) {
                    terms.push(format!("{} {}", pair[0], pair[1]));
                }
            }
            lengths.push(toks.len() as f64);
            doc_of.push(d);
            passages.push(terms);
        }
    }
    // Vocabulary: terms in at least 2 passages.
    let mut df: HashMap<&str, usize> = HashMap::new();
    for p in &passages {
        let mut seen: Vec<&str> = p.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            *df.entry(t).or_default() += 1;
        }
    }
    let mut vocab: Vec<&str> = df
        .iter()
        .filter(|(_, &n)| n >= 2)
        .map(|(t, _)| *t)
        .collect();
    vocab.sort_unstable();
    let index: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let n = passages.len() as f64;
    let mut tri = sprs::TriMat::new((passages.len(), vocab.len()));
    for (r, p) in passages.iter().enumerate() {
        let mut tf: HashMap<usize, f64> = HashMap::new();
        for t in p {
            if let Some(&j) = index.get(t.as_str()) {
                *tf.entry(j).or_default() += 1.0;
            }
        }
        let mut row: Vec<(usize, f64)> = tf
            .into_iter()
            .map(|(j, c)| {
                let idf = ((1.0 + n) / (1.0 + df[vocab[j]] as f64)).ln() + 1.0;
                (j, (1.0 + c.ln()) * idf)
            })
            .collect();
        row.sort_by_key(|e| e.0);
        let norm = row.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt();
        for (j, v) in row {
            tri.add_triplet(r, j, v / norm);
        }
    }
    let x: sprs::CsMat<f64> = tri.to_csr();
    let features: Vec<String> = vocab.iter().map(|s| s.to_string()).collect();
    println!(
        "{} documents, {} passages, {} features",
        paths.len(),
        passages.len(),
        features.len()
    );
    let map = PassageMap {
        documents: &doc_of,
        lengths: &lengths,
        n_documents: paths.len(),
    };
    let mut params = ThemesParams::new().themes(count);
    if let Some(file) = args.get(3) {
        params = params.seeded(read_theme_file(std::path::Path::new(file))?);
    }
    let fit = params.check()?.fit_with(
        &ThemeData::new(x.view(), &features).with_passages(map),
        &words,
    )?;
    for s in &fit.report.selection {
        println!(
            "k={} coherence={:.3} rel.error={:.3}",
            s.k, s.coherence, s.relative_error
        );
    }
    let m = &fit.report.model;
    println!(
        "iterations {:?}, relative error {:.3}",
        m.iterations, m.relative_error
    );
    for t in &fit.report.themes {
        println!(
            "{:>2} {:<28} size {:.2} coh {:+.2} excl {:.2} | {}",
            t.id,
            t.label,
            t.size,
            t.coherence,
            t.exclusivity,
            t.terms.join(", ")
        );
    }
    for u in &fit.report.unmatched_seeds {
        println!("warning: {u}");
    }
    Ok(())
}
