#!/usr/bin/env python3
"""Reference NMF runs for crates/topics/tests/nmf_reference.rs.

Pinned: scikit-learn==1.9.1 (scripts/requirements.txt); the versions that ran
are recorded in the fixture and the scikit-learn one is checked below.

    pip install -r scripts/requirements.txt
    python3 scripts/gen_nmf_fixtures.py            # from the repository root

Writes crates/topics/tests/fixtures/nmf_sklearn.json. For every matrix:

* the matrix itself (CSR: shape, indptr, indices, data), so the Rust test
  needs neither Python nor the corpus pipeline;
* scikit-learn's NNDSVDa start (`_initialize_nmf(X, k, init='nndsvda')`,
  the exact factors `NMF(init='nndsvda')` starts from);
* `NMF(init='custom', solver='cd', beta_loss='frobenius', shuffle=False,
  tol=0, alpha_W=alpha_H=0)` from that start after 1, 2, 5, 10, 20, 50, 100
  and 200 iterations: `reconstruction_err_` (= ‖X − WH‖_F) at each, and W, H
  after the last. With `tol=0` every run does exactly `max_iter` iterations
  (scikit-learn warns that it did not converge; that is expected).
* `NMF(init='nndsvda', solver='cd', ...)` run directly, to show that it is
  the same run as the custom start (its error is recorded too);
* the singular values of X, so the test can tell whether the NNDSVD start
  is determined by X (distinct leading singular values) or depends on the
  SVD solver.

Also writes crates/topics/tests/fixtures/nmf_kl_sklearn.json, the same
matrices under the KL loss: `NMF(init='custom', solver='mu',
beta_loss='kullback-leibler', tol=0, alpha_W=alpha_H=0)` from the same
NNDSVDa start after the same iteration counts (`reconstruction_err_` =
sqrt(2 * D_KL) at each, W and H after the last), and `transform` of the
matrix against the final components with 5000 updates (tol=0): the convex
problem in W that weighing solves, run far enough to stand as its optimum.

Matrices:
* planted: 40 x 30, four planted non-negative factors plus uniform noise
  (numpy default_rng(17)), dense;
* sparse_random: 60 x 45, about 15 % non-zeros uniform in (0, 1]
  (default_rng(5)): no structure, so NMF has many local optima and only the
  same-start comparison is meaningful;
* ungdc_passages: a real passage matrix. Ten speeches from
  corpus/ungdc-sample (every 23rd file in sorted path order), each cut into
  passages of 6 hard-wrapped lines; TfidfVectorizer(stop_words='english',
  min_df=3, max_df=0.5, sublinear_tf=True), rows l2-normalised as tidings
  feeds NMF.
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.sparse as sp
import sklearn
from sklearn.decomposition import NMF
from sklearn.decomposition._nmf import _initialize_nmf
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer

PINNED_SKLEARN = "1.9.1"
ITERATIONS = [1, 2, 5, 10, 20, 50, 100, 200]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates/topics/tests/fixtures/nmf_sklearn.json")
OUT_KL = os.path.join(ROOT, "crates/topics/tests/fixtures/nmf_kl_sklearn.json")
TRANSFORM_ITERATIONS = 5000


def planted():
    rng = np.random.default_rng(17)
    w = rng.gamma(1.0, 1.0, size=(40, 4)) * (rng.random((40, 4)) < 0.5)
    h = np.zeros((4, 30))
    for t in range(4):
        h[t, t * 7 : t * 7 + 9] = rng.random(9) + 0.5
    x = w @ h + 0.05 * rng.random((40, 30))
    return sp.csr_matrix(x), 4


def sparse_random():
    rng = np.random.default_rng(5)
    x = rng.random((60, 45))
    x[rng.random((60, 45)) > 0.15] = 0.0
    x[x > 0] = 1.0 - x[x > 0]  # values in (0, 1]
    return sp.csr_matrix(x), 5


def ungdc_passages():
    base = os.path.join(ROOT, "corpus/ungdc-sample")
    files = sorted(
        os.path.join(d, f)
        for d, _, fs in os.walk(base)
        for f in fs
        if f.endswith(".txt")
    )
    chosen = files[::23][:10]
    passages = []
    for path in chosen:
        with open(path, encoding="utf-8") as fh:
            lines = [l.strip() for l in fh if l.strip()]
        for i in range(0, len(lines), 6):
            passages.append(" ".join(lines[i : i + 6]))
    vec = TfidfVectorizer(stop_words="english", min_df=3, max_df=0.5, sublinear_tf=True)
    x = vec.fit_transform(passages).astype(np.float64)
    keep = np.asarray(x.getnnz(axis=1) > 0)
    x = sp.csr_matrix(x[keep])
    return x, 6, [os.path.relpath(p, ROOT) for p in chosen]


def csr_json(x):
    x = sp.csr_matrix(x)
    x.sort_indices()
    return {
        "shape": list(x.shape),
        "indptr": x.indptr.tolist(),
        "indices": x.indices.tolist(),
        "data": x.data.tolist(),
    }


def model(k, init, iterations):
    return NMF(
        n_components=k,
        init=init,
        solver="cd",
        beta_loss="frobenius",
        tol=0.0,
        max_iter=iterations,
        shuffle=False,
        alpha_W=0.0,
        alpha_H=0.0,
        random_state=0,
    )


def case(name, x, k, extra=None):
    w0, h0 = _initialize_nmf(x, k, init="nndsvda", random_state=0)
    errors = []
    for it in ITERATIONS:
        m = model(k, "custom", it)
        w = m.fit_transform(x, W=w0.copy(), H=h0.copy())
        assert m.n_iter_ == it, (name, it, m.n_iter_)
        errors.append(float(m.reconstruction_err_))
        # scikit-learn's error, recomputed densely, as the test will.
        dense = np.linalg.norm(x.toarray() - w @ m.components_)
        assert abs(dense - m.reconstruction_err_) <= 1e-9 * max(1.0, dense), (name, it)
    direct = model(k, "nndsvda", ITERATIONS[-1])
    w_direct = direct.fit_transform(x)
    assert np.allclose(w_direct @ direct.components_, w @ m.components_, rtol=1e-8, atol=1e-10)
    s = np.linalg.svd(x.toarray(), compute_uv=False)
    out = {
        "name": name,
        "k": k,
        "matrix": csr_json(x),
        "singular_values": s[: k + 1].tolist(),
        "start": {"w": w0.tolist(), "h": h0.tolist()},
        "iterations": ITERATIONS,
        "errors": errors,
        "final": {"w": w.tolist(), "h": m.components_.tolist()},
        "direct_nndsvda_error": float(direct.reconstruction_err_),
    }
    if extra:
        out.update(extra)
    return out


def kl_model(k, iterations):
    return NMF(
        n_components=k,
        init="custom",
        solver="mu",
        beta_loss="kullback-leibler",
        tol=0.0,
        max_iter=iterations,
        alpha_W=0.0,
        alpha_H=0.0,
        random_state=0,
    )


def kl_divergence(x, w, h):
    """D_KL(X || WH) written out densely, as scikit-learn defines it."""
    xd = x.toarray()
    wh = w @ h
    mask = xd > np.finfo(np.float32).eps
    # WH is floored at float32's epsilon only inside the logarithm.
    floored = np.maximum(wh[mask], np.finfo(np.float32).eps)
    return float(np.sum(xd[mask] * np.log(xd[mask] / floored)) + np.sum(wh) - np.sum(xd[mask]))


def kl_case(name, x, k):
    w0, h0 = _initialize_nmf(x, k, init="nndsvda", random_state=0)
    errors = []
    for it in ITERATIONS:
        m = kl_model(k, it)
        w = m.fit_transform(x, W=w0.copy(), H=h0.copy())
        assert m.n_iter_ == it, (name, it, m.n_iter_)
        errors.append(float(m.reconstruction_err_))
        dense = np.sqrt(2.0 * kl_divergence(x, w, m.components_))
        assert abs(dense - m.reconstruction_err_) <= 1e-9 * max(1.0, dense), (name, it)
    m.max_iter = TRANSFORM_ITERATIONS
    weights = m.transform(x)
    return {
        "name": name,
        "k": k,
        "matrix": csr_json(x),
        "start": {"w": w0.tolist(), "h": h0.tolist()},
        "iterations": ITERATIONS,
        "errors": errors,
        "final": {"w": w.tolist(), "h": m.components_.tolist()},
        "transform": {
            "iterations": TRANSFORM_ITERATIONS,
            "w": weights.tolist(),
            "divergence": kl_divergence(x, weights, m.components_),
        },
    }


def main():
    if sklearn.__version__ != PINNED_SKLEARN:
        sys.exit(f"scikit-learn {sklearn.__version__} found, {PINNED_SKLEARN} pinned")
    warnings.simplefilter("ignore", ConvergenceWarning)
    cases = []
    x, k = planted()
    cases.append(case("planted", x, k))
    x, k = sparse_random()
    cases.append(case("sparse_random", x, k))
    x, k, files = ungdc_passages()
    cases.append(case("ungdc_passages", x, k, {"source_files": files}))
    fixture = {
        "generator": "scripts/gen_nmf_fixtures.py",
        "versions": {
            "python": sys.version.split()[0],
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        "model": "NMF(solver='cd', beta_loss='frobenius', shuffle=False, tol=0, alpha_W=0, alpha_H=0)",
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, separators=(",", ":"))
        fh.write("\n")
    kl_cases = []
    x, k = planted()
    kl_cases.append(kl_case("planted", x, k))
    x, k = sparse_random()
    kl_cases.append(kl_case("sparse_random", x, k))
    x, k, files = ungdc_passages()
    kl_cases.append(kl_case("ungdc_passages", x, k))
    kl_fixture = {
        "generator": "scripts/gen_nmf_fixtures.py",
        "versions": fixture["versions"],
        "model": "NMF(init='custom', solver='mu', beta_loss='kullback-leibler', tol=0, alpha_W=0, alpha_H=0)",
        "cases": kl_cases,
    }
    with open(OUT_KL, "w", encoding="utf-8") as fh:
        json.dump(kl_fixture, fh, separators=(",", ":"))
        fh.write("\n")
    for c in kl_cases:
        print("kl", c["name"], "err", c["errors"][-1], "transform D", c["transform"]["divergence"])
    for c in cases:
        print(c["name"], c["matrix"]["shape"], "nnz", len(c["matrix"]["data"]), "k", c["k"],
              "sv", [round(v, 4) for v in c["singular_values"]], "err", c["errors"][-1])


if __name__ == "__main__":
    main()
