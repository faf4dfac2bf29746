//! tidings: statistical text analysis of dated corpora. A directory of
//! news articles, speeches or posts goes in; readable themes, their share
//! of every calendar period, trends and bursts come out.
//!
//! # The whole pipeline
//!
//! ```
//! use tidings::report::{Report, ReportParams};
//! use tidings::timeline::{Granularity, TimelineParams};
//!
//! let by_year = TimelineParams::new().granularity(Granularity::Year).check()?;
//! let params = ReportParams::new()?.timeline(by_year);
//! let report = Report::from_path("../../corpus/seed-news", &params)?;
//!
//! for (i, theme) in report.themes.iter().enumerate() {
//!     let shares: Vec<String> = report.timeline.periods.iter()
//!         .map(|p| match p.shares.get(i).and_then(|s| s.share) {
//!             Some(share) => format!("{} {:.0}%", p.period, 100.0 * share),
//!             None => format!("{} -", p.period), // no documents: no share
//!         })
//!         .collect();
//!     println!("{:<24} {}", theme.label, shares.join("  "));
//! }
//! assert!(report.themes.len() >= 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`report::Report::from_path`] reads, analyses and builds the timeline in
//! one call; [`report::render`] writes the result as a terminal table, JSON,
//! CSV, Markdown or HTML, as `tidings report` does.
//!
//! # Step by step
//!
//! Each stage is its own crate, re-exported here, for a user who wants to
//! stop early or swap a stage (`examples/themes_step_by_step.rs` runs them
//! in order):
//!
//! - [`corpus`]: read files, JSON Lines or CSV into dated documents; split
//!   documents into passages.
//! - [`tokenize`]: words, stopwords, stems and n-grams.
//! - [`tfidf`]: the TF-IDF matrix and its vocabulary.
//! - [`topics`]: theme models (NMF, k-means) with readable labels, the
//!   number of themes chosen by coherence.
//! - [`timeline`]: shares per calendar period, trends and bursts.
//! - [`report`]: the pipeline above in one place, saved models and every
//!   rendering.
//! - [`cancel`]: a token that stops a theme fit or a report early (for
//!   example on Ctrl-C), with an `Interrupted` error.
#![deny(missing_docs)]

pub use tidings_cancel as cancel;
pub use tidings_corpus as corpus;
pub use tidings_report as report;
pub use tidings_tfidf as tfidf;
pub use tidings_timeline as timeline;
pub use tidings_tokenize as tokenize;
pub use tidings_topics as topics;
