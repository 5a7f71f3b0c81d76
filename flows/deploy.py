"""Scheduled deployment: serve the nightly flow on a cron schedule, one run at a time."""

from __future__ import annotations

from typing import Any

from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType

from flows.nightly import FLOW_NAME, nightly

DEFAULT_CRON = "0 2 * * *"


def deployment(
    input_dir: str, output_dir: str, cron: str = DEFAULT_CRON, timezone: str = "UTC", model: str | None = None
) -> Any:
    """The deployment object (tested without a server); ``serve`` runs it."""
    return nightly.to_deployment(
        name=f"{FLOW_NAME}-scheduled",
        schedules=[Cron(cron, timezone=timezone)],
        parameters={"input_dir": input_dir, "output_dir": output_dir, "model": model},
        concurrency_limit=1,  # a second scheduled run waits rather than fighting for the output lock
        tags=["eventwire"],
        # flows.nightly.nightly, not flows/nightly.py:nightly: from a file path the module is named "nightly" and a
        # Dask or Ray worker cannot unpickle its tasks (as in prefect.yaml)
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve(
    input_dir: str, output_dir: str, cron: str = DEFAULT_CRON, timezone: str = "UTC", model: str | None = None
) -> None:
    from prefect import serve as prefect_serve

    prefect_serve(deployment(input_dir, output_dir, cron, timezone, model))
