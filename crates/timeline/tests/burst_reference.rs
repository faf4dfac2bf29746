//! Kleinberg's two-state batched bursts against a reference: the exact
//! optimum of the model's cost (exhaustive search on short series, an
//! independent Viterbi on long ones) with weights from the `burst_detection`
//! package, made by `scripts/gen_burst_fixtures.py` for six series and five
//! `(s, gamma)` pairs (`tests/fixtures/bursts_reference.json`).
//!
//! Spans must match exactly; weights to 1e-9 relative (the reference sums
//! costs with the binomial coefficient through mpmath, we without it; the
//! coefficient cancels in the difference, leaving rounding).

use tidings_testkit::fixture;
use tidings_testkit::fixtures::floats;
use tidings_timeline::kleinberg_bursts;

#[test]
fn bursts_match_the_reference_for_every_series_s_and_gamma() {
    let f = fixture!("bursts_reference.json");
    assert_eq!(f["generator"], "scripts/gen_burst_fixtures.py");
    assert_eq!(f["versions"]["burst_detection"], "0.1.3");
    let cases = f["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 30);
    let mut with_bursts = 0;
    for case in cases {
        let label = format!("{} s={} gamma={}", case["series"], case["s"], case["gamma"]);
        let (r, d) = (floats(&case["relevant"]), floats(&case["total"]));
        let s = case["s"].as_f64().expect("s");
        let gamma = case["gamma"].as_f64().expect("gamma");
        let got = kleinberg_bursts(&r, &d, s, gamma);
        let want = case["bursts"].as_array().expect("bursts");
        let spans: Vec<(usize, usize)> = got.iter().map(|b| (b.start, b.end)).collect();
        let want_spans: Vec<(usize, usize)> = want
            .iter()
            .map(|b| {
                (
                    b["start"].as_u64().expect("start") as usize,
                    b["end"].as_u64().expect("end") as usize,
                )
            })
            .collect();
        assert_eq!(spans, want_spans, "{label}");
        for (b, w) in got.iter().zip(want) {
            let w = w["weight"].as_f64().expect("weight");
            assert!(
                (b.weight - w).abs() <= 1e-9 * w.abs().max(1.0),
                "{label}: weight {} vs {w}",
                b.weight
            );
        }
        // The state sequence implied by the spans is the reference's.
        let mut states = vec![0u64; r.len()];
        for b in &got {
            states[b.start..=b.end].iter_mut().for_each(|x| *x = 1);
        }
        let want_states: Vec<u64> = case["states"]
            .as_array()
            .expect("states")
            .iter()
            .map(|x| x.as_u64().expect("state"))
            .collect();
        assert_eq!(states, want_states, "{label}");
        with_bursts += usize::from(!got.is_empty());
    }
    // Most cases have bursts, some none: both outcomes are exercised.
    assert!(
        (20..30).contains(&with_bursts),
        "{with_bursts} cases with bursts"
    );
}
