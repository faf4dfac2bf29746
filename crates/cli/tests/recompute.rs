//! Every share of a report recomputed from each report format's own list
//! of documents (issue 17): the documents CSV (`--format documents`), the
//! Markdown page and the HTML page each carry every document's period,
//! length and theme weights in full precision. From those alone, every
//! period's and bucket's share, `Σ length · weight / Σ length` over its
//! documents with themes, must equal the report's to 1e-12, and its
//! document count must match. The JSON's own recompute is in `planted.rs`.
//! The terminal table and the long CSV (one row per period and theme) list
//! no documents; beside them, `--documents-output FILE` writes the
//! documents CSV, which must be the same file `--format documents` gives.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// One document as a format lists it: its period label, length, theme
/// weights and general-language share (empty and 0 for a document without
/// weights).
struct Row {
    period: String,
    length: f64,
    weights: Vec<(usize, f64)>,
    general: f64,
}

fn report(corpus: &str, format: &str) -> String {
    let out = Command::cargo_bin("tidings")
        .unwrap()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .args(["report", corpus, "--format", format, "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tidings report {corpus} --format {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `0: 0.25; 3: 0.5; general: 0.25` → ([(0, 0.25), (3, 0.5)], 0.25);
/// "no themes: …" → ([], 0).
fn parse_weights(text: &str) -> (Vec<(usize, f64)>, f64) {
    if text.is_empty() || text.starts_with("no themes") {
        return (Vec::new(), 0.0);
    }
    let mut general = 0.0;
    let mut weights = Vec::new();
    for pair in text.split("; ") {
        let (id, w) = pair.split_once(": ").expect("id: weight");
        let w: f64 = w.parse().unwrap();
        if id == "general" {
            general = w;
        } else {
            weights.push((id.parse().unwrap(), w));
        }
    }
    (weights, general)
}

fn from_documents_csv(text: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        &header.iter().take(5).collect::<Vec<_>>(),
        &["id", "date", "period", "length", "reason"]
    );
    // Theme columns, then `general_language` when there is general language.
    let general_column = header.iter().position(|h| h == "general_language");
    let themes: Vec<usize> = header
        .iter()
        .skip(5)
        .take_while(|h| *h != "general_language")
        .map(|h| h.strip_prefix("theme_").unwrap().parse().unwrap())
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let weights = themes
                .iter()
                .zip(r.iter().skip(5))
                .filter(|(_, w)| !w.is_empty())
                .map(|(&t, w)| (t, w.parse().unwrap()))
                .collect();
            let general = general_column
                .and_then(|c| r.get(c))
                .filter(|g| !g.is_empty())
                .map_or(0.0, |g| g.parse().unwrap());
            Row {
                period: r[2].to_string(),
                length: r[3].parse().unwrap(),
                weights,
                general,
            }
        })
        .collect()
}

/// A row of the Markdown or HTML documents table: document, date, period,
/// length, theme weights.
fn table_row(cells: &[String], line: &str) -> Row {
    assert_eq!(cells.len(), 5, "{line}");
    let (weights, general) = parse_weights(&cells[4]);
    Row {
        period: cells[2].clone(),
        length: cells[3].parse().unwrap(),
        weights,
        general,
    }
}

/// The cells of a Markdown table row, with `\x` escapes undone.
fn markdown_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.trim().trim_start_matches('|').chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => cell.extend(chars.next()),
            '|' => cells.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
    }
    cells
}

fn from_markdown(text: &str) -> Vec<Row> {
    let section = text
        .split("\n## Documents\n")
        .nth(1)
        .expect("a Documents section");
    section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| document |"))
        .map(|l| table_row(&markdown_cells(l), l))
        .collect()
}

fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn from_html(text: &str) -> Vec<Row> {
    let section = text
        .split("<details id=\"documents\">")
        .nth(1)
        .expect("a documents section");
    let body = section.split("<tbody>").nth(1).unwrap();
    let body = body.split("</tbody>").next().unwrap();
    body.lines()
        .filter(|l| l.starts_with("<tr>"))
        .map(|l| {
            let cells: Vec<String> = l
                .split("</td>")
                .filter(|c| c.contains("<td"))
                .filter_map(|c| c.rsplit_once('>').map(|(_, v)| unescape_html(v)))
                .collect();
            table_row(&cells, l)
        })
        .collect()
}

/// Recomputes every share from `rows` and compares with the JSON report's.
fn assert_recomputes(format: &str, rows: &[Row], json: &Value) {
    let k = json["themes"].as_array().unwrap().len();
    assert_eq!(
        rows.len(),
        json["documents"].as_array().unwrap().len(),
        "{format}: every document listed"
    );
    // Per period label: document count, total length, mass per theme.
    let mut groups: BTreeMap<&str, (u64, f64, Vec<f64>)> = BTreeMap::new();
    for row in rows {
        let g = groups.entry(&row.period).or_insert((0, 0.0, vec![0.0; k]));
        g.0 += 1;
        if row.weights.is_empty() && row.general == 0.0 {
            continue;
        }
        let sum: f64 = row.weights.iter().map(|w| w.1).sum::<f64>() + row.general;
        g.1 += row.length;
        for &(t, w) in &row.weights {
            g.2[t] += row.length * w / sum;
        }
    }
    let tl = &json["timeline"];
    let buckets = tl["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["period"].as_str().unwrap(), p))
        .chain(["undated", "imprecise", "outside"].map(|b| (b, &tl[b])));
    let mut checked = 0;
    for (label, bucket) in buckets {
        let (count, total, mass) = groups.remove(label).unwrap_or((0, 0.0, vec![0.0; k]));
        assert_eq!(bucket["documents"], count, "{format} {label}: documents");
        for t in 0..k {
            let share = &bucket["shares"][t.to_string()]["share"];
            if total == 0.0 {
                assert!(share.is_null(), "{format} {label}, theme {t}: {share}");
                continue;
            }
            let (got, want) = (mass[t] / total, share.as_f64().unwrap());
            assert!(
                (got - want).abs() <= 1e-12,
                "{format} {label}, theme {t}: recomputed {got}, report {want}"
            );
            checked += 1;
        }
    }
    assert!(
        groups.is_empty(),
        "{format}: documents in unknown periods {:?}",
        groups.keys()
    );
    assert!(checked > 0, "{format}: no share checked");
}

/// `--documents-output` beside `format`: the companion file, which must
/// equal `--format documents`.
fn documents_beside(corpus: &str, format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (out, docs) = (dir.path().join("report"), dir.path().join("docs.csv"));
    let run = Command::cargo_bin("tidings")
        .unwrap()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .args(["report", corpus, "--format", format, "-q", "--output"])
        .arg(&out)
        .arg("--documents-output")
        .arg(&docs)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{format} with --documents-output: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
    std::fs::read_to_string(docs).unwrap()
}

fn assert_every_format_recomputes(corpus: &str) {
    let json: Value = serde_json::from_str(&report(corpus, "json")).unwrap();
    let documents = report(corpus, "documents");
    assert_recomputes("documents", &from_documents_csv(&documents), &json);
    for format in ["table", "csv"] {
        assert_eq!(
            documents_beside(corpus, format),
            documents,
            "--documents-output beside --format {format}"
        );
    }
    assert_recomputes(
        "markdown",
        &from_markdown(&report(corpus, "markdown")),
        &json,
    );
    assert_recomputes("html", &from_html(&report(corpus, "html")), &json);
}

#[test]
fn shares_recompute_from_every_format_on_seed_news() {
    assert_every_format_recomputes("corpus/seed-news");
}

/// Four reports of the UN sample: slow in a debug build; `.ci/run` runs it
/// in release (`cargo test --release -p tidings-cli --test recompute -- --ignored`).
#[test]
#[ignore = "slow in debug builds; .ci/run runs it in release"]
fn shares_recompute_from_every_format_on_the_un_sample() {
    assert_every_format_recomputes("corpus/ungdc-sample");
}
