"""Readers: one input file → articles, or a reject with a one-line reason. Never raises on bad input.

Supported: .txt/.md (title, date line, body with optional dateline), .json (object or list), .jsonl,
.html/.htm (trafilatura), and any of these gzip-compressed (.gz).
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.ingest.article import InputArticle, as_utc, day_start
from eventwire.ingest.dates import DATE_LINE, DATELINE, parse_partial_date, parse_timestamp

SUPPORTED = (".txt", ".md", ".json", ".jsonl", ".html", ".htm")
MAX_FILE_BYTES = 64 * 1024 * 1024  # decompressed; a bigger file is almost surely not one news batch
MAX_ARTICLE_CHARS = 200_000  # ~30k words: longer "articles" are dumps, and one would stall a batch
PAYLOAD_CHARS = 2_000

# Alternative keys real feeds use for the same field, in order of preference.
TEXT_KEYS = ("text", "body", "content")
DATE_KEYS = ("published", "published_at", "date", "publication_date", "datetime")
SOURCE_KEYS = ("source", "publisher", "site_name", "sitename")
# "…, CNN reported": the outlet an agency story credits, kept as the source when no publisher is known.
ATTRIBUTION = re.compile(
    r"(?:,|\bas)\s+(?:reported by\s+)?(?P<name>[A-Z][\w&.'-]*(?:\s[A-Z][\w&.'-]*){0,3})\s+reported\b"
)


@dataclass(frozen=True, slots=True)
class RejectInput:
    uri: str
    stage: str
    error: str
    payload: str | None = None


@dataclass(slots=True)
class ReadResult:
    articles: list[InputArticle] = field(default_factory=list)
    rejects: list[RejectInput] = field(default_factory=list)


class ReadError(ValueError):
    """Bad input: the message is the one-line reason that lands in rejects/."""


def discover(root: Path) -> list[Path]:
    """Every regular file below ``root`` in a stable order; unsupported ones are rejected later."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def read_file(path: Path, root: Path) -> ReadResult:
    uri = path.relative_to(root).as_posix()
    result = ReadResult()
    suffix = _format_of(path)
    if suffix is None:
        result.rejects.append(
            RejectInput(
                uri,
                "discover",
                f"unsupported file type {path.suffix or '(none)'!r}; "
                f"expected one of {', '.join(SUPPORTED)} (optionally .gz)",
            )
        )
        return result
    try:
        data = _load_bytes(path)
        if suffix in (".html", ".htm"):
            result.articles.append(_from_html(data, uri))
        else:
            text = _decode(data)
            if suffix in (".txt", ".md"):
                result.articles.append(_from_text(text, uri))
            elif suffix == ".json":
                _from_json(text, uri, result)
            else:
                _from_jsonl(text, uri, result)
    except ReadError as exc:
        result.rejects.append(RejectInput(uri, "read", str(exc), _excerpt(path)))
    return result


def _format_of(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes and suffixes[-1] in SUPPORTED else None


def _load_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty file")
    if path.suffix.lower() == ".gz":
        try:
            with gzip.open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise ReadError(f"corrupt or truncated gzip file: {exc}") from None
    else:
        if size > MAX_FILE_BYTES:
            raise ReadError(f"file too large: {size:,} bytes (limit {MAX_FILE_BYTES:,}); split it")
        data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"decompressed file too large (over {MAX_FILE_BYTES:,} bytes); split it")
    if not data.strip():
        raise ReadError("empty file")
    return data


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-encode the file as UTF-8"
        ) from None


def _excerpt(path: Path) -> str | None:
    try:
        raw = path.read_bytes()[: PAYLOAD_CHARS * 2]
    except OSError:
        return None
    return raw.decode("utf-8", errors="backslashreplace")[:PAYLOAD_CHARS]


# ── plain text ──────────────────────────────────────────────────────────────────────────────────
def _from_text(text: str, uri: str) -> InputArticle:
    lines = text.splitlines()
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        raise ReadError("empty file")
    title = lines[nonblank[0]].strip().lstrip("#").strip()
    published = None
    body_start = nonblank[0] + 1
    # The date line, when present, follows the title within the next few non-blank lines.
    for i in nonblank[1:4]:
        if DATE_LINE.match(lines[i]):
            published = parse_timestamp(lines[i].strip())
            body_start = i + 1
            break
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        raise ReadError("no article body after the title and date lines")
    return _finish(uri, uri, title, body, published, url=None, source=None, language="en")


def _finish(
    source_id: str,
    uri: str,
    title: str | None,
    body: str,
    published: Any,
    url: str | None,
    source: str | None,
    language: str | None,
) -> InputArticle:
    """Shared by all readers: dateline, attribution, date checks, size limit."""
    body = body.strip()
    if not body:
        raise ReadError("article has no text")
    if len(body) > MAX_ARTICLE_CHARS:
        raise ReadError(f"article text too long: {len(body):,} characters (limit {MAX_ARTICLE_CHARS:,})")
    published_at = parse_timestamp(published) if published is not None else None
    if published is not None and published_at is None:
        raise ReadError(f"unreadable publication date {str(published)[:60]!r}")
    dateline = dateline_date = None
    dateline_chars = 0
    match = DATELINE.match(body)
    if match:
        dateline = match.group("place").strip()
        dateline_chars = match.end()
        reference = published_at.date() if published_at else None
        if reference is not None:
            dateline_date = parse_partial_date(match.group("date"), reference)
        elif re.search(r"\d{4}", match.group("date")):
            ts = parse_timestamp(match.group("date"))
            dateline_date = ts.date() if ts else None
        source = source or (match.group("agency") or None)
    if published_at is None and dateline_date is not None:
        published_at = day_start(dateline_date)
    if published_at is None:
        # No date anywhere: we do not invent one (file times say when a copy was made, not the news).
        raise ReadError("no publication date: give a date line, a 'published' field or a dateline with a year")
    if source is None:
        attributed = ATTRIBUTION.search(body)
        source = attributed.group("name") if attributed else None
    return InputArticle(
        source_id=source_id,
        uri=uri,
        text=body,
        published_at=as_utc(published_at),
        title=title or None,
        url=url or None,
        source=source,
        language=(language or "en").lower()[:2],
        dateline=dateline,
        dateline_date=dateline_date,
        dateline_chars=dateline_chars,
    )


# ── JSON ────────────────────────────────────────────────────────────────────────────────────────
def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((obj[k] for k in keys if obj.get(k) not in (None, "")), None)


def _from_object(obj: Any, uri: str, default_id: str) -> InputArticle:
    if not isinstance(obj, dict):
        raise ReadError(f"expected a JSON object, got {type(obj).__name__}")
    text = _first(obj, TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        raise ReadError(f"no article text: none of the keys {', '.join(TEXT_KEYS)} holds a non-empty string")
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    source_id = str(obj["id"]) if obj.get("id") not in (None, "") else default_id
    return _finish(
        source_id,
        uri,
        title,
        text,
        _first(obj, DATE_KEYS),
        url=obj.get("url"),
        source=_first(obj, SOURCE_KEYS),
        language=obj.get("language") or obj.get("lang"),
    )


def _from_json(text: str, uri: str, result: ReadResult) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise ReadError("empty JSON list")
    for n, obj in enumerate(items):
        item_uri = uri if len(items) == 1 and not isinstance(data, list) else f"{uri}#{n}"
        _collect(result, obj, item_uri)


def _from_jsonl(text: str, uri: str, result: ReadResult) -> None:
    lines = list(_numbered_lines(text))
    if not lines:
        raise ReadError("empty file")
    for lineno, line in lines:
        item_uri = f"{uri}#L{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            reason = f"malformed JSON line: {exc.msg}"
            result.rejects.append(RejectInput(item_uri, "read", reason, line[:PAYLOAD_CHARS]))
            continue
        _collect(result, obj, item_uri)


def _numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    # Split on newlines only: str.splitlines() also breaks on U+2028 and friends, which are legal
    # unescaped inside JSON strings and common in scraped news text.
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.strip():
            yield n, line


def _collect(result: ReadResult, obj: Any, uri: str) -> None:
    try:
        result.articles.append(_from_object(obj, uri, default_id=uri))
    except ReadError as exc:
        result.rejects.append(RejectInput(uri, "read", str(exc), json.dumps(obj, ensure_ascii=False)[:PAYLOAD_CHARS]))


# ── HTML ────────────────────────────────────────────────────────────────────────────────────────
def _from_html(data: bytes, uri: str) -> InputArticle:
    import trafilatura  # lazy: heavy import, only needed for HTML inputs

    if b"\x00" in data[:8192]:
        raise ReadError("binary file (NUL bytes), not HTML")
    doc = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    # Without as_dict=True trafilatura returns its Document, never a dict.
    text = doc.text if doc is not None and not isinstance(doc, dict) else None
    if doc is None or isinstance(doc, dict) or not text:
        raise ReadError("no main text found in the HTML page")
    first, _, rest = text.partition("\n")
    if doc.title and first.strip() == doc.title.strip() and rest.strip():
        text = rest  # the page's <h1> repeats the title; without it the dateline starts the body again
    return _finish(uri, uri, doc.title, text, doc.date, url=doc.url, source=doc.sitename, language=doc.language)
