//! What `tidings themes` prints: the analysed matrix, the model, and every
//! theme with its quality measures and representative snippets, as a table
//! or as JSON.
//!
//! The JSON is the report's JSON ([`crate::Report`], documented in the
//! crate docs) without what needs time: the same `schema_version`,
//! `generator`, `corpus`, `model`, `groups`, `documents` and `labels`, and
//! the same theme objects without `trend`, `bursts`, `first_period`,
//! `peak_period` and `terms_by_period`:
//!
//! ```text
//! { "schema_version", "generator", "corpus", "model",
//!   "themes": [ { "id", "label", "key_terms", "seeded", "parent", "terms", "share",
//!                 "coherence", "exclusivity", "snippets": [...] } ],
//!   "groups"?: [ { "id", "label", "key_terms", "seeded", "parent", "children", "terms", "share",
//!                 "coherence", "exclusivity", "snippets": [] } ],
//!   "general_language"?: { "share", "themes", "terms" },
//!   "documents": [ { "id", "date", "themes": [ { "id", "weight" } ], "length", "reason"? } ],
//!   "labels"?: { "documents", "classes", "nmi", "ari", "purity", "without_theme" } }
//! ```

use std::io::Write;

use serde::Serialize;
use tidings_corpus::Corpus;
use tidings_topics::{dominant_agreement, GeneralLanguage, LabelAgreement};

use crate::analysis::{Analysis, ThemeSnippet};
use crate::render::{count, selection_line};
use crate::report::{
    corpus_info, group_entries, model_info, report_documents, snippets, theme_entries, CorpusInfo,
    Generator, ModelInfo, ModelSource, ReportDocument, Snippet, ThemeEntry, SCHEMA_VERSION,
};

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
    };
    match format {
        ListingFormat::Json => {
            let json = Listing::new(corpus, analysis, labels);
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

/// Sizes of the analysed matrix, for the table.
#[derive(Debug)]
struct CorpusSummary {
    documents: usize,
    passages: usize,
    features: usize,
}

/// A theme as listed: what it is and its representative passages.
#[derive(Serialize)]
struct ListedTheme {
    #[serde(flatten)]
    theme: ThemeEntry,
    snippets: Vec<Snippet>,
}

/// The listing's JSON: the report's shape without the timeline.
#[derive(Serialize)]
struct Listing<'a> {
    schema_version: u32,
    generator: Generator,
    corpus: CorpusInfo,
    model: ModelInfo,
    themes: Vec<ListedTheme>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<ListedTheme>,
    #[serde(skip_serializing_if = "Option::is_none")]
    general_language: Option<&'a GeneralLanguage>,
    documents: Vec<ReportDocument>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<LabelAgreement>,
}

impl<'a> Listing<'a> {
    fn new(corpus: &Corpus, analysis: &'a Analysis, labels: Option<LabelAgreement>) -> Self {
        let r = &analysis.fit.report;
        Listing {
            schema_version: SCHEMA_VERSION,
            generator: Generator::this(),
            corpus: corpus_info(corpus, analysis),
            model: model_info(analysis, ModelSource::Fitted),
            themes: theme_entries(analysis)
                .map(|theme| ListedTheme {
                    snippets: snippets(analysis, theme.id),
                    theme,
                })
                .collect(),
            groups: group_entries(analysis)
                .map(|theme| ListedTheme {
                    theme,
                    snippets: Vec::new(),
                })
                .collect(),
            general_language: r.general_language.as_ref(),
            documents: report_documents(analysis),
            labels,
        }
    }
}

/// The snippets of theme `id`.
fn snippets_of(analysis: &Analysis, id: usize) -> &[ThemeSnippet] {
    analysis.snippets.get(id).map_or(&[], Vec::as_slice)
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
    if let Some(line) = crate::render::parallel_analysis_line(r.parallel_analysis.as_ref()) {
        writeln!(out, "{line}")?;
    }
    if let Some(line) = crate::render::specificity_line(r.specificity.as_ref()) {
        writeln!(out, "{line}")?;
    }
    if let Some(g) = &r.general_language {
        let line = crate::render::general_text(g.share, g.themes, &g.terms);
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
        let parent = t
            .parent
            .and_then(|p| r.groups.iter().find(|g| g.id == p))
            .map(|g| format!("  (under {}: {})", g.id, g.label))
            .unwrap_or_default();
        writeln!(
            out,
            "{:>2}  {}{}{}{parent}",
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
    for g in &r.groups {
        writeln!(out)?;
        let children: Vec<String> = g.children.iter().map(ToString::to_string).collect();
        writeln!(
            out,
            "{:>2}  {}{}  (broader theme over {})",
            g.id,
            g.label,
            crate::render::key_terms_text(&g.key_terms),
            children.join(", ")
        )?;
        writeln!(
            out,
            "    size {:.1}%  coherence {:+.3}",
            g.size * 100.0,
            g.coherence
        )?;
        writeln!(out, "    terms: {}", g.terms.join(", "))?;
    }
    Ok(())
}
