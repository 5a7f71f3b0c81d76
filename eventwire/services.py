"""Reachability of the services a run or a served deployment needs, checked before starting anything.

A Prefect API that does not answer, or a cluster scheduler nobody listens on, otherwise shows up as hundreds
of lines of retries and tracebacks after the client's own timeouts (30 s and more); here it is one reason,
within ``Timeouts.connect`` seconds.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Timeouts:
    """How long a service may take to answer before the command gives up (seconds)."""

    connect: float = 5.0


TIMEOUTS = Timeouts()
RUNNERS = ("process", "dask", "ray")  # where batches can be coded (flows.nightly.coding_runner)
DEFAULT_PORTS = {"dask": 8786, "ray": 6379}  # the schedulers' own defaults, for an address without a port


class Unreachable(RuntimeError):
    """A service the command needs does not answer; the message says which and why, in one line."""


def check_prefect_api(url: str, timeouts: Timeouts = TIMEOUTS) -> None:
    """Raise ``Unreachable`` unless the Prefect API at ``url`` (``PREFECT_API_URL``) answers its health check."""
    import httpx  # a dependency of prefect

    health = url.rstrip("/") + "/health"
    try:
        response = httpx.get(health, timeout=timeouts.connect)
    except httpx.HTTPError as exc:
        raise Unreachable(f"cannot reach the Prefect API at {url} ({_reason(exc)})") from exc
    # Any answer but "not found" or a server error is an API that runs (one behind a proxy may want a key here).
    if response.status_code == 404 or response.status_code >= 500:
        raise Unreachable(
            f"the Prefect API at {url} answered {response.status_code} to {health}; is PREFECT_API_URL the API "
            "(ending in /api)?"
        )


def check_cluster(runner: str, address: str, timeouts: Timeouts = TIMEOUTS) -> None:
    """Raise ``Unreachable`` unless something listens at the scheduler ``address`` of a Dask or Ray cluster
    ("tcp://host:8786", "host:6379", "ray://host:10001")."""
    if address in ("auto", "local"):
        return  # Ray finds or starts its own local instance
    host, port = host_and_port(address)
    port = port if port is not None else DEFAULT_PORTS.get(runner)
    if not host or port is None:
        raise Unreachable(f"--address {address!r} is not host:port, e.g. tcp://scheduler:8786")
    try:
        with socket.create_connection((host, port), timeout=timeouts.connect):
            pass
    except OSError as exc:
        raise Unreachable(f"cannot reach the {runner} scheduler at {address} ({_reason(exc)})") from exc


def host_and_port(address: str) -> tuple[str, int | None]:
    """Host and port of a scheduler address, with or without a scheme."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.hostname or "", port


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text and text[0] else type(exc).__name__


def configured_api_url() -> str | None:
    """PREFECT_API_URL as Prefect will read it: the environment, else the active profile of
    ``$PREFECT_HOME/profiles.toml`` (``PREFECT_PROFILES_PATH``, ``PREFECT_PROFILE``). Read here rather than
    through ``prefect.settings``, whose import costs seconds, so a missing or dead API is reported at once."""
    import os
    import tomllib
    from pathlib import Path

    url = os.environ.get("PREFECT_API_URL")
    if url is not None:
        return url or None
    home = Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active", "ephemeral")
    value = profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL")
    return str(value) if value else None
