//! Evenly spaced row samples of a sparse matrix, with their own passage
//! map: the count of themes is chosen on one, and very large matrices are
//! fitted on one.

use sprs::{CsMat, CsMatView};

/// `k` evenly spaced row indices out of `n` (all of them when `k >= n`).
pub(crate) fn sample_rows(n: usize, k: usize) -> Vec<usize> {
    if k >= n {
        return (0..n).collect();
    }
    (0..k).map(|i| i * n / k).collect()
}

/// The rows `rows` of `m`, in order.
pub(crate) fn select_rows(m: CsMatView<'_, f64>, rows: &[usize]) -> CsMat<f64> {
    let mut indptr = Vec::with_capacity(rows.len() + 1);
    let mut indices = Vec::new();
    let mut data = Vec::new();
    indptr.push(0);
    for &r in rows {
        if let Some(v) = m.outer_view(r) {
            for (j, &x) in v.iter() {
                indices.push(j);
                data.push(x);
            }
        }
        indptr.push(indices.len());
    }
    CsMat::new((rows.len(), m.cols()), indptr, indices, data)
}

/// `x` keeping only the columns used by at least two of its rows (a term
/// seen once co-occurs with nothing and can shape no theme in the sample),
/// and the names of the columns kept.
pub(crate) fn used_columns(x: &CsMat<f64>, features: &[String]) -> (CsMat<f64>, Vec<String>) {
    let mut rows_with = vec![0usize; x.cols()];
    for &j in x.indices() {
        if let Some(n) = rows_with.get_mut(j) {
            *n += 1;
        }
    }
    let mut new_index = vec![usize::MAX; x.cols()];
    let mut kept = Vec::new();
    for (j, &n) in rows_with.iter().enumerate() {
        if n >= 2 {
            new_index[j] = kept.len();
            kept.push(features.get(j).cloned().unwrap_or_default());
        }
    }
    let remap = |m: &CsMat<f64>| {
        let mut indptr = Vec::with_capacity(m.rows() + 1);
        let mut indices = Vec::with_capacity(m.nnz());
        let mut data = Vec::with_capacity(m.nnz());
        indptr.push(0);
        for row in m.outer_iterator() {
            for (j, &v) in row.iter() {
                if let Some(&n) = new_index.get(j).filter(|&&n| n != usize::MAX) {
                    indices.push(n);
                    data.push(v);
                }
            }
            indptr.push(indices.len());
        }
        CsMat::new((m.rows(), kept.len()), indptr, indices, data)
    };
    (remap(x), kept)
}

/// Renumbers the documents of the selected rows `0..n`, in order of first
/// appearance.
pub(crate) fn compact_documents(rows: &[usize], documents: &[usize]) -> (Vec<usize>, usize) {
    let mut next = 0;
    let mut last: Option<(usize, usize)> = None;
    let mut map = std::collections::HashMap::new();
    let out = rows
        .iter()
        .map(|&r| {
            let d = documents.get(r).copied().unwrap_or(0);
            if let Some((prev, id)) = last {
                if prev == d {
                    return id;
                }
            }
            let id = *map.entry(d).or_insert_with(|| {
                next += 1;
                next - 1
            });
            last = Some((d, id));
            id
        })
        .collect();
    (out, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_columns_used_once_are_dropped() {
        // Column 0 in two rows, column 1 in one, column 2 in none, column 3 in two.
        let x = CsMat::new(
            (3, 4),
            vec![0, 2, 4, 5],
            vec![0, 1, 0, 3, 3],
            vec![1.0, 2.0, 3.0, 4.0, 5.0],
        );
        let names: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let (x2, kept) = used_columns(&x, &names);
        assert_eq!(kept, ["a", "d"]);
        assert_eq!(x2.cols(), 2);
        assert_eq!(x2.indptr().raw_storage(), &[0, 1, 3, 4]);
        assert_eq!(x2.indices(), &[0, 0, 1, 1]);
        assert_eq!(x2.data(), &[1.0, 3.0, 4.0, 5.0]);
    }

    #[test]
    fn samples_are_even_and_sorted() {
        assert_eq!(sample_rows(10, 5), [0, 2, 4, 6, 8]);
        assert_eq!(sample_rows(3, 5), [0, 1, 2]);
    }

    #[test]
    fn selected_rows_keep_their_entries() {
        let x = CsMat::new((3, 2), vec![0, 1, 2, 3], vec![0, 1, 0], vec![1.0, 2.0, 3.0]);
        let s = select_rows(x.view(), &[0, 2]);
        assert_eq!(s.rows(), 2);
        assert_eq!(s.data(), &[1.0, 3.0]);
    }

    #[test]
    fn documents_are_renumbered() {
        let (docs, n) = compact_documents(&[0, 2, 3, 5], &[4, 4, 7, 7, 7, 9]);
        assert_eq!(docs, [0, 1, 1, 2]);
        assert_eq!(n, 3);
    }
}
