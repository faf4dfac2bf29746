//! The model loaders: a TF-IDF model (`model.json` of `tidings vectorize`),
//! a theme model (`Themes`) and the report model of `tidings fit` (which
//! holds both). Arbitrary text never panics; a model that
//! loads can be used and saves to JSON that loads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_report::ReportModel;
use tidings_tfidf::TfidfModel;
use tidings_topics::Themes;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(model) = TfidfModel::from_json(text) {
        let _ = model.transform(&["maritime security", "the cat sat on the mat"]);
        let mut out = Vec::new();
        model.write_json(&mut out).expect("writing to memory");
        let again = std::str::from_utf8(&out).expect("UTF-8 JSON");
        let reloaded = TfidfModel::from_json(again).expect("a saved model loads");
        assert_eq!(reloaded.n_features(), model.n_features());
    }
    if let Ok(themes) = Themes::from_json(text) {
        let json = themes.to_json().expect("a loaded model serialises");
        let reloaded = Themes::from_json(&json).expect("a saved model loads");
        assert_eq!(reloaded, themes);
    }
    let path = std::path::Path::new("<fuzz>");
    if let Ok(model) = ReportModel::from_json(text, path) {
        let json = model.to_json().expect("a loaded model serialises");
        ReportModel::from_json(&json, path).expect("a saved model loads");
    }
});
