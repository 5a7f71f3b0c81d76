"""One commit of generation ``g`` to an output, for the kill suite: every row of every partition it writes
carries ``generation = g``, so a reader can tell a whole snapshot from a mixed one.

    python -m tests.faults.commit_driver OUTPUT G
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from eventwire.store import partitions as store

MONTHS = (1, 2, 3)
DATASETS = ("events", "mentions", "articles")


def table(dataset: str, generation: int, month: int) -> pa.Table:
    n = generation % 5 + 1  # row counts vary, so verification against the staged count matters
    day = [datetime(2024, month, 1 + i, tzinfo=UTC) for i in range(n)]
    ids = [f"{dataset[0]}{generation:04d}{month:02d}{i:02d}" for i in range(n)]
    cols: dict[str, list[object]] = {"generation": [generation] * n}
    if dataset == "articles":
        cols |= {"published_at": day, "article_id": ids}
    else:
        cols |= {"event_date": [d.date() for d in day], "iso3": ["NGA"] * n}
        cols |= {"event_id": ids} if dataset == "events" else {"article_id": ids, "sentence_index": list(range(n))}
        cols |= {"mention_id": ids} if dataset == "mentions" else {}
    return pa.table(cols)


def commit(output: Path, generation: int) -> None:
    store.recover(output)
    txn = store.Transaction(output, f"g{generation:04d}-{os.getpid()}")  # run ids are unique, as real ones
    for dataset in DATASETS:
        for month in MONTHS:
            if generation % 4 == 3 and month == 3 and dataset != "articles":
                txn.stage(dataset, f"{dataset}/year=2024/month={month}", table(dataset, generation, month)[:0])
            else:
                txn.stage(dataset, f"{dataset}/year=2024/month={month}", table(dataset, generation, month))
    txn.commit()


if __name__ == "__main__":
    commit(Path(sys.argv[1]), int(sys.argv[2]))
