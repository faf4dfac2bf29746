//! The analysis pipeline: documents → passages → TF-IDF → themes → document
//! weights, either fitted on the corpus ([`ValidAnalysisParams::analyze`])
//! or applied from a saved [`ReportModel`] ([`ReportModel::apply`]).

use std::ops::Range;

use serde::Serialize;
use sprs::CsMat;
use tidings_corpus::{Corpus, PassageOptions};
use tidings_tfidf::{
    AnalyzerConfig, DocFreq, IdfWeighting, Norm, TfWeighting, TfidfModel, VectorizerParams,
};
use tidings_tokenize::NgramRange;
use tidings_topics::{
    drop_unmatched_themes, explain_unmatched, CountScore, PassageMap, SeedTheme, ThemeCount,
    ThemeData, ThemeFit, ThemesParams,
};

use crate::error::ReportError;
use crate::model::ReportModel;

/// One passage: the document it belongs to and its byte range in the
/// document's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassageRef {
    /// Index of the document in the corpus.
    pub document: usize,
    /// Byte range in the document's text.
    pub range: Range<usize>,
}

/// Sizes of the analysed matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixSummary {
    /// Documents in the corpus.
    pub documents: usize,
    /// Passages analysed (rows of the matrix).
    pub passages: usize,
    /// Features (columns of the matrix).
    pub features: usize,
    /// Minimum passage frequency of a feature (`None` with a saved model).
    pub min_df: Option<u64>,
    /// Maximum passage share of a feature (`None` with a saved model).
    pub max_df: Option<f64>,
}

/// The result of analysing a corpus.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The model: tokenizer, vectorizer and themes. Save it to report on new
    /// documents with the same themes.
    pub model: ReportModel,
    /// Theme weights of passages and documents, and the themes report, with
    /// document ids, dates and representative snippets filled in.
    pub fit: ThemeFit,
    /// The passages, one per matrix row.
    pub passages: Vec<PassageRef>,
    /// Sizes of the analysed matrix.
    pub summary: MatrixSummary,
    /// Length of every document in bytes of analysed passage text (the
    /// weight of the document in period shares).
    pub document_lengths: Vec<f64>,
    /// Every document's TF-IDF mass per feature (its passages' rows
    /// summed), sorted by feature: the input of per-period top terms.
    pub document_terms: Vec<Vec<(usize, f64)>>,
    /// Wall-clock time of each stage, in order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Settings of the analysis, checked by [`AnalysisParams::check`].
///
/// ```
/// use tidings_report::AnalysisParams;
/// use tidings_topics::ThemeCount;
/// let params = AnalysisParams::new().themes(ThemeCount::Fixed(0));
/// assert!(params.check().is_err());
/// ```
#[derive(Debug, Clone)]
pub struct AnalysisParams {
    analyzer: AnalyzerConfig,
    passage_min_chars: usize,
    passage_max_chars: usize,
    min_df: u64,
    passages_per_min_df: u64,
    max_df: f64,
    themes: Option<ThemeCount>,
    seeded: Vec<SeedTheme>,
    seed: u64,
    selection_rows: usize,
    selection_counts: usize,
    selection_iterations: usize,
    max_features: Option<usize>,
    max_vocabulary: Option<usize>,
    fit_rows: usize,
    representatives: usize,
    snippet_chars: usize,
}

impl Default for AnalysisParams {
    fn default() -> Self {
        Self::new()
    }
}

impl AnalysisParams {
    /// The defaults, documented on each setter.
    pub fn new() -> Self {
        Self {
            analyzer: AnalyzerConfig::default(),
            passage_min_chars: 200,
            passage_max_chars: 1500,
            min_df: 5,
            passages_per_min_df: 20,
            max_df: 0.5,
            themes: None,
            seeded: Vec::new(),
            seed: 0,
            selection_rows: 6_000,
            selection_counts: 6,
            selection_iterations: 100,
            max_features: Some(50_000),
            max_vocabulary: None,
            fit_rows: 60_000,
            representatives: 2,
            snippet_chars: 240,
        }
    }

    /// The tokenizer. By default, [`AnalyzerConfig::default`]: compounds
    /// kept, English stopwords removed, Snowball stems, uni- and bigrams.
    pub fn analyzer(mut self, analyzer: AnalyzerConfig) -> Self {
        self.analyzer = analyzer;
        self
    }

    /// Passage bounds in characters: short paragraphs are merged up to
    /// `min`, long ones cut below `max`. By default, 200 and 1500.
    pub fn passage_chars(mut self, min: usize, max: usize) -> Self {
        self.passage_min_chars = min;
        self.passage_max_chars = max;
        self
    }

    /// A feature must occur in at least `min_df` passages. On small corpora
    /// this is lowered to one passage in 20, but never below 2. By default, 5.
    pub fn min_df(mut self, min_df: u64) -> Self {
        self.min_df = min_df;
        self
    }

    /// Features in more than this share of the passages are dropped: they
    /// carry no theme. By default, 0.5.
    pub fn max_df(mut self, max_df: f64) -> Self {
        self.max_df = max_df;
        self
    }

    /// The number of themes. By default, `auto` within a range that grows
    /// with the corpus: 3–8 up to 50 documents, 5–15 up to 2,000, and
    /// beyond that from √n / 3.5 (13 at 2,001 documents, 30 at 11,000, at
    /// most 40) to half as much again ([`auto_theme_range`]).
    pub fn themes(mut self, count: ThemeCount) -> Self {
        self.themes = Some(count);
        self
    }

    /// Named themes with seed terms; they come first, in the given order.
    /// By default, none.
    pub fn seeded(mut self, themes: Vec<SeedTheme>) -> Self {
        self.seeded = themes;
        self
    }

    /// The random seed. By default, 0.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// With `auto` themes and more passages than this, the number of themes
    /// is chosen on an evenly spaced sample of this many passages, then the
    /// model is fitted on all of them. By default, 12,000.
    pub fn selection_rows(mut self, rows: usize) -> Self {
        self.selection_rows = rows;
        self
    }

    /// With `auto` themes on a large corpus (more passages than
    /// [`selection_rows`](Self::selection_rows)), at most this many counts
    /// are tried, evenly spread over the range, each fitted with at most
    /// `iterations` NMF iterations. By default, 6 counts and 100 iterations.
    pub fn selection_grid(mut self, counts: usize, iterations: usize) -> Self {
        self.selection_counts = counts;
        self.selection_iterations = iterations;
        self
    }

    /// Keep at most this many features (the most frequent) in the theme
    /// model; `None` keeps all that pass the document-frequency bounds.
    /// By default, 50,000: rarer terms and phrases do not shape themes, and
    /// the model's cost grows with the number of features.
    pub fn max_features(mut self, n: Option<usize>) -> Self {
        self.max_features = n;
        self
    }

    /// Hold at most this many distinct terms while counting, pruning the
    /// rarest after each batch (see `VectorizerParams::max_vocabulary`): a
    /// memory bound for huge or hostile corpora. By default, no limit.
    pub fn max_vocabulary(mut self, n: Option<usize>) -> Self {
        self.max_vocabulary = n;
        self
    }

    /// With more passages than this, the theme model is fitted on an evenly
    /// spaced sample of this many passages; every passage is then weighed
    /// against the fitted themes by non-negative least squares. By default,
    /// 60,000.
    pub fn fit_rows(mut self, rows: usize) -> Self {
        self.fit_rows = rows;
        self
    }

    /// Representative passages kept per theme. By default, 2.
    pub fn representatives(mut self, n: usize) -> Self {
        self.representatives = n;
        self
    }

    /// Characters shown of a representative passage. By default, 240.
    pub fn snippet_chars(mut self, n: usize) -> Self {
        self.snippet_chars = n;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// [`ReportError::InvalidParameter`] naming the bad value, or the
    /// corpus layer's error for bad passage bounds.
    pub fn check(self) -> Result<ValidAnalysisParams, ReportError> {
        PassageOptions::new(self.passage_min_chars, self.passage_max_chars)?;
        if self.min_df == 0 {
            return Err(ReportError::InvalidParameter {
                name: "min_df",
                value: "0".into(),
                expected: "at least 1",
            });
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(ReportError::InvalidParameter {
                name: "max_df",
                value: self.max_df.to_string(),
                expected: "a fraction in (0, 1]",
            });
        }
        match self.themes {
            Some(ThemeCount::Fixed(0)) => {
                return Err(ReportError::InvalidParameter {
                    name: "themes",
                    value: "0".into(),
                    expected: "at least 1",
                })
            }
            Some(ThemeCount::Auto { min, max }) if min < 2 || min > max => {
                return Err(ReportError::InvalidParameter {
                    name: "themes",
                    value: format!("auto {min}..={max}"),
                    expected: "2 <= min <= max",
                })
            }
            _ => {}
        }
        if self.selection_counts < 2 || self.selection_iterations == 0 {
            return Err(ReportError::InvalidParameter {
                name: "selection_grid",
                value: format!(
                    "{} counts, {} iterations",
                    self.selection_counts, self.selection_iterations
                ),
                expected: "at least 2 counts and 1 iteration",
            });
        }
        if self.max_vocabulary == Some(0) {
            return Err(ReportError::InvalidParameter {
                name: "max_vocabulary",
                value: "0".into(),
                expected: "at least 1, or none",
            });
        }
        if self.max_features == Some(0) {
            return Err(ReportError::InvalidParameter {
                name: "max_features",
                value: "0".into(),
                expected: "at least 1, or none",
            });
        }
        if self.fit_rows < 100 {
            return Err(ReportError::InvalidParameter {
                name: "fit_rows",
                value: self.fit_rows.to_string(),
                expected: "at least 100",
            });
        }
        if self.selection_rows < 100 {
            return Err(ReportError::InvalidParameter {
                name: "selection_rows",
                value: self.selection_rows.to_string(),
                expected: "at least 100",
            });
        }
        Ok(ValidAnalysisParams(self))
    }
}

/// Checked [`AnalysisParams`].
#[derive(Debug, Clone)]
pub struct ValidAnalysisParams(AnalysisParams);

/// The range tried by `auto`: a handful of themes for a handful of
/// documents, more for larger corpora.
pub fn auto_theme_range(n_documents: usize) -> ThemeCount {
    match n_documents {
        0..=50 => ThemeCount::Auto { min: 3, max: 8 },
        51..=2000 => ThemeCount::Auto { min: 5, max: 15 },
        n => {
            // Above 2,000 documents the lower end grows with the square
            // root of the corpus (as the classic √(n/2) rule for clusters),
            // from 13 themes at 2,001 documents to its cap of 40 from about
            // 19,600; the upper end is half as much again.
            let min = ((n as f64).sqrt() / 3.5).round().clamp(10.0, 40.0) as usize;
            ThemeCount::Auto {
                min,
                max: min + min / 2,
            }
        }
    }
}

impl ValidAnalysisParams {
    /// The settings.
    pub fn params(&self) -> &AnalysisParams {
        &self.0
    }

    /// Fits the vectorizer and the themes on `corpus`.
    ///
    /// # Errors
    /// [`ReportError::NoText`] when no document has text,
    /// [`ReportError::NoTerms`] when pruning leaves no feature, and the
    /// errors of the vectorizer and the theme model (for example more themes
    /// than passages).
    pub fn analyze(&self, corpus: &Corpus) -> Result<Analysis, ReportError> {
        let p = &self.0;
        let mut clock = Clock::new();
        let options = PassageOptions::new(p.passage_min_chars, p.passage_max_chars)?;
        let pieces = passages(corpus, &options)?;
        let texts = passage_texts(corpus, &pieces);

        let n = texts.len() as u64;
        let min_df = (n / p.passages_per_min_df).clamp(2.min(p.min_df), p.min_df);
        // A handful of passages cannot satisfy both bounds (at least two
        // passages, at most half of three): drop the upper bound then.
        let max_df = if p.max_df * (n as f64) < min_df.min(n) as f64 {
            1.0
        } else {
            p.max_df
        };
        let params = VectorizerParams::default()
            .analyzer(p.analyzer.clone())
            .min_df(DocFreq::Count(min_df))
            .max_df(DocFreq::Fraction(max_df))
            .max_features(p.max_features)
            .max_vocabulary(p.max_vocabulary)
            .clamp_min_df(true);
        let (tf, idf, norm) = (params.tf, params.idf, params.norm);
        // Tokenize once: raw counts (for label scores), then the same
        // vocabulary reweighted into TF-IDF.
        let vectorizer = params
            .tf(TfWeighting::Raw)
            .idf(IdfWeighting::None)
            .norm(Norm::None)
            .check()?;
        let (count_model, counts) = vectorizer.fit_transform(&texts)?;
        let tfidf_model = count_model.reweighted(tf, idf, norm);
        drop(count_model);
        let tfidf = tfidf_model.weigh_counts(&counts)?;
        clock.lap("tf-idf");
        if tfidf.nnz() == 0 || tfidf_model.n_features() == 0 {
            return Err(ReportError::NoTerms {
                passages: pieces.len(),
            });
        }
        let features = surface_features(&tfidf_model);

        let documents: Vec<usize> = pieces.iter().map(|p| p.document).collect();
        let lengths: Vec<f64> = pieces.iter().map(|p| p.range.len() as f64).collect();
        let terms = document_terms(corpus.documents.len(), &pieces, &tfidf);
        let full_map = PassageMap {
            documents: &documents,
            lengths: &lengths,
            n_documents: corpus.documents.len(),
        };

        // Seeds go through the same analyzer as the passages: a phrase
        // becomes its terms joined by a space, the form n-gram features have.
        let analyzer = vectorizer.analyzer();
        let normalise = |text: &str| -> Vec<String> {
            let mut session = analyzer.session();
            let mut terms = Vec::new();
            session.terms(text, NgramRange::unigrams(), |t, _| {
                terms.push(t.to_string())
            });
            terms
        };
        let mut count = fit_auto_range(
            p.themes
                .unwrap_or_else(|| auto_theme_range(corpus.documents.len())),
            tfidf.rows().min(tfidf.cols()),
        );
        // A seeded theme none of whose seeds survived pruning is dropped
        // rather than named over unrelated terms (issue 14).
        let (seeded, dropped) = drop_unmatched_themes(&p.seeded, &features, &normalise);
        let base = ThemesParams::new()
            .seeded(seeded)
            .seed(p.seed)
            .representatives(p.representatives);
        let n_rows = pieces.len();
        // A sample of rows with its own passage map and counts.
        let sample = |k: usize| {
            let rows = sample_rows(n_rows, k);
            let (docs, n_docs) = compact_documents(&rows, &documents);
            let lens: Vec<f64> = rows.iter().map(|&r| lengths[r]).collect();
            (
                select_rows(&tfidf, &rows),
                select_rows(&counts, &rows),
                docs,
                n_docs,
                lens,
            )
        };
        let mut selection = Vec::new();
        if let ThemeCount::Auto { min, max } = count {
            if n_rows > p.selection_rows {
                // Choose the count on an evenly spaced sample.
                let (x, c, docs, n_docs, lens) = sample(p.selection_rows);
                // Only the terms the sample uses: the probes' cost grows
                // with the number of columns (a third of them remain on the
                // UN corpus).
                let (x, c, sample_features) = used_columns(&x, &c, &features);
                let map = PassageMap {
                    documents: &docs,
                    lengths: &lens,
                    n_documents: n_docs,
                };
                let data = ThemeData::new(x.view(), &sample_features)
                    .with_passages(map)
                    .with_counts(c.view());
                let mut best: Option<(f64, usize)> = None;
                for k in count_grid(min, max, p.selection_counts) {
                    let probe = base
                        .clone()
                        .themes(ThemeCount::Fixed(k))
                        .max_iter(p.selection_iterations)
                        .check()?
                        .fit_with(&data, &normalise)?;
                    let themes = &probe.report.themes;
                    let coherence = themes.iter().map(|t| t.coherence).sum::<f64>()
                        / themes.len().max(1) as f64;
                    selection.push(CountScore {
                        k,
                        coherence,
                        relative_error: probe.report.model.relative_error,
                    });
                    if best.is_none_or(|(c, _)| coherence > c) {
                        best = Some((coherence, k));
                    }
                }
                if let Some((_, k)) = best {
                    count = ThemeCount::Fixed(k);
                }
                clock.lap("theme count");
            }
        }
        let theme_params = base.themes(count).check()?;
        let mut fit = if n_rows > p.fit_rows {
            // Fit on an evenly spaced sample, then weigh every passage
            // against the fitted components.
            let (x, c, docs, n_docs, lens) = sample(p.fit_rows);
            let map = PassageMap {
                documents: &docs,
                lengths: &lens,
                n_documents: n_docs,
            };
            let data_sample = ThemeData::new(x.view(), &features)
                .with_passages(map)
                .with_counts(c.view());
            // The sample holds its own counts; the full ones are not needed
            // again.
            drop(counts);
            let sampled = theme_params.fit_with(&data_sample, &normalise)?;
            // The full matrix goes to the weighing by value (no copy).
            let mut fit = sampled
                .model
                .apply_owned(tfidf, Some(full_map), p.representatives)?;
            fit.report.model.iterations = sampled.report.model.iterations;
            fit.report.model.converged = sampled.report.model.converged;
            fit.report.unmatched_seeds = sampled.report.unmatched_seeds;
            fit.report.selection = sampled.report.selection;
            fit
        } else {
            let data = ThemeData::new(tfidf.view(), &features)
                .with_passages(full_map)
                .with_counts(counts.view());
            theme_params.fit_with(&data, &normalise)?
        };
        if !selection.is_empty() {
            fit.report.selection = selection;
        }
        fit.report.unmatched_seeds.extend(dropped);
        explain_unmatched(
            &mut fit.report.unmatched_seeds,
            texts.iter().copied(),
            &normalise,
            min_df,
        );
        clock.lap("themes");

        let model = ReportModel::new(options, tfidf_model, fit.model.clone());
        let summary = MatrixSummary {
            documents: corpus.documents.len(),
            passages: pieces.len(),
            features: features.len(),
            min_df: Some(min_df),
            max_df: Some(max_df),
        };
        let mut analysis = finish(corpus, fit, pieces, terms, model, summary, p.snippet_chars);
        clock.lap("documents");
        analysis.timings = clock.laps;
        Ok(analysis)
    }
}

impl ReportModel {
    /// Applies the saved tokenizer, vectorizer and themes to `corpus`:
    /// the same themes, with the same ids and labels, measured on new
    /// documents. `representatives` passages are kept per theme.
    ///
    /// # Errors
    /// [`ReportError::NoText`] when no document has text, and the errors of
    /// the vectorizer and the theme model.
    pub fn apply(&self, corpus: &Corpus, representatives: usize) -> Result<Analysis, ReportError> {
        let mut clock = Clock::new();
        let options = self.passage_options()?;
        let pieces = passages(corpus, &options)?;
        let texts = passage_texts(corpus, &pieces);
        clock.lap("passages");
        let tfidf = self.vectorizer.transform(&texts)?;
        clock.lap("tf-idf");
        let documents: Vec<usize> = pieces.iter().map(|p| p.document).collect();
        let lengths: Vec<f64> = pieces.iter().map(|p| p.range.len() as f64).collect();
        let map = PassageMap {
            documents: &documents,
            lengths: &lengths,
            n_documents: corpus.documents.len(),
        };
        let features = self.themes.features();
        let terms = document_terms(corpus.documents.len(), &pieces, &tfidf);
        let fit = self.themes.apply_owned(tfidf, Some(map), representatives)?;
        clock.lap("themes");
        let summary = MatrixSummary {
            documents: corpus.documents.len(),
            passages: pieces.len(),
            features: features.len(),
            min_df: None,
            max_df: None,
        };
        let mut analysis = finish(
            corpus,
            fit,
            pieces,
            terms,
            self.clone(),
            summary,
            crate::DEFAULT_SNIPPET_CHARS,
        );
        clock.lap("documents");
        analysis.timings = clock.laps;
        Ok(analysis)
    }
}

/// Each document's length and its passages' TF-IDF rows summed per term
/// (sorted by term), for the per-period top terms.
fn document_terms(
    n_documents: usize,
    pieces: &[PassageRef],
    tfidf: &CsMat<f64>,
) -> (Vec<f64>, Vec<Vec<(usize, f64)>>) {
    let mut document_lengths = vec![0.0; n_documents];
    let mut document_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_documents];
    // Passages come in document order: each document's terms are merged
    // (summed per term) as soon as its last passage is in, so the unmerged
    // entries of only one document are held at a time.
    let merge = |terms: &mut Vec<(usize, f64)>| {
        terms.sort_by_key(|&(j, _)| j);
        terms.dedup_by(|later, earlier| {
            if later.0 == earlier.0 {
                earlier.1 += later.1;
                true
            } else {
                false
            }
        });
        terms.shrink_to_fit();
    };
    for (row, piece) in pieces.iter().enumerate() {
        if let Some(l) = document_lengths.get_mut(piece.document) {
            *l += piece.range.len() as f64;
        }
        if let (Some(terms), Some(vec)) = (
            document_terms.get_mut(piece.document),
            tfidf.outer_view(row),
        ) {
            terms.extend(vec.iter().map(|(j, &v)| (j, v)));
            let last = pieces
                .get(row + 1)
                .is_none_or(|next| next.document != piece.document);
            if last {
                merge(terms);
            }
        }
    }
    (document_lengths, document_terms)
}

/// Fills document metadata and snippets, and sums passage rows per document.
fn finish(
    corpus: &Corpus,
    mut fit: ThemeFit,
    pieces: Vec<PassageRef>,
    (document_lengths, document_terms): (Vec<f64>, Vec<Vec<(usize, f64)>>),
    model: ReportModel,
    summary: MatrixSummary,
    snippet_chars: usize,
) -> Analysis {
    let docs = &corpus.documents;
    fit.report.set_document_meta(|i| match docs.get(i) {
        Some(d) => (d.id.clone(), d.date.map(|x| x.to_string())),
        None => (i.to_string(), None),
    });
    // Every document keeps its entry; one without a theme says why.
    for (d, doc) in fit.report.documents.iter_mut().zip(docs) {
        if d.themes.is_empty() {
            d.reason = Some(match doc.no_text {
                Some(what) => format!("no text ({what})"),
                None => "no term of the vocabulary (only stop words or rare words)".to_string(),
            });
        }
    }
    fit.report.fill_representatives(|r| {
        let (Some(piece), Some(doc)) = (pieces.get(r.passage), docs.get(r.document)) else {
            return;
        };
        r.document_id = Some(doc.id.clone());
        r.date = doc.date.map(|x| x.to_string());
        r.bytes = Some([piece.range.start, piece.range.end]);
        r.snippet = Some(snippet(
            doc.text.get(piece.range.clone()).unwrap_or(""),
            snippet_chars,
        ));
    });
    Analysis {
        model,
        fit,
        passages: pieces,
        summary,
        document_lengths,
        document_terms,
        timings: Vec::new(),
    }
}

/// Stage timings.
struct Clock {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Clock {
    fn new() -> Self {
        Self {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Passages of every document that have any non-space text.
///
/// # Errors
/// [`ReportError::NoText`] when no document has any.
fn passages(corpus: &Corpus, options: &PassageOptions) -> Result<Vec<PassageRef>, ReportError> {
    let pieces: Vec<PassageRef> = corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            doc.passages(options)
                .into_iter()
                .filter(|p| !p.text(&doc.text).trim().is_empty())
                .map(move |p| PassageRef {
                    document: d,
                    range: p.range(),
                })
        })
        .collect();
    if pieces.is_empty() {
        return Err(ReportError::NoText {
            documents: corpus.documents.len(),
        });
    }
    Ok(pieces)
}

fn passage_texts<'a>(corpus: &'a Corpus, pieces: &[PassageRef]) -> Vec<&'a str> {
    pieces
        .iter()
        .map(|p| {
            corpus
                .documents
                .get(p.document)
                .and_then(|doc| doc.text.get(p.range.clone()))
                .unwrap_or("")
        })
        .collect()
}

/// Feature names in their most common surface form. The surface of an
/// n-gram is the text it spans; punctuation between its words ("Electric
/// (GE") and line breaks are dropped so that it reads as a phrase.
fn surface_features(model: &TfidfModel) -> Vec<String> {
    (0..model.n_features())
        .map(|j| {
            let surface = model
                .surface_form(j)
                .or_else(|| model.feature(j))
                .unwrap_or("");
            let ngram = model.feature(j).is_some_and(|f| f.contains(' '));
            if ngram {
                phrase_surface(surface)
            } else {
                surface.to_string()
            }
        })
        .collect()
}

/// `text` as words separated by single spaces, each word stripped of the
/// brackets, quotes and separators around it (inner hyphens, apostrophes
/// and dots stay: "Indo-Pacific", "India's", "U.S.").
fn phrase_surface(text: &str) -> String {
    const AROUND: &[char] = &[
        '(', ')', '[', ']', '{', '}', '"', '\'', '“', '”', '‘', '’', '«', '»', ',', ';', ':', '!',
        '?', '/', '|', '*', '—', '–',
    ];
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(AROUND))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        text.trim().to_string()
    } else {
        words.join(" ")
    }
}

/// An `auto` range narrowed to what a matrix with `limit = min(rows,
/// columns)` supports (a tiny corpus gets fewer themes, not an error); a
/// fixed count is left as asked, so that too many themes is an error.
fn fit_auto_range(count: ThemeCount, limit: usize) -> ThemeCount {
    match count {
        ThemeCount::Auto { min, max } => {
            let max = max.min(limit);
            if max < 2 {
                ThemeCount::Fixed(max.max(1))
            } else {
                ThemeCount::Auto {
                    min: min.clamp(2, max),
                    max,
                }
            }
        }
        fixed => fixed,
    }
}

/// At most `n` counts spread evenly over `min..=max`, both ends included.
fn count_grid(min: usize, max: usize, n: usize) -> Vec<usize> {
    let span = max.saturating_sub(min);
    if span < n || n < 2 {
        return (min..=max).collect();
    }
    let mut grid: Vec<usize> = (0..n)
        .map(|i| min + (i * span + (n - 1) / 2) / (n - 1))
        .collect();
    grid.dedup();
    grid
}

/// `k` evenly spaced row indices out of `n` (all of them when `k >= n`).
fn sample_rows(n: usize, k: usize) -> Vec<usize> {
    if k >= n {
        return (0..n).collect();
    }
    (0..k).map(|i| i * n / k).collect()
}

/// The rows `rows` of `m`, in order.
fn select_rows(m: &CsMat<f64>, rows: &[usize]) -> CsMat<f64> {
    let mut indptr = Vec::with_capacity(rows.len() + 1);
    let mut indices = Vec::new();
    let mut data = Vec::new();
    indptr.push(0);
    for &r in rows {
        if let Some(v) = m.outer_view(r) {
            for (j, &x) in v.iter() {
                indices.push(j);
                data.push(x);
            }
        }
        indptr.push(indices.len());
    }
    CsMat::new((rows.len(), m.cols()), indptr, indices, data)
}

/// `x` and `counts` (same shape) keeping only the columns used by at least
/// two rows of `x` (a term seen once co-occurs with nothing and can shape
/// no theme in the sample), and the names of the columns kept.
fn used_columns(
    x: &CsMat<f64>,
    counts: &CsMat<f64>,
    features: &[String],
) -> (CsMat<f64>, CsMat<f64>, Vec<String>) {
    let mut rows_with = vec![0usize; x.cols()];
    for &j in x.indices() {
        if let Some(n) = rows_with.get_mut(j) {
            *n += 1;
        }
    }
    let mut new_index = vec![usize::MAX; x.cols()];
    let mut kept = Vec::new();
    for (j, &n) in rows_with.iter().enumerate() {
        if n >= 2 {
            new_index[j] = kept.len();
            kept.push(features.get(j).cloned().unwrap_or_default());
        }
    }
    let remap = |m: &CsMat<f64>| {
        let mut indptr = Vec::with_capacity(m.rows() + 1);
        let mut indices = Vec::with_capacity(m.nnz());
        let mut data = Vec::with_capacity(m.nnz());
        indptr.push(0);
        for row in m.outer_iterator() {
            for (j, &v) in row.iter() {
                if let Some(&n) = new_index.get(j).filter(|&&n| n != usize::MAX) {
                    indices.push(n);
                    data.push(v);
                }
            }
            indptr.push(indices.len());
        }
        CsMat::new((m.rows(), kept.len()), indptr, indices, data)
    };
    let (x2, c2) = (remap(x), remap(counts));
    (x2, c2, kept)
}

/// Renumbers the documents of the selected rows `0..n`, in order of first
/// appearance.
fn compact_documents(rows: &[usize], documents: &[usize]) -> (Vec<usize>, usize) {
    let mut next = 0;
    let mut last: Option<(usize, usize)> = None;
    let mut map = std::collections::HashMap::new();
    let out = rows
        .iter()
        .map(|&r| {
            let d = documents.get(r).copied().unwrap_or(0);
            if let Some((prev, id)) = last {
                if prev == d {
                    return id;
                }
            }
            let id = *map.entry(d).or_insert_with(|| {
                next += 1;
                next - 1
            });
            last = Some((d, id));
            id
        })
        .collect();
    (out, next)
}

/// The start of a passage, whitespace collapsed, cut at a word boundary.
pub fn snippet(text: &str, max_chars: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut.get(..end).unwrap_or(&cut).trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_at_words() {
        assert_eq!(snippet("  a\n\nb  c ", 240), "a b c");
        let long = "word ".repeat(100);
        let s = snippet(&long, 240);
        assert!(s.ends_with("word…"));
        assert!(s.chars().count() <= 241);
    }

    #[test]
    fn auto_ranges_fit_small_matrices() {
        let auto = ThemeCount::Auto { min: 3, max: 8 };
        assert_eq!(fit_auto_range(auto, 100), auto);
        assert_eq!(fit_auto_range(auto, 5), ThemeCount::Auto { min: 3, max: 5 });
        assert_eq!(fit_auto_range(auto, 2), ThemeCount::Auto { min: 2, max: 2 });
        assert_eq!(fit_auto_range(auto, 1), ThemeCount::Fixed(1));
        assert_eq!(
            fit_auto_range(ThemeCount::Fixed(9), 1),
            ThemeCount::Fixed(9)
        );
    }

    #[test]
    fn auto_ranges_grow_with_the_corpus() {
        let range = |n| match auto_theme_range(n) {
            ThemeCount::Auto { min, max } => (min, max),
            ThemeCount::Fixed(k) => (k, k),
        };
        assert_eq!(range(5), (3, 8));
        assert_eq!(range(2000), (5, 15));
        assert_eq!(range(2001), (13, 19));
        assert_eq!(range(10_952), (30, 45));
        assert_eq!(range(10_000_000), (40, 60));
        let mut last = (0, 0);
        for n in (0..200_000).step_by(997) {
            let r = range(n);
            assert!(r.0 >= last.0 && r.1 >= last.1 && r.0 < r.1, "{n}: {r:?}");
            last = r;
        }
    }

    #[test]
    fn sample_columns_used_once_are_dropped() {
        // Column 0 in two rows, column 1 in one, column 2 in none, column 3 in two.
        let x = CsMat::new(
            (3, 4),
            vec![0, 2, 4, 5],
            vec![0, 1, 0, 3, 3],
            vec![1.0, 2.0, 3.0, 4.0, 5.0],
        );
        let c = x.map(|v| v * 10.0);
        let names: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let (x2, c2, kept) = used_columns(&x, &c, &names);
        assert_eq!(kept, ["a", "d"]);
        assert_eq!(x2.cols(), 2);
        assert_eq!(x2.indptr().raw_storage(), &[0, 1, 3, 4]);
        assert_eq!(x2.indices(), &[0, 0, 1, 1]);
        assert_eq!(x2.data(), &[1.0, 3.0, 4.0, 5.0]);
        assert_eq!(c2.data(), &[10.0, 30.0, 40.0, 50.0]);
    }

    #[test]
    fn count_grids_keep_both_ends() {
        assert_eq!(count_grid(10, 25, 6), [10, 13, 16, 19, 22, 25]);
        assert_eq!(count_grid(3, 8, 6), [3, 4, 5, 6, 7, 8]);
        assert_eq!(count_grid(5, 15, 6), [5, 7, 9, 11, 13, 15]);
    }

    #[test]
    fn phrase_surfaces_read_as_phrases() {
        assert_eq!(phrase_surface("Electric (GE"), "Electric GE");
        assert_eq!(phrase_surface("defence\nindustrial"), "defence industrial");
        assert_eq!(phrase_surface("India's “free"), "India's free");
        assert_eq!(phrase_surface("U.S. forces"), "U.S. forces");
        assert_eq!(
            phrase_surface("free and open Indo-Pacific"),
            "free and open Indo-Pacific"
        );
    }

    #[test]
    fn samples_are_even_and_sorted() {
        assert_eq!(sample_rows(10, 5), [0, 2, 4, 6, 8]);
        assert_eq!(sample_rows(3, 5), [0, 1, 2]);
    }

    #[test]
    fn documents_are_renumbered() {
        let (docs, n) = compact_documents(&[0, 2, 3, 5], &[4, 4, 7, 7, 7, 9]);
        assert_eq!(docs, [0, 1, 1, 2]);
        assert_eq!(n, 3);
    }
}
