//! `tidings report`: themes, their shares over calendar periods with
//! share intervals, trends, bursts and snippets.

use std::io::Write;

use anyhow::{bail, Context, Result};
use tidings_report::{render, write_atomically, Format, ModelSource, ReportBuilder, ReportModel};
use tidings_topics::DEFAULT_REPRESENTATIVES;

use crate::args::ReportArgs;
use crate::commands::analysis::{analyze, log_timings, Stages};
use crate::commands::input::{check_inputs, handle_duplicates, read_labelled_corpus, Cleaning};
use crate::hiargs::{analysis_params, report_format, timeline_params};
use crate::output;

pub fn run(args: ReportArgs, quiet: bool) -> Result<()> {
    // Every flag is checked before the corpus is read.
    let timeline = timeline_params(&args)?;
    let params = match &args.model {
        Some(_) => None,
        None => Some(analysis_params(&args.theme)?),
    };
    check_inputs(&args.input)?;
    if let Some(path) = &args.output {
        output::check_output_file("--output", path, args.force)?;
    }
    if let Some(path) = &args.documents_output {
        if args.output.as_ref() == Some(path) {
            bail!(
                "--documents-output {} is also --output; give two different files",
                path.display()
            );
        }
        output::check_output_file("--documents-output", path, args.force)?;
    }
    let saved = match &args.model {
        Some(path) => Some(
            ReportModel::load(path)
                .with_context(|| format!("cannot use the model {}", path.display()))?,
        ),
        None => None,
    };
    let format = report_format(args.format, args.output.is_some());

    let stages = Stages::new(quiet);
    stages.stage("reading the corpus");
    let mut corpus = read_labelled_corpus(
        &args.input,
        Cleaning::Clean,
        quiet,
        args.label_field.as_deref(),
    )?;
    handle_duplicates(&mut corpus, args.theme.dedupe, quiet);
    let (analysis, source) = match (&saved, &params) {
        (Some(model), _) => {
            stages.stage("applying the saved themes");
            let analysis = model
                .apply(&corpus, DEFAULT_REPRESENTATIVES)
                .context("cannot apply the saved model")?;
            log_timings(&analysis);
            (analysis, ModelSource::Loaded)
        }
        (None, Some(params)) => {
            stages.stage("finding themes");
            (analyze(params, &corpus, quiet)?, ModelSource::Fitted)
        }
        (None, None) => bail!("no model and no theme settings"),
    };
    stages.stage("building the timeline");
    let report = ReportBuilder::new(timeline)
        .build(&corpus, &analysis, source)
        .context("cannot build the timeline")?;
    stages.finish();
    let tl = &report.timeline;
    if !quiet && tl.imprecise.documents > 0 {
        let (n, are, they) = agree(tl.imprecise.documents);
        eprintln!(
            "tidings: warning: {n} {are} dated less precisely than a {}; {they} in the themes but in no period (try --by year)",
            tl.granularity
        );
    }
    if !quiet && tl.outside.documents > 0 {
        let (n, are, they) = agree(tl.outside.documents);
        let listed: Vec<String> = tl
            .outside
            .periods
            .iter()
            .map(|p| format!("{} in {}", p.documents, p.period))
            .collect();
        eprintln!(
            "tidings: {n} {are} dated outside the timeline ({}); {they} in the themes and in the `outside the range` row",
            listed.join(", ")
        );
    }

    // The documents CSV first: a report on standard output may end at a
    // closed pipe, and the companion file must not depend on it.
    if let Some(path) = &args.documents_output {
        write_atomically(path, |w| render(&report, Format::Documents, w))
            .with_context(|| format!("cannot write the documents CSV to {}", path.display()))?;
        if !quiet {
            eprintln!("tidings: wrote the documents CSV to {}", path.display());
        }
    }
    if format == Format::Terminal && args.documents_output.is_none() && !quiet {
        eprintln!(
            "tidings: every document's period, length and theme weights (what the shares are computed from): --format documents, or --documents-output FILE beside any format"
        );
    }
    match &args.output {
        Some(path) => {
            write_atomically(path, |w| render(&report, format, w))
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
            if !quiet {
                eprintln!("tidings: wrote the {format} report to {}", path.display());
            }
        }
        None => {
            let mut out = output::stdout();
            render(&report, format, &mut out).context("cannot write to standard output")?;
            out.flush().context("cannot write to standard output")?;
        }
    }
    Ok(())
}

/// `1 document`, `is`, `it counts` / `3 documents`, `are`, `they count`.
fn agree(n: usize) -> (String, &'static str, &'static str) {
    if n == 1 {
        ("1 document".to_string(), "is", "it counts")
    } else {
        (format!("{n} documents"), "are", "they count")
    }
}
