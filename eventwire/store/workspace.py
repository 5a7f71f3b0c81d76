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
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.store.delta import TABLES, Commit, DeltaOutput, is_uri

WORK_DIR_ENV = "EVENTWIRE_WORK_DIR"  # where working copies go (default: the system's temporary folder)
# Copied into a run's working copy only in the months consolidation reads (``Workspace.fetch``): mentions are the
# largest dataset and the one a night reads least of. Events, articles, rejects and the event index are copied
# whole, since the plan, the run report's drift checks and the backfill check read all of them.
ON_DEMAND = ("mentions",)
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
    sparse: set[str] = field(default_factory=set)  # datasets whose partitions are fetched as the run asks

    def fetch(self, dataset: str, rel_dirs: Collection[str] | None) -> None:
        """Bring the published partitions ``rel_dirs`` of ``dataset`` (all of them: None) into the working copy
        before the run reads them; a no-op for a local output, or a dataset checked out whole."""
        if self.remote is None or dataset not in self.sparse:
            return
        if rel_dirs is None:
            self.sparse.discard(dataset)
        elif not set(rel_dirs) - set(self.checked_out):
            return
        fetched = self.remote.checkout(self.local, self.base, (dataset,), only=rel_dirs, skip=self.checked_out)
        self.checked_out.update(fetched)

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
def workspace(
    output: str | Path, datasets: tuple[str, ...] = TABLES, sparse: tuple[str, ...] = ()
) -> Iterator[Workspace]:
    """The run's workspace for ``output`` (a folder, or a URI such as ``s3://bucket/prefix``); for a URI, a
    working copy of the published ``datasets`` (a run needs the four and the event index, which it continues
    consolidating from; a plan only articles and rejects). Of the datasets in ``sparse``, nothing is copied
    until the run asks for partitions with ``Workspace.fetch``."""
    if not is_uri(output):
        yield Workspace(Path(output))
        return
    remote = DeltaOutput(str(output))
    root = Path(tempfile.mkdtemp(prefix="eventwire-work-", dir=os.environ.get(WORK_DIR_ENV) or None))
    try:
        base = remote.head()
        local = root / "output"
        local.mkdir()
        whole = tuple(d for d in datasets if d not in sparse)
        checked_out = remote.checkout(local, base, whole)
        yield Workspace(local, remote, base, checked_out, datasets, {d for d in sparse if d in datasets})
    finally:
        shutil.rmtree(root, ignore_errors=True)
