"""The rows a report covers, read from the datasets under an output root with polars (only the columns used)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl

from eventwire import CODER_VERSION
from schemas.arrow import dataset_schema

EVENT_COLUMNS = [
    "event_id",
    "event_date",
    "time_precision",
    "quad_class",
    "event_type",
    "actor1_name",
    "actor2_name",
    "iso3",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "coder_version",
    "first_seen",
    "last_seen",
    "article_ids",
    "mention_ids",
]
ARTICLE_COLUMNS = ["article_id", "source", "published_at", "status", "coder_version", "ingested_at"]
MENTION_COLUMNS = ["mention_id", "event_id", "sentence", "source"]
REJECT_COLUMNS = ["stage", "error", "run_id", "rejected_at"]
HIVE: dict[str, pl.DataType] = {"year": pl.Int16(), "month": pl.Int8()}


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rows a report covers: events dated ``since``–``until`` (inclusive, either open), or with
    ``ingested_since`` the events of the articles coded from that time on (one run's output, ``run_id``)."""

    since: date | None = None
    until: date | None = None
    ingested_since: datetime | None = None
    run_id: str | None = None

    def describe(self) -> str:
        if self.ingested_since is not None:
            return f"articles coded by run {self.run_id or '?'} and their events"
        if self.since is None and self.until is None:
            return "every event in the datasets"
        return f"events dated {self.since or 'start'} to {self.until or 'end'}"


@dataclass(frozen=True, slots=True)
class Frames:
    """The selected rows (events, their mentions' sentences and sources, articles, rejects) and, for the drift
    checks, every article's source and publication time and every event's first report."""

    events: pl.DataFrame
    mentions: pl.DataFrame
    articles: pl.DataFrame
    rejects: pl.DataFrame
    feed_articles: pl.DataFrame  # source, published_at of the feed's last weeks up to the window's end
    feed_events: pl.DataFrame  # first_seen, iso3, country, event_type, quad_class, latitude of the same weeks


def _empty(dataset: str, columns: list[str]) -> pl.DataFrame:
    """No rows, but the dataset's column types (a dataset not written yet reads as empty, not as an error)."""
    frame = pl.from_arrow(dataset_schema(dataset, CODER_VERSION).empty_table())
    assert isinstance(frame, pl.DataFrame)
    return frame.select(columns)


def _scan(output: Path, dataset: str, columns: list[str], hive: dict[str, pl.DataType] | None = None) -> pl.LazyFrame:
    root = output / dataset
    if not any(root.glob("*/*/*.parquet")) and not any(root.glob("*/*.parquet")):
        return _empty(dataset, columns).lazy()
    lf = pl.scan_parquet(root, hive_partitioning=True, hive_schema=hive)
    return lf.select(columns)


def load(output: Path, selection: Selection, feed_days: int = 35) -> Frames:
    """Read what ``selection`` covers, and the last ``feed_days`` of the feed (to the window's end) for the drift
    checks. Filters are pushed into the scans, so a window of a long history reads only what it needs."""
    events = _scan(output, "events", EVENT_COLUMNS, HIVE)
    articles = _scan(output, "articles", ARTICLE_COLUMNS, HIVE)
    rejects = _scan(output, "rejects", REJECT_COLUMNS, {"run_date": pl.String()})
    feed_until: datetime | None = None
    if selection.ingested_since is not None:
        articles = articles.filter(pl.col("ingested_at") >= selection.ingested_since)
        run_articles = articles.select("article_id", "published_at").collect()
        ids = run_articles["article_id"]
        oldest = run_articles["published_at"].min()
        if isinstance(oldest, datetime):  # an event that holds one of them was last seen after it: prunes files
            events = events.filter(pl.col("last_seen") >= oldest)
        events = events.filter(pl.col("article_ids").list.eval(pl.element().is_in(ids.implode())).list.any())
        if selection.run_id is not None:
            rejects = rejects.filter(pl.col("run_id") == selection.run_id)
        else:
            rejects = rejects.filter(pl.col("rejected_at") >= selection.ingested_since)
    else:
        if selection.since is not None:
            events = events.filter(pl.col("event_date") >= selection.since)
            articles = articles.filter(pl.col("published_at").dt.date() >= selection.since)
            rejects = rejects.filter(pl.col("rejected_at").dt.date() >= selection.since)
        if selection.until is not None:
            events = events.filter(pl.col("event_date") <= selection.until)
            articles = articles.filter(pl.col("published_at").dt.date() <= selection.until)
            rejects = rejects.filter(pl.col("rejected_at").dt.date() <= selection.until)
            feed_until = datetime.combine(selection.until, datetime.max.time())
    event_frame = events.collect()
    mention_ids = event_frame.select(pl.col("mention_ids").explode()).to_series()
    mentions = (
        _scan(output, "mentions", MENTION_COLUMNS, HIVE).filter(pl.col("mention_id").is_in(mention_ids.implode()))
        if event_frame.height
        else _empty("mentions", MENTION_COLUMNS).lazy()
    )
    feed_articles = _scan(output, "articles", ["source", "published_at"], HIVE)
    feed_events = _scan(
        output, "events", ["first_seen", "iso3", "country", "event_type", "quad_class", "latitude"], HIVE
    )
    if feed_until is not None:
        until = pl.lit(feed_until).dt.replace_time_zone("UTC")
        feed_articles = feed_articles.filter(pl.col("published_at") <= until)
        feed_events = feed_events.filter(pl.col("first_seen") <= until)
    feed = feed_articles.collect()
    latest = feed["published_at"].max()
    if isinstance(latest, datetime):
        start = latest.date() - timedelta(days=feed_days)
        feed = feed.filter(pl.col("published_at").dt.date() >= start)
        feed_events = feed_events.filter(pl.col("first_seen").dt.date() >= start)
    return Frames(
        events=event_frame,
        mentions=mentions.collect(),
        articles=articles.collect(),
        rejects=rejects.collect(),
        feed_articles=feed,
        feed_events=feed_events.collect(),
    )
