"""The write step's consolidation: a night's mentions join the events they can join, found through the event
index (``eventwire.event_index``), and only the events they touch are written again.

``write_events`` decides how (the README's "Consolidation" section says the same):

* **incremental** (the default): the night's placed reports are compared only with the saved events of their
  block (country, kind of CAMEO root: ``consolidate.kind_of``) that are filed under a place key they look
  under and founded within their date window; those events are restored from the index and the merge rule
  continues from them, in publication order. Events touched are rebuilt from all their mentions (read from the
  months the index lists for them); every other partition is kept as it is by the snapshot commit. Exactly
  what a rebuild of everything would give, because in a block where every saved mention sorts before the
  night's earliest report, the rule's state before that report is the saved one.
* **a block rebuilt**: in a block (country, kind of root) where a saved event has a mention that sorts after the
  night's earliest report there (a backfill of older articles, or an article delivered a night late), the
  block is consolidated again from all its mentions, so that reports are taken in publication order; ids of
  that block's events may change (a report published earlier than an event's founding one founds it now).
* **everything rebuilt**: with ``rebuild`` (``eventwire run --rebuild``, after a coder or merge-rule change),
  when articles already consolidated are recoded (their old mentions leave events anywhere), or on an output
  written before the index existed (the first run makes it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from eventwire import CODER_VERSION, consolidate, event_index
from eventwire.batch_tables import release_freed_memory
from eventwire.consolidate import RULES, VIOLENT_ROOTS, Consolidator, MergeRules, kind_expr, kind_of
from eventwire.store import partitions as store
from eventwire.store.merge import merge_partition
from eventwire.store.snapshots import EVENT_INDEX, resolve_snapshot
from schemas.arrow import dataset_schema


@dataclass
class Consolidated:
    """What consolidation staged, for the run summary and manifest."""

    events: int  # event rows written (founded or changed)
    mode: str  # "incremental", "incremental, N block(s) rebuilt", or "rebuild: <why>"
    candidates: int = 0  # saved events restored from the index


def write_events(
    output: Path,
    txn: store.Transaction,
    mentions: pa.Table,
    drop: set[str],
    *,
    rebuild: bool = False,
    published: store.Published | None = None,
) -> Consolidated:
    """Give the night's ``mentions`` their event ids and stage mentions, events and the event index.
    ``published`` is told which partitions are read or rewritten before they are (a working copy of object
    storage holds only those: ``store.workspace``); None for a folder, which holds them all."""
    published = published or store.Folder(output)
    if not rebuild and not drop and mentions.num_rows == 0:
        return Consolidated(0, "incremental")  # nothing new: every partition stays as it is
    # an index: its folder in a local output (an index may have no partition yet), its partitions when published
    why = (
        "asked (--rebuild)"
        if rebuild
        else "recoded articles"
        if drop
        else "no event index yet"
        if published.partitions("events") and not (event_index.exists(output) or published.partitions(EVENT_INDEX))
        else None
    )
    if why is not None:
        for dataset in ("mentions", "events", EVENT_INDEX):  # every month is read and written again
            published.fetch(dataset, None)
        return _rebuild_all(output, txn, mentions, drop, why)
    return _incremental(output, txn, _frame(mentions), RULES, published)


# ── reading and staging ─────────────────────────────────────────────────────────────────────────
def _frame(table: pa.Table) -> pl.DataFrame:
    # a Table gives a DataFrame; pyarrow is untyped, so the checker sees every overload of from_arrow
    return cast(pl.DataFrame, pl.from_arrow(table.cast(dataset_schema("mentions", CODER_VERSION))))


def _months(output: Path, dataset: str) -> list[int]:
    root = output / dataset
    found = root.glob(f"year=*/month=*/{store.PART_FILE}") if root.is_dir() else iter(())
    return sorted(event_index.month_index(int(p.parent.parent.name[5:]), int(p.parent.name[6:])) for p in found)


def _rel(dataset: str, month: int) -> str:
    year, m = event_index.month_of(month)
    return store.partition_dir(dataset, {"year": year, "month": m})


def _read(output: Path, dataset: str, month: int) -> pl.DataFrame | None:
    table = store.read_partition(output, _rel(dataset, month))
    if table is None:
        return None
    return cast(pl.DataFrame, pl.from_arrow(table.cast(dataset_schema(dataset, CODER_VERSION))))


def _polars(table: pa.Table) -> pl.DataFrame:
    return cast(pl.DataFrame, pl.from_arrow(table))


def _arrow(frame: pl.DataFrame, dataset: str = "events") -> pa.Table:
    return frame.to_arrow().cast(dataset_schema(dataset, CODER_VERSION))


def _only(table: pa.Table, column: str, values: Iterable[str]) -> pa.Table:
    return table.filter(pc.is_in(table.column(column), value_set=pa.array(sorted(values), pa.string())))


def _month(column: str) -> pl.Expr:
    return (pl.col(column).dt.year().cast(pl.Int32) * 12 + pl.col(column).dt.month().cast(pl.Int32) - 1).alias("_m")


def _by_month(frame: pl.DataFrame, column: str) -> dict[int, pl.DataFrame]:
    if frame.is_empty():
        return {}
    return {int(k[0]): g.drop("_m") for k, g in frame.with_columns(_month(column)).group_by("_m")}


def _stage(output: Path, txn: store.Transaction, dataset: str, month: int, frame: pl.DataFrame) -> None:
    rel = _rel(dataset, month)
    if frame.height or (output / rel).exists():
        txn.stage(dataset, rel, _arrow(frame, dataset))


INDEX_ORDER = ("iso3", "cameo_root_code", "anchor_date", "event_id")  # blocks together, then by founding day


def _stage_index(output: Path, txn: store.Transaction, month: int, table: pa.Table) -> None:
    rel = event_index.partition(month)
    if table.num_rows == 0 and not (resolve_snapshot(output) / rel).exists():
        return
    if pc.count_distinct(table.column("event_id")).as_py() != table.num_rows:
        txn.abort()
        raise store.DuplicateKey(f"{rel}: an event is in the event index twice; nothing was written")
    txn.stage("event_index", rel, table.sort_by([(c, "ascending") for c in INDEX_ORDER]).cast(event_index.SCHEMA))


def _placement(mentions: pl.DataFrame, events: pl.DataFrame) -> dict[str, tuple[int, list[int]]]:
    """event id → (month of its row in events/, months of its mentions' partitions)."""
    held = (
        mentions.filter(pl.col("event_id").is_not_null())
        .with_columns(_month("event_date"))
        .group_by("event_id")
        .agg(pl.col("_m").unique())
    )
    rows = events.select("event_id", _month("event_date")).join(held, on="event_id", suffix="s")
    return {r[0]: (r[1], r[2]) for r in rows.iter_rows()}


def _asserted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter((pl.col("factuality") == "asserted") & pl.col("kept").fill_null(True))


# ── everything ──────────────────────────────────────────────────────────────────────────────────
def _rebuild_all(output: Path, txn: store.Transaction, mentions: pa.Table, drop: set[str], why: str) -> Consolidated:
    """Every month consolidated again from all its mentions, in one pass (the history is held in memory)."""
    new = _by_month(_frame(mentions), "event_date")
    parts: list[pl.DataFrame] = []
    for month in sorted(set(_months(output, "mentions")) | set(new)):
        old = _read(output, "mentions", month)
        if old is not None and drop:
            old = old.filter(~pl.col("article_id").is_in(sorted(drop)))
        if old is not None and month in new:
            old = old.filter(~pl.col("mention_id").is_in(new[month].get_column("mention_id")))
        parts.extend(p for p in (old, new.get(month)) if p is not None and p.height)
    everything = pl.concat(parts) if parts else _frame(mentions).clear()
    consolidator = Consolidator(RULES)
    assigned = consolidator.assign(everything)
    events = consolidate.build_events(assigned)
    by_month = _by_month(assigned, "event_date")
    for month in sorted(set(_months(output, "mentions")) | set(by_month)):
        _stage(output, txn, "mentions", month, by_month.get(month, everything.clear()))
    built = _by_month(events, "event_date")
    for month in sorted(set(_months(output, "events")) | set(built)):
        _stage(output, txn, "events", month, built.get(month, events.clear()))
    index = event_index.to_table(consolidator.touched.values(), _placement(assigned, events))
    _stage_index_months(output, txn, index, set(event_index.months(output)))
    return Consolidated(events.height, f"rebuild: {why}")


def _stage_index_months(
    output: Path, txn: store.Transaction, rows: pa.Table, months: Iterable[int], replace: set[str] | None = None
) -> None:
    """Stage index partitions: ``rows`` by founding month, over each month's saved rows minus ``replace`` (all of
    them when ``replace`` is None); ``months`` are partitions to rewrite even when no new row falls in them."""
    frame = cast(pl.DataFrame, pl.from_arrow(rows))
    grouped = _by_month(frame, "anchor_date")
    for month in sorted(set(months) | set(grouped)):
        mine = grouped.get(month, frame.clear()).to_arrow().cast(event_index.SCHEMA)
        if replace is None:
            _stage_index(output, txn, month, mine)
            continue
        rel = event_index.partition(month)
        saved = resolve_snapshot(output) / rel / store.PART_FILE
        merge_partition(txn, EVENT_INDEX, rel, saved, mine, drop=replace, key="event_id", sort_by=INDEX_ORDER)


# ── the night only ──────────────────────────────────────────────────────────────────────────────
def _incremental(
    output: Path, txn: store.Transaction, new: pl.DataFrame, rules: MergeRules, published: store.Published
) -> Consolidated:
    if new.is_empty():
        return Consolidated(0, "incremental")
    placed = _asserted(new).filter(pl.col("iso3").is_not_null())
    late = event_index.late_blocks(output, placed, published)
    if late:  # the blocks are consolidated again from their mentions in every month, and their index rows
        published.fetch("mentions", None)
        published.fetch(EVENT_INDEX, None)
    release_freed_memory()
    in_late = _in_blocks(late) if late else pl.lit(False)
    going_on = placed.filter(~in_late)

    # the saved events the night can join, restored; the rule continues from them. Their founding months are
    # read twice, a month at a time: the filing columns to find them, then their whole rows.
    blocks = going_on.select("iso3", kind_expr().alias("_kind")).unique()
    months = event_index.anchor_months(going_on, rules)
    published.fetch(EVENT_INDEX, {event_index.partition(m) for m in months})
    filed = [
        event_index.read_month(output, m, event_index.FILING)
        .with_columns(kind_expr().alias("_kind"))
        .join(blocks, on=["iso3", "_kind"], how="semi")
        for m in months
    ]
    found = event_index.candidates(pl.concat(filed), going_on, rules) if filed else pl.DataFrame()
    hits = found.get_column("event_id") if found.height else pl.Series("event_id", [], pl.String)
    wanted = [event_index.read_month(output, m, ids=hits.to_list()) for m in months if hits.len()]
    candidates = pl.concat(wanted) if wanted else event_index.read_month(output, -1)
    del filed, wanted, found
    release_freed_memory()  # each phase's allocator (Arrow's, polars', Python's) would keep its high-water mark
    consolidator = Consolidator(rules)
    for cluster in event_index.clusters_of(candidates):
        consolidator.restore(cluster)
    assigned = consolidator.assign(new)
    touched = {i: c for i, c in consolidator.touched.items() if (c.iso3, kind_of(c.root)) not in late}
    saved_touched = candidates.filter(pl.col("event_id").is_in(sorted(touched)))

    # blocks where the night's reports come before saved ones: consolidated again from all their mentions
    remap: dict[str, str] = {}  # mention id → event id, for saved mentions of those blocks
    dropped: pl.DataFrame = candidates.clear()  # index rows of those blocks' saved events
    block_rows = new.clear()
    if late:
        redone, block_rows, dropped = _rebuild_blocks(output, new, late, rules)
        touched.update({i: c for i, c in redone.touched.items() if (c.iso3, kind_of(c.root)) in late})
        ids = dict(block_rows.select("mention_id", "event_id").iter_rows())
        assigned = assigned.with_columns(
            pl.col("mention_id")
            .replace_strict(ids, default=pl.col("event_id"), return_dtype=pl.String)
            .alias("event_id")
        )
        new_ids = set(new.get_column("mention_id").to_list())
        remap = {m: e for m, e in ids.items() if m not in new_ids}

    # mentions: the night's rows into their months; saved rows of rebuilt blocks take their new ids; the saved
    # mentions of every touched event are gathered to rebuild it
    wanted_ids = set(saved_touched.get_column("event_id").to_list())
    from_months = {m for months in saved_touched.get_column("mention_months").to_list() for m in months}
    new_by_month = _by_month(assigned, "event_date")
    moved = _by_month(block_rows.filter(pl.col("mention_id").is_in(sorted(remap))), "event_date")
    # what is read below: the night's months, and the months the saved events it joined have mentions in (not those
    # of every candidate: the merge rule decided from the index alone)
    mention_months = set(new_by_month) | set(moved) | from_months
    published.fetch("mentions", {_rel("mentions", m) for m in mention_months})
    evidence = [_asserted(assigned).filter(pl.col("event_id").is_in(sorted(touched)))]
    wanted_array = pa.array(sorted(wanted_ids), pa.string())
    for month in sorted(mention_months):
        rel = _rel("mentions", month)
        path = output / rel / store.PART_FILE

        def gather(group: pa.Table, month: int = month) -> None:
            if month in from_months:
                evidence.append(_asserted(_polars(_only(group, "event_id", wanted_ids))))

        def renamed(group: pa.Table, month: int = month) -> pa.Table:
            if month not in moved:
                return group
            # saved rows of a rebuilt block take their new ids
            ids = pl.col("mention_id").replace_strict(remap, default=pl.col("event_id"), return_dtype=pl.String)
            return _arrow(_polars(group).with_columns(ids.alias("event_id")), "mentions")

        if month not in new_by_month and month not in moved:
            if path.exists():  # a month only read: the row groups that hold a touched event's mention, found by id
                parquet, schema = pq.ParquetFile(path), dataset_schema("mentions", CODER_VERSION)
                for g in range(parquet.num_row_groups):
                    ids = parquet.read_row_group(g, columns=["event_id"]).column(0)
                    if pc.any(pc.is_in(ids, value_set=wanted_array)).as_py():
                        gather(parquet.read_row_group(g).cast(schema))
            continue
        fresh = _arrow(new_by_month.get(month, new.clear()), "mentions")
        merge_partition(txn, "mentions", rel, path, fresh, change=renamed, seen=gather)
        release_freed_memory(collect=False)  # a month's buffers, freed by reference count
    if late:
        evidence.append(_asserted(block_rows.filter(pl.col("event_id").is_not_null())))
    gathered = pl.concat([e.select(evidence[0].columns) for e in evidence]).unique("mention_id", keep="last")
    events = consolidate.build_events(gathered)
    release_freed_memory()

    # events: rows of touched events replaced where they were and where they are now; dropped ids removed
    gone = set(dropped.get_column("event_id").to_list()) - set(touched)
    replace = set(touched) | gone
    was_in = set(saved_touched.get_column("event_month").to_list()) | set(dropped.get_column("event_month").to_list())
    built = _by_month(events, "event_date")
    event_months = was_in | set(built)
    published.fetch("events", {_rel("events", m) for m in event_months})
    for month in sorted(event_months):
        rel = _rel("events", month)
        merge_partition(
            txn, "events", rel, output / rel / store.PART_FILE, _arrow(built.get(month, events.clear())), drop=replace
        )

    index = event_index.to_table(touched.values(), _placement(gathered, events))
    old_anchor = (
        pl.concat([saved_touched.select("anchor_date"), dropped.select("anchor_date")])
        .select(_month("anchor_date"))
        .get_column("_m")
        .to_list()
    )
    new_anchor = set(_by_month(cast(pl.DataFrame, pl.from_arrow(index)), "anchor_date"))
    published.fetch(EVENT_INDEX, {event_index.partition(m) for m in set(old_anchor) | new_anchor})
    _stage_index_months(output, txn, index, set(old_anchor), replace)
    mode = f"incremental, {len(late)} block(s) rebuilt" if late else "incremental"
    return Consolidated(events.height, mode, candidates.height)


def _in_blocks(blocks: Iterable[tuple[str, str]]) -> pl.Expr:
    """Rows (mentions or index rows) of the blocks (country, kind of root: ``consolidate.kind_of``)."""
    rows = sorted(blocks)
    wanted = pl.DataFrame({"iso3": [b[0] for b in rows], "_kind": [b[1] for b in rows]}).to_struct()
    return pl.struct(pl.col("iso3"), kind_expr().alias("_kind")).is_in(wanted.implode())


def _rebuild_blocks(
    output: Path, new: pl.DataFrame, late: set[tuple[str, str]], rules: MergeRules
) -> tuple[Consolidator, pl.DataFrame, pl.DataFrame]:
    """The blocks ``late`` consolidated again from all their mentions and the night's. Returns the consolidator,
    the blocks' asserted rows with their new ids (saved and new), and the index rows of their saved events.

    A row's towns depend on its article's other rows of the same root (``consolidate._with_article_towns``), so
    those are read too, wherever they are placed, and only the blocks' own rows are kept."""
    roots = sorted({root for _, kind in late for root in (VIOLENT_ROOTS if kind == "violent" else {kind})})
    in_blocks = _in_blocks(late)
    articles: set[str] = set(new.filter(in_blocks).get_column("article_id").to_list())
    for part in _scan(output, pl.col("cameo_root_code").is_in(roots) & in_blocks, ["article_id"]):
        articles.update(part.get_column("article_id").to_list())
    same_articles = pl.col("cameo_root_code").is_in(roots) & pl.col("article_id").is_in(sorted(articles))
    new_ids = new.get_column("mention_id")
    saved = [p.filter(~pl.col("mention_id").is_in(new_ids)) for p in _scan(output, same_articles, None)]
    rows = pl.concat([*saved, new.filter(same_articles)]) if saved else new.filter(same_articles)
    consolidator = Consolidator(rules)
    block_rows = _asserted(consolidator.assign(rows)).filter(in_blocks)
    dropped = event_index.scan(output, event_index.SCHEMA.names, in_blocks)
    return consolidator, block_rows, dropped


def _scan(output: Path, where: pl.Expr, columns: list[str] | None) -> Iterator[pl.DataFrame]:
    """Mentions ``where`` keeps, month by month (one month's partition in memory at a time)."""
    for month in _months(output, "mentions"):
        frame = _read(output, "mentions", month)
        if frame is not None:
            found = frame.filter(where)
            if found.height:
                yield found if columns is None else found.select(columns)
