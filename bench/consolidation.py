"""Consolidation at scale: `make bench-consolidation` (M=100000 mentions in one month by default).

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
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from eventwire import CODER_VERSION, batch_tables, pipeline  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-m", "--mentions", type=int, default=100_000)
    args = parser.parse_args()
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
        touched = {(2024, 3)}
        month = store.partition_dir("mentions", {"year": 2024, "month": 3})
        new = {month: store.to_table("mentions", rows, CODER_VERSION)}  # a run hands the write step Arrow tables
        written = pipeline._rebuild_events(output, txn, touched, new, set())
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
