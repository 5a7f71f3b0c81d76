"""Reachability checks: what counts as an answer, where PREFECT_API_URL is read from, scheduler addresses."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from eventwire.services import (
    Timeouts,
    Unreachable,
    check_cluster,
    check_prefect_api,
    configured_api_url,
    host_and_port,
)

QUICK = Timeouts(connect=2.0)


@pytest.fixture()
def http_status() -> Iterator[tuple[str, list[int]]]:
    """A local HTTP server answering every GET with the status the test puts in the list."""
    status = [200]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status[0])
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api", status
    finally:
        server.shutdown()
        server.server_close()


def test_an_api_that_answers_is_reachable_and_a_wrong_path_is_not(http_status: tuple[str, list[int]]) -> None:
    url, status = http_status
    check_prefect_api(url, QUICK)
    status[0] = 401  # behind a proxy that wants a key: it runs
    check_prefect_api(url, QUICK)
    status[0] = 404
    with pytest.raises(Unreachable, match=r"answered 404 .*\(ending in /api\)"):
        check_prefect_api(url, QUICK)


def test_a_listening_scheduler_is_reachable_and_a_closed_port_is_not() -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        check_cluster("dask", f"tcp://127.0.0.1:{port}", QUICK)
        check_cluster("ray", f"127.0.0.1:{port}", QUICK)
    with pytest.raises(Unreachable, match=f"cannot reach the dask scheduler at tcp://127.0.0.1:{port}"):
        check_cluster("dask", f"tcp://127.0.0.1:{port}", QUICK)
    check_cluster("ray", "auto", QUICK)  # Ray finds its own local instance


def test_scheduler_addresses() -> None:
    assert host_and_port("tcp://scheduler:8786") == ("scheduler", 8786)
    assert host_and_port("ray-head:6379") == ("ray-head", 6379)
    assert host_and_port("ray://head:10001") == ("head", 10001)
    assert host_and_port("scheduler") == ("scheduler", None)


def test_the_api_url_comes_from_the_environment_then_the_active_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    monkeypatch.delenv("PREFECT_PROFILES_PATH", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    assert configured_api_url() is None
    (tmp_path / "profiles.toml").write_text(
        'active = "prod"\n[profiles.prod]\nPREFECT_API_URL = "http://prefect:4200/api"\n[profiles.dev]\n',
        encoding="utf-8",
    )
    assert configured_api_url() == "http://prefect:4200/api"
    monkeypatch.setenv("PREFECT_PROFILE", "dev")
    assert configured_api_url() is None
    monkeypatch.setenv("PREFECT_API_URL", "http://other:4200/api")
    assert configured_api_url() == "http://other:4200/api"
