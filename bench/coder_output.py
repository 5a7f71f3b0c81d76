"""Everything the coder writes for the gold files and the labelled news pool, as JSON lines: run it before and after
a change that must not change the output (a faster rule), and compare the two files byte for byte (``cmp``).

    python bench/coder_output.py /tmp/before.jsonl   # on the old tree
    python bench/coder_output.py /tmp/after.jsonl    # on the new one
    cmp /tmp/before.jsonl /tmp/after.jsonl

Every article row (all fields but ``ingested_at``, the clock), every mention (all fields) and every reject, in
output order, of each text coded as the nightly run codes it (``pipeline.code_batch``: pre-scan, parse, rules,
decision step). The gold labels are not read, only the texts; the files stay in ``../shared``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from eventwire import pipeline  # noqa: E402
from eventwire.ingest.article import InputArticle  # noqa: E402

SHARED = ROOT.parent / "shared"
FILES = (
    SHARED / "eval" / "news_dev.jsonl",
    SHARED / "eval" / "acled_dev.jsonl",
    SHARED / "eval" / "plover_gsr.jsonl",
    SHARED / "eval" / "geo_dev.jsonl",
    SHARED / "corpus" / "news_pool_labelled.jsonl",
)
BATCH = 100
DEFAULT_DAY = "2024-01-01"  # for texts without a date of their own; the same on both sides of a comparison


def articles(path: Path) -> list[InputArticle]:
    out = []
    # one JSON object a line; split on newlines only (str.splitlines also splits at U+2028 inside a text)
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        row = json.loads(line)
        day = date.fromisoformat(str(row.get("published") or row.get("event_date") or DEFAULT_DAY)[:10])
        out.append(
            InputArticle(
                source_id=str(row["id"]),
                uri=f"{path.name}#{row['id']}",
                text=row["text"],
                title=row.get("title"),
                published_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the JSON lines")
    args = parser.parse_args()
    started = time.process_time()
    with args.out.open("w", encoding="utf-8") as out:
        for path in FILES:
            if not path.exists():
                sys.exit(f"{path} is missing: the comparison needs every file")
            batch_articles = articles(path)
            for batch in pipeline.batches(batch_articles, BATCH):
                result = pipeline.code_batch(batch)
                for a in result.articles:
                    out.write("A " + a.model_dump_json(exclude={"ingested_at"}) + "\n")
                for m in result.mentions:
                    out.write("M " + m.model_dump_json() + "\n")
                for r in result.rejects:
                    out.write("R " + json.dumps([r.uri, r.stage, r.error]) + "\n")
            print(f"{path.name}: {len(batch_articles)} articles, {time.process_time() - started:.1f} s CPU")


if __name__ == "__main__":
    main()
