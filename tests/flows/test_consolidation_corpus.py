"""Several outlets, two nights: one row per real event, look-alikes kept apart, ids stable, counts updated.

The corpus (tests/cases/consolidation) is written by the team. Night 1: two outlets report a market attack in
Maiduguri with different wording, actors and tolls; a third reports a police shooting in the same city on the
same day (a look-alike); two outlets report a students' protest in Nairobi, one also a traders' protest in
Mombasa. Night 2: an outlet updates its toll of the market attack, and a new clash is reported.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from eventwire import consolidate, pipeline
from tests.conftest import CASES
from tests.keys import assert_unique_keys

CORPUS = CASES / "consolidation"
LOOKALIKE = CASES / "consolidation_lookalike"


def run(input_dir: Path, output: Path) -> pipeline.RunSummary:
    """One nightly run without Prefect (the flow wiring has its own tests): read, code, write."""
    started = datetime.now(UTC)
    plan = pipeline.read_inputs(input_dir, output)
    results = [pipeline.code_batch(list(pipeline.articles(plan)))] if plan.to_code else []
    summary = pipeline.write_run(output, plan, results, pipeline.new_run_id(started), started)
    assert_unique_keys(output)  # after every run: each dataset's keys are unique
    return summary


def events(output: Path) -> pl.DataFrame:
    return pl.read_parquet(output / "events" / "**" / "*.parquet", hive_partitioning=True)


def by_place_and_actor(frame: pl.DataFrame) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    return {(r["location"], r["actor1_type"]): r for r in frame.iter_rows(named=True)}


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    inbox, output = tmp_path_factory.mktemp("inbox"), tmp_path_factory.mktemp("out")
    shutil.copytree(CORPUS / "night1", inbox / "night1")
    run(inbox, output)
    first = events(output)
    shutil.copytree(CORPUS / "night2", inbox / "night2")
    run(inbox, output)
    return {"inbox": inbox, "output": output, "night1": first, "night2": events(output)}


def test_night_one_has_one_row_per_real_event(nights) -> None:  # type: ignore[no-untyped-def]
    night1 = nights["night1"]
    assert night1.height == 4
    rows = by_place_and_actor(night1)
    attack = rows[("Maiduguri", "INS")]  # "gunmen" in one outlet, Boko Haram in the other
    assert attack["actor1_name"] == "Boko Haram"  # the most specific report names the event's actor
    assert (attack["num_articles"], attack["num_sources"]) == (2, 2)
    assert attack["fatalities"] == 12  # 12 (Daily Trust) vs 15 (Punch): the conservative figure
    assert attack["injuries"] == 20
    assert str(attack["event_date"]) == "2024-03-04" and attack["time_precision"] == 1
    police = rows[("Maiduguri", "COP")]  # same city, same day, another shooting: kept apart
    assert police["fatalities"] == 2 and police["num_sources"] == 1
    assert rows[("Nairobi", "EDU")]["num_sources"] == 2  # "protested" and "demonstrated": one protest
    assert ("Mombasa", "BUS") in rows  # another protest the same day in another city


def test_night_two_grows_existing_events_and_keeps_their_ids(nights) -> None:  # type: ignore[no-untyped-def]
    night1, night2 = nights["night1"], nights["night2"]
    assert set(night1["event_id"]) <= set(night2["event_id"])
    assert night2.height == 5  # the Monguno clash is new; the toll update is not a new event
    before, after = by_place_and_actor(night1), by_place_and_actor(night2)
    attack0, attack = before[("Maiduguri", "INS")], after[("Maiduguri", "INS")]
    assert attack["event_id"] == attack0["event_id"]
    assert attack["num_articles"] == 3 and attack["num_mentions"] > attack0["num_mentions"]
    # Daily Trust corrected itself (12 → 18); Punch still says 15: the conservative figure is now 15
    assert attack["fatalities"] == 15
    assert attack["last_seen"] > attack0["last_seen"] and attack["first_seen"] == attack0["first_seen"]
    clash = after[("Monguno", "MIL")]
    assert clash["sub_event_type"] == "Armed clash" and clash["fatalities"] == 9


def test_every_asserted_mention_points_at_an_event_and_no_event_is_duplicated(nights) -> None:  # type: ignore[no-untyped-def]
    output = nights["output"]
    con = duckdb.connect()
    orphans = con.execute(f"""
        select count(*) from read_parquet('{output}/mentions/**/*.parquet', hive_partitioning = true) m
        where m.factuality = 'asserted' and m.event_id not in
              (select event_id from read_parquet('{output}/events/**/*.parquet', hive_partitioning = true))
    """).fetchone()
    assert orphans == (0,)
    dupes = con.execute(f"""select count(*) - count(distinct event_id)
                            from read_parquet('{output}/events/**/*.parquet')""").fetchone()
    assert dupes == (0,)


def test_a_rerun_changes_nothing(nights) -> None:  # type: ignore[no-untyped-def]
    output = nights["output"]
    files = {p: p.read_bytes() for p in sorted(output.glob("*/year=*/month=*/*.parquet"))}
    summary = run(nights["inbox"], output)
    assert summary.coded == 0 and summary.partitions_written == 0
    assert {p: p.read_bytes() for p in sorted(output.glob("*/year=*/month=*/*.parquet"))} == files


def test_a_crash_while_rebuilding_a_month_leaves_it_readable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, output = tmp_path / "in", tmp_path / "out"
    shutil.copytree(CORPUS / "night1", inbox / "night1")
    run(inbox, output)
    before = {p: p.read_bytes() for p in sorted(output.glob("*/year=*/month=*/*.parquet"))}
    shutil.copytree(CORPUS / "night2", inbox / "night2")

    def crash(*_: object, **__: object) -> None:
        raise KeyboardInterrupt  # the machine goes down while the month's events are being rebuilt

    monkeypatch.setattr(consolidate, "build_events", crash)  # the write step imports it when it runs
    with pytest.raises(KeyboardInterrupt):
        run(inbox, output)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in sorted(output.glob("*/year=*/month=*/*.parquet"))} == before
    assert events(output).height == 4  # the previous month is whole and readable
    run(inbox, output)  # the next night finishes the work
    assert events(output).height == 5


def test_three_reports_merge_and_a_separate_attack_in_another_town_stays_apart(tmp_path: Path) -> None:
    # Konduga, Borno: two outlets name the town, a third only "Borno State"; a fourth reports "a separate
    # attack" the same day in Kirawa, Borno State, a town the gazetteer lacks (so placed in the region only).
    inbox, output = tmp_path / "in", tmp_path / "out"
    shutil.copytree(LOOKALIKE, inbox)
    run(inbox, output)
    frame = events(output).filter(pl.col("cameo_root_code").is_in(["18", "19"]))
    assert frame.height == 2, frame.select("location", "num_articles")
    konduga = frame.filter(pl.col("location") == "Konduga").row(0, named=True)
    assert konduga["num_articles"] == 3 and konduga["num_sources"] == 3
    kirawa = frame.filter(pl.col("location") != "Konduga").row(0, named=True)
    assert kirawa["num_articles"] == 1 and kirawa["fatalities"] == 4
    assert konduga["fatalities"] == 9
    run(inbox, output)  # rerun: the same rows
    assert events(output).filter(pl.col("cameo_root_code").is_in(["18", "19"])).height == 2
