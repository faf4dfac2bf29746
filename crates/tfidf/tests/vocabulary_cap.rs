//! `max_vocabulary`: the vocabulary held while counting is capped, rare
//! terms are pruned, and the result does not depend on the thread count.

use tidings_tfidf::{Preset, RawDocument, TfidfError, TfidfModel, VectorizerParams};

/// `n` documents: three common words and two words found nowhere else
/// (a corpus whose vocabulary grows with every document).
fn hostile(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("maritime security trade unique{i}x token{}y", i * 7919))
        .collect()
}

fn sklearn(cap: Option<usize>) -> VectorizerParams {
    VectorizerParams::preset(Preset::Sklearn).max_vocabulary(cap)
}

fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

#[test]
fn a_cap_above_the_vocabulary_changes_nothing() -> Result<(), TfidfError> {
    let docs = hostile(50);
    let (free, m1) = sklearn(None).check()?.fit_transform(&docs)?;
    let (capped, m2) = sklearn(Some(1000)).check()?.fit_transform(&docs)?;
    assert_eq!(
        free.features().collect::<Vec<_>>(),
        capped.features().collect::<Vec<_>>()
    );
    assert_eq!(m1, m2);
    Ok(())
}

#[test]
fn the_vocabulary_stays_under_the_cap_and_keeps_frequent_terms() -> Result<(), TfidfError> {
    // Three batches of 8192 documents: pruning happens while counting.
    let docs = hostile(20_000);
    let cap = 100;
    let vectorizer = sklearn(Some(cap)).check()?;
    let stats = vectorizer.collect_stats(&docs);
    assert!(stats.n_terms() <= cap, "{} terms held", stats.n_terms());
    for word in ["maritime", "security", "trade"] {
        assert_eq!(stats.term(word), Some((20_000, 20_000)), "{word}");
    }
    let (model, matrix) = vectorizer.fit_transform(&docs)?;
    assert!(model.n_features() <= cap);
    assert!(model.column("maritime").is_some());
    assert_eq!(matrix.rows(), docs.len());
    // Every row keeps the common words, and rows stay unit length.
    for row in matrix.outer_iterator() {
        assert!(row.nnz() >= 3);
        let norm: f64 = row.iter().map(|(_, v)| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-12);
    }
    Ok(())
}

#[test]
fn capped_results_do_not_depend_on_threads_or_streaming() -> Result<(), TfidfError> {
    let docs = hostile(9_000);
    let vectorizer = sklearn(Some(50)).check()?;
    let one = on_threads(1, || vectorizer.fit_transform(&docs))?;
    let four = on_threads(4, || vectorizer.fit_transform(&docs))?;
    assert_eq!(
        one.0.features().collect::<Vec<_>>(),
        four.0.features().collect::<Vec<_>>()
    );
    assert_eq!(one.1, four.1);
    // The streaming modes count in batches too; each stays under the cap.
    let documents: Vec<RawDocument> = docs
        .iter()
        .enumerate()
        .map(|(i, t)| RawDocument::new(i.to_string(), None, t.clone()))
        .collect();
    let streamed = vectorizer.vectorize_iter(
        documents.iter().cloned().map(Ok::<_, std::io::Error>),
        &mut |_| {},
    )?;
    assert!(streamed.model.n_features() <= 50);
    let two_pass = vectorizer.vectorize_two_pass(
        || documents.iter().cloned().map(Ok::<_, std::io::Error>),
        &mut |_| {},
    )?;
    assert!(two_pass.model.n_features() <= 50);
    Ok(())
}

#[test]
fn the_cap_is_checked_and_saved_with_the_model() -> Result<(), Box<dyn std::error::Error>> {
    assert!(matches!(
        sklearn(Some(0)).check(),
        Err(TfidfError::ZeroMaxVocabulary)
    ));
    let model = sklearn(Some(10)).check()?.fit(&hostile(20))?;
    let mut json = Vec::new();
    model.write_json(&mut json)?;
    let text = String::from_utf8(json)?;
    assert!(text.contains("\"max_vocabulary\":10"), "{text}");
    let loaded = TfidfModel::from_json(&text)?;
    assert_eq!(loaded.params().max_vocabulary, Some(10));
    // Without a cap the field is not written, so older files stay the same.
    let free = sklearn(None).check()?.fit(&hostile(3))?;
    let mut json = Vec::new();
    free.write_json(&mut json)?;
    assert!(!String::from_utf8(json)?.contains("max_vocabulary"));
    Ok(())
}
