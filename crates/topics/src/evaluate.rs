//! Clustering agreement measures for evaluating themes against labels.

use std::collections::HashMap;

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
