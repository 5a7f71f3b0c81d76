"""Arrow schemas derived from the record models (never written by hand)."""

from __future__ import annotations

import types
from datetime import date, datetime
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

import pyarrow as pa
from pydantic.fields import FieldInfo

from schemas import SCHEMA_VERSION
from schemas.columns import ArrowType
from schemas.records import DATASETS, Record

_DEFAULTS: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    date: pa.date32(),
    datetime: pa.timestamp("us", tz="UTC"),
}


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _arrow_of(annotation: Any, metadata: list[Any]) -> pa.DataType:
    for item in metadata:
        if isinstance(item, ArrowType):
            return item.type
    # Annotated aliases nested inside Optional/list keep their own metadata.
    if hasattr(annotation, "__metadata__"):
        return _arrow_of(annotation.__origin__, list(annotation.__metadata__))
    inner, _ = _strip_optional(annotation)
    if inner is not annotation:
        return _arrow_of(inner, [])
    if get_origin(annotation) is list:
        return pa.list_(_arrow_of(get_args(annotation)[0], []))
    if get_origin(annotation) is Literal:
        return pa.string()
    if annotation in _DEFAULTS:
        return _DEFAULTS[annotation]
    raise TypeError(f"no Arrow type for {annotation!r}")


def field_to_arrow(name: str, info: FieldInfo) -> pa.Field:
    _, nullable = _strip_optional(info.annotation)
    return pa.field(name, _arrow_of(info.annotation, list(info.metadata)), nullable=nullable)


@cache
def arrow_schema(model: type[Record]) -> pa.Schema:
    names = list(model.leading) + [n for n in model.model_fields if n not in model.leading]
    return pa.schema([field_to_arrow(name, model.model_fields[name]) for name in names])


# The types of the hive partition keys, which live in folder names only; every reader should pin them
# (``eventwire.open_dataset`` does), since each infers its own (int32, Int64, BIGINT, category, date).
PARTITION_TYPES: dict[str, pa.DataType] = {"year": pa.int16(), "month": pa.int8(), "run_date": pa.date32()}


def partition_schema(name: str) -> pa.Schema:
    """The partition keys of dataset ``name`` with their types."""
    return pa.schema([(key, PARTITION_TYPES[key]) for key in DATASETS[name].partitioning])


def dataset_schema(name: str, coder_version: str) -> pa.Schema:
    """The schema written into every file of a dataset, with versions in the footer metadata."""
    return arrow_schema(DATASETS[name].model).with_metadata(
        {
            b"eventwire.schema_version": SCHEMA_VERSION.encode(),
            b"eventwire.coder_version": coder_version.encode(),
            b"eventwire.dataset": name.encode(),
        }
    )
