"""The report's numbers against the same numbers asked of the Parquet files with DuckDB."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from eventwire.report import Selection
from eventwire.report.load import load
from eventwire.report.metrics import category_expr, metrics, reject_reason, timeline
from eventwire.report.settings import ReportSettings
from tests.report.feed import Feed, write


@pytest.fixture(scope="module")
def feed_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("feed")
    write(Feed(unplaced_last_week=0.2, towns_per_country=3), output)
    return output


def _q(sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with duckdb.connect() as con:
        return con.execute(sql).fetchall()


def _events(output: Path) -> str:
    return f"read_parquet('{output}/events/*/*/*.parquet', hive_partitioning = true)"


def test_counts_match_duckdb(feed_output: Path) -> None:
    m = metrics(load(feed_output, Selection()), ReportSettings())
    ((n, killed, unplaced),) = _q(
        f"SELECT count(*), sum(fatalities), count(*) FILTER (WHERE latitude IS NULL) FROM {_events(feed_output)}"
    )
    assert (m.events, m.fatalities, m.unplaced) == (n, killed, unplaced)
    assert m.timeline.total == n
    # one mark per place and category: ACLED type, else the CAMEO quad class
    (groups,) = _q(
        f"SELECT count(*) FROM (SELECT DISTINCT round(latitude, 3), round(longitude, 3), "
        f"coalesce(event_type, CAST(quad_class AS VARCHAR)) FROM {_events(feed_output)} WHERE latitude IS NOT NULL)"
    )[0]
    assert len(m.marks) == groups
    assert sum(mark.events for mark in m.marks) == n - unplaced
    by_country = dict(_q(f"SELECT country, sum(fatalities) FROM {_events(feed_output)} GROUP BY ALL"))
    assert {c.label: c.value for c in m.fatalities_by_country} == {k: v for k, v in by_country.items() if v}
    (articles,) = _q(f"SELECT count(*) FROM read_parquet('{feed_output}/articles/*/*/*.parquet')")[0]
    assert m.articles == articles and m.quality.events_per_article == pytest.approx(n / articles)
    assert sum(c.value for c in m.top_sources) == articles


def test_quality_shares_add_up(feed_output: Path) -> None:
    q = metrics(load(feed_output, Selection()), ReportSettings()).quality
    assert sum(s.count for s in q.place) == q.events == sum(s.count for s in q.date)
    unplaced = next(s for s in q.place if s.label == "unplaced")
    assert 0 < unplaced.count < q.events
    (no_actor,) = _q(f"SELECT count(*) FROM {_events(feed_output)} WHERE actor1_name IS NULL AND actor2_name IS NULL")[
        0
    ]
    assert q.no_actor.count == no_actor
    assert [c.label for c in q.coder_versions] and sum(c.value for c in q.coder_versions) == q.events


def test_date_window_selects_event_dates(feed_output: Path) -> None:
    since, until = date(2024, 3, 1), date(2024, 3, 10)
    m = metrics(load(feed_output, Selection(since=since, until=until)), ReportSettings())
    (n,) = _q(f"SELECT count(*) FROM {_events(feed_output)} WHERE event_date BETWEEN '{since}' AND '{until}'")[0]
    assert m.events == n and m.first_day == since and m.last_day == until
    assert m.timeline.unit == "day" and len(m.timeline.starts) == 10


def _dated(days: pl.Series) -> pl.DataFrame:
    return pl.DataFrame({"event_date": days, "event_type": ["Battles"] * len(days), "quad_class": [4] * len(days)})


def test_long_spans_are_binned_by_week_then_month() -> None:
    events = _dated(pl.date_range(date(2020, 1, 1), date(2024, 12, 31), "1d", eager=True))
    by_month = timeline(events, ReportSettings(timeline_tail=0))
    assert by_month.unit == "month" and len(by_month.starts) == 60 and by_month.total == events.height
    by_week = timeline(events.head(200), ReportSettings(timeline_tail=0))
    assert by_week.unit == "week" and by_week.total == 200 and by_week.starts[0].weekday() == 0


def test_references_to_the_past_do_not_squeeze_the_night() -> None:
    """A night's events and a few dated decades back ('the 1945 bombing'): the chart shows the night by day."""
    night = pl.date_range(date(2024, 10, 1), date(2024, 10, 30), "1d", eager=True)
    events = _dated(pl.concat([night.extend_constant(date(2024, 10, 15), 270), pl.Series([date(1945, 8, 6)] * 2)]))
    chart = timeline(events, ReportSettings())
    assert chart.unit == "day" and chart.starts[0] == date(2024, 10, 1) and len(chart.starts) == 30
    assert chart.earlier == 2 and chart.total == events.height - 2
    assert timeline(events.head(300), ReportSettings()).earlier == 0  # a short span loses nothing


def test_events_without_acled_type_count_by_quad_class() -> None:
    frame = pl.DataFrame({"event_type": [None, "Riots", None], "quad_class": [1, 3, 4]})
    assert frame.select(category_expr())["category"].to_list() == [
        "Verbal cooperation (CAMEO)",
        "Riots",
        "Material conflict (CAMEO)",
    ]


def test_reject_reasons_group_alike_errors() -> None:
    a = reject_reason("validate", "sentence 3: unknown CAMEO event code '999'")
    b = reject_reason("validate", "sentence 12: unknown CAMEO event code '031x'")
    assert a == b == "validate: sentence …: unknown CAMEO event code …"


def test_run_selection_covers_only_the_run_articles(feed_output: Path) -> None:
    from datetime import UTC, datetime, timedelta

    # the feed's articles were "coded" one second apart from 2026-01-01: take the last 100
    articles = pl.read_parquet(feed_output / "articles", hive_partitioning=True)
    cutoff = articles["ingested_at"].sort()[-100]
    frames = load(feed_output, Selection(ingested_since=cutoff, run_id="r"))
    assert frames.articles.height == 100
    ids = set(frames.articles["article_id"])
    assert frames.events.height and all(set(a) & ids for a in frames.events["article_ids"])
    assert cutoff > datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=1)


def test_a_run_that_coded_nothing_still_gets_a_report(feed_output: Path, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from eventwire.report import RunInfo, write_report

    written = write_report(
        feed_output,
        Selection(ingested_since=datetime(2030, 1, 1, tzinfo=UTC), run_id="r"),
        tmp_path / "r.html",
        run=RunInfo("r", (("coded", 0),)),
    )
    html = written.path.read_text(encoding="utf-8")
    assert "eventwire run r" in html and "no events" in html and "<circle" not in html
    assert written.drift.checked  # the feed itself is still judged
