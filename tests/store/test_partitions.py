"""Atomic writes: a failure midway leaves the previous dataset readable; a crash after commit is finished."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as pads
import pytest

from eventwire.store import partitions as store
from eventwire.store.lock import OutputLocked, output_lock


def _rejects(n: int, run: str = "r1") -> list[dict]:
    from datetime import UTC, datetime

    return [
        {
            "reject_id": f"{i:016x}",
            "uri": f"f{i}.txt",
            "stage": "read",
            "error": "empty file",
            "payload": None,
            "run_id": run,
            "rejected_at": datetime(2024, 3, 1, tzinfo=UTC),
        }
        for i in range(n)
    ]


def _commit(output: Path, rows: list[dict], run_id: str) -> None:
    txn = store.Transaction(output, run_id)
    txn.stage("rejects", "rejects/run_date=2024-03-01", store.to_table("rejects", rows, "test"))
    txn.commit()


def _read(output: Path) -> int:
    return pads.dataset(output / "rejects", format="parquet", partitioning="hive").count_rows()


def test_commit_writes_hive_partition_with_versions_in_footer(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    _commit(tmp_path, _rejects(3), "run-1")
    path = tmp_path / "rejects" / "run_date=2024-03-01" / store.PART_FILE
    meta = pq.read_metadata(path)
    assert meta.metadata[b"eventwire.coder_version"] == b"test"
    assert b"eventwire.schema_version" in meta.metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    assert meta.row_group(0).column(0).is_stats_set
    assert not (tmp_path / ".staging" / "run-1").exists()


def test_every_staged_file_and_snapshot_folder_is_durable_before_the_snapshot_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from eventwire.store import snapshots

    synced: list[Path] = []
    named_after: list[int] = []  # how many fsyncs had returned when the snapshot folder got its name
    fsync, rename = snapshots._fsync_dir, os.replace

    def recorded_fsync(path: Path) -> None:
        fsync(path)
        synced.append(Path(path))

    def recorded_rename(source: str | Path, target: str | Path) -> None:
        if Path(target).parent.name == snapshots.SNAPSHOTS:
            named_after.append(len(synced))
        rename(source, target)

    monkeypatch.setattr(snapshots, "_fsync_dir", recorded_fsync)
    monkeypatch.setattr(snapshots.os, "replace", recorded_rename)
    txn = store.Transaction(tmp_path, "run-1")
    days = [f"rejects/run_date=2024-03-0{d}" for d in range(1, 6)]
    for day in days:
        txn.stage("rejects", day, store.to_table("rejects", _rejects(3, day), "test"))
    staged = {txn.staging_path(day) for day in days}
    assert all(path.parent == txn.staging for path in staged)  # flat: no copy of the partition folders
    txn.commit()

    building = tmp_path / snapshots.SNAPSHOTS / "run-1.tmp"
    folders = {building, building / "rejects", *(building / day for day in days)}
    [count] = named_after
    assert staged | folders <= set(synced[:count])  # all of them durable before the snapshot is named
    assert _read(tmp_path) == 15
    assert not txn.staging.exists()


def test_failure_while_staging_leaves_previous_dataset_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _commit(tmp_path, _rejects(3), "run-1")
    before = (tmp_path / "rejects" / "run_date=2024-03-01" / store.PART_FILE).read_bytes()

    txn = store.Transaction(tmp_path, "run-2")
    txn.stage("rejects", "rejects/run_date=2024-03-01", store.to_table("rejects", _rejects(7, "r2"), "test"))

    def crash(*_: object, **__: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "write_parquet", crash)
    with pytest.raises(OSError, match="disk full"):
        txn.stage("rejects", "rejects/run_date=2024-03-02", store.to_table("rejects", _rejects(1, "r2"), "test"))
    # the run dies before committing: readers still see exactly the old data
    assert _read(tmp_path) == 3
    assert (tmp_path / "rejects" / "run_date=2024-03-01" / store.PART_FILE).read_bytes() == before
    # and the next run throws the half-staged files away
    assert store.recover(tmp_path) == ["discarded uncommitted staging run-2"]
    assert not (tmp_path / ".staging" / "run-2").exists()
    assert _read(tmp_path) == 3


def test_crash_after_the_pointer_leaves_the_new_snapshot_live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.store import snapshots

    _commit(tmp_path, _rejects(3), "run-1")
    txn = store.Transaction(tmp_path, "run-2")
    txn.stage("rejects", "rejects/run_date=2024-03-01", store.to_table("rejects", _rejects(5, "r2"), "test"))
    monkeypatch.setattr(snapshots, "tidy", lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        txn.commit()
    monkeypatch.undo()
    live = snapshots.resolve_snapshot(tmp_path)
    assert live == tmp_path / "snapshots" / "run-2"  # the pointer is the commit: readers of it see run-2
    assert pads.dataset(live / "rejects", format="parquet", partitioning="hive").count_rows() == 5
    assert _read(tmp_path) == 3  # the convenience link lags until the next run tidies
    assert store.recover(tmp_path) == ["discarded uncommitted staging run-2"]
    assert _read(tmp_path) == 5
    assert sorted(p.name for p in (tmp_path / "snapshots").iterdir()) == ["run-1", "run-2"]


def test_an_old_style_journal_is_finished_only_when_its_files_verify(tmp_path: Path) -> None:
    """An output written before snapshots, with a committed journal whose staged file a power cut truncated:
    discarded, not installed; the old data stays readable and the next commit works."""
    _commit(tmp_path / "a", _rejects(3), "run-1")  # build a valid staged file to copy from
    staged = tmp_path / "out" / ".staging" / "old" / "rejects" / "run_date=2024-03-01" / store.PART_FILE
    staged.parent.mkdir(parents=True)
    good = (tmp_path / "a" / "snapshots" / "run-1" / "rejects" / "run_date=2024-03-01" / store.PART_FILE).read_bytes()
    staged.write_bytes(good[: len(good) // 2])
    journal = {"run_id": "old", "actions": {"rejects/run_date=2024-03-01": "replace"}}
    (staged.parents[2] / store.JOURNAL).write_text(json.dumps(journal))
    assert store.recover(tmp_path / "out") == ["discarded uncommitted staging old"]
    assert not (tmp_path / "out" / "rejects").exists()
    staged.parent.mkdir(parents=True)
    staged.write_bytes(good)
    (staged.parents[2] / store.JOURNAL).write_text(json.dumps(journal))
    assert store.recover(tmp_path / "out") == ["finished interrupted commit old"]
    assert _read(tmp_path / "out") == 3
    _commit(tmp_path / "out", _rejects(4), "run-2")  # and the first snapshot takes the old files over
    assert _read(tmp_path / "out") == 4 and (tmp_path / "out" / "rejects").is_symlink()


def test_a_staged_file_that_does_not_verify_is_never_installed(tmp_path: Path) -> None:
    from eventwire.store import snapshots

    _commit(tmp_path, _rejects(3), "run-1")
    txn = store.Transaction(tmp_path, "run-2")
    txn.stage("rejects", "rejects/run_date=2024-03-01", store.to_table("rejects", _rejects(5, "r2"), "test"))
    path = txn.staging_path("rejects/run_date=2024-03-01")
    path.write_bytes(path.read_bytes()[:-20])  # what a power cut can leave
    with pytest.raises(snapshots.StoreError, match=r"staged file .*part-0.parquet does not verify"):
        txn.commit()
    assert _read(tmp_path) == 3
    store.recover(tmp_path)
    _commit(tmp_path, _rejects(6), "run-3")
    assert _read(tmp_path) == 6


def test_broken_output_state_fails_with_one_line_naming_the_path(tmp_path: Path) -> None:
    from eventwire.store import snapshots

    _commit(tmp_path, _rejects(3), "run-1")
    (tmp_path / "CURRENT").write_text("../../etc\n")
    with pytest.raises(snapshots.StoreError, match=r"snapshot pointer .*CURRENT is corrupt"):
        store.recover(tmp_path)
    (tmp_path / "CURRENT").write_text("run-1\n")
    (tmp_path / ".staging").write_text("x")
    with pytest.raises(snapshots.StoreError, match=r"\.staging is a file"):
        store.recover(tmp_path)


def test_empty_partition_is_deleted(tmp_path: Path) -> None:
    _commit(tmp_path, _rejects(2), "run-1")
    txn = store.Transaction(tmp_path, "run-2")
    txn.stage("rejects", "rejects/run_date=2024-03-01", store.to_table("rejects", [], "test"))
    txn.commit()
    assert not (tmp_path / "rejects" / "run_date=2024-03-01").exists()


def test_lock_refuses_a_second_writer_with_a_clear_message(tmp_path: Path) -> None:
    held = r"another eventwire run is writing to .* \(pid \d+"
    with output_lock(tmp_path), pytest.raises(OutputLocked, match=held), output_lock(tmp_path):
        pass
    with output_lock(tmp_path):  # released on exit: the next run may go
        pass


def test_lock_is_released_when_the_holder_dies(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import os, sys; from pathlib import Path; from eventwire.store.lock import output_lock\n"
        f"with output_lock(Path({str(tmp_path)!r})): os._exit(9)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 9
    with output_lock(tmp_path):  # no stale lock after a crash
        pass


def test_rows_with_a_duplicate_key_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    _commit(tmp_path, _rejects(2), "r1")
    twice = _rejects(2, "r2") + _rejects(1, "r2")  # the first row twice: same reject_id, same uri + stage + run
    with pytest.raises(
        store.DuplicateKey,
        match=r"^rejects/run_date=2024-03-01: 1 duplicate value\(s\) of the rejects key \(reject_id\)",
    ):
        _commit(tmp_path, twice, "r2")
    assert _read(tmp_path) == 2  # the previous dataset is untouched


def test_the_natural_key_of_rejects_is_checked_too(tmp_path: Path) -> None:
    rows = _rejects(2)
    rows[1] |= {"uri": rows[0]["uri"]}  # two rows for one input, stage and run, with different ids
    with pytest.raises(store.DuplicateKey, match=r"\(uri, stage, run_id\)"):
        _commit(tmp_path, rows, "r1")


def test_two_failures_of_one_article_in_one_run_are_one_reject_row(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from eventwire.ingest.readers import RejectInput
    from eventwire.pipeline import _new_rejects

    failures = [
        RejectInput("a.txt", "validate", "sentence 3: invalid mention", "text"),
        RejectInput("a.txt", "validate", "sentence 5: invalid mention", "text"),
        RejectInput("b.txt", "read", "empty file", None),
    ]
    rows = _new_rejects(store.Folder(tmp_path), failures, "r1", datetime(2024, 3, 1, tzinfo=UTC))
    assert [(r["uri"], r["stage"]) for r in rows] == [("a.txt", "validate"), ("b.txt", "read")]
    assert rows[0]["error"] == "2 errors: sentence 3: invalid mention; sentence 5: invalid mention"


def test_a_run_whose_mentions_repeat_a_key_writes_nothing(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    import pyarrow as pa

    from eventwire import batch_tables, pipeline
    from tests.conftest import CASES

    started = datetime.now(UTC)
    plan = pipeline.read_inputs(CASES / "good", tmp_path)
    coded = batch_tables.tabulate(pipeline.code_batch(list(pipeline.articles(plan))))
    assert coded.mentions.num_rows > 0
    twice = pa.concat_tables([coded.mentions, coded.mentions.slice(0, 1)])  # what the coder once produced
    broken = batch_tables.CodedTables(coded.articles, twice, coded.rejects, coded.model, coded.seconds)
    with pytest.raises(
        store.DuplicateKey,
        match=r"^mentions/year=\d+/month=\d+: 1 duplicate value\(s\) of the mentions key \(mention_id\)",
    ):
        pipeline.write_run(tmp_path, plan, [broken], pipeline.new_run_id(started), started)
    assert not any(tmp_path.rglob("*.parquet"))  # nothing committed, and the staging folder is gone
    assert not (tmp_path / store.STAGING).exists()
