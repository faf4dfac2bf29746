//! The structure `auto` finds: the number of themes from the data, general
//! language in the background components, and broader themes over the fine
//! ones.

use sprs::{CsMat, TriMat};
use tidings_topics::{ThemeData, ThemeFit, ThemesParams};

/// Filler: words every passage uses, which no stop list has.
const FILLER: [&str; 6] = ["like", "just", "think", "going", "things", "get"];

/// Uniform draws in [0, 1) from a xorshift generator seeded by `seed`.
fn uniform(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Adds `entries` (column, value) as row `row` of `tri`, scaled to unit l2
/// norm.
fn add_normalised(tri: &mut TriMat<f64>, row: usize, entries: &[(usize, f64)]) {
    let norm = entries.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
    for &(c, v) in entries {
        tri.add_triplet(row, c, v / norm);
    }
}

/// Three families of two themes each. A theme's rows use its own six terms
/// and its family's four; every row also uses the filler words, with
/// weights that vary from row to row. Returns the l2-normalised matrix and
/// the feature names (`f{family}`, `t{theme}` prefixes, then the filler).
fn families(rows_per: usize, seed: u64) -> (CsMat<f64>, Vec<String>) {
    let (families, per_family, own, shared) = (3, 2, 6, 4);
    let themes = families * per_family;
    let mut features = Vec::new();
    for f in 0..families {
        for j in 0..shared {
            features.push(format!("f{f}shared{j}"));
        }
    }
    for t in 0..themes {
        for j in 0..own {
            features.push(format!("t{t}term{j}"));
        }
    }
    let filler0 = features.len();
    features.extend(FILLER.map(String::from));
    let mut next = uniform(seed);
    let n = themes * rows_per;
    let mut tri = TriMat::new((n, features.len()));
    for t in 0..themes {
        let f = t / per_family;
        for r in 0..rows_per {
            let row = t * rows_per + r;
            let mut entries = Vec::new();
            for j in 0..own {
                if next() < 0.7 {
                    entries.push((families * shared + t * own + j, 0.5 + next()));
                }
            }
            for j in 0..shared {
                if next() < 0.6 {
                    entries.push((f * shared + j, 0.5 + next()));
                }
            }
            for j in 0..FILLER.len() {
                if next() < 0.9 {
                    entries.push((filler0 + j, 0.3 + 0.6 * next()));
                }
            }
            add_normalised(&mut tri, row, &entries);
        }
    }
    (tri.to_csr(), features)
}

/// The planted theme most of a fitted theme's own-theme terms come from.
fn planted_theme(t: &tidings_topics::ThemeSummary) -> usize {
    let mut votes = [0usize; 6];
    for term in &t.terms {
        if let Some(rest) = term.strip_prefix('t') {
            if let Some(i) = rest.find("term") {
                if let Ok(n) = rest[..i].parse::<usize>() {
                    votes[n] += 1;
                }
            }
        }
    }
    (0..6)
        .max_by_key(|&i| (votes[i], std::cmp::Reverse(i)))
        .unwrap_or(0)
}

fn fit(seed: u64) -> ThemeFit {
    let (x, features) = families(40, seed);
    ThemesParams::new()
        .seed(seed)
        .check()
        .unwrap()
        .fit(&ThemeData::new(x.view(), &features))
        .unwrap()
}

#[test]
fn auto_finds_every_planted_theme() {
    for seed in 0..4 {
        let fit = fit(seed);
        let pa = fit.report.parallel_analysis.as_ref().expect("auto counts");
        assert_eq!(fit.report.themes.len(), pa.themes());
        assert_eq!(fit.report.themes.len(), 6, "seed {seed}: {pa:?}");
        // Each fitted theme follows its own planted theme: the two planted
        // themes of a family, which share their family's terms, are told
        // apart.
        let mut planted: Vec<usize> = fit.report.themes.iter().map(planted_theme).collect();
        planted.sort_unstable();
        assert_eq!(planted, [0, 1, 2, 3, 4, 5], "seed {seed}");
    }
}

/// Filler used alike by the rows of every theme weighs next to nothing by
/// context specificity: it reaches no label and no theme's top three terms,
/// on every seed.
#[test]
fn filler_is_general_language_by_context_specificity() {
    for seed in 0..4 {
        let fit = fit(seed);
        assert!(fit.report.specificity.is_some(), "specificity is on");
        for t in &fit.report.themes {
            assert!(!FILLER.contains(&t.label.as_str()), "{}", t.label);
            for term in t.terms.iter().take(3) {
                assert!(!FILLER.contains(&term.as_str()), "{term} in {}", t.label);
            }
        }
        // The saved model keeps the weights: every filler word weighs less
        // than a tenth of any theme's own term. (Not exactly zero: the rows
        // using a word share that word, which makes them a little more
        // alike than random rows; measured 0.003–0.017 against 0.79–0.81.)
        let weights = fit.model.term_weights().expect("weights in the model");
        let features = fit.model.features();
        let least_own = features
            .iter()
            .zip(weights)
            .filter(|(name, _)| name.contains("term"))
            .map(|(_, &w)| w)
            .fold(f64::INFINITY, f64::min);
        for (name, &w) in features.iter().zip(weights) {
            if FILLER.contains(&name.as_str()) {
                assert!(
                    w < least_own / 10.0,
                    "seed {seed}: {name} {w} vs {least_own}"
                );
            }
        }
    }
}

#[test]
fn broader_themes_join_the_planted_families() {
    for seed in 0..4 {
        let fit = fit(seed);
        let r = &fit.report;
        let k = r.themes.len();
        assert!(!r.groups.is_empty(), "seed {seed}");
        for (g, group) in r.groups.iter().enumerate() {
            assert_eq!(group.id, k + g);
            assert!(group.children.len() >= 2);
            // A broader theme joins themes of one planted family.
            let family = |id: usize| planted_theme(&r.themes[id]) / 2;
            assert!(
                group
                    .children
                    .iter()
                    .all(|&c| family(c) == family(group.children[0])),
                "seed {seed}: {group:?}"
            );
            let size: f64 = group.children.iter().map(|&c| r.themes[c].size).sum();
            assert!((group.size - size).abs() < 1e-12);
            for &c in &group.children {
                assert_eq!(r.themes[c].parent, Some(group.id));
            }
            assert!(!r.themes.iter().any(|t| t.label == group.label));
        }
    }
}

#[test]
fn saved_models_keep_the_background_and_the_tree() {
    let (x, features) = families(40, 1);
    let fit = ThemesParams::new()
        .seed(1)
        .check()
        .unwrap()
        .fit(&ThemeData::new(x.view(), &features))
        .unwrap();
    let loaded = tidings_topics::Themes::from_json(&fit.model.to_json().unwrap()).unwrap();
    assert_eq!(loaded, fit.model);
    let again = loaded
        .apply(&ThemeData::new(x.view(), &features), 2)
        .unwrap();
    assert_eq!(again.report.groups.len(), fit.report.groups.len());
    assert_eq!(
        again.report.general_language.as_ref().map(|g| &g.terms),
        fit.report.general_language.as_ref().map(|g| &g.terms)
    );
    // The saved model weighs rows as the fitted one does.
    let direct = fit
        .model
        .apply(&ThemeData::new(x.view(), &features), 2)
        .unwrap();
    assert_eq!(direct.report, again.report);
}

#[test]
fn the_background_fit_moves_from_its_start() {
    // Regression: the background's factors were column-major and HALS
    // skipped them, leaving the NNDSVD start with its error. Fitted, the
    // model with one more component fits at least about as well as the
    // one without, and its error falls over the iterations.
    use tidings_topics::{NmfParams, ThemeCount};
    for seed in 0..3 {
        let (x, features) = families(40, seed);
        let data = ThemeData::new(x.view(), &features);
        let error = |background: bool| {
            let fit = ThemesParams::new()
                .themes(ThemeCount::Fixed(6))
                .model(NmfParams::new().background(background))
                .seed(seed)
                .check()
                .unwrap()
                .fit(&data)
                .unwrap();
            (fit.report.model.relative_error, fit.report.model.iterations)
        };
        let (with, iterations) = error(true);
        let (without, _) = error(false);
        assert!(with <= without * 1.01, "seed {seed}: {with} vs {without}");
        assert!(iterations.unwrap_or(0) > 10, "seed {seed}: {iterations:?}");
    }
}

/// Chat: words a large share of the rows of every subject use together,
/// always beside the subject's own words, and more in some subjects than in
/// others (a forum's discussion groups), so that, unlike the uniform
/// filler above, the rows using them are alike and they can form a theme.
const CHAT: [&str; 10] = [
    "people", "think", "one", "time", "say", "know", "really", "thing", "way", "get",
];

/// Six subjects of eight terms each; every row is chatty with a chance of
/// 0.95 (subjects 0–3) or 0.3 (subjects 4–5), and a chatty row uses most
/// chat words, at a weight below its subject words' (1.0–1.5 against
/// 1.0–2.0).
fn chatty(rows_per: usize, seed: u64) -> (CsMat<f64>, Vec<String>) {
    let (themes, own) = (6, 8);
    let mut features: Vec<String> = (0..themes)
        .flat_map(|t| (0..own).map(move |j| format!("t{t}term{j}")))
        .collect();
    let chat0 = features.len();
    features.extend(CHAT.map(String::from));
    let mut next = uniform(seed);
    let mut tri = TriMat::new((themes * rows_per, features.len()));
    for t in 0..themes {
        let chatty = if t < 4 { 0.95 } else { 0.3 };
        for r in 0..rows_per {
            let row = t * rows_per + r;
            let mut entries = Vec::new();
            for j in 0..own {
                if next() < 0.7 {
                    entries.push((t * own + j, 1.0 + next()));
                }
            }
            if next() < chatty {
                for j in 0..CHAT.len() {
                    if next() < 0.8 {
                        entries.push((chat0 + j, 1.0 + 0.5 * next()));
                    }
                }
            }
            add_normalised(&mut tri, row, &entries);
        }
    }
    (tri.to_csr(), features)
}

/// Asked for seven themes on six subjects and their chat, the fit lists the
/// six subjects, one each, and counts the chat as general language: it is in
/// most rows, always beside a subject. Turned off, the chat is a seventh
/// theme. Seeds 0–3.
#[test]
fn a_theme_in_most_rows_beside_others_is_general_language() {
    use tidings_topics::ThemeCount;
    for seed in 0..4 {
        let (x, features) = chatty(40, seed);
        let fit = |general_themes: bool| {
            ThemesParams::new()
                .themes(ThemeCount::Fixed(7))
                .general_themes(general_themes)
                .seed(seed)
                .check()
                .unwrap()
                .fit(&ThemeData::new(x.view(), &features))
                .unwrap()
        };
        let folded = fit(true);
        let r = &folded.report;
        let general = r.general_language.as_ref().expect("general language");
        assert_eq!(general.themes, 1, "seed {seed}");
        assert_eq!(r.themes.len(), 6, "seed {seed}");
        assert_eq!(r.model.n_themes, 6, "seed {seed}");
        assert!(general.share > 0.05, "seed {seed}: {}", general.share);
        let mut subjects: Vec<usize> = r.themes.iter().map(planted_subject).collect();
        subjects.sort_unstable();
        assert_eq!(subjects, [0, 1, 2, 3, 4, 5], "seed {seed}");
        for t in &r.themes {
            assert!(
                !CHAT.contains(&t.label.as_str()),
                "seed {seed}: {}",
                t.label
            );
            for term in t.terms.iter().take(3) {
                assert!(!CHAT.contains(&term.as_str()), "seed {seed}: {term}");
            }
        }
        assert!(
            general.terms.iter().any(|t| CHAT.contains(&t.as_str())),
            "seed {seed}: {:?}",
            general.terms
        );
        // Each document's theme weights and general share sum to 1.
        for (row, g) in folded
            .document_weights
            .rows()
            .into_iter()
            .zip(&folded.document_general)
        {
            assert!((row.sum() + g - 1.0).abs() < 1e-9, "seed {seed}");
        }
        // The saved model weighs rows as the fit did, chat included.
        let loaded = tidings_topics::Themes::from_json(&folded.model.to_json().unwrap()).unwrap();
        assert_eq!(loaded, folded.model);
        let direct = folded
            .model
            .apply(&ThemeData::new(x.view(), &features), 2)
            .unwrap();
        let again = loaded
            .apply(&ThemeData::new(x.view(), &features), 2)
            .unwrap();
        assert_eq!(direct.report, again.report);
        assert_eq!(
            again.report.general_language.as_ref().map(|g| g.themes),
            Some(1)
        );
        // Without folding, the chat is listed.
        let kept = fit(false);
        assert_eq!(kept.report.themes.len(), 7, "seed {seed}");
        assert!(kept.report.general_language.is_none(), "seed {seed}");
    }
}

/// The planted subject most of a fitted theme's terms come from.
fn planted_subject(t: &tidings_topics::ThemeSummary) -> usize {
    let mut votes = [0usize; 6];
    for term in &t.terms {
        if let Some(n) = term
            .strip_prefix('t')
            .and_then(|rest| rest.split("term").next())
            .and_then(|n| n.parse::<usize>().ok())
        {
            if let Some(v) = votes.get_mut(n) {
                *v += 1;
            }
        }
    }
    (0..6)
        .max_by_key(|&i| (votes[i], std::cmp::Reverse(i)))
        .unwrap_or(0)
}

/// A saved model's background must be whole rows over its features, holding
/// at least the themes it says were found general; anything else is an
/// inconsistent model, not a panic or a silent misreading.
#[test]
fn saved_backgrounds_are_checked() {
    use tidings_topics::{ThemeCount, TopicsError};
    let (x, features) = chatty(40, 0);
    let fit = ThemesParams::new()
        .themes(ThemeCount::Fixed(7))
        .seed(0)
        .check()
        .unwrap()
        .fit(&ThemeData::new(x.view(), &features))
        .unwrap();
    let json = fit.model.to_json().unwrap();
    let mut saved: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(saved["general_themes"], 1);
    let rows = saved["background"].as_array().map_or(0, Vec::len) / features.len();
    assert_eq!(rows, 1);
    let inconsistent = |v: &serde_json::Value| {
        matches!(
            tidings_topics::Themes::from_json(&v.to_string()),
            Err(TopicsError::InconsistentModel(_))
        )
    };
    let mut more = saved.clone();
    more["general_themes"] = 2.into();
    assert!(inconsistent(&more));
    let mut ragged = saved.clone();
    if let Some(b) = ragged["background"].as_array_mut() {
        b.pop();
    }
    assert!(inconsistent(&ragged));
    let mut none = saved.clone();
    none["background"] = serde_json::Value::Null;
    assert!(inconsistent(&none));
    // Two whole rows with one general theme read back as they are.
    if let Some(b) = saved["background"].as_array_mut() {
        let row = b.clone();
        b.extend(row);
    }
    let two = tidings_topics::Themes::from_json(&saved.to_string()).unwrap();
    assert!(two.has_general_language());
}
