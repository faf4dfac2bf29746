//! Non-negative matrix factorisation `X ≈ W·H` by hierarchical alternating
//! least squares (HALS, the coordinate-descent solver of Cichocki & Phan),
//! started from NNDSVD(a) and optionally anchored on seed terms.
//!
//! The documents × terms matrix stays sparse throughout: the algorithm only
//! needs `X·Hᵀ`, `Xᵀ·W` (sparse × dense) and the small `k × k` Gram matrices.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

use crate::error::TopicsError;
use crate::sparse::{par_rows_mut, Csr};
use crate::svd::randomized_svd;

/// How NMF factors are initialised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum NmfInit {
    /// Non-negative double SVD (Boutsidis & Gallopoulos, 2008); zeros stay
    /// zeros in the initial factors, which suits sparse results.
    Nndsvd,
    /// NNDSVD with zeros replaced by the mean of `X`, which lets HALS move
    /// every entry. The default.
    #[default]
    Nndsvda,
}

/// What NMF minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NmfLoss {
    /// The squared Frobenius norm `‖X − W·H‖²`, by HALS coordinate descent
    /// (scikit-learn's `solver='cd'`). The default.
    #[default]
    Frobenius,
    /// The generalised Kullback–Leibler divergence `Σ x·log(x / wh) − x +
    /// wh`, by Lee & Seung's multiplicative updates (scikit-learn's
    /// `solver='mu', beta_loss='kullback-leibler'`): themes are mixtures as
    /// in PLSA, and long rows weigh less on the fit than under the squared
    /// loss. Slower to converge than HALS.
    KullbackLeibler,
}

impl std::str::FromStr for NmfLoss {
    type Err = TopicsError;

    /// `frobenius` or `kullback-leibler` (also `kl`), any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "frobenius" => Ok(NmfLoss::Frobenius),
            "kullback-leibler" | "kl" => Ok(NmfLoss::KullbackLeibler),
            _ => Err(TopicsError::InvalidParameter {
                name: "NMF loss",
                value: s.to_string(),
                expected: "`frobenius` or `kullback-leibler` (`kl`)",
            }),
        }
    }
}

impl std::fmt::Display for NmfLoss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NmfLoss::Frobenius => "frobenius",
            NmfLoss::KullbackLeibler => "kullback-leibler",
        })
    }
}

/// How NMF weighs rows (passages, documents) against fitted themes: the
/// row weights every output reports, for the fit's own rows and for rows
/// weighed later against a saved model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Weighing {
    /// The non-negative weights that minimise the generalised
    /// Kullback–Leibler divergence `D(x ‖ w·H)`: a row's terms are read as
    /// counts drawn from a mixture of the themes, the fold-in of PLSA
    /// (Hofmann 1999). A row's weights then follow the share of its text
    /// each theme explains, so a long row's many common terms do not decide
    /// them as their squares do under least squares. The default: the
    /// dominant theme of a document agrees better with known categories
    /// (NMI, 20 Newsgroups 0.53 → 0.65, BBC News 0.85 → 0.89, Reuters R8
    /// 0.42 → 0.46; BENCHMARKS.md, "Weighing").
    #[default]
    KullbackLeibler,
    /// Non-negative least squares, `min ‖x − w·H‖²`: the weights the
    /// Frobenius fit itself uses, and the weighing of model versions 1–3.
    LeastSquares,
}

impl std::str::FromStr for Weighing {
    type Err = TopicsError;

    /// `kullback-leibler` (also `kl`) or `least-squares` (also `ls`), any
    /// case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "kullback-leibler" | "kl" => Ok(Weighing::KullbackLeibler),
            "least-squares" | "ls" => Ok(Weighing::LeastSquares),
            _ => Err(TopicsError::InvalidParameter {
                name: "weighing",
                value: s.to_string(),
                expected: "`kullback-leibler` (`kl`) or `least-squares` (`ls`)",
            }),
        }
    }
}

impl std::fmt::Display for Weighing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Weighing::KullbackLeibler => "kullback-leibler",
            Weighing::LeastSquares => "least-squares",
        })
    }
}

/// Keeps a theme attached to its seed columns during HALS: after each update
/// of `H`, the theme's weight on terms outside `allowed` is set to zero, and
/// every seed column is raised to at least `strength × max(H[theme, ·])`.
#[derive(Debug, Clone)]
pub(crate) struct Anchor {
    pub(crate) theme: usize,
    pub(crate) columns: Vec<usize>,
    pub(crate) allowed: Vec<bool>,
    pub(crate) strength: f64,
}

/// Settings for one NMF run.
#[derive(Debug, Clone)]
pub(crate) struct NmfConfig {
    pub(crate) max_iter: usize,
    pub(crate) tol: f64,
    pub(crate) anchors: Vec<Anchor>,
    /// Checked before every iteration: a cancelled run stops early and its
    /// (partial) result is discarded by the caller, which returns
    /// `TopicsError::Interrupted`.
    pub(crate) cancel: tidings_cancel::Cancel,
}

/// A fitted factorisation.
#[derive(Debug, Clone)]
pub(crate) struct NmfFit {
    /// Row weights, `n × k`.
    pub(crate) w: Array2<f64>,
    /// Components, `k × m`, each row with unit l2 norm (zero rows stay zero).
    pub(crate) h: Array2<f64>,
    /// Iterations run.
    pub(crate) iterations: usize,
    /// Whether the tolerance was reached before `max_iter`.
    pub(crate) converged: bool,
    /// Frobenius norm of `X − W·H`.
    pub(crate) error: f64,
    /// `‖X − W·H‖` after every iteration, in order (one value per iteration
    /// run), from the same cached products as `error`.
    pub(crate) errors: Vec<f64>,
}

/// Convergence is checked every this many iterations: the run stops when
/// the error fell by less than `tol × initial error` since the last check.
pub(crate) const CHECK_EVERY: usize = 10;

/// One HALS sweep over the `k` coordinates of a row: `row` is a row of W (or
/// of Hᵀ), `target` the matching row of `X·Hᵀ` (or `Xᵀ·W`), `gram` is `H·Hᵀ`
/// (or `WᵀW`).
#[inline]
pub(crate) fn hals_row(row: &mut [f64], target: ArrayView1<'_, f64>, gram: ArrayView2<'_, f64>) {
    hals_row_except(row, target, gram, None);
}

/// [`hals_row`] leaving coordinate `fixed` as it is.
#[inline]
fn hals_row_except(
    row: &mut [f64],
    target: ArrayView1<'_, f64>,
    gram: ArrayView2<'_, f64>,
    fixed: Option<usize>,
) {
    let k = row.len();
    for t in 0..k {
        let g = gram[[t, t]];
        if g <= 0.0 || fixed == Some(t) {
            continue;
        }
        let mut dot = 0.0;
        for (s, &r) in row.iter().enumerate() {
            dot += r * gram[[s, t]];
        }
        let updated = row[t] + (target[t] - dot) / g;
        row[t] = if updated > 0.0 { updated } else { 0.0 };
    }
}

/// `‖X − W·H‖²` from cached products: `‖X‖² − 2⟨XᵀW, Hᵀ⟩ + ⟨WᵀW, HHᵀ⟩`.
fn squared_error(x_sq: f64, xtw: &Array2<f64>, ht: &Array2<f64>, wtw: &Array2<f64>) -> f64 {
    let hht = ht.t().dot(ht);
    let cross: f64 = xtw.iter().zip(ht.iter()).map(|(a, b)| a * b).sum();
    let gram: f64 = wtw.iter().zip(hht.iter()).map(|(a, b)| a * b).sum();
    (x_sq - 2.0 * cross + gram).max(0.0)
}

/// `‖X − W·H‖` for `W: n×k` and `H: k×m`, without forming `W·H`.
/// Works row by row (`⟨X, W·H⟩` summed over the stored entries), so it
/// needs no transposed copy of `X`.
pub(crate) fn residual_norm(x: &Csr, w: &Array2<f64>, h: &Array2<f64>) -> f64 {
    use rayon::prelude::*;
    let cross_rows: Vec<f64> = (0..x.nrows)
        .into_par_iter()
        .map(|i| {
            let (cols, vals) = x.row(i);
            let wi = w.row(i);
            cols.iter()
                .zip(vals)
                .map(|(&j, &v)| v * wi.dot(&h.column(j)))
                .sum::<f64>()
        })
        .collect();
    let cross: f64 = cross_rows.iter().sum();
    let gram: f64 = w
        .t()
        .dot(w)
        .iter()
        .zip(h.dot(&h.t()).iter())
        .map(|(a, b)| a * b)
        .sum();
    (x.sq_norm() - 2.0 * cross + gram).max(0.0).sqrt()
}

/// NNDSVD(a) initial factors for `k` components: `(W: n×k, Hᵀ: m×k)`.
pub(crate) fn nndsvd(
    x: &Csr,
    xt: &Csr,
    k: usize,
    init: NmfInit,
    seed: u64,
) -> Result<(Array2<f64>, Array2<f64>), TopicsError> {
    let mut w = Array2::<f64>::zeros((x.nrows, k));
    let mut ht = Array2::<f64>::zeros((x.ncols, k));
    if k == 0 {
        return Ok((w, ht));
    }
    let svd = randomized_svd(x, xt, k, 10, 7, seed)?;
    for j in 0..svd.s.len().min(k) {
        let u = svd.u.column(j);
        let v = svd.v.column(j);
        let sj = svd.s[j];
        if j == 0 {
            let scale = sj.sqrt();
            w.column_mut(0).assign(&u.mapv(|a| scale * a.abs()));
            ht.column_mut(0).assign(&v.mapv(|a| scale * a.abs()));
            continue;
        }
        let (up, un) = (u.mapv(|a| a.max(0.0)), u.mapv(|a| (-a).max(0.0)));
        let (vp, vn) = (v.mapv(|a| a.max(0.0)), v.mapv(|a| (-a).max(0.0)));
        let norm = |a: &Array1<f64>| a.dot(a).sqrt();
        let (nup, nun, nvp, nvn) = (norm(&up), norm(&un), norm(&vp), norm(&vn));
        let (mp, mn) = (nup * nvp, nun * nvn);
        let (uu, vv, sigma, nu, nv) = if mp > mn {
            (up, vp, mp, nup, nvp)
        } else {
            (un, vn, mn, nun, nvn)
        };
        if nu <= 0.0 || nv <= 0.0 {
            continue;
        }
        let lbd = (sj * sigma).sqrt();
        w.column_mut(j).assign(&(uu * (lbd / nu)));
        ht.column_mut(j).assign(&(vv * (lbd / nv)));
    }
    let eps = 1e-6;
    w.mapv_inplace(|a| if a < eps { 0.0 } else { a });
    ht.mapv_inplace(|a| if a < eps { 0.0 } else { a });
    if init == NmfInit::Nndsvda {
        let avg = x.sum() / (x.nrows as f64 * x.ncols as f64);
        w.mapv_inplace(|a| if a == 0.0 { avg } else { a });
        ht.mapv_inplace(|a| if a == 0.0 { avg } else { a });
    }
    Ok((w, ht))
}

/// Raises anchored seed columns of `ht` (m × k) to their floors.
pub(crate) fn apply_anchors(ht: &mut Array2<f64>, anchors: &[Anchor]) {
    for a in anchors {
        if a.theme >= ht.ncols() {
            continue;
        }
        let mut col = ht.column_mut(a.theme);
        for (v, &ok) in col.iter_mut().zip(&a.allowed) {
            if !ok {
                *v = 0.0;
            }
        }
        let top = col.iter().copied().fold(0.0f64, f64::max);
        let floor = a.strength * top.max(f64::MIN_POSITIVE);
        for &j in &a.columns {
            if let Some(v) = ht.get_mut([j, a.theme]) {
                if *v < floor {
                    *v = floor;
                }
            }
        }
    }
}

/// `H` (from `Hᵀ`) with every component scaled to unit l2 norm, the scale
/// moved into `W` so that `W·H` is unchanged; zero components stay zero.
pub(crate) fn unit_components(ht: Array2<f64>, w: &mut Array2<f64>) -> Array2<f64> {
    let mut h = ht.reversed_axes().as_standard_layout().into_owned();
    for (t, mut row) in h.axis_iter_mut(Axis(0)).enumerate() {
        let norm = row.dot(&row).sqrt();
        if norm > 0.0 {
            row /= norm;
            w.column_mut(t).mapv_inplace(|a| a * norm);
        }
    }
    h
}

/// Runs HALS from the given starting factors.
pub(crate) fn hals(x: &Csr, xt: &Csr, w: Array2<f64>, ht: Array2<f64>, cfg: &NmfConfig) -> NmfFit {
    hals_pinned(x, xt, w, ht, cfg, None)
}

/// Runs HALS from the given starting factors, keeping the component in
/// column `pinned` of `ht` as it starts (its weights in `W` are still
/// fitted): a fixed background distribution.
pub(crate) fn hals_pinned(
    x: &Csr,
    xt: &Csr,
    mut w: Array2<f64>,
    mut ht: Array2<f64>,
    cfg: &NmfConfig,
    pinned: Option<usize>,
) -> NmfFit {
    let x_sq = x.sq_norm();
    apply_anchors(&mut ht, &cfg.anchors);
    let mut error_init = None;
    let mut previous = f64::INFINITY;
    let mut iterations = 0;
    let mut converged = false;
    let mut sq_err = x_sq;
    let mut errors = Vec::with_capacity(cfg.max_iter.min(1024));
    for it in 1..=cfg.max_iter {
        if cfg.cancel.is_cancelled() {
            break;
        }
        iterations = it;
        // W step.
        let hht = ht.t().dot(&ht);
        let xht = x.dot_dense(ht.view());
        par_rows_mut(&mut w, |i, row| hals_row(row, xht.row(i), hht.view()));
        // H step.
        let wtw = w.t().dot(&w);
        let xtw = xt.dot_dense(w.view());
        par_rows_mut(&mut ht, |j, row| {
            hals_row_except(row, xtw.row(j), wtw.view(), pinned)
        });
        apply_anchors(&mut ht, &cfg.anchors);
        sq_err = squared_error(x_sq, &xtw, &ht, &wtw);
        let err = sq_err.sqrt();
        errors.push(err);
        let init = *error_init.get_or_insert(err);
        if init <= 0.0 {
            converged = true;
            break;
        }
        if it % CHECK_EVERY == 0 {
            if (previous - err) / init < cfg.tol {
                converged = true;
                break;
            }
            previous = err;
        }
    }
    let h = unit_components(ht, &mut w);
    NmfFit {
        w,
        h,
        iterations,
        converged,
        error: sq_err.sqrt(),
        errors,
    }
}

/// Where a traced NMF run ([`nmf_trace`]) starts.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum NmfStart {
    /// NNDSVD or NNDSVDa from a randomized truncated SVD with this seed, as
    /// a fit without seeded themes starts.
    Svd {
        /// NNDSVD variant.
        init: NmfInit,
        /// Seed of the randomized SVD.
        seed: u64,
    },
    /// Given factors: `w` is `rows × k`, `h` is `k × columns`, both
    /// finite and non-negative (scikit-learn's `init='custom'`).
    Factors {
        /// Row weights.
        w: Array2<f64>,
        /// Components.
        h: Array2<f64>,
    },
}

/// A traced NMF run: the factors after a fixed number of iterations and
/// the objective after each one.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct NmfTrace {
    /// Row weights, `rows × k`.
    pub w: Array2<f64>,
    /// Components, `k × columns`, each row with unit l2 norm (zero rows
    /// stay zero), the scale moved into `w` as in a fit.
    pub h: Array2<f64>,
    /// The error after iteration 1, 2, …, `iterations`, as scikit-learn's
    /// `reconstruction_err_` gives it: `‖X − W·H‖_F` for
    /// [`NmfLoss::Frobenius`], `sqrt(2·D(X ‖ W·H))` for
    /// [`NmfLoss::KullbackLeibler`].
    pub errors: Vec<f64>,
}

/// Runs exactly `iterations` iterations of the solver of `loss` (one update
/// of `W`, then one of `H`) on the rows of `x` from `start`, with no
/// convergence check and no seeded themes. For [`NmfLoss::Frobenius`] that
/// is HALS with every coordinate in order: scikit-learn's `solver='cd'` with
/// `shuffle=False`, no regularisation and `tol=0` (it stops early only when
/// the first iteration already fits `x` exactly). For
/// [`NmfLoss::KullbackLeibler`] it is the multiplicative updates of
/// scikit-learn's `solver='mu', beta_loss='kullback-leibler'`, `tol=0`.
///
/// These are the solvers that [`ThemesParams`](crate::ThemesParams) fits
/// use, exposed so that they can be compared with reference
/// implementations.
///
/// ```
/// use ndarray::array;
/// use tidings_topics::{nmf_trace, NmfInit, NmfLoss, NmfStart};
/// let x: sprs::CsMat<f64> = sprs::CsMat::csr_from_dense(
///     array![[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]].view(),
///     0.0,
/// );
/// let start = NmfStart::Svd { init: NmfInit::Nndsvda, seed: 0 };
/// let trace = nmf_trace(x.view(), 2, start, 20, NmfLoss::Frobenius)?;
/// assert_eq!(trace.errors.len(), 20);
/// assert!(trace.errors[19] < 1e-6); // two blocks, two components: exact
/// # Ok::<(), tidings_topics::TopicsError>(())
/// ```
///
/// # Errors
/// [`TopicsError::EmptyMatrix`] for a matrix without rows or columns,
/// [`TopicsError::InvalidEntry`] for a negative or non-finite entry,
/// [`TopicsError::TooManyThemes`] unless `1 ≤ k ≤ min(rows, columns)`, and
/// [`TopicsError::DimensionMismatch`] for given factors of the wrong shape
/// (or with a negative or non-finite entry).
pub fn nmf_trace(
    x: sprs::CsMatView<'_, f64>,
    k: usize,
    start: NmfStart,
    iterations: usize,
    loss: NmfLoss,
) -> Result<NmfTrace, TopicsError> {
    let x = Csr::from_sprs(x)?;
    if x.nrows == 0 || x.ncols == 0 {
        return Err(TopicsError::EmptyMatrix {
            rows: x.nrows,
            cols: x.ncols,
            nnz: x.nnz(),
        });
    }
    if k == 0 || k > x.nrows.min(x.ncols) {
        return Err(TopicsError::TooManyThemes {
            requested: k,
            rows: x.nrows,
            cols: x.ncols,
        });
    }
    let xt = x.transpose();
    let (w, ht) = match start {
        NmfStart::Svd { init, seed } => nndsvd(&x, &xt, k, init, seed)?,
        NmfStart::Factors { w, h } => {
            let valid = |a: &Array2<f64>| a.iter().all(|v| v.is_finite() && *v >= 0.0);
            let mismatch =
                |what, expected: (usize, usize), found: &[usize]| TopicsError::DimensionMismatch {
                    what,
                    expected: expected.0 * expected.1,
                    found: found.iter().product(),
                };
            if w.dim() != (x.nrows, k) || !valid(&w) {
                return Err(mismatch(
                    "initial W (rows × k, finite, ≥ 0)",
                    (x.nrows, k),
                    w.shape(),
                ));
            }
            if h.dim() != (k, x.ncols) || !valid(&h) {
                return Err(mismatch(
                    "initial H (k × columns, finite, ≥ 0)",
                    (k, x.ncols),
                    h.shape(),
                ));
            }
            (w, h.reversed_axes().as_standard_layout().into_owned())
        }
    };
    let cfg = NmfConfig {
        max_iter: iterations,
        // (previous − error) / initial < −∞ never holds: no early stop.
        tol: f64::NEG_INFINITY,
        anchors: Vec::new(),
        cancel: tidings_cancel::Cancel::never(),
    };
    let fit = match loss {
        NmfLoss::Frobenius => hals(&x, &xt, w, ht, &cfg),
        NmfLoss::KullbackLeibler => crate::nmf_kl::kl_mu(&x, &xt, w, ht, &cfg, None, true),
    };
    Ok(NmfTrace {
        w: fit.w,
        h: fit.h,
        errors: fit.errors,
    })
}

/// Non-negative least squares of every row of `x` against fixed components
/// `h` (k × m), by HALS sweeps per row until the change is below `tol`.
pub(crate) fn nnls_rows(x: &Csr, h: &Array2<f64>, max_iter: usize, tol: f64) -> Array2<f64> {
    let k = h.nrows();
    let ht = h.t().as_standard_layout().into_owned();
    let hht = h.dot(&ht);
    let xht = x.dot_dense(ht.view());
    let mut w = Array2::<f64>::zeros((x.nrows, k));
    par_rows_mut(&mut w, |i, row| {
        let target = xht.row(i);
        for _ in 0..max_iter {
            let before: Vec<f64> = row.to_vec();
            hals_row(row, target, hht.view());
            let change: f64 = row.iter().zip(&before).map(|(a, b)| (a - b).abs()).sum();
            let size: f64 = row.iter().sum();
            if change <= tol * size.max(f64::MIN_POSITIVE) {
                break;
            }
        }
    });
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two planted topics over disjoint vocabularies.
    fn planted() -> Csr {
        let mut tri = sprs::TriMat::new((6, 6));
        for r in 0..3 {
            for c in 0..3 {
                tri.add_triplet(r, c, 1.0 + ((r + c) % 2) as f64);
            }
        }
        for r in 3..6 {
            for c in 3..6 {
                tri.add_triplet(r, c, 1.0 + ((r * c) % 3) as f64);
            }
        }
        let m: sprs::CsMat<f64> = tri.to_csr();
        Csr::from_sprs(m.view()).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn hals_separates_planted_blocks() -> Result<(), TopicsError> {
        let x = planted();
        let xt = x.transpose();
        for init in [NmfInit::Nndsvd, NmfInit::Nndsvda] {
            let (w, ht) = nndsvd(&x, &xt, 2, init, 1)?;
            let cfg = NmfConfig {
                max_iter: 500,
                tol: 1e-8,
                anchors: vec![],
                cancel: tidings_cancel::Cancel::never(),
            };
            let fit = hals(&x, &xt, w, ht, &cfg);
            let dominant: Vec<usize> = fit
                .w
                .rows()
                .into_iter()
                .map(|r| if r[0] >= r[1] { 0 } else { 1 })
                .collect();
            assert_eq!(dominant[0], dominant[1]);
            assert_eq!(dominant[1], dominant[2]);
            assert_eq!(dominant[3], dominant[4]);
            assert_ne!(dominant[0], dominant[3]);
            assert!(fit.error < 2.0, "error {}", fit.error);
            let back = nnls_rows(&x, &fit.h, 200, 1e-10);
            for (a, b) in back.iter().zip(fit.w.iter()) {
                assert!((a - b).abs() < 1e-3 * (1.0 + b.abs()), "{a} vs {b}");
            }
        }
        Ok(())
    }
}
