//! The theme file parser (`--theme-file`): arbitrary text never panics;
//! accepted files have named themes with seeds and distinct names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_topics::parse_theme_file;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(themes) = parse_theme_file(text, "<fuzz>") {
        assert!(!themes.is_empty());
        let mut names: Vec<String> = themes.iter().map(|t| t.name.to_lowercase()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), themes.len(), "duplicate theme names accepted");
        for t in &themes {
            assert!(!t.name.trim().is_empty());
            assert!(!t.seeds.is_empty());
        }
    }
});
