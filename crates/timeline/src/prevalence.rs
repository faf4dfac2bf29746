//! Theme prevalence within a group of documents: length-weighted shares,
//! dominant-document counts and Bayesian-bootstrap intervals with a
//! Jeffreys prior (see `group_shares`).

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// Prevalence of one theme in one period (or bucket).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ThemeShare {
    /// Length-weighted mean of the (per-document normalised) theme weight over
    /// the documents that carry any theme weight; `null` when there are none
    /// (an empty period has no share, which is not a share of 0).
    pub share: Option<f64>,
    /// Lower bound of the share's interval (default 90%): a Bayesian
    /// bootstrap with a Jeffreys prior, honest with few documents (one
    /// document gives a wide interval, not a zero-width one); see the crate
    /// documentation. Always contains `share`. `null` when `share` is.
    pub ci_low: Option<f64>,
    /// Upper bound of the share's interval; `null` as `ci_low`.
    pub ci_high: Option<f64>,
    /// Number of documents this theme dominates (largest weight; ties go to
    /// the lowest theme index; documents with all-zero weights count for no
    /// theme).
    pub documents: usize,
}

/// Per-document contributions, precomputed once: `mass[d·k + t]` is
/// `length_d · weight_dt / Σ_t weight_dt` for the `k` reported themes (the
/// sum runs over all themes), `total[d]` is `length_d` when the document
/// has any weight (else 0), `dominant[d]` its dominant theme among all
/// themes (one at or past `k` counts for no reported theme).
pub(crate) struct Contributions {
    pub(crate) themes: usize,
    pub(crate) mass: Vec<f64>,
    pub(crate) total: Vec<f64>,
    pub(crate) dominant: Vec<Option<usize>>,
}

impl Contributions {
    fn row(&self, doc: usize) -> &[f64] {
        let k = self.themes;
        self.mass.get(doc * k..doc * k + k).unwrap_or(&[])
    }

    /// Sum the contributions of `docs` into `acc` (length k); returns the
    /// summed total.
    fn accumulate(&self, docs: impl Iterator<Item = usize>, acc: &mut [f64]) -> f64 {
        acc.iter_mut().for_each(|a| *a = 0.0);
        let mut total = 0.0;
        for d in docs {
            for (a, m) in acc.iter_mut().zip(self.row(d)) {
                *a += m;
            }
            total += self.total.get(d).copied().unwrap_or(0.0);
        }
        total
    }
}

/// Derive the bootstrap RNG seed of group `index` from the user seed, so each
/// group's resamples are independent of how groups are scheduled on threads.
pub(crate) fn group_seed(seed: u64, index: u64) -> u64 {
    // SplitMix64 finaliser of seed + golden-ratio multiple of the index.
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(index.wrapping_add(1)));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Linear-interpolation quantile (type 7) of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let a = sorted.get(lo).copied().unwrap_or(0.0);
    let b = sorted.get(hi).copied().unwrap_or(a);
    a + (b - a) * (pos - lo as f64)
}

/// A uniform draw in (0, 1]: never 0, so its logarithm is finite.
fn unit_open_zero(rng: &mut Xoshiro256PlusPlus) -> f64 {
    ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
}

/// A Gamma(1) (standard exponential) draw, `−ln U`.
fn gamma_one(rng: &mut Xoshiro256PlusPlus) -> f64 {
    -unit_open_zero(rng).ln()
}

/// A Gamma(1/2) draw: `Z²/2` for a standard normal `Z`, written through the
/// Box–Muller transform as `E · cos²(2πV)` with `E` exponential and `V`
/// uniform.
fn gamma_half(rng: &mut Xoshiro256PlusPlus) -> f64 {
    let e = gamma_one(rng);
    let c = (std::f64::consts::TAU * unit_open_zero(rng)).cos();
    e * c * c
}

/// Shares, dominant counts and intervals of the documents `docs`.
///
/// **The interval** is the equal-tailed `confidence` posterior interval of
/// each theme's share under a Dirichlet-process model of the period's
/// documents (Ferguson, *Ann. Statist.* 1:209–230, 1973), drawn by the
/// Bayesian bootstrap (Rubin, *Ann. Statist.* 9:130–134, 1981) with a
/// Jeffreys prior. The `n` documents with theme weight get Dirichlet(1, …, 1)
/// weights `g_d`, together with two pseudo-documents of the group's mean
/// length `L̄`, one wholly in the theme and one wholly outside it, of prior
/// weight ½ each (`g₁`, `g₀`). One posterior draw of theme `t`'s share is
///
/// ```text
/// (Σ_d g_d · len_d · ŵ_dt + g₁ · L̄) / (Σ_d g_d · len_d + (g₀ + g₁) · L̄)
/// ```
///
/// drawn `samples` times, with Dirichlet weights as normalised Gamma(1) and
/// Gamma(½) variates (the ratio needs no normalising). Why this method:
///
/// * With documents wholly in or out of the theme and of equal length, the
///   draws are exactly Beta(x + ½, n − x + ½) for `x` documents in the
///   theme: the Jeffreys interval for a binomial proportion, which Brown,
///   Cai & DasGupta (*Statist. Sci.* 16:101–133, 2001) recommend for small
///   `n`. One document gives a wide interval, neither a zero-width one nor
///   none; three give a narrower one.
/// * With many documents the pseudo-documents weigh nothing and the draws
///   are the Bayesian bootstrap's, asymptotically those of the ordinary
///   bootstrap: the interval follows the documents' actual spread (mixed
///   documents vary less than all-or-nothing ones) and their lengths (a
///   few long documents count for less than many of the same total).
///
/// The interval is then widened, where needed, to contain the share itself;
/// at `x = 0` or `x = n` this is Brown, Cai & DasGupta's modification of
/// the Jeffreys interval (lower bound 0, upper bound 1). The interval is
/// marginal, theme by theme. A group without documents with theme weight
/// has neither share nor interval.
pub(crate) fn group_shares(
    contributions: &Contributions,
    docs: &[usize],
    samples: usize,
    confidence: f64,
    seed: u64,
) -> Vec<ThemeShare> {
    let k = contributions.themes;
    let mut acc = vec![0.0; k];
    let total = contributions.accumulate(docs.iter().copied(), &mut acc);
    let mut dominated = vec![0usize; k];
    for &d in docs {
        if let Some(Some(t)) = contributions.dominant.get(d) {
            if let Some(c) = dominated.get_mut(*t) {
                *c += 1;
            }
        }
    }
    let shares: Vec<Option<f64>> = acc
        .iter()
        .map(|&a| (total > 0.0).then(|| a / total))
        .collect();
    // Documents with theme weight and a positive length: the only ones
    // that count in a share.
    let weighted: Vec<(usize, f64)> = docs
        .iter()
        .filter_map(|&d| {
            let t = contributions.total.get(d).copied()?;
            (t > 0.0).then_some((d, t))
        })
        .collect();
    if weighted.is_empty() {
        return shares
            .iter()
            .zip(&dominated)
            .map(|(&share, &documents)| ThemeShare {
                share,
                ci_low: None,
                ci_high: None,
                documents,
            })
            .collect();
    }
    let mean_length = total / weighted.len() as f64;

    // draws[t * samples + b] = share of theme t in posterior draw b.
    let mut draws = vec![0.0; k * samples];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    for b in 0..samples {
        acc.iter_mut().for_each(|a| *a = 0.0);
        let mut denominator = 0.0;
        for &(d, length) in &weighted {
            let g = gamma_one(&mut rng);
            for (a, m) in acc.iter_mut().zip(contributions.row(d)) {
                *a += g * m;
            }
            denominator += g * length;
        }
        let (outside, inside) = (gamma_half(&mut rng), gamma_half(&mut rng));
        denominator += (outside + inside) * mean_length;
        for (t, a) in acc.iter().enumerate() {
            if let Some(slot) = draws.get_mut(t * samples + b) {
                *slot = if denominator > 0.0 {
                    (a + inside * mean_length) / denominator
                } else {
                    // Every Gamma draw was exactly 0 (probability ~0): the
                    // share itself.
                    shares.get(t).copied().flatten().unwrap_or(0.0)
                };
            }
        }
    }
    let low_q = (1.0 - confidence) / 2.0;
    let high_q = 1.0 - low_q;
    draws
        .chunks_mut(samples)
        .zip(shares.iter().zip(&dominated))
        .map(|(values, (&share, &documents))| {
            values.sort_by(f64::total_cmp);
            let (lo, hi) = (quantile(values, low_q), quantile(values, high_q));
            let s = share.unwrap_or(lo);
            ThemeShare {
                share,
                ci_low: Some(lo.min(s)),
                ci_high: Some(hi.max(s)),
                documents,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_interpolates() {
        assert_eq!(quantile(&[0.0, 1.0, 2.0, 3.0], 0.5), 1.5);
        assert_eq!(quantile(&[5.0], 0.05), 5.0);
    }

    #[test]
    fn group_seeds_differ() {
        assert_ne!(group_seed(0, 0), group_seed(0, 1));
        assert_ne!(group_seed(0, 0), group_seed(1, 0));
    }
}
