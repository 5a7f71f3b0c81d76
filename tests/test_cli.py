"""The command line as a user meets it: exit codes, one-line errors, the data dictionary, a real run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from tests.conftest import CASES, ROOT
from tests.keys import assert_unique_keys

runner = CliRunner()


def test_schema_prints_every_dataset_and_column() -> None:
    result = runner.invoke(app, ["schema", "--markdown"])
    assert result.exit_code == 0
    for text in (
        "## events",
        "## mentions",
        "## articles",
        "## rejects",
        "`cameo_code`",
        "`event_date`",
        "1 = day, 2 = week, 3 = month",
    ):
        assert text in result.output


def test_schema_unknown_dataset_fails_with_reason() -> None:
    result = runner.invoke(app, ["schema", "--dataset", "nope"])
    assert result.exit_code == 2
    assert "unknown dataset 'nope'" in result.stderr


def test_run_with_missing_input_fails_with_one_line_reason(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "--input", str(tmp_path / "missing"), "--output", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "does not exist" in result.stderr


def test_run_with_a_model_that_is_not_installed_fails_before_starting(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["run", "--input", str(CASES / "good"), "--output", str(tmp_path / "o"), "--model", "en_core_web_xx"]
    )
    assert result.exit_code == 2
    assert "spaCy model 'en_core_web_xx' is not installed" in result.stderr
    assert not (tmp_path / "o").exists()


def test_serve_rejects_a_bad_schedule() -> None:
    result = runner.invoke(app, ["serve", "--cron", "every night", "--timezone", "UTC"])
    assert result.exit_code == 2
    assert "invalid schedule" in result.stderr


def test_deployment_has_the_schedule_and_one_run_at_a_time(tmp_path: Path) -> None:
    from flows.deploy import deployment

    dep = deployment(str(tmp_path / "in"), str(tmp_path / "out"), cron="30 3 * * *", timezone="Europe/Berlin")
    [schedule] = dep.schedules
    assert schedule.schedule.cron == "30 3 * * *" and schedule.schedule.timezone == "Europe/Berlin"
    assert dep.concurrency_limit == 1
    assert dep.parameters["output_dir"] == str(tmp_path / "out")


@pytest.mark.integration
def test_eventwire_run_end_to_end_as_a_subprocess(tmp_path: Path) -> None:
    """What `make run` does, on a one-article input: own ephemeral Prefect server, summary, exit 0."""
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"))
    cmd = [
        sys.executable,
        "-m",
        "eventwire.cli",
        "run",
        "--input",
        str(CASES / "good"),
        "--output",
        str(tmp_path / "out"),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "coded 1, skipped 0" in result.stdout
    assert list((tmp_path / "out" / "events").rglob("*.parquet"))
    events = {p: p.read_bytes() for p in (tmp_path / "out" / "events").rglob("*.parquet")}
    again = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)
    assert again.returncode == 0, again.stderr[-2000:]
    # nothing new: the run is recorded, the datasets are untouched, and no Prefect server was started
    assert "nothing new to code (1 already coded, 0 duplicates); no flow run started" in again.stdout
    assert "Starting temporary server" not in again.stderr
    assert {p: p.read_bytes() for p in (tmp_path / "out" / "events").rglob("*.parquet")} == events
    assert len(list((tmp_path / "out" / "runs").glob("*.json"))) == 2
    forced = subprocess.run(
        [*cmd, "--force"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False
    )
    assert "coded 1, skipped 0" in forced.stdout  # --force always runs the flow
    assert_unique_keys(tmp_path / "out")  # a --force rerun replaces rows, never adds a second copy


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--runner", "spark"], "--runner must be one of process, dask, ray"),
        (["--address", "tcp://127.0.0.1:8786"], "--address needs --runner"),
    ],
)
def test_run_with_a_bad_runner_choice_fails_before_starting(tmp_path: Path, args: list[str], reason: str) -> None:
    result = runner.invoke(app, ["run", "--input", str(ROOT / "seeds"), "--output", str(tmp_path / "o"), *args])
    assert result.exit_code == 2
    assert reason in result.stderr
    assert not (tmp_path / "o").exists()


def test_run_into_an_object_store_url_is_refused_with_the_reason(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "--input", str(ROOT / "seeds"), "--output", "s3://bucket/eventwire"])
    assert result.exit_code == 2
    assert "object stores" in result.stderr
    assert not Path("s3:").exists()
