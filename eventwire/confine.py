"""Failures confined to their input: a batch step that raises is retried item by item, and each item that
still fails becomes a reject row naming it, with a one-line reason, while the run goes on."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

import pyarrow as pa

from eventwire.ingest.readers import RejectInput, one_line
from eventwire.store import partitions as store
from schemas.arrow import dataset_schema
from schemas.records import Article, Mention

_T = TypeVar("_T")
_R = TypeVar("_R")

log = logging.getLogger("eventwire")


def reason(exc: BaseException) -> str:
    """One line: the exception's type and its message's first 300 characters."""
    return f"{type(exc).__name__}: {one_line(str(exc))}".rstrip(": ")


def each(
    items: Sequence[_T], run: Callable[[Sequence[_T]], list[_R]], stage: str, uri: Callable[[_T], str]
) -> tuple[list[_R], list[RejectInput]]:
    """``run(items)``; when it raises, ``run([item])`` for each item, keeping what succeeds and rejecting the
    rest. Any ``Exception`` counts (a coder bug on one odd article must not lose a night), not
    ``KeyboardInterrupt`` or ``SystemExit``."""
    try:
        return run(items), []
    except Exception as exc:
        if len(items) <= 1:
            return [], [RejectInput(uri(item), stage, reason(exc)) for item in items]
        log.warning("a batch of %d failed at %s (%s); retrying article by article", len(items), stage, reason(exc))
    results: list[_R] = []
    rejects: list[RejectInput] = []
    for item in items:
        try:
            results.extend(run([item]))
        except Exception as exc:
            rejects.append(RejectInput(uri(item), stage, reason(exc)))
    return results, rejects


def tables(
    articles: Sequence[Article], mentions: Sequence[Mention], coder_version: str
) -> tuple[pa.Table, pa.Table, list[RejectInput]]:
    """Coded rows as Arrow tables (articles, mentions); an article whose rows do not convert is a reject."""
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_article[m.article_id].append(m)

    def convert(rows: Sequence[Article]) -> list[tuple[pa.Table, pa.Table]]:
        found = (m.model_dump() for a in rows for m in by_article[a.article_id])
        return [
            (
                store.to_table("articles", (a.model_dump() for a in rows), coder_version),
                store.to_table("mentions", found, coder_version),
            )
        ]

    converted, failed = each(articles, convert, "code", lambda a: a.uri)
    out = []
    for i, dataset in enumerate(("articles", "mentions")):
        schema = dataset_schema(dataset, coder_version)
        parts = [t[i].cast(schema) for t in converted]
        out.append(pa.concat_tables(parts) if parts else schema.empty_table())
    return out[0], out[1], failed
