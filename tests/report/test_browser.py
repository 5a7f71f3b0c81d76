"""The report in a real browser: headless Chromium (Debian's package, installed by `make test`) opens the file
offline, draws it, and the marks it drew are counted in its DOM and seen in its screenshot."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import duckdb
import pytest
from PIL import Image

from eventwire.report import Selection, write_report
from eventwire.report.charts import PALETTE
from tests.report.feed import Feed, write

FLAGS = (
    "--headless",
    "--no-sandbox",  # root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Offline for real: any host name the page asked for would fail to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
WIDTH, HEIGHT = 1100, 2600
SEA, LAND = (0xF3, 0xF7, 0xFB), (0xE4, 0xE8, 0xEC)  # the map's sea and land colours (report.html.j2)
MARK_OPACITY = 0.7  # circle.event fill-opacity


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    message = "headless Chromium is not installed: `make test` installs it as root (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)  # CI installs it: a missing browser there is a broken setup, not a reason to skip
    pytest.skip(message)


def run_chromium(*args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="eventwire-chromium-") as profile:
        return subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    output = tmp_path_factory.mktemp("feed")
    write(Feed(stopped_source="Radio D", jumping_country="SEN", towns_per_country=4), output)
    written = write_report(output, Selection(), output / "reports" / "report.html")
    return output, written.path


def _q(sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with duckdb.connect() as con:
        return con.execute(sql).fetchall()


def test_report_loads_nothing_from_outside(report: tuple[Path, Path]) -> None:
    html = report[1].read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?!#)""", html), "the report must not load files"
    assert "url(" not in html and "@import" not in html
    assert not re.search(r"https?://", html)


def test_chromium_draws_every_mark(report: tuple[Path, Path]) -> None:
    output, path = report
    dom = run_chromium("--dump-dom", path.as_uri()).stdout
    events = f"read_parquet('{output}/events/*/*/*.parquet', hive_partitioning = true)"
    (groups,) = _q(
        f"SELECT count(*) FROM (SELECT DISTINCT round(latitude, 3), round(longitude, 3), "
        f"coalesce(event_type, CAST(quad_class AS VARCHAR)) FROM {events} WHERE latitude IS NOT NULL)"
    )[0]
    (n_events,) = _q(f"SELECT count(*) FROM {events}")[0]
    assert len(re.findall(r'<circle class="event"', dom)) == groups > 20
    # each mark carries its hover text: place, type, counts, then the events' sentences
    assert len(re.findall(r'<circle class="event"[^>]*><title>[^<]+ · [^<]+ events?[^<]*“[^<]+”', dom)) == groups
    assert len(re.findall(r'<path class="land"', dom)) > 170
    timeline = [int(n) for n in re.findall(r'<rect class="bar timeline"[^>]*data-n="(\d+)"', dom)]
    assert sum(timeline) == n_events
    assert len(re.findall(r'<rect class="bar"', dom)) >= 4  # actors, locations, sources, fatalities
    assert len(re.findall(r'class="drift-warning"', dom)) == 2  # Radio D stopped, Senegal jumped
    assert "Radio D" in dom and "Senegal" in dom


RGB = tuple[int, ...]


def _rgb(hex_colour: str) -> RGB:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def _blend(hex_colour: str, under: RGB) -> RGB:
    """The colour a translucent mark shows over ``under``."""
    return tuple(round(MARK_OPACITY * c + (1 - MARK_OPACITY) * u) for c, u in zip(_rgb(hex_colour), under, strict=True))


def _near(a: RGB, b: RGB) -> bool:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) <= 12  # a step of 2 in each channel: rounding


def test_screenshot_shows_charts_and_map(report: tuple[Path, Path], tmp_path: Path) -> None:
    output, path = report
    shot = tmp_path / "report.png"
    started = time.perf_counter()
    # twice the pixels: the smallest marks (r=3) then show enough of their own colour to count
    run_chromium(
        f"--window-size={WIDTH},{HEIGHT}", "--force-device-scale-factor=2", f"--screenshot={shot}", path.as_uri()
    )
    assert time.perf_counter() - started < 60
    image = Image.open(shot).convert("RGB")
    assert image.size == (2 * WIDTH, 2 * HEIGHT)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200, "a blank or near-blank page"
    counts: dict[RGB, int] = {tuple(rgb): n for n, rgb in colours}  # type: ignore[arg-type]
    types = [t for (t,) in _q(f"SELECT DISTINCT event_type FROM read_parquet('{output}/events/*/*/*.parquet')") if t]
    for event_type in types:
        assert counts.get(_rgb(PALETTE[event_type]), 0) > 50, (
            f"no {event_type} bars drawn"
        )  # opaque bars and legend swatches
        drawn = sum(
            n for rgb, n in counts.items() for under in (SEA, LAND) if _near(rgb, _blend(PALETTE[event_type], under))
        )
        assert drawn > 20, f"no {event_type} circles on the map"  # translucent circles over land or sea
    assert counts.get(LAND, 0) > 10_000  # the country outlines
