//! The NMF start with seeded themes: each seeded theme starts from the
//! centroid of the rows that contain its seeds, restricted to the terms
//! associated with them; the other themes start from NNDSVD(a).

use ndarray::{Array2, Axis};

use crate::engine::Prepared;
use crate::error::TopicsError;
use crate::nmf::{nndsvd, Anchor, NmfInit};
use crate::sparse::Csr;

/// Starting factors: seeded themes from the centroid of the rows that
/// contain their seeds, the rest from NNDSVD(a).
#[allow(clippy::type_complexity)]
pub(crate) fn nmf_start(
    prep: &Prepared<'_>,
    k: usize,
    init: NmfInit,
    seed: u64,
    anchor_strength: f64,
) -> Result<(Array2<f64>, Array2<f64>, Vec<Anchor>), TopicsError> {
    let (x, xt) = (&prep.x, &prep.xt);
    let anchored: Vec<(usize, &Vec<usize>)> = prep
        .seed_columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let free = k - anchored.len();
    let (w_free, ht_free) = nndsvd(x, xt, free, init, seed)?;
    let typical_norm = {
        let norms: Vec<f64> = ht_free
            .columns()
            .into_iter()
            .map(|c| c.dot(&c).sqrt())
            .filter(|n| *n > 0.0)
            .collect();
        if norms.is_empty() {
            1.0
        } else {
            norms.iter().sum::<f64>() / norms.len() as f64
        }
    };
    let avg = x.sum() / (x.nrows as f64 * x.ncols as f64);
    let mut w = Array2::<f64>::zeros((x.nrows, k));
    let mut ht = Array2::<f64>::zeros((x.ncols, k));
    let mut anchors = Vec::new();
    let mut next_free = 0;
    for t in 0..k {
        let seeded = anchored.iter().find(|(i, _)| *i == t);
        match seeded {
            Some((_, cols)) if t < prep.seed_columns.len() => {
                // Weight of the seeds in every row, then the weighted centroid.
                let mut sel = Array2::<f64>::zeros((x.ncols, 1));
                for &j in cols.iter() {
                    if let Some(v) = sel.get_mut([j, 0]) {
                        *v = 1.0;
                    }
                }
                let row_weight = x.dot_dense(sel.view());
                let mut allowed = associated_terms(xt, row_weight.column(0));
                for &j in cols.iter() {
                    if let Some(a) = allowed.get_mut(j) {
                        *a = true;
                    }
                }
                let mut h = xt.dot_dense(row_weight.view()).remove_axis(Axis(1));
                for (v, &ok) in h.iter_mut().zip(&allowed) {
                    if !ok {
                        *v = 0.0;
                    }
                }
                let top = h.iter().copied().fold(0.0f64, f64::max);
                for &j in cols.iter() {
                    if let Some(v) = h.get_mut(j) {
                        *v = v.max(top);
                    }
                }
                let norm = h.dot(&h).sqrt();
                if norm > 0.0 {
                    h *= typical_norm / norm;
                }
                let hh = h.dot(&h);
                let hcol = h.clone().insert_axis(Axis(1));
                let mut wcol = x.dot_dense(hcol.view()).remove_axis(Axis(1));
                if hh > 0.0 {
                    wcol /= hh;
                }
                if init == NmfInit::Nndsvda {
                    for (v, &ok) in h.iter_mut().zip(&allowed) {
                        if ok && *v == 0.0 {
                            *v = avg;
                        }
                    }
                    wcol.mapv_inplace(|a| if a == 0.0 { avg } else { a });
                }
                ht.column_mut(t).assign(&h);
                w.column_mut(t).assign(&wcol);
                anchors.push(Anchor {
                    theme: t,
                    columns: cols.to_vec(),
                    allowed,
                    strength: anchor_strength,
                });
            }
            _ => {
                ht.column_mut(t).assign(&ht_free.column(next_free));
                w.column_mut(t).assign(&w_free.column(next_free));
                next_free += 1;
            }
        }
    }
    Ok((w, ht, anchors))
}

/// Terms positively associated with the rows that contain seeds: a term is
/// allowed in a seeded theme when its document frequency among seed rows
/// exceeds its frequency in the whole matrix (lift > 1) and it occurs in at
/// least two seed rows (one, when only one row has seeds). The caller also
/// allows the seeds themselves.
fn associated_terms(xt: &Csr, seed_weight: ndarray::ArrayView1<'_, f64>) -> Vec<bool> {
    let n = xt.ncols as f64;
    let seed_rows = seed_weight.iter().filter(|&&v| v > 0.0).count() as f64;
    (0..xt.nrows)
        .map(|j| {
            let (rows, _) = xt.row(j);
            let df = rows.len() as f64;
            let in_seed = rows
                .iter()
                .filter(|&&r| seed_weight.get(r).is_some_and(|&v| v > 0.0))
                .count() as f64;
            let min_rows = if seed_rows >= 2.0 { 2.0 } else { 1.0 };
            in_seed >= min_rows && in_seed / seed_rows > df / n
        })
        .collect()
}
