"""Where a run writes: the output folder itself, or for object storage a local working copy of the published
datasets that the run updates as it updates a local output, then publishes as Delta commits (``store.delta``).

The run's coding, consolidation and checks are the same either way; only the last step differs. The working
copy is temporary: a run that crashes leaves nothing behind locally, and nothing it did is visible remotely
until its row in ``commits`` is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.store.delta import Commit, DeltaOutput, is_uri

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

    def publish(self, run_id: str) -> Commit | None:
        """Commit the run's changes to the remote tables, then its run record and report (after the commit, so
        a record never names a run readers cannot see)."""
        if self.remote is None:
            return None
        commit = self.remote.publish(self.local, self.base, self.checked_out, run_id)
        for rel_path in (f"{RUNS}/{run_id}.json", f"{REPORTS}/{run_id}.html"):
            if (self.local / rel_path).is_file():
                self.remote.put_file(self.local / rel_path, rel_path)
        return commit


@contextmanager
def workspace(output: str | Path) -> Iterator[Workspace]:
    """The run's workspace for ``output`` (a folder, or a URI such as ``s3://bucket/prefix``)."""
    if not is_uri(output):
        yield Workspace(Path(output))
        return
    remote = DeltaOutput(str(output))
    root = Path(tempfile.mkdtemp(prefix="eventwire-work-", dir=os.environ.get(WORK_DIR_ENV) or None))
    try:
        base = remote.head()
        local = root / "output"
        local.mkdir()
        yield Workspace(local, remote, base, remote.checkout(local, base))
    finally:
        shutil.rmtree(root, ignore_errors=True)
