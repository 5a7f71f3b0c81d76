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
    result = runner.invoke(app, ["serve", "--cron", "every night", "--timezone", "UTC", "--ephemeral"])
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
    assert result.stderr == ""  # in a pipe: no progress display, no log lines, no telemetry notice
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


def _one_line_and_exit_2(args: list[str], env: dict[str, str] | None = None, within: float = 30.0) -> str:
    """Run the installed command as a user would: exit code 2, one line on stderr, no traceback, in time."""
    import time

    environment = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | (env or {})
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "eventwire.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("eventwire: error: "), result.stderr[-2000:]
    # the checks themselves take a few seconds at most; the bound leaves room for interpreter start on a busy box
    assert seconds < within, seconds
    return lines[0]


def _processes_with(marker: str) -> list[int]:
    """Processes whose environment holds ``marker`` (e.g. a test's own PREFECT_HOME=…)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads process environments from /proc")
def test_a_run_that_fails_after_launching_its_prefect_server_leaves_no_process_behind(tmp_path: Path) -> None:
    # A new output: the command launches the temporary Prefect server before its imports, then finds the model
    # missing; the server it launched is stopped before the command exits.
    home = f"PREFECT_HOME={tmp_path / 'prefect'}"
    args = ["run", "--input", str(CASES / "good"), "--output", str(tmp_path / "o"), "--model", "en_core_web_xx"]
    line = _one_line_and_exit_2(args, env={"PREFECT_HOME": str(tmp_path / "prefect")}, within=120)
    assert "spaCy model 'en_core_web_xx' is not installed" in line
    assert _processes_with(home) == []


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens there once the socket is closed


def test_serve_with_an_unknown_time_zone_is_one_line_and_exit_2() -> None:
    line = _one_line_and_exit_2(["serve", "--timezone", "Mars/Olympus", "--ephemeral"], within=15)
    assert "unknown --timezone 'Mars/Olympus'" in line


def test_serve_without_a_prefect_server_refuses_to_start(tmp_path: Path) -> None:
    line = _one_line_and_exit_2(["serve"], env={"PREFECT_HOME": str(tmp_path)}, within=15)
    assert "set PREFECT_API_URL" in line and "--ephemeral" in line


def test_serve_with_an_unreachable_prefect_api_is_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}/api"
    line = _one_line_and_exit_2(["serve"], env={"PREFECT_API_URL": url}, within=15)
    assert f"cannot reach the Prefect API at {url}" in line


def test_run_with_an_unreachable_prefect_api_is_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}/api"
    args = ["run", "--input", str(CASES / "good"), "--output", str(tmp_path / "o")]
    line = _one_line_and_exit_2(args, env={"PREFECT_API_URL": url}, within=15)
    assert "cannot reach the Prefect API" in line
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("runner_name", ["dask", "ray"])
def test_run_with_an_unreachable_cluster_is_one_line(tmp_path: Path, runner_name: str) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}" if runner_name == "dask" else f"127.0.0.1:{_free_port()}"
    args = ["run", "--input", str(CASES / "good"), "--output", str(tmp_path / "o"), "--runner", runner_name]
    line = _one_line_and_exit_2([*args, "--address", address], within=15)
    assert f"cannot reach the {runner_name} scheduler at {address}" in line


def test_version_and_help_for_every_option() -> None:
    from eventwire import CODER_VERSION, __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"eventwire {__version__} (coder {CODER_VERSION})"
    import typer.main

    group = typer.main.get_command(app)
    commands = list(getattr(group, "commands", {}).items())
    commands += [(f"actors {n}", c) for n, c in getattr(dict(commands)["actors"], "commands", {}).items()]
    assert {"run", "serve", "schema", "eval", "geoparse", "actors lookup"} <= {name for name, _ in commands}
    missing = [
        f"{name} {param.opts[0]}"
        for name, cmd in commands
        for param in cmd.params
        if param.param_type_name == "option" and not getattr(param, "help", None)
    ]
    assert missing == []
    runner_help = runner.invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).output
    assert "eventwire[dask]" in runner_help and "eventwire[ray]" in runner_help  # not eaten as markup
    assert "'Speed'" not in runner_help


def test_progress_shows_phases_with_rate_and_eta_and_nothing_in_a_pipe() -> None:
    from eventwire import progress

    assert progress.rate_and_eta(0, 10, 1.0) == ""
    assert progress.rate_and_eta(10, 40, 5.0) == "2.0 articles/s, 0:00:15 left"
    shown: list[tuple[str, int, int]] = []
    with progress.TerminalProgress(enabled=False) as display:  # a pipe: no display, no reporter
        progress.report("code", 1, 2)
        assert display.bar is None and display.phase == ""
    progress.set_reporter(lambda phase, done, total: shown.append((phase, done, total)))
    try:
        for phase in progress.PHASES:
            progress.report(phase)
    finally:
        progress.set_reporter(None)
    assert [p for p, _, _ in shown] == ["start", "read", "code", "consolidate", "write"]


def test_a_run_reports_every_phase_in_order(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from eventwire import pipeline, progress

    phases: list[str] = []
    articles: list[int] = []
    progress.set_reporter(lambda phase, done, total: phases.append(phase), articles.append)
    try:
        started = datetime.now(UTC)
        progress.report("read")
        plan = pipeline.read_inputs(CASES / "good", tmp_path / "out")
        progress.report("code", 0, len(plan.to_code))
        results = [pipeline.code_batch(list(pipeline.articles(plan)))]
        pipeline.write_run(tmp_path / "out", plan, results, pipeline.new_run_id(started), started)
    finally:
        progress.set_reporter(None)
    assert phases == ["read", "code", "consolidate", "write"]
    assert sum(articles) == len(plan.to_code) == 1  # counted article by article while coding in this process
