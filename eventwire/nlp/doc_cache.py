"""Values computed once per parsed document and kept on it (``Doc.user_data``): the coder asks for the same
places, dates, figures or names of a document from several rules, and a document lives for one article."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from spacy.tokens import Doc

T = TypeVar("T")


def per_document(doc: Doc, name: str, resource: object, compute: Callable[[], T]) -> T:
    """``compute()`` once per document and ``resource`` (a gazetteer, a lexicon: a document read with another
    resource is read again)."""
    cached = doc.user_data.get(name)
    if cached is None or cached[0] is not resource:
        cached = doc.user_data[name] = (resource, compute())
    return cast(T, cached[1])


def per_key(doc: Doc, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per document and ``key`` (a sentence's bounds, with what else the value depends on)."""
    table: dict[Hashable, T] = doc.user_data.setdefault(name, {})
    if key not in table:
        table[key] = compute()
    return table[key]
