"""A synthetic consolidated history, written straight as the output's partitions and event index.

Coding three million mentions' worth of articles would take a day; the incremental benchmark needs only what
the write step reads: mentions with their event ids, event rows, and the event index, as a nightly feed of
PER_DAY mentions would have left them. Events are generated whole (one to six outlets reporting each, a few
days after it happened, 85 % asserted) in 60 countries with 20 regions and 50 towns each, the five material
CAMEO roots, and day/week/month precision mixed 80/15/5; event rows come from ``build_events`` and index rows
from each event's founding and latest report, month by month, so memory stays at one month.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pycountry

from eventwire import CODER_VERSION, consolidate, event_index, incremental
from eventwire.store import partitions as store
from schemas.arrow import dataset_schema

ROOTS = [
    ("14", "Protests", "Peaceful protest", "141", 3),
    ("17", "Strategic developments", "Arrests", "173", 3),
    ("18", "Violence against civilians", "Attack", "180", 4),
    ("19", "Battles", "Armed clash", "190", 4),
    ("20", "Violence against civilians", "Attack", "200", 4),
]
ACTORS = [("MIL", 1), ("COP", 1), ("INS", 2), ("REB", 2), ("UAF", 3), ("CRM", 3), ("CVL", 7), ("BUS", 7)]
ACTORS += [("EDU", 6), ("LAB", 6), ("GOV", 1), (None, None)]
REPORTS = np.array([1, 1, 2, 3, 4, 6])
SENTENCES = [
    "Gunmen attacked the market in the town on Sunday, killing several traders, police said.",
    "Security forces clashed with militants near the border crossing late on Saturday, officials said.",
    "Hundreds of students marched through the city centre to protest against fee increases.",
    "Police arrested dozens of demonstrators after the rally turned violent, witnesses said.",
    "An explosion struck a convoy on the main road, the army said in a statement on Monday.",
]
START = date(2024, 1, 1)


class World:
    """The fixed geography and actors of the synthetic feed."""

    def __init__(self, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.iso3 = np.array(sorted(c.alpha_3 for c in pycountry.countries)[:60])
        self.town_admin1 = rng.integers(0, 20, size=(60, 50))
        self.town_lat = rng.uniform(-40, 60, size=(60, 50))
        self.town_lon = rng.uniform(-80, 120, size=(60, 50))


def mentions_of(
    world: World,
    rng: np.random.Generator,
    days: np.ndarray,
    first_id: int,
    published_after: date | None = None,
    like: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Reports of one synthetic event per entry of ``days`` (ordinal event days). With ``like`` (events as rows of
    iso3/admin1/latitude/longitude/root/actor columns), the events are those, reported again. Published a few
    days after the event, or after ``published_after``."""
    n = len(days)
    country = rng.integers(0, 60, n)
    town = rng.integers(0, 50, n)
    root = rng.integers(0, len(ROOTS), n)
    a1, a2 = rng.integers(0, len(ACTORS), n), rng.integers(0, len(ACTORS), n)
    k = rng.choice(REPORTS, n)
    event = np.repeat(np.arange(n), k)
    m = len(event)
    report = np.arange(m) - np.repeat(np.cumsum(k) - k, k)
    precision = rng.choice([1, 2, 3], m, p=[0.8, 0.15, 0.05])
    coarse = rng.random(m) < 0.2
    day = days[event] + rng.choice([0, 0, 0, 1], m)
    # an event's reports stay in its month, so that every month is written whole, once
    month_of = np.vectorize(lambda d: date.fromordinal(int(d)).month)
    day = np.where(month_of(day) != month_of(days[event]), days[event], day)
    as_dates = [date.fromordinal(int(d)) for d in day]
    base = (
        np.full(m, (published_after - START).days + 5)  # after every report of the history (4 days late at most)
        if published_after is not None
        else day - START.toordinal() + rng.integers(0, 4, m)
    )
    published = [
        datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=int(b), seconds=int(s))
        for b, s in zip(base, rng.integers(0, 86_400, m), strict=True)
    ]
    if like is not None:
        iso3 = like.get_column("iso3").to_numpy()[event]
        admin1 = like.get_column("admin1").to_numpy()[event]
        lat, lon = like.get_column("latitude").to_numpy()[event], like.get_column("longitude").to_numpy()[event]
        roots = like.get_column("cameo_root_code").to_list()
        root = np.array([[r[0] for r in ROOTS].index(x) for x in roots])
        a1 = np.array([[a[0] for a in ACTORS].index(x) for x in like.get_column("actor1_type").to_list()])
        a2 = np.array([[a[0] for a in ACTORS].index(x) for x in like.get_column("actor2_type").to_list()])
    else:
        iso3 = world.iso3[country][event]
        admin1 = np.array([f"{world.iso3[c]}-R{world.town_admin1[c, t]}" for c, t in zip(country, town, strict=True)])[
            event
        ]
        lat, lon = world.town_lat[country, town][event], world.town_lon[country, town][event]
    ids = np.arange(first_id, first_id + m)
    asserted = rng.random(m) < 0.85
    r = root[event]
    actor = [ACTORS[i] for i in a1[event]], [ACTORS[i] for i in a2[event]]
    frame: dict[str, Any] = {
        "mention_id": [f"m{i:015x}" for i in ids],
        "event_id": None,
        "article_id": [f"a{i // 2:015x}" for i in ids],  # two reports an article
        "sentence_index": report.astype(np.int32),
        "sentence": [SENTENCES[i % len(SENTENCES)] for i in ids],
        "char_start": np.zeros(m, np.int32),
        "char_end": np.full(m, 90, np.int32),
        "trigger": "attacked",
        "trigger_start": np.full(m, 7, np.int32),
        "trigger_end": np.full(m, 15, np.int32),
        "factuality": np.where(asserted, "asserted", "future"),
        "kept": True,
        "date_source": "sentence",
        "source": [f"outlet-{x}" for x in report],
        "published_at": published,
        "event_date": as_dates,
        "time_precision": precision.astype(np.int8),
        "cameo_code": [ROOTS[i][3] for i in r],
        "cameo_base_code": [ROOTS[i][3] for i in r],
        "cameo_root_code": [ROOTS[i][0] for i in r],
        "quad_class": [ROOTS[i][4] for i in r],
        "goldstein": -5.0,
        "event_type": [ROOTS[i][1] for i in r],
        "sub_event_type": [ROOTS[i][2] for i in r],
        "iso3": iso3,
        "admin1": admin1,
        "location": [f"{a} town" if not c else a for a, c in zip(admin1, coarse, strict=True)],
        "latitude": lat,
        "longitude": lon,
        "geo_precision": np.where(coarse, 3, 1).astype(np.int8),
        "fatalities": rng.choice([0, 0, 1, 2, 5], m).astype(np.int32),
        "injuries": np.zeros(m, np.int32),
        "arrests": np.zeros(m, np.int32),
        "confidence": rng.uniform(0.5, 0.95, m),
        "coder_version": CODER_VERSION,
    }
    for side, chosen in zip(("actor1", "actor2"), actor, strict=True):
        frame[f"{side}_name"] = [a[0] and a[0].lower() for a in chosen]
        frame[f"{side}_code"] = [a[0] for a in chosen]
        frame[f"{side}_type"] = [a[0] for a in chosen]
        frame[f"{side}_inter"] = [a[1] for a in chosen]
    schema = pl.Schema(pl.from_arrow(dataset_schema("mentions", CODER_VERSION).empty_table()).schema)  # type: ignore[union-attr]
    data = pl.DataFrame({k: v for k, v in frame.items() if not isinstance(v, str | float | bool) and v is not None})
    scalars = {k: v for k, v in frame.items() if isinstance(v, str | float | bool) or v is None}
    data = data.with_columns(*(pl.lit(v).alias(k) for k, v in scalars.items()))
    missing = [pl.lit(None).alias(c) for c in schema.names() if c not in data.columns]
    data = data.with_columns(*missing).select(schema.names()).cast(dict(schema.items()))
    # a synthetic event is one event: its asserted reports carry the id of its first
    first = data.with_row_index("_r").with_columns(pl.Series("_event", event)).sort(consolidate.ORDER)
    ids_of = first.filter(pl.col("factuality") == "asserted").group_by("_event").agg(pl.col("mention_id").first())
    data = (
        first.join(ids_of.rename({"mention_id": "_first"}), on="_event", how="left")
        .with_columns(
            pl.when(pl.col("factuality") == "asserted").then(pl.lit("e") + pl.col("_first")).alias("event_id")
        )
        .sort("_r")
        .select(schema.names())
    )
    return data


def index_of(mentions: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """Index rows for synthetic events: founding and latest report, the event's place and actors."""
    cell = pl.format(
        "cell|{}|{}",
        (pl.col("latitude") / 0.5).floor().cast(pl.Int64),
        (pl.col("longitude") / 0.5).floor().cast(pl.Int64),
    )
    precise = pl.col("geo_precision").is_in([1, 2]) & pl.col("latitude").is_not_null()
    asserted = mentions.filter(pl.col("event_id").is_not_null()).sort(consolidate.ORDER)
    month = pl.col("event_date").dt.year().cast(pl.Int32) * 12 + pl.col("event_date").dt.month().cast(pl.Int32) - 1
    ends = asserted.group_by("event_id", maintain_order=True).agg(
        pl.col("article_id").first(),
        pl.col("event_date").first().alias("anchor_date"),
        pl.col("time_precision").first().alias("anchor_precision"),
        pl.col("geo_precision").first().alias("_founding_geo"),
        *(pl.col(c).first().alias(f"first_{p}") for c, p in zip(consolidate.ORDER, KEY_PARTS, strict=True)),
        *(pl.col(c).last().alias(f"last_{p}") for c, p in zip(consolidate.ORDER, KEY_PARTS, strict=True)),
        month.unique().alias("mention_months"),
        pl.col("cameo_root_code").unique().sort().alias("cameo_roots"),
    )
    rows = events.join(ends, on="event_id").with_columns(
        pl.lit(False).alias("separate"),
        pl.when(precise)
        .then(pl.concat_list(pl.col("location").str.to_lowercase()))
        .otherwise(pl.lit([]))
        .alias("towns"),
        pl.concat_list(
            pl.lit("all"),
            pl.format("admin1|{}|{}", precise.cast(pl.Int8), pl.col("admin1")),
            pl.when(precise).then(cell).otherwise(pl.lit("all")),
            pl.when(pl.col("_founding_geo") == 3)
            .then(pl.format("admin1|0|{}", pl.col("admin1")))
            .otherwise(pl.lit("all")),
        )
        .list.unique()
        .list.sort()
        .alias("keys"),
        month.alias("event_month"),
    )
    return rows.select(event_index.SCHEMA.names)


KEY_PARTS = ("published", "article", "sentence", "trigger", "mention")


def articles_of(mentions: pl.DataFrame) -> pl.DataFrame:
    """The article rows behind synthetic mentions: one per article id, published as its first report."""
    schema = pl.Schema(pl.from_arrow(dataset_schema("articles", CODER_VERSION).empty_table()).schema)  # type: ignore[union-attr]
    rows = mentions.group_by("article_id").agg(
        pl.col("source").first(), pl.col("published_at").min(), pl.len().alias("n_mentions")
    )
    filled = rows.with_columns(
        pl.col("article_id").alias("source_id"),
        (pl.col("article_id") + ".txt").alias("uri"),
        pl.lit("Synthetic report").alias("title"),
        pl.lit("en").alias("language"),
        pl.col("article_id").alias("content_hash"),
        pl.lit(2_000).alias("n_chars"),
        pl.lit(False).alias("capped"),
        pl.lit("coded").alias("status"),
        pl.lit(CODER_VERSION).alias("coder_version"),
        (pl.col("published_at") + pl.duration(hours=1)).alias("ingested_at"),
    )
    missing = [pl.lit(None).alias(c) for c in schema.names() if c not in filled.columns]
    return filled.with_columns(*missing).select(schema.names()).cast(dict(schema.items()))


def write_history(output: Path, mentions: int, per_day: int, seed: int = 1) -> dict[str, Any]:
    """``mentions`` history mentions at ``per_day`` a day from START, with their articles, committed as one
    snapshot."""
    world, rng = World(seed), np.random.default_rng(seed + 1)
    days = int(np.ceil(mentions / per_day))
    events_per_day = int(per_day / REPORTS.mean())
    txn = store.Transaction(output, "history")
    articles: list[pl.DataFrame] = []
    made, first_id, day = 0, 0, START.toordinal()
    end = START.toordinal() + days
    while day < end:
        month_end = (date.fromordinal(day).replace(day=28) + timedelta(days=4)).replace(day=1).toordinal()
        span = min(month_end, end) - day
        event_days = np.repeat(np.arange(day, day + span), events_per_day)
        frame = mentions_of(world, rng, event_days, first_id)
        first_id += frame.height
        made += frame.height
        events = consolidate.build_events(frame)
        month = event_index.month_index(date.fromordinal(day).year, date.fromordinal(day).month)
        txn.stage("mentions", incremental._rel("mentions", month), frame.to_arrow())
        txn.stage("events", incremental._rel("events", month), events.to_arrow())
        index = index_of(frame, events)
        order = [(c, "ascending") for c in incremental.INDEX_ORDER]
        txn.stage("event_index", event_index.partition(month), index.to_arrow().cast(event_index.SCHEMA).sort_by(order))
        articles.append(articles_of(frame))
        day += span
    # by month of publication, which runs a few days behind the events'; an article whose two reports fall either
    # side of a month's batch is one article
    every_article = pl.concat(articles).sort("published_at").unique("article_id", keep="first", maintain_order=True)
    by_month = every_article.with_columns(incremental._month("published_at")).partition_by("_m", as_dict=True)
    for (month,), part in sorted(by_month.items()):
        txn.stage("articles", incremental._rel("articles", int(month)), part.drop("_m").to_arrow())
    txn.commit()
    return {"mentions": made, "days": days, "last_day": date.fromordinal(end - 1).isoformat(), "next_id": first_id}


def night(output: Path, mentions: int, history: dict[str, Any], seed: int = 3) -> pl.DataFrame:
    """A night's mentions: half are new reports of events of the history's last three days, half new events
    of those days; all published after every report of the history."""
    rng = np.random.default_rng(seed)
    world = World(1)
    last = date.fromisoformat(history["last_day"])
    recent = pl.read_parquet(output / "events" / "**" / "*.parquet", hive_partitioning=False).filter(
        pl.col("event_date") >= last - timedelta(days=2)
    )
    per_event = float(REPORTS.mean())
    follow = recent.sample(n=min(recent.height, int(mentions / 2 / per_event)), seed=seed)
    again = mentions_of(
        world,
        rng,
        np.array([d.toordinal() for d in follow.get_column("event_date").to_list()]),
        history["next_id"],
        published_after=last,
        like=follow,
    )
    fresh_days = rng.integers(last.toordinal() - 2, last.toordinal() + 1, int(mentions / 2 / per_event))
    fresh = mentions_of(world, rng, fresh_days, history["next_id"] + again.height, published_after=last)
    return pl.concat([again, fresh]).with_columns(pl.lit(None, dtype=pl.String).alias("event_id"))
