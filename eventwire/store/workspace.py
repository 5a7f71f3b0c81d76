"""Where a run writes: the output folder itself, or for object storage a local working copy of the published
datasets that the run updates as it updates a local output, then publishes as Delta commits (``store.delta``).

The run's coding, consolidation and checks are the same either way; only the last step differs. The working
copy is temporary: a run that crashes leaves nothing behind locally, and nothing it did is visible remotely
until its row in ``commits`` is written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.store.delta import TABLES, Commit, DeltaOutput, is_uri

WORK_DIR_ENV = "EVENTWIRE_WORK_DIR"  # where working copies go (default: the system's temporary folder)
RUNS = "runs"
REPORTS = "reports"


@dataclass
class Workspace:
    """``local``: the folder the run reads and writes. ``remote``: where it publishes (None: ``local`` is the
    output itself, and the run's local commit is the publication)."""

    local: Path
    remote: DeltaOutput | None = None
    base: Commit | None = None
    checked_out: dict[str, tuple[int, int]] = field(default_factory=dict)
    datasets: tuple[str, ...] = TABLES

    def publish(self, run_id: str) -> Commit | None:
        """Commit the run's changes to the remote tables, then its run record and report (after the commit, so
        a record never names a run readers cannot see)."""
        if self.remote is None:
            return None
        commit = self.remote.publish(self.local, self.base, self.checked_out, run_id, self.datasets)
        report = self.local / REPORTS / f"{run_id}.html"
        if report.is_file():
            self.remote.put_file(report.read_bytes(), f"{REPORTS}/{run_id}.html")
        record = self.local / RUNS / f"{run_id}.json"
        if record.is_file():  # where the run wrote, as readers name it: the URI, not the working copy
            data = json.loads(record.read_text(encoding="utf-8"))
            data["output"] = self.remote.uri
            if isinstance(data.get("report"), dict) and "path" in data["report"]:
                data["report"]["path"] = f"{self.remote.uri.rstrip('/')}/{REPORTS}/{run_id}.html"
            text = json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"
            self.remote.put_file(text.encode(), f"{RUNS}/{run_id}.json")
        return commit


@contextmanager
def workspace(output: str | Path, datasets: tuple[str, ...] = TABLES) -> Iterator[Workspace]:
    """The run's workspace for ``output`` (a folder, or a URI such as ``s3://bucket/prefix``); for a URI, a
    working copy of the published ``datasets`` (a run needs the four and the event index, which it continues
    consolidating from; a plan only articles and rejects)."""
    if not is_uri(output):
        yield Workspace(Path(output))
        return
    remote = DeltaOutput(str(output))
    root = Path(tempfile.mkdtemp(prefix="eventwire-work-", dir=os.environ.get(WORK_DIR_ENV) or None))
    try:
        base = remote.head()
        local = root / "output"
        local.mkdir()
        yield Workspace(local, remote, base, remote.checkout(local, base, datasets), datasets)
    finally:
        shutil.rmtree(root, ignore_errors=True)
