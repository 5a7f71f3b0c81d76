"""A night on object storage against histories of growing size: `make bench-object-storage`.

For each history size (mentions), writes a synthetic consolidated history with its articles (``bench/history.py``),
publishes it to a local S3 server (moto, as the tests use) as the Delta tables a run leaves, then runs one night
the way ``eventwire run --output s3://…`` does, in a fresh process: the working copy (``store.workspace``), the
plan's read of the published article ids, consolidation and the local commit, the run report's fetch, the Delta
commits. Prints, per size, how the night was consolidated, the wall and CPU time of each phase, what the working
copy held (MB by table) and the process's peak memory.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from eventwire import incremental, pipeline  # noqa: E402
from eventwire.report.load import fetch_feed  # noqa: E402
from eventwire.report.settings import DriftSettings  # noqa: E402
from eventwire.store import partitions as store  # noqa: E402
from eventwire.store.delta import DeltaOutput  # noqa: E402
from eventwire.store.snapshots import resolve_snapshot  # noqa: E402
from eventwire.store.workspace import ON_DEMAND, workspace  # noqa: E402


def _script(name: str) -> Any:
    # bench/ is a folder of scripts (its bench.py shadows it as a package): load one beside this file by its path
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _copied(local: Path, rel_dirs: list[str]) -> dict[str, float]:
    """MB of each table's partitions ``rel_dirs`` in the working copy (its live snapshot)."""
    local = resolve_snapshot(local)
    out: dict[str, float] = {}
    for rel in rel_dirs:
        name = rel.split("/")[0]
        out[name] = out.get(name, 0.0) + (local / rel / store.PART_FILE).stat().st_size / 2**20
    return {k: round(v, 2) for k, v in sorted(out.items())}


def night_run(uri: str, night_file: Path) -> None:
    """One night on ``uri``, in this (fresh) process: the plan's read of the article ids, the write step, and the
    fetch its run report makes (``report.fetch_feed``); prints JSON. Each phase in wall and CPU seconds."""
    peak_mb = _script("consolidation").peak_mb
    table = pl.read_parquet(night_file).to_arrow()
    baseline = peak_mb()
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    clock = [time.perf_counter(), time.process_time()]

    def lap(phase: str) -> None:
        now = [time.perf_counter(), time.process_time()]
        wall[phase], cpu[phase] = round(now[0] - clock[0], 2), round(now[1] - clock[1], 2)
        clock[:] = now

    with workspace(uri, sparse=ON_DEMAND) as space:  # as the flow opens it
        lap("open")
        known = pipeline.coded_articles(space)  # the plan: every article's id, from the published table
        lap("plan")
        txn = store.Transaction(space.local, f"night-{time.time_ns()}")
        done = incremental.write_events(space.local, txn, table, set(), published=space)
        before_commit = sorted(space.checked_out)
        read_by_night = _copied(space.local, before_commit)
        txn.commit()
        lap("consolidate_and_commit")  # with the fetch of the partitions it reads
        # the report's drift checks: the feed's last five weeks of articles, and the events first reported then
        fetch_feed(space.local, space, DriftSettings().feed_days)
        lap("report_fetch")
        for_report = _copied(space.local, sorted(set(space.checked_out) - set(before_commit)))
        copied = {k: round(read_by_night.get(k, 0) + for_report.get(k, 0), 2) for k in {*read_by_night, *for_report}}
        space.publish(txn.run_id)
        lap("publish")
    figures = {
        "mode": done.mode,
        "night_mentions": table.num_rows,
        "history_articles": len(known),
        "working_copy_files": len(space.checked_out),
        "working_copy_mb": dict(sorted(copied.items())),  # every partition fetched, the report's included
        "consolidation_fetched_mb": read_by_night,
        "wall_s": wall,
        "cpu_s": cpu,  # the machine is shared: CPU time is the figure to compare
        "total_s": round(sum(wall.values()), 2),
        "total_cpu_s": round(sum(cpu.values()), 2),
        "baseline_rss_mb": round(baseline),
        "peak_rss_mb": round(peak_mb()),
    }
    print(json.dumps(figures))


def bench(histories: list[int], night: int, per_day: int) -> dict[str, object]:
    from tests.store.s3_server import BUCKET, s3_server

    synthetic = _script("history")
    runs = []
    with s3_server(), tempfile.TemporaryDirectory() as tmp:
        for size in histories:
            output = Path(tmp) / f"history-{size}"
            made = synthetic.write_history(output, size, per_day)
            uri = f"s3://{BUCKET}/history-{size}"
            t0 = time.perf_counter()
            DeltaOutput(uri).publish(output, None, {}, "history")  # every partition is new to the bucket
            published = time.perf_counter() - t0
            night_file = Path(tmp) / f"night-{size}.parquet"
            synthetic.night(output, night, made).write_parquet(night_file)
            args = [sys.executable, __file__, "--night-run", uri, str(night_file)]
            done = subprocess.run(args, capture_output=True, text=True, check=False)
            if done.returncode:
                raise SystemExit(done.stderr)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            history = {"history_mentions": made["mentions"], "history_days": made["days"]}
            runs.append(history | {"history_publish_s": round(published, 1)} | figures)
            print(json.dumps(runs[-1]), flush=True)
    return {"kind": "object-storage-night", "commit": _script("consolidation").commit(), "night": night, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--history", default="40000,160000,640000", help="history sizes in mentions, comma-separated")
    parser.add_argument("--night", type=int, default=2_000, help="the night's new mentions")
    parser.add_argument("--per-day", type=int, default=2_000, help="the history's mentions a day")
    parser.add_argument("--night-run", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.night_run:
        night_run(args.night_run[0], Path(args.night_run[1]))
        return
    result = bench([int(x) for x in args.history.split(",")], args.night, args.per_day)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
