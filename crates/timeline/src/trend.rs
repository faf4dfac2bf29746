//! Trend of a theme's share over periods: least-squares slope per year and
//! the Mann–Kendall test (tie-corrected, normal approximation).

use serde::{Deserialize, Serialize};

/// Direction of a theme's trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Mann–Kendall p-value below alpha and S > 0.
    Rising,
    /// Mann–Kendall p-value below alpha and S < 0.
    Fading,
    /// No significant monotonic trend (or fewer than 3 non-empty periods).
    Steady,
}

impl Direction {
    /// `rising`, `fading` or `steady`, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Rising => "rising",
            Direction::Fading => "fading",
            Direction::Steady => "steady",
        }
    }
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Trend of one theme's share over the non-empty periods.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// Rising, fading or steady at the configured alpha.
    pub direction: Direction,
    /// Ordinary least-squares slope of the share against the period
    /// mid-points in years (share units per year). `null` with fewer than 2
    /// non-empty periods.
    pub slope_per_year: Option<f64>,
    /// Two-sided Mann–Kendall p-value. `null` with fewer than 3 non-empty
    /// periods.
    pub p_value: Option<f64>,
    /// The Mann–Kendall statistic S = Σ_{i<j} sign(x_j − x_i).
    pub mann_kendall_s: i64,
    /// The continuity-corrected standard score of S.
    pub z: Option<f64>,
}

/// Result of the Mann–Kendall test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MannKendall {
    /// S = Σ_{i<j} sign(x_j − x_i).
    pub s: i64,
    /// Variance of S under H0 with the tie correction
    /// `(n(n−1)(2n+5) − Σ t(t−1)(2t+5)) / 18`.
    pub variance: f64,
    /// Continuity-corrected z: `(S − 1)/σ` if S > 0, `(S + 1)/σ` if S < 0,
    /// else 0.
    pub z: f64,
    /// Two-sided p-value `2 (1 − Φ(|z|))`.
    pub p_value: f64,
}

/// The Mann–Kendall trend test of a series in time order, with tie
/// correction and the normal approximation (as in `pymannkendall.original_test`).
/// Returns `None` for fewer than 3 values. NaNs are treated as equal to each
/// other and greater than every number.
pub fn mann_kendall(values: &[f64]) -> Option<MannKendall> {
    let n = values.len();
    if n < 3 {
        return None;
    }
    let mut s: i64 = 0;
    for (i, a) in values.iter().enumerate() {
        for b in values.iter().skip(i + 1) {
            s += match b.total_cmp(a) {
                std::cmp::Ordering::Greater => 1,
                std::cmp::Ordering::Less => -1,
                std::cmp::Ordering::Equal => 0,
            };
        }
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut tie_term = 0.0;
    let mut run = 1usize;
    for i in 1..=sorted.len() {
        let same = match (sorted.get(i), sorted.get(i - 1)) {
            (Some(a), Some(b)) => a.total_cmp(b).is_eq(),
            _ => false,
        };
        if same {
            run += 1;
        } else {
            let t = run as f64;
            tie_term += t * (t - 1.0) * (2.0 * t + 5.0);
            run = 1;
        }
    }
    let nf = n as f64;
    let variance = (nf * (nf - 1.0) * (2.0 * nf + 5.0) - tie_term) / 18.0;
    let z = if variance <= 0.0 || s == 0 {
        0.0
    } else if s > 0 {
        (s as f64 - 1.0) / variance.sqrt()
    } else {
        (s as f64 + 1.0) / variance.sqrt()
    };
    let p_value = (erfc(z.abs() / std::f64::consts::SQRT_2)).clamp(0.0, 1.0);
    Some(MannKendall {
        s,
        variance,
        z,
        p_value,
    })
}

/// Standard normal cumulative distribution function Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// Complementary error function.
///
/// W. J. Cody's rational Chebyshev approximations (Math. Comp. 1969, as
/// used in many libm implementations), relative error below 1e-15 on the
/// whole real line.
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let ax = x.abs();
    let result = if ax < 0.5 {
        return 1.0 - erf_small(x);
    } else if ax < 4.0 {
        erfc_mid(ax)
    } else {
        erfc_large(ax)
    };
    if x < 0.0 {
        2.0 - result
    } else {
        result
    }
}

#[allow(clippy::excessive_precision)] // Cody's published coefficients
fn erf_small(x: f64) -> f64 {
    const A: [f64; 5] = [
        3.161_123_743_870_565_6,
        1.138_641_541_510_501_6e2,
        3.774_852_376_853_020_2e2,
        3.209_377_589_138_469_5e3,
        1.857_777_061_846_031_5e-1,
    ];
    const B: [f64; 4] = [
        2.360_129_095_234_412_1e1,
        2.440_246_379_344_441_7e2,
        1.282_616_526_077_372_3e3,
        2.844_236_833_439_170_6e3,
    ];
    let z = x * x;
    let mut num = A[4] * z;
    let mut den = z;
    for i in 0..3 {
        num = (num + A[i]) * z;
        den = (den + B[i]) * z;
    }
    x * (num + A[3]) / (den + B[3])
}

#[allow(clippy::excessive_precision)] // Cody's published coefficients
fn erfc_mid(y: f64) -> f64 {
    const C: [f64; 9] = [
        5.641_884_969_886_700_9e-1,
        8.883_149_794_388_375_9,
        6.611_919_063_714_163e1,
        2.986_351_381_974_001_3e2,
        8.819_522_212_417_690_9e2,
        1.712_047_612_634_070_6e3,
        2.051_078_377_826_071_5e3,
        1.230_339_354_797_997_2e3,
        2.153_115_354_744_038_5e-8,
    ];
    const D: [f64; 8] = [
        1.574_492_611_070_983_5e1,
        1.176_939_508_913_125e2,
        5.371_811_018_620_098_6e2,
        1.621_389_574_566_690_2e3,
        3.290_799_235_733_459_7e3,
        4.362_619_090_143_247e3,
        3.439_367_674_143_721_6e3,
        1.230_339_354_803_749_5e3,
    ];
    let mut num = C[8] * y;
    let mut den = y;
    for i in 0..7 {
        num = (num + C[i]) * y;
        den = (den + D[i]) * y;
    }
    let r = (num + C[7]) / (den + D[7]);
    scaled_exp(y) * r
}

#[allow(clippy::excessive_precision)] // Cody's published coefficients
fn erfc_large(y: f64) -> f64 {
    const P: [f64; 6] = [
        3.053_266_349_612_323_4e-1,
        3.603_448_999_498_044_4e-1,
        1.257_817_261_112_292_5e-1,
        1.608_378_514_874_227_7e-2,
        6.587_491_615_298_378_5e-4,
        1.631_538_713_730_709_7e-2,
    ];
    const Q: [f64; 5] = [
        2.568_520_192_289_822_4,
        1.872_952_849_923_460_4,
        5.279_051_029_514_284_3e-1,
        6.051_834_131_244_131_9e-2,
        2.335_204_976_268_691_8e-3,
    ];
    const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;
    if y >= 26.6 {
        return 0.0;
    }
    let z = 1.0 / (y * y);
    let mut num = P[5] * z;
    let mut den = z;
    for i in 0..4 {
        num = (num + P[i]) * z;
        den = (den + Q[i]) * z;
    }
    let r = z * (num + P[4]) / (den + Q[4]);
    let r = (FRAC_1_SQRT_PI - r) / y;
    scaled_exp(y) * r
}

/// exp(−y²) computed as exp(−ysq²)·exp(−del) with ysq = y rounded to 1/16,
/// which keeps full relative precision (Cody's trick).
fn scaled_exp(y: f64) -> f64 {
    let ysq = (y * 16.0).trunc() / 16.0;
    let del = (y - ysq) * (y + ysq);
    (-ysq * ysq).exp() * (-del).exp()
}

/// Ordinary least-squares slope of `y` on `x`; `None` with fewer than two
/// points or no spread in `x`.
pub(crate) fn ols_slope(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let mx = x.iter().take(n).sum::<f64>() / nf;
    let my = y.iter().take(n).sum::<f64>() / nf;
    let mut sxy = 0.0;
    let mut sxx = 0.0;
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
    }
    if sxx > 0.0 {
        Some(sxy / sxx)
    } else {
        None
    }
}

/// Trend of a share series at the periods' mid-years.
pub(crate) fn trend(mid_years: &[f64], shares: &[f64], alpha: f64) -> Trend {
    let mk = mann_kendall(shares);
    let direction = match mk {
        Some(m) if m.p_value < alpha && m.s > 0 => Direction::Rising,
        Some(m) if m.p_value < alpha && m.s < 0 => Direction::Fading,
        _ => Direction::Steady,
    };
    Trend {
        direction,
        slope_per_year: ols_slope(mid_years, shares),
        p_value: mk.map(|m| m.p_value),
        mann_kendall_s: mk.map_or(0, |m| m.s),
        z: mk.map(|m| m.z),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_matches_reference_values() {
        // Reference values from scipy.special.erfc 1.17.1.
        let cases = [
            (0.0, 1.0),
            (0.1, 0.887_537_083_981_715_2),
            (0.5, 0.479_500_122_186_953_5),
            (1.0, 0.157_299_207_050_285_16),
            (2.0, 0.004_677_734_981_047_266),
            (3.5, 7.430_983_723_414_129e-7),
            (5.0, 1.537_459_794_428_034_7e-12),
            (-1.0, 1.842_700_792_949_714_8),
        ];
        for (x, expected) in cases {
            let got = erfc(x);
            assert!(
                ((got - expected) / expected).abs() < 1e-12,
                "erfc({x}) = {got}, expected {expected}"
            );
        }
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-12);
    }

    #[test]
    fn ols_recovers_a_line() {
        let x = [2000.0, 2001.0, 2002.0, 2003.0];
        let y = [0.1, 0.2, 0.3, 0.4];
        let slope = ols_slope(&x, &y).unwrap();
        assert!((slope - 0.1).abs() < 1e-12);
    }
}
