//! Clustering agreement measures for evaluating themes against labels:
//! normalised mutual information, the adjusted Rand index and purity, and
//! [`label_agreement`], which applies them to documents' dominant themes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Normalised mutual information between two labellings of the same items,
/// with the arithmetic-mean normalisation (scikit-learn's default):
/// `I(A; B) / ((H(A) + H(B)) / 2)`. Returns 1.0 when both labellings have a
/// single class, and 0.0 for empty or mismatched inputs.
///
/// ```
/// use tidings_topics::normalized_mutual_info;
/// let truth = [0, 0, 1, 1];
/// assert!((normalized_mutual_info(&truth, &[5, 5, 7, 7]) - 1.0).abs() < 1e-12);
/// assert!(normalized_mutual_info(&truth, &[0, 1, 0, 1]).abs() < 1e-12);
/// ```
pub fn normalized_mutual_info(a: &[usize], b: &[usize]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let n = a.len() as f64;
    let mut ca: HashMap<usize, f64> = HashMap::new();
    let mut cb: HashMap<usize, f64> = HashMap::new();
    let mut joint: HashMap<(usize, usize), f64> = HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *ca.entry(x).or_default() += 1.0;
        *cb.entry(y).or_default() += 1.0;
        *joint.entry((x, y)).or_default() += 1.0;
    }
    if ca.len() == 1 && cb.len() == 1 {
        return 1.0;
    }
    let entropy = |c: &HashMap<usize, f64>| -> f64 {
        let mut v: Vec<f64> = c.values().copied().collect();
        v.sort_by(f64::total_cmp);
        v.iter().map(|&k| -(k / n) * (k / n).ln()).sum()
    };
    let mut terms: Vec<f64> = joint
        .iter()
        .filter_map(|(&(x, y), &nxy)| {
            let (nx, ny) = (ca.get(&x)?, cb.get(&y)?);
            Some((nxy / n) * ((n * nxy) / (nx * ny)).ln())
        })
        .collect();
    terms.sort_by(f64::total_cmp);
    let mi: f64 = terms.iter().sum();
    let denom = (entropy(&ca) + entropy(&cb)) / 2.0;
    if denom <= 0.0 {
        return 0.0;
    }
    (mi / denom).clamp(0.0, 1.0)
}

/// The contingency counts of two labellings: `(joint, row sums, column
/// sums)`, each a map from labels to counts.
#[allow(clippy::type_complexity)]
fn contingency(
    a: &[usize],
    b: &[usize],
) -> (
    HashMap<(usize, usize), u64>,
    HashMap<usize, u64>,
    HashMap<usize, u64>,
) {
    let mut joint: HashMap<(usize, usize), u64> = HashMap::new();
    let mut ca: HashMap<usize, u64> = HashMap::new();
    let mut cb: HashMap<usize, u64> = HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *joint.entry((x, y)).or_default() += 1;
        *ca.entry(x).or_default() += 1;
        *cb.entry(y).or_default() += 1;
    }
    (joint, ca, cb)
}

/// The adjusted Rand index of two labellings of the same items (Hubert &
/// Arabie, "Comparing partitions", *Journal of Classification* 2, 1985):
/// the Rand index corrected for chance, 1 for identical partitions, about 0
/// for independent ones, negative below chance. Computed from the pair
/// confusion matrix as scikit-learn's `adjusted_rand_score` does, including
/// its convention of 1.0 when no pair is split differently (for example
/// both labellings a single class). 0.0 for empty or mismatched inputs.
///
/// ```
/// use tidings_topics::adjusted_rand_index;
/// let truth = [0, 0, 1, 1];
/// assert!((adjusted_rand_index(&truth, &[5, 5, 7, 7]) - 1.0).abs() < 1e-12);
/// assert!(adjusted_rand_index(&truth, &[0, 1, 0, 1]) < 0.0);
/// ```
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let n = a.len() as i128;
    let (joint, ca, cb) = contingency(a, b);
    let squares = |m: &mut dyn Iterator<Item = u64>| m.map(|c| i128::from(c).pow(2)).sum::<i128>();
    let sum_joint = squares(&mut joint.values().copied());
    let sum_a = squares(&mut ca.values().copied());
    let sum_b = squares(&mut cb.values().copied());
    // Ordered pairs: together in both, in `a` only, in `b` only, in neither.
    let tp = sum_joint - n;
    let fn_ = sum_a - sum_joint;
    let fp = sum_b - sum_joint;
    let tn = n * n - fp - fn_ - sum_joint;
    if fn_ == 0 && fp == 0 {
        return 1.0;
    }
    let (tp, tn, fn_, fp) = (tp as f64, tn as f64, fn_ as f64, fp as f64);
    2.0 * (tp * tn - fn_ * fp) / ((tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn))
}

/// Purity of `clusters` against the true `classes`: the share of items
/// that belong to the most common class of their cluster (Manning, Raghavan
/// & Schütze, *Introduction to Information Retrieval*, 2008, §16.3). 1 when
/// every cluster holds one class; it rewards many small clusters, so read
/// it beside NMI and ARI. 0.0 for empty or mismatched inputs.
///
/// ```
/// use tidings_topics::purity;
/// assert!((purity(&[0, 0, 1, 1], &[3, 3, 3, 4]) - 0.75).abs() < 1e-12);
/// ```
pub fn purity(classes: &[usize], clusters: &[usize]) -> f64 {
    if classes.is_empty() || classes.len() != clusters.len() {
        return 0.0;
    }
    let (joint, _, _) = contingency(clusters, classes);
    let mut best: HashMap<usize, u64> = HashMap::new();
    for (&(cluster, _), &n) in &joint {
        let b = best.entry(cluster).or_default();
        *b = (*b).max(n);
    }
    best.values().sum::<u64>() as f64 / classes.len() as f64
}

/// How well documents' dominant themes agree with known classes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelAgreement {
    /// Documents with a class (the others are left out).
    pub documents: usize,
    /// Distinct classes among them.
    pub classes: usize,
    /// Of those documents, how many have no theme (no text or no term of
    /// the vocabulary); they count as one cluster of their own.
    pub without_theme: usize,
    /// [`normalized_mutual_info`] of classes and dominant themes.
    pub nmi: f64,
    /// [`adjusted_rand_index`] of classes and dominant themes.
    pub ari: f64,
    /// [`purity`] of the dominant themes against the classes.
    pub purity: f64,
}

/// Agreement of each document's dominant theme (`dominant[d]`, `None` for a
/// document without theme) with its known class (`classes[d]`, `None` when
/// it has none). Documents without a class are left out; documents without
/// a theme form one cluster of their own, so that they count against the
/// themes rather than vanish. `None` when no document has a class.
///
/// ```
/// use tidings_topics::label_agreement;
/// let classes = [Some("sport"), Some("sport"), Some("money"), None];
/// let dominant = [Some(0), Some(0), Some(1), Some(1)];
/// let a = label_agreement(&classes, &dominant).unwrap();
/// assert_eq!((a.documents, a.classes), (3, 2));
/// assert!((a.nmi - 1.0).abs() < 1e-12 && (a.ari - 1.0).abs() < 1e-12);
/// ```
pub fn label_agreement(
    classes: &[Option<&str>],
    dominant: &[Option<usize>],
) -> Option<LabelAgreement> {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut truth = Vec::new();
    let mut pred = Vec::new();
    let mut without_theme = 0;
    for (class, theme) in classes.iter().zip(dominant) {
        let Some(class) = class else { continue };
        let next = ids.len();
        truth.push(*ids.entry(class).or_insert(next));
        pred.push(theme.unwrap_or_else(|| {
            without_theme += 1;
            usize::MAX
        }));
    }
    if truth.is_empty() {
        return None;
    }
    Some(LabelAgreement {
        documents: truth.len(),
        classes: ids.len(),
        without_theme,
        nmi: normalized_mutual_info(&truth, &pred),
        ari: adjusted_rand_index(&truth, &pred),
        purity: purity(&truth, &pred),
    })
}

/// [`label_agreement`] of documents' dominant themes (the first of each
/// [`DocumentThemes`](crate::DocumentThemes), which lists themes by
/// decreasing weight) with their `classes`, given in the same order.
pub fn dominant_agreement<'a>(
    classes: impl IntoIterator<Item = Option<&'a str>>,
    documents: &[crate::DocumentThemes],
) -> Option<LabelAgreement> {
    let classes: Vec<Option<&str>> = classes.into_iter().collect();
    let dominant: Vec<Option<usize>> = documents
        .iter()
        .map(|d| d.themes.first().map(|t| t.id))
        .collect();
    label_agreement(&classes, &dominant)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Truth, prediction, then NMI, ARI and purity.
    type Case = (&'static [usize], &'static [usize], f64, f64, f64);

    /// Reference values from scikit-learn 1.9.1
    /// (`scripts/agreement_fixtures.py`).
    #[test]
    fn measures_match_scikit_learn() {
        let cases: [Case; 5] = [
            (&[0, 0, 1, 1, 2, 2], &[5, 5, 3, 3, 9, 9], 1.0, 1.0, 1.0),
            (
                &[0, 0, 1, 1, 2, 2],
                &[0, 0, 0, 0, 0, 0],
                0.0,
                0.0,
                1.0 / 3.0,
            ),
            (
                &[0, 0, 0, 1, 1, 1, 2, 2, 2, 2],
                &[0, 0, 1, 1, 1, 2, 2, 2, 0, 0],
                0.394_648_371_635_894_2,
                0.090_909_090_909_090_91,
                0.6,
            ),
            (
                &[0, 0, 0, 0, 1, 1, 1, 1],
                &[0, 0, 1, 1, 2, 2, 3, 3],
                0.666_666_666_666_667,
                0.363_636_363_636_363_65,
                1.0,
            ),
            (
                &[0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2],
                &[0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2],
                0.559_046_990_002_574_1,
                0.392_016_376_663_254_84,
                0.75,
            ),
        ];
        for (i, (truth, pred, nmi, ari, pur)) in cases.into_iter().enumerate() {
            assert!(
                (normalized_mutual_info(truth, pred) - nmi).abs() < 1e-12,
                "{i} nmi"
            );
            assert!(
                (adjusted_rand_index(truth, pred) - ari).abs() < 1e-12,
                "{i} ari"
            );
            assert!((purity(truth, pred) - pur).abs() < 1e-12, "{i} purity");
        }
    }

    #[test]
    fn documents_without_theme_form_one_cluster() {
        let classes = [Some("a"), Some("a"), Some("b"), Some("b")];
        let dominant = [Some(0), None, Some(1), None];
        let a = label_agreement(&classes, &dominant).unwrap();
        assert_eq!(a.without_theme, 2);
        assert!((a.purity - 0.75).abs() < 1e-12);
        assert!(label_agreement(&[None, None], &[Some(0), Some(1)]).is_none());
    }
}
