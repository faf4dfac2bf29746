//! NMF under the generalised Kullback–Leibler divergence,
//! `D(X ‖ WH) = Σ x·log(x / wh) − x + wh`, by the multiplicative updates of
//! Lee & Seung ("Algorithms for non-negative matrix factorization", NIPS
//! 2001), with the guards of scikit-learn's `NMF(solver='mu',
//! beta_loss='kullback-leibler')` so that the two can be compared
//! iteration by iteration (`tests/nmf_reference.rs`).
//!
//! Under this loss a theme is a distribution over terms and a row a mixture
//! of themes, as in PLSA (Gaussier & Goutte 2005 show the two share their
//! fixed points): heavy rows do not dominate the fit as they do under the
//! squared loss. Only the entries of `X` that are stored enter `X / WH`, so
//! the matrix stays sparse; `Σ WH` comes from the column sums of `W` and the
//! row sums of `H`.

use ndarray::{Array2, Axis};

use crate::nmf::{apply_anchors, unit_components, NmfConfig, NmfFit, CHECK_EVERY};
use crate::sparse::{par_rows_mut, Csr};

/// scikit-learn's `EPSILON` in `sklearn/decomposition/_nmf.py`
/// (`np.finfo(np.float32).eps`): the floor of `WH` in `X / WH`, and what a
/// zero denominator becomes.
const EPSILON: f64 = f32::EPSILON as f64;

/// `w · h_j` for a row `w` and row `j` of `ht`.
#[inline]
fn dot_row(w: &[f64], ht: &Array2<f64>, j: usize) -> f64 {
    w.iter().zip(ht.row(j)).map(|(a, b)| a * b).sum()
}

/// One multiplicative update of a row `w` (length `k`) against fixed
/// components `ht` (`m × k`), whose column sums are `sums` (zero sums
/// already replaced): `w ← w ⊙ (Σ_j (x_j / max(wh_j, ε))·h_j) / sums`, with
/// the ratios taken from `w` as it was before the update.
fn update_row(w: &mut [f64], cols: &[usize], vals: &[f64], ht: &Array2<f64>, sums: &[f64]) {
    let ratios: Vec<f64> = cols
        .iter()
        .zip(vals)
        .map(|(&j, &x)| x / dot_row(w, ht, j).max(EPSILON))
        .collect();
    let mut numerator = vec![0.0; w.len()];
    for (&j, &rj) in cols.iter().zip(&ratios) {
        for (n, &h) in numerator.iter_mut().zip(ht.row(j)) {
            *n += rj * h;
        }
    }
    for ((wt, n), &s) in w.iter_mut().zip(numerator).zip(sums) {
        *wt *= n / s;
    }
}

/// `sqrt(2·D(X ‖ WH))`, computed as scikit-learn's `_beta_divergence(X, W,
/// H, 1, square_root=True)` does: stored entries of `X` at most `ε` are left
/// out of the `x·log(x / wh)` and `Σx` terms, and `wh` is floored at `ε`.
pub(crate) fn kl_error(x: &Csr, w: &Array2<f64>, ht: &Array2<f64>) -> f64 {
    use rayon::prelude::*;
    let per_row: Vec<(f64, f64)> = (0..x.nrows)
        .into_par_iter()
        .map(|i| {
            let (cols, vals) = x.row(i);
            let wi = w.row(i);
            let mut xlog = 0.0;
            let mut xsum = 0.0;
            for (&j, &v) in cols.iter().zip(vals) {
                if v > EPSILON {
                    let wh = wi.dot(&ht.row(j)).max(EPSILON);
                    xlog += v * (v / wh).ln();
                    xsum += v;
                }
            }
            (xlog, xsum)
        })
        .collect();
    let (xlog, xsum) = per_row
        .iter()
        .fold((0.0, 0.0), |(a, b), (c, d)| (a + c, b + d));
    let sum_wh = w.sum_axis(Axis(0)).dot(&ht.sum_axis(Axis(0)));
    (2.0 * (xlog + sum_wh - xsum)).max(0.0).sqrt()
}

/// Column sums of `a`, with zeros replaced by `zero` (scikit-learn replaces
/// a zero sum of `H` by `ε` and a zero sum of `W` by 1; either way the
/// numerator is then zero too, so the entry stays zero).
fn sums(a: &Array2<f64>, zero: f64) -> Vec<f64> {
    a.sum_axis(Axis(0))
        .iter()
        .map(|&s| if s == 0.0 { zero } else { s })
        .collect()
}

/// Runs multiplicative updates from the given factors (`w`: `n × k`, `ht`:
/// `m × k`), one update of `W` then one of `H` per iteration, keeping column
/// `pinned` of `ht` fixed when given. Every [`CHECK_EVERY`] iterations it
/// stops when the error fell by less than `tol` times the error at the
/// start (scikit-learn's rule for this solver). Components come back with
/// unit l2 norm, the scale moved into `W`, as [`crate::nmf::hals_pinned`]
/// returns them; `error` is the Frobenius `‖X − WH‖` (as for every NMF fit,
/// so that reports compare) and `errors` the KL error after each iteration.
pub(crate) fn kl_mu(
    x: &Csr,
    xt: &Csr,
    mut w: Array2<f64>,
    mut ht: Array2<f64>,
    cfg: &NmfConfig,
    pinned: Option<usize>,
) -> NmfFit {
    apply_anchors(&mut ht, &cfg.anchors);
    let error_init = kl_error(x, &w, &ht);
    let mut previous = error_init;
    let mut iterations = 0;
    let mut converged = error_init <= 0.0;
    let mut errors = Vec::with_capacity(cfg.max_iter.min(1024));
    if !converged {
        for it in 1..=cfg.max_iter {
            if cfg.cancel.is_cancelled() {
                break;
            }
            iterations = it;
            // W step: row i needs only row i of X and the current H.
            let h_sums = sums(&ht, EPSILON);
            par_rows_mut(&mut w, |i, row| {
                let (cols, vals) = x.row(i);
                update_row(row, cols, vals, &ht, &h_sums);
            });
            // H step, column by column of H (rows of Hᵀ), from the new W.
            let w_sums = sums(&w, 1.0);
            let before = pinned.map(|p| ht.column(p).to_owned());
            par_rows_mut(&mut ht, |j, row| {
                let (rows, vals) = xt.row(j);
                update_row(row, rows, vals, &w, &w_sums);
            });
            if let (Some(p), Some(b)) = (pinned, before) {
                ht.column_mut(p).assign(&b);
            }
            // scikit-learn's guard for beta ≤ 1: entries that fell below the
            // float64 epsilon are set to zero, and stay zero.
            ht.mapv_inplace(|v| if v < f64::EPSILON { 0.0 } else { v });
            apply_anchors(&mut ht, &cfg.anchors);
            let err = kl_error(x, &w, &ht);
            errors.push(err);
            if it % CHECK_EVERY == 0 {
                if (previous - err) / error_init < cfg.tol {
                    converged = true;
                    break;
                }
                previous = err;
            }
        }
    }
    let h = unit_components(ht, &mut w);
    let error = crate::nmf::residual_norm(x, &w, &h);
    NmfFit {
        w,
        h,
        iterations,
        converged,
        error,
        errors,
    }
}

/// Settings of weighing under the KL loss: updates run until a row's
/// divergence changes by less than [`WEIGH_TOL`] of its starting value (as
/// tight as NMF's least-squares weighing), or [`WEIGH_MAX_ITER`] updates
/// (multiplicative updates converge more slowly than NNLS sweeps, hence
/// more of them). The test below measures how close that comes to the
/// optimum: within 1e-4 of its divergence on the reference matrices.
pub(crate) const WEIGH_MAX_ITER: usize = 2000;
/// See [`WEIGH_MAX_ITER`].
pub(crate) const WEIGH_TOL: f64 = 1e-8;

/// The weights of every row of `x` against fixed components `h` (`k × m`)
/// that minimise `D(x ‖ w·H)`: multiplicative updates of `W` alone, which
/// is a convex problem in `W`, so the answer does not depend on the start.
/// Every row starts from scikit-learn's `transform` start for this solver
/// (`sqrt(mean(X) / k)` everywhere) and is updated on its own until an
/// update changes its divergence by less than `tol` of its starting value,
/// or `max_iter` updates.
pub(crate) fn kl_weigh_rows(x: &Csr, h: &Array2<f64>, max_iter: usize, tol: f64) -> Array2<f64> {
    let k = h.nrows();
    let ht = h.t().as_standard_layout().into_owned();
    let cells = (x.nrows * x.ncols) as f64;
    let mean = if cells > 0.0 { x.sum() / cells } else { 0.0 };
    let start = if k > 0 { (mean / k as f64).sqrt() } else { 0.0 };
    let h_sums = sums(&ht, EPSILON);
    let h_total: Vec<f64> = h.sum_axis(Axis(1)).to_vec();
    let mut w = Array2::<f64>::from_elem((x.nrows, k), start);
    par_rows_mut(&mut w, |i, row| {
        let (cols, vals) = x.row(i);
        if cols.is_empty() {
            row.fill(0.0);
            return;
        }
        let divergence = |row: &[f64]| {
            let mut d: f64 = row.iter().zip(&h_total).map(|(a, b)| a * b).sum();
            for (&j, &v) in cols.iter().zip(vals) {
                if v > EPSILON {
                    let wh = dot_row(row, &ht, j).max(EPSILON);
                    d += v * (v / wh).ln() - v;
                }
            }
            d
        };
        let initial = divergence(row);
        let mut previous = initial;
        for _ in 0..max_iter {
            update_row(row, cols, vals, &ht, &h_sums);
            let d = divergence(row);
            if (previous - d).abs() <= tol * initial.abs().max(f64::MIN_POSITIVE) {
                break;
            }
            previous = d;
        }
    });
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn csr(dense: &Array2<f64>) -> Csr {
        let m: sprs::CsMat<f64> = sprs::CsMat::csr_from_dense(dense.view(), 0.0);
        Csr::from_sprs(m.view()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_divergence_never_rises_and_blocks_separate() {
        let dense = array![
            [3.0, 2.0, 0.0, 0.0],
            [2.0, 3.0, 0.0, 0.0],
            [0.0, 0.0, 4.0, 1.0],
            [0.0, 0.0, 1.0, 4.0]
        ];
        let x = csr(&dense);
        let xt = x.transpose();
        let w =
            Array2::from_elem((4, 2), 1.0) + array![[0.1, 0.0], [0.0, 0.1], [0.2, 0.0], [0.0, 0.3]];
        let ht =
            Array2::from_elem((4, 2), 1.0) + array![[0.1, 0.0], [0.0, 0.2], [0.0, 0.1], [0.3, 0.0]];
        let cfg = NmfConfig {
            max_iter: 300,
            tol: f64::NEG_INFINITY,
            anchors: Vec::new(),
            cancel: tidings_cancel::Cancel::never(),
        };
        let fit = kl_mu(&x, &xt, w, ht, &cfg, None);
        for pair in fit.errors.windows(2) {
            assert!(pair[1] <= pair[0] * (1.0 + 1e-12), "{pair:?}");
        }
        // The two blocks end in different components.
        let top = |i: usize| if fit.w[[i, 0]] > fit.w[[i, 1]] { 0 } else { 1 };
        assert_eq!(top(0), top(1));
        assert_eq!(top(2), top(3));
        assert_ne!(top(0), top(2));
    }

    /// Weighing solves a convex problem, so it must reach scikit-learn's
    /// `transform` after 5,000 updates (`tests/fixtures/nmf_kl_sklearn.json`,
    /// made by `scripts/gen_nmf_fixtures.py`) from any start: the
    /// divergence no more than 1e-6 relative above it, the weights within
    /// 1e-3 of the largest weight (MU creeps towards zeros, so small
    /// weights agree only as far as both runs went).
    #[test]
    fn weighing_reaches_scikit_learn_transform() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/nmf_kl_sklearn.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let f: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let matrix = |v: &serde_json::Value| -> Array2<f64> {
            let rows: Vec<Vec<f64>> = v
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    r.as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|x| x.as_f64())
                        .collect()
                })
                .collect();
            let (n, m) = (rows.len(), rows.first().map_or(0, Vec::len));
            Array2::from_shape_vec((n, m), rows.concat()).unwrap_or_else(|e| panic!("{e}"))
        };
        for case in f["cases"].as_array().into_iter().flatten() {
            let m = &case["matrix"];
            let list = |k: &str| -> Vec<f64> {
                m[k].as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x.as_f64())
                    .collect()
            };
            let shape: Vec<usize> = list("shape").iter().map(|&v| v as usize).collect();
            let indptr: Vec<usize> = list("indptr").iter().map(|&v| v as usize).collect();
            let indices: Vec<usize> = list("indices").iter().map(|&v| v as usize).collect();
            let sp = sprs::CsMat::new((shape[0], shape[1]), indptr, indices, list("data"));
            let x = Csr::from_sprs(sp.view()).unwrap_or_else(|e| panic!("{e}"));
            let h = matrix(&case["final"]["h"]);
            let reference = matrix(&case["transform"]["w"]);
            let ht = h.t().as_standard_layout().into_owned();
            let d = |w: &Array2<f64>| kl_error(&x, w, &ht).powi(2) / 2.0;
            let want = d(&reference);
            let scale = reference.iter().copied().fold(0.0, f64::max);
            // Run to a tight tolerance, then with the settings weighing
            // uses: (max updates, tolerance, allowed divergence excess,
            // allowed weight gap as a share of the largest weight).
            for (max_iter, tol, excess, gap_share) in [
                (20_000, 1e-12, 1e-6, 1e-4),
                (WEIGH_MAX_ITER, WEIGH_TOL, 1e-4, 1e-3),
            ] {
                let ours = kl_weigh_rows(&x, &h, max_iter, tol);
                let got = d(&ours);
                let gap = ours
                    .iter()
                    .zip(reference.iter())
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f64::max);
                eprintln!(
                    "{} (tol {tol:e}): divergence {got} vs {want}, largest weight gap {gap:e} of {scale}",
                    case["name"]
                );
                assert!(
                    got <= want * (1.0 + excess),
                    "{}: {got} vs {want}",
                    case["name"]
                );
                assert!(gap <= gap_share * scale, "{}: gap {gap}", case["name"]);
            }
        }
    }

    #[test]
    fn weighing_is_exact_for_rows_in_the_span() {
        let h = array![[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]];
        let dense = array![
            [2.0, 2.0, 1.0, 1.0],
            [0.0, 0.0, 3.0, 3.0],
            [0.0, 0.0, 0.0, 0.0]
        ];
        let x = csr(&dense);
        let w = kl_weigh_rows(&x, &h, 2000, 1e-14);
        let expected = array![[2.0, 1.0], [0.0, 3.0], [0.0, 0.0]];
        for (a, b) in w.iter().zip(expected.iter()) {
            assert!((a - b).abs() < 1e-6, "{w:?}");
        }
    }
}
