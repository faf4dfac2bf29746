//! High-level arguments (ripgrep's "hiargs"): the plain flag values of
//! `args`, already parsed into library types by clap, turned once into
//! checked library parameters. Commands receive only what this module
//! returns; every check is the library's, so a bad value gets the same
//! message from the CLI as from the API.

use std::io::IsTerminal;

use anyhow::{Context, Result};
use tidings_report::{AnalysisParams, Format, ValidAnalysisParams};
use tidings_tfidf::{Norm, TfWeighting, Vectorizer, VectorizerParams};
use tidings_timeline::{Granularity, TimelineParams, ValidTimelineParams};
use tidings_tokenize::{AnalyzerConfig, Language, Preset, StopWords};
use tidings_topics::{read_theme_file, ModelParams, ThemesParams};

use crate::args::{
    ByArg, NormArg, PresetArg, ReportArgs, ReportFormat, ThemeArgs, TokenizeArgs, VectorizeArgs,
};

/// The library preset for a CLI preset.
pub fn preset(preset: PresetArg) -> Preset {
    match preset {
        PresetArg::Default => Preset::Default,
        PresetArg::Sklearn => Preset::Sklearn,
    }
}

/// The analyzer configuration for a preset and the tokenizer flags.
pub fn analyzer_config(
    preset_arg: PresetArg,
    language: Option<Language>,
    no_stem: bool,
    keep_stopwords: bool,
) -> AnalyzerConfig {
    let mut cfg = AnalyzerConfig::preset(preset(preset_arg));
    if let Some(lang) = language {
        cfg = cfg.with_language(lang);
    }
    if no_stem {
        cfg.stem = None;
    }
    if keep_stopwords {
        cfg.stopwords = StopWords::None;
    }
    cfg
}

/// The analyzer of `tidings tokenize`.
pub fn tokenize_config(args: &TokenizeArgs) -> AnalyzerConfig {
    analyzer_config(
        args.preset,
        args.language,
        args.no_stem,
        args.keep_stopwords,
    )
}

/// Checked analysis settings for the theme flags of `themes`, `report` and
/// `fit`. Reads the theme file, so that bad usage fails before the corpus
/// is read.
pub fn analysis_params(args: &ThemeArgs) -> Result<ValidAnalysisParams> {
    let seeded = match &args.theme_file {
        Some(path) => read_theme_file(path)
            .with_context(|| format!("invalid theme file {}", path.display()))?,
        None => Vec::new(),
    };
    let model = ModelParams::from(args.model_kind)
        .with_weighing(args.weighing)
        .with_context(|| format!("--weighing with --model-kind {}", args.model_kind))?;
    let themes = ThemesParams::new()
        .themes_arg(args.themes)
        .model(model)
        .seeded(seeded)
        .seed(args.seed)
        .general_themes(!args.keep_general_themes);
    AnalysisParams::new()
        .analyzer(analyzer_config(
            PresetArg::Default,
            args.language,
            false,
            false,
        ))
        .theme_params(themes)
        .max_vocabulary(args.max_vocabulary)
        .check()
        .context("invalid theme settings")
}

/// The checked vectorizer of `tidings vectorize`.
pub fn vectorizer(args: &VectorizeArgs) -> Result<Vectorizer> {
    let preset = preset(args.preset);
    let mut params = VectorizerParams::preset(preset);
    if let Some(lang) = args.language {
        params = params.analyzer(AnalyzerConfig::preset(preset).with_language(lang));
    }
    if let Some(ngrams) = args.ngrams {
        params = params.ngrams(ngrams);
    }
    if let Some(min_df) = args.min_df {
        params = params.min_df(min_df).clamp_min_df(false);
    }
    if let Some(max_df) = args.max_df {
        params = params.max_df(max_df);
    }
    if args.max_features.is_some() {
        params = params.max_features(args.max_features);
    }
    if args.max_vocabulary.is_some() {
        params = params.max_vocabulary(args.max_vocabulary);
    }
    if args.sublinear_tf {
        params = params.tf(TfWeighting::Sublinear);
    }
    if let Some(norm) = args.norm {
        params = params.norm(match norm {
            NormArg::L2 => Norm::L2,
            NormArg::L1 => Norm::L1,
            NormArg::None => Norm::None,
        });
    }
    params.check().context("invalid vectorizer options")
}

/// The checked timeline settings of `tidings report`.
pub fn timeline_params(args: &ReportArgs) -> Result<ValidTimelineParams> {
    TimelineParams::new()
        .granularity(granularity(args.by))
        .confidence(args.confidence)
        .bootstrap_samples(args.bootstrap)
        .seed(args.theme.seed)
        .range(args.from.map(|d| d.date()), args.to.map(|d| d.last_day()))
        .check()
        .context("invalid timeline settings")
}

fn granularity(by: ByArg) -> Granularity {
    match by {
        ByArg::Auto => Granularity::Auto,
        ByArg::Day => Granularity::Day,
        ByArg::Week => Granularity::Week,
        ByArg::Month => Granularity::Month,
        ByArg::Quarter => Granularity::Quarter,
        ByArg::Year => Granularity::Year,
    }
}

/// The report format: as asked, else a table on a terminal and JSON
/// otherwise (also when writing to a file).
pub fn report_format(arg: Option<ReportFormat>, to_file: bool) -> Format {
    match arg {
        Some(ReportFormat::Table) => Format::Terminal,
        Some(ReportFormat::Json) => Format::Json,
        Some(ReportFormat::Csv) => Format::Csv,
        Some(ReportFormat::Markdown) => Format::Markdown,
        Some(ReportFormat::Html) => Format::Html,
        Some(ReportFormat::Documents) => Format::Documents,
        None if !to_file && std::io::stdout().is_terminal() => Format::Terminal,
        None => Format::Json,
    }
}
