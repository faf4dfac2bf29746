"""Shared fixtures: the corpora shipped with the repository, read as the
scikit-learn fixture script reads them (scripts/gen_tfidf_fixtures.py)."""

import os
import shutil

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEED_NEWS = os.path.join(REPO, "corpus", "seed-news")
UN_SAMPLE = os.path.join(REPO, "corpus", "ungdc-sample")


def _read_seed_news():
    texts = []
    for name in sorted(os.listdir(SEED_NEWS)):
        if name.endswith(".txt"):
            with open(os.path.join(SEED_NEWS, name), encoding="utf-8") as f:
                texts.append(f.read())
    return texts


def _read_un_sample():
    texts = []
    for session in sorted(os.listdir(UN_SAMPLE)):
        folder = os.path.join(UN_SAMPLE, session)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".txt"):
                with open(os.path.join(folder, name), encoding="utf-8-sig") as f:
                    texts.append(f.read())
    return texts


@pytest.fixture(scope="session")
def seed_news():
    texts = _read_seed_news()
    assert len(texts) == 5
    return texts


@pytest.fixture(scope="session")
def un_sample():
    texts = _read_un_sample()
    assert len(texts) == 232
    return texts


@pytest.fixture(scope="session")
def tidings_cli():
    """The `tidings` binary: $TIDINGS_CLI, else one built in target/."""
    candidates = [
        os.environ.get("TIDINGS_CLI"),
        os.path.join(REPO, "target", "release", "tidings"),
        os.path.join(REPO, "target", "debug", "tidings"),
        shutil.which("tidings"),
    ]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    if os.environ.get("TIDINGS_REQUIRE_CLI"):
        pytest.fail("TIDINGS_REQUIRE_CLI is set but no tidings binary was found")
    pytest.skip("no tidings binary (set TIDINGS_CLI or cargo build -p tidings-cli)")
