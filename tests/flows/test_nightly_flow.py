"""Integration: the real Prefect flow over seeds/, read back by DuckDB, polars, pyarrow and pandas."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as pads
import pytest

from eventwire.store.lock import OutputLocked, output_lock
from tests.conftest import CASES, SEEDS
from tests.keys import assert_unique_keys

pytestmark = pytest.mark.integration


def _run(input_dir: Path, output: Path, **kwargs) -> dict:  # type: ignore[no-untyped-def]
    from flows.nightly import with_workers

    workers = kwargs.pop("workers", 1)
    summary = with_workers(workers)(input_dir=str(input_dir), output_dir=str(output), workers=workers, **kwargs)
    assert_unique_keys(output)  # after every run: each dataset's keys are unique
    return summary


def _digest(output: Path) -> dict[str, str]:
    """Every dataset file of the live snapshot, by its path in the snapshot."""
    from eventwire.store.snapshots import resolve_snapshot

    root = resolve_snapshot(output)
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*.parquet"))
    }


@pytest.fixture(scope="module")
def coded(prefect_harness, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:  # type: ignore[no-untyped-def]
    output = tmp_path_factory.mktemp("out")
    return output, _run(SEEDS, output)


def _q(sql: str) -> list[tuple]:
    with duckdb.connect() as con:
        return con.execute(sql).fetchall()


def _scan(output: Path, dataset: str) -> str:
    return f"read_parquet('{output}/{dataset}/*/*/*.parquet', hive_partitioning = true)"


def test_run_summary_accounts_for_every_input(coded) -> None:  # type: ignore[no-untyped-def]
    output, summary = coded
    n_files = len([p for p in SEEDS.iterdir() if p.name != "README.md"])
    assert summary["files"] == n_files
    assert summary["coded"] == summary["articles_read"] >= 30
    assert summary["rejected"] == 0 and summary["skipped"] == 0
    manifest = json.loads((output / "runs" / f"{summary['run_id']}.json").read_text())
    assert manifest["counts"]["coded"] == summary["coded"]
    assert manifest["coder_version"] and manifest["versions"]["spacy"].startswith("3.8")


def test_duckdb_reads_typed_hive_partitions(coded) -> None:  # type: ignore[no-untyped-def]
    output, _ = coded
    types = {name: kind for name, kind, *_ in _q(f"DESCRIBE SELECT * FROM {_scan(output, 'events')}")}
    assert types["event_date"] == "DATE"
    assert types["cameo_code"] == "VARCHAR"
    assert types["year"] in ("BIGINT", "INTEGER", "SMALLINT") and types["month"] in ("BIGINT", "INTEGER", "TINYINT")
    codes = {r[0] for r in _q(f"SELECT DISTINCT cameo_code FROM {_scan(output, 'events')}")}
    assert any(c.startswith("0") for c in codes), codes  # leading zeros survive ("040", "087", …)
    # partition keys agree with the dates inside the files
    bad = _q(
        f"SELECT count(*) FROM {_scan(output, 'events')} WHERE year != year(event_date) OR month != month(event_date)"
    )[0][0]
    assert bad == 0
    seed = _q(
        f"SELECT iso3, sub_event_type, actor1_country FROM read_parquet('{output}/events/*/*/*.parquet', "
        "hive_partitioning = true, hive_types = {'year': SMALLINT, 'month': TINYINT}) "
        "WHERE year = 2024 AND month = 2 AND event_date = DATE '2024-02-02' AND cameo_root_code = '19' "
        "AND actor1_country = 'USA' AND iso3 IN ('IRQ', 'SYR') ORDER BY iso3"
    )
    assert seed == [("IRQ", "Air/drone strike", "USA"), ("SYR", "Air/drone strike", "USA")]


def test_polars_pyarrow_and_pandas_read_the_same_rows(coded) -> None:  # type: ignore[no-untyped-def]
    output, _ = coded
    events_pl = pl.scan_parquet(
        output / "events", hive_partitioning=True, hive_schema={"year": pl.Int16, "month": pl.Int8}
    ).collect()
    assert events_pl.schema["event_date"] == pl.Date and events_pl.schema["cameo_code"] == pl.String
    assert events_pl.schema["year"] == pl.Int16
    partitioning = pads.partitioning(pa.schema([("year", pa.int16()), ("month", pa.int8())]), flavor="hive")
    events_pa = pads.dataset(output / "events", format="parquet", partitioning=partitioning).to_table()
    assert events_pa.schema.field("year").type == pa.int16()
    events_pd = pd.read_parquet(output / "events", engine="pyarrow")
    duck_rows = _q(f"SELECT count(*) FROM {_scan(output, 'events')}")[0][0]
    assert len(events_pl) == events_pa.num_rows == len(events_pd) == duck_rows
    assert events_pd["cameo_code"].str.len().min() >= 2
    assert events_pl["event_id"].n_unique() == len(events_pl)


def test_every_event_links_to_mentions_and_articles(coded) -> None:  # type: ignore[no-untyped-def]
    output, _ = coded
    events = pl.read_parquet(output / "events", hive_partitioning=True)
    mentions = pl.read_parquet(output / "mentions", hive_partitioning=True)
    articles = pl.read_parquet(output / "articles", hive_partitioning=True)
    linked = events.explode("mention_ids").join(mentions, left_on="mention_ids", right_on="mention_id", how="anti")
    assert linked.is_empty()
    assert set(mentions["article_id"]) <= set(articles["article_id"])
    assert (
        mentions.filter(pl.col("factuality") != "asserted")["event_id"].null_count()
        == mentions.filter(pl.col("factuality") != "asserted").height
    )
    cols = {
        "article_id",
        "source_id",
        "uri",
        "title",
        "source",
        "url",
        "published_at",
        "dateline",
        "language",
        "status",
        "n_mentions",
        "coder_version",
        "ingested_at",
    }
    assert cols <= set(articles.columns)


def test_rerun_is_idempotent_and_a_new_file_codes_only_itself(
    prefect_harness, seeds_copy: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "out"
    _run(seeds_copy, output)
    before = _digest(output)
    again = _run(seeds_copy, output)
    assert again["coded"] == 0 and again["skipped"] == again["articles_read"]
    assert _digest(output) == before  # byte-for-byte
    shutil.copy(CASES / "good" / "wire.jsonl", seeds_copy / "zz_new.jsonl")
    shutil.copy(SEEDS / "001_nigeria_borno_iswap_clash.txt", seeds_copy / "zz_same_story_again.txt")
    third = _run(seeds_copy, output)
    assert third["coded"] == 1 and third["duplicates"] == 1  # same content in a second file: coded once
    after = _digest(output)
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed and all("year=2024/month=5" in k for k in changed), changed  # only the new article's month


def test_bad_inputs_become_rejects_and_the_run_goes_on(prefect_harness, seeds_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(CASES / "bad", seeds_copy / "incoming")
    output = tmp_path / "out"
    summary = _run(seeds_copy, output)
    rejects = pl.read_parquet(output / "rejects", hive_partitioning=True)
    assert summary["rejected"] == rejects.height == 11
    assert set(rejects["stage"]) == {"read", "discover"}
    assert rejects.filter(pl.col("uri") == "incoming/latin1.txt")["error"][0].startswith("not valid UTF-8")
    assert summary["coded"] >= 31  # every good article still coded, plus the good line of bad_lines.jsonl
    # rerun: the same bad files are not recorded twice
    assert _run(seeds_copy, output)["rejected"] == 0
    assert pl.read_parquet(output / "rejects", hive_partitioning=True).height == 11


def test_force_recodes_with_two_processes_and_gives_the_same_ids(
    prefect_harness, coded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing

    from eventwire import pipeline

    output, _ = coded
    copy = tmp_path / "copy"
    shutil.copytree(output, copy)
    stale = copy / ".spill" / "20240101T000000Z-crashed"
    stale.mkdir(parents=True)
    (stale / "batch-mentions.arrow").write_bytes(b"left by a run that crashed")
    alive_at_write: list[int] = []
    write_run = pipeline.write_run

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        alive_at_write.append(len(multiprocessing.active_children()))
        return write_run(*args, **kwargs)

    monkeypatch.setattr(pipeline, "write_run", watched)
    summary = _run(SEEDS, copy, force=True, workers=2, batch_size=10)
    assert summary["coded"] == summary["articles_read"]
    assert alive_at_write == [0]  # the coding processes exit before the write step needs the memory
    assert not (copy / ".spill").exists()  # spilled batches, this run's and the crashed run's, are gone
    events = {k: v for k, v in _digest(copy).items() if k.startswith(("events", "mentions"))}
    assert events == {k: v for k, v in _digest(output).items() if k.startswith(("events", "mentions"))}


def test_a_second_run_on_a_locked_output_is_refused(prefect_harness, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "out"
    with output_lock(output), pytest.raises(OutputLocked, match="another eventwire run"):
        _run(SEEDS, output)
    assert not (output / "events").exists()


def test_run_summary_artifact_is_published(coded) -> None:  # type: ignore[no-untyped-def]
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.nightly import ARTIFACT_KEY

    _, summary = coded
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY])))
    [mine] = [a for a in artifacts if summary["run_id"] in (a.description or "")]
    data = json.loads(mine.data) if isinstance(mine.data, str) else mine.data
    rows = {row["metric"]: row["value"] for row in data}
    assert rows["coded"] == summary["coded"] and rows["events"] == summary["events"]


def test_dask_runner_writes_the_same_datasets_as_the_process_runner(prefect_harness, coded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("prefect_dask")
    from flows.nightly import with_runner

    output, summary = coded
    dask_out = tmp_path / "dask"
    on_dask = with_runner("dask", 2)(input_dir=str(SEEDS), output_dir=str(dask_out), workers=2, batch_size=10)
    assert_unique_keys(dask_out)
    assert on_dask["coded"] == summary["coded"] and on_dask["events"] == summary["events"]
    for dataset in ("events", "mentions"):  # byte for byte: ids are content hashes, write order is sorted
        assert {k: v for k, v in _digest(dask_out).items() if k.startswith(dataset)} == {
            k: v for k, v in _digest(output).items() if k.startswith(dataset)
        }
    # articles carry the time they were ingested; every other column must agree
    articles = [
        pl.read_parquet(out / "articles", hive_partitioning=True).drop("ingested_at").sort("article_id")
        for out in (output, dask_out)
    ]
    assert articles[0].equals(articles[1])


def test_workers_are_handed_one_temporary_api_instead_of_starting_their_own(tmp_path: Path) -> None:
    # In a fresh interpreter: no harness, no PREFECT_API_URL, as `eventwire run --workers 2` meets it.
    script = (
        "import os\n"
        "from flows.nightly import shared_api\n"
        "with shared_api() as url:\n"
        "    print('inside', url == os.environ.get('PREFECT_API_URL'), url.startswith('http://127.0.0.1'))\n"
        "    with shared_api() as given:\n"
        "        print('reused', given == url)\n"
        "print('after', os.environ.get('PREFECT_API_URL'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # An API in force (configured, or this one) is used as it is, not a second one started; gone with the block.
    assert result.stdout.split("\n")[:3] == ["inside True True", "reused True", "after None"]


def test_run_writes_its_report_and_links_it(coded) -> None:  # type: ignore[no-untyped-def]
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.nightly import REPORT_ARTIFACT_KEY

    output, summary = coded
    report = output / "reports" / f"{summary['run_id']}.html"
    html = report.read_text(encoding="utf-8")
    assert f"eventwire run {summary['run_id']}" in html and "Medina, Ohio" not in html  # Dakar's Medina, not Ohio's
    assert html.count('<circle class="event"') > 50
    manifest = json.loads((output / "runs" / f"{summary['run_id']}.json").read_text())
    assert manifest["report"]["path"] == str(report) and manifest["report"]["bytes"] == len(html.encode())
    assert manifest["drift"]["checked"] is False and "continuous feed" in manifest["drift"]["reason"]
    assert manifest["timings_s"]["report"] < 0.05 * manifest["timings_s"]["total"] + 1
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[REPORT_ARTIFACT_KEY]))
        )
    assert any(f"({report.resolve().as_uri()})" in (a.data or "") for a in artifacts)


def test_drift_warnings_reach_the_manifest_and_the_prefect_log(prefect_harness, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterLevel

    from tests.report.feed import Feed, write

    output = tmp_path / "out"
    # weeks of a feed after the seeds' dates (their months are not rebuilt), where one source stops and one
    # country jumps in the last week; the run then codes the seeds into the same output
    write(Feed(end=date(2025, 6, 30), stopped_source="Radio D", jumping_country="SEN"), output)
    summary = _run(SEEDS, output)
    manifest = json.loads((output / "runs" / f"{summary['run_id']}.json").read_text())
    drift = manifest["drift"]
    assert drift["checked"] and drift["week_end"] == "2025-06-30"
    assert {(w["dimension"], w["key"], w["kind"]) for w in drift["warnings"]} == {
        ("source", "Radio D", "stopped"),
        ("country", "Senegal", "jumped"),
    }
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()  # logs go to the API in batches
    with get_client(sync_client=True) as client:
        logs = client.read_logs(log_filter=LogFilter(level=LogFilterLevel(ge_=30)))
    drift_logs = {log.message for log in logs if log.message.startswith("drift: ")}
    assert {f"drift: {w['message']}" for w in drift["warnings"]} <= drift_logs
    assert all(log.level == 30 for log in logs if log.message.startswith("drift: "))
    html = (output / "reports" / f"{summary['run_id']}.html").read_text(encoding="utf-8")
    assert html.count('class="drift-warning"') == 2


def test_the_seeds_output_has_no_duplicate_key_and_joins_row_for_row(coded) -> None:  # type: ignore[no-untyped-def]
    output, summary = coded
    assert_unique_keys(output)
    mentions = pl.read_parquet(output / "mentions", hive_partitioning=True)
    assert mentions["mention_id"].n_unique() == mentions.height == summary["mentions"]
    events = pl.read_parquet(output / "events", hive_partitioning=True)
    # the README's explode-and-join: one row per merged mention, no more
    joined = events.explode("mention_ids").join(mentions, left_on="mention_ids", right_on="mention_id")
    assert joined.height == events["num_mentions"].sum() == mentions.filter(pl.col("event_id").is_not_null()).height
