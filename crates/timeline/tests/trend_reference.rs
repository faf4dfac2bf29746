//! The trend slope against scipy: `scripts/gen_trend_fixtures.py` computes
//! the period mid-years from Python's calendar and fits
//! `scipy.stats.linregress` (`tests/fixtures/trend_reference.json`). The
//! timeline must report the same ordinary least-squares slope per year (its
//! document-weighted slope, with one document per period), to 1e-9
//! relative, over the same non-empty periods, on monthly (unequal month
//! lengths, gaps), quarterly and yearly series; and no slope for fewer than
//! five periods.

use jiff::civil::Date;

mod common;
use common::fixture;
use tidings_timeline::{Document, DocumentDate, Granularity, Precision, TimelineParams};

#[test]
fn ols_slope_per_year_matches_scipy_linregress() {
    let f = fixture("trend_reference.json");
    assert_eq!(f["generator"], "scripts/gen_trend_fixtures.py");
    assert_eq!(f["versions"]["scipy"], "1.17.1");
    let cases = f["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 4);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let granularity: Granularity = case["granularity"]
            .as_str()
            .expect("granularity")
            .parse()
            .expect("a granularity");
        let dates: Vec<Date> = case["dates"]
            .as_array()
            .expect("dates")
            .iter()
            .map(|d| d.as_str().expect("date").parse().expect("ISO date"))
            .collect();
        let weights: Vec<[f64; 2]> = case["shares"]
            .as_array()
            .expect("shares")
            .iter()
            .map(|s| {
                let s = s.as_f64().expect("share");
                [s, 1.0 - s]
            })
            .collect();
        let docs: Vec<Document<'_>> = dates
            .iter()
            .zip(&weights)
            .map(|(&date, w)| Document {
                date: Some(DocumentDate {
                    date,
                    precision: Precision::Day,
                }),
                length: 1.0,
                weights: w,
            })
            .collect();
        let report = TimelineParams::new()
            .granularity(granularity)
            .bootstrap_samples(10)
            .check()
            .expect("params")
            .build(2, &docs)
            .expect("timeline");
        let nonempty = report
            .timeline
            .periods
            .iter()
            .filter(|p| p.documents > 0)
            .count();
        assert_eq!(nonempty, docs.len(), "{name}: one document per period");
        if nonempty < 5 {
            // Too few periods for a trend: no slope rather than one from a
            // handful of points (the timeline's documented rule).
            assert_eq!(report.themes[0].trend.slope_per_year, None, "{name}");
            continue;
        }
        // One document per period: the document-weighted slope is the
        // ordinary least-squares one.
        let want = case["ols_slope"].as_f64().expect("slope");
        let got = report.themes[0].trend.slope_per_year.expect("a slope");
        assert!(
            (got - want).abs() <= 1e-9 * want.abs(),
            "{name}: slope {got} vs scipy {want}"
        );
        // Theme 1's share is 1 − theme 0's: the opposite slope.
        let other = report.themes[1].trend.slope_per_year.expect("a slope");
        assert!((other + want).abs() <= 1e-9 * want.abs(), "{name}: {other}");
    }
}
