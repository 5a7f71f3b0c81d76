"""Incremental consolidation against a full rebuild: `make replay-incremental` (N=500 articles, 20 nights).

Writes a bench-like corpus (the bench's texts, each reported by two outlets a day or so apart, published over
a few weeks so that reports of one event and look-alikes meet), deals it out over NIGHTS nights, and codes it
night after night with the real pipeline into one output, each night consolidated incrementally. Then copies
that output and consolidates the copy again from all its mentions (``write_run(..., rebuild=True)``), and
compares the two, read back with polars: every event row, every mention's event id, the event index. Prints
the differences (none expected) and the timings; ``--shuffle`` deals articles to nights at random, so most
nights deliver reports published before ones already consolidated (the block-rebuild path).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from eventwire import pipeline  # noqa: E402
from eventwire.store import partitions as store  # noqa: E402
from eventwire.store.snapshots import EVENT_INDEX, resolve_snapshot  # noqa: E402

EVAL_TEXTS = ROOT.parent / "shared" / "eval" / "geo_dev.jsonl"  # the bench's texts (bench/bench.py)


def corpus_texts() -> list[str]:
    """Real news texts: the bench's (``../shared/eval/geo_dev.jsonl``) when present, else the seed articles."""
    if EVAL_TEXTS.exists():
        lines = EVAL_TEXTS.read_text(encoding="utf-8").split("\n")
        return [json.loads(line)["text"] for line in lines if line.strip()]
    from eventwire.ingest.readers import discover, read_file

    return [a.text for p in discover(ROOT / "seeds") for a in read_file(p, ROOT / "seeds").articles]


def write_nights(
    texts: list[str], folder: Path, n: int, nights: int, *, shuffle: bool = False, days: int = 30, seed: int = 7
) -> list[Path]:
    """``n`` articles (``n // 2`` texts, each from two outlets up to a day apart) published over ``days`` days,
    dealt out over ``nights`` folders in publication order, or at random with ``shuffle``."""
    rng = random.Random(seed)
    start = datetime(2024, 3, 1, tzinfo=UTC)
    articles = []
    for i in range(n):
        story = i // 2
        published = start + timedelta(days=story * days // max(1, n // 2), hours=rng.randrange(24))
        if i % 2:
            published += timedelta(hours=rng.randrange(2, 30))
        articles.append(
            {
                "id": f"replay-{i}",
                "title": f"Replay article {i}",
                "text": texts[story % len(texts)],
                "published": published.isoformat(),
                "source": f"outlet-{i % 2}",
            }
        )
    articles.sort(key=lambda a: a["published"])
    if shuffle:
        rng.shuffle(articles)
    folders = []
    for night in range(nights):
        chunk = articles[night * n // nights : (night + 1) * n // nights]
        path = folder / f"night{night:02d}"
        path.mkdir(parents=True, exist_ok=True)
        (path / "wire.jsonl").write_text("".join(json.dumps(a) + "\n" for a in chunk), encoding="utf-8")
        folders.append(path)
    return folders


def run_night(
    inbox: Path, output: Path, *, rebuild: bool = False, published: store.Published | None = None
) -> pipeline.RunSummary:
    """One nightly run without Prefect (the flow wiring has its own tests): read, code, write. ``published``: as
    the flow passes it for a working copy of object storage (``store.workspace.Workspace``)."""
    started = datetime.now(UTC)
    plan = pipeline.read_inputs(inbox, output, published=published)
    results = [pipeline.code_batch(list(pipeline.articles(plan)))] if plan.to_code else []
    return pipeline.write_run(output, plan, results, pipeline.new_run_id(started), started, rebuild, published)


def rebuilt_copy(output: Path, copy: Path) -> pipeline.RunSummary:
    """A copy of ``output`` consolidated again from all its mentions."""
    shutil.copytree(output, copy, symlinks=True)
    started = datetime.now(UTC)
    plan = pipeline.Plan(to_code=[], skipped=0, duplicates=[], rejects=[], files=0)
    return pipeline.write_run(copy, plan, [], pipeline.new_run_id(started), started, rebuild=True)


def read(output: Path, dataset: str, key: str) -> pl.DataFrame:
    root = resolve_snapshot(output) / dataset
    if not root.is_dir():
        return pl.DataFrame()
    frame = pl.read_parquet(root / "**" / "*.parquet", hive_partitioning=False)
    return frame.sort(key)


def differences(incremental: Path, rebuilt: Path) -> list[str]:
    """Every way the two outputs differ: events (all columns), mentions' event ids, the event index."""
    out = []
    for dataset, key, columns in (
        ("events", "event_id", None),
        ("mentions", "mention_id", ["mention_id", "event_id"]),
        (EVENT_INDEX, "event_id", None),
    ):
        a, b = read(incremental, dataset, key), read(rebuilt, dataset, key)
        if columns:
            a, b = a.select(columns), b.select(columns)
        if a.height != b.height:
            out.append(f"{dataset}: {a.height} rows incrementally, {b.height} rebuilt")
        only_a = a.join(b, on=a.columns, how="anti", nulls_equal=True)
        only_b = b.join(a, on=a.columns, how="anti", nulls_equal=True) if not b.is_empty() else b
        for row in only_a.head(5).iter_rows(named=True):
            out.append(f"{dataset}: only incrementally: {row}")
        for row in only_b.head(5).iter_rows(named=True):
            out.append(f"{dataset}: only rebuilt: {row}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=500)
    parser.add_argument("--nights", type=int, default=20)
    parser.add_argument("--shuffle", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inbox, output = Path(tmp) / "in", Path(tmp) / "out"
        folders = write_nights(corpus_texts(), Path(tmp) / "nights", args.articles, args.nights, shuffle=args.shuffle)
        seconds, modes = [], []
        for folder in folders:
            shutil.copytree(folder, inbox / folder.name)
            summary = run_night(inbox, output)
            seconds.append(summary.timings["write"])
            modes.append(summary.consolidation)
        started = time.perf_counter()
        rebuilt = rebuilt_copy(output, Path(tmp) / "rebuilt")
        found = differences(output, Path(tmp) / "rebuilt")
        result = {
            "articles": args.articles,
            "nights": args.nights,
            "shuffled": args.shuffle,
            "events": read(output, "events", "event_id").height,
            "mentions": read(output, "mentions", "mention_id").height,
            "write_s_per_night": seconds,
            "modes": modes,
            "rebuild_write_s": rebuilt.timings["write"],
            "rebuild_wall_s": round(time.perf_counter() - started, 2),
            "differences": found,
        }
    print(json.dumps(result, indent=2))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
