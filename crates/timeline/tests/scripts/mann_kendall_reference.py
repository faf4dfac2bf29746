"""Reference Mann-Kendall results for tests/timeline.rs (mann_kendall_matches_pymannkendall).

Generated with pymannkendall 1.4.3 (numpy 2.4.6, scipy 1.17.1):
    pip install pymannkendall==1.4.3
    python3 mann_kendall_reference.py
The printed values are pasted into the test; the test itself needs no Python.
"""
import pymannkendall as mk

SERIES = {
    "rising_noisy": [0.10, 0.12, 0.11, 0.15, 0.14, 0.18, 0.17, 0.21, 0.20, 0.24],
    "with_ties": [1, 2, 2, 3, 1, 4, 4, 4, 5, 3, 6, 2],
    "fading_short": [5.0, 4.0, 4.5, 3.0, 2.0],
    "no_trend": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5],
}
for name, values in SERIES.items():
    r = mk.original_test(values)
    print(f"{name}: s={r.s:.0f} var_s={r.var_s!r} z={r.z!r} p={r.p!r} trend={r.trend}")
