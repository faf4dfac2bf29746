//! tidings-tokenize (work in progress).
#![deny(missing_docs)]
