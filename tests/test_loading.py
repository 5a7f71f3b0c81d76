"""The loading API and the README's loading recipes on a real output: types pinned, rows the same in every
reader, an empty dataset typed too."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

import eventwire
from eventwire import pipeline
from tests.conftest import CASES, ROOT, SEEDS
from tests.keys import assert_unique_keys


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few seeds, a good wire file and the bad inputs, coded and written without Prefect."""
    inbox, out = tmp_path_factory.mktemp("in"), tmp_path_factory.mktemp("out") / "output"
    for name in (
        "000_eee00659cada7720.txt",
        "001_nigeria_borno_iswap_clash.txt",
        "020_senegal_dakar_election_riot.json",
    ):
        shutil.copy(SEEDS / name, inbox / name)
    shutil.copytree(CASES / "bad", inbox / "bad")
    shutil.copy(CASES / "good" / "wire.jsonl", inbox / "wire.jsonl")
    started = datetime.now(UTC)
    plan = pipeline.read_inputs(inbox, out)
    results = [pipeline.code_batch(list(pipeline.articles(plan)))]
    pipeline.write_run(out, plan, results, pipeline.new_run_id(started), started)
    assert_unique_keys(out)
    return out


def test_open_dataset_pins_every_type(output: Path) -> None:
    ds = eventwire.open_dataset(output)
    events = ds.events.collect()
    assert events.height > 0
    assert events.schema["event_date"] == pl.Date and events.schema["year"] == pl.Int16
    assert events.schema["month"] == pl.Int8 and events.schema["actor1_inter"] == pl.Int8
    assert events.schema["cameo_code"] == pl.String and events.schema["mention_ids"] == pl.List(pl.String)
    rejects = ds["rejects"].collect()
    assert rejects.height > 0 and rejects.schema["run_date"] == pl.Date  # documented as a date, read as one
    assert (rejects["run_date"] == rejects["rejected_at"].dt.date()).all()
    assert ds.articles.collect().schema["published_at"] == pl.Datetime("us", "UTC")


def test_every_reader_sees_the_same_rows(output: Path) -> None:
    ds = eventwire.open_dataset(output)
    with duckdb.connect() as con:
        for name in ("events", "mentions", "articles", "rejects"):
            duck = con.execute(
                f"SELECT count(*) FROM read_parquet('{output / name}/**/*.parquet', hive_partitioning = true)"
            ).fetchone()
            assert duck is not None
            assert ds[name].select(pl.len()).collect().item() == duck[0] == len(eventwire.read_pandas(output, name))


def test_pandas_keeps_dates_and_integer_codes(output: Path) -> None:
    events = eventwire.read_pandas(output, "events", filters=[("year", "=", 2024)])
    assert str(events["event_date"].dtype) == "date32[day][pyarrow]"
    assert str(events["actor1_inter"].dtype) == "int8[pyarrow]"
    assert str(events["year"].dtype) == "int16[pyarrow]" and str(events["month"].dtype) == "int8[pyarrow]"
    assert str(eventwire.read_pandas(output, "rejects")["run_date"].dtype) == "date32[day][pyarrow]"


def test_a_dataset_with_no_file_is_an_empty_typed_frame(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    ds = eventwire.open_dataset(tmp_path)
    rejects = ds.rejects.collect()
    assert rejects.height == 0 and rejects.schema["run_date"] == pl.Date
    assert ds.events.collect().schema["event_date"] == pl.Date
    assert len(eventwire.read_pandas(tmp_path, "mentions")) == 0
    with pytest.raises(KeyError, match="unknown dataset"):
        ds["nope"]
    with pytest.raises(FileNotFoundError):
        eventwire.open_dataset(tmp_path / "missing")


def _readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_the_readme_loading_recipes_run_as_written(output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    section = _readme_section("Loading")
    # the object-storage recipe needs an S3 server: tests/store/test_object_storage.py runs it against one
    blocks = [b for b in re.findall(r"```python\n(.*?)```", section, re.S) if "s3://" not in b]
    assert len(blocks) >= 2
    monkeypatch.chdir(output.parent)  # the recipes read "output"
    scopes: list[dict[str, Any]] = []
    for block in blocks:
        scopes.append({})
        exec(compile(block, "README.md", "exec"), scopes[-1])  # the README's own code, as a user pastes it
    evidence = scopes[0]["evidence"].collect()
    assert evidence.height == eventwire.open_dataset("output").events.collect()["num_mentions"].sum() > 0
    assert str(scopes[1]["events"]["event_date"].dtype) == "date32[day][pyarrow]"
    sql = re.findall(r"```sql\n(.*?)```", section, re.S)[0]
    with duckdb.connect() as con:
        assert con.execute(sql.split(";")[0]).fetchall()
