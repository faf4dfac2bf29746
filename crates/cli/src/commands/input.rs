//! Reading documents: turns the input flags into corpus options and reports
//! warnings on stderr.

use anyhow::{Context, Result};
use tidings_corpus::{
    Cleaner, Corpus, CorpusError, FieldNames, FurnitureRule, Input, ReadOptions, SkipSummary,
    Warning,
};

use crate::args::InputArgs;

/// How much cleaning the command wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cleaning {
    /// Boilerplate removal, line rejoining, marker stripping.
    Clean,
    /// The text exactly as decoded (for the scikit-learn preset).
    Raw,
}

/// The corpus options for these flags.
pub fn read_options(args: &InputArgs, cleaning: Cleaning) -> Result<ReadOptions> {
    let fields = FieldNames {
        id: args.id_field.clone(),
        date: args.date_field.clone(),
        title: args.title_field.clone(),
        text: args.text_field.clone(),
    };
    let mut options = ReadOptions::new()
        .fields(fields)
        .skip_malformed(args.skip_bad_rows)
        .max_doc_bytes(args.max_doc_bytes)
        .context("invalid --max-doc-bytes")?;
    let furniture = match args.furniture.trim() {
        "off" => None,
        n => Some(
            n.parse::<FurnitureRule>()
                .context("invalid --furniture (a number of documents, at least 2, or `off`)")?,
        ),
    };
    if cleaning == Cleaning::Raw {
        options = options.cleaner(Cleaner::raw());
    } else {
        let mut cleaner = options.cleaner_ref().clone();
        cleaner.furniture = furniture;
        if args.keep_mail {
            cleaner.mail = None;
        }
        options = options.cleaner(cleaner);
    }
    Ok(options)
}

/// Checks that every input path exists, before any output is checked or
/// any work is done; the error is the corpus reader's.
pub fn check_inputs(args: &InputArgs) -> Result<()> {
    for input in inputs(args) {
        if let Input::Path(path) = input {
            if !path.exists() {
                return Err(CorpusError::MissingPath { path }).context("cannot read the corpus");
            }
        }
    }
    Ok(())
}

/// The inputs named on the command line.
pub fn inputs(args: &InputArgs) -> Vec<Input> {
    args.paths.iter().map(Input::from_arg).collect()
}

/// Reads every input into memory and prints the warnings (unless `quiet`).
pub fn read_corpus(args: &InputArgs, cleaning: Cleaning, quiet: bool) -> Result<Corpus> {
    read_labelled_corpus(args, cleaning, quiet, None)
}

/// [`read_corpus`], also reading each document's known class from the
/// field `label_field`.
pub fn read_labelled_corpus(
    args: &InputArgs,
    cleaning: Cleaning,
    quiet: bool,
    label_field: Option<&str>,
) -> Result<Corpus> {
    let options = read_options(args, cleaning)?.label_field(label_field.map(str::to_string));
    let corpus = match tidings_corpus::read(&inputs(args), &options) {
        Ok(corpus) => corpus,
        Err(err) => {
            // Say which files were skipped before saying nothing was left.
            if let (CorpusError::NoDocuments { warnings, .. }, false) = (&err, quiet) {
                print_warnings(warnings);
            }
            return Err(err).context("cannot read the corpus");
        }
    };
    if !quiet {
        print_warnings(&corpus.warnings);
    }
    Ok(corpus)
}

/// Prints warnings on stderr, at most a screenful, then a count of the rest,
/// then how many documents or files were skipped and why.
pub fn print_warnings(warnings: &[Warning]) {
    const SHOWN: usize = 20;
    for w in warnings.iter().take(SHOWN) {
        eprintln!("tidings: warning: {w}");
    }
    if warnings.len() > SHOWN {
        eprintln!(
            "tidings: warning: … and {} more warnings (see `tidings corpus stats --format json`)",
            warnings.len() - SHOWN
        );
    }
    let mut skipped = SkipSummary::default();
    for w in warnings {
        skipped.record(w);
    }
    if skipped.total() > 0 {
        eprintln!("tidings: warning: {skipped}");
    }
    let no_text = warnings
        .iter()
        .filter(|w| matches!(w, Warning::Empty { .. }))
        .count();
    if no_text > 0 {
        let s = if no_text == 1 { "" } else { "s" };
        eprintln!("tidings: warning: {no_text} document{s} without text, kept with no themes (an all-zero row in vectorize)");
    }
}

/// Applies `--dedupe` and says on stderr (unless `quiet`) which documents
/// repeat another's text and how they are counted.
pub fn handle_duplicates(corpus: &mut Corpus, dedupe: bool, quiet: bool) {
    if dedupe {
        corpus.count_duplicates_once();
    }
    let d = &corpus.duplicates;
    if quiet || d.sets == 0 {
        return;
    }
    let sets: Vec<String> = d
        .examples
        .iter()
        .take(3)
        .map(|ids| {
            let more = if ids.len() < 10 { "" } else { ", …" };
            format!("{}{more}", ids.join(", "))
        })
        .collect();
    let more = if d.sets > sets.len() { "; …" } else { "" };
    let set_word = if d.sets == 1 { "set" } else { "sets" };
    let counted = if d.counted_once {
        "each set counts once (--dedupe)"
    } else {
        "each copy counts (--dedupe counts each set once)"
    };
    eprintln!(
        "tidings: {} documents share their text with another, in {} {set_word} ({}{more}); {counted}",
        d.documents,
        d.sets,
        sets.join("; ")
    );
}
