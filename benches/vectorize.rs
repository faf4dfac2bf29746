//! TF-IDF vectorizer throughput at graded input sizes.
//!
//! Input: the golden-test documents checked in at
//! `crates/tfidf/tests/fixtures/documents.json` (seed articles, UN General
//! Debate passages, non-ASCII texts), repeated 1, 4 and 16 times. Each
//! iteration asserts the matrix's non-zero count, so the bench cannot
//! silently measure the wrong thing.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tidings_tfidf::{Preset, Vectorizer};

fn documents() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/tfidf/tests/fixtures/documents.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    value["documents"]
        .as_array()
        .map(|docs| {
            docs.iter()
                .filter_map(|d| d.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn vectorize(c: &mut Criterion) {
    let base = documents();
    assert!(!base.is_empty(), "fixture documents missing");
    let mut group = c.benchmark_group("vectorize");
    group.sample_size(10);
    for preset in [Preset::Sklearn, Preset::Default] {
        let vectorizer = Vectorizer::preset(preset).expect("preset parameters are valid");
        for repeat in [1usize, 4, 16] {
            let docs: Vec<&str> = (0..repeat)
                .flat_map(|_| base.iter().map(String::as_str))
                .collect();
            let bytes: usize = docs.iter().map(|d| d.len()).sum();
            let expected = vectorizer.fit_transform(&docs).expect("fit").1.nnz();
            group.throughput(Throughput::Bytes(bytes as u64));
            group.bench_with_input(
                BenchmarkId::new(preset.name(), format!("{}KB", bytes / 1024)),
                &docs,
                |b, docs| {
                    b.iter(|| {
                        let (_, matrix) = vectorizer.fit_transform(docs).expect("fit");
                        assert_eq!(matrix.nnz(), expected);
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, vectorize);
criterion_main!(benches);
