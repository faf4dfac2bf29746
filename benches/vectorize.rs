//! TF-IDF vectorizer (fit and transform, in memory) at graded sizes of a real
//! corpus (see `lib.rs`), for the `sklearn` and `default` presets. Each
//! iteration asserts the matrix's non-zero count, so the bench cannot
//! silently measure the wrong thing. Runs on all of rayon's threads; set
//! `RAYON_NUM_THREADS=1` for one.
//!
//! `cargo bench -p tidings-benches --bench vectorize`
//! (`TIDINGS_BENCH_CORPUS=/tmp/un/TXT` for the UN corpus).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tidings_benches::{load_corpus, MEASUREMENT, WARM_UP};
use tidings_tfidf::{Preset, Vectorizer};

fn vectorize(c: &mut Criterion) {
    let corpus = load_corpus("ungdc-sample");
    let mut group = c.benchmark_group("vectorize");
    group
        .sample_size(10)
        .warm_up_time(WARM_UP)
        .measurement_time(MEASUREMENT);
    for preset in [Preset::Sklearn, Preset::Default] {
        let vectorizer =
            Vectorizer::preset(preset).unwrap_or_else(|e| panic!("preset parameters: {e}"));
        for grade in corpus.grades() {
            let (_, matrix) = vectorizer
                .fit_transform(&grade.docs)
                .unwrap_or_else(|e| panic!("fit: {e}"));
            let expected = matrix.nnz();
            assert!(expected > 0, "empty matrix on the bench corpus");
            drop(matrix);
            group.throughput(Throughput::Bytes(grade.bytes));
            group.bench_with_input(
                BenchmarkId::new(preset.name(), &grade.label),
                &grade.docs,
                |b, docs| {
                    b.iter(|| {
                        let (_, matrix) = vectorizer
                            .fit_transform(docs)
                            .unwrap_or_else(|e| panic!("fit: {e}"));
                        assert_eq!(matrix.nnz(), expected);
                        matrix
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, vectorize);
criterion_main!(benches);
