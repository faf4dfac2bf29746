//! Theme models, in two groups.
//!
//! * `themes`: NMF themes (the `tidings themes` default model, 10 themes)
//!   over the passages of a real corpus (see `lib.rs`) at graded sizes. The
//!   passages (cleaned text cut into 200–1,500 characters, the paragraph
//!   passages `tidings themes` uses on small corpora) and their TF-IDF
//!   matrix (min_df 2–5, max_df 0.5, as `tidings themes`) are built once per
//!   size, outside the measurement; each iteration fits, orders and labels
//!   the themes and asserts their number.
//! * `themes_5000x10000_k20`: NMF and LSA + k-means on a synthetic TF-IDF
//!   matrix with planted topics (generated in-process, deterministic).
//!
//! `cargo bench -p tidings-benches --bench themes`
//! (`TIDINGS_BENCH_CORPUS=/tmp/un/TXT` for the UN corpus: the fits then take
//! minutes each).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sprs::{CsMat, TriMat};
use tidings_benches::{load_corpus, MEASUREMENT, WARM_UP};
use tidings_corpus::{split_passages, Cleaner, PassageOptions};
use tidings_tfidf::{DocFreq, VectorizerParams};
use tidings_topics::{ModelKind, ThemeCount, ThemeData, ThemesParams};

/// Themes fitted on the real corpus.
const THEMES: usize = 10;

/// `topics` planted topics of `terms` terms each plus shared background
/// terms; `rows` rows, each drawing ~40 terms mostly from its own topic.
fn planted(rows: usize, topics: usize, terms: usize) -> (CsMat<f64>, Vec<String>) {
    let background = terms * topics / 4;
    let cols = topics * terms + background;
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut tri = TriMat::new((rows, cols));
    for r in 0..rows {
        let topic = r % topics;
        let mut row: Vec<(usize, f64)> = Vec::new();
        for _ in 0..40 {
            let c = if next() % 4 == 0 {
                topics * terms + (next() as usize % background)
            } else {
                topic * terms + (next() as usize % terms)
            };
            if let Some(e) = row.iter_mut().find(|e| e.0 == c) {
                e.1 += 1.0;
            } else {
                row.push((c, 1.0));
            }
        }
        let norm = row.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt();
        for (c, v) in row {
            tri.add_triplet(r, c, v / norm);
        }
    }
    let features = (0..cols).map(|j| format!("term{j}")).collect();
    (tri.to_csr(), features)
}

/// The passage TF-IDF matrix of `docs` and its features (surface forms), as
/// `tidings themes` builds them.
fn passage_matrix(docs: &[&str]) -> (CsMat<f64>, Vec<String>) {
    let cleaner = Cleaner::default();
    let options = PassageOptions::new(200, 1500).unwrap_or_else(|e| panic!("passages: {e}"));
    let cleaned: Vec<String> = docs.iter().map(|d| cleaner.clean(d)).collect();
    let passages: Vec<&str> = cleaned
        .iter()
        .flat_map(|text| {
            split_passages(text, &options)
                .into_iter()
                .map(move |p| p.text(text))
                .filter(|t| !t.trim().is_empty())
        })
        .collect();
    let min_df = (passages.len() as u64 / 20).clamp(2, 5);
    let vectorizer = VectorizerParams::default()
        .min_df(DocFreq::Count(min_df))
        .max_df(DocFreq::Fraction(0.5))
        .clamp_min_df(true)
        .check()
        .unwrap_or_else(|e| panic!("vectorizer: {e}"));
    let (model, x) = vectorizer
        .fit_transform(&passages)
        .unwrap_or_else(|e| panic!("vectorize: {e}"));
    let features = (0..model.n_features())
        .map(|j| {
            model
                .surface_form(j)
                .or_else(|| model.feature(j))
                .unwrap_or("")
                .to_string()
        })
        .collect();
    (x, features)
}

fn real_corpus(c: &mut Criterion) {
    let corpus = load_corpus("ungdc-sample");
    let params = ThemesParams::new()
        .themes(ThemeCount::Fixed(THEMES))
        .check()
        .unwrap_or_else(|e| panic!("params: {e}"));
    let mut group = c.benchmark_group("themes");
    group
        .sample_size(10)
        .warm_up_time(WARM_UP)
        .measurement_time(MEASUREMENT);
    for grade in corpus.grades() {
        let (x, features) = passage_matrix(&grade.docs);
        eprintln!(
            "themes {}: {} passages × {} features, {} non-zero",
            grade.label,
            x.rows(),
            x.cols(),
            x.nnz()
        );
        let data = ThemeData::new(x.view(), &features);
        group.throughput(Throughput::Bytes(grade.bytes));
        group.bench_function(BenchmarkId::new("nmf_k10", &grade.label), |b| {
            b.iter(|| {
                let fit = params.fit(&data).unwrap_or_else(|e| panic!("fit: {e}"));
                assert_eq!(fit.report.themes.len(), THEMES);
                fit
            })
        });
    }
    group.finish();
}

fn synthetic(c: &mut Criterion) {
    let (x, features) = planted(5_000, 20, 400);
    let data = ThemeData::new(x.view(), &features);
    let mut group = c.benchmark_group("themes_5000x10000_k20");
    group
        .sample_size(10)
        .warm_up_time(WARM_UP)
        .measurement_time(MEASUREMENT);
    for (name, model) in [("nmf", ModelKind::Nmf), ("lsa_kmeans", ModelKind::KMeans)] {
        let params = ThemesParams::new()
            .themes(ThemeCount::Fixed(20))
            .model(model)
            .check()
            .unwrap_or_else(|e| panic!("params: {e}"));
        group.bench_function(name, |b| {
            b.iter(|| {
                let fit = params.fit(&data).unwrap_or_else(|e| panic!("fit: {e}"));
                assert_eq!(fit.report.themes.len(), 20);
                fit
            })
        });
    }
    group.finish();
}

criterion_group!(benches, real_corpus, synthetic);
criterion_main!(benches);
