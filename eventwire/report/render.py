"""The report as one self-contained HTML file: inline CSS, inline SVG, a few lines of script for hover; nothing
loaded from the network, so it opens offline and can be mailed or archived as is."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import jinja2

from eventwire import CODER_VERSION, __version__
from eventwire.report import charts
from eventwire.report.drift import DriftResult
from eventwire.report.metrics import Metrics
from eventwire.report.settings import ReportSettings


@dataclass(frozen=True, slots=True)
class RunInfo:
    run_id: str
    counts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    scope: str
    output: str
    metrics: Metrics
    drift: DriftResult
    run: RunInfo | None = None
    generated_at: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("eventwire.report", "templates"),
        autoescape=True,  # sentences and names come from news text: always escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("report.html.j2")


def render(report: Report, settings: ReportSettings) -> str:
    m = report.metrics
    categories = list(m.timeline.counts)
    on_map = sorted({mark.category for mark in m.marks}, key=lambda c: list(charts.PALETTE).index(c))
    return _template().render(
        r={
            "title": report.title,
            "scope": report.scope,
            "output": report.output,
            "generated_at": report.generated_at,
            "coder_version": CODER_VERSION,
            "version": __version__,
            "run": report.run,
        },
        m=m,
        q=m.quality,
        d=report.drift,
        timeline=charts.timeline_chart(m.timeline),
        timeline_legend=charts.legend(categories),
        map=charts.map_chart(m.marks, settings.map_width),
        map_legend=charts.legend(on_map),
        actors=charts.bar_chart(m.top_actors),
        locations=charts.bar_chart(m.top_locations),
        sources=charts.bar_chart(m.top_sources),
        fatalities=charts.bar_chart(m.fatalities_by_country, fill="#b03a2e"),
    )


def write_html(text: str, path: Path) -> Path:
    """Write atomically: a reader (or a browser refreshing) never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
