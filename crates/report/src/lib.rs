//! Theme reports over time: the pipeline that turns a corpus of dated
//! documents into themes, their shares per calendar period, trends, bursts
//! and evidence, and the renderings of that report.
//!
//! 1. [`AnalysisParams`] (checked by [`AnalysisParams::check`]) cut every
//!    document into passages (paragraphs merged into sections of about 500
//!    words, shorter on small corpora: [`default_passages`]), fit the TF-IDF vectorizer
//!    and the theme model over the passages, and aggregate passage weights
//!    to documents by length. The result is an [`Analysis`], which holds
//!    a [`ReportModel`] that can be saved and applied to new documents
//!    ([`ReportModel::apply`]) so that next month's report tracks the same
//!    themes with the same ids and labels.
//! 2. [`ReportBuilder`] places documents in calendar periods
//!    (`tidings-timeline`): shares with Bayesian-bootstrap intervals, document-weighted
//!    trends, Kleinberg bursts, per-period top terms. Undated documents are
//!    counted in the themes and in an `undated` bucket; no date is guessed.
//! 3. [`render`] writes the [`Report`] as a terminal table with sparklines,
//!    versioned JSON, long CSV, Markdown, one self-contained HTML page, or
//!    a CSV of the documents.
//!    [`write_atomically`] writes files so that a failed run never leaves a
//!    half-written one.
//!
//! # Example
//!
//! ```
//! use tidings_corpus::{Corpus, DocDate, Document, Source};
//! use tidings_report::{render, AnalysisParams, Format, ModelSource, ReportBuilder};
//! use tidings_topics::ThemeCount;
//!
//! let harbour = "The harbour authority expanded the container terminal. Cargo ships \
//!     queued at the container terminal while cranes unloaded cargo.";
//! let vote = "The election commission counted ballots. Voters queued at polling \
//!     stations and the ballots were counted by the election commission.";
//! let mut documents = Vec::new();
//! for (i, year) in [2020, 2020, 2021, 2021, 2022, 2022].into_iter().enumerate() {
//!     let text = if i % 2 == 0 { harbour } else { vote };
//!     documents.push(Document {
//!         id: format!("doc{i}"),
//!         date: Some(DocDate::year_only(year)?),
//!         title: None,
//!         text: format!("{text}\n\n{text}"),
//!         source: Source::new("example", 1),
//!         no_text: None,
//!         label: None,
//!     });
//! }
//! let corpus = Corpus { documents, ..Corpus::default() };
//!
//! let analysis = AnalysisParams::new()
//!     .themes(ThemeCount::Fixed(2))
//!     .min_df(2)
//!     .check()?
//!     .analyze(&corpus)?;
//! let report = ReportBuilder::with_defaults()?.build(&corpus, &analysis, ModelSource::Fitted)?;
//! assert_eq!(report.themes.len(), 2);
//! let years: Vec<&str> = report.timeline.periods.iter().map(|p| p.period.as_str()).collect();
//! assert_eq!(years, ["2020", "2021", "2022"]);
//! // Each year's shares of the fine themes sum to 1, as this corpus has
//! // no general language (a broader theme's share, after them, is the sum
//! // of its children's).
//! let fine = report.themes.len();
//! for p in &report.timeline.periods {
//!     let total: f64 = p.shares.iter().take(fine).filter_map(|s| s.share).sum();
//!     assert!((total - 1.0).abs() < 1e-9);
//! }
//!
//! let mut csv = Vec::new();
//! render(&report, Format::Csv, &mut csv)?;
//! assert!(String::from_utf8(csv)?.starts_with("period,start,end,documents,theme_id,label,share,ci_low,ci_high,dominant_documents"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # JSON schema (version 1)
//!
//! ```text
//! { "schema_version": 1,
//!   "generator": { "name": "tidings", "version": "0.1.0" },
//!   "corpus":   { "documents", "dated", "undated", "no_text", "from", "to", "passages", "features",
//!                 "skipped", "warnings",
//!                 "removed": { "mail": { "documents_changed", "quoted_lines", "attribution_lines",
//!                                        "signature_lines", "bytes_removed" },
//!                              "furniture": { "min_documents", "distinct_lines", "lines_removed",
//!                                             "documents_changed", "bytes_removed",
//!                                             "documents_kept_whole",
//!                                             "examples": [ { "text", "documents" } ] } },
//!                 "duplicates": { "sets", "documents", "examples": [ [ "<id>", ... ] ],
//!                                 "counted_once" } },
//!   "model":    { "kind": "nmf", "weighing": "kullback-leibler" | "least-squares" (NMF only),
//!                 "source": "fitted" | "loaded", "n_themes", "seed", "iterations",
//!                 "converged", "reconstruction_error", "relative_error", "min_df", "max_df",
//!                 "selection": [ { "k", "coherence", "relative_error" } ],
//!                 "parallel_analysis": { "dimensions", "observed": [...], "permuted": [...] },
//!                 "specificity": { "dimensions", "general_terms", "examples": [...] } },
//!   "themes":   [ { "id", "label", "key_terms": [...], "seeded", "parent", "terms": [...], "share", "coherence", "exclusivity",
//!                   "trend": { "direction": "rising" | "fading" | "steady", "slope_per_year",
//!                              "slope_std_error", "p_value", "mann_kendall_s", "z" },
//!                   "bursts": [ { "start", "end", "start_index", "end_index", "weight" } ],
//!                   "first_period", "peak_period",
//!                   "terms_by_period": [ { "period", "terms": [...] } ],
//!                   "snippets": [ { "document", "date", "title"?, "source", "start", "end", "weight",
//!                                   "text" } ] } ],
//!   "groups":   [ { the same fields as a theme, "parent": null, "children": [ <theme id>, ... ] } ],
//!   "general_language": { "share", "themes", "terms": [...],
//!                         "periods": [ { "period", "share", "ci_low", "ci_high", "documents" } ],
//!                         "undated": { ... }, "imprecise": { ... }, "outside": { ... } },
//!   "timeline": { "granularity", "auto", "from", "to",
//!                 "periods": [ { "period", "start", "end", "documents", "partial",
//!                                "shares": { "<theme id>": { "share", "ci_low", "ci_high",
//!                                                            "documents" } } } ],
//!                 "undated":   { "documents", "shares": { ... } },
//!                 "imprecise": { "documents", "shares": { ... } },
//!                 "outside":   { "documents", "shares": { ... },
//!                                "periods": [ { "period", "documents" } ] } },
//!   "documents": [ { "id", "date", "general_language"?, "themes": [ { "id", "weight" } ], "length", "period",
//!                    "reason"? } ] }
//! ```
//!
//! `share` of a theme is its length-weighted share of the whole corpus;
//! a period's `shares` of the fine themes (and its general-language share,
//! when there is general language) sum to 1 whenever the period holds a
//! document with any weight, and are `null` (no share, not 0) when it
//! holds none, as are `ci_low`/`ci_high` (an interval exists from one
//! such document up, wide when the documents are few). `outside` holds the
//! documents dated outside the range set with `--from`/`--to` and the
//! stray dates kept out of the period range. Broader themes (`groups`, ids
//! after the fine themes') are unions of their `children`: their shares are
//! the sums of their children's, with their own intervals, trends and
//! bursts. `model.parallel_analysis` shows how `auto` found the number of
//! themes. A document without a theme has a `reason` ("no text (empty)",
//! …). A document's `length` (bytes of analysed passage text, its title
//! included) is its weight in the shares and its theme `weight`s with its
//! `general_language` share sum to 1 (or it has none): a period's share of
//! theme `t` is `Σ length · weight_t / Σ length` over its documents with
//! weights, so
//! every share can be recomputed from `documents` alone; `period` names the
//! period (or the `undated`, `imprecise` or `outside` bucket) a document
//! counts in. The documents CSV (`Format::Documents`), the Markdown and the
//! HTML list the same per document, in full precision.
//! `slope_per_year` is in share units
//! (0.01 = one percentage point) per year. See `tidings-timeline` for the
//! definitions of partial periods, the share intervals, the trend test and
//! bursts.
#![deny(missing_docs)]

mod analysis;
mod atomic;
mod error;
mod listing;
mod model;
mod over_time;
mod render;
mod report;

pub use analysis::{
    default_passages, snippet, Analysis, AnalysisParams, MatrixSummary, PassageRef, ThemeSnippet,
    ValidAnalysisParams, MIN_PASSAGES, PARAGRAPH_MAX_CHARS, PARAGRAPH_MIN_CHARS, SECTION_CHARS,
};
pub use atomic::write_atomically;
pub use error::ReportError;
pub use listing::{render_themes, ListingFormat};
pub use model::{ReportModel, REPORT_MODEL_FORMAT, REPORT_MODEL_VERSION};
pub use over_time::{themes_over_time, timeline_date, GeneralOverTime, ThemeTree, ThemesOverTime};
pub use render::{
    key_terms_text, parallel_analysis_line, render, selection_line, specificity_line, Format,
};
pub use report::{
    CorpusInfo, GeneralLanguageReport, Generator, ModelInfo, ModelSource, PeriodShare, PeriodTerms,
    Report, ReportBuilder, ReportDocument, ReportParams, ReportTheme, Snippet, ThemeEntry,
    SCHEMA_VERSION,
};

/// Characters shown of a representative passage by default.
pub const DEFAULT_SNIPPET_CHARS: usize = 240;
