//! Randomized truncated SVD of a sparse matrix (Halko, Martinsson & Tropp,
//! 2011), built from sparse × dense products and a small symmetric
//! eigendecomposition. No BLAS or LAPACK is needed.

use linfa_linalg::eigh::EighInto;
use ndarray::{Array1, Array2, Axis};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::error::TopicsError;
use crate::sparse::Csr;

/// Result of a truncated SVD: `X ≈ U · diag(S) · Vᵀ`.
#[derive(Debug, Clone)]
pub(crate) struct TruncatedSvd {
    /// Left singular vectors, `n × k`.
    pub(crate) u: Array2<f64>,
    /// Singular values, descending, length `k`.
    pub(crate) s: Array1<f64>,
    /// Right singular vectors, `m × k` (one column per component).
    pub(crate) v: Array2<f64>,
}

/// Uniform in (0, 1], from the top 53 bits.
fn unit(rng: &mut Xoshiro256PlusPlus) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
}

/// A matrix of standard normal draws (Box–Muller), filled row by row.
pub(crate) fn gaussian(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    Array2::from_shape_simple_fn((rows, cols), || {
        let (a, b) = (unit(&mut rng), unit(&mut rng));
        (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
    })
}

/// Symmetric eigendecomposition sorted by decreasing eigenvalue.
pub(crate) fn sorted_eigh(g: Array2<f64>) -> Result<(Vec<f64>, Array2<f64>), TopicsError> {
    if g.iter().any(|v| !v.is_finite()) {
        return Err(TopicsError::Linalg {
            step: "eigendecomposition",
            message: "non-finite value in Gram matrix".into(),
        });
    }
    let (vals, vecs) = g.eigh_into().map_err(|e| TopicsError::Linalg {
        step: "eigendecomposition",
        message: e.to_string(),
    })?;
    let mut order: Vec<usize> = (0..vals.len()).collect();
    order.sort_by(|&a, &b| vals[b].total_cmp(&vals[a]).then(a.cmp(&b)));
    let sorted_vals = order.iter().map(|&i| vals[i]).collect();
    let sorted_vecs = vecs.select(Axis(1), &order);
    Ok((sorted_vals, sorted_vecs))
}

/// Orthonormalises the columns of `y` through the eigendecomposition of
/// `yᵀy`; columns in the numerical null space come out as zeros.
fn orthonormalise(y: &Array2<f64>) -> Result<Array2<f64>, TopicsError> {
    let g = y.t().dot(y);
    let (vals, vecs) = sorted_eigh(g)?;
    let top = vals.first().copied().unwrap_or(0.0).max(0.0);
    let scale: Array1<f64> = vals
        .iter()
        .map(|&l| {
            if l > top * 1e-12 && l > 0.0 {
                1.0 / l.sqrt()
            } else {
                0.0
            }
        })
        .collect();
    let mut q = y.dot(&vecs);
    q *= &scale;
    Ok(q)
}

/// Computes the top `k` singular triplets of `x` (whose transpose is `xt`).
///
/// Uses `oversample` extra directions and `power_iters` subspace iterations.
pub(crate) fn randomized_svd(
    x: &Csr,
    xt: &Csr,
    k: usize,
    oversample: usize,
    power_iters: usize,
    seed: u64,
) -> Result<TruncatedSvd, TopicsError> {
    randomized_svd_centred(x, xt, None, k, oversample, power_iters, seed)
}

/// [`randomized_svd`] of `x − 1·μᵀ` when `mean` is `Some(μ)` (a column per
/// feature): the centred matrix is never formed, only its products
/// `X·V − 1·(μᵀV)` and `Xᵀ·U − μ·(1ᵀU)`, so `x` stays sparse.
pub(crate) fn randomized_svd_centred(
    x: &Csr,
    xt: &Csr,
    mean: Option<&Array1<f64>>,
    k: usize,
    oversample: usize,
    power_iters: usize,
    seed: u64,
) -> Result<TruncatedSvd, TopicsError> {
    // X·V, minus 1·(μᵀV) when centred.
    let mul = |v: &Array2<f64>| {
        let mut out = x.dot_dense(v.view());
        if let Some(mu) = mean {
            let shift = mu.dot(v);
            out -= &shift;
        }
        out
    };
    // Xᵀ·U, minus μ·(1ᵀU) when centred.
    let mul_t = |u: &Array2<f64>| {
        let mut out = xt.dot_dense(u.view());
        if let Some(mu) = mean {
            let sums = u.sum_axis(Axis(0));
            for (mut row, &m) in out.rows_mut().into_iter().zip(mu.iter()) {
                row.scaled_add(-m, &sums);
            }
        }
        out
    };
    let l = (k + oversample).min(x.nrows).min(x.ncols).max(k);
    let omega = gaussian(x.ncols, l, seed);
    let mut q = orthonormalise(&mul(&omega))?;
    for _ in 0..power_iters {
        let z = orthonormalise(&mul_t(&q))?;
        q = orthonormalise(&mul(&z))?;
    }
    // Twice, for orthogonality to working precision.
    q = orthonormalise(&q)?;
    // Bᵀ = Xᵀ Q  (m × l);  B Bᵀ = Qᵀ X Xᵀ Q.
    let bt = mul_t(&q);
    let (vals, e) = sorted_eigh(bt.t().dot(&bt))?;
    let k = k.min(vals.len());
    let e = e.slice_move(ndarray::s![.., ..k]);
    let s: Array1<f64> = vals.iter().take(k).map(|&v| v.max(0.0).sqrt()).collect();
    let mut u = q.dot(&e);
    let mut v = bt.dot(&e);
    for (j, &sj) in s.iter().enumerate() {
        let mut col = v.column_mut(j);
        if sj > 0.0 {
            col /= sj;
        } else {
            col.fill(0.0);
        }
    }
    // Sign convention: the largest-magnitude entry of each U column is positive.
    for j in 0..k {
        let big =
            u.column(j)
                .iter()
                .copied()
                .fold(0.0f64, |acc, x| if x.abs() > acc.abs() { x } else { acc });
        if big < 0.0 {
            u.column_mut(j).mapv_inplace(|x| -x);
            v.column_mut(j).mapv_inplace(|x| -x);
        }
    }
    Ok(TruncatedSvd { u, s, v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_singular_values_of_a_diagonal_matrix() -> Result<(), TopicsError> {
        let m = sprs::CsMat::new(
            (4, 4),
            vec![0, 1, 2, 3, 4],
            vec![0, 1, 2, 3],
            vec![5.0, 3.0, 2.0, 1.0],
        );
        let x = Csr::from_sprs(m.view())?;
        let svd = randomized_svd(&x, &x.transpose(), 2, 2, 2, 7)?;
        assert!((svd.s[0] - 5.0).abs() < 1e-9);
        assert!((svd.s[1] - 3.0).abs() < 1e-9);
        assert!((svd.u[[0, 0]].abs() - 1.0).abs() < 1e-9);
        assert!((svd.v[[1, 1]].abs() - 1.0).abs() < 1e-9);
        Ok(())
    }

    #[test]
    fn centring_matches_the_dense_centred_matrix() -> Result<(), TopicsError> {
        // Rows (1,0), (0,1), (1,1): mean (2/3, 2/3); centred rows
        // (1/3,-2/3), (-2/3,1/3), (1/3,1/3) have singular values √1 and √(1/3).
        let m = sprs::CsMat::new((3, 2), vec![0, 1, 2, 4], vec![0, 1, 0, 1], vec![1.0; 4]);
        let x = Csr::from_sprs(m.view())?;
        let mean = Array1::from(vec![2.0 / 3.0, 2.0 / 3.0]);
        let svd = randomized_svd_centred(&x, &x.transpose(), Some(&mean), 2, 0, 2, 3)?;
        assert!((svd.s[0] - 1.0).abs() < 1e-9, "{:?}", svd.s);
        assert!(
            (svd.s[1] - (1.0f64 / 3.0).sqrt()).abs() < 1e-9,
            "{:?}",
            svd.s
        );
        Ok(())
    }
}
