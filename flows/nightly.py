"""The nightly flow: read → code in batches (one task per batch, never per article) → write atomically."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_table_artifact
from prefect.cache_policies import NONE
from prefect.futures import as_completed
from prefect.logging.loggers import LoggingAdapter
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from eventwire import batch_tables, pipeline, progress
from eventwire.ingest.article import InputArticle
from eventwire.store.lock import output_lock
from eventwire.store.partitions import Published

if TYPE_CHECKING:  # the report module imports polars, which the coding workers that import this module never use
    from eventwire.report import WrittenReport
    from eventwire.store.workspace import Workspace
    from flows.temporary_server import TemporaryServer

FLOW_NAME = "eventwire-nightly"
ARTIFACT_KEY = "eventwire-run-summary"
REPORT_ARTIFACT_KEY = "eventwire-run-report"
IN_FLIGHT = 2  # batches queued per worker: one running, one ready, so no worker waits for the reader
DEFAULT_BATCH = 200  # articles per task: a task costs ~10 ms of Prefect overhead, a batch ~10 s of parsing


# cache_policy=NONE: task inputs are whole article batches; hashing them for a cache key costs time for nothing.
@task(name="read-inputs", cache_policy=NONE)
def read_inputs(input_dir: str, output_dir: str, force: bool, published: Published | None = None) -> pipeline.Plan:
    return pipeline.read_inputs(Path(input_dir), Path(output_dir), force, published)


@task(name="code-batch", cache_policy=NONE)
def code_batch(batch: list[InputArticle], model: str | None, prescan: bool = True) -> batch_tables.CodedTables:
    return batch_tables.tabulate(pipeline.code_batch(batch, model, prescan))


@task(name="write-datasets", cache_policy=NONE)
def write_datasets(
    output_dir: str,
    plan: pipeline.Plan,
    results: list[batch_tables.CodedTables],
    run_id: str,
    started: datetime,
    rebuild: bool = False,
    published: Published | None = None,
) -> pipeline.RunSummary:
    return pipeline.write_run(Path(output_dir), plan, results, run_id, started, rebuild, published)


@task(name="write-report", cache_policy=NONE)
def write_report(
    output_dir: str, summary: pipeline.RunSummary, started: datetime, published: Published | None = None
) -> WrittenReport:
    return pipeline.run_report(Path(output_dir), summary, started, published)


@flow(name=FLOW_NAME, log_prints=True, validate_parameters=True)
def nightly(
    input_dir: str = "seeds",
    output_dir: str = "output",
    force: bool = False,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    workers: int = 1,
    full_parse: bool = False,
    runner: str = "process",
    address: str | None = None,
    rebuild: bool = False,
) -> dict[str, Any]:
    """Code every new article under ``input_dir`` into the datasets under ``output_dir``. Batches are coded on
    ``runner`` ("process", "dask", "ray"; see ``coding_runner``) by ``workers`` processes (``full_parse``:
    parse every sentence, not only those the pre-scan keeps). Events are consolidated incrementally (the night's
    mentions join the saved events they can join); ``rebuild`` consolidates every month again from all its
    mentions, as after a coder or merge-rule change (``eventwire.incremental``)."""
    from eventwire.store.workspace import ON_DEMAND, workspace  # deltalake, pyarrow.dataset: not in coding workers

    started = datetime.now(UTC)
    run_id = pipeline.new_run_id(started)
    # the output folder, or a working copy of an object-store output that holds only the partitions the night reads
    # or rewrites (fetched as it asks: ``store.partitions.Published``)
    with workspace(output_dir, sparse=ON_DEMAND) as space:
        return _run(
            space, input_dir, force, model, batch_size, workers, full_parse, runner, address, run_id, started, rebuild
        )


def _run(
    space: Workspace,
    input_dir: str,
    force: bool,
    model: str | None,
    batch_size: int,
    workers: int,
    full_parse: bool,
    runner: str,
    address: str | None,
    run_id: str,
    started: datetime,
    rebuild: bool,
) -> dict[str, Any]:
    logger = get_run_logger()
    clock = time.perf_counter()
    output = space.local
    output_dir = str(output)
    with output_lock(output):
        progress.report("read")
        plan = read_inputs(input_dir, output_dir, force, space)
        read_s = time.perf_counter() - clock
        logger.info(
            "%d files, %d articles to code, %d already coded, %d duplicates, %d rejected",
            plan.files,
            len(plan.to_code),
            plan.skipped,
            len(plan.duplicates),
            len(plan.rejects),
        )
        batch_tables.clear_spill(output)  # batches a crashed run left behind
        try:
            results = (
                _code(
                    plan,
                    model,
                    batch_size,
                    workers,
                    not full_parse,
                    runner,
                    address,
                    batch_tables.spill_dir(output, run_id),
                )
                if plan.to_code
                else []
            )
            _release_early_pools()  # started for this run and not coded on (nothing to code): gone before the write
            code_s = time.perf_counter() - clock - read_s
            summary = write_datasets(output_dir, plan, results, run_id, started, rebuild, space)
        finally:
            batch_tables.clear_spill(output, run_id)
    summary.timings = {"read": round(read_s, 3), "code": round(code_s, 3), **summary.timings}
    written = _report(output_dir, summary, started, logger, space)
    summary.seconds = round(time.perf_counter() - clock, 3)
    pipeline.write_manifest(
        output, pipeline.manifest(summary, plan, Path(input_dir), output, started, datetime.now(UTC), written)
    )
    space.publish(run_id)  # object storage: the run's Delta commits, then its row in `commits`
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=[{"metric": k, "value": v} for k, v in summary.as_dict().items() if isinstance(v, int | float)],
        description=f"eventwire run {run_id}: {input_dir} → {output_dir}",
    )
    return summary.as_dict()


def _report(
    output_dir: str,
    summary: pipeline.RunSummary,
    started: datetime,
    logger: logging.Logger | LoggingAdapter,
    published: Published,
) -> WrittenReport | str:
    """Write the run's report, log its drift warnings at WARNING and link it from the flow run. The datasets are
    committed by now: a report that fails is logged and recorded in the manifest, and the run still succeeds."""
    try:
        written = write_report(output_dir, summary, started, published)
    except Exception as exc:
        logger.error("run report failed: %s: %s", type(exc).__name__, exc)
        return f"{type(exc).__name__}: {exc}"
    summary.timings["report"] = written.seconds
    for warning in written.drift.warnings:
        logger.warning("drift: %s", warning.message)
    if not written.drift.checked:
        logger.info("drift checks skipped: %s", written.drift.reason)
    create_link_artifact(
        key=REPORT_ARTIFACT_KEY,
        link=written.path.resolve().as_uri(),
        link_text=f"report of run {summary.run_id}",
        description=f"eventwire run {summary.run_id}: {len(written.drift.warnings)} drift warnings",
    )
    return written


def _code(
    plan: pipeline.Plan,
    model: str | None,
    batch_size: int,
    workers: int,
    prescan: bool,
    runner: str,
    address: str | None,
    spill: Path,
) -> list[batch_tables.CodedTables]:
    """Code the plan's articles in batches on a pool that is shut down when coding ends (started early for this
    run, or here): its worker processes (a model and dictionaries each, ~0.6 GB) are gone before the write step
    needs its memory. Each coded batch is spilled to ``spill`` and kept memory-mapped."""
    total = len(plan.to_code)
    progress.report("code", 0, total)
    # Never fewer batches than workers: 300 articles on 2 workers are 2 × 150, not 200 + 100.
    size = max(1, min(batch_size, -(-total // max(workers, 1))))
    # Batches are read and submitted as workers free up (IN_FLIGHT per worker), so the articles' texts of a
    # big input are never all in memory; each result is kept as compact Arrow tables.
    pending: list[Any] = []
    results: list[batch_tables.CodedTables] = []
    done = 0
    # What lives before coding stays alive through it: out of the collection after each batch's spill.
    with batch_tables.frozen_heap(), _coding_pool(runner, workers, address, model) as pool:
        for batch in pipeline.batches(pipeline.articles(plan), pipeline.batch_sizes(total, size, workers)):
            parameters = {"batch": batch, "model": model, "prescan": prescan}
            pending.append(pool.submit(code_batch, parameters=parameters))
            while len(pending) >= IN_FLIGHT * max(workers, 1):
                done = _collect(pending, results, done, total, spill)
        while pending:
            done = _collect(pending, results, done, total, spill)
    # Completion order varies with workers; write order must not (ids are content hashes anyway).
    return sorted(results, key=lambda r: r.first_id)


def _collect(pending: list[Any], results: list[batch_tables.CodedTables], done: int, total: int, spill: Path) -> int:
    """Wait for the first pending batch to finish, spill its tables and let go of its future."""
    future = next(as_completed(pending))
    pending.remove(future)
    result = batch_tables.spill(future.result(), spill)
    results.append(result)
    done += result.articles.num_rows
    progress.report("code", done, total)
    return done


def with_workers(workers: int) -> Callable[..., Any]:
    """The flow with batches coded by ``workers`` processes (1: a thread in this process, no spawn cost).
    Call the result with ``workers=`` as well, so batches are sized for them."""
    return with_runner("process", workers)


def with_runner(runner: str, workers: int, address: str | None = None) -> Callable[..., Any]:
    """The flow with batches coded on ``runner`` (checked now: an engine that is not installed fails before
    Prefect starts). Call the result like the flow, with ``workers=`` as well."""
    coding_runner(runner, workers, address)
    return partial(nightly, runner=runner, address=address)


def coding_runner(runner: str, workers: int, address: str | None = None, model: str | None = None) -> TaskRunner[Any]:
    """The task runner batches are coded on: "process" (this machine's process pool: ``CodingPool``), "dask"
    (prefect-dask; a local cluster of ``workers`` single-threaded processes, or the scheduler at ``address``), "ray"
    (prefect-ray; a local Ray instance, or the cluster at ``address``). The engines are optional extras, imported
    only when asked."""
    if runner == "process":
        if address:
            raise ValueError("--address needs --runner dask or ray")
        if workers <= 1:
            return ThreadPoolTaskRunner(max_workers=1)
        return CodingPool(workers, model)
    if runner == "dask":
        try:
            from prefect_dask.task_runners import DaskTaskRunner
        except ImportError as exc:
            raise RunnerNotInstalled("--runner dask needs prefect-dask: pip install 'eventwire[dask]'") from exc
        if address:
            return DaskTaskRunner(address=address)
        # One thread per worker process: spaCy holds the GIL while parsing, so threads would only share a core.
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
        )
    if runner == "ray":
        try:
            from prefect_ray import RayTaskRunner
        except ImportError as exc:
            raise RunnerNotInstalled("--runner ray needs prefect-ray: pip install 'eventwire[ray]'") from exc
        init = {} if address else {"num_cpus": workers, "include_dashboard": False}
        ray_runner: TaskRunner[Any] = RayTaskRunner(address=address, init_kwargs=init)  # prefect-ray is untyped
        return ray_runner
    raise ValueError(f"unknown runner {runner!r}: choose one of {', '.join(pipeline.RUNNERS)}")


def _load_coder(model: str | None) -> None:
    """A coding worker's start-up (the pool's initializer): spaCy's pipeline, the dictionaries and the gazetteer
    loaded as the process starts, not inside its first batch; and a quick exit when the pool shuts down."""
    atexit.register(_leave)
    with contextlib.suppress(Exception):  # the first batch loads it again and fails with the reason, as a task run
        pipeline.load_coder(model)


def _leave() -> None:
    """A coding worker's last step: by the time the interpreter exits, the pool has its results and Prefect's queue
    to this process has taken its logs and events (both flushed as the worker loop ends), so the worker leaves
    without tearing down the model and dictionaries object by object (~0.8 s of CPU while the run waits for it).
    Handlers registered later, such as Prefect's own, have run already."""
    logging.shutdown()
    os._exit(0)


class CodingPool(ProcessPoolTaskRunner):
    """Prefect's process pool, every worker started as the pool is entered and loading the coder as it starts.
    Prefect's own pool starts a worker per batch submitted, which then imports and loads everything; started
    early (``early_coding_pool``), the workers do that while the Prefect server starts and the run plans."""

    def __init__(self, workers: int, model: str | None) -> None:
        super().__init__(max_workers=workers, initializer=_load_coder, initargs=(model,))
        self.workers, self.model = workers, model

    def duplicate(self) -> Self:
        return type(self)(self.workers, self.model)

    def __enter__(self) -> Self:
        super().__enter__()
        # The executor (Python's ProcessPoolExecutor, whose spawned workers start one per task submitted while
        # none is idle): a no-op per worker starts them all now.
        executor = getattr(self, "_executor", None)
        if executor is not None:
            for _ in range(self.workers):
                executor.submit(int)
        return self


_early: list[CodingPool] = []  # pools started before their flow run (``early_coding_pool``), for it to code on


@contextmanager
def early_coding_pool(runner: str, workers: int, model: str | None) -> Iterator[None]:
    """Start the coding workers of the flow run made inside this block now, so that they import and load the
    coder while the Prefect server starts and the run plans; the run's ``_code`` takes the pool and shuts it down
    when coding ends (its workers gone before the write step), or ``_run`` does when there is nothing to code.
    Only the process runner with more than one worker has workers of its own to start."""
    if runner != "process" or workers <= 1:
        yield
        return
    pool = CodingPool(workers, model).__enter__()
    _early.append(pool)
    try:
        yield
    finally:
        if pool in _early:  # the flow never ran, or failed before coding
            _early.remove(pool)
            pool.__exit__(None, None, None)


def _release_early_pools() -> None:
    while _early:
        _early.pop().__exit__(None, None, None)


@contextmanager
def _coding_pool(runner: str, workers: int, address: str | None, model: str | None) -> Iterator[TaskRunner[Any]]:
    """The runner this run codes on: the pool started early for it, or a new one; shut down when coding ends."""
    early = next((p for p in _early if runner == "process" and (p.workers, p.model) == (workers, model)), None)
    if early is None:
        with coding_runner(runner, workers, address, model) as pool:
            yield pool
        return
    _early.remove(early)
    try:
        yield early
    finally:
        early.__exit__(None, None, None)


def _drain_api_workers() -> None:
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()
    EventsWorker.drain_all()


class RunnerNotInstalled(RuntimeError):
    """The engine for ``--runner`` is an optional extra that is not installed."""


@contextmanager
def shared_api(
    while_starting: Callable[[], AbstractContextManager[object]] = nullcontext,
    launched: TemporaryServer | None = None,
) -> Iterator[str | None]:
    """With no PREFECT_API_URL, Prefect starts a temporary API server inside whichever process first talks to
    it: each worker process (process pool, Dask or Ray) would start its own, ~220 MB and seconds of CPU each,
    and their task runs would be lost. Start one here (``flows.temporary_server``: also with one worker, since
    Prefect would start one for the flow anyway, importing the server's modules into this process) and hand its
    URL to the workers through the environment they inherit. ``launched``: a server started already (by the
    command line, before its imports), taken over and stopped here. ``while_starting`` is entered once the URL is
    known, before the server answers, and left before it stops (``early_coding_pool``: workers load the coder
    meanwhile). Yields the API URL in use."""
    from prefect.context import refresh_global_settings_context
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        get_current_settings,
        temporary_settings,
    )

    from flows.temporary_server import TemporaryServer

    current = PREFECT_API_URL.value()
    if current:
        if launched is not None:
            launched.stop()
        with while_starting():
            try:
                yield current
            finally:
                _drain_api_workers()  # sent now: the command line leaves without Prefect's own drain at exit
        return
    timeout = PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
    server = launched or TemporaryServer(get_current_settings().to_environment_variables(exclude_unset=True))
    server.startup_timeout = timeout
    previous = os.environ.get("PREFECT_API_URL")

    def point_at_server() -> None:
        os.environ["PREFECT_API_URL"] = server.api_url
        # Threads that Prefect starts (the process pool's log and event forwarding) read the process-wide
        # settings, not this context's: refreshed from the environment, they send to this server, not another.
        refresh_global_settings_context()

    if launched is None:
        server.launch()
    try:
        point_at_server()
        with while_starting():
            server.wait()
            point_at_server()  # the port changes if it was taken meanwhile and the server started again
            with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
                yield server.api_url
    finally:
        _drain_api_workers()  # logs and events still queued for this server: sent now, not retried after it stops
        server.stop()
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        refresh_global_settings_context()
