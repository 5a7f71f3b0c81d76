"""The data dictionary: every column of every dataset with type, meaning and allowed values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, get_args, get_origin

from pydantic.fields import FieldInfo

from schemas.arrow import PARTITION_TYPES, arrow_schema
from schemas.columns import Allowed, Example
from schemas.records import DATASETS


@dataclass(frozen=True, slots=True)
class ColumnDoc:
    dataset: str
    column: str
    arrow_type: str
    nullable: bool
    description: str
    allowed: str
    example: str = ""


@dataclass(frozen=True, slots=True)
class DatasetDoc:
    """What a row of a dataset is, what identifies it, and how it joins the others."""

    name: str
    grain: str
    keys: tuple[tuple[str, ...], ...]
    partitioning: tuple[str, ...]
    joins: tuple[str, ...]


_PARTITION_EXAMPLES = {"year": "2024", "month": "2", "run_date": "2026-12-07"}


def dataset_docs() -> list[DatasetDoc]:
    return [DatasetDoc(n, d.grain, d.keys, d.partitioning, d.joins) for n, d in DATASETS.items()]


def _metadata(info: FieldInfo) -> list[Any]:
    """Field metadata plus that of an Annotated alias nested in ``X | None`` (pydantic keeps it there)."""
    items = list(info.metadata)
    for arg in get_args(info.annotation):
        items.extend(getattr(arg, "__metadata__", ()))
    return items


def _description(info: FieldInfo) -> str:
    if info.description:
        return info.description
    return next((m.description for m in _metadata(info) if isinstance(m, FieldInfo) and m.description), "")


def _allowed(info: FieldInfo) -> str:
    return next((m.text for m in _metadata(info) if isinstance(m, Allowed)), "")


def _example(info: FieldInfo) -> str:
    """The column's example as a reader sees it: dates and times in ISO form, lists and text as written."""
    value = next((m.value for m in _metadata(info) if isinstance(m, Example)), None)
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return f'"{value}"' if isinstance(value, str) else str(value)


def data_dictionary() -> list[ColumnDoc]:
    docs: list[ColumnDoc] = []
    for name, ds in DATASETS.items():
        schema = arrow_schema(ds.model)
        for field in schema:
            col, info = field.name, ds.model.model_fields[field.name]
            desc = _description(info)
            allowed = _allowed(info) or _literal_values(info.annotation)
            docs.append(ColumnDoc(name, col, str(field.type), field.nullable, desc, allowed, _example(info)))
        for key in ds.partitioning:
            docs.append(
                ColumnDoc(
                    name,
                    key,
                    str(PARTITION_TYPES[key]),
                    False,
                    f"Hive partition key (directory only) from {ds.partition_date}.",
                    "",
                    _PARTITION_EXAMPLES[key],
                )
            )
    return docs


def _literal_values(annotation: Any) -> str:
    stack = [annotation]
    while stack:
        a = stack.pop()
        if get_origin(a) is Literal:
            return ", ".join(str(v) for v in get_args(a))
        stack.extend(get_args(a))
        if hasattr(a, "__origin__"):
            stack.append(a.__origin__)
    return ""


def describe(ds: DatasetDoc) -> list[str]:
    """A dataset's grain, keys, partitioning and joins, one line each (Markdown)."""
    keys = " and ".join("(" + ", ".join(f"`{c}`" for c in key) + ")" for key in ds.keys)
    lines = [
        f"- **One row per:** {ds.grain}.",
        f"- **Key:** {keys}, unique over the whole dataset (checked when rows are written).",
        f"- **Partitioned by:** {', '.join(f'`{p}`' for p in ds.partitioning)} (folder names only).",
    ]
    lines += [f"- **Joins:** {j}." for j in ds.joins]
    return lines


def as_markdown() -> str:
    lines = []
    current = None
    about = {d.name: d for d in dataset_docs()}
    for d in data_dictionary():
        if d.dataset != current:
            current = d.dataset
            lines += [
                "",
                f"## {current}",
                "",
                *describe(about[current]),
                "",
                "| column | type | null | meaning | allowed values | example |",
                "|---|---|---|---|---|---|",
            ]
        null = "yes" if d.nullable else "no"
        example = f"`{d.example}`" if d.example else ""
        lines.append(f"| `{d.column}` | {d.arrow_type} | {null} | {d.description} | {d.allowed} | {example} |")
    return "\n".join(lines).lstrip() + "\n"
