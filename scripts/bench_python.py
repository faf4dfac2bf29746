#!/usr/bin/env python3
"""The Python package against scikit-learn, side by side in one run.

1. TF-IDF: `tidings.TfidfVectorizer(preset="sklearn").fit_transform(texts)`
   against scikit-learn's `TfidfVectorizer().fit_transform(texts)`, with
   every text of the corpus already in memory as a list of str.
2. Themes: `tidings.Themes(n_themes=K).fit(X, feature_names=...)` against
   scikit-learn's `NMF(n_components=K)` on the same TF-IDF matrix (the
   settings of scikit-learn's topic-extraction example: min_df=2,
   max_df=0.95, English stop words; the two vectorizers give the same
   matrix, which the script checks).

Each measurement runs in its own child process, so that peak memory is
that call's alone: the child reads the texts, notes its resident memory,
resets the peak (Linux /proc/self/clear_refs), runs the call and reports
the peak resident memory of that first call above the baseline (VmHWM −
VmRSS before; later runs are not counted, since memory freed by one run
need not go back to the system before the next), and the best wall-clock
time of `--repeat` runs.

    pip install -r python/requirements.txt && pip install ./python
    python scripts/bench_python.py /tmp/un/TXT --repeat 3

Prints a Markdown table (the one in BENCHMARKS.md).
"""

import argparse
import json
import os
import subprocess
import sys
import time


def read_texts(root):
    """Every .txt file under root, sorted by path, read as UTF-8 (BOM dropped)."""
    paths = []
    for folder, _, files in os.walk(root):
        paths.extend(os.path.join(folder, f) for f in files if f.endswith(".txt"))
    texts = []
    for p in sorted(paths):
        with open(p, encoding="utf-8-sig", errors="replace") as f:
            texts.append(f.read())
    return texts


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def stop_words():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(ENGLISH_STOP_WORDS)


TOPIC_MATRIX = dict(min_df=2, max_df=0.95)


def topic_matrix(texts):
    import tidings

    v = tidings.TfidfVectorizer(preset="sklearn", stop_words=stop_words(), **TOPIC_MATRIX)
    return v.fit_transform(texts), v.get_feature_names_out()


def relative_error(X, W, H):
    """‖X − WH‖ / ‖X‖ without forming WH: ‖X‖² − 2 tr(Wᵀ X Hᵀ) + tr(WᵀW HHᵀ)."""
    import numpy as np

    xx = float(X.multiply(X).sum())
    cross = float(np.sum(W * (X @ H.T)))
    gram = float(np.sum((W.T @ W) * (H @ H.T)))
    return max(xx - 2 * cross + gram, 0.0) ** 0.5 / xx**0.5


def child(task, root, repeat, k):
    texts = read_texts(root)
    setup = None
    if task in ("themes", "nmf"):
        X, names = topic_matrix(texts)
        del texts
        setup = (X, names)
    import numpy as np  # noqa: F401  (imported before the baseline)
    import tidings
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    baseline = status_kib("VmRSS")
    reset_peak()
    best = float("inf")
    out = {}
    peak_mib = None
    for _ in range(repeat):
        start = time.perf_counter()
        if task == "tidings":
            X = tidings.TfidfVectorizer(preset="sklearn").fit_transform(texts)
        elif task == "sklearn":
            X = TfidfVectorizer().fit_transform(texts)
        elif task == "themes":
            X, names = setup
            model = tidings.Themes(n_themes=k, seed=0).fit(X, feature_names=names)
            W, H = model.weights_, model.components_
        elif task == "nmf":
            X, names = setup
            nmf = NMF(n_components=k, random_state=0)
            W = nmf.fit_transform(X)
            H = nmf.components_
        best = min(best, time.perf_counter() - start)
        if peak_mib is None:
            peak_mib = (status_kib("VmHWM") - baseline) / 1024
        if task in ("tidings", "sklearn"):
            out.update(shape=list(X.shape), nnz=int(X.nnz))
            del X
        else:
            out.update(
                shape=list(setup[0].shape),
                nnz=int(setup[0].nnz),
                relative_error=relative_error(setup[0], W, H),
            )
            if task == "nmf":
                out["iterations"] = int(nmf.n_iter_)
            del W, H
    out.update(seconds=best, peak_mib=peak_mib)
    print(json.dumps(out))


def run(task, args):
    cmd = [sys.executable, __file__, args.corpus, "--child", task, "--repeat", str(args.repeat), "--themes", str(args.themes)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="folder of .txt files (for example /tmp/un/TXT)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per call; the best time is kept")
    ap.add_argument("--themes", type=int, default=20, help="themes / NMF components")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--skip-themes", action="store_true", help="only the TF-IDF comparison")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.corpus, args.repeat, args.themes)
        return

    import numpy as np
    import sklearn
    import tidings
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = read_texts(args.corpus)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"corpus: {len(texts)} texts, {mb:.0f} MB; tidings {tidings.__version__}, "
          f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; {os.cpu_count()} cores")
    # The matrices are equal (checked once, outside the timings).
    ours = tidings.TfidfVectorizer(preset="sklearn")
    theirs = TfidfVectorizer()
    a, b = ours.fit_transform(texts), theirs.fit_transform(texts)
    same_vocab = list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    diff = abs(a - b)
    print(f"same vocabulary: {same_vocab}; max |difference|: {diff.max() if diff.nnz else 0.0:.2e}")
    del a, b, diff, texts

    t, s = run("tidings", args), run("sklearn", args)
    print()
    print("| `fit_transform`, whole corpus in memory | time (best of %d) | peak memory above the texts (first run) |" % args.repeat)
    print("|---|---|---|")
    print(f"| `tidings.TfidfVectorizer(preset=\"sklearn\")` | {t['seconds']:.2f} s | {t['peak_mib']:.0f} MiB |")
    print(f"| scikit-learn `TfidfVectorizer()` | {s['seconds']:.2f} s | {s['peak_mib']:.0f} MiB |")
    print(f"| ratio | **{s['seconds'] / t['seconds']:.1f}× faster** | **{t['peak_mib'] / s['peak_mib']:.2f}× the memory** |")
    print(f"\nmatrix: {t['shape'][0]} × {t['shape'][1]}, {t['nnz']} non-zeros")
    if args.skip_themes:
        return
    m, n = run("themes", args), run("nmf", args)
    print()
    print(f"| {args.themes} themes on the same matrix ({m['shape'][0]} × {m['shape'][1]}, {m['nnz']} non-zeros) | time | peak memory | ‖X − WH‖ / ‖X‖ |")
    print("|---|---|---|---|")
    print(f"| `tidings.Themes(n_themes={args.themes}).fit(X, feature_names=...)` | {m['seconds']:.2f} s | {m['peak_mib']:.0f} MiB | {m['relative_error']:.4f} |")
    print(f"| scikit-learn `NMF(n_components={args.themes})` ({n['iterations']} iterations) | {n['seconds']:.2f} s | {n['peak_mib']:.0f} MiB | {n['relative_error']:.4f} |")


if __name__ == "__main__":
    main()
