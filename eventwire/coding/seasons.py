"""Seasons as dates ("last summer", "this past fall", "the summer of 2006"): the season's first month
(``eventwire.coding.when`` finds them with its other expressions and dates them to that month; the months are
``seasons`` in ``dates.yaml``)."""

from __future__ import annotations

import re
from datetime import date

_SEASON_MONTHS = 3  # a season's length
# "this summer" names the season under way or the one that ended the month before ("this summer" in a
# September paper); a month later it is next year's, still to come
_THIS_REACH = _SEASON_MONTHS

# The season names (the keys of ``dates.yaml`` ``seasons``), as a regex alternation.
SEASON_NAMES = "spring|summer|autumn|fall|winter"
# A season of a year ("last summer", "this past fall", "the summer of 2006"), dated to its first month
# (``dates.yaml`` ``seasons``).
SEASON = re.compile(
    rf"\b(?:(?:(?P<which>last|this(?:\s+past)?|past)\s+(?P<s>{SEASON_NAMES}))"
    rf"|(?:(?P<s2>{SEASON_NAMES})\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)))\b",
    re.IGNORECASE,
)


def season_start(m: re.Match[str], reference: date, seasons: dict[str, int]) -> date | None:
    """A season → the first day of its first month: of the year written ("the summer of 2006"); "last summer"
    the latest one over before the reference month began; "this summer" the latest one begun by then (None
    when this year's is still to come)."""
    if m["y"]:
        return _written(seasons[m["s2"].lower()], int(m["y"]), reference)
    first = seasons[m["s"].lower()]
    now = reference.year * 12 + reference.month - 1  # months counted from year 0
    over = " ".join(m["which"].lower().split()) in ("last", "past", "this past")
    start = next(
        y * 12 + first - 1
        for y in range(reference.year, reference.year - 3, -1)
        if (y * 12 + first - 1 + _SEASON_MONTHS <= now if over else y * 12 + first - 1 <= now)
    )
    if not over and now - start > _THIS_REACH:
        return None  # "this summer" in a March paper is still to come
    return date(start // 12, start % 12 + 1, 1)


def _written(month: int, year: int, reference: date) -> date | None:
    """The season of a written year; none after the reference day (a season to come is no past event)."""
    found = date(year, month, 1)
    return None if found > reference else found
