//! The whole report, as `tidings report` runs it: read and clean the files,
//! cut passages, TF-IDF, choose the number of themes (`auto`), fit NMF,
//! aggregate to documents, build the timeline (bootstrap intervals, trends,
//! bursts) and render the JSON. At graded sizes (a quarter, a half and all
//! of the bench corpus, see `lib.rs`); every iteration asserts the number of
//! documents and that there are themes and periods.
//!
//! `cargo bench -p tidings-benches --bench report`
//! (`TIDINGS_BENCH_CORPUS=/tmp/un/TXT` for the UN corpus: one report takes
//! about a minute there).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tidings_benches::{load_corpus, MEASUREMENT, WARM_UP};
use tidings_corpus::{Corpus, DocDate, Document, Input, ReadOptions, Source};
use tidings_report::{render, AnalysisParams, Format, ModelSource, ReportBuilder};

/// Reads the files of a grade, or builds year-dated documents from the
/// built-in text when the corpus has no files.
fn read(paths: &[&std::path::Path], docs: &[&str]) -> Corpus {
    if paths.is_empty() {
        let documents = docs
            .iter()
            .enumerate()
            .map(|(i, text)| Document {
                id: format!("builtin-{i}"),
                date: DocDate::year_only(2000 + (i % 20) as i16).ok(),
                title: None,
                text: text.to_string(),
                source: Source::new("built-in", 1),
                no_text: None,
                label: None,
            })
            .collect();
        return Corpus {
            documents,
            ..Corpus::default()
        };
    }
    let inputs: Vec<Input> = paths.iter().map(Input::from_arg).collect();
    tidings_corpus::read(&inputs, &ReadOptions::new()).expect("the bench corpus reads")
}

fn bench_report(c: &mut Criterion) {
    let corpus = load_corpus("ungdc-sample");
    let params = AnalysisParams::new()
        .check()
        .expect("default parameters are valid");
    let builder = ReportBuilder::with_defaults().expect("default timeline parameters are valid");
    let mut group = c.benchmark_group("report");
    group
        .sample_size(10)
        .warm_up_time(WARM_UP)
        .measurement_time(MEASUREMENT);
    for grade in corpus.grades() {
        group.throughput(Throughput::Bytes(grade.bytes));
        group.bench_with_input(
            BenchmarkId::from_parameter(&grade.label),
            &grade,
            |b, grade| {
                b.iter(|| {
                    let corpus = read(&grade.paths, &grade.docs);
                    assert_eq!(corpus.documents.len(), grade.docs.len());
                    let analysis = params.analyze(&corpus).expect("themes");
                    let report = builder
                        .build(&corpus, &analysis, ModelSource::Fitted)
                        .expect("timeline");
                    assert!(!report.themes.is_empty());
                    assert!(!report.timeline.periods.is_empty());
                    let mut json = Vec::new();
                    render(&report, Format::Json, &mut json).expect("render");
                    json.len()
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_report);
criterion_main!(benches);
