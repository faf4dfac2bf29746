//! What `tidings themes` prints: the analysed matrix, the model, and every
//! theme with its quality measures and representative snippets, as a table
//! or as JSON. The JSON shape, documented once here:
//!
//! ```text
//! {
//!   "corpus":    { "documents", "passages", "features", "min_df", "max_df" },
//!   "model":     { "kind": "nmf" | "kmeans", "n_themes", "seed", "iterations", "converged",
//!                  "reconstruction_error", "relative_error",
//!                  "selection": [ { "k", "coherence", "relative_error" } ]   // `auto` only
//!                },
//!   "themes":    [ { "id", "label", "key_terms", "seeded", "terms", "coherence", "exclusivity",
//!                    "size", "snippets": [ { "document", "date", "start", "end", "weight", "text" } ] } ],
//!   "documents": [ { "id", "date", "themes": [ { "id", "weight" } ], "reason"? } ],
//!   "labels":    { "documents", "classes", "nmi", "ari", "purity" }   // `--label-field` only
//! }
//! ```
//!
//! `min_df` and `max_df` are the passage-frequency bounds used (0 and 1 with
//! a saved model); `start` and `end` are byte offsets of the passage in its
//! document.

use std::io::Write;

use serde::Serialize;
use tidings_corpus::Corpus;
use tidings_topics::{dominant_agreement, CountScore, DocumentThemes, LabelAgreement};

use crate::analysis::{Analysis, ThemeSnippet};
use crate::render::{count, selection_line};

/// Output formats of the theme listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingFormat {
    /// Human-readable text.
    Table,
    /// JSON (see the module docs for its shape).
    Json,
}

/// Writes the themes `analysis` found in `corpus` in `format` to `out`;
/// when the corpus's documents carry known classes, with the agreement of
/// their dominant themes with those classes.
///
/// # Errors
/// The writer's I/O errors (a closed pipe keeps its kind).
pub fn render_themes(
    corpus: &Corpus,
    analysis: &Analysis,
    format: ListingFormat,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let labels = dominant_agreement(
        corpus.documents.iter().map(|d| d.label.as_deref()),
        &analysis.fit.report.documents,
    );
    let s = &analysis.summary;
    let summary = CorpusSummary {
        documents: s.documents,
        passages: s.passages,
        features: s.features,
        min_df: s.min_df.unwrap_or(0),
        max_df: s.max_df.unwrap_or(1.0),
    };
    match format {
        ListingFormat::Json => {
            let mut json = JsonReport::new(analysis, summary);
            json.labels = labels.as_ref();
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        }
        ListingFormat::Table => {
            write_table(out, analysis, &summary)?;
            if let Some(a) = &labels {
                writeln!(out, "\n{}", crate::render::agreement_line(a))?;
            }
            Ok(())
        }
    }
}

/// Sizes of the analysed matrix.
#[derive(Debug, Serialize)]
struct CorpusSummary {
    documents: usize,
    passages: usize,
    features: usize,
    min_df: u64,
    max_df: f64,
}

#[derive(Serialize)]
struct JsonModel<'a> {
    kind: String,
    n_themes: usize,
    seed: u64,
    iterations: Option<usize>,
    converged: Option<bool>,
    reconstruction_error: f64,
    relative_error: f64,
    #[serde(skip_serializing_if = "<[CountScore]>::is_empty")]
    selection: &'a [CountScore],
}

#[derive(Serialize)]
struct JsonSnippet<'a> {
    document: &'a str,
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    source: &'a str,
    start: usize,
    end: usize,
    weight: f64,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonTheme<'a> {
    id: usize,
    label: &'a str,
    key_terms: &'a [String],
    seeded: bool,
    terms: &'a [String],
    coherence: f64,
    exclusivity: f64,
    size: f64,
    snippets: Vec<JsonSnippet<'a>>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    corpus: CorpusSummary,
    model: JsonModel<'a>,
    themes: Vec<JsonTheme<'a>>,
    documents: &'a [DocumentThemes],
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<&'a LabelAgreement>,
}

impl<'a> JsonReport<'a> {
    fn new(analysis: &'a Analysis, corpus: CorpusSummary) -> Self {
        let r = &analysis.fit.report;
        let m = &r.model;
        JsonReport {
            corpus,
            model: JsonModel {
                kind: m.kind.to_string(),
                n_themes: m.n_themes,
                seed: m.seed,
                iterations: m.iterations,
                converged: m.converged,
                reconstruction_error: m.reconstruction_error,
                relative_error: m.relative_error,
                selection: &r.selection,
            },
            themes: r
                .themes
                .iter()
                .map(|t| JsonTheme {
                    id: t.id,
                    label: &t.label,
                    key_terms: &t.key_terms,
                    seeded: t.seeded,
                    terms: &t.terms,
                    coherence: t.coherence,
                    exclusivity: t.exclusivity,
                    size: t.size,
                    snippets: snippets_of(analysis, t.id)
                        .iter()
                        .map(json_snippet)
                        .collect(),
                })
                .collect(),
            documents: &r.documents,
            labels: None,
        }
    }
}

/// The snippets of theme `id`.
fn snippets_of(analysis: &Analysis, id: usize) -> &[ThemeSnippet] {
    analysis.snippets.get(id).map_or(&[], Vec::as_slice)
}

fn json_snippet(r: &ThemeSnippet) -> JsonSnippet<'_> {
    JsonSnippet {
        document: &r.document_id,
        date: r.date.map(|d| d.to_string()),
        title: r.title.as_deref(),
        source: &r.source,
        start: r.range.start,
        end: r.range.end,
        weight: r.weight,
        text: &r.text,
    }
}

fn write_table(
    out: &mut impl Write,
    analysis: &Analysis,
    corpus: &CorpusSummary,
) -> std::io::Result<()> {
    let r = &analysis.fit.report;
    let m = &r.model;
    writeln!(
        out,
        "{}, {}, {}; {} by {}",
        count(corpus.documents, "document"),
        count(corpus.passages, "passage"),
        count(corpus.features, "term"),
        count(m.n_themes, "theme"),
        crate::render::model_name(m.kind)
    )?;
    if let Some(line) = selection_line(&r.selection) {
        writeln!(out, "{line}")?;
    }
    if let Some(it) = m.iterations {
        let state = if m.converged == Some(true) {
            "converged"
        } else {
            "iteration limit"
        };
        writeln!(
            out,
            "{it} iterations ({state}), relative reconstruction error {:.3}",
            m.relative_error
        )?;
    }
    for t in &r.themes {
        writeln!(out)?;
        writeln!(
            out,
            "{:>2}  {}{}{}",
            t.id,
            t.label,
            crate::render::key_terms_text(&t.key_terms),
            if t.seeded { "  (from theme file)" } else { "" }
        )?;
        writeln!(
            out,
            "    size {:.1}%  coherence {:+.3}  exclusivity {:.2}",
            t.size * 100.0,
            t.coherence,
            t.exclusivity
        )?;
        writeln!(out, "    terms: {}", t.terms.join(", "))?;
        for rep in snippets_of(analysis, t.id) {
            // Ids and byte offsets are for programs; they stay in the JSON.
            let date = rep.date.map(|d| d.to_string());
            let cited = crate::report::citation(rep.title.as_deref(), &rep.source, date.as_deref());
            writeln!(out, "    - {cited}: {}", rep.text)?;
        }
    }
    Ok(())
}
