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
        empty = pl.from_arrow(full_schema(name).empty_table())
        assert isinstance(empty, pl.DataFrame)
        return empty.lazy()
    keys = pl.from_arrow(partition_schema(name).empty_table())
    assert isinstance(keys, pl.DataFrame)
    return pl.scan_parquet(
        folder / "**" / "*.parquet", hive_partitioning=True, hive_schema=dict(keys.schema), missing_columns="insert"
    )


def open_dataset(root: str | Path = "output") -> Datasets:
    """The events, mentions, articles and rejects under ``root`` as polars LazyFrames, typed as the data
    dictionary says (``eventwire schema``), partition keys included. All four come from the one snapshot
    ``CURRENT`` names when they are opened, so they belong to the same run even while another run commits."""
    if not Path(root).is_dir():
        raise FileNotFoundError(f"no eventwire output at {root}")
    snapshot = resolve_snapshot(Path(root))  # resolved once: every dataset from the same run
    return Datasets(*(scan(snapshot, name) for name in ("events", "mentions", "articles", "rejects")))


def read_pandas(root: str | Path, name: str, filters: Any = None, columns: list[str] | None = None) -> pd.DataFrame:
    """One dataset as a pandas DataFrame backed by Arrow types (``dtype_backend="pyarrow"``): dates stay dates,
    nullable integer codes stay integers, partition keys are pinned. ``filters`` as in ``pandas.read_parquet``,
    e.g. ``[("year", "=", 2024), ("iso3", "=", "NGA")]``."""
    import pandas as pd
    import pyarrow.dataset as pads

    if name not in DATASETS:
        raise KeyError(f"unknown dataset {name!r}; one of {', '.join(DATASETS)}")
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
