//! Tokenizer throughput over a real corpus (see `lib.rs` for where it comes
//! from), at graded sizes. Reports bytes/s; every iteration asserts the token
//! count, so the bench cannot silently measure the wrong thing.
//!
//! Run: `cargo bench -p tidings-benches --bench tokenize`
//! (set `TIDINGS_BENCH_CORPUS=/some/dir` to use another folder of .txt files).

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tidings_benches::{load_corpus, MEASUREMENT, WARM_UP};
use tidings_tokenize::{Analyzer, NgramRange, Preset};

fn count_tokens(analyzer: &Analyzer, docs: &[&str]) -> usize {
    let mut session = analyzer.session();
    let mut n = 0;
    for d in docs {
        session.tokens(d, |t| {
            black_box(t.term);
            n += 1;
        });
    }
    n
}

fn bench_tokenize(c: &mut Criterion) {
    let corpus = load_corpus("ungdc-sample");
    let mut group = c.benchmark_group("tokenize");
    group
        .sample_size(10)
        .warm_up_time(WARM_UP)
        .measurement_time(MEASUREMENT);

    for grade in corpus.grades() {
        let docs = &grade.docs;
        let whole = docs.len() == corpus.docs.len();
        group.throughput(Throughput::Bytes(grade.bytes));
        // The sklearn preset and the cold session only on the whole corpus.
        let presets: &[Preset] = if whole {
            &[Preset::Default, Preset::Sklearn]
        } else {
            &[Preset::Default]
        };
        for &preset in presets {
            let analyzer = Analyzer::preset(preset);
            let expected = count_tokens(&analyzer, docs);
            assert!(expected > 0, "no tokens in the bench corpus");

            // Steady state: one session per thread for a whole corpus, cache warm.
            let mut session = analyzer.session();
            group.bench_function(
                BenchmarkId::new(format!("{preset}_warm"), &grade.label),
                |b| {
                    b.iter(|| {
                        let mut n = 0usize;
                        for d in docs {
                            session.tokens(d, |t| {
                                black_box(t.term);
                                n += 1;
                            });
                        }
                        assert_eq!(n, expected);
                    })
                },
            );

            // A fresh session per pass: includes stemming every distinct form once.
            if whole && preset == Preset::Default {
                group.bench_function(
                    BenchmarkId::new(format!("{preset}_cold"), &grade.label),
                    |b| b.iter(|| assert_eq!(count_tokens(&analyzer, docs), expected)),
                );
            }
        }

        // Unigrams + bigrams through `terms` (the TF-IDF input).
        if whole {
            let analyzer = Analyzer::preset(Preset::Default);
            let range = NgramRange::new(1, 2).unwrap_or_default();
            let mut session = analyzer.session();
            let mut expected = 0usize;
            for d in docs {
                session.terms(d, range, |_, _| expected += 1);
            }
            group.bench_function(BenchmarkId::new("default_terms_1_2", &grade.label), |b| {
                b.iter(|| {
                    let mut n = 0usize;
                    for d in docs {
                        session.terms(d, range, |t, _| {
                            black_box(t);
                            n += 1;
                        });
                    }
                    assert_eq!(n, expected);
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_tokenize);
criterion_main!(benches);
