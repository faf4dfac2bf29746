//! Theme prevalence within a group of documents: length-weighted shares,
//! dominant-document counts and percentile bootstrap intervals.

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
    /// Lower bound of the percentile bootstrap interval; `null` when the
    /// group has fewer than 2 documents with theme weight: every resample
    /// of one document is that document, so its interval would have zero
    /// width and claim a certainty one document cannot give.
    pub ci_low: Option<f64>,
    /// Upper bound of the percentile bootstrap interval; `null` as `ci_low`.
    pub ci_high: Option<f64>,
    /// Number of documents this theme dominates (largest weight; ties go to
    /// the lowest theme index; documents with all-zero weights count for no
    /// theme).
    pub documents: usize,
}

/// Per-document contributions, precomputed once: `mass[d·k + t]` is
/// `length_d · weight_dt / Σ_t weight_dt`, `total[d]` is `length_d` when the
/// document has any weight (else 0), `dominant[d]` its dominant theme.
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

/// Shares, dominant counts and bootstrap intervals of the documents `docs`.
///
/// The bootstrap draws `docs.len()` documents with replacement, `samples`
/// times, recomputes the shares each time and reports the
/// `(1 − confidence)/2` and `(1 + confidence)/2` percentiles.
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
    let weighted = docs
        .iter()
        .filter(|&&d| contributions.total.get(d).is_some_and(|&t| t > 0.0))
        .count();
    if weighted < 2 {
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

    // resampled[t * samples + b] = share of theme t in resample b.
    let mut resampled = vec![0.0; k * samples];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let n = docs.len() as u64;
    let draw = |rng: &mut Xoshiro256PlusPlus| {
        // Lemire's multiply-shift maps a 64-bit draw onto 0..n.
        let i = ((u128::from(rng.next_u64()) * u128::from(n)) >> 64) as usize;
        docs.get(i).copied().unwrap_or(0)
    };
    for b in 0..samples {
        let picks = (0..docs.len()).map(|_| draw(&mut rng));
        let t_total = contributions.accumulate(picks, &mut acc);
        for (t, a) in acc.iter().enumerate() {
            if let Some(slot) = resampled.get_mut(t * samples + b) {
                *slot = if t_total > 0.0 { a / t_total } else { 0.0 };
            }
        }
    }
    let low_q = (1.0 - confidence) / 2.0;
    let high_q = 1.0 - low_q;
    resampled
        .chunks_mut(samples)
        .zip(shares.iter().zip(&dominated))
        .map(|(values, (&share, &documents))| {
            values.sort_by(f64::total_cmp);
            ThemeShare {
                share,
                ci_low: Some(quantile(values, low_q)),
                ci_high: Some(quantile(values, high_q)),
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
