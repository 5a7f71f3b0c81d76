"""The in-memory article handed from the readers to the coder, and its content-derived id."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class InputArticle:
    """An article as read from one input, before coding. Plain data: it must pickle across processes."""

    source_id: str
    uri: str
    text: str
    published_at: datetime  # timezone-aware UTC
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str = "en"
    dateline: str | None = None
    dateline_date: date | None = None
    dateline_chars: int = 0  # length of the dateline prefix at the start of ``text``
    capped: str | None = None  # which caps (ingest.caps) cut the input down: "title", "sentences"

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.text)

    @property
    def article_id(self) -> str:
        return self.content_hash[:16]

    @property
    def full_text(self) -> str:
        """What the coder parses: the headline as its own first sentence, then the body."""
        return headline_prefix(self.title) + self.text

    @property
    def coding_text(self) -> str:
        """``full_text`` with the dateline blanked out (same length, so offsets still point into full_text):
        "Washington, DC [US], February 3 :" is filing metadata, and parsed as prose it derails the parser."""
        if not self.dateline_chars:
            return self.full_text
        start = self.body_offset
        return self.full_text[:start] + " " * self.dateline_chars + self.full_text[start + self.dateline_chars :]

    @property
    def body_offset(self) -> int:
        # the headline's length, without building the whole text (read for every sentence the coder codes)
        return len(headline_prefix(self.title))


def headline_prefix(title: str | None) -> str:
    """What ``full_text`` puts before the body: the headline closed as a sentence of its own, or nothing."""
    return f"{title.strip()}.\n\n" if title else ""


_SPACE = re.compile(r"\s+")


def normalise_text(value: str | None) -> str:
    """Unicode NFC, collapsed whitespace: two copies of one story with different wrapping hash alike."""
    if not value:
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


@lru_cache(maxsize=256)  # an article's id is asked for by every mention coded from it
def content_hash(title: str | None, text: str) -> str:
    payload = f"{normalise_text(title)}\n{normalise_text(text)}".encode()
    return hashlib.sha256(payload).hexdigest()


def stable_id(*parts: object) -> str:
    """16-hex-digit id from content; the same parts always give the same id, on every machine."""
    payload = "\x1f".join("" if p is None else str(p) for p in parts).encode()
    return hashlib.sha256(payload).hexdigest()[:16]


def as_utc(value: datetime) -> datetime:
    """Naive times are taken as UTC (documented): feeds rarely say otherwise, and a guess must be stable."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def day_start(value: date) -> datetime:
    return datetime(value.year, value.month, value.day, tzinfo=UTC)
