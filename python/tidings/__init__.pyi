"""Type stubs of the public tidings API (see the docstrings in _api.py)."""

import os
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

__version__: str

_Path = str | os.PathLike[str]
_Texts = Iterable[str]

def tokenize(
    text: str,
    preset: str = "default",
    *,
    ngram_range: tuple[int, int] = (1, 1),
    language: str | None = None,
    stem: bool | None = None,
    stopwords: Sequence[str] | None = None,
    keep_stopwords: bool = False,
) -> list[str]: ...

class Analyzer:
    preset: str
    ngram_range: tuple[int, int]
    language: str | None
    stem: bool | None
    stopwords: list[str] | None
    keep_stopwords: bool
    def __init__(
        self,
        preset: str = "default",
        ngram_range: tuple[int, int] = (1, 1),
        *,
        language: str | None = None,
        stem: bool | None = None,
        stopwords: Sequence[str] | None = None,
        keep_stopwords: bool = False,
    ) -> None: ...
    def __call__(self, text: str) -> list[str]: ...

class TfidfVectorizer:
    preset: str
    language: str | None
    ngram_range: tuple[int, int] | None
    min_df: int | float | None
    max_df: int | float | None
    max_features: int | None
    max_vocabulary: int | None
    stop_words: Sequence[str] | None
    sublinear_tf: bool | None
    binary: bool
    use_idf: bool
    smooth_idf: bool
    norm: str | None
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
    ) -> None: ...
    def get_params(self, deep: bool = True) -> dict[str, Any]: ...
    def set_params(self, **params: Any) -> TfidfVectorizer: ...
    def fit(self, raw_documents: _Texts, y: Any = None) -> TfidfVectorizer: ...
    def fit_transform(self, raw_documents: _Texts, y: Any = None) -> sp.csr_matrix: ...
    def transform(self, raw_documents: _Texts) -> sp.csr_matrix: ...
    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray: ...
    @property
    def vocabulary_(self) -> dict[str, int]: ...
    @property
    def idf_(self) -> np.ndarray: ...
    def surface_forms(self) -> list[str]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> TfidfVectorizer: ...

class Themes:
    n_themes: int | str | tuple[int, int]
    seed: int
    theme_file: _Path | None
    model: str
    language: str | None
    weighing: str | None
    general_themes: bool
    themes_: pd.DataFrame
    weights_: np.ndarray
    report_json_: str
    def __init__(
        self,
        n_themes: int | str | tuple[int, int] = "auto",
        *,
        seed: int = 0,
        theme_file: _Path | None = None,
        model: str = "nmf",
        language: str | None = None,
        weighing: str | None = None,
        general_themes: bool = True,
    ) -> None: ...
    def get_params(self, deep: bool = True) -> dict[str, Any]: ...
    def set_params(self, **params: Any) -> Themes: ...
    def fit(
        self,
        X: _Texts | pd.DataFrame | sp.spmatrix,
        y: Any = None,
        *,
        feature_names: Sequence[str] | None = None,
    ) -> Themes: ...
    def fit_transform(
        self, X: _Texts | pd.DataFrame | sp.spmatrix, y: Any = None, **fit_params: Any
    ) -> np.ndarray: ...
    def transform(self, X: _Texts | pd.DataFrame | sp.spmatrix) -> np.ndarray: ...
    @property
    def n_themes_(self) -> int: ...
    @property
    def components_(self) -> np.ndarray: ...
    def to_json(self) -> str: ...

class Report:
    json: dict[str, Any]
    @property
    def themes(self) -> pd.DataFrame: ...
    @property
    def timeline(self) -> pd.DataFrame: ...
    @property
    def documents(self) -> pd.DataFrame: ...
    def to_json(self, path: _Path | None = None) -> str: ...
    def to_html(self, path: _Path | None = None) -> str: ...
    def to_markdown(self, path: _Path | None = None) -> str: ...
    def to_csv(self, path: _Path | None = None) -> str: ...
    def _repr_html_(self) -> str: ...

def report(
    source: _Path | Sequence[dict[str, Any]] | pd.DataFrame,
    by: str = "auto",
    *,
    n_themes: int | str | tuple[int, int] = "auto",
    seed: int = 0,
    theme_file: _Path | None = None,
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
) -> Report: ...

def read_corpus(
    path: _Path,
    *,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str = "date",
    title_field: str = "title",
    clean: bool = True,
    furniture: int | None = 5,
) -> pd.DataFrame: ...

DEFAULT_MIN_DOCUMENTS: int

class Furniture:
    min_documents: int
    def __init__(self, min_documents: int = ...) -> None: ...
    def get_params(self, deep: bool = True) -> dict[str, Any]: ...
    def set_params(self, **params: Any) -> Furniture: ...
    def fit(self, texts: _Texts, y: Any = None) -> Furniture: ...
    def transform(self, texts: _Texts) -> list[str]: ...
    def fit_transform(self, texts: _Texts, y: Any = None) -> list[str]: ...
    def remove(self, text: str) -> str: ...
    def is_furniture(self, paragraph: str) -> bool: ...
    def report(self, texts: _Texts) -> dict[str, Any]: ...
    def to_bytes(self) -> bytes: ...
    @classmethod
    def from_bytes(cls, data: bytes) -> Furniture: ...
    def __len__(self) -> int: ...
