"""The data dictionary: every column of every dataset with type, meaning and allowed values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic.fields import FieldInfo

from schemas.arrow import PARTITION_TYPES, arrow_schema
from schemas.columns import Allowed
from schemas.records import DATASETS


@dataclass(frozen=True, slots=True)
class ColumnDoc:
    dataset: str
    column: str
    arrow_type: str
    nullable: bool
    description: str
    allowed: str


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


def data_dictionary() -> list[ColumnDoc]:
    docs: list[ColumnDoc] = []
    for name, ds in DATASETS.items():
        schema = arrow_schema(ds.model)
        for field in schema:
            col, info = field.name, ds.model.model_fields[field.name]
            desc = _description(info)
            allowed = _allowed(info) or _literal_values(info.annotation)
            docs.append(ColumnDoc(name, col, str(field.type), field.nullable, desc, allowed))
        for key in ds.partitioning:
            docs.append(
                ColumnDoc(
                    name,
                    key,
                    str(PARTITION_TYPES[key]),
                    False,
                    f"Hive partition key (directory only) from {ds.partition_date}.",
                    "",
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


def as_markdown() -> str:
    lines = []
    current = None
    for d in data_dictionary():
        if d.dataset != current:
            current = d.dataset
            lines += [
                "",
                f"## {current}",
                "",
                "| column | type | null | meaning | allowed values |",
                "|---|---|---|---|---|",
            ]
        lines.append(
            f"| `{d.column}` | {d.arrow_type} | {'yes' if d.nullable else 'no'} | {d.description} | {d.allowed} |"
        )
    return "\n".join(lines).lstrip() + "\n"
