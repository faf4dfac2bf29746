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

/// `Σ_{k ∈ nz} w_k · h_jk` for the support `nz` of a row `w` and row `j` of
/// `ht`: the entries left out are zero, and adding a zero product leaves a
/// sum unchanged, so this is `w · h_j` to the bit.
#[inline]
fn dot_support(w: &[f64], nz: &[usize], ht: &Array2<f64>, j: usize) -> f64 {
    let h = ht.row(j);
    nz.iter().map(|&k| w[k] * h[k]).sum()
}

/// One multiplicative update of a row `w` (length `k`) against fixed
/// components `ht` (`m × k`), whose column sums are `sums` (zero sums
/// already replaced): `w ← w ⊙ (Σ_j (x_j / max(wh_j, ε))·h_j) / sums`, with
/// the ratios taken from `w` as it was before the update.
///
/// A multiplicative update keeps a zero entry at zero, and the least-squares
/// fits these updates start from leave most entries of both factors at zero
/// (about 60 % of `W` and 70 % of `Hᵀ` on 20 Newsgroups at 20 themes), so
/// only the row's non-zero entries are computed: the same numbers, in the
/// same order, at a fraction of the work.
fn update_row(w: &mut [f64], cols: &[usize], vals: &[f64], ht: &Array2<f64>, sums: &[f64]) {
    let nz: Vec<usize> = (0..w.len()).filter(|&k| w[k] != 0.0).collect();
    if nz.is_empty() {
        return;
    }
    let mut numerator = vec![0.0; nz.len()];
    for (&j, &x) in cols.iter().zip(vals) {
        let r = x / dot_support(w, &nz, ht, j).max(EPSILON);
        let h = ht.row(j);
        for (n, &k) in numerator.iter_mut().zip(&nz) {
            *n += r * h[k];
        }
    }
    for (&k, n) in nz.iter().zip(numerator) {
        w[k] *= n / sums[k];
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
/// so that reports compare) and `errors` the KL error after each iteration
/// when `trace` is set, else after every [`CHECK_EVERY`]-th: the error is a
/// third pass over the non-zeros, and only the checks need it (scikit-learn
/// computes it as rarely).
pub(crate) fn kl_mu(
    x: &Csr,
    xt: &Csr,
    mut w: Array2<f64>,
    mut ht: Array2<f64>,
    cfg: &NmfConfig,
    pinned: Option<usize>,
    trace: bool,
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
            let check = it % CHECK_EVERY == 0;
            if !(trace || check) {
                continue;
            }
            let err = kl_error(x, &w, &ht);
            errors.push(err);
            if check {
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

/// Settings of weighing under the KL loss: sweeps run until the decrease a
/// sweep's Newton steps predict falls below [`WEIGH_TOL`] of the row's
/// starting divergence (as tight as NMF's least-squares weighing), or [`WEIGH_MAX_SWEEPS`]
/// sweeps. Coordinate Newton steps converge in a few sweeps where
/// multiplicative updates need hundreds; the tests below measure how close
/// this comes to the optimum: within 1e-6 of the divergence of
/// scikit-learn's 5,000-update `transform` on the reference matrices.
pub(crate) const WEIGH_MAX_SWEEPS: usize = 200;
/// See [`WEIGH_MAX_SWEEPS`].
pub(crate) const WEIGH_TOL: f64 = 1e-8;

/// The weights of every row of `x` against fixed components `h` (`k × m`)
/// that minimise `D(x ‖ w·H)`: a convex problem in `w`, so the answer does
/// not depend on the start up to the tolerance. Each row starts from the
/// even mixture with the row's own mass, `w_t = Σ_j x_j / Σ_t Σ_j h_tj`
/// (at the optimum `Σ_t w_t·Σ_j h_tj = Σ_j x_j`), so that a row's weights
/// depend on the row and the components only, never on the other rows
/// weighed with it: the same bytes in one batch or in many partitions.
///
/// Solved row by row by cyclic coordinate descent with one-variable Newton
/// steps, the method of Hsieh & Dhillon, "Fast coordinate descent methods
/// with variable selection for non-negative matrix factorization" (KDD
/// 2011), for the KL divergence: for theme `t`, with `wh` the current fit
/// of the row's stored entries, the gradient is
/// `g = Σ_j h_tj − Σ_j x_j·h_tj / wh_j` and the curvature
/// `d = Σ_j x_j·h_tj² / wh_j²`, and the step is `w_t ← max(0, w_t − g/d)`.
/// A step never takes `w_t` to zero while some stored entry of the row is
/// fitted by theme `t` alone (its divergence would be infinite there); it
/// halves `w_t` instead. Sweeps stop when the decrease their steps predict
/// falls below `tol` of the row's starting divergence (confirmed by a full
/// sweep), or after `max_sweeps`.
pub(crate) fn kl_weigh_rows(x: &Csr, h: &Array2<f64>, max_sweeps: usize, tol: f64) -> Array2<f64> {
    let k = h.nrows();
    let h_total: Vec<f64> = h.sum_axis(Axis(1)).to_vec();
    let h_mass: f64 = h_total.iter().sum();
    let ht = h.t().as_standard_layout().into_owned();
    let mut w = Array2::<f64>::zeros((x.nrows, k));
    par_rows_mut(&mut w, |i, row| {
        let (cols, vals) = x.row(i);
        let start = vals.iter().sum::<f64>() / h_mass;
        // No terms, or themes with no weight at all: nothing to weigh.
        if cols.is_empty() || !start.is_finite() || start <= 0.0 {
            row.fill(0.0);
            return;
        }
        row.fill(start);
        weigh_row(row, cols, vals, &ht, &h_total, max_sweeps, tol);
    });
    w
}

/// [`kl_weigh_rows`] for one row `w`, updated in place from its start.
///
/// Two savings keep it fast on long rows and many themes, neither changing
/// the optimum it converges to:
/// - each theme's weights on the row's terms are kept as a sparse list
///   (most are zero: least-squares and KL components put most terms of a
///   theme at exactly zero), so a Newton step costs the terms the theme and
///   the row share;
/// - sweeps cycle over the active themes only (those with a weight), and a
///   full sweep over every theme confirms convergence, reopening the cycle
///   when a theme left at zero comes back: the active-set strategy of
///   glmnet (Friedman, Hastie & Tibshirani, "Regularization paths for
///   generalized linear models via coordinate descent", J. Stat. Softw.
///   2010, section 2.6).
fn weigh_row(
    w: &mut [f64],
    cols: &[usize],
    vals: &[f64],
    ht: &Array2<f64>,
    h_total: &[f64],
    max_sweeps: usize,
    tol: f64,
) {
    let k = w.len();
    let s = cols.len();
    // Theme t's non-zero weights on the row's terms: positions
    // `at[start[t]..start[t + 1]]` into `cols`, weights `hv` alongside.
    // Built from the rows of `ht` (a term's weights in every theme are
    // contiguous there, one cache line or two per term), counting first.
    let mut start = vec![0usize; k + 1];
    for &j in cols {
        for (t, &v) in ht.row(j).iter().enumerate() {
            if v > 0.0 {
                start[t + 1] += 1;
            }
        }
    }
    for t in 0..k {
        start[t + 1] += start[t];
    }
    let mut at = vec![0u32; start[k]];
    let mut hv = vec![0.0; start[k]];
    let mut next_slot = start.clone();
    for (p, &j) in cols.iter().enumerate() {
        for (t, &v) in ht.row(j).iter().enumerate() {
            if v > 0.0 {
                at[next_slot[t]] = p as u32;
                hv[next_slot[t]] = v;
                next_slot[t] += 1;
            }
        }
    }
    let fitted = |w: &[f64], wh: &mut Vec<f64>| {
        wh.clear();
        wh.resize(s, 0.0);
        for (t, &wt) in w.iter().enumerate() {
            if wt != 0.0 {
                let r = start[t]..start[t + 1];
                for (&p, &v) in at[r.clone()].iter().zip(&hv[r]) {
                    wh[p as usize] += wt * v;
                }
            }
        }
    };
    // D(x ‖ wH) as `kl_error` counts it: stored entries at most ε left out
    // of the logarithm, `wh` floored at ε.
    let divergence = |w: &[f64], wh: &[f64]| -> f64 {
        let mut d: f64 = w.iter().zip(h_total).map(|(a, b)| a * b).sum();
        for (&v, &f) in vals.iter().zip(wh) {
            if v > EPSILON {
                d += v * (v / f.max(EPSILON)).ln() - v;
            }
        }
        d
    };
    let mut wh = Vec::with_capacity(s);
    fitted(w, &mut wh);
    // `1 / max(wh, ε)` and `x / max(wh, ε)` of every entry, kept with `wh`:
    // a step then costs one division per entry it moves, none to measure.
    let (mut inverse, mut ratio) = (vec![0.0; s], vec![0.0; s]);
    let refresh = |wh: &[f64], inverse: &mut [f64], ratio: &mut [f64]| {
        for p in 0..s {
            inverse[p] = 1.0 / wh[p].max(EPSILON);
            ratio[p] = vals[p] * inverse[p];
        }
    };
    refresh(&wh, &mut inverse, &mut ratio);
    // Sweeps stop on the decrease the Newton model predicts,
    // `−(g·δ + d·δ²/2)` summed over the sweep's steps: exact to second
    // order, and free of the logarithms the divergence itself costs.
    let bar = tol * divergence(w, &wh).abs().max(f64::MIN_POSITIVE);
    let mut active = vec![true; k];
    let mut full = true;
    for _ in 0..max_sweeps {
        let mut decrease = 0.0;
        for t in 0..k {
            if !(full || active[t]) {
                continue;
            }
            let r = start[t]..start[t + 1];
            let (pos, ht) = (&at[r.clone()], &hv[r]);
            let mut g = h_total[t];
            let mut d = 0.0;
            // Whether some entry is fitted by theme `t` alone.
            let mut alone = false;
            for (&p, &hv) in pos.iter().zip(ht) {
                let p = p as usize;
                let qh = ratio[p] * hv;
                g -= qh;
                d += qh * hv * inverse[p];
                alone |= vals[p] > 0.0 && wh[p] - w[t] * hv <= 1e-12 * wh[p];
            }
            let next = if d > 0.0 {
                let newton = w[t] - g / d;
                if newton > 0.0 {
                    newton
                } else if alone {
                    w[t] / 2.0
                } else {
                    0.0
                }
            } else {
                // The theme covers none of the row's terms: the divergence
                // only grows with its weight.
                0.0
            };
            let delta = next - w[t];
            if delta != 0.0 && delta.is_finite() {
                for (&p, &hv) in pos.iter().zip(ht) {
                    let p = p as usize;
                    wh[p] += delta * hv;
                    inverse[p] = 1.0 / wh[p].max(EPSILON);
                    ratio[p] = vals[p] * inverse[p];
                }
                decrease -= g * delta + d * delta * delta / 2.0;
                w[t] = next;
            }
            active[t] = w[t] != 0.0;
        }
        if decrease <= bar {
            if full {
                break;
            }
            // Converged on the active themes: check every theme once more,
            // from a fit refitted from the weights, so that rounding in the
            // running fit never accumulates.
            fitted(w, &mut wh);
            refresh(&wh, &mut inverse, &mut ratio);
            full = true;
        } else {
            full = false;
        }
    }
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
        let fit = kl_mu(&x, &xt, w, ht, &cfg, None, true);
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
                (WEIGH_MAX_SWEEPS, WEIGH_TOL, 1e-6, 1e-3),
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
