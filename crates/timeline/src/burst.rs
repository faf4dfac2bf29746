//! Kleinberg's two-state burst model for batched (per-period) counts.
//!
//! Kleinberg, "Bursty and Hierarchical Structure in Streams" (KDD 2002),
//! section on enumerating relevant documents in batches. In period `t` the
//! theme has `r_t` relevant items out of `d_t`. The base state emits relevant
//! items at the corpus-wide rate `p0 = Σr / Σd`, the burst state at
//! `p1 = min(s · p0, 1 − 1e−9)`. The cost of state `i` in period `t` is the
//! binomial negative log-likelihood
//! `−ln[C(d_t, r_t) p_i^{r_t} (1 − p_i)^{d_t − r_t}]`; moving up from the base
//! state to the burst state costs `gamma · ln n` (n periods), moving down is
//! free. The Viterbi algorithm finds the cheapest state sequence; each
//! maximal run of burst states is a burst, weighted by the cost it saves:
//! `Σ_t (cost_0(t) − cost_1(t))` over its periods (the binomial coefficient
//! cancels in the difference). Empty periods (`d_t = 0`) cost nothing in
//! either state.

use serde::{Deserialize, Serialize};

/// A run of periods in the burst state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Burst {
    /// Label of the first period of the burst.
    pub start: String,
    /// Label of the last period of the burst (inclusive).
    pub end: String,
    /// Index of the first period in `timeline.periods`.
    pub start_index: usize,
    /// Index of the last period in `timeline.periods` (inclusive).
    pub end_index: usize,
    /// Kleinberg's weight: the total cost saved by the burst state over the
    /// base state across the burst's periods (larger = stronger burst).
    pub weight: f64,
}

/// A burst as inclusive period indices plus its weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurstSpan {
    /// Index of the first period.
    pub start: usize,
    /// Index of the last period (inclusive).
    pub end: usize,
    /// Cost saved by the burst state.
    pub weight: f64,
}

/// Negative log-likelihood without the binomial coefficient.
fn cost(r: f64, d: f64, p: f64) -> f64 {
    if d <= 0.0 {
        return 0.0;
    }
    let miss = (d - r).max(0.0);
    let mut c = 0.0;
    if r > 0.0 {
        c -= r * p.ln();
    }
    if miss > 0.0 {
        c -= miss * (1.0 - p).ln();
    }
    c
}

/// Kleinberg's two-state batched burst detection on `relevant[t]` out of
/// `total[t]` per period (`relevant[t] ≤ total[t]`, non-negative, may be
/// fractional). `s > 1` and `gamma > 0` are the model's parameters.
/// Returns the bursts in period order; none when the series has no relevant
/// items or every item is relevant.
pub fn kleinberg_bursts(relevant: &[f64], total: &[f64], s: f64, gamma: f64) -> Vec<BurstSpan> {
    let n = relevant.len().min(total.len());
    let sum_r: f64 = relevant.iter().take(n).map(|r| r.max(0.0)).sum();
    let sum_d: f64 = total.iter().take(n).map(|d| d.max(0.0)).sum();
    if n == 0 || sum_d <= 0.0 || sum_r <= 0.0 || sum_r >= sum_d {
        return Vec::new();
    }
    let p0 = sum_r / sum_d;
    let p1 = (s * p0).min(1.0 - 1e-9);
    if p1 <= p0 {
        return Vec::new();
    }
    let up = gamma * (n as f64).ln();
    let costs: Vec<(f64, f64)> = relevant
        .iter()
        .zip(total)
        .map(|(&r, &d)| {
            let d = d.max(0.0);
            let r = r.clamp(0.0, d);
            (cost(r, d, p0), cost(r, d, p1))
        })
        .collect();

    // Viterbi over two states, starting in the base state.
    // back[t][j] = state at t-1 on the best path ending in state j at t.
    let mut best = [0.0, f64::INFINITY];
    let mut back: Vec<[u8; 2]> = Vec::with_capacity(n);
    for &(c0, c1) in &costs {
        let (from0_to0, from1_to0) = (best[0], best[1]);
        let (from0_to1, from1_to1) = (best[0] + up, best[1]);
        let (b0, p0_state) = if from1_to0 < from0_to0 {
            (from1_to0, 1)
        } else {
            (from0_to0, 0)
        };
        let (b1, p1_state) = if from1_to1 < from0_to1 {
            (from1_to1, 1)
        } else {
            (from0_to1, 0)
        };
        best = [b0 + c0, b1 + c1];
        back.push([p0_state, p1_state]);
    }
    let mut states = vec![0u8; n];
    let mut state = u8::from(best[1] < best[0]);
    for t in (0..n).rev() {
        if let Some(slot) = states.get_mut(t) {
            *slot = state;
        }
        state = back.get(t).map_or(0, |b| b[usize::from(state)]);
    }

    let mut bursts = Vec::new();
    let mut t = 0;
    while t < n {
        if states.get(t) == Some(&1) {
            let start = t;
            let mut weight = 0.0;
            while states.get(t) == Some(&1) {
                if let Some((c0, c1)) = costs.get(t) {
                    weight += c0 - c1;
                }
                t += 1;
            }
            bursts.push(BurstSpan {
                start,
                end: t - 1,
                weight,
            });
        } else {
            t += 1;
        }
    }
    bursts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_series_has_no_burst() {
        let r = [5.0; 20];
        let d = [50.0; 20];
        assert!(kleinberg_bursts(&r, &d, 2.0, 1.0).is_empty());
    }

    #[test]
    fn planted_burst_is_found() {
        let mut r = [3.0; 30];
        let d = [60.0; 30];
        for x in r.iter_mut().take(18).skip(12) {
            *x = 20.0;
        }
        let bursts = kleinberg_bursts(&r, &d, 2.0, 1.0);
        assert_eq!(bursts.len(), 1);
        assert_eq!((bursts[0].start, bursts[0].end), (12, 17));
        assert!(bursts[0].weight > 0.0);
    }
}
