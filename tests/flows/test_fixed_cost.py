"""What a run's fixed cost depends on (README, 'Fixed cost of a run'): a coding worker imports only what coding
needs, and a run with worker processes starts its temporary Prefect API without importing the server's modules,
while its task runs, logs and artifacts still reach that server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

# Modules of the write step, the report, object storage and the Prefect server: none is needed to code a batch,
# and each costs a worker start-up time. (pandas is not listed: pyarrow imports it when it builds a first table.)
NOT_IN_WORKERS = (
    "polars",
    "deltalake",
    "prefect.server.api.server",
    "eventwire.report",
    "eventwire.consolidate",
    "eventwire.incremental",
    "eventwire.store.delta",
)


def _python(script: str, tmp_path: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """``script`` in a fresh interpreter, as a worker or the CLI meets it: no PREFECT_API_URL, its own home."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout, check=False
    )


def test_a_coding_worker_imports_only_what_coding_needs(tmp_path: Path) -> None:
    # What a process-pool worker runs: the flow module (the task is pickled by reference to it), then a batch.
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "import flows.nightly as nightly\n"
        "from eventwire.ingest.readers import read_file\n"
        f"path = Path({str(SEEDS / '007_kenya_nairobi_protest_teargas.txt')!r})\n"
        "batch = read_file(path, path.parent).articles\n"
        "tables = nightly.code_batch.fn(batch, None)\n"
        f"print(json.dumps({{'mentions': tables.mentions.num_rows, "
        f"'loaded': [m for m in {NOT_IN_WORKERS!r} if m in sys.modules]}}))\n"
    )
    result = _python(script, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["mentions"] > 0  # it really coded
    assert out["loaded"] == []


def test_the_pipeline_is_loaded_once_whatever_name_it_is_asked_by(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.nlp.pipeline import DEFAULT_MODEL, load_nlp

    monkeypatch.delenv("EVENTWIRE_MODEL", raising=False)
    # The coder's lemma tables ask for the default pipeline, a batch for it by name: one load, not two.
    assert load_nlp() is load_nlp(DEFAULT_MODEL)


def _four_seeds(tmp_path: Path) -> Path:
    """A folder with the first four seed articles: two batches of two."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in sorted(p.name for p in SEEDS.glob("00[1-4]_*.txt")):
        shutil.copy(SEEDS / name, inputs / name)
    return inputs


# In a test script, inside ``with get_client(sync_client=True) as client:``: wait until the server has recorded the
# run's two batch task runs as completed (it records task runs from their events, a moment later).
_WAIT_FOR_BATCHES = (
    "        for _ in range(300):\n"
    "            batches = [r for r in client.read_task_runs() if r.name.startswith('code-batch')]\n"
    "            if len(batches) == 2 and all(r.state_type.value == 'COMPLETED' for r in batches):\n"
    "                break\n"
    "            time.sleep(0.2)\n"
)


@pytest.mark.integration
def test_a_run_with_workers_records_its_task_runs_on_the_temporary_api(tmp_path: Path) -> None:
    inputs = _four_seeds(tmp_path)
    script = (
        "import json, sys, time\n"
        "from flows.nightly import ARTIFACT_KEY, shared_api, with_workers\n"
        "with shared_api() as url:\n"
        f"    summary = with_workers(2)(input_dir={str(inputs)!r}, output_dir={str(tmp_path / 'out')!r}, "
        "workers=2, batch_size=2)\n"
        "    from prefect.client.orchestration import get_client\n"
        "    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey\n"
        "    with get_client(sync_client=True) as client:\n"
        + _WAIT_FOR_BATCHES
        + "        keys = ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY]))\n"
        "        artifacts = client.read_artifacts(artifact_filter=keys)\n"
        "        logs = client.read_logs()\n"
        "print(json.dumps({'coded': summary['coded'], 'url': url,\n"
        "    'batches': sorted(r.state_type.value for r in batches),\n"
        "    'artifacts': len(artifacts), 'logs': len(logs),\n"
        "    'server_module': 'prefect.server.api.server' in sys.modules}))\n"
    )
    result = _python(script, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["coded"] == 4 and out["url"].startswith("http://127.0.0.1:")
    assert out["batches"] == ["COMPLETED", "COMPLETED"]  # each batch a task run, recorded on the shared server
    assert out["artifacts"] == 1 and out["logs"] > 0
    # The API runs in its own process and this one only talks to it; nor did a thread of this process (the
    # process pool's log and event forwarding) start a server of Prefect's own, which imports that module.
    assert out["server_module"] is False


@pytest.mark.integration
def test_workers_started_with_the_server_code_the_run_and_are_gone_before_its_write(tmp_path: Path) -> None:
    """What `eventwire run` does on a new output: the server launched before anything heavy is imported, the coding
    workers started (loading the coder) while it starts, the flow run's batches coded on them and recorded on that
    server, and the workers gone once coding ends."""
    inputs = _four_seeds(tmp_path)
    script = (
        "import json, multiprocessing, time\n"
        "from contextlib import contextmanager\n"
        "from eventwire import pipeline\n"
        "from flows import nightly\n"
        "from flows.temporary_server import TemporaryServer\n"
        "server = TemporaryServer.for_this_process()\n"
        "server.launch()\n"
        "seen = {}\n"
        "@contextmanager\n"
        "def warm():\n"
        "    with nightly.early_coding_pool('process', 2, None):\n"
        "        seen['early'] = len(multiprocessing.active_children())  # spawned before the server answered\n"
        "        yield\n"
        "write = pipeline.write_run\n"
        "def watched(*args, **kwargs):\n"
        "    seen['at_write'] = len(multiprocessing.active_children())\n"
        "    return write(*args, **kwargs)\n"
        "pipeline.write_run = watched\n"
        "with nightly.shared_api(warm, server) as url:\n"
        f"    summary = nightly.with_workers(2)(input_dir={str(inputs)!r}, output_dir={str(tmp_path / 'out')!r}, "
        "workers=2, batch_size=2)\n"
        "    from prefect.client.orchestration import get_client\n"
        "    with get_client(sync_client=True) as client:\n"
        + _WAIT_FOR_BATCHES
        + "print(json.dumps({'coded': summary['coded'], 'same_server': url == server.api_url,\n"
        "    'batches': sorted(r.state_type.value for r in batches), 'left': len(nightly._early), **seen}))\n"
    )
    result = _python(script, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["coded"] == 4 and out["same_server"]
    assert out["batches"] == ["COMPLETED", "COMPLETED"]
    assert out["early"] == 2  # both workers started before the flow run existed
    assert out["at_write"] == 0 and out["left"] == 0  # and gone (taken by the run, shut down) before the write
