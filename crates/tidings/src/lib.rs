//! tidings: statistical text analysis of dated corpora.
//!
//! This facade re-exports the library crates so a user adds one dependency.
#![deny(missing_docs)]

pub use tidings_corpus as corpus;
pub use tidings_report as report;
pub use tidings_tfidf as tfidf;
pub use tidings_timeline as timeline;
pub use tidings_tokenize as tokenize;
pub use tidings_topics as topics;
