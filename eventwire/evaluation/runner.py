"""Run the real coder over evaluation examples: the same ``pipeline.code_batch`` the nightly flow runs.

Gold labels never reach this module: callers turn each example into an ``InputArticle`` (text and a
publication date only) before coding.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import Any

import polars as pl

from eventwire import pipeline
from eventwire.consolidate import assign_events, build_events, mention_frame
from eventwire.decide.step import DECISION, DecisionConfig
from eventwire.evaluation.split import indices, take
from eventwire.ingest.article import InputArticle
from schemas.records import Mention

BATCH = 100


def read_gold(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
                if limit is not None and len(rows) >= limit:
                    break
    return rows


def code_articles(
    articles: list[InputArticle],
    model: str | None = None,
    workers: int = 1,
    prescan: bool = True,
    decision: DecisionConfig = DECISION,
) -> list[Mention]:
    """Code articles in batches, in ``workers`` processes (each loads the model once)."""
    batches = list(pipeline.batches(articles, BATCH))
    if workers > 1 and len(batches) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(pipeline.code_batch, batches, repeat(model), repeat(prescan), repeat(decision)))
    else:
        results = [pipeline.code_batch(batch, model, prescan, decision) for batch in batches]
    return [m for r in results for m in r.mentions]


def code_part(
    gold: Path, split: str, to_article: Callable[[dict[str, Any]], InputArticle], workers: int = 1
) -> tuple[list[dict[str, Any]], list[Mention]]:
    """The rows of one part of a gold file (``fit`` or ``all``: the diagnostic tools never read ``check``) and
    their mentions, each row coded as ``to_article`` makes it an article."""
    every = read_gold(gold)
    rows = take(every, indices(every, split))
    return rows, code_articles([to_article(r) for r in rows], None, workers)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def events_by_article(mentions: list[Mention]) -> dict[str, list[dict[str, Any]]]:
    """Consolidate each article on its own (two notes never merge), as rows per article id."""
    if not mentions:
        return {}
    frame = assign_events(mention_frame(mentions), per_article=True)
    first = dict(frame.group_by("event_id").agg(pl.col("trigger_start").min()).iter_rows())
    events = build_events(frame)
    out: dict[str, list[dict[str, Any]]] = {}
    for row in events.iter_rows(named=True):
        row["first_offset"] = first.get(row["event_id"], 0)
        out.setdefault(row["article_ids"][0], []).append(row)
    return out


def mentions_by_article(mentions: list[Mention]) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = {}
    for m in mentions:
        out.setdefault(m.article_id, []).append(m)
    return out


def lead_event(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The note's event: the one reported first in the text (a note leads with the event it codes); ties
    (events of one sentence) → the most confident, then the lowest event id. Not the most confident
    overall: confidence is the probability that an event is real and correctly coded, and a note's
    secondary act (the arrests after a clash) can be the surer one."""
    if not rows:
        return None
    return max(
        sorted(rows, key=lambda r: r["event_id"]),
        key=lambda r: (-r.get("first_offset", 0), r["confidence"]),
    )
