//! `tidings vectorize`

use std::io::IsTerminal;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use tidings_corpus::{Document, DocumentStream};
use tidings_tfidf::{
    Progress, RawDocument, TfidfError, Vectorized, DOCUMENTS_FILE, MATRIX_FILE, MODEL_FILE,
    VOCABULARY_FILE,
};

use crate::args::{PresetArg, VectorizeArgs};
use crate::commands::input::{
    check_inputs, inputs, print_warnings, read_corpus, read_options, Cleaning,
};
use crate::hiargs;
use crate::output::check_output_dir;

fn to_tfidf_doc(doc: Document) -> RawDocument {
    RawDocument::new(doc.id, doc.date.map(|d| d.to_string()), doc.text)
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
    // Flags, then inputs, then outputs: nothing is created by a run that
    // fails before writing.
    let vectorizer = hiargs::vectorizer(&args)?;
    check_inputs(&args.input)?;
    let names = [MATRIX_FILE, VOCABULARY_FILE, DOCUMENTS_FILE, MODEL_FILE];
    check_output_dir(&args.output, &names, args.force)?;
    let cleaning = match args.preset {
        PresetArg::Sklearn => Cleaning::Raw,
        PresetArg::Default => Cleaning::Clean,
    };

    let bar = progress_bar(quiet);
    let mut on_progress = |p: Progress| {
        if let Some(bar) = &bar {
            bar.set_message(format!(
                "{}: {} {}, {:.1} MB",
                p.pass,
                p.documents,
                if p.documents == 1 {
                    "document"
                } else {
                    "documents"
                },
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
        let docs: Vec<RawDocument> = corpus.documents.into_iter().map(to_tfidf_doc).collect();
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
        let m = &vectorized.matrix;
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        eprintln!(
            "tidings: {} × {}, {} → {}",
            count(m.rows(), "document", "documents"),
            count(m.cols(), "feature", "features"),
            count(m.nnz(), "non-zero entry", "non-zero entries"),
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
    type Item = Result<Document, tidings_corpus::CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        let next = self.stream.next();
        if next.is_none() && self.report {
            print_warnings(self.stream.warnings());
            self.report = false;
        }
        next
    }
}
