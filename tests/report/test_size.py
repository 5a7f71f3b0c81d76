"""The targets: the report of a 2,000-article night is written in under 5 % of the run's time and weighs < 5 MB."""

from __future__ import annotations

from pathlib import Path

from eventwire.report import Selection, write_report
from eventwire.report.settings import ReportSettings
from tests.report.feed import Feed, write

# A 2,000-article run takes ~79 s on 2 cores (README, "Throughput and memory"): 5 % of it.
BUDGET_S = 0.05 * 79
MAX_BYTES = 5_000_000


def test_report_of_a_two_thousand_article_night_is_small_and_quick(tmp_path: Path) -> None:
    # ~2,000 articles with 7 events each (the seeds' density, higher than ordinary news), at a thousand places
    data = write(Feed(articles_per_day=48, events_per_article=7, towns_per_country=200), tmp_path)
    assert len(data["articles"]) > 1_900 and len(data["events"]) > 13_000
    written = write_report(tmp_path, Selection(), tmp_path / "report.html")
    assert written.bytes < MAX_BYTES
    assert written.seconds < BUDGET_S, f"{written.seconds:.2f} s"
    html = written.path.read_text(encoding="utf-8")
    assert html.count('<circle class="event"') == ReportSettings().max_map_marks  # capped, the rest counted
    assert "smallest marks are left out" in html
