"""The datasets on object storage (``s3://…``, ``gs://…``, ``az://…``, ``file://…``) as Delta Lake tables.

    <uri>/articles, mentions, events, rejects   one Delta table each, partitioned as the local layout
    <uri>/event_index                           consolidation's index of events (``eventwire.event_index``)
    <uri>/commits                               a Delta table, one row per published run: the commit point
    <uri>/runs/<run_id>.json, reports/…         run records and reports, written after the commit

A Delta commit is atomic for one table; a run changes five (the four datasets, and the event index that the
next night continues consolidating from, which must match them). Each run therefore commits its tables, then
appends one row to ``commits`` naming the version of every table it produced. Readers and the next run open
each table at the versions of the last row (``eventwire.loading.open_dataset`` does), so they see one whole
run or the one before, never a mix. The row is appended at the commits version the run started from, with no retry: when
another run published meanwhile, Delta's own commit protocol (a put-if-absent of the next log entry) refuses
it, and the refused run's table commits stay unreferenced. A crashed run leaves the same: table commits that
no row names. The next run first restores each such table to the version the last row names, then commits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable, write_deltalake
from deltalake.exceptions import CommitFailedError, DeltaError, TableNotFoundError

from eventwire.store.faults import checkpoint
from eventwire.store.partitions import PART_FILE, partition_dir, write_parquet
from eventwire.store.snapshots import EVENT_INDEX, StoreError, resolve_snapshot
from schemas import event_index
from schemas.arrow import arrow_schema, partition_schema
from schemas.records import DATASETS

COMMITS = "commits"
ORDER = ("articles", "mentions", "events", "rejects")  # the datasets readers open
TABLES = (*ORDER, EVENT_INDEX)  # every table a run publishes, in the order it commits them
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
NO_RETRY = 0  # a commit that finds the log moved on fails, instead of rebasing onto another run's data
# File statistics in the log for every column, not Delta's default first 32: a run finds the events months its
# report's window needs by ``first_seen`` (the events table's 40th column) from the log alone, without opening a
# file; readers' filters on any column prune files too. Set when a table is created; a table created by an
# earlier version keeps the default, and those months are found from their Parquet footers instead.
TABLE_PROPERTIES: dict[str, str | None] = {"delta.dataSkippingNumIndexedCols": "-1"}


def is_uri(output: str | Path) -> bool:
    """Whether ``output`` names object storage (a URI with a scheme) rather than a local folder."""
    return bool(_URI.match(str(output)))


class ConcurrentRun(StoreError):
    """Another run published to the same output while this one ran; this run's changes were not published."""


@dataclass(frozen=True)
class Commit:
    """One published run: the ``commits`` version that holds its row, and each table's Delta version
    (a dataset with no table yet is absent)."""

    run_id: str
    sequence: int
    versions: dict[str, int]


def commits_schema() -> pa.Schema:
    return pa.schema(
        [
            ("sequence", pa.int64()),
            ("run_id", pa.string()),
            ("committed_at", pa.timestamp("us", tz="UTC")),
            *((f"{name}_version", pa.int64()) for name in TABLES),
        ]
    )


def columns_of(name: str) -> pa.Schema:
    """The columns a table's files hold: a dataset's, or the event index's."""
    return event_index.SCHEMA if name == EVENT_INDEX else arrow_schema(DATASETS[name].model)


def keys_of(name: str) -> pa.Schema:
    """A table's partition keys with their types."""
    return event_index.PARTITIONS if name == EVENT_INDEX else partition_schema(name)


def table_schema(name: str) -> pa.Schema:
    """A table's columns, then its partition keys: what its Delta table holds."""
    return pa.schema([*columns_of(name), *keys_of(name)])


@dataclass(frozen=True)
class DeltaOutput:
    """The output root ``uri``; credentials and endpoint come from ``storage_options`` or the environment
    (``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``, ``AWS_ALLOW_HTTP``, … as delta-rs reads them)."""

    uri: str
    storage_options: dict[str, str] | None = None

    def table_uri(self, name: str) -> str:
        return f"{self.uri.rstrip('/')}/{name}"

    def _open(self, name: str, version: int | None = None) -> DeltaTable | None:
        try:
            return DeltaTable(self.table_uri(name), version=version, storage_options=self.storage_options)
        except TableNotFoundError:
            return None

    def check(self) -> Commit | None:
        """The last published run, read as a run would: fails (OSError, ValueError, DeltaError) on a scheme
        neither delta-rs nor pyarrow knows, a bucket that does not answer, or missing credentials."""
        pafs.FileSystem.from_uri(self.uri)  # run records and reports are written through pyarrow's file systems
        return self.head()

    # ── reading ─────────────────────────────────────────────────────────────────────────────────
    def head(self) -> Commit | None:
        """The last published run (None before the first)."""
        log = self._open(COMMITS)
        if log is None:
            return None
        rows = log.to_pyarrow_table().to_pylist()
        if not rows:
            return None
        last = max(rows, key=lambda r: r["sequence"])
        # .get: a commits table written before the event index was published has no column for it
        versions = {n: last[f"{n}_version"] for n in TABLES if last.get(f"{n}_version") is not None}
        return Commit(last["run_id"], last["sequence"], versions)

    def table(self, name: str, commit: Commit | None) -> DeltaTable | None:
        """Dataset ``name`` as of ``commit`` (None: the dataset had no table then)."""
        if commit is None or name not in commit.versions:
            return None
        return self._open(name, commit.versions[name])

    def partition_dirs(self, name: str, commit: Commit | None, table: DeltaTable | None = None) -> list[str]:
        """The partitions of table ``name`` as of ``commit`` (or of ``table``, that version opened already), as local
        folder names (``mentions/year=2024/month=3``), read from the table's log: no data file is opened."""
        dt = table or self.table(name, commit)
        if dt is None:
            return []
        keys = [f.name for f in keys_of(name)]
        return sorted(partition_dir(name, {k: p[k] for k in keys}) for p in dt.partitions())

    def partitions_where(self, name: str, table: DeltaTable | None, where: pc.Expression) -> list[str]:
        """The partitions of ``table`` (dataset ``name``) that hold a row ``where`` keeps. A file whose statistics
        rule the filter out (the log's, for every column of a table created with ``TABLE_PROPERTIES`` and the first 32
        of an older one; else its Parquet footer's, per row group) is not read; of the others only the filter's
        columns are."""
        if table is None:
            return []
        keys = [f.name for f in keys_of(name)]
        found = table.to_pyarrow_dataset().to_table(columns=keys, filter=where).group_by(keys).aggregate([])
        return sorted(partition_dir(name, row) for row in found.to_pylist())

    def columns(self, name: str, table: DeltaTable | None, columns: list[str]) -> pa.Table:
        """``columns`` of every row of ``table`` (dataset ``name``; partition keys typed as the table holds them):
        only those columns' chunks are read."""
        if table is None:
            schema = table_schema(name)
            return pa.schema([schema.field(c) for c in columns]).empty_table()
        return table.to_pyarrow_dataset().to_table(columns=columns)

    def checkout(
        self,
        local: Path,
        commit: Commit | None,
        datasets: tuple[str, ...] = TABLES,
        only: Collection[str] | None = None,
        skip: Collection[str] = (),
    ) -> dict[str, tuple[int, int]]:
        """Write the tables ``datasets`` as of ``commit`` into ``local`` in the local layout (one Parquet file per
        partition, keys in the path), one partition in memory at a time, so the run reads them as it reads a
        local output; only the partitions ``only`` names when given, never those in ``skip`` nor one ``local``
        holds already (the run's own, or one it removed). Returns each partition file's (device, inode), to tell
        afterwards what the run changed."""
        written: dict[str, tuple[int, int]] = {}
        for name in datasets:
            written |= self.checkout_table(local, name, self.table(name, commit), only, skip)
        return written

    def checkout_table(
        self,
        local: Path,
        name: str,
        table: DeltaTable | None,
        only: Collection[str] | None = None,
        skip: Collection[str] = (),
    ) -> dict[str, tuple[int, int]]:
        """``checkout`` of one table, opened at its version already (None: it has no table). Into the live snapshot
        of ``local`` when it has one: a run may fetch what its report reads after its local commit."""
        written: dict[str, tuple[int, int]] = {}
        if table is None:
            return written
        local = resolve_snapshot(local)
        keys = [f.name for f in keys_of(name)]
        schema = columns_of(name)
        for values in sorted(table.partitions(), key=lambda p: [p[k] for k in keys]):
            rel_dir = partition_dir(name, {k: values[k] for k in keys})
            path = local / rel_dir / PART_FILE
            if rel_dir in skip or (only is not None and rel_dir not in only) or path.exists():
                continue
            part = table.to_pyarrow_table(partitions=[(k, "=", values[k]) for k in keys], columns=schema.names)
            write_parquet(part.select(schema.names).cast(schema), path)
            stat = path.stat()
            written[rel_dir] = (stat.st_dev, stat.st_ino)
        return written

    # ── writing ─────────────────────────────────────────────────────────────────────────────────
    def publish(
        self,
        local: Path,
        base: Commit | None,
        checked_out: dict[str, tuple[int, int]],
        run_id: str,
        datasets: tuple[str, ...] = TABLES,
    ) -> Commit | None:
        """Commit what the run changed in ``local`` (its snapshot against ``checked_out``, among the ``datasets``
        checked out) to the tables, then the run's row in ``commits``; None when it changed nothing (no row).
        Raises ``ConcurrentRun`` when another run published since ``base``."""
        snapshot = resolve_snapshot(local)
        changes = {}
        for name in datasets:
            now = _partition_files(snapshot, name)
            before = {r for r in checked_out if r.startswith(name + "/")}
            changed = sorted(r for r, path in now.items() if _identity(path) != checked_out.get(r))
            removed = sorted(before - set(now))
            if changed or removed:
                changes[name] = (now, changed, removed)
        if not changes:
            return None
        self._refuse_if_moved(base)
        held = set(checked_out)
        for name, (_, changed, _) in changes.items():
            # a partition the working copy never held is new, or the run would replace rows it never read (the
            # table's log is read only when there is such a partition)
            fresh = set(changed) - held
            unread = sorted(fresh & set(self.partition_dirs(name, base))) if fresh else []
            if unread:
                raise StoreError(
                    f"the run wrote {unread[0]} without reading the published partition (it was not fetched into "
                    "the working copy); nothing was published"
                )
        versions = dict(base.versions) if base else {}
        for name in TABLES:
            if name in changes:
                versions[name] = self._commit_table(name, versions.get(name), *changes[name], run_id)
                checkpoint("delta")
            elif name in versions:  # unchanged, but an unpublished run may have committed to it
                versions[name] = self._roll_back(name, versions[name], run_id)
        return self._append_commit(base, versions, run_id)

    def _roll_back(self, name: str, version: int, run_id: str) -> int:
        """Table ``name`` restored to ``version`` if commits of a crashed or refused run followed it; the
        version that now holds the published state."""
        head = self._open(name)
        if head is None or head.version() == version:
            return version
        at = head.version() + 1
        try:
            head.restore(version, commit_properties=_props(run_id))
        except CommitFailedError as exc:
            raise ConcurrentRun(
                f"another run committed to {head.table_uri} while this one did ({exc}); run again"
            ) from None
        return at

    def _refuse_if_moved(self, base: Commit | None) -> None:
        head = self.head()
        if (head.sequence if head else None) != (base.sequence if base else None):
            raise ConcurrentRun(
                f"another run published to {self.uri} while this one ran (now at run {head and head.run_id}); "
                "nothing of this run was published: run again"
            )

    def _commit_table(
        self,
        name: str,
        base_version: int | None,
        files: dict[str, Path],
        changed: list[str],
        removed: list[str],
        run_id: str,
    ) -> int:
        """Replace the partitions ``changed`` and ``removed`` in table ``name``; the table's new version."""
        props = _props(run_id)
        data = _reader(name, [(r, files[r]) for r in changed])
        head = self._open(name)
        uri = self.table_uri(name)
        try:
            if head is None:  # the first run that has rows for this dataset
                keys = [f.name for f in keys_of(name)]
                write_deltalake(
                    uri,
                    data,
                    partition_by=keys,
                    mode="error",
                    storage_options=self.storage_options,
                    commit_properties=props,
                    configuration=TABLE_PROPERTIES,
                )
                return 0
            if base_version is None:  # a table only an unpublished run created: replaced whole
                write_deltalake(head, data, mode="overwrite", commit_properties=props)
                return head.version() + 1
            at = self._roll_back(name, base_version, run_id)  # commits no published run names are undone first
            table = DeltaTable(uri, version=at, storage_options=self.storage_options)
            predicate = " OR ".join(_partition_predicate(name, r) for r in [*changed, *removed])
            write_deltalake(table, data, mode="overwrite", predicate=predicate, commit_properties=props)
            return at + 1
        except CommitFailedError as exc:
            raise ConcurrentRun(
                f"another run committed to {uri} while this one did ({exc}); nothing of this run was published: "
                "run again"
            ) from None
        except DeltaError as exc:
            if "already exists" in str(exc):
                raise ConcurrentRun(f"another run created {uri} meanwhile; run again") from None
            raise

    def _append_commit(self, base: Commit | None, versions: dict[str, int], run_id: str) -> Commit:
        sequence = 0 if base is None else base.sequence + 1
        row = {"sequence": sequence, "run_id": run_id, "committed_at": datetime.now(UTC)}
        row |= {f"{n}_version": versions.get(n) for n in TABLES}
        data = pa.Table.from_pylist([row], schema=commits_schema())
        props = _props(run_id)
        checkpoint("commits")
        try:
            if base is None:
                write_deltalake(
                    self.table_uri(COMMITS),
                    data,
                    mode="error",
                    storage_options=self.storage_options,
                    commit_properties=props,
                )
            else:
                log = DeltaTable(self.table_uri(COMMITS), version=base.sequence, storage_options=self.storage_options)
                # merge: a commits table written before the event index was published gains its column
                write_deltalake(log, data, mode="append", schema_mode="merge", commit_properties=props)
        except (CommitFailedError, DeltaError) as exc:
            if isinstance(exc, CommitFailedError) or "already exists" in str(exc):
                raise ConcurrentRun(
                    f"another run published to {self.uri} while this one ran; this run's table commits are not "
                    "referenced by any published run and readers never see them: run again"
                ) from None
            raise
        return Commit(run_id, sequence, versions)

    # ── run records ─────────────────────────────────────────────────────────────────────────────
    def put_file(self, content: bytes, rel_path: str) -> None:
        """Write one file (a run record, a report) to ``<uri>/<rel_path>``."""
        fs, root = pafs.FileSystem.from_uri(self.uri)
        target = f"{root.rstrip('/')}/{rel_path}"
        fs.create_dir(target.rsplit("/", 1)[0], recursive=True)
        with fs.open_output_stream(target) as out:
            out.write(content)

    def read_runs(self) -> list[dict[str, Any]]:
        """Every run record under ``<uri>/runs``, oldest first."""
        fs, root = pafs.FileSystem.from_uri(self.uri)
        selector = pafs.FileSelector(f"{root.rstrip('/')}/runs", allow_not_found=True)
        infos = sorted((i for i in fs.get_file_info(selector) if i.path.endswith(".json")), key=lambda i: i.path)
        out = []
        for info in infos:
            with fs.open_input_stream(info.path) as handle:
                out.append(json.loads(handle.read()))
        return out


def _props(run_id: str) -> CommitProperties:
    return CommitProperties(max_commit_retries=NO_RETRY, custom_metadata={"eventwire.run_id": run_id})


def _identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino


def _partition_files(snapshot: Path, name: str) -> dict[str, Path]:
    root = snapshot / name
    return (
        {p.parent.relative_to(snapshot).as_posix(): p for p in sorted(root.rglob(PART_FILE))} if root.is_dir() else {}
    )


def _keys_of(rel_dir: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rel_dir.split("/")[1:])


def _partition_predicate(name: str, rel_dir: str) -> str:
    keys = _keys_of(rel_dir)
    terms = []
    for field in keys_of(name):
        value = keys[field.name]
        if not re.fullmatch(r"[0-9-]+", value):  # folder names come from dates and numbers only
            raise StoreError(f"unexpected partition folder {rel_dir}; nothing was published")
        terms.append(f"{field.name} = '{value}'" if pa.types.is_date(field.type) else f"{field.name} = {value}")
    return "(" + " AND ".join(terms) + ")"


def _reader(name: str, parts: list[tuple[str, Path]]) -> pa.RecordBatchReader:
    """The rows of ``parts`` with their partition keys as columns, read one file at a time."""
    schema = table_schema(name)
    columns = columns_of(name)

    def batches() -> Iterator[pa.RecordBatch]:
        for rel_dir, path in parts:
            table = pq.read_table(path).select(columns.names).cast(columns)
            keys = _keys_of(rel_dir)
            for field in keys_of(name):
                value = pa.scalar(keys[field.name]).cast(field.type)
                table = table.append_column(field, pa.array([value.as_py()] * table.num_rows, type=field.type))
            yield from table.cast(schema).to_batches()

    return pa.RecordBatchReader.from_batches(schema, batches())
