//! The trend slope against scipy and statsmodels.
//!
//! Equal weights against scipy: `scripts/gen_trend_fixtures.py` computes
//! the period mid-years from Python's calendar and fits
//! `scipy.stats.linregress` (`tests/fixtures/trend_reference.json`). The
//! timeline must report the same ordinary least-squares slope per year (its
//! document-weighted slope, with one document per period), to 1e-9
//! relative, over the same non-empty periods, on monthly (unequal month
//! lengths, gaps), quarterly and yearly series; and no slope for fewer than
//! five periods.

use jiff::civil::Date;
use serde_json::Value;

use tidings_testkit::fixture;
use tidings_testkit::fixtures::floats;
use tidings_timeline::{
    weighted_slope, DocumentDate, Granularity, Precision, TimelineDocument, TimelineParams,
};

fn granularity_of(case: &Value) -> Granularity {
    case["granularity"]
        .as_str()
        .expect("granularity")
        .parse()
        .expect("a granularity")
}

#[test]
fn ols_slope_per_year_matches_scipy_linregress() {
    let f = fixture!("trend_reference.json");
    assert_eq!(f["generator"], "scripts/gen_trend_fixtures.py");
    assert_eq!(f["versions"]["scipy"], "1.17.1");
    let cases = f["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 4);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let granularity = granularity_of(case);
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
        let docs: Vec<TimelineDocument<'_>> = dates
            .iter()
            .zip(&weights)
            .map(|(&date, w)| TimelineDocument {
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

/// The document-weighted slope, its standard error and p-value against
/// statsmodels' weighted least squares (`scripts/gen_wls_fixtures.py`,
/// `tests/fixtures/wls_reference.json`). Each case is a list of documents
/// with unequal lengths and unequal counts per period (1 to 60), on
/// monthly, weekly, quarterly and yearly periods, including issue 14's
/// flat well-filled weeks between near-empty ones at extreme shares and
/// the five-period minimum. The timeline must place the documents in the
/// same periods with the same length-weighted shares (1e-12), and report
/// the WLS slope with weights = documents per period, its standard error
/// and its p-value as statsmodels does, to 1e-9 relative;
/// [`weighted_slope`] on the same points likewise.
#[test]
fn weighted_slope_and_its_standard_error_match_statsmodels_wls() {
    let f = fixture!("wls_reference.json");
    assert_eq!(f["generator"], "scripts/gen_wls_fixtures.py");
    assert_eq!(f["versions"]["statsmodels"], "0.15.0");
    let close = |got: f64, want: f64| (got - want).abs() <= 1e-9 * want.abs().max(1e-300);
    let cases = f["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 4);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let granularity = granularity_of(case);
        let rows = case["documents"].as_array().expect("documents");
        let weights: Vec<[f64; 2]> = rows
            .iter()
            .map(|d| {
                let a = d["weight"].as_f64().expect("weight");
                [a, 1.0 - a]
            })
            .collect();
        let docs: Vec<TimelineDocument<'_>> = rows
            .iter()
            .zip(&weights)
            .map(|(d, w)| TimelineDocument {
                date: Some(DocumentDate {
                    date: d["date"].as_str().expect("date").parse().expect("ISO date"),
                    precision: Precision::Day,
                }),
                length: d["length"].as_f64().expect("length"),
                weights: w,
            })
            .collect();
        let report = TimelineParams::new()
            .granularity(granularity)
            // Every document in a period: the stray-date rule is tested
            // elsewhere.
            .outlier_fraction(0.0)
            .bootstrap_samples(10)
            .check()
            .expect("params")
            .build(2, &docs)
            .expect("timeline");
        let filled: Vec<_> = report
            .timeline
            .periods
            .iter()
            .filter(|p| p.documents > 0)
            .collect();
        let shares = floats(&case["shares"]);
        let counts = floats(&case["weights"]);
        assert_eq!(filled.len(), shares.len(), "{name}: non-empty periods");
        for ((p, &want), &n) in filled.iter().zip(&shares).zip(&counts) {
            assert_eq!(p.documents as f64, n, "{name} {}: documents", p.period);
            let got = p.shares[0].share.expect("a share");
            assert!(
                (got - want).abs() <= 1e-12,
                "{name} {}: share {got} vs {want}",
                p.period
            );
        }
        let trend = &report.themes[0].trend;
        let slope = case["slope"].as_f64().expect("slope");
        let se = case["std_error"].as_f64().expect("std_error");
        let p = case["p_value"].as_f64().expect("p_value");
        let got_slope = trend.slope_per_year.expect("a slope");
        let got_se = trend.slope_std_error.expect("a standard error");
        let got_p = trend.p_value.expect("a p-value");
        eprintln!(
            "{name}: rel err slope {:.1e} se {:.1e} p {:.1e}",
            ((got_slope - slope) / slope).abs(),
            ((got_se - se) / se).abs(),
            ((got_p - p) / p).abs()
        );
        assert!(
            close(got_slope, slope),
            "{name}: slope {got_slope} vs {slope}"
        );
        assert!(close(got_se, se), "{name}: standard error {got_se} vs {se}");
        assert!(close(got_p, p), "{name}: p-value {got_p} vs {p}");
        // Theme 1's share is 1 − theme 0's: the opposite slope, same error.
        let other = &report.themes[1].trend;
        assert!(
            close(-other.slope_per_year.expect("slope"), slope),
            "{name}"
        );
        assert!(close(other.slope_std_error.expect("se"), se), "{name}");

        let direct = weighted_slope(&floats(&case["mid_years"]), &shares, &counts)
            .expect("five periods or more");
        assert!(close(direct.slope, slope), "{name}: {direct:?}");
        assert!(close(direct.std_error, se), "{name}: {direct:?}");
        assert!(close(direct.p_value, p), "{name}: {direct:?}");
        assert_eq!(case["df_resid"].as_f64(), Some(shares.len() as f64 - 2.0));
    }
}
