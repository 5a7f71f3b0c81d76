"""Consolidate asserted mentions into events: one row per real-world event, with stable ids.

Rule (v1): mentions are the same event when they share the event day, the CAMEO root code, the source
actor (CAMEO code, else its name) and the place (GeoNames id at town precision, else admin1, else the
country). The event id is a hash of that key, so an event keeps its id when later articles report it
and its counts grow. Field values come from the most confident, most specific mention; casualties are
the per-article maximum, then the lowest non-zero figure across articles (ACLED's conservative rule).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from eventwire.ingest.article import stable_id
from schemas.arrow import arrow_schema
from schemas.records import Event, EventCore

CORE_COLUMNS = [name for name in EventCore.model_fields if name not in ("fatalities", "injuries", "confidence")]


def event_key(row: dict[str, Any]) -> tuple[str, ...]:
    precise = row.get("geo_precision") in (1, 2) and row.get("geonameid") is not None
    place = str(row["geonameid"]) if precise else (row.get("admin1") or row.get("iso3") or "")
    actor = row.get("actor1_code") or (row.get("actor1_name") or "").lower()
    return (str(row["event_date"]), row["cameo_root_code"], actor, row.get("iso3") or "", place)


def event_id_of(row: dict[str, Any]) -> str:
    return stable_id("event", *event_key(row))


def _conservative(column: str) -> pl.Expr:
    positive = pl.col(column).filter(pl.col(column) > 0)
    return pl.when(positive.len() > 0).then(positive.min()).otherwise(0).cast(pl.Int32).alias(column)


def consolidate(mentions: pl.DataFrame) -> pl.DataFrame:
    """Asserted mentions (Mention schema) → events (Event schema), sorted by event_date, iso3, event_id."""
    asserted = mentions.filter((pl.col("factuality") == "asserted") & pl.col("event_id").is_not_null())
    schema = pl.Schema(pl.from_arrow(arrow_schema(Event).empty_table()).schema)
    if asserted.is_empty():
        return pl.DataFrame(schema=schema)
    # Specificity: 4-digit beats 3-digit, and "195" beats the catch-all "190" of the same length.
    specific = pl.col("cameo_code").str.len_chars() + (pl.col("cameo_code").str.slice(-1) != "0").cast(pl.UInt32)
    ranked = asserted.with_columns(specific.alias("_specific")).sort(
        ["event_id", "confidence", "_specific", "published_at", "mention_id"],
        descending=[False, True, True, False, False])
    best = ranked.group_by("event_id", maintain_order=True).first().select(
        ["event_id", *[c for c in CORE_COLUMNS if c != "event_id"], "confidence"])
    per_article = asserted.group_by(["event_id", "article_id"]).agg(
        pl.col("fatalities").max(), pl.col("injuries").max())
    counts = per_article.group_by("event_id").agg(_conservative("fatalities"), _conservative("injuries"))
    evidence = asserted.group_by("event_id").agg(
        pl.len().cast(pl.Int32).alias("num_mentions"),
        pl.coalesce("source", "article_id").n_unique().cast(pl.Int32).alias("num_sources"),
        pl.col("article_id").n_unique().cast(pl.Int32).alias("num_articles"),
        pl.col("published_at").min().alias("first_seen"),
        pl.col("published_at").max().alias("last_seen"),
        pl.col("article_id").unique().sort().alias("article_ids"),
        pl.col("mention_id").unique().sort().alias("mention_ids"),
    )
    events = best.join(counts, on="event_id").join(evidence, on="event_id")
    return events.select(schema.names()).cast(dict(schema.items())).sort(["event_date", "iso3", "event_id"],
                                                                         nulls_last=True)
