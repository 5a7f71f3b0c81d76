"""PLOVER gold sentences: each sentence is an article; the most confident mention's CAMEO code is mapped to
a PLOVER event class with ``schemas/taxonomy/cameo_to_plover.csv`` (Schrodt 2021, CC BY-SA 4.0), then to the
gold file's older label set (DEMAND, DISAPPROVE, INVESTIGATE, FIGHT) with ``plover_gsr_labels.csv``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from eventwire.coding.lexicon import actors
from eventwire.evaluation import metrics as m
from eventwire.evaluation.runner import code_articles, mentions_by_article
from eventwire.ingest.article import InputArticle
from schemas import taxonomy
from schemas.records import Mention

NONE = "(none)"
# The sentences carry no date; a fixed one keeps coding deterministic (dates are not scored here).
PUBLISHED = datetime(2000, 1, 1, tzinfo=UTC)


def to_article(row: dict[str, Any]) -> InputArticle:
    return InputArticle(source_id=row["id"], uri=row["id"], text=row["text"], published_at=PUBLISHED)


def gsr_label(cameo_code: str, plover: str | None) -> str | None:
    """The 2021 PLOVER class in the gold file's (older) vocabulary: schemas/taxonomy/plover_gsr_labels.csv."""
    if plover is None:
        return None
    for row in taxonomy.plover_gsr_labels():
        if row["plover_class"] == plover and cameo_code.startswith(row["cameo_prefix"]):
            return row["gsr_label"]
    return plover


def plover_class(cameo_code: str) -> str | None:
    """The PLOVER class of a CAMEO code: the code itself, else its base, else its root in the table."""
    table = taxonomy.cameo_to_plover()
    code = taxonomy.cameo_codes().get(cameo_code)
    for key in (cameo_code, code.base_code if code else None, code.root_code + "0" if code else None):
        if key and key in table:
            return table[key]
    return None


def _best(mentions: list[Mention]) -> Mention | None:
    """Asserted mentions the decision step kept first: the gold sentences report events; then the most
    confident."""
    if not mentions:
        return None
    return max(mentions, key=lambda x: (x.factuality == "asserted" and x.kept, x.confidence, -x.trigger_start))


def predict(rows: list[dict[str, Any]], model: str | None, workers: int, prescan: bool = True) -> list[Mention | None]:
    articles = [to_article(r) for r in rows]
    by_article = mentions_by_article(code_articles(articles, model, workers, prescan))
    return [_best(by_article.get(a.article_id, [])) for a in articles]


def _cameo_country(iso3: str | None) -> str | None:
    if iso3 is None:
        return None
    country = actors().by_iso3.get(iso3)
    return country.cameo if country else iso3


def gold_sector(label: str) -> str | None:
    """The CAMEO actor type of a gold sector label. A composite label is role + group ("CVLalb": civilians,
    ethnic Albanian; "GOVMOS"): its role is the first three letters, as CAMEO composes codes; a few labels
    differ from CAMEO's types (schemas/taxonomy/plover_gsr_sectors.csv). None: nothing to score."""
    role = label[:3].upper()
    return taxonomy.plover_gsr_sectors().get(role, role) or None


def _actor_agreement(rows: list[dict[str, Any]], preds: list[Mention | None], side: str) -> dict[str, float | None]:
    gold_key = "source_actors" if side == "actor1" else "target_actors"
    code_hits, sector_hits = [], []
    for row, pred in zip(rows, preds, strict=True):
        gold = row.get(gold_key) or []
        codes = {a.get("code") for a in gold if a.get("code") and len(a["code"]) == 3}
        sectors = {gold_sector(a["sector"]) for a in gold if a.get("sector")} - {None}
        if pred is None:
            continue
        if codes:
            # an actor without a country is coded by its first CAMEO chunk (IGO, NGO, IMG), as the gold does;
            # the gold writes a few countries by their ISO code (ROU, MNE, TLS), CAMEO by another (ROM, MTN, TMP)
            code = getattr(pred, f"{side}_code")
            iso3 = getattr(pred, f"{side}_country")
            country = _cameo_country(iso3) or (code[:3] if code else None)
            code_hits.append(country in codes or iso3 in codes)
        if sectors:
            sector_hits.append(getattr(pred, f"{side}_type") in sectors)
    return {
        "country_code_agree": m.share(code_hits),
        "n_country": len(code_hits),
        "sector_agree": m.share(sector_hits),
        "n_sector": len(sector_hits),
    }


def score(rows: list[dict[str, Any]], preds: list[Mention | None]) -> dict[str, Any]:
    gold = [r["plover_event"] for r in rows]
    pred = [(gsr_label(p.cameo_code, plover_class(p.cameo_code)) or NONE) if p else NONE for p in preds]
    overall = {
        "n": len(rows),
        "class_acc": m.accuracy(gold, pred),
        "macro_f1": m.macro_f1(gold, pred),
        "no_event_rate": m.share([p is None for p in preds]),
        **{f"source_{k}": v for k, v in _actor_agreement(rows, preds, "actor1").items()},
        **{f"target_{k}": v for k, v in _actor_agreement(rows, preds, "actor2").items()},
    }
    per_class = {cls: {"f1": f1, "n": n} for cls, (f1, n) in sorted(m.per_class_f1(gold, pred).items())}
    return {"overall": overall, "by_class": per_class, "confusion_class": m.confusion(gold, pred)}
