//! Property tests: every row of a vectorized matrix has l2 norm 1 (or 0 for
//! a document with no kept term) under `Norm::L2`, and absolute sum 1 (or
//! 0) under `Norm::L1`, whatever the documents and parameters.

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use tidings_tfidf::{
    DocFreq, IdfWeighting, NgramRange, Norm, Preset, TfWeighting, TfidfError, VectorizerParams,
};

/// Documents of words from a small vocabulary (so terms repeat across
/// documents), with some punctuation, accents and empty documents.
fn documents() -> impl Strategy<Value = Vec<String>> {
    let word = prop_oneof![
        Just("maritime"),
        Just("security"),
        Just("trade"),
        Just("Trade"),
        Just("café"),
        Just("the"),
        Just("and"),
        Just("ports"),
        Just("a"),
        Just("1,000"),
        Just("indo-pacific"),
        Just("."),
        Just("\n\n"),
    ];
    prop::collection::vec(
        prop::collection::vec(word, 0..30).prop_map(|w| w.join(" ")),
        1..25,
    )
}

fn params() -> impl Strategy<Value = VectorizerParams> {
    (
        any::<bool>(),
        1usize..=3,
        0u8..3,
        0u8..3,
        0usize..4,
        1u64..3,
        prop_oneof![Just(1.0f64), Just(0.8), Just(0.5)],
    )
        .prop_map(|(sklearn, max_n, tf, idf, max_features, min_df, max_df)| {
            let preset = if sklearn {
                Preset::Sklearn
            } else {
                Preset::Default
            };
            VectorizerParams::preset(preset)
                .ngrams(NgramRange::new(1, max_n).unwrap_or_else(|_| NgramRange::unigrams()))
                .tf([
                    TfWeighting::Raw,
                    TfWeighting::Binary,
                    TfWeighting::Sublinear,
                ][usize::from(tf)])
                .idf(
                    [
                        IdfWeighting::Smooth,
                        IdfWeighting::Plain,
                        IdfWeighting::None,
                    ][usize::from(idf)],
                )
                .max_features((max_features > 0).then_some(max_features * 3))
                .min_df(DocFreq::Count(min_df))
                .clamp_min_df(true)
                .max_df(DocFreq::Fraction(max_df))
        })
}

/// Checks one case. `Ok(true)` when a matrix was fitted and checked,
/// `Ok(false)` when fitting legitimately found nothing to keep (every term
/// pruned, or a document-frequency window that the corpus size empties);
/// any other error fails the case.
fn check_case(docs: &[String], params: VectorizerParams, l1: bool) -> Result<bool, TestCaseError> {
    let norm = if l1 { Norm::L1 } else { Norm::L2 };
    // The generated parameters are all valid: a failed check is a bug.
    let vectorizer = params
        .norm(norm)
        .check()
        .map_err(|e| TestCaseError::fail(format!("valid parameters rejected: {e}")))?;
    let (model, matrix) = match vectorizer.fit_transform(docs) {
        Ok(fitted) => fitted,
        // No term left (only stop words, everything pruned) is an error, not a panic.
        Err(
            TfidfError::EmptyVocabulary { .. }
            | TfidfError::AllTermsPruned { .. }
            | TfidfError::MinDfAboveMaxDf { .. },
        ) => return Ok(false),
        Err(e) => return Err(TestCaseError::fail(format!("unexpected error: {e}"))),
    };
    prop_assert_eq!(matrix.rows(), docs.len());
    prop_assert_eq!(matrix.cols(), model.n_features());
    for (i, row) in matrix.outer_iterator().enumerate() {
        let values: Vec<f64> = row.iter().map(|(_, &v)| v).collect();
        prop_assert!(
            values.iter().all(|v| v.is_finite() && *v > 0.0),
            "row {}: {:?}",
            i,
            values
        );
        let size = if l1 {
            values.iter().map(|v| v.abs()).sum::<f64>()
        } else {
            values.iter().map(|v| v * v).sum::<f64>().sqrt()
        };
        if values.is_empty() {
            prop_assert_eq!(size, 0.0);
        } else {
            prop_assert!((size - 1.0).abs() < 1e-12, "row {} has norm {}", i, size);
        }
    }
    // Transforming the same documents with the fitted model gives the same rows.
    let again = model
        .transform(docs)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(again, matrix);
    Ok(true)
}

/// Runs the cases with a fixed-seed runner and counts how many reached the
/// norm checks, so a generator drifting into all-error cases cannot pass
/// silently.
#[test]
fn rows_have_unit_norm_or_are_empty() {
    const CASES: u32 = 128;
    let config = ProptestConfig::with_cases(CASES);
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let fitted = AtomicUsize::new(0);
    let skipped = AtomicUsize::new(0);
    let result = runner.run(
        &(documents(), params(), any::<bool>()),
        |(docs, params, l1)| {
            let counter = if check_case(&docs, params, l1)? {
                &fitted
            } else {
                &skipped
            };
            counter.fetch_add(1, Ordering::Relaxed);
            Ok(())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    let (fitted, skipped) = (fitted.into_inner(), skipped.into_inner());
    eprintln!("{fitted} cases fitted and checked, {skipped} with nothing to keep");
    // Every case ran (no rejection), and most of them produced a matrix:
    // the documents share a small vocabulary, so an empty result needs
    // all-stop-word documents or a strict df window.
    assert!(
        fitted + skipped >= CASES as usize,
        "{fitted} fitted + {skipped} skipped"
    );
    assert!(
        fitted * 4 >= (fitted + skipped) * 3,
        "only {fitted} of {} cases produced a matrix",
        fitted + skipped
    );
}
