//! The tokenizer, in every preset and with every option that changes the
//! code path: never panics, tokens and n-grams point at character
//! boundaries inside the text, in order; the ASCII fast path of the word
//! scanner equals the Unicode path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_tokenize::words::{word_spans, word_spans_unicode};
use tidings_tokenize::{
    Analyzer, AnalyzerConfig, Compounds, NgramGaps, NgramRange, Numbers, Preset, Segmentation,
};

/// The configuration chosen by the first input byte: preset and toggles.
fn config(bits: u8) -> AnalyzerConfig {
    let preset = if bits & 1 == 0 {
        Preset::Default
    } else {
        Preset::Sklearn
    };
    let mut cfg = AnalyzerConfig::preset(preset);
    if bits & 2 != 0 {
        cfg.compounds = Compounds::Split;
    }
    if bits & 4 != 0 {
        cfg.fold_accents = !cfg.fold_accents;
    }
    if bits & 8 != 0 {
        cfg.numbers = Numbers::Keep;
    }
    if bits & 16 != 0 {
        cfg.lowercase = !cfg.lowercase;
    }
    if bits & 32 != 0 {
        cfg.segmentation = Segmentation::None;
    }
    if bits & 64 != 0 {
        cfg.ngram_gaps = NgramGaps::Bridge;
    }
    cfg
}

fuzz_target!(|data: &[u8]| {
    let Some((&bits, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();

    let Ok(analyzer) = Analyzer::new(config(bits)) else {
        return;
    };
    let mut session = analyzer.session();
    let mut last_end = 0usize;
    let mut last_pos: Option<u32> = None;
    session.tokens(text, |t| {
        assert!(
            text.get(t.start..t.end).is_some(),
            "token {}..{}",
            t.start,
            t.end
        );
        assert!(
            t.start < t.end && t.start >= last_end,
            "tokens out of order"
        );
        assert!(
            last_pos.is_none_or(|p| t.position > p),
            "positions not increasing"
        );
        let surface = text.get(t.start..t.end).unwrap_or("");
        assert!(
            !surface.starts_with(char::is_whitespace),
            "surface {surface:?}"
        );
        assert!(!t.term.is_empty(), "empty term");
        assert!(
            !t.term.starts_with(char::is_whitespace),
            "term {:?}",
            t.term
        );
        last_end = t.end;
        last_pos = Some(t.position);
    });
    let max = 1 + usize::from(bits >> 7) * 2;
    if let Ok(range) = NgramRange::new(1, max) {
        session.terms(text, range, |term, span| {
            assert!(!term.is_empty());
            assert!(text.get(span).is_some());
        });
    }

    let mut fast = Vec::new();
    word_spans(text, |r| fast.push(r));
    let mut unicode = Vec::new();
    word_spans_unicode(text, |r| unicode.push(r));
    assert_eq!(
        fast, unicode,
        "ASCII fast path differs from the Unicode path"
    );
});
