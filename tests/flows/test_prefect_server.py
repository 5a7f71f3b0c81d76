"""Against a real `prefect server start` (SQLite, a free localhost port, a temporary PREFECT_HOME): a served
deployment's run and a CLI run connected to the API both leave their INFO logs on the server, where the UI
reads them, while the CLI's console stays quiet."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from tests.conftest import CASES, ROOT
from tests.keys import assert_unique_keys

pytestmark = pytest.mark.integration

STARTUP_S = 180  # server start with migrations on an empty database, on a busy 2-core machine
RUN_S = 300


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    return env | extra


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process this test started, and its children (it leads its own session), by its id."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import httpx

    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    log = (home / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=_env(home),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            assert server.poll() is None, (home / "server.log").read_text()[-3000:]
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "prefect server did not start in time"
            time.sleep(1)
        yield url
    finally:
        _stop(server)
        log.close()


@contextmanager
def _client(url: str) -> Iterator[Any]:
    """A Prefect client connected to ``url`` (the test process may also hold the suite's harness settings)."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}), get_client(sync_client=True) as client:
        yield client


def _info_logs(url: str, flow_run_id: UUID) -> list[Any]:
    """The INFO records of a flow run and its task runs, as the server holds them."""
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    with _client(url) as client:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return [log for log in logs if log.level == 20]


def _info_lines(url: str, flow_run_id: UUID) -> list[str]:
    return [log.message for log in _info_logs(url, flow_run_id)]


def _wait_for_line(url: str, flow_run_id: UUID, text: str, timeout_s: float = 60) -> None:
    """Wait until an INFO line holding ``text`` of the run is on the server, or ``timeout_s`` has passed (the
    caller asserts on the lines then)."""
    deadline = time.monotonic() + timeout_s
    while not any(text in line for line in _info_lines(url, flow_run_id)) and time.monotonic() < deadline:
        time.sleep(1)


def _wait_final(url: str, flow_run_id: UUID) -> Any:
    deadline = time.monotonic() + RUN_S
    while True:
        with _client(url) as client:
            run = client.read_flow_run(flow_run_id)
        if run.state is not None and run.state.is_final():
            return run
        assert time.monotonic() < deadline, f"flow run still {run.state.type if run.state else None}"
        time.sleep(2)


def test_a_served_run_sends_its_info_logs_to_the_server(prefect_server: str, tmp_path: Path) -> None:
    from prefect.exceptions import ObjectNotFound

    output = tmp_path / "out"
    serve = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "serve", "--input", str(CASES / "good"), "--output", str(output)],
        env=_env(tmp_path / "home", PREFECT_API_URL=prefect_server, PREFECT_RUNNER_POLL_FREQUENCY="2"),
        cwd=ROOT,
        stdout=(tmp_path / "serve.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                with _client(prefect_server) as client:
                    deployment = client.read_deployment_by_name("eventwire-nightly/eventwire-nightly-scheduled")
                break
            except ObjectNotFound:
                assert time.monotonic() < deadline, "the deployment was not registered in time"
                time.sleep(2)
        with _client(prefect_server) as client:
            flow_run = client.create_flow_run_from_deployment(deployment.id)
        run = _wait_final(prefect_server, flow_run.id)
        assert run.state.is_completed(), (tmp_path / "serve.log").read_text()[-3000:]
        # the run's process ships its logs in batches after its final state: stopping the served process (and its
        # session) at once could kill it before its last batch is sent, so give the logs time to arrive first
        _wait_for_line(prefect_server, flow_run.id, "articles to code")
    finally:
        _stop(serve)
    info = _info_lines(prefect_server, flow_run.id)
    assert any("articles to code" in line for line in info), info  # the flow's own INFO line
    assert_unique_keys(output)


@pytest.mark.parametrize("engine", [[], ["--runner", "dask", "--workers", "2"]], ids=["process", "dask"])
def test_a_cli_run_connected_to_the_server_logs_there_and_not_on_the_console(
    prefect_server: str, tmp_path: Path, engine: list[str]
) -> None:
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    if engine:
        pytest.importorskip("prefect_dask")
    output = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "eventwire.cli",
            "run",
            "--input",
            str(CASES / "good"),
            "--output",
            str(output),
            *engine,
        ],
        env=_env(tmp_path / "home", PREFECT_API_URL=prefect_server),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "INFO" not in result.stderr and "articles to code" not in result.stderr  # a quiet console
    assert_unique_keys(output)
    with _client(prefect_server) as client:
        runs = client.read_flow_runs()  # this module's server: only its own tests' runs
    [run] = [r for r in runs if r.parameters.get("output_dir") == str(output)]
    assert run.state is not None and run.state.is_completed()
    info = _info_logs(prefect_server, run.id)
    assert any("articles to code" in log.message for log in info), [log.message for log in info]
    # the coding task's own INFO records, sent from where it ran (a Dask worker process with --runner dask)
    with _client(prefect_server) as client:
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id])))
    coding = {t.id for t in tasks if t.name.startswith("code-batch")}
    assert coding and any(log.task_run_id in coding for log in info), [(log.name, log.message) for log in info]
