"""Parsing the publication dates that inputs carry (ISO strings, date lines, datelines)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml

from eventwire.ingest.article import as_utc, day_start

DATA_DIR = Path(__file__).parent / "data"

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


# ── dates written in numbers ────────────────────────────────────────────────────────────────────
DateOrder = Literal["day_first", "month_first", "mixed"]


@cache
def _orders() -> tuple[frozenset[str], frozenset[str], DateOrder, frozenset[str]]:
    with (DATA_DIR / "date_order.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    default = data["default"]
    if default not in ("day_first", "month_first", "mixed"):
        raise ValueError(f"date_order.yaml default: {default!r} is not day_first, month_first or mixed")
    return (
        frozenset(str(c).upper() for c in data["month_first"]),
        frozenset(str(c).upper() for c in data["mixed"]),
        default,
        frozenset(str(d).lower() for d in data["vanity_domains"]),
    )


def date_order(iso3: str | None) -> DateOrder:
    """How a source of this country writes numeric dates (``data/date_order.yaml``); unknown: the default."""
    month_first, mixed, default, _ = _orders()
    if iso3 is None:
        return default
    if iso3.upper() in month_first:
        return "month_first"
    return "mixed" if iso3.upper() in mixed else "day_first"


def url_country(url: str | None) -> str | None:
    """The outlet's country from its web address's country-code domain ("www.bbc.co.uk" → GBR); None for a
    generic (.com, .org) or vanity (.co, .tv) domain."""
    import pycountry

    if not isinstance(url, str) or not url:
        return None  # a malformed record is refused when its rows are validated, not here
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    tld = host.rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or tld in _orders()[3]:
        return None
    country = pycountry.countries.get(alpha_2="GB" if tld == "uk" else tld.upper())
    return str(country.alpha_3) if country is not None else None


def day_and_month(first: int, second: int, order: DateOrder) -> tuple[int, int] | None:
    """(day, month) of a date written "first/second": a number above 12 can only be the day, whatever the
    country; when both could be the month, the source's ``order`` decides ("mixed": not read, None).
    None when neither reading is a day of a month."""
    first_is_day = 1 <= first <= 31 and 1 <= second <= 12
    second_is_day = 1 <= second <= 31 and 1 <= first <= 12
    if first_is_day and second_is_day and first != second:
        if order == "mixed":
            return None
        return (second, first) if order == "month_first" else (first, second)
    if first_is_day:
        return first, second
    if second_is_day:
        return second, first
    return None
