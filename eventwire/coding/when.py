"""When: the event date of a mention, its ACLED time precision (1 day, 2 week, 3 month) and the rule that
decided it (the mention's ``date_source``).

Dates count from the article's reference day (the publication day, or the dateline's day when that is
more specific: ``eventwire.ingest.dates.reference_day``) and never land after it, since the events coded
are reported as past, except a day written out a few days after it (``written_days_ahead`` in
``dates.yaml``), which is taken as written: the stamp is late or a placeholder. The rules, most trusted first:

- ``sentence``: a calendar date written in the sentence ("3 February 2024", "Feb. 3", "1st May",
  "October 2023", "in October", "last July"); a missing year is the reference year, or the year before when
  that day is more than ``written_days_ahead`` days to come. Dates in numbers ("23/01", "14-03-2017",
  "3.4.2021") are read in the source country's day-month order when both numbers could be the month
  (``source_order``); a year alone ("in 2011", "the 2004 murder") is its first day at precision 3.
- ``relative``: a day named from the reference day ("yesterday", "on Sunday", "last week", "two days ago",
  "last year").
- ``inherited``: nothing in the sentence; the coder carries the nearest preceding dated sentence of the
  same scene (``coder.Narrative``).
- ``dateline`` / ``published``: nothing at all: the reference day at week precision, because the text
  says "recently", not which day.

An act retold from an earlier time (``retold``) is dated by its own clue, never by the scene or the reference
day; the coder keeps one that nothing dates as a ``background`` mention, which makes no event.

dateparser (with ``RELATIVE_BASE``) reads the open-ended "N days ago" phrases; what it lacks is here:
finding the expressions in a sentence, the publication day itself counting as "on Sunday", "last night",
"earlier this week", hedged dates and dates that are spans of time ("since October").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

import yaml
from spacy.tokens import Span, Token

from eventwire.coding.date_attachment import first_conjunct, in_other_clause, owner_of
from eventwire.coding.lexicon import DATA_DIR
from eventwire.coding.seasons import SEASON, SEASON_NAMES, season_start
from eventwire.ingest.article import InputArticle
from eventwire.ingest.dates import MONTHS, WEEKDAYS, DateOrder, date_order, day_and_month, reference_day, url_country
from eventwire.nlp.doc_cache import per_key

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
_YEARS_AGO = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+ago\b", re.IGNORECASE
)
_WEEKDAY_BEFORE = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)[\s,]*$")
_SMALL_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# "last July": the latest July before the reference month.
_LAST_MONTH_NAME = re.compile(rf"\blast\s+{_FULL_MONTH.format(g='m')}")
# A year alone ("in 2007", "the 2004 murder", "2019's attack") and a decade ("in the 1990s"); not a figure
# ("$2019", "2019 people" is no DATE to the parser), a range ("2019-20") or part of a longer number.
_YEAR_ALONE = re.compile(r"(?<![\w$£€#.,/\-])(?P<y>(?:19|20)\d\d)(?P<poss>['’]s)?(?![\w/%]|[\-–.,:/]\d)")
_DECADE = re.compile(r"\bin\s+the\s+(?:early\s+|late\s+|mid-?)?(?P<y>(?:19|20)\d0)s\b", re.IGNORECASE)
# Dates written in numbers: day and month (either order) with the year ("14-03-2017", "3.4.2021", "03/04/21"),
# the year first ("2021/03/04"), or day and month alone ("23/01"). The separators must agree; what may follow
# excludes ratios, percentages and longer numbers ("3/4%", "1.2.3.4").
_NUMERIC = re.compile(
    r"(?<![\w$£€#.,/:\-])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>(?:19|20)\d\d|\d\d))?"
    r"(?![\w/%]|[.,:\-]\d)"
)
# What every expression of ``_find_dates`` needs, but its relative words (``relative_re``): a figure (a day, a
# year, a date in numbers, "3 days ago"), a month or weekday name, or "ago" ("a few days ago").
_MAY_DATE = re.compile(
    rf"\d|{_FULL_MONTH.format(g='m')}|\b(?:{'|'.join(d.title() for d in WEEKDAYS)})\b|\b(?i:ago)\b"
    rf"|\b(?i:{SEASON_NAMES})\b"
)
_WHEN_AFTER = re.compile(r"\s*,?\s*when\b", re.IGNORECASE)
_NUMERIC_YEAR_FIRST = re.compile(
    r"(?<![\w$£€#.,/:\-])(?P<y>(?:19|20)\d\d)(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<a>\d{1,2})(?![\w/%]|[.,:\-]\d)"
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
    """A date expression in a sentence: its character span in the document and what it resolves to.
    ``owner`` is the noun the expression modifies ("the 2004 murder", "Monday's attack"). ``year_only``: a
    year (or decade) alone, which dates only an act it is attached to in the parse or its owner, never the
    sentence's other acts ("A man wanted for the 2004 murder was arrested": not an arrest in 2004)."""

    start: int
    end: int
    when: When
    owner: int | None = None
    year_only: bool = False


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
    numeric_cue_re: re.Pattern[str]
    numeric_names: frozenset[str]
    numeric_not_after: frozenset[str]
    earlier_adverbs: frozenset[str]
    earlier_phrases: frozenset[str]
    earlier_adjectives: frozenset[str]
    charge_verbs: frozenset[str]
    retold_verbs: frozenset[str]  # the charge verbs but the search verbs ("seek"), whose act is the news itself
    charge_preps: frozenset[str]
    written_days_ahead: int
    seasons: dict[str, int]


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@cache
def _words() -> _Words:
    with (DATA_DIR / "dates.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    relative = {str(k).lower(): (str(v[0]), int(v[1]), int(v[2])) for k, v in data["relative"].items()}
    for phrase, (unit, _, precision) in relative.items():
        if unit not in ("day", "week", "month", "year", "weekend") or precision not in (DAY, WEEK, MONTH):
            raise ValueError(f"dates.yaml relative.{phrase}: bad unit {unit!r} or precision {precision!r}")
    if {str(k).lower() for k in data["seasons"]} != set(SEASON_NAMES.split("|")):
        raise ValueError(f"dates.yaml seasons: the names must be those seasons.SEASON_NAMES reads ({SEASON_NAMES})")
    return _Words(
        relative=relative,
        relative_re=re.compile(rf"\b(?:{_alternation(list(relative))})\b", re.IGNORECASE),
        hedge_re=re.compile(rf"\b(?:{_alternation(data['hedges'])})\s+(?:on\s+)?$", re.IGNORECASE),
        week_note_re=re.compile(rf"^\s*\((?:{_alternation(data['week_notes'])})\b[^)]*\)", re.IGNORECASE),
        span_preps=frozenset(str(w).lower() for w in data["span_preps"]),
        future_words=frozenset(str(w).lower() for w in data["future_words"]),
        named_days=frozenset(str(w).lower() for w in data["named_days"]),
        month_prep_re=re.compile(rf"\b(?:{_alternation(data['month_preps'])})\s*$", re.IGNORECASE),
        numeric_cue_re=re.compile(rf"(?:\b(?:{_alternation(data['numeric_cues'])})|\()[\s,]*$", re.IGNORECASE),
        numeric_names=frozenset(str(w) for w in data["numeric_names"]),
        numeric_not_after=frozenset(str(w).lower() for w in data["numeric_not_after"]),
        earlier_adverbs=frozenset(str(w).lower() for w in data["earlier_adverbs"]),
        earlier_phrases=frozenset(str(w).lower() for w in data["earlier_phrases"]),
        earlier_adjectives=frozenset(str(w).lower() for w in data["earlier_adjectives"]),
        charge_verbs=frozenset(str(w).lower() for w in data["charge_verbs"]),
        retold_verbs=frozenset(str(w).lower() for w in data["charge_verbs"] if w not in data["search_verbs"]),
        charge_preps=frozenset(str(w).lower() for w in data["charge_preps"]),
        written_days_ahead=int(data["written_days_ahead"]),
        seasons={str(k).lower(): int(v) for k, v in data["seasons"].items()},
    )


# ── resolving one expression ────────────────────────────────────────────────────────────────────
def last_weekday(name: str, reference: date) -> date:
    """The last such weekday on or before ``reference``: "on Friday" in Friday's paper is that day."""
    return reference - timedelta(days=(reference.weekday() - WEEKDAYS.index(name.lower())) % 7)


def future_words() -> frozenset[str]:
    """Words that put a named day after the reference day: "next Friday", "the coming week"."""
    return _words().future_words


def _month_index(name: str) -> int:
    low = name.lower().rstrip(".")
    return next(i + 1 for i, m in enumerate(MONTHS) if m.startswith(low[:3]))


def calendar_date(day: int | None, month: int, year: int | None, reference: date) -> tuple[date, int] | None:
    """A written day (or, with ``day`` None, a month) → (date, precision); None when it is no real day or
    lies after the reference day (beyond ``written_days_ahead`` for a day, the time-zone slack for a month).
    A day without a year is the reference year's when that is at most ``written_days_ahead`` days ahead, else
    the year before's."""
    precision = DAY if day is not None else MONTH
    # a written day a few days past the reference day is taken as written: the stamp is late or a placeholder
    ahead = timedelta(days=_words().written_days_ahead) if day is not None else timedelta(0)
    try:
        if year is None:
            found = date(reference.year, month, day or 1)
            if found > reference + ahead:
                found = date(reference.year - 1, month, day or 1)  # "3 March" in a February paper: last year
        else:
            found = date(year, month, day or 1)
    except ValueError:
        return None  # "31 April", or 29 February of a common year
    if found > reference + max(ahead, _TIME_ZONE_SLACK):
        return None  # a past event is not dated after publication (beyond the days a written day may be ahead)
    return found, precision


def relative_date(unit: str, offset: int, reference: date) -> date:
    """The first day of the unit ``offset`` units before or after the one holding ``reference``."""
    if unit == "day":
        return reference + timedelta(days=offset)
    if unit == "week":
        return reference - timedelta(days=reference.weekday()) + timedelta(weeks=offset)
    if unit == "weekend":
        return last_weekday("saturday", reference)
    if unit == "year":
        return date(reference.year + offset, 1, 1)
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
def find_dates(sent: Span, reference: date, order: DateOrder = "day_first") -> list[Found]:
    """Every expression in ``sent`` that dates an event, resolved against ``reference``, in text order;
    ``order`` is how the source writes dates in numbers (``source_order``). Spans of time ("since October",
    "until Friday") and forward references ("next Sunday") are left out. Computed once per sentence and kept on
    the doc: the scene's date and every act of the sentence ask for them."""
    key = (sent.start, sent.end, reference, order)
    return list(per_key(sent.doc, "eventwire.dates", key, lambda: tuple(_find_dates(sent, reference, order))))


def _find_dates(sent: Span, reference: date, order: DateOrder) -> list[Found]:
    words = _words()
    text = sent.text
    if not _MAY_DATE.search(text) and not words.relative_re.search(text):
        return []  # most sentences: none of the dozen expressions below can match
    taken: list[tuple[int, int]] = []
    found: list[Found] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(start: int, end: int, resolved: tuple[date, int] | None, source: str, year_only: bool = False) -> None:
        taken.append((start, end))  # claimed even when unresolved: "29 May" is not also a bare "May"
        before = text[:start]
        if resolved is None:
            return
        begin, stop = sent.start_char + start, sent.start_char + end
        owner = owner_of(sent, begin, stop)
        leading = _leading_word(before)
        if (owner is None and leading in words.span_preps) or leading in words.future_words:
            return  # "since October", "the coming June 12"; but "for the 2004 murder" names the murder's year
        day, precision = resolved
        if precision == DAY and (words.hedge_re.search(before) or words.week_note_re.match(text[end:])):
            precision = WEEK  # "Around 28 April", "28 April (week of)"
        found.append(Found(begin, stop, When(day, precision, source), owner, year_only))

    for pattern in _CALENDAR:
        for m in pattern.finditer(text):
            if free(*m.span()):
                add(*m.span(), _calendar_match(m, reference), "sentence")
    for m in [*_NUMERIC_YEAR_FIRST.finditer(text), *_NUMERIC.finditer(text)]:
        if free(*m.span()) and _numeric_is_date(m, text, words):
            add(*m.span(), _numeric_match(m, reference, order), "sentence")
    for m in _LAST_MONTH_NAME.finditer(text):
        if free(*m.span()):
            month = _month_index(m["m"])
            latest = reference.year if month < reference.month else reference.year - 1
            add(*m.span(), calendar_date(None, month, latest, reference), "sentence")
    for m in _BARE_MONTH.finditer(text):
        if free(*m.span()) and words.month_prep_re.search(text[: m.start()]):
            year = reference.year - 1 if m["which"] == "last" else None
            add(*m.span(), calendar_date(None, _month_index(m["m"]), year, reference), "sentence")
    for m in SEASON.finditer(text):
        if free(*m.span()):
            start = season_start(m, reference, words.seasons)
            add(*m.span(), None if start is None else (start, MONTH), "relative" if m["which"] else "sentence")
    for m in _DECADE.finditer(text):
        if free(*m.span()):
            add(*m.span(), calendar_date(None, 1, int(m["y"]), reference), "sentence", year_only=True)
    for m in _YEAR_ALONE.finditer(text):
        if free(*m.span()) and _year_is_date(sent, m, words):
            add(*m.span(), calendar_date(None, 1, int(m["y"]), reference), "sentence", year_only=True)
    for m in _WEEKDAY.finditer(text):
        if not free(*m.span()):
            continue
        if _leading_word(text[: m.start()]) in words.named_days or _beside_taken(m, text, taken):
            # "Bloody Sunday", "Good Friday": a name, not last Sunday; "Monday, Dec. 26": the date says which
            taken.append(m.span())
        elif _leading_word(text[: m.start()]) not in words.future_words:
            add(*m.span(), (last_weekday(m["w"], reference), DAY), "relative")
    for m in words.relative_re.finditer(text):
        if free(*m.span()):
            unit, offset, precision = words.relative[m.group(0).lower()]
            add(*m.span(), (relative_date(unit, offset, reference), precision), "relative", year_only=unit == "year")
    for m in _AGO.finditer(text):
        if free(*m.span()):
            add(*m.span(), _ago(m.group(0).lower(), reference), "relative")
    for m in _YEARS_AGO.finditer(text):
        if free(*m.span()):
            n = m["n"].lower()
            years = 1 if n in ("a", "an") else int(n) if n.isdigit() else _SMALL_NUMBERS.index(n) + 1
            add(*m.span(), (date(reference.year - years, 1, 1), MONTH), "relative", year_only=True)
    return sorted(found, key=lambda f: f.start)


def _beside_taken(m: re.Match[str], text: str, taken: list[tuple[int, int]]) -> bool:
    """A weekday written with the date it names: "Monday, Dec. 26", "Monday 23/01", "26 December (Monday)"."""
    after = any(s >= m.end() and re.fullmatch(r"[\s,]*", text[m.end() : s]) for s, _ in taken)
    return after or any(e <= m.start() and re.fullmatch(r"[\s,(]*", text[e : m.start()]) for _, e in taken)


def _numeric_is_date(m: re.Match[str], text: str, words: _Words) -> bool:
    """Whether numbers with separators are a date, not a score ("won 3-1"), a fraction ("3/4 of"), a ratio
    ("24/7"), a version or a time ("12.30"). With a year and agreeing separators they are; a day and month
    alone must be written with a slash after a word that introduces a date ("on 23/01", "the morning of
    23/01", "Monday 23/01", "(23/01)"), and must not be a name ("9/11")."""
    before = re.findall(r"[A-Za-z]+", text[: m.start()][-30:].lower())
    if before and before[-1] in words.numeric_not_after:
        return False
    year = m["y"]
    if year is not None:
        return len(year) == 4 or m["sep"] == "/"
    if m["sep"] != "/" or m.group(0) in words.numeric_names or re.match(r"\s+of\b", text[m.end() :]):
        return False
    prefix = text[: m.start()]
    return bool(words.numeric_cue_re.search(prefix) or _WEEKDAY_BEFORE.search(prefix))


def _numeric_match(m: re.Match[str], reference: date, order: DateOrder) -> tuple[date, int] | None:
    """A numeric date → (date, precision): the day-month order of the source's country when both numbers could
    be the month; a two-digit year is the latest such year not after the reference year."""
    if m.re is _NUMERIC_YEAR_FIRST:
        day_month: tuple[int, int] | None = (int(m["a"]), int(m["b"]))  # year first is always Y-M-D
    else:
        day_month = day_and_month(int(m["a"]), int(m["b"]), order)
    if day_month is None:
        return None
    year = m["y"]
    full = None
    if year is not None:
        full = int(year) if len(year) == 4 else 2000 + int(year)
        if full > reference.year:
            full -= 100
    return calendar_date(day_month[0], day_month[1], full, reference)


def _year_is_date(sent: Span, m: re.Match[str], words: _Words) -> bool:
    """A year alone is a date when the parser reads it as one and the text uses it as one: "in 2007",
    "the 2004 murder", "2019's attack", "echoes of 2007, when …"; not "2019 people" nor "Resolution 2249"."""
    span = sent.doc.char_span(sent.start_char + m.start("y"), sent.start_char + m.end("y"), alignment_mode="expand")
    if span is None or not len(span) or span.root.ent_type_ != "DATE":
        return False
    before = re.findall(r"[A-Za-z]+", sent.text[: m.start()][-30:].lower())
    if before and before[-1] in words.numeric_not_after:
        return False
    token = span.root
    # a year before a noun is a date when the noun is singular or the year has an article: "the 2004 murders",
    # "a 2019 attack", not "2019 people"
    modifier = (
        token.dep_ in ("nummod", "compound", "amod", "nmod")
        and token.head.pos_ == "NOUN"
        and (token.head.tag_ == "NN" or (token.i > 0 and token.doc[token.i - 1].dep_ in ("det", "poss")))
    )
    # "the echoes of 2007, when the government accused …": a when-clause says the year is a time
    when_clause = _WHEN_AFTER.match(sent.text, m.end())
    return bool(m["poss"] or words.month_prep_re.search(sent.text[: m.start()]) or modifier or when_clause)


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
    """The word just before an expression, skipping "early", "late", "mid", "last", "on", "the", a weekday
    written with the date ("effective next Wednesday, July 31" is a day to come, "since Monday, March 2" a span)
    and a part of the period ("since the beginning of August" is a span too)."""
    tokens = re.findall(r"[A-Za-z]+", before[-40:].lower())
    while tokens:
        if tokens[-1] in ("early", "late", "mid", "the", "on", "last", *WEEKDAYS):
            tokens.pop()
        elif len(tokens) > 1 and tokens[-1] == "of" and tokens[-2] in _PARTS:
            del tokens[-2:]  # "the beginning of", "the end of"
        else:
            break
    return tokens[-1] if tokens else ""


_PARTS = ("beginning", "start", "end", "middle", "turn")


# ── the date of one event ───────────────────────────────────────────────────────────────────────
def event_date(sent: Span, roots: list[Token], undated: When, order: DateOrder = "day_first") -> When:
    """The date of the event whose clause is headed by ``roots``: the date attached most closely to the
    event's words, else the first date of the sentence that is not a year alone, else ``undated`` (the
    reference day). A year that modifies another act's noun ("wanted for the 2004 murder") or sits in a relative
    clause ("the plane, which was built in 1977") dates that act only; a day does so only when nothing nearer
    dates the event ("After Saturday's unrest, twenty were arrested"), and not from a coordinated clause with a
    subject of its own ("…; but today I have no problem"), nor from the noun of what a charge or an arrest is for
    ("two were arrested in Saturday's shooting": the shooting's day)."""
    heads = {t.i for t in roots}
    words = _words()
    # "Ten years ago, a gunman entered the church and killed seven": a fronted date frames every verb coordinated
    # with the one it hangs on
    first = {c.i for c in (first_conjunct(t) for t in roots) if c.i not in heads}
    ranked = [
        (_distance(sent, f, heads, first), f.start, f)
        for f in find_dates(sent, undated.day, order)
        if f.owner is None
        or f.owner in heads
        # "arrested in Saturday's shooting": the day of what the arrest is for, not of the arrest
        or not (f.year_only or _charged_matter(sent.doc[f.owner], words))
    ]
    ranked = [
        r
        for r in ranked
        if r[0] < _NOT_UNDER or not (r[2].year_only or in_other_clause(sent, r[2].start, r[2].end, heads))
    ]
    if not ranked:
        return undated
    return min(ranked, key=lambda r: (r[0], r[1]))[2].when


def scene_date(sent: Span, reference: date, order: DateOrder = "day_first") -> When | None:
    """The date of a fronted time adverbial that frames the main clause ("On 28 April, police chased a car."):
    it sets the scene for the sentences after it ("A shoot-out broke out."). A date after the main verb
    ("The minister said on Monday …") dates that clause only."""
    root = {sent.root.i}
    dates = find_dates(sent, reference, order)
    fronted = [f for f in dates if f.end <= sent.root.idx and f.owner is None and _distance(sent, f, root) <= 2]
    return fronted[0].when if fronted else None


_NOT_UNDER = 10_000
# A date that frames the first of the coordinated verbs ranks after every date under the event's own words
# ("Last year, police arrested him and on Monday charged him": the charge is Monday's), before none at all.
_FRAMED = 1_000
NOT_UNDER = _NOT_UNDER  # what ``distance_to`` returns for an expression not under the words given


def distance_to(sent: Span, found: Found, heads: set[int]) -> int:
    """Steps up the parse from a date expression to the words ``heads`` (``NOT_UNDER`` when it is not under them)."""
    return _distance(sent, found, heads)


def _distance(sent: Span, found: Found, heads: set[int], first: set[int] | frozenset[int] = frozenset()) -> int:
    """Steps up the parse from the expression to the event's words; a large number when it is not under
    them ("On 6 May, a group protested the abduction … on 29 January": the first date is the protest's).
    ``first``: the first verbs the event's words are coordinated with; a date written before such a verb and
    under it frames the event too, after every date of the event's own words (``_FRAMED``)."""
    if first:
        own = _distance(sent, found, heads)
        fronted = {i for i in first if found.end <= sent.doc[i].idx}
        framed = _distance(sent, found, fronted) + _FRAMED if fronted else _NOT_UNDER
        return min(own, framed)
    span = sent.doc.char_span(found.start, found.end, alignment_mode="expand")
    token = span.root if span is not None and len(span) else sent.doc[sent.start]
    # "erupted in 1972 when LTTE took up arms", "echoes of 2007, when the government accused": a when-clause
    # hangs beside the date it specifies, not under it
    doc = sent.doc
    when_parents = {
        clause.head.i
        for i in heads
        for clause in [doc[i], *list(doc[i].ancestors)[:3]]  # the act's own clause or one it sits in
        if any(c.dep_ == "advmod" and c.lower_ == "when" for c in clause.children)
    }
    for steps in range(len(sent) + 1):
        if token.i in heads:
            return steps
        if token.i in when_parents and steps <= 2:
            return steps + 1
        if found.year_only and token.dep_ in ("relcl", "acl") and token.pos_ in ("VERB", "AUX"):
            return _NOT_UNDER  # "the plane, which was built in 1977": the building's year, not the crash's
        if token.head.i == token.i:
            break
        token = token.head
    return _NOT_UNDER


def retold(roots: Sequence[Token], reporting_verbs: frozenset[str]) -> bool:
    """Whether the act headed by ``roots`` is retold from an earlier time rather than reported as the news:
    an adverb of anteriority on its verb ("was previously arrested", "have in the past conducted searches"), an
    adjective on its noun ("an earlier attack", "previous arrests"), or the past perfect of a relative clause
    ("the officer, who had shot a man") that no reporting verb governs (after "said", "had attacked" is only
    the reported past: "police said the man had attacked his wife"). The past perfect of a main clause is not
    enough: news writes "Thousands had gathered outside Congress" of the day's protest."""
    words = _words()
    for token in roots:
        if _charged_matter(token, words, words.retold_verbs):
            return True
        if token.pos_ in ("NOUN", "PROPN"):
            if any(c.dep_ == "amod" and c.lower_ in words.earlier_adjectives for c in token.children):
                return True
            continue
        auxiliaries = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        # the parser hangs a phrase between auxiliary and verb on the auxiliary: "have in the past conducted"
        for child in [*token.children, *(g for a in auxiliaries for g in a.children)]:
            if child.dep_ == "advmod" and child.pos_ == "ADV" and child.lower_ in words.earlier_adverbs:
                return True
            if child.dep_ in ("prep", "advmod", "npadvmod") and _phrase(child) in words.earlier_phrases:
                return True
        perfect = any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in auxiliaries)
        reported = any(a.lemma_.lower() in reporting_verbs for a in token.ancestors)
        if perfect and token.dep_ == "relcl" and not reported:
            return True
    return False


def _charged_matter(token: Token, words: _Words, verbs: frozenset[str] | None = None) -> bool:
    """Whether ``token`` names what a charge, an arrest or a sentence is for ("charged in the abduction",
    "accused of stabbing an officer", "arrested in connection with the killing"): an act before the one reported
    (``verbs``: the verbs that count, ``charge_verbs`` unless given)."""
    head = token.head
    if head.dep_ == "pobj" and head.head.lower_ in words.charge_preps:  # "in connection with", "in the case of"
        head = head.head.head
    return (
        token.dep_ in ("pobj", "pcomp")
        and head.lower_ in words.charge_preps
        and head.head.lemma_.lower() in (words.charge_verbs if verbs is None else verbs)
    )


def _phrase(token: Token) -> str:
    return " ".join(t.lower_ for t in token.subtree)


def reference_of(article: InputArticle) -> When:
    """The date of an undated event: the reference day at week precision, named by where it came from."""
    day, source = reference_day(article.published_at, article.dateline_date)
    return When(day, WEEK, source)


def source_order(article: InputArticle, dateline_iso3: str | None, story_iso3: str | None) -> DateOrder:
    """How the article's source writes dates in numbers: by the dateline's country, else the outlet's web
    address, else the country the story is about (``ingest/data/date_order.yaml``)."""
    return date_order(dateline_iso3 or url_country(article.url) or url_country(article.source) or story_iso3)


def inherited(when: When) -> When:
    return When(when.day, when.precision, "inherited")
