//! The theme flags shared by `themes`, `report` and `fit`, turned into the
//! library's analysis settings; and the progress display of long runs.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use tidings_corpus::Corpus;
use tidings_report::{Analysis, AnalysisParams};
use tidings_topics::{read_theme_file, ThemeCount};

use crate::args::{PresetArg, ThemeArgs};
use crate::commands::tokenize::analyzer_config;

/// The `--themes` value: `None` for `auto` (the library picks the range).
pub fn theme_count(value: &str) -> Result<Option<ThemeCount>> {
    if value.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    let n: usize = value
        .parse()
        .with_context(|| format!("invalid --themes {value:?}: expected a number or `auto`"))?;
    if n == 0 {
        bail!("--themes must be at least 1, got 0");
    }
    Ok(Some(ThemeCount::Fixed(n)))
}

/// Checked analysis settings for these flags. Reads the theme file, so that
/// bad usage fails before the corpus is read.
pub fn analysis_params(args: &ThemeArgs) -> Result<tidings_report::ValidAnalysisParams> {
    let count = theme_count(&args.themes)?;
    let seeded = match &args.theme_file {
        Some(path) => read_theme_file(path)
            .with_context(|| format!("invalid theme file {}", path.display()))?,
        None => Vec::new(),
    };
    let analyzer = analyzer_config(PresetArg::Default, args.language.as_deref(), false, false)?;
    let mut params = AnalysisParams::new()
        .analyzer(analyzer)
        .seeded(seeded)
        .seed(args.seed);
    if let Some(count) = count {
        params = params.themes(count);
    }
    if let Some(n) = args.max_vocabulary {
        if n == 0 {
            bail!("invalid --max-vocabulary 0: must be at least 1");
        }
        params = params.max_vocabulary(Some(n));
    }
    params.check().context("invalid theme settings")
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_counts() {
        assert!(theme_count("0").is_err());
        assert!(theme_count("many").is_err());
        assert_eq!(theme_count("4").unwrap(), Some(ThemeCount::Fixed(4)));
        assert_eq!(theme_count("AUTO").unwrap(), None);
    }
}
