#!/usr/bin/env python3
"""Reference weighted trend slopes for crates/timeline/tests/trend_reference.rs.

Pinned (scripts/requirements.txt): statsmodels==0.15.0, numpy==2.4.6; the
versions that ran are recorded in the fixture.

    python3 scripts/gen_wls_fixtures.py            # from the repository root

Each case is a list of documents: a date, a length and a theme-0 weight a
(the document's weights are (a, 1 - a)). tidings places them in calendar
periods (day, ISO week, month, quarter or year), computes each period's
share of theme 0 as sum(length * a) / sum(length), and fits the trend as
weighted least squares of the share on the period's mid-point in years,
1970 + (start + end + 1) / 2 / 365.2425 with start and end as days since
1970-01-01 (end inclusive), each non-empty period weighted by its number
of documents (crates/timeline/src/trend.rs). The reference does the same
with Python's calendar and fits statsmodels.WLS(share, [1, x],
weights=documents): slope, its standard error (bse), its two-sided p-value
(Student's t on m - 2 degrees of freedom) and the degrees of freedom.
"""
import datetime as dt
import json
import os
import sys

import numpy as np
import statsmodels
import statsmodels.api as sm

# The period bounds and mid-years of the equal-weight trend reference.
from gen_trend_fixtures import bounds, mid_year

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates/timeline/tests/fixtures/wls_reference.json")


def case(name, granularity, docs):
    periods = {}
    for day, length, a in docs:
        periods.setdefault(bounds(day, granularity), []).append((length, a))
    keys = sorted(periods)
    xs = np.array([mid_year(*k) for k in keys])
    ys = np.array([sum(l * a for l, a in periods[k]) / sum(l for l, _ in periods[k]) for k in keys])
    ws = np.array([float(len(periods[k])) for k in keys])
    fit = sm.WLS(ys, sm.add_constant(xs), weights=ws).fit()
    return {
        "name": name,
        "granularity": granularity,
        "documents": [{"date": d.isoformat(), "length": float(l), "weight": float(a)} for d, l, a in docs],
        "mid_years": xs.tolist(),
        "shares": ys.tolist(),
        "weights": ws.tolist(),
        "slope": float(fit.params[1]),
        "std_error": float(fit.bse[1]),
        "p_value": float(fit.pvalues[1]),
        "df_resid": float(fit.df_resid),
    }


def main():
    rng = np.random.default_rng(53)
    cases = []
    # Monthly, 2019-01 to 2021-12, 1 to 40 documents per month, one month
    # empty, rising with noise; lengths vary.
    docs = []
    for m in range(36):
        if m == 17:
            continue
        n = int(rng.integers(1, 41))
        for _ in range(n):
            day = dt.date(2019 + m // 12, m % 12 + 1, int(rng.integers(1, 29)))
            a = float(np.clip(0.15 + 0.006 * m + 0.2 * rng.standard_normal(), 0.0, 1.0))
            docs.append((day, float(rng.integers(20, 400)), a))
    cases.append(case("monthly_rising_unequal_counts", "month", docs))
    # Issue 14's case, weekly: well-filled weeks (30-60 documents) with a
    # flat share, and near-empty weeks (1 document) at extreme shares.
    docs = []
    start = dt.date(2016, 12, 5)
    for w in range(16):
        monday = start + dt.timedelta(weeks=w)
        if w in (0, 1, 14, 15):
            docs.append((monday + dt.timedelta(days=2), 300.0, 1.0 if w < 2 else 0.0))
            continue
        for _ in range(int(rng.integers(30, 61))):
            a = float(np.clip(0.3 + 0.25 * rng.standard_normal(), 0.0, 1.0))
            docs.append((monday + dt.timedelta(days=int(rng.integers(0, 7))), float(rng.integers(100, 900)), a))
    cases.append(case("weekly_flat_with_near_empty_weeks", "week", docs))
    # Quarterly, falling, 2 to 12 documents per quarter.
    docs = []
    for q in range(20):
        for _ in range(int(rng.integers(2, 13))):
            day = dt.date(2001 + q // 4, 3 * (q % 4) + 1 + int(rng.integers(0, 3)), int(rng.integers(1, 29)))
            a = float(np.clip(0.6 - 0.015 * q + 0.15 * rng.standard_normal(), 0.0, 1.0))
            docs.append((day, float(rng.integers(50, 150)), a))
    cases.append(case("quarterly_falling", "quarter", docs))
    # Five years (the fewest with a trend) across a leap day, 1 to 6
    # documents a year.
    docs = []
    for y, n in zip(range(1998, 2003), [1, 6, 2, 5, 3]):
        for i in range(n):
            day = dt.date(y, 2, 28) + dt.timedelta(days=int(rng.integers(0, 300)))
            docs.append((day, float(rng.integers(10, 1000)), float(rng.uniform(0.0, 1.0))))
    cases.append(case("five_years", "year", docs))
    fixture = {
        "generator": "scripts/gen_wls_fixtures.py",
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "statsmodels": statsmodels.__version__,
        },
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, separators=(",", ":"))
        fh.write("\n")
    for c in cases:
        print(c["name"], len(c["documents"]), "documents", len(c["shares"]), "periods",
              c["slope"], c["std_error"], c["p_value"])


if __name__ == "__main__":
    main()
