//! Running the analysis shared by `themes`, `report` and `fit` (warnings and
//! timings on stderr), and the progress display of long runs.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use tidings_corpus::Corpus;
use tidings_report::Analysis;

/// Fits themes on `corpus` and prints unmatched-seed warnings.
pub fn analyze(
    params: &tidings_report::ValidAnalysisParams,
    corpus: &Corpus,
    quiet: bool,
) -> Result<Analysis> {
    let analysis = params.analyze(corpus).context("cannot find themes")?;
    log_timings(&analysis);
    if !quiet {
        for u in &analysis.fit.report.unmatched_seeds {
            eprintln!("tidings: warning: {u}");
        }
    }
    Ok(analysis)
}

/// With `TIDINGS_TIMINGS` set in the environment, prints the time of each
/// analysis stage on stderr (for benchmarking).
pub fn log_timings(analysis: &Analysis) {
    if std::env::var_os("TIDINGS_TIMINGS").is_some() {
        for (stage, time) in &analysis.timings {
            eprintln!("tidings: timing: {stage}: {:.3} s", time.as_secs_f64());
        }
    }
}

/// Stage messages on stderr while a long command works: a spinner with
/// the elapsed time, only when stderr is a terminal and not `--quiet`.
pub struct Stages(Option<ProgressBar>);

impl Stages {
    pub fn new(quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Stages(None);
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Stages(Some(bar))
    }

    /// Shows the current stage.
    pub fn stage(&self, message: &'static str) {
        if let Some(bar) = &self.0 {
            bar.set_message(message);
        }
    }

    /// Removes the spinner.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Stages {
    fn drop(&mut self) {
        self.finish();
    }
}
