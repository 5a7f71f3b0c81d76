"""Chart geometry: where each bar, circle and label of the report's SVG charts goes, as typed records that the
HTML template draws. Computed here, server-side, so the page needs no charting script, no network and no
fonts beyond the browser's, and tests can count the marks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from eventwire.report.metrics import CATEGORIES, UNKNOWN, Count, MapMark, Timeline
from eventwire.report.outlines import Outline, Projection, outline_paths

# One colour per category, distinct in print and for the common colour-vision deficiencies where possible.
PALETTE = dict(
    zip(
        CATEGORIES,
        (
            "#d62728",  # Battles
            "#ff7f0e",  # Explosions/Remote violence
            "#8c564b",  # Violence against civilians
            "#e377c2",  # Riots
            "#1f77b4",  # Protests
            "#7f7f7f",  # Strategic developments
            "#2ca02c",  # Verbal cooperation
            "#17becf",  # Material cooperation
            "#bcbd22",  # Verbal conflict
            "#9467bd",  # Material conflict
        ),
        strict=True,
    )
) | {UNKNOWN: "#333333"}


def colour(category: str) -> str:
    return PALETTE.get(category, PALETTE[UNKNOWN])


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str
    n: int


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True, slots=True)
class Chart:
    """An SVG chart: its size, bars and text."""

    width: float
    height: float
    bars: tuple[Rect, ...]
    labels: tuple[Label, ...]
    gridlines: tuple[float, ...] = ()  # y of horizontal gridlines


@dataclass(frozen=True, slots=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str
    category: str
    title: str


@dataclass(frozen=True, slots=True)
class MapChart:
    width: float
    height: float
    outlines: tuple[Outline, ...]
    circles: tuple[Circle, ...]


@dataclass(frozen=True, slots=True)
class LegendItem:
    label: str
    fill: str


def nice_max(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 1.5, 2, 3, 4, 5, 6 or 8 × a power of ten)."""
    if value <= 1:
        return 1
    power = float(10 ** math.floor(math.log10(value)))
    return next(round(step * power) for step in (1, 1.5, 2, 3, 4, 5, 6, 8, 10) if round(step * power) >= value)


def _bin_label(start: date, unit: str) -> str:
    return start.strftime("%Y-%m") if unit == "month" else start.isoformat()


def timeline_chart(timeline: Timeline, width: float = 960, height: float = 260) -> Chart:
    """Stacked bars: one column per bin, one segment per category in the legend's order."""
    left, right, top, bottom = 44.0, 34.0, 10.0, 34.0  # room for the last date label
    bins = len(timeline.starts)
    if not bins:
        return Chart(width, height, (), (Label(width / 2, height / 2, "no events", "middle"),))
    totals = [sum(c[i] for c in timeline.counts.values()) for i in range(bins)]
    ymax = nice_max(max(totals))
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / bins
    bar_w = max(step * 0.85, 0.5)
    bars: list[Rect] = []
    for i, start in enumerate(timeline.starts):
        y = top + plot_h
        for category, counts in timeline.counts.items():
            n = counts[i]
            if not n:
                continue
            h = plot_h * n / ymax
            y -= h
            title = f"{_bin_label(start, timeline.unit)} · {category}: {n}"
            bars.append(
                Rect(round(left + i * step, 2), round(y, 2), round(bar_w, 2), round(h, 2), colour(category), title, n)
            )
    labels = [Label(left - 6, top + plot_h * (1 - f) + 4, f"{ymax * f:g}", "end") for f in (0, 0.5, 1)]
    every = max(1, math.ceil(bins / 8))  # at most ~8 date labels under the axis
    labels += [
        Label(
            left + i * step + bar_w / 2, height - bottom + 16, _bin_label(timeline.starts[i], timeline.unit), "middle"
        )
        for i in range(0, bins, every)
    ]
    grid = tuple(top + plot_h * (1 - f) for f in (0, 0.5, 1))
    return Chart(width, height, tuple(bars), tuple(labels), grid)


def bar_chart(rows: tuple[Count, ...], fill: str = "#4a6fa5", width: float = 460, label_width: float = 190) -> Chart:
    """Horizontal bars, one row per count, the label left of the bar and the value after it."""
    row_h, top = 20.0, 4.0
    height = top * 2 + row_h * max(len(rows), 1)
    if not rows:
        return Chart(width, height, (), (Label(8, top + 14, "none"),))
    vmax = max(r.value for r in rows) or 1
    plot_w = width - label_width - 56
    bars, labels = [], []
    for i, row in enumerate(rows):
        y = top + i * row_h
        w = max(plot_w * row.value / vmax, 1.0)
        bars.append(
            Rect(label_width, round(y + 3, 2), round(w, 2), row_h - 6, fill, f"{row.label}: {row.value:,}", row.value)
        )
        text = row.label if len(row.label) <= 30 else row.label[:29] + "…"
        labels.append(Label(label_width - 6, y + 14, text, "end"))
        labels.append(Label(label_width + w + 4, y + 14, f"{row.value:,}"))
    return Chart(width, height, tuple(bars), tuple(labels))


def radius(fatalities: int) -> float:
    """Circle radius by fatalities, on a log scale: counts run from 1 to millions (a war's toll quoted in a
    story), and a square-root scale would cover whole regions with the largest. 0 → 3, 10 → 6, 100 → 9,
    1,000 → 12; capped at 24."""
    return round(min(3.0 + 3.0 * math.log10(1 + fatalities), 24.0), 2)


def _mark_title(mark: MapMark) -> str:
    head = f"{mark.place} · {mark.category} · {mark.events} event{'s' if mark.events != 1 else ''}"
    head += f", {mark.fatalities} killed" if mark.fatalities else ""
    return "\n".join([head, *(f"“{s}”" for s in mark.sentences)])


DODGE = 4.0  # map units: marks of several types at one place are spread on a small ring around it


def map_chart(marks: tuple[MapMark, ...], width: float = 960) -> MapChart:
    """Country outlines and one circle per mark; the largest drawn first so that small ones stay visible, and
    marks that share a place set around it so that none hides another of the same size."""
    projection = Projection(width)
    ordered = sorted(marks, key=lambda m: (-m.fatalities, -m.events, m.latitude, m.longitude, m.category))
    at_place: dict[tuple[float, float], list[MapMark]] = {}
    for m in ordered:
        at_place.setdefault((m.latitude, m.longitude), []).append(m)
    circles = []
    for m in ordered:
        shared = at_place[(m.latitude, m.longitude)]
        angle = 2 * math.pi * shared.index(m) / len(shared)
        offset = DODGE if len(shared) > 1 else 0.0
        circles.append(
            Circle(
                round(projection.x(m.longitude) + offset * math.cos(angle), 2),
                round(projection.y(m.latitude) + offset * math.sin(angle), 2),
                radius(m.fatalities),
                colour(m.category),
                m.category,
                _mark_title(m),
            )
        )
    return MapChart(width, projection.height, outline_paths(width), tuple(circles))


def legend(categories: list[str]) -> tuple[LegendItem, ...]:
    return tuple(LegendItem(c, colour(c)) for c in categories)
