//! tidings-topics (work in progress).
#![deny(missing_docs)]
