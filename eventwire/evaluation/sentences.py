"""Labelled sentences: any JSON Lines file of ``{text, published, sub_event_type}`` (``id`` optional),
scored as ACLED notes are (detection, event type, sub-event type weighted F1).

Each sentence is an article published on its ``published`` day; its most confident ACLED-typed event
(any event when none is typed) is the prediction, as for an ACLED note. The gold event type is the one
ACLED's table puts the sub-event type under. A null ``sub_event_type`` says the sentence reports nothing
ACLED would code: such sentences are left out of the type figures and give ``false_event_rate``, the share
of them for which the coder produced an ACLED-typed event.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from eventwire.evaluation import acled
from eventwire.evaluation import metrics as m
from eventwire.ingest.article import InputArticle
from schemas import taxonomy

NONE = "(none)"


def gold_label(row: dict[str, Any]) -> str | None:
    """The row's sub-event type, checked against ACLED's table (None: no ACLED event)."""
    sub = row["sub_event_type"]
    if sub is not None and sub not in taxonomy.acled_types():
        raise ValueError(f"unknown ACLED sub_event_type {sub!r} (schemas/taxonomy/acled_event_types.csv)")
    return None if sub is None else str(sub)


def to_article(row: dict[str, Any]) -> InputArticle:
    gold_label(row)  # a bad label fails before any coding starts
    day = date.fromisoformat(row["published"])
    key = str(row.get("id") or row["text"][:80])
    return InputArticle(
        source_id=key, uri=key, text=row["text"], published_at=datetime(day.year, day.month, day.day, tzinfo=UTC)
    )


def predict(
    rows: list[dict[str, Any]], model: str | None, workers: int, prescan: bool = True
) -> list[dict[str, Any] | None]:
    return acled.note_events([to_article(r) for r in rows], model, workers, prescan)


def score(rows: list[dict[str, Any]], preds: list[dict[str, Any] | None]) -> dict[str, Any]:
    labels = [gold_label(r) for r in rows]
    events = [(sub, p) for sub, p in zip(labels, preds, strict=True) if sub is not None]
    empty = [p for sub, p in zip(labels, preds, strict=True) if sub is None]
    gold_sub = [sub for sub, _ in events]
    pred_sub = [(p.get("sub_event_type") if p else None) or NONE for _, p in events]
    gold_type = [taxonomy.acled_types()[sub][1] for sub in gold_sub]
    pred_type = [(p.get("event_type") if p else None) or NONE for _, p in events]
    overall = {
        "n": len(rows),
        "n_events": len(events),
        "detection": m.share([p is not None for _, p in events]),
        "event_type_acc": m.accuracy(gold_type, pred_type),
        "sub_event_type_acc": m.accuracy(gold_sub, pred_sub),
        "sub_event_type_weighted_f1": m.weighted_f1(gold_sub, pred_sub),
        "n_no_event": len(empty),
        "false_event_rate": m.share([p is not None and p.get("event_type") is not None for p in empty]),
    }
    return {"overall": overall, "confusion_event_type": m.confusion(gold_type, pred_type)}
