"""What readers see: complete snapshots of every dataset, switched by one atomic pointer.

    output/CURRENT                        the live snapshot's id (and the previous one's): the commit point
    output/snapshots/<id>/events/…        every dataset as of one run; immutable once named
    output/current -> snapshots/<id>      a symlink that follows CURRENT, for local tools
    output/events -> current/events       the same for each dataset, so existing paths keep working

A commit builds the next snapshot beside the live one (unchanged partition files hard-linked, new ones
fsynced and verified: footer readable, row count as staged), names it with one rename, then replaces
``CURRENT`` with ``os.replace`` and fsyncs the folder. A crash before that replace leaves the previous
snapshot live and the half-built one is removed by the next run; a crash after it leaves the new one live.
Readers that resolve the pointer once (``resolve_snapshot``) read events, mentions and articles of the same
run, whatever a writer is doing. The same scheme works on object storage: objects under a new prefix, then
one small pointer object written last.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from eventwire.store.faults import checkpoint
from schemas.records import DATASETS

SNAPSHOTS = "snapshots"
POINTER = "CURRENT"
CURRENT_LINK = "current"
PART_FILE = "part-0.parquet"
# What consolidation keeps of each event so a night joins new reports to it without re-reading history
# (``eventwire.event_index``): not a dataset for readers, but part of every snapshot, committed with them.
EVENT_INDEX = "event_index"


@dataclass(frozen=True)
class SyncSettings:
    """How a commit makes its files and folders durable."""

    # fsyncs in flight at once: a journaling file system (ext4, XFS) commits concurrent ones together. One by one,
    # a cold run's ~430 fsyncs took ~2 s here (5-7 ms each); sixteen at a time, ~0.3 ms each.
    threads: int = 16


SYNC = SyncSettings()


class StoreError(RuntimeError):
    """The output folder is not in a state a run can write to; the message (one line) names the path."""


def resolve_snapshot(output: Path) -> Path:
    """The folder that holds one consistent view of every dataset (``<it>/events``, ``<it>/mentions``, …):
    the snapshot ``CURRENT`` names, or ``output`` itself for an output written before snapshots existed."""
    live, _ = read_pointer(output)
    return output if live is None else output / SNAPSHOTS / live


def read_pointer(output: Path) -> tuple[str | None, str | None]:
    """(live snapshot id, previous snapshot id) from ``CURRENT``; (None, None) when there is none."""
    path = output / POINTER
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"cannot read the snapshot pointer {path}: {exc}") from None
    ids = [line.strip() for line in lines if line.strip()]
    if not ids or not all(_valid_id(i) for i in ids) or not (output / SNAPSHOTS / ids[0]).is_dir():
        raise StoreError(
            f"the snapshot pointer {path} is corrupt or names a missing snapshot; point it at a folder of "
            f"{output / SNAPSHOTS} (one line, its name) or remove it with the datasets to start afresh"
        )
    return ids[0], ids[1] if len(ids) > 1 else None


def _valid_id(name: str) -> bool:
    return bool(name) and "/" not in name and not name.startswith(".") and not name.endswith(".tmp")


def publish(output: Path, staging: Path, actions: dict[str, str], rows: dict[str, int], snapshot_id: str) -> None:
    """Make a snapshot of the live one with ``actions`` applied (rel_dir → "replace" from ``staging``, or
    "delete"), and switch readers to it. Staged files are made durable here, all at once, before anything points
    at them; those that do not verify abandon the commit (StoreError)."""
    fsync_all(staged_file(staging, rel_dir) for rel_dir, action in sorted(actions.items()) if action == "replace")
    verify(staging, actions, rows)
    previous = resolve_snapshot(output)
    root = output / SNAPSHOTS
    if previous == root / snapshot_id:
        raise StoreError(f"snapshot {snapshot_id} is live already; a commit needs a new run id")
    shutil.rmtree(root / snapshot_id, ignore_errors=True)  # never published: a leftover of a crashed run
    building = root / f"{snapshot_id}.tmp"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    for dataset in (*DATASETS, EVENT_INDEX):  # unchanged partitions: hard links to the live snapshot's files
        for path in sorted((previous / dataset).rglob(PART_FILE)) if (previous / dataset).is_dir() else []:
            rel_dir = path.parent.relative_to(previous).as_posix()
            if rel_dir not in actions:
                _link(path, building / rel_dir / PART_FILE)
    for rel_dir, action in sorted(actions.items()):
        if action == "replace":
            _link(staged_file(staging, rel_dir), building / rel_dir / PART_FILE)
            checkpoint("link")
    _fsync_tree(building)
    os.replace(building, root / snapshot_id)  # named whole, or not at all
    _fsync_dir(root)
    checkpoint("snapshot")
    live = previous.name if previous != output else None
    write_pointer(output, snapshot_id, live)  # the commit point
    checkpoint("pointer")
    tidy(output)


def staged_file(staging: Path, rel_dir: str) -> Path:
    """Where a commit stages the partition file of ``rel_dir``: flat in the staging folder, named after its
    partition ("events~year=2024~month=3~part-0.parquet"). Once linked into the snapshot, the staged names go; a
    staging copy of the partition folders took ~1.2 s to remove after a cold run's commit (each folder frees a
    block, 5 ms apiece on a disk mounted with ``discard``), a flat one a few milliseconds."""
    return staging / f"{rel_dir.replace('/', '~')}~{PART_FILE}"


def verify(
    staging: Path, actions: dict[str, str], rows: dict[str, int], layout: Callable[[Path, str], Path] = staged_file
) -> None:
    """Every staged file (found by ``layout``) readable as Parquet (its footer) with the row count staged."""
    for rel_dir, action in sorted(actions.items()):
        if action != "replace":
            continue
        path = layout(staging, rel_dir)
        try:
            found = pq.ParquetFile(path).metadata.num_rows
        except (OSError, ValueError) as exc:
            raise StoreError(f"staged file {path} does not verify ({exc}); nothing was installed") from None
        if found != rows.get(rel_dir, found):
            raise StoreError(f"staged file {path} holds {found} rows, {rows[rel_dir]} were staged; nothing installed")


def write_pointer(output: Path, live: str, previous: str | None) -> None:
    tmp = output / f"{POINTER}.tmp"
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(live + "\n" + (previous + "\n" if previous else ""))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, output / POINTER)
    _fsync_dir(output)


def tidy(output: Path) -> None:
    """Bring everything around the pointer in line with it (idempotent: also how a crashed run is repaired):
    the ``current`` and per-dataset links, no half-built snapshot, nothing older than the previous one."""
    live, previous = read_pointer(output)
    if live is None:
        return
    _swap_link(output / CURRENT_LINK, f"{SNAPSHOTS}/{live}")
    checkpoint("current")
    for dataset in DATASETS:
        view = output / dataset
        if not view.is_symlink() and view.is_dir():
            # a dataset folder from before snapshots (or a copy that followed the links): the snapshot has it all
            old = output / f".{dataset}.pre-snapshots"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(view, old)
            shutil.rmtree(old, ignore_errors=True)
        elif view.exists() and not view.is_symlink():
            raise StoreError(f"{view} is a file where the {dataset} dataset belongs; move it away")
        has_data = (output / SNAPSHOTS / live / dataset).is_dir()
        if has_data and not view.is_symlink():
            os.symlink(f"{CURRENT_LINK}/{dataset}", view)
            checkpoint("view")
        elif not has_data and view.is_symlink():
            view.unlink()  # no dangling link: the dataset is absent, as before its first row
    root = output / SNAPSHOTS
    for folder in sorted(root.iterdir()):
        if folder.name not in (live, previous):
            shutil.rmtree(folder, ignore_errors=True)
            checkpoint("prune")
    _fsync_dir(root)


def _swap_link(link: Path, target: str) -> None:
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.is_dir() and not link.is_symlink():  # a copy of the output that followed the link
        shutil.rmtree(link)
    tmp = link.with_name(link.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)  # rename over the old link: atomic


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)
        fsync_file(target)


def fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_all(paths: Iterable[Path], settings: SyncSettings = SYNC) -> None:
    """fsync every file or folder of ``paths``, ``settings.threads`` at a time (fsync waits on the disk, not on
    the interpreter); returns once all are durable, and raises the first error."""
    todo = list(paths)
    if len(todo) <= 1:
        for path in todo:
            _fsync_dir(path)  # a plain read-only descriptor: the same call for a file
        return
    with ThreadPoolExecutor(max_workers=min(settings.threads, len(todo))) as pool:
        for _ in pool.map(_fsync_dir, todo):
            pass


def _fsync_tree(root: Path) -> None:
    """Every folder under ``root`` and ``root`` itself durable (the links in them, and the folders' own entries in
    their parents); all of them are before this returns, so their order does not matter."""
    fsync_all(Path(folder) for folder, _, _ in os.walk(root))
