//! NPMI coherence and exclusivity against the plain reference computations
//! of `scripts/gen_quality_fixtures.py` (`tests/fixtures/quality_reference.json`):
//! a real passage matrix from corpus/ungdc-sample and six themes given as
//! components, so the top terms are known. Coherence is measured over
//! documents (passages mapped to speeches) and over passages (no map);
//! exclusivity is stm's `β(t, j) / Σ_s β(s, j)` averaged over the top terms.
//! Both must match to 1e-12.

use serde_json::{json, Value};

use tidings_testkit::fixture;
use tidings_testkit::fixtures::{csr, floats, usizes};
use tidings_topics::{PassageMap, ThemeData, Themes};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[test]
fn npmi_and_exclusivity_match_the_reference() -> Result<()> {
    let f = fixture!("quality_reference.json");
    assert_eq!(f["generator"], "scripts/gen_quality_fixtures.py");
    let features: Vec<String> = f["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect();
    let x = csr(&f["matrix"]);
    let themes = f["themes"].as_array().expect("themes");
    let components: Vec<f64> = f["components"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(floats)
        .collect();
    let infos: Vec<Value> = themes
        .iter()
        .enumerate()
        .map(|(id, t)| {
            let terms: Vec<&str> = usizes(&t["top"])
                .iter()
                .map(|&j| features[j].as_str())
                .collect();
            json!({"id": id, "label": format!("theme {id}"), "seeded": false, "terms": terms})
        })
        .collect();
    let saved = json!({
        "format": "tidings-themes", "version": 1, "kind": "nmf", "seed": 0,
        "features": features, "n_themes": themes.len(), "components": components,
        "themes": infos,
    });
    let model = Themes::from_json(&saved.to_string())?;

    let documents = usizes(&f["documents"]);
    let lengths = floats(&f["lengths"]);
    let map = PassageMap {
        documents: &documents,
        lengths: &lengths,
        n_documents: f["n_documents"].as_u64().expect("n") as usize,
    };
    let by_document = model.apply(&ThemeData::new(x.view(), &features).with_passages(map), 1)?;
    let by_passage = model.apply(&ThemeData::new(x.view(), &features), 1)?;
    for (t, want) in themes.iter().enumerate() {
        let doc = &by_document.report.themes[t];
        let psg = &by_passage.report.themes[t];
        let top: Vec<String> = usizes(&want["top"])
            .iter()
            .map(|&j| features[j].clone())
            .collect();
        assert_eq!(doc.terms, top, "theme {t}: top terms");
        for (what, got, key) in [
            ("coherence over documents", doc.coherence, "npmi_documents"),
            ("coherence over passages", psg.coherence, "npmi_passages"),
            ("exclusivity", doc.exclusivity, "exclusivity"),
            ("exclusivity without a map", psg.exclusivity, "exclusivity"),
        ] {
            let want = want[key].as_f64().expect("number");
            assert!(
                (got - want).abs() <= 1e-12,
                "theme {t}: {what} {got} vs {want}"
            );
        }
    }
    Ok(())
}
