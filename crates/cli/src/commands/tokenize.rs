//! `tidings tokenize`

use std::io::{Read, Write};

use anyhow::{bail, Context, Result};
use serde::Serialize;
use tidings_tokenize::{Analyzer, AnalyzerConfig, Language, NgramRange, StopWords};

use crate::args::{PresetArg, TokenFormat, TokenizeArgs};
use crate::output;

/// Turns the preset and the tokenizer flags into an analyzer configuration.
pub fn analyzer_config(
    preset: PresetArg,
    language: Option<&str>,
    no_stem: bool,
    keep_stopwords: bool,
) -> Result<AnalyzerConfig> {
    let mut cfg = AnalyzerConfig::preset(preset_of(preset));
    if let Some(name) = language {
        let lang: Language = name
            .parse()
            .with_context(|| format!("invalid --language {name:?}"))?;
        cfg = cfg.with_language(lang);
    }
    if no_stem {
        cfg.stem = None;
    }
    if keep_stopwords {
        cfg.stopwords = StopWords::None;
    }
    Ok(cfg)
}

/// The library preset for a CLI preset.
pub fn preset_of(preset: PresetArg) -> tidings_tokenize::Preset {
    match preset {
        PresetArg::Default => tidings_tokenize::Preset::Default,
        PresetArg::Sklearn => tidings_tokenize::Preset::Sklearn,
    }
}

#[derive(Serialize)]
struct JsonToken<'a> {
    surface: &'a str,
    token: &'a str,
    start: usize,
    end: usize,
}

pub fn run(args: TokenizeArgs) -> Result<()> {
    if args.ngrams == 0 {
        bail!("--ngrams must be at least 1, got 0");
    }
    let ngrams = NgramRange::new(1, args.ngrams)
        .with_context(|| format!("invalid --ngrams {}", args.ngrams))?;
    let cfg = analyzer_config(
        args.preset,
        args.language.as_deref(),
        args.no_stem,
        args.keep_stopwords,
    )?;
    let analyzer = Analyzer::new(cfg).context("invalid tokenizer configuration")?;
    let text = match args.text {
        Some(t) => t,
        None => read_stdin()?,
    };

    let mut out = output::stdout();
    let mut session = analyzer.session();
    match args.format {
        TokenFormat::Text => {
            let mut result = Ok(());
            session.terms(&text, ngrams, |term, _range| {
                if result.is_ok() {
                    result = writeln!(out, "{term}");
                }
            });
            result.context("cannot write to standard output")?;
        }
        TokenFormat::Json => {
            let mut tokens = Vec::new();
            session.terms(&text, ngrams, |term, range| {
                tokens.push((term.to_string(), range));
            });
            let json: Vec<JsonToken<'_>> = tokens
                .iter()
                .map(|(term, range)| JsonToken {
                    surface: text.get(range.clone()).unwrap_or(""),
                    token: term,
                    start: range.start,
                    end: range.end,
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &json)
                .context("cannot write to standard output")?;
            writeln!(out).context("cannot write to standard output")?;
        }
    }
    out.flush().context("cannot write to standard output")?;
    Ok(())
}

/// Reads all of standard input; invalid UTF-8 is replaced, with a warning.
fn read_stdin() -> Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            eprintln!(
                "tidings: warning: standard input is not valid UTF-8 (at byte {}); invalid bytes replaced by U+FFFD",
                e.utf8_error().valid_up_to()
            );
            Ok(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    }
}
