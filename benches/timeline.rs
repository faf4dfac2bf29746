//! Timeline building up to the size of the UN General Debate corpus: a
//! quarter, a half and all of 10 952 year-dated documents over 46 years, 20
//! themes, 1000 bootstrap resamples per period. Synthetic, generated from a
//! fixed linear congruential sequence, so it needs no data files. Every
//! iteration asserts the number of periods.
//!
//! `cargo bench -p tidings-benches --bench timeline`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use jiff::civil::date;
use tidings_benches::{GRADES, MEASUREMENT, WARM_UP};
use tidings_testkit::rng::Lcg;
use tidings_timeline::{DocumentDate, Granularity, Precision, TimelineDocument, TimelineParams};

const DOCUMENTS: usize = 10_952;
const THEMES: usize = 20;
const YEARS: i16 = 46;

fn corpus() -> Vec<(DocumentDate, f64, Vec<f64>)> {
    let mut rng = Lcg::new(12_345);
    let mut next = move || rng.uniform();
    (0..DOCUMENTS)
        .map(|i| {
            let year = 1970 + (i % YEARS as usize) as i16;
            let mut w: Vec<f64> = (0..THEMES).map(|_| next().powi(4)).collect();
            let sum: f64 = w.iter().sum();
            w.iter_mut().for_each(|x| *x /= sum);
            let when = DocumentDate {
                date: date(year, 1, 1),
                precision: Precision::Year,
            };
            (when, 500.0 + 3000.0 * next(), w)
        })
        .collect()
}

fn bench_timeline(c: &mut Criterion) {
    let raw = corpus();
    let docs: Vec<TimelineDocument<'_>> = raw
        .iter()
        .map(|(d, len, w)| TimelineDocument {
            date: Some(*d),
            length: *len,
            weights: w,
        })
        .collect();
    let params = TimelineParams::new()
        .granularity(Granularity::Auto)
        .check()
        .expect("default parameters are valid");
    let mut group = c.benchmark_group("timeline");
    group
        .sample_size(10)
        .warm_up_time(WARM_UP)
        .measurement_time(MEASUREMENT);
    for (step, name) in GRADES {
        // The first 1/step of the documents: years cycle, so all 46 are in every part.
        let part: Vec<TimelineDocument<'_>> =
            docs.iter().take(docs.len() / step).copied().collect();
        let id = BenchmarkId::new("year_b1000", format!("{name}_{}docs", part.len()));
        group.bench_with_input(id, &part, |b, part| {
            b.iter(|| {
                let report = params.build(THEMES, part).expect("valid input");
                assert_eq!(report.timeline.periods.len(), YEARS as usize);
                report
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_timeline);
criterion_main!(benches);
