#!/usr/bin/env python3
"""Reference values for the agreement measures in crates/topics/src/evaluate.rs.

Prints NMI (arithmetic normalisation), ARI and purity for a few labellings, as
scikit-learn computes them (purity from its contingency matrix: the share of
items in the majority class of their cluster). The Rust tests hold these
values; rerun this script to check them.

Usage: python3 scripts/agreement_fixtures.py   (scikit-learn pinned in scripts/requirements.txt)
"""
import numpy as np
import sklearn
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

CASES = {
    "perfect_relabelled": ([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9]),
    "one_cluster": ([0, 0, 1, 1, 2, 2], [0, 0, 0, 0, 0, 0]),
    "mixed": ([0, 0, 0, 1, 1, 1, 2, 2, 2, 2], [0, 0, 1, 1, 1, 2, 2, 2, 0, 0]),
    "split_classes": ([0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 2, 2, 3, 3]),
    "skewed": ([0] * 7 + [1] * 3 + [2] * 2, [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]),
}

print(f"scikit-learn {sklearn.__version__}")
for name, (truth, pred) in CASES.items():
    cm = contingency_matrix(truth, pred)
    purity = np.sum(np.amax(cm, axis=0)) / np.sum(cm)
    print(
        f"{name}: nmi={normalized_mutual_info_score(truth, pred)!r} "
        f"ari={adjusted_rand_score(truth, pred)!r} purity={purity!r}"
    )
