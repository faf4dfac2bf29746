"""The Python-facing API over the ``tidings._tidings`` extension module."""

from __future__ import annotations

import html
import json
import os
import tempfile
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import _tidings

__all__ = [
    "Analyzer",
    "Report",
    "TfidfVectorizer",
    "Themes",
    "read_corpus",
    "report",
    "tokenize",
]


def _check_texts(texts: Any, what: str = "raw_documents") -> Any:
    """Rejects a lone string where an iterable of texts is expected, as
    scikit-learn does (a str would be read one character per document)."""
    if isinstance(texts, (str, bytes)):
        raise ValueError(
            f"{what}: an iterable of texts is expected, a single {type(texts).__name__} was given"
        )
    if isinstance(texts, pd.DataFrame):
        raise ValueError(
            f"{what}: give the text column (df['text']), not the whole DataFrame"
        )
    return texts


def _csr(parts: tuple) -> sp.csr_matrix:
    data, indices, indptr, shape = parts
    matrix = sp.csr_matrix((data, indices, indptr), shape=shape, copy=False)
    # Rows come out with their columns in increasing order.
    matrix.has_sorted_indices = True
    return matrix


# ---------------------------------------------------------------- tokenizing


class Analyzer:
    """A tokenizer, callable on one text: the terms the vectorizer counts.

    Usable as scikit-learn's ``analyzer=`` callable, and picklable.

    Parameters
    ----------
    preset : {"default", "sklearn"}
        ``"default"``: Unicode words, hyphenated compounds kept, possessives
        stripped, lowercased, numbers dropped, English stop words removed,
        Snowball stems. ``"sklearn"``: scikit-learn's default analyzer
        (lowercase, runs of two or more word characters).
    ngram_range : (int, int)
        Word n-grams to produce, both ends included.
    language : str, optional
        Stemming and stop-word language (``"french"`` or ``"fr"``, …).
    stem : bool, optional
        Force stemming on or off (default: the preset's).
    stopwords : list of str, optional
        Stop words to remove instead of the preset's list.
    keep_stopwords : bool
        Remove no stop words.

    Examples
    --------
    >>> from tidings import Analyzer
    >>> Analyzer()("Counter-terrorism cooperation grows.")
    ['counter-terror', 'cooper', 'grow']
    >>> Analyzer(preset="sklearn", ngram_range=(1, 2))("Free and open")
    ['free', 'and', 'open', 'free and', 'and open']

    With scikit-learn:

    >>> from sklearn.feature_extraction.text import CountVectorizer  # doctest: +SKIP
    >>> CountVectorizer(analyzer=Analyzer()).fit(["Ships and shipping."])  # doctest: +SKIP
    """

    def __init__(
        self,
        preset: str = "default",
        ngram_range: tuple[int, int] = (1, 1),
        *,
        language: str | None = None,
        stem: bool | None = None,
        stopwords: Sequence[str] | None = None,
        keep_stopwords: bool = False,
    ) -> None:
        self.preset = preset
        self.ngram_range = tuple(ngram_range)
        self.language = language
        self.stem = stem
        self.stopwords = None if stopwords is None else list(stopwords)
        self.keep_stopwords = keep_stopwords
        self._inner = _tidings.Analyzer(
            preset,
            self.ngram_range,
            language,
            stem,
            self.stopwords,
            keep_stopwords,
        )

    def __call__(self, text: str) -> list[str]:
        return self._inner(text)

    def __getstate__(self) -> dict:
        state = {k: v for k, v in self.__dict__.items() if k != "_inner"}
        return state

    def __setstate__(self, state: dict) -> None:
        self.__init__(  # type: ignore[misc]
            state["preset"],
            state["ngram_range"],
            language=state["language"],
            stem=state["stem"],
            stopwords=state["stopwords"],
            keep_stopwords=state["keep_stopwords"],
        )

    def __repr__(self) -> str:
        return f"Analyzer(preset={self.preset!r}, ngram_range={self.ngram_range!r})"


_ANALYZERS: dict = {}


def tokenize(text: str, preset: str = "default", **options: Any) -> list[str]:
    """The terms of ``text`` under a tokenizer preset.

    ``options`` are those of :class:`Analyzer` (``ngram_range``,
    ``language``, ``stem``, ``stopwords``, ``keep_stopwords``).

    Examples
    --------
    >>> tokenize("India's defence industry grows.")
    ['india', 'defenc', 'industri', 'grow']
    >>> tokenize("India's defence_budget, 2024 a b", preset="sklearn")
    ['india', 'defence_budget', '2024']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    key = (preset, repr(sorted(options.items())))
    analyzer = _ANALYZERS.get(key)
    if analyzer is None:
        analyzer = Analyzer(preset, **options)
        if len(_ANALYZERS) < 32:
            _ANALYZERS[key] = analyzer
    return analyzer(text)


# ------------------------------------------------------------------- TF-IDF


class TfidfVectorizer:
    """TF-IDF features, in scikit-learn's conventions.

    ``TfidfVectorizer(preset="sklearn")`` is scikit-learn's
    ``TfidfVectorizer()``: the same vocabulary in the same column order and
    every entry within 1e-12, also with ``ngram_range``, ``min_df``,
    ``max_df``, ``sublinear_tf``, ``binary``, ``use_idf``, ``smooth_idf``
    and ``norm``; also with ``max_features`` whenever the terms at the
    cut are not tied in frequency (see ``max_features`` below). The
    default preset is tidings' own: stems, English stop words, uni- and bigrams, ``min_df=5`` (lowered
    on small corpora) and sublinear tf.

    Fitting runs in parallel in Rust without the GIL, taking the texts from
    the iterable in chunks (any iterable of str works, a generator too).
    The result does not depend on the number of threads.

    Parameters
    ----------
    preset : {"default", "sklearn"}
    language : str, optional
        Stemming and stop-word language of the default preset.
    ngram_range : (int, int), optional
        Default: the preset's ((1, 2) or (1, 1)).
    min_df, max_df : int or float, optional
        An int is a number of documents, a float a fraction of them.
    max_features : int, optional
        Keep the most frequent features only (total count; document
        frequency with ``binary=True``). Among terms tied in frequency at
        the cut, the earlier in sorted term order are kept, so the result
        is deterministic. scikit-learn ranks with numpy's unstable
        ``argsort``, so which tied terms it keeps is not defined; it keeps
        the same terms outside the tie.
    max_vocabulary : int, optional
        Hold at most this many distinct terms while counting (a memory bound).
    stop_words : list of str, optional
        Words removed before n-grams are formed.
    sublinear_tf : bool, optional
        ``1 + log(tf)``; default: the preset's.
    binary, use_idf, smooth_idf : bool
    norm : {"l2", "l1", None}

    Attributes
    ----------
    vocabulary_ : dict[str, int]
    idf_ : numpy.ndarray

    Examples
    --------
    >>> from tidings import TfidfVectorizer
    >>> v = TfidfVectorizer(preset="sklearn")
    >>> X = v.fit_transform(["The cat sat.", "The dog sat.", "A cat and a dog."])
    >>> X.shape, X.dtype
    ((3, 5), dtype('float64'))
    >>> list(v.get_feature_names_out())
    ['and', 'cat', 'dog', 'sat', 'the']
    >>> v.transform(["cat zebra"]).nnz
    1
    """

    _PARAMS = (
        "preset",
        "language",
        "ngram_range",
        "min_df",
        "max_df",
        "max_features",
        "max_vocabulary",
        "stop_words",
        "sublinear_tf",
        "binary",
        "use_idf",
        "smooth_idf",
        "norm",
    )

    def __init__(
        self,
        *,
        preset: str = "default",
        language: str | None = None,
        ngram_range: tuple[int, int] | None = None,
        min_df: int | float | None = None,
        max_df: int | float | None = None,
        max_features: int | None = None,
        max_vocabulary: int | None = None,
        stop_words: Sequence[str] | None = None,
        sublinear_tf: bool | None = None,
        binary: bool = False,
        use_idf: bool = True,
        smooth_idf: bool = True,
        norm: str | None = "l2",
    ) -> None:
        self.preset = preset
        self.language = language
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.max_vocabulary = max_vocabulary
        self.stop_words = stop_words
        self.sublinear_tf = sublinear_tf
        self.binary = binary
        self.use_idf = use_idf
        self.smooth_idf = smooth_idf
        self.norm = norm
        self._model: Any = None
        self._features: np.ndarray | None = None

    # scikit-learn's estimator protocol
    def get_params(self, deep: bool = True) -> dict:
        return {name: getattr(self, name) for name in self._PARAMS}

    def set_params(self, **params: Any) -> "TfidfVectorizer":
        for name, value in params.items():
            if name not in self._PARAMS:
                raise ValueError(f"invalid parameter {name!r} for TfidfVectorizer")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        changed = ", ".join(
            f"{k}={v!r}"
            for k, v in self.get_params().items()
            if v != type(self)().get_params()[k]
        )
        return f"TfidfVectorizer({changed})"

    def _fit(self, raw_documents: Iterable[str], transform: bool):
        _check_texts(raw_documents)
        if self.norm not in ("l2", "l1", None):
            raise ValueError(f"norm = {self.norm!r} is invalid: expected 'l2', 'l1' or None")
        if self.stop_words is not None and isinstance(self.stop_words, str):
            raise ValueError(
                "stop_words must be a list of words (named lists are chosen with language=)"
            )
        model, parts = _tidings.fit_tfidf(
            raw_documents,
            preset=self.preset,
            language=self.language,
            ngram_range=None if self.ngram_range is None else tuple(self.ngram_range),
            min_df=self.min_df,
            max_df=self.max_df,
            max_features=self.max_features,
            max_vocabulary=self.max_vocabulary,
            stop_words=None if self.stop_words is None else list(self.stop_words),
            sublinear_tf=self.sublinear_tf,
            binary=self.binary,
            use_idf=self.use_idf,
            smooth_idf=self.smooth_idf,
            norm="none" if self.norm is None else self.norm,
            transform=transform,
        )
        self._model = model
        self._features = None
        self.__dict__.pop("vocabulary_", None)
        return parts

    def fit(self, raw_documents: Iterable[str], y: Any = None) -> "TfidfVectorizer":
        """Learns the vocabulary and idf from ``raw_documents``."""
        self._fit(raw_documents, transform=False)
        return self

    def fit_transform(self, raw_documents: Iterable[str], y: Any = None) -> sp.csr_matrix:
        """Fits and returns the documents × features matrix (each text is
        tokenized once)."""
        return _csr(self._fit(raw_documents, transform=True))

    def transform(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """The TF-IDF rows of ``raw_documents``; unknown terms are ignored.
        Safe to call from several threads at once."""
        self._check_fitted()
        _check_texts(raw_documents)
        return _csr(self._model.transform(raw_documents))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The features in column order, as an object array of str."""
        self._check_fitted()
        if self._features is None:
            self._features = np.array(self._model.features(), dtype=object)
        return self._features

    @property
    def vocabulary_(self) -> dict:
        self._check_fitted()
        vocabulary = self.__dict__.get("_vocabulary")
        if vocabulary is None:
            vocabulary = {f: i for i, f in enumerate(self._model.features())}
            self.__dict__["_vocabulary"] = vocabulary
        return vocabulary

    @property
    def idf_(self) -> np.ndarray:
        self._check_fitted()
        return self._model.idf()

    def surface_forms(self) -> list[str]:
        """Each feature's most common form in the text ("Indo-Pacific" for
        the stem "indo-pacif")."""
        self._check_fitted()
        return self._model.surface_forms()

    def to_json(self) -> str:
        """The fitted model as versioned JSON (the ``model.json`` of
        ``tidings vectorize``)."""
        self._check_fitted()
        return self._model.to_json()

    @classmethod
    def from_json(cls, text: str) -> "TfidfVectorizer":
        """A fitted vectorizer from :meth:`to_json`'s output."""
        model = _tidings.TfidfModel.from_json(text)
        v = cls()
        params = json.loads(model.params_json())
        v.preset = "sklearn" if params["analyzer"]["tokenizer"] == "sklearn_pattern" else "default"
        v._model = model
        return v

    def _check_fitted(self) -> None:
        if self._model is None:
            raise ValueError("this TfidfVectorizer is not fitted yet: call fit or fit_transform")

    # Pickled through the versioned JSON model, never a pointer.
    def __getstate__(self) -> dict:
        state = {name: getattr(self, name) for name in self._PARAMS}
        state["model_json"] = None if self._model is None else self._model.to_json()
        return state

    def __setstate__(self, state: dict) -> None:
        model_json = state.pop("model_json", None)
        self.__init__(**state)  # type: ignore[misc]
        if model_json is not None:
            self._model = _tidings.TfidfModel.from_json(model_json)


# ------------------------------------------------------------------- themes


def _theme_count(n_themes: Any) -> str:
    if isinstance(n_themes, str):
        return n_themes
    if isinstance(n_themes, (bool, float)):
        raise ValueError(f"n_themes = {n_themes!r}: expected an int, (min, max) or 'auto'")
    if isinstance(n_themes, (int, np.integer)):
        return str(int(n_themes))
    if isinstance(n_themes, (tuple, list)) and len(n_themes) == 2:
        return f"{int(n_themes[0])}..{int(n_themes[1])}"
    raise ValueError(f"n_themes = {n_themes!r}: expected an int, (min, max) or 'auto'")


def _themes_frame(report_json: str) -> pd.DataFrame:
    report = json.loads(report_json)
    rows = [
        {
            "id": t["id"],
            "label": t["label"],
            "terms": t["terms"],
            "share": t["size"],
            "coherence": t["coherence"],
            "exclusivity": t["exclusivity"],
            "key_terms": t["key_terms"],
            "seeded": t["seeded"],
        }
        for t in report["themes"]
    ]
    columns = ["id", "label", "terms", "share", "coherence", "exclusivity", "key_terms", "seeded"]
    return pd.DataFrame(rows, columns=columns)


def _index(a: np.ndarray) -> np.ndarray:
    # int32 and int64 pass as they are (no copy); anything else as int64.
    if a.dtype in (np.int32, np.int64):
        return np.ascontiguousarray(a)
    return np.ascontiguousarray(a, dtype=np.int64)


def _matrix_arrays(X: Any) -> tuple:
    X = sp.csr_matrix(X, dtype=np.float64)
    if not X.has_sorted_indices:
        X = X.sorted_indices()
    return (
        np.ascontiguousarray(X.data, dtype=np.float64),
        _index(X.indices),
        _index(X.indptr),
        X.shape,
    )


def _texts_and_ids(X: Any) -> tuple[list, list | None]:
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError("the DataFrame needs a 'text' column")
        texts = X["text"].tolist()
        ids = X["id"].astype(str).tolist() if "id" in X.columns else None
        return texts, ids
    _check_texts(X, "X")
    return list(X), None


class Themes:
    """Themes by NMF with readable labels, on texts or on a TF-IDF matrix.

    ``fit(texts)`` runs the pipeline of ``tidings report``: texts are cut
    into passages, weighted by TF-IDF (stems, stop words, uni- and
    bigrams), each term's idf replaced by its context specificity (terms
    whose passages are no more alike than random ones weigh zero), factorised,
    and each theme is labelled by its strongest phrase. ``fit(X, feature_names=...)`` factorises a TF-IDF
    matrix you made (for example with :class:`TfidfVectorizer`), like
    scikit-learn's ``NMF``, after multiplying each column by its context
    specificity (the model keeps the weights and applies them in
    ``transform``).

    Parameters
    ----------
    n_themes : "auto", int or (int, int)
        ``"auto"`` lets the data decide, by Horn's parallel analysis of the
        documents (at most 48 themes, with broader themes over them); a pair
        is a range to choose from, by mean NPMI coherence. Fitted on texts,
        a theme found to be general language (in most passages, mostly beside
        other themes) is counted as general language, not listed, so fewer
        themes than fitted can be listed.
    seed : int
        Seed of the randomized SVD start; the same seed gives the same
        themes whatever the number of threads.
    theme_file : path, optional
        A TOML file of seeded themes (``[[theme]] name = ... seeds = [...]``).
    model : {"nmf", "nmf-kl", "kmeans"}
    language : str, optional
        Stemming and stop-word language (texts only).
    weighing : {"kl", "least-squares"}, optional
        How NMF weighs each row against the fitted themes, as ``tidings
        --weighing``: by default (``None``) the weights minimising the
        Kullback–Leibler divergence of the row from its mix of themes
        (``"kl"``); ``"least-squares"`` for non-negative least squares. Not
        for ``model="kmeans"``.
    general_themes : bool
        Fitted on texts, whether a theme found to be general language is
        counted as general language (the default) rather than listed; the
        ``--keep-general-themes`` flag of ``tidings themes``, ``report`` and
        ``fit`` turns it off. A fit on a matrix keeps every component.

    Attributes
    ----------
    themes_ : pandas.DataFrame
        id, label, terms, share, coherence, exclusivity, key_terms, seeded.
    weights_ : numpy.ndarray
        The fitted rows × themes weights (documents, when fitted on texts:
        each row sums to 1 less its general-language share, the part of the
        text in themes found general, which ``themes_`` does not list, none
        with ``general_themes=False``; the raw
        NMF weights when fitted on a matrix, where every fitted component is
        a theme).
    components_ : numpy.ndarray
        Themes × features.

    Examples
    --------
    >>> from tidings import Themes
    >>> ships = "The harbour authority expanded the container terminal. Cargo ships queued."
    >>> votes = "The election commission counted ballots. Voters queued at polling stations."
    >>> themes = Themes(n_themes=2).fit([ships, votes] * 6)
    >>> sorted(themes.themes_["label"])  # doctest: +SKIP
    ['container terminal', 'election commission']
    >>> themes.transform([ships]).round(2)  # doctest: +SKIP
    array([[1., 0.]])
    """

    def __init__(
        self,
        n_themes: Any = "auto",
        *,
        seed: int = 0,
        theme_file: str | os.PathLike | None = None,
        model: str = "nmf",
        language: str | None = None,
        weighing: str | None = None,
        general_themes: bool = True,
    ) -> None:
        self.n_themes = n_themes
        self.seed = seed
        self.theme_file = theme_file
        self.model = model
        self.language = language
        self.weighing = weighing
        self.general_themes = general_themes
        self._model: Any = None

    def get_params(self, deep: bool = True) -> dict:
        return {
            k: getattr(self, k)
            for k in (
                "n_themes",
                "seed",
                "theme_file",
                "model",
                "language",
                "weighing",
                "general_themes",
            )
        }

    def set_params(self, **params: Any) -> "Themes":
        for k, v in params.items():
            if k not in self.get_params():
                raise ValueError(f"invalid parameter {k!r} for Themes")
            setattr(self, k, v)
        return self

    def __repr__(self) -> str:
        return f"Themes(n_themes={self.n_themes!r}, seed={self.seed!r}, model={self.model!r})"

    def fit(
        self,
        X: Any,
        y: Any = None,
        *,
        feature_names: Sequence[str] | None = None,
    ) -> "Themes":
        """Fits themes on texts (an iterable of str, or a DataFrame with a
        ``text`` column and optionally ``id`` and ``title``), or on a sparse TF-IDF matrix
        with its ``feature_names``.

        The fit runs in Rust without the GIL. Ctrl-C stops it within about
        one solver iteration and raises ``KeyboardInterrupt``; the model is
        then left as it was."""
        common = dict(
            n_themes=_theme_count(self.n_themes),
            seed=int(self.seed),
            theme_file=None if self.theme_file is None else os.fspath(self.theme_file),
            model=self.model,
            weighing=self.weighing,
        )
        if sp.issparse(X):
            if feature_names is None:
                raise ValueError(
                    "fitting on a matrix needs feature_names (vectorizer.get_feature_names_out())"
                )
            names = [str(f) for f in feature_names]
            model, report_json, weights = _tidings.fit_themes_matrix(
                *_matrix_arrays(X), names, **common
            )
        else:
            texts, ids = _texts_and_ids(X)
            titles = None
            if isinstance(X, pd.DataFrame) and "title" in X.columns:
                # The report puts a title before its document's first passage.
                titles = [t if isinstance(t, str) else None for t in X["title"].tolist()]
            model, report_json, weights = _tidings.fit_themes_texts(
                texts,
                ids,
                language=self.language,
                titles=titles,
                general_themes=bool(self.general_themes),
                **common,
            )
        self._model = model
        self.report_json_ = report_json
        self.themes_ = _themes_frame(report_json)
        self.weights_ = weights
        return self

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> np.ndarray:
        """Fits and returns the fitted rows' theme weights (``weights_``)."""
        return self.fit(X, **fit_params).weights_

    def transform(self, X: Any) -> np.ndarray:
        """Theme weights of new texts (model fitted on texts: documents ×
        themes, each row summing to 1 less its general-language share, or all
        zero) or of a matrix with the fitted columns (model fitted on a
        matrix: NMF weights)."""
        if self._model is None:
            raise ValueError("this Themes model is not fitted yet: call fit")
        if sp.issparse(X):
            return self._model.transform_matrix(*_matrix_arrays(X))
        texts, ids = _texts_and_ids(X)
        return self._model.transform_texts(texts, ids)

    @property
    def n_themes_(self) -> int:
        return len(self.themes_)

    @property
    def components_(self) -> np.ndarray:
        if self._model is None:
            raise ValueError("this Themes model is not fitted yet: call fit")
        return self._model.components()

    def to_json(self) -> str:
        """The fitted model's versioned JSON (what ``tidings fit`` saves
        when fitted on texts)."""
        if self._model is None:
            raise ValueError("this Themes model is not fitted yet: call fit")
        return self._model.to_json()

    def __getstate__(self) -> dict:
        state = self.get_params()
        if self._model is not None:
            state["fitted_on"] = self._model.fitted_on
            state["model_json"] = self._model.to_json()
            state["report_json"] = self.report_json_
            state["weights"] = self.weights_
        return state

    def __setstate__(self, state: dict) -> None:
        self.__init__(  # type: ignore[misc]
            state["n_themes"],
            seed=state["seed"],
            theme_file=state["theme_file"],
            model=state["model"],
            language=state["language"],
            # Pickles made before `weighing` existed weigh by the default.
            weighing=state.get("weighing"),
            # Those made before `general_themes` existed fitted with it on.
            general_themes=state.get("general_themes", True),
        )
        if "model_json" in state:
            self._model = _tidings.ThemesModel.from_json(state["fitted_on"], state["model_json"])
            self.report_json_ = state["report_json"]
            self.themes_ = _themes_frame(state["report_json"])
            self.weights_ = state["weights"]


# ------------------------------------------------------------------- report


def _iso_date(value: Any) -> str | None:
    """A date cell as the corpus reader's text: ISO 8601, or None."""
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        ts = pd.Timestamp(value)
        return None if pd.isna(ts) else ts.date().isoformat()
    if hasattr(value, "isoformat"):  # datetime.date / datetime.datetime
        return value.isoformat()[:10]
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def _write_jsonl(records: Iterable[dict], path: str, text: str, date: str, id: str, title: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i, r in enumerate(records):
            if text not in r:
                raise ValueError(f"document {i} has no {text!r} field")
            row: dict = {"text": "" if r[text] is None else str(r[text])}
            if id in r and r[id] is not None:
                row["id"] = str(r[id])
            d = _iso_date(r.get(date))
            if d is not None:
                row["date"] = d
            if title in r and isinstance(r[title], str):
                row["title"] = r[title]
            out.write(json.dumps(row, ensure_ascii=False))
            out.write("\n")


class Report:
    """A theme report: themes, their shares per calendar period with
    bootstrap intervals, trends and bursts.

    Built by :func:`report`. ``json`` is the report's versioned JSON
    (the same as ``tidings report --format json``) as a dict; the
    DataFrames are built from it.

    Attributes
    ----------
    themes : pandas.DataFrame
        One row per theme: id, label, key_terms, terms, share, coherence,
        exclusivity, trend, slope_per_year, p_value, first_period,
        peak_period, bursts.
    timeline : pandas.DataFrame
        Long format, one row per period and (fine) theme: period, start,
        end, theme_id, label, share, ci_low, ci_high, documents (the
        theme's dominant documents in the period), period_documents,
        partial, level (``theme``), parent (the broader theme's id, or
        missing; the broader themes' shares are in ``json["timeline"]``).
    documents : pandas.DataFrame
        One row per document: id, date, length, theme_id (dominant theme),
        weight, reason (why it has no theme).
    """

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.json: dict = json.loads(inner.render("json"))

    @property
    def themes(self) -> pd.DataFrame:
        rows = []
        for t in self.json["themes"]:
            trend = t.get("trend") or {}
            rows.append(
                {
                    "id": t["id"],
                    "label": t["label"],
                    "key_terms": t.get("key_terms", []),
                    "terms": t.get("terms", []),
                    "share": t.get("share"),
                    "coherence": t.get("coherence"),
                    "exclusivity": t.get("exclusivity"),
                    "trend": trend.get("direction"),
                    "slope_per_year": trend.get("slope_per_year"),
                    "p_value": trend.get("p_value"),
                    "first_period": t.get("first_period"),
                    "peak_period": t.get("peak_period"),
                    "bursts": t.get("bursts", []),
                }
            )
        return pd.DataFrame(rows)

    @property
    def timeline(self) -> pd.DataFrame:
        return _timeline_frame(self.json, self.json["themes"])

    @property
    def documents(self) -> pd.DataFrame:
        rows = []
        for d in self.json["documents"]:
            top = d["themes"][0] if d.get("themes") else None
            rows.append(
                {
                    "id": d["id"],
                    "date": d.get("date"),
                    "length": d.get("length"),
                    "theme_id": None if top is None else top["id"],
                    "weight": None if top is None else top["weight"],
                    "reason": d.get("reason"),
                }
            )
        return pd.DataFrame(rows, columns=["id", "date", "length", "theme_id", "weight", "reason"])

    def to_json(self, path: str | os.PathLike | None = None) -> str:
        """The versioned JSON report; also written to ``path`` if given."""
        return self._write(self._inner.render("json"), path)

    def to_html(self, path: str | os.PathLike | None = None) -> str:
        """One self-contained HTML page (SVG charts, no scripts); also
        written to ``path`` if given."""
        return self._write(self._inner.render("html"), path)

    def to_markdown(self, path: str | os.PathLike | None = None) -> str:
        return self._write(self._inner.render("markdown"), path)

    def to_csv(self, path: str | os.PathLike | None = None) -> str:
        """Long CSV: one row per period and node of the theme tree (``level``
        ``theme`` or ``group``, with its ``parent``), as ``tidings report
        --format csv`` writes it."""
        return self._write(self._inner.render("csv"), path)

    def __str__(self) -> str:
        return self._inner.render("table")

    def __repr__(self) -> str:
        c = self.json["corpus"]
        return (
            f"<tidings.Report: {len(self.json['themes'])} themes, "
            f"{c['documents']} documents, {len(self.json['timeline']['periods'])} "
            f"{self.json['timeline']['granularity']} periods>"
        )

    def _repr_html_(self) -> str:
        # The page is a whole HTML document with its own styles: shown in
        # an iframe so that it neither inherits nor leaks notebook styles.
        page = self._inner.render("html")
        return (
            '<iframe style="width:100%;height:720px;border:0" srcdoc="'
            + html.escape(page, quote=True)
            + '"></iframe>'
        )

    @staticmethod
    def _write(text: str, path: str | os.PathLike | None) -> str:
        if path is not None:
            tmp = os.fspath(path) + ".tmp"
            with open(tmp, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, path)
        return text


def report(
    source: Any,
    by: str = "auto",
    *,
    n_themes: Any = "auto",
    seed: int = 0,
    theme_file: str | os.PathLike | None = None,
    model: str = "nmf",
    language: str | None = None,
    confidence: float = 0.9,
    bootstrap: int | None = None,
    text: str = "text",
    date: str = "date",
    id: str = "id",
    title: str = "title",
    weighing: str | None = None,
    general_themes: bool = True,
) -> Report:
    """The theme report of ``tidings report``, from Python.

    Parameters
    ----------
    source : path, list of dict, or pandas.DataFrame
        A folder of ``.txt``/``.md`` files, a ``.jsonl`` or ``.csv`` file;
        or records / a DataFrame with a text column and optionally date, id
        and title columns (names given by ``text``, ``date``, ``id``,
        ``title``). Dates may be strings (``2001``, ``2023-11``,
        ``2023-11-11``, …), ``datetime``/``Timestamp`` values or missing.
    by : {"auto", "day", "week", "month", "quarter", "year"}
        Calendar periods.
    n_themes, seed, theme_file, model, language, weighing, general_themes
        As for :class:`Themes`; ``seed`` also seeds the bootstrap.
    confidence : float
        Level of the bootstrap intervals.
    bootstrap : int, optional
        Bootstrap samples (default: the library's).

    Records and DataFrames are read exactly as ``tidings report`` reads a
    JSON Lines file with those rows (same cleaning), so the shares equal
    the CLI's on the same data.

    Ctrl-C stops the report (between its stages, and within about one
    solver iteration while themes are fitted) and raises
    ``KeyboardInterrupt``.

    Examples
    --------
    >>> import tidings
    >>> r = tidings.report("corpus/seed-news")  # doctest: +SKIP
    >>> r.timeline.head()  # doctest: +SKIP
    >>> r.to_html("report.html")  # doctest: +SKIP
    """
    options = dict(
        by=by,
        n_themes=_theme_count(n_themes),
        seed=int(seed),
        theme_file=None if theme_file is None else os.fspath(theme_file),
        model=model,
        language=language,
        confidence=float(confidence),
        bootstrap=bootstrap,
        weighing=weighing,
        general_themes=bool(general_themes),
    )
    if isinstance(source, (str, os.PathLike)):
        return Report(_tidings.report_path(os.fspath(source), **options))
    if isinstance(source, pd.DataFrame):
        if text not in source.columns:
            raise ValueError(f"the DataFrame has no {text!r} column (text=...)")
        records: Iterable[dict] = source.to_dict("records")
    elif isinstance(source, (list, tuple)):
        if not all(isinstance(r, dict) for r in source):
            raise ValueError("source must be a path, a list of dicts or a pandas DataFrame")
        records = source
    else:
        raise ValueError(
            f"source must be a path, a list of dicts or a pandas DataFrame, not {type(source).__name__}"
        )
    with tempfile.TemporaryDirectory(prefix="tidings-") as tmp:
        path = os.path.join(tmp, "documents.jsonl")
        _write_jsonl(records, path, text, date, id, title)
        return Report(_tidings.report_path(path, **options))


def read_corpus(
    path: str | os.PathLike,
    *,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str = "date",
    title_field: str = "title",
    clean: bool = True,
    furniture: int | None = _tidings.DEFAULT_FURNITURE_MIN_DOCUMENTS,
) -> pd.DataFrame:
    """Reads documents as ``tidings`` does: a folder of ``.txt``/``.md``
    files (dates from a leading ``date YYYY-MM-DD`` marker or the file
    name), a ``.jsonl`` or a ``.csv`` file.

    Returns a DataFrame with columns id, date (``"2001"``, ``"2023-11"``,
    ``"2023-11-11"`` or None), title, text and warnings (the reader's
    warnings about that document). Warnings about no particular document
    (skipped files, …) are in ``df.attrs["warnings"]``. With ``clean``
    (the default), web furniture, mail quotes and recurring page furniture
    are removed as in ``tidings report``: ``furniture`` is the minimum
    number of documents of the corpus-level furniture rule (``tidings
    --furniture``; default 5, :data:`tidings.Furniture`'s default), or
    ``None`` to clean each document only and leave the corpus-level step
    to :class:`tidings.Furniture` or :func:`tidings.spark.learn_furniture`.

    Examples
    --------
    >>> df = read_corpus("corpus/ungdc-sample")  # doctest: +SKIP
    >>> df[["id", "date"]].head(2)  # doctest: +SKIP
    """
    rows, rest = _tidings.read_corpus(
        os.fspath(path),
        text_field=text_field,
        id_field=id_field,
        date_field=date_field,
        title_field=title_field,
        clean=clean,
        furniture=furniture,
    )
    frame = pd.DataFrame(rows, columns=["id", "date", "title", "text", "warnings"])
    frame.attrs["warnings"] = rest
    return frame


def _timeline_frame(report: dict, nodes: list) -> pd.DataFrame:
    """The report JSON's timeline in long format: one row per period and
    node of ``nodes`` (the report's theme or group objects, in order), with
    its ``level`` (``theme`` or ``group``) and ``parent`` (the broader
    theme's id, or None), as in the report CSV: the ``theme`` rows of a
    period sum to its themes' share, and so do its ``group`` rows with the
    ``theme`` rows of no parent."""
    labels = [
        (n["id"], n["label"], "group" if n.get("children") else "theme", n.get("parent"))
        for n in nodes
    ]
    rows = []
    for p in report["timeline"]["periods"]:
        shares = p.get("shares") or {}
        for theme_id, label, level, parent in labels:
            s = shares.get(str(theme_id)) or {}
            rows.append(
                {
                    "period": p["period"],
                    "start": p.get("start"),
                    "end": p.get("end"),
                    "theme_id": theme_id,
                    "label": label,
                    "share": s.get("share"),
                    "ci_low": s.get("ci_low"),
                    "ci_high": s.get("ci_high"),
                    "documents": s.get("documents"),
                    "period_documents": p.get("documents"),
                    "partial": p.get("partial"),
                    "level": level,
                    "parent": parent,
                }
            )
    columns = [
        "period",
        "start",
        "end",
        "theme_id",
        "label",
        "share",
        "ci_low",
        "ci_high",
        "documents",
        "period_documents",
        "partial",
        "level",
        "parent",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["parent"] = frame["parent"].astype("Int64")
    for c in ("share", "ci_low", "ci_high"):
        frame[c] = frame[c].astype(float)
    return frame
