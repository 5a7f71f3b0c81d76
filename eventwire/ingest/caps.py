"""Bounds on what one article may cost, and on the dates it may carry.

A sentence with no full stop for 24,000 words took 150 s and 900 MB to parse and code; a 150,000-character
headline is a scraping accident, not a title. Caps cut such input down to size (and the article records
which cap it hit, in ``articles.capped``) instead of rejecting it: the rest of the text is still news.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True, slots=True)
class Caps:
    title_chars: int = 500  # the longest real headlines are ~250 characters
    sentence_chars: int = 1_500  # ~250 words; longer "sentences" are lists, tables or text with no punctuation
    earliest_year: int = 1900  # publication dates before this are typos or placeholders ("0001-01-01")
    future_slack: timedelta = timedelta(days=1)  # time zones: a story can be stamped up to a day ahead


CAPS = Caps()

# Where a sentence ends for the coder's pre-scan (coding.prescan._BOUNDARY, which this layer cannot import): a
# run between two such ends is one sentence, however many full stops it holds.
_END = re.compile(r"""([.!?]["'”’)\]]*[ \t]+(?=["'“‘(\[]*[A-Z0-9])|\n+)""")


def cap_title(title: str, caps: Caps = CAPS) -> tuple[str, bool]:
    """The title cut at the last space before ``caps.title_chars``; whether it was cut."""
    if len(title) <= caps.title_chars:
        return title, False
    cut = title[: caps.title_chars]
    space = cut.rfind(" ")
    return (cut[:space] if space > caps.title_chars // 2 else cut).rstrip(), True


def cap_sentences(text: str, caps: Caps = CAPS) -> tuple[str, bool]:
    """``text`` with a line break in place of a space wherever a sentence runs past ``caps.sentence_chars``,
    so no sentence the coder sees is longer. The same length (a run with no space at all gets a break added)
    and, since the content hash collapses whitespace, the same article id; whether anything was split."""
    limit = caps.sentence_chars
    if len(text) <= limit:
        return text, False
    out: list[str] = []
    split = False
    for part in _END.split(text):
        while len(part) > limit:
            cut = part.rfind(" ", limit // 2, limit)
            if cut == -1:
                out.append(part[:limit] + "\n")
                part = part[limit:]
            else:
                out.append(part[:cut] + "\n")
                part = part[cut + 1 :]
            split = True
        out.append(part)
    return "".join(out), split


def implausible_date(published_at: datetime, now: datetime | None = None, caps: Caps = CAPS) -> str | None:
    """Why a publication date cannot be right (before ``caps.earliest_year`` or after tomorrow), or None."""
    now = now or datetime.now(UTC)
    if published_at.year < caps.earliest_year:
        return f"implausible publication date {published_at.date().isoformat()} (before {caps.earliest_year})"
    if published_at > now + caps.future_slack:
        return f"implausible publication date {published_at.isoformat()} (in the future)"
    return None
