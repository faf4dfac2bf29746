"""Type stubs of tidings.spark (see the docstrings in spark.py)."""

import os
from typing import Any

import pandas as pd
from pyspark.sql import DataFrame

from . import Furniture, TfidfVectorizer, Themes

SAMPLE_CHARS: int
DEFAULT_MIN_DOCUMENTS: int

def fit_vectorizer(
    df: DataFrame, text_col: str = "text", *, depth: int | None = None, **params: Any
) -> TfidfVectorizer: ...
def shard_statistics(df: DataFrame, text_col: str = "text", **params: Any) -> pd.DataFrame: ...
def transform(
    df: DataFrame,
    model: TfidfVectorizer,
    text_col: str = "text",
    output_col: str = "tfidf",
    *,
    vector: bool = True,
) -> DataFrame: ...
def fit_themes(
    df: DataFrame,
    *,
    text_col: str = "text",
    id_col: str = "id",
    title_col: str | None = None,
    sample_chars: int = ...,
    n_themes: Any = "auto",
    seed: int = 0,
    theme_file: str | os.PathLike[str] | None = None,
    model: str = "nmf",
    language: str | None = None,
    general_themes: bool = True,
) -> Themes: ...
def weigh(
    df: DataFrame,
    themes: Themes,
    *,
    text_col: str = "text",
    title_col: str | None = None,
    weights_col: str = "theme_weights",
    general_col: str = "general_language",
    length_col: str = "length",
) -> DataFrame: ...

class Timeline:
    json: dict[str, Any]
    def __init__(self, text: str) -> None: ...
    @property
    def timeline(self) -> pd.DataFrame: ...
    @property
    def themes(self) -> pd.DataFrame: ...

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
) -> Timeline: ...

def learn_furniture(
    df: DataFrame,
    text_col: str = "text",
    min_documents: int = ...,
    *,
    depth: int | None = None,
) -> Furniture: ...
def furniture_shard_statistics(
    df: DataFrame, text_col: str = "text", min_documents: int = ...
) -> pd.DataFrame: ...
def remove_furniture(df: DataFrame, furniture: Furniture, text_col: str = "text") -> DataFrame: ...
def furniture_report(
    df: DataFrame, furniture: Furniture, text_col: str = "text", id_col: str = "id"
) -> dict[str, Any]: ...
def text_signature(
    df: DataFrame, text_col: str = "text", output_col: str = "text_signature"
) -> DataFrame: ...
def drop_duplicate_texts(df: DataFrame, text_col: str = "text", id_col: str = "id") -> DataFrame: ...
