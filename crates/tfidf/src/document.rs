//! Documents with ids and dates, the vectorized result, and streaming
//! (one-pass and two-pass) vectorization of document sources.

use std::path::Path;

use ndarray::Array2;
use sprs::{CsMat, CsMatI, SpIndex};

use crate::assembly::assemble;
use crate::fitting::Fitter;
use crate::model::TfidfModel;
use crate::output::{write_documents_to, write_matrix_market_to, write_vocabulary_to};
use crate::{TfidfError, Vectorizer};
use tidings_atomic::stage;

/// One raw document as the vectorizer takes it (what scikit-learn calls
/// `raw_documents`): the text to analyze, with the id and date that
/// [`DocumentMeta`] keeps for its matrix row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDocument {
    /// Identifier written to `documents.tsv`.
    pub id: String,
    /// Date, if known, as the caller formats it (ISO 8601 recommended).
    pub date: Option<String>,
    /// The text, exactly as it is to be analyzed.
    pub text: String,
}

impl RawDocument {
    /// A document from its parts.
    pub fn new(id: impl Into<String>, date: Option<String>, text: impl Into<String>) -> Self {
        RawDocument {
            id: id.into(),
            date,
            text: text.into(),
        }
    }

    fn meta(&self) -> DocumentMeta {
        DocumentMeta {
            id: self.id.clone(),
            date: self.date.clone(),
        }
    }
}

/// A document's id and date: one per matrix row, in row order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentMeta {
    /// Identifier.
    pub id: String,
    /// Date, if known.
    pub date: Option<String>,
}

/// A fitted model with the matrix of the documents it was fitted on.
///
/// Column indices are `usize` (sprs' [`CsMat`]) unless another index type
/// was asked for ([`Vectorizer::vectorize_iter_indexed`]).
#[derive(Clone, Debug)]
pub struct Vectorized<I: SpIndex = usize> {
    /// The fitted model (vocabulary in column order, idf, surface forms).
    pub model: TfidfModel,
    /// Documents × features, CSR, rows in document order.
    pub matrix: CsMatI<f64, I, usize>,
    /// Each row's document id and date.
    pub documents: Vec<DocumentMeta>,
}

/// File names written by [`Vectorized::write_dir`].
pub const MATRIX_FILE: &str = "matrix.mtx";
/// See [`MATRIX_FILE`].
pub const VOCABULARY_FILE: &str = "vocabulary.txt";
/// See [`MATRIX_FILE`].
pub const DOCUMENTS_FILE: &str = "documents.tsv";
/// See [`MATRIX_FILE`].
pub const MODEL_FILE: &str = "model.json";

impl Vectorized {
    /// Write `matrix.mtx`, `vocabulary.txt`, `documents.tsv` and
    /// `model.json` into `dir` (created if missing).
    ///
    /// All four are first written in full to temporary files in `dir`, then
    /// renamed over the old ones one after the other: a run that fails or is
    /// killed while writing leaves the old files as they were (and at most
    /// hidden `.tidings-*.tmp` files), never a partial file or a new matrix
    /// beside an old vocabulary (except in the instant of the four renames).
    ///
    /// # Errors
    /// [`TfidfError::Io`].
    pub fn write_dir(&self, dir: impl AsRef<Path>) -> Result<(), TfidfError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| TfidfError::io(dir, e))?;
        let staged = [
            stage(&dir.join(MATRIX_FILE), |w| {
                write_matrix_market_to(w, &self.matrix)
            })?,
            stage(&dir.join(VOCABULARY_FILE), |w| {
                write_vocabulary_to(w, &self.model)
            })?,
            stage(&dir.join(DOCUMENTS_FILE), |w| {
                write_documents_to(w, &self.documents)
            })?,
            stage(&dir.join(MODEL_FILE), |w| self.model.write_json(w))?,
        ];
        for file in staged {
            file.commit()?;
        }
        Ok(())
    }

    /// The matrix as a dense array (documents × features). Only for small corpora.
    pub fn to_dense(&self) -> Array2<f64> {
        self.matrix.to_dense()
    }
}

/// Progress of a streaming run, reported after each batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// 1 for counting (the only pass of a one-pass run), 2 for the second pass.
    pub pass: u8,
    /// Documents done in this pass.
    pub documents: u64,
    /// Text bytes done in this pass.
    pub bytes: u64,
}

/// Texts are processed in batches of about this many bytes: the only texts
/// held in memory at any time.
const BATCH_BYTES: usize = 16 << 20;
const BATCH_DOCS: usize = 8192;

/// Pull documents from `docs` in batches, calling `each` on every batch.
fn for_each_batch<E, I>(
    docs: I,
    pass: u8,
    progress: &mut dyn FnMut(Progress),
    mut each: impl FnMut(&[RawDocument]),
) -> Result<u64, TfidfError>
where
    I: IntoIterator<Item = Result<RawDocument, E>>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut batch = Vec::new();
    let mut bytes = 0usize;
    let mut done = Progress {
        pass,
        documents: 0,
        bytes: 0,
    };
    let mut flush = |batch: &mut Vec<RawDocument>, bytes: &mut usize, done: &mut Progress| {
        each(batch);
        done.documents += batch.len() as u64;
        done.bytes += *bytes as u64;
        progress(*done);
        batch.clear();
        *bytes = 0;
    };
    for (index, doc) in docs.into_iter().enumerate() {
        let doc = doc.map_err(|e| TfidfError::Source {
            index: index as u64,
            source: e.into(),
        })?;
        bytes += doc.text.len();
        batch.push(doc);
        if bytes >= BATCH_BYTES || batch.len() >= BATCH_DOCS {
            flush(&mut batch, &mut bytes, &mut done);
        }
    }
    if !batch.is_empty() {
        flush(&mut batch, &mut bytes, &mut done);
    }
    Ok(done.documents)
}

impl Vectorizer {
    /// Fit on `docs` and vectorize them (tokenizing each text once); rows in
    /// the order of `docs`.
    ///
    /// # Errors
    /// As [`Vectorizer::fit`].
    pub fn vectorize(&self, docs: &[RawDocument]) -> Result<Vectorized, TfidfError> {
        let mut fitter = Fitter::new(self, true);
        fitter.add(docs, |d| d.text.as_str());
        let (model, matrix) = self.finish_fit_transform(fitter.finish_for_fit())?;
        Ok(Vectorized {
            model,
            matrix,
            documents: docs.iter().map(RawDocument::meta).collect(),
        })
    }

    /// One pass over a document source: each text is tokenized once and
    /// dropped; only the compact per-document counts are kept until the
    /// matrix is built. Peak memory: one batch of texts, the unpruned
    /// vocabulary and the counts (about 8 bytes per distinct term per
    /// document), then the matrix.
    ///
    /// # Errors
    /// [`TfidfError::Source`] for a document the source could not produce;
    /// otherwise as [`Vectorizer::fit`].
    pub fn vectorize_iter<I, E>(
        &self,
        docs: I,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vectorized, TfidfError>
    where
        I: IntoIterator<Item = Result<RawDocument, E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        self.vectorize_iter_indexed(docs, progress)
    }

    /// [`Vectorizer::vectorize_iter`] with column indices of type `Ix`
    /// written directly: `i32` gives the arrays scipy and scikit-learn use
    /// (half the memory of `usize` indices, and no conversion afterwards).
    /// Row pointers stay `usize`.
    ///
    /// ```
    /// use tidings_tfidf::{RawDocument, VectorizerParams};
    /// use tidings_tokenize::Preset;
    /// let docs = ["a cat sat", "a dog sat"].map(|t| {
    ///     Ok::<_, std::io::Error>(RawDocument { id: String::new(), date: None, text: t.into() })
    /// });
    /// let v = VectorizerParams::preset(Preset::Sklearn).check()?;
    /// let out = v.vectorize_iter_indexed::<i32, _, _>(docs, &mut |_| {})?;
    /// assert_eq!(out.matrix.indices(), &[0i32, 2, 1, 2]); // cat sat, dog sat
    /// # Ok::<(), tidings_tfidf::TfidfError>(())
    /// ```
    ///
    /// # Errors
    /// As [`Vectorizer::vectorize_iter`], and [`TfidfError::TooLarge`]
    /// when `Ix` cannot hold every column index.
    pub fn vectorize_iter_indexed<Ix, I, E>(
        &self,
        docs: I,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vectorized<Ix>, TfidfError>
    where
        Ix: SpIndex,
        I: IntoIterator<Item = Result<RawDocument, E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let mut fitter = Fitter::new(self, true);
        let mut documents = Vec::new();
        for_each_batch(docs, 1, progress, |batch| {
            fitter.add(batch, |d| d.text.as_str());
            documents.extend(batch.iter().map(RawDocument::meta));
        })?;
        let (model, matrix) = self.finish_fit_transform(fitter.finish_for_fit())?;
        Ok(Vectorized {
            model,
            matrix,
            documents,
        })
    }

    /// Streaming mode: two passes over `source()` (called twice; it must
    /// yield the same documents both times), never holding more than one
    /// batch of texts. Pass 1 counts statistics, pass 2 builds the rows with
    /// the pruned vocabulary. Peak memory: the unpruned vocabulary during
    /// pass 1, then the pruned vocabulary and the output matrix.
    ///
    /// # Errors
    /// [`TfidfError::SourceChanged`] when the passes yield different numbers
    /// of documents; otherwise as [`Vectorizer::vectorize_iter`].
    pub fn vectorize_two_pass<S, I, E>(
        &self,
        mut source: S,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vectorized, TfidfError>
    where
        S: FnMut() -> I,
        I: IntoIterator<Item = Result<RawDocument, E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let mut fitter = Fitter::new(self, false);
        let first = for_each_batch(source(), 1, progress, |batch| {
            fitter.add(batch, |d| d.text.as_str());
        })?;
        let counted = fitter.finish_for_fit();
        let pending = (counted.maps.as_slice(), counted.pending.as_slice());
        let model = self.build_model(&counted.stats, Some(pending))?.0;
        drop(counted);
        let (matrix, documents, second) = model.transform_batches(source(), 2, progress)?;
        if second != first {
            return Err(TfidfError::SourceChanged { first, second });
        }
        Ok(Vectorized {
            model,
            matrix,
            documents,
        })
    }
}

impl TfidfModel {
    /// Vectorize the documents of a source with this model, one batch of
    /// texts in memory at a time.
    ///
    /// # Errors
    /// [`TfidfError::Source`] for a document the source could not produce.
    pub fn transform_iter<I, E>(
        &self,
        docs: I,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(CsMat<f64>, Vec<DocumentMeta>), TfidfError>
    where
        I: IntoIterator<Item = Result<RawDocument, E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let (matrix, documents, _) = self.transform_batches(docs, 1, progress)?;
        Ok((matrix, documents))
    }

    fn transform_batches<I, E>(
        &self,
        docs: I,
        pass: u8,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(CsMat<f64>, Vec<DocumentMeta>, u64), TfidfError>
    where
        I: IntoIterator<Item = Result<RawDocument, E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let mut blocks = Vec::new();
        let mut documents = Vec::new();
        let n = for_each_batch(docs, pass, progress, |batch| {
            blocks.extend(self.count_rows(batch, |d| d.text.as_str()));
            documents.extend(batch.iter().map(RawDocument::meta));
        })?;
        let matrix = assemble(blocks, None, self.n_features(), self.weights())?;
        Ok((matrix, documents, n))
    }
}
