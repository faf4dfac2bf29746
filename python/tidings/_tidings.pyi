"""Type stubs of the extension module (internal: use the tidings package)."""

import os
from typing import Any, Iterable

import numpy as np

__version__: str

_Csr = tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, int]]

class Analyzer:
    def __init__(
        self,
        preset: str = "default",
        ngram_range: tuple[int, int] = (1, 1),
        language: str | None = None,
        stem: bool | None = None,
        stopwords: list[str] | None = None,
        keep_stopwords: bool = False,
    ) -> None: ...
    def __call__(self, text: str) -> list[str]: ...
    def config_json(self) -> str: ...
    @staticmethod
    def from_config_json(text: str) -> Analyzer: ...

class TfidfModel:
    n_docs: int
    n_features: int
    def transform(self, texts: Iterable[str]) -> _Csr: ...
    def features(self) -> list[str]: ...
    def surface_forms(self) -> list[str]: ...
    def idf(self) -> np.ndarray: ...
    def document_frequencies(self) -> np.ndarray: ...
    def params_json(self) -> str: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> TfidfModel: ...

def fit_tfidf(
    texts: Iterable[str],
    *,
    preset: str = "default",
    language: str | None = None,
    ngram_range: tuple[int, int] | None = None,
    min_df: int | float | None = None,
    max_df: int | float | None = None,
    max_features: int | None = None,
    max_vocabulary: int | None = None,
    stop_words: list[str] | None = None,
    sublinear_tf: bool | None = None,
    binary: bool = False,
    use_idf: bool = True,
    smooth_idf: bool = True,
    norm: str | None = None,
    transform: bool = False,
) -> tuple[TfidfModel, _Csr | None]: ...

class ThemesModel:
    fitted_on: str
    def transform_texts(self, texts: Iterable[str], ids: list[str] | None = None) -> np.ndarray: ...
    def transform_matrix(
        self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, shape: tuple[int, int]
    ) -> np.ndarray: ...
    has_general_language: bool
    def weigh_documents(
        self, texts: Iterable[str], titles: list[str | None] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...
    def timeline_json(
        self,
        dates: list[str | None],
        lengths: list[float],
        weights: np.ndarray,
        general: list[float],
        *,
        by: str = "auto",
        confidence: float = 0.9,
        bootstrap: int | None = None,
        seed: int = 0,
    ) -> str: ...
    def components(self) -> np.ndarray: ...
    def features(self) -> list[str]: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(fitted_on: str, text: str) -> ThemesModel: ...

def fit_themes_texts(
    texts: Iterable[str],
    ids: list[str] | None = None,
    *,
    n_themes: str = "auto",
    seed: int = 0,
    theme_file: str | os.PathLike[str] | None = None,
    model: str = "nmf",
    language: str | None = None,
    titles: list[str | None] | None = None,
    weighing: str | None = None,
    general_themes: bool = True,
) -> tuple[ThemesModel, str, np.ndarray]: ...
def fit_themes_matrix(
    data: np.ndarray,
    indices: np.ndarray,
    indptr: np.ndarray,
    shape: tuple[int, int],
    features: list[str],
    *,
    n_themes: str = "auto",
    seed: int = 0,
    theme_file: str | os.PathLike[str] | None = None,
    model: str = "nmf",
    weighing: str | None = None,
) -> tuple[ThemesModel, str, np.ndarray]: ...

class StatsCounter:
    """Mergeable vectorizer statistics of one shard (params: the dict of
    ``TfidfVectorizer.get_params()``)."""

    n_docs: int
    n_terms: int
    def __init__(self, params: dict[str, Any]) -> None: ...
    def add(self, texts: Iterable[str]) -> None: ...
    def to_bytes(self) -> bytes: ...

def merge_stats(parts: list[bytes]) -> bytes: ...

DEFAULT_FURNITURE_MIN_DOCUMENTS: int

class LineCounter:
    """Furniture round 1 of one shard: documents per paragraph signature."""

    documents: int
    distinct_lines: int
    def __init__(self) -> None: ...
    def add(self, texts: Iterable[str]) -> None: ...
    def to_bytes(self) -> bytes: ...

def merge_line_counts(parts: list[bytes]) -> bytes: ...
def line_counts_summary(part: bytes) -> tuple[int, int, int]: ...
def furniture_candidates(counts: bytes, min_documents: int) -> tuple[bytes, int]: ...

class SurroundingCounter:
    """Furniture round 2 of one shard, against binary candidates."""

    def __init__(self, candidates: bytes) -> None: ...
    def add(self, texts: Iterable[str]) -> None: ...
    def to_bytes(self) -> bytes: ...

def merge_surroundings(parts: list[bytes]) -> bytes: ...

class FurnitureModel:
    """Learned furniture (paragraph signatures to remove)."""

    min_documents: int
    @staticmethod
    def learn(texts: Iterable[str], min_documents: int) -> FurnitureModel: ...
    @staticmethod
    def empty(min_documents: int) -> FurnitureModel: ...
    @staticmethod
    def from_surroundings(counts: bytes) -> FurnitureModel: ...
    @staticmethod
    def from_bytes(data: bytes) -> FurnitureModel: ...
    def to_bytes(self) -> bytes: ...
    def __len__(self) -> int: ...
    def is_furniture(self, paragraph: str) -> bool: ...
    def remove(self, texts: Iterable[str]) -> list[str]: ...
    def remove_detailed(
        self, texts: Iterable[str]
    ) -> list[tuple[str, list[tuple[int, str]], int, bool]]: ...
    def report(self, texts: Iterable[str]) -> str: ...

def document_signatures(texts: Iterable[str]) -> list[int | None]: ...
def stats_summary(part: bytes) -> tuple[int, int]: ...
def stats_to_json(part: bytes) -> str: ...
def fit_stats(part: bytes, params: dict[str, Any]) -> TfidfModel: ...

class Report:
    def render(self, format: str) -> str: ...

def report_path(
    path: str | os.PathLike[str],
    *,
    by: str = "auto",
    n_themes: str = "auto",
    seed: int = 0,
    theme_file: str | os.PathLike[str] | None = None,
    model: str = "nmf",
    language: str | None = None,
    confidence: float = 0.9,
    bootstrap: int | None = None,
    weighing: str | None = None,
    general_themes: bool = True,
) -> Report: ...
def read_corpus(
    path: str | os.PathLike[str],
    *,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str = "date",
    title_field: str = "title",
    clean: bool = True,
    furniture: int | None = 5,
) -> tuple[list[tuple[str, str | None, str | None, str, list[str]]], list[str]]: ...

def _panic_for_tests(place: str) -> None:
    """Panics on purpose ("gil", "released", "rayon", "worker",
    "worker-rayon"), for the tests that a panic becomes an exception."""
    ...
