//! tf, idf and row normalisation, with scikit-learn's floating-point operations.

use sprs::SpIndex;

use crate::{IdfWeighting, Norm, TfWeighting};

/// The idf of a term in `df` of `n_docs` documents, computed as scikit-learn
/// does in f64: `ln((n + 1) / (df + 1)) + 1` (smooth) or `ln(n / df) + 1`
/// (plain); 1 for [`IdfWeighting::None`].
pub fn idf(weighting: IdfWeighting, n_docs: u64, df: u64) -> f64 {
    match weighting {
        IdfWeighting::Smooth => ((n_docs as f64 + 1.0) / (df as f64 + 1.0)).ln() + 1.0,
        IdfWeighting::Plain => (n_docs as f64 / df as f64).ln() + 1.0,
        IdfWeighting::None => 1.0,
    }
}

/// The idf of every term, from the document frequencies `df` of `n_docs`
/// documents; empty when idf is off.
pub(crate) fn idf_vector(weighting: IdfWeighting, n_docs: u64, df: &[u64]) -> Vec<f64> {
    match weighting {
        IdfWeighting::None => Vec::new(),
        w => df.iter().map(|&d| idf(w, n_docs, d)).collect(),
    }
}

/// The tf weight of a term counted `count` times in a document.
#[inline]
pub fn tf(weighting: TfWeighting, count: u32) -> f64 {
    match weighting {
        TfWeighting::Raw => f64::from(count),
        TfWeighting::Binary => 1.0,
        TfWeighting::Sublinear => f64::from(count).ln() + 1.0,
    }
}

/// Normalise one row in place, summing in column order as scikit-learn's
/// `normalize` does; an all-zero row is left as it is.
#[inline]
pub fn normalize_row(norm: Norm, row: &mut [f64]) {
    let sum = match norm {
        Norm::None => return,
        Norm::L2 => {
            let mut sum = 0.0;
            for x in row.iter() {
                sum += x * x;
            }
            if sum == 0.0 {
                return;
            }
            sum.sqrt()
        }
        Norm::L1 => {
            let mut sum = 0.0;
            for x in row.iter() {
                sum += x.abs();
            }
            if sum == 0.0 {
                return;
            }
            sum
        }
    };
    for x in row.iter_mut() {
        *x /= sum;
    }
}

/// Everything needed to turn counts into weights.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Weights<'a> {
    pub(crate) tf: TfWeighting,
    /// Per-column idf; `None` when idf is off (no multiplication at all).
    pub(crate) idf: Option<&'a [f64]>,
    pub(crate) norm: Norm,
}

impl Weights<'_> {
    /// Weigh a row whose columns are sorted: `data[i]` from `counts[i]` and `columns[i]`.
    #[inline]
    pub(crate) fn weigh<I: SpIndex>(&self, columns: &[I], counts: &[u32], data: &mut [f64]) {
        for ((d, &c), &col) in data.iter_mut().zip(counts).zip(columns) {
            let w = tf(self.tf, c);
            *d = match self.idf {
                // Columns are non-negative and below the matrix width.
                Some(idf) => w * idf.get(col.index_unchecked()).copied().unwrap_or(1.0),
                None => w,
            };
        }
        normalize_row(self.norm, data);
    }
}
