//! End-to-end tests of the `tidings` binary on the shipped corpus.

use serde_json::Value;

mod common;
use common::{repo, tidings};

fn lines(out: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(out)
        .lines()
        .map(str::to_string)
        .collect()
}

const ISSUE_SENTENCE: &str = "France backs a free and open Indo-Pacific and counter-terrorism cooperation; India's defence industry grows.";

#[test]
fn tokenize_keeps_compounds_and_drops_stopwords() {
    let out = tidings()
        .arg("tokenize")
        .write_stdin(ISSUE_SENTENCE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let tokens = lines(&out);
    assert!(tokens.iter().any(|t| t == "indo-pacif"), "{tokens:?}");
    assert!(
        tokens.iter().any(|t| t.starts_with("counter-terror")),
        "{tokens:?}"
    );
    assert!(tokens.iter().any(|t| t == "india"), "{tokens:?}");
    for stop in ["and", "a", "s"] {
        assert!(!tokens.iter().any(|t| t == stop), "{stop:?} in {tokens:?}");
    }
}

#[test]
fn tokenize_json_has_offsets_into_the_input() {
    let out = tidings()
        .args(["tokenize", "--format", "json", "--text", ISSUE_SENTENCE])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).expect("valid JSON");
    let tokens = json.as_array().expect("an array");
    assert!(!tokens.is_empty());
    for t in tokens {
        let start = t["start"].as_u64().expect("start") as usize;
        let end = t["end"].as_u64().expect("end") as usize;
        assert_eq!(
            &ISSUE_SENTENCE[start..end],
            t["surface"].as_str().expect("surface")
        );
    }
    assert!(tokens.iter().any(|t| t["surface"] == "Indo-Pacific"));
}

#[test]
fn tokenize_sklearn_preset_matches_sklearn_analyzer() {
    // TfidfVectorizer().build_analyzer()("Café au lait, naïve Σίσυφος—2 x_y İstanbul")
    let out = tidings()
        .args([
            "tokenize",
            "--preset",
            "sklearn",
            "--text",
            "Café au lait, naïve ΣΊΣΥΦΟΣ—2 x_y f-35",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        lines(&out),
        ["café", "au", "lait", "naïve", "σίσυφος", "x_y", "35"]
    );
}

#[test]
fn tokenize_bad_ngrams_is_a_usage_error() {
    tidings()
        .args(["tokenize", "--ngrams", "0", "--text", "x"])
        .assert()
        .code(2);
}

#[test]
fn corpus_stats_seed_news_json() {
    let out = tidings()
        .args(["corpus", "stats", "corpus/seed-news", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(json["documents"], 5);
    assert_eq!(json["dated"], 4);
    assert_eq!(json["undated"], 1);
    let years = json["per_year"].as_object().expect("per_year object");
    assert_eq!(years.len(), 3, "{years:?}");
    assert_eq!(years["2020"], 1);
    assert_eq!(years["2022"], 1);
    assert_eq!(years["2023"], 2);
    assert_eq!(json["from"], "2020-02-28");
    assert_eq!(json["to"], "2023-11-11");
    assert!(json["tokens"].as_u64().expect("tokens") > 1000);
}

#[test]
fn corpus_stats_table_mentions_counts() {
    let out = tidings()
        .args(["corpus", "stats", "corpus/seed-news"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("documents"), "{text}");
    assert!(text.contains("2023"), "{text}");
}

#[test]
fn missing_path_exits_2_and_names_it() {
    tidings()
        .args(["corpus", "stats", "no/such/dir"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/dir"));
}

#[test]
fn unknown_flag_exits_2() {
    tidings()
        .args(["corpus", "stats", "--bogus"])
        .assert()
        .code(2);
}

/// `tidings tokenize --preset sklearn` (and `--ngrams 2`) against the
/// scikit-learn 1.9.1 fixtures of the tokenizer crate, through the binary.
#[test]
fn tokenize_sklearn_preset_matches_every_fixture() {
    let path = repo().join("crates/tokenize/tests/fixtures/sklearn_analyzer.json");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json");
    let cases = json["cases"].as_array().expect("cases");
    assert!(cases.len() > 300);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let text = case["text"].as_str().expect("text");
        let list = |key: &str| -> Vec<&str> {
            case[key]
                .as_array()
                .expect("token list")
                .iter()
                .map(|t| t.as_str().expect("token"))
                .collect()
        };
        // scikit-learn's (1, 2) analyzer yields all unigrams, then the bigrams.
        let unigrams = list("tokens");
        let with_bigrams: Vec<&str> = unigrams.iter().copied().chain(list("bigrams")).collect();
        for (key, ngrams, expected) in [
            ("tokens", "1", unigrams.clone()),
            ("bigrams", "2", with_bigrams),
        ] {
            let out = tidings()
                .args(["tokenize", "--preset", "sklearn", "--ngrams", ngrams])
                .write_stdin(text)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone();
            assert_eq!(lines(&out), expected, "case {name}, {key}");
        }
    }
}
