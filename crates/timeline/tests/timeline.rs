//! Behaviour of the timeline: calendar alignment, buckets, shares, bootstrap,
//! trends and bursts.

use jiff::civil::{date, Date};
use proptest::prelude::*;
use tidings_testkit::rng::Lcg;
use tidings_timeline::{
    mann_kendall, top_terms_by_period, AutoRule, Direction, DocumentDate, Granularity, Placement,
    Precision, TimelineDocument, TimelineError, TimelineParams, TimelineReport,
};

fn day(d: Date) -> Option<DocumentDate> {
    Some(DocumentDate {
        date: d,
        precision: Precision::Day,
    })
}

fn year(y: i16) -> Option<DocumentDate> {
    Some(DocumentDate {
        date: date(y, 1, 1),
        precision: Precision::Year,
    })
}

const EVEN: &[f64] = &[0.5, 0.5];

fn build(granularity: Granularity, docs: &[TimelineDocument<'_>], themes: usize) -> TimelineReport {
    TimelineParams::new()
        .granularity(granularity)
        .bootstrap_samples(200)
        .check()
        .unwrap()
        .build(themes, docs)
        .unwrap()
}

fn labels(report: &TimelineReport) -> Vec<&str> {
    report
        .timeline
        .periods
        .iter()
        .map(|p| p.period.as_str())
        .collect()
}

fn dated(dates: &[Date]) -> Vec<TimelineDocument<'static>> {
    dates
        .iter()
        .map(|&d| TimelineDocument {
            date: day(d),
            length: 1.0,
            weights: EVEN,
        })
        .collect()
}

#[test]
fn iso_weeks_cross_year_boundaries() {
    // 2019-12-30 is the Monday of 2020-W01; 2020 has 53 ISO weeks;
    // 2021-01-03 (Sunday) still belongs to 2020-W53.
    let docs = dated(&[date(2019, 12, 30), date(2021, 1, 3), date(2021, 1, 4)]);
    let report = build(Granularity::Week, &docs, 2);
    let l = labels(&report);
    assert_eq!(l.first(), Some(&"2020-W01"));
    assert_eq!(&l[l.len() - 2..], ["2020-W53", "2021-W01"]);
    assert_eq!(l.len(), 54);
    let periods = &report.timeline.periods;
    assert_eq!(periods[0].start, date(2019, 12, 30));
    assert_eq!(periods[0].end, date(2020, 1, 5));
    assert_eq!(periods[52].start, date(2020, 12, 28));
    assert_eq!(periods[52].documents, 1);
    assert_eq!(periods[53].start, date(2021, 1, 4));
    for p in periods {
        assert_eq!(p.start.weekday(), jiff::civil::Weekday::Monday);
        assert_eq!(
            p.end,
            p.start.checked_add(jiff::Span::new().days(6)).unwrap()
        );
    }
    // 2015-12-31 (Thursday) is in 2015-W53; 2016-01-01 (Friday) too.
    let docs = dated(&[date(2015, 12, 31), date(2016, 1, 1)]);
    assert_eq!(labels(&build(Granularity::Week, &docs, 2)), ["2015-W53"]);
}

#[test]
fn quarters_and_months_are_calendar_aligned() {
    let docs = dated(&[date(2019, 11, 15), date(2020, 3, 31), date(2020, 4, 1)]);
    let report = build(Granularity::Quarter, &docs, 2);
    assert_eq!(labels(&report), ["2019-Q4", "2020-Q1", "2020-Q2"]);
    let p = &report.timeline.periods;
    assert_eq!(
        (p[1].start, p[1].end),
        (date(2020, 1, 1), date(2020, 3, 31))
    );
    assert_eq!(
        (p[2].start, p[2].end),
        (date(2020, 4, 1), date(2020, 6, 30))
    );
    assert_eq!(p.iter().map(|p| p.documents).collect::<Vec<_>>(), [1, 1, 1]);

    let report = build(Granularity::Month, &docs, 2);
    let l = labels(&report);
    assert_eq!(l.len(), 6);
    assert_eq!(l[0], "2019-11");
    assert_eq!(l[2], "2020-01");
    assert_eq!(l[5], "2020-04");
}

#[test]
fn leap_years_are_respected() {
    let docs = dated(&[date(2020, 2, 10), date(2021, 2, 10)]);
    let report = build(Granularity::Month, &docs, 2);
    let p = &report.timeline.periods;
    assert_eq!(p[0].end, date(2020, 2, 29));
    assert_eq!(p[12].period, "2021-02");
    assert_eq!(p[12].end, date(2021, 2, 28));

    let docs = dated(&[date(2000, 2, 28), date(2000, 3, 1)]);
    assert_eq!(
        labels(&build(Granularity::Day, &docs, 2)),
        ["2000-02-28", "2000-02-29", "2000-03-01"]
    );
    let docs = dated(&[date(1900, 2, 28), date(1900, 3, 1)]);
    assert_eq!(
        labels(&build(Granularity::Day, &docs, 2)),
        ["1900-02-28", "1900-03-01"]
    );
    let docs = dated(&[date(2024, 1, 1), date(2024, 12, 31)]);
    assert_eq!(
        build(Granularity::Day, &docs, 2).timeline.periods.len(),
        366
    );
}

#[test]
fn empty_periods_are_kept_with_zero_documents() {
    let docs = [
        TimelineDocument {
            date: year(2020),
            length: 10.0,
            weights: &[1.0, 0.0],
        },
        TimelineDocument {
            date: year(2023),
            length: 10.0,
            weights: &[0.0, 1.0],
        },
    ];
    let report = build(Granularity::Auto, &docs, 2);
    assert_eq!(report.timeline.granularity, Granularity::Year);
    assert!(report.timeline.auto);
    assert_eq!(labels(&report), ["2020", "2021", "2022", "2023"]);
    let empty = &report.timeline.periods[1];
    assert_eq!(empty.documents, 0);
    assert_eq!(empty.shares[0].share, None, "an empty period has no share");
    assert_eq!(empty.shares[0].ci_low, None);
    assert_eq!(empty.shares[1].documents, 0);
    // Year-precision documents cover their whole year: nothing is partial.
    assert!(report.timeline.periods.iter().all(|p| !p.partial));
}

#[test]
fn partial_first_and_last_periods_are_flagged() {
    let docs = dated(&[date(2020, 3, 5), date(2020, 7, 1), date(2020, 11, 30)]);
    let report = build(Granularity::Month, &docs, 2);
    let flags: Vec<bool> = report.timeline.periods.iter().map(|p| p.partial).collect();
    // March starts on the 5th: partial. November ends on the 30th: complete.
    assert_eq!(
        flags,
        [true, false, false, false, false, false, false, false, false]
    );
    assert_eq!(report.timeline.from, Some(date(2020, 3, 5)));
    assert_eq!(report.timeline.to, Some(date(2020, 11, 30)));

    let year_report = build(Granularity::Year, &docs, 2);
    assert!(year_report.timeline.periods[0].partial);

    let docs = dated(&[date(2020, 3, 1), date(2020, 11, 29)]);
    let report = build(Granularity::Month, &docs, 2);
    let p = &report.timeline.periods;
    assert!(!p[0].partial);
    assert!(p[p.len() - 1].partial);

    let day_report = build(Granularity::Day, &docs, 2);
    assert!(day_report.timeline.periods.iter().all(|p| !p.partial));
}

#[test]
fn undated_documents_get_their_own_bucket() {
    let docs = [
        TimelineDocument {
            date: day(date(2020, 5, 1)),
            length: 3.0,
            weights: &[1.0, 0.0],
        },
        TimelineDocument {
            date: None,
            length: 1.0,
            weights: &[0.25, 0.75],
        },
        TimelineDocument {
            date: None,
            length: 3.0,
            weights: &[0.0, 1.0],
        },
    ];
    let report = build(Granularity::Year, &docs, 2);
    assert_eq!(labels(&report), ["2020"]);
    assert_eq!(report.timeline.periods[0].documents, 1);
    let undated = &report.timeline.undated;
    assert_eq!(undated.documents, 2);
    assert!((undated.shares[0].share.unwrap() - 0.25 / 4.0).abs() < 1e-12);
    assert!((undated.shares[1].share.unwrap() - 3.75 / 4.0).abs() < 1e-12);
    assert_eq!(undated.shares[1].documents, 2);
    assert_eq!(
        report.placements,
        [Placement::Period(0), Placement::Undated, Placement::Undated]
    );
}

#[test]
fn year_only_dates_go_to_the_imprecise_bucket_of_finer_timelines() {
    let mut docs = dated(&[date(2020, 1, 5), date(2020, 2, 5)]);
    docs.push(TimelineDocument {
        date: year(2020),
        length: 1.0,
        weights: EVEN,
    });
    let report = build(Granularity::Month, &docs, 2);
    assert_eq!(labels(&report), ["2020-01", "2020-02"]);
    assert_eq!(report.timeline.imprecise.documents, 1);
    assert_eq!(report.placements[2], Placement::Imprecise);
    let report = build(Granularity::Year, &docs, 2);
    assert_eq!(report.timeline.imprecise.documents, 0);
    assert_eq!(report.timeline.periods[0].documents, 3);
}

#[test]
fn auto_picks_the_finest_granularity_with_enough_documents() {
    // 6 documents in each of 4 months, one per few days: days and weeks are
    // too thin, months have a median of 6.
    let mut dates = Vec::new();
    for m in 1..=4 {
        for d in [2, 6, 11, 16, 21, 26] {
            dates.push(date(2021, m, d));
        }
    }
    let docs = dated(&dates);
    let report = build(Granularity::Auto, &docs, 2);
    assert_eq!(report.timeline.granularity, Granularity::Month);
    assert!(report.timeline.auto);

    // Mostly year-only dates: auto must not go finer than years.
    let mut docs = dated(&dates[..3]);
    for _ in 0..30 {
        docs.push(TimelineDocument {
            date: year(2021),
            length: 1.0,
            weights: EVEN,
        });
    }
    let report = build(Granularity::Auto, &docs, 2);
    assert_eq!(report.timeline.granularity, Granularity::Year);

    // A stricter rule falls back to quarters.
    let report = TimelineParams::new()
        .auto_rule(AutoRule {
            min_median_documents: 10,
            ..AutoRule::default()
        })
        .check()
        .unwrap()
        .build(2, &dated(&dates))
        .unwrap();
    assert_eq!(report.timeline.granularity, Granularity::Quarter);
}

#[test]
fn invalid_input_is_reported_with_its_value_and_place() {
    let params = TimelineParams::new().check().unwrap();
    let docs = [
        TimelineDocument {
            date: None,
            length: 1.0,
            weights: EVEN,
        },
        TimelineDocument {
            date: None,
            length: 1.0,
            weights: &[0.5, -0.5],
        },
    ];
    assert_eq!(
        params.build(2, &docs).unwrap_err(),
        TimelineError::InvalidWeight {
            document: 1,
            theme: 1,
            value: -0.5
        }
    );
    assert_eq!(
        params.build(3, &docs[..1]).unwrap_err(),
        TimelineError::WeightCount {
            document: 0,
            expected: 3,
            found: 2
        }
    );
    let nan = [TimelineDocument {
        date: None,
        length: f64::NAN,
        weights: EVEN,
    }];
    assert!(matches!(
        params.build(2, &nan),
        Err(TimelineError::InvalidLength { document: 0, .. })
    ));
    assert_eq!(
        TimelineParams::new().confidence(1.5).check().unwrap_err(),
        TimelineError::InvalidConfidence { value: 1.5 }
    );
    assert_eq!(
        TimelineParams::new().burst_scale(1.0).check().unwrap_err(),
        TimelineError::InvalidBurstScale { value: 1.0 }
    );
    let err = TimelineParams::new()
        .granularity(Granularity::Day)
        .max_periods(100)
        .check()
        .unwrap()
        .build(2, &dated(&[date(2000, 1, 1), date(2001, 1, 1)]))
        .unwrap_err();
    assert!(err.to_string().contains("367"), "{err}");
    // No documents at all is not an error.
    let empty = params.build(2, &[]).unwrap();
    assert!(empty.timeline.periods.is_empty());
}

/// A document's date, length and theme weights, owned.
type RawDocument = (Option<DocumentDate>, f64, Vec<f64>);

fn synthetic_docs(seed: u64, n: usize, k: usize) -> Vec<RawDocument> {
    let mut rng = Lcg::new(seed);
    let mut next = move || rng.uniform();
    (0..n)
        .map(|i| {
            let d = date(2018, 1, 1)
                .checked_add(jiff::Span::new().days((next() * 1000.0) as i64))
                .unwrap();
            let date = if i % 17 == 0 { None } else { day(d) };
            let mut w: Vec<f64> = (0..k).map(|_| next()).collect();
            let s: f64 = w.iter().sum();
            w.iter_mut().for_each(|x| *x /= s);
            (date, 1.0 + next() * 500.0, w)
        })
        .collect()
}

fn as_docs(raw: &[RawDocument]) -> Vec<TimelineDocument<'_>> {
    raw.iter()
        .map(|(date, length, w)| TimelineDocument {
            date: *date,
            length: *length,
            weights: w,
        })
        .collect()
}

#[test]
fn bootstrap_is_deterministic_and_thread_independent() {
    let raw = synthetic_docs(3, 400, 4);
    let docs = as_docs(&raw);
    let params = TimelineParams::new()
        .granularity(Granularity::Quarter)
        .seed(42)
        .check()
        .unwrap();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| params.build(4, &docs).unwrap())
    };
    let one = run(1);
    let two = run(2);
    assert_eq!(one, two);
    assert_eq!(one, params.build(4, &docs).unwrap());
    let other_seed = TimelineParams::new()
        .granularity(Granularity::Quarter)
        .seed(43)
        .check()
        .unwrap()
        .build(4, &docs)
        .unwrap();
    assert_ne!(
        one.timeline.periods[0].shares,
        other_seed.timeline.periods[0].shares
    );
    // Intervals bracket the point estimate.
    for p in &one.timeline.periods {
        for s in &p.shares {
            let (lo, hi, share) = (s.ci_low.unwrap(), s.ci_high.unwrap(), s.share.unwrap());
            assert!(lo <= share + 1e-12 && share <= hi + 1e-12, "{s:?}");
        }
    }
}

#[test]
fn reporting_the_leading_themes_gives_exactly_their_full_figures() {
    let raw = synthetic_docs(5, 300, 5);
    let docs = as_docs(&raw);
    let params = TimelineParams::new()
        .granularity(Granularity::Quarter)
        .seed(9)
        .check()
        .unwrap();
    let full = params.build(5, &docs).unwrap();
    let leading = params.build_leading(5, 2, &docs).unwrap();
    assert_eq!(leading.themes, full.themes[..2]);
    assert_eq!(leading.placements, full.placements);
    for (l, f) in leading.timeline.periods.iter().zip(&full.timeline.periods) {
        assert_eq!(l.shares, f.shares[..2], "{}", l.period);
        assert_eq!(l.documents, f.documents);
    }
    assert_eq!(
        leading.timeline.undated.shares,
        full.timeline.undated.shares[..2]
    );
    assert_eq!(
        params.build_leading(2, 3, &docs[..0]),
        Err(TimelineError::ReportedThemes {
            reported: 3,
            themes: 2
        })
    );
}

proptest! {
    #[test]
    fn shares_sum_to_one_in_every_weighted_period(
        seed in any::<u64>(),
        n in 1usize..120,
        k in 1usize..6,
        g in 0usize..5,
    ) {
        let raw = synthetic_docs(seed, n, k);
        let docs = as_docs(&raw);
        let report = TimelineParams::new()
            .granularity(Granularity::CONCRETE[g])
            .bootstrap_samples(20)
            .check()
            .unwrap()
            .build(k, &docs)
            .unwrap();
        let placed: usize = report.timeline.periods.iter().map(|p| p.documents).sum();
        let tl = &report.timeline;
        prop_assert_eq!(placed + tl.undated.documents + tl.outside.documents, n);
        for p in &report.timeline.periods {
            if p.documents > 0 {
                let total: f64 = p.shares.iter().filter_map(|s| s.share).sum();
                prop_assert!((total - 1.0).abs() < 1e-9, "{} sums to {}", p.period, total);
            } else {
                prop_assert!(p.shares.iter().all(|s| s.share.is_none()));
            }
            let dominated: usize = p.shares.iter().map(|s| s.documents).sum();
            prop_assert_eq!(dominated, p.documents);
        }
    }
}

#[test]
fn mann_kendall_matches_pymannkendall() {
    // Expected values from pymannkendall 1.4.3 `original_test`, printed by
    // tests/scripts/mann_kendall_reference.py.
    let cases: [(&[f64], i64, f64, f64, f64); 4] = [
        (
            &[0.10, 0.12, 0.11, 0.15, 0.14, 0.18, 0.17, 0.21, 0.20, 0.24],
            37,
            125.0,
            3.219_937_887_599_697,
            0.001_282_183_741_805_331_7,
        ),
        (
            &[1., 2., 2., 3., 1., 4., 4., 4., 5., 3., 6., 2.],
            30,
            203.333_333_333_333_34,
            2.033_731_932_623_002_3,
            0.041_978_630_703_935_815,
        ),
        (
            &[5.0, 4.0, 4.5, 3.0, 2.0],
            -8,
            16.666_666_666_666_668,
            -1.714_642_819_948_224_7,
            0.086_410_732_973_700_06,
        ),
        (
            &[3., 1., 4., 1., 5., 9., 2., 6., 5., 3., 5.],
            16,
            159.333_333_333_333_34,
            1.188_332_399_294_654,
            0.234_702_477_955_160_75,
        ),
    ];
    for (values, s, var, z, p) in cases {
        let mk = mann_kendall(values).unwrap();
        assert_eq!(mk.s, s);
        assert!((mk.variance - var).abs() < 1e-9, "{} vs {var}", mk.variance);
        assert!((mk.z - z).abs() < 1e-12, "{} vs {z}", mk.z);
        assert!(((mk.p_value - p) / p).abs() < 1e-9, "{} vs {p}", mk.p_value);
    }
    assert!(mann_kendall(&[1.0, 2.0]).is_none());
}

/// Yearly documents where theme 0 dominates `share(year)` of them.
fn yearly(
    years: std::ops::RangeInclusive<i16>,
    per_year: usize,
    share: impl Fn(i16) -> f64,
) -> Vec<RawDocument> {
    let mut out = Vec::new();
    for y in years {
        let hits = (share(y) * per_year as f64).round() as usize;
        for i in 0..per_year {
            let w = if i < hits {
                vec![0.8, 0.2]
            } else {
                vec![0.1, 0.9]
            };
            out.push((year(y), 100.0, w));
        }
    }
    out
}

#[test]
fn a_rising_theme_is_flagged_rising() {
    let raw = yearly(2000..=2015, 20, |y| 0.05 + 0.04 * f64::from(y - 2000));
    let docs = as_docs(&raw);
    let report = build(Granularity::Auto, &docs, 2);
    assert_eq!(report.timeline.granularity, Granularity::Year);
    let rising = &report.themes[0];
    assert_eq!(rising.trend.direction, Direction::Rising);
    assert!(rising.trend.p_value.unwrap() < 0.001);
    assert!(rising.trend.slope_per_year.unwrap() > 0.0);
    assert_eq!(rising.peak_period.as_deref(), Some("2015"));
    assert_eq!(report.themes[1].trend.direction, Direction::Fading);

    let flat = yearly(2000..=2015, 20, |_| 0.3);
    let report = build(Granularity::Year, &as_docs(&flat), 2);
    assert_eq!(report.themes[0].trend.direction, Direction::Steady);
}

#[test]
fn a_planted_burst_is_found_at_the_right_periods() {
    let raw = yearly(1990..=2015, 40, |y| {
        if (2002..=2005).contains(&y) {
            0.5
        } else {
            0.1
        }
    });
    let docs = as_docs(&raw);
    let report = build(Granularity::Year, &docs, 2);
    let bursts = &report.themes[0].bursts;
    assert_eq!(bursts.len(), 1, "{bursts:?}");
    assert_eq!(
        (bursts[0].start.as_str(), bursts[0].end.as_str()),
        ("2002", "2005")
    );
    assert_eq!((bursts[0].start_index, bursts[0].end_index), (12, 15));
    assert!(bursts[0].weight > 0.0);
    assert_eq!(report.themes[0].first_period.as_deref(), Some("1990"));
    assert_eq!(report.themes[0].peak_period.as_deref(), Some("2002"));
}

#[test]
fn json_has_the_documented_shape() {
    let docs = [
        TimelineDocument {
            date: year(2020),
            length: 1.0,
            weights: &[1.0, 0.0],
        },
        TimelineDocument {
            date: None,
            length: 1.0,
            weights: &[0.0, 1.0],
        },
    ];
    let report = build(Granularity::Auto, &docs, 2);
    let json = serde_json::to_value(&report).unwrap();
    let t = &json["timeline"];
    assert_eq!(t["granularity"], "year");
    assert_eq!(t["periods"][0]["period"], "2020");
    assert_eq!(t["periods"][0]["start"], "2020-01-01");
    assert_eq!(t["periods"][0]["end"], "2020-12-31");
    assert_eq!(t["periods"][0]["partial"], false);
    assert_eq!(t["periods"][0]["shares"]["0"]["share"], 1.0);
    // One document: an honest, wide interval, never a zero-width one
    // (issue 14). It contains the share, here 0 for theme 1.
    let (lo, hi) = (
        t["periods"][0]["shares"]["1"]["ci_low"].as_f64().unwrap(),
        t["periods"][0]["shares"]["1"]["ci_high"].as_f64().unwrap(),
    );
    assert_eq!(lo, 0.0);
    assert!(
        hi > 0.5,
        "one document outside a theme bounds it only loosely: {hi}"
    );
    assert_eq!(t["undated"]["documents"], 1);
    assert_eq!(t["undated"]["shares"]["1"]["share"], 1.0);
    assert_eq!(json["themes"][0]["trend"]["direction"], "steady");
    assert!(json["themes"][0]["trend"]["p_value"].is_null());
    assert!(json["themes"][0]["bursts"].is_array());
    assert!(json.get("placements").is_none());
    let back: TimelineReport = serde_json::from_value(json).unwrap();
    assert_eq!(back.timeline, report.timeline);
    assert_eq!(back.themes, report.themes);
}

#[test]
fn top_terms_per_theme_and_period() {
    let docs = [
        TimelineDocument {
            date: year(2020),
            length: 1.0,
            weights: &[1.0, 0.0],
        },
        TimelineDocument {
            date: year(2021),
            length: 1.0,
            weights: &[0.5, 0.5],
        },
        TimelineDocument {
            date: None,
            length: 1.0,
            weights: &[1.0, 0.0],
        },
    ];
    let rows: [&[(usize, f64)]; 3] = [&[(0, 3.0), (1, 1.0)], &[(2, 4.0), (1, 2.0)], &[(9, 9.0)]];
    let report = build(Granularity::Year, &docs, 2);
    let top = top_terms_by_period(&report, &docs, &rows, 1).unwrap();
    assert_eq!(top[0][0], [(0, 3.0)]);
    assert_eq!(top[0][1], [(2, 2.0)]);
    assert_eq!(top[1][0], []);
    assert_eq!(top[1][1], [(2, 2.0)]);
    assert!(top_terms_by_period(&report, &docs, &rows[..2], 1).is_err());
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<TimelineReport>();
    check::<TimelineParams>();
    check::<TimelineError>();
    check::<TimelineDocument<'static>>();
}

#[test]
fn mass_counts_find_a_burst_of_minority_weight() {
    // Theme 0 never dominates, but its weight doubles in 2002-2004.
    let mut raw = Vec::new();
    for y in 1990..=2010 {
        let w0 = if (2002..=2004).contains(&y) {
            0.2
        } else {
            0.05
        };
        for _ in 0..50 {
            raw.push((year(y), 100.0, vec![w0, 1.0 - w0]));
        }
    }
    let docs = as_docs(&raw);
    let params = TimelineParams::new()
        .granularity(Granularity::Year)
        .bootstrap_samples(10);
    let dominant = params.clone().check().unwrap().build(2, &docs).unwrap();
    assert!(dominant.themes[0].bursts.is_empty());
    let mass = params
        .burst_counts(tidings_timeline::BurstCounts::Mass)
        .check()
        .unwrap()
        .build(2, &docs)
        .unwrap();
    let bursts = &mass.themes[0].bursts;
    assert_eq!(bursts.len(), 1, "{bursts:?}");
    assert_eq!(
        (bursts[0].start.as_str(), bursts[0].end.as_str()),
        ("2002", "2004")
    );
}

/// (year, month, day, precision index), length, three weights.
type ArbitraryDocument = (Option<(i16, i8, i8, u8)>, f64, Vec<f64>);

fn any_document() -> impl Strategy<Value = ArbitraryDocument> {
    let date = prop::option::of((-9999i16..=9999, 1i8..=12, 1i8..=28, 0u8..3));
    let number = prop_oneof![
        4 => 0.0f64..1e6,
        1 => Just(0.0),
        1 => any::<f64>(),
    ];
    (date, number.clone(), prop::collection::vec(number, 3))
}

proptest! {
    #[test]
    fn arbitrary_input_never_panics(
        docs in prop::collection::vec(any_document(), 0..40),
        g in 0usize..6,
    ) {
        let raw: Vec<RawDocument> = docs
            .into_iter()
            .map(|(d, len, w)| {
                let date = d.map(|(y, m, day, p)| DocumentDate {
                    date: date(y, m, day),
                    precision: [Precision::Day, Precision::Month, Precision::Year][usize::from(p)],
                });
                (date, len, w)
            })
            .collect();
        let granularity = [
            Granularity::Day,
            Granularity::Week,
            Granularity::Month,
            Granularity::Quarter,
            Granularity::Year,
            Granularity::Auto,
        ][g];
        let result = TimelineParams::new()
            .granularity(granularity)
            .bootstrap_samples(5)
            .check()
            .unwrap()
            .build(3, &as_docs(&raw));
        if let Ok(report) = result {
            prop_assert_eq!(report.placements.len(), raw.len());
            prop_assert!(report.timeline.periods.len() <= 20_000);
        }
    }
}

/// Issue 14: 300 documents in Dec–Mar and 3 documents eight months earlier.
/// The timeline covers Dec–Mar, the 3 are reported outside the range (and
/// still counted), and a flat theme is not called a trend because of them.
#[test]
fn a_few_stray_dates_do_not_stretch_the_timeline() {
    let flat: &[f64] = &[0.3, 0.7];
    let first = date(2016, 12, 1);
    let mut docs: Vec<TimelineDocument<'static>> = (0..300)
        .map(|i| TimelineDocument {
            date: day(first.checked_add(jiff::Span::new().days(i % 120)).unwrap()),
            length: 1.0,
            weights: flat,
        })
        .collect();
    // The strays carry only the first theme, as a near-empty period would.
    for d in [date(2016, 4, 2), date(2016, 4, 3), date(2016, 8, 20)] {
        docs.push(TimelineDocument {
            date: day(d),
            length: 1.0,
            weights: &[1.0, 0.0],
        });
    }
    let report = build(Granularity::Auto, &docs, 2);
    let tl = &report.timeline;
    assert!(
        matches!(tl.granularity, Granularity::Week | Granularity::Month),
        "{:?}",
        tl.granularity
    );
    assert_eq!(tl.from, Some(first));
    assert!(tl.periods.len() <= 18, "{}", tl.periods.len());
    assert_eq!(tl.outside.documents, 3);
    let listed: usize = tl.outside.periods.iter().map(|p| p.documents).sum();
    assert_eq!(listed, 3);
    assert!((tl.outside.shares[0].share.unwrap() - 1.0).abs() < 1e-12);
    assert_eq!(report.placements[300], Placement::Outside);
    for t in &report.themes {
        assert_eq!(t.trend.direction, Direction::Steady, "{:?}", t.trend);
    }
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["timeline"]["outside"]["documents"], 3);
    // Turned off, they stretch the range back to April.
    let all = TimelineParams::new()
        .outlier_fraction(0.0)
        .bootstrap_samples(50)
        .check()
        .unwrap()
        .build(2, &docs)
        .unwrap();
    assert_eq!(all.timeline.outside.documents, 0);
    assert!(all.timeline.from < Some(date(2016, 5, 1)));
}

/// Issue 14: a flat theme across well-filled periods is never flagged
/// rising or fading because of 1-document periods at the ends.
#[test]
fn one_document_periods_do_not_make_a_trend() {
    let mut docs = Vec::new();
    for y in 2001..=2008 {
        for _ in 0..100 {
            docs.push(TimelineDocument {
                date: year(y),
                length: 1.0,
                weights: &[0.4, 0.6],
            });
        }
    }
    for (y, w) in [
        (1999, &[1.0, 0.0][..]),
        (2000, &[1.0, 0.0][..]),
        (2010, &[0.0, 1.0][..]),
    ] {
        docs.push(TimelineDocument {
            date: year(y),
            length: 1.0,
            weights: w,
        });
    }
    let report = TimelineParams::new()
        .granularity(Granularity::Year)
        .outlier_fraction(0.0)
        .bootstrap_samples(50)
        .check()
        .unwrap()
        .build(2, &docs)
        .unwrap();
    for t in &report.themes {
        assert_eq!(t.trend.direction, Direction::Steady, "{:?}", t.trend);
        assert!(
            t.trend.slope_per_year.unwrap().abs() < 0.01,
            "{:?}",
            t.trend
        );
    }
}

/// Issue 14: a theme's per-period terms are the terms it contributes, not
/// the general vocabulary of the documents it has a little weight in.
#[test]
fn per_theme_terms_are_the_theme_own_terms() {
    // Term 0 is general ("said"), 1 belongs to theme 0, 2 to theme 1.
    let docs = [TimelineDocument {
        date: year(2023),
        length: 1.0,
        weights: &[0.9, 0.1],
    }];
    let report = build(Granularity::Year, &docs, 2);
    let rows: [&[(usize, f64)]; 1] = [&[(0, 10.0), (1, 3.0), (2, 1.0)]];
    let h = [[0.5, 1.0, 0.0], [0.05, 0.0, 1.0]];
    let own = tidings_timeline::top_theme_terms_by_period(&report, &docs, &rows, 2, |t, w| h[t][w])
        .unwrap();
    let terms = |t: usize| own[t][0].iter().map(|&(w, _)| w).collect::<Vec<_>>();
    assert_eq!(terms(1), [2, 0], "theme 1 leads with its own term");
    assert_eq!(terms(0), [0, 1]);
    // The whole count of term 2 goes to theme 1, the only one that has it.
    assert!((own[1][0][0].1 - 1.0).abs() < 1e-12);
    // Without the components, theme 1 would be led by the general term.
    let plain = top_terms_by_period(&report, &docs, &rows, 2).unwrap();
    assert_eq!(plain[1][0][0].0, 0);
}

fn ranged(
    granularity: Granularity,
    from: Option<Date>,
    to: Option<Date>,
    docs: &[TimelineDocument<'_>],
) -> TimelineReport {
    TimelineParams::new()
        .granularity(granularity)
        .range(from, to)
        .bootstrap_samples(50)
        .check()
        .unwrap()
        .build(2, docs)
        .unwrap()
}

/// Issue 14: `--from` and `--to` set the range. The periods run over it,
/// empty ends included; the documents outside are counted in the outside
/// bucket, listed by period, not dropped.
#[test]
fn a_range_sets_the_periods_and_counts_the_documents_outside() {
    let mut docs = dated(&[
        date(2016, 4, 2),
        date(2017, 1, 10),
        date(2017, 2, 10),
        date(2017, 2, 11),
        date(2017, 3, 20),
    ]);
    docs.push(TimelineDocument {
        date: year(2015),
        length: 1.0,
        weights: EVEN,
    });
    let r = ranged(
        Granularity::Month,
        Some(date(2016, 12, 15)),
        Some(date(2017, 4, 30)),
        &docs,
    );
    let tl = &r.timeline;
    assert_eq!(
        labels(&r),
        ["2016-12", "2017-01", "2017-02", "2017-03", "2017-04"]
    );
    assert_eq!(tl.periods[0].documents, 0);
    assert!(tl.periods[0].partial, "the range starts mid-December");
    assert!(!tl.periods[4].partial, "the range ends with April");
    assert_eq!(tl.periods[0].shares[0].share, None);
    assert_eq!(tl.from, Some(date(2016, 12, 15)));
    assert_eq!(tl.to, Some(date(2017, 4, 30)));
    // The April 2016 article and the year-only 2015 one are outside.
    assert_eq!(tl.outside.documents, 2);
    assert_eq!(r.placements[0], Placement::Outside);
    assert_eq!(r.placements[5], Placement::Outside);
    let listed: Vec<(&str, usize)> = tl
        .outside
        .periods
        .iter()
        .map(|p| (p.period.as_str(), p.documents))
        .collect();
    assert_eq!(listed, [("2015", 1), ("2016-04", 1)]);
    let placed: usize = tl.periods.iter().map(|p| p.documents).sum();
    assert_eq!(placed + tl.outside.documents, docs.len());

    // One bound: the other side follows the documents.
    let r = ranged(Granularity::Month, None, Some(date(2017, 2, 28)), &docs);
    assert_eq!(labels(&r).first(), Some(&"2016-04"));
    assert_eq!(labels(&r).last(), Some(&"2017-02"));
    assert_eq!(r.timeline.outside.documents, 1);
    // A year-only date overlapping the range is inside it.
    docs.push(TimelineDocument {
        date: year(2016),
        length: 1.0,
        weights: EVEN,
    });
    let r = ranged(Granularity::Year, Some(date(2016, 6, 1)), None, &docs);
    assert_eq!(labels(&r), ["2016", "2017"]);
    assert_eq!(r.placements[6], Placement::Period(0));
    assert_eq!(r.timeline.outside.documents, 2, "2015 and 2016-04-02");
}

/// Issue 14: with a range, auto chooses its granularity within it, and the
/// range replaces the stray-date rule on its side.
#[test]
fn auto_granularity_follows_the_range() {
    let first = date(2016, 12, 1);
    let docs: Vec<TimelineDocument<'static>> = (0..300)
        .map(|i| TimelineDocument {
            date: day(first.checked_add(jiff::Span::new().days(i % 120)).unwrap()),
            length: 1.0,
            weights: EVEN,
        })
        .chain(
            [date(2016, 4, 2), date(2019, 1, 1)].map(|d| TimelineDocument {
                date: day(d),
                length: 1.0,
                weights: EVEN,
            }),
        )
        .collect();
    // A lower bound before the stray keeps it; the upper stray is still
    // caught by the rule.
    let r = ranged(Granularity::Auto, Some(date(2016, 4, 1)), None, &docs);
    assert_eq!(r.timeline.outside.documents, 1);
    assert_eq!(r.placements[301], Placement::Outside);
    assert_eq!(r.timeline.from, Some(date(2016, 4, 1)));
    assert!(matches!(
        r.timeline.granularity,
        Granularity::Week | Granularity::Month
    ));
}

#[test]
fn a_range_that_ends_before_it_starts_is_an_error() {
    let err = TimelineParams::new()
        .range(Some(date(2017, 3, 1)), Some(date(2017, 2, 1)))
        .check()
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("the range starts on 2017-03-01 after it ends on 2017-02-01")
    );
}
