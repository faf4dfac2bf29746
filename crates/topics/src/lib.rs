//! Themes in a corpus: topic models over a sparse TF-IDF matrix, readable
//! labels, seeded themes and quality measures.
//!
//! The input is a sparse matrix with one l2-normalised TF-IDF row per passage
//! (or document) and the feature names in their most common surface form,
//! n-grams joined by a space. [`ThemesParams`] configures a fit (checked
//! once by [`ThemesParams::check`]); [`ValidThemesParams::fit`] returns a
//! [`ThemeFit`] holding:
//!
//! - a [`Themes`] model, which transforms new rows by non-negative least
//!   squares and saves and loads as versioned JSON;
//! - the passage and document weights;
//! - a serialisable [`ThemesReport`]: every theme with its id, label, top
//!   terms, NPMI coherence, exclusivity, size and representative passages;
//!   every document with its theme weights; reconstruction error and
//!   iterations;
//! - stm's FREX and FREX-based exclusivity of any components ([`frex`],
//!   [`stm_exclusivity`]).
//!
//! Before a fit, every column is weighed by its *context specificity*
//! ([`ThemesParams::specificity`]): how much more alike the rows using the
//! term are than random rows. Terms used alike in every kind of passage
//! (filler, a publisher's furniture) weigh zero and reach no theme; with
//! [`ThemeData::with_idf`] the weight replaces the rows' idf.
//!
//! # Models
//!
//! - [`ModelKind::Nmf`] (default): NMF by HALS coordinate descent from an
//!   NNDSVD(a) start computed with a randomized truncated SVD. The matrix is
//!   never densified: only `X·Hᵀ` and `Xᵀ·W` are formed.
//! - [`ModelKind::NmfKl`]: NMF under the generalised Kullback–Leibler
//!   divergence ([`NmfLoss::KullbackLeibler`]), by Lee & Seung's
//!   multiplicative updates, as scikit-learn's `solver='mu'`: themes as
//!   mixtures, as in PLSA. Slower to converge than HALS.
//! - [`ModelKind::KMeans`]: k-means++ with restarts (linfa-clustering) on an
//!   LSA embedding with re-normalised rows, for a hard clustering view.
//!
//! All are deterministic for a given seed and give bit-identical results
//! with any number of rayon threads: parallel loops write disjoint rows and
//! no floating-point reduction depends on the split.
//!
//! # Example
//!
//! ```
//! use sprs::TriMat;
//! use tidings_topics::{parse_theme_file, NmfParams, ThemeCount, ThemeData, ThemesParams};
//!
//! // Six passages: three about shipping, three about elections.
//! let features: Vec<String> = ["container", "container ship", "ship", "election", "ballot", "poll"]
//!     .map(String::from)
//!     .to_vec();
//! let mut t = TriMat::new((6, 6));
//! for r in 0..6 {
//!     for c in 0..3 {
//!         t.add_triplet(r, (r / 3) * 3 + c, 1.0 / 3f64.sqrt());
//!     }
//! }
//! let x: sprs::CsMat<f64> = t.to_csr();
//!
//! let seeded = parse_theme_file("[[theme]]\nname = \"Elections\"\nseeds = [\"ballot\"]\n", "<input>")?;
//! // Two planted blocks: no pinned background component (the default).
//! let fit = ThemesParams::new()
//!     .themes(ThemeCount::Fixed(2))
//!     .model(NmfParams::new().background(false))
//!     .seeded(seeded)
//!     .seed(42)
//!     .check()?
//!     .fit(&ThemeData::new(x.view(), &features))?;
//!
//! let themes = &fit.report.themes;
//! assert_eq!(themes[0].label, "Elections"); // seeded themes come first, id 0
//! assert!(themes[0].terms.contains(&"ballot".to_string()));
//! // A discovered theme, labelled by a phrase whose words are both strong.
//! assert_eq!(themes[1].label, "container ship");
//! assert_eq!(themes[1].key_terms.len(), 0); // every strong term is in the label
//! assert_eq!(fit.report.documents[0].themes[0].id, 1);
//!
//! // Save, load and transform.
//! let model = tidings_topics::Themes::from_json(&fit.model.to_json()?)?;
//! let w = model.transform(x.view())?;
//! assert!(w[[4, 0]] > w[[4, 1]]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod aggregate;
mod background;
mod count;
mod dimension;
mod engine;
mod error;
mod evaluate;
mod fit;
mod hierarchy;
mod kmeans;
mod labels;
mod model;
mod nmf;
mod nmf_kl;
mod params;
mod quality;
mod sample;
mod seeded_start;
mod seeds;
mod sparse;
mod specificity;
mod summary;
mod svd;

pub use aggregate::{aggregate_documents, PassageMap};
pub use dimension::{parallel_analysis, ParallelAnalysis};
pub use error::{ThemeFileError, TopicsError};
pub use evaluate::{
    adjusted_rand_index, dominant_agreement, label_agreement, normalized_mutual_info, purity,
    LabelAgreement,
};
pub use fit::{default_normaliser, ThemeData, ThemeFit, MAX_FINE_THEMES, PA_DOCUMENTS};
pub use model::{GroupInfo, ThemeInfo, Themes, MODEL_FORMAT, MODEL_VERSION};
pub use nmf::{nmf_trace, NmfInit, NmfLoss, NmfStart, NmfTrace, Weighing};
pub use params::{
    KMeansParams, ModelKind, ModelParams, NmfParams, ThemeCount, ThemeCountArg, ThemesParams,
    ValidThemesParams, DEFAULT_REPRESENTATIVES,
};
pub use quality::{frex, stm_exclusivity};
pub use seeds::{
    drop_unmatched_themes, explain_unmatched, parse_theme_file, read_theme_file, SeedTheme,
    UnmatchedSeed,
};
pub use summary::{
    CountScore, DocumentThemes, GeneralLanguage, ModelSummary, Representative, SpecificitySummary,
    ThemeGroup, ThemeSummary, ThemeWeight, ThemesReport,
};
