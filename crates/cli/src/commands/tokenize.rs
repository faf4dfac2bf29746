//! `tidings tokenize`

use std::io::{Read, Write};

use anyhow::{Context, Result};
use serde::Serialize;
use tidings_tokenize::Analyzer;

use crate::args::{TokenFormat, TokenizeArgs};
use crate::hiargs::tokenize_config;
use crate::output;

#[derive(Serialize)]
struct JsonToken<'a> {
    surface: &'a str,
    token: &'a str,
    start: usize,
    end: usize,
}

pub fn run(args: TokenizeArgs) -> Result<()> {
    let ngrams = args.ngrams;
    let analyzer =
        Analyzer::new(tokenize_config(&args)).context("invalid tokenizer configuration")?;
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
