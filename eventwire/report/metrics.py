"""What the report shows, computed from the selected rows: pure functions from polars frames to typed records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from eventwire.report.load import Frames
from eventwire.report.settings import ReportSettings

# ACLED event types in ACLED's own order, then CAMEO quad classes for events that have no ACLED type.
ACLED_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Riots",
    "Protests",
    "Strategic developments",
)
QUAD_CLASSES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
CATEGORIES = ACLED_TYPES + tuple(f"{name} (CAMEO)" for name in QUAD_CLASSES.values())
UNKNOWN = "(none)"


def category_expr() -> pl.Expr:
    """An event's chart category: its ACLED event type, else its CAMEO quad class."""
    quad = pl.col("quad_class").replace_strict(
        {k: f"{v} (CAMEO)" for k, v in QUAD_CLASSES.items()}, default=UNKNOWN, return_dtype=pl.String
    )
    return pl.coalesce(pl.col("event_type"), quad).alias("category")


def place_expr() -> pl.Expr:
    """'Medina, Ohio, United States': location, admin1, country, each left out when it repeats the one before
    (a country-level event is just 'Bangladesh')."""
    admin1 = pl.when((pl.col("admin1") != pl.col("location")).fill_null(True)).then(pl.col("admin1"))
    country = pl.when(
        (pl.col("country") != pl.col("location")).fill_null(True)
        & (pl.col("country") != pl.col("admin1")).fill_null(True)
    ).then(pl.col("country"))
    return pl.concat_str([pl.col("location"), admin1, country], separator=", ", ignore_nulls=True)


@dataclass(frozen=True, slots=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True, slots=True)
class Share:
    label: str
    count: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.count / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Timeline:
    """Events per bin (day, week or month of event_date) and category; ``counts[c][i]`` is bin i of category c."""

    unit: str
    starts: tuple[date, ...]
    counts: dict[str, tuple[int, ...]]
    earlier: int = 0  # events dated before the first bin, left out of the chart

    @property
    def total(self) -> int:
        return sum(sum(v) for v in self.counts.values())


@dataclass(frozen=True, slots=True)
class MapMark:
    """The events of one category at one place: a circle on the map."""

    latitude: float
    longitude: float
    category: str
    place: str
    events: int
    fatalities: int
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Quality:
    events: int
    no_actor: Share  # neither actor named
    no_actor2: Share  # no target named
    place: tuple[Share, ...]  # by geo_precision, and unplaced
    date: tuple[Share, ...]  # by time_precision
    articles: int
    articles_without_events: Share
    events_per_article: float
    mentions_per_event: float
    rejects: tuple[Count, ...]  # by stage and reason
    coder_versions: tuple[Count, ...]  # events per coder version


@dataclass(frozen=True, slots=True)
class Metrics:
    events: int
    mentions: int
    articles: int
    rejects: int
    fatalities: int
    first_day: date | None
    last_day: date | None
    timeline: Timeline
    marks: tuple[MapMark, ...]
    marks_dropped: int  # marks beyond ReportSettings.max_map_marks (the smallest), not drawn
    unplaced: int  # events with no coordinates (not on the map)
    top_actors: tuple[Count, ...]
    top_locations: tuple[Count, ...]
    top_sources: tuple[Count, ...]  # articles per source
    fatalities_by_country: tuple[Count, ...]
    quality: Quality


def _counts(frame: pl.DataFrame, column: str, value: str = "n") -> tuple[Count, ...]:
    return tuple(Count(str(label), int(n)) for label, n in frame.select(column, value).iter_rows())


def top(frame: pl.DataFrame, column: str, n: int) -> tuple[Count, ...]:
    """The ``n`` most frequent non-null values of ``column`` (ties by name, so the order is stable)."""
    counted = (
        frame.filter(pl.col(column).is_not_null())
        .group_by(column)
        .len("n")
        .sort(["n", column], descending=[True, False])
        .head(n)
    )
    return _counts(counted, column)


def _bin_unit(first: date, last: date, settings: ReportSettings) -> str:
    days = (last - first).days + 1
    if days <= settings.max_daily_bins:
        return "day"
    return "week" if days <= settings.max_weekly_bins * 7 else "month"


def _bin_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next_bin(day: date, unit: str) -> date:
    if unit == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return day + timedelta(days=7 if unit == "week" else 1)


def timeline(events: pl.DataFrame, settings: ReportSettings) -> Timeline:
    """Events per day by category; by week or month when the dates span more than the settings allow. News
    names past events ('the 1945 bombing'): when the dates span more than ``max_daily_bins`` days, the oldest
    ``timeline_tail`` of events is left out (and counted) rather than squeezing the night into one bar."""
    if events.is_empty():
        return Timeline("day", (), {})
    dates = events["event_date"].sort()
    first, last = dates[0], dates[-1]
    assert isinstance(first, date) and isinstance(last, date)
    if (last - first).days >= settings.max_daily_bins:
        first = dates[max(int(len(dates) * settings.timeline_tail) - 1, 0)]  # at most that share left out
        events = events.filter(pl.col("event_date") >= first)
    unit = _bin_unit(first, last, settings)
    starts: list[date] = []
    day = _bin_start(first, unit)
    while day <= last:
        starts.append(day)
        day = _next_bin(day, unit)
    index = {d: i for i, d in enumerate(starts)}
    truncate = {"day": "1d", "week": "1w", "month": "1mo"}[unit]
    grouped = events.group_by(pl.col("event_date").dt.truncate(truncate).alias("bin"), category_expr()).len("n")
    counts: dict[str, list[int]] = {}
    for bin_start, category, n in grouped.iter_rows():
        counts.setdefault(category, [0] * len(starts))[index[bin_start]] = n
    ordered = [c for c in (*CATEGORIES, UNKNOWN) if c in counts]
    return Timeline(unit, tuple(starts), {c: tuple(counts[c]) for c in ordered}, len(dates) - events.height)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def map_marks(
    events: pl.DataFrame, mentions: pl.DataFrame, settings: ReportSettings
) -> tuple[tuple[MapMark, ...], int]:
    """One mark per place and category (events at one place share coordinates: one circle each would hide the
    rest and weigh the file down), the largest first; and how many marks were left out past the cap."""
    placed = events.filter(pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null())
    if placed.is_empty():
        return (), 0
    sentence = (
        mentions.select("mention_id", "sentence").unique("mention_id")
        if mentions.height
        else pl.DataFrame(schema={"mention_id": pl.String, "sentence": pl.String})
    )
    first_sentence = (
        placed.select("event_id", pl.col("mention_ids").list.first().alias("mention_id"))
        .join(sentence, on="mention_id", how="left")
        .select("event_id", "sentence")
    )
    place = place_expr().alias("place")
    grouped = (
        placed.join(first_sentence, on="event_id", how="left")
        .sort("fatalities", "event_date", "event_id", descending=[True, False, False])
        .group_by(pl.col("latitude").round(3), pl.col("longitude").round(3), category_expr(), maintain_order=True)
        .agg(
            place.first(),
            pl.len().alias("events"),
            pl.col("fatalities").sum().alias("fatalities"),
            pl.col("sentence").drop_nulls().unique(maintain_order=True).head(settings.sentences_per_mark),
        )
        .sort(
            ["fatalities", "events", "latitude", "longitude", "category"], descending=[True, True, False, False, False]
        )
    )
    marks = tuple(
        MapMark(
            latitude=lat,
            longitude=lon,
            category=category,
            place=place_name or UNKNOWN,
            events=n,
            fatalities=int(killed or 0),
            sentences=tuple(_shorten(s, settings.sentence_chars) for s in sentences),
        )
        for lat, lon, category, place_name, n, killed, sentences in grouped.head(settings.max_map_marks).iter_rows()
    )
    return marks, max(0, grouped.height - settings.max_map_marks)


def _shares(frame: pl.DataFrame, column: str, labels: dict[int | None, str]) -> tuple[Share, ...]:
    total = frame.height
    counted = dict(frame.group_by(column).len("n").iter_rows())
    return tuple(Share(label, int(counted.get(key, 0)), total) for key, label in labels.items())


_VARIABLE = re.compile(r"'[^']*'|\"[^\"]*\"|\d+")


def reject_reason(stage: str, error: str) -> str:
    """A reject's reason with its variable parts (numbers, quoted values) masked, so alike errors count together."""
    reason = _VARIABLE.sub("…", error.split("\n", 1)[0])
    return f"{stage}: {_shorten(reason, 90)}"


def quality(frames: Frames) -> Quality:
    events, articles = frames.events, frames.articles
    n_events = events.height
    no_actor = events.filter(pl.col("actor1_name").is_null() & pl.col("actor2_name").is_null()).height
    place = _shares(
        events.with_columns(pl.when(pl.col("latitude").is_null()).then(None).otherwise(pl.col("geo_precision"))),
        "geo_precision",
        {
            1: "town (precision 1)",
            2: "near a town / part of a region (2)",
            3: "region or country (3)",
            None: "unplaced",
        },
    )
    day = _shares(events, "time_precision", {1: "day (precision 1)", 2: "week (2)", 3: "month (3)"})
    coded = articles.filter(pl.col("status").is_not_null())
    without = coded.filter(pl.col("status") == "no_events").height
    n_mentions = int(events.select(pl.col("mention_ids").list.len().sum()).item() or 0) if n_events else 0
    reasons = (
        frames.rejects.select(
            pl.struct("stage", "error")
            .map_elements(lambda r: reject_reason(r["stage"], r["error"]), return_dtype=pl.String)
            .alias("reason")
        )
        if frames.rejects.height
        else pl.DataFrame(schema={"reason": pl.String})
    )
    return Quality(
        events=n_events,
        no_actor=Share("no actor named", no_actor, n_events),
        no_actor2=Share("no target (actor 2) named", events.filter(pl.col("actor2_name").is_null()).height, n_events),
        place=place,
        date=day,
        articles=articles.height,
        articles_without_events=Share("articles with no event", without, articles.height),
        events_per_article=n_events / articles.height if articles.height else 0.0,
        mentions_per_event=n_mentions / n_events if n_events else 0.0,
        rejects=top(reasons, "reason", 20),
        coder_versions=top(events, "coder_version", 10),
    )


def metrics(frames: Frames, settings: ReportSettings) -> Metrics:
    events = frames.events
    marks, dropped = map_marks(events, frames.mentions, settings)
    actors = pl.concat(
        [events.select(pl.col("actor1_name").alias("a")), events.select(pl.col("actor2_name").alias("a"))]
    )
    locations = events.select(place_expr().alias("place"))
    sources = frames.articles.select(pl.col("source").fill_null("(no source)"))
    by_country = (
        events.filter(pl.col("country").is_not_null())
        .group_by("country")
        .agg(pl.col("fatalities").sum().alias("n"))
        .filter(pl.col("n") > 0)
        .sort(["n", "country"], descending=[True, False])
        .head(settings.top)
    )
    first, last = (events["event_date"].min(), events["event_date"].max()) if events.height else (None, None)
    return Metrics(
        events=events.height,
        mentions=frames.mentions.height,
        articles=frames.articles.height,
        rejects=frames.rejects.height,
        fatalities=int(events["fatalities"].sum() or 0) if events.height else 0,
        first_day=first if isinstance(first, date) else None,
        last_day=last if isinstance(last, date) else None,
        timeline=timeline(events, settings),
        marks=marks,
        marks_dropped=dropped,
        unplaced=events.filter(pl.col("latitude").is_null()).height,
        top_actors=top(actors, "a", settings.top),
        top_locations=top(locations.filter(pl.col("place") != ""), "place", settings.top),
        top_sources=top(sources, "source", settings.top),
        fatalities_by_country=_counts(by_country, "country"),
        quality=quality(frames),
    )
