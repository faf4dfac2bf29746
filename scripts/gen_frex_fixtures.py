#!/usr/bin/env python3
"""Reference FREX and exclusivity scores for crates/topics/tests/frex_reference.rs,
computed as the R package stm computes them.

Pinned (scripts/requirements.txt): numpy==2.4.6, scipy==1.17.1; the
versions that ran are recorded in the fixture.

    python3 scripts/gen_frex_fixtures.py           # from the repository root

stm (Roberts, Stewart & Tingley; github.com/bstewart/stm, R/calcfrex.R and
R/exclusivity.R, read at commit 0668fa6) computes, from a topic-word matrix
logbeta (K x V, each row a log word distribution):

    calcfrex <- function(logbeta, w=.5, wordcounts=NULL) {
      excl <- t(t(logbeta) - col.lse(logbeta))
      freqscore <- apply(logbeta,1,data.table::frank)/ncol(logbeta)
      exclscore <- apply(excl,1,data.table::frank)/ncol(logbeta)
      frex <- 1/(w/freqscore + (1-w)/exclscore)
      apply(frex,2,order,decreasing=TRUE)
    }

    exclusivity <- function(model, M=10, frexw=.7) {
      w <- frexw
      tbeta <- t(exp(model$beta$logbeta[[1]]))
      s <- rowSums(tbeta)
      mat <- tbeta/s
      ex <- apply(mat,2,rank)/nrow(mat)
      fr <- apply(tbeta,2,rank)/nrow(mat)
      frex<- 1/(w/ex + (1-w)/fr)
      index <- apply(tbeta, 2, order, decreasing=TRUE)[1:M,]
      out <- vector(length=ncol(tbeta))
      for(i in 1:ncol(frex)) out[i] <- sum(frex[index[,i],i])
      out
    }

calcfrex returns the orders; the scores before `order` are recorded here
(labelTopics ranks terms by them). Note that calcfrex's w weighs frequency
and exclusivity's frexw weighs exclusivity. frank and rank both default to average
ranks for ties, as scipy.stats.rankdata(method="average"). The functions
below transcribe the R code line by line; col.lse is a column-wise
log-sum-exp. An NMF model's components become logbeta by scaling each
theme's row to sum 1 and taking the log (log 0 = -inf, ranked lowest).

Matrices: a hand-made 3 x 9 one with zero weights and two identical
columns (tied ranks), a random 5 x 30 one with 40 % zeros (numpy
default_rng(61)), and the six UN-passage components of
crates/topics/tests/fixtures/quality_reference.json.
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy.special import logsumexp
from scipy.stats import rankdata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates/topics/tests/fixtures/frex_reference.json")
QUALITY = os.path.join(ROOT, "crates/topics/tests/fixtures/quality_reference.json")


def logbeta_of(h):
    beta = h / h.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        return np.log(beta)


def calcfrex_scores(logbeta, w):
    excl = logbeta - logsumexp(logbeta, axis=0, keepdims=True)  # t(t(logbeta) - col.lse(logbeta))
    v = logbeta.shape[1]
    freqscore = np.array([rankdata(row, method="average") for row in logbeta]) / v
    exclscore = np.array([rankdata(row, method="average") for row in excl]) / v
    return 1.0 / (w / freqscore + (1.0 - w) / exclscore)


def stm_exclusivity(logbeta, m, frexw):
    w = frexw
    tbeta = np.exp(logbeta).T  # V x K
    s = tbeta.sum(axis=1, keepdims=True)
    mat = tbeta / s
    ex = np.column_stack([rankdata(mat[:, k], method="average") for k in range(mat.shape[1])]) / mat.shape[0]
    fr = np.column_stack([rankdata(tbeta[:, k], method="average") for k in range(tbeta.shape[1])]) / mat.shape[0]
    frex = 1.0 / (w / ex + (1.0 - w) / fr)
    out = []
    for k in range(tbeta.shape[1]):
        # order(decreasing=TRUE): ties keep their original (lower index first) order.
        index = np.argsort(-tbeta[:, k], kind="stable")[:m]
        out.append(float(frex[index, k].sum()))
    return out


def entry(name, h):
    logbeta = logbeta_of(h)
    return {
        "name": name,
        "components": h.tolist(),
        "frex": {str(w): calcfrex_scores(logbeta, w).tolist() for w in (0.5, 0.7, 0.25)},
        "exclusivity": {
            f"{m}_{w}": stm_exclusivity(logbeta, m, w) for m, w in ((10, 0.7), (5, 0.7), (3, 0.5))
        },
    }


def main():
    hand = np.array([
        [0.40, 0.20, 0.00, 0.10, 0.10, 0.05, 0.15, 0.00, 0.30],
        [0.00, 0.10, 0.50, 0.10, 0.10, 0.20, 0.00, 0.05, 0.10],
        [0.10, 0.00, 0.05, 0.30, 0.30, 0.00, 0.25, 0.35, 0.20],
    ])  # columns 3 and 4 identical
    rng = np.random.default_rng(61)
    rand = rng.uniform(0.01, 1.0, size=(5, 30)) * (rng.uniform(size=(5, 30)) > 0.4)
    rand[:, rand.sum(axis=0) == 0] = 0.5  # every term weighed by some theme
    with open(QUALITY, encoding="utf-8") as fh:
        un = np.array(json.load(fh)["components"])
    un = un[:, un.sum(axis=0) > 0]  # the terms some theme weighs
    fixture = {
        "generator": "scripts/gen_frex_fixtures.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
        "stm": "R/calcfrex.R and R/exclusivity.R at commit 0668fa6, transcribed",
        "matrices": [entry("hand_ties", hand), entry("random_sparse", rand), entry("un_passages", un)],
    }
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, separators=(",", ":"))
        fh.write("\n")
    for m in fixture["matrices"]:
        print(m["name"], np.array(m["components"]).shape, m["exclusivity"]["10_0.7"])


if __name__ == "__main__":
    main()
