"""Hive-partitioned Parquet datasets, written atomically.

Each partition is one file, ``<dataset>/year=2024/month=2/part-0.parquet``; partition keys live in the
path only. A run stages every new partition file in ``.staging/<run_id>/`` (``snapshots.staged_file``; fsynced,
all at once, as it commits), then publishes a new snapshot of all datasets at once (``store.snapshots``):
readers see the previous run or this one, never a mix. A crash at any instant leaves one of the two live; the
next run clears what is left over.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from eventwire.store import snapshots
from eventwire.store.faults import checkpoint
from schemas.arrow import dataset_schema, partition_schema
from schemas.records import DATASETS


class Published(Protocol):
    """What a run reads of its output beyond the partitions its folder holds. A local output holds every partition
    (``Folder``); a working copy of object storage holds only what the run fetched, and reads whole-dataset
    columns straight from the published tables (``store.workspace.Workspace``). Fetch a partition before reading
    or rewriting it; ``partitions`` and ``columns`` describe the output as the run found it (before its commit)."""

    def fetch(self, dataset: str, rel_dirs: Collection[str] | None) -> None:
        """Bring the partitions ``rel_dirs`` of ``dataset`` (every one: None) into the run's folder."""

    def fetch_where(self, dataset: str, where: pc.Expression) -> None:
        """Bring every partition of ``dataset`` that holds a row ``where`` keeps (the filter's columns only are
        read, of the files their statistics do not rule out)."""

    def partitions(self, dataset: str) -> set[str]:
        """Every partition folder of ``dataset`` (``events/year=2024/month=3``), held or not."""
        ...

    def columns(self, dataset: str, columns: list[str]) -> pa.Table:
        """``columns`` of every row of ``dataset`` (partition keys among them if asked), held or not."""
        ...


@dataclass(frozen=True)
class Folder:
    """The ``Published`` of an output that holds every partition: nothing to fetch, everything read in place."""

    output: Path

    def fetch(self, dataset: str, rel_dirs: Collection[str] | None) -> None:
        pass

    def fetch_where(self, dataset: str, where: pc.Expression) -> None:
        pass

    def partitions(self, dataset: str) -> set[str]:
        root = snapshots.resolve_snapshot(self.output)
        found = (root / dataset).rglob(PART_FILE) if (root / dataset).is_dir() else iter(())
        return {p.parent.relative_to(root).as_posix() for p in found}

    def columns(self, dataset: str, columns: list[str]) -> pa.Table:
        return scan_columns(self.output, dataset, columns)


PART_FILE = "part-0.parquet"
STAGING = ".staging"
SPILL = ".spill"  # coded batches of the running run, memory-mapped until the write step (batch_tables.spill)
JOURNAL = "COMMIT.json"  # the per-file commit journal of earlier versions, still finished when found


def partition_dir(dataset: str, keys: dict[str, Any]) -> str:
    return "/".join([dataset, *(f"{k}={v}" for k, v in keys.items())])


def partition_keys_of(dataset: str, value: Any) -> dict[str, Any]:
    """Partition of one row from its date column: events/mentions/articles by year and month, rejects by day."""
    ds = DATASETS[dataset]
    if ds.partitioning == ("run_date",):
        return {"run_date": value.date().isoformat()}
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    return {"year": day.year, "month": day.month}


def hive_partitioning(dataset: str) -> pads.Partitioning:
    """The partition types eventwire guarantees; readers should pin them (see README, 'Loading')."""
    return pads.partitioning(partition_schema(dataset), flavor="hive")


# ── reading ─────────────────────────────────────────────────────────────────────────────────────
def read_partition(output: Path, rel_dir: str) -> pa.Table | None:
    path = output / rel_dir / PART_FILE
    if not path.exists():
        return None
    return pq.read_table(path)


def scan_columns(output: Path, dataset: str, columns: list[str]) -> pa.Table:
    """Some columns of a whole dataset, with partition keys; an empty table when it does not exist yet."""
    root = output / dataset
    if not root.exists():
        return pa.table({c: pa.array([], type=pa.string()) for c in columns})
    ds = pads.dataset(root, format="parquet", partitioning=hive_partitioning(dataset), exclude_invalid_files=False)
    return ds.to_table(columns=columns)


# ── writing ─────────────────────────────────────────────────────────────────────────────────────
class DuplicateKey(ValueError):
    """Rows about to be written share a dataset key: a bug upstream, never written."""


def duplicate_keys(dataset: str, table: pa.Table) -> list[tuple[tuple[str, ...], list[dict[str, Any]]]]:
    """For each key of ``dataset`` (``Dataset.keys``), the key values ``table`` holds more than once."""
    out = []
    for columns in DATASETS[dataset].keys:
        counts = table.select(list(columns)).group_by(list(columns)).aggregate([([], "count_all")])
        repeated = counts.filter(pc.greater(counts.column("count_all"), 1)).select(list(columns))
        if repeated.num_rows:
            out.append((columns, repeated.to_pylist()))
    return out


def check_unique(dataset: str, table: pa.Table, where: str = "") -> None:
    """Refuse rows whose key is not unique, naming the dataset, the key and an example."""
    for columns, repeated in duplicate_keys(dataset, table):
        raise DuplicateKey(
            f"{where or dataset}: {len(repeated)} duplicate value(s) of the {dataset} key ({', '.join(columns)}), "
            f"e.g. {repeated[0]}; nothing was written"
        )


def to_table(dataset: str, rows: Iterable[dict[str, Any]], coder_version: str) -> pa.Table:
    schema = dataset_schema(dataset, coder_version)
    return pa.Table.from_pylist(list(rows), schema=schema)


ROW_GROUP = 128 * 1024


def sort_order(dataset: str, table: pa.Table) -> pa.Array:
    """Row indices of ``table`` in the dataset's sort order."""
    keys = [(c, "ascending", "at_end") for c in DATASETS[dataset].sort_by]
    return pc.sort_indices(table, sort_keys=keys)


def sort_table(dataset: str, table: pa.Table) -> pa.Table:
    return table.take(sort_order(dataset, table))


def write_parquet(table: pa.Table, path: Path, *, order: pa.Array | None = None) -> None:
    """Write one partition file; with ``order`` (row indices), rows in that order, one row group at a time, so
    a sorted copy of a whole month is never held beside the month."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # zstd for size, statistics for predicate pushdown (event_date, iso3 are sorted, so row groups prune well).
    options: dict[str, Any] = {"compression": "zstd", "write_statistics": True}
    if order is None:
        pq.write_table(table, path, row_group_size=ROW_GROUP, **options)
        return
    with pq.ParquetWriter(path, table.schema, **options) as writer:
        for start in range(0, len(order), ROW_GROUP):
            writer.write_table(table.take(order.slice(start, ROW_GROUP)), row_group_size=ROW_GROUP)


@dataclass
class Transaction:
    """Stage partitions, then commit them all through one journal."""

    output: Path
    run_id: str
    actions: dict[str, str] = field(default_factory=dict)  # rel_dir → "replace" | "delete"
    rows: dict[str, int] = field(default_factory=dict)  # rel_dir → rows staged (checked before publishing)

    @property
    def staging(self) -> Path:
        return self.output / STAGING / self.run_id

    def stage(self, dataset: str, rel_dir: str, table: pa.Table) -> None:
        if table.num_rows == 0:
            self.actions[rel_dir] = "delete"
            return
        order = None
        if dataset in DATASETS:  # the event index (``snapshots.EVENT_INDEX``) is checked and sorted by its writer
            try:
                check_unique(dataset, table, rel_dir)
            except DuplicateKey:
                self.abort()  # nothing of this run reaches the datasets
                raise
            order = sort_order(dataset, table)
        path = self.staging_path(rel_dir)
        write_parquet(table, path, order=order)  # made durable at the commit, with every other staged file
        self.actions[rel_dir] = "replace"
        self.rows[rel_dir] = table.num_rows
        checkpoint("stage")

    def stage_written(self, rel_dir: str, rows: int) -> None:
        """Take in a partition file the caller wrote at ``staging_path(rel_dir)`` itself, a row group at a time
        (its keys unique and rows sorted, as ``stage`` would make sure), committed like the rest."""
        self.actions[rel_dir] = "replace"
        self.rows[rel_dir] = rows
        checkpoint("stage")

    def staging_path(self, rel_dir: str) -> Path:
        return snapshots.staged_file(self.staging, rel_dir)

    def commit(self) -> None:
        """Publish every staged partition as one new snapshot (``snapshots.publish``)."""
        if not self.actions:
            self.abort()
            return
        snapshots.publish(self.output, self.staging, self.actions, self.rows, self.run_id)
        self.abort()  # the staged files are linked into the snapshot; their staging names can go
        checkpoint("cleanup")

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        _prune_empty(self.staging.parent, self.output)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def apply_journal(output: Path, staging: Path) -> None:
    """Finish an earlier version's interrupted per-file commit (only on an output without snapshots): move
    staged partitions into place. Idempotent, so a crash halfway is finished by running it again."""
    actions = json.loads((staging / JOURNAL).read_text())["actions"]
    for rel_dir, action in sorted(actions.items()):
        target = output / rel_dir / PART_FILE
        if action == "replace":
            source = staging / rel_dir / PART_FILE
            if source.exists():  # already moved by an earlier, interrupted apply
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        elif target.exists():
            target.unlink()
            _prune_empty(target.parent, output)
    shutil.rmtree(staging, ignore_errors=True)
    _prune_empty(staging.parent, output)


def _prune_empty(folder: Path, stop: Path) -> None:
    while folder != stop and folder.exists() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _journal_verifies(output: Path, staging: Path) -> bool:
    """Whether an old-style journal can be finished: readable, on an output without snapshots, and every staged
    file it still has to move a readable Parquet file (a power cut can leave a truncated one)."""
    try:
        actions = json.loads((staging / JOURNAL).read_text())["actions"]
        pending = {r: a for r, a in actions.items() if a == "replace" and (staging / r / PART_FILE).exists()}
        snapshots.verify(staging, pending, {}, lambda folder, rel_dir: folder / rel_dir / PART_FILE)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, snapshots.StoreError):
        return False
    return not (output / snapshots.POINTER).exists()


def recover(output: Path) -> list[str]:
    """Clear what an interrupted run left: staging that was never published, a half-built snapshot, links that
    lag the pointer. An earlier version's committed journal is finished when its files verify, else dropped."""
    root = output / STAGING
    done: list[str] = []
    if root.exists() and not root.is_dir():
        raise snapshots.StoreError(f"{root} is a file, where eventwire stages its commits; move it away")
    for staging in sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []:
        if (staging / JOURNAL).exists() and _journal_verifies(output, staging):
            apply_journal(output, staging)
            done.append(f"finished interrupted commit {staging.name}")
        else:
            shutil.rmtree(staging, ignore_errors=True)
            done.append(f"discarded uncommitted staging {staging.name}")
    snapshots.tidy(output)
    return done
