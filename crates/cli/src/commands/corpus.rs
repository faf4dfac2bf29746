//! `tidings corpus stats`

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;
use tidings_corpus::{CleaningReport, DuplicateReport};
use tidings_tfidf::count_tokens;
use tidings_tokenize::{Analyzer, AnalyzerConfig};

use crate::args::{StatsArgs, TableFormat};
use crate::commands::input::{read_corpus, Cleaning};
use crate::hiargs;
use crate::output;

#[derive(Serialize)]
struct StatsJson {
    documents: usize,
    no_text: usize,
    dated: usize,
    undated: usize,
    from: Option<String>,
    to: Option<String>,
    per_year: BTreeMap<String, usize>,
    bytes: usize,
    tokens: u64,
    distinct_terms: usize,
    skipped: BTreeMap<String, usize>,
    /// What cleaning removed: mail conventions and furniture.
    removed: CleaningReport,
    /// Documents that repeat another's text (each kept).
    duplicates: DuplicateReport,
    warnings: Vec<String>,
}

pub fn stats(args: StatsArgs, quiet: bool) -> Result<()> {
    let corpus = read_corpus(&args.input, Cleaning::Clean, quiet)?;
    let stats = corpus.stats();
    let analyzer = Analyzer::new(AnalyzerConfig::preset(hiargs::preset(args.preset)))
        .context("invalid tokenizer configuration")?;

    let texts: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
    let counts = count_tokens(&analyzer, &texts);

    let json = StatsJson {
        documents: stats.documents,
        no_text: stats.no_text,
        dated: stats.dated,
        undated: stats.undated,
        from: stats.first.map(|d| d.to_string()),
        to: stats.last.map(|d| d.to_string()),
        per_year: stats
            .per_year
            .iter()
            .map(|(y, n)| (y.to_string(), *n))
            .collect(),
        bytes: stats.bytes,
        tokens: counts.tokens,
        distinct_terms: counts.distinct_terms,
        skipped: stats
            .skipped
            .iter()
            .map(|(reason, n)| (reason.to_string(), n))
            .collect(),
        removed: stats.removed.clone(),
        duplicates: stats.duplicates.clone(),
        warnings: corpus.warnings.iter().map(|w| w.to_string()).collect(),
    };

    let mut out = output::stdout();
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        TableFormat::Table => write_table(&mut out, &json)?,
    }
    out.flush()?;
    Ok(())
}

fn write_table(out: &mut impl Write, s: &StatsJson) -> std::io::Result<()> {
    writeln!(out, "documents       {}", s.documents)?;
    if s.no_text > 0 {
        writeln!(out, "without text    {}", s.no_text)?;
    }
    writeln!(out, "  dated         {}", s.dated)?;
    writeln!(out, "  undated       {}", s.undated)?;
    match (&s.from, &s.to) {
        (Some(from), Some(to)) => writeln!(out, "date range      {from} – {to}")?,
        _ => writeln!(out, "date range      (no dated documents)")?,
    }
    writeln!(out, "bytes           {}", s.bytes)?;
    writeln!(out, "tokens          {}", s.tokens)?;
    writeln!(out, "distinct terms  {}", s.distinct_terms)?;
    let skipped: usize = s.skipped.values().sum();
    writeln!(out, "skipped         {skipped}")?;
    for (reason, n) in &s.skipped {
        // Values start in column 16; a longer reason keeps one space.
        let label = format!("  {reason}");
        writeln!(out, "{label:<15} {n}")?;
    }
    write_removed(out, &s.removed)?;
    let d = &s.duplicates;
    if d.sets > 0 {
        writeln!(
            out,
            "duplicates      {} documents in {} {} of the same text (each kept)",
            d.documents,
            d.sets,
            if d.sets == 1 { "set" } else { "sets" }
        )?;
    }
    writeln!(out, "warnings        {}", s.warnings.len())?;
    if !s.per_year.is_empty() {
        writeln!(out)?;
        writeln!(out, "year  documents")?;
        let max = s.per_year.values().copied().max().unwrap_or(1).max(1);
        for (year, n) in &s.per_year {
            let bar = "█".repeat((n * 40).div_ceil(max));
            writeln!(out, "{year:>4}  {n:>9}  {bar}")?;
        }
    }
    Ok(())
}

/// What cleaning removed, with the most frequent furniture lines.
fn write_removed(out: &mut impl Write, r: &CleaningReport) -> std::io::Result<()> {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let m = &r.mail;
    writeln!(
        out,
        "mail lines      {} in {} ({} quoted, {} attribution, {} signature)",
        m.lines(),
        plural(m.documents_changed, "document", "documents"),
        m.quoted_lines,
        m.attribution_lines,
        m.signature_lines
    )?;
    let f = &r.furniture;
    match f.min_documents {
        None => writeln!(out, "furniture       off")?,
        Some(min) => {
            writeln!(
                out,
                "furniture       {} in {}, {} bytes ({} distinct; recurring in ≥ {min} documents)",
                plural(f.lines_removed, "line", "lines"),
                plural(f.documents_changed, "document", "documents"),
                f.bytes_removed,
                f.distinct_lines
            )?;
            if f.documents_kept_whole > 0 {
                writeln!(
                    out,
                    "  kept whole    {} (only furniture)",
                    plural(f.documents_kept_whole, "document", "documents")
                )?;
            }
            for e in &f.examples {
                writeln!(out, "  {:>5} × {:?}", e.documents, e.text)?;
            }
        }
    }
    Ok(())
}
