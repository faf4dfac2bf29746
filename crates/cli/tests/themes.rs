//! `tidings themes` on the sample corpora: labels, JSON shape, seeded themes,
//! determinism across thread counts and errors.

use serde_json::Value;

mod common;
use common::{json, repo, tidings};

fn labels(report: &Value) -> Vec<String> {
    report["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].as_str().unwrap().to_lowercase())
        .collect()
}

#[test]
fn seed_news_themes_are_named_readably() {
    let report = json(&["themes", "corpus/seed-news", "--format", "json"]);
    let labels = labels(&report);
    let has = |f: &dyn Fn(&str) -> bool| labels.iter().any(|l| f(l));
    assert!(has(&|l| l.contains("terror")), "{labels:?}");
    assert!(
        has(&|l| l.contains("defence") && l.contains("industr")),
        "{labels:?}"
    );
    assert!(has(&|l| l.contains("indo-pacific")), "{labels:?}");
}

/// `themes` and `report` share one JSON shape: every key of the listing is
/// a key of the report, with the same meaning, and a theme of the listing is
/// a theme of the report without what needs time.
#[test]
fn the_listing_json_is_the_report_json_without_time() {
    let listing = json(&["themes", "corpus/seed-news", "--format", "json"]);
    let report = json(&["report", "corpus/seed-news", "--format", "json"]);
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    for key in keys(&listing) {
        assert!(report.get(&key).is_some(), "{key} is not in the report");
    }
    for block in ["corpus", "model"] {
        assert_eq!(keys(&listing[block]), keys(&report[block]), "{block}");
    }
    let report_documents: Vec<Value> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            // The period a document counts in is the report's alone.
            let mut d = d.clone();
            d.as_object_mut().unwrap().remove("period");
            d
        })
        .collect();
    assert_eq!(listing["documents"], Value::Array(report_documents));
    let time = [
        "trend",
        "bursts",
        "first_period",
        "peak_period",
        "terms_by_period",
    ];
    for (l, r) in listing["themes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(report["themes"].as_array().unwrap())
    {
        let mut r = r.clone();
        for key in time {
            r.as_object_mut().unwrap().remove(key);
        }
        assert_eq!(l, &r);
    }
}

#[test]
fn json_lists_themes_model_and_documents() {
    let report = json(&["themes", "corpus/seed-news", "--format", "json"]);
    let themes = report["themes"].as_array().unwrap();
    assert!(themes.len() >= 3);
    for (i, t) in themes.iter().enumerate() {
        assert_eq!(t["id"].as_u64(), Some(i as u64));
        assert!(!t["label"].as_str().unwrap().is_empty());
        assert!(!t["terms"].as_array().unwrap().is_empty());
        let c = t["coherence"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&c));
        assert!(t["exclusivity"].as_f64().is_some() && t["share"].as_f64().is_some());
        let snippets = t["snippets"].as_array().unwrap();
        assert_eq!(snippets.len(), 2);
        for s in snippets {
            let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            assert!(start < end);
            assert!(!s["text"].as_str().unwrap().is_empty());
            assert!(!s["document"].as_str().unwrap().is_empty());
        }
    }
    let model = &report["model"];
    assert!(model["iterations"].as_u64().unwrap() >= 1);
    assert!(model["reconstruction_error"].as_f64().unwrap() > 0.0);
    // `auto` shows how the data decided the count (parallel analysis).
    let pa = &model["parallel_analysis"];
    assert_eq!(
        pa["dimensions"].as_u64().unwrap() + 1,
        themes.len() as u64,
        "{pa}"
    );
    assert!(!pa["observed"].as_array().unwrap().is_empty());

    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    assert_eq!(docs[0]["id"], "000_546721a3cd9f7b44");
    assert_eq!(docs[0]["date"], "2022-11-29");
    let undated = docs.iter().filter(|d| d["date"].is_null()).count();
    assert_eq!(undated, 1);
    for d in docs {
        let weights = d["themes"].as_array().unwrap();
        assert!(!weights.is_empty());
        // The themes and general language share the document.
        let sum: f64 = weights
            .iter()
            .map(|w| w["weight"].as_f64().unwrap())
            .sum::<f64>()
            + d["general_language"].as_f64().unwrap_or(0.0);
        assert!((sum - 1.0).abs() < 1e-9, "{sum}");
        for w in weights {
            assert!((w["id"].as_u64().unwrap() as usize) < themes.len());
        }
    }
    // A long article covers several themes.
    assert!(docs
        .iter()
        .any(|d| d["themes"].as_array().unwrap().len() >= 3));
}

#[test]
fn theme_file_names_come_first_in_file_order() {
    let out = tidings()
        .args([
            "themes",
            "corpus/seed-news",
            "--theme-file",
            "corpus/themes-example.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let themes = report["themes"].as_array().unwrap();
    // Issue 14: every "Cyber security" seed occurs in one passage only and
    // is pruned by min_df, so the theme is dropped (not named over
    // unrelated terms) and the warning says why.
    let names = ["Counter-terrorism", "Defence industry", "Indo-Pacific"];
    assert!(themes.iter().all(|t| t["label"] != "Cyber security"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "seed \"cyber\" of theme \"Cyber security\" occurs in 1 passage, fewer than min_df = 2"
        ) && stderr.contains("the theme is dropped"),
        "{stderr}"
    );
    for (i, name) in names.iter().enumerate() {
        assert_eq!(themes[i]["id"].as_u64(), Some(i as u64));
        assert_eq!(themes[i]["label"], *name);
        assert_eq!(themes[i]["seeded"], true);
    }
    // `auto` fits as many themes as the data supports, at least one per
    // seeded theme: on five articles that may leave none to discover.
    assert!(themes.len() >= names.len());
    assert!(themes[names.len()..].iter().all(|t| t["seeded"] == false));
    // The counter-terrorism seeds anchor their theme.
    let terms: Vec<&str> = themes[0]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(terms.contains(&"terrorism"), "{terms:?}");
    // A seed that never occurs is named on stderr.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\"cyberspace\""), "{stderr}");
}

#[test]
fn same_seed_same_json_with_one_or_two_threads() {
    let run = |threads: &str| {
        let out = tidings()
            .args([
                "--threads",
                threads,
                "themes",
                "corpus/seed-news",
                "--seed",
                "7",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("1"));
}

#[test]
fn table_shows_labels_terms_and_snippets() {
    let out = tidings()
        .args(["themes", "corpus/seed-news", "--themes", "4"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("4 themes"), "{text}");
    // Broader themes are listed after the themes, with terms and coherence.
    let json = json(&[
        "themes",
        "corpus/seed-news",
        "--themes",
        "4",
        "--format",
        "json",
    ]);
    let groups = json["groups"].as_array().map_or(0, Vec::len);
    assert_eq!(text.matches("    terms: ").count(), 4 + groups);
    assert_eq!(text.matches("coherence ").count(), 4 + groups);
    // Snippets cite the file name and date; byte ranges stay in the JSON.
    assert_eq!(text.matches(" bytes ").count(), 0);
    assert_eq!(text.matches(".txt (").count(), 8, "{text}");
}

#[test]
fn bad_usage_exits_2_with_a_message() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["--themes", "0"],
            "the number of themes must be at least 1",
        ),
        (&["--themes", "lots"], "invalid value 'lots' for '--themes"),
        (&["--model-kind", "lda"], "`nmf`, `nmf-kl` or `kmeans`"),
        (
            &[
                "--model-kind",
                "kmeans",
                "--theme-file",
                "corpus/themes-example.toml",
            ],
            "seeded themes need the NMF model",
        ),
        (&["--themes", "500"], "500 themes requested"),
        (&["--theme-file", "no/such/file.toml"], "no/such/file.toml"),
    ];
    for (extra, message) in cases {
        tidings()
            .args(["themes", "corpus/seed-news"])
            .args(extra)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
}

#[test]
fn malformed_theme_file_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[[theme]]\nname = \"A\"\nseeds = [\"x\",\n").unwrap();
    tidings()
        .args(["themes", "corpus/seed-news", "--theme-file"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.toml"));
}

/// Issue 12: the model kind is reachable from the command line, and k-means
/// themes come out in the same shape as NMF ones.
#[test]
fn kmeans_themes_from_the_command_line() {
    let out = tidings()
        .args([
            "themes",
            "corpus/seed-news",
            "--model-kind",
            "kmeans",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["model"]["kind"], "kmeans");
    let themes = json["themes"].as_array().unwrap();
    assert!(themes.len() >= 3, "{json}");
    // One theme per passage: every document's weights still sum to 1.
    for d in json["documents"].as_array().unwrap() {
        let sum: f64 = d["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["weight"].as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-9, "{d}");
    }
}

/// Issue 17: NMF under the KL divergence is a model kind of its own, and a
/// model saved with it weighs documents the same way when it is reused: the
/// report from the saved model has the fitted report's shares.
#[test]
fn kl_nmf_from_the_command_line_and_through_a_saved_model() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("kl.json");
    let run = |args: &[&str]| {
        let out = tidings().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let listing: serde_json::Value = serde_json::from_slice(&run(&[
        "themes",
        "corpus/seed-news",
        "--model-kind",
        "nmf-kl",
        "--themes",
        "3",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(listing["model"]["kind"], "nmf-kl");
    assert_eq!(listing["themes"].as_array().unwrap().len(), 3);
    let model_arg = model.to_str().unwrap();
    run(&[
        "fit",
        "corpus/seed-news",
        "--model-kind",
        "nmf-kl",
        "--themes",
        "3",
        "-o",
        model_arg,
    ]);
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    assert!(
        saved.to_string().contains("\"nmf-kl\""),
        "the saved model names its kind"
    );
    let fitted: serde_json::Value = serde_json::from_slice(&run(&[
        "report",
        "corpus/seed-news",
        "--model-kind",
        "nmf-kl",
        "--themes",
        "3",
        "--format",
        "json",
    ]))
    .unwrap();
    let reused: serde_json::Value = serde_json::from_slice(&run(&[
        "report",
        "corpus/seed-news",
        "--model",
        model_arg,
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(reused["model"]["kind"], "nmf-kl");
    let shares = |r: &serde_json::Value| -> Vec<f64> {
        r["timeline"]["periods"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["shares"].as_object().unwrap().values())
            .map(|s| s["share"].as_f64().unwrap_or(f64::NAN))
            .collect()
    };
    let (a, b) = (shares(&fitted), shares(&reused));
    assert_eq!(a.len(), b.len());
    assert!(!a.is_empty());
    // The fit ends by weighing its rows as a saved model does. The saved
    // model re-applies the term weights to rows that equal the fit's up to
    // rounding, and the weighing's stopping test (a sweep lowering the
    // divergence by less than 1e-8 of it) can then take one sweep more or
    // less on a row: shares agree to 1e-6, a thousandth of the 0.1 points
    // the outputs print.
    for (x, y) in a.iter().zip(&b) {
        // Periods without documents have no share in either.
        assert!(
            (x.is_nan() && y.is_nan()) || (x - y).abs() < 1e-6,
            "{x} vs {y}"
        );
    }
}

/// Issue 14: records with empty, whitespace-only and punctuation-only
/// bodies are listed by `themes` and `report`, without themes and with the
/// reason.
#[test]
fn every_record_is_listed_and_one_without_text_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    let mut lines: Vec<String> =
        std::fs::read_to_string(repo().join("crates/cli/tests/fixtures/seed-news.jsonl"))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
    lines.insert(1, r#"{"id": "empty", "text": ""}"#.to_string());
    lines.insert(3, r#"{"id": "blank", "text": "  \n\t "}"#.to_string());
    lines.push(r#"{"id": "dashes", "text": "- -"}"#.to_string());
    std::fs::write(&path, lines.join("\n")).unwrap();
    let path = path.to_str().unwrap();
    for command in ["themes", "report"] {
        let r = json(&[command, path, "--format", "json"]);
        let docs = r["documents"].as_array().unwrap();
        assert_eq!(docs.len(), 8, "{command}");
        let reason = |id: &str| {
            let d = docs.iter().find(|d| d["id"] == id).unwrap();
            assert!(d["themes"].as_array().unwrap().is_empty(), "{d}");
            d["reason"].as_str().unwrap().to_string()
        };
        assert_eq!(reason("empty"), "no text (empty)");
        assert_eq!(reason("blank"), "no text (only whitespace)");
        assert_eq!(reason("dashes"), "no text (no letters or digits)");
        let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
        assert_eq!(&ids[1..4], ["empty", ids[2], "blank"], "input order");
        for d in docs
            .iter()
            .filter(|d| !d["themes"].as_array().unwrap().is_empty())
        {
            assert!(d.get("reason").is_none(), "{d}");
        }
    }
}

/// Issue 13, point 5: `--label-field` reports NMI, ARI and purity of the
/// dominant themes against known classes, in JSON Lines and CSV, for
/// `themes` and `report`.
#[test]
fn label_field_reports_agreement_with_known_classes() {
    let dir = tempfile::tempdir().unwrap();
    // Each seed-news paragraph labelled by the article it comes from.
    let mut jsonl = String::new();
    let mut csv = String::from("id,category,text\n");
    let mut n = 0;
    for line in std::fs::read_to_string(repo().join("crates/cli/tests/fixtures/seed-news.jsonl"))
        .unwrap()
        .lines()
    {
        let record: Value = serde_json::from_str(line).unwrap();
        let article = record["id"].as_str().unwrap().to_string();
        for para in record["text"].as_str().unwrap().split("\n\n") {
            if para.split_whitespace().count() < 8 {
                continue;
            }
            let row = serde_json::json!({"id": format!("p{n}"), "category": article, "text": para});
            jsonl.push_str(&format!("{row}\n"));
            csv.push_str(&format!(
                "p{n},{article},\"{}\"\n",
                para.replace('"', "\"\"")
            ));
            n += 1;
        }
    }
    let jsonl_path = dir.path().join("labelled.jsonl");
    let csv_path = dir.path().join("labelled.csv");
    std::fs::write(&jsonl_path, jsonl).unwrap();
    std::fs::write(&csv_path, csv).unwrap();
    for path in [&jsonl_path, &csv_path] {
        let path = path.to_str().unwrap();
        for command in ["themes", "report"] {
            let r = json(&[
                command,
                path,
                "--label-field",
                "category",
                "--format",
                "json",
            ]);
            let labels = &r["labels"];
            assert_eq!(labels["documents"], n, "{command} {path}: {labels}");
            assert_eq!(labels["classes"], 5, "{labels}");
            for key in ["nmi", "purity"] {
                let v = labels[key].as_f64().unwrap();
                assert!(v > 0.0 && v <= 1.0, "{key} {v}");
            }
            let ari = labels["ari"].as_f64().unwrap();
            assert!((-1.0..=1.0).contains(&ari), "{ari}");
        }
    }
    let out = tidings()
        .args([
            "themes",
            jsonl_path.to_str().unwrap(),
            "--label-field",
            "category",
        ])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("NMI ") && table.contains("ARI ") && table.contains("purity "),
        "{table}"
    );
    // Without the flag there is no agreement.
    let r = json(&["themes", jsonl_path.to_str().unwrap(), "--format", "json"]);
    assert!(r.get("labels").is_none());
    // A misspelt field is named in a warning.
    let out = tidings()
        .args([
            "themes",
            jsonl_path.to_str().unwrap(),
            "--label-field",
            "categry",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no field \"categry\" for the label"),
        "{stderr}"
    );
}
