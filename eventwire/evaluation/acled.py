"""ACLED notes: each note is an article published the day after its gold event date; the note's most
confident event is compared with the gold row.

Places are compared like with like. Country codes: a gold code that an ACLED export writes in an older
form (ROM for Romania) is read as its ISO 3166-1 code (schemas/taxonomy/acled_iso3_equivalents.csv).
Admin1 (``metrics.same_admin1``): gold and predicted names are the same region when (1) they are equal
without case, diacritics, punctuation and generic words ('Borno' = 'Borno State'); or (2) both resolve,
through the gazetteer's admin1 index within the gold country, to the same region ('Beirut' = 'Beyrouth',
'Idleb' = 'Idlib'); or (3) the gold name is not in that index, or resolves to the predicted region, and
the two names have the same consonant skeleton ('Basrah' = 'Basra', 'Lop Buri' = 'Lopburi'). A gold name
that resolves to a different region than the prediction is a miss, however alike the spellings ('Hebei'
vs 'Hubei').
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from eventwire.evaluation import metrics as m
from eventwire.evaluation.runner import code_articles, events_by_article, lead_event
from eventwire.geo.distance import haversine_km
from eventwire.geo.gazetteer import load_gazetteer
from eventwire.ingest.article import InputArticle
from schemas import taxonomy

NONE = "(none)"
SKIP_FATALITIES = {"fatality_coding_convention", "split_event"}


def to_article(row: dict[str, Any]) -> InputArticle:
    """Only the note text and a publication date: the coder never sees a gold label."""
    published = date.fromisoformat(row["event_date"]) + timedelta(days=1)
    return InputArticle(
        source_id=row["id"],
        uri=row["id"],
        text=row["text"],
        published_at=datetime(published.year, published.month, published.day, tzinfo=UTC),
    )


def predict(
    rows: list[dict[str, Any]], model: str | None, workers: int, prescan: bool = True
) -> list[dict[str, Any] | None]:
    return note_events([to_article(r) for r in rows], model, workers, prescan)


def note_events(
    articles: list[InputArticle], model: str | None, workers: int, prescan: bool = True
) -> list[dict[str, Any] | None]:
    """The one event each short text (a note, a sentence) stands for, or None when nothing was coded."""
    events = events_by_article(code_articles(articles, model, workers, prescan))
    # An ACLED note reports one ACLED event: the note's first ACLED-typed event stands for it (``lead_event``);
    # a CAMEO-only event (a demand, a statement) is taken only when nothing of ACLED's kind was coded.
    out = []
    for a in articles:
        found = events.get(a.article_id, [])
        typed = [e for e in found if e["event_type"] is not None]
        out.append(lead_event(typed or found))
    return out


def _inter(value: Any) -> int:
    return int(value) if value not in (None, "") else 0


def gold_iso3(code: str | None) -> str | None:
    """The ISO 3166-1 code for a gold country code (older codes mapped to their current form)."""
    return taxonomy.acled_iso3_equivalents().get(code, code) if code else code


def score(rows: list[dict[str, Any]], preds: list[dict[str, Any] | None]) -> dict[str, Any]:
    overall = _score_group(rows, preds)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[row["event_type"]].append(i)
    by_type = {t: _score_group([rows[i] for i in idx], [preds[i] for i in idx]) for t, idx in sorted(groups.items())}
    gold_types = [r["event_type"] for r in rows]
    pred_types = [(p["event_type"] or NONE) if p else NONE for p in preds]
    return {"overall": overall, "by_event_type": by_type, "confusion_event_type": m.confusion(gold_types, pred_types)}


def _score_group(rows: list[dict[str, Any]], preds: list[dict[str, Any] | None]) -> dict[str, Any]:
    gazetteer = load_gazetteer()

    def field(p: dict[str, Any] | None, key: str) -> Any:
        return (p.get(key) if p else None) or NONE

    gold_sub = [r["sub_event_type"] for r in rows]
    pred_sub = [field(p, "sub_event_type") for p in preds]
    with_disorder = [(r, p) for r, p in zip(rows, preds, strict=True) if r.get("disorder_type")]
    distances = [
        haversine_km(r["latitude"], r["longitude"], p["latitude"], p["longitude"])
        if p and p.get("latitude") is not None and r.get("latitude") is not None
        else None
        for r, p in zip(rows, preds, strict=True)
    ]
    counted = [(r, p) for r, p in zip(rows, preds, strict=True) if not SKIP_FATALITIES & set(r.get("flags") or [])]
    return {
        "n": len(rows),
        "detection": m.share([p is not None for p in preds]),
        "event_type_acc": m.accuracy([r["event_type"] for r in rows], [field(p, "event_type") for p in preds]),
        "sub_event_type_acc": m.accuracy(gold_sub, pred_sub),
        "sub_event_type_weighted_f1": m.weighted_f1(gold_sub, pred_sub),
        "disorder_type_acc": m.accuracy(
            [r["disorder_type"] for r, _ in with_disorder], [field(p, "disorder_type") for _, p in with_disorder]
        ),
        "iso3_acc": m.accuracy([gold_iso3(r["iso3"]) for r in rows], [field(p, "iso3") for p in preds]),
        "admin1_acc": m.share(
            [
                p is not None
                and bool(p)
                and m.same_admin1(gold_iso3(r["iso3"]), r.get("admin1"), p.get("admin1"), gazetteer)
                for r, p in zip(rows, preds, strict=True)
            ]
        ),
        **m.distance_summary(distances, len(rows)),
        "event_date_exact": m.accuracy(
            [r["event_date"] for r in rows], [str(p["event_date"]) if p else NONE for p in preds]
        ),
        "time_precision_agree": m.accuracy(
            [r["time_precision"] for r in rows], [p["time_precision"] if p else NONE for p in preds]
        ),
        "fatalities_exact": m.accuracy(
            [int(r["fatalities"] or 0) for r, _ in counted], [p["fatalities"] if p else 0 for _, p in counted]
        ),
        "actor1_inter_agree": m.accuracy(
            [_inter(r.get("inter1")) for r in rows], [_inter(p.get("actor1_inter")) if p else NONE for p in preds]
        ),
        "actor2_inter_agree": m.accuracy(
            [_inter(r.get("inter2")) for r in rows], [_inter(p.get("actor2_inter")) if p else NONE for p in preds]
        ),
    }
