//! Property tests over arbitrary strings, control characters and combining
//! marks included (the tests in `analyzer.rs` use printable text): the
//! tokenizer never panics, every token and n-gram lies on character
//! boundaries inside the text, terms are never empty, and the ASCII fast path
//! of the word scanner equals the Unicode path.

use proptest::prelude::*;
use tidings_tokenize::words::{word_spans, word_spans_unicode};
use tidings_tokenize::{
    Analyzer, AnalyzerConfig, Compounds, NgramGaps, NgramRange, Numbers, Preset, Segmentation,
};

/// Text mixing ASCII, controls, combining marks and other scripts.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9 .,'_-]{0,12}",
        "[\\x00-\\x1f\\x7f]{1,3}",
        "[\u{300}-\u{36f}\u{900}-\u{97f}\u{1938}\u{200b}-\u{200d}\u{feff}]{1,3}",
        "[\u{600}-\u{6ff} \u{4e00}-\u{4e40}]{1,6}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}

fn config(bits: u16) -> AnalyzerConfig {
    let preset = if bits & 1 == 0 {
        Preset::Default
    } else {
        Preset::Sklearn
    };
    let mut cfg = AnalyzerConfig::preset(preset);
    let on = |bit: u16| bits & (1 << bit) != 0;
    cfg.compounds = if on(1) {
        Compounds::Split
    } else {
        Compounds::Keep
    };
    cfg.fold_accents = on(2);
    cfg.numbers = if on(3) { Numbers::Keep } else { Numbers::Drop };
    cfg.lowercase = !on(4);
    cfg.segmentation = match (on(5), on(8)) {
        (true, _) => Segmentation::None,
        (false, false) => Segmentation::Sentences,
        (false, true) => Segmentation::Clauses,
    };
    cfg.ngram_gaps = if on(6) {
        NgramGaps::Bridge
    } else {
        NgramGaps::Break
    };
    if on(7) {
        cfg.stem = None;
    }
    cfg
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tokens_and_ngrams_are_well_formed(text in hostile_text(), bits in 0u16..512) {
        let analyzer = Analyzer::new(config(bits)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut session = analyzer.session();
        let mut last_end = 0;
        let mut ok = true;
        session.tokens(&text, |t| {
            let surface = text.get(t.start..t.end);
            ok &= surface.is_some_and(|s| !s.starts_with(char::is_whitespace));
            ok &= t.start < t.end && t.start >= last_end;
            ok &= !t.term.is_empty() && !t.term.starts_with(' ');
            last_end = t.end;
        });
        prop_assert!(ok, "bad token in {:?} with {:#x}", text, bits);
        let range = NgramRange::new(1, 3).map_err(|e| TestCaseError::fail(e.to_string()))?;
        session.terms(&text, range, |term, span| {
            ok &= !term.is_empty() && text.get(span).is_some();
        });
        prop_assert!(ok, "bad n-gram in {:?} with {:#x}", text, bits);
    }

    #[test]
    fn ascii_fast_path_equals_unicode_on_any_text(text in hostile_text()) {
        let mut fast = Vec::new();
        word_spans(&text, |r| fast.push(r));
        let mut unicode = Vec::new();
        word_spans_unicode(&text, |r| unicode.push(r));
        prop_assert_eq!(fast, unicode);
    }
}
