"""The fit/check split of every gold file: rules and models are developed on the fit part only, and the
check part is only ever scored, so its figures say how the coder does on text nobody tuned it on.

An example's part is a fixed function of its id: the first byte of SHA-256 of the id's UTF-8 bytes,
below 128 → fit, else check (about half and half, the same on every run and machine, and independent
of the file's order or of which other examples it holds). The id is the ``id`` field of every shared
file (acled_dev, plover_gsr, geo_dev, news_dev); a sentences file without ids uses the text itself. An
article of news_dev has the id it has in geo_dev, so it lands in the same part in both files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, Literal, TypeVar

Part = Literal["fit", "check"]
PARTS: tuple[Part, ...] = ("fit", "check")
SPLITS = ("all", *PARTS)
FIT_BELOW = 128  # first digest byte below this → fit: half of 0–255

T = TypeVar("T")


def part_of(example_id: str) -> Part:
    """The part an example belongs to, from its id alone."""
    return "fit" if hashlib.sha256(example_id.encode("utf-8")).digest()[0] < FIT_BELOW else "check"


def example_id(row: dict[str, Any]) -> str:
    """The field that identifies an example: ``id``, else (a sentences file may have none) its text."""
    value = row.get("id")
    if value is None or value == "":
        if not isinstance(row.get("text"), str):
            raise KeyError("an example needs an 'id' or a 'text' to be given a part")
        return str(row["text"])
    return str(value)


def indices(rows: Sequence[dict[str, Any]], part: str) -> list[int]:
    """Positions of the rows in ``part`` ('all': every row)."""
    if part not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {part!r}")
    return [i for i, row in enumerate(rows) if part == "all" or part_of(example_id(row)) == part]


def take(items: Sequence[T], positions: Sequence[int]) -> list[T]:
    return [items[i] for i in positions]
