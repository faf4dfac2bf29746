//! Passage weights to document weights.

use ndarray::{Array2, ArrayView2};

use crate::error::TopicsError;

/// How passages (matrix rows) belong to documents.
#[derive(Debug, Clone, Copy)]
pub struct PassageMap<'a> {
    /// Document index of every passage.
    pub documents: &'a [usize],
    /// Length of every passage (for example in tokens or bytes); weights are
    /// averaged in proportion to it.
    pub lengths: &'a [f64],
    /// Number of documents; documents without passages get no themes.
    pub n_documents: usize,
}

impl PassageMap<'_> {
    /// Checks the map against a matrix of `rows` passages.
    pub(crate) fn validate(&self, rows: usize) -> Result<(), TopicsError> {
        for (what, len) in [
            ("passage documents", self.documents.len()),
            ("passage lengths", self.lengths.len()),
        ] {
            if len != rows {
                return Err(TopicsError::DimensionMismatch {
                    what,
                    expected: rows,
                    found: len,
                });
            }
        }
        for (passage, &document) in self.documents.iter().enumerate() {
            if document >= self.n_documents {
                return Err(TopicsError::DocumentOutOfRange {
                    passage,
                    document,
                    n_documents: self.n_documents,
                });
            }
        }
        for (passage, &l) in self.lengths.iter().enumerate() {
            if !(l.is_finite() && l >= 0.0) {
                return Err(TopicsError::InvalidParameter {
                    name: "passage length",
                    value: format!("{l} (passage {passage})"),
                    expected: "finite and >= 0",
                });
            }
        }
        Ok(())
    }
}

/// Scales each row of `w` to sum 1 (all-zero rows stay zero).
pub(crate) fn row_normalised(w: ArrayView2<'_, f64>) -> Array2<f64> {
    let mut out = w.to_owned();
    for mut row in out.rows_mut() {
        let s: f64 = row.sum();
        if s > 0.0 {
            row /= s;
        }
    }
    out
}

/// Document weights from passage weights: each passage's weights are scaled
/// to sum 1, multiplied by the passage's length, summed per document, and the
/// document's vector is scaled to sum 1. A document covering three themes in
/// three passages gets all three.
///
/// ```
/// use ndarray::array;
/// use tidings_topics::{aggregate_documents, PassageMap};
/// let w = array![[2.0, 0.0], [0.0, 1.0], [1.0, 1.0]];
/// let map = PassageMap { documents: &[0, 0, 1], lengths: &[30.0, 10.0, 5.0], n_documents: 2 };
/// let d = aggregate_documents(w.view(), &map)?;
/// assert!((d[[0, 0]] - 0.75).abs() < 1e-12 && (d[[0, 1]] - 0.25).abs() < 1e-12);
/// assert!((d[[1, 0]] - 0.5).abs() < 1e-12);
/// # Ok::<(), tidings_topics::TopicsError>(())
/// ```
pub fn aggregate_documents(
    w: ArrayView2<'_, f64>,
    map: &PassageMap<'_>,
) -> Result<Array2<f64>, TopicsError> {
    map.validate(w.nrows())?;
    let norm = row_normalised(w);
    let mut out = Array2::<f64>::zeros((map.n_documents, w.ncols()));
    for ((row, &d), &l) in norm.rows().into_iter().zip(map.documents).zip(map.lengths) {
        if d < out.nrows() {
            out.row_mut(d).scaled_add(l, &row);
        }
    }
    Ok(row_normalised(out.view()))
}
