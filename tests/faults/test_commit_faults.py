"""Commits atomic for readers, across datasets, at every instant: commits killed (SIGKILL, from inside, at
exact steps: ``store.faults``) in every phase while a reader races them; a staged file corrupted; a full disk.
Every view a reader takes is one run's whole output, and the rerun equals a run that was never killed."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import threading
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventwire.store import partitions as store
from eventwire.store import snapshots
from eventwire.store.faults import ENV
from tests.conftest import ROOT
from tests.faults import commit_driver as driver

# Every step a commit takes; "view" happens on the first commit only (dataset folders become links).
KILL_POINTS = [f"stage:{n}" for n in range(1, 10)] + [f"link:{n}" for n in range(1, 7)]
KILL_POINTS += ["snapshot:1", "pointer:1", "current:1", "prune:1", "prune:2", "cleanup:1"]


def _expected_dirs(generation: int) -> set[str]:
    return {
        f"{d}/year=2024/month={m}"
        for d in driver.DATASETS
        for m in driver.MONTHS
        if not (generation % 4 == 3 and m == 3 and d != "articles")
    }


def view(root: Path) -> int | None:
    """The generation of the snapshot at ``root``; AssertionError when it mixes runs or misses partitions."""
    files = sorted(p for d in driver.DATASETS if (root / d).is_dir() for p in (root / d).rglob("*.parquet"))
    if not files:
        return None
    seen = {int(g) for p in files for g in pq.read_table(p, columns=["generation"]).column(0).to_pylist()}
    assert len(seen) == 1, f"mixed view under {root}: generations {sorted(seen)}"
    (generation,) = seen
    dirs = {p.parent.relative_to(root).as_posix() for p in files}
    assert dirs == _expected_dirs(generation), f"generation {generation} incomplete under {root}: {sorted(dirs)}"
    return generation


class Reader(threading.Thread):
    """Resolves the pointer (or the ``current`` link) once per view and reads every dataset from there."""

    def __init__(self, output: Path) -> None:
        super().__init__(daemon=True)
        self.output, self.stop, self.views, self.errors = output, threading.Event(), 0, list[str]()

    def run(self) -> None:
        while not self.stop.is_set():
            for resolve in (snapshots.resolve_snapshot, lambda o: Path(os.path.realpath(o / "current"))):
                try:
                    root = resolve(self.output)
                    if root != self.output:
                        view(root)
                        self.views += 1
                except AssertionError as exc:
                    self.errors.append(str(exc))
                except (FileNotFoundError, snapshots.StoreError):
                    pass  # not written yet, or pruned under a reader two commits behind: it resolves again
            self.stop.wait(0.005)


def _commit(output: Path, generation: int, fault: str | None = None) -> int:
    env = {k: v for k, v in os.environ.items() if k != ENV} | ({ENV: fault} if fault else {})
    cmd = [sys.executable, "-m", "tests.faults.commit_driver", str(output), str(generation)]
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode in (0, -9), done.stderr[-2000:]
    return done.returncode


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def test_fifty_kills_in_every_phase_with_a_reader_racing(tmp_path: Path) -> None:
    output, clean = tmp_path / "out", tmp_path / "clean"
    reader = Reader(output)
    reader.start()
    kills, generation, live = 0, 0, None
    try:
        while kills < 50 and generation < 80:
            generation += 1
            point = "view:1" if generation == 1 else KILL_POINTS[(generation - 2) % len(KILL_POINTS)]
            killed = _commit(output, generation, point) == -9
            kills += killed
            now = view(snapshots.resolve_snapshot(output)) if (output / snapshots.POINTER).exists() else None
            assert now in (live, generation), (point, live, now)  # the previous run whole, or this one whole
            live = now
            if killed and generation % 5 == 0:  # now and then the rerun straight away (else the next run repairs)
                assert _commit(output, generation) == 0
                live = view(snapshots.resolve_snapshot(output))
                assert live == generation
        assert _commit(output, generation) == 0
        assert view(snapshots.resolve_snapshot(output)) == generation
    finally:
        reader.stop.set()
        reader.join(timeout=30)
    assert not reader.errors, reader.errors[:3]
    assert kills >= 50 and reader.views > 50, (kills, reader.views)
    driver.commit(clean, generation)  # a run that was never killed: same bytes
    assert _files(snapshots.resolve_snapshot(output)) == _files(snapshots.resolve_snapshot(clean))
    kept = sorted(p.name for p in (output / "snapshots").iterdir())  # the live one and the one before it
    assert len(kept) == 2 and snapshots.resolve_snapshot(output).name == kept[-1], kept
    assert not (output / ".staging").exists()
    for dataset in driver.DATASETS:  # the paths of earlier versions still lead to the live data
        assert Path(os.path.realpath(output / dataset)) == (snapshots.resolve_snapshot(output) / dataset).resolve()


def test_a_full_disk_while_publishing_leaves_the_previous_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    driver.commit(tmp_path, 1)
    before = _files(snapshots.resolve_snapshot(tmp_path))
    real_link, calls = os.link, [0]

    def link(src: object, dst: object) -> None:
        calls[0] += 1
        if calls[0] > 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_link(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", link)
    monkeypatch.setattr(snapshots.shutil, "copy2", lambda *_: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with pytest.raises(OSError, match=r"No space left|full"):
        driver.commit(tmp_path, 2)
    monkeypatch.undo()
    assert _files(snapshots.resolve_snapshot(tmp_path)) == before and view(snapshots.resolve_snapshot(tmp_path)) == 1
    driver.commit(tmp_path, 2)  # the next run clears the half-built snapshot and commits
    assert view(snapshots.resolve_snapshot(tmp_path)) == 2
    assert not list((tmp_path / "snapshots").glob("*.tmp"))


def test_a_staged_file_truncated_before_publishing_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    driver.commit(tmp_path, 1)
    real = store.write_parquet

    def truncating(table: object, path: Path, **options: object) -> None:
        real(table, path, **options)  # type: ignore[arg-type]
        if "month=2" in str(path) and "mentions" in str(path):
            os.truncate(path, path.stat().st_size // 2)

    monkeypatch.setattr(store, "write_parquet", truncating)
    with pytest.raises(snapshots.StoreError, match="does not verify"):
        driver.commit(tmp_path, 2)
    monkeypatch.undo()
    assert view(snapshots.resolve_snapshot(tmp_path)) == 1
    driver.commit(tmp_path, 2)
    assert view(snapshots.resolve_snapshot(tmp_path)) == 2
