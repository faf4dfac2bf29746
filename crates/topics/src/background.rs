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
//! The background here is learned from the fit: a fitted theme that is
//! general language rather than a subject ([`general_themes`]: in most
//! passages, mostly beside other themes) becomes a background component
//! instead of a listed theme. Its share of the passage weights is the
//! "general language" share, and the terms whose reconstructed mass is
//! mostly background are the general-language terms, kept out of theme
//! labels and top terms. This is on by default
//! ([`crate::ThemesParams::general_themes`]).
//!
//! A pinned background is also available
//! ([`crate::NmfParams::background`], off by default): the NMF gets one
//! extra component, the corpus-wide
//! mean TF-IDF row (the corpus-wide distribution of language), pinned, with
//! a non-negative weight in every passage fitted with the themes, and
//! counted in the background with any themes found general. Which terms are
//! general follows from the fit: no word list is involved.
//!
//! Measured limits of the pinned mean (`tests/structure.rs`, BENCHMARKS.md "General
//! language"): fitted, the pinned mean takes almost nothing where themes
//! can fit the passages (0.7 % of the Brown corpus at 15 themes, 0.04 % of
//! the whole UN corpus, no general-language term on either, nor the
//! planted filler of the structure test): a dense fixed profile costs
//! error on every term a passage lacks. On the five seed-news articles,
//! all about one subject, it takes 53 % and the subject's words. Pinning
//! the leading singular vector instead behaves alike (1 % of Brown, 69 % of
//! seed-news). That is why the learned background is the default.
//! (Measurements before
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

/// General language in a fit: the background components and the weight of
/// each in every row. The pinned corpus-wide mean is one such component;
/// the themes [`general_themes`] finds are the others.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Background {
    /// The weight of every component in every row, `rows × g`.
    pub(crate) weights: Array2<f64>,
    /// The components, `g × features`.
    pub(crate) components: Array2<f64>,
}

impl Background {
    /// Every row's general-language weight: its components' weights summed.
    pub(crate) fn total(&self) -> Array1<f64> {
        self.weights.sum_axis(Axis(1))
    }

    /// Every feature's mass in the reconstruction of all rows by the
    /// background: `Σ_g (Σᵢ bᵢ_g)·β_gj`.
    pub(crate) fn mass(&self) -> Array1<f64> {
        self.weights.sum_axis(Axis(0)).dot(&self.components)
    }
}

/// Which terms are general language: those whose reconstructed mass over
/// all rows comes mostly from the background, `Σ_g (Σᵢ bᵢ_g)·β_gj >
/// Σₜ (Σᵢ Wᵢₜ)·Hₜⱼ`, where `b` and `β` are the background's weights and
/// components (`background_mass`, see [`Background::mass`]) and `W`, `H`
/// the themes'.
pub(crate) fn general_terms(
    background_mass: ArrayView1<'_, f64>,
    w: &Array2<f64>,
    h: &Array2<f64>,
) -> Vec<bool> {
    let theme_mass = w.sum_axis(Axis(0)).dot(h);
    background_mass
        .iter()
        .zip(theme_mass.iter())
        .map(|(&general, &theme)| general > theme && general > 0.0)
        .collect()
}

/// The one-sided 5 % point of the standard normal distribution: the
/// conventional level at which "more than half" is told from a half by
/// sampling noise.
const Z_95: f64 = 1.644_853_626_951_472_2;

/// Which of the fitted themes (the columns of `w`, rows × themes; the first
/// `seeded` are seeded and never judged) are general language rather than
/// subjects: a theme present in most rows (a non-zero weight in more than
/// half of them, beyond sampling noise: a one-sided binomial test against a
/// half at the 5 % level, by the normal approximation) that carries most of
/// its weight in rows where another theme weighs more.
///
/// The first half is the document-frequency rule of term weighting applied
/// to themes: a term in more than half of the documents tells them apart
/// too little to be kept (the `max_df = 0.5` the vectorizer applies, after
/// Luhn 1958), and a theme in more than half of the passages tells them
/// apart as little. AlSumait et al. (2009, "Topic significance ranking of
/// LDA generative models", ECML PKDD) rank a topic as junk by how evenly it
/// spreads over the documents, its distance from the "D-background". The
/// second half keeps a subject that most rows touch because it is the
/// corpus's main one: its weight lies mostly where it leads. Both halves are
/// majorities (the test only keeps a theme in barely more than half of a
/// few hundred passages from being judged on noise); nothing is fitted. The
/// whole conversational theme of a forum
/// ("one, people, time, think": 79 % of the posts, 35 % of its weight where
/// it leads) and of the UN debates ("think, certain, say") are caught; no
/// subject theme of BBC News or Reuters is (BENCHMARKS.md, "General
/// themes").
///
/// At least one theme is always left: when every discovered theme would be
/// judged general, none is.
pub(crate) fn general_themes(w: &Array2<f64>, seeded: usize) -> Vec<bool> {
    let (n, k) = w.dim();
    let mut general = vec![false; k];
    if n == 0 || k < 2 {
        return general;
    }
    let mut present = vec![0usize; k];
    let mut leading = vec![0.0f64; k];
    let mut total = vec![0.0f64; k];
    for row in w.rows() {
        // The row's leading theme: the largest weight, the first of equals.
        let mut lead: Option<usize> = None;
        for (t, &v) in row.iter().enumerate() {
            if v > 0.0 {
                present[t] += 1;
                total[t] += v;
                if lead.is_none_or(|l| v > row[l]) {
                    lead = Some(t);
                }
            }
        }
        if let Some(l) = lead {
            leading[l] += row[l];
        }
    }
    // Present in more rows than n/2 + z·√n/2, the half plus z standard
    // errors of a count of n fair coin flips.
    let most = n as f64 / 2.0 + Z_95 * (n as f64).sqrt() / 2.0;
    for t in seeded.min(k)..k {
        general[t] = present[t] as f64 > most && 2.0 * leading[t] < total[t];
    }
    if general.iter().all(|&g| g) {
        general = vec![false; k];
    }
    general
}

/// The general-language terms, strongest first: the indices of `general`
/// sorted by `score` (the background's mass, or its profile).
pub(crate) fn ranked_general_terms(score: ArrayView1<'_, f64>, general: &[bool]) -> Vec<usize> {
    let mut idx: Vec<usize> = general
        .iter()
        .enumerate()
        .filter(|(_, &g)| g)
        .map(|(j, _)| j)
        .collect();
    idx.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
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
        let background = Background {
            weights: Array2::from_elem((2, 1), 1.0),
            components: Array2::from_shape_vec((1, 3), vec![0.1, 0.7, 0.7]).unwrap_or_default(),
        };
        let w = Array2::from_shape_vec((2, 1), vec![1.0, 1.0]).unwrap_or_default();
        let h = Array2::from_shape_vec((1, 3), vec![1.0, 0.2, 0.0]).unwrap_or_default();
        let g = general_terms(background.mass().view(), &w, &h);
        assert_eq!(g, [false, true, true]);
        assert_eq!(ranked_general_terms(background.mass().view(), &g), [1, 2]);
    }

    #[test]
    fn a_theme_in_most_rows_that_mostly_follows_others_is_general() {
        // Themes 0 and 1 lead their own rows; theme 2 is in all six rows,
        // always second; theme 3 is in four rows but leads them.
        let w = ndarray::array![
            [0.9, 0.0, 0.2, 0.0],
            [0.8, 0.0, 0.1, 0.0],
            [0.0, 0.7, 0.2, 0.0],
            [0.0, 0.6, 0.3, 0.1],
            [0.1, 0.0, 0.2, 0.9],
            [0.0, 0.1, 0.2, 0.8],
        ];
        assert_eq!(general_themes(&w, 0), [false, false, true, false]);
        // A seeded theme is never judged.
        assert_eq!(general_themes(&w, 3), [false; 4]);
        // A subject most rows touch but which leads them is kept.
        let main = ndarray::array![[0.9, 0.1], [0.8, 0.0], [0.7, 0.2], [0.1, 0.6]];
        assert_eq!(general_themes(&main, 0), [false, false]);
        // Present in exactly half the rows is not most of them.
        let half = ndarray::array![[0.9, 0.1], [0.8, 0.2], [0.7, 0.0], [0.6, 0.0]];
        assert_eq!(general_themes(&half, 0), [false, false]);
    }

    #[test]
    fn barely_more_than_half_is_not_most_rows() {
        // 100 rows led by theme 0; theme 1 is second wherever it is. In 52
        // rows it is within noise of a half (the bar is 50 + 1.645·10/2 ≈
        // 58.2); in 60 it is in most rows.
        let rows = |present: usize| {
            let mut w = Array2::<f64>::zeros((100, 2));
            for i in 0..100 {
                w[[i, 0]] = 1.0;
                if i < present {
                    w[[i, 1]] = 0.5;
                }
            }
            w
        };
        assert_eq!(general_themes(&rows(52), 0), [false, false]);
        assert_eq!(general_themes(&rows(58), 0), [false, false]);
        assert_eq!(general_themes(&rows(59), 0), [false, true]);
    }

    #[test]
    fn at_least_one_theme_is_left() {
        // Three themes everywhere, none leading most of its weight: judged
        // alone each would be general, but the fit keeps them all.
        let w = ndarray::array![[0.4, 0.3, 0.3], [0.3, 0.4, 0.3], [0.3, 0.3, 0.4]];
        assert_eq!(general_themes(&w, 0), [false; 3]);
    }
}
