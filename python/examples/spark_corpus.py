"""tidings.spark on a whole corpus, end to end, with timings: the benchmark
of BENCHMARKS.md ("The whole UN corpus on Spark") and a template for a job.

    # once: the corpus as Parquet, in 8 partitions (read and cleaned as
    # `tidings` reads it)
    python python/examples/spark_corpus.py prepare /tmp/un/TXT /tmp/un.parquet --partitions 8
    # the sharded vectorizer fit, and the rows written (what farm-bench
    # times against `tidings vectorize`)
    python python/examples/spark_corpus.py vectorize /tmp/un.parquet --output /tmp/un-rows.parquet
    # bytes shipped per shard, binary and JSON
    python python/examples/spark_corpus.py shards /tmp/un.parquet
    # corpus-level furniture: learned in two rounds, the bytes each round
    # ships per shard, and what removal would take out (on a corpus
    # prepared with --keep-furniture)
    python python/examples/spark_corpus.py furniture /tmp/un.parquet
    # the whole report path: vectorizer, rows, themes, weights, timeline
    python python/examples/spark_corpus.py report /tmp/un.parquet --model /tmp/un-model.json

Runs on local[2] unless --master is given (or under spark-submit, which
sets it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time


def session(master: str | None):
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("tidings-spark")
    if master:
        builder = builder.master(master)
    spark = (
        builder.config("spark.ui.enabled", "false")
        # One partition per Parquet file: the files are the shards.
        .config("spark.sql.files.openCostInBytes", str(128 << 20))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=["prepare", "vectorize", "shards", "furniture", "report"])
    ap.add_argument("source", help="corpus folder (prepare) or Parquet path")
    ap.add_argument("target", nargs="?", help="Parquet path to write (prepare)")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument(
        "--keep-furniture",
        action="store_true",
        help="prepare: clean each document only, leaving the corpus-level furniture for the furniture step",
    )
    ap.add_argument("--master", default=None if "SPARK_ENV_LOADED" in os.environ else "local[2]")
    ap.add_argument("--model", help="where to save the theme model (report)")
    ap.add_argument("--output", help="where to write the TF-IDF rows as Parquet (vectorize)")
    args = ap.parse_args()

    import tidings
    from tidings import spark as ts

    started = time.perf_counter()
    spark = session(args.master)
    out: dict = {"step": args.step, "session_s": round(time.perf_counter() - started, 2)}
    if args.step == "prepare":
        if not args.target:
            ap.error("prepare needs a target Parquet path")
        furniture = None if args.keep_furniture else tidings.DEFAULT_MIN_DOCUMENTS
        frame = tidings.read_corpus(args.source, furniture=furniture)[["id", "date", "title", "text"]]
        from pyspark.sql import functions as F

        df = spark.createDataFrame(frame).withColumn("title", F.col("title").cast("string"))
        df.repartition(args.partitions).write.mode("overwrite").parquet(args.target)
        out["documents"] = len(frame)
    else:
        df = spark.read.parquet(args.source)
        out["partitions"] = df.rdd.getNumPartitions()
        t = time.perf_counter()
        if args.step == "vectorize":
            v = ts.fit_vectorizer(df)
            out["features"] = len(v.get_feature_names_out())
            out["fit_s"] = round(time.perf_counter() - t, 2)
            if args.output:
                # As `tidings vectorize` writes its matrix: every row, stored.
                t = time.perf_counter()
                rows = ts.transform(df, v, vector=False).select("id", "tfidf")
                rows.write.mode("overwrite").parquet(args.output)
                out["transform_write_s"] = round(time.perf_counter() - t, 2)
        elif args.step == "shards":
            shards = ts.shard_statistics(df)
            out["shards"] = shards.to_dict("records")
            out["binary_bytes_median"] = int(shards["binary_bytes"].median())
            out["json_bytes_median"] = int(shards["json_bytes"].median())
        elif args.step == "furniture":
            furniture = ts.learn_furniture(df)
            out["furniture_lines"] = len(furniture)
            out["learn_s"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            out["report"] = ts.furniture_report(df, furniture)
            out["report_s"] = round(time.perf_counter() - t, 2)
            shards = ts.furniture_shard_statistics(df)
            out["shards"] = shards.to_dict("records")
            for c in ("distinct_lines", "line_counts_bytes", "line_counts_json_bytes", "surroundings_bytes"):
                out[f"{c}_median"] = int(shards[c].median())
            out["candidates_bytes"] = int(shards["candidates_bytes"].iloc[0]) if len(shards) else 0
        else:
            v = ts.fit_vectorizer(df)
            out["vectorize_s"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            rows = ts.transform(df, v, vector=False).select("id", "tfidf")
            out["rows_nnz"] = rows.selectExpr("sum(size(tfidf.indices)) AS n").first()["n"]
            out["transform_s"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            themes = ts.fit_themes(df)
            out["themes"] = len(themes.themes_)
            out["sample_documents"] = len(themes.sample_ids_)
            out["fit_themes_s"] = round(time.perf_counter() - t, 2)
            if args.model:
                with open(args.model, "w", encoding="utf-8") as f:
                    f.write(themes.to_json())
            t = time.perf_counter()
            tl = ts.timeline(df, themes, "date")
            out["periods"] = len(tl.json["timeline"]["periods"])
            out["weigh_timeline_s"] = round(time.perf_counter() - t, 2)
    out["total_s"] = round(time.perf_counter() - started, 2)
    print(json.dumps(out))
    spark.stop()


if __name__ == "__main__":
    main()
