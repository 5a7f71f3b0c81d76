"""Inside one article, which of its own events a report may join by date (used by ``eventwire.consolidate``).

A report the text does not date (``UNDATED``: its date is the publication or dateline day) says nothing of when
its act happened, so inside its article it may meet an event another report dates, and the other way round. A
dated report may not join an event its article's other dated reports put at another time: "was arrested last
week" and "a judge set his bail on Tuesday" are two acts, whatever undated headline sits over them.

A date a report only inherited from its scene (``INHERITED``: the sentence names none, the coder carried the
paragraph's) is a guess at when its act happened. A story goes forward: a later scene (the arrest, the charge,
the hearing) retells the act that came before it. So a report that tells the act of one of its article's events
again, with one of its CAMEO roots (the sides' and place's checks of the merge rule still hold), and whose
inherited date is no earlier than the dates the article wrote for the act, is that act: "was fatally stabbed
early Saturday" and, under Monday's charging scene, "Vasquez allegedly stabbed Welch". The same holds the other
way round, for an event whose reports so far only inherited a date and a report that writes an earlier or the
same one. Such a report neither is kept from the event by its date nor, once it has joined, keeps the event's
other reports away (``OwnEvent.retells``); the event's date is the written one (``date_rank``). Two written
dates still tell two acts apart, and an inherited date before the written one is another act of that earlier
scene ("Mixon was fatally shot" under Saturday's scene is not the shooting the article dated to Tuesday).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

if TYPE_CHECKING:
    import polars as pl

# date_source values of a report the text does not date (schemas.columns.DateSource)
UNDATED = frozenset({"published", "dateline"})

E = TypeVar("E")


Window: TypeAlias = Callable[[int, int], int]  # days two dates of these time precisions may be apart
INHERITED = "inherited"  # date_source of a report dated by its scene, not by its own sentence


@dataclass(eq=False)
class OwnEvent(Generic[E]):
    """An event the article being taken founded: whether its founding report was undated or only inherited its
    date, the dates (day, precision) the article's dated reports of it give (``written``: those its sentences
    write), and the CAMEO roots of its reports."""

    event: E
    undated: bool
    inherited: bool = False
    dates: set[tuple[date, int]] = field(default_factory=set)
    written: set[tuple[date, int]] = field(default_factory=set)
    roots: set[str] = field(default_factory=set)

    def agrees(self, day: date, precision: int, window: Window) -> bool:
        """Whether a dated report of ``day`` at ``precision`` agrees with every date the article gave the event:
        the same day when both are day-precise; the same calendar week when neither is coarser than a week (a
        week-precise date stands for its week: "was arrested last week" is not "on Tuesday" of this week, though
        the two days may be under a week apart); else at most ``window(p1, p2)`` days apart."""
        return all(_agree(d, p, day, precision, window) for d, p in self.dates)

    def retells(self, root: str, source: str | None, day: date) -> bool:
        """Whether a report of ``root`` dated ``day`` by ``source`` tells this event's act again with a date only
        one of the two inherited (module docstring): the report's, no earlier than any date the article wrote for
        the act; or the event's, when no sentence of it wrote one, no earlier than the report's."""
        if root not in self.roots:
            return False
        if source == INHERITED:
            # with no written date there is nothing to retell: two acts each dated by its own scene stay two
            return bool(self.written) and all(day >= d for d, _ in self.written)
        return self.inherited and not self.written and all(day <= d for d, _ in self.dates)

    def admits(self, root: str, source: str | None, day: date, precision: int, window: Window) -> bool:
        """Whether a dated report may join this event by date: it ``retells`` the act, or ``agrees``."""
        return self.retells(root, source, day) or self.agrees(day, precision, window)

    def record(self, root: str, source: str | None, day: date, precision: int, *, founded: bool = False) -> None:
        """A report of ``root`` dated by ``source`` founded (``founded``) or joined the event: its date counts
        against later reports unless it is undated, or inherited by a report that retold the act."""
        if source not in UNDATED and (founded or not (source == INHERITED and self.retells(root, source, day))):
            self.dates.add((day, precision))
            if source != INHERITED:
                self.written.add((day, precision))
        self.roots.add(root)


def _agree(d: date, p: int, day: date, precision: int, window: Window) -> bool:
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
