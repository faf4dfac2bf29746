//! Texts from a Python iterable, pulled in chunks.
//!
//! The library's streaming entry points (`Vectorizer::vectorize_iter`,
//! `TfidfModel::transform_iter`) pull documents from an iterator and hold
//! one batch of texts at a time. [`PyTexts`] is that iterator over any
//! Python iterable of `str`: it takes the GIL once per chunk, copies a
//! chunk of texts into Rust strings, checks for Ctrl-C and lets the GIL go
//! again, so the texts are never all copied at once and an interrupt is
//! honoured between chunks.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PyString};

/// Texts copied per GIL acquisition (at most).
const CHUNK_TEXTS: usize = 1024;
/// Bytes of text copied per GIL acquisition (at most, plus one text).
const CHUNK_BYTES: usize = 4 << 20;

/// The error the library sees when the Python side failed; the Python
/// exception itself waits in [`PyTexts::error`] to be raised.
#[derive(Debug)]
pub struct SourceFailed;

impl std::fmt::Display for SourceFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the Python text source raised an exception")
    }
}

impl std::error::Error for SourceFailed {}

/// A slot for the Python exception that stopped the iteration.
pub type ErrorSlot = Arc<Mutex<Option<PyErr>>>;

/// An iterator of library documents over a Python iterable of `str`.
pub struct PyTexts {
    iter: Py<PyIterator>,
    buffer: VecDeque<String>,
    index: usize,
    done: bool,
    error: ErrorSlot,
}

impl PyTexts {
    /// Iterates `texts` (any iterable of `str`). Returns the iterator and
    /// the slot where a Python exception raised while iterating is kept.
    pub fn new(texts: &Bound<'_, PyAny>) -> PyResult<(Self, ErrorSlot)> {
        let error: ErrorSlot = Arc::new(Mutex::new(None));
        let iter = PyIterator::from_object(texts)?.unbind();
        Ok((
            PyTexts {
                iter,
                buffer: VecDeque::new(),
                index: 0,
                done: false,
                error: Arc::clone(&error),
            },
            error,
        ))
    }

    fn fill(&mut self) -> PyResult<()> {
        Python::with_gil(|py| {
            py.check_signals()?;
            let mut it = self.iter.bind(py).clone();
            let mut bytes = 0;
            while self.buffer.len() < CHUNK_TEXTS && bytes < CHUNK_BYTES {
                match it.next() {
                    None => {
                        self.done = true;
                        break;
                    }
                    Some(item) => {
                        let text = text_of(&item?, self.index + self.buffer.len())?;
                        bytes += text.len();
                        self.buffer.push_back(text);
                    }
                }
            }
            Ok(())
        })
    }
}

impl Iterator for PyTexts {
    type Item = Result<tidings_tfidf::RawDocument, SourceFailed>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.buffer.is_empty() && !self.done {
            if let Err(err) = self.fill() {
                self.done = true;
                self.buffer.clear();
                if let Ok(mut slot) = self.error.lock() {
                    *slot = Some(err);
                }
                return Some(Err(SourceFailed));
            }
        }
        let text = self.buffer.pop_front()?;
        self.index += 1;
        Some(Ok(tidings_tfidf::RawDocument {
            id: String::new(),
            date: None,
            text,
        }))
    }
}

/// The Python exception kept in `slot`, if the source failed.
pub fn take_error(slot: &ErrorSlot) -> Option<PyErr> {
    slot.lock().ok().and_then(|mut s| s.take())
}

/// One text as a Rust string; `TypeError` naming the position otherwise.
pub fn text_of(item: &Bound<'_, PyAny>, index: usize) -> PyResult<String> {
    match item.downcast::<PyString>() {
        Ok(s) => Ok(s.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "text {index} is a {}, not a str",
            item.get_type().name()?
        ))),
    }
}

/// Every text of an iterable, copied (for the small inputs of themes and
/// reports, whose library entry points take a whole corpus).
pub fn all_texts(texts: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let mut out = Vec::new();
    for (i, item) in texts.try_iter()?.enumerate() {
        out.push(text_of(&item?, i)?);
    }
    Ok(out)
}
