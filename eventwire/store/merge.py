"""Rewrite one sorted partition with rows added, dropped or changed, a row group at a time.

A night adds a few thousand rows to a month of hundreds of thousands. Reading the month whole, sorting it
and writing it again holds the month two or three times over; here the old file, already in the dataset's
sort order, is read one row group at a time, each takes the new rows whose sort key falls before its last
row's, is sorted and written. The result is the file ``Transaction.stage`` would write, holding one row group
and the new rows in memory at a time.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from eventwire.store.partitions import ROW_GROUP, DuplicateKey, Transaction, check_unique
from schemas.records import DATASETS


def _keys(table: pa.Table, sort_by: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Each row's sort key as Python values, nulls last as in ``_order``: (is null, value) per column."""
    columns = [table.column(c).to_pylist() for c in sort_by]
    return [tuple(x for v in row for x in (v is None, v)) for row in zip(*columns, strict=True)]


def _order(table: pa.Table, sort_by: tuple[str, ...]) -> pa.Array:
    return pc.sort_indices(table, sort_keys=[(c, "ascending", "at_end") for c in sort_by])


def merge_partition(
    txn: Transaction,
    dataset: str,
    rel_dir: str,
    old: Path | None,
    add: pa.Table,
    *,
    drop: set[str] | frozenset[str] = frozenset(),
    change: Callable[[pa.Table], pa.Table] | None = None,
    seen: Callable[[pa.Table], None] | None = None,
    key: str | None = None,
    sort_by: tuple[str, ...] | None = None,
) -> None:
    """Stage ``rel_dir`` as the partition file ``old`` (sorted, or None) minus rows whose key is in ``drop``, each
    row group passed through ``change``, plus ``add`` (the dataset's schema). ``seen`` is shown every old row
    group as read (to gather rows from it on the way). ``key`` and ``sort_by`` default to the dataset's (a file
    that is not a dataset, such as the event index, gives its own)."""
    key = key or DATASETS[dataset].key
    sort_by = sort_by or DATASETS[dataset].sort_by
    if dataset in DATASETS:
        check_unique(dataset, add, rel_dir)
    elif pc.count_distinct(add.column(key)).as_py() != add.num_rows:
        txn.abort()
        raise DuplicateKey(f"{rel_dir}: rows to add repeat the key {key}; nothing was written")
    if old is None or not old.exists():
        txn.stage(dataset, rel_dir, add)
        return
    saved = pq.read_table(old, columns=[key]).column(0)
    clash = add.filter(pc.is_in(add.column(key), value_set=saved)).column(key).to_pylist()
    if set(clash) - set(drop):
        txn.abort()
        raise DuplicateKey(f"{rel_dir}: {len(clash)} added row(s) repeat the {dataset} key, e.g. {clash[0]}")
    add = add.take(_order(add, sort_by))
    added = _keys(add, sort_by)
    dropped = pa.array(sorted(drop), pa.string())
    parquet = pq.ParquetFile(old)
    path = txn.staging_path(rel_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows, taken = 0, 0
    with pq.ParquetWriter(path, add.schema, compression="zstd", write_statistics=True) as writer:
        for g in range(parquet.num_row_groups):
            group = parquet.read_row_group(g).cast(add.schema)
            if seen is not None:
                seen(group)
            # new rows up to this group's last key belong with it (the last group takes the rest)
            if g == parquet.num_row_groups - 1:
                upto = len(added)
            elif group.num_rows:
                upto = bisect.bisect_right(added, _keys(group.slice(group.num_rows - 1), sort_by)[0])
            else:
                upto = taken
            if len(drop):
                group = group.filter(pc.invert(pc.is_in(group.column(key), value_set=dropped)))
            if change is not None:
                group = change(group)
            chunk = pa.concat_tables([group, add.slice(taken, max(0, upto - taken))])
            taken = max(taken, upto)
            if chunk.num_rows:
                writer.write_table(chunk.take(_order(chunk, sort_by)), row_group_size=ROW_GROUP)
                rows += chunk.num_rows
        if taken < add.num_rows:  # an old file with no row group
            writer.write_table(add.slice(taken), row_group_size=ROW_GROUP)
            rows += add.num_rows - taken
    if rows:
        txn.stage_written(rel_dir, rows)
    else:
        path.unlink()
        txn.stage(dataset, rel_dir, add.slice(0, 0))  # nothing left: the partition goes
