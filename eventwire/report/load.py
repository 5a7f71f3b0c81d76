"""The rows a report covers, read from the datasets under an output root with polars (only the columns used)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from eventwire.loading import scan
from eventwire.report.settings import DriftSettings
from eventwire.store.partitions import Folder, Published
from eventwire.store.snapshots import resolve_snapshot

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


def _scan(root: Path, dataset: str, columns: list[str]) -> pl.LazyFrame:
    """The ``columns`` of one dataset of the snapshot ``root``, typed as the data dictionary says (an empty
    frame when the dataset has no file yet), through the same loader analysts use."""
    return scan(root, dataset).select(columns)


def load(output: Path, selection: Selection, feed_days: int = DriftSettings().feed_days) -> Frames:
    """Read what ``selection`` covers, and the last ``feed_days`` of the feed (to the window's end) for the drift
    checks. Filters are pushed into the scans, so a window of a long history reads only what it needs. Every
    dataset comes from the one snapshot ``CURRENT`` names when the report starts, so a run committing
    meanwhile cannot mix into it."""
    output = resolve_snapshot(output)
    events = _scan(output, "events", EVENT_COLUMNS)
    articles = _scan(output, "articles", ARTICLE_COLUMNS)
    rejects = _scan(output, "rejects", REJECT_COLUMNS)
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
        _scan(output, "mentions", MENTION_COLUMNS).filter(pl.col("mention_id").is_in(mention_ids.implode()))
        if event_frame.height
        else _scan(output, "mentions", MENTION_COLUMNS).head(0)
    )
    feed_articles = _scan(output, "articles", ["source", "published_at"])
    feed_events = _scan(output, "events", ["first_seen", "iso3", "country", "event_type", "quad_class", "latitude"])
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


def fetch_feed(output: Path, published: Published, feed_days: int = DriftSettings().feed_days) -> None:
    """Bring into a working copy of object storage (``published``) what ``load`` reads of a run's report beyond
    the run's own rows, which the run wrote: the articles of the months within ``feed_days`` of the latest
    month, and the events first reported since then, in whichever month of ``event_date`` they are (found by
    their ``first_seen``, read only where the files' statistics do not rule the window out)."""
    held = Folder(output).partitions("articles") | published.partitions("articles")
    months = {_month(rel) for rel in held}
    if not months:
        return
    year, month = max(months)
    # the window starts feed_days before the latest publication day, which lies in the latest month
    start = date(year, month, 1) - timedelta(days=feed_days)
    published.fetch("articles", {r for r in held if _month(r) >= (start.year, start.month)})
    since = pa.scalar(datetime.combine(start, time(), tzinfo=UTC), pa.timestamp("us", tz="UTC"))
    published.fetch_where("events", pc.field("first_seen") >= since)


def _month(rel_dir: str) -> tuple[int, ...]:
    return tuple(int(part.split("=")[1]) for part in rel_dir.split("/")[1:])
