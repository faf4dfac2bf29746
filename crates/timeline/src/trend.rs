//! Trend of a theme's share over periods: a weighted least-squares slope per
//! year with its t-test, each period weighted by its documents, and the
//! Mann–Kendall statistic for reference.
//!
//! A period's share is a mean over its documents, so its variance is about
//! `σ² / n_p` for `n_p` documents: weighted least squares with weights `n_p`
//! is the regression for observations of unequal precision (Draper & Smith,
//! *Applied Regression Analysis*, 3rd ed., 1998, §9.2). A week with one
//! article then counts 1/300 as much as a week with 300, instead of as much.
//! The slope is tested with Student's t on `m − 2` degrees of freedom for
//! `m` periods, the residual variance estimated from the weighted residuals,
//! so a theme whose share wanders between well-filled periods is not called
//! a trend. With fewer than [`MIN_TREND_PERIODS`] periods there is no slope
//! and no test ("too few periods").

use serde::{Deserialize, Serialize};

/// Direction of a theme's trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Weighted slope positive, its p-value below alpha.
    Rising,
    /// Weighted slope negative, its p-value below alpha.
    Fading,
    /// No significant trend, or fewer than [`MIN_TREND_PERIODS`] periods.
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

/// The fewest periods with documents a trend is computed on. Five is the
/// fewest at which a distribution-free test of a monotonic trend can reach
/// the 5% level at all (Mann–Kendall: the smallest two-sided p is
/// `2/n!`, 0.083 for 4 periods and 0.017 for 5; Kendall, *Rank Correlation
/// Methods*, 1975): a slope on fewer periods is not shown, as the data
/// cannot tell a trend from the order of a few points. Fewer periods give
/// "too few periods".
pub const MIN_TREND_PERIODS: usize = 5;

/// Trend of one theme's share over the non-empty periods.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// Rising, fading or steady at the configured alpha, from the weighted
    /// slope and its p-value.
    pub direction: Direction,
    /// Weighted least-squares slope of the share against the period
    /// mid-points in years (share units per year), each period weighted by
    /// its documents. `null` with fewer than [`MIN_TREND_PERIODS`] non-empty
    /// periods.
    pub slope_per_year: Option<f64>,
    /// Standard error of the weighted slope (share units per year), from
    /// the weighted residuals on `m − 2` degrees of freedom. `null` as
    /// `slope_per_year`.
    #[serde(default)]
    pub slope_std_error: Option<f64>,
    /// Two-sided p-value of the weighted slope (Student's t, `m − 2`
    /// degrees of freedom). `null` with fewer than [`MIN_TREND_PERIODS`]
    /// non-empty periods.
    pub p_value: Option<f64>,
    /// The Mann–Kendall statistic S = Σ_{i<j} sign(x_j − x_i) over the
    /// non-empty periods, unweighted; for reference only (the direction
    /// comes from the weighted test).
    pub mann_kendall_s: i64,
    /// The continuity-corrected standard score of S (for reference).
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

/// A weighted least-squares line and the two-sided t-test of its slope.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightedSlope {
    /// The slope.
    pub slope: f64,
    /// Its standard error, `sqrt(s² / Σ w (x − x̄_w)²)` with
    /// `s² = Σ w r² / (n − 2)` from the weighted residuals `r` (as
    /// statsmodels' `WLS(...).fit().bse`).
    pub std_error: f64,
    /// Its two-sided p-value (Student's t, `n − 2` degrees of freedom).
    pub p_value: f64,
}

/// Weighted least-squares slope of `y` on `x` with weights `w` (see the
/// module documentation); `None` with fewer than [`MIN_TREND_PERIODS`]
/// points of positive weight or no spread in `x`.
pub fn weighted_slope(x: &[f64], y: &[f64], w: &[f64]) -> Option<WeightedSlope> {
    let points: Vec<(f64, f64, f64)> = x
        .iter()
        .zip(y)
        .zip(w)
        .filter(|(_, &w)| w > 0.0)
        .map(|((&x, &y), &w)| (x, y, w))
        .collect();
    let m = points.len();
    if m < MIN_TREND_PERIODS {
        return None;
    }
    let total: f64 = points.iter().map(|p| p.2).sum();
    let mx = points.iter().map(|p| p.2 * p.0).sum::<f64>() / total;
    let my = points.iter().map(|p| p.2 * p.1).sum::<f64>() / total;
    let sxx: f64 = points.iter().map(|p| p.2 * (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| p.2 * (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let df = (m - 2) as f64;
    let rss: f64 = points
        .iter()
        .map(|p| p.2 * (p.1 - my - slope * (p.0 - mx)).powi(2))
        .sum();
    let se = (rss / df / sxx).sqrt();
    let p_value = if se > 0.0 {
        student_t_two_sided(slope / se, df)
    } else if slope == 0.0 {
        1.0
    } else {
        0.0
    };
    Some(WeightedSlope {
        slope,
        std_error: se,
        p_value,
    })
}

/// Two-sided p-value `P(|T| ≥ |t|)` of Student's t with `df` degrees of
/// freedom: the regularised incomplete beta `I_{df/(df+t²)}(df/2, 1/2)`.
pub fn student_t_two_sided(t: f64, df: f64) -> f64 {
    if !t.is_finite() {
        return if t.is_nan() { f64::NAN } else { 0.0 };
    }
    incomplete_beta(df / (df + t * t), df / 2.0, 0.5).clamp(0.0, 1.0)
}

/// ln Γ(x) for x > 0: Lanczos' approximation with g = 7 and 9 coefficients
/// (Numerical Recipes, 3rd ed., §6.1), relative error below 1e-15.
#[allow(clippy::excessive_precision)] // published coefficients
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_93,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_13,
        -176.615_029_162_140_59,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_571_6e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The regularised incomplete beta function `I_x(a, b)`, by its continued
/// fraction evaluated with the modified Lentz method (Numerical Recipes,
/// 3rd ed., §6.4).
fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    // The continued fraction converges fast for x < (a + 1)/(a + b + 2);
    // otherwise use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-15;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    // One step of the modified Lentz method with partial numerator `aa`:
    // updates `c` and `d` and returns the factor of the convergent.
    let step = |aa: f64, c: &mut f64, d: &mut f64| {
        *d = 1.0 / guard(1.0 + aa * *d);
        *c = guard(1.0 + aa / *c);
        *d * *c
    };
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
    let mut h = d;
    for m in 1..=300 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        h *= step(
            m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)),
            &mut c,
            &mut d,
        );
        let del = step(
            -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0)),
            &mut c,
            &mut d,
        );
        h *= del;
        if (del - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// Trend of a share series at the periods' mid-years, each period weighted
/// by `weights` (its documents).
pub(crate) fn trend(mid_years: &[f64], shares: &[f64], weights: &[f64], alpha: f64) -> Trend {
    let mk = mann_kendall(shares);
    let fit = weighted_slope(mid_years, shares, weights);
    let direction = match fit {
        Some(f) if f.p_value < alpha && f.slope > 0.0 => Direction::Rising,
        Some(f) if f.p_value < alpha && f.slope < 0.0 => Direction::Fading,
        _ => Direction::Steady,
    };
    Trend {
        direction,
        slope_per_year: fit.map(|f| f.slope),
        slope_std_error: fit.map(|f| f.std_error),
        p_value: fit.map(|f| f.p_value),
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
    fn student_t_matches_reference_values() {
        // 2 * scipy.stats.t.sf(t, df), scipy 1.17.1.
        let cases = [
            (2.0, 1.0, 0.295_167_235_300_866_5),
            (2.0, 5.0, 0.101_939_478_829_858_35),
            (3.0, 10.0, 0.013_343_655_022_569_57),
            (0.5, 30.0, 0.620_723_004_885_127_2),
            (0.0, 4.0, 1.0),
        ];
        for (t, df, expected) in cases {
            let got = student_t_two_sided(t, df);
            assert!(
                (got - expected).abs() < 1e-12,
                "t={t} df={df}: {got} vs {expected}"
            );
        }
    }

    #[test]
    fn a_near_empty_period_barely_moves_the_weighted_slope() {
        // Flat 0.3 over well-filled periods, one single-document period at
        // each end pulling the other way.
        let x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let y = [1.0, 0.30, 0.31, 0.29, 0.30, 0.31, 0.0];
        let w = [1.0, 300.0, 280.0, 310.0, 290.0, 300.0, 1.0];
        let fit = weighted_slope(&x, &y, &w).unwrap();
        assert!(fit.slope.abs() < 0.002, "{fit:?}");
        assert!(fit.p_value > 0.05, "{fit:?}");
        let t = trend(&x, &y, &w, 0.05);
        assert_eq!(t.direction, Direction::Steady);
        // Unweighted, the two end points make it look like a fading theme.
        let unweighted = weighted_slope(&x, &y, &[1.0; 7]).unwrap();
        assert!(unweighted.slope < -0.05, "{unweighted:?}");
    }

    #[test]
    fn too_few_periods_have_no_slope() {
        let x = [0.0, 1.0, 2.0, 3.0];
        let y = [0.1, 0.2, 0.3, 0.4];
        assert_eq!(weighted_slope(&x, &y, &[5.0; 4]), None);
        let t = trend(&x, &y, &[5.0; 4], 0.05);
        assert_eq!((t.slope_per_year, t.p_value), (None, None));
        assert_eq!(t.direction, Direction::Steady);
    }

    #[test]
    fn a_clear_weighted_trend_is_found() {
        let x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [0.10, 0.14, 0.19, 0.22, 0.27, 0.30];
        let fit = weighted_slope(&x, &y, &[50.0; 6]).unwrap();
        assert!((fit.slope - 0.0406).abs() < 0.001, "{fit:?}");
        assert!(fit.p_value < 0.001, "{fit:?}");
    }
}
