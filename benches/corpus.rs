//! Corpus reading and cleaning at graded sizes: files read from disk,
//! decoded, dated and cleaned (boilerplate, rejoined lines, repeated lines
//! across documents), as `tidings` reads a folder. Every iteration asserts
//! the number of documents and of text bytes kept.
//!
//! `cargo bench -p tidings-benches --bench corpus`
//! (`TIDINGS_BENCH_CORPUS=/tmp/un/TXT` for the UN corpus).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tidings_benches::{load_corpus, MEASUREMENT, WARM_UP};
use tidings_corpus::{read, Cleaner, Corpus, Input, ReadOptions};

fn text_bytes(corpus: &Corpus) -> usize {
    corpus.documents.iter().map(|d| d.text.len()).sum()
}

fn bench_corpus(c: &mut Criterion) {
    let corpus = load_corpus("ungdc-sample");
    if corpus.paths.is_empty() {
        eprintln!("corpus bench: no files to read (built-in text), skipped");
        return;
    }
    let mut group = c.benchmark_group("corpus");
    group
        .sample_size(10)
        .warm_up_time(WARM_UP)
        .measurement_time(MEASUREMENT);
    let cleaned = ReadOptions::default();
    let raw = ReadOptions::default().cleaner(Cleaner::raw());
    for grade in corpus.grades() {
        let inputs: Vec<Input> = grade.paths.iter().map(Input::from).collect();
        group.throughput(Throughput::Bytes(grade.bytes));
        let mut cases = vec![("read_clean", &cleaned)];
        if grade.docs.len() == corpus.docs.len() {
            cases.push(("read_raw", &raw));
        }
        for (name, options) in cases {
            let first = read(&inputs, options).unwrap_or_else(|e| panic!("read: {e}"));
            let expected = (first.documents.len(), text_bytes(&first));
            assert!(expected.0 > 0, "no documents in the bench corpus");
            group.bench_with_input(
                BenchmarkId::new(name, &grade.label),
                &inputs,
                |b, inputs| {
                    b.iter(|| {
                        let corpus = read(inputs, options).unwrap_or_else(|e| panic!("read: {e}"));
                        assert_eq!((corpus.documents.len(), text_bytes(&corpus)), expected);
                        corpus
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench_corpus);
criterion_main!(benches);
