"""Parsing the publication dates that inputs carry (ISO strings, date lines, datelines)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache
from types import ModuleType

from eventwire.ingest.article import as_utc, day_start

# The calendar's words, once for every layer: month names in order (index + 1 = month number), weekdays in
# Python's order (index = ``date.weekday()``), and every word of either as news writes it, abbreviations too.
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CALENDAR_WORDS = frozenset({*MONTHS, *(m[:3] for m in MONTHS), "sept", *WEEKDAYS})

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A line that is nothing but a date: "Feb 02, 2024", "2 February 2024", "2024-02-02", "Friday, Feb. 2, 2024".
DATE_LINE = re.compile(
    rf"^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+"
    rf"{_MONTHS},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ][\d:.+\-Z]+)?)\s*$",
    re.IGNORECASE,
)
# Dateline at the start of a body: "Washington, DC [US], February 3 :" or "MAIDUGURI, Nigeria, Feb. 6 (Reuters) -".
DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][^\n:]{{1,80}}?),\s*(?P<date>{_MONTHS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTHS}"
    rf"(?:\s+\d{{4}})?)\s*(?:\((?P<agency>[^)]{{2,40}})\))?\s*[:\-–—]+\s*",
    re.IGNORECASE,
)


@cache
def _dateparser() -> ModuleType:
    # Imported lazily: dateparser builds its language data on import (~0.3 s).
    import dateparser

    return dateparser


def parse_timestamp(value: object) -> datetime | None:
    """ISO date/datetime (or a common written date) → aware UTC datetime; None when not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, date):
        return day_start(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        # Absolute dates only, with a year: "now", "yesterday" or "March 3" would be read against the run's
        # clock, and a rerun would date the same article differently.
        parsed = _dateparser().parse(
            text,
            languages=["en"],
            settings={
                "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first",
                "PARSERS": ["absolute-time"],
                "REQUIRE_PARTS": ["year"],
            },
        )
        if parsed is None:
            return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return day_start(parsed.date())
    try:
        return as_utc(parsed)
    except OverflowError:  # 9999-12-31T23:59:59-05:00 is past the last UTC instant Python can hold
        return None


def parse_partial_date(text: str, reference: date) -> date | None:
    """'February 3' → the closest such day not after ``reference`` + 1 day (datelines run a day ahead)."""
    parsed = _dateparser().parse(
        text,
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(reference.year, reference.month, reference.day),
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month"],
        },
    )
    if parsed is None:
        return None
    result: date = parsed.date()
    if re.search(r"\d{4}", text):
        return result
    # Without a year the date is near the publication date: the closest year that does not put it more than
    # a day after (a dateline runs at most a time zone ahead of a UTC publication day).
    candidates = [result.replace(year=reference.year + k) for k in (-1, 0, 1) if _valid(result, reference.year + k)]
    latest = reference + timedelta(days=1)
    return min(candidates, key=lambda d: (d > latest, abs((d - reference).days)))


def _valid(d: date, year: int) -> bool:
    try:
        d.replace(year=year)
    except ValueError:
        return False
    return True


def reference_day(published_at: datetime, dateline_date: date | None) -> tuple[date, str]:
    """The day an article's "yesterday" and "on Sunday" count from, and where it came from
    (``published`` or ``dateline``).

    The dateline wins when it is more specific than the publication field: the field is a UTC timestamp
    (it carries a time of day) and the dateline names the local day of filing within a day of it
    ("Washington, Feb. 2" on a story stamped 03:00 UTC on 3 February). A publication field that is a
    plain calendar day (a date line, an ISO date) is the publisher's own word for the day and is kept;
    an article whose only date is its dateline already has that day as its publication day.
    """
    day = published_at.date()
    has_time = published_at != day_start(day)
    if dateline_date is not None and dateline_date != day and has_time and abs((dateline_date - day).days) <= 1:
        return dateline_date, "dateline"
    return day, "published"
