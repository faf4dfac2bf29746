#!/usr/bin/env python3
"""Time scikit-learn's TfidfVectorizer and the Rust vectorizer side by side.

Each run is a separate process so that its peak RSS is its own
(ru_maxrss of the child). Usage:

    python3 scripts/compare_sklearn.py [CORPUS_DIR] [--rust BINARY] [--limit-mb N]

CORPUS_DIR defaults to /work/data/TXT (all *.txt files, sorted by path).
The Rust side runs `BINARY CORPUS_DIR sklearn|default one-pass`; build it with
`cargo build --release -p tidings-tfidf --example vectorize_dir`.
Pinned: scikit-learn==1.9.1 (scripts/requirements.txt).
"""
import argparse
import subprocess
import sys

SKLEARN_CASES = {
    "sklearn": "TfidfVectorizer()",
    "default": "TfidfVectorizer(ngram_range=(1, 2), min_df=5, stop_words='english', sublinear_tf=True)",
}

CHILD = r"""
import os, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith('.txt'))
limit = int(sys.argv[3]) * 1_000_000 if len(sys.argv) > 3 else None
if limit:
    kept, total = [], 0
    for p in paths:
        total += os.path.getsize(p)
        if total > limit:
            break
        kept.append(p)
    paths = kept
t = time.perf_counter()
docs = [open(p, encoding='utf-8').read() for p in paths]
X = eval(sys.argv[2]).fit_transform(docs)
print(f"{X.shape[0]} docs, vocabulary {X.shape[1]}, nnz {X.nnz}, {time.perf_counter() - t:.2f} s", flush=True)
"""


def measure(cmd):
    """Run cmd under a fresh python wrapper so its ru_maxrss is its own."""
    wrapper = [sys.executable, "-c",
               "import resource,subprocess,sys,time;t=time.perf_counter();"
               "r=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
               "w=time.perf_counter()-t;"
               "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, repr((r.stdout+r.stderr).strip()))"] + cmd
    out = subprocess.run(wrapper, capture_output=True, text=True, check=True).stdout.split(" ", 2)
    return float(out[0]), int(out[1]), eval(out[2])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/work/data/TXT")
    ap.add_argument("--rust", default="target/release/examples/vectorize_dir")
    ap.add_argument("--limit-mb", type=int, default=None)
    ap.add_argument("--cases", default="sklearn,default")
    args = ap.parse_args()
    for case in args.cases.split(","):
        py = [sys.executable, "-c", CHILD, args.corpus, SKLEARN_CASES[case]]
        if args.limit_mb:
            py.append(str(args.limit_mb))
        sk_wall, sk_rss, sk_out = measure(py)
        rs_wall, rs_rss, rs_out = measure([args.rust, args.corpus, case, "one-pass"])
        print(f"{case}: scikit-learn {sk_wall:.2f} s, {sk_rss / 1024:.0f} MB peak ({sk_out})")
        print(f"{case}: rust         {rs_wall:.2f} s, {rs_rss / 1024:.0f} MB peak ({rs_out})")
        print(f"{case}: speed-up {sk_wall / rs_wall:.1f}x, memory ratio {rs_rss / sk_rss:.2f}")


if __name__ == "__main__":
    main()
