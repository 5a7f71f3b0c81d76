"""The temporary Prefect API server a run with worker processes shares (``flows.nightly.shared_api``).

It runs what Prefect's own ``SubprocessASGIServer`` runs (uvicorn serving ``prefect.server.api.server:create_app``
as an ephemeral app, no UI), started from here so that this process never imports the server's modules (FastAPI
routes, SQLAlchemy models: ~1.6 s of CPU in a process that only talks to the API), and with the server services
that a run's own, short-lived API does not use switched off.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

# What Prefect's SubprocessASGIServer sets for its subprocess: an ephemeral app (its services limited to those
# marked for ephemeral servers), built once, without the UI.
EPHEMERAL_APP = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
# Not used by a run's temporary API, which lives as long as the run: automations (their triggers and actions
# poll every few seconds for the whole run), the websocket streams of events and logs (read by the UI, which a
# temporary server does not serve), and block types registered on start (a run saves no blocks). Task runs,
# logs, artifacts and events are still recorded (task run recorder, event persister).
QUIET_SERVICES = {
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED": "false",
    "PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED": "false",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
}
DEFAULT_STARTUP_TIMEOUT = 20.0  # Prefect's own default for PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS
PORT_IN_USE = 3  # uvicorn's exit code when the port was taken between choosing it and binding it


@dataclass(frozen=True)
class ServerTimes:
    """How long the temporary server may take (seconds)."""

    poll: float = 0.1  # between health checks while it starts
    stop_grace: float = 5.0  # after SIGTERM, before SIGKILL (as Prefect's own)


@dataclass
class TemporaryServer:
    """A Prefect API server in a subprocess on a free localhost port: ``launch`` it, ``wait`` for its answer,
    ``stop`` it (``shared_api`` does all three, and sets the start-up timeout in force)."""

    settings_env: dict[str, str]  # the settings of this process, as variables for the server's
    startup_timeout: float = DEFAULT_STARTUP_TIMEOUT  # PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS
    times: ServerTimes = ServerTimes()
    port: int = 0
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @classmethod
    def for_this_process(cls) -> TemporaryServer:
        """A server for a process that has not imported Prefect yet (the command line, launching it first): the
        server reads Prefect's settings from the same environment and profile as this process will."""
        return cls({})

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def launch(self) -> None:
        """Start the server's process on a free port and return at once: its URL is known from here on (``wait``
        for its answer), so the run can start what does not need the API meanwhile."""
        self.port = free_port()
        self.process = subprocess.Popen(server_command(self.port), env=self.env())

    def wait(self) -> None:
        """Return once the server answers its health check; raise if it exits or times out first."""
        deadline = time.monotonic() + self.startup_timeout
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                assert self.process is not None
                code = self.process.poll()
                if code == PORT_IN_USE:
                    self.launch()
                elif code is not None:
                    raise RuntimeError(f"the temporary Prefect API server exited with code {code} while starting")
                else:
                    try:
                        if client.get(f"{self.api_url}/health").status_code == 200:
                            return
                    except httpx.TransportError:
                        pass
                time.sleep(self.times.poll)
        self.stop()
        raise RuntimeError(
            f"the temporary Prefect API server did not answer within {self.startup_timeout:.0f} s "
            "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
        )

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=self.times.stop_grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def env(self) -> dict[str, str]:
        """The server's environment: this one, the settings in force here (a profile, ``temporary_settings``),
        the quiet services unless set otherwise, and the ephemeral app's markers."""
        return QUIET_SERVICES | dict(os.environ) | self.settings_env | EPHEMERAL_APP


def server_command(port: int) -> list[str]:
    # Prefect's folder, found without importing it (the command line launches the server before its imports)
    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        raise RuntimeError("prefect is not installed")
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(Path(spec.origin).parent.parent),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
