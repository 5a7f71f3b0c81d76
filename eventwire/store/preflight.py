"""Before a run starts its workflow engine: the output folder is writable, not locked by another run, and in a
state a commit can build on (a crashed run's leftovers cleared). Each problem is one line naming the path,
found in milliseconds rather than after the engine's start-up."""

from __future__ import annotations

from pathlib import Path

from eventwire.store import partitions
from eventwire.store.lock import output_lock
from eventwire.store.snapshots import StoreError


class OutputUnusable(RuntimeError):
    """The output folder cannot be written (the message names the path and why)."""


def check_output(output: Path) -> list[str]:
    """Take and release the output lock, clearing what an interrupted run left (``partitions.recover``); what
    was cleared. Raises ``OutputLocked`` (another run), ``OutputUnusable`` (permissions, a file where a folder
    belongs) or ``StoreError`` (a corrupt pointer or staging area)."""
    try:
        with output_lock(output):
            return partitions.recover(output)
    except StoreError:
        raise
    except OSError as exc:
        where = exc.filename or output
        raise OutputUnusable(f"cannot write to the output folder: {where}: {exc.strerror or exc}") from None
