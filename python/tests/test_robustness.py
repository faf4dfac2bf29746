"""Ctrl-C during long calls, and Rust panics turned into Python exceptions."""

import signal
import threading
import time

import numpy as np
import pytest
import scipy.sparse as sp

import tidings
from tidings import _tidings

# ------------------------------------------------------------------ panics


@pytest.mark.parametrize(
    "place, expected",
    [
        ("released", RuntimeError),
        ("rayon", RuntimeError),
        ("worker", RuntimeError),
        ("worker-rayon", RuntimeError),
    ],
)
def test_a_rust_panic_becomes_a_runtime_error(place, expected):
    with pytest.raises(expected, match="internal error in tidings.*deliberate panic"):
        _tidings._panic_for_tests(place)
    # The interpreter and the library keep working.
    assert tidings.tokenize("Ships sail.") == ["ship", "sail"]
    v = tidings.TfidfVectorizer(preset="sklearn")
    assert v.fit_transform(["a cat sat", "a dog sat"]).shape == (2, 3)


def test_a_panic_with_the_gil_held_is_pyo3s_panic_exception():
    # PyO3's PanicException derives from BaseException, so that `except
    # Exception` does not swallow it; it is an exception, not an abort.
    with pytest.raises(BaseException) as caught:
        _tidings._panic_for_tests("gil")
    assert type(caught.value).__name__ == "PanicException"
    assert "deliberate panic with the GIL held" in str(caught.value)
    assert tidings.tokenize("Ships sail.") == ["ship", "sail"]


def test_panic_hook_rejects_an_unknown_place():
    with pytest.raises(ValueError, match="expected 'gil'"):
        _tidings._panic_for_tests("nowhere")


# ------------------------------------------------------------------ Ctrl-C


def interrupt_after(seconds):
    """Sends SIGINT to the main thread after `seconds` (a real signal, as
    Ctrl-C delivers it)."""
    main = threading.main_thread().ident
    timer = threading.Timer(seconds, signal.pthread_kill, args=(main, signal.SIGINT))
    timer.start()
    return timer


def random_matrix(rows, cols, density, seed):
    """Rows with unit l2 norm, as TfidfVectorizer makes them: noise, on
    which NMF converges slowly."""
    rng = np.random.default_rng(seed)
    x = sp.random(rows, cols, density=density, format="csr", random_state=rng)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sp.csr_matrix(sp.diags(1 / norms) @ x)


# The interrupt comes DELAY seconds after the call starts, and the call
# must end within BOUND seconds of it. Each workload takes several times
# DELAY + BOUND uncancelled (measured on the 2-core development machine,
# in the comments), so a call that ignored Ctrl-C would fail the bound; it
# stopped 0.05-0.7 s after the signal there.
DELAY = 1.0
BOUND = 1.5


def assert_interrupted(call):
    timer = interrupt_after(DELAY)
    start = time.perf_counter()
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
    finally:
        timer.cancel()
    elapsed = time.perf_counter() - start
    assert elapsed < DELAY + BOUND, f"stopped {elapsed:.1f} s after the call began"
    return elapsed


@pytest.fixture(scope="module")
def noise():
    x = random_matrix(16000, 4000, 0.02, seed=0)
    names = [f"t{j}" for j in range(x.shape[1])]
    return x, names


def test_ctrl_c_stops_a_theme_fit_on_a_matrix(noise):
    x, names = noise
    # Uncancelled: about 10 s (7 s with 10,000 rows).
    assert_interrupted(lambda: tidings.Themes(n_themes=100, seed=0).fit(x, feature_names=names))
    # The library works afterwards, with the same result as ever.
    small = random_matrix(60, 40, 0.2, seed=1)
    a = tidings.Themes(n_themes=3, seed=0).fit(small, feature_names=[f"t{j}" for j in range(40)])
    b = tidings.Themes(n_themes=3, seed=0).fit(small, feature_names=[f"t{j}" for j in range(40)])
    assert np.array_equal(a.weights_, b.weights_)


def test_ctrl_c_stops_a_theme_fit_on_texts(un_sample):
    # Uncancelled: about 15 s.
    texts = un_sample * 6
    assert_interrupted(lambda: tidings.Themes(n_themes=60, seed=0).fit(texts))


def test_ctrl_c_stops_a_report(un_sample):
    import pandas as pd

    texts = un_sample * 6
    frame = pd.DataFrame({"text": texts, "date": [str(1970 + i % 50) for i in range(len(texts))]})
    # Uncancelled: 8.6 s with the sample four times, longer with six.
    assert_interrupted(lambda: tidings.report(frame, n_themes=60))


def test_fits_run_from_other_threads():
    # Off the main thread there are no signals to look for: the worker
    # thread still runs the fit and its result comes back.
    from concurrent.futures import ThreadPoolExecutor

    texts = ["Cargo ships queued at the container terminal."] * 6 + [
        "Voters queued at polling stations to cast ballots."
    ] * 6
    with ThreadPoolExecutor(3) as pool:
        shapes = list(pool.map(lambda s: tidings.Themes(n_themes=2, seed=s).fit(texts).weights_.shape, range(3)))
    assert shapes == [(12, 2)] * 3
