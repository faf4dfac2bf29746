//! How many themes the data supports: Horn's parallel analysis on a
//! TF-IDF matrix whose rows are documents or passages (`auto` gives it whole
//! documents, the independent units; see [`crate::PA_DOCUMENTS`]).
//!
//! Horn (1965, "A rationale and test for the number of factors in factor
//! analysis", *Psychometrika* 30) keeps the leading components whose
//! eigenvalues exceed those of data without structure. Buja & Eyuboglu
//! (1992, "Remarks on parallel analysis", *Multivariate Behavioral
//! Research* 27) build that reference by permuting each column of the data
//! independently: every term keeps its exact row frequency and weights
//! (so the sparsity and the corpus-wide mean direction stay), while which
//! terms co-occur in a row becomes chance. A singular value of `X`
//! above the same-ranked singular value of the permuted `X` is structure
//! no shuffle of term frequencies produces: a theme's worth of
//! co-occurrence. The count therefore grows with the amount of text (more
//! rows resolve weaker themes above the noise) and with its diversity
//! (more distinct co-occurrence patterns), and holds no constant tuned to a
//! corpus.
//!
//! Both matrices are centred first (Horn's comparison is of covariance
//! spectra): a column permutation keeps every column's mean, so without
//! centring the mean direction would dominate both spectra and hide the
//! first theme behind it. `g` groups of rows around their common mean
//! span `g − 1` centred directions, so the number of themes is the number
//! of centred dimensions found, plus one; the mean itself is what the
//! pinned background component models.
//!
//! Both spectra come from the same randomized SVD (Halko, Martinsson &
//! Tropp 2011) with the same settings, so its small underestimate of the
//! trailing values affects both alike.

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sprs::CsMatView;

use crate::background::column_mean;
use crate::error::TopicsError;
use crate::sparse::Csr;
use crate::svd::randomized_svd_centred;

/// Extra random directions of the randomized SVD (Halko et al. 2011, §4.2,
/// recommend 5–10).
const OVERSAMPLE: usize = 10;
/// Subspace (power) iterations: Halko et al. (2011, §4.5) advise 1–2 for
/// slowly decaying spectra such as text; a few more keep the trailing
/// values of both spectra accurate where they cross.
const POWER_ITERS: usize = 4;

/// The outcome of parallel analysis ([`parallel_analysis`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParallelAnalysis {
    /// Leading singular values of the centred `X` that exceed those of the
    /// centred, column-permuted `X`.
    pub dimensions: usize,
    /// Singular values of `X`, descending.
    pub observed: Vec<f64>,
    /// Singular values of the column-permuted `X`, descending.
    pub permuted: Vec<f64>,
}

impl ParallelAnalysis {
    /// The number of themes: the structured dimensions plus one (see the
    /// module docs), never more than the values compared.
    pub fn themes(&self) -> usize {
        (self.dimensions + 1).min(self.observed.len().max(1))
    }

    /// Whether every compared value was above the reference: the true
    /// count may be larger than the values compared.
    pub fn saturated(&self) -> bool {
        !self.observed.is_empty() && self.dimensions == self.observed.len()
    }
}

/// Horn's parallel analysis of a TF-IDF matrix (rows are passages or
/// documents, entries non-negative), comparing the top `max_k` singular
/// values of the centred matrix and of its centred column permutation
/// (permuted with `seed`). [`ParallelAnalysis::themes`] is the number of
/// themes the data supports.
///
/// ```
/// use sprs::TriMat;
/// // Three groups of rows, each using its own four terms.
/// let mut t = TriMat::new((30, 12));
/// for r in 0..30 {
///     for c in 0..4 {
///         if (r + c) % 5 != 0 {
///             t.add_triplet(r, (r % 3) * 4 + c, 1.0);
///         }
///     }
/// }
/// let x: sprs::CsMat<f64> = t.to_csr();
/// let pa = tidings_topics::parallel_analysis(x.view(), 10, 0)?;
/// assert_eq!(pa.themes(), 3);
/// # Ok::<(), tidings_topics::TopicsError>(())
/// ```
///
/// # Errors
/// [`TopicsError::InvalidEntry`] for a negative or non-finite entry, and
/// the errors of the randomized SVD.
pub fn parallel_analysis(
    tfidf: CsMatView<'_, f64>,
    max_k: usize,
    seed: u64,
) -> Result<ParallelAnalysis, TopicsError> {
    let x = Csr::from_sprs(tfidf)?;
    let xt = x.transpose();
    parallel_analysis_csr(&x, &xt, max_k, seed, &tidings_cancel::Cancel::never())
}

/// [`parallel_analysis`] of a checked matrix `x` with transpose `xt`.
pub(crate) fn parallel_analysis_csr(
    x: &Csr,
    xt: &Csr,
    max_k: usize,
    seed: u64,
    cancel: &tidings_cancel::Cancel,
) -> Result<ParallelAnalysis, TopicsError> {
    let max_k = max_k.min(x.nrows).min(x.ncols);
    if max_k == 0 {
        return Ok(ParallelAnalysis {
            dimensions: 0,
            observed: Vec::new(),
            permuted: Vec::new(),
        });
    }
    // Permuting a column keeps its mean: one centring serves both.
    let mean = column_mean(x);
    let spectrum = |x: &Csr, xt: &Csr| -> Result<Vec<f64>, TopicsError> {
        let svd = randomized_svd_centred(x, xt, Some(&mean), max_k, OVERSAMPLE, POWER_ITERS, seed)?;
        Ok(svd.s.to_vec())
    };
    let observed = spectrum(x, xt)?;
    cancel.check()?;
    let p = permute_columns(xt, x.nrows, seed);
    let permuted = spectrum(&p, &p.transpose())?;
    cancel.check()?;
    let dimensions = observed
        .iter()
        .zip(&permuted)
        .take_while(|(o, p)| o > p)
        .count();
    Ok(ParallelAnalysis {
        dimensions,
        observed,
        permuted,
    })
}

/// `X` with every column's entries moved to rows drawn uniformly without
/// replacement (Floyd's algorithm), one random stream per column so the
/// result does not depend on the thread count. Built from `xt` (terms ×
/// rows); returns the permuted `X` (rows × terms).
fn permute_columns(xt: &Csr, nrows: usize, seed: u64) -> Csr {
    let rows_of: Vec<Vec<usize>> = (0..xt.nrows)
        .into_par_iter()
        .map(|j| {
            let (rows, _) = xt.row(j);
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(
                seed ^ (j as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            distinct_rows(&mut rng, nrows, rows.len())
        })
        .collect();
    // Counting sort of the (row, column, value) triplets by row; columns
    // come in increasing order within a row because they are visited so.
    let mut indptr = vec![0usize; nrows + 1];
    for rows in &rows_of {
        for &r in rows {
            indptr[r + 1] += 1;
        }
    }
    for i in 0..nrows {
        indptr[i + 1] += indptr[i];
    }
    let nnz = indptr[nrows];
    let mut next = indptr.clone();
    let mut indices = vec![0usize; nnz];
    let mut data = vec![0.0f64; nnz];
    for (j, rows) in rows_of.iter().enumerate() {
        let (_, vals) = xt.row(j);
        for (&r, &v) in rows.iter().zip(vals) {
            let at = next[r];
            indices[at] = j;
            data[at] = v;
            next[r] += 1;
        }
    }
    Csr {
        nrows,
        ncols: xt.nrows,
        indptr,
        indices,
        data,
    }
}

/// `d` distinct integers from `0..n` (Floyd 1987), in draw order.
fn distinct_rows(rng: &mut Xoshiro256PlusPlus, n: usize, d: usize) -> Vec<usize> {
    let d = d.min(n);
    let mut chosen = std::collections::HashSet::with_capacity(d);
    let mut out = Vec::with_capacity(d);
    for top in (n - d)..n {
        let r = (rng.next_u64() % (top as u64 + 1)) as usize;
        let pick = if chosen.insert(r) { r } else { top };
        if pick == top {
            chosen.insert(top);
        }
        out.push(pick);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `blocks` planted themes, each a block of rows using its own terms,
    /// with a little noise so the matrix has full rank.
    fn planted(blocks: usize, rows_per: usize, terms_per: usize) -> Csr {
        let n = blocks * rows_per;
        let m = blocks * terms_per;
        let mut tri = sprs::TriMat::new((n, m));
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        for b in 0..blocks {
            for r in 0..rows_per {
                let row = b * rows_per + r;
                for c in 0..terms_per {
                    if rng.next_u64() % 3 != 0 {
                        tri.add_triplet(row, b * terms_per + c, 1.0);
                    }
                }
                // One stray term from anywhere.
                tri.add_triplet(row, (rng.next_u64() % m as u64) as usize, 0.5);
            }
        }
        let csr: sprs::CsMat<f64> = tri.to_csr();
        Csr::from_sprs(csr.view()).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn counts_the_planted_themes() -> Result<(), TopicsError> {
        for blocks in [2, 5, 8] {
            let x = planted(blocks, 40, 12);
            let pa =
                parallel_analysis_csr(&x, &x.transpose(), 20, 7, &tidings_cancel::Cancel::never())?;
            assert_eq!(pa.dimensions, blocks - 1, "{pa:?}");
            assert_eq!(pa.themes(), blocks);
        }
        Ok(())
    }

    #[test]
    fn the_permutation_keeps_every_column_and_is_repeatable() {
        let x = planted(3, 10, 5);
        let xt = x.transpose();
        let p = permute_columns(&xt, x.nrows, 11);
        let pt = p.transpose();
        for j in 0..x.ncols {
            let mut a = xt.row(j).1.to_vec();
            let mut b = pt.row(j).1.to_vec();
            a.sort_by(f64::total_cmp);
            b.sort_by(f64::total_cmp);
            assert_eq!(a, b, "column {j}");
        }
        let again = permute_columns(&xt, x.nrows, 11);
        assert_eq!(p.indices, again.indices);
        assert_eq!(p.indptr, again.indptr);
    }

    #[test]
    fn floyd_draws_distinct_rows() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let mut d = distinct_rows(&mut rng, 10, 10);
        d.sort_unstable();
        assert_eq!(d, (0..10).collect::<Vec<_>>());
        let d = distinct_rows(&mut rng, 1000, 50);
        let set: std::collections::HashSet<_> = d.iter().collect();
        assert_eq!(set.len(), 50);
    }
}
