//! The binary vectorizer statistics (`TermStats::from_bytes`, what Spark
//! executors ship to the merge in `tidings.spark`): arbitrary bytes never
//! panic; statistics that load encode to canonical bytes that load back to
//! the same bytes, and merge with themselves.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_tfidf::TermStats;

fuzz_target!(|data: &[u8]| {
    let Ok(stats) = TermStats::from_bytes(data) else {
        return;
    };
    let bytes = stats.to_bytes().expect("loaded statistics encode");
    let again = TermStats::from_bytes(&bytes).expect("encoded statistics load");
    assert_eq!(again.to_bytes().expect("encode"), bytes, "not canonical");
    assert_eq!((again.n_docs(), again.n_terms()), (stats.n_docs(), stats.n_terms()));
    let mut doubled = again;
    doubled.merge(&stats).expect("the same settings merge");
    assert_eq!(doubled.n_terms(), stats.n_terms());
});
