//! Output files: Matrix Market, vocabulary, document list; all written
//! atomically (temporary file in the same directory, then rename).

use std::io::{BufWriter, Write};
use std::path::Path;

use rayon::prelude::*;
use sprs::CsMat;

use crate::model::TfidfModel;
use crate::TfidfError;

/// Run `write` on a buffered temporary file next to `path`, then rename it
/// over `path` ([`tidings_atomic::write_atomically`]): readers see the old
/// file or the complete new one, never a part.
///
/// # Errors
/// [`TfidfError::Io`] naming the directory (creating the temporary file) or
/// `path` (writing, syncing, renaming).
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&std::fs::File>) -> std::io::Result<()>,
) -> Result<(), TfidfError> {
    Ok(tidings_atomic::write_atomically(path, write)?)
}

/// Escape `\`, tab, newline and carriage return (as `\\`, `\t`, `\n`, `\r`),
/// so that one value stays on one line and in one column.
pub fn escape_field(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\\', '\t', '\n', '\r']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Rows formatted in parallel per group, written in order.
const MTX_ROWS_PER_TASK: usize = 512;

/// Write `matrix` in Matrix Market coordinate format
/// (`%%MatrixMarket matrix coordinate real general`): a size line
/// `rows columns entries`, then one `row column value` line per stored
/// entry, 1-based, rows in order. Values use Rust's shortest representation
/// that reads back as the same f64 (plain for `1e-5 <= |x| < 1e16`,
/// otherwise with an exponent).
///
/// # Errors
/// When writing fails.
pub fn write_matrix_market_to<W: Write>(mut w: W, matrix: &CsMat<f64>) -> std::io::Result<()> {
    let csr;
    let matrix = if matrix.is_csr() {
        matrix
    } else {
        csr = matrix.to_csr();
        &csr
    };
    let (rows, cols) = matrix.shape();
    writeln!(w, "%%MatrixMarket matrix coordinate real general")?;
    writeln!(w, "{rows} {cols} {}", matrix.nnz())?;
    let row_starts: Vec<usize> = (0..rows).step_by(MTX_ROWS_PER_TASK).collect();
    let threads = rayon::current_num_threads().max(1) * 4;
    for group in row_starts.chunks(threads) {
        let parts: Vec<Vec<u8>> = group
            .par_iter()
            .map(|&start| {
                let mut buf = Vec::new();
                for row in start..(start + MTX_ROWS_PER_TASK).min(rows) {
                    if let Some(view) = matrix.outer_view(row) {
                        for (col, &value) in view.iter() {
                            // Writing to a Vec cannot fail.
                            let _ = write_entry(&mut buf, row + 1, col + 1, value);
                        }
                    }
                }
                buf
            })
            .collect();
        for part in parts {
            w.write_all(&part)?;
        }
    }
    w.flush()
}

fn write_entry(buf: &mut Vec<u8>, row: usize, col: usize, value: f64) -> std::io::Result<()> {
    let a = value.abs();
    if a == 0.0 || (1e-5..1e16).contains(&a) {
        writeln!(buf, "{row} {col} {value}")
    } else {
        writeln!(buf, "{row} {col} {value:e}")
    }
}

/// Write `matrix` to `path` in Matrix Market format (see
/// [`write_matrix_market_to`]), atomically.
///
/// # Errors
/// [`TfidfError::Io`].
pub fn write_matrix_market(path: impl AsRef<Path>, matrix: &CsMat<f64>) -> Result<(), TfidfError> {
    write_atomically(path.as_ref(), |w| write_matrix_market_to(w, matrix))
}

/// Write the model's features, one per line in column order (escaped with
/// [`escape_field`]), atomically.
///
/// # Errors
/// [`TfidfError::Io`].
pub fn write_vocabulary(path: impl AsRef<Path>, model: &TfidfModel) -> Result<(), TfidfError> {
    write_atomically(path.as_ref(), |w| write_vocabulary_to(w, model))
}

pub(crate) fn write_vocabulary_to(w: &mut impl Write, model: &TfidfModel) -> std::io::Result<()> {
    for feature in model.features() {
        writeln!(w, "{}", escape_field(feature))?;
    }
    Ok(())
}

/// Write a tab-separated `id<TAB>date` file with a header line, one document
/// per line in row order (empty date when unknown; fields escaped with
/// [`escape_field`]), atomically.
///
/// # Errors
/// [`TfidfError::Io`].
pub fn write_documents(
    path: impl AsRef<Path>,
    documents: &[crate::DocumentMeta],
) -> Result<(), TfidfError> {
    write_atomically(path.as_ref(), |w| write_documents_to(w, documents))
}

pub(crate) fn write_documents_to(
    w: &mut impl Write,
    documents: &[crate::DocumentMeta],
) -> std::io::Result<()> {
    writeln!(w, "id\tdate")?;
    for d in documents {
        writeln!(
            w,
            "{}\t{}",
            escape_field(&d.id),
            escape_field(d.date.as_deref().unwrap_or(""))
        )?;
    }
    Ok(())
}
