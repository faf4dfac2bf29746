//! Property tests: every row of a vectorized matrix has l2 norm 1 (or 0 for
//! a document with no kept term) under `Norm::L2`, and absolute sum 1 (or
//! 0) under `Norm::L1`, whatever the documents and parameters.

use proptest::prelude::*;
use tidings_tfidf::{
    DocFreq, IdfWeighting, NgramRange, Norm, Preset, TfWeighting, VectorizerParams,
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn rows_have_unit_norm_or_are_empty(docs in documents(), params in params(), l1 in any::<bool>()) {
        let norm = if l1 { Norm::L1 } else { Norm::L2 };
        let Ok(vectorizer) = params.norm(norm).check() else {
            return Ok(());
        };
        // No term left (only stop words, everything pruned) is an error, not a panic.
        let Ok((model, matrix)) = vectorizer.fit_transform(&docs) else {
            return Ok(());
        };
        prop_assert_eq!(matrix.rows(), docs.len());
        prop_assert_eq!(matrix.cols(), model.n_features());
        for (i, row) in matrix.outer_iterator().enumerate() {
            let values: Vec<f64> = row.iter().map(|(_, &v)| v).collect();
            prop_assert!(values.iter().all(|v| v.is_finite() && *v > 0.0), "row {}: {:?}", i, values);
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
        let again = model.transform(&docs).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, matrix);
    }
}
