//! `tidings themes`: corpus → passages → TF-IDF → themes → labels, snippets
//! and document weights, rendered by the report crate
//! ([`tidings_report::render_themes`]).

use std::io::Write;

use anyhow::{Context, Result};
use tidings_report::{render_themes, ListingFormat};

use crate::args::{TableFormat, ThemesArgs};
use crate::commands::analysis::analyze;
use crate::commands::input::{handle_duplicates, read_labelled_corpus, Cleaning};
use crate::hiargs::analysis_params;
use crate::output;

pub fn run(args: ThemesArgs, quiet: bool) -> Result<()> {
    // Flags first, so that bad usage fails before the corpus is read.
    let params = analysis_params(&args.theme)?;
    let mut corpus = read_labelled_corpus(
        &args.input,
        Cleaning::Clean,
        quiet,
        args.label_field.as_deref(),
    )?;
    handle_duplicates(&mut corpus, args.theme.dedupe, quiet);
    let analysis = analyze(&params, &corpus, quiet)?;
    let format = match args.format {
        TableFormat::Json => ListingFormat::Json,
        TableFormat::Table => ListingFormat::Table,
    };
    let mut out = output::stdout();
    render_themes(&corpus, &analysis, format, &mut out)
        .context("cannot write to standard output")?;
    out.flush().context("cannot write to standard output")?;
    Ok(())
}
