//! Behaviour: determinism across thread counts, shard merging, streaming,
//! persistence, parameter errors, writers.

use sprs::CsMat;
use tidings_tfidf::{
    DocFreq, HashingParams, NgramRange, Norm, Preset, RawDocument, TermStats, TfWeighting,
    TfidfError, TfidfModel, Vectorizer, VectorizerParams,
};

fn corpus() -> Vec<String> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents.json");
    let text = std::fs::read_to_string(path).expect("fixture");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["documents"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d.as_str().expect("str").to_owned())
        .collect()
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
        .install(f)
}

fn bits(m: &CsMat<f64>) -> (Vec<usize>, Vec<usize>, Vec<u64>) {
    (
        m.indptr().raw_storage().to_vec(),
        m.indices().to_vec(),
        m.data().iter().map(|x| x.to_bits()).collect(),
    )
}

fn presets() -> Vec<Vectorizer> {
    vec![
        Vectorizer::preset(Preset::Sklearn).expect("sklearn"),
        Vectorizer::preset(Preset::Default).expect("default"),
    ]
}

#[test]
fn one_and_four_threads_give_bit_identical_output() {
    let docs = corpus();
    for v in presets() {
        let (m1, x1) = in_pool(1, || v.fit_transform(&docs)).expect("fit 1");
        let (m4, x4) = in_pool(4, || v.fit_transform(&docs)).expect("fit 4");
        assert_eq!(
            m1.features().collect::<Vec<_>>(),
            m4.features().collect::<Vec<_>>()
        );
        assert_eq!(bits(&x1), bits(&x4));
        let s1: Vec<_> = (0..m1.n_features()).map(|c| m1.surface_form(c)).collect();
        let s4: Vec<_> = (0..m4.n_features()).map(|c| m4.surface_form(c)).collect();
        assert_eq!(s1, s4);
    }
}

#[test]
fn fit_transform_equals_fit_then_transform() {
    let docs = corpus();
    for v in presets() {
        let (model, x) = v.fit_transform(&docs).expect("fit_transform");
        let model2 = v.fit(&docs).expect("fit");
        assert_eq!(bits(&x), bits(&model2.transform(&docs).expect("transform")));
        assert_eq!(bits(&x), bits(&model.transform(&docs).expect("transform")));
    }
}

#[test]
fn four_shards_merge_into_the_model_of_one_fit() {
    let docs = corpus();
    for v in presets() {
        let whole = v.fit(&docs).expect("fit");
        let shards: Vec<TermStats> = docs
            .chunks(docs.len().div_ceil(4))
            .map(|c| v.collect_stats(c))
            .collect();
        assert_eq!(shards.len(), 4);
        // Merge in a scrambled order, one shard through JSON.
        let mut merged = shards[2].clone();
        merged.merge(&shards[0]).expect("merge");
        let shipped =
            TermStats::from_json(&shards[3].to_json().expect("to json")).expect("from json");
        merged.merge(&shipped).expect("merge");
        merged.merge(&shards[1]).expect("merge");
        let from_shards = v.fit_stats(&merged).expect("fit stats");
        assert_eq!(from_shards.n_docs(), whole.n_docs());
        assert_eq!(
            from_shards.features().collect::<Vec<_>>(),
            whole.features().collect::<Vec<_>>()
        );
        assert_eq!(
            from_shards.document_frequencies(),
            whole.document_frequencies()
        );
        assert_eq!(from_shards.term_counts(), whole.term_counts());
        assert_eq!(from_shards.idf(), whole.idf());
        let a: Vec<_> = (0..whole.n_features())
            .map(|c| whole.surface_form(c))
            .collect();
        let b: Vec<_> = (0..whole.n_features())
            .map(|c| from_shards.surface_form(c))
            .collect();
        assert_eq!(a, b);
        // The same rows, bit for bit, for the documents and for unseen text.
        assert_eq!(
            bits(&from_shards.transform(&docs).expect("transform")),
            bits(&whole.transform(&docs).expect("transform"))
        );
        let unseen = ["Maritime security and sustainable development, zebra."];
        assert_eq!(
            bits(&from_shards.transform(&unseen).expect("transform")),
            bits(&whole.transform(&unseen).expect("transform"))
        );
    }
}

#[test]
fn merging_stats_of_different_analyzers_is_refused() {
    let docs = corpus();
    let mut a = Vectorizer::preset(Preset::Sklearn)
        .expect("v")
        .collect_stats(&docs[..10]);
    let b = Vectorizer::preset(Preset::Default)
        .expect("v")
        .collect_stats(&docs[..10]);
    assert!(matches!(
        a.merge(&b),
        Err(TfidfError::IncompatibleStats { .. })
    ));
}

#[test]
fn streaming_modes_equal_the_in_memory_result() {
    let texts = corpus();
    let docs: Vec<RawDocument> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            RawDocument::new(
                format!("d{i}"),
                (i % 3 == 0).then(|| format!("2020-01-{:02}", i % 28 + 1)),
                t.clone(),
            )
        })
        .collect();
    for v in presets() {
        let memory = v.vectorize(&docs).expect("in memory");
        let source = || docs.iter().cloned().map(Ok::<_, std::io::Error>);
        let mut seen = Vec::new();
        let one = v
            .vectorize_iter(source(), &mut |p| seen.push(p))
            .expect("one pass");
        let two = v.vectorize_two_pass(source, &mut |_| {}).expect("two pass");
        assert_eq!(seen.last().map(|p| p.documents), Some(docs.len() as u64));
        for out in [&one, &two] {
            assert_eq!(bits(&out.matrix), bits(&memory.matrix));
            assert_eq!(out.documents, memory.documents);
            assert_eq!(
                out.model.features().collect::<Vec<_>>(),
                memory.model.features().collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn a_source_error_names_the_document() {
    let v = Vectorizer::preset(Preset::Sklearn).expect("v");
    let docs = vec![
        Ok(RawDocument::new("a", None, "some words here")),
        Err(std::io::Error::other("unreadable")),
    ];
    let err = v.vectorize_iter(docs, &mut |_| {}).expect_err("must fail");
    assert!(matches!(err, TfidfError::Source { index: 1, .. }), "{err}");
}

#[test]
fn saved_then_loaded_model_gives_identical_rows() {
    let docs = corpus();
    let new_texts = [
        "Maritime security cooperation in the Indo-Pacific, again and again.",
        "Unknown zyzzyva words only",
        "",
    ];
    for v in presets() {
        let model = v.fit(&docs).expect("fit");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("model.json");
        model.save(&path).expect("save");
        let loaded = TfidfModel::load(&path).expect("load");
        assert_eq!(loaded.params(), model.params());
        assert_eq!(
            bits(&loaded.transform(&new_texts).expect("t")),
            bits(&model.transform(&new_texts).expect("t"))
        );
        assert_eq!(loaded.idf(), model.idf());
    }
}

#[test]
fn broken_model_files_give_typed_errors() {
    let docs = corpus();
    let model = Vectorizer::preset(Preset::Sklearn)
        .expect("v")
        .fit(&docs)
        .expect("fit");
    let mut json = Vec::new();
    model.write_json(&mut json).expect("write");
    let json = String::from_utf8(json).expect("utf8");

    let truncated = &json[..json.len() / 2];
    assert!(matches!(
        TfidfModel::from_json(truncated),
        Err(TfidfError::ModelSyntax { line: 1, .. })
    ));
    let future = json.replacen("\"version\":1", "\"version\":99", 1);
    assert!(matches!(
        TfidfModel::from_json(&future),
        Err(TfidfError::UnsupportedVersion {
            found: 99,
            supported: 1,
            ..
        })
    ));
    let other = json.replacen(
        "\"format\":\"tidings-tfidf\"",
        "\"format\":\"something-else\"",
        1,
    );
    assert!(matches!(
        TfidfModel::from_json(&other),
        Err(TfidfError::WrongFormat { .. })
    ));
    let unsorted = json.replacen("\"features\":[\"", "\"features\":[\"zzzz\",\"", 1);
    assert!(TfidfModel::from_json(&unsorted).is_err());
    assert!(matches!(
        TfidfModel::load("/nonexistent/model.json"),
        Err(TfidfError::Io { .. })
    ));
}

#[test]
fn parameter_errors_carry_their_values() {
    let p = VectorizerParams::preset(Preset::Sklearn);
    let err = p
        .clone()
        .min_df(DocFreq::Fraction(1.5))
        .check()
        .expect_err("bad fraction");
    assert_eq!(
        err.to_string(),
        "min_df = 1.5 is invalid: a fraction must be between 0.0 and 1.0"
    );
    let err = p
        .clone()
        .min_df(DocFreq::Count(5))
        .max_df(DocFreq::Count(2))
        .check()
        .expect_err("inverted");
    assert_eq!(err.to_string(), "min_df = 5 > max_df = 2");
    let err = p.clone().max_features(Some(0)).check().expect_err("zero");
    assert!(matches!(err, TfidfError::ZeroMaxFeatures));
    // Mixed kinds are resolved against the corpus, as scikit-learn does.
    let v = p
        .clone()
        .min_df(DocFreq::Count(3))
        .max_df(DocFreq::Fraction(0.5))
        .check()
        .expect("valid");
    let err = v
        .fit(&["aa bb", "bb cc", "cc dd", "dd ee"])
        .expect_err("3 > 0.5 * 4");
    assert_eq!(err.to_string(), "min_df = 3 > max_df = 0.5 for 4 documents");
    let v = p.clone().min_df(DocFreq::Count(2)).check().expect("valid");
    assert!(matches!(
        v.fit(&["aa bb", "cc dd", "ee ff"]),
        Err(TfidfError::AllTermsPruned { .. })
    ));
    assert!(matches!(
        v.fit(&["", "!"]),
        Err(TfidfError::EmptyVocabulary { n_docs: 2 })
    ));
}

#[test]
fn default_preset_clamps_min_df_on_small_corpora() {
    let v = Vectorizer::preset(Preset::Default).expect("v");
    let model = v
        .fit(&[
            "Maritime security cooperation.",
            "Defence industrial cooperation.",
        ])
        .expect("fit");
    assert!(model
        .column("cooper")
        .or(model.column("cooperation"))
        .is_some());
    assert!(
        model.n_features() >= 4,
        "{:?}",
        model.features().collect::<Vec<_>>()
    );
}

#[test]
fn max_features_breaks_ties_by_term_order() {
    let v = VectorizerParams::preset(Preset::Sklearn)
        .max_features(Some(2))
        .check()
        .expect("v");
    let model = v.fit(&["bb aa cc dd", "dd cc"]).expect("fit");
    // cc and dd are most frequent (2); aa and bb tie at 1 and are dropped.
    assert_eq!(model.features().collect::<Vec<_>>(), ["cc", "dd"]);
    let v = VectorizerParams::preset(Preset::Sklearn)
        .max_features(Some(3))
        .check()
        .expect("v");
    let model = v.fit(&["bb aa cc dd", "dd cc"]).expect("fit");
    assert_eq!(model.features().collect::<Vec<_>>(), ["aa", "cc", "dd"]);
}

#[test]
fn stop_terms_and_surface_forms() {
    let v = VectorizerParams::preset(Preset::Sklearn)
        .ngrams(NgramRange::new(1, 2).expect("range"))
        .stop_terms(vec!["the".into(), "of the".into()])
        .check()
        .expect("v");
    let model = v
        .fit(&[
            "United  Nations of the world",
            "the United\nNations",
            "united nations",
        ])
        .expect("fit");
    assert!(model.column("the").is_none() && model.column("of the").is_none());
    let col = model.column("united nations").expect("bigram");
    assert_eq!(model.surface_form(col), Some("United Nations"));
    let col = model.column("united").expect("unigram");
    assert_eq!(model.surface_form(col), Some("United"));
}

#[test]
fn writers_produce_matrix_market_vocabulary_and_documents() {
    let docs = vec![
        RawDocument::new("a", Some("2001-09-11".into()), "Peace and security, peace."),
        RawDocument::new("b\tc", None, "Security council"),
    ];
    let out = Vectorizer::preset(Preset::Sklearn)
        .expect("v")
        .vectorize(&docs)
        .expect("fit");
    let dir = tempfile::tempdir().expect("tempdir");
    out.write_dir(dir.path()).expect("write");
    let mtx = std::fs::read_to_string(dir.path().join("matrix.mtx")).expect("mtx");
    let mut lines = mtx.lines();
    assert_eq!(
        lines.next(),
        Some("%%MatrixMarket matrix coordinate real general")
    );
    assert_eq!(
        lines.next(),
        Some(format!("2 {} {}", out.model.n_features(), out.matrix.nnz()).as_str())
    );
    let mut n = 0;
    for line in lines {
        let parts: Vec<&str> = line.split(' ').collect();
        let (r, c): (usize, usize) = (
            parts[0].parse().expect("row"),
            parts[1].parse().expect("col"),
        );
        let v: f64 = parts[2].parse().expect("value");
        assert_eq!(
            out.matrix.get(r - 1, c - 1).copied(),
            Some(v),
            "round trip of {line}"
        );
        n += 1;
    }
    assert_eq!(n, out.matrix.nnz());
    let vocab = std::fs::read_to_string(dir.path().join("vocabulary.txt")).expect("vocab");
    assert_eq!(
        vocab.lines().collect::<Vec<_>>(),
        out.model.features().collect::<Vec<_>>()
    );
    let tsv = std::fs::read_to_string(dir.path().join("documents.tsv")).expect("tsv");
    assert_eq!(tsv, "id\tdate\na\t2001-09-11\nb\\tc\t\n");
    assert!(TfidfModel::load(dir.path().join("model.json")).is_ok());
}

#[test]
fn hashing_mode_is_stable_and_sums_collisions() {
    let h = HashingParams::default()
        .analyzer(tidings_tfidf::AnalyzerConfig::preset(Preset::Sklearn))
        .ngrams(NgramRange::unigrams())
        .n_features(1)
        .check()
        .expect("h");
    let m = h.transform(&["alpha beta beta"]).expect("t");
    assert_eq!(m.nnz(), 1);
    assert!((m.data()[0] - 1.0).abs() < 1e-15);

    // Collisions add counts: with raw tf and no normalisation the single
    // column holds 1 + 2 = 3, and no other weighting could give 3 here.
    let raw = |n: usize| {
        HashingParams::default()
            .analyzer(tidings_tfidf::AnalyzerConfig::preset(Preset::Sklearn))
            .ngrams(NgramRange::unigrams())
            .tf(TfWeighting::Raw)
            .norm(Norm::None)
            .n_features(n)
            .check()
            .expect("h")
    };
    let m = raw(1).transform(&["alpha beta beta"]).expect("t");
    assert_eq!(m.nnz(), 1);
    assert_eq!(m.data(), &[3.0]);
    // A width where "alpha" and "beta" collide but "gamma" does not: the
    // shared column holds 1 + 2, gamma's column its own 4.
    let (n, h) = (2..4096)
        .map(|n| (n, raw(n)))
        .find(|(_, h)| {
            h.column("alpha") == h.column("beta") && h.column("gamma") != h.column("alpha")
        })
        .expect("some width makes alpha and beta collide");
    let m = h
        .transform(&["alpha beta beta gamma gamma gamma gamma"])
        .expect("t");
    assert_eq!(m.cols(), n);
    assert_eq!(m.nnz(), 2);
    assert_eq!(m.get(0, h.column("alpha")).copied(), Some(3.0));
    assert_eq!(m.get(0, h.column("gamma")).copied(), Some(4.0));
    let h = HashingParams::default()
        .n_features(1 << 10)
        .seed(7)
        .check()
        .expect("h");
    let a = h.transform(&corpus()).expect("t");
    let b = in_pool(3, || h.transform(&corpus())).expect("t");
    assert_eq!(bits(&a), bits(&b));
    assert!(matches!(
        HashingParams::default().n_features(0).check(),
        Err(TfidfError::InvalidFeatureCount { .. })
    ));
}

#[test]
fn dense_output_only_on_request() {
    let v = Vectorizer::preset(Preset::Sklearn).expect("v");
    let model = v.fit(&["aa bb", "bb cc"]).expect("fit");
    let dense = model.transform_dense(&["aa cc zz"]).expect("dense");
    assert_eq!(dense.shape(), &[1, 3]);
    assert!(dense[[0, 1]] == 0.0 && dense[[0, 0]] > 0.0);
}
