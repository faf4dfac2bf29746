//! tidings-corpus (work in progress).
#![deny(missing_docs)]
