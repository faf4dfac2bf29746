//! Readable theme labels from surface forms, scored by class-based TF-IDF.

use std::collections::{BTreeMap, HashSet};

use ndarray::Array2;

/// Indices of the `n` largest values of `row`, ties broken by index.
pub(crate) fn top_indices(row: ndarray::ArrayView1<'_, f64>, n: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..row.len()).filter(|&j| row[j] > 0.0).collect();
    idx.sort_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
    idx.truncate(n);
    idx
}

/// Class-based TF-IDF (as in BERTopic), weighted by exclusivity (as in
/// FREX): `tf(t, j) · ln(1 + A / f(j)) · excl(t, j)`, where `tf` is the
/// term's share of theme `t`'s weighted counts, `f(j)` the term's total
/// count, `A` the average count per theme, and `excl(t, j)` the share of the
/// term's theme-normalised frequency `tf(·, j)` that falls in theme `t`. A
/// frequent word spread over every theme ("said", "year") scores low even
/// where it is common; a phrase that belongs to one theme scores high.
pub(crate) fn class_tfidf(class_counts: &Array2<f64>) -> Array2<f64> {
    let k = class_counts.nrows().max(1) as f64;
    let totals = class_counts.sum_axis(ndarray::Axis(0));
    let avg = class_counts.sum() / k;
    let mut tf = class_counts.clone();
    for mut row in tf.rows_mut() {
        let s: f64 = row.sum();
        if s > 0.0 {
            row /= s;
        }
    }
    let tf_totals = tf.sum_axis(ndarray::Axis(0));
    let mut out = tf.clone();
    for mut row in out.rows_mut() {
        for ((v, &f), &ft) in row.iter_mut().zip(totals.iter()).zip(tf_totals.iter()) {
            *v = if f > 0.0 && ft > 0.0 {
                *v * (1.0 + avg / f).ln() * (*v / ft)
            } else {
                0.0
            };
        }
    }
    out
}

/// Lower-cased word tokens of a label, for the near-duplicate check.
fn tokens(label: &str) -> HashSet<String> {
    label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether two labels share at least half of their tokens (Jaccard ≥ 0.5).
pub(crate) fn near_duplicate(a: &str, b: &str) -> bool {
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.is_empty() || tb.is_empty() {
        return a.eq_ignore_ascii_case(b);
    }
    let inter = ta.intersection(&tb).count() as f64;
    let union = ta.union(&tb).count() as f64;
    inter / union >= 0.5
}

/// Whether a feature reads as a phrase: several words joined by spaces or
/// hyphens ("defence industry", "counter-terrorism").
pub(crate) fn is_phrase(feature: &str) -> bool {
    feature
        .split([' ', '-'])
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
        >= 2
}

/// Characters of a lower-cased word that name its family: inflected and
/// derived forms ("terrorism", "terrorist"; "industry", "industrial") share
/// a family.
const FAMILY_PREFIX: usize = 7;

/// A word family among a theme's label candidates.
struct Family {
    /// The family's key (see [`FAMILY_PREFIX`]).
    key: String,
    /// Sum of the scores of the candidates containing one of its words.
    score: f64,
    /// Those candidates, in score order.
    members: Vec<usize>,
}

/// The family keys of every candidate's words.
fn families_of(cands: &[usize], features: &[String]) -> Vec<HashSet<String>> {
    cands
        .iter()
        .map(|&j| {
            features.get(j).map_or_else(HashSet::new, |f| {
                tokens(f)
                    .into_iter()
                    .map(|w| w.chars().take(FAMILY_PREFIX).collect())
                    .collect()
            })
        })
        .collect()
}

/// The label candidates of theme `t` grouped by word family, strongest
/// family first. A family's score is the sum of the scores of the candidates
/// that contain one of its words, so a theme spoken of in several forms and
/// phrases outranks a single frequent word.
fn word_families(
    scores: &Array2<f64>,
    t: usize,
    cands: &[usize],
    features: &[String],
) -> Vec<Family> {
    let keys = families_of(cands, features);
    let mut families: BTreeMap<&str, f64> = BTreeMap::new();
    for (&j, ks) in cands.iter().zip(&keys) {
        for k in ks {
            *families.entry(k.as_str()).or_default() += scores[[t, j]];
        }
    }
    let mut order: Vec<(&str, f64)> = families.into_iter().collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    order
        .into_iter()
        .map(|(key, score)| Family {
            key: key.to_string(),
            score,
            members: cands
                .iter()
                .zip(&keys)
                .filter(|(_, ks)| ks.contains(key))
                .map(|(&j, _)| j)
                .collect(),
        })
        .collect()
}

/// Label settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LabelConfig {
    /// Candidates considered per theme.
    pub(crate) candidates: usize,
    /// A multiword phrase wins when the weakest family among its words
    /// scores at least this share of the strongest family.
    pub(crate) phrase_ratio: f64,
}

/// Chooses a label for every theme. `fixed[t]` holds the names of seeded
/// themes, which are kept as they are and reserved first.
pub(crate) fn choose_labels(
    scores: &Array2<f64>,
    features: &[String],
    fixed: &[Option<String>],
    cfg: LabelConfig,
) -> Vec<String> {
    let k = scores.nrows();
    let mut taken: Vec<String> = fixed.iter().flatten().cloned().collect();
    let mut labels = Vec::with_capacity(k);
    for t in 0..k {
        if let Some(Some(name)) = fixed.get(t) {
            labels.push(name.clone());
            continue;
        }
        let cands = top_indices(scores.row(t), cfg.candidates);
        let name = |j: usize| features.get(j).cloned().unwrap_or_default();
        let free = |label: &str, taken: &[String]| !taken.iter().any(|u| near_duplicate(u, label));
        let families = word_families(scores, t, &cands, features);
        let top_family = families.first().map_or(0.0, |f| f.score);
        // A phrase qualifies when every one of its words belongs to a strong
        // family: "defence industrial" does, "statement said" does not.
        // The best-scoring qualifying phrase wins.
        let phrase = cands
            .iter()
            .zip(&families_of(&cands, features))
            .filter_map(|(&j, keys)| {
                let f = name(j);
                if !is_phrase(&f) || !free(&f, &taken) {
                    return None;
                }
                let weakest = keys
                    .iter()
                    .map(|k| {
                        families
                            .iter()
                            .find(|fam| &fam.key == k)
                            .map_or(0.0, |fam| fam.score)
                    })
                    .fold(f64::INFINITY, f64::min);
                (weakest.is_finite() && weakest >= cfg.phrase_ratio * top_family).then_some(j)
            })
            // The strongest qualifying phrase (candidates are in score order).
            .next();
        let chosen = phrase.or_else(|| {
            families.iter().find_map(|fam| {
                fam.members
                    .iter()
                    .copied()
                    .find(|&j| free(&name(j), &taken))
            })
        });
        let label = match (chosen, cands.first()) {
            (Some(j), _) => name(j),
            // Every candidate is taken: join the best one with the first
            // candidate sharing none of its words.
            (None, Some(&first)) => {
                let head = name(first);
                let head_tokens = tokens(&head);
                cands
                    .iter()
                    .map(|&j| name(j))
                    .find(|c| tokens(c).is_disjoint(&head_tokens))
                    .map_or_else(
                        || format!("{head} ({})", t + 1),
                        |c| format!("{head} / {c}"),
                    )
            }
            (None, None) => format!("theme {}", t + 1),
        };
        taken.push(label.clone());
        labels.push(label);
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn prefers_strong_phrases_and_avoids_duplicates() {
        let features: Vec<String> = [
            "security",
            "defence industry",
            "defence",
            "trade deal",
            "trade",
            "tariffs",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let scores = array![
            [1.0, 0.8, 0.5, 0.0, 0.0, 0.0],
            [0.0, 0.9, 0.7, 0.1, 0.6, 0.0],
            [0.0, 0.0, 0.0, 0.3, 1.0, 0.2],
            [0.0, 0.0, 0.0, 0.3, 1.0, 0.2],
        ];
        let cfg = LabelConfig {
            candidates: 5,
            phrase_ratio: 0.5,
        };
        let labels = choose_labels(&scores, &features, &[None, None, None, None], cfg);
        assert_eq!(labels[0], "defence industry");
        // "defence industry" and "defence" are taken; the next free candidate wins.
        assert_eq!(labels[1], "trade");
        // Theme 3's phrase is weak and overlaps "trade"; "tariffs" is free.
        assert_eq!(labels[2], "tariffs");
        // Theme 4's candidates are all taken: the best one is joined with a
        // candidate that shares none of its words.
        assert_eq!(labels[3], "trade / tariffs");
        assert!(near_duplicate("Defence industry", "defence-industry"));
        assert!(is_phrase("counter-terrorism") && is_phrase("Indo-Pacific"));
        assert!(!is_phrase("security") && !is_phrase("-x"));
        assert!(!near_duplicate("trade deal", "security"));
    }
}
