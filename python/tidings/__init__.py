"""tidings: themes over time in dated text, from Python.

A thin layer over the tidings Rust crates, in the conventions of
scikit-learn and pandas:

* :func:`tokenize` and :class:`Analyzer` (usable as scikit-learn's
  ``analyzer=`` callable);
* :class:`TfidfVectorizer`, with scikit-learn's parameter names and
  ``preset="sklearn"`` equal to ``sklearn.feature_extraction.text.TfidfVectorizer()``
  within 1e-12, returning ``scipy.sparse.csr_matrix``;
* :class:`Themes`, NMF themes with readable labels (``.themes_`` is a
  DataFrame);
* :func:`report`, the whole ``tidings report`` pipeline (themes, shares per
  calendar period with intervals, trends), returning a :class:`Report`
  with long-format DataFrames and an inline notebook view;
* :func:`read_corpus`, the corpus readers, returning a DataFrame;
* :class:`Furniture`, the corpus-level furniture (lines that recur in
  different surroundings) that ``tidings`` removes while reading;
* :mod:`tidings.spark` (imported on its own; needs pyspark and pyarrow):
  the same vectorizer, rows, themes, weights and timeline on Apache Spark,
  from per-partition statistics merged by a tree aggregate.

The Rust code runs without the GIL, so Python threads run meanwhile; its
errors become ``ValueError`` (bad parameters or input) or ``OSError``
(files), with the library's message, and a panic (a bug) becomes a
``RuntimeError`` instead of ending the interpreter. ``TfidfVectorizer``
takes texts from any iterable in chunks and honours Ctrl-C between them;
``Themes`` and ``report`` copy their texts first and finish the call they
are in before an interrupt is raised.

>>> import tidings
>>> tidings.tokenize("The cats sat on the mats.")
['cat', 'sat', 'mat']
>>> tidings.tokenize("The cats sat.", preset="sklearn")
['the', 'cats', 'sat']
"""

from ._api import (
    Analyzer,
    Report,
    TfidfVectorizer,
    Themes,
    read_corpus,
    report,
    tokenize,
)
from ._furniture import DEFAULT_MIN_DOCUMENTS, Furniture
from ._tidings import __version__

__all__ = [
    "Analyzer",
    "DEFAULT_MIN_DOCUMENTS",
    "Furniture",
    "Report",
    "TfidfVectorizer",
    "Themes",
    "__version__",
    "read_corpus",
    "report",
    "tokenize",
]
