//! The analysis pipeline: documents → passages → TF-IDF → themes → document
//! weights, either fitted on the corpus ([`ValidAnalysisParams::analyze`])
//! or applied from a saved [`ReportModel`] ([`ReportModel::apply`]).

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;
use sprs::CsMat;
use tidings_cancel::Cancel;
use tidings_corpus::{Corpus, DocDate, Document, PassageOptions};
use tidings_tfidf::{AnalyzerConfig, DocFreq, TfidfModel, VectorizerParams};
use tidings_tokenize::NgramRange;
use tidings_topics::{
    drop_unmatched_themes, explain_unmatched, PassageMap, SeedTheme, ThemeCount, ThemeData,
    ThemeFit, ThemesParams, ValidThemesParams,
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

/// A representative passage of a theme joined with its document: the
/// document's id and date as the corpus gives them, the passage's place and
/// the start of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeSnippet {
    /// Index of the passage (row of the matrix).
    pub passage: usize,
    /// Index of the document in the corpus.
    pub document: usize,
    /// The document's id.
    pub document_id: String,
    /// The document's date, if it has one.
    pub date: Option<DocDate>,
    /// The document's title, if it has one.
    pub title: Option<String>,
    /// The document's file name, with the line for a record of a JSON
    /// Lines or CSV file (`news.csv, line 12`): what a snippet cites when
    /// the document has no title.
    pub source: String,
    /// Byte range of the passage in the document's text.
    pub range: Range<usize>,
    /// The passage's normalised weight on the theme, in [0, 1].
    pub weight: f64,
    /// The start of the passage, whitespace collapsed ([`snippet`]).
    pub text: String,
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
    /// document ids and dates filled in.
    pub fit: ThemeFit,
    /// Every theme's representative passages joined with their documents,
    /// in theme-id order.
    pub snippets: Vec<Vec<ThemeSnippet>>,
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
    passage_chars: Option<(usize, usize)>,
    min_df: u64,
    passages_per_min_df: u64,
    max_df: f64,
    themes: ThemesParams,
    max_features: Option<usize>,
    max_vocabulary: Option<usize>,
    snippet_chars: usize,
    cancel: Option<Cancel>,
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
            passage_chars: None,
            min_df: 5,
            passages_per_min_df: 20,
            max_df: 0.5,
            themes: ThemesParams::new(),
            max_features: Some(50_000),
            max_vocabulary: None,
            snippet_chars: crate::DEFAULT_SNIPPET_CHARS,
            cancel: None,
        }
    }

    /// The tokenizer. By default, [`AnalyzerConfig::default`]: compounds
    /// kept, numbers dropped, English stopwords removed, Snowball stems
    /// (the vectorizer then counts uni- and bigrams).
    pub fn analyzer(mut self, analyzer: AnalyzerConfig) -> Self {
        self.analyzer = analyzer;
        self
    }

    /// Passage bounds in characters: short paragraphs are merged up to
    /// `min`, long ones cut below `max`. By default, derived from the
    /// corpus ([`default_passages`]): paragraphs merged into sections of
    /// about 500 words when the corpus has text enough for
    /// [`MIN_PASSAGES`] of them, shorter passages (down to single
    /// paragraphs) when it has less.
    pub fn passage_chars(mut self, min: usize, max: usize) -> Self {
        self.passage_chars = Some((min, max));
        self
    }

    /// A feature must occur in at least `min_df` passages. On small corpora
    /// the vectorizer lowers it to one passage in 20, and to a single
    /// passage below 40 passages (`VectorizerParams::clamp_min_df`). The
    /// matrix summary reports the bound before that last step: lowered to
    /// n / 20, but not below 2 (unless `min_df` is 1). By default, 5.
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

    /// How themes are fitted: their number, the model and its settings,
    /// seeded themes, the seed, sampling. By default,
    /// [`ThemesParams::new`]: `auto` themes (as many as the data supports,
    /// [`tidings_topics::ThemeCount::FromData`]), NMF without a pinned
    /// background component, themes found general counted as general
    /// language, seed 0.
    pub fn theme_params(mut self, params: ThemesParams) -> Self {
        self.themes = params;
        self
    }

    /// Shorthand for [`ThemesParams::themes`] on the theme settings.
    pub fn themes(mut self, count: ThemeCount) -> Self {
        self.themes = self.themes.themes(count);
        self
    }

    /// Shorthand for [`ThemesParams::seeded`] on the theme settings.
    pub fn seeded(mut self, themes: Vec<SeedTheme>) -> Self {
        self.themes = self.themes.seeded(themes);
        self
    }

    /// Shorthand for [`ThemesParams::seed`] on the theme settings.
    pub fn seed(mut self, seed: u64) -> Self {
        self.themes = self.themes.seed(seed);
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

    /// Characters shown of a representative passage. By default, 240.
    pub fn snippet_chars(mut self, n: usize) -> Self {
        self.snippet_chars = n;
        self
    }

    /// A token that stops the analysis (and [`crate::Report::from_path`]):
    /// once it is cancelled, they return [`ReportError::Interrupted`] (or
    /// the theme model's `TopicsError::Interrupted`) at the next check:
    /// between the stages (reading, passages, TF-IDF, themes, timeline)
    /// and inside the theme fit, which it is given as
    /// [`ThemesParams::cancel`] (replacing a token set there). A run that
    /// is not cancelled gives the same result as without a token. By
    /// default, none (the theme settings' own token, if any).
    ///
    /// ```
    /// use tidings_cancel::Cancel;
    /// use tidings_report::{AnalysisParams, ReportError};
    /// let corpus = tidings_corpus::read(
    ///     &[tidings_corpus::Input::from_arg("../../corpus/seed-news")],
    ///     &tidings_corpus::ReadOptions::new(),
    /// )?;
    /// let token = Cancel::new();
    /// token.cancel();
    /// let analysis = AnalysisParams::new().cancel(token).check()?.analyze(&corpus);
    /// assert!(matches!(analysis, Err(ReportError::Interrupted(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cancel(mut self, token: Cancel) -> Self {
        self.cancel = Some(token);
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// [`ReportError::InvalidParameter`] naming the bad value, or the
    /// corpus layer's error for bad passage bounds.
    pub fn check(self) -> Result<ValidAnalysisParams, ReportError> {
        if let Some((min, max)) = self.passage_chars {
            PassageOptions::new(min, max)?;
        }
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
        let mut themes = self.themes.clone();
        if let Some(token) = &self.cancel {
            themes = themes.cancel(token.clone());
        }
        let themes = themes.check()?;
        Ok(ValidAnalysisParams {
            params: self,
            themes,
        })
    }
}

/// Checked [`AnalysisParams`].
#[derive(Debug, Clone)]
pub struct ValidAnalysisParams {
    params: AnalysisParams,
    themes: ValidThemesParams,
}

impl ValidAnalysisParams {
    /// The settings.
    pub fn params(&self) -> &AnalysisParams {
        &self.params
    }

    /// The checked theme settings.
    pub fn theme_params(&self) -> &ValidThemesParams {
        &self.themes
    }

    /// `Err(Interrupted)` once the analysis token is cancelled.
    pub(crate) fn check_cancel(&self) -> Result<(), ReportError> {
        match &self.params.cancel {
            Some(token) => Ok(token.check()?),
            None => Ok(()),
        }
    }

    /// Fits the vectorizer and the themes on `corpus`.
    ///
    /// # Errors
    /// [`ReportError::NoText`] when no document has text,
    /// [`ReportError::NoTerms`] when pruning leaves no feature, and the
    /// errors of the vectorizer and the theme model (for example more themes
    /// than passages).
    pub fn analyze(&self, corpus: &Corpus) -> Result<Analysis, ReportError> {
        let p = &self.params;
        let mut clock = Clock::new();
        let options = match p.passage_chars {
            Some((min, max)) => PassageOptions::new(min, max)?,
            None => default_passages(
                corpus
                    .documents
                    .iter()
                    .map(|d| d.text.chars().count())
                    .sum(),
            ),
        };
        let pieces = passages(corpus, &options)?;
        let texts = passage_texts(corpus, &pieces);
        let lengths: Vec<f64> = texts.iter().map(|t| t.len() as f64).collect();
        self.check_cancel()?;

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
        // One pass straight to TF-IDF: labels are read from the themes'
        // weights, so no raw-count matrix is needed beside it.
        let vectorizer = params.check()?;
        let (tfidf_model, tfidf) = vectorizer.fit_transform(&texts)?;
        clock.lap("tf-idf");
        self.check_cancel()?;
        if tfidf.nnz() == 0 || tfidf_model.n_features() == 0 {
            return Err(ReportError::NoTerms {
                passages: pieces.len(),
            });
        }
        let features = surface_features(&tfidf_model);

        let documents: Vec<usize> = pieces.iter().map(|p| p.document).collect();
        let terms = document_terms(corpus.documents.len(), &pieces, &lengths, &tfidf);
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
        // A seeded theme none of whose seeds survived pruning is dropped
        // rather than named over unrelated terms (issue 14).
        let (seeded, dropped) =
            drop_unmatched_themes(self.themes.seeded_themes(), &features, &normalise);
        let themes = if dropped.is_empty() {
            self.themes.clone()
        } else {
            self.themes.with_seeded(seeded)
        };
        // The theme layer chooses the count (on a sample of large
        // matrices) and fits on a sample of very large ones; the matrix is
        // handed over so that weighing every passage needs no copy.
        let data = ThemeData::owned(tfidf, &features).with_passages(full_map);
        // The themes weigh terms by context specificity in place of idf
        // (empty when the vectorizer weighs none).
        let data = match tfidf_model.idf() {
            [] => data,
            idf => data.with_idf(idf),
        };
        let mut fit = themes.fit_owned_with(data, &normalise)?;
        fit.report.unmatched_seeds.extend(dropped);
        explain_unmatched(
            &mut fit.report.unmatched_seeds,
            texts.iter().map(AsRef::as_ref),
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
        self.check_cancel()?;
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
        let lengths: Vec<f64> = texts.iter().map(|t| t.len() as f64).collect();
        let map = PassageMap {
            documents: &documents,
            lengths: &lengths,
            n_documents: corpus.documents.len(),
        };
        let features = self.themes.features();
        let terms = document_terms(corpus.documents.len(), &pieces, &lengths, &tfidf);
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
    lengths: &[f64],
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
            *l += lengths.get(row).copied().unwrap_or(0.0);
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
    for (i, (d, doc)) in fit.report.documents.iter_mut().zip(docs).enumerate() {
        if d.themes.is_empty() {
            let copy_of = corpus.counted_copy_of(i).and_then(|first| docs.get(first));
            d.reason = Some(match (doc.no_text, copy_of) {
                (Some(what), _) => format!("no text ({what})"),
                (None, Some(first)) => format!(
                    "same text as {:?}; each set of duplicates is counted once",
                    first.id
                ),
                (None, None) => {
                    "no term of the vocabulary (only stop words, or words too rare or too common to be features)".to_string()
                }
            });
        }
    }
    let snippets = fit
        .report
        .themes
        .iter()
        .map(|t| {
            t.representatives
                .iter()
                .filter_map(|r| {
                    let (piece, doc) = (pieces.get(r.passage)?, docs.get(r.document)?);
                    Some(ThemeSnippet {
                        passage: r.passage,
                        document: r.document,
                        document_id: doc.id.clone(),
                        date: doc.date,
                        title: doc.title.clone().filter(|t| !t.trim().is_empty()),
                        source: source_name(doc),
                        range: piece.range.clone(),
                        weight: r.weight,
                        text: snippet(
                            doc.text.get(piece.range.clone()).unwrap_or(""),
                            snippet_chars,
                        ),
                    })
                })
                .collect()
        })
        .collect();
    Analysis {
        model,
        fit,
        snippets,
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

/// Passages of every document that have any non-space text, except the
/// later copies of a set of duplicates when the corpus counts each set
/// once ([`Corpus::counted_copy_of`]).
///
/// # Errors
/// [`ReportError::NoText`] when no document has any.
/// Passage length of a corpus with text enough: paragraphs are merged into
/// sections of at least this many characters, about 500 words of English.
///
/// Themes are patterns of words used together within a passage. Within a
/// single paragraph, the words every paragraph uses ("us", "know", "year",
/// "time") co-occur as reliably as a subject's words do, and the model
/// spends themes on them; over a section of several paragraphs a subject's
/// words recur while those stay at their base rate. Topic modelling of long
/// texts splits them into segments of 500 to 1,000 words for this reason
/// (Jockers 2013, *Macroanalysis*, ch. 8, and Jockers & Mimno 2013,
/// "Significant themes in 19th-century literature", *Poetics* 41: 1,000
/// words, with 500 a common alternative). Measured (BENCHMARKS.md,
/// "Passage length"): against single paragraphs, 500-word sections turn
/// the generic themes of the UN corpus and of two centuries of State of the
/// Union addresses into named subjects, find those addresses' terrorism
/// theme in every seed where paragraphs find it in none, and raise the
/// agreement with the Brown corpus's genres (NMI 0.375 → 0.416); 1,000
/// words blurs the UN's terrorism theme into the Millennium Summit's and
/// lowers Brown's NMI to 0.397.
pub const SECTION_CHARS: usize = 3000;

/// Paragraphs shorter than this are merged with the next (a heading, a
/// one-line paragraph), when the corpus is too small for sections.
pub const PARAGRAPH_MIN_CHARS: usize = 200;

/// Paragraphs longer than this are cut at sentence ends, when the corpus is
/// too small for sections (with sections: twice the section length).
pub const PARAGRAPH_MAX_CHARS: usize = 1500;

/// The fewest passages the default passage length aims for. Sections need
/// text: a corpus with less than `MIN_PASSAGES` sections of text is cut
/// into shorter passages, down to single paragraphs, so that the theme
/// model still has as many rows as parallel analysis compares documents
/// ([`tidings_topics::PA_DOCUMENTS`]): five news articles give 50
/// paragraph passages and three themes, where sections would give six
/// passages and one theme.
pub const MIN_PASSAGES: usize = tidings_topics::PA_DOCUMENTS;

/// The default passage bounds for a corpus of `chars` characters of text:
/// the minimum is `chars` over [`MIN_PASSAGES`], within
/// [`PARAGRAPH_MIN_CHARS`] and [`SECTION_CHARS`]; the maximum is twice
/// that, and at least [`PARAGRAPH_MAX_CHARS`].
///
/// ```
/// use tidings_report::{default_passages, PARAGRAPH_MAX_CHARS, PARAGRAPH_MIN_CHARS, SECTION_CHARS};
/// // Five news articles: paragraphs.
/// let small = default_passages(30_000);
/// assert_eq!((small.min_chars(), small.max_chars()), (PARAGRAPH_MIN_CHARS, PARAGRAPH_MAX_CHARS));
/// // 200 MB of speeches: sections of about 500 words.
/// let big = default_passages(200_000_000);
/// assert_eq!((big.min_chars(), big.max_chars()), (SECTION_CHARS, 2 * SECTION_CHARS));
/// // In between, as long as leaves 2,000 passages.
/// assert_eq!(default_passages(2_000_000).min_chars(), 1_000);
/// ```
pub fn default_passages(chars: usize) -> PassageOptions {
    let min = (chars / MIN_PASSAGES).clamp(PARAGRAPH_MIN_CHARS, SECTION_CHARS);
    let max = (2 * min).max(PARAGRAPH_MAX_CHARS);
    PassageOptions::new(min, max).unwrap_or_default()
}

fn passages(corpus: &Corpus, options: &PassageOptions) -> Result<Vec<PassageRef>, ReportError> {
    let pieces: Vec<PassageRef> = corpus
        .documents
        .iter()
        .enumerate()
        .filter(|&(d, _)| corpus.counted_copy_of(d).is_none())
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

/// The text analysed for each passage: the passage, and before the first
/// passage of a document its title, unless the passage already holds it (a
/// Markdown heading). Titles are the densest signal of news (issue 14).
fn passage_texts<'a>(corpus: &'a Corpus, pieces: &[PassageRef]) -> Vec<Cow<'a, str>> {
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let doc = corpus.documents.get(p.document);
            let text = doc
                .and_then(|doc| doc.text.get(p.range.clone()))
                .unwrap_or("");
            let first = i == 0 || pieces.get(i - 1).is_none_or(|q| q.document != p.document);
            let title = doc
                .and_then(|d| d.title.as_deref())
                .map(str::trim)
                .filter(|t| first && !t.is_empty() && !text.contains(*t));
            match title {
                Some(title) => Cow::Owned(format!("{title}\n\n{text}")),
                None => Cow::Borrowed(text),
            }
        })
        .collect()
}

/// The document's file name, with the line for a record of a JSON Lines
/// or CSV file: `news.csv, line 12`.
fn source_name(doc: &Document) -> String {
    let path = &doc.source.path;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let records = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["jsonl", "ndjson", "csv", "tsv"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    });
    if records {
        format!("{name}, line {}", doc.source.line)
    } else {
        name
    }
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
}
