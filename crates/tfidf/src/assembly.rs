//! Assembling the final CSR matrix from row blocks, in parallel, without
//! holding two full copies: blocks are freed as their rows are written.

use rayon::prelude::*;
use sprs::{CsMatI, SpIndex};

use crate::counting::RowBlock;
use crate::weighting::Weights;
use crate::TfidfError;

/// Marks a term that is not a column of the output.
pub(crate) const DROPPED: u32 = u32::MAX;

/// Build the documents × `n_columns` matrix from `blocks` (rows in block
/// order). Ids in a block are mapped through `maps[block_map[b]]` when given
/// (`DROPPED` entries are skipped), otherwise they already are columns.
///
/// Column indices are written as `I` directly (`usize` for `CsMat`, `i32`
/// for scipy), so no second copy of them is ever made.
///
/// # Errors
/// [`TfidfError::TooLarge`] when `I` cannot hold every column index.
pub(crate) fn assemble<I: SpIndex>(
    blocks: Vec<RowBlock>,
    maps: Option<(&[Vec<u32>], &[usize])>,
    n_columns: usize,
    weights: Weights<'_>,
) -> Result<CsMatI<f64, I, usize>, TfidfError> {
    if I::try_from_usize(n_columns).is_none() {
        return Err(TfidfError::TooLarge {
            what: "columns",
            value: n_columns as u128,
            limit: std::any::type_name::<I>(),
        });
    }
    let map_of = |b: usize| -> Option<&[u32]> {
        let (maps, which) = maps?;
        maps.get(*which.get(b)?).map(Vec::as_slice)
    };
    // Pass 1: non-zeros per row.
    let row_nnz: Vec<Vec<usize>> = blocks
        .par_iter()
        .enumerate()
        .map(|(b, block)| {
            let map = map_of(b);
            block
                .iter_rows()
                .map(|(ids, _)| match map {
                    Some(map) => ids
                        .iter()
                        .filter(|&&id| map.get(id as usize).is_some_and(|&c| c != DROPPED))
                        .count(),
                    None => ids.len(),
                })
                .collect()
        })
        .collect();
    let n_rows: usize = row_nnz.iter().map(Vec::len).sum();
    let mut indptr = Vec::with_capacity(n_rows + 1);
    indptr.push(0usize);
    let mut nnz = 0usize;
    let mut block_nnz = Vec::with_capacity(blocks.len());
    for rows in &row_nnz {
        let start = nnz;
        for &n in rows {
            nnz += n;
            indptr.push(nnz);
        }
        block_nnz.push(nnz - start);
    }
    drop(row_nnz);
    // Zeroed allocations are mapped lazily: pages count only once written.
    let mut indices = vec![I::default(); nnz];
    let mut data = vec![0f64; nnz];
    let mut jobs = Vec::with_capacity(blocks.len());
    {
        let mut rest_i = indices.as_mut_slice();
        let mut rest_d = data.as_mut_slice();
        for ((b, block), n) in blocks.into_iter().enumerate().zip(block_nnz) {
            let (i, ri) = rest_i.split_at_mut(n.min(rest_i.len()));
            let (d, rd) = rest_d.split_at_mut(n.min(rest_d.len()));
            rest_i = ri;
            rest_d = rd;
            jobs.push((b, block, i, d));
        }
        // Pass 2: write the rows, dropping each block when done.
        jobs.into_par_iter().for_each(|(b, block, out_i, out_d)| {
            let map = map_of(b);
            let mut entries: Vec<(usize, u32)> = Vec::new();
            let mut counts: Vec<u32> = Vec::new();
            let mut offset = 0;
            for (ids, cs) in block.iter_rows() {
                entries.clear();
                for (&id, &c) in ids.iter().zip(cs) {
                    let col = match map {
                        Some(map) => map.get(id as usize).copied().unwrap_or(DROPPED),
                        None => id,
                    };
                    if col != DROPPED {
                        entries.push((col as usize, c));
                    }
                }
                entries.sort_unstable_by_key(|&(col, _)| col);
                let end = offset + entries.len();
                let (Some(ri), Some(rd)) = (out_i.get_mut(offset..end), out_d.get_mut(offset..end))
                else {
                    break;
                };
                counts.clear();
                for ((slot, &(col, c)), _) in ri.iter_mut().zip(&entries).zip(0..) {
                    // `col < n_columns`, which `I` holds (checked above).
                    *slot = I::from_usize_unchecked(col);
                    counts.push(c);
                }
                weights.weigh(ri, &counts, rd);
                offset = end;
            }
            drop(block);
        });
    }
    CsMatI::try_new((n_rows, n_columns), indptr, indices, data).map_err(|(_, _, _, e)| {
        TfidfError::InvalidMatrix {
            reason: e.to_string(),
        }
    })
}
