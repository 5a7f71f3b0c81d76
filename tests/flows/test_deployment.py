"""Integration: production deployment against a real `prefect server start` (SQLite in a temp PREFECT_HOME).

1. prefect.yaml → `prefect deploy --all` → a process work pool → `prefect worker start --run-once` runs the flow.
2. `eventwire run --runner dask --address …` on a `dask scheduler` and a `dask worker`, separate OS processes
   that report to the same server.
3. The deployment run by the worker with `runner=dask`: its batches go to that cluster.
(Plus one quick check, no server: `eventwire serve` deploys the flow by module path as well.)

Every process a test starts runs in its own session and is killed with its children when the test ends,
passed or failed."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

import duckdb
import httpx
import polars as pl
import pytest

from tests.conftest import ROOT, SEEDS

if TYPE_CHECKING:
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.client.schemas.objects import FlowRun, StateType, TaskRun


POOL = "eventwire"  # the work pool prefect.yaml names
DEPLOYMENT = "eventwire-nightly/nightly"
SEED_FILES = (
    "001_nigeria_borno_iswap_clash.txt",
    "002_mali_mopti_ied_convoy.txt",
    "005_somalia_mogadishu_suicide_bomb.txt",
)
STARTUP_S = 120  # a Prefect server starts in 15–25 s here, a busy machine takes longer
RUN_S = 300  # one flow run over three articles: ~45 s with two coding processes on a busy 2-core machine
KEYS = {"events": "event_id", "mentions": "mention_id", "articles": "article_id"}


@dataclass(frozen=True)
class Server:
    api_url: str
    home: Path
    env: dict[str, str]  # what every process started against this server runs with


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _script(name: str) -> str:
    """A console script of this environment (prefect, dask): beside the interpreter, else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"`{name}` is not installed in this environment: pip install -e '.[test]'")
    return found


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started in its own session, and everything it started (workers, flow runs)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return  # the whole group has exited
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=20)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever ignored the request, or outlived its parent
    process.wait(timeout=10)


@contextmanager
def _background(cmd: list[str], env: dict[str, str], log: Path, cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process
    finally:
        _stop(process)


def _run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float = 120) -> str:
    """Run a command to its end (its children too, on a time-out) and return its output; fail with it."""
    process = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        out, _ = process.communicate()
        pytest.fail(f"{' '.join(cmd[:4])} did not finish in {timeout} s:\n{out.decode(errors='replace')[-3000:]}")
    finally:
        _stop(process)
    text = out.decode(errors="replace")
    assert process.returncode == 0, f"{' '.join(cmd[:4])} exited {process.returncode}:\n{text[-3000:]}"
    return text


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DASK_"))}
    env |= {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "INFO",
    }
    log = home / "server.log"
    # No scheduler service: the deployment's 02:00 cron must not put a run on the pool while a test's worker
    # polls it (that run would code seeds/ into the checkout's output/). Runs here are started by hand.
    cmd = [
        _script("prefect"),
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-ui",
        "--no-scheduler",
    ]
    with _background(cmd, env, log, home) as server:
        deadline = time.monotonic() + STARTUP_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"prefect server start exited {server.returncode}:\n{_tail(log)}")
            try:
                if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the Prefect server did not answer in {STARTUP_S} s:\n{_tail(log)}")
            time.sleep(0.5)
        yield Server(api_url, home, env | {"PREFECT_API_URL": api_url})


@contextmanager
def _client(server: Server) -> Iterator[SyncPrefectClient]:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: server.api_url}), get_client(sync_client=True) as client:
        yield client


def _state(run: FlowRun | TaskRun) -> StateType | None:
    return run.state.type if run.state else None


def _task_runs(client: SyncPrefectClient, flow_run_id: UUID) -> list[TaskRun]:
    from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterFlowRunId

    return client.read_task_runs(task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[flow_run_id])))


@pytest.fixture()
def tiny_input(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    for name in SEED_FILES:
        shutil.copy(SEEDS / name, folder / name)
    return folder


def _check_datasets(output: Path, articles: int) -> None:
    """The three datasets read back by polars and DuckDB, the same rows, every key unique."""
    for dataset, key in KEYS.items():
        frame = pl.read_parquet(output / dataset, hive_partitioning=True)
        with duckdb.connect() as con:
            rows, keys = con.execute(
                f"SELECT count(*), count(DISTINCT {key}) FROM "
                f"read_parquet('{output}/{dataset}/*/*/*.parquet', hive_partitioning = true)"
            ).fetchone() or (0, 0)
        assert frame.height == rows > 0, dataset
        assert frame[key].n_unique() == keys == rows, f"{dataset}: {key} not unique"
    assert pl.read_parquet(output / "articles", hive_partitioning=True).height == articles


@pytest.fixture(scope="module")
def deployed(prefect_server: Server, tmp_path_factory: pytest.TempPathFactory) -> Server:
    """The work pool created and prefect.yaml deployed from the checkout, as a user would."""
    prefect, cwd = _script("prefect"), tmp_path_factory.mktemp("deploy")
    _run([prefect, "work-pool", "create", POOL, "--type", "process"], prefect_server.env, cwd)
    _run([prefect, "--no-prompt", "deploy", "--all"], prefect_server.env, ROOT)
    return prefect_server


@dataclass(frozen=True)
class DaskCluster:
    address: str
    worker_log: Path


@pytest.fixture(scope="module")
def dask_cluster(prefect_server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaskCluster]:
    """`dask scheduler` and one `dask worker` (one process, one thread), separate OS processes on a free port.
    The worker gets PREFECT_API_URL too: without it, it would start a Prefect server of its own."""
    pytest.importorskip("prefect_dask")
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    dask, env = _script("dask"), prefect_server.env
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"]
    worker = [dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
    worker += ["--name", "eventwire-test", "--local-directory", str(folder / "scratch")]
    logs = folder / "scheduler.log", folder / "worker.log"
    with _background(scheduler, env, logs[0], folder), _background(worker, env, logs[1], folder):
        try:
            with Client(address, timeout=STARTUP_S) as client:  # type: ignore[no-untyped-call]
                client.wait_for_workers(1, timeout=STARTUP_S)
        except Exception as exc:
            pytest.fail(f"no Dask worker: {exc}\nscheduler:\n{_tail(logs[0])}\nworker:\n{_tail(logs[1])}")
        yield DaskCluster(address, logs[1])


def _start_deployment_run(server: Server, cwd: Path, **params: object) -> UUID:
    """`prefect deployment run` with parameters; the new flow run's id."""
    args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    started = _run([_script("prefect"), "deployment", "run", DEPLOYMENT, *args], server.env, cwd)
    match = re.search(r"UUID: ([0-9a-f-]{36})", started)
    assert match, started
    return UUID(match.group(1))


def _run_worker_once(server: Server, cwd: Path) -> str:
    """A worker that takes the runs due on the pool, waits for them to end, and exits. Started away from the
    checkout: the deployment's pull step must take the run there."""
    return _run([_script("prefect"), "worker", "start", "--pool", POOL, "--run-once"], server.env, cwd, RUN_S)


def _log_since(log: Path, offset: int) -> str:
    return log.read_bytes()[offset:].decode(errors="replace")


def _coded_batches(log: str) -> int:
    return len(re.findall(r"Task run 'code-batch-\w+' - Finished in state Completed", log))


@pytest.mark.integration
def test_prefect_yaml_deploys_the_nightly_flow_and_a_process_worker_runs_it(
    deployed: Server, tiny_input: Path, tmp_path: Path
) -> None:
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.schedules import CronSchedule

    output = tmp_path / "out"
    flow_run_id = _start_deployment_run(deployed, tmp_path, input_dir=tiny_input, output_dir=output, batch_size=2)
    worker_log = _run_worker_once(deployed, tmp_path)

    with _client(deployed) as client:
        deployment = client.read_deployment_by_name(DEPLOYMENT)
        flow_run = client.read_flow_run(flow_run_id)
        task_runs = _task_runs(client, flow_run_id)
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    assert _state(flow_run) == StateType.COMPLETED, f"{flow_run.state}\n{worker_log[-3000:]}"
    assert flow_run.deployment_id == deployment.id and flow_run.work_pool_name == POOL
    # the run's parameters over the deployment's
    assert flow_run.parameters["input_dir"] == str(tiny_input) and flow_run.parameters["workers"] == 1
    # what prefect.yaml declares reached the server
    [schedule] = deployment.schedules
    assert isinstance(schedule.schedule, CronSchedule) and schedule.active
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "UTC")
    assert deployment.global_concurrency_limit and deployment.global_concurrency_limit.limit == 1
    assert deployment.concurrency_options and deployment.concurrency_options.collision_strategy == "ENQUEUE"
    assert deployment.entrypoint == "flows.nightly:nightly"
    assert deployment.pull_steps == [{"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}]
    assert deployment.parameters["input_dir"] == "seeds" and deployment.parameters["runner"] == "process"
    batches = [t for t in task_runs if t.name.startswith("code-batch")]
    assert len(batches) == 2 and all(_state(t) == StateType.COMPLETED for t in batches)
    assert "eventwire-run-summary" in {a.key for a in artifacts}

    _check_datasets(output, articles=len(SEED_FILES))
    [manifest] = (output / "runs").glob("*.json")
    assert '"coded": 3' in manifest.read_text()


@pytest.mark.integration
def test_dask_runner_on_a_scheduler_and_a_worker_reporting_to_the_server(
    prefect_server: Server, dask_cluster: DaskCluster, tiny_input: Path, tmp_path: Path
) -> None:
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterDeploymentId
    from prefect.client.schemas.objects import StateType

    output = tmp_path / "out"
    logged = dask_cluster.worker_log.stat().st_size
    cmd = [sys.executable, "-m", "eventwire.cli", "run", "--input", str(tiny_input), "--output", str(output)]
    cmd += ["--runner", "dask", "--address", dask_cluster.address, "--batch-size", "2"]
    out = _run(cmd, prefect_server.env, tmp_path, RUN_S)
    assert "coded 3, skipped 0" in out, out
    _check_datasets(output, articles=len(SEED_FILES))
    # The batches were coded in the Dask worker process, and their task runs are on the shared server.
    worker_log = _log_since(dask_cluster.worker_log, logged)
    assert _coded_batches(worker_log) == 2, worker_log
    with _client(prefect_server) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(deployment_id=FlowRunFilterDeploymentId(is_null_=True))
        )
        [flow_run] = [r for r in runs if r.parameters.get("output_dir") == str(output)]
        task_runs = _task_runs(client, flow_run.id)
    assert _state(flow_run) == StateType.COMPLETED
    batches = [t for t in task_runs if t.name.startswith("code-batch")]
    assert len(batches) == 2 and all(_state(t) == StateType.COMPLETED for t in batches)


@pytest.mark.integration
def test_the_deployment_sends_its_batches_to_the_dask_cluster(
    deployed: Server, dask_cluster: DaskCluster, tiny_input: Path, tmp_path: Path
) -> None:
    from prefect.client.schemas.objects import StateType

    output = tmp_path / "out"
    logged = dask_cluster.worker_log.stat().st_size
    params = {"input_dir": tiny_input, "output_dir": output, "runner": "dask", "address": dask_cluster.address}
    flow_run_id = _start_deployment_run(deployed, tmp_path, **params, batch_size=2)
    pool_worker_log = _run_worker_once(deployed, tmp_path)
    with _client(deployed) as client:
        flow_run = client.read_flow_run(flow_run_id)
    assert _state(flow_run) == StateType.COMPLETED, f"{flow_run.state}\n{pool_worker_log[-3000:]}"
    assert _coded_batches(_log_since(dask_cluster.worker_log, logged)) == 2
    _check_datasets(output, articles=len(SEED_FILES))


def test_served_deployment_loads_the_flow_by_module_path_too() -> None:
    """`eventwire serve` deploys the same flow: its runs must be able to send batches to Dask as well."""
    from flows.deploy import deployment

    assert deployment("in", "out").entrypoint == "flows.nightly.nightly"
