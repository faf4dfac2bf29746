//! Theme models on a synthetic TF-IDF matrix with planted topics
//! (generated in-process, deterministic; no data files or network).
//!
//! `cargo bench -p tidings-benches --bench themes`

use criterion::{criterion_group, criterion_main, Criterion};
use sprs::{CsMat, TriMat};
use tidings_topics::{ModelKind, ThemeCount, ThemeData, ThemesParams};

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

fn themes(c: &mut Criterion) {
    let (x, features) = planted(5_000, 20, 400);
    let data = ThemeData::new(x.view(), &features);
    let mut group = c.benchmark_group("themes_5000x10000_k20");
    group.sample_size(10);
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

criterion_group!(benches, themes);
criterion_main!(benches);
