//! `tidings themes`: corpus → passages → TF-IDF → NMF themes → labels,
//! snippets and document weights.

use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;
use tidings_report::selection_line;
use tidings_topics::{
    CountScore, DocumentThemes, GeneralLanguage, ParallelAnalysis, Representative, ThemeFit,
    ThemeGroup,
};

use crate::args::{TableFormat, ThemesArgs};
use crate::commands::analysis::{analysis_params, analyze};
use crate::commands::input::{read_corpus, Cleaning};
use crate::output;

pub fn run(args: ThemesArgs, quiet: bool) -> Result<()> {
    // Flags first, so that bad usage fails before the corpus is read.
    let params = analysis_params(&args.theme)?;
    let corpus = read_corpus(&args.input, Cleaning::Clean, quiet)?;
    let analysis = analyze(&params, &corpus, quiet)?;
    let fit = &analysis.fit;
    let s = &analysis.summary;
    let summary = CorpusSummary {
        documents: s.documents,
        passages: s.passages,
        features: s.features,
        min_df: s.min_df.unwrap_or(0),
        max_df: s.max_df.unwrap_or(1.0),
    };
    let mut out = output::stdout();
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &JsonReport::new(fit, summary))
                .context("cannot write to standard output")?;
            writeln!(out).context("cannot write to standard output")?;
        }
        TableFormat::Table => {
            write_table(&mut out, fit, &summary).context("cannot write to standard output")?
        }
    }
    out.flush().context("cannot write to standard output")?;
    Ok(())
}

/// Sizes of the analysed matrix.
#[derive(Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    parallel_analysis: Option<&'a ParallelAnalysis>,
}

#[derive(Serialize)]
struct JsonSnippet<'a> {
    document: &'a str,
    date: Option<&'a str>,
    start: usize,
    end: usize,
    weight: f64,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonTheme<'a> {
    id: usize,
    label: &'a str,
    seeded: bool,
    parent: Option<usize>,
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
    #[serde(skip_serializing_if = "<[ThemeGroup]>::is_empty")]
    groups: &'a [ThemeGroup],
    #[serde(skip_serializing_if = "Option::is_none")]
    general_language: Option<&'a GeneralLanguage>,
    documents: &'a [DocumentThemes],
}

impl<'a> JsonReport<'a> {
    fn new(fit: &'a ThemeFit, corpus: CorpusSummary) -> Self {
        let r = &fit.report;
        let m = &r.model;
        JsonReport {
            corpus,
            model: JsonModel {
                kind: format!("{:?}", m.kind).to_lowercase(),
                n_themes: m.n_themes,
                seed: m.seed,
                iterations: m.iterations,
                converged: m.converged,
                reconstruction_error: m.reconstruction_error,
                relative_error: m.relative_error,
                selection: &r.selection,
                parallel_analysis: r.parallel_analysis.as_ref(),
            },
            themes: r
                .themes
                .iter()
                .map(|t| JsonTheme {
                    id: t.id,
                    label: &t.label,
                    seeded: t.seeded,
                    parent: t.parent,
                    terms: &t.terms,
                    coherence: t.coherence,
                    exclusivity: t.exclusivity,
                    size: t.size,
                    snippets: t.representatives.iter().map(json_snippet).collect(),
                })
                .collect(),
            groups: &r.groups,
            general_language: r.general_language.as_ref(),
            documents: &r.documents,
        }
    }
}

fn json_snippet(r: &Representative) -> JsonSnippet<'_> {
    let [start, end] = r.bytes.unwrap_or([0, 0]);
    JsonSnippet {
        document: r.document_id.as_deref().unwrap_or(""),
        date: r.date.as_deref(),
        start,
        end,
        weight: r.weight,
        text: r.snippet.as_deref().unwrap_or(""),
    }
}

fn write_table(
    out: &mut impl Write,
    fit: &ThemeFit,
    corpus: &CorpusSummary,
) -> std::io::Result<()> {
    let r = &fit.report;
    let m = &r.model;
    writeln!(
        out,
        "{} documents, {} passages, {} terms; {} themes by {:?}",
        corpus.documents, corpus.passages, corpus.features, m.n_themes, m.kind
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
    if let Some(g) = &r.general_language {
        let terms: Vec<&str> = g.terms.iter().take(8).map(String::as_str).collect();
        writeln!(
            out,
            "general language (not a theme): {:.1}% of the text; {}",
            g.share * 100.0,
            terms.join(", ")
        )?;
    }
    for t in &r.themes {
        let parent = r
            .groups
            .iter()
            .find(|g| Some(g.id) == t.parent)
            .map(|g| format!("  (in {} {})", g.id, g.label))
            .unwrap_or_default();
        writeln!(out)?;
        writeln!(
            out,
            "{:>2}  {}{}{parent}",
            t.id,
            t.label,
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
        for rep in &t.representatives {
            let [start, end] = rep.bytes.unwrap_or([0, 0]);
            writeln!(
                out,
                "    - {} ({}) bytes {start}..{end}: {}",
                rep.document_id.as_deref().unwrap_or("?"),
                rep.date.as_deref().unwrap_or("undated"),
                rep.snippet.as_deref().unwrap_or("")
            )?;
        }
    }
    Ok(())
}
