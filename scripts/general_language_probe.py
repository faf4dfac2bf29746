#!/usr/bin/env python3
"""Probes of "general language" (issue 13, point 2) on a labelled corpus.

Reads the JSON of `tidings themes CORPUS.jsonl --themes K --format json
--label-field label` and the same JSON Lines corpus (`text`, `label`), and
prints two measurements recorded in BENCHMARKS.md ("General language"):

  fold   the NMI of the dominant theme against the labels when one theme is
         folded into general language (its documents get their next theme),
         for every theme in turn: does folding a filler theme give documents
         more meaningful dominant themes?
  gtest  a term-level test of "a term is general language when its use does
         not depend on the theme": the G-statistic of the term x dominant-theme
         table of counts (scikit-learn's English stop words, min_df 5,
         max_df 0.5) against a permutation null (dominant themes shuffled over
         documents, 99 permutations, seed 0), for the 60 most frequent terms.

Usage: general_language_probe.py CORPUS.jsonl THEMES.json [--field label] [--show WORD...]
"""
import argparse
import json

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import normalized_mutual_info_score


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("themes")
    ap.add_argument("--field", default="label")
    ap.add_argument("--show", nargs="*", default=["think", "going", "things", "people", "know"],
                    help="terms whose G-statistic to print beside the 12 most frequent")
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    labels = [str(r.get(args.field, "")) for r in rows]
    report = json.load(open(args.themes, encoding="utf-8"))
    names = {t["id"]: t["label"] for t in report["themes"]}

    def dominant(fold):
        out = []
        for d in report["documents"]:
            kept = [t for t in d["themes"] if t["id"] not in fold]
            out.append(kept[0]["id"] if kept else -1)
        return out

    print(f"fold: none -> NMI {normalized_mutual_info_score(labels, dominant(set())):.3f}")
    for t in sorted(names):
        nmi = normalized_mutual_info_score(labels, dominant({t}))
        print(f"fold: theme {t} ({names[t]}) -> NMI {nmi:.3f}")

    dom = np.array(dominant(set()))
    cv = CountVectorizer(stop_words="english", min_df=5, max_df=0.5)
    x = cv.fit_transform([r.get("text", "") for r in rows]).tocsr().astype(float)
    terms = np.array(cv.get_feature_names_out())
    ids = sorted(set(dom))

    def g_stat(assign):
        m = np.vstack([np.asarray(x[assign == t].sum(0)).ravel() for t in ids])
        e = np.outer(m.sum(1), m.sum(0)) / m.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            return 2 * np.where(m > 0, m * np.log(m / e), 0).sum(0), m.sum(0)

    g, n = g_stat(dom)
    rng = np.random.default_rng(0)
    null = np.array([g_stat(rng.permutation(dom))[0] for _ in range(99)])
    p = (1 + (null >= g).sum(0)) / 100
    top = np.argsort(-n)[:60]
    independent = [terms[j] for j in top if p[j] > 0.05]
    print(f"gtest: of the 60 most frequent terms, {len(independent)} independent of the theme "
          f"(p > 0.05): {independent}")
    shown = list(top[:12]) + [cv.vocabulary_[w] for w in args.show if w in cv.vocabulary_]
    for j in shown:
        print(f"gtest: {terms[j]}: G {g[j]:.0f}, null mean {null[:, j].mean():.0f}, p {p[j]:.2f}")


if __name__ == "__main__":
    main()
