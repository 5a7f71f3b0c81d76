"""When: the event date of a mention and its ACLED time precision (1 day, 2 week, 3 month).

Dates are read relative to the publication day and never land after it. A sentence that pins no date
gets the publication day with precision 2: the text says "recently", not which day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Span, Token

from eventwire.ingest.dates import parse_partial_date

DAY, WEEK, MONTH = 1, 2, 3
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_EXPLICIT = re.compile(r"\b(\d{1,2}\s+[A-Za-z]{3,9}\.?(\s+\d{4})?|[A-Za-z]{3,9}\.?\s+\d{1,2}(,?\s+\d{4})?|"
                       r"\d{4}-\d{2}-\d{2})\b")
# Expressions that describe a span of time, not the day of this event ("since October").
_SPAN_PREPS = frozenset({"since", "throughout", "during", "over", "for", "until", "till"})


def _last_weekday(name: str, published: date) -> date:
    target = WEEKDAYS.index(name)
    return published - timedelta(days=(published.weekday() - target) % 7)


def parse_expression(text: str, published: date) -> tuple[date, int] | None:
    """One date expression → (date, precision), relative to the publication day."""
    low = text.lower().strip()
    if low in ("today", "this morning", "this afternoon", "this evening", "tonight"):
        return published, DAY
    if low in ("yesterday", "last night", "overnight", "yesterday morning", "yesterday evening"):
        return published - timedelta(days=1), DAY
    if low in ("this week", "earlier this week"):
        return published - timedelta(days=published.weekday()), WEEK
    if low == "last week":
        return published - timedelta(days=published.weekday() + 7), WEEK
    if low in ("this month", "earlier this month"):
        return published.replace(day=1), MONTH
    if low == "last month":
        return (published.replace(day=1) - timedelta(days=1)).replace(day=1), MONTH
    if _EXPLICIT.search(text) and re.search(r"\d", text):
        parsed = parse_partial_date(_EXPLICIT.search(text).group(0), published)  # type: ignore[union-attr]
        if parsed is not None:
            if parsed > published and not re.search(r"\d{4}", text):
                parsed = parsed.replace(year=parsed.year - 1)
            if parsed <= published:
                return parsed, DAY
        return None  # a day we cannot place is not silently widened to its month
    words = re.findall(r"[a-z]+", low)
    if len(words) == 1 or (len(words) == 2 and words[0] in ("last", "on", "early", "late")):
        word = words[-1] if words else ""
        if word in WEEKDAYS:
            return _last_weekday(word, published), DAY
        if word in MONTHS:
            month = MONTHS.index(word) + 1
            year = published.year if month <= published.month else published.year - 1
            return date(year, month, 1), MONTH
    return None


def _is_span_of_time(ent: Span) -> bool:
    head = ent.root.head
    return ent.root.dep_ == "pobj" and head.lower_ in _SPAN_PREPS


def event_date(sent: Span, roots: list[Token], published: date) -> tuple[date, int, bool]:
    """(date, precision, explicit) for an event whose clause is headed by ``roots``."""
    clause = {t.i for root in roots for t in root.subtree}
    dated = [ent for ent in sent.ents if ent.label_ in ("DATE", "TIME") and not _is_span_of_time(ent)]
    # Prefer a date inside the event's own clause, then any date in the sentence.
    ordered = [e for e in dated if e.root.i in clause or e.root.head.i in clause] + dated
    for ent in ordered:
        parsed = parse_expression(ent.text, published)
        if parsed is not None:
            return parsed[0], parsed[1], True
    return published, WEEK, False
