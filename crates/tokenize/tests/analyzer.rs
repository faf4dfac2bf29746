//! Behaviour of the `Default` preset and of the configurable filters.

use proptest::prelude::*;
use tidings_tokenize::{
    Analyzer, AnalyzerConfig, Compounds, Language, NgramRange, Numbers, Preset, Segmentation,
    StopWords, TokenizeError,
};

fn terms_of(analyzer: &Analyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    analyzer
        .session()
        .tokens(text, |t| out.push(t.term.to_string()));
    out
}

fn with(f: impl FnOnce(&mut AnalyzerConfig)) -> Analyzer {
    let mut cfg = AnalyzerConfig::preset(Preset::Default);
    f(&mut cfg);
    match Analyzer::new(cfg) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    }
}

const ACCEPTANCE: &str = "France backs a free and open Indo-Pacific and counter-terrorism \
                          cooperation; India's defence industry grows.";

#[test]
fn acceptance_sentence() {
    let terms = terms_of(&Analyzer::preset(Preset::Default), ACCEPTANCE);
    assert!(terms.contains(&"indo-pacif".to_string()), "{terms:?}");
    assert!(terms.contains(&"counter-terror".to_string()), "{terms:?}");
    assert!(terms.contains(&"india".to_string()), "{terms:?}");
    for stop in ["and", "a", "s", "india's"] {
        assert!(!terms.contains(&stop.to_string()), "{stop} in {terms:?}");
    }
}

/// Table: input → terms under the Default preset.
#[test]
fn default_preset_table() {
    let analyzer = Analyzer::preset(Preset::Default);
    let table: &[(&str, &[&str])] = &[
        ("Indo-Pacific", &["indo-pacif"]),
        ("F-35 and MQ-9B drones", &["f-35", "mq-9b", "drone"]),
        ("India's India’s INDIA'S", &["india", "india", "india"]),
        ("don't won’t it's they're", &[]),
        ("a b c s t", &[]),
        ("In 2001, 3.5 and 1,000 troops", &["troop"]),
        ("COVID-19 G20", &["covid-19", "g20"]),
        ("nation-states well-being", &["nation-state", "well-be"]),
        ("Counter‑terrorism", &["counter-terror"]),
        ("Ελληνικά ΟΔΟΣ", &["ελληνικά", "οδος"]),
        ("中文", &["中", "文"]),
        ("", &[]),
    ];
    for (text, want) in table {
        assert_eq!(terms_of(&analyzer, text), *want, "{text:?}");
    }
}

#[test]
fn surfaces_and_offsets() {
    let text = "India’s Indo-Pacific strategy.";
    let mut got = Vec::new();
    Analyzer::preset(Preset::Default)
        .session()
        .tokens(text, |t| got.push(&text[t.start..t.end]));
    assert_eq!(got, ["India", "Indo-Pacific", "strategy"]);
}

#[test]
fn split_compounds_option() {
    let a = with(|c| c.compounds = Compounds::Split);
    assert_eq!(
        terms_of(&a, "Indo-Pacific counter-terrorism MQ-9B"),
        ["indo", "pacif", "counter", "terror", "mq", "9b"]
    );
}

#[test]
fn numbers_keep_option() {
    let a = with(|c| c.numbers = Numbers::Keep);
    assert_eq!(
        terms_of(&a, "In 2001, 3.5 troops"),
        ["2001", "3.5", "troop"]
    );
}

#[test]
fn accent_folding_option() {
    let a = with(|c| {
        c.fold_accents = true;
        c.stem = None;
    });
    assert_eq!(
        terms_of(&a, "Café NAÏVE cafe\u{301}"),
        ["cafe", "naive", "cafe"]
    );
    let plain = with(|c| c.stem = None);
    assert_eq!(terms_of(&plain, "Café"), ["café"]);
}

#[test]
fn no_stemming_and_no_stopwords() {
    let a = with(|c| {
        c.stem = None;
        c.stopwords = StopWords::None;
    });
    assert_eq!(
        terms_of(&a, "The terrorism of States"),
        ["the", "terrorism", "of", "states"]
    );
}

#[test]
fn stopwords_are_removed_before_stemming() {
    // "ours" is a stopword; its stem "our" would not match if stemming came first.
    let a = with(|c| c.stopwords = StopWords::List(vec!["ours".into(), "Nations".into()]));
    assert_eq!(terms_of(&a, "ours United Nations"), ["unit"]);
}

#[test]
fn stopword_file_and_errors() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("tidings-tokenize-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("stop.txt");
    std::fs::write(&path, "# custom list\nunited\n\n  nations \n")?;
    let a = with(|c| {
        c.stopwords = StopWords::Union(vec![
            StopWords::Builtin(Language::English),
            StopWords::File(path.clone()),
        ])
    });
    assert_eq!(terms_of(&a, "the United Nations Assembly"), ["assembl"]);

    let missing = dir.join("missing.txt");
    let mut cfg = AnalyzerConfig::preset(Preset::Default);
    cfg.stopwords = StopWords::File(missing.clone());
    match Analyzer::new(cfg) {
        Err(TokenizeError::StopwordFile { path, .. }) => assert_eq!(path, missing),
        other => panic!("expected StopwordFile error, got {other:?}"),
    }

    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"ok\nfine\n\xff\xfe\n")?;
    let mut cfg = AnalyzerConfig::preset(Preset::Default);
    cfg.stopwords = StopWords::File(bad.clone());
    match Analyzer::new(cfg) {
        Err(TokenizeError::StopwordFileEncoding { path, line }) => {
            assert_eq!((path, line), (bad, 3));
        }
        other => panic!("expected StopwordFileEncoding error, got {other:?}"),
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn other_languages() -> Result<(), TokenizeError> {
    let cfg = AnalyzerConfig::preset(Preset::Default).with_language("de".parse()?);
    let a = Analyzer::new(cfg)?;
    assert_eq!(
        terms_of(&a, "Die Vereinten Nationen und der Frieden"),
        ["vereint", "nation", "fried"]
    );
    Ok(())
}

#[test]
fn names_parse_and_errors_carry_the_value() {
    assert_eq!("English".parse::<Language>().ok(), Some(Language::English));
    assert_eq!("sv".parse::<Language>().ok(), Some(Language::Swedish));
    match "klingon".parse::<Language>() {
        Err(TokenizeError::UnknownLanguage { name }) => assert_eq!(name, "klingon"),
        other => panic!("{other:?}"),
    }
    assert_eq!("sklearn".parse::<Preset>().ok(), Some(Preset::Sklearn));
    assert!(matches!(
        "fancy".parse::<Preset>(),
        Err(TokenizeError::UnknownPreset { name }) if name == "fancy"
    ));
    assert!(matches!(
        NgramRange::new(3, 2),
        Err(TokenizeError::InvalidNgramRange { min: 3, max: 2, .. })
    ));
    assert!(NgramRange::new(0, 1).is_err());
    assert!(NgramRange::new(1, 9).is_err());
    assert!(serde_json::from_str::<NgramRange>(r#"{"min":2,"max":1}"#).is_err());
}

#[test]
fn config_round_trips_through_json() -> Result<(), serde_json::Error> {
    for p in [Preset::Default, Preset::Sklearn] {
        let cfg = AnalyzerConfig::preset(p);
        let json = serde_json::to_string(&cfg)?;
        assert_eq!(serde_json::from_str::<AnalyzerConfig>(&json)?, cfg);
    }
    let json = serde_json::to_string(&AnalyzerConfig::preset(Preset::Default))?;
    assert!(
        json.contains(r#""stopwords":{"builtin":"english"}"#),
        "{json}"
    );
    assert!(json.contains(r#""stem":"english""#), "{json}");
    Ok(())
}

#[test]
fn positions_count_removed_tokens_and_segments_follow_sentences() {
    let text = "Peace and security. New threats!\n\nClimate change";
    let mut got = Vec::new();
    Analyzer::preset(Preset::Default)
        .session()
        .tokens(text, |t| {
            got.push((t.term.to_string(), t.position, t.segment))
        });
    let want = [
        ("peac", 0, 0),
        ("secur", 2, 0),
        ("new", 3, 1),
        ("threat", 4, 1),
        ("climat", 5, 2),
        ("chang", 6, 2),
    ];
    let want: Vec<(String, u32, u32)> = want
        .iter()
        .map(|(t, p, s)| (t.to_string(), *p, *s))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn ngrams_respect_segments_and_gaps() -> Result<(), TokenizeError> {
    let text = "Peace and security. New threats emerge";
    let mut got = Vec::new();
    Analyzer::preset(Preset::Default)
        .session()
        .terms(text, NgramRange::new(1, 3)?, |t, r| {
            got.push((t.to_string(), &text[r]))
        });
    let want = [
        ("peac", "Peace"),
        ("secur", "security"),
        ("new", "New"),
        ("threat", "threats"),
        ("emerg", "emerge"),
        ("new threat", "New threats"),
        ("threat emerg", "threats emerge"),
        ("new threat emerg", "New threats emerge"),
    ];
    let want: Vec<(String, &str)> = want.iter().map(|(t, s)| (t.to_string(), *s)).collect();
    assert_eq!(got, want);
    Ok(())
}

/// The text each bigram of `text` spans, as `analyzer` reads it.
fn bigram_spans<'t>(analyzer: &Analyzer, text: &'t str) -> Result<Vec<&'t str>, TokenizeError> {
    let mut got = Vec::new();
    analyzer
        .session()
        .terms(text, NgramRange::new(2, 2)?, |_, r| got.push(&text[r]));
    Ok(got)
}

#[test]
fn ngrams_do_not_read_across_brackets_colons_or_semicolons() -> Result<(), TokenizeError> {
    let text = "General Motors (GM) grew. Source: Al Jazeera; news agencies [Reuters] wire";
    let got = bigram_spans(&Analyzer::preset(Preset::Default), text)?;
    // The closing bracket ends the aside too: no "GM grew".
    assert_eq!(got, ["General Motors", "Al Jazeera", "news agencies"]);
    Ok(())
}

#[test]
fn sentence_segments_keep_reading_across_brackets_as_saved_models_did() -> Result<(), TokenizeError>
{
    // A model saved before `Clauses` records `Sentences`, and must tokenize
    // as it did; full-width brackets end a clause as ASCII ones do.
    let mut cfg = AnalyzerConfig::preset(Preset::Default);
    cfg.segmentation = Segmentation::Sentences;
    let got = bigram_spans(&Analyzer::new(cfg)?, "General Motors (GM) grew")?;
    assert_eq!(got, ["General Motors", "Motors (GM", "GM) grew"]);
    let got = bigram_spans(
        &Analyzer::preset(Preset::Default),
        "General Motors（GM）grew",
    )?;
    assert_eq!(got, ["General Motors"]);
    Ok(())
}

#[test]
fn sklearn_ngrams_bridge_everything() -> Result<(), TokenizeError> {
    let mut got = Vec::new();
    Analyzer::preset(Preset::Sklearn).session().terms(
        "Peace, a security. New",
        NgramRange::new(2, 2)?,
        |t, _| got.push(t.to_string()),
    );
    assert_eq!(got, ["peace security", "security new"]);
    Ok(())
}

#[test]
fn session_reuse_gives_identical_results() {
    let analyzer = Analyzer::preset(Preset::Default);
    let mut session = analyzer.session();
    let first = {
        let mut v = Vec::new();
        session.tokens(ACCEPTANCE, |t| v.push((t.term.to_string(), t.start, t.end)));
        v
    };
    let mut second = Vec::new();
    session.tokens(ACCEPTANCE, |t| {
        second.push((t.term.to_string(), t.start, t.end))
    });
    assert_eq!(first, second);
}

proptest! {
    #[test]
    fn never_panics_and_offsets_are_valid(
        text in "\\PC{0,80}",
        split in any::<bool>(),
        fold in any::<bool>(),
        sklearn in any::<bool>(),
    ) {
        let mut cfg = AnalyzerConfig::preset(if sklearn { Preset::Sklearn } else { Preset::Default });
        cfg.fold_accents = fold;
        if split {
            cfg.compounds = Compounds::Split;
        }
        let analyzer = Analyzer::new(cfg).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut session = analyzer.session();
        let mut last = (0usize, None::<u32>);
        session.tokens(&text, |t| {
            assert!(text.get(t.start..t.end).is_some());
            assert!(t.start < t.end && t.start >= last.0);
            assert!(last.1.is_none_or(|p| t.position > p));
            last = (t.end, Some(t.position));
        });
        let range = NgramRange::new(1, 3).map_err(|e| TestCaseError::fail(e.to_string()))?;
        session.terms(&text, range, |_, r| assert!(text.get(r).is_some()));
    }
}
