#!/usr/bin/env python3
"""Reference NPMI coherence and exclusivity for
crates/topics/tests/quality_reference.rs.

Pinned (scripts/requirements.txt): scikit-learn==1.9.1 (only to count
words), numpy; the versions that ran are recorded in the fixture.

    python3 scripts/gen_quality_fixtures.py        # from the repository root

Data: a real passage matrix. Twelve speeches from corpus/ungdc-sample (every
19th file in sorted path order), cut into passages of 5 hard-wrapped lines;
CountVectorizer(stop_words='english', min_df=4) counts. Each passage belongs
to its speech (the document).

Themes: six components over the features, each with exactly eight positive
weights (distinct, decreasing) on terms drawn from the 40 most frequent, with
overlaps between themes (numpy default_rng(41)). Their top terms are those
eight, in weight order.

References, written out plainly here:

* NPMI coherence of a theme: the mean over all pairs of its top terms of
  ln(p(a, b) / (p(a) p(b))) / −ln p(a, b), where p(·) is the fraction of
  co-occurrence units (documents when passages map to documents, else the
  passages themselves) containing the term(s), presence = any non-zero count
  in any of the unit's passages. No smoothing. A pair that never co-occurs
  scores −1; a pair present in every unit (p(a, b) = 1) scores 1.
* Exclusivity (stm's, Roberts et al. 2014, `stm::calcfrex` with weight 1 on
  exclusivity before ranking): with each theme's row of H scaled to sum 1
  (β), excl(t, j) = β(t, j) / Σ_s β(s, j); a theme's exclusivity is the mean
  over its top terms. (FREX and stm's FREX-based `exclusivity()` are
  checked by scripts/gen_frex_fixtures.py.)
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates/topics/tests/fixtures/quality_reference.json")
K, TOP = 6, 8


def passages():
    base = os.path.join(ROOT, "corpus/ungdc-sample")
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(base) for f in fs if f.endswith(".txt")
    )
    chosen = files[::19][:12]
    texts, docs = [], []
    for i, path in enumerate(chosen):
        with open(path, encoding="utf-8") as fh:
            lines = [l.strip() for l in fh if l.strip()]
        for j in range(0, len(lines), 5):
            texts.append(" ".join(lines[j : j + 5]))
            docs.append(i)
    return texts, docs, len(chosen), [os.path.relpath(p, ROOT) for p in chosen]


def npmi(sets, top, n):
    total, pairs = 0.0, 0
    for a in range(len(top)):
        for b in range(a + 1, len(top)):
            sa, sb = sets[top[a]], sets[top[b]]
            both = len(sa & sb)
            pairs += 1
            if both == 0:
                total += -1.0
                continue
            p_ab = both / n
            pmi = np.log(p_ab / ((len(sa) / n) * (len(sb) / n)))
            total += 1.0 if p_ab == 1.0 else pmi / -np.log(p_ab)
    return total / pairs


def main():
    texts, docs, n_docs, files = passages()
    vec = CountVectorizer(stop_words="english", min_df=4)
    x = vec.fit_transform(texts).tocsr()
    x.sort_indices()
    features = vec.get_feature_names_out().tolist()
    m = len(features)
    freq = np.asarray(x.sum(axis=0)).ravel()
    pool = np.argsort(-freq, kind="stable")[:40]
    rng = np.random.default_rng(41)
    h = np.zeros((K, m))
    for t in range(K):
        terms = rng.choice(pool, size=TOP, replace=False)
        h[t, terms] = np.sort(rng.uniform(0.05, 1.0, size=TOP))[::-1] + np.arange(TOP)[::-1] * 1e-3
    tops = [sorted(np.nonzero(h[t])[0].tolist(), key=lambda j: (-h[t, j], j)) for t in range(K)]
    # Presence sets per term: passages, and documents.
    rows_of = {j: set() for j in range(m)}
    for i in range(x.shape[0]):
        for j in x.indices[x.indptr[i] : x.indptr[i + 1]]:
            rows_of[int(j)].add(i)
    docs_of = {j: {docs[i] for i in rows} for j, rows in rows_of.items()}
    beta = h / h.sum(axis=1, keepdims=True)
    excl = beta / beta.sum(axis=0, keepdims=True).clip(min=np.finfo(float).tiny)
    themes = []
    for t in range(K):
        themes.append(
            {
                "top": tops[t],
                "npmi_documents": float(npmi(docs_of, tops[t], n_docs)),
                "npmi_passages": float(npmi(rows_of, tops[t], x.shape[0])),
                "exclusivity": float(np.mean([excl[t, j] for j in tops[t]])),
            }
        )
    lengths = [float(len(t.split())) for t in texts]
    fixture = {
        "generator": "scripts/gen_quality_fixtures.py",
        "versions": {"python": sys.version.split()[0], "scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "source_files": files,
        "features": features,
        "matrix": {
            "shape": list(x.shape),
            "indptr": x.indptr.tolist(),
            "indices": x.indices.tolist(),
            "data": x.data.astype(float).tolist(),
        },
        "documents": docs,
        "lengths": lengths,
        "n_documents": n_docs,
        "components": h.tolist(),
        "themes": themes,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, separators=(",", ":"))
        fh.write("\n")
    print(x.shape, "nnz", x.nnz, "documents", n_docs)
    for t in themes:
        print([features[j] for j in t["top"]], round(t["npmi_documents"], 4), round(t["npmi_passages"], 4), round(t["exclusivity"], 4))


if __name__ == "__main__":
    main()
