"""Kill points for the fault suite: ``EVENTWIRE_FAULT_AT=<phase>:<n>`` makes this process SIGKILL itself the
n-th time the store reaches ``phase``, so a test can stop a commit at an exact step instead of guessing with a
timer. Unset (every real run) it costs one dictionary lookup per step."""

from __future__ import annotations

import os
import signal

ENV = "EVENTWIRE_FAULT_AT"
PHASES = ("stage", "link", "snapshot", "pointer", "current", "view", "prune", "cleanup", "delta", "commits")
_reached: dict[str, int] = {}


def checkpoint(phase: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    want, _, nth = spec.partition(":")
    if want != phase:
        return
    _reached[phase] = _reached.get(phase, 0) + 1
    if _reached[phase] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
