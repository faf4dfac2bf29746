//! `tidings themes`: corpus → passages → TF-IDF → NMF themes → labels,
//! snippets and document weights.

use std::cell::RefCell;
use std::io::Write;

use anyhow::{bail, Context, Result};
use serde::Serialize;
use tidings_corpus::{Corpus, PassageOptions};
use tidings_tfidf::{DocFreq, IdfWeighting, Norm, TfWeighting, VectorizerParams};
use tidings_tokenize::NgramRange;
use tidings_topics::{
    read_theme_file, CountScore, DocumentThemes, PassageMap, Representative, SeedTheme, ThemeCount,
    ThemeData, ThemeFit, ThemesParams,
};

use crate::args::{PresetArg, TableFormat, ThemesArgs};
use crate::commands::input::{read_corpus, Cleaning};
use crate::commands::tokenize::analyzer_config;
use crate::output;

/// Passage bounds in characters: paragraph-sized pieces, short paragraphs
/// merged, long ones cut.
const PASSAGE_MIN_CHARS: usize = 200;
const PASSAGE_MAX_CHARS: usize = 1500;
/// A term must occur in at least this many passages (lowered on small
/// corpora to one passage in `PASSAGES_PER_MIN_DF`, but never below 2).
const MIN_DF: u64 = 5;
const PASSAGES_PER_MIN_DF: u64 = 20;
/// Terms in more than this share of the passages carry no theme.
const MAX_DF: f64 = 0.5;
/// Characters shown of a representative passage.
const SNIPPET_CHARS: usize = 240;

/// The `--themes` value.
fn theme_count(value: &str, n_documents: usize) -> Result<ThemeCount> {
    if value.eq_ignore_ascii_case("auto") {
        return Ok(auto_range(n_documents));
    }
    let n: usize = value
        .parse()
        .with_context(|| format!("invalid --themes {value:?}: expected a number or `auto`"))?;
    if n == 0 {
        bail!("--themes must be at least 1, got 0");
    }
    Ok(ThemeCount::Fixed(n))
}

/// The range tried by `--themes auto`: a handful of themes for a handful of
/// documents, more for larger corpora.
fn auto_range(n_documents: usize) -> ThemeCount {
    match n_documents {
        0..=50 => ThemeCount::Auto { min: 3, max: 8 },
        51..=2000 => ThemeCount::Auto { min: 5, max: 15 },
        _ => ThemeCount::Auto { min: 10, max: 25 },
    }
}

/// Passages of every document: `(document index, byte range)`.
fn passages(corpus: &Corpus) -> Result<Vec<(usize, std::ops::Range<usize>)>> {
    let options = PassageOptions::new(PASSAGE_MIN_CHARS, PASSAGE_MAX_CHARS)
        .context("invalid passage bounds")?;
    Ok(corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            doc.passages(&options)
                .into_iter()
                .filter(|p| !p.text(&doc.text).trim().is_empty())
                .map(move |p| (d, p.range()))
        })
        .collect())
}

pub fn run(args: ThemesArgs, quiet: bool) -> Result<()> {
    // Flags first, so that bad usage fails before the corpus is read.
    if !args.themes.eq_ignore_ascii_case("auto") {
        theme_count(&args.themes, 0)?;
    }
    let seeded: Vec<SeedTheme> = match &args.theme_file {
        Some(path) => read_theme_file(path)
            .with_context(|| format!("invalid theme file {}", path.display()))?,
        None => Vec::new(),
    };
    let analyzer = analyzer_config(PresetArg::Default, args.language.as_deref(), false, false)?;

    let corpus = read_corpus(&args.input, Cleaning::Clean, quiet)?;
    let count = theme_count(&args.themes, corpus.documents.len())?;
    let pieces = passages(&corpus)?;
    if pieces.is_empty() {
        bail!("the corpus has no text to find themes in");
    }
    let texts: Vec<&str> = pieces
        .iter()
        .map(|(d, r)| {
            corpus
                .documents
                .get(*d)
                .and_then(|doc| doc.text.get(r.clone()))
                .unwrap_or("")
        })
        .collect();

    // TF-IDF over passages, and raw counts over the same vocabulary for label scores.
    let n = texts.len() as u64;
    let min_df = (n / PASSAGES_PER_MIN_DF).clamp(2, MIN_DF);
    let params = VectorizerParams::default()
        .analyzer(analyzer)
        .min_df(DocFreq::Count(min_df))
        .max_df(DocFreq::Fraction(MAX_DF))
        .clamp_min_df(true);
    let vectorizer = params
        .clone()
        .check()
        .context("invalid vectorizer settings")?;
    let (model, tfidf) = vectorizer
        .fit_transform(&texts)
        .context("cannot build the TF-IDF matrix over passages")?;
    let (_, counts) = params
        .tf(TfWeighting::Raw)
        .idf(IdfWeighting::None)
        .norm(Norm::None)
        .check()
        .context("invalid vectorizer settings")?
        .fit_transform(&texts)
        .context("cannot count terms over passages")?;
    let features: Vec<String> = (0..model.n_features())
        .map(|j| {
            model
                .surface_form(j)
                .or_else(|| model.feature(j))
                .unwrap_or("")
                .to_string()
        })
        .collect();

    let documents: Vec<usize> = pieces.iter().map(|(d, _)| *d).collect();
    let lengths: Vec<f64> = pieces.iter().map(|(_, r)| r.len() as f64).collect();
    let map = PassageMap {
        documents: &documents,
        lengths: &lengths,
        n_documents: corpus.documents.len(),
    };
    let mut data = ThemeData::new(tfidf.view(), &features).with_passages(map);
    if counts.shape() == tfidf.shape() {
        data = data.with_counts(counts.view());
    }

    // Seeds go through the same analyzer as the passages: a phrase becomes
    // its terms joined by a space, the form n-gram features have.
    let session = RefCell::new(vectorizer.analyzer().session());
    let normalise = |text: &str| -> Vec<String> {
        let mut terms = Vec::new();
        session
            .borrow_mut()
            .terms(text, NgramRange::unigrams(), |t, _| {
                terms.push(t.to_string())
            });
        terms
    };
    let mut fit = ThemesParams::new()
        .themes(count)
        .seeded(seeded)
        .seed(args.seed)
        .check()
        .context("invalid theme settings")?
        .fit_with(&data, &normalise)
        .context("cannot fit themes")?;

    if !quiet {
        for u in &fit.report.unmatched_seeds {
            eprintln!("tidings: warning: {u}");
        }
    }
    fill_metadata(&mut fit, &corpus, &pieces);
    let summary = CorpusSummary {
        documents: corpus.documents.len(),
        passages: pieces.len(),
        features: features.len(),
        min_df,
        max_df: MAX_DF,
    };
    let mut out = output::stdout();
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &JsonReport::new(&fit, summary))
                .context("cannot write to standard output")?;
            writeln!(out).context("cannot write to standard output")?;
        }
        TableFormat::Table => {
            write_table(&mut out, &fit, &summary).context("cannot write to standard output")?
        }
    }
    out.flush().context("cannot write to standard output")?;
    Ok(())
}

/// Sets document ids and dates, and every representative's document id,
/// date, byte offsets and snippet.
fn fill_metadata(fit: &mut ThemeFit, corpus: &Corpus, pieces: &[(usize, std::ops::Range<usize>)]) {
    let docs = &corpus.documents;
    fit.report.set_document_meta(|i| match docs.get(i) {
        Some(d) => (d.id.clone(), d.date.map(|x| x.to_string())),
        None => (i.to_string(), None),
    });
    fit.report.fill_representatives(|r| {
        let (Some((d, range)), Some(doc)) = (pieces.get(r.passage), docs.get(r.document)) else {
            return;
        };
        debug_assert_eq!(*d, r.document);
        r.document_id = Some(doc.id.clone());
        r.date = doc.date.map(|x| x.to_string());
        r.bytes = Some([range.start, range.end]);
        r.snippet = Some(snippet(doc.text.get(range.clone()).unwrap_or("")));
    });
}

/// The start of a passage, whitespace collapsed, cut at a word boundary.
fn snippet(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= SNIPPET_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(SNIPPET_CHARS).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut.get(..end).unwrap_or(&cut).trim_end())
}

/// Sizes of the analysed matrix.
#[derive(Serialize)]
struct CorpusSummary {
    documents: usize,
    passages: usize,
    features: usize,
    min_df: u64,
    max_df: f64,
}

#[derive(Serialize)]
struct JsonModel<'a> {
    kind: String,
    n_themes: usize,
    seed: u64,
    iterations: Option<usize>,
    converged: Option<bool>,
    reconstruction_error: f64,
    relative_error: f64,
    #[serde(skip_serializing_if = "<[CountScore]>::is_empty")]
    selection: &'a [CountScore],
}

#[derive(Serialize)]
struct JsonSnippet<'a> {
    document: &'a str,
    date: Option<&'a str>,
    start: usize,
    end: usize,
    weight: f64,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonTheme<'a> {
    id: usize,
    label: &'a str,
    seeded: bool,
    terms: &'a [String],
    coherence: f64,
    exclusivity: f64,
    size: f64,
    snippets: Vec<JsonSnippet<'a>>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    corpus: CorpusSummary,
    model: JsonModel<'a>,
    themes: Vec<JsonTheme<'a>>,
    documents: &'a [DocumentThemes],
}

impl<'a> JsonReport<'a> {
    fn new(fit: &'a ThemeFit, corpus: CorpusSummary) -> Self {
        let r = &fit.report;
        let m = &r.model;
        JsonReport {
            corpus,
            model: JsonModel {
                kind: format!("{:?}", m.kind).to_lowercase(),
                n_themes: m.n_themes,
                seed: m.seed,
                iterations: m.iterations,
                converged: m.converged,
                reconstruction_error: m.reconstruction_error,
                relative_error: m.relative_error,
                selection: &r.selection,
            },
            themes: r
                .themes
                .iter()
                .map(|t| JsonTheme {
                    id: t.id,
                    label: &t.label,
                    seeded: t.seeded,
                    terms: &t.terms,
                    coherence: t.coherence,
                    exclusivity: t.exclusivity,
                    size: t.size,
                    snippets: t.representatives.iter().map(json_snippet).collect(),
                })
                .collect(),
            documents: &r.documents,
        }
    }
}

fn json_snippet(r: &Representative) -> JsonSnippet<'_> {
    let [start, end] = r.bytes.unwrap_or([0, 0]);
    JsonSnippet {
        document: r.document_id.as_deref().unwrap_or(""),
        date: r.date.as_deref(),
        start,
        end,
        weight: r.weight,
        text: r.snippet.as_deref().unwrap_or(""),
    }
}

fn write_table(
    out: &mut impl Write,
    fit: &ThemeFit,
    corpus: &CorpusSummary,
) -> std::io::Result<()> {
    let r = &fit.report;
    let m = &r.model;
    writeln!(
        out,
        "{} documents, {} passages, {} terms; {} themes by {:?}",
        corpus.documents, corpus.passages, corpus.features, m.n_themes, m.kind
    )?;
    if !r.selection.is_empty() {
        let tried: Vec<String> = r
            .selection
            .iter()
            .map(|s| format!("{}: {:+.3}", s.k, s.coherence))
            .collect();
        writeln!(
            out,
            "number of themes chosen by mean coherence ({})",
            tried.join(", ")
        )?;
    }
    if let Some(it) = m.iterations {
        let state = if m.converged == Some(true) {
            "converged"
        } else {
            "iteration limit"
        };
        writeln!(
            out,
            "{it} iterations ({state}), relative reconstruction error {:.3}",
            m.relative_error
        )?;
    }
    for t in &r.themes {
        writeln!(out)?;
        writeln!(
            out,
            "{:>2}  {}{}",
            t.id,
            t.label,
            if t.seeded { "  (from theme file)" } else { "" }
        )?;
        writeln!(
            out,
            "    size {:.1}%  coherence {:+.3}  exclusivity {:.2}",
            t.size * 100.0,
            t.coherence,
            t.exclusivity
        )?;
        writeln!(out, "    terms: {}", t.terms.join(", "))?;
        for rep in &t.representatives {
            let [start, end] = rep.bytes.unwrap_or([0, 0]);
            writeln!(
                out,
                "    - {} ({}) bytes {start}..{end}: {}",
                rep.document_id.as_deref().unwrap_or("?"),
                rep.date.as_deref().unwrap_or("undated"),
                rep.snippet.as_deref().unwrap_or("")
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_counts() {
        assert!(theme_count("0", 5).is_err());
        assert!(theme_count("many", 5).is_err());
        assert_eq!(theme_count("4", 5).unwrap(), ThemeCount::Fixed(4));
        assert_eq!(
            theme_count("AUTO", 5).unwrap(),
            ThemeCount::Auto { min: 3, max: 8 }
        );
    }

    #[test]
    fn snippets_cut_at_words() {
        assert_eq!(snippet("  a\n\nb  c "), "a b c");
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with("word…"));
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
    }
}
