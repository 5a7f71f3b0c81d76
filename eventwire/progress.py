"""A process-local progress hook: the CLI sets a callback, the flow reports finished articles to it.

Kept out of flow parameters on purpose: parameters must serialise for the Prefect API, callbacks don't.
"""

from __future__ import annotations

from collections.abc import Callable

Reporter = Callable[[str, int, int], None]  # (stage, done, total)
_reporter: Reporter | None = None


def set_reporter(reporter: Reporter | None) -> None:
    global _reporter
    _reporter = reporter


def report(stage: str, done: int, total: int) -> None:
    if _reporter is not None:
        _reporter(stage, done, total)
