//! The binary furniture counts of `tidings-corpus` (`LineCounts`,
//! `RecurringLines`, `SurroundingCounts`, `Furniture` `from_bytes`: what
//! `tidings.spark.learn_furniture` ships between executors and the driver).
//! Arbitrary bytes never panic, whichever form they are read as; counts
//! that load encode to canonical bytes that load back to the same bytes,
//! merge with themselves, and give candidates and furniture that can be
//! used on text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_corpus::{Furniture, LineCounts, RecurringLines, SurroundingCounts};

const TEXT: &str = "An own paragraph.\n\nSource: Wire and agencies\n\nPage 3 of 12";

fuzz_target!(|data: &[u8]| {
    if let Ok(counts) = LineCounts::from_bytes(data) {
        let bytes = counts.to_bytes();
        let again = LineCounts::from_bytes(&bytes).expect("encoded counts load");
        assert_eq!(again.to_bytes(), bytes, "line counts not canonical");
        let mut doubled = again;
        doubled.merge(&counts);
        assert_eq!(doubled.distinct_lines(), counts.distinct_lines());
        let rule = tidings_corpus::FurnitureRule::default();
        let recurring = counts.recurring(&rule);
        let mut sur = recurring.no_surroundings();
        sur.add(&recurring, TEXT);
        let _ = sur.furniture();
    }
    if let Ok(recurring) = RecurringLines::from_bytes(data) {
        let bytes = recurring.to_bytes();
        let again = RecurringLines::from_bytes(&bytes).expect("encoded candidates load");
        assert_eq!(again.to_bytes(), bytes, "candidates not canonical");
        let sur = recurring.surroundings(&[TEXT, TEXT]);
        SurroundingCounts::from_bytes(&sur.to_bytes()).expect("encoded surroundings load");
    }
    if let Ok(sur) = SurroundingCounts::from_bytes(data) {
        let bytes = sur.to_bytes();
        let again = SurroundingCounts::from_bytes(&bytes).expect("encoded surroundings load");
        assert_eq!(again.to_bytes(), bytes, "surroundings not canonical");
        let mut doubled = again;
        doubled.merge(&sur).expect("the same rule merges");
        assert_eq!(doubled.to_bytes(), bytes, "merging counts with themselves changed them");
        let _ = sur.furniture();
    }
    if let Ok(furniture) = Furniture::from_bytes(data) {
        let bytes = furniture.to_bytes();
        let again = Furniture::from_bytes(&bytes).expect("encoded furniture loads");
        assert_eq!(again.to_bytes(), bytes, "furniture not canonical");
        let mut text = TEXT.to_string();
        let removed = furniture.remove_from(&mut text);
        assert!(text.chars().any(char::is_alphanumeric), "removal emptied a text");
        let _ = furniture.report([removed]);
    }
});
