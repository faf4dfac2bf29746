#!/usr/bin/env python3
"""Reference Jeffreys intervals for crates/timeline/tests/intervals.rs.

Pinned (scripts/requirements.txt): scipy==1.17.1; the versions that ran are
recorded in the fixture.

    python3 scripts/gen_interval_fixtures.py       # from the repository root

The timeline's share interval is the Bayesian bootstrap with a Jeffreys
prior (crates/timeline/src/prevalence.rs). When each of a period's n
documents has the same length and lies wholly in the theme (x of them) or
wholly outside it, its posterior draws of the share are exactly
Beta(x + 1/2, n - x + 1/2) (the Dirichlet aggregation property), so its
equal-tailed interval is the Jeffreys interval of Brown, Cai & DasGupta
(Statist. Sci. 16:101-133, 2001). For every case this records the lower
and upper quantiles, scipy.stats.beta.ppf, and the Beta density there,
scipy.stats.beta.pdf, from which the test derives the Monte Carlo standard
error of an empirical quantile of S draws: sqrt(q (1 - q) / S) / pdf.
"""
import json
import os
import sys

import scipy
from scipy import stats

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates/timeline/tests/fixtures/jeffreys_reference.json")

CASES = [(1, 0), (1, 1), (2, 1), (3, 0), (3, 1), (3, 2), (5, 1), (10, 3), (12, 6),
         (20, 5), (30, 21), (40, 10), (50, 4), (100, 30)]
LEVELS = [0.5, 0.8, 0.9, 0.95]


def main():
    cases = []
    for n, x in CASES:
        a, b = x + 0.5, n - x + 0.5
        for level in LEVELS:
            lo_q, hi_q = (1 - level) / 2, (1 + level) / 2
            lo, hi = stats.beta.ppf([lo_q, hi_q], a, b)
            cases.append({
                "n": n,
                "x": x,
                "confidence": level,
                "low": {"q": lo_q, "quantile": float(lo), "density": float(stats.beta.pdf(lo, a, b))},
                "high": {"q": hi_q, "quantile": float(hi), "density": float(stats.beta.pdf(hi, a, b))},
            })
    fixture = {
        "generator": "scripts/gen_interval_fixtures.py",
        "versions": {"python": sys.version.split()[0], "scipy": scipy.__version__},
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, indent=1)
        fh.write("\n")
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
