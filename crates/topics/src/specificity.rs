//! Context specificity: a term weight that keeps general language out of
//! the themes.
//!
//! Words that no stop list has ("like", "think", "going", "things",
//! "furthermore") and lines that publishers add to every article are used in
//! passages about anything. Inverse document frequency cannot tell them from
//! subject words of the same frequency, so a factorisation that gives every
//! weighted term to some theme makes a theme of them. What does tell them
//! apart is how alike the passages that use a term are: the passages that
//! say "apartheid" resemble each other far more than passages drawn at
//! random, while the passages that say "think" resemble each other about as
//! much as any two passages do. This is the *semantic diversity* of a word
//! (Hoffman, Lambon Ralph & Rogers 2013, "Semantic diversity: a measure of
//! semantic ambiguity based on variability in the contextual usage of
//! words", Behavior Research Methods 45: the mean cosine between the LSA
//! vectors of the contexts a word occurs in), compared with its value for
//! random contexts.
//!
//! For term `j` used by `n_j` of the fitted passages, with `zᵢ` the unit
//! vector of passage `i` in the leading singular subspace of the passage
//! matrix (its latent semantic space, Deerwester et al. 1990):
//!
//! - `c_j`, the mean cosine over the distinct pairs of passages using `j`,
//!   is `(‖Σᵢ zᵢ‖² − n_j) / (n_j (n_j − 1))`; `c₀`, the same over all
//!   passages, is what two random passages share;
//! - the estimate is shrunk by empirical Bayes towards what the term's
//!   rarity among the passages, `ln(n / n_j)`, predicts (the Fay–Herriot
//!   1979 model: a regression prior, fitted by weighted least squares, with
//!   the spread of the true values around it by the method of moments), with
//!   its sampling variance under random passages from Hoeffding's (1948)
//!   variance of a U-statistic of order 2. A term used by few passages, or
//!   any term of a corpus too small to measure, gets the specificity its
//!   rarity predicts, as idf would give it, instead of a noisy one;
//! - the weight is `ln(c_j / c₀)`, zero when the term's passages are no more
//!   alike than random ones: the log-ratio of how much more a term's
//!   contexts share than chance, in the manner of an idf.
//!
//! The passages' space has as many dimensions as Horn's parallel analysis
//! finds above chance in the documents (the count `auto` fits), so a term
//! is specific when its passages agree in the structure the data has,
//! whatever number of themes is asked for. Every number here comes from the
//! data; there is no threshold to set.

use ndarray::{Array1, Array2, Axis};
use rayon::prelude::*;

use crate::error::TopicsError;
use crate::sparse::Csr;
use crate::svd::randomized_svd;

/// Oversampling and power iterations of the randomized SVD of the passages,
/// as the parallel analysis uses (Halko, Martinsson & Tropp 2011, §4.5:
/// `p = 10` and a few power iterations for a slowly decaying spectrum).
const OVERSAMPLE: usize = 10;
const POWER_ITERS: usize = 4;

/// What the specificity of a fit's terms measured.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Specificity {
    /// One weight per column, `ln(c_j / c₀)` clamped at zero.
    pub(crate) weights: Vec<f64>,
    /// How many of the measured passages use each column.
    pub(crate) passages: Vec<f64>,
    /// Dimensions of the space the passages were compared in.
    pub(crate) dimensions: usize,
}

impl Specificity {
    /// Whether each column is general language: its passages are no more
    /// alike than random passages (weight zero).
    #[cfg(test)]
    pub(crate) fn general(&self) -> Vec<bool> {
        self.weights.iter().map(|&w| w <= 0.0).collect()
    }
}

/// The context specificity of every column of `x` (rows: passages, l2
/// normalised TF-IDF; `xt` its transpose), measured in the leading `dims`
/// singular directions. `None` when the rows cannot measure it: fewer than
/// three non-empty rows, no dimension, or no term more specific than chance
/// (then no weighting is better than a matrix of zeros).
pub(crate) fn term_specificity(
    x: &Csr,
    xt: &Csr,
    dims: usize,
    seed: u64,
) -> Result<Option<Specificity>, TopicsError> {
    let dims = dims.min(x.nrows).min(x.ncols);
    if dims == 0 || x.nrows < 3 {
        return Ok(None);
    }
    let svd = randomized_svd(x, xt, dims, OVERSAMPLE, POWER_ITERS, seed)?;
    // Passage coordinates U·S, scaled to unit length: cosines in the space.
    let mut z = svd.u * svd.s.view().insert_axis(Axis(0));
    let mut valid = vec![false; z.nrows()];
    for (mut row, ok) in z.rows_mut().into_iter().zip(valid.iter_mut()) {
        let norm = row.dot(&row).sqrt();
        if norm > 0.0 && norm.is_finite() {
            row.map_inplace(|v| *v /= norm);
            *ok = true;
        } else {
            row.map_inplace(|v| *v = 0.0);
        }
    }
    let n = valid.iter().filter(|&&v| v).count() as f64;
    if n < 3.0 {
        return Ok(None);
    }
    let total = z.sum_axis(Axis(0));
    // c₀: the mean cosine over the distinct pairs of all passages.
    let base = (total.dot(&total) - n) / (n * (n - 1.0));
    if !(base > 0.0 && base.is_finite()) {
        return Ok(None);
    }
    // The variance of one pair's cosine over distinct pairs, from
    // Σ_{a≠b} (z_a·z_b)² = ‖ZᵀZ‖²_F − n (unit rows), and of a passage's
    // mean cosine with the others (the U-statistic's first-order term).
    let gram = z.t().dot(&z);
    let pair_var =
        ((gram.iter().map(|v| v * v).sum::<f64>() - n) / (n * (n - 1.0)) - base * base).max(0.0);
    let mean_dir = &total / n;
    let proj: Array1<f64> = z.dot(&mean_dir);
    let first_var = {
        let m = proj
            .iter()
            .zip(&valid)
            .filter(|(_, &v)| v)
            .map(|(p, _)| p)
            .sum::<f64>()
            / n;
        proj.iter()
            .zip(&valid)
            .filter(|(_, &v)| v)
            .map(|(p, _)| (p - m) * (p - m))
            .sum::<f64>()
            / n
    };
    let (excess, counts) = term_excess(xt, &z, &valid, base);
    // Hoeffding (1948): Var U = 4(k−2)/(k(k−1))·σ₁² + 2/(k(k−1))·σ₂².
    let sampling_var = |k: f64| {
        let pairs = k * (k - 1.0);
        4.0 * (k - 2.0) / pairs * first_var + 2.0 / pairs * pair_var
    };
    // Each term's rarity among these passages, ln(n / n_j): the covariate
    // of the prior, so that a term the passages cannot measure gets the
    // specificity its rarity predicts (idf's proxy, Spärck Jones 1972).
    let rarity = |k: f64| if k > 0.0 { (n / k).ln() } else { 0.0 };
    let measured: Vec<Measured> = excess
        .iter()
        .zip(&counts)
        .filter(|(_, &k)| k >= 2.0)
        .map(|(&e, &k)| Measured {
            excess: e,
            variance: sampling_var(k),
            rarity: rarity(k),
        })
        .collect();
    let prior = FayHerriot::fit(&measured);
    let weights = excess
        .iter()
        .zip(&counts)
        .map(|(&e, &k)| {
            if k < 1.0 {
                return 0.0;
            }
            let q = rarity(k);
            let e = if k >= 2.0 {
                prior.posterior(e, sampling_var(k), q)
            } else {
                prior.mean(q)
            };
            let ratio = 1.0 + e / base;
            if ratio > 1.0 && ratio.is_finite() {
                ratio.ln()
            } else {
                0.0
            }
        })
        .collect::<Vec<f64>>();
    if weights.iter().all(|&w| w <= 0.0) {
        return Ok(None);
    }
    Ok(Some(Specificity {
        weights,
        passages: counts,
        dimensions: dims,
    }))
}

/// Each term's mean pair cosine minus `base`, and how many valid passages
/// use it (rows of `xt` are terms). One term per task, summed in row order:
/// the same bits on any number of threads.
fn term_excess(xt: &Csr, z: &Array2<f64>, valid: &[bool], base: f64) -> (Vec<f64>, Vec<f64>) {
    (0..xt.nrows)
        .into_par_iter()
        .map(|j| {
            let (rows, _) = xt.row(j);
            let mut sum = Array1::<f64>::zeros(z.ncols());
            let mut k = 0.0;
            for &i in rows {
                if valid.get(i).copied().unwrap_or(false) {
                    sum += &z.row(i);
                    k += 1.0;
                }
            }
            if k >= 2.0 {
                ((sum.dot(&sum) - k) / (k * (k - 1.0)) - base, k)
            } else {
                (0.0, k)
            }
        })
        .unzip()
}

/// One term's measured excess similarity, its sampling variance and its
/// rarity.
struct Measured {
    excess: f64,
    variance: f64,
    rarity: f64,
}

/// The Fay–Herriot (1979) model of the terms' excess similarity: estimates
/// `eⱼ ~ N(θⱼ, vⱼ)`, true values `θⱼ ~ N(a + b·qⱼ, τ²)` with `qⱼ` the
/// term's rarity. `a`, `b` by weighted least squares and `τ²` by the method
/// of moments on the residuals (Prasad & Rao 1990), alternated twice from
/// `τ² = 0`.
struct FayHerriot {
    a: f64,
    b: f64,
    tau2: f64,
}

impl FayHerriot {
    fn fit(measured: &[Measured]) -> Self {
        let mut model = FayHerriot {
            a: 0.0,
            b: 0.0,
            tau2: 0.0,
        };
        for _ in 0..2 {
            let (a, b) = weighted_line(measured, model.tau2);
            model.a = a;
            model.b = b;
            let count = measured.len() as f64;
            if count > 2.0 {
                let residual = measured
                    .iter()
                    .map(|m| (m.excess - a - b * m.rarity).powi(2))
                    .sum::<f64>();
                let noise = measured.iter().map(|m| m.variance).sum::<f64>();
                model.tau2 = ((residual - noise) / (count - 2.0)).max(0.0);
            }
        }
        model
    }

    /// The prior mean of a term of rarity `q`.
    fn mean(&self, q: f64) -> f64 {
        self.a + self.b * q
    }

    /// The posterior mean of a term's true excess.
    fn posterior(&self, e: f64, v: f64, q: f64) -> f64 {
        let m = self.mean(q);
        if self.tau2 + v > 0.0 {
            m + (e - m) * self.tau2 / (self.tau2 + v)
        } else {
            m
        }
    }
}

/// The least-squares line of excess on rarity, each term weighted by
/// `1 / (vⱼ + τ²)`; a flat line at the weighted mean when the rarities do
/// not vary.
fn weighted_line(measured: &[Measured], tau2: f64) -> (f64, f64) {
    let (mut sw, mut sx, mut sy) = (0.0, 0.0, 0.0);
    for m in measured {
        let w = 1.0 / (m.variance + tau2).max(f64::MIN_POSITIVE);
        sw += w;
        sx += w * m.rarity;
        sy += w * m.excess;
    }
    if sw <= 0.0 || !sw.is_finite() {
        return (0.0, 0.0);
    }
    let (mx, my) = (sx / sw, sy / sw);
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for m in measured {
        let w = 1.0 / (m.variance + tau2).max(f64::MIN_POSITIVE);
        sxx += w * (m.rarity - mx).powi(2);
        sxy += w * (m.rarity - mx) * (m.excess - my);
    }
    if sxx > 0.0 && sxx.is_finite() {
        let b = sxy / sxx;
        (my - b * mx, b)
    } else {
        (my, 0.0)
    }
}

/// Scales every column of `x` by its weight and every row back to unit l2
/// norm, in place, dropping the entries that become zero (a row of general
/// language only becomes empty).
pub(crate) fn reweigh(x: &mut Csr, weights: &[f64]) {
    let mut kept = 0;
    let mut start = 0;
    for row in 0..x.nrows {
        let end = x.indptr.get(row + 1).copied().unwrap_or(start);
        let row_start = kept;
        for at in start..end {
            let (Some(&j), Some(&v)) = (x.indices.get(at), x.data.get(at)) else {
                continue;
            };
            let value = v * weights.get(j).copied().unwrap_or(1.0);
            if value > 0.0 {
                x.indices[kept] = j;
                x.data[kept] = value;
                kept += 1;
            }
        }
        let norm = x.data[row_start..kept]
            .iter()
            .map(|v| v * v)
            .sum::<f64>()
            .sqrt();
        if norm > 0.0 {
            for v in &mut x.data[row_start..kept] {
                *v /= norm;
            }
        }
        start = end;
        if let Some(p) = x.indptr.get_mut(row + 1) {
            *p = kept;
        }
    }
    x.indices.truncate(kept);
    x.data.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;
    use sprs::TriMat;

    /// Three subjects of 30 terms, 60 passages each drawing 8 of its
    /// subject's terms; 6 filler terms used by passages of every subject
    /// alike (each passage takes two, in turn). Column `90 + f` is filler
    /// `f`.
    fn planted() -> Result<Csr, TopicsError> {
        let (subjects, per_subject, passages, filler) = (3, 30, 60, 6);
        let cols = subjects * per_subject + filler;
        let mut t = TriMat::new((subjects * passages, cols));
        let mut rng = tidings_testkit::rng::SplitMix64::new(11);
        let mut next = move || rng.next_u64();
        for r in 0..subjects * passages {
            let subject = r / passages;
            let mut used = [false; 30];
            let mut drawn = 0;
            while drawn < 8 {
                let c = (next() % per_subject as u64) as usize;
                if !used[c] {
                    used[c] = true;
                    drawn += 1;
                    let weight = 1.0 + (next() % 4) as f64 / 2.0;
                    t.add_triplet(r, subject * per_subject + c, weight);
                }
            }
            for f in [r % filler, (r + 3) % filler] {
                t.add_triplet(r, subjects * per_subject + f, 1.5);
            }
        }
        let m: sprs::CsMat<f64> = t.to_csr();
        let mut x = Csr::from_sprs(m.view())?;
        reweigh(&mut x, &vec![1.0; cols]);
        Ok(x)
    }

    #[test]
    fn a_term_used_across_subjects_is_general_and_subject_terms_are_specific(
    ) -> Result<(), TopicsError> {
        let x = planted()?;
        let s = term_specificity(&x, &x.transpose(), 3, 0)?.ok_or(TopicsError::ZeroThemes(0))?;
        // Every filler term weighs less than a tenth of any subject term,
        // and most are general language outright.
        let least_subject = s.weights[..90]
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        assert!(least_subject > 0.3, "{:?}", &s.weights[..90]);
        for f in 90..96 {
            assert!(
                s.weights[f] < least_subject / 10.0,
                "filler {f}: {:?}",
                &s.weights[88..]
            );
        }
        assert!(s.general()[90..].iter().filter(|&&g| g).count() >= 4);
        Ok(())
    }

    #[test]
    fn weights_do_not_depend_on_the_thread_count() -> Result<(), TopicsError> {
        let x = planted()?;
        let xt = x.transpose();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .map_err(|e| TopicsError::Serialize(e.to_string()))?
            .install(|| term_specificity(&x, &xt, 2, 3))?;
        let many = term_specificity(&x, &xt, 2, 3)?;
        assert_eq!(one, many);
        Ok(())
    }

    #[test]
    fn too_few_rows_measure_nothing() -> Result<(), TopicsError> {
        let m = sprs::CsMat::new((2, 2), vec![0, 1, 2], vec![0, 1], vec![1.0, 1.0]);
        let x = Csr::from_sprs(m.view())?;
        assert_eq!(term_specificity(&x, &x.transpose(), 2, 0)?, None);
        Ok(())
    }

    #[test]
    fn reweighing_scales_columns_renormalises_rows_and_drops_zeros() -> Result<(), TopicsError> {
        let m = sprs::CsMat::new((2, 3), vec![0, 2, 3], vec![0, 1, 2], vec![0.6, 0.8, 1.0]);
        let weights = [2.0, 0.0, 1.0];
        let mut b = Csr::from_sprs(m.view())?;
        reweigh(&mut b, &weights);
        assert_eq!(b.indptr, [0, 1, 2]);
        assert_eq!(b.indices, [0, 2]);
        assert_eq!(b.data, [1.0, 1.0]);
        let a = b.into_sprs()?;
        assert_eq!(a.indptr().raw_storage(), &[0, 1, 2]);
        assert_eq!(a.indices(), &[0, 2]);
        assert_eq!(a.data(), &[1.0, 1.0]);
        Ok(())
    }
}
