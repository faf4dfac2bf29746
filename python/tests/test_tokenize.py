"""tokenize and Analyzer."""

import pickle

import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer as SkTfidf

import tidings


def test_presets():
    assert tidings.tokenize("The cats sat on the mats.") == ["cat", "sat", "mat"]
    assert tidings.tokenize("The cats sat.", preset="sklearn") == ["the", "cats", "sat"]
    assert tidings.tokenize("Free and open", preset="sklearn", ngram_range=(1, 2)) == [
        "free", "and", "open", "free and", "and open",
    ]


def test_sklearn_preset_matches_build_analyzer(un_sample):
    analyzer = SkTfidf().build_analyzer()
    ours = tidings.Analyzer(preset="sklearn")
    for text in un_sample[:40]:
        assert ours(text) == analyzer(text)


def test_analyzer_as_sklearn_callable_and_pickled():
    a = tidings.Analyzer(language="french")
    terms = a("Les sécurités régionales")
    assert len(terms) == 2 and terms[1] == "régional"  # stop word gone, stemmed
    cv = CountVectorizer(analyzer=a).fit(["Les sécurités régionales", "La sécurité"])
    assert sorted(cv.vocabulary_) == sorted(terms)
    b = pickle.loads(pickle.dumps(a))
    assert b("Les sécurités régionales") == a("Les sécurités régionales")


def test_errors():
    with pytest.raises(ValueError, match="preset"):
        tidings.tokenize("text", preset="nope")
    with pytest.raises(ValueError, match="language"):
        tidings.Analyzer(language="klingon")
    with pytest.raises(ValueError):
        tidings.Analyzer(ngram_range=(0, 1))
    with pytest.raises(TypeError):
        tidings.tokenize(42)
