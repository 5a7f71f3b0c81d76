"""Consolidation at scale: `make bench-consolidation` (M=100000 mentions in one month by default).

With ``--history 300000,3000000`` it measures the nightly write step instead: a synthetic consolidated history
of each size (``bench/history.py``: mentions, events and event index written straight as partitions, at
``--per-day`` mentions a day) and one night of ``--night`` new mentions consolidated against it incrementally
(``incremental.write_events`` and the snapshot commit), in a fresh process whose peak resident memory is the
write step's (plus the interpreter and libraries, reported apart as the baseline). ``--rebuild-too`` also
times ``--rebuild`` of the smallest history for comparison.

Generates a month of synthetic asserted mentions the way a busy news month looks: 60 countries, 20 admin1
regions and 50 towns each, the five material CAMEO roots, a mix of day/week/month precision, a dozen actor
kinds, 1–6 outlets repeating most events, and published a few days after the event. Then times, in this
process: assigning event ids (``assign_events``), building the event rows (``build_events``), and the whole
month rebuild a nightly run does (``write_run``: read the month and its neighbours, consolidate, stage,
commit). Prints the figures and the peak resident memory, and writes them as JSON into bench/results/.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from eventwire import CODER_VERSION, batch_tables, incremental, pipeline  # noqa: E402
from eventwire.consolidate import assign_events, build_events  # noqa: E402
from eventwire.ingest.article import stable_id  # noqa: E402
from eventwire.store import partitions as store  # noqa: E402

ROOTS = {
    "14": ("Protests", "Peaceful protest", "141"),
    "17": ("Strategic developments", "Arrests", "173"),
    "18": ("Violence against civilians", "Attack", "180"),
    "19": ("Battles", "Armed clash", "190"),
    "20": ("Violence against civilians", "Attack", "200"),
}
ACTORS = [
    ("MIL", 1),
    ("COP", 1),
    ("INS", 2),
    ("REB", 2),
    ("UAF", 3),
    ("CRM", 3),
    ("CVL", 7),
    ("BUS", 7),
    ("EDU", 6),
    ("LAB", 6),
    ("GOV", 1),
    (None, None),
]


def generate(n: int, seed: int = 1) -> list[dict]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(60)]
    towns = {
        c: [(f"{c}-A{rng.randrange(20)}", rng.uniform(-40, 60), rng.uniform(-80, 120)) for _ in range(50)]
        for c in countries
    }
    rows: list[dict] = []  # type: ignore[type-arg]
    event = 0
    while len(rows) < n:
        event += 1
        iso3 = rng.choice(countries)
        admin1, lat, lon = rng.choice(towns[iso3])
        root = rng.choice(list(ROOTS))
        event_type, sub, code = ROOTS[root]
        day = date(2024, 3, 1) + timedelta(days=rng.randrange(31))
        a1, a2 = rng.choice(ACTORS), rng.choice(ACTORS)
        for report in range(rng.choice((1, 1, 2, 3, 4, 6))):
            precision = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
            coarse = rng.random() < 0.2
            published = datetime.combine(day + timedelta(days=rng.randrange(0, 4)), datetime.min.time(), UTC)
            article = stable_id("bench-article", event, report)
            rows.append(
                {
                    "mention_id": stable_id("bench-mention", event, report),
                    "article_id": article,
                    "sentence_index": 0,
                    "sentence": "…",
                    "char_start": 0,
                    "char_end": 1,
                    "trigger": "…",
                    "trigger_start": 0,
                    "trigger_end": 1,
                    "factuality": "asserted" if rng.random() < 0.85 else "future",
                    "date_source": "sentence",
                    "kept": True,
                    "source": f"outlet-{report}",
                    "published_at": published,
                    "event_date": day + timedelta(days=rng.choice((0, 0, 0, 1))),
                    "time_precision": precision,
                    "cameo_code": code,
                    "cameo_base_code": code,
                    "cameo_root_code": root,
                    "quad_class": 4 if root in ("18", "19", "20") else 3,
                    "goldstein": -5.0,
                    "event_type": event_type,
                    "sub_event_type": sub,
                    "actor1_name": a1[0] and a1[0].lower(),
                    "actor1_code": a1[0],
                    "actor1_type": a1[0],
                    "actor1_inter": a1[1],
                    "actor2_name": a2[0] and a2[0].lower(),
                    "actor2_code": a2[0],
                    "actor2_type": a2[0],
                    "actor2_inter": a2[1],
                    "iso3": "NGA",
                    "country": iso3,
                    "admin1": admin1,
                    "location": admin1 if coarse else f"{admin1} town",
                    "latitude": lat,
                    "longitude": lon,
                    "geo_precision": 3 if coarse else 1,
                    "geonameid": None if coarse else event,
                    "fatalities": rng.choice((0, 0, 1, 2, 5)),
                    "injuries": 0,
                    "arrests": 0,
                    "confidence": 0.5,
                    "coder_version": CODER_VERSION,
                }
            )
    # iso3 must be a real code for the schema; the 60 synthetic countries live in `country` and admin1
    for row in rows:
        row["admin1"] = f"{row['country']}/{row['admin1']}"
    return rows[:n]


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: getrusage's figure would carry the parent's, which Linux
    keeps across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def night_run(output: Path, night_file: Path, rebuild: bool) -> None:
    """The write step's consolidation and commit of one night, in this (fresh) process; prints JSON."""
    table = pl.read_parquet(night_file).to_arrow()
    baseline = peak_mb()
    t0, cpu = time.perf_counter(), time.process_time()
    txn = store.Transaction(output, f"night-{time.time_ns()}")
    done = incremental.write_events(output, txn, table, set(), rebuild=rebuild)
    t1 = time.perf_counter()
    txn.commit()
    t2 = time.perf_counter()
    print(
        json.dumps(
            {
                "mode": done.mode,
                "night_mentions": table.num_rows,
                "events_written": done.events,
                "candidates_restored": done.candidates,
                "partitions_staged": sum(1 for a in txn.actions.values() if a == "replace"),
                "consolidate_s": round(t1 - t0, 2),
                "commit_s": round(t2 - t1, 2),
                "write_step_s": round(t2 - t0, 2),
                "write_step_cpu_s": round(time.process_time() - cpu, 2),  # the machine is shared: CPU time too
                "baseline_rss_mb": round(baseline),
                "peak_rss_mb": round(peak_mb()),
            }
        )
    )


def incremental_bench(histories: list[int], night: int, per_day: int, rebuild_too: bool) -> dict[str, object]:
    import importlib.util

    # bench/ is a folder of scripts, not a package: load the generator beside this file by its path
    spec = importlib.util.spec_from_file_location("bench_history", ROOT / "bench" / "history.py")
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)

    out: dict[str, object] = {"kind": "consolidation-incremental", "commit": commit(), "date": date.today().isoformat()}
    runs = []
    for size in histories:
        with tempfile.TemporaryDirectory() as tmp:
            output = Path(tmp) / "out"
            t0 = time.perf_counter()
            made = synthetic.write_history(output, size, per_day)
            generated = time.perf_counter() - t0
            night_file = Path(tmp) / "night.parquet"
            synthetic.night(output, night, made).write_parquet(night_file)
            modes = [False, True] if rebuild_too and size == min(histories) else [False]
            for rebuild in modes:
                work = output if not rebuild else Path(tmp) / "copy"
                if rebuild:
                    shutil.copytree(output, work, symlinks=True)
                args = [sys.executable, __file__, "--night-run", str(work), str(night_file)]
                done = subprocess.run(args + (["--rebuild"] if rebuild else []), capture_output=True, text=True)
                if done.returncode:
                    raise SystemExit(done.stderr)
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                runs.append({"history_mentions": made["mentions"], "history_days": made["days"]} | figures)
                print(json.dumps(runs[-1]), flush=True)
            runs[-1 - (len(modes) - 1)]["history_generated_s"] = round(generated, 1)
    out["runs"] = runs
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-m", "--mentions", type=int, default=100_000)
    parser.add_argument("--history", help="history sizes in mentions, comma-separated: the incremental bench")
    parser.add_argument("--night", type=int, default=20_000, help="the night's new mentions")
    parser.add_argument("--per-day", type=int, default=20_000, help="the history's mentions a day")
    parser.add_argument("--rebuild-too", action="store_true", help="also --rebuild the smallest history")
    parser.add_argument("--night-run", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.night_run:
        night_run(args.night_run[0], args.night_run[1], args.rebuild)
        return
    if args.history:
        sizes = [int(x) for x in args.history.split(",")]
        result = incremental_bench(sizes, args.night, args.per_day, args.rebuild_too)
        print(json.dumps(result, indent=2))
        name = f"consolidation-incremental-{result['date']}-{result['commit']}.json"
        (ROOT / "bench" / "results" / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        return
    rows = generate(args.mentions)
    frame = pl.from_arrow(store.to_table("mentions", rows, CODER_VERSION))
    t0 = time.perf_counter()
    assigned = assign_events(frame)
    t1 = time.perf_counter()
    events = build_events(assigned)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp)
        plan = pipeline.Plan(to_code=[], skipped=0, duplicates=[], rejects=[], files=0)
        batch = batch_tables.BatchResult(articles=[], mentions=[], rejects=[], model="", seconds=0.0)
        t3 = time.perf_counter()
        txn = store.Transaction(output, "bench")
        new = store.to_table("mentions", rows, CODER_VERSION)  # a run hands the write step Arrow tables
        written = incremental.write_events(output, txn, new, set(), rebuild=True).events
        txn.commit()
        t4 = time.perf_counter()
        del plan, batch
    result = {
        "kind": "consolidation",
        "commit": commit(),
        "date": date.today().isoformat(),
        "mentions": frame.height,
        "asserted": int((frame["factuality"] == "asserted").sum()),
        "events": events.height,
        "events_written": written,
        "assign_events_s": round(t1 - t0, 2),
        "build_events_s": round(t2 - t1, 2),
        "month_rebuild_s": round(t4 - t3, 2),
        "mentions_per_s": round(frame.height / (t2 - t0)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results" / f"consolidation-{result['date']}-{result['commit']}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
