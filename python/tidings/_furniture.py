"""Corpus-level furniture: :class:`Furniture`."""

from __future__ import annotations

import json
from typing import Any, Iterable

from . import _tidings

__all__ = ["DEFAULT_MIN_DOCUMENTS", "Furniture"]

#: The default ``min_documents`` of :class:`Furniture`: the vectorizer's
#: default minimum document frequency (``DEFAULT_MIN_DOCUMENTS`` of the
#: ``tidings-corpus`` crate), so a line in fewer documents cannot bring a
#: feature of its own.
DEFAULT_MIN_DOCUMENTS: int = _tidings.DEFAULT_FURNITURE_MIN_DOCUMENTS


def _texts(texts: Any) -> Any:
    if isinstance(texts, str):
        raise ValueError("expected an iterable of texts, got a single str")
    return texts


class Furniture:
    """Paragraphs that recur, in different surroundings, across documents:
    the corpus-level furniture ``tidings`` removes while reading a corpus.

    A paragraph (compared lowercased, with digit runs as one ``0`` and
    spacing collapsed) is furniture when it occurs in at least
    ``min_documents`` documents whose own text (what is left without the
    recurring paragraphs) differs and is longer than the recurring part: a
    "Source: …" line, a signature, a promotion. Copies of one story are
    content and are kept; removal never empties a text. This is the rule of
    ``tidings corpus stats`` and ``tidings report`` (``--furniture``), on
    texts that are already cleaned per document.

    Learning takes two rounds over the texts, each a sum that can be
    counted on shards and merged: :func:`tidings.spark.learn_furniture` runs
    them on Spark and gives the same furniture as :meth:`fit` on the same
    texts.

    Parameters
    ----------
    min_documents : int
        Documents, with different surroundings, a paragraph must occur in
        (at least 2; default :data:`DEFAULT_MIN_DOCUMENTS`).

    Examples
    --------
    >>> import tidings
    >>> topics = ["rain", "trade", "chess", "rivers", "music"]
    >>> texts = [f"This story is about {t}.\\n\\nSource: Wire" for t in topics]
    >>> f = tidings.Furniture().fit(texts)
    >>> len(f)
    1
    >>> f.remove(texts[0])
    'This story is about rain.'
    >>> f.report(texts)["documents_changed"]
    5
    """

    def __init__(self, min_documents: int = DEFAULT_MIN_DOCUMENTS) -> None:
        self.min_documents = min_documents
        self._model: Any = None

    def get_params(self, deep: bool = True) -> dict:
        return {"min_documents": self.min_documents}

    def set_params(self, **params: Any) -> "Furniture":
        for name, value in params.items():
            if name != "min_documents":
                raise ValueError(f"invalid parameter {name!r} for Furniture")
            setattr(self, name, value)
        return self

    def _rule(self) -> int:
        n = self.min_documents
        if isinstance(n, bool) or not isinstance(n, int):
            raise ValueError(f"min_documents = {n!r}: expected a whole number of documents, at least 2")
        return n

    def fit(self, texts: Iterable[str], y: Any = None) -> "Furniture":
        """Learns the furniture of ``texts`` (one process, both rounds)."""
        self._model = _tidings.FurnitureModel.learn(_texts(texts), self._rule())
        return self

    def transform(self, texts: Iterable[str]) -> list:
        """The texts with their furniture paragraphs removed."""
        self._check_fitted()
        return self._model.remove(_texts(texts))

    def fit_transform(self, texts: Iterable[str], y: Any = None) -> list:
        texts = list(_texts(texts))
        return self.fit(texts).transform(texts)

    def remove(self, text: str) -> str:
        """``text`` without its furniture paragraphs (whole if it is only
        furniture)."""
        self._check_fitted()
        return self._model.remove([text])[0]

    def is_furniture(self, paragraph: str) -> bool:
        """``True`` if ``paragraph`` is furniture."""
        self._check_fitted()
        return self._model.is_furniture(paragraph)

    def report(self, texts: Iterable[str]) -> dict:
        """What removal takes out of ``texts``, in their order: the
        ``removed.furniture`` object of ``tidings corpus stats --format
        json`` (``min_documents``, ``distinct_lines``, ``lines_removed``,
        ``documents_changed``, ``bytes_removed``, ``documents_kept_whole``
        and ``examples``, the most frequent removed lines with their
        document counts, ties in text order)."""
        self._check_fitted()
        return json.loads(self._model.report(_texts(texts)))

    def to_bytes(self) -> bytes:
        """The learned furniture in its compact binary form (canonical:
        the same furniture gives the same bytes)."""
        self._check_fitted()
        return self._model.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Furniture":
        """Furniture from :meth:`to_bytes`'s output."""
        return cls._of(_tidings.FurnitureModel.from_bytes(bytes(data)))

    @classmethod
    def _of(cls, model: Any) -> "Furniture":
        f = cls(model.min_documents)
        f._model = model
        return f

    def _check_fitted(self) -> None:
        if self._model is None:
            raise ValueError("this Furniture is not fitted yet: call fit or tidings.spark.learn_furniture")

    def __len__(self) -> int:
        """The number of distinct furniture paragraphs (by signature)."""
        self._check_fitted()
        return len(self._model)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Furniture):
            return NotImplemented
        if self._model is None or other._model is None:
            return self._model is None and other._model is None and self.min_documents == other.min_documents
        return self.to_bytes() == other.to_bytes()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self._model is None:
            return f"Furniture(min_documents={self.min_documents!r})"
        return f"<tidings.Furniture: {len(self)} lines in >= {self.min_documents} documents>"

    # Pickled through the binary form, never a pointer.
    def __getstate__(self) -> dict:
        return {
            "min_documents": self.min_documents,
            "bytes": None if self._model is None else self._model.to_bytes(),
        }

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["min_documents"])  # type: ignore[misc]
        if state.get("bytes") is not None:
            self._model = _tidings.FurnitureModel.from_bytes(state["bytes"])
