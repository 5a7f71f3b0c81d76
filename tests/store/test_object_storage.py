"""Object storage: the four datasets as Delta tables on a real S3-compatible server started here (moto's server
mode on 127.0.0.1). The real command writes a run of real articles, is killed mid-commit (``store.faults``),
and reruns; polars, DuckDB and pandas read the result, the previous run stays readable, keys stay unique, and
the result equals a run into a local folder. Concurrent writers are refused by Delta's commit protocol."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from deltalake import DeltaTable

import eventwire
from eventwire import CODER_VERSION
from eventwire.store import partitions as store
from eventwire.store.delta import ORDER, Commit, ConcurrentRun, DeltaOutput
from eventwire.store.faults import ENV
from eventwire.store.workspace import workspace
from schemas.records import DATASETS, Article
from tests.conftest import ROOT
from tests.store.s3_server import BUCKET, s3_server

SEEDS = sorted((ROOT / "seeds").glob("0*.txt"))
FIRST, SECOND = SEEDS[1:4], SEEDS[4:7]  # three real articles a night
VARIES = ("ingested_at", "first_seen", "last_seen")  # when a row was written, not what it says


@pytest.fixture(scope="module")
def s3() -> Iterator[dict[str, str]]:
    with s3_server() as env:
        yield env


def _input(folder: Path, files: list[Path]) -> Path:
    folder.mkdir(parents=True)
    for path in files:
        shutil.copy(path, folder / path.name)
    return folder


def _run(input_dir: Path, output: str, home: Path, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    """``eventwire run`` as an operator runs it, in its own process group: a fault kills the command, and then
    the group is ended too, so the Prefect server the command had started does not outlive it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", ENV)}
    env |= {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env |= {ENV: fault} if fault else {}
    cmd = [sys.executable, "-m", "eventwire.cli", "run", "--input", str(input_dir), "--output", output]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=err, start_new_session=True)
        try:
            code = proc.wait(timeout=600)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(cmd, code, out.read(), err.read())


def _frames(root: str | Path) -> dict[str, pl.DataFrame]:
    """Every dataset, rows in key order, without the columns that record when a row was written."""
    ds = eventwire.open_dataset(root)
    out = {}
    for name in ORDER:
        frame = ds[name].collect()
        out[name] = frame.drop([c for c in VARIES if c in frame.columns]).sort(DATASETS[name].keys[0])
    return out


def _duckdb_duplicates(uri: str) -> dict[str, int]:
    """Per dataset and key, how many values occur more than once: DuckDB over each Delta table at the version
    the last published run names (the Parquet files delta-rs lists, through a pyarrow dataset: no extension)."""
    remote = DeltaOutput(uri)
    head = remote.head()
    found = {}
    with duckdb.connect() as con:
        for name in ORDER:
            table = remote.table(name, head)
            if table is None:
                continue
            con.register("t", table.to_pyarrow_dataset())
            for columns in DATASETS[name].keys:
                cols = ", ".join(columns)
                query = f"SELECT count(*) FROM (SELECT {cols} FROM t GROUP BY {cols} HAVING count(*) > 1)"
                found[f"{name}({cols})"] = con.execute(query).fetchall()[0][0]
            con.unregister("t")
    return found


@pytest.mark.integration
def test_a_run_killed_mid_commit_leaves_the_previous_run_readable_and_the_rerun_completes(
    s3: dict[str, str], tmp_path: Path
) -> None:
    uri = f"s3://{BUCKET}/round-trip"
    first_input = _input(tmp_path / "first", FIRST)
    both_input = _input(tmp_path / "both", FIRST + SECOND)

    done = _run(first_input, uri, tmp_path / "prefect")
    assert done.returncode == 0, done.stderr[-3000:]
    first = _frames(uri)
    assert first["articles"].height == len(FIRST) and first["events"].height > 0
    published = DeltaOutput(uri).head()
    assert published is not None and set(published.versions) >= {"articles", "mentions", "events"}

    # killed after the second of the four table commits, before the run's row in `commits`
    killed = _run(both_input, uri, tmp_path / "prefect", fault="delta:2")
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr[-3000:])
    remote = DeltaOutput(uri)
    assert remote.head() == published  # the commit point was never reached
    for name in ("articles", "mentions"):  # ... though two tables did commit: the crash was mid-commit
        assert DeltaTable(remote.table_uri(name)).version() == published.versions[name] + 1
    after_crash = _frames(uri)
    for name in ORDER:
        assert after_crash[name].equals(first[name]), f"{name} changed by a run that never published"

    rerun = _run(both_input, uri, tmp_path / "prefect")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"coded {len(SECOND)}, skipped {len(FIRST)} already coded" in rerun.stdout  # read from the Delta tables
    final = _frames(uri)
    assert final["articles"].height == len(FIRST) + len(SECOND)
    assert set(final["articles"]["article_id"]) > set(first["articles"]["article_id"])
    for name, frame in final.items():
        for key in DATASETS[name].keys:
            assert frame.select(key).is_duplicated().sum() == 0, (name, key)
    assert not any(_duckdb_duplicates(uri).values()), _duckdb_duplicates(uri)

    # the previous run stays readable, by the versions its own row in `commits` names
    for name in ("articles", "events"):
        old = remote.table(name, published)
        assert old is not None
        assert old.to_pyarrow_table().num_rows == first[name].height

    # the same rows as the same two nights coded into a local folder (determinism, and one table format's
    # output equals the other's)
    local = tmp_path / "local"
    for folder in (first_input, both_input):
        assert _run(folder, str(local), tmp_path / "prefect").returncode == 0
    expected = _frames(local)
    for name in ORDER:
        assert final[name].equals(expected[name]), name

    # readers: polars on the Delta table directly, pandas through the loader, the run records beside
    events_version = remote.head().versions["events"]  # type: ignore[union-attr]
    direct = pl.read_delta(remote.table_uri("events"), version=events_version)
    assert direct.height == final["events"].height and direct.schema["year"] == pl.Int16
    nga = eventwire.read_pandas(uri, "events", filters=[("year", "=", 2024)], columns=["event_id", "event_date"])
    assert len(nga) == final["events"].filter(pl.col("year") == 2024).height
    assert str(nga.dtypes["event_date"]) == "date32[day][pyarrow]"
    # the README's recipe for reading the tables by hand (polars, pandas, DuckDB), run as written
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## Loading\n")[1].split("\n## ")[0]
    (recipe,) = [b for b in re.findall(r"```python\n(.*?)```", section, re.S) if "s3://" in b]
    scope: dict[str, Any] = {}
    exec(compile(recipe.replace("s3://bucket/prefix", uri), "README.md", "exec"), scope)
    assert scope["events"].collect().height == final["events"].height
    assert len(scope["in_2024"]) == final["mentions"].filter(pl.col("year") == 2024).height
    assert sum(n for _, n in scope["by_country"]) == final["mentions"].height

    # a night with nothing new reads only the published articles and rejects, starts no flow, commits nothing
    published = remote.head()
    idle = _run(both_input, uri, tmp_path / "prefect")
    assert idle.returncode == 0 and "nothing new to code" in idle.stdout, idle.stderr[-3000:]
    assert remote.head() == published
    runs = remote.read_runs()
    assert [r["counts"]["coded"] for r in runs] == [len(FIRST), len(SECOND), 0]  # the killed run left no record
    assert {r["output"] for r in runs} == {uri}


def _ids(*names: str) -> set[str]:
    return {hashlib.sha256(n.encode()).hexdigest()[:16] for n in names}


def _articles(names: list[str], month: int) -> store.pa.Table:
    rows = [
        Article(
            article_id=i,
            source_id=i,
            uri=f"{i}.txt",
            published_at=datetime(2024, month, 3, tzinfo=UTC),
            content_hash=i,
            n_chars=10,
            status="no_events",
            n_mentions=0,
            coder_version=CODER_VERSION,
            ingested_at=datetime(2024, month, 3, tzinfo=UTC),
        ).model_dump()
        for i in sorted(_ids(*names))
    ]
    return store.to_table("articles", rows, CODER_VERSION)


def _stage(local: Path, run_id: str, month: int, ids: list[str]) -> None:
    """A run's local commit: one articles partition replaced."""
    txn = store.Transaction(local, run_id)
    txn.stage("articles", f"articles/year=2024/month={month}", _articles(ids, month))
    txn.commit()


def _published_ids(uri: str) -> set[str]:
    return set(eventwire.open_dataset(uri).articles.collect()["article_id"])


def test_concurrent_writers_are_refused_by_the_commit_protocol(s3: dict[str, str]) -> None:
    uri = f"s3://{BUCKET}/concurrent"
    with workspace(uri) as space:
        _stage(space.local, "r0", 1, ["a", "b"])
        space.publish("r0")
    assert _published_ids(uri) == _ids("a", "b")

    # two runs from the same published state publish at the same moment: exactly one wins
    outcomes: dict[str, str] = {}
    start = threading.Barrier(2)
    with workspace(uri) as one, workspace(uri) as two:
        _stage(one.local, "r1", 1, ["a", "b", "c"])
        _stage(two.local, "r2", 2, ["x"])

        def publish(name: str, space: object) -> None:
            start.wait()
            try:
                space.publish(name)  # type: ignore[attr-defined]
                outcomes[name] = "published"
            except ConcurrentRun:
                outcomes[name] = "refused"

        threads = [threading.Thread(target=publish, args=(n, s)) for n, s in (("r1", one), ("r2", two))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert sorted(outcomes.values()) == ["published", "refused"], outcomes
    winner = next(n for n, o in outcomes.items() if o == "published")
    assert _published_ids(uri) == (_ids("a", "b", "c") if winner == "r1" else _ids("a", "b", "x"))

    # the commit point itself: two rows appended from the same state, the second refused by Delta's log
    remote = DeltaOutput(uri)
    head = remote.head()
    assert head is not None and head.run_id == winner
    remote._append_commit(head, head.versions, "r3")
    with pytest.raises(ConcurrentRun):
        remote._append_commit(head, head.versions, "r4")
    assert remote.head().run_id == "r3"  # type: ignore[union-attr]

    # the next run builds on the published state: a refused run's table commits are rolled back, not kept
    with workspace(uri) as space:
        _stage(space.local, "r5", 3, ["z"])
        space.publish("r5")
    expected = _ids("a", "b", "c", "z") if winner == "r1" else _ids("a", "b", "x", "z")
    assert _published_ids(uri) == expected
    head_rows = DeltaTable(remote.table_uri("articles")).to_pyarrow_table(columns=["article_id"]).column(0)
    assert set(head_rows.to_pylist()) == expected  # the table's own head too: nothing of the refused run left


def test_an_output_uri_nobody_serves_fails_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {"AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ALLOW_HTTP": "true", "AWS_ACCESS_KEY_ID": "x"}
    env |= {"AWS_SECRET_ACCESS_KEY": "x", "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}
    for output in ("s3://nobody/eventwire", "nosuch://bucket/eventwire"):
        cmd = [sys.executable, "-m", "eventwire.cli", "run", "--input", str(ROOT / "seeds"), "--output", output]
        done = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 2, (output, done.stderr[-2000:])
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"eventwire: error: cannot use {output}"), done.stderr
    assert not any(tmp_path.iterdir())  # nothing written locally


def test_a_file_uri_is_published_the_same_way(tmp_path: Path) -> None:
    """Any file system delta-rs knows: ``file://`` gives Delta tables and the same loader, no server needed."""
    uri = (tmp_path / "out").as_uri()
    with workspace(uri) as space:
        _stage(space.local, "r0", 1, ["a", "b"])
        space.publish("r0")
    with workspace(uri) as space:
        _stage(space.local, "r1", 2, ["c"])
        space.publish("r1")
    assert DeltaTable(str(tmp_path / "out" / "articles")).version() == 1
    assert _published_ids(uri) == _ids("a", "b", "c")
    assert set(eventwire.read_pandas(uri, "articles", filters=[("month", "=", 2)])["article_id"]) == _ids("c")
    first = DeltaOutput(uri).table("articles", Commit("r0", 0, {"articles": 0}))
    assert first is not None and set(first.to_pyarrow_table().column("article_id").to_pylist()) == _ids("a", "b")
