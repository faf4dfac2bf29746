//! Hard clustering: k-means (linfa-clustering, k-means++ with restarts) on
//! an LSA embedding (randomized truncated SVD, rows re-normalised).

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{Array2, Axis};
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

use crate::error::TopicsError;
use crate::sparse::Csr;
use crate::svd::randomized_svd;

/// A hard clustering expressed as factors: `w` is one-hot (n × k), `h` holds
/// the l2-normalised cluster centroids in term space (k × m).
#[derive(Debug, Clone)]
pub(crate) struct KMeansFit {
    pub(crate) w: Array2<f64>,
    pub(crate) h: Array2<f64>,
    pub(crate) inertia: f64,
    pub(crate) error: f64,
}

/// LSA embedding: `U·S` with `components` dimensions, rows scaled to unit
/// length (all-zero rows stay zero).
pub(crate) fn lsa_embedding(
    x: &Csr,
    xt: &Csr,
    components: usize,
    seed: u64,
) -> Result<Array2<f64>, TopicsError> {
    let svd = randomized_svd(x, xt, components, 10, 4, seed)?;
    let mut emb = svd.u * &svd.s;
    for mut row in emb.rows_mut() {
        let n = row.dot(&row).sqrt();
        if n > 0.0 {
            row /= n;
        }
    }
    Ok(emb)
}

/// Settings for one k-means run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KMeansConfig {
    pub(crate) k: usize,
    pub(crate) components: usize,
    pub(crate) n_runs: usize,
    pub(crate) max_iter: usize,
    pub(crate) tol: f64,
    pub(crate) seed: u64,
}

/// Clusters the rows of `x` into `cfg.k` groups.
pub(crate) fn kmeans(x: &Csr, xt: &Csr, cfg: KMeansConfig) -> Result<KMeansFit, TopicsError> {
    let KMeansConfig {
        k,
        components,
        n_runs,
        max_iter,
        tol,
        seed,
    } = cfg;
    let components = components.min(x.nrows).min(x.ncols).max(1);
    let emb = lsa_embedding(x, xt, components, seed)?;
    let rng = Xoshiro256Plus::seed_from_u64(seed);
    let dataset = DatasetBase::from(emb);
    let model = KMeans::params_with_rng(k, rng)
        .n_runs(n_runs)
        .init_method(KMeansInit::KMeansPlusPlus)
        .max_n_iterations(max_iter as u64)
        .tolerance(tol)
        .fit(&dataset)
        .map_err(|e| TopicsError::KMeans(e.to_string()))?;
    let labels = model.predict(dataset.records());
    let mut w = Array2::<f64>::zeros((x.nrows, k));
    let mut sizes = vec![0.0f64; k];
    for (i, &c) in labels.iter().enumerate() {
        if let Some(v) = w.get_mut([i, c]) {
            *v = 1.0;
        }
        if let Some(s) = sizes.get_mut(c) {
            *s += 1.0;
        }
    }
    // Centroids in term space: Xᵀ · (one-hot / size), then unit l2 rows.
    let mut scaled = w.clone();
    for (c, mut col) in scaled.axis_iter_mut(Axis(1)).enumerate() {
        let s = sizes.get(c).copied().unwrap_or(0.0);
        if s > 0.0 {
            col /= s;
        }
    }
    let mut h = xt
        .dot_dense(scaled.view())
        .reversed_axes()
        .as_standard_layout()
        .into_owned();
    for mut row in h.axis_iter_mut(Axis(0)) {
        let n = row.dot(&row).sqrt();
        if n > 0.0 {
            row /= n;
        }
    }
    // Member weights: projection of each row on its centroid.
    let proj = x.dot_dense(h.t().as_standard_layout().view());
    w.zip_mut_with(&proj, |a, &p| *a *= p.max(0.0));
    let x_sq = x.sq_norm();
    let wh_sq: f64 = w.iter().map(|v| v * v).sum();
    // Rows are projected onto unit centroids: ‖x − (x·h)h‖² = ‖x‖² − (x·h)².
    let error = (x_sq - wh_sq).max(0.0).sqrt();
    Ok(KMeansFit {
        w,
        h,
        inertia: model.inertia(),
        error,
    })
}
