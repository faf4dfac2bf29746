//! The CSV reader: arbitrary bytes in a `.csv` file never panic; every
//! document kept has text within the size limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_fuzz::{check_corpus, options, read_bytes_as};

fuzz_target!(|data: &[u8]| {
    let Some((&bits, rest)) = data.split_first() else {
        return;
    };
    let options = options(bits);
    if let Ok(corpus) = read_bytes_as("input.csv", rest, &options) {
        check_corpus(&corpus, &options);
    }
});
