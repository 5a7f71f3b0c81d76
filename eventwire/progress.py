"""A process-local progress hook: the CLI sets a display, the flow and the write step report their phases.

Kept out of flow parameters on purpose: parameters must serialise for the Prefect API, callbacks don't. A run
goes through ``PHASES`` in order; "code" counts articles (``report`` after each batch, ``tick`` per article
where the coding runs in this process).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

Reporter = Callable[[str, int, int], None]  # (phase, done, total); total 0: not counted
PHASES = {
    "start": "starting Prefect",
    "read": "reading inputs",
    "code": "coding articles",
    "consolidate": "consolidating events",
    "write": "writing datasets",
}
_reporter: Reporter | None = None
_ticker: Callable[[int], None] | None = None


def set_reporter(reporter: Reporter | None, ticker: Callable[[int], None] | None = None) -> None:
    global _reporter, _ticker
    _reporter, _ticker = reporter, ticker


def report(phase: str, done: int = 0, total: int = 0) -> None:
    if _reporter is not None:
        _reporter(phase, done, total)


def tick(articles: int = 1) -> None:
    """``articles`` more coded in this process (a no-op in worker processes, which have no display)."""
    if _ticker is not None:
        _ticker(articles)


def rate_and_eta(done: int, total: int, seconds: float) -> str:
    """ "12.3 articles/s, 0:01:05 left" once there is a rate to speak of."""
    if done <= 0 or seconds <= 0:
        return ""
    rate = done / seconds
    left = max(total - done, 0) / rate
    minutes, secs = divmod(round(left), 60)
    return f"{rate:.1f} articles/s, {minutes // 60}:{minutes % 60:02d}:{secs:02d} left"


class TerminalProgress:
    """The run's phases as one rich progress line on a terminal (stderr); nothing at all when stderr is not a
    terminal, so nightly logs and pipes stay clean. Use as a context manager; it installs itself as the
    reporter."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.phase = ""
        self.done = 0
        self.total = 0
        self.first: tuple[float, int] | None = None  # (time, count) of the first articles coded

    def __enter__(self) -> TerminalProgress:
        if self.enabled:
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[count]}"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(PHASES["start"], total=None, count="", rate="")
            set_reporter(self.report, self.tick)
        return self

    def report(self, phase: str, done: int, total: int) -> None:
        self.phase, self.done, self.total = phase, done, total
        self._show()

    def tick(self, articles: int) -> None:
        if self.phase == "code":
            self.done = min(self.done + articles, self.total or self.done + articles)
            self._show()

    def _show(self) -> None:
        if self.bar is None or self.task is None:
            return
        fields: dict[str, Any] = {"count": "", "rate": ""}
        if self.total:
            fields["count"] = f"{self.done}/{self.total}"
            if self.phase == "code" and self.done:
                # the rate from the first article done on: the first one also paid for loading the model
                now = time.perf_counter()
                if self.first is None:
                    self.first = (now, self.done)
                since, base = self.first
                fields["rate"] = rate_and_eta(self.done - base, self.total - base, now - since)
        self.bar.update(
            self.task,
            description=PHASES.get(self.phase, self.phase),
            completed=self.done,
            total=self.total or None,
            **fields,
        )

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        set_reporter(None)
        if self.bar is not None:
            self.bar.stop()
