//! Library errors as Python exceptions, and the ways this module runs
//! library code: without the GIL, with panics caught, and (for the long
//! fits) on a worker thread that Ctrl-C stops.

use std::error::Error;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

use tidings_cancel::Cancel;

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

/// How often a cancellable call looks for Ctrl-C: 0.1 s, the limit below
/// which a response feels instantaneous (Nielsen, *Usability Engineering*,
/// 1993, ch. 5.5), at the cost of taking the GIL ten times a second.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// Stack of the worker thread: the size of a main thread's stack on Linux
/// (`ulimit -s`, 8 MiB), where the library code otherwise runs.
const WORKER_STACK: usize = 8 << 20;

/// Runs `work` without the GIL on a worker thread, handing it a [`Cancel`]
/// token, while the calling thread waits and, every [`SIGNAL_POLL`], takes
/// the GIL and runs Python's signal handlers (`PyErr_CheckSignals`, which
/// does so only on the main thread). When a handler raises (Ctrl-C's
/// `KeyboardInterrupt`), the token is cancelled, the worker stops at the
/// library's next check (between solver iterations and pipeline stages)
/// and the handler's exception is raised; the worker's result is dropped.
/// A panic in `work`, on the worker or on rayon threads it waits for,
/// becomes a `RuntimeError`.
pub fn cancellable<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    F: Send + FnOnce(&Cancel) -> PyResult<T>,
    T: Send,
{
    let token = Cancel::new();
    std::thread::scope(|scope| {
        let (done, finished) = mpsc::sync_channel(1);
        let worker_token = token.clone();
        let spawned = std::thread::Builder::new()
            .name("tidings-work".into())
            .stack_size(WORKER_STACK)
            .spawn_scoped(scope, move || {
                // The receiver waits until the worker sends: a send error
                // cannot happen, and would only drop the result.
                let _ = done.send(catch_panic(|| work(&worker_token)));
            });
        if let Err(err) = spawned {
            return Err(PyRuntimeError::new_err(format!(
                "cannot start a worker thread: {err}"
            )));
        }
        // The receiver is moved into each wait and back (it is `Send`, not
        // `Sync`).
        let mut finished = finished;
        loop {
            let (waited, back) = py.allow_threads(move || {
                let waited = finished.recv_timeout(SIGNAL_POLL);
                (waited, finished)
            });
            finished = back;
            match waited {
                Ok(result) => return result,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err(
                        "internal error in tidings (please report it): the worker thread ended without a result",
                    ))
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Err(interrupt) = py.check_signals() {
                        token.cancel();
                        // The scope joins the worker, which stops at its
                        // next check; wait for it without the GIL.
                        let _ = py.allow_threads(move || finished.recv());
                        return Err(interrupt);
                    }
                }
            }
        }
    })
}

/// Panics on purpose, for the tests that prove a Rust panic becomes a
/// Python exception rather than an abort; not part of the API. `place`:
/// `"gil"` panics with the GIL held (PyO3 raises its `PanicException`);
/// `"released"` inside [`without_gil`], `"rayon"` on a rayon worker thread
/// during [`without_gil`], `"worker"` and `"worker-rayon"` the same inside
/// [`cancellable`] (each a `RuntimeError`).
#[pyfunction]
pub fn _panic_for_tests(py: Python<'_>, place: &str) -> PyResult<()> {
    fn on_rayon_worker() {
        use rayon::prelude::*;
        (0..64u32).into_par_iter().for_each(|i| {
            // Only a pool thread panics, never the caller.
            if i == 37 && rayon::current_thread_index().is_some() {
                panic!("deliberate panic on a rayon worker thread (test)");
            }
        });
    }
    match place {
        "gil" => panic!("deliberate panic with the GIL held (test)"),
        "released" => without_gil(py, || -> PyResult<()> {
            panic!("deliberate panic without the GIL (test)")
        }),
        "rayon" => without_gil(py, || {
            on_rayon_worker();
            Ok(())
        }),
        "worker" => cancellable(py, |_| -> PyResult<()> {
            panic!("deliberate panic on the worker thread (test)")
        }),
        "worker-rayon" => cancellable(py, |_| {
            on_rayon_worker();
            Ok(())
        }),
        other => Err(PyValueError::new_err(format!(
            "place = {other:?}: expected 'gil', 'released', 'rayon', 'worker' or 'worker-rayon'"
        ))),
    }
}
