//! Quality measures: NPMI coherence, exclusivity and theme size.

use ndarray::Array2;

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

fn intersection_len(a: &[usize], b: &[usize]) -> usize {
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
}
