#!/usr/bin/env python3
"""Reference Kleinberg bursts for crates/timeline/tests/burst_reference.rs.

Pinned (scripts/requirements.txt): burst_detection==0.1.3 (with mpmath),
numpy, scipy; the versions that ran are recorded in the fixture.

    pip install -r scripts/requirements.txt
    python3 scripts/gen_burst_fixtures.py          # from the repository root

The model is Kleinberg's two-state batched model (KDD 2002, section 4.1),
as in the `burst_detection` package: base rate p0 = Σr / Σd, burst rate
p1 = s·p0, state cost −ln[C(d, r) p^r (1 − p)^(d − r)], cost γ·ln n to move
up, nothing to move down, starting in the base state. A burst's weight is
Σ (cost₀ − cost₁) over its periods.

`burst_detection.burst_detection` does not run the Viterbi algorithm: it
picks, period by period, the cheaper state given the previous one (a greedy
path), which is not always the cheapest sequence; and in 0.1.3 it fails
under numpy 2 (`q[t] = np.where(...)`). So the reference states here are
the exact optimum of the model's total cost:

* series of at most 16 periods: exhaustive search over all 2^n sequences;
* longer series: a textbook Viterbi written here, itself checked against the
  exhaustive search on every short series.

Costs use scipy.stats.binom.logpmf (with the binomial coefficient, unlike
tidings, where it cancels). Weights come from `burst_detection.burst_weights`
(mpmath costs) applied to the optimal bursts, and are checked against the
logpmf cost differences.

All parameter sets keep s·p0 < 0.99999 (the package's cap on p1; tidings
caps at 1 − 1e−9), so the caps never apply.
"""
import itertools
import json
import math
import os
import sys

import numpy as np

# burst_detection 0.1.3 calls np.float, removed in numpy 1.24.
np.float = float  # noqa: E305
import burst_detection as bd  # noqa: E402
import mpmath  # noqa: E402
import pandas as pd  # noqa: E402
import scipy  # noqa: E402
from scipy.stats import binom  # noqa: E402
from importlib.metadata import version  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates/timeline/tests/fixtures/bursts_reference.json")
PARAMS = [(1.5, 0.5), (2.0, 1.0), (2.0, 0.3), (3.0, 1.0), (2.5, 2.0)]


def series():
    out = {}
    r = [3] * 30
    for t in range(12, 18):
        r[t] = 20
    out["planted_one"] = (r, [60] * 30)
    rng = np.random.default_rng(11)
    d = rng.integers(20, 81, size=40)
    p = np.full(40, 0.08)
    p[8:12] = 0.3
    p[25:31] = 0.22
    out["two_bursts"] = (rng.binomial(d, p).tolist(), d.tolist())
    d = rng.integers(30, 50, size=25)
    out["flat"] = (rng.binomial(d, 0.1).tolist(), d.tolist())
    out["empty_periods"] = (
        [2, 1, 0, 9, 10, 0, 2, 1, 3, 0, 2, 1],
        [40, 35, 0, 40, 38, 0, 41, 30, 44, 20, 39, 36],
    )
    out["at_both_ends"] = (
        [12, 11, 2, 1, 2, 3, 1, 2, 2, 1, 10, 13, 12],
        [50, 45, 50, 48, 52, 47, 50, 51, 49, 50, 48, 50, 52],
    )
    rng = np.random.default_rng(23)
    d = rng.integers(5, 15, size=16)
    p = np.full(16, 0.15)
    p[5:8] = 0.5
    out["small_counts"] = (rng.binomial(d, p).tolist(), d.tolist())
    return out


def costs(r, d, p0, p1):
    c = np.zeros((len(r), 2))
    for t, (rt, dt) in enumerate(zip(r, d)):
        if dt > 0:
            c[t, 0] = -binom.logpmf(rt, dt, p0)
            c[t, 1] = -binom.logpmf(rt, dt, p1)
    return c


def total(q, c, up):
    prev, cost = 0, 0.0
    for t, s in enumerate(q):
        if s > prev:
            cost += up
        cost += c[t, s]
        prev = s
    return cost


def exhaustive(c, up):
    n = len(c)
    best = None
    for q in itertools.product((0, 1), repeat=n):
        v = total(q, c, up)
        if best is None or v < best[0] - 1e-12:
            best = (v, list(q))
    return best[1]


def viterbi(c, up):
    n = len(c)
    cost = [0.0, math.inf]
    back = []
    for t in range(n):
        to0 = min((cost[0], 0), (cost[1], 1))
        to1 = min((cost[0] + up, 0), (cost[1], 1))
        back.append((to0[1], to1[1]))
        cost = [to0[0] + c[t, 0], to1[0] + c[t, 1]]
    s = 0 if cost[0] <= cost[1] else 1
    q = [0] * n
    for t in range(n - 1, -1, -1):
        q[t] = s
        s = back[t][s]
    return q


def spans(q):
    out, t = [], 0
    while t < len(q):
        if q[t] == 1:
            start = t
            while t < len(q) and q[t] == 1:
                t += 1
            out.append((start, t - 1))
        else:
            t += 1
    return out


def main():
    cases = []
    for name, (r, d) in series().items():
        n = len(r)
        for s, gamma in PARAMS:
            p0 = sum(r) / sum(d)
            p1 = s * p0
            assert p1 < 0.99999, (name, s)
            up = gamma * math.log(n)
            c = costs(r, d, p0, p1)
            q = viterbi(c, up)
            if n <= 16:
                assert exhaustive(c, up) == q, (name, s, gamma)
            # The package's weights for the optimal bursts.
            bursts = pd.DataFrame(
                {
                    "label": "x",
                    "begin": [a for a, _ in spans(q)],
                    "end": [b for _, b in spans(q)],
                    "weight": 0.0,
                }
            )
            rs, ds = pd.Series(r, dtype=float), pd.Series(d, dtype=float)
            weighted = bd.burst_weights(bursts, rs, ds, {0: p0, 1: p1}).sort_values("begin")
            weights = [float(w) for w in weighted["weight"]]
            # Our own cost differences agree with the package's.
            for (a, b), w in zip(spans(q), weights):
                mine = sum(c[t, 0] - c[t, 1] for t in range(a, b + 1))
                assert abs(mine - w) <= 1e-9 * max(1.0, abs(w)), (name, mine, w)
            cases.append(
                {
                    "series": name,
                    "s": s,
                    "gamma": gamma,
                    "relevant": r,
                    "total": d,
                    "p0": p0,
                    "states": q,
                    "bursts": [
                        {"start": a, "end": b, "weight": w}
                        for (a, b), w in zip(spans(q), weights)
                    ],
                }
            )
    fixture = {
        "generator": "scripts/gen_burst_fixtures.py",
        "versions": {
            "python": sys.version.split()[0],
            "burst_detection": version("burst_detection"),
            "mpmath": mpmath.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "pandas": pd.__version__,
        },
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, indent=1)
        fh.write("\n")
    for c in cases:
        print(c["series"], c["s"], c["gamma"],
              [(b["start"], b["end"], round(b["weight"], 3)) for b in c["bursts"]])


if __name__ == "__main__":
    main()
