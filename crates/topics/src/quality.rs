//! Quality measures: NPMI coherence, exclusivity, FREX and theme size.

use ndarray::Array2;

use crate::error::TopicsError;
use crate::sparse::Csr;

/// Mean normalised pointwise mutual information of every pair of `terms`,
/// over co-occurrence in the units given by `unit_of_row` (documents; or
/// rows when `None`). A pair that never co-occurs scores −1; the result is in
/// [−1, 1] and 0 for fewer than two terms.
pub(crate) fn npmi(
    xt: &Csr,
    terms: &[usize],
    unit_of_row: Option<&[usize]>,
    n_units: usize,
) -> f64 {
    if terms.len() < 2 || n_units == 0 {
        return 0.0;
    }
    let sets: Vec<Vec<usize>> = terms
        .iter()
        .map(|&j| {
            let (rows, _) = xt.row(j);
            let mut units: Vec<usize> = match unit_of_row {
                Some(map) => rows.iter().filter_map(|&r| map.get(r).copied()).collect(),
                None => rows.to_vec(),
            };
            units.sort_unstable();
            units.dedup();
            units
        })
        .collect();
    let n = n_units as f64;
    let mut total = 0.0;
    let mut pairs = 0usize;
    for a in 0..sets.len() {
        for b in (a + 1)..sets.len() {
            let (sa, sb) = (&sets[a], &sets[b]);
            let both = intersection_len(sa, sb) as f64;
            pairs += 1;
            if both == 0.0 || sa.is_empty() || sb.is_empty() {
                total += -1.0;
                continue;
            }
            let p_ab = both / n;
            let pmi = (p_ab / ((sa.len() as f64 / n) * (sb.len() as f64 / n))).ln();
            let denom = -p_ab.ln();
            total += if denom > 0.0 { pmi / denom } else { 1.0 };
        }
    }
    total / pairs as f64
}

/// How many values two ascending slices share.
pub(crate) fn intersection_len(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Share of each term's component weight that belongs to each theme:
/// `H[t, j] / Σₛ H[s, j]` with rows of `H` first scaled to sum 1.
pub(crate) fn exclusivity_matrix(h: &Array2<f64>) -> Array2<f64> {
    let mut p = h.clone();
    for mut row in p.rows_mut() {
        let s: f64 = row.sum();
        if s > 0.0 {
            row /= s;
        }
    }
    let col_sums = p.sum_axis(ndarray::Axis(0));
    for mut row in p.rows_mut() {
        for (v, &c) in row.iter_mut().zip(col_sums.iter()) {
            *v = if c > 0.0 { *v / c } else { 0.0 };
        }
    }
    p
}

/// Checks that `components` (themes × terms) is non-empty, finite and
/// non-negative.
fn check_components(components: &Array2<f64>) -> Result<(), TopicsError> {
    let (rows, cols) = components.dim();
    if rows == 0 || cols == 0 {
        return Err(TopicsError::EmptyMatrix { rows, cols, nnz: 0 });
    }
    for ((row, col), &value) in components.indexed_iter() {
        if !(value.is_finite() && value >= 0.0) {
            return Err(TopicsError::InvalidEntry { row, col, value });
        }
    }
    Ok(())
}

/// Ranks of `values` from 1 (smallest) to n, tied values sharing the mean
/// of their ranks: R's `rank` and `data.table::frank` with their default
/// `ties.method = "average"`.
fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    let value = |i: usize| values.get(i).copied().unwrap_or(0.0);
    order.sort_by(|&a, &b| value(a).total_cmp(&value(b)));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let first = order.get(start).map_or(0.0, |&i| value(i));
        let end = order
            .iter()
            .skip(start)
            .position(|&i| value(i) != first)
            .map_or(order.len(), |n| start + n);
        // 1-based ranks start + 1 ..= end share their mean.
        let mean = (start + 1 + end) as f64 / 2.0;
        for &i in order.get(start..end).unwrap_or(&[]) {
            if let Some(r) = ranks.get_mut(i) {
                *r = mean;
            }
        }
        start = end;
    }
    ranks
}

/// FREX of every theme and term: the weighted harmonic mean of a term's
/// frequency rank and exclusivity rank within a theme, as stm's
/// `calcfrex` computes it (Roberts, Stewart & Airoldi, "A model of text for
/// experimentation in the social sciences", *JASA* 111:988–1003, 2016;
/// Bischof & Airoldi, *ICML* 2012, for FREX itself):
///
/// ```text
/// β(t, ·)      = components(t, ·) / Σ_j components(t, j)
/// excl(t, j)   = β(t, j) / Σ_s β(s, j)
/// F(t, j)      = rank of β(t, j)    among theme t's terms / V
/// E(t, j)      = rank of excl(t, j) among theme t's terms / V
/// FREX(t, j)   = 1 / (weight / F(t, j) + (1 − weight) / E(t, j))
/// ```
///
/// with `V` terms and ranks from 1 (lowest) to `V`, ties averaged (stm
/// ranks with `data.table::frank`, whose default is the average). stm's
/// `calcfrex` ranks `log β` and the log of `excl`; ranks do not change
/// under the logarithm. stm's default `weight` for labels is 0.5. A term
/// that no theme weighs has exclusivity 0 (stm's would be undefined).
///
/// # Errors
/// [`TopicsError::InvalidParameter`] for a `weight` outside [0, 1],
/// [`TopicsError::EmptyMatrix`] for no themes or terms, and
/// [`TopicsError::InvalidEntry`] for a negative or non-finite component.
///
/// ```
/// use ndarray::array;
/// // Two themes over three terms: term 2 is frequent in both, term 0 only in theme 0.
/// let h = array![[0.5, 0.0, 0.5], [0.0, 0.4, 0.6]];
/// let frex = tidings_topics::frex(&h, 0.5)?;
/// // In theme 0, term 0 (frequent and exclusive) beats term 2 (frequent, shared).
/// assert!(frex[[0, 0]] > frex[[0, 2]]);
/// # Ok::<(), tidings_topics::TopicsError>(())
/// ```
pub fn frex(components: &Array2<f64>, weight: f64) -> Result<Array2<f64>, TopicsError> {
    if !(0.0..=1.0).contains(&weight) {
        return Err(TopicsError::InvalidParameter {
            name: "FREX weight",
            value: weight.to_string(),
            expected: "a weight on frequency in [0, 1]",
        });
    }
    check_components(components)?;
    let terms = components.ncols() as f64;
    let excl = exclusivity_matrix(components);
    let mut out = Array2::zeros(components.dim());
    for ((beta, excl), mut row) in components
        .rows()
        .into_iter()
        .zip(excl.rows())
        .zip(out.rows_mut())
    {
        let freq = average_ranks(&beta.to_vec());
        let exclusive = average_ranks(&excl.to_vec());
        for ((o, f), e) in row.iter_mut().zip(freq).zip(exclusive) {
            *o = 1.0 / (weight / (f / terms) + (1.0 - weight) / (e / terms));
        }
    }
    Ok(out)
}

/// stm's `exclusivity(model, M, frexw)` score of every theme (Roberts et
/// al., "Structural topic models for open-ended survey responses", *AJPS*
/// 58:1064–1082, 2014): the sum of FREX scores over the theme's `top` terms
/// of largest component weight (ties to the lower term index, as R's
/// `order`), with `exclusivity_weight` on exclusivity: stm's `frexw`,
/// default 0.7, weighs exclusivity where `calcfrex`'s `w` weighs
/// frequency, so this is [`frex`] with weight `1 − exclusivity_weight`.
/// `top` (stm's `M`, default 10) is capped at the number of terms.
///
/// # Errors
/// As [`frex`], and [`TopicsError::InvalidParameter`] for `top` = 0.
pub fn stm_exclusivity(
    components: &Array2<f64>,
    top: usize,
    exclusivity_weight: f64,
) -> Result<Vec<f64>, TopicsError> {
    if top == 0 {
        return Err(TopicsError::InvalidParameter {
            name: "top terms",
            value: top.to_string(),
            expected: "at least 1",
        });
    }
    if !(0.0..=1.0).contains(&exclusivity_weight) {
        return Err(TopicsError::InvalidParameter {
            name: "exclusivity weight",
            value: exclusivity_weight.to_string(),
            expected: "a weight on exclusivity in [0, 1]",
        });
    }
    let scores = frex(components, 1.0 - exclusivity_weight)?;
    Ok(components
        .rows()
        .into_iter()
        .zip(scores.rows())
        .map(|(beta, score)| {
            let mut order: Vec<usize> = (0..beta.len()).collect();
            let b = |j: usize| beta.get(j).copied().unwrap_or(0.0);
            order.sort_by(|&x, &y| b(y).total_cmp(&b(x)).then(x.cmp(&y)));
            order
                .iter()
                .take(top)
                .map(|&j| score.get(j).copied().unwrap_or(0.0))
                .sum()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npmi_is_one_for_always_together_and_minus_one_for_never() -> Result<(), crate::TopicsError> {
        // rows: 0 {a,b}, 1 {a,b}, 2 {c}, 3 {}
        let m = sprs::CsMat::new(
            (4, 3),
            vec![0, 2, 4, 5, 5],
            vec![0, 1, 0, 1, 2],
            vec![1.0; 5],
        );
        let x = Csr::from_sprs(m.view())?;
        let xt = x.transpose();
        assert!((npmi(&xt, &[0, 1], None, 4) - 1.0).abs() < 1e-12);
        assert!((npmi(&xt, &[0, 2], None, 4) + 1.0).abs() < 1e-12);
        // Mapping rows 0 and 2 to the same document makes a and c co-occur.
        let docs = [0, 1, 0, 2];
        assert!(npmi(&xt, &[0, 2], Some(&docs), 3) > -1.0);
        Ok(())
    }

    #[test]
    fn average_ranks_share_ties() {
        assert_eq!(
            average_ranks(&[0.3, 0.1, 0.3, 0.0, 0.3]),
            [4.0, 2.0, 4.0, 1.0, 4.0]
        );
        assert_eq!(average_ranks(&[]), Vec::<f64>::new());
    }

    #[test]
    fn bad_frex_inputs_are_errors() {
        let h = ndarray::array![[1.0, 0.0], [0.0, 1.0]];
        assert!(matches!(
            frex(&h, 1.5),
            Err(TopicsError::InvalidParameter { .. })
        ));
        let bad = ndarray::array![[1.0, f64::NAN]];
        assert!(matches!(
            frex(&bad, 0.5),
            Err(TopicsError::InvalidEntry { row: 0, col: 1, .. })
        ));
        assert!(matches!(
            stm_exclusivity(&h, 0, 0.7),
            Err(TopicsError::InvalidParameter { .. })
        ));
    }
}
