"""Incremental consolidation equals a full rebuild: real runs of the real coder, night after night, read back
with polars and DuckDB and compared, row for row, with the same output consolidated again from all its mentions.

The corpora: the team's consolidation corpus (two nights, and its look-alike wires as a third), and real news
texts (``../shared/eval/geo_dev.jsonl``, the bench's texts, else the seed articles) each reported by two
outlets, dealt out over nights in publication order, and at random (reports published before ones already
consolidated: the blocks they fall in are consolidated again).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from bench import replay
from eventwire import event_index
from eventwire.consolidate import Actor, Cluster
from eventwire.store.snapshots import EVENT_INDEX, resolve_snapshot
from tests.conftest import CASES, ROOT
from tests.keys import assert_unique_keys

CORPUS = CASES / "consolidation"


def nights(folders: list[Path], inbox: Path, output: Path) -> list[tuple[str, set[str]]]:
    """Deliver each folder as one night; (how it was consolidated, event ids after it) per night."""
    seen = []
    for folder in folders:
        shutil.copytree(folder, inbox / folder.name)
        summary = replay.run_night(inbox, output)
        assert_unique_keys(output)
        seen.append((summary.consolidation, set(replay.read(output, "events", "event_id")["event_id"])))
    return seen


def assert_equal_to_a_rebuild(output: Path, tmp_path: Path) -> Path:
    rebuilt = tmp_path / "rebuilt"
    summary = replay.rebuilt_copy(output, rebuilt)
    assert summary.consolidation == "rebuild: asked (--rebuild)"
    assert replay.differences(output, rebuilt) == []
    con = duckdb.connect()
    for root in (output, rebuilt):  # the analysts' reader sees the same rows
        assert_unique_keys(root)
    counts = [
        con.execute(
            f"select count(*), sum(num_mentions), count(distinct event_id) "
            f"from read_parquet('{root}/events/**/*.parquet', hive_partitioning = true)"
        ).fetchone()
        for root in (output, rebuilt)
    ]
    assert counts[0] == counts[1] and counts[0] is not None and counts[0][0] > 0
    return rebuilt


def test_the_consolidation_corpus_night_by_night_equals_a_rebuild(tmp_path: Path) -> None:
    inbox, output = tmp_path / "in", tmp_path / "out"
    folders = [CORPUS / "night1", CORPUS / "night2", CASES / "consolidation_lookalike"]
    seen = nights(folders, inbox, output)
    assert [mode for mode, _ in seen] == ["incremental"] * 3
    assert seen[0][1] <= seen[1][1] <= seen[2][1]  # ids stay: later reports join, new events add
    assert len(seen[1][1]) == 5 and len(seen[2][1]) > 5
    assert (resolve_snapshot(output) / EVENT_INDEX).is_dir()  # the index is part of the committed snapshot
    assert_equal_to_a_rebuild(output, tmp_path)


def test_news_nights_in_publication_order_equal_a_rebuild_and_keep_every_id(tmp_path: Path) -> None:
    folders = replay.write_nights(replay.corpus_texts(), tmp_path / "nights", 80, 5)
    inbox, output = tmp_path / "in", tmp_path / "out"
    seen = nights(folders, inbox, output)
    assert [mode for mode, _ in seen] == ["incremental"] * 5  # no report earlier than one already consolidated
    for (_, before), (_, after) in itertools.pairwise(seen):
        assert before <= after  # an event, once written, keeps its id
    events = replay.read(output, "events", "event_id")
    assert events.filter(pl.col("num_articles") > 1).height > 0  # the two outlets' reports did merge
    assert_equal_to_a_rebuild(output, tmp_path)


@pytest.fixture(scope="module")
def shuffled(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return replay.write_nights(replay.corpus_texts(), tmp_path_factory.mktemp("nights"), 80, 5, shuffle=True)


def test_news_nights_delivered_out_of_order_equal_a_rebuild(tmp_path: Path, shuffled: list[Path]) -> None:
    seen = nights(shuffled, tmp_path / "in", tmp_path / "out")
    assert any("block(s) rebuilt" in mode for mode, _ in seen)  # backfills took the block-rebuild path
    assert_equal_to_a_rebuild(tmp_path / "out", tmp_path)


def test_continuing_past_a_backfill_would_differ_from_a_rebuild(
    tmp_path: Path, shuffled: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: with the backfill check switched off, continuing from saved events takes
    reports out of publication order and the result is not the rebuild's."""
    monkeypatch.setattr(event_index, "late_blocks", lambda output, new, published=None: set())
    seen = nights(shuffled, tmp_path / "in", tmp_path / "out")
    assert all(mode == "incremental" for mode, _ in seen)
    monkeypatch.undo()
    replay.rebuilt_copy(tmp_path / "out", tmp_path / "rebuilt")
    assert replay.differences(tmp_path / "out", tmp_path / "rebuilt") != []


def test_a_night_rewrites_only_the_partitions_it_touches(tmp_path: Path) -> None:
    inbox, output = tmp_path / "in", tmp_path / "out"
    nights([CORPUS / "night1"], inbox, output)
    # an old article about another month: its month gets partitions of its own, March's stay as they were
    later = {
        "id": "later-1",
        "title": "Gunmen storm a village",
        "content": "Gunmen killed five villagers in Konduga, Borno State, on Sunday, residents said.",
        "date": "2024-06-10",
        "publisher": "Daily Trust",
    }
    (tmp_path / "later").mkdir()
    (tmp_path / "later" / "wire.jsonl").write_text(json.dumps(later) + "\n", encoding="utf-8")
    before = {p.relative_to(resolve_snapshot(output)): p.stat().st_ino for p in _files(output)}
    nights([tmp_path / "later"], inbox, output)
    after = {p.relative_to(resolve_snapshot(output)): p.stat().st_ino for p in _files(output)}
    march = {p for p in before if "month=3" in str(p) and not str(p).startswith("articles")}
    assert march and all(after[p] == before[p] for p in march)  # hard links of the previous snapshot's files
    assert any("month=6" in str(p) for p in after if str(p).startswith("events"))
    assert_equal_to_a_rebuild(output, tmp_path)


def _files(output: Path) -> list[Path]:
    return sorted(resolve_snapshot(output).rglob("*.parquet"))


def test_an_index_row_gives_back_the_event_it_was_made_of() -> None:
    from datetime import UTC, datetime

    cluster = Cluster(
        event_id="e1",
        article_id="a1",
        anchor_date=date(2024, 3, 4),
        anchor_precision=1,
        event_type="Battles",
        iso3="NGA",
        place={"admin1": "Borno", "latitude": 11.8, "longitude": 13.1, "geo_precision": 1},
        actors={"actor1": Actor("NGAMIL", "NGA", "MIL", 1), "actor2": None},
        order=(datetime(2024, 3, 4, 8, tzinfo=UTC), "a1", 0, 10, "m1"),
        separate=True,
        towns={"konduga"},
        root="19",
        last=(datetime(2024, 3, 5, 9, tzinfo=UTC), "a2", 3, 40, "m9"),
        keys={"all", "admin1|1|Borno", "cell|23|26"},
    )
    table = event_index.to_table([cluster], {"e1": (24290, [24290, 24291])})
    (back,) = event_index.clusters_of(table)
    assert back.__dict__ == cluster.__dict__
    assert table.column("mention_months").to_pylist() == [[24290, 24291]]


def test_eventwire_run_rebuild_consolidates_everything_again(tmp_path: Path) -> None:
    """``--rebuild`` on the command line (a real Prefect run): every month consolidated again from its
    mentions, recorded in the run's manifest, with the same rows as the nights built incrementally."""
    inbox, output = tmp_path / "in", tmp_path / "out"
    nights([CORPUS / "night1", CORPUS / "night2"], inbox, output)
    events = replay.read(output, "events", "event_id")
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"))
    cmd = [sys.executable, "-m", "eventwire.cli", "run", "--input", str(inbox), "--output", str(output), "--rebuild"]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "coded 0" in result.stdout  # nothing new, and still a run: --rebuild always consolidates
    manifests = [json.loads(p.read_text()) for p in sorted((output / "runs").glob("*.json"))]
    assert [m.get("consolidation") for m in manifests].count("rebuild: asked (--rebuild)") == 1
    assert replay.read(output, "events", "event_id").equals(events)


CRASH = """
import sys
from pathlib import Path
from bench import replay
replay.run_night(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.parametrize("at", ["stage:2", "link:3", "snapshot:1"])
def test_a_night_killed_mid_commit_leaves_the_last_night_whole(tmp_path: Path, at: str) -> None:
    """SIGKILL while the night's mentions, events and index are staged or linked: the previous snapshot
    (datasets and index) stays live and readable, and the next run equals a rebuild."""
    inbox, output = tmp_path / "in", tmp_path / "out"
    nights([CORPUS / "night1"], inbox, output)
    live = resolve_snapshot(output)
    before = {p.relative_to(live): p.read_bytes() for p in _files(output)}
    shutil.copytree(CORPUS / "night2", inbox / "night2")
    env = dict(os.environ, EVENTWIRE_FAULT_AT=at)
    killed = subprocess.run(
        [sys.executable, "-c", CRASH, str(inbox), str(output)], env=env, cwd=ROOT, capture_output=True, timeout=300
    )
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert resolve_snapshot(output) == live
    assert {p.relative_to(live): p.read_bytes() for p in _files(output)} == before
    assert replay.read(output, "events", "event_id").height == 4
    assert replay.run_night(inbox, output).consolidation == "incremental"
    assert replay.read(output, "events", "event_id").height == 5
    assert_equal_to_a_rebuild(output, tmp_path)
