//! `tidings fit`: fit tokenizer, vectorizer and themes, and save them.

use anyhow::{bail, Context, Result};

use crate::args::FitArgs;
use crate::commands::analysis::{analysis_params, analyze, Stages};
use crate::commands::input::{read_corpus, Cleaning};

pub fn run(args: FitArgs, quiet: bool) -> Result<()> {
    let params = analysis_params(&args.theme)?;
    if args.output.is_dir() {
        bail!(
            "--output {} is a directory; give a file name",
            args.output.display()
        );
    }
    if args.output.exists() && !args.force {
        bail!(
            "output file {} already exists (pass --force to overwrite)",
            args.output.display()
        );
    }
    let stages = Stages::new(quiet);
    stages.stage("reading the corpus");
    let corpus = read_corpus(&args.input, Cleaning::Clean, quiet)?;
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
        eprintln!(
            "tidings: saved {} themes over {} features to {}: {}",
            themes.len(),
            analysis.summary.features,
            args.output.display(),
            themes.join("; ")
        );
    }
    Ok(())
}
