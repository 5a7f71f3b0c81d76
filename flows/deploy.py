"""Scheduled deployment: serve the nightly flow on a cron schedule, one run at a time."""

from __future__ import annotations

from typing import Any

from prefect.schedules import Cron

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
    )


def serve(
    input_dir: str, output_dir: str, cron: str = DEFAULT_CRON, timezone: str = "UTC", model: str | None = None
) -> None:
    from prefect import serve as prefect_serve

    prefect_serve(deployment(input_dir, output_dir, cron, timezone, model))
