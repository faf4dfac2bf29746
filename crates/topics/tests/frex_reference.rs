//! FREX and stm's exclusivity against a transcription of stm's own R code
//! (`scripts/gen_frex_fixtures.py`, `tests/fixtures/frex_reference.json`):
//! `calcfrex`'s scores at three weights and `exclusivity`'s per-theme sums
//! at three (M, frexw), on a hand-made matrix with zero weights and tied
//! terms, a random sparse one, and the six UN-passage components of the
//! quality fixture. Both must match to 1e-12.

use ndarray::Array2;

use tidings_testkit::fixture;
use tidings_testkit::fixtures::floats;
use tidings_topics::{frex, stm_exclusivity};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[test]
fn frex_and_exclusivity_match_stm() -> Result<()> {
    let f = fixture!("frex_reference.json");
    assert_eq!(f["generator"], "scripts/gen_frex_fixtures.py");
    assert_eq!(f["versions"]["scipy"], "1.17.1");
    let mut checked = 0;
    for m in f["matrices"].as_array().expect("matrices") {
        let name = m["name"].as_str().expect("name");
        let rows: Vec<Vec<f64>> = m["components"]
            .as_array()
            .expect("rows")
            .iter()
            .map(floats)
            .collect();
        let (k, v) = (rows.len(), rows[0].len());
        let h = Array2::from_shape_vec((k, v), rows.concat())?;
        for (weight, want) in m["frex"].as_object().expect("frex") {
            let got = frex(&h, weight.parse()?)?;
            for (t, row) in want.as_array().expect("rows").iter().enumerate() {
                for (j, want) in floats(row).into_iter().enumerate() {
                    let got = got[[t, j]];
                    assert!(
                        (got - want).abs() <= 1e-12,
                        "{name}, w {weight}, theme {t}, term {j}: {got} vs stm {want}"
                    );
                    checked += 1;
                }
            }
        }
        for (key, want) in m["exclusivity"].as_object().expect("exclusivity") {
            let (top, weight) = key.split_once('_').expect("M_frexw");
            let got = stm_exclusivity(&h, top.parse()?, weight.parse()?)?;
            let want = floats(want);
            assert_eq!(got.len(), want.len(), "{name} {key}");
            for (t, (got, want)) in got.iter().zip(&want).enumerate() {
                assert!(
                    (got - want).abs() <= 1e-12,
                    "{name}, M_frexw {key}, theme {t}: {got} vs stm {want}"
                );
                checked += 1;
            }
        }
    }
    eprintln!("{checked} values checked");
    assert!(checked > 1000, "{checked}");
    Ok(())
}
