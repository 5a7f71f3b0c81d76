"""Readers: one input file → articles, or a reject with a one-line reason. Never raises on bad input.

Supported: .txt/.md (title, date line, body with optional dateline), .json (object or list), .jsonl,
.html/.htm (trafilatura), and any of these gzip-compressed (.gz).
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.ingest.article import InputArticle, as_utc, day_start
from eventwire.ingest.caps import cap_sentences, cap_title, implausible_date
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
    """Every entry below ``root`` that is not a folder, in a stable order: regular files, and also fifos,
    sockets and broken or looping links, which ``read_file`` turns into reject rows (every input accounted
    for); unsupported ones are rejected later."""
    return sorted(
        p
        for p in root.rglob("*")
        if not p.is_dir() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def uri_of(path: Path, root: Path) -> str:
    """The path relative to ``root``; a name that is not UTF-8 (kept by Python as lone surrogates) is written
    with its raw bytes escaped, so that it can be stored and printed."""
    rel = path.relative_to(root).as_posix()
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(rel).decode("utf-8", errors="backslashreplace")
    return rel


def read_file(path: Path, root: Path) -> ReadResult:
    """Never raises: any failure, expected or not, becomes a reject row naming the file."""
    uri = uri_of(path, root)
    try:
        return _read_file(path, uri)
    except RecursionError:
        reason = "nested too deeply to read (over Python's recursion limit)"
    except OSError as exc:  # vanished, replaced or unreadable since the folder was listed
        reason = f"could not read the file: {exc.strerror or type(exc).__name__}"
    except Exception as exc:  # a reader bug must cost one file, not the run
        reason = f"unexpected {type(exc).__name__}: {one_line(str(exc))}"
    return ReadResult(rejects=[RejectInput(uri, "read", reason)])


def one_line(text: str, limit: int = 300) -> str:
    return " ".join(text.split())[:limit]


def _special(path: Path) -> str | None:
    """Why ``path`` is not a regular file that can be read, or None."""
    try:
        st = path.stat()  # follows links
    except FileNotFoundError:
        return "dangling symbolic link" if path.is_symlink() else "file vanished during the run"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "symbolic link loop"
        return f"could not read the file: {exc.strerror or type(exc).__name__}"
    if stat.S_ISREG(st.st_mode):
        return None
    kind = "fifo" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device or other"
    return f"not a regular file ({kind})"


def _read_file(path: Path, uri: str) -> ReadResult:
    result = ReadResult()
    special = _special(path)
    if special is not None:
        result.rejects.append(RejectInput(uri, "discover", special))
        return result
    if not _utf8_name(path):
        result.rejects.append(RejectInput(uri, "discover", "file name is not valid UTF-8; rename the file"))
        return result
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


def _utf8_name(path: Path) -> bool:
    try:
        path.as_posix().encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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


# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"not valid {encoding.upper()} after its byte-order mark (offset {exc.start})"
                ) from None
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
    """Shared by all readers: dateline, attribution, date checks, size limit, caps."""
    body = body.strip()
    if not body:
        raise ReadError("article has no text")
    if len(body) > MAX_ARTICLE_CHARS:
        raise ReadError(f"article text too long: {len(body):,} characters (limit {MAX_ARTICLE_CHARS:,})")
    for name, value in (("text", body), ("title", title), ("url", url), ("source", source), ("language", language)):
        _check_string(name, value)
    capped = []
    if title is not None:
        title, cut = cap_title(title)
        capped += ["title"] if cut else []
    body, split = cap_sentences(body)
    capped += ["sentences"] if split else []
    published_at = parse_timestamp(published) if published is not None else None
    if published is not None and published_at is None:
        raise ReadError(f"unreadable publication date {one_line(str(published), 60)!r}")
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
    implausible = implausible_date(published_at)
    if implausible:
        raise ReadError(implausible)
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
        capped=",".join(capped) or None,
    )


def _check_string(name: str, value: object) -> None:
    """A field must be a string that can be stored (UTF-8: no lone surrogates, which JSON escapes can carry)."""
    if value is None:
        return
    if not isinstance(value, str):
        raise ReadError(f"field {name!r} must be a string, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ReadError(
            f"field {name!r} holds a lone surrogate (\\u{ord(value[exc.start]):04x}) at {exc.start}"
        ) from None


# ── JSON ────────────────────────────────────────────────────────────────────────────────────────
def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((obj[k] for k in keys if obj.get(k) not in (None, "")), None)


def read_record(obj: Any, uri: str) -> InputArticle:
    """One JSON object as the JSON and JSON Lines readers read it (title, dateline, caps, date checks); a
    bad object raises ``ReadError``. The evaluation codes gold articles through it, as a run would."""
    return _from_object(obj, uri, default_id=uri)


def _from_object(obj: Any, uri: str, default_id: str) -> InputArticle:
    if not isinstance(obj, dict):
        raise ReadError(f"expected a JSON object, got {type(obj).__name__}")
    text = _first(obj, TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        raise ReadError(f"no article text: none of the keys {', '.join(TEXT_KEYS)} holds a non-empty string")
    title = obj.get("title")
    source_id = str(obj["id"]) if obj.get("id") not in (None, "") else default_id
    _check_string("id", source_id)
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
    except RecursionError:
        raise ReadError("JSON nested too deeply to read") from None
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
        except RecursionError:
            reason = "JSON line nested too deeply to read"
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
    """One object → an article or a reject; one bad object of a list or JSONL file costs only itself."""
    try:
        result.articles.append(_from_object(obj, uri, default_id=uri))
    except ReadError as exc:
        result.rejects.append(RejectInput(uri, "read", str(exc), _payload(obj)))
    except RecursionError:
        result.rejects.append(RejectInput(uri, "read", "JSON object nested too deeply to read"))
    except Exception as exc:  # a reader bug must cost one article, not the file or the run
        reason = f"unexpected {type(exc).__name__}: {one_line(str(exc))}"
        result.rejects.append(RejectInput(uri, "read", reason, _payload(obj)))


def _payload(obj: Any) -> str | None:
    try:
        return json.dumps(obj, ensure_ascii=True)[:PAYLOAD_CHARS]
    except (ValueError, RecursionError):
        return None


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
