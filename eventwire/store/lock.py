"""One writer per output folder: an advisory lock that the OS releases when the holder dies.

fcntl.flock (POSIX) rather than a lock *file's existence*: a crashed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOCK_FILE = ".eventwire.lock"


class OutputLocked(RuntimeError):
    """Another run holds the output folder."""


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    output.mkdir(parents=True, exist_ok=True)
    path = output / LOCK_FILE
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "{}"
            try:
                info = json.loads(holder)
            except json.JSONDecodeError:
                info = {}
            raise OutputLocked(
                f"another eventwire run is writing to {output} (pid {info.get('pid', '?')} on "
                f"{info.get('host', '?')}, since {info.get('since', '?')}); wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "since": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            )
        )
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the flock
