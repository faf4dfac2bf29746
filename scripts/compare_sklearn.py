#!/usr/bin/env python3
"""Time scikit-learn's TfidfVectorizer and the Rust vectorizer side by side.

Each run is a separate process so that its peak RSS is its own
(ru_maxrss of the child). Usage:

    python3 scripts/compare_sklearn.py [CORPUS_DIR] [--rust BINARY] [--limit-mb N]
    python3 scripts/compare_sklearn.py DIR [DIR ...] --cli target/release/tidings [--runs 3]

CORPUS_DIR defaults to /work/data/TXT (all *.txt files, sorted by path).
The Rust side runs `BINARY CORPUS_DIR sklearn|default one-pass`; build it with
`cargo build --release -p tidings-tfidf --example vectorize_dir`.

Growth mode (`--cli`): for every DIR in turn (e.g. the nested UN subsets of
`scripts/make_un_subsets.py` and a corpus from the `scale_corpus` example),
runs `tidings vectorize DIR --output TMP --force -q`, the same with
`--stream`, and scikit-learn's equivalent of the case, `--runs` times each
(in turn, A B C A B C ...), and prints a Markdown table of median wall time,
MB/s over the files' bytes, peak RSS and the ratios. `--skip-sklearn-above-mb N`
leaves scikit-learn out above N MB (it needs about 9 times the corpus in memory
for the default case).
Pinned: scikit-learn==1.9.1 (scripts/requirements.txt).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

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


def corpus_bytes(root):
    return sum(os.path.getsize(os.path.join(d, f))
               for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt"))


def growth(args):
    """One table row per corpus: tidings in memory, tidings --stream, scikit-learn."""
    print(f"| corpus | MB | tidings wall | MB/s | peak | --stream wall | MB/s | peak "
          f"| scikit-learn wall | MB/s | peak | speed-up | memory ratio |")
    print("|---" * 13 + "|")
    for corpus in args.corpus:
        mb = corpus_bytes(corpus) / 1e6
        with tempfile.TemporaryDirectory() as out:
            preset = ["--preset", "sklearn"] if args.cases == "sklearn" else []
            cmds = {
                "mem": [args.cli, "vectorize", corpus, *preset, "--output", out, "--force", "-q"],
                "stream": [args.cli, "vectorize", corpus, *preset, "--stream", "--output", out,
                           "--force", "-q"],
            }
            if args.skip_sklearn_above_mb is None or mb <= args.skip_sklearn_above_mb:
                cmds["sk"] = [sys.executable, "-c", CHILD, corpus, SKLEARN_CASES[args.cases]]
            runs = {k: [] for k in cmds}
            for _ in range(args.runs):
                for k, cmd in cmds.items():
                    wall, rss, _ = measure(cmd)
                    runs[k].append((wall, rss / 1024))
        med = {k: (statistics.median(w for w, _ in v), statistics.median(r for _, r in v))
               for k, v in runs.items()}
        cells = [os.path.basename(corpus.rstrip("/")), f"{mb:.0f}"]
        for k in ("mem", "stream", "sk"):
            if k in med:
                wall, rss = med[k]
                cells += [f"{wall:.2f} s", f"{mb / wall:.1f}", f"{rss:.0f} MB"]
            else:
                cells += ["—", "—", "—"]
        if "sk" in med:
            cells += [f"{med['sk'][0] / med['mem'][0]:.1f}x", f"{med['mem'][1] / med['sk'][1]:.2f}"]
        else:
            cells += ["—", "—"]
        print("| " + " | ".join(cells) + " |", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="*", default=["/work/data/TXT"])
    ap.add_argument("--rust", default="target/release/examples/vectorize_dir")
    ap.add_argument("--cli", default=None, help="the tidings binary: growth mode")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-sklearn-above-mb", type=float, default=None)
    ap.add_argument("--limit-mb", type=int, default=None)
    ap.add_argument("--cases", default=None)
    args = ap.parse_args()
    if args.cli:
        args.cases = args.cases or "default"
        if args.cases not in SKLEARN_CASES:
            sys.exit(f"growth mode takes one case: {', '.join(SKLEARN_CASES)}")
        growth(args)
        return
    args.cases = args.cases or "sklearn,default"
    args.corpus = args.corpus[0]
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
