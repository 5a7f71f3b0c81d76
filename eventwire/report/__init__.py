"""The run report: what a night (or a date range) produced, as one offline HTML file with charts and a map, and
drift checks that warn when the feed changes.

load (datasets → frames) → metrics and drift (frames → typed records) → charts (records → SVG geometry) →
render (one HTML file). Each step is a pure function but the first and the file write.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from eventwire.report.drift import DriftResult, drift
from eventwire.report.load import Selection, fetch_feed, load
from eventwire.report.metrics import metrics
from eventwire.report.render import Report, RunInfo, render, write_html
from eventwire.report.settings import DriftSettings, ReportSettings

REPORTS = "reports"  # folder under the output root

__all__ = [
    "REPORTS",
    "DriftResult",
    "DriftSettings",
    "Report",
    "ReportSettings",
    "RunInfo",
    "Selection",
    "WrittenReport",
    "build_report",
    "fetch_feed",
    "run_report_path",
    "write_report",
]


@dataclass(frozen=True, slots=True)
class WrittenReport:
    path: Path
    drift: DriftResult
    seconds: float
    bytes: int


def build_report(
    output: Path,
    selection: Selection,
    settings: ReportSettings | None = None,
    drift_settings: DriftSettings | None = None,
    run: RunInfo | None = None,
) -> Report:
    settings = settings or ReportSettings()
    drift_settings = drift_settings or DriftSettings()
    frames = load(output, selection, feed_days=drift_settings.feed_days)
    title = f"eventwire run {run.run_id}" if run else "eventwire report"
    return Report(
        title=title,
        scope=selection.describe(),
        output=str(output),
        metrics=metrics(frames, settings),
        drift=drift(frames.feed_articles, frames.feed_events, drift_settings),
        run=run,
    )


def run_report_path(output: Path, run_id: str) -> Path:
    return output / REPORTS / f"{run_id}.html"


def write_report(
    output: Path,
    selection: Selection,
    html: Path,
    settings: ReportSettings | None = None,
    drift_settings: DriftSettings | None = None,
    run: RunInfo | None = None,
) -> WrittenReport:
    started = time.perf_counter()
    settings = settings or ReportSettings()
    report = build_report(output, selection, settings, drift_settings, run)
    text = render(report, settings)
    path = write_html(text, html)
    return WrittenReport(path, report.drift, round(time.perf_counter() - started, 3), len(text.encode("utf-8")))
