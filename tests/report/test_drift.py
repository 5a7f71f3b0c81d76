"""Drift checks on synthetic feeds: a source that stops and a country that jumps warn; a steady feed is quiet."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from eventwire.report import Selection, build_report
from eventwire.report.drift import drift, weekly
from eventwire.report.load import load
from eventwire.report.settings import DriftSettings
from tests.report.feed import Feed, write


def _drift(feed: Feed, tmp_path: Path):  # type: ignore[no-untyped-def]
    write(feed, tmp_path)
    frames = load(tmp_path, Selection())
    return drift(frames.feed_articles, frames.feed_events, DriftSettings())


@pytest.mark.parametrize("seed", [1, 7, 23, 99])
def test_steady_feed_stays_quiet(tmp_path: Path, seed: int) -> None:
    result = _drift(Feed(seed=seed), tmp_path)
    assert result.checked, result.reason
    assert result.history_weeks == 4
    assert result.warnings == ()


def test_a_source_that_stops_and_a_country_that_jumps_warn(tmp_path: Path) -> None:
    result = _drift(Feed(stopped_source="Radio D", jumping_country="SEN", jump=10), tmp_path)
    found = {(w.dimension, w.key, w.kind) for w in result.warnings}
    assert found == {("source", "Radio D", "stopped"), ("country", "Senegal", "jumped")}
    jump = next(w for w in result.warnings if w.kind == "jumped")
    assert jump.current >= 9 * jump.baseline  # tenfold, give or take the feed's day-to-day noise
    assert "Radio D" in next(w.message for w in result.warnings if w.kind == "stopped")


def test_unplaced_share_that_doubles_warns(tmp_path: Path) -> None:
    result = _drift(Feed(unplaced_last_week=0.4), tmp_path)
    assert [(w.dimension, w.kind) for w in result.warnings] == [("unplaced", "share_rose")]
    assert result.warnings[0].current > 0.25 and result.warnings[0].baseline == 0


def test_a_young_feed_is_not_judged(tmp_path: Path) -> None:
    result = _drift(Feed(weeks=2, jumping_country="SEN"), tmp_path)
    assert not result.checked and "need 3" in result.reason and result.warnings == ()


def test_no_articles_no_check(tmp_path: Path) -> None:
    result = drift(*(lambda f: (f.feed_articles, f.feed_events))(load(tmp_path, Selection())), DriftSettings())
    assert not result.checked and result.reason == "no articles yet"


def test_weekly_fills_missing_weeks_with_zero() -> None:
    from datetime import UTC, datetime

    frame = pl.DataFrame({"t": [datetime(2024, 3, 31, tzinfo=UTC), datetime(2024, 3, 10, tzinfo=UTC)], "s": ["a", "b"]})
    counts = weekly(frame, "t", pl.col("s"), datetime(2024, 3, 31).date(), 4).sort("key", "week")
    assert counts.filter(pl.col("key") == "a")["n"].to_list() == [1, 0, 0, 0, 0]
    assert counts.filter(pl.col("key") == "b")["n"].to_list() == [0, 0, 0, 1, 0]


def test_until_hides_later_weeks_from_the_checks(tmp_path: Path) -> None:
    """A report up to a past day judges the feed as it was then: the source stops only after it."""
    from datetime import date

    write(Feed(stopped_source="Radio D", end=date(2024, 3, 31)), tmp_path)
    assert build_report(tmp_path, Selection()).drift.warnings
    assert build_report(tmp_path, Selection(until=date(2024, 3, 20))).drift.warnings == ()
