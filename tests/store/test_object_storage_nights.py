"""Night after night on object storage: the event index is published as a Delta table with the datasets, so each
run restores it into its working copy and consolidates incrementally. Real articles coded by the real pipeline,
published to moto's S3 server, compared row for row with the same nights run into a local folder and with a
rebuild of everything; a run that dies before its commit point leaves the published index as it was."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from deltalake import DeltaTable, write_deltalake

import eventwire
from bench import replay
from eventwire import event_index, pipeline
from eventwire.pipeline import RunSummary
from eventwire.report.load import Frames, Selection
from eventwire.report.load import load as report_load
from eventwire.store import partitions as store
from eventwire.store.delta import COMMITS, ORDER, TABLES, Commit, DeltaOutput, commits_schema
from eventwire.store.snapshots import EVENT_INDEX, StoreError
from eventwire.store.workspace import ON_DEMAND, Workspace, workspace
from tests.keys import assert_unique_keys
from tests.store.s3_server import BUCKET, s3_server
from tests.store.test_object_storage import _articles, _frames, _ids


@pytest.fixture(scope="module")
def s3() -> Iterator[dict[str, str]]:
    with s3_server() as env:
        yield env


def _night(inbox: Path, output: Path, published: Workspace | None = None) -> tuple[RunSummary, Frames]:
    """One night as the flow runs it: plan, code, write, then the run's report; returns what the report read."""
    started = datetime.now(UTC)
    summary = replay.run_night(inbox, output, published=published)
    pipeline.run_report(output, summary, started, published)
    return summary, report_load(output, Selection(ingested_since=started, run_id=summary.run_id))


def _s3_night(inbox: Path, uri: str, held: list[dict[str, set[str]]] | None = None) -> tuple[RunSummary, Frames]:
    """One night as the flow runs it on object storage: a working copy (every table fetched as the run asks), the
    run's local commit and report, the publication. Appends to ``held`` the partitions the copy held, by table."""
    with workspace(uri, sparse=ON_DEMAND) as space:
        assert not space.checked_out  # nothing is copied before the run asks
        summary, frames = _night(inbox, space.local, space)
        if held is not None:
            held.append({name: {r for r in space.checked_out if r.startswith(name + "/")} for name in TABLES})
        space.publish(summary.run_id)
    return summary, frames


def _published(uri: str, folder: Path) -> Path:
    """Every table as the last published run left it, in the local layout (the event index included)."""
    remote = DeltaOutput(uri)
    remote.checkout(folder, remote.head())
    return folder


class _Killed(RuntimeError):
    """Stands for a process that dies after its table commits, before its row in ``commits``."""


def test_nights_on_object_storage_continue_from_the_published_index_and_equal_a_rebuild(
    s3: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = f"s3://{BUCKET}/nights"
    # March to July, five nights of a month each: the last night reads its months and the month before
    folders = replay.write_nights(replay.corpus_texts(), tmp_path / "nights", 48, 5, days=150)
    remote_inbox, local_inbox, local = tmp_path / "in-s3", tmp_path / "in-local", tmp_path / "local"
    modes: list[str] = []
    held: list[dict[str, set[str]]] = []
    for n, folder in enumerate(folders):
        shutil.copytree(folder, remote_inbox / folder.name)
        if n == 2:  # this night dies after committing its five tables, before the commit point
            head = DeltaOutput(uri).head()
            assert head is not None and EVENT_INDEX in head.versions
            index_before = DeltaTable(DeltaOutput(uri).table_uri(EVENT_INDEX)).version()

            def killed(*args: object, **kwargs: object) -> None:
                raise _Killed("killed before the commit point")

            with monkeypatch.context() as patch:
                patch.setattr(DeltaOutput, "_append_commit", killed)
                with pytest.raises(_Killed):
                    _s3_night(remote_inbox, uri)
            assert DeltaOutput(uri).head() == head  # readers and the next run still see the night before
            index_table = DeltaTable(DeltaOutput(uri).table_uri(EVENT_INDEX))
            assert index_table.version() == index_before + 1  # ... though the index did commit: mid-commit
        summary, remote_read = _s3_night(remote_inbox, uri, held)
        modes.append(summary.consolidation)
        shutil.copytree(folder, local_inbox / folder.name)
        _, local_read = _night(local_inbox, local)
        # the report read the same feed from the partitions the copy fetched as from the whole local output
        for name in ("events", "mentions", "articles", "feed_articles", "feed_events"):
            mine, theirs = getattr(remote_read, name), getattr(local_read, name)
            columns = [c for c in mine.columns if c != "ingested_at"]  # when the row was written
            assert mine.select(columns).sort(columns).equals(theirs.select(columns).sort(columns)), (n, name)
        assert remote_read.feed_articles.height > 0 and remote_read.events.height > 0

    # every night after the first continued from the published index, none rebuilt everything
    assert modes == ["incremental"] * len(folders), modes
    head = DeltaOutput(uri).head()
    assert head is not None and set(head.versions) == set(TABLES) - {"rejects"}  # no input was rejected
    index_rows = DeltaTable(DeltaOutput(uri).table_uri(EVENT_INDEX), version=head.versions[EVENT_INDEX])
    assert index_rows.to_pyarrow_table().num_rows > 0
    # the log keeps file statistics of every column: the report's window is found by first_seen without a file read
    events_files = DeltaTable(DeltaOutput(uri).table_uri("events"), version=head.versions["events"])
    assert "max.first_seen" in events_files.get_add_actions(flatten=True).column_names
    # each night's working copy held only the months it read or rewrote of each table: the last night none of
    # March or April, the first months of the history
    assert not any(held[0].values())  # nothing was published before the first night
    for name in ("mentions", "events", "articles", EVENT_INDEX):
        every_month = set(DeltaOutput(uri).partition_dirs(name, head))
        assert any(h[name] for h in held), name  # ... though each table was fetched from on some night
        assert held[-1][name] < every_month, (name, held[-1][name], every_month)
        assert not {r for r in held[-1][name] if re.search(r"year=2024/month=[34]$", r)}, held[-1][name]

    # a night with nothing new: the plan reads the articles' and rejects' ids from the published tables, and the
    # working copy holds nothing at all
    with workspace(uri, sparse=ON_DEMAND) as space:
        plan = pipeline.read_inputs(remote_inbox, space.local, published=space)
        assert (plan.to_code, plan.skipped) == ([], 48)
        assert pipeline.nothing_new(space.local, plan, space)
        assert not space.checked_out and not any(space.local.iterdir())

    # the published tables hold what the same nights give in a local folder, and what a rebuild gives
    published = _published(uri, tmp_path / "published")
    assert_unique_keys(published)
    assert replay.differences(local, published) == []
    rebuilt = tmp_path / "rebuilt"
    assert replay.rebuilt_copy(published, rebuilt).consolidation == "rebuild: asked (--rebuild)"
    assert replay.differences(published, rebuilt) == []
    events = replay.read(published, "events", "event_id")
    assert events.filter(pl.col("num_articles") > 1).height > 0  # reports of different nights did merge
    remote_frames, local_frames = _frames(uri), _frames(local)
    for name in ORDER:
        assert remote_frames[name].equals(local_frames[name]), name


def test_a_commits_table_from_before_the_index_was_published_gains_its_column(tmp_path: Path) -> None:
    """An output published by an earlier version: its `commits` rows name four tables. The next run publishes
    an index beside them and records its version in a new column; the run after gets the index back."""
    uri = (tmp_path / "out").as_uri()
    remote = DeltaOutput(uri)
    with workspace(uri) as space:
        _stage(space.local, "r0", {"articles/year=2024/month=1": _articles(["a"], 1)})
        space.publish("r0")
    # the commits table as an earlier version wrote it: no column for the index
    shutil.rmtree(tmp_path / "out" / COMMITS)
    old = pa.schema([f for f in commits_schema() if f.name != f"{EVENT_INDEX}_version"])
    row = {"sequence": 0, "run_id": "r0", "committed_at": datetime(2024, 1, 3, tzinfo=UTC), "articles_version": 0}
    write_deltalake(remote.table_uri(COMMITS), pa.Table.from_pylist([row], schema=old))
    assert remote.head() == Commit("r0", 0, {"articles": 0})

    founded = {"event_id": "e1", "iso3": "NGA", "cameo_root_code": "19", "anchor_date": date(2024, 2, 3)}
    index = pa.Table.from_pylist([founded], schema=event_index.SCHEMA)
    with workspace(uri) as space:
        assert not (space.local / EVENT_INDEX).exists()
        _stage(space.local, "r1", {"articles/year=2024/month=2": _articles(["b"], 2), _INDEX_FEB: index})
        space.publish("r1")
    assert remote.head() == Commit("r1", 1, {"articles": 1, EVENT_INDEX: 0})
    assert DeltaTable(remote.table_uri(COMMITS)).schema().to_arrow().names[-1] == f"{EVENT_INDEX}_version"
    with workspace(uri) as space:
        restored = pq.read_table(space.local / _INDEX_FEB / store.PART_FILE)
    assert restored.equals(index)


_INDEX_FEB = f"{EVENT_INDEX}/year=2024/month=2"


def _stage(local: Path, run_id: str, partitions: dict[str, pa.Table]) -> None:
    txn = store.Transaction(local, run_id)
    for rel_dir, table in partitions.items():
        txn.stage(rel_dir.split("/")[0], rel_dir, table)
    txn.commit()


def test_a_partition_the_working_copy_never_held_is_not_overwritten(tmp_path: Path) -> None:
    """With a dataset fetched on demand, a run that wrote a published partition it never fetched would replace
    rows it never read: publishing refuses, and publishes once the partition is fetched first."""
    uri = (tmp_path / "out").as_uri()
    with workspace(uri) as space:
        _stage(space.local, "r0", {"articles/year=2024/month=1": _articles(["a", "b"], 1)})
        space.publish("r0")
    head = DeltaOutput(uri).head()
    with workspace(uri, sparse=("articles",)) as space:
        assert not (space.local / "articles").exists()
        _stage(space.local, "r1", {"articles/year=2024/month=1": _articles(["c"], 1)})
        with pytest.raises(StoreError, match="without reading the published partition"):
            space.publish("r1")
    assert DeltaOutput(uri).head() == head
    with workspace(uri, sparse=("articles",)) as space:
        space.fetch("articles", {"articles/year=2024/month=1", "articles/year=2024/month=7"})
        saved = pq.read_table(space.local / "articles/year=2024/month=1" / store.PART_FILE)
        _stage(space.local, "r2", {"articles/year=2024/month=1": pa.concat_tables([saved, _articles(["c"], 1)])})
        space.publish("r2")
    assert set(eventwire.open_dataset(uri).articles.collect()["article_id"]) == _ids("a", "b", "c")
