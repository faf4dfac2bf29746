//! Library errors as Python exceptions, and the one way this module runs
//! library code: without the GIL, with panics caught.

use std::error::Error;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;

/// A library error as a Python exception carrying the library's message:
/// `OSError` (`FileNotFoundError` for a missing file) when an I/O error is
/// the cause, `ValueError` for everything else (bad parameters, bad input).
pub fn library_error(err: &(dyn Error + 'static)) -> PyErr {
    let message = err.to_string();
    // `ReportError::Corpus` is transparent: its `source()` skips the corpus
    // error, so look at it here.
    if let Some(tidings_report::ReportError::Corpus(tidings_corpus::CorpusError::MissingPath {
        ..
    })) = err.downcast_ref::<tidings_report::ReportError>()
    {
        return PyFileNotFoundError::new_err(message);
    }
    let mut cause: Option<&(dyn Error + 'static)> = Some(err);
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
                _ => PyOSError::new_err(message),
            };
        }
        if let Some(tidings_corpus::CorpusError::MissingPath { .. }) =
            e.downcast_ref::<tidings_corpus::CorpusError>()
        {
            return PyFileNotFoundError::new_err(message);
        }
        cause = e.source();
    }
    PyValueError::new_err(message)
}

/// `map_err` helper: any library error to [`library_error`].
pub fn to_py<E: Error + 'static>(err: E) -> PyErr {
    library_error(&err)
}

/// Runs `work` with the GIL released, so that other Python threads run
/// meanwhile, and turns a panic into a `RuntimeError` instead of aborting
/// the interpreter.
pub fn without_gil<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    F: Send + FnOnce() -> PyResult<T>,
    T: Send,
{
    py.allow_threads(|| catch_panic(work))
}

/// Runs `work`, turning a panic into a `RuntimeError`.
pub fn catch_panic<T>(work: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(PyRuntimeError::new_err(format!(
                "internal error in tidings (please report it): {what}"
            )))
        }
    }
}
