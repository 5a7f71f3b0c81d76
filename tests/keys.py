"""The key check every integration run ends with: each dataset's keys are unique over the whole dataset."""

from __future__ import annotations

from pathlib import Path

import duckdb

from schemas.records import DATASETS


def duplicate_keys(output: Path) -> dict[str, int]:
    """Dataset and key → how many key values occur more than once (DuckDB over the written Parquet)."""
    found: dict[str, int] = {}
    with duckdb.connect() as con:
        for name, dataset in DATASETS.items():
            files = list((output / name).rglob("*.parquet"))
            if not files:
                continue
            scan = f"read_parquet('{output / name}/**/*.parquet', hive_partitioning = true)"
            for columns in dataset.keys:
                cols = ", ".join(columns)
                row = con.execute(
                    f"SELECT count(*) FROM (SELECT {cols} FROM {scan} GROUP BY {cols} HAVING count(*) > 1)"
                ).fetchone()
                found[f"{name}({cols})"] = row[0] if row else 0
            if name == "events":
                row = con.execute(f"SELECT count(*) FROM {scan} WHERE num_mentions != len(mention_ids)").fetchone()
                found["events(num_mentions != len(mention_ids))"] = row[0] if row else 0
    return found


def assert_unique_keys(output: Path) -> None:
    found = duplicate_keys(output)
    assert found, f"no dataset written under {output}"
    bad = {k: v for k, v in found.items() if v}
    assert not bad, bad
