//! The theme report over time: what every output format renders.

use std::path::Path;

use serde::Serialize;
use tidings_corpus::{Corpus, Input, ReadOptions};
use tidings_timeline::{
    top_theme_terms_by_period, BucketKind, Burst, Placement, ThemeShare, Timeline,
    TimelineDocument, TimelineParams, Trend, ValidTimelineParams,
};
use tidings_topics::{
    dominant_agreement, CountScore, DocumentThemes, LabelAgreement, ModelKind, ParallelAnalysis,
    SpecificitySummary, Weighing,
};

use crate::analysis::{Analysis, AnalysisParams, ValidAnalysisParams};
use crate::error::ReportError;
use crate::over_time::{themes_over_time, timeline_date, ThemeTree, ThemesOverTime};

/// Version of the JSON schema of [`Report`]. Additions of fields keep the
/// version; removals or changes of meaning increase it.
pub const SCHEMA_VERSION: u32 = 1;

/// Terms shown per theme and period.
const TERMS_PER_PERIOD: usize = 5;

/// The whole report: corpus, model, themes with trends, timeline and
/// documents. Serialises to the documented JSON schema (see the crate docs).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The program that wrote the report.
    pub generator: Generator,
    /// The corpus.
    pub corpus: CorpusInfo,
    /// The theme model.
    pub model: ModelInfo,
    /// The themes, seeded first (file order), then discovered by size; each
    /// names its broader theme in `parent`.
    pub themes: Vec<ReportTheme>,
    /// Broader themes, each the union of the fine themes listed in its
    /// `children`; ids follow the fine themes' ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ReportTheme>,
    /// General language: the share of the corpus and of every period that
    /// no theme holds, and the terms it is made of. Never a theme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub general_language: Option<GeneralLanguageReport>,
    /// Periods and buckets with the share of every theme, fine and broad.
    pub timeline: Timeline,
    /// Every document with its theme weights and length.
    pub documents: Vec<ReportDocument>,
    /// Agreement of the dominant themes with the documents' known classes
    /// (`--label-field`), when the corpus has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<LabelAgreement>,
}

/// One document of the report: its id, date and normalised theme weights,
/// and its length, the weight it carries in every share. A period's share
/// of theme `t` is `Σ length · weight_t / Σ length` over the period's
/// documents that have any theme weight, so the shares can be recomputed
/// from the report alone.
#[derive(Debug, Clone, Serialize)]
pub struct ReportDocument {
    /// Id, date, theme weights and general-language share (summing to 1,
    /// or empty), and the reason when it has no theme.
    #[serde(flatten)]
    pub themes: DocumentThemes,
    /// Bytes of analysed passage text.
    pub length: f64,
    /// Where the document counts in the timeline: its period's label, or
    /// `undated`, `imprecise` or `outside` for the buckets (`None` in the
    /// themes listing, which has no timeline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// Everything [`Report::from_path`] needs: checked analysis and timeline
/// settings.
#[derive(Debug, Clone)]
pub struct ReportParams {
    analysis: ValidAnalysisParams,
    timeline: ValidTimelineParams,
}

impl ReportParams {
    /// The defaults of `tidings report`: [`AnalysisParams::new`] (`auto`
    /// themes by NMF, seed 0) and [`TimelineParams::new`] (`auto`
    /// granularity, 90% intervals).
    ///
    /// # Errors
    /// Never in practice; the defaults are valid.
    pub fn new() -> Result<Self, ReportError> {
        Ok(Self {
            analysis: AnalysisParams::new().check()?,
            timeline: TimelineParams::new().check()?,
        })
    }

    /// Analysis settings (passages, vocabulary, themes). By default,
    /// [`AnalysisParams::new`].
    pub fn analysis(mut self, analysis: ValidAnalysisParams) -> Self {
        self.analysis = analysis;
        self
    }

    /// Timeline settings (granularity, intervals, trends, bursts). By
    /// default, [`TimelineParams::new`].
    pub fn timeline(mut self, timeline: ValidTimelineParams) -> Self {
        self.timeline = timeline;
        self
    }
}

impl Report {
    /// The whole pipeline in one call: reads the documents at `path` (a
    /// directory of `.txt` and `.md` files, a `.jsonl` or a `.csv` file,
    /// with [`ReadOptions::new`]), fits themes and builds the timeline.
    ///
    /// ```
    /// use tidings_report::{Report, ReportParams};
    /// let report = Report::from_path("../../corpus/seed-news", &ReportParams::new()?)?;
    /// assert_eq!(report.corpus.documents, 5);
    /// # Ok::<(), tidings_report::ReportError>(())
    /// ```
    ///
    /// # Errors
    /// The corpus layer's errors (for example no readable document), and
    /// those of [`ValidAnalysisParams::analyze`] and [`ReportBuilder::build`].
    pub fn from_path(path: impl AsRef<Path>, params: &ReportParams) -> Result<Report, ReportError> {
        let corpus = tidings_corpus::read(&[Input::from_arg(path)], &ReadOptions::new())?;
        params.analysis.check_cancel()?;
        let analysis = params.analysis.analyze(&corpus)?;
        // The timeline (bootstrap intervals) is one stage: checked after.
        let report = ReportBuilder::new(params.timeline.clone()).build(
            &corpus,
            &analysis,
            ModelSource::Fitted,
        )?;
        params.analysis.check_cancel()?;
        Ok(report)
    }
}

/// The program that wrote a report.
#[derive(Debug, Clone, Serialize)]
pub struct Generator {
    /// `tidings`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
}

/// Counts over the corpus.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusInfo {
    /// Documents analysed.
    pub documents: usize,
    /// Documents with a date.
    pub dated: usize,
    /// Documents without a date (never given one).
    pub undated: usize,
    /// Documents without usable text, kept with no themes and a reason.
    pub no_text: usize,
    /// Earliest document date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Latest document date.
    pub to: Option<String>,
    /// Passages analysed.
    pub passages: usize,
    /// Features of the TF-IDF matrix.
    pub features: usize,
    /// Inputs skipped while reading (empty, binary, unreadable, malformed).
    pub skipped: usize,
    /// Warnings while reading.
    pub warnings: usize,
    /// What cleaning removed from the texts (mail conventions and
    /// furniture), so a user can audit it.
    pub removed: tidings_corpus::CleaningReport,
    /// Documents with the same text as another (syndicated copies): how
    /// many, in how many sets, which ids, and whether each set counted once.
    pub duplicates: tidings_corpus::DuplicateReport,
}

/// The theme model and how it was obtained.
#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    /// `nmf`, `nmf-kl` or `kmeans`.
    pub kind: ModelKind,
    /// How NMF weighed the passages against the themes: `kullback-leibler`
    /// or `least-squares` (absent for k-means).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighing: Option<Weighing>,
    /// `fitted` on this corpus, or `loaded` from a saved model.
    pub source: ModelSource,
    /// Number of themes.
    pub n_themes: usize,
    /// Random seed.
    pub seed: u64,
    /// Iterations run (fitted NMF only).
    pub iterations: Option<usize>,
    /// Whether the fit converged (fitted NMF only).
    pub converged: Option<bool>,
    /// `‖X − W·H‖` over the passages.
    pub reconstruction_error: f64,
    /// The same, relative to `‖X‖`.
    pub relative_error: f64,
    /// Minimum passage frequency of a feature (fitted models).
    pub min_df: Option<u64>,
    /// Maximum passage share of a feature (fitted models).
    pub max_df: Option<f64>,
    /// Mean coherence of every count tried, when the count was `auto`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub selection: Vec<CountScore>,
    /// How `auto` found the number of themes (Horn's parallel analysis).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallel_analysis: Option<ParallelAnalysis>,
    /// The terms context specificity weighs zero (general language), for a
    /// model fitted on this corpus.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specificity: Option<SpecificitySummary>,
}

/// Where the theme model came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelSource {
    /// Fitted on the reported corpus.
    Fitted,
    /// Loaded from a saved model and applied to the corpus.
    Loaded,
}

/// General language over the corpus and its periods.
#[derive(Debug, Clone, Serialize)]
pub struct GeneralLanguageReport {
    /// Share of the whole corpus (length-weighted); with the fine themes'
    /// shares it sums to 1.
    pub share: f64,
    /// How many fitted themes were found to be general language (present
    /// in most passages, mostly beside other themes) and are counted here
    /// instead of being listed.
    pub themes: usize,
    /// The terms the background mostly carries, strongest first.
    pub terms: Vec<String>,
    /// The share in every period of [`Timeline::periods`], in order.
    pub periods: Vec<PeriodShare>,
    /// The share among undated documents.
    pub undated: ThemeShare,
    /// The share among documents dated less precisely than the periods.
    pub imprecise: ThemeShare,
    /// The share among stray dates kept out of the period range.
    pub outside: ThemeShare,
}

impl GeneralLanguageReport {
    /// The share in a bucket of documents outside the periods.
    pub fn bucket(&self, kind: BucketKind) -> &ThemeShare {
        match kind {
            BucketKind::Undated => &self.undated,
            BucketKind::Imprecise => &self.imprecise,
            BucketKind::Outside => &self.outside,
        }
    }
}

/// A share in one period.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodShare {
    /// Period label.
    pub period: String,
    /// The share, with its bootstrap interval and dominated documents.
    #[serde(flatten)]
    pub share: ThemeShare,
}

/// What a theme is, apart from time: the part of a report's theme that
/// `tidings themes` lists too, so that both outputs share one shape.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeEntry {
    /// Stable id (seeded themes `0..s` in file order; broader themes after
    /// the fine ones).
    pub id: usize,
    /// Readable label.
    pub label: String,
    /// Two or three strong terms of other word families than the label's,
    /// shown beside it.
    pub key_terms: Vec<String>,
    /// Whether it comes from the theme file.
    pub seeded: bool,
    /// Id of the broader theme this theme belongs to.
    pub parent: Option<usize>,
    /// Ids of the fine themes of a broader theme (empty for a fine theme).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<usize>,
    /// Top terms in surface form.
    pub terms: Vec<String>,
    /// Share of the whole corpus (length-weighted), in [0, 1].
    pub share: f64,
    /// Mean NPMI of the top terms over document co-occurrence, in [−1, 1].
    pub coherence: f64,
    /// Mean share of the top terms' weight that belongs to this theme (0
    /// for a broader theme).
    pub exclusivity: f64,
}

/// One theme with its quality, trend, bursts and evidence. Its
/// [`ThemeEntry`] fields (`id`, `label`, …) are reached through it
/// directly.
#[derive(Debug, Clone, Serialize)]
pub struct ReportTheme {
    /// What the theme is.
    #[serde(flatten)]
    pub theme: ThemeEntry,
    /// Least-squares slope per year and Mann–Kendall test.
    pub trend: Trend,
    /// Kleinberg bursts.
    pub bursts: Vec<Burst>,
    /// First period where the theme reaches a fifth of its peak share.
    pub first_period: Option<String>,
    /// Period of the highest share.
    pub peak_period: Option<String>,
    /// The theme's strongest terms in each non-empty period.
    pub terms_by_period: Vec<PeriodTerms>,
    /// Representative passages.
    pub snippets: Vec<Snippet>,
}

impl std::ops::Deref for ReportTheme {
    type Target = ThemeEntry;

    fn deref(&self) -> &ThemeEntry {
        &self.theme
    }
}

/// A theme's top terms within one period.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodTerms {
    /// Period label.
    pub period: String,
    /// Terms in surface form, strongest first.
    pub terms: Vec<String>,
}

/// A representative passage.
#[derive(Debug, Clone, Serialize)]
pub struct Snippet {
    /// Document id.
    pub document: String,
    /// Document date.
    pub date: Option<String>,
    /// Document title, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The document's file name (`news.csv, line 12` for a record).
    pub source: String,
    /// Byte offset of the passage in the document's (cleaned) text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The passage's weight on the theme, in [0, 1].
    pub weight: f64,
    /// The start of the passage.
    pub text: String,
}

impl Snippet {
    /// What a reader sees the snippet cited by: the document's title, or
    /// its file name, and its date (`India and France agree (2022-11-29)`).
    /// Ids and byte offsets are for programs; they stay in the JSON.
    pub fn citation(&self) -> String {
        citation(self.title.as_deref(), &self.source, self.date.as_deref())
    }
}

/// `title or source (date)`, `undated` without a date.
pub(crate) fn citation(title: Option<&str>, source: &str, date: Option<&str>) -> String {
    format!(
        "{} ({})",
        title.unwrap_or(source),
        date.unwrap_or("undated")
    )
}

/// Builds reports from an [`Analysis`].
#[derive(Debug, Clone)]
pub struct ReportBuilder {
    timeline: ValidTimelineParams,
}

impl ReportBuilder {
    /// A builder with checked timeline settings (granularity, intervals,
    /// seed, trend test level, bursts).
    pub fn new(timeline: ValidTimelineParams) -> Self {
        Self { timeline }
    }

    /// The default timeline settings: `auto` granularity, 90% intervals
    /// from 1,000 Bayesian bootstrap draws, seed 0.
    ///
    /// # Errors
    /// Never in practice; the defaults are valid.
    pub fn with_defaults() -> Result<Self, ReportError> {
        Ok(Self::new(TimelineParams::new().check()?))
    }

    /// The report of `analysis` over `corpus` (the corpus it was computed
    /// from).
    ///
    /// # Errors
    /// [`ReportError::Timeline`] when the timeline cannot be built (for
    /// example an explicit granularity that needs too many periods).
    pub fn build(
        &self,
        corpus: &Corpus,
        analysis: &Analysis,
        source: ModelSource,
    ) -> Result<Report, ReportError> {
        let fit = &analysis.fit;
        let general = fit.report.general_language.as_ref();
        // Fine themes and general language: every document's weights sum
        // to 1 over them, so each period's shares do too.
        let rows: Vec<Vec<f64>> = fit
            .document_weights
            .rows()
            .into_iter()
            .zip(fit.document_general.iter())
            .map(|(r, &g)| {
                let mut row = r.to_vec();
                if general.is_some() {
                    row.push(g);
                }
                row
            })
            .collect();
        let documents = timeline_documents(corpus, analysis, &rows);
        let parents: Vec<Option<usize>> = fit.report.themes.iter().map(|t| t.parent).collect();
        let children: Vec<&[usize]> = fit
            .report
            .groups
            .iter()
            .map(|g| g.children.as_slice())
            .collect();
        let tree = ThemeTree {
            parents: &parents,
            groups: &children,
        };
        let ThemesOverTime {
            timeline,
            groups: group_timelines,
            general: general_over_time,
        } = themes_over_time(&self.timeline, tree, general.is_some(), &documents)?;
        let term_rows: Vec<&[(usize, f64)]> =
            analysis.document_terms.iter().map(Vec::as_slice).collect();
        let features = analysis.model.themes.features();
        // Each theme's own terms per period (issue 14), not its periods' terms.
        let h = analysis.model.themes.components();
        let by_period = top_theme_terms_by_period(
            &timeline,
            &documents,
            &term_rows,
            TERMS_PER_PERIOD,
            |t, w| h.get((t, w)).copied().unwrap_or(0.0),
        )?;
        let general_language =
            general
                .zip(general_over_time)
                .map(|(g, over)| GeneralLanguageReport {
                    share: g.share,
                    themes: g.themes,
                    terms: g.terms.clone(),
                    periods: over.periods,
                    undated: over.undated,
                    imprecise: over.imprecise,
                    outside: over.outside,
                });
        let groups = &fit.report.groups;

        let themes = fit
            .report
            .themes
            .iter()
            .zip(&timeline.themes)
            .zip(theme_entries(analysis))
            .map(|((t, tl), theme)| ReportTheme {
                theme,
                trend: tl.trend,
                bursts: tl.bursts.clone(),
                first_period: tl.first_period.clone(),
                peak_period: tl.peak_period.clone(),
                terms_by_period: by_period
                    .get(t.id)
                    .map(|periods| {
                        periods
                            .iter()
                            .zip(&timeline.timeline.periods)
                            .filter(|(terms, _)| !terms.is_empty())
                            .map(|(terms, p)| PeriodTerms {
                                period: p.period.clone(),
                                terms: terms
                                    .iter()
                                    .filter_map(|&(j, _)| features.get(j).cloned())
                                    .collect(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                snippets: snippets(analysis, t.id),
            })
            .collect();
        let groups: Vec<ReportTheme> = groups
            .iter()
            .zip(&group_timelines)
            .zip(group_entries(analysis))
            .map(|((_, tl), theme)| ReportTheme {
                theme,
                trend: tl.trend,
                bursts: tl.bursts.clone(),
                first_period: tl.first_period.clone(),
                peak_period: tl.peak_period.clone(),
                terms_by_period: Vec::new(),
                snippets: Vec::new(),
            })
            .collect();

        let periods = &timeline.timeline.periods;
        let mut documents = report_documents(analysis);
        for (i, d) in documents.iter_mut().enumerate() {
            d.period = Some(match timeline.placements.get(i) {
                Some(Placement::Period(p)) => periods
                    .get(*p)
                    .map(|p| p.period.clone())
                    .unwrap_or_default(),
                Some(Placement::Imprecise) => "imprecise".to_string(),
                Some(Placement::Outside) => "outside".to_string(),
                Some(Placement::Undated) | None => "undated".to_string(),
            });
        }
        Ok(Report {
            schema_version: SCHEMA_VERSION,
            generator: Generator::this(),
            corpus: corpus_info(corpus, analysis),
            model: model_info(analysis, source),
            themes,
            groups,
            general_language,
            timeline: timeline.timeline,
            documents,
            labels: dominant_agreement(
                corpus.documents.iter().map(|d| d.label.as_deref()),
                &fit.report.documents,
            ),
        })
    }
}

impl Generator {
    /// This program.
    pub(crate) fn this() -> Self {
        Generator {
            name: "tidings",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// The corpus counts of a report or listing.
pub(crate) fn corpus_info(corpus: &Corpus, analysis: &Analysis) -> CorpusInfo {
    let stats = corpus.stats();
    CorpusInfo {
        documents: stats.documents,
        dated: stats.dated,
        undated: stats.undated,
        no_text: stats.no_text,
        from: stats.first.map(|d| d.to_string()),
        to: stats.last.map(|d| d.to_string()),
        passages: analysis.summary.passages,
        features: analysis.summary.features,
        skipped: stats.skipped.total(),
        warnings: stats.warnings,
        removed: stats.removed,
        duplicates: stats.duplicates,
    }
}

/// The model block of a report or listing.
pub(crate) fn model_info(analysis: &Analysis, source: ModelSource) -> ModelInfo {
    let r = &analysis.fit.report;
    let m = &r.model;
    ModelInfo {
        kind: m.kind,
        weighing: m.weighing,
        source,
        n_themes: m.n_themes,
        seed: m.seed,
        iterations: m.iterations,
        converged: m.converged,
        reconstruction_error: m.reconstruction_error,
        relative_error: m.relative_error,
        min_df: analysis.summary.min_df,
        max_df: analysis.summary.max_df,
        selection: r.selection.clone(),
        parallel_analysis: r.parallel_analysis.clone(),
        specificity: r.specificity.clone(),
    }
}

/// Every fine theme, apart from time.
pub(crate) fn theme_entries(analysis: &Analysis) -> impl Iterator<Item = ThemeEntry> + '_ {
    analysis.fit.report.themes.iter().map(|t| ThemeEntry {
        id: t.id,
        label: t.label.clone(),
        key_terms: t.key_terms.clone(),
        seeded: t.seeded,
        parent: t.parent,
        children: Vec::new(),
        terms: t.terms.clone(),
        share: t.size,
        coherence: t.coherence,
        exclusivity: t.exclusivity,
    })
}

/// Every broader theme, apart from time.
pub(crate) fn group_entries(analysis: &Analysis) -> impl Iterator<Item = ThemeEntry> + '_ {
    analysis.fit.report.groups.iter().map(|g| ThemeEntry {
        id: g.id,
        label: g.label.clone(),
        key_terms: g.key_terms.clone(),
        seeded: false,
        parent: None,
        children: g.children.clone(),
        terms: g.terms.clone(),
        share: g.size,
        coherence: g.coherence,
        exclusivity: 0.0,
    })
}

/// The representative passages of theme `id`.
pub(crate) fn snippets(analysis: &Analysis, id: usize) -> Vec<Snippet> {
    analysis
        .snippets
        .get(id)
        .map(|snippets| {
            snippets
                .iter()
                .map(|r| Snippet {
                    document: r.document_id.clone(),
                    date: r.date.map(|d| d.to_string()),
                    title: r.title.clone(),
                    source: r.source.clone(),
                    start: r.range.start,
                    end: r.range.end,
                    weight: r.weight,
                    text: r.text.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every document with its theme weights and length.
pub(crate) fn report_documents(analysis: &Analysis) -> Vec<ReportDocument> {
    analysis
        .fit
        .report
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| ReportDocument {
            themes: d.clone(),
            length: analysis.document_lengths.get(i).copied().unwrap_or(0.0),
            period: None,
        })
        .collect()
}

/// The timeline's view of every document: its date, its length and its
/// weights in `rows`.
fn timeline_documents<'a>(
    corpus: &Corpus,
    analysis: &Analysis,
    rows: &'a [Vec<f64>],
) -> Vec<TimelineDocument<'a>> {
    corpus
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| TimelineDocument {
            date: d.date.map(timeline_date),
            length: analysis.document_lengths.get(i).copied().unwrap_or(0.0),
            weights: rows.get(i).map(Vec::as_slice).unwrap_or(&[]),
        })
        .collect()
}
