//! `tidings fit`: fit tokenizer, vectorizer and themes, and save them.

use anyhow::{Context, Result};

use crate::args::FitArgs;
use crate::commands::analysis::{analyze, Stages};
use crate::commands::input::{check_inputs, handle_duplicates, read_corpus, Cleaning};
use crate::hiargs::analysis_params;
use crate::output::check_output_file;

pub fn run(args: FitArgs, quiet: bool) -> Result<()> {
    let params = analysis_params(&args.theme)?;
    check_inputs(&args.input)?;
    check_output_file("--output", &args.output, args.force)?;
    let stages = Stages::new(quiet);
    stages.stage("reading the corpus");
    let mut corpus = read_corpus(&args.input, Cleaning::Clean, quiet)?;
    handle_duplicates(&mut corpus, args.theme.dedupe, quiet);
    stages.stage("fitting themes");
    let analysis = analyze(&params, &corpus, quiet)?;
    stages.stage("saving the model");
    analysis
        .model
        .save(&args.output)
        .with_context(|| format!("cannot save the model to {}", args.output.display()))?;
    stages.finish();
    if !quiet {
        let themes: Vec<&str> = analysis
            .fit
            .report
            .themes
            .iter()
            .map(|t| t.label.as_str())
            .collect();
        let (n, features) = (themes.len(), analysis.summary.features);
        eprintln!(
            "tidings: saved {n} {} over {features} {} to {}: {}",
            if n == 1 { "theme" } else { "themes" },
            if features == 1 { "feature" } else { "features" },
            args.output.display(),
            themes.join("; ")
        );
    }
    Ok(())
}
