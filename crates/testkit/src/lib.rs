//! Helpers shared by the tidings tests and benchmarks, so that each is
//! written once: random numbers whose streams never change (generated test
//! data must stay the same for a test's expectations to hold), and reading
//! the committed reference fixtures (`tests/fixtures/*.json`, made by the
//! scripts in `scripts/`).
//!
//! A dev-dependency only; not published.
#![deny(missing_docs)]

pub mod fixtures;
pub mod rng;
