"""The event index: what the merge rule knows of each event, kept with the output so a night continues from it.

One row per placed event (events with no place join only their own article's reports, so no later night can
join them): the blocking keys (``iso3``, ``cameo_root_code``, founding day and precision, the place keys it is
filed under) and everything the rule compares a new report with (founding article, event type, "separate",
most precise place, most specific actors, towns named), the founding and latest mention's place in the
order mentions are taken, and where the event's rows live (its month in ``events/``, the months of its
mentions in ``mentions/``). Stored as ``event_index/year=/month=/part-0.parquet``, partitioned by the
founding day's month, and committed in the same snapshot as the datasets it describes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from eventwire.consolidate import ORDER, Actor, Cluster, Consolidator, MergeRules, kind_expr, kind_of
from eventwire.store import partitions as store
from eventwire.store.snapshots import EVENT_INDEX, resolve_snapshot
from schemas.event_index import ACTOR, KEY_PARTS, PLACE
from schemas.event_index import SCHEMA as SCHEMA  # the index's columns, read here by its users


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def month_of(index: int) -> tuple[int, int]:
    year, month = divmod(index, 12)
    return year, month + 1


def partition(month: int) -> str:
    year, m = month_of(month)
    return store.partition_dir(EVENT_INDEX, {"year": year, "month": m})


def to_table(clusters: Iterable[Cluster], where: dict[str, tuple[int, list[int]]]) -> pa.Table:
    """Index rows of placed events; ``where`` gives each event's month in events/ and its mentions' months."""
    rows: list[dict[str, Any]] = []
    for c in clusters:
        if c.iso3 is None:
            continue
        event_month, mention_months = where[c.event_id]
        row: dict[str, Any] = {
            "event_id": c.event_id,
            "iso3": c.iso3,
            "cameo_root_code": c.root,
            "event_type": c.event_type,
            **{k: c.place.get(k) for k in PLACE},
            "article_id": c.article_id,
            "anchor_date": c.anchor_date,
            "anchor_precision": c.anchor_precision,
            "separate": c.separate,
            "cameo_roots": sorted(c.roots),
            "towns": sorted(c.towns),
            "keys": sorted(c.keys),
            "event_month": event_month,
            "mention_months": sorted(mention_months),
        }
        for n in (1, 2):
            actor = c.actors.get(f"actor{n}")
            for part in ACTOR:
                row[f"actor{n}_{part}"] = getattr(actor, part) if actor is not None else None
        for prefix, key in (("first", c.order), ("last", c.last)):
            row.update({f"{prefix}_{p}": v for p, v in zip(KEY_PARTS, key, strict=True)})
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def clusters_of(table: pa.Table | pl.DataFrame) -> list[Cluster]:
    """Index rows back as the merge rule's events, ready for ``Consolidator.restore``."""
    frame = table if isinstance(table, pl.DataFrame) else cast(pl.DataFrame, pl.from_arrow(table))
    out = []
    for r in frame.iter_rows(named=True):
        actors: dict[str, Actor | None] = {}
        for n in (1, 2):
            parts = [r[f"actor{n}_{p}"] for p in ACTOR]
            actors[f"actor{n}"] = None if parts[0] is None and parts[2] is None else Actor(*parts)
        out.append(
            Cluster(
                event_id=r["event_id"],
                article_id=r["article_id"],
                anchor_date=r["anchor_date"],
                anchor_precision=r["anchor_precision"],
                event_type=r["event_type"],
                iso3=r["iso3"],
                place={k: r[k] for k in PLACE},
                actors=actors,
                order=tuple(r[f"first_{p}"] for p in KEY_PARTS),
                separate=r["separate"],
                towns=set(r["towns"] or ()),
                root=r["cameo_root_code"],
                roots=set(r["cameo_roots"] or ()),
                last=tuple(r[f"last_{p}"] for p in KEY_PARTS),
                keys=set(r["keys"] or ()),
            )
        )
    return out


# ── reading ─────────────────────────────────────────────────────────────────────────────────────
def exists(output: Path) -> bool:
    return (resolve_snapshot(output) / EVENT_INDEX).is_dir()


def months(output: Path) -> list[int]:
    """The founding months the index has a partition for."""
    root = resolve_snapshot(output) / EVENT_INDEX
    found = []
    for path in root.glob(f"year=*/month=*/{store.PART_FILE}") if root.is_dir() else []:
        found.append(month_index(int(path.parent.parent.name[5:]), int(path.parent.name[6:])))
    return sorted(found)


def read_month(
    output: Path, month: int, columns: list[str] | None = None, ids: list[str] | None = None
) -> pl.DataFrame:
    """One founding month of the index (``columns`` of it; only events ``ids`` when given, filtered as read)."""
    path = resolve_snapshot(output) / partition(month) / store.PART_FILE
    if not path.exists():
        return cast(pl.DataFrame, pl.from_arrow(SCHEMA.empty_table())).select(columns or SCHEMA.names)
    where = pc.field("event_id").isin(ids) if ids is not None else None
    return cast(pl.DataFrame, pl.from_arrow(pq.read_table(path, columns=columns, schema=SCHEMA, filters=where)))


def scan(output: Path, columns: list[str], where: pl.Expr) -> pl.DataFrame:
    """Some columns of every index row that ``where`` keeps, month by month (one month's rows in memory)."""
    parts = [read_month(output, m, columns).filter(where) for m in months(output)]
    parts = [p for p in parts if p.height]
    return pl.concat(parts) if parts else read_month(output, -1, columns)


# ── which saved events a night's reports can join ──────────────────────────────────────────────
FILING = ["event_id", "iso3", "cameo_root_code", "anchor_precision", "anchor_date", "keys"]  # what ``candidates`` reads


def candidates(index: pl.DataFrame, new: pl.DataFrame, rules: MergeRules) -> pl.DataFrame:
    """The rows of ``index`` (``FILING`` columns at least) that some report in ``new`` could join: same block
    (country, root), filed under a place key the report looks under, founded within the date window. A superset
    of what ``Consolidator`` will look at, never a subset."""
    if index.is_empty() or new.is_empty():
        return index.clear()
    consolidator = Consolidator(rules)
    wanted = [consolidator.wanted(r) for r in new.select(*PLACE).iter_rows(named=True)]
    looked = (
        new.select("iso3", kind_expr().alias("_kind"), "event_date", "time_precision")
        .with_columns(pl.Series("key", wanted, dtype=pl.List(pl.String)))
        .explode("key")
        .join(pl.DataFrame({"anchor_precision": [1, 2, 3]}, schema={"anchor_precision": pl.Int8}), how="cross")
        .with_columns(
            _reach(pl.max_horizontal("time_precision", "anchor_precision"), rules).alias("_reach"),
            (pl.col("event_date").dt.year() * 12 + pl.col("event_date").dt.month()).alias("_bucket"),
        )
        # one date range per key and month of the night's dates: each saved event's filing matches at most one
        # range a month, so the join stays the size of the index window, not of (reports x events)
        .group_by("iso3", "_kind", "key", "anchor_precision", "_bucket")
        .agg(
            (pl.col("event_date") - pl.duration(days=pl.col("_reach"))).min().alias("_from"),
            (pl.col("event_date") + pl.duration(days=pl.col("_reach"))).max().alias("_to"),
        )
    )
    filed = index.select(FILING).with_columns(kind_expr().alias("_kind")).explode("keys")
    hits = (
        filed.join(looked, left_on=["iso3", "_kind", "keys", "anchor_precision"], right_on=looked.columns[:4])
        .filter(pl.col("anchor_date").is_between(pl.col("_from"), pl.col("_to")))
        .select("event_id")
        .unique()
    )
    return index.join(hits, on="event_id", how="semi")


def _reach(worst: pl.Expr, rules: MergeRules) -> pl.Expr:
    """``window`` as an expression over the coarser of two precisions."""
    return (
        pl.when(worst == 1)
        .then(rules.day_window)
        .when(worst == 2)
        .then(rules.week_window)
        .otherwise(rules.month_window)
        .cast(pl.Int32)
    )


def anchor_months(new: pl.DataFrame, rules: MergeRules) -> list[int]:
    """The founding months of every event the reports in ``new`` could join (their dates ± the widest window)."""
    reach = timedelta(days=max(rules.day_window, rules.week_window, rules.month_window))
    days = new.get_column("event_date").unique().to_list()
    return sorted({month_index(d.year, d.month) for day in days for d in (day - reach, day, day + reach)})


def late_blocks(output: Path, new: pl.DataFrame, published: store.Published | None = None) -> set[tuple[str, str]]:
    """Blocks (country, kind of root: ``consolidate.kind_of``) where some saved event has a mention that sorts
    after the block's earliest new report: a report published before mentions already consolidated (a
    backfill, or a feed that delivers an article a night late). Continuing from the saved events would take
    the reports out of order there. ``published`` fetches the index months that hold such events first (a
    working copy of object storage), found by ``last_published`` (their files' statistics rule the others out)."""
    first = (
        new.sort(ORDER).with_columns(kind_expr().alias("_kind")).group_by("iso3", "_kind", maintain_order=True).first()
    )
    if first.is_empty():
        return set()
    earliest = first.get_column("published_at").min()
    if published is not None:
        since = pa.scalar(earliest, SCHEMA.field("last_published").type)
        published.fetch_where(EVENT_INDEX, pc.field("last_published") >= since)
    saved = scan(
        output,
        ["iso3", "cameo_root_code", *(f"last_{p}" for p in KEY_PARTS)],
        pl.col("last_published") >= earliest,
    )
    if saved.is_empty():
        return set()
    start = {(r["iso3"], r["_kind"]): tuple(r[c] for c in ORDER) for r in first.iter_rows(named=True)}
    late = set()
    for r in saved.iter_rows(named=True):
        block = (r["iso3"], kind_of(r["cameo_root_code"]))
        if block in start and tuple(r[f"last_{p}"] for p in KEY_PARTS) > start[block]:
            late.add(block)
    return late
