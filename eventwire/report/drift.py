"""Drift checks: the latest week of the feed against the weeks before it, per source, country and event type, and
the share of events that could not be placed. A feed that changes (a source that stops, a country whose events
jump tenfold, a geocoder that stops placing) shows here before anyone reads the data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

import polars as pl

from eventwire.report.metrics import category_expr
from eventwire.report.settings import DriftSettings

Dimension = Literal["source", "country", "type", "unplaced"]
Kind = Literal["stopped", "dropped", "jumped", "share_rose"]
NO_SOURCE = "(no source)"


@dataclass(frozen=True, slots=True)
class DriftWarning:
    dimension: Dimension
    key: str
    kind: Kind
    current: float  # this week's count (or share)
    baseline: float  # weekly mean (or pooled share) of the baseline weeks
    message: str


@dataclass(frozen=True, slots=True)
class DriftResult:
    checked: bool  # False when the feed has too little history to judge (see ``reason``)
    reason: str
    week_start: date | None  # the latest week, inclusive …
    week_end: date | None  # … to its last publication day
    baseline_weeks: int
    history_weeks: int  # baseline weeks that hold articles
    warnings: tuple[DriftWarning, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["week_start"] = self.week_start.isoformat() if self.week_start else None
        data["week_end"] = self.week_end.isoformat() if self.week_end else None
        return data


def _week_index(column: str, end: date) -> pl.Expr:
    """0 for the 7 days ending on ``end``, 1 for the 7 before, …"""
    days = (pl.lit(end) - pl.col(column).dt.date()).dt.total_days()
    return (days // 7).alias("week")


def weekly(frame: pl.DataFrame, time_column: str, key: pl.Expr, end: date, weeks: int) -> pl.DataFrame:
    """Counts per key and week (0 … ``weeks``), every key with every week (missing weeks count 0)."""
    counted = (
        frame.filter(pl.col(time_column).is_not_null())
        .select(key.alias("key"), _week_index(time_column, end))
        .filter(pl.col("week").is_between(0, weeks) & pl.col("key").is_not_null())
        .group_by("key", "week")
        .len("n")
    )
    grid = counted.select("key").unique().join(pl.DataFrame({"week": list(range(weeks + 1))}), how="cross")
    return grid.join(counted, on=["key", "week"], how="left").with_columns(pl.col("n").fill_null(0))


def _compare(
    counts: pl.DataFrame, dimension: Dimension, unit: str, history: int, minimum: float, settings: DriftSettings
) -> list[DriftWarning]:
    """Flag keys whose week-0 count jumps to ``jump_ratio`` × their baseline mean or more (at least
    ``min_events``), or falls to 1/``drop_ratio`` of it or less (from a baseline mean of at least ``minimum``)."""
    summary = (
        counts.group_by("key")
        .agg(
            pl.col("n").filter(pl.col("week") == 0).sum().alias("current"),
            (pl.col("n").filter(pl.col("week") > 0).sum() / history).alias("baseline"),
        )
        .sort("key")
    )
    out: list[DriftWarning] = []
    for key, current, baseline in summary.iter_rows():
        label = str(key)
        if baseline >= minimum and current * settings.drop_ratio <= baseline:
            kind: Kind = "stopped" if current == 0 else "dropped"
            now = "no" if current == 0 else str(current)
            message = f"{dimension} {label}: {now} {unit} this week, against {baseline:.1f} a week before"
            out.append(DriftWarning(dimension, label, kind, float(current), float(baseline), message))
        elif (
            dimension != "source"
            and current >= settings.min_events
            and current >= settings.jump_ratio * max(baseline, 1.0)
        ):
            before = f"{current / baseline:.0f}× its {baseline:.1f} a week before" if baseline else "none before"
            message = f"{dimension} {label}: {current} {unit} this week, {before}"
            out.append(DriftWarning(dimension, label, "jumped", float(current), float(baseline), message))
    return out


def _unplaced(events: pl.DataFrame, end: date, weeks: int, settings: DriftSettings) -> list[DriftWarning]:
    frame = events.filter(pl.col("first_seen").is_not_null()).select(
        _week_index("first_seen", end), pl.col("latitude").is_null().alias("unplaced")
    )
    current = frame.filter(pl.col("week") == 0)
    before = frame.filter(pl.col("week").is_between(1, weeks))
    if current.height < settings.min_events or before.height < settings.min_events:
        return []
    now, then = current["unplaced"].mean(), before["unplaced"].mean()
    assert isinstance(now, float) and isinstance(then, float)
    if now >= settings.share_ratio * then and now - then >= settings.min_share_rise:
        message = f"unplaced events: {now:.0%} this week, up from {then:.0%} in the weeks before"
        return [DriftWarning("unplaced", "share", "share_rose", round(now, 4), round(then, 4), message)]
    return []


def drift(articles: pl.DataFrame, events: pl.DataFrame, settings: DriftSettings) -> DriftResult:
    """Compare the latest week of ``articles`` (source, published_at) and ``events`` (first_seen, iso3/country,
    event_type, quad_class, latitude) with the ``baseline_weeks`` before it."""
    weeks = settings.baseline_weeks
    latest = articles["published_at"].max() if articles.height else None
    if not isinstance(latest, datetime):
        return DriftResult(False, "no articles yet", None, None, weeks, 0)
    end = latest.date()
    start = end - timedelta(days=6)
    sources = weekly(articles, "published_at", pl.col("source").fill_null(NO_SOURCE), end, weeks)
    fed = articles.select(_week_index("published_at", end)).filter(pl.col("week").is_between(1, weeks))
    history = fed["week"].n_unique()
    if history < settings.min_history_weeks:
        reason = (
            f"{history} of the {weeks} weeks before {start} hold articles; drift checks need "
            f"{settings.min_history_weeks} (a continuous feed)"
        )
        return DriftResult(False, reason, start, end, weeks, history)
    country = pl.coalesce(pl.col("country"), pl.col("iso3"))
    warnings = [
        *_compare(sources, "source", "articles", weeks, settings.min_articles, settings),
        *_compare(
            weekly(events, "first_seen", country, end, weeks), "country", "events", weeks, settings.min_events, settings
        ),
        *_compare(
            weekly(events, "first_seen", category_expr(), end, weeks),
            "type",
            "events",
            weeks,
            settings.min_events,
            settings,
        ),
        *_unplaced(events, end, weeks, settings),
    ]
    return DriftResult(True, "", start, end, weeks, history, tuple(warnings))
