"""Inside one article, which of its own events a report may join by date (used by ``eventwire.consolidate``).

A report the text does not date (``UNDATED``: its date is the publication or dateline day) says nothing of when
its act happened, so inside its article it may meet an event another report dates, and the other way round. A
dated report may not join an event its article's other dated reports put at another time: "was arrested last
week" and "a judge set his bail on Tuesday" are two acts, whatever undated headline sits over them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    import polars as pl

# date_source values of a report the text does not date (schemas.columns.DateSource)
UNDATED = frozenset({"published", "dateline"})

E = TypeVar("E")


@dataclass(eq=False)
class OwnEvent(Generic[E]):
    """An event the article being taken founded: whether its founding report was undated, and the dates (day,
    precision) the article's dated reports of it give."""

    event: E
    undated: bool
    dates: set[tuple[date, int]] = field(default_factory=set)

    def agrees(self, day: date, precision: int, window: Callable[[int, int], int]) -> bool:
        """Whether a dated report of ``day`` at ``precision`` agrees with every date the article gave the event:
        the same day when both are day-precise; the same calendar week when neither is coarser than a week (a
        week-precise date stands for its week: "was arrested last week" is not "on Tuesday" of this week, though
        the two days may be under a week apart); else at most ``window(p1, p2)`` days apart."""
        return all(_agree(d, p, day, precision, window) for d, p in self.dates)


def _agree(d: date, p: int, day: date, precision: int, window: Callable[[int, int], int]) -> bool:
    if p == precision == 1:
        return d == day
    if max(p, precision) == 2:
        return d.isocalendar()[:2] == day.isocalendar()[:2]
    return abs(d.toordinal() - day.toordinal()) <= window(p, precision)


# How firmly a report dates its act, best first: the sentence gives the date, the report inherits its scene's,
# the report is undated. An event takes its date from its best-dated reports before their precision counts: an
# undated headline ("Mother pleads not guilty", the publication day at week precision) or an undated clause
# says nothing against the body's "on Monday" or "in 2007" (``eventwire.consolidate``).
_DATE_RANK = {"sentence": 0, "relative": 0, "inherited": 1, **dict.fromkeys(UNDATED, 2)}


def date_rank() -> pl.Expr:
    """The rank of a report's ``date_source`` (0 written, 1 inherited, 2 undated) as the column ``_dated``."""
    import polars as pl  # here: the coding workers read ``UNDATED`` from this module and load no polars

    return pl.col("date_source").replace_strict(_DATE_RANK, default=2, return_dtype=pl.Int8).alias("_dated")
