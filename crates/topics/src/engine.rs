//! The seam between model kinds and everything around them.
//!
//! A model kind implements [`ThemeModel`]: it fits `k` themes on checked
//! inputs ([`Prepared`]) and weighs new rows against fitted components its
//! own way. Counting themes, sampling, ordering, labelling and measuring
//! (in `fit.rs` and `model.rs`) are the same for every kind and never match
//! on it; [`ModelParams::as_model`] is the one place that does.

use ndarray::{Array2, Axis};
use tidings_cancel::Cancel;

use crate::aggregate::PassageMap;
use crate::background::{mean_profile, Background};
use crate::error::TopicsError;
use crate::kmeans::{kmeans, KMeansConfig};
use crate::nmf::{hals_pinned, nnls_rows, NmfConfig, NmfLoss, Weighing};
use crate::nmf_kl::{kl_mu, kl_weigh_rows, WEIGH_MAX_SWEEPS, WEIGH_TOL};
use crate::params::{KMeansParams, ModelParams, NmfParams};
use crate::seeded_start::nmf_start;
use crate::sparse::Csr;

/// Factors from one model run, before ordering and labelling.
pub(crate) struct RawFit {
    /// Row weights, `rows × k`.
    pub(crate) w: Array2<f64>,
    /// Components, `k × features`.
    pub(crate) h: Array2<f64>,
    /// The background, when the model has one: its components and their
    /// weight in every row.
    pub(crate) background: Option<Background>,
    /// Iterations run, when the model counts them.
    pub(crate) iterations: Option<usize>,
    /// Whether the model met its tolerance, when it has one.
    pub(crate) converged: Option<bool>,
    /// Frobenius norm of `X − W·H`.
    pub(crate) error: f64,
    /// k-means inertia on the embedding.
    pub(crate) inertia: Option<f64>,
}

/// Checked inputs shared by every run of a fit.
pub(crate) struct Prepared<'a> {
    pub(crate) x: Csr,
    pub(crate) xt: Csr,
    pub(crate) features: &'a [String],
    pub(crate) passages: Option<PassageMap<'a>>,
    /// Feature columns of every seeded theme's seeds, in seed-file order.
    pub(crate) seed_columns: Vec<Vec<usize>>,
    /// The fit's cancellation token ([`crate::ThemesParams::cancel`]).
    pub(crate) cancel: Cancel,
}

impl Prepared<'_> {
    /// The co-occurrence units: documents when a passage map is given, else rows.
    pub(crate) fn units(&self) -> (Option<&[usize]>, usize) {
        match &self.passages {
            Some(m) => (Some(m.documents), m.n_documents),
            None => (None, self.x.nrows),
        }
    }

    /// Every row's length (passage lengths, or 1 per row).
    pub(crate) fn lengths(&self) -> Vec<f64> {
        match &self.passages {
            Some(m) => m.lengths.to_vec(),
            None => vec![1.0; self.x.nrows],
        }
    }
}

/// A kind of theme model.
pub(crate) trait ThemeModel {
    /// Fits `k` themes (the first ones seeded, when `prep` has seeds).
    fn fit(&self, prep: &Prepared<'_>, k: usize, seed: u64) -> Result<RawFit, TopicsError>;

    /// Weights of the rows of `x` against fixed `components` (`k ×
    /// features`), the way this model assigns rows to themes.
    fn weigh(&self, x: &Csr, components: &Array2<f64>) -> Array2<f64>;

    /// The same model for the quick fits that compare theme counts: at
    /// most `max_iter` iterations, and rows weighed no further than the fit
    /// itself leaves them (the comparison reads only the themes).
    fn probe(&self, max_iter: usize) -> ModelParams;
}

impl ModelParams {
    /// The model behind these settings.
    pub(crate) fn as_model(&self) -> &dyn ThemeModel {
        match self {
            ModelParams::Nmf(p) => p,
            ModelParams::KMeans(p) => p,
        }
    }
}

/// NNLS solver settings of NMF weighing: tight enough that weighing the
/// training rows gives back the fitted weights (see the NMF tests).
const NNLS_MAX_ITER: usize = 500;
const NNLS_TOL: f64 = 1e-8;

impl NmfParams {
    /// The solver settings of a fit.
    fn config(&self, anchors: Vec<crate::nmf::Anchor>, cancel: &Cancel) -> NmfConfig {
        NmfConfig {
            max_iter: self.max_iter,
            tol: self.tol,
            anchors,
            cancel: cancel.clone(),
        }
    }

    /// The solver of this loss, from the given start.
    fn solve(
        &self,
        prep: &Prepared<'_>,
        w: Array2<f64>,
        ht: Array2<f64>,
        cfg: &NmfConfig,
        pinned: Option<usize>,
    ) -> crate::nmf::NmfFit {
        let mut fit = match self.loss {
            NmfLoss::Frobenius => hals_pinned(&prep.x, &prep.xt, w, ht, cfg, pinned),
            NmfLoss::KullbackLeibler => kl_mu(&prep.x, &prep.xt, w, ht, cfg, pinned, false),
        };
        // The fit's own rows get the weights `weigh` gives them, so that a
        // saved model gives the same rows the same weights: multiplicative
        // updates stop at a tolerance still far from the best weights for
        // the final components, and HALS's weights minimise least squares.
        let refit = match (self.loss, self.weighing) {
            (NmfLoss::Frobenius, Weighing::LeastSquares) => false,
            (NmfLoss::Frobenius, Weighing::KullbackLeibler) | (NmfLoss::KullbackLeibler, _) => true,
        };
        if refit && !cfg.cancel.is_cancelled() {
            fit.w = self.weigh(&prep.x, &fit.h);
            fit.error = crate::nmf::residual_norm(&prep.x, &fit.w, &fit.h);
        }
        fit
    }
}

impl ThemeModel for NmfParams {
    fn fit(&self, prep: &Prepared<'_>, k: usize, seed: u64) -> Result<RawFit, TopicsError> {
        if !self.background {
            let (w, ht, anchors) = nmf_start(prep, k, self.init, seed, self.anchor_strength)?;
            let cfg = self.config(anchors, &prep.cancel);
            let fit = self.solve(prep, w, ht, &cfg, None);
            // A cancelled run stopped early: its factors are not a fit.
            prep.cancel.check()?;
            return Ok(RawFit {
                w: fit.w,
                h: fit.h,
                background: None,
                iterations: Some(fit.iterations),
                converged: Some(fit.converged),
                error: fit.error,
                inertia: None,
            });
        }
        // The background (see `crate::background`): the corpus-wide mean
        // row, pinned, with a least-squares starting weight in every row,
        // fitted with the themes.
        let (w, ht, anchors) = nmf_start(prep, k, self.init, seed, self.anchor_strength)?;
        let profile = mean_profile(&prep.x);
        let pp = profile.dot(&profile);
        let col = profile.insert_axis(Axis(1));
        let mut b = prep.x.dot_dense(col.view());
        if pp > 0.0 {
            b /= pp;
        }
        // `concatenate!` along columns gives column-major arrays; HALS
        // updates rows in place and needs them row-major.
        let w = ndarray::concatenate![Axis(1), w, b]
            .as_standard_layout()
            .into_owned();
        let ht = ndarray::concatenate![Axis(1), ht, col]
            .as_standard_layout()
            .into_owned();
        let cfg = self.config(anchors, &prep.cancel);
        let fit = self.solve(prep, w, ht, &cfg, Some(k));
        prep.cancel.check()?;
        Ok(RawFit {
            w: fit.w.slice(ndarray::s![.., ..k]).to_owned(),
            h: fit.h.slice(ndarray::s![..k, ..]).to_owned(),
            background: Some(Background {
                weights: fit.w.slice(ndarray::s![.., k..]).to_owned(),
                components: fit.h.slice(ndarray::s![k.., ..]).to_owned(),
            }),
            iterations: Some(fit.iterations),
            converged: Some(fit.converged),
            error: fit.error,
            inertia: None,
        })
    }

    /// The weights that minimise the weighing's loss against the fixed
    /// components: non-negative least squares, or the KL divergence.
    fn weigh(&self, x: &Csr, components: &Array2<f64>) -> Array2<f64> {
        match self.weighing {
            Weighing::LeastSquares => nnls_rows(x, components, NNLS_MAX_ITER, NNLS_TOL),
            Weighing::KullbackLeibler => kl_weigh_rows(x, components, WEIGH_MAX_SWEEPS, WEIGH_TOL),
        }
    }

    fn probe(&self, max_iter: usize) -> ModelParams {
        let weighing = match self.loss {
            NmfLoss::Frobenius => Weighing::LeastSquares,
            NmfLoss::KullbackLeibler => self.weighing,
        };
        self.clone().max_iter(max_iter).weighing(weighing).into()
    }
}

impl ThemeModel for KMeansParams {
    fn fit(&self, prep: &Prepared<'_>, k: usize, seed: u64) -> Result<RawFit, TopicsError> {
        let fit = kmeans(
            &prep.x,
            &prep.xt,
            KMeansConfig {
                k,
                components: self.lsa_components,
                n_runs: self.n_runs,
                max_iter: self.max_iter,
                tol: self.tol,
                seed,
            },
        )?;
        Ok(RawFit {
            w: fit.w,
            h: fit.h,
            background: None,
            iterations: None,
            converged: None,
            error: fit.error,
            inertia: Some(fit.inertia),
        })
    }

    /// Hard assignment, as in the fit: each row goes to the centroid it
    /// projects on most (the first on ties), weighted by that projection;
    /// rows without a positive projection get no theme.
    fn weigh(&self, x: &Csr, components: &Array2<f64>) -> Array2<f64> {
        let proj = x.dot_dense(components.t().as_standard_layout().view());
        let mut w = Array2::<f64>::zeros(proj.dim());
        for (mut out, row) in w.axis_iter_mut(Axis(0)).zip(proj.axis_iter(Axis(0))) {
            let best = row
                .iter()
                .enumerate()
                .fold(None, |best: Option<(usize, f64)>, (c, &v)| match best {
                    Some((_, b)) if b >= v => best,
                    _ => Some((c, v)),
                });
            if let Some((c, v)) = best.filter(|&(_, v)| v > 0.0) {
                if let Some(cell) = out.get_mut(c) {
                    *cell = v;
                }
            }
        }
        w
    }

    fn probe(&self, max_iter: usize) -> ModelParams {
        self.clone().max_iter(max_iter).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kmeans_weighs_by_the_nearest_centroid() {
        let mut t = sprs::TriMat::new((3, 2));
        t.add_triplet(0, 0, 1.0);
        t.add_triplet(1, 0, 0.6);
        t.add_triplet(1, 1, 0.8);
        let m: sprs::CsMat<f64> = t.to_csr();
        let x = Csr::from_sprs(m.view()).unwrap_or_else(|e| panic!("{e}"));
        let h = ndarray::array![[1.0, 0.0], [0.0, 1.0]];
        let w = KMeansParams::new().weigh(&x, &h);
        assert_eq!(w, ndarray::array![[1.0, 0.0], [0.0, 0.8], [0.0, 0.0]]);
    }
}
