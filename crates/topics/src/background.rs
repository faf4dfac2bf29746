//! General language as an explicit background component.
//!
//! Topic models that give every word to some topic make a theme of the
//! words every text uses ("like", "going", "think", "years", "world"). The
//! remedy in the literature is a background distribution shared by all
//! documents, with topics as deviations from it: Chemudugunta, Smyth &
//! Steyvers (2006, "Modeling general and specific aspects of documents with
//! a probabilistic topic model", NIPS) add a background topic to LDA;
//! Eisenstein, Ahmed & Xing (2011, "Sparse additive generative models of
//! text", ICML) model topics as sparse deviations from the corpus-wide
//! log-frequency.
//!
//! Here the NMF gets one extra component, the background: the corpus-wide
//! mean TF-IDF row (the corpus-wide distribution of language), pinned, with
//! a non-negative weight in every passage fitted with the themes. It is
//! never reported as a theme: its share of the passage weights is the
//! "general language" share, and the terms whose reconstructed mass is
//! mostly background are the general-language terms, kept out of theme
//! labels and top terms. Which terms those are follows from the fit: no
//! word list is involved.
//!
//! Measured limits (`tests/structure.rs`, BENCHMARKS.md "General
//! language"): fitted, the pinned mean takes almost nothing where themes
//! can fit the passages (0.7 % of the Brown corpus at 15 themes, 0.04 % of
//! the whole UN corpus, no general-language term on either, nor the
//! planted filler of the structure test): a dense fixed profile costs
//! error on every term a passage lacks. On the five seed-news articles,
//! all about one subject, it takes 53 % and the subject's words. Pinning
//! the leading singular vector instead behaves alike (1 % of Brown, 69 % of
//! seed-news). Making the background take general language without taking
//! a corpus's one subject is open (issue 13, point 2). (Measurements before
//! session 20 were of an unfitted start: the factors were column-major and
//! HALS skipped them.)

use ndarray::{Array1, Array2, ArrayView1, Axis};

use crate::sparse::Csr;

/// The mean of every column of `x` (all zeros without rows).
pub(crate) fn column_mean(x: &Csr) -> Array1<f64> {
    let mut sums = Array1::<f64>::zeros(x.ncols);
    for (&j, &v) in x.indices.iter().zip(&x.data) {
        if let Some(s) = sums.get_mut(j) {
            *s += v;
        }
    }
    if x.nrows > 0 {
        sums /= x.nrows as f64;
    }
    sums
}

/// The corpus-wide mean of the rows of `x`, scaled to unit l2 norm (the
/// scale of a theme component). All zeros for an empty matrix.
pub(crate) fn mean_profile(x: &Csr) -> Array1<f64> {
    let mut mean = column_mean(x);
    let norm = mean.dot(&mean).sqrt();
    if norm > 0.0 {
        mean /= norm;
    }
    mean
}

/// Which terms are general language: those whose reconstructed mass over
/// all rows comes mostly from the background, `(Σᵢ bᵢ)·β_j > Σₜ (Σᵢ Wᵢₜ)·Hₜⱼ`,
/// where `b` (the background's weight in every row) and `β` (its profile)
/// are the background component and `W`, `H` the themes'.
pub(crate) fn general_terms(
    background_weights: ArrayView1<'_, f64>,
    background: ArrayView1<'_, f64>,
    w: &Array2<f64>,
    h: &Array2<f64>,
) -> Vec<bool> {
    let b_total: f64 = background_weights.sum();
    let theme_totals = w.sum_axis(Axis(0));
    let theme_mass = theme_totals.dot(h);
    background
        .iter()
        .zip(theme_mass.iter())
        .map(|(&beta, &theme)| b_total * beta > theme && beta > 0.0)
        .collect()
}

/// The general-language terms, strongest background weight first: the
/// indices of `general` sorted by the background profile.
pub(crate) fn ranked_general_terms(
    background: ArrayView1<'_, f64>,
    general: &[bool],
) -> Vec<usize> {
    let mut idx: Vec<usize> = general
        .iter()
        .enumerate()
        .filter(|(_, &g)| g)
        .map(|(j, _)| j)
        .collect();
    idx.sort_by(|&a, &b| background[b].total_cmp(&background[a]).then(a.cmp(&b)));
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_mean_averages_every_row() -> Result<(), crate::TopicsError> {
        let m = sprs::CsMat::new((2, 3), vec![0, 2, 3], vec![0, 1, 0], vec![3.0, 4.0, 1.0]);
        let x = Csr::from_sprs(m.view())?;
        assert_eq!(column_mean(&x).to_vec(), [2.0, 2.0, 0.0]);
        Ok(())
    }

    #[test]
    fn terms_mostly_reconstructed_by_the_background_are_general() {
        // Two rows, one theme on term 0; the background carries terms 1 and 2.
        let b = Array1::from(vec![1.0, 1.0]);
        let beta = Array1::from(vec![0.1, 0.7, 0.7]);
        let w = Array2::from_shape_vec((2, 1), vec![1.0, 1.0]).unwrap_or_default();
        let h = Array2::from_shape_vec((1, 3), vec![1.0, 0.2, 0.0]).unwrap_or_default();
        let g = general_terms(b.view(), beta.view(), &w, &h);
        assert_eq!(g, [false, true, true]);
        assert_eq!(ranked_general_terms(beta.view(), &g), [1, 2]);
    }
}
