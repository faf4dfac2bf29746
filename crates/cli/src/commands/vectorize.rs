//! `tidings vectorize`

use std::io::IsTerminal;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use tidings_corpus::{Document as CorpusDocument, DocumentStream};
use tidings_tfidf::{
    DocFreq, Document, NgramRange, Norm, Progress, TfWeighting, TfidfError, Vectorized,
    VectorizerParams, DOCUMENTS_FILE, MATRIX_FILE, MODEL_FILE, VOCABULARY_FILE,
};
use tidings_tokenize::Language;

use crate::args::{NormArg, PresetArg, VectorizeArgs};
use crate::commands::input::{inputs, print_warnings, read_corpus, read_options, Cleaning};
use crate::commands::tokenize::preset_of;
use crate::output::prepare_output_dir;

/// Parses `2` (1..=2) or `1..3` / `1..=3` into an n-gram range.
pub fn parse_ngrams(value: &str) -> Result<NgramRange> {
    let value = value.trim();
    let (min, max) = match value.split_once("..") {
        Some((a, b)) => {
            let b = b.strip_prefix('=').unwrap_or(b);
            (parse_count(a, value)?, parse_count(b, value)?)
        }
        None => (1, parse_count(value, value)?),
    };
    NgramRange::new(min, max).with_context(|| format!("invalid --ngrams {value:?}"))
}

fn parse_count(s: &str, whole: &str) -> Result<usize> {
    s.trim().parse::<usize>().with_context(|| {
        format!("invalid --ngrams {whole:?}: expected N or MIN..MAX with whole numbers")
    })
}

/// Parses a document-frequency bound as scikit-learn reads it: an integer is
/// a count of documents, a number with a decimal point or exponent is a
/// fraction of the documents.
pub fn parse_doc_freq(flag: &str, value: &str) -> Result<DocFreq> {
    let v = value.trim();
    if v.contains(['.', 'e', 'E']) {
        let x: f64 = v
            .parse()
            .with_context(|| format!("invalid {flag} {value:?}: not a number"))?;
        if !(0.0..=1.0).contains(&x) {
            bail!("invalid {flag} {value:?}: a fraction must be between 0.0 and 1.0");
        }
        Ok(DocFreq::Fraction(x))
    } else {
        let n: u64 = v.parse().with_context(|| {
            format!("invalid {flag} {value:?}: expected a count (5) or a fraction (0.5)")
        })?;
        if n == 0 {
            bail!("invalid {flag} {value:?}: a count must be at least 1");
        }
        Ok(DocFreq::Count(n))
    }
}

/// The vectorizer parameters for the flags.
pub fn params(args: &VectorizeArgs) -> Result<VectorizerParams> {
    let preset = preset_of(args.preset);
    let mut params = VectorizerParams::preset(preset);
    if let Some(name) = &args.language {
        let lang: Language = name
            .parse()
            .with_context(|| format!("invalid --language {name:?}"))?;
        params =
            params.analyzer(tidings_tokenize::AnalyzerConfig::preset(preset).with_language(lang));
    }
    if let Some(ng) = &args.ngrams {
        params = params.ngrams(parse_ngrams(ng)?);
    }
    if let Some(v) = &args.min_df {
        params = params
            .min_df(parse_doc_freq("--min-df", v)?)
            .clamp_min_df(false);
    }
    if let Some(v) = &args.max_df {
        params = params.max_df(parse_doc_freq("--max-df", v)?);
    }
    if args.max_features.is_some() {
        if args.max_features == Some(0) {
            bail!("invalid --max-features 0: must be at least 1");
        }
        params = params.max_features(args.max_features);
    }
    if let Some(n) = args.max_vocabulary {
        if n == 0 {
            bail!("invalid --max-vocabulary 0: must be at least 1");
        }
        params = params.max_vocabulary(Some(n));
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
    Ok(params)
}

fn to_tfidf_doc(doc: CorpusDocument) -> Document {
    Document::new(doc.id, doc.date.map(|d| d.to_string()), doc.text)
}

/// A progress display on stderr, only when stderr is a terminal.
fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} pass {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    Some(bar)
}

pub fn run(args: VectorizeArgs, quiet: bool) -> Result<()> {
    let vectorizer = params(&args)?
        .check()
        .context("invalid vectorizer options")?;
    let names = [MATRIX_FILE, VOCABULARY_FILE, DOCUMENTS_FILE, MODEL_FILE];
    prepare_output_dir(&args.output, &names, args.force)?;
    let cleaning = match args.preset {
        PresetArg::Sklearn => Cleaning::Raw,
        PresetArg::Default => Cleaning::Clean,
    };

    let bar = progress_bar(quiet);
    let mut on_progress = |p: Progress| {
        if let Some(bar) = &bar {
            bar.set_message(format!(
                "{}: {} documents, {:.1} MB",
                p.pass,
                p.documents,
                p.bytes as f64 / 1e6
            ));
            bar.tick();
        }
    };

    let vectorized: Vectorized = if args.stream {
        let options = read_options(&args.input, cleaning)?;
        let inputs = inputs(&args.input);
        // Open once up front so a missing path is reported before any work.
        let first =
            DocumentStream::open(&inputs, options.clone()).context("cannot read the corpus")?;
        let mut pending = Some(first);
        let result = vectorizer.vectorize_two_pass(
            || {
                // Pass 1 uses the stream opened above and reports its
                // warnings; pass 2 re-reads the same files silently.
                let (stream, report) = match pending.take() {
                    Some(s) => (Ok(s), !quiet),
                    None => (DocumentStream::open(&inputs, options.clone()), false),
                };
                let (reporting, error) = match stream {
                    Ok(s) => (Some(Reporting { stream: s, report }), None),
                    Err(e) => (None, Some(e)),
                };
                error
                    .into_iter()
                    .map(Err)
                    .chain(reporting.into_iter().flatten())
                    .map(|r| r.map(to_tfidf_doc))
            },
            &mut on_progress,
        );
        no_documents(result, &args)?
    } else if cleaning == Cleaning::Raw {
        // No corpus-wide cleaning pass is needed: one pass over a stream,
        // each text dropped once counted.
        let options = read_options(&args.input, cleaning)?;
        let stream = DocumentStream::open(&inputs(&args.input), options)
            .context("cannot read the corpus")?;
        let docs = Reporting {
            stream,
            report: !quiet,
        }
        .map(|r| r.map(to_tfidf_doc));
        no_documents(vectorizer.vectorize_iter(docs, &mut on_progress), &args)?
    } else {
        let corpus = read_corpus(&args.input, cleaning, quiet)?;
        let docs: Vec<Document> = corpus.documents.into_iter().map(to_tfidf_doc).collect();
        vectorizer
            .vectorize(&docs)
            .context("cannot vectorize the corpus")?
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    vectorized
        .write_dir(&args.output)
        .with_context(|| format!("cannot write the output to {}", args.output.display()))?;
    if !quiet {
        eprintln!(
            "tidings: {} documents × {} features, {} non-zero entries → {}",
            vectorized.matrix.rows(),
            vectorized.matrix.cols(),
            vectorized.matrix.nnz(),
            args.output.display()
        );
    }
    Ok(())
}

/// The streaming result; a stream that produced no document at all (every
/// file skipped) is reported as such rather than as an empty vocabulary.
fn no_documents(
    result: Result<Vectorized, TfidfError>,
    args: &VectorizeArgs,
) -> Result<Vectorized> {
    match result {
        Err(TfidfError::EmptyVocabulary { n_docs: 0 }) => {
            let paths: Vec<String> = args
                .input
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            bail!(
                "cannot read the corpus: no documents found in {}",
                paths.join(", ")
            )
        }
        other => other.context("cannot vectorize the corpus"),
    }
}

/// A document stream that prints its warnings once it is exhausted.
struct Reporting {
    stream: DocumentStream,
    report: bool,
}

impl Iterator for Reporting {
    type Item = Result<CorpusDocument, tidings_corpus::CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        let next = self.stream.next();
        if next.is_none() && self.report {
            print_warnings(self.stream.warnings());
            self.report = false;
        }
        next
    }
}
