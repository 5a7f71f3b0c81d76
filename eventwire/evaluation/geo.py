"""Toponym recognition and resolution against gold spans and GeoNames points (LGL, GeoVirus).

Recognition: our spans (spaCy GPE/LOC/FAC) against gold spans, by character overlap. Resolution: the
gold spans are given to the resolver (as in Mordecai3's resolution figures), so recognition errors do
not hide resolution errors; each measure is computed over the gold toponyms that carry that field
(GeoVirus gives only coordinates).

Admin1 is compared with ``metrics.same_admin1`` within the gold country (one region under two spellings,
'Idleb' and 'Idlib', is a match), and only for gold toponyms below country level:
a country has no admin1, and the gold files' admin1 field on a country (LGL gives 'Georgia' the region
'Samegrelo and Zemo Svaneti') names no region the text refers to.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from functools import cache
from itertools import repeat
from typing import Any, NamedTuple

from eventwire import pipeline
from eventwire.evaluation import metrics as m
from eventwire.geo.distance import haversine_km
from eventwire.geo.gazetteer import load_gazetteer


def geoparse_batch(
    items: list[dict[str, Any]], model: str | None = None, use_gold_spans: bool = True
) -> list[list[dict[str, Any]]]:
    """``{id, text[, toponyms:[{start, end}]]}`` items → toponym dicts per item; one process, one model."""
    from eventwire.coding.coder import resources
    from eventwire.coding.places import toponyms
    from eventwire.nlp.pipeline import load_nlp, model_name

    nlp = load_nlp(model_name(model))
    res = resources()
    out = []
    for item, doc in zip(items, nlp.pipe((i["text"] for i in items), batch_size=32), strict=True):
        spans = [(t["start"], t["end"]) for t in item["toponyms"]] if use_gold_spans and item.get("toponyms") else None
        out.append([t.as_dict() for t in toponyms(doc, res.gazetteer, res.actors, spans)])
    return out


def _items(rows: list[dict[str, Any]], with_spans: bool) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        item: dict[str, Any] = {"id": r["id"], "text": r["text"]}
        if with_spans:
            item["toponyms"] = [{"start": t["start"], "end": t["end"]} for t in _gold(r)]
        out.append(item)
    return out


def _gold(row: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in row["toponyms"] if t.get("offset_ok", True)]


def run_geoparse(
    items: list[dict[str, Any]], model: str | None, workers: int, use_gold_spans: bool
) -> list[list[dict[str, Any]]]:
    batches = list(pipeline.batches(items, 50))
    if workers > 1 and len(batches) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(geoparse_batch, batches, repeat(model), repeat(use_gold_spans)))
    else:
        parts = [geoparse_batch(b, model, use_gold_spans) for b in batches]
    return [toponyms for part in parts for toponyms in part]


class GeoPrediction(NamedTuple):
    """One article's toponyms: found by our own recognition, and resolved from the gold spans."""

    recognised: list[dict[str, Any]]
    resolved: list[dict[str, Any]]


def predict(
    rows: list[dict[str, Any]], model: str | None, workers: int, prescan: bool = True
) -> list[GeoPrediction]:  # prescan: toponyms are read in every sentence
    """Two passes over the same texts: own recognition, and resolution of the gold spans."""
    recognised = run_geoparse(_items(rows, with_spans=False), model, workers, use_gold_spans=False)
    resolved = run_geoparse(_items(rows, with_spans=True), model, workers, use_gold_spans=True)
    return [GeoPrediction(a, b) for a, b in zip(recognised, resolved, strict=True)]


@cache
def _country_iso3(name: str) -> str | None:
    from eventwire.coding.coder import resources
    from eventwire.geo.readings import resolve_name

    place = resolve_name(name, resources().gazetteer, None)
    return place.iso3 if place is not None and place.feature_code == "PCLI" else None


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["start"] < b["end"] and b["start"] < a["end"])


def score(rows: list[dict[str, Any]], preds: list[GeoPrediction]) -> dict[str, Any]:
    gold_total = found = predicted = correct_pred = 0
    for row, ours in zip(rows, (p.recognised for p in preds), strict=True):
        spans = _gold(row)
        gold_total += len(spans)
        found += sum(any(_overlaps(g, p) for p in ours) for g in spans)
        predicted += len(ours)
        correct_pred += sum(any(_overlaps(p, g) for g in spans) for p in ours)
    exact, country, admin1, distances = [], [], [], []
    unresolved = 0
    for row, ours in zip(rows, (p.resolved for p in preds), strict=True):
        for gold, pred in zip(_gold(row), ours, strict=True):
            if pred["geonameid"] is None and pred["lat"] is None:
                unresolved += 1
            if gold.get("geonameid"):
                exact.append(str(pred["geonameid"]) == str(gold["geonameid"]))
            if gold.get("country"):
                predicted_iso3 = pred["country_iso3"]
                country.append(predicted_iso3 is not None and predicted_iso3 == _country_iso3(gold["country"]))
            if gold.get("admin1") and not str(gold.get("fcode") or "").startswith("PCL"):
                iso3 = _country_iso3(gold["country"]) if gold.get("country") else None
                admin1.append(m.same_admin1(iso3, gold["admin1"], pred["admin1"], load_gazetteer()))
            if gold.get("lat") is not None:
                distances.append(
                    haversine_km(gold["lat"], gold["lon"], pred["lat"], pred["lon"])
                    if pred["lat"] is not None
                    else None
                )
    dist = m.distance_summary(distances, len(distances))
    overall = {
        "n_articles": len(rows),
        "n_toponyms": gold_total,
        "recognition_recall": found / gold_total if gold_total else None,
        "recognition_precision": correct_pred / predicted if predicted else None,
        "resolved_share": 1 - unresolved / gold_total if gold_total else None,
        "exact_geonameid": m.share(exact),
        "n_exact": len(exact),
        "country_acc": m.share(country),
        "n_country": len(country),
        "admin1_acc": m.share(admin1),
        "n_admin1": len(admin1),
        "within_161km": dist["within_161km"],
        "median_km": dist["median_km"],
        "n_points": len(distances),
    }
    return {"overall": overall}
