//! The share intervals: their quantiles against an exact reference, and
//! their coverage of a known true share on simulated periods.
//!
//! These test the percentile bootstrap that the timeline uses now. The
//! coverage test holds for any interval method; the exact-quantile test is
//! specific to the percentile bootstrap.

use jiff::civil::date;
use tidings_timeline::{Document, DocumentDate, Granularity, Precision, TimelineParams};

fn year(y: i16) -> Option<DocumentDate> {
    Some(DocumentDate {
        date: date(y, 1, 1),
        precision: Precision::Year,
    })
}

/// SplitMix64 uniform numbers in [0, 1), seeded: the simulation is
/// deterministic.
struct Uniform(u64);

impl Uniform {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `P(X ≤ x)` for `X ~ Binomial(n, p)`, summed term by term.
fn binomial_cdf(x: usize, n: usize, p: f64) -> f64 {
    let mut term = (1.0 - p).powi(n as i32); // P(X = 0)
    let mut sum = 0.0;
    for i in 0..=x.min(n) {
        sum += term;
        term *= (n - i) as f64 / (i + 1) as f64 * p / (1.0 - p);
    }
    sum
}

/// The smallest x with `P(X ≤ x) ≥ q`, and how far the CDF is from `q`
/// on either side of that step (the margin a Monte Carlo estimate has).
fn binomial_quantile(q: f64, n: usize, p: f64) -> (usize, f64) {
    let mut below = 0.0;
    for x in 0..=n {
        let cdf = binomial_cdf(x, n, p);
        if cdf >= q {
            return (x, (cdf - q).min(q - below));
        }
        below = cdf;
    }
    (n, 0.0)
}

/// With `m` of `n` equal-length documents wholly in theme 0 and the rest in
/// theme 1, a bootstrap resample's share of theme 0 is exactly
/// `Binomial(n, m/n) / n`. With 4000 resamples the empirical quantile sits
/// on the exact binomial quantile whenever the CDF is at least 0.02 (more
/// than four standard errors, sqrt(0.05·0.95/4000) = 0.0034) away from the
/// quantile level on both sides of the step; other cases are not judged.
/// Swapped, shifted or mis-levelled quantiles fail.
#[test]
fn bootstrap_quantiles_are_the_exact_resampling_quantiles() {
    let mut judged = 0;
    for (n, m) in [
        (20, 5),
        (40, 10),
        (12, 6),
        (50, 4),
        (30, 21),
        (25, 5),
        (60, 15),
        (16, 4),
        (45, 9),
        (35, 14),
    ] {
        let mut docs = Vec::new();
        let (theme0, theme1) = ([1.0, 0.0], [0.0, 1.0]);
        for i in 0..n {
            docs.push(Document {
                date: year(2000),
                length: 1.0,
                weights: if i < m { &theme0[..] } else { &theme1[..] },
            });
        }
        for confidence in [0.5, 0.8, 0.9, 0.95] {
            let report = TimelineParams::new()
                .granularity(Granularity::Year)
                .confidence(confidence)
                .bootstrap_samples(4000)
                .seed(3)
                .check()
                .unwrap()
                .build(2, &docs)
                .unwrap();
            let share = &report.timeline.periods[0].shares[0];
            let p = m as f64 / n as f64;
            let got = share.share.expect("a period with documents has a share");
            assert!((got - p).abs() < 1e-12);
            let low_q = (1.0 - confidence) / 2.0;
            for (q, got) in [(low_q, share.ci_low), (1.0 - low_q, share.ci_high)] {
                let (x, margin) = binomial_quantile(q, n, p);
                if margin < 0.02 {
                    continue;
                }
                let want = x as f64 / n as f64;
                let got = got.unwrap();
                assert!(
                    (got - want).abs() < 1e-12,
                    "n={n} m={m} confidence {confidence}: {q}-quantile {got}, exact {want}"
                );
                judged += 1;
            }
        }
    }
    eprintln!("{judged} quantiles judged");
    assert!(judged >= 25, "only {judged} quantiles judged");
}

/// A simulated corpus: `periods` yearly periods of `n` documents each, drawn
/// from one population whose length-weighted share of theme 0 is known.
/// A document is mostly theme 0 (weight 0.8–1.0) with probability 0.3, else
/// mostly theme 1 (theme-0 weight 0–0.1); lengths are uniform on 50–150 and
/// independent of the weights, so the true share is
/// 0.3 · 0.9 + 0.7 · 0.05 = 0.305.
const TRUE_SHARE: f64 = 0.305;

fn simulated(periods: usize, n: usize, seed: u64) -> (Vec<[f64; 2]>, Vec<(i16, f64)>) {
    let mut u = Uniform(seed);
    let mut weights = Vec::new();
    let mut meta = Vec::new();
    for p in 0..periods {
        for _ in 0..n {
            let a = if u.next() < 0.3 {
                0.8 + 0.2 * u.next()
            } else {
                0.1 * u.next()
            };
            weights.push([a, 1.0 - a]);
            meta.push((1600 + p as i16, 50.0 + 100.0 * u.next()));
        }
    }
    (weights, meta)
}

/// Coverage and mean width of the 90 % intervals over `periods` simulated
/// periods of `n` documents.
fn coverage(n: usize, periods: usize) -> (f64, f64) {
    let (weights, meta) = simulated(periods, n, 0x5EED + n as u64);
    let docs: Vec<Document<'_>> = weights
        .iter()
        .zip(&meta)
        .map(|(w, &(y, length))| Document {
            date: year(y),
            length,
            weights: w,
        })
        .collect();
    let report = TimelineParams::new()
        .granularity(Granularity::Year)
        .confidence(0.9)
        .seed(11)
        .check()
        .unwrap()
        .build(2, &docs)
        .unwrap();
    let periods_out = &report.timeline.periods;
    assert_eq!(periods_out.len(), periods);
    let mut covered = 0;
    let mut width = 0.0;
    for p in periods_out {
        let s = &p.shares[0];
        let (lo, hi) = (s.ci_low.unwrap(), s.ci_high.unwrap());
        let share = s.share.expect("a period with documents has a share");
        assert!(lo <= share && share <= hi);
        covered += usize::from(lo <= TRUE_SHARE && TRUE_SHARE <= hi);
        width += hi - lo;
    }
    (covered as f64 / periods as f64, width / periods as f64)
}

/// Replications per sample size, and the accepted coverage: the nominal 0.9
/// within three binomial standard errors, sqrt(0.9 · 0.1 / 400) = 0.015,
/// i.e. 0.855–0.945.
const REPLICATIONS: usize = 400;

fn within_nominal(cov: f64) -> bool {
    let se = (0.9f64 * 0.1 / REPLICATIONS as f64).sqrt();
    (cov - 0.9).abs() <= 3.0 * se
}

#[test]
fn ninety_percent_intervals_cover_the_true_share_with_many_documents() {
    let (cov_30, width_30) = coverage(30, REPLICATIONS);
    let (cov_100, width_100) = coverage(100, REPLICATIONS);
    eprintln!("n=30: coverage {cov_30:.3}, mean width {width_30:.4}");
    eprintln!("n=100: coverage {cov_100:.3}, mean width {width_100:.4}");
    assert!(within_nominal(cov_30), "n=30: coverage {cov_30}");
    assert!(within_nominal(cov_100), "n=100: coverage {cov_100}");
    // Width shrinks like 1/sqrt(n): about sqrt(100/30) = 1.8 times.
    let ratio = width_30 / width_100;
    assert!((1.5..2.2).contains(&ratio), "width ratio {ratio}");
}

/// Issue 17 asks for nominal coverage with 1, 3 and 10 documents per period
/// too. The percentile bootstrap cannot give it: with one document its
/// interval has zero width, and with three it undercovers badly. The
/// interval method of issue 14 is meant to fix this; run with
/// `cargo test -p tidings-timeline --test intervals -- --ignored` to see
/// the measured coverage.
#[test]
#[ignore = "fails until issue 14 replaces the percentile bootstrap for small periods"]
fn ninety_percent_intervals_cover_the_true_share_with_few_documents() {
    let mut widths = Vec::new();
    let mut failures = Vec::new();
    for n in [1, 3, 10, 100] {
        let (cov, width) = coverage(n, REPLICATIONS);
        eprintln!("n={n}: coverage {cov:.3}, mean width {width:.4}");
        if !within_nominal(cov) {
            failures.push(format!("n={n}: coverage {cov:.3}"));
        }
        widths.push(width);
    }
    assert!(failures.is_empty(), "{failures:?}");
    assert!(widths.windows(2).all(|w| w[0] > w[1]), "widths {widths:?}");
}
