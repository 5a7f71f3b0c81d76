"""When: the event date of a mention, its ACLED time precision (1 day, 2 week, 3 month) and the rule that
decided it (the mention's ``date_source``).

Dates count from the article's reference day (the publication day, or the dateline's day when that is
more specific: ``eventwire.ingest.dates.reference_day``) and never land after it, since the events coded
are reported as past. The rules, most trusted first:

- ``sentence``: a calendar date written in the sentence ("3 February 2024", "Feb. 3", "1st May",
  "October 2023", "in October"); a missing year is the reference year, or the year before when that day
  would still be to come.
- ``relative``: a day named from the reference day ("yesterday", "on Sunday", "last week", "two days ago").
- ``inherited``: nothing in the sentence; the coder carries the nearest preceding dated sentence of the
  same scene (``coder.Narrative``).
- ``dateline`` / ``published``: nothing at all: the reference day at week precision, because the text
  says "recently", not which day.

dateparser (with ``RELATIVE_BASE``) reads the open-ended "N days ago" phrases; what it lacks is here:
finding the expressions in a sentence, the publication day itself counting as "on Sunday", "last night",
"earlier this week", hedged dates and dates that are spans of time ("since October").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

import yaml
from spacy.tokens import Span, Token

from eventwire.coding.lexicon import DATA_DIR
from eventwire.ingest.article import InputArticle
from eventwire.ingest.dates import MONTHS, WEEKDAYS, reference_day

DAY, WEEK, MONTH = 1, 2, 3
# A written date may name the day after the reference day: a story filed on the evening of 3 February in
# Asia is stamped 2 February in UTC. Beyond that, a day still to come is not the day of a past event.
_TIME_ZONE_SLACK = timedelta(days=1)

_MONTH = (
    r"(?P<{g}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_FULL_MONTH = r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December)\b"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)\b"
# Calendar dates, most specific first; month names are capitalised, as in news text ("may" is a verb).
_CALENDAR = (
    re.compile(r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"),
    re.compile(rf"\b{_DAY.format(g='d')}(?:\s+of)?\s+{_MONTH.format(g='m')}(?:,?\s+{_YEAR.format(g='y')})?"),
    re.compile(rf"\b{_MONTH.format(g='m')}\s+{_DAY.format(g='d')}(?:,?\s+{_YEAR.format(g='y')})?"),
    re.compile(rf"\b{_MONTH.format(g='m')}(?:\s+of)?,?\s+{_YEAR.format(g='y')}"),
)
# A weekday with its part of the day is one expression: "overnight Saturday" is Saturday, not last night.
_WEEKDAY = re.compile(
    r"\b(?:overnight\s+(?:on\s+)?)?(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?:\s+(?:night|morning|afternoon|evening|overnight)\b)?"
)
# "in August", "in August last year", "in March of this year".
_BARE_MONTH = re.compile(rf"\b{_FULL_MONTH.format(g='m')}(?:,?\s+(?:of\s+)?(?P<which>last|this)\s+year\b)?")
_AGO = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d{1,2})\s+"
    r"(?:days?|weeks?|months?)\s+ago\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class When:
    day: date
    precision: int  # 1 day, 2 week, 3 month
    source: str  # the date_source vocabulary of schemas.columns.DateSource

    @property
    def explicit(self) -> bool:
        """The sentence itself dates the event."""
        return self.source in ("sentence", "relative")


@dataclass(frozen=True, slots=True)
class Found:
    """A date expression in a sentence: its character span in the document and what it resolves to."""

    start: int
    end: int
    when: When


@dataclass(frozen=True, slots=True)
class _Words:
    relative: dict[str, tuple[str, int, int]]
    relative_re: re.Pattern[str]
    hedge_re: re.Pattern[str]
    week_note_re: re.Pattern[str]
    span_preps: frozenset[str]
    future_words: frozenset[str]
    named_days: frozenset[str]
    month_prep_re: re.Pattern[str]


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@cache
def _words() -> _Words:
    with (DATA_DIR / "dates.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    relative = {str(k).lower(): (str(v[0]), int(v[1]), int(v[2])) for k, v in data["relative"].items()}
    for phrase, (unit, _, precision) in relative.items():
        if unit not in ("day", "week", "month", "weekend") or precision not in (DAY, WEEK, MONTH):
            raise ValueError(f"dates.yaml relative.{phrase}: bad unit {unit!r} or precision {precision!r}")
    return _Words(
        relative=relative,
        relative_re=re.compile(rf"\b(?:{_alternation(list(relative))})\b", re.IGNORECASE),
        hedge_re=re.compile(rf"\b(?:{_alternation(data['hedges'])})\s+(?:on\s+)?$", re.IGNORECASE),
        week_note_re=re.compile(rf"^\s*\((?:{_alternation(data['week_notes'])})\b[^)]*\)", re.IGNORECASE),
        span_preps=frozenset(str(w).lower() for w in data["span_preps"]),
        future_words=frozenset(str(w).lower() for w in data["future_words"]),
        named_days=frozenset(str(w).lower() for w in data["named_days"]),
        month_prep_re=re.compile(rf"\b(?:{_alternation(data['month_preps'])})\s*$", re.IGNORECASE),
    )


# ── resolving one expression ────────────────────────────────────────────────────────────────────
def last_weekday(name: str, reference: date) -> date:
    """The last such weekday on or before ``reference``: "on Friday" in Friday's paper is that day."""
    return reference - timedelta(days=(reference.weekday() - WEEKDAYS.index(name.lower())) % 7)


def _month_index(name: str) -> int:
    low = name.lower().rstrip(".")
    return next(i + 1 for i, m in enumerate(MONTHS) if m.startswith(low[:3]))


def calendar_date(day: int | None, month: int, year: int | None, reference: date) -> tuple[date, int] | None:
    """A written day (or, with ``day`` None, a month) → (date, precision); None when it is no real day or
    lies after the reference day (beyond the time-zone slack)."""
    precision = DAY if day is not None else MONTH
    try:
        if year is None:
            found = date(reference.year, month, day or 1)
            if found > reference + (_TIME_ZONE_SLACK if day else timedelta(0)):
                found = date(reference.year - 1, month, day or 1)  # "3 March" in a February paper: last year
        else:
            found = date(year, month, day or 1)
    except ValueError:
        return None  # "31 April", or 29 February of a common year
    if found > reference + _TIME_ZONE_SLACK:
        return None  # a past event is not dated after publication
    return found, precision


def relative_date(unit: str, offset: int, reference: date) -> date:
    """The first day of the unit ``offset`` units before or after the one holding ``reference``."""
    if unit == "day":
        return reference + timedelta(days=offset)
    if unit == "week":
        return reference - timedelta(days=reference.weekday()) + timedelta(weeks=offset)
    if unit == "weekend":
        return last_weekday("saturday", reference)
    months = reference.year * 12 + reference.month - 1 + offset
    return date(months // 12, months % 12 + 1, 1)


@lru_cache(maxsize=4096)
def _ago(text: str, reference: date) -> tuple[date, int] | None:
    """'two days ago' → (date, precision) by dateparser, counted from ``reference``."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(reference.year, reference.month, reference.day),
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )
    data = parser.get_date_data(text)
    precision = {"day": DAY, "week": WEEK, "month": MONTH}.get(data.period or "")
    if data.date_obj is None or precision is None or data.date_obj.date() > reference:
        return None
    return data.date_obj.date(), precision


# ── finding expressions in a sentence ──────────────────────────────────────────────────────────
def find_dates(sent: Span, reference: date) -> list[Found]:
    """Every expression in ``sent`` that dates an event, resolved against ``reference``, in text order.
    Spans of time ("since October", "until Friday") and forward references ("next Sunday") are left out."""
    words = _words()
    text = sent.text
    taken: list[tuple[int, int]] = []
    found: list[Found] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(start: int, end: int, resolved: tuple[date, int] | None, source: str) -> None:
        taken.append((start, end))  # claimed even when unresolved: "29 May" is not also a bare "May"
        before = text[:start]
        if resolved is None or _leading_word(before) in words.span_preps:
            return
        day, precision = resolved
        if precision == DAY and (words.hedge_re.search(before) or words.week_note_re.match(text[end:])):
            precision = WEEK  # "Around 28 April", "28 April (week of)"
        found.append(Found(sent.start_char + start, sent.start_char + end, When(day, precision, source)))

    for pattern in _CALENDAR:
        for m in pattern.finditer(text):
            if free(*m.span()):
                add(*m.span(), _calendar_match(m, reference), "sentence")
    for m in _BARE_MONTH.finditer(text):
        if free(*m.span()) and words.month_prep_re.search(text[: m.start()]):
            year = reference.year - 1 if m["which"] == "last" else None
            add(*m.span(), calendar_date(None, _month_index(m["m"]), year, reference), "sentence")
    for m in _WEEKDAY.finditer(text):
        if free(*m.span()) and _leading_word(text[: m.start()]) in words.named_days:
            taken.append(m.span())  # "Bloody Sunday", "Good Friday": a name, not last Sunday
        elif free(*m.span()) and _leading_word(text[: m.start()]) not in words.future_words:
            add(*m.span(), (last_weekday(m["w"], reference), DAY), "relative")
    for m in words.relative_re.finditer(text):
        if free(*m.span()):
            unit, offset, precision = words.relative[m.group(0).lower()]
            add(*m.span(), (relative_date(unit, offset, reference), precision), "relative")
    for m in _AGO.finditer(text):
        if free(*m.span()):
            add(*m.span(), _ago(m.group(0).lower(), reference), "relative")
    return sorted(found, key=lambda f: f.start)


def _calendar_match(m: re.Match[str], reference: date) -> tuple[date, int] | None:
    groups = m.groupdict()
    if groups.get("iso"):
        year, month, day = (int(x) for x in groups["iso"].split("-"))
        return calendar_date(day, month, year, reference)
    day_of_month = int(groups["d"]) if groups.get("d") else None
    if day_of_month is not None and not 1 <= day_of_month <= 31:
        return None
    return calendar_date(
        day_of_month, _month_index(groups["m"]), int(groups["y"]) if groups.get("y") else None, reference
    )


def _leading_word(before: str) -> str:
    """The word just before an expression, skipping "early", "late", "mid", "last", "on" and "the"."""
    tokens = re.findall(r"[A-Za-z]+", before[-40:].lower())
    while tokens and tokens[-1] in ("early", "late", "mid", "the", "on", "last"):
        tokens.pop()
    return tokens[-1] if tokens else ""


# ── the date of one event ───────────────────────────────────────────────────────────────────────
def event_date(sent: Span, roots: list[Token], undated: When) -> When:
    """The date of the event whose clause is headed by ``roots``: the date attached most closely to the
    event's words, else the first date of the sentence, else ``undated`` (the reference day)."""
    dates = find_dates(sent, undated.day)
    if not dates:
        return undated
    heads = {t.i for t in roots}
    return min(dates, key=lambda f: (_distance(sent, f, heads), f.start)).when


def scene_date(sent: Span, reference: date) -> When | None:
    """The date of a fronted time adverbial that frames the main clause ("On 28 April, police chased a car."):
    it sets the scene for the sentences after it ("A shoot-out broke out."). A date after the main verb
    ("The minister said on Monday …") dates that clause only."""
    root = {sent.root.i}
    dates = find_dates(sent, reference)
    fronted = [f for f in dates if f.end <= sent.root.idx and _distance(sent, f, root) <= 2]
    return fronted[0].when if fronted else None


def _distance(sent: Span, found: Found, heads: set[int]) -> int:
    """Steps up the parse from the expression to the event's words; a large number when it is not under
    them ("On 6 May, a group protested the abduction … on 29 January": the first date is the protest's)."""
    span = sent.doc.char_span(found.start, found.end, alignment_mode="expand")
    token = span.root if span is not None and len(span) else sent.doc[sent.start]
    for steps in range(len(sent) + 1):
        if token.i in heads:
            return steps
        if token.head.i == token.i:
            break
        token = token.head
    return 10_000


def reference_of(article: InputArticle) -> When:
    """The date of an undated event: the reference day at week precision, named by where it came from."""
    day, source = reference_day(article.published_at, article.dateline_date)
    return When(day, WEEK, source)


def inherited(when: When) -> When:
    return When(when.day, when.precision, "inherited")
