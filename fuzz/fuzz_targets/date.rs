//! The date parser: never panics; a parsed date prints as a string that
//! parses back to the same date.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_corpus::parse_date;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(date) = parse_date(text) {
        let shown = date.to_string();
        match parse_date(&shown) {
            Ok(again) => assert_eq!(again, date, "{text:?} -> {shown:?}"),
            Err(e) => panic!("{text:?} parsed as {shown:?}, which does not parse: {e}"),
        }
    }
});
