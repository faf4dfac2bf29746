"""report(): DataFrames, renderings, and the same shares as the CLI."""

import json
import os
import subprocess

import pandas as pd
import pytest

import tidings
from conftest import SEED_NEWS, UN_SAMPLE


@pytest.fixture(scope="module")
def un_frame():
    return tidings.read_corpus(UN_SAMPLE, clean=False)


def shares(report_json):
    out = {}
    for p in report_json["timeline"]["periods"]:
        for theme, s in (p.get("shares") or {}).items():
            out[(p["period"], int(theme))] = s["share"]
    return out


def test_dataframe_report_equals_cli_json(tmp_path, tidings_cli, un_frame):
    df = un_frame[["id", "date", "text"]].copy()
    # The same rows as a JSON Lines file, for the CLI.
    path = tmp_path / "un.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for r in df.to_dict("records"):
            f.write(json.dumps({k: v for k, v in r.items() if v is not None}) + "\n")
    cli = subprocess.run(
        [tidings_cli, "report", str(path), "--format", "json", "--themes", "8", "--quiet"],
        check=True,
        capture_output=True,
        text=True,
    )
    expected = json.loads(cli.stdout)
    r = tidings.report(df, n_themes=8)
    assert [t["label"] for t in r.json["themes"]] == [t["label"] for t in expected["themes"]]
    ours, theirs = shares(r.json), shares(expected)
    assert ours.keys() == theirs.keys() and len(ours) > 0
    for k in ours:
        assert ours[k] == pytest.approx(theirs[k], abs=1e-12)
    # The long DataFrame carries the same numbers.
    tl = r.timeline
    for row in tl.dropna(subset=["share"]).itertuples():
        assert row.share == pytest.approx(theirs[(row.period, row.theme_id)], abs=1e-12)


def test_report_from_records_and_datetimes():
    texts = [
        "The harbour authority expanded the container terminal. Cargo ships queued.",
        "The election commission counted ballots. Voters queued at polling stations.",
    ]
    records = [
        {"text": texts[i % 2] + "\n\n" + texts[i % 2], "date": pd.Timestamp(2020 + i // 4, 1 + i % 4 * 3, 1)}
        for i in range(16)
    ]
    r = tidings.report(records, by="year", n_themes=2)
    assert r.json["model"]["weighing"] == "kullback-leibler"
    ls = tidings.report(records, by="year", n_themes=2, weighing="least-squares")
    assert ls.json["model"]["weighing"] == "least-squares"
    tl = r.timeline
    assert list(tl.columns)[:9] == ["period", "start", "end", "theme_id", "label", "share", "ci_low", "ci_high", "documents"]
    assert sorted(tl["period"].unique()) == ["2020", "2021", "2022", "2023"]
    for _, g in tl.groupby("period"):
        assert g["share"].sum() == pytest.approx(1.0)
    assert set(tl["level"]) == {"theme"}
    assert len(r.themes) == 2
    assert len(r.documents) == 16


def test_report_from_path_and_renderings(tmp_path):
    r = tidings.report(SEED_NEWS)
    assert r.json["corpus"]["documents"] == 5
    assert set(["id", "label", "share", "trend"]) <= set(r.themes.columns)
    page = r.to_html(tmp_path / "r.html")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert os.path.getsize(tmp_path / "r.html") == len(page.encode("utf-8"))
    assert "<iframe" in r._repr_html_()
    assert json.loads(r.to_json())["schema_version"] == r.json["schema_version"]
    assert r.to_csv().startswith("period,start,end")
    assert "|" in r.to_markdown()
    assert "tidings.Report" in repr(r)


def test_report_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        tidings.report(tmp_path / "missing")
    with pytest.raises(ValueError, match="granularity|fortnight"):
        tidings.report(SEED_NEWS, by="fortnight")
    with pytest.raises(ValueError, match="no 'body' column"):
        tidings.report(pd.DataFrame({"text": ["a"]}), text="body")
    with pytest.raises(ValueError, match="source must be"):
        tidings.report(42)
    with pytest.raises(ValueError, match="confidence"):
        tidings.report(SEED_NEWS, confidence=1.5)


def test_read_corpus():
    df = tidings.read_corpus(UN_SAMPLE)
    assert list(df.columns) == ["id", "date", "title", "text", "warnings"]
    assert len(df) == 232
    usa = df[df["id"].str.endswith("USA_56_2001")]
    assert list(usa["date"]) == ["2001"]
    assert df["text"].str.len().min() > 0
    raw = tidings.read_corpus(UN_SAMPLE, clean=False)
    assert len(raw) == 232
    with pytest.raises(FileNotFoundError):
        tidings.read_corpus("/nonexistent/corpus")
