//! Behaviour of the public API on synthetic matrices with planted themes.

use sprs::{CsMat, TriMat};
use tidings_topics::{
    normalized_mutual_info, parse_theme_file, ModelKind, NmfParams, PassageMap, ThemeCount,
    ThemeData, ThemeFit, Themes, ThemesParams, TopicsError,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// `n_topics` planted topics with `terms_per` terms each, `rows_per` rows per
/// topic, plus a little shared noise; deterministic pseudo-random weights.
/// Returns the l2-normalised matrix, feature names and true labels.
fn planted(
    n_topics: usize,
    terms_per: usize,
    rows_per: usize,
) -> (CsMat<f64>, Vec<String>, Vec<usize>) {
    let m = n_topics * terms_per + 5;
    let mut tri = TriMat::new((n_topics * rows_per, m));
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut labels = Vec::new();
    for t in 0..n_topics {
        for r in 0..rows_per {
            let row = t * rows_per + r;
            let mut entries: Vec<(usize, f64)> = Vec::new();
            for j in 0..terms_per {
                if next() < 0.6 {
                    entries.push((t * terms_per + j, 0.2 + next()));
                }
            }
            // Shared noise terms.
            for j in 0..5 {
                if next() < 0.2 {
                    entries.push((n_topics * terms_per + j, 0.2 * next()));
                }
            }
            if entries.is_empty() {
                entries.push((t * terms_per, 1.0));
            }
            let norm = entries.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
            for (j, v) in entries {
                tri.add_triplet(row, j, v / norm);
            }
            labels.push(t);
        }
    }
    let mut features: Vec<String> = Vec::new();
    for t in 0..n_topics {
        for j in 0..terms_per {
            features.push(if j == 0 {
                format!("topic{t} phrase")
            } else {
                format!("t{t}w{j}")
            });
        }
    }
    for j in 0..5 {
        features.push(format!("noise{j}"));
    }
    (tri.to_csr(), features, labels)
}

/// The planted topic of a feature name from [`planted`] (`topic3 phrase` or
/// `t3w5`); `None` for a noise term.
fn planted_topic_of(term: &str) -> Option<usize> {
    let rest = term
        .strip_prefix("topic")
        .and_then(|r| r.strip_suffix(" phrase"))
        .or_else(|| term.strip_prefix('t').and_then(|r| r.split('w').next()))?;
    rest.parse().ok()
}

fn dominant(fit: &ThemeFit) -> Vec<usize> {
    fit.passage_weights
        .rows()
        .into_iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .fold(
                    (0, f64::NEG_INFINITY),
                    |b, (i, &v)| if v > b.1 { (i, v) } else { b },
                )
                .0
        })
        .collect()
}

#[test]
fn nmf_and_kmeans_recover_planted_topics() -> Result<()> {
    let (x, features, labels) = planted(4, 8, 30);
    for model in [ModelKind::Nmf, ModelKind::KMeans] {
        let fit = ThemesParams::new()
            .themes(ThemeCount::Fixed(4))
            .model(model)
            .seed(3)
            .check()?
            .fit(&ThemeData::new(x.view(), &features))?;
        let nmi = normalized_mutual_info(&labels, &dominant(&fit));
        assert!(nmi > 0.95, "{model:?}: NMI {nmi}");
        let mut topics_seen = Vec::new();
        for theme in &fit.report.themes {
            // Every theme's top terms come from a single planted topic, and
            // different themes from different topics.
            let topics: Vec<Option<usize>> = theme
                .terms
                .iter()
                .take(4)
                .map(|t| planted_topic_of(t))
                .collect();
            assert_eq!(topics.len(), 4, "{theme:?}");
            assert!(topics[0].is_some(), "{theme:?}: a noise term leads");
            assert!(
                topics.iter().all(|t| *t == topics[0]),
                "{model:?}: {theme:?}"
            );
            topics_seen.extend(topics[0]);
            assert!(theme.coherence > 0.0, "{theme:?}");
            assert!(theme.exclusivity > 0.5, "{theme:?}");
        }
        topics_seen.sort_unstable();
        assert_eq!(topics_seen, [0, 1, 2, 3], "{model:?}");
        // The themes and general language (NMF's background) share the text.
        let sizes: f64 = fit.report.themes.iter().map(|t| t.size).sum::<f64>()
            + fit
                .report
                .general_language
                .as_ref()
                .map_or(0.0, |g| g.share);
        assert!((sizes - 1.0).abs() < 1e-9);
        // Discovered themes are ordered by decreasing size.
        let s: Vec<f64> = fit.report.themes.iter().map(|t| t.size).collect();
        assert!(s.windows(2).all(|w| w[0] >= w[1]));
    }
    Ok(())
}

#[test]
fn nmf_labels_name_each_planted_topic_by_its_strongest_term() -> Result<()> {
    let (x, features, _) = planted(3, 6, 20);
    let fit = ThemesParams::new()
        .themes(ThemeCount::Fixed(3))
        .check()?
        .fit(&ThemeData::new(x.view(), &features))?;
    // The planted topic of a term: "topic2 phrase" and "t2w4" belong to 2.
    let topic = |term: &str| {
        term.trim_start_matches("topic")
            .trim_start_matches('t')
            .chars()
            .next()
    };
    let mut topics = Vec::new();
    for theme in &fit.report.themes {
        // The label is the theme's best-weighted term: its best word, or a
        // phrase whose words are no features of their own when the phrase
        // outweighs every word family (a phrase named "topicN phrase"
        // carries the weight here). Its key terms come from the same
        // planted topic.
        let best_word = theme.terms.iter().find(|t| !t.contains(' '));
        let best_phrase = theme.terms.first().filter(|t| t.contains(' '));
        assert!(
            Some(&theme.label) == best_word || Some(&theme.label) == best_phrase,
            "{theme:?}"
        );
        assert_eq!(theme.key_terms.len(), 3, "{theme:?}");
        for k in &theme.key_terms {
            assert_eq!(topic(k), topic(&theme.label), "{theme:?}");
        }
        topics.push(topic(&theme.label));
    }
    topics.sort();
    assert_eq!(topics, [Some('0'), Some('1'), Some('2')]);
    let m = &fit.report.model;
    assert!(m.iterations.is_some_and(|i| i >= 1));
    assert!(m.relative_error > 0.0 && m.relative_error < 1.0);
    Ok(())
}

fn fit_json(
    threads: usize,
    x: &CsMat<f64>,
    features: &[String],
    model: ModelKind,
) -> Result<String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let seeded = parse_theme_file(
        "[[theme]]\nname = \"Second\"\nseeds = [\"t1w1\", \"t1w2\"]\n",
        "<input>",
    )?;
    let params = ThemesParams::new()
        .themes(ThemeCount::Fixed(4))
        .model(model)
        .seed(11);
    let params = if model == ModelKind::Nmf {
        params.seeded(seeded)
    } else {
        params
    };
    let params = params.check()?;
    let fit = pool.install(|| params.fit(&ThemeData::new(x.view(), features)))?;
    Ok(format!(
        "{}\n{}",
        fit.report.to_json()?,
        fit.model.to_json()?
    ))
}

#[test]
fn output_is_identical_with_one_and_two_threads() -> Result<()> {
    // Enough rows to split the products into several parallel chunks.
    let (x, features, _) = planted(4, 10, 300);
    for model in [ModelKind::Nmf, ModelKind::KMeans] {
        let one = fit_json(1, &x, &features, model)?;
        let two = fit_json(2, &x, &features, model)?;
        assert!(one == two, "{model:?} differs across thread counts");
        assert_eq!(one, fit_json(2, &x, &features, model)?);
    }
    Ok(())
}

#[test]
fn seeded_themes_keep_file_order_names_and_seeds() -> Result<()> {
    let (x, features, labels) = planted(4, 8, 30);
    let file = r#"
[[theme]]
name = "Topic three"
seeds = ["t3w1", "t3w2"]

[[theme]]
name = "Topic one"
seeds = ["T1W1", "t1w3", "nowhere to be found"]
"#;
    let seeded = parse_theme_file(file, "themes.toml")?;
    let fit = ThemesParams::new()
        .themes(ThemeCount::Fixed(4))
        .seeded(seeded)
        .check()?
        .fit(&ThemeData::new(x.view(), &features))?;
    let themes = &fit.report.themes;
    assert_eq!(themes[0].id, 0);
    assert_eq!(themes[0].label, "Topic three");
    assert_eq!(themes[1].id, 1);
    assert_eq!(themes[1].label, "Topic one");
    assert!(themes[0].seeded && themes[1].seeded && !themes[2].seeded);
    // Each seeded theme stays about its seeds: its top terms come from that topic.
    assert!(
        themes[0].terms.iter().take(5).all(|t| t.contains('3')),
        "{:?}",
        themes[0].terms
    );
    assert!(
        themes[1].terms.iter().take(5).all(|t| t.contains('1')),
        "{:?}",
        themes[1].terms
    );
    // ... and the rows of that topic are dominated by it.
    let dom = dominant(&fit);
    let rows3: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == 3).collect();
    assert!(rows3.iter().filter(|&&i| dom[i] == 0).count() * 10 >= rows3.len() * 9);
    assert_eq!(fit.report.unmatched_seeds.len(), 1);
    assert_eq!(fit.report.unmatched_seeds[0].seed, "nowhere to be found");
    assert_eq!(fit.report.unmatched_seeds[0].theme, "Topic one");
    assert_eq!(fit.model.themes()[1].label, "Topic one");
    Ok(())
}

#[test]
fn passages_aggregate_to_documents_and_auto_reports_scores() -> Result<()> {
    let (x, features, _) = planted(3, 8, 20);
    // Document d holds rows 2d and 2d+1; the last document mixes topics 0 and 1.
    let documents: Vec<usize> = (0..60).map(|i| i / 2).collect();
    let lengths: Vec<f64> = (0..60).map(|i| 10.0 + (i % 3) as f64).collect();
    let map = PassageMap {
        documents: &documents,
        lengths: &lengths,
        n_documents: 30,
    };
    let fit = ThemesParams::new()
        .themes(ThemeCount::Auto { min: 2, max: 5 })
        .check()?
        .fit(&ThemeData::new(x.view(), &features).with_passages(map))?;
    let sel = &fit.report.selection;
    assert_eq!(sel.iter().map(|s| s.k).collect::<Vec<_>>(), [2, 3, 4, 5]);
    let best = sel
        .iter()
        .max_by(|a, b| a.coherence.total_cmp(&b.coherence))
        .map(|s| s.k);
    assert_eq!(Some(fit.report.themes.len()), best);
    assert_eq!(fit.report.documents.len(), 30);
    assert_eq!(fit.document_weights.nrows(), 30);
    for (row, general) in fit
        .document_weights
        .rows()
        .into_iter()
        .zip(&fit.document_general)
    {
        assert!((row.sum() + general - 1.0).abs() < 1e-9);
    }
    let bad = PassageMap {
        documents: &documents,
        lengths: &lengths,
        n_documents: 10,
    };
    let err = ThemesParams::new()
        .check()?
        .fit(&ThemeData::new(x.view(), &features).with_passages(bad));
    assert!(matches!(
        err,
        Err(TopicsError::DocumentOutOfRange {
            passage: 20,
            document: 10,
            ..
        })
    ));
    Ok(())
}

#[test]
fn model_round_trips_and_rejects_bad_files() -> Result<()> {
    let (x, features, _) = planted(3, 6, 20);
    let fit = ThemesParams::new()
        .themes(ThemeCount::Fixed(3))
        .check()?
        .fit(&ThemeData::new(x.view(), &features))?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("model.json");
    fit.model.save(&path)?;
    let loaded = Themes::load(&path)?;
    assert_eq!(loaded, fit.model);
    // Transforming the training rows gives back (nearly) the fitted weights' argmax.
    let w = loaded.transform(x.view())?;
    let agree = w
        .rows()
        .into_iter()
        .zip(fit.passage_weights.rows())
        .filter(|(a, b)| {
            let am = |r: ndarray::ArrayView1<f64>| {
                r.iter()
                    .enumerate()
                    .fold((0, f64::MIN), |m, (i, &v)| if v > m.1 { (i, v) } else { m })
                    .0
            };
            am(a.view()) == am(b.view())
        })
        .count();
    assert!(agree >= 58, "{agree}");

    let json = fit.model.to_json()?;
    let truncated = &json[..json.len() / 2];
    let cut = Themes::from_json(truncated);
    assert!(matches!(cut, Err(TopicsError::Truncated { .. })), "{cut:?}");
    let newer = json.replacen("\"version\":5", "\"version\":6", 1);
    assert!(matches!(
        Themes::from_json(&newer),
        Err(TopicsError::UnsupportedVersion {
            found: 6,
            expected: 5
        })
    ));
    let other = json.replacen("tidings-themes", "something-else", 1);
    assert!(matches!(
        Themes::from_json(&other),
        Err(TopicsError::WrongFormat { .. })
    ));
    let wrong_cols = CsMat::<f64>::zero((2, 3));
    assert!(matches!(
        loaded.transform(wrong_cols.view()),
        Err(TopicsError::DimensionMismatch { .. })
    ));
    Ok(())
}

#[test]
fn invalid_inputs_are_typed_errors() -> Result<()> {
    let (x, features, _) = planted(2, 4, 5);
    let too_many = ThemesParams::new()
        .themes(ThemeCount::Fixed(50))
        .check()?
        .fit(&ThemeData::new(x.view(), &features));
    assert!(matches!(
        too_many,
        Err(TopicsError::TooManyThemes { requested: 50, .. })
    ));
    let short = &features[..3];
    assert!(matches!(
        ThemesParams::new()
            .check()?
            .fit(&ThemeData::new(x.view(), short)),
        Err(TopicsError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        ThemesParams::new().themes(ThemeCount::Fixed(0)).check(),
        Err(TopicsError::ZeroThemes(0))
    ));
    assert!(matches!(
        ThemesParams::new()
            .themes(ThemeCount::Auto { min: 5, max: 3 })
            .check(),
        Err(TopicsError::InvalidRange { min: 5, max: 3 })
    ));
    assert!(matches!(
        ThemesParams::new()
            .model(NmfParams::new().tol(-1.0))
            .check(),
        Err(TopicsError::InvalidParameter { name: "tol", .. })
    ));
    Ok(())
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Themes>();
    check::<ThemeFit>();
    check::<tidings_topics::ThemesReport>();
    check::<TopicsError>();
    check::<tidings_topics::ThemeFileError>();
    check::<tidings_topics::ValidThemesParams>();
}

#[test]
fn shipped_example_theme_file_parses_in_order() -> Result<()> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/themes-example.toml");
    let themes = tidings_topics::read_theme_file(&path)?;
    let names: Vec<&str> = themes.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Counter-terrorism",
            "Defence industry",
            "Indo-Pacific",
            "Cyber security"
        ]
    );
    assert!(themes.iter().all(|t| !t.seeds.is_empty()));
    Ok(())
}

#[test]
fn applying_an_owned_matrix_equals_applying_a_view() -> Result<()> {
    let (x, features, _) = planted(3, 8, 20);
    let documents: Vec<usize> = (0..60).map(|i| i / 3).collect();
    let lengths: Vec<f64> = (0..60).map(|i| 5.0 + (i % 4) as f64).collect();
    let map = PassageMap {
        documents: &documents,
        lengths: &lengths,
        n_documents: 20,
    };
    let fit = ThemesParams::new()
        .themes(ThemeCount::Fixed(3))
        .check()?
        .fit(&ThemeData::new(x.view(), &features))?;
    let by_view = fit
        .model
        .apply(&ThemeData::new(x.view(), &features).with_passages(map), 2)?;
    let by_value = fit.model.apply_owned(x.clone(), Some(map), 2)?;
    assert_eq!(by_view.passage_weights, by_value.passage_weights);
    assert_eq!(by_view.document_weights, by_value.document_weights);
    assert_eq!(
        serde_json::to_string(&by_view.report)?,
        serde_json::to_string(&by_value.report)?
    );
    // A wrong column count is still a typed error.
    let narrow = CsMat::<f64>::zero((2, 3));
    assert!(matches!(
        fit.model.apply_owned(narrow, None, 1),
        Err(TopicsError::DimensionMismatch { .. })
    ));
    Ok(())
}
