"""Themes on texts and on a matrix."""

import json
import pickle

import numpy as np
import pandas as pd
import pytest

import tidings

HARBOUR = (
    "The harbour authority expanded the container terminal. Cargo ships queued at "
    "the container terminal while cranes unloaded cargo."
)
VOTE = (
    "The election commission counted ballots. Voters queued at polling stations "
    "and the ballots were counted by the election commission."
)


def planted():
    return [HARBOUR + "\n\n" + HARBOUR, VOTE + "\n\n" + VOTE] * 6


def test_fit_on_texts_finds_planted_themes():
    themes = tidings.Themes(n_themes=2, seed=0).fit(planted())
    t = themes.themes_
    assert list(t.columns) == ["id", "label", "terms", "share", "coherence", "exclusivity", "key_terms", "seeded"]
    assert list(t["id"]) == [0, 1]
    assert abs(t["share"].sum() - 1.0) < 1e-9
    labels = " ".join(t["label"]).lower()
    assert "container" in labels or "cargo" in labels or "harbour" in labels
    assert "election" in labels or "ballot" in labels
    w = themes.weights_
    assert w.shape == (12, 2)
    assert np.allclose(w.sum(axis=1), 1.0)
    # Documents of the same kind share their dominant theme.
    dominant = w.argmax(axis=1)
    assert len(set(dominant[0::2])) == 1 and len(set(dominant[1::2])) == 1
    assert dominant[0] != dominant[1]
    new = themes.transform([HARBOUR, VOTE, ""])
    assert new.shape == (3, 2)
    assert new[0].argmax() == dominant[0] and new[1].argmax() == dominant[1]
    assert new[2].sum() == 0.0  # no text, no theme


def test_same_seed_same_themes_and_pickle(un_sample):
    a = tidings.Themes(n_themes=6, seed=3).fit(un_sample)
    b = tidings.Themes(n_themes=6, seed=3).fit(un_sample)
    pd.testing.assert_frame_equal(a.themes_, b.themes_)
    assert np.array_equal(a.weights_, b.weights_)
    back = pickle.loads(pickle.dumps(a))
    pd.testing.assert_frame_equal(back.themes_, a.themes_)
    assert np.array_equal(back.transform(un_sample[:10]), a.transform(un_sample[:10]))


def test_fit_on_a_dataframe_with_ids(un_sample):
    df = pd.DataFrame({"id": [f"d{i}" for i in range(len(un_sample))], "text": un_sample})
    themes = tidings.Themes(n_themes=4).fit(df)
    assert themes.n_themes_ == 4
    assert themes.weights_.shape == (232, 4)


def test_fit_on_a_tfidf_matrix(un_sample):
    v = tidings.TfidfVectorizer(preset="sklearn", min_df=2, max_df=0.5)
    X = v.fit_transform(un_sample)
    themes = tidings.Themes(n_themes=5, seed=0).fit(X, feature_names=v.get_feature_names_out())
    assert themes.weights_.shape == (232, 5)
    assert themes.components_.shape == (5, X.shape[1])
    assert (themes.weights_ >= 0).all()
    w = themes.transform(X[:7])
    assert w.shape == (7, 5)
    back = pickle.loads(pickle.dumps(themes))
    assert np.array_equal(back.transform(X[:7]), w)
    with pytest.raises(ValueError, match="fitted on a matrix"):
        themes.transform(["some text"])


def test_errors(un_sample):
    with pytest.raises(ValueError, match="feature_names"):
        X = tidings.TfidfVectorizer(preset="sklearn").fit_transform(un_sample[:20])
        tidings.Themes(n_themes=2).fit(X)
    with pytest.raises(ValueError, match="themes"):
        tidings.Themes(n_themes=0).fit(un_sample[:20])
    with pytest.raises(ValueError, match="model kind"):
        tidings.Themes(model="lda").fit(un_sample[:20])
    with pytest.raises(ValueError, match="no text"):
        tidings.Themes(n_themes=2).fit(["", "  "])
    with pytest.raises(OSError):
        tidings.Themes(theme_file="/nonexistent/themes.toml").fit(un_sample[:20])
    with pytest.raises(ValueError, match="not fitted"):
        tidings.Themes().transform(["x"])


def test_weighing_as_the_cli_gives_it(un_sample):
    kl = tidings.Themes(n_themes=4, seed=0).fit(un_sample)
    ls = tidings.Themes(n_themes=4, seed=0, weighing="least-squares").fit(un_sample)
    assert json.loads(kl.report_json_)["model"]["weighing"] == "kullback-leibler"
    assert json.loads(ls.report_json_)["model"]["weighing"] == "least-squares"
    # The same themes, weighed two ways.
    assert np.array_equal(kl.components_, ls.components_)
    assert not np.array_equal(kl.weights_, ls.weights_)
    assert ls.get_params()["weighing"] == "least-squares"
    back = pickle.loads(pickle.dumps(ls))
    assert back.weighing == "least-squares"
    assert np.array_equal(back.transform(un_sample[:5]), ls.transform(un_sample[:5]))
    with pytest.raises(ValueError, match="weighing"):
        tidings.Themes(n_themes=2, weighing="l1").fit(un_sample[:20])
    with pytest.raises(ValueError, match="nearest centroid"):
        tidings.Themes(n_themes=2, model="kmeans", weighing="kl").fit(un_sample[:20])


def test_seeded_themes_from_a_theme_file(tmp_path):
    path = tmp_path / "themes.toml"
    path.write_text('[[theme]]\nname = "Elections"\nseeds = ["ballot", "election commission"]\n')
    themes = tidings.Themes(n_themes=2, theme_file=path).fit(planted())
    first = themes.themes_.iloc[0]
    assert first["label"] == "Elections" and bool(first["seeded"])
    assert themes.weights_[1].argmax() == 0  # a vote document
    bad = tmp_path / "bad.toml"
    bad.write_text("[[theme]]\nname = 3\n")
    with pytest.raises(ValueError, match="bad.toml"):
        tidings.Themes(n_themes=2, theme_file=bad).fit(planted())


def test_general_themes_can_be_kept_listed(un_sample):
    folded = tidings.Themes(seed=0).fit(un_sample)
    kept = tidings.Themes(seed=0, general_themes=False).fit(un_sample)
    general = json.loads(folded.report_json_)["general_language"]["themes"]
    assert general >= 1
    # Without a folded theme (and no pinned background) there is no general
    # language to report.
    assert (json.loads(kept.report_json_).get("general_language") or {}).get("themes", 0) == 0
    assert len(kept.themes_) == len(folded.themes_) + general
    assert kept.get_params()["general_themes"] is False
    assert pickle.loads(pickle.dumps(kept)).general_themes is False
