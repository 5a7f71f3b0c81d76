"""Open the output datasets with their types pinned: the one-line loading recipe of the README.

Partition keys live in folder names only, and every reader infers their type its own way (int32 in pyarrow,
Int64 in polars, BIGINT in DuckDB, category in pandas; ``run_date`` as a date or a string); here they get the
registry's types (``schemas.arrow.PARTITION_TYPES``) and the columns the types the files were written with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import pyarrow as pa

from eventwire.store.delta import Commit, DeltaOutput, is_uri
from eventwire.store.snapshots import resolve_snapshot
from schemas.arrow import arrow_schema, partition_schema
from schemas.records import DATASETS

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Datasets:
    """The four datasets of one output root, as polars LazyFrames (nothing is read until ``collect()``)."""

    events: pl.LazyFrame
    mentions: pl.LazyFrame
    articles: pl.LazyFrame
    rejects: pl.LazyFrame

    def __getitem__(self, name: str) -> pl.LazyFrame:
        if name not in DATASETS:
            raise KeyError(f"unknown dataset {name!r}; one of {', '.join(DATASETS)}")
        frame: pl.LazyFrame = getattr(self, name)
        return frame


def full_schema(name: str) -> pa.Schema:
    """The columns of dataset ``name`` as written, then its partition keys."""
    columns = arrow_schema(DATASETS[name].model)
    return pa.schema([*columns, *partition_schema(name)])


def scan(root: str | Path, name: str) -> pl.LazyFrame:
    """One dataset under the output ``root`` as a LazyFrame with pinned types; an empty frame of the right
    schema when the dataset has no file yet (a run without rejects writes no ``rejects/``)."""
    if name not in DATASETS:
        raise KeyError(f"unknown dataset {name!r}; one of {', '.join(DATASETS)}")
    folder = Path(root) / name
    if not any(folder.glob("**/*.parquet")):
        return _empty(name)
    keys = pl.from_arrow(partition_schema(name).empty_table())
    assert isinstance(keys, pl.DataFrame)
    return pl.scan_parquet(
        folder / "**" / "*.parquet", hive_partitioning=True, hive_schema=dict(keys.schema), missing_columns="insert"
    )


def _empty(name: str) -> pl.LazyFrame:
    empty = pl.from_arrow(full_schema(name).empty_table())
    assert isinstance(empty, pl.DataFrame)
    return empty.lazy()


def _scan_published(remote: DeltaOutput, head: Commit | None, name: str) -> pl.LazyFrame:
    """Dataset ``name`` of an object-storage output (Delta tables, ``store.delta``) at the version ``head`` (a
    published run) left it: an empty frame of the right schema when that run had no table for it."""
    table = remote.table(name, head)
    if table is None:
        return _empty(name)
    frame = pl.scan_delta(table.table_uri, version=table.version(), storage_options=remote.storage_options)
    return frame.select(full_schema(name).names)


def open_dataset(root: str | Path = "output", storage_options: dict[str, str] | None = None) -> Datasets:
    """The events, mentions, articles and rejects under ``root`` as polars LazyFrames, typed as the data
    dictionary says (``eventwire schema``), partition keys included. All four come from the one snapshot
    ``CURRENT`` names when they are opened, so they belong to the same run even while another run commits.
    ``root`` may be object storage (``s3://bucket/prefix``): each Delta table is then opened at the version
    the last row of its ``commits`` table names, which gives the same guarantee (README, 'Loading')."""
    if is_uri(root):
        remote = DeltaOutput(str(root), storage_options)
        head = remote.head()  # read once: every dataset at the versions of the same run
        return Datasets(*(_scan_published(remote, head, n) for n in ("events", "mentions", "articles", "rejects")))
    if not Path(root).is_dir():
        raise FileNotFoundError(f"no eventwire output at {root}")
    snapshot = resolve_snapshot(Path(root))  # resolved once: every dataset from the same run
    return Datasets(*(scan(snapshot, name) for name in ("events", "mentions", "articles", "rejects")))


def read_pandas(
    root: str | Path,
    name: str,
    filters: Any = None,
    columns: list[str] | None = None,
    storage_options: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One dataset as a pandas DataFrame backed by Arrow types (``dtype_backend="pyarrow"``): dates stay dates,
    nullable integer codes stay integers, partition keys are pinned. ``filters`` as in ``pandas.read_parquet``,
    e.g. ``[("year", "=", 2024), ("iso3", "=", "NGA")]``."""
    import pandas as pd
    import pyarrow.dataset as pads

    if name not in DATASETS:
        raise KeyError(f"unknown dataset {name!r}; one of {', '.join(DATASETS)}")
    if is_uri(root):  # a Delta table, at the version of the last published run
        remote = DeltaOutput(str(root), storage_options)
        delta = remote.table(name, remote.head())
        if delta is None:
            return full_schema(name).empty_table().to_pandas(types_mapper=pd.ArrowDtype)
        import pyarrow.parquet as pq

        expression = pq.filters_to_expression(filters) if filters else None
        read = delta.to_pyarrow_dataset().to_table(columns=columns, filter=expression)
        return read.cast(pa.schema([full_schema(name).field(c) for c in read.column_names])).to_pandas(
            types_mapper=pd.ArrowDtype
        )
    folder = resolve_snapshot(Path(root)) / name
    if not any(folder.glob("**/*.parquet")):
        table = full_schema(name).empty_table()
        return table.to_pandas(types_mapper=pd.ArrowDtype)
    return pd.read_parquet(
        folder,
        engine="pyarrow",
        dtype_backend="pyarrow",
        partitioning=pads.partitioning(partition_schema(name), flavor="hive"),
        filters=filters,
        columns=columns,
    )
