//! tidings-tfidf (work in progress).
#![deny(missing_docs)]
