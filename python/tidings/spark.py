"""tidings on Apache Spark: sharded TF-IDF statistics, one model, the same bytes.

Everything the vectorizer learns is a sum (documents, and per term its
document frequency, total count and surface forms), so each partition
counts its own documents in Rust and only those counts cross the network,
in a compact, canonical binary form; they are merged by a tree aggregate
and the model is pruned once, on the driver, exactly as a single-process
fit. The theme model weighs each document on its own, so weighing runs
per partition with a broadcast model; the timeline gathers a few numbers
per document and is computed by the same Rust code as ``tidings report``.

Needs ``pyspark`` (3.5 or later) and ``pyarrow``; the executors need this
package installed (see docs/scaling.md for ``spark-submit`` with the
wheel).

Functions
---------
* :func:`fit_vectorizer` — a fitted :class:`tidings.TfidfVectorizer`,
  byte-identical to ``TfidfVectorizer(**params).fit(texts)`` on one machine.
* :func:`transform` — adds a TF-IDF row per document (a Spark ML
  ``SparseVector``, or an Arrow-native struct of indices and values).
* :func:`fit_themes` — a :class:`tidings.Themes` (the ``tidings fit``
  model) fitted on a sample drawn from stable document ids.
* :func:`weigh` — adds each document's theme weights, general-language
  share and length, as ``tidings report --model`` computes them.
* :func:`timeline` — shares per period with bootstrap intervals, trends and
  bursts, the ``timeline`` of the CLI's JSON report.
* :func:`shard_statistics` — what each partition would ship, in bytes, in
  the binary form and in JSON.
* :func:`learn_furniture` — the corpus-level furniture (paragraphs that
  recur in different surroundings), a :class:`tidings.Furniture` equal to
  ``tidings.Furniture().fit(texts)`` on one machine, from two rounds of
  per-partition counts merged by tree aggregates;
  :func:`remove_furniture` removes it from every row and
  :func:`furniture_report` says what was removed (the furniture report of
  ``tidings corpus stats --format json``);
  :func:`furniture_shard_statistics` gives the bytes each round ships.
* :func:`text_signature` and :func:`drop_duplicate_texts` — the signature
  by which ``tidings`` finds documents with the same text (``--dedupe``).

Determinism: the model, the rows and the weights do not depend on the
number of partitions or on the order of the rows; documents are identified
by a stable id column, and everything gathered on the driver is ordered by
it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from typing import Any, Iterator

import numpy as np
import pandas as pd

try:
    import pyarrow as pa
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as err:  # pragma: no cover - exercised without pyspark
    raise ImportError(
        "tidings.spark needs pyspark (>= 3.5) and pyarrow: pip install pyspark pyarrow"
    ) from err

from . import _tidings
from ._api import TfidfVectorizer, Themes, _timeline_frame
from ._furniture import DEFAULT_MIN_DOCUMENTS, Furniture

__all__ = [
    "DEFAULT_MIN_DOCUMENTS",
    "SAMPLE_CHARS",
    "Timeline",
    "drop_duplicate_texts",
    "fit_themes",
    "fit_vectorizer",
    "furniture_report",
    "furniture_shard_statistics",
    "learn_furniture",
    "remove_furniture",
    "shard_statistics",
    "text_signature",
    "timeline",
    "transform",
    "weigh",
]

#: Characters of text drawn for :func:`fit_themes` by default. The theme
#: layer fits on at most 20,000 passages (``ThemesParams::fit_rows`` in
#: crates/topics) and a passage holds at most 6,000 characters (twice the
#: report's section length, ``tidings_report::SECTION_CHARS``), so a sample
#: of 20,000 × 6,000 characters holds at least as many passages as a
#: single-machine fit ever uses.
SAMPLE_CHARS = 20_000 * 6_000

# Executor-side cache of deserialised models, keyed by the SHA-256 of their
# JSON: a Python worker loads each broadcast model once, not once per batch.
_MODELS: dict = {}


def _cached(kind: str, digest: str, payload: Any) -> Any:
    key = (kind, digest)
    model = _MODELS.get(key)
    if model is None:
        text = payload.value
        if kind == "tfidf":
            model = _tidings.TfidfModel.from_json(text)
        elif kind == "furniture":
            model = _tidings.FurnitureModel.from_bytes(text)
        else:
            model = _tidings.ThemesModel.from_json("texts", text)
        if len(_MODELS) >= 4:
            _MODELS.clear()
        _MODELS[key] = model
    return model


def _broadcast(df: DataFrame, text: str | bytes) -> tuple[Any, str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    digest = hashlib.sha256(data).hexdigest()
    return df.sparkSession.sparkContext.broadcast(text), digest


def _check_column(df: DataFrame, name: str, what: str) -> None:
    if name not in df.columns:
        raise ValueError(f"the DataFrame has no {name!r} column ({what}=...); columns: {df.columns}")


def _texts(column: pa.Array) -> list:
    # A null text is an empty document: a row is always a document.
    return ["" if t is None else t for t in column.to_pylist()]


def _vectorizer_params(params: dict) -> tuple[TfidfVectorizer, dict]:
    vectorizer = TfidfVectorizer(**params)  # rejects unknown names
    p = vectorizer.get_params()
    if p["norm"] not in ("l2", "l1", None):
        raise ValueError(f"norm = {p['norm']!r} is invalid: expected 'l2', 'l1' or None")
    if isinstance(p["stop_words"], str):
        raise ValueError(
            "stop_words must be a list of words (named lists are chosen with language=)"
        )
    if p["ngram_range"] is not None:
        p["ngram_range"] = tuple(p["ngram_range"])
    if p["stop_words"] is not None:
        p["stop_words"] = list(p["stop_words"])
    _tidings.StatsCounter(p)  # checks every parameter on the driver, before any job
    return vectorizer, p


def _partition_stats(df: DataFrame, text_col: str, p: dict, *, json_sizes: bool) -> DataFrame:
    """One row per partition: its documents, distinct terms, binary stats
    (and the size of their JSON form when asked)."""
    _check_column(df, text_col, "text_col")
    texts = df.select(F.col(text_col).cast("string").alias("text"))
    fields = [
        pa.field("documents", pa.int64()),
        pa.field("terms", pa.int64()),
        pa.field("stats", pa.binary()),
    ]
    if json_sizes:
        fields.append(pa.field("json_bytes", pa.int64()))
    schema = pa.schema(fields)

    def count(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        counter = _tidings.StatsCounter(p)
        for batch in batches:
            counter.add(_texts(batch.column(0)))
        stats = counter.to_bytes()
        row = {"documents": [counter.n_docs], "terms": [counter.n_terms], "stats": [stats]}
        if json_sizes:
            row["json_bytes"] = [len(_tidings.stats_to_json(stats).encode("utf-8"))]
        yield pa.RecordBatch.from_pydict(row, schema=schema)

    ddl = "documents long, terms long, stats binary" + (", json_bytes long" if json_sizes else "")
    return texts.mapInArrow(count, ddl)


def _merge_two(a: bytes, b: bytes) -> bytes:
    return _tidings.merge_stats([a, b])


def _tree_merge(parts: DataFrame, merge: Any, empty: Any, depth: int | None) -> bytes:
    """Merges the one binary column of ``parts`` (one row per partition)
    with ``treeReduce``: by default ``ceil(log2(partitions) / 2)`` levels,
    at least 2 (Spark's default), so each level merges about ``sqrt`` of the
    parts below it and no node holds more than a few parts at once."""
    rdd = parts.rdd.map(lambda row: bytes(row[0]))
    n = rdd.getNumPartitions()
    # Every partition yields one row (an empty partition its empty counts),
    # so only a DataFrame without partitions has nothing to merge.
    if n == 0:
        return empty()
    if depth is None:
        depth = max(2, math.ceil(math.log2(n) / 2)) if n > 1 else 1
    return rdd.treeReduce(merge, depth=depth)


def fit_vectorizer(df: DataFrame, text_col: str = "text", *, depth: int | None = None, **params: Any) -> TfidfVectorizer:
    """Fits a :class:`tidings.TfidfVectorizer` on a Spark DataFrame.

    Each partition counts its documents (``mapInArrow``, one Arrow batch at
    a time) into the library's mergeable statistics and ships them in the
    compact binary form; the partial statistics are merged by
    ``treeReduce`` (so no node ever holds more than a few of them) and the
    merged statistics are pruned once (``min_df``, ``max_df``,
    ``max_features``) on the driver. The result is byte-identical to
    ``TfidfVectorizer(**params).fit(texts)`` on one machine, whatever the
    partitioning and the row order (same vocabulary, document frequencies,
    idf and surface forms; ``to_json()`` gives the same bytes).

    What reaches the driver: the merged statistics of the whole corpus (the
    vocabulary before pruning: 29.9 MB for the 1.16 million terms of the UN
    General Debate corpus), never the texts.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
    text_col : str
        The text column (a null text counts as an empty document).
    depth : int, optional
        Depth of the tree aggregate; by default ``ceil(log2(partitions) / 2)``
        levels, at least 2 (Spark's default), so each level merges about
        ``sqrt`` of the parts below it.
    **params
        The parameters of :class:`tidings.TfidfVectorizer` (``preset``,
        ``ngram_range``, ``min_df``, ``max_df``, ``max_features``,
        ``sublinear_tf``, ``norm``, …). ``max_vocabulary`` is refused: it
        prunes while counting, so its result would depend on the sharding.

    Examples
    --------
    >>> from tidings.spark import fit_vectorizer  # doctest: +SKIP
    >>> v = fit_vectorizer(spark.read.parquet("news/"), preset="sklearn", min_df=2)  # doctest: +SKIP
    >>> v.get_feature_names_out()[:3]  # doctest: +SKIP
    """
    vectorizer, p = _vectorizer_params(params)
    parts = _partition_stats(df, text_col, p, json_sizes=False).select("stats")
    merged = _tree_merge(parts, _merge_two, lambda: _tidings.StatsCounter(p).to_bytes(), depth)
    vectorizer._model = _tidings.fit_stats(merged, p)
    vectorizer._features = None
    return vectorizer


def shard_statistics(df: DataFrame, text_col: str = "text", **params: Any) -> pd.DataFrame:
    """What each partition ships in :func:`fit_vectorizer`: one row per
    partition with its documents, distinct terms, and the bytes of its
    statistics in the binary form (``binary_bytes``) and as JSON
    (``json_bytes``, measured on the executor, not shipped).
    """
    _, p = _vectorizer_params(params)
    parts = _partition_stats(df, text_col, p, json_sizes=True)
    rows = parts.select(
        "documents", "terms", F.length("stats").alias("binary_bytes"), "json_bytes"
    ).collect()
    return pd.DataFrame(
        [r.asDict() for r in rows], columns=["documents", "terms", "binary_bytes", "json_bytes"]
    )


def _append_column(batch: pa.RecordBatch, name: str, array: pa.Array) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays(
        list(batch.columns) + [array], names=list(batch.schema.names) + [name]
    )


_ROW_TYPE = pa.struct(
    [
        pa.field("size", pa.int32()),
        pa.field("indices", pa.list_(pa.int32())),
        pa.field("values", pa.list_(pa.float64())),
    ]
)


def transform(
    df: DataFrame,
    model: TfidfVectorizer,
    text_col: str = "text",
    output_col: str = "tfidf",
    *,
    vector: bool = True,
) -> DataFrame:
    """Adds the TF-IDF row of every document.

    The fitted model is broadcast (its JSON) and each partition transforms
    its Arrow batches in Rust; a row depends on its document alone, so the
    rows equal ``model.transform(texts)`` on one machine, bit for bit.

    Parameters
    ----------
    vector : bool
        ``True`` (default): ``output_col`` is a Spark ML
        ``pyspark.ml.linalg.SparseVector`` (``VectorUDT``), usable directly
        by Spark ML estimators (``LDA``, ``KMeans``, ``LogisticRegression``,
        …); the conversion runs row by row in Python. ``False``: a struct
        ``<size: int, indices: array<int>, values: array<double>>`` (columns
        in increasing order) made in Arrow only, the faster form for
        storage (Parquet) or further Arrow processing.
    """
    model._check_fitted()
    _check_column(df, text_col, "text_col")
    if output_col in df.columns:
        raise ValueError(f"the DataFrame already has a {output_col!r} column (output_col=...)")
    payload, digest = _broadcast(df, model.to_json())
    position = df.columns.index(text_col)
    n_features = len(model.get_feature_names_out())

    def rows(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        m = _cached("tfidf", digest, payload)
        for batch in batches:
            data, indices, indptr, shape = m.transform(_texts(batch.column(position)))
            offsets = pa.array(np.asarray(indptr, dtype=np.int32))
            struct = pa.StructArray.from_arrays(
                [
                    pa.array(np.full(shape[0], shape[1], dtype=np.int32)),
                    pa.ListArray.from_arrays(offsets, pa.array(np.asarray(indices, dtype=np.int32))),
                    pa.ListArray.from_arrays(offsets, pa.array(data)),
                ],
                fields=list(_ROW_TYPE),
            )
            yield _append_column(batch, output_col, struct)

    schema = T.StructType(df.schema.fields + [T.StructField(output_col, _row_struct(), True)])
    out = df.mapInArrow(rows, schema)
    if not vector:
        return out
    from pyspark.ml.linalg import SparseVector, VectorUDT

    # No type hints here: pyspark reads them to pick a vectorised UDF kind.
    def to_vector(row):  # type: ignore[no-untyped-def]
        if row is None:
            return None
        return SparseVector(n_features, row["indices"], row["values"])

    return out.withColumn(output_col, F.udf(to_vector, VectorUDT())(F.col(output_col)))


def _row_struct() -> T.StructType:
    return T.StructType(
        [
            T.StructField("size", T.IntegerType(), True),
            T.StructField("indices", T.ArrayType(T.IntegerType(), True), True),
            T.StructField("values", T.ArrayType(T.DoubleType(), True), True),
        ]
    )


def _uniform(id_col: str, seed: int) -> Any:
    """A number in [0, 1) from the document id and the seed alone (Spark's
    xxhash64, stable across versions and independent of partitioning)."""
    h = F.xxhash64(F.col(id_col).cast("string"), F.lit(int(seed)).cast("long"))
    # The low 53 bits, as a double in [0, 1): exact in float64.
    return F.pmod(h, F.lit(1 << 53)).cast("double") / float(1 << 53)


def fit_themes(
    df: DataFrame,
    *,
    text_col: str = "text",
    id_col: str = "id",
    title_col: str | None = None,
    sample_chars: int = SAMPLE_CHARS,
    n_themes: Any = "auto",
    seed: int = 0,
    theme_file: str | os.PathLike | None = None,
    model: str = "nmf",
    language: str | None = None,
    general_themes: bool = True,
) -> Themes:
    """Fits the theme model of ``tidings report`` on a sample of documents.

    The sample is drawn from stable ids: a document is kept when a hash of
    its id and ``seed`` falls below ``sample_chars`` / (characters in the
    corpus), so the same documents are drawn whatever the partitioning and
    row order. The sample (at most about ``sample_chars`` characters of
    text) is gathered on the driver, ordered by id, and fitted there with
    :class:`tidings.Themes` — the report's pipeline (passages, their own
    TF-IDF, themes, labels). When the corpus has at most ``sample_chars``
    characters the sample is the whole corpus, and the model is exactly the
    one ``tidings fit`` saves for the same documents in id order, with the
    same settings (``general_themes=False`` is ``--keep-general-themes``).

    The returned :class:`tidings.Themes` is fitted on texts: its
    :meth:`~tidings.Themes.to_json` is a ``tidings fit`` model that
    ``tidings report --model`` reads, and :func:`weigh` and :func:`timeline`
    apply it to every document.

    There is no ``vectorizer`` argument: the theme model carries its own
    passage-level TF-IDF (fitted on passages, with the report's ``min_df``
    rule), which a document-level :func:`fit_vectorizer` model cannot
    replace without changing the themes.

    Parameters
    ----------
    sample_chars : int
        Characters of text to draw (default :data:`SAMPLE_CHARS`).
    n_themes, seed, theme_file, model, language
        As for :class:`tidings.Themes`; ``seed`` also draws the sample.
    """
    for name, what in ((text_col, "text_col"), (id_col, "id_col")):
        _check_column(df, name, what)
    if title_col is not None:
        _check_column(df, title_col, "title_col")
    if not isinstance(sample_chars, (int, np.integer)) or sample_chars <= 0:
        raise ValueError(f"sample_chars = {sample_chars!r}: expected a positive number of characters")
    total = df.select(F.sum(F.length(F.col(text_col).cast("string"))).alias("n")).first()["n"] or 0
    fraction = 1.0 if total <= sample_chars else sample_chars / total
    columns = [F.col(id_col).cast("string").alias("id"), F.col(text_col).cast("string").alias("text")]
    if title_col is not None:
        columns.append(F.col(title_col).cast("string").alias("title"))
    sample = df
    if fraction < 1.0:
        sample = sample.where(_uniform(id_col, seed) < fraction)
    rows = sample.select(*columns).toPandas()
    if rows["id"].isna().any():
        raise ValueError(f"the {id_col!r} column has nulls: every document needs a stable id")
    rows = rows.sort_values("id", kind="stable").reset_index(drop=True)
    if rows["id"].duplicated().any():
        raise ValueError(
            f"the {id_col!r} column repeats ids (e.g. {rows['id'][rows['id'].duplicated()].iloc[0]!r}): ids must be unique"
        )
    rows["text"] = rows["text"].fillna("")
    themes = Themes(
        n_themes,
        seed=seed,
        theme_file=theme_file,
        model=model,
        language=language,
        general_themes=general_themes,
    )
    themes.fit(rows)
    themes.sample_ids_ = rows["id"].tolist()
    return themes


def _n_themes(themes: Themes) -> int:
    return int(themes._model.components().shape[0])


def _themes_payload(df: DataFrame, themes: Themes) -> tuple[Any, str]:
    if themes._model is None:
        raise ValueError("this Themes model is not fitted yet: call fit or tidings.spark.fit_themes")
    if themes._model.fitted_on != "texts":
        raise ValueError("weighing documents needs a Themes model fitted on texts, not on a matrix")
    return _broadcast(df, themes.to_json())


def weigh(
    df: DataFrame,
    themes: Themes,
    *,
    text_col: str = "text",
    title_col: str | None = None,
    weights_col: str = "theme_weights",
    general_col: str = "general_language",
    length_col: str = "length",
) -> DataFrame:
    """Adds each document's theme weights, as ``tidings report --model``
    computes them.

    Adds ``weights_col`` (array of one weight per theme, in theme-id order),
    ``general_col`` (the general-language share; with the theme weights it
    sums to 1, or everything is 0 for a document without a theme) and
    ``length_col`` (characters of the document's passages, the document's
    weight in shares). A document's weights depend on that document alone,
    so they equal the single-machine ones bit for bit, whatever the
    partitioning.
    """
    _check_column(df, text_col, "text_col")
    if title_col is not None:
        _check_column(df, title_col, "title_col")
    for c in (weights_col, general_col, length_col):
        if c in df.columns:
            raise ValueError(f"the DataFrame already has a {c!r} column")
    payload, digest = _themes_payload(df, themes)
    text_at = df.columns.index(text_col)
    title_at = None if title_col is None else df.columns.index(title_col)
    k = _n_themes(themes)

    def weights(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        m = _cached("themes", digest, payload)
        for batch in batches:
            titles = None
            if title_at is not None:
                titles = [t if isinstance(t, str) else None for t in batch.column(title_at).to_pylist()]
            w, general, lengths = m.weigh_documents(_texts(batch.column(text_at)), titles)
            n = w.shape[0]
            offsets = pa.array(np.arange(0, n * k + 1, k, dtype=np.int32))
            lists = pa.ListArray.from_arrays(offsets, pa.array(np.ascontiguousarray(w).reshape(-1)))
            out = _append_column(batch, weights_col, lists)
            out = _append_column(out, general_col, pa.array(general))
            yield _append_column(out, length_col, pa.array(lengths))

    schema = T.StructType(
        df.schema.fields
        + [
            T.StructField(weights_col, T.ArrayType(T.DoubleType(), True), True),
            T.StructField(general_col, T.DoubleType(), True),
            T.StructField(length_col, T.DoubleType(), True),
        ]
    )
    return df.mapInArrow(weights, schema)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat"):  # date / datetime / Timestamp
        if pd.isna(value):
            return None
        return value.isoformat()[:10]
    return str(value)


class Timeline:
    """The timeline of :func:`timeline`: shares per calendar period with
    bootstrap intervals, and each theme's trend and bursts.

    Attributes
    ----------
    json : dict
        ``timeline`` (the same object as the ``timeline`` of ``tidings
        report --format json``), ``themes`` and ``groups`` (id, label,
        trend, bursts, first_period, peak_period, as in the report's
        themes), ``general_language`` (its share per period, or None).
    timeline : pandas.DataFrame
        Long format: period, start, end, theme_id, label, share, ci_low,
        ci_high, documents, period_documents, partial, level (``theme`` or
        ``group``: a period's ``theme`` rows sum to its themes' share, and
        so do its ``group`` rows with the ``theme`` rows of no parent),
        parent (the broader theme's id, or missing).
    themes : pandas.DataFrame
        id, label, trend, slope_per_year, p_value, first_period,
        peak_period, bursts.
    """

    def __init__(self, text: str) -> None:
        self.json: dict = json.loads(text)

    @property
    def timeline(self) -> pd.DataFrame:
        return _timeline_frame(self.json, self.json["themes"] + self.json["groups"])

    @property
    def themes(self) -> pd.DataFrame:
        rows = []
        for t in self.json["themes"] + self.json["groups"]:
            trend = t.get("trend") or {}
            rows.append(
                {
                    "id": t["id"],
                    "label": t["label"],
                    "trend": trend.get("direction"),
                    "slope_per_year": trend.get("slope_per_year"),
                    "p_value": trend.get("p_value"),
                    "first_period": t.get("first_period"),
                    "peak_period": t.get("peak_period"),
                    "bursts": t.get("bursts", []),
                }
            )
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        tl = self.json["timeline"]
        return f"<tidings.spark.Timeline: {len(tl['periods'])} {tl['granularity']} periods, {len(self.json['themes'])} themes>"


def timeline(
    df: DataFrame,
    themes: Themes,
    date_col: str = "date",
    by: str = "auto",
    *,
    id_col: str = "id",
    text_col: str = "text",
    title_col: str | None = None,
    confidence: float = 0.9,
    bootstrap: int | None = None,
    seed: int = 0,
) -> Timeline:
    """The report's timeline of ``df`` under ``themes``.

    Documents are weighed with :func:`weigh` unless ``df`` already has its
    columns (``theme_weights``, ``general_language``, ``length``). Then each
    document's date, length and weights — k + 3 numbers, about 400 bytes
    for 48 themes, so 4 GB for 10 million documents — are gathered on the
    driver in id order, and the Rust timeline of ``tidings report`` is
    built from them: length-weighted shares per period, Bayesian bootstrap
    intervals (seeded by ``seed``, as the CLI's ``--seed``), the trend test
    and Kleinberg bursts. With the documents of a corpus and its saved
    model, this is the ``timeline`` of ``tidings report --model`` on it.

    ``date_col`` holds dates as ``date``/``timestamp`` values or as the
    text the corpus readers take (``2001``, ``2001-05``, ``2001-05-17``);
    null is undated.
    """
    for name, what in ((date_col, "date_col"), (id_col, "id_col")):
        _check_column(df, name, what)
    weighed = df
    if not {"theme_weights", "general_language", "length"} <= set(df.columns):
        weighed = weigh(df, themes, text_col=text_col, title_col=title_col)
    rows = (
        weighed.select(
            F.col(id_col).cast("string").alias("id"),
            F.col(date_col).alias("date"),
            "length",
            "general_language",
            "theme_weights",
        )
        .toPandas()
    )
    if rows["id"].isna().any():
        raise ValueError(f"the {id_col!r} column has nulls: every document needs a stable id")
    rows = rows.sort_values("id", kind="stable").reset_index(drop=True)
    k = _n_themes(themes)
    weights = np.zeros((len(rows), k), dtype=np.float64)
    for i, w in enumerate(rows["theme_weights"]):
        weights[i, :] = w
    text = themes._model.timeline_json(
        [_iso(d) for d in rows["date"]],
        rows["length"].astype(float).tolist(),
        weights,
        rows["general_language"].astype(float).tolist(),
        by=by,
        confidence=float(confidence),
        bootstrap=bootstrap,
        seed=int(seed),
    )
    return Timeline(text)


# ------------------------------------------------------------- furniture


def _merge_line_counts(a: bytes, b: bytes) -> bytes:
    return _tidings.merge_line_counts([a, b])


def _merge_surroundings(a: bytes, b: bytes) -> bytes:
    return _tidings.merge_surroundings([a, b])


def _texts_only(df: DataFrame, text_col: str) -> DataFrame:
    _check_column(df, text_col, "text_col")
    return df.select(F.col(text_col).cast("string").alias("text"))


def _furniture_rule(min_documents: Any) -> int:
    rule = Furniture(min_documents)._rule()
    _tidings.FurnitureModel.empty(rule)  # checks it on the driver, before any job
    return rule


def _line_counts(texts: DataFrame, *, sizes: bool) -> DataFrame:
    """Round 1, one row per partition: the binary line counts (and, when
    asked, the partition's documents, distinct lines and JSON size)."""
    fields = [pa.field("counts", pa.binary())]
    if sizes:
        fields += [pa.field(n, pa.int64()) for n in ("documents", "distinct_lines", "json_bytes")]
    schema = pa.schema(fields)

    def count(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        counter = _tidings.LineCounter()
        for batch in batches:
            counter.add(_texts(batch.column(0)))
        data = counter.to_bytes()
        row: dict = {"counts": [data]}
        if sizes:
            documents, lines, json_bytes = _tidings.line_counts_summary(data)
            row.update(documents=[documents], distinct_lines=[lines], json_bytes=[json_bytes])
        yield pa.RecordBatch.from_pydict(row, schema=schema)

    ddl = "counts binary" + (", documents long, distinct_lines long, json_bytes long" if sizes else "")
    return texts.mapInArrow(count, ddl)


def _surrounding_counts(texts: DataFrame, payload: Any) -> DataFrame:
    """Round 2, one row per partition: the binary surroundings of the
    broadcast candidates."""
    schema = pa.schema([pa.field("counts", pa.binary())])

    def count(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        counter = _tidings.SurroundingCounter(payload.value)
        for batch in batches:
            counter.add(_texts(batch.column(0)))
        yield pa.RecordBatch.from_pydict({"counts": [counter.to_bytes()]}, schema=schema)

    return texts.mapInArrow(count, "counts binary")


def _candidates(texts: DataFrame, rule: int, depth: int | None) -> tuple[bytes, int]:
    counts = _tree_merge(
        _line_counts(texts, sizes=False), _merge_line_counts, lambda: _tidings.LineCounter().to_bytes(), depth
    )
    candidates, n = _tidings.furniture_candidates(counts, rule)
    return bytes(candidates), n


def learn_furniture(
    df: DataFrame,
    text_col: str = "text",
    min_documents: int = DEFAULT_MIN_DOCUMENTS,
    *,
    depth: int | None = None,
) -> Furniture:
    """Learns the corpus-level furniture of a Spark DataFrame's texts.

    The two rounds of the library's furniture rule (see
    :class:`tidings.Furniture`), each counted per partition and merged by
    ``treeReduce``, as :func:`fit_vectorizer` merges its statistics:

    1. each partition counts in how many of its documents each paragraph
       signature occurs and ships the counts in a compact binary form
       (about 8 bytes per distinct paragraph); the merged counts give the
       candidates, paragraphs in at least ``min_documents`` documents;
    2. the candidates are broadcast; each partition keeps, per candidate,
       at most ``min_documents`` hashes of the distinct surroundings it
       occurs in (the smallest, so the union of shards keeps the same
       ones), and ships those; the merged counts give the furniture.

    The result equals ``tidings.Furniture(min_documents).fit(texts)`` on one
    machine (:meth:`~tidings.Furniture.to_bytes` gives the same bytes),
    whatever the partitioning and the row order. The texts are read twice
    (once per round): cache ``df`` if it is expensive to compute.

    The texts should be cleaned per document already (as ``tidings``
    cleans while reading, before this corpus-level step); a null text is
    an empty document.

    Parameters
    ----------
    min_documents : int
        Documents, with different surroundings, a paragraph must occur in
        (default :data:`DEFAULT_MIN_DOCUMENTS`, as ``tidings``' default
        ``--furniture``).
    depth : int, optional
        Depth of the tree aggregates (as for :func:`fit_vectorizer`).

    Examples
    --------
    >>> from tidings import spark as ts  # doctest: +SKIP
    >>> furniture = ts.learn_furniture(df)  # doctest: +SKIP
    >>> clean = ts.remove_furniture(df, furniture)  # doctest: +SKIP
    >>> ts.furniture_report(df, furniture)["examples"][:3]  # doctest: +SKIP
    """
    rule = _furniture_rule(min_documents)
    texts = _texts_only(df, text_col)
    candidates, n = _candidates(texts, rule, depth)
    if n == 0:
        return Furniture._of(_tidings.FurnitureModel.empty(rule))
    payload = df.sparkSession.sparkContext.broadcast(candidates)
    try:
        surroundings = _tree_merge(
            _surrounding_counts(texts, payload),
            _merge_surroundings,
            lambda: _tidings.SurroundingCounter(candidates).to_bytes(),
            depth,
        )
    finally:
        payload.unpersist()
    return Furniture._of(_tidings.FurnitureModel.from_surroundings(surroundings))


def furniture_shard_statistics(
    df: DataFrame, text_col: str = "text", min_documents: int = DEFAULT_MIN_DOCUMENTS
) -> pd.DataFrame:
    """What each partition ships in :func:`learn_furniture`: one row per
    partition with its documents and distinct paragraphs, the bytes of its
    round-1 counts in the binary form (``line_counts_bytes``) and as JSON
    (``line_counts_json_bytes``, measured on the executor, not shipped),
    the bytes of the candidates broadcast to it (``candidates_bytes``) and
    of its round-2 counts (``surroundings_bytes``).
    """
    rule = _furniture_rule(min_documents)
    texts = _texts_only(df, text_col)
    first = _line_counts(texts, sizes=True).select(
        "documents", "distinct_lines", F.length("counts").alias("line_counts_bytes"), "json_bytes"
    ).collect()
    candidates, _ = _candidates(texts, rule, None)
    payload = df.sparkSession.sparkContext.broadcast(candidates)
    try:
        second = _surrounding_counts(texts, payload).select(F.length("counts").alias("n")).collect()
    finally:
        payload.unpersist()
    rows = [
        {
            "documents": a["documents"],
            "distinct_lines": a["distinct_lines"],
            "line_counts_bytes": a["line_counts_bytes"],
            "line_counts_json_bytes": a["json_bytes"],
            "candidates_bytes": len(candidates),
            "surroundings_bytes": b["n"],
        }
        for a, b in zip(first, second)
    ]
    columns = [
        "documents",
        "distinct_lines",
        "line_counts_bytes",
        "line_counts_json_bytes",
        "candidates_bytes",
        "surroundings_bytes",
    ]
    return pd.DataFrame(rows, columns=columns)


def _string_column(df: DataFrame, name: str, what: str) -> int:
    _check_column(df, name, what)
    if not isinstance(df.schema[name].dataType, T.StringType):
        raise ValueError(
            f"the {name!r} column ({what}=...) is {df.schema[name].dataType.simpleString()}, not string"
        )
    return df.columns.index(name)


def _furniture_payload(df: DataFrame, furniture: Furniture) -> tuple[Any, str]:
    if not isinstance(furniture, Furniture):
        raise ValueError(f"furniture must be a tidings.Furniture, not {type(furniture).__name__}")
    return _broadcast(df, furniture.to_bytes())


def remove_furniture(df: DataFrame, furniture: Furniture, text_col: str = "text") -> DataFrame:
    """``df`` with the furniture paragraphs removed from ``text_col``.

    The furniture is broadcast (its binary form, a few bytes per line) and
    each partition removes it from its rows in Rust, exactly as
    :meth:`tidings.Furniture.remove` does (a text that is only furniture is
    kept whole; a null text stays null). The columns and their order are
    unchanged, so the result feeds :func:`fit_vectorizer`,
    :func:`fit_themes` and the rest directly.
    """
    position = _string_column(df, text_col, "text_col")
    payload, digest = _furniture_payload(df, furniture)

    def rows(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        m = _cached("furniture", digest, payload)
        for batch in batches:
            column = batch.column(position)
            values = column.to_pylist()
            cleaned = m.remove(["" if v is None else v for v in values])
            new = pa.array([None if v is None else c for v, c in zip(values, cleaned)], type=column.type)
            columns = list(batch.columns)
            columns[position] = new
            yield pa.RecordBatch.from_arrays(columns, names=list(batch.schema.names))

    return df.mapInArrow(rows, df.schema)


#: Characters of a removed line shown in :func:`furniture_report`'s
#: examples, then "…" (as the library's report: ``shorten(&text, 200)`` in
#: crates/corpus/src/furniture.rs).
_EXAMPLE_CHARS = 200
#: Examples listed (``tidings_corpus::furniture::REPORTED_EXAMPLES``).
_REPORTED_EXAMPLES = 10


def furniture_report(
    df: DataFrame, furniture: Furniture, text_col: str = "text", id_col: str = "id"
) -> dict:
    """What :func:`remove_furniture` takes out of ``df``, so a user can
    audit it: the ``removed.furniture`` object of ``tidings corpus stats
    --format json`` — ``min_documents``, ``distinct_lines``,
    ``lines_removed`` (each occurrence), ``documents_changed``,
    ``bytes_removed``, ``documents_kept_whole`` (only furniture, kept) and
    ``examples``: the 10 lines removed from the most documents, each as it
    appears in its first document, ties broken by first occurrence.

    Documents are ordered by ``id_col`` (where the CLI uses reading
    order), so the report equals :meth:`tidings.Furniture.report` on the
    texts in id order, whatever the partitioning. Each partition tallies
    its own rows; the tallies are summed by a Spark aggregation, and only
    the totals and the top lines reach the driver.
    """
    _string_column(df, text_col, "text_col")
    _check_column(df, id_col, "id_col")
    payload, digest = _furniture_payload(df, furniture)
    selected = df.select(F.col(text_col).alias("text"), F.col(id_col).cast("string").alias("id"))
    ddl = (
        "signature long, id string, position long, line string, documents long, "
        "lines long, changed long, bytes long, kept_whole long"
    )
    schema = pa.schema(
        [
            pa.field("signature", pa.int64()),
            pa.field("id", pa.string()),
            pa.field("position", pa.int64()),
            pa.field("line", pa.string()),
            pa.field("documents", pa.int64()),
            pa.field("lines", pa.int64()),
            pa.field("changed", pa.int64()),
            pa.field("bytes", pa.int64()),
            pa.field("kept_whole", pa.int64()),
        ]
    )

    def tally(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        m = _cached("furniture", digest, payload)
        totals = {"lines": 0, "changed": 0, "bytes": 0, "kept_whole": 0}
        # signature -> [(id, position, line) of its first occurrence, documents]
        found: dict = {}
        for batch in batches:
            ids = batch.column(1).to_pylist()
            for doc_id, (_, removed, n_bytes, kept) in zip(ids, m.remove_detailed(_texts(batch.column(0)))):
                totals["kept_whole"] += int(kept)
                if not removed:
                    continue
                totals["changed"] += 1
                totals["bytes"] += n_bytes
                totals["lines"] += len(removed)
                key = "" if doc_id is None else doc_id
                seen = set()
                for position, (sig, line) in enumerate(removed):
                    if sig in seen:
                        continue
                    seen.add(sig)
                    entry = found.get(sig)
                    if entry is None:
                        found[sig] = [(key, position, line), 1]
                    else:
                        entry[1] += 1
                        entry[0] = min(entry[0], (key, position, line))
        rows: dict = {f.name: [] for f in schema}
        for sig, ((key, position, line), documents) in found.items():
            for name, value in (
                ("signature", sig),
                ("id", key),
                ("position", position),
                ("line", line),
                ("documents", documents),
            ):
                rows[name].append(value)
            for name in totals:
                rows[name].append(0)
        for name in ("signature", "id", "position", "line", "documents"):
            rows[name].append(None)
        for name, value in totals.items():
            rows[name].append(value)
        yield pa.RecordBatch.from_pydict(rows, schema=schema)

    parts = selected.mapInArrow(tally, ddl)
    sums = parts.agg(*[F.sum(c).alias(c) for c in ("lines", "changed", "bytes", "kept_whole")]).first()
    lines = (
        parts.where(F.col("signature").isNotNull())
        .groupBy("signature")
        .agg(
            F.sum("documents").alias("documents"),
            F.min(F.struct("id", "position", "line")).alias("first"),
        )
        .orderBy(F.desc("documents"), F.col("first.id"), F.col("first.position"))
        .limit(_REPORTED_EXAMPLES)
        .collect()
    )

    def shorten(text: str) -> str:
        return text if len(text) <= _EXAMPLE_CHARS else text[:_EXAMPLE_CHARS] + "…"

    return {
        "min_documents": furniture.min_documents,
        "distinct_lines": len(furniture),
        "lines_removed": int(sums["lines"] or 0),
        "documents_changed": int(sums["changed"] or 0),
        "bytes_removed": int(sums["bytes"] or 0),
        "documents_kept_whole": int(sums["kept_whole"] or 0),
        "examples": [{"text": shorten(r["first"]["line"]), "documents": int(r["documents"])} for r in lines],
    }


def text_signature(df: DataFrame, text_col: str = "text", output_col: str = "text_signature") -> DataFrame:
    """Adds the signature by which ``tidings`` finds documents with the same
    text (a ``long``; null for a text without a letter or digit, which is
    never compared): the text's paragraphs, each lowercased with digit runs
    as one ``0`` and spacing collapsed, hashed in order. Two rows have the
    same signature when ``tidings corpus stats`` counts them as duplicates.
    Compute it on the per-document cleaned text *before*
    :func:`remove_furniture`, as ``tidings`` does.
    """
    position = _string_column(df, text_col, "text_col")
    if output_col in df.columns:
        raise ValueError(f"the DataFrame already has a {output_col!r} column (output_col=...)")

    def rows(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            sigs = _tidings.document_signatures(_texts(batch.column(position)))
            nulls = [v is None for v in batch.column(position).to_pylist()]
            sigs = [None if null else s for s, null in zip(sigs, nulls)]
            yield _append_column(batch, output_col, pa.array(sigs, type=pa.int64()))

    schema = T.StructType(df.schema.fields + [T.StructField(output_col, T.LongType(), True)])
    return df.mapInArrow(rows, schema)


def drop_duplicate_texts(df: DataFrame, text_col: str = "text", id_col: str = "id") -> DataFrame:
    """``df`` with one row per set of documents with the same text (by
    :func:`text_signature`): the row with the smallest ``id_col``. Rows
    without text are all kept. The sets are those ``tidings`` reports under
    ``duplicates`` and counts once with ``--dedupe``; the CLI keeps the
    first copy in reading order where this keeps the smallest id (and the
    CLI keeps the later copies in its listings, with no weight, where this
    drops them). ``df.dropDuplicates(["text_signature"])`` on
    :func:`text_signature`'s column gives the same sets, keeping an
    arbitrary row of each (and one row without text).
    """
    _check_column(df, id_col, "id_col")
    from pyspark.sql import Window

    sig = "__tidings_text_signature"
    rank = "__tidings_rank"
    signed = text_signature(df, text_col, sig)
    first = Window.partitionBy(sig).orderBy(F.col(id_col).cast("string"))
    ranked = signed.withColumn(
        rank, F.when(F.col(sig).isNull(), F.lit(1)).otherwise(F.row_number().over(first))
    )
    return ranked.where(F.col(rank) == 1).drop(sig, rank)
