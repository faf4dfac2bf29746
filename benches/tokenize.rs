//! Tokenizer throughput over a real corpus sample (see `lib.rs` for where it
//! comes from). Reports bytes/s; every iteration asserts the token count, so
//! the bench cannot silently measure the wrong thing.
//!
//! Run: `cargo bench -p tidings-benches --bench tokenize`
//! (set `TIDINGS_BENCH_CORPUS=/some/dir` to use another folder of .txt files).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use tidings_benches::load_corpus;
use tidings_tokenize::{Analyzer, NgramRange, Preset};

fn count_tokens(analyzer: &Analyzer, docs: &[String]) -> usize {
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
    let docs = &corpus.docs;
    let mut group = c.benchmark_group("tokenize");
    group.throughput(Throughput::Bytes(corpus.bytes()));
    group.sample_size(10);

    for preset in [Preset::Default, Preset::Sklearn] {
        let analyzer = Analyzer::preset(preset);
        let expected = count_tokens(&analyzer, docs);
        assert!(expected > 0, "no tokens in the bench corpus");

        // Steady state: one session per thread for a whole corpus, cache warm.
        let mut session = analyzer.session();
        group.bench_function(format!("{preset}/warm"), |b| {
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
        });

        // A fresh session per pass: includes stemming every distinct form once.
        group.bench_function(format!("{preset}/cold"), |b| {
            b.iter(|| assert_eq!(count_tokens(&analyzer, docs), expected))
        });
    }

    // Unigrams + bigrams through `terms` (the TF-IDF input).
    let analyzer = Analyzer::preset(Preset::Default);
    let range = NgramRange::new(1, 2).unwrap_or_default();
    let mut session = analyzer.session();
    let mut expected = 0usize;
    for d in docs {
        session.terms(d, range, |_, _| expected += 1);
    }
    group.bench_function("default/terms_1_2", |b| {
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
    group.finish();
}

criterion_group!(benches, bench_tokenize);
criterion_main!(benches);
