//! Corpus-level furniture for sharded corpora (`tidings.spark`) and for
//! `tidings.Furniture`: the two mergeable rounds of `tidings_corpus`'s
//! furniture counts, shipped in their compact binary form, and the learned
//! furniture, applied to texts as `tidings` applies it while reading a
//! corpus.
//!
//! Round 1 ([`LineCounter`], [`merge_line_counts`]) counts in how many
//! documents each paragraph signature occurs; its candidates
//! ([`furniture_candidates`]) go to every shard; round 2
//! ([`SurroundingCounter`], [`merge_surroundings`]) keeps each candidate's
//! distinct surroundings; the merged round 2 is the [`FurnitureModel`]. Every
//! merge is associative and commutative and the bytes are canonical, so the
//! result is `Furniture::learn`'s whatever the partitioning.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use tidings_corpus::furniture::{document_signature, paragraph_signature, Removed};
use tidings_corpus::{Furniture, FurnitureRule, LineCounts, RecurringLines, SurroundingCounts};

use crate::errors::{to_py, without_gil};
use crate::texts::all_texts;

/// A signature as Spark's `long` (the same 64 bits, read as signed).
fn signed(h: u64) -> i64 {
    h as i64
}

fn rule(min_documents: usize) -> PyResult<FurnitureRule> {
    FurnitureRule::new(min_documents).map_err(to_py)
}

/// Merges binary parts with `merge`, any number in any order.
fn merge_parts<T>(
    py: Python<'_>,
    parts: Vec<Vec<u8>>,
    what: &str,
    decode: impl Fn(&[u8]) -> Result<T, tidings_corpus::CorpusError> + Send + Sync,
    merge: impl Fn(&mut T, &T) -> PyResult<()> + Send + Sync,
    encode: impl Fn(&T) -> Vec<u8> + Send + Sync,
) -> PyResult<Vec<u8>>
where
    T: Send,
{
    without_gil(py, || {
        let mut iter = parts.iter();
        let Some(first) = iter.next() else {
            return Err(PyValueError::new_err(format!(
                "merging {what} needs at least one part"
            )));
        };
        let mut merged = decode(first).map_err(to_py)?;
        for part in iter {
            merge(&mut merged, &decode(part).map_err(to_py)?)?;
        }
        Ok(encode(&merged))
    })
}

/// Round 1 of one shard: in how many documents each paragraph signature
/// occurs.
#[pyclass(module = "tidings._tidings")]
pub struct LineCounter {
    counts: LineCounts,
}

#[pymethods]
impl LineCounter {
    #[new]
    fn new() -> Self {
        LineCounter {
            counts: LineCounts::new(),
        }
    }

    /// Counts `texts` (an iterable of str), each one document.
    fn add(&mut self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<()> {
        let texts = all_texts(texts)?;
        let counts = &mut self.counts;
        without_gil(py, || {
            counts.merge(&LineCounts::count(&texts));
            Ok(())
        })
    }

    /// Documents counted so far.
    #[getter]
    fn documents(&self) -> u64 {
        self.counts.documents()
    }

    /// Distinct paragraph signatures counted so far.
    #[getter]
    fn distinct_lines(&self) -> usize {
        self.counts.distinct_lines()
    }

    /// The counts in the compact binary form.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = without_gil(py, || Ok(self.counts.to_bytes()))?;
        Ok(PyBytes::new(py, &bytes))
    }
}

/// Merges binary round-1 counts into those of their union.
#[pyfunction]
pub fn merge_line_counts<'py>(
    py: Python<'py>,
    parts: Vec<Vec<u8>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = merge_parts(
        py,
        parts,
        "line counts",
        LineCounts::from_bytes,
        |a, b| {
            a.merge(b);
            Ok(())
        },
        LineCounts::to_bytes,
    )?;
    Ok(PyBytes::new(py, &bytes))
}

/// `(documents, distinct lines, bytes of the JSON form)` of binary round-1
/// counts, to compare the two forms' sizes.
#[pyfunction]
pub fn line_counts_summary(py: Python<'_>, part: Vec<u8>) -> PyResult<(u64, usize, usize)> {
    without_gil(py, || {
        let counts = LineCounts::from_bytes(&part).map_err(to_py)?;
        let json = serde_json::to_vec(&counts).map_err(to_py)?;
        Ok((counts.documents(), counts.distinct_lines(), json.len()))
    })
}

/// The candidates of merged round-1 counts under `min_documents`: their
/// binary form and how many there are.
#[pyfunction]
pub fn furniture_candidates<'py>(
    py: Python<'py>,
    counts: Vec<u8>,
    min_documents: usize,
) -> PyResult<(Bound<'py, PyBytes>, usize)> {
    let rule = rule(min_documents)?;
    let (bytes, n) = without_gil(py, || {
        let counts = LineCounts::from_bytes(&counts).map_err(to_py)?;
        let recurring = counts.recurring(&rule);
        Ok((recurring.to_bytes(), recurring.len()))
    })?;
    Ok((PyBytes::new(py, &bytes), n))
}

/// Round 2 of one shard: the distinct surroundings of each candidate.
#[pyclass(module = "tidings._tidings")]
pub struct SurroundingCounter {
    recurring: RecurringLines,
    counts: SurroundingCounts,
}

#[pymethods]
impl SurroundingCounter {
    /// An empty counter for the binary candidates of
    /// [`furniture_candidates`].
    #[new]
    fn new(py: Python<'_>, candidates: Vec<u8>) -> PyResult<Self> {
        without_gil(py, || {
            let recurring = RecurringLines::from_bytes(&candidates).map_err(to_py)?;
            let counts = recurring.no_surroundings();
            Ok(SurroundingCounter { recurring, counts })
        })
    }

    /// Counts `texts` (an iterable of str), each one document.
    fn add(&mut self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<()> {
        let texts = all_texts(texts)?;
        let (recurring, counts) = (&self.recurring, &mut self.counts);
        without_gil(py, || {
            counts.merge(&recurring.surroundings(&texts)).map_err(to_py)
        })
    }

    /// The counts in the compact binary form.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = without_gil(py, || Ok(self.counts.to_bytes()))?;
        Ok(PyBytes::new(py, &bytes))
    }
}

/// Merges binary round-2 counts (made under one rule) into those of their
/// union.
#[pyfunction]
pub fn merge_surroundings<'py>(
    py: Python<'py>,
    parts: Vec<Vec<u8>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = merge_parts(
        py,
        parts,
        "furniture surroundings",
        SurroundingCounts::from_bytes,
        |a, b| a.merge(b).map_err(to_py),
        SurroundingCounts::to_bytes,
    )?;
    Ok(PyBytes::new(py, &bytes))
}

/// One text's removal: the new text, the removed paragraphs with their
/// signatures, the bytes removed, and whether it was kept whole.
type RemovedRow = (String, Vec<(i64, String)>, usize, bool);

/// Learned furniture: the paragraph signatures to remove.
#[pyclass(module = "tidings._tidings", frozen)]
pub struct FurnitureModel {
    furniture: Furniture,
}

impl FurnitureModel {
    fn remove_each(&self, texts: &mut [String]) -> Vec<Removed> {
        use rayon::prelude::*;
        texts
            .par_iter_mut()
            .map(|t| self.furniture.remove_from(t))
            .collect()
    }
}

#[pymethods]
impl FurnitureModel {
    /// Learns the furniture of `texts` in one process (both rounds).
    #[staticmethod]
    fn learn(
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        min_documents: usize,
    ) -> PyResult<FurnitureModel> {
        let rule = rule(min_documents)?;
        let texts = all_texts(texts)?;
        without_gil(py, || {
            Ok(FurnitureModel {
                furniture: Furniture::learn(&texts, &rule),
            })
        })
    }

    /// No furniture, under `min_documents`.
    #[staticmethod]
    fn empty(min_documents: usize) -> PyResult<FurnitureModel> {
        let rule = rule(min_documents)?;
        Ok(FurnitureModel {
            furniture: LineCounts::new()
                .recurring(&rule)
                .no_surroundings()
                .furniture(),
        })
    }

    /// The furniture of merged binary round-2 counts.
    #[staticmethod]
    fn from_surroundings(py: Python<'_>, counts: Vec<u8>) -> PyResult<FurnitureModel> {
        without_gil(py, || {
            let counts = SurroundingCounts::from_bytes(&counts).map_err(to_py)?;
            Ok(FurnitureModel {
                furniture: counts.furniture(),
            })
        })
    }

    /// Furniture from its binary form.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, bytes: Vec<u8>) -> PyResult<FurnitureModel> {
        without_gil(py, || {
            Ok(FurnitureModel {
                furniture: Furniture::from_bytes(&bytes).map_err(to_py)?,
            })
        })
    }

    /// The binary form (canonical: equal furniture, equal bytes).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.furniture.to_bytes())
    }

    fn __len__(&self) -> usize {
        self.furniture.len()
    }

    /// The rule's minimum number of documents.
    #[getter]
    fn min_documents(&self) -> usize {
        self.furniture.rule().min_documents()
    }

    /// `True` if `paragraph` is furniture.
    fn is_furniture(&self, paragraph: &str) -> bool {
        self.furniture.is_furniture(paragraph)
    }

    /// The texts with their furniture removed (a text that is only
    /// furniture is kept whole).
    fn remove(&self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let mut texts = all_texts(texts)?;
        without_gil(py, || {
            self.remove_each(&mut texts);
            Ok(texts)
        })
    }

    /// [`remove`](Self::remove) with what was removed from each text.
    fn remove_detailed(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<RemovedRow>> {
        let mut texts = all_texts(texts)?;
        without_gil(py, || {
            let removed = self.remove_each(&mut texts);
            Ok(texts
                .into_iter()
                .zip(removed)
                .map(|(text, r)| {
                    let lines = r
                        .paragraphs
                        .into_iter()
                        .map(|p| (signed(paragraph_signature(&p)), p))
                        .collect();
                    (text, lines, r.bytes, r.kept_whole)
                })
                .collect())
        })
    }

    /// What removal takes out of `texts`, in their order: the JSON of the
    /// `removed.furniture` object of `tidings corpus stats --format json`.
    fn report(&self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<String> {
        let mut texts = all_texts(texts)?;
        without_gil(py, || {
            let removed = self.remove_each(&mut texts);
            serde_json::to_string(&self.furniture.report(removed)).map_err(to_py)
        })
    }
}

/// The signature of each whole text, by which `tidings` finds documents
/// with the same text (`--dedupe`), as Spark's `long`; None for a text
/// without a letter or digit (never compared).
#[pyfunction]
pub fn document_signatures(py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<Vec<Option<i64>>> {
    let texts = all_texts(texts)?;
    without_gil(py, || {
        use rayon::prelude::*;
        Ok(texts
            .par_iter()
            .map(|t| {
                t.chars()
                    .any(char::is_alphanumeric)
                    .then(|| signed(document_signature(t)))
            })
            .collect())
    })
}
