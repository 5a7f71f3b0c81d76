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

import pyarrow as pa
import pyarrow.compute as pc
from deltalake import DeltaTable

from eventwire.store.delta import TABLES, Commit, DeltaOutput, is_uri
from eventwire.store.partitions import Folder

WORK_DIR_ENV = "EVENTWIRE_WORK_DIR"  # where working copies go (default: the system's temporary folder)
# Every table of a run's working copy is fetched as the run asks (``Workspace.fetch``): a night reads the months it
# touches, and the plan's ids and the backfill check's columns straight from the published tables, so what the copy
# holds follows the night, not the history.
ON_DEMAND = TABLES
RUNS = "runs"
REPORTS = "reports"


@dataclass
class Workspace:
    """``local``: the folder the run reads and writes. ``remote``: where it publishes (None: ``local`` is the
    output itself, and the run's local commit is the publication). Reads of the published state beyond ``local``
    go through it (``store.partitions.Published``)."""

    local: Path
    remote: DeltaOutput | None = None
    base: Commit | None = None
    checked_out: dict[str, tuple[int, int]] = field(default_factory=dict)
    datasets: tuple[str, ...] = TABLES
    sparse: set[str] = field(default_factory=set)  # datasets whose partitions are fetched as the run asks
    _tables: dict[str, DeltaTable | None] = field(default_factory=dict, repr=False)  # each opened once, at ``base``
    _asked: set[str] = field(default_factory=set, repr=False)  # partitions fetched or found not published

    def _table(self, dataset: str) -> DeltaTable | None:
        assert self.remote is not None
        if dataset not in self._tables:
            self._tables[dataset] = self.remote.table(dataset, self.base)
        return self._tables[dataset]

    def fetch(self, dataset: str, rel_dirs: Collection[str] | None) -> None:
        """Bring the published partitions ``rel_dirs`` of ``dataset`` (all of them: None) into the working copy
        before the run reads them; a no-op for a local output, or a dataset checked out whole. A partition the
        copy holds already (fetched, or written by the run) is never fetched again, nor one the run removed."""
        if self.remote is None or dataset not in self.sparse:
            return
        if rel_dirs is None:
            self.sparse.discard(dataset)
        else:
            rel_dirs = set(rel_dirs) - self._asked
            if not rel_dirs:
                return
            self._asked.update(rel_dirs)
        table = self._table(dataset)
        fetched = self.remote.checkout_table(self.local, dataset, table, only=rel_dirs, skip=self.checked_out)
        self.checked_out.update(fetched)

    def fetch_where(self, dataset: str, where: pc.Expression) -> None:
        """Fetch every published partition of ``dataset`` holding a row ``where`` keeps (the filter's columns are
        read, of the files whose statistics do not rule it out)."""
        if self.remote is None or dataset not in self.sparse:
            return
        self.fetch(dataset, self.remote.partitions_where(dataset, self._table(dataset), where))

    def partitions(self, dataset: str) -> set[str]:
        """Every partition of ``dataset`` as published (for a local output, as it is)."""
        if self.remote is None:
            return Folder(self.local).partitions(dataset)
        return set(self.remote.partition_dirs(dataset, self.base, self._table(dataset)))

    def columns(self, dataset: str, columns: list[str]) -> pa.Table:
        """``columns`` of every published row of ``dataset``, read from its table (no partition is fetched)."""
        if self.remote is None or dataset not in self.sparse:
            return Folder(self.local).columns(dataset, columns)
        return self.remote.columns(dataset, self._table(dataset), columns)

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
    consolidating from; a plan only articles and rejects). Of the datasets in ``sparse`` (a run: ``ON_DEMAND``,
    all of them), nothing is copied until the run asks for partitions with ``Workspace.fetch``; the others are
    copied whole now."""
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
