//! Regression tests for inputs found by the fuzz targets in `fuzz/`.

use tidings_tokenize::{Analyzer, AnalyzerConfig, Compounds, NgramRange, Numbers, Preset};

/// Every preset with accent folding on, numbers kept or dropped, compounds
/// kept or split.
fn folding_configs() -> Vec<AnalyzerConfig> {
    let mut out = Vec::new();
    for preset in [Preset::Default, Preset::Sklearn] {
        for numbers in [Numbers::Keep, Numbers::Drop] {
            for compounds in [Compounds::Keep, Compounds::Split] {
                let mut cfg = AnalyzerConfig::preset(preset);
                cfg.fold_accents = true;
                cfg.numbers = numbers;
                cfg.compounds = compounds;
                out.push(cfg);
            }
        }
    }
    out
}

/// `fuzz/` tokenize crash-1d0195c2: a word of combining marks only (Limbu
/// U+1938 and Devanagari U+0902) folded to an empty term.
#[test]
fn a_word_that_folds_to_nothing_gives_no_empty_term() {
    for text in ["\u{1938}\u{902}", "\u{1938}\u{902}\u{92f}", "a \u{1938} b"] {
        for cfg in folding_configs() {
            let analyzer = Analyzer::new(cfg.clone()).expect("valid configuration");
            let mut got = Vec::new();
            let range = NgramRange::new(1, 2).expect("valid range");
            analyzer
                .session()
                .terms(text, range, |t, _| got.push(t.to_string()));
            assert!(
                got.iter().all(|t| !t.is_empty() && !t.starts_with(' ')),
                "{cfg:?}, text {text:?}: {got:?}"
            );
        }
    }
}

/// Found with the crash above: a space followed by a combining mark is one
/// UAX #29 segment, which made the word (and its term) start with a space.
#[test]
fn a_word_never_starts_with_whitespace() {
    let text = "a \u{1938} b\u{301} \u{302}x";
    let mut spans = Vec::new();
    tidings_tokenize::words::word_spans(text, |r| spans.push(text.get(r).map(str::to_string)));
    assert_eq!(
        spans,
        [Some("a"), Some("\u{1938}"), Some("b\u{301}"), Some("x")].map(|s| s.map(str::to_string))
    );
    for cfg in folding_configs() {
        let analyzer = Analyzer::new(cfg).expect("valid configuration");
        analyzer.session().tokens(text, |t| {
            let surface = text.get(t.start..t.end).unwrap_or("");
            assert!(!surface.starts_with(char::is_whitespace), "{surface:?}");
            assert!(!t.term.starts_with(char::is_whitespace), "{:?}", t.term);
        });
    }
}
