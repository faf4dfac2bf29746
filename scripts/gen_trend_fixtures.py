#!/usr/bin/env python3
"""Reference trend slopes for crates/timeline/tests/trend_reference.rs.

Pinned (scripts/requirements.txt): scipy==1.17.1, numpy==2.4.6; the
versions that ran are recorded in the fixture.

    python3 scripts/gen_trend_fixtures.py          # from the repository root

Each case is a share series on calendar periods (months, quarters or years,
some periods empty). The test puts one document in every non-empty period,
dated on the given day, with theme weights (share, 1 − share), so each
period's share is the given value. tidings regresses share on the period's
mid-point in years, `1970 + (start + end + 1) / 2 / 365.2425` with start and
end as days since 1970-01-01 (end inclusive), over the non-empty periods
only. The reference computes the same x from Python's calendar and fits
`scipy.stats.linregress` (ordinary least squares): slope, and for the
record its standard error and scipy's Theil–Sen slope (tidings reports
neither yet).
"""
import calendar
import datetime as dt
import json
import os
import sys

import numpy as np
import scipy
from scipy import stats

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates/timeline/tests/fixtures/trend_reference.json")
EPOCH = dt.date(1970, 1, 1)


def bounds(day, granularity):
    if granularity == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if granularity == "quarter":
        first = 3 * ((day.month - 1) // 3) + 1
        last = first + 2
        return dt.date(day.year, first, 1), dt.date(day.year, last, calendar.monthrange(day.year, last)[1])
    if granularity == "week":  # ISO weeks, Monday to Sunday
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    return dt.date(day.year, day.month, 1), dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def mid_year(start, end):
    s, e = (start - EPOCH).days, (end - EPOCH).days
    return 1970.0 + (s + e + 1) / 2.0 / 365.2425


def case(name, granularity, days, shares):
    xs = [mid_year(*bounds(d, granularity)) for d in days]
    r = stats.linregress(xs, shares)
    ts = stats.theilslopes(shares, xs)
    return {
        "name": name,
        "granularity": granularity,
        "dates": [d.isoformat() for d in days],
        "shares": shares,
        "mid_years": xs,
        "ols_slope": float(r.slope),
        "ols_stderr": float(r.stderr),
        "theil_sen_slope": float(ts.slope),
    }


def main():
    rng = np.random.default_rng(29)
    cases = []
    # Monthly, 2019-01 to 2022-12 with gaps: months have unequal lengths.
    days = [dt.date(2019 + m // 12, m % 12 + 1, 1 + (7 * m) % 27) for m in range(48) if m % 5 != 3]
    shares = [float(min(0.95, max(0.01, 0.1 + 0.004 * i + 0.03 * rng.standard_normal()))) for i in range(len(days))]
    cases.append(case("monthly_rising_with_gaps", "month", days, shares))
    # Quarterly, falling.
    days = [dt.date(2001 + q // 4, 3 * (q % 4) + 2, 15) for q in range(20)]
    shares = [float(min(0.95, max(0.01, 0.6 - 0.01 * q + 0.05 * rng.standard_normal()))) for q in range(20)]
    cases.append(case("quarterly_falling", "quarter", days, shares))
    # Yearly across a leap century, noisy and flat.
    days = [dt.date(1990 + y, 6, 30) for y in range(0, 25) if y not in (4, 11, 12)]
    shares = [float(rng.uniform(0.2, 0.4)) for _ in days]
    cases.append(case("yearly_flat_noisy", "year", days, shares))
    # Three yearly points (the smallest regression with a trend test).
    days = [dt.date(2010, 1, 1), dt.date(2011, 7, 4), dt.date(2013, 12, 31)]
    cases.append(case("three_years", "year", days, [0.2, 0.35, 0.3]))
    fixture = {
        "generator": "scripts/gen_trend_fixtures.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, indent=1)
        fh.write("\n")
    for c in cases:
        print(c["name"], len(c["shares"]), c["ols_slope"], c["ols_stderr"], c["theil_sen_slope"])


if __name__ == "__main__":
    main()
