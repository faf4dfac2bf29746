"""Acceptance of tidings.spark (issue 16), on Spark in local mode.

The corpus (the UN sample shipped in corpus/ungdc-sample, or the folder in
$TIDINGS_SPARK_CORPUS, e.g. the whole UN General Debate corpus) is read as
`tidings` reads it and written to Parquet in 8 partitions. On it:

* the sharded vectorizer equals a single-process fit bit for bit
  (vocabulary, document frequencies, idf, the whole model JSON), and the
  transformed rows are equal;
* the theme model fitted from Spark is a `tidings fit` model, and the
  shares per year of `timeline` equal those of `tidings report --model` on
  that saved model, read from the corpus folder by the CLI;
* 1 and 16 partitions with the rows shuffled give the same bytes: model,
  rows, theme model, weights and timeline;
* on the same corpus with furniture injected into a few percent of the
  documents (a source line, a digit-varying statement line, a promotion
  line; a line below the threshold; six copies of one speech), the
  furniture learned on Spark in 1, 8 and 16 shuffled partitions is
  `tidings.Furniture().fit`'s, removes the same paragraphs from every row,
  reports what `tidings corpus stats --format json` reports, and the
  vectorizer fitted on the cleaned rows is the single-process one; the
  text signature finds the CLI's duplicate sets.

Skipped (with the reason) only when pyspark or Java is missing; CI
installs both and sets TIDINGS_REQUIRE_SPARK=1, which turns a skip into a
failure.
"""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import tidings

from conftest import UN_SAMPLE

CORPUS = os.environ.get("TIDINGS_SPARK_CORPUS") or UN_SAMPLE


def _unavailable(reason):
    if os.environ.get("TIDINGS_REQUIRE_SPARK"):
        pytest.fail(f"TIDINGS_REQUIRE_SPARK is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def spark():
    try:
        from pyspark.sql import SparkSession
        import pyarrow  # noqa: F401
    except ImportError as err:
        _unavailable(f"pyspark or pyarrow is not installed ({err})")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _unavailable("no Java runtime (java not on PATH, JAVA_HOME unset)")
    # Executors run this interpreter, so they import the same tidings.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("tidings-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.shuffle.partitions", "8")
        # One partition per Parquet file (Spark packs small files otherwise),
        # so that the 8 files are 8 shards.
        .config("spark.sql.files.openCostInBytes", str(128 << 20))
        .config("spark.driver.memory", os.environ.get("TIDINGS_SPARK_DRIVER_MEMORY", "2g"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def documents():
    frame = tidings.read_corpus(CORPUS)
    return frame[["id", "date", "title", "text"]].copy()


def _parquet(spark, frame, partitions, path):
    from pyspark.sql import functions as F

    df = spark.createDataFrame(frame)
    # Title and date as the corpus gives them (text; null when missing).
    df = df.withColumn("title", F.col("title").cast("string")).withColumn(
        "date", F.col("date").cast("string")
    )
    df.repartition(partitions).write.mode("overwrite").parquet(path)
    read = spark.read.parquet(path)
    assert read.rdd.getNumPartitions() >= 1
    return read


@pytest.fixture(scope="module")
def eight(spark, documents, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("parquet") / "eight")
    df = _parquet(spark, documents, 8, path)
    assert len([f for f in os.listdir(path) if f.endswith(".parquet")]) == 8
    assert df.rdd.getNumPartitions() == 8
    return df


@pytest.fixture(scope="module")
def reshuffled(spark, documents, tmp_path_factory):
    """The same documents, rows shuffled, in 1 and in 16 partitions."""
    shuffled = documents.sample(frac=1.0, random_state=20261130).reset_index(drop=True)
    assert list(shuffled["id"]) != list(documents["id"])
    base = tmp_path_factory.mktemp("shuffled")
    one = _parquet(spark, shuffled, 1, str(base / "one")).coalesce(1)
    sixteen = spark.createDataFrame(shuffled).repartition(16)
    assert sixteen.rdd.getNumPartitions() == 16
    return {"1": one, "16": sixteen}


@pytest.fixture(scope="module")
def fitted(eight):
    from tidings import spark as ts

    return ts.fit_vectorizer(eight)


@pytest.fixture(scope="module")
def single(documents):
    return tidings.TfidfVectorizer().fit(documents["text"].tolist())


@pytest.fixture(scope="module")
def themes(eight):
    from tidings import spark as ts

    return ts.fit_themes(eight)


def _rows(df, column="tfidf"):
    got = df.select("id", column).orderBy("id").collect()
    return [r["id"] for r in got], [r[column] for r in got]


def test_sharded_vectorizer_equals_a_single_process_fit(fitted, single):
    assert fitted.to_json() == single.to_json()
    assert list(fitted.get_feature_names_out()) == list(single.get_feature_names_out())
    assert np.array_equal(fitted._model.document_frequencies(), single._model.document_frequencies())
    assert fitted.idf_.tobytes() == single.idf_.tobytes()
    assert fitted._model.n_docs == single._model.n_docs


def test_other_parameters_and_max_vocabulary(eight, documents):
    from tidings import spark as ts

    params = dict(preset="sklearn", ngram_range=(1, 2), min_df=2, max_df=0.9, sublinear_tf=True, max_features=5000)
    assert (
        ts.fit_vectorizer(eight, **params).to_json()
        == tidings.TfidfVectorizer(**params).fit(documents["text"].tolist()).to_json()
    )
    with pytest.raises(ValueError, match="max_vocabulary"):
        ts.fit_vectorizer(eight, max_vocabulary=1000)
    with pytest.raises(TypeError):
        ts.fit_vectorizer(eight, no_such_parameter=1)
    with pytest.raises(ValueError, match="no 'body' column"):
        ts.fit_vectorizer(eight, text_col="body")


def test_transformed_rows_are_equal(eight, fitted, single, documents):
    from tidings import spark as ts

    ids, vectors = _rows(ts.transform(eight, fitted))
    order = documents.sort_values("id")
    assert ids == order["id"].tolist()
    X = single.transform(order["text"].tolist())
    for i, v in enumerate(vectors):
        row = X[i]
        assert v.size == X.shape[1]
        assert list(v.indices) == row.indices.tolist()
        assert np.asarray(v.values).tobytes() == row.data.tobytes()
    # The Arrow struct form holds the same numbers.
    ids2, structs = _rows(ts.transform(eight, fitted, vector=False))
    assert ids2 == ids
    for v, s in zip(vectors, structs):
        assert s["size"] == v.size
        assert list(s["indices"]) == list(v.indices)
        assert np.asarray(s["values"]).tobytes() == np.asarray(v.values).tobytes()


def test_compact_statistics_are_smaller_than_json(eight):
    from tidings import spark as ts

    shards = ts.shard_statistics(eight)
    assert shards["documents"].sum() == eight.count()
    assert (shards["binary_bytes"] * 2 < shards["json_bytes"]).all(), shards


def _cli_report(tidings_cli, model_path):
    out = subprocess.run(
        [tidings_cli, "report", CORPUS, "--model", str(model_path), "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def test_theme_shares_per_year_equal_the_cli_on_the_saved_model(
    eight, themes, tidings_cli, tmp_path
):
    from tidings import spark as ts

    model_path = tmp_path / "model.json"
    model_path.write_text(themes.to_json(), encoding="utf-8")
    report = _cli_report(tidings_cli, model_path)
    tl = ts.timeline(eight, themes, "date", "auto")
    assert tl.json["timeline"]["granularity"] == report["timeline"]["granularity"] == "year"
    # The whole timeline object (periods, shares, intervals, documents,
    # undated/imprecise/outside buckets) is the CLI's.
    assert tl.json["timeline"] == report["timeline"]
    # The long frame marks each row's level: a period's fine themes sum to
    # what its top level (broader themes and fine themes in none) sums to.
    frame = tl.timeline.dropna(subset=["share"])
    for _, g in frame.groupby("period"):
        fine = g[g["level"] == "theme"]["share"].sum()
        top = g[(g["level"] == "group") | g["parent"].isna()]["share"].sum()
        assert fine == pytest.approx(top, abs=1e-9)
    cli_themes = {t["id"]: t for t in report["themes"]}
    for t in tl.json["themes"]:
        assert t["label"] == cli_themes[t["id"]]["label"]
        assert t["trend"] == cli_themes[t["id"]]["trend"]
        assert t["bursts"] == cli_themes[t["id"]]["bursts"]
        assert t["peak_period"] == cli_themes[t["id"]]["peak_period"]
    if report.get("general_language"):
        g = tl.json["general_language"]
        assert [p["share"] for p in g["periods"]] == [
            p["share"] for p in report["general_language"]["periods"]
        ]
    # Per document: the dominant theme and its weight, as the CLI lists them.
    weighed = ts.weigh(eight, themes).select("id", "theme_weights", "length").orderBy("id").collect()
    cli_docs = {d["id"]: d for d in report["documents"]}
    for row in weighed:
        d = cli_docs[row["id"]]
        assert row["length"] == d["length"]
        if d["themes"]:
            top = d["themes"][0]
            assert row["theme_weights"][top["id"]] == pytest.approx(top["weight"], abs=0, rel=0)


def test_fit_themes_is_the_single_machine_fit_on_its_sample(themes, documents):
    # The sample is drawn from ids; fitted in id order on one machine, it
    # gives the same model. Below SAMPLE_CHARS (the UN sample) the sample
    # is the whole corpus.
    from tidings import spark as ts

    ids = themes.sample_ids_
    assert ids == sorted(ids)
    if documents["text"].str.len().sum() <= ts.SAMPLE_CHARS:
        assert ids == sorted(documents["id"])
    sample = documents[documents["id"].isin(set(ids))].sort_values("id").reset_index(drop=True)
    assert sample["id"].tolist() == ids
    one = tidings.Themes().fit(sample)
    assert themes.to_json() == one.to_json()


def test_one_and_sixteen_shuffled_partitions_give_the_same_bytes(
    eight, reshuffled, fitted, themes
):
    from tidings import spark as ts

    base_rows = _rows(ts.transform(eight, fitted, vector=False))
    base_weights = _rows(ts.weigh(eight, themes), "theme_weights")
    base_timeline = ts.timeline(eight, themes).json
    for name, df in reshuffled.items():
        v = ts.fit_vectorizer(df)
        assert v.to_json() == fitted.to_json(), f"{name} partitions"
        assert _rows(ts.transform(df, v, vector=False)) == base_rows, f"{name} partitions"
        t = ts.fit_themes(df)
        assert t.to_json() == themes.to_json(), f"{name} partitions"
        ids, weights = _rows(ts.weigh(df, t), "theme_weights")
        assert ids == base_weights[0]
        assert [np.asarray(w).tobytes() for w in weights] == [
            np.asarray(w).tobytes() for w in base_weights[1]
        ], f"{name} partitions"
        assert ts.timeline(df, t).json == base_timeline, f"{name} partitions"


def test_the_sample_is_drawn_from_ids_whatever_the_partitioning(eight, reshuffled):
    from tidings import spark as ts

    small = 2_000_000  # characters: a third of the UN sample
    a = ts.fit_themes(eight, sample_chars=small, n_themes=5)
    b = ts.fit_themes(reshuffled["16"], sample_chars=small, n_themes=5)
    assert a.sample_ids_ == b.sample_ids_
    assert 0 < len(a.sample_ids_) < eight.count()
    assert a.to_json() == b.to_json()


# Furniture (issue 16, with issue 13's furniture rule).

SOURCE = "Source: United Nations Department of Public Information, New York"
STATEMENT = "Statement delivered at the {n}th plenary meeting of the General Assembly. Check against delivery."
PROMOTION = "Learn more about the general debate and watch every statement online."
RARE = "A rare note added to two speeches only."


@pytest.fixture(scope="module")
def furnished(documents):
    """The corpus in id order with furniture injected into a few percent of
    the speeches (at least 6 each, so the rule's 5 documents are reached),
    a line in two speeches (below the threshold) and six copies of one
    speech (content: never furniture)."""
    frame = documents.sort_values("id").reset_index(drop=True).copy()
    n = len(frame)
    picks = np.random.default_rng(16).permutation(n)
    k = max(6, n * 3 // 100)
    texts = frame["text"].tolist()
    for i in picks[:k]:
        texts[i] = texts[i] + "\n\n" + SOURCE
    for j, i in enumerate(picks[k : 2 * k]):
        texts[i] = STATEMENT.format(n=40 + j) + "\n\n" + texts[i]
    for i in picks[k + k // 2 : 3 * k]:
        texts[i] = texts[i] + "\n\n" + PROMOTION
    for i in picks[3 * k : 3 * k + 2]:
        texts[i] = texts[i] + "\n\n" + RARE
    frame["text"] = texts
    original = frame.iloc[picks[-1]]
    copies = pd.DataFrame([original] * 6)
    copies["id"] = [f"{original['id']}-copy{c}" for c in range(6)]
    frame = pd.concat([frame, copies]).sort_values("id").reset_index(drop=True)
    return frame


@pytest.fixture(scope="module")
def furnished_frames(spark, furnished, tmp_path_factory):
    shuffled = furnished.sample(frac=1.0, random_state=13).reset_index(drop=True)
    base = tmp_path_factory.mktemp("furnished")
    return {
        "1": _parquet(spark, shuffled, 1, str(base / "one")).coalesce(1),
        "8": _parquet(spark, furnished, 8, str(base / "eight")),
        "16": spark.createDataFrame(shuffled).repartition(16),
    }


def test_furniture_learned_on_spark_is_the_single_process_one(furnished, furnished_frames):
    from tidings import spark as ts

    texts = furnished["text"].tolist()
    single = tidings.Furniture().fit(texts)
    for line in (SOURCE, STATEMENT.format(n=7), PROMOTION):
        assert single.is_furniture(line), line
    assert not single.is_furniture(RARE)
    assert single.min_documents == ts.DEFAULT_MIN_DOCUMENTS == 5
    cleaned = single.transform(texts)
    assert sum(a != b for a, b in zip(texts, cleaned)) >= 3 * max(6, len(texts) * 3 // 100) // 2
    assert not any(SOURCE in t or PROMOTION in t for t in cleaned)
    report = single.report(texts)
    for name, df in furnished_frames.items():
        learned = ts.learn_furniture(df)
        assert learned.to_bytes() == single.to_bytes(), f"{name} partitions"
        assert learned == single and len(learned) == len(single)
        rows = ts.remove_furniture(df, learned).select("id", "text").orderBy("id").collect()
        assert [r["id"] for r in rows] == furnished["id"].tolist()
        assert [r["text"] for r in rows] == cleaned, f"{name} partitions"
        assert ts.furniture_report(df, learned) == report, f"{name} partitions"


def test_vectorizer_on_the_cleaned_rows_equals_the_single_process_fit(furnished, furnished_frames):
    from tidings import spark as ts

    cleaned = tidings.Furniture().fit_transform(furnished["text"].tolist())
    expected = tidings.TfidfVectorizer().fit(cleaned).to_json()
    for name in ("8", "16"):
        df = furnished_frames[name]
        clean = ts.remove_furniture(df, ts.learn_furniture(df))
        assert ts.fit_vectorizer(clean).to_json() == expected, f"{name} partitions"


def test_furniture_report_and_duplicates_are_the_clis(furnished, furnished_frames, tidings_cli, tmp_path):
    """`tidings corpus stats --format json` on the same documents (written
    as JSON Lines in id order) removes the same lines and finds the same
    duplicate sets."""
    from tidings import spark as ts

    path = tmp_path / "furnished.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for r in furnished.itertuples():
            out.write(json.dumps({"id": r.id, "date": r.date, "title": r.title, "text": r.text}) + "\n")
    stats = json.loads(
        subprocess.run(
            [tidings_cli, "corpus", "stats", str(path), "--format", "json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    df = furnished_frames["8"]
    assert ts.furniture_report(df, ts.learn_furniture(df)) == stats["removed"]["furniture"]
    signed = ts.text_signature(df).select("id", "text_signature").collect()
    sets: dict = {}
    for r in signed:
        if r["text_signature"] is not None:
            sets.setdefault(r["text_signature"], []).append(r["id"])
    groups = sorted(sorted(g) for g in sets.values() if len(g) > 1)
    assert len(groups) == stats["duplicates"]["sets"] >= 1
    assert sum(map(len, groups)) == stats["duplicates"]["documents"]
    assert sorted(sorted(e) for e in stats["duplicates"]["examples"]) == groups
    kept = ts.drop_duplicate_texts(df).select("id").collect()
    assert len(kept) == len(furnished) - sum(len(g) - 1 for g in groups)
    assert {r["id"] for r in kept} >= {g[0] for g in groups}
    # dropDuplicates on the column gives the same sets (any row of each;
    # rows without text, null, collapse into one).
    no_text = sum(1 for r in signed if r["text_signature"] is None)
    assert ts.text_signature(df).dropDuplicates(["text_signature"]).count() == len(kept) - no_text + min(1, no_text)


def test_furniture_shard_statistics(furnished_frames):
    from tidings import spark as ts

    shards = ts.furniture_shard_statistics(furnished_frames["8"])
    assert len(shards) == 8
    assert shards["documents"].sum() == furnished_frames["8"].count()
    # The binary round-1 counts are smaller than JSON, and round 2 is
    # bounded by the candidates (at most min_documents hashes each).
    assert (shards["line_counts_bytes"] * 2 < shards["line_counts_json_bytes"]).all(), shards
    assert (shards["surroundings_bytes"] < shards["line_counts_bytes"]).all(), shards


def test_furniture_arguments_are_checked(eight):
    from pyspark.sql import functions as F

    from tidings import spark as ts

    with pytest.raises(ValueError, match="at least 2"):
        ts.learn_furniture(eight, min_documents=1)
    with pytest.raises(ValueError, match="no 'body' column"):
        ts.learn_furniture(eight, text_col="body")
    with pytest.raises(ValueError, match="not fitted"):
        ts.remove_furniture(eight, tidings.Furniture())
    with pytest.raises(ValueError, match="not string"):
        ts.text_signature(eight.withColumn("n", F.lit(1).cast("long")), text_col="n")


# The statistics layer on its own (no Spark needed).


def test_merging_statistics_is_associative_and_order_independent(un_sample):
    from tidings import _tidings

    params = tidings.TfidfVectorizer().get_params()
    parts = []
    for chunk in (un_sample[:40], un_sample[40:41], un_sample[41:150], un_sample[150:]):
        counter = _tidings.StatsCounter(params)
        counter.add(chunk)
        parts.append(counter.to_bytes())
    a, b, c, d = parts
    m = _tidings.merge_stats
    whole = _tidings.StatsCounter(params)
    whole.add(un_sample)
    expected = whole.to_bytes()
    groupings = [
        m([a, b, c, d]),
        m([d, c, b, a]),
        m([m([a, b]), m([c, d])]),
        m([a, m([b, m([c, d])])]),
        m([m([m([d, b]), c]), a]),
    ]
    assert all(g == expected for g in groupings)
    assert _tidings.stats_summary(expected) == (232, whole.n_terms)
    model = _tidings.fit_stats(expected, params)
    assert model.to_json() == tidings.TfidfVectorizer().fit(un_sample).to_json()
    # The binary form is smaller than JSON.
    assert 2 * len(expected) < len(_tidings.stats_to_json(expected).encode())


def test_bad_statistics_are_value_errors_naming_the_offset():
    from tidings import _tidings

    counter = _tidings.StatsCounter({"preset": "sklearn"})
    counter.add(["the cat sat", "the dog sat"])
    good = counter.to_bytes()
    with pytest.raises(ValueError, match=r"at byte \d+: .*cut short"):
        _tidings.merge_stats([good[:-3]])
    with pytest.raises(ValueError, match="no TDSTATS magic"):
        _tidings.merge_stats([b"{}"])
    other = _tidings.StatsCounter({"preset": "default"})
    other.add(["the cat sat"])
    with pytest.raises(ValueError, match="cannot merge statistics"):
        _tidings.merge_stats([good, other.to_bytes()])
    with pytest.raises(ValueError, match="max_vocabulary"):
        _tidings.StatsCounter({"max_vocabulary": 10})


def test_furniture_counts_merge_in_any_grouping_and_bad_bytes_are_value_errors(un_sample):
    from tidings import _tidings

    texts = [t + "\n\nSource: Wire and agencies" if i % 9 == 0 else t for i, t in enumerate(un_sample)]
    parts = []
    for chunk in (texts[:40], texts[40:41], texts[41:150], texts[150:]):
        counter = _tidings.LineCounter()
        counter.add(chunk)
        parts.append(counter.to_bytes())
    whole = _tidings.LineCounter()
    whole.add(texts)
    m = _tidings.merge_line_counts
    a, b, c, d = parts
    assert m([d, c, b, a]) == m([m([a, b]), m([c, d])]) == whole.to_bytes()
    candidates, n = _tidings.furniture_candidates(whole.to_bytes(), 5)
    assert n >= 1
    halves = []
    for chunk in (texts[::2], texts[1::2]):
        counter = _tidings.SurroundingCounter(candidates)
        counter.add(chunk)
        halves.append(counter.to_bytes())
    merged = _tidings.merge_surroundings(halves[::-1])
    learned = tidings.Furniture._of(_tidings.FurnitureModel.from_surroundings(merged))
    assert learned == tidings.Furniture().fit(texts)
    assert learned.is_furniture("source: wire and agencies")
    with pytest.raises(ValueError, match=r"binary line counts at byte \d+: cut short"):
        m([a[:-1]])
    with pytest.raises(ValueError, match="no TDLINES magic"):
        m([candidates])
    with pytest.raises(ValueError, match="no TDFURNI magic"):
        tidings.Furniture.from_bytes(b"junk")
    with pytest.raises(ValueError, match="at least 2"):
        tidings.Furniture(1).fit(texts)
