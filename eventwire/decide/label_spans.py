"""The team's labels of ``../shared/eval/geo_dev.jsonl`` articles, kept in the repository without their text.

geo_dev is a shared gold file, so its text is never committed: the labels file (``labels/local_news.jsonl``,
described in ``labels/README.md``) holds each record of ``NEWS_GUIDELINE.md`` with every quote and trap quote
replaced by its ``[start, end]`` character offsets in the article's text (all other fields as written), and
the digest of that text. Training joins it with geo_dev again (``gold_rows``). Two pure functions make the
round trip (``to_spans``, ``to_quotes``); the command line imports a labeller's file and materialises the
records for ``../shared/eval/check_annotation.py``:

    python -m eventwire.decide.label_spans import /work/labels/out/batch-*.jsonl
    python -m eventwire.decide.label_spans check
    python -m eventwire.decide.label_spans summary

An import validates every record (known id, of geo_dev's *fit* part, not in news_dev, ``published`` the
placeholder news_dev gives its corpus, every quote verbatim) and merges it into the labels file by id: a
record replaces the one of the same id, the others stay, and the file is written sorted by id, so importing
the same files twice writes the same bytes. ``--replace`` rebuilds the file from the given files alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from eventwire.evaluation.split import part_of

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "labels" / "local_news.jsonl"
SHARED_EVAL = Path("../shared/eval")
GEO_DEV = SHARED_EVAL / "geo_dev.jsonl"
NEWS_DEV = SHARED_EVAL / "news_dev.jsonl"
CHECK_ANNOTATION = SHARED_EVAL / "check_annotation.py"
# the fixed publication day news_dev gives each corpus (its texts carry none): the labellers resolved
# relative dates against the same one, as the coder does
PUBLISHED = {"LGL": "2009-03-20", "GeoVirus": "2016-06-15"}

Span = tuple[int, int]


class LabelError(ValueError):
    """A record that cannot be stored or joined with its text; the message says which and why."""


class _Event(BaseModel):
    """The guideline's EVENT without its quotes. Strict: a value of the wrong type is refused, not converted,
    so that a record comes back exactly as it was written; a field the guideline does not list is kept."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    what: str | None = None
    cameo_root: str
    cameo_alt: list[str] | None = None
    material: bool
    background: bool
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    country_iso3: str | None = None
    location: str | None = None
    event_date: str | None = None
    date_precision: int | None = None
    fatalities: int | None = None
    injuries: int | None = None
    arrests: int | None = None


class QuotedEvent(_Event):
    quotes: list[str]


class SpannedEvent(_Event):
    spans: list[Span]


class QuotedTrap(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)
    quote: str
    why: str


class SpannedTrap(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)
    span: Span
    why: str


class LabelledArticle(BaseModel):
    """One line of a labeller's file: the guideline's record format."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)
    id: str
    published: str
    events: list[QuotedEvent]
    traps: list[QuotedTrap] = []
    notes: str | None = None


class SpannedArticle(BaseModel):
    """One line of the labels file: the record with offsets for quotes, and the SHA-256 of the text they index."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)
    id: str
    published: str
    text_sha256: str
    events: list[SpannedEvent]
    traps: list[SpannedTrap] = []
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """A geo_dev article: the text the offsets index, and what a run reads besides (corpus, url)."""

    id: str
    corpus: str
    url: str | None
    text: str


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fields(model: BaseModel, drop: str) -> dict[str, Any]:
    return {k: v for k, v in model.model_dump(exclude_unset=True).items() if k != drop}


def _replaced(record: BaseModel, events: list[Any], traps: list[Any], drop: str = "") -> dict[str, Any]:
    """The record's fields as written, its events and traps (when written) replaced."""
    fields = _fields(record, drop)
    fields["events"] = events
    if "traps" in fields:
        fields["traps"] = traps
    return fields


def _span(text: str, quote: str, where: str) -> Span:
    start = text.find(quote)
    if not quote or start < 0:
        raise LabelError(f"{where}: quote is not verbatim in the text: {quote[:80]!r}")
    return start, start + len(quote)


def _quote(text: str, span: Span, where: str) -> str:
    start, end = span
    if not 0 <= start < end <= len(text):
        raise LabelError(f"{where}: span {list(span)} is outside the text ({len(text)} characters)")
    return text[start:end]


def to_spans(record: LabelledArticle, text: str) -> SpannedArticle:
    """Each quote → the offsets of its first occurrence in ``text`` (the scorer matches every occurrence of a
    quote, and the quote read back at those offsets is the same string, so nothing is lost)."""
    events = [
        SpannedEvent(**_fields(e, "quotes"), spans=[_span(text, q, f"{record.id} event {i}") for q in e.quotes])
        for i, e in enumerate(record.events)
    ]
    traps = [
        SpannedTrap(**_fields(t, "quote"), span=_span(text, t.quote, f"{record.id} trap {i}"))
        for i, t in enumerate(record.traps)
    ]
    return SpannedArticle(**_replaced(record, events, traps), text_sha256=text_digest(text))


def to_quotes(record: SpannedArticle, text: str) -> LabelledArticle:
    """The inverse of ``to_spans``: the record as the labeller wrote it, its quotes read from ``text`` (which
    must be the text the offsets were taken from)."""
    if text_digest(text) != record.text_sha256:
        raise LabelError(f"{record.id}: the source text changed since it was labelled (SHA-256 differs)")
    events = [
        QuotedEvent(**_fields(e, "spans"), quotes=[_quote(text, s, f"{record.id} event {i}") for s in e.spans])
        for i, e in enumerate(record.events)
    ]
    traps = [
        QuotedTrap(**_fields(t, "span"), quote=_quote(text, t.span, f"{record.id} trap {i}"))
        for i, t in enumerate(record.traps)
    ]
    return LabelledArticle(**_replaced(record, events, traps, drop="text_sha256"))


def gold_row(record: LabelledArticle, source: SourceArticle) -> dict[str, Any]:
    """The record joined with its article, as a line of news_dev is (id, corpus, url, published, text, events,
    traps, notes): what the news scorer, training and ``check_annotation.py`` read."""
    labels = record.model_dump(mode="json", exclude_unset=True)
    head = {"id": source.id, "corpus": source.corpus, "url": source.url, "published": record.published}
    return head | {"text": source.text} | {k: v for k, v in labels.items() if k not in head}


def selection_problems(
    record_id: str, published: str, sources: dict[str, SourceArticle], news_dev: set[str]
) -> list[str]:
    """Why an article may not be stored as training data (none: it may): it must be a geo_dev article of the
    fit part (the check part is only ever scored) and not one of news_dev (the file the coder is judged on)."""
    source = sources.get(record_id)
    if source is None:
        return [f"{record_id}: not an article of geo_dev.jsonl"]
    problems = []
    if part_of(record_id) != "fit":
        problems.append(f"{record_id}: in the check part of geo_dev (evaluation/split.py), which is only scored")
    if record_id in news_dev:
        problems.append(f"{record_id}: an article of news_dev.jsonl, which is never trained on")
    expected = PUBLISHED.get(source.corpus)
    if expected is not None and published != expected:
        problems.append(f"{record_id}: published {published!r} is not {expected!r}, news_dev's for {source.corpus}")
    return problems


def _lines(path: Path) -> list[str]:
    """A JSON-lines file's lines: split at newlines only (a text may hold U+2028, which ``splitlines`` splits at)."""
    return path.read_text(encoding="utf-8").split("\n")


def read_sources(path: Path = GEO_DEV) -> dict[str, SourceArticle]:
    out = {}
    for line in _lines(path):
        if line.strip():
            row = json.loads(line)
            out[str(row["id"])] = SourceArticle(str(row["id"]), str(row["corpus"]), row.get("url"), str(row["text"]))
    return out


def read_ids(path: Path = NEWS_DEV) -> set[str]:
    return {str(json.loads(line)["id"]) for line in _lines(path) if line.strip()}


def read_spans(path: Path = LABELS) -> list[SpannedArticle]:
    if not path.is_file():
        return []
    lines = _lines(path)
    return [SpannedArticle.model_validate_json(line) for line in lines if line.strip()]


def write_spans(path: Path, records: Iterable[SpannedArticle]) -> None:
    ordered = sorted(records, key=lambda r: r.id)
    lines = [json.dumps(r.model_dump(mode="json", exclude_unset=True), ensure_ascii=False) for r in ordered]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def gold_rows(path: Path = LABELS, geo_dev: Path = GEO_DEV) -> list[dict[str, Any]]:
    """The stored labels joined with geo_dev's text, in the labels file's order (training reads these). The
    selection is checked again here, not only at import: a hand-edited file or a changed split must not put
    an article of the check part or of news_dev (read beside geo_dev, when there) into training."""
    records = read_spans(path)
    if not records:
        return []
    sources = read_sources(geo_dev)
    missing = [r.id for r in records if r.id not in sources]
    if missing:
        raise LabelError(f"{geo_dev} lacks labelled articles {missing[:5]}: is it the shared geo_dev.jsonl?")
    news_dev = geo_dev.parent / NEWS_DEV.name
    scored = read_ids(news_dev) if news_dev.is_file() else set()
    refused = [p for r in records for p in selection_problems(r.id, r.published, sources, scored)]
    if refused:
        raise LabelError(f"{path} holds articles that may not be trained on: {'; '.join(refused[:5])}")
    return [gold_row(to_quotes(r, sources[r.id].text), sources[r.id]) for r in records]


@dataclass(frozen=True, slots=True)
class Imported:
    records: list[SpannedArticle]
    problems: list[str]


def import_labels(files: Sequence[Path], sources: dict[str, SourceArticle], news_dev: set[str]) -> Imported:
    """Every valid record of the labeller files, as spans, and one message per record refused (a line that is
    not a complete record, an article that may not be trained on, a quote not verbatim, an id twice)."""
    records: dict[str, SpannedArticle] = {}
    problems: list[str] = []
    for path in files:
        for n, line in enumerate(_lines(path), 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                record = LabelledArticle.model_validate_json(line)
            except ValidationError as exc:
                problems.append(
                    f"{where}: not a guideline record: {exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}"
                )
                continue
            refused = selection_problems(record.id, record.published, sources, news_dev)
            if record.id in records:
                refused.append(f"{record.id}: labelled twice")
            if not refused:
                try:
                    records[record.id] = to_spans(record, sources[record.id].text)
                except LabelError as exc:
                    refused.append(str(exc))
            problems.extend(f"{where}: {p}" for p in refused)
    return Imported(list(records.values()), problems)


def merged(stored: list[SpannedArticle], new: list[SpannedArticle]) -> list[SpannedArticle]:
    """The stored records with the new ones in place of those of the same id, sorted by id."""
    by_id = {r.id: r for r in stored} | {r.id: r for r in new}
    return [by_id[k] for k in sorted(by_id)]


def materialise(labels: Path, geo_dev: Path, out: Path) -> int:
    rows = gold_rows(labels, geo_dev)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def summary(rows: Sequence[dict[str, Any]]) -> str:
    """Counts for the data card (``labels/README.md``): articles, events, traps and articles without an event,
    by corpus, and events by CAMEO root."""
    lines = ["| corpus | articles | without an event | events | background | traps |", "|---|---|---|---|---|---|"]
    for corpus in sorted({str(r["corpus"]) for r in rows}):
        mine = [r for r in rows if r["corpus"] == corpus]
        events = [e for r in mine for e in r["events"]]
        counts = (len(mine), sum(not r["events"] for r in mine), len(events))
        background, traps = sum(bool(e["background"]) for e in events), sum(len(r["traps"]) for r in mine)
        lines.append(f"| {corpus} | {' | '.join(map(str, counts))} | {background} | {traps} |")
    roots = Counter(str(e["cameo_root"]) for r in rows for e in r["events"])
    return "\n".join(lines) + "\n\nEvents by CAMEO root: " + ", ".join(f"{k} {v}" for k, v in sorted(roots.items()))


def check(labels: Path, geo_dev: Path, checker: Path = CHECK_ANNOTATION) -> subprocess.CompletedProcess[str]:
    """Materialise the labels into a temporary file and run ``check_annotation.py`` on it (the file serves as
    both its articles and its annotations: every line has the id, the text and the events)."""
    with tempfile.TemporaryDirectory(prefix="eventwire-labels-") as folder:
        rows = Path(folder) / "labels.jsonl"
        materialise(labels, geo_dev, rows)
        command = [sys.executable, str(checker), str(rows), str(rows)]
        return subprocess.run(command, capture_output=True, text=True, check=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--labels", type=Path, default=LABELS, help="the labels file (spans)")
    parser.add_argument("--geo-dev", type=Path, default=GEO_DEV)
    commands = parser.add_subparsers(dest="command", required=True)
    imports = commands.add_parser("import", help="validate labeller files and merge them into the labels file")
    imports.add_argument("files", type=Path, nargs="+")
    imports.add_argument("--news-dev", type=Path, default=NEWS_DEV)
    imports.add_argument("--replace", action="store_true", help="keep only the given files' records")
    imports.add_argument("--skip-invalid", action="store_true", help="store the valid records, list the others")
    out = commands.add_parser("materialise", help="write the records with their text and quotes (guideline format)")
    out.add_argument("--out", type=Path, required=True)
    commands.add_parser("check", help="materialise into a temporary file and run check_annotation.py on it")
    commands.add_parser("summary", help="counts by corpus and root, for labels/README.md")
    args = parser.parse_args(argv)
    if args.command == "import":
        found = import_labels(args.files, read_sources(args.geo_dev), read_ids(args.news_dev))
        for problem in found.problems:
            print(problem, file=sys.stderr)
        if found.problems and not args.skip_invalid:
            print(f"nothing written: {len(found.problems)} problems (--skip-invalid stores the rest)", file=sys.stderr)
            return 1
        stored = [] if args.replace else read_spans(args.labels)
        records = merged(stored, found.records)
        write_spans(args.labels, records)
        print(f"{args.labels}: {len(records)} articles ({len(found.records)} imported, {len(found.problems)} refused)")
        return 0
    if args.command == "materialise":
        print(f"{args.out}: {materialise(args.labels, args.geo_dev, args.out)} articles")
        return 0
    if args.command == "summary":
        print(summary(gold_rows(args.labels, args.geo_dev)))
        return 0
    result = check(args.labels, args.geo_dev)
    print(result.stdout, end="")
    print(result.stderr, end="", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
