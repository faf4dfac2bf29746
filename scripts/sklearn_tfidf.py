#!/usr/bin/env python3
"""scikit-learn's side of `tidings vectorize`, as one whole process.

    python3 scripts/sklearn_tfidf.py DIR sklearn   # TfidfVectorizer()
    python3 scripts/sklearn_tfidf.py DIR default   # ngram_range=(1,2), min_df=5, stop_words='english', sublinear_tf=True

Reads every *.txt under DIR (sorted by path), fits and transforms, prints the shape.
Time it with /usr/bin/time -v or hyperfine against
`tidings vectorize DIR --preset sklearn|default --output OUT --force`.
Pinned: scikit-learn==1.9.1 (scripts/requirements.txt).
"""
import os
import sys

from sklearn.feature_extraction.text import TfidfVectorizer

CASES = {
    "sklearn": dict(),
    "default": dict(ngram_range=(1, 2), min_df=5, stop_words="english", sublinear_tf=True),
}

root, case = sys.argv[1], sys.argv[2]
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt"))
docs = [open(p, encoding="utf-8").read() for p in paths]
X = TfidfVectorizer(**CASES[case]).fit_transform(docs)
print(f"{X.shape[0]} docs, {X.shape[1]} features, nnz {X.nnz}")
