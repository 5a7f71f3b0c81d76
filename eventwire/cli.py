"""`eventwire` command line: run, serve, schema. Exit code non-zero with a one-line reason on failure."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from flows.temporary_server import TemporaryServer

# Offline by default: no telemetry calls from the embedded Prefect server nor from the client (whose first-run
# notice would break into the progress display).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# Quiet console, full record: Prefect's loggers stay at INFO so a run's logs reach the Prefect API (the UI of a
# served or cluster run), and only the console handler is raised to warnings (``--verbose`` lowers it).
os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
# The temporary API server starts in 12–20 s here (+8 s of migrations on a new PREFECT_HOME); Prefect gives up
# at 20 s, which a busy machine overruns.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # a local Dask cluster logs every worker start

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Code news articles into a CAMEO/ACLED political-event dataset (partitioned Parquet).",
)
BAD_ARGUMENTS = 2  # also: a service the command needs does not answer (README, 'Command line')


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"eventwire: error: {message}", err=True)
    raise typer.Exit(code)


def _show_version(value: bool) -> None:
    if value:
        from eventwire import CODER_VERSION, __version__

        typer.echo(f"eventwire {__version__} (coder {CODER_VERSION})")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Code news articles into a CAMEO/ACLED political-event dataset (partitioned Parquet)."""


def _check_services(runner: str, address: str | None) -> None:
    """The cluster scheduler (``--address``) and the Prefect API (``PREFECT_API_URL``), when given, answer; checked
    before anything heavy is imported or started, so a dead one is one line within seconds."""
    from eventwire.services import check_cluster, check_prefect_api, configured_api_url

    if address and runner != "process":
        _require_reachable(lambda: check_cluster(runner, address))
    api_url = configured_api_url()
    if api_url:
        _require_reachable(lambda: check_prefect_api(api_url))


def _require_reachable(check: Callable[[], None]) -> None:
    """Run a reachability check; an unreachable service is one line and exit code 2."""
    from eventwire.services import Unreachable

    try:
        check()
    except Unreachable as exc:
        _fail(str(exc), BAD_ARGUMENTS)


@app.command()
def run(
    input: Annotated[Path, typer.Option("--input", "-i", help="Folder of articles (searched recursively).")] = Path(
        "seeds"
    ),
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="Output root for the datasets: a folder, or s3://bucket/prefix (Delta tables)."
        ),
    ] = "output",
    force: Annotated[bool, typer.Option("--force", help="Recode articles already coded.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Coding processes (one model each).")] = 1,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="Installed spaCy pipeline package, e.g. en_core_web_sm, en_core_web_md; env EVENTWIRE_MODEL.",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per Prefect task.")] = 200,
    runner: Annotated[
        str,
        typer.Option(
            "--runner",
            # "\\[" keeps rich markup from reading the extra's name as a style tag
            help="Where batches run: process (this machine), dask "
            "(pip install 'eventwire\\[dask]'), ray (pip install 'eventwire\\[ray]').",
        ),
    ] = "process",
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="Scheduler of an existing cluster, e.g. "
            "tcp://host:8786 (dask) or host:6379 (ray); default: a "
            "local cluster of --workers processes.",
        ),
    ] = None,
    full_parse: Annotated[
        bool,
        typer.Option(
            "--full-parse",
            help="Parse every sentence, not only those the pre-scan keeps (slower; README, 'How it codes').",
        ),
    ] = False,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Consolidate every month's events again from all their mentions (after a coder or merge-rule "
            "change) instead of joining the night's mentions to the saved events (README, 'Consolidation').",
        ),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """Run the nightly flow once over INPUT and write/refresh the datasets in OUTPUT."""
    if verbose:
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "INFO"
        os.environ["DASK_LOGGING__DISTRIBUTED"] = "info"
    if not input.is_dir():
        _fail(f"input folder {input} does not exist or is not a folder", 2)
    from eventwire.services import RUNNERS

    if runner not in RUNNERS:
        _fail(f"--runner must be one of {', '.join(RUNNERS)}, not {runner!r}", 2)
    if address and runner == "process":
        _fail("--address needs --runner dask or ray", 2)
    _check_services(runner, address)
    server = _early_server(output, force or rebuild)
    try:
        _run(input, output, force, workers, model, batch_size, runner, address, full_parse, rebuild, verbose, server)
    finally:
        if server is not None:
            server.stop()  # a check failed before the flow took the server (it stops it itself otherwise)


def _early_server(output: str, flow_certain: bool) -> TemporaryServer | None:
    """The temporary Prefect server, launched now when the run will certainly start a flow (a new local output,
    or --force/--rebuild) and no Prefect API is configured: it starts on one core while this process imports
    spaCy, Prefect and the store on the other (~2 s of CPU each), instead of after. A run that may find nothing
    new (``idle_run``) must not start it, and object storage is read first to know."""
    from eventwire.services import configured_api_url

    if configured_api_url() or "://" in output:
        return None
    if not flow_certain and (Path(output) / "articles").is_dir():
        return None
    from flows.temporary_server import TemporaryServer

    server = TemporaryServer.for_this_process()
    server.launch()
    return server


def _run(
    input: Path,
    output: str,
    force: bool,
    workers: int,
    model: str | None,
    batch_size: int,
    runner: str,
    address: str | None,
    full_parse: bool,
    rebuild: bool,
    verbose: bool,
    server: TemporaryServer | None,
) -> None:
    remote = _check_remote_output(output)
    from eventwire.nlp.pipeline import ModelNotInstalled, check_installed

    try:
        check_installed(model)  # fail fast, before the flow starts, on a model that is not installed
    except ModelNotInstalled as exc:
        _fail(str(exc), 2)
    from eventwire import pipeline, progress
    from eventwire.library_logs import to_log_only
    from eventwire.store.delta import ConcurrentRun
    from eventwire.store.lock import OutputLocked, output_lock
    from eventwire.store.preflight import OutputUnusable, check_output
    from eventwire.store.snapshots import StoreError

    if not verbose:
        to_log_only()
    try:  # a locked, unwritable or damaged output fails here in one line, before Prefect's start-up
        if not remote:
            check_output(Path(output))
    except OutputLocked as exc:
        _fail(str(exc), 3)
    except OutputUnusable as exc:
        _fail(str(exc), 2)
    except StoreError as exc:
        _fail(str(exc))
    if not force and not rebuild and (remote or (Path(output) / "articles").is_dir()):
        # Nothing new since the last run (the usual nightly case on a quiet feed): record the run and stop,
        # without starting Prefect's server (seconds) for a flow that would write nothing. On object storage the
        # plan reads only the ids of the published articles and rejects, straight from their tables.
        from eventwire.store.workspace import workspace

        started_at = datetime.now(UTC)
        try:
            quiet = ("articles", "rejects")
            with workspace(output, quiet, sparse=quiet) as space, output_lock(space.local):
                plan = pipeline.read_inputs(input, space.local, published=space)
                if pipeline.nothing_new(space.local, plan, space):
                    summary = pipeline.idle_run(space.local, input, plan, started_at).as_dict()
                    space.publish(summary["run_id"])
                    typer.echo(
                        f"read {summary['articles_read']} articles from {summary['files']} files: nothing new "
                        f"to code ({summary['skipped']} already coded, {summary['duplicates']} duplicates); "
                        f"no flow run started (run {summary['run_id']})"
                    )
                    return
        except (OutputLocked, ConcurrentRun) as exc:
            _fail(str(exc), 3)
    from flows.nightly import RunnerNotInstalled, early_coding_pool, shared_api, with_runner

    try:
        flow = with_runner(runner, workers, address)
    except RunnerNotInstalled as exc:
        _fail(str(exc), 2)
    started = time.perf_counter()
    try:
        # the coding workers start (and load the coder) while the temporary Prefect server starts
        warm = partial(early_coding_pool, runner, workers, model)
        with progress.TerminalProgress(sys.stderr.isatty()), shared_api(warm, server):
            summary = flow(
                input_dir=str(input),
                output_dir=str(output),
                force=force,
                model=model,
                batch_size=batch_size,
                workers=workers,
                full_parse=full_parse,
                rebuild=rebuild,
            )
    except (OutputLocked, ConcurrentRun) as exc:
        _fail(str(exc), 3)
    except Exception as exc:  # a failed run must say why in one line; --verbose shows the traceback
        if verbose:
            raise
        _fail(f"{type(exc).__name__}: {exc}")
    _exit.flow_finished = True
    typer.echo(
        f"read {summary['articles_read']} articles from {summary['files']} files: coded {summary['coded']}, "
        f"skipped {summary['skipped']} already coded, {summary['duplicates']} duplicates, "
        f"{summary['rejected']} new rejects\n"
        f"wrote {summary['mentions']} mentions and {summary['events']} new or changed events "
        f"({summary['partitions_written']} partition files) to {output} in {time.perf_counter() - started:.1f} s "
        f"(run {summary['run_id']})"
    )


def _check_remote_output(output: str) -> bool:
    """Whether ``output`` is object storage (a URI); if so, that its commit log answers, or exit 2 in one line."""
    from eventwire.store.delta import DeltaOutput, is_uri

    if not is_uri(output):
        return False
    try:
        DeltaOutput(output).check()
    except Exception as exc:  # an unknown scheme, a missing bucket, no credentials, no answer: each one line
        _fail(f"cannot use {output} as output: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", 2)
    return True


@app.command()
def serve(
    input: Annotated[
        Path, typer.Option("--input", "-i", help="Folder of articles each run reads (searched recursively).")
    ] = Path("seeds"),
    output: Annotated[
        str, typer.Option("--output", "-o", help="Output root for the datasets: a folder, or s3://bucket/prefix.")
    ] = "output",
    cron: Annotated[str, typer.Option("--cron", help="Cron schedule.")] = "0 2 * * *",
    timezone: Annotated[str, typer.Option("--timezone", help="IANA time zone of the schedule.")] = "UTC",
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="Installed spaCy pipeline package, e.g. en_core_web_sm, en_core_web_md; env EVENTWIRE_MODEL.",
        ),
    ] = None,
    ephemeral: Annotated[
        bool,
        typer.Option(
            "--ephemeral",
            help="Serve without PREFECT_API_URL, on a temporary Prefect server whose run history vanishes with it.",
        ),
    ] = False,
) -> None:
    """Serve the flow as a Prefect deployment on CRON (one run at a time). Needs a Prefect server:
    set PREFECT_API_URL (see README, 'Scheduling')."""
    from eventwire.services import check_prefect_api, configured_api_url

    _check_timezone(timezone)
    if not input.is_dir():
        _fail(f"input folder {input} does not exist or is not a folder", BAD_ARGUMENTS)
    api_url = configured_api_url()
    if api_url:
        _require_reachable(lambda: check_prefect_api(api_url))
    elif not ephemeral:
        _fail(
            "serve needs a Prefect server: start one (prefect server start) and set PREFECT_API_URL, e.g. "
            "http://127.0.0.1:4200/api; or pass --ephemeral to serve on a temporary server whose history is lost",
            BAD_ARGUMENTS,
        )
    remote = _check_remote_output(output)
    _check_schedule(cron, timezone)  # Prefect's own reading of the cron expression (its import takes seconds)
    # A served process is a service: its console shows Prefect's INFO lines (runs submitted, finished).
    os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "INFO"
    from flows.deploy import serve as serve_flow

    typer.echo(
        f"serving eventwire-nightly on '{cron}' ({timezone}) against {api_url or 'a temporary Prefect server'}: "
        f"{input} → {output}; Ctrl-C to stop"
    )
    serve_flow(str(input.resolve()), output if remote else str(Path(output).resolve()), cron, timezone, model)


def _check_timezone(timezone: str) -> None:
    """An unknown time zone is a bad argument: one line, exit code 2."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        _fail(
            f"invalid schedule: unknown --timezone {timezone!r} (an IANA name, e.g. UTC, Europe/Berlin)", BAD_ARGUMENTS
        )


def _check_schedule(cron: str, timezone: str) -> None:
    """A bad cron expression is a bad argument: one line, exit code 2."""
    from prefect.schedules import Cron

    try:
        Cron(cron, timezone=timezone)
    except Exception as exc:
        first = str(exc).strip().splitlines()
        _fail(f"invalid schedule {cron!r} ({timezone}): {first[0] if first else type(exc).__name__}", BAD_ARGUMENTS)


@app.command()
def schema(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print as a Markdown table.")] = False,
    dataset: Annotated[str | None, typer.Option("--dataset", help="Only this dataset.")] = None,
) -> None:
    """Print the data dictionary: every column's type, meaning and allowed values."""
    from schemas.dictionary import as_markdown, data_dictionary, dataset_docs, describe
    from schemas.records import DATASETS

    if dataset is not None and dataset not in DATASETS:
        _fail(f"unknown dataset {dataset!r}; one of {', '.join(DATASETS)}", 2)
    if markdown:
        typer.echo(as_markdown())
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    about = {d.name: d for d in dataset_docs()}
    for name in DATASETS:
        if dataset and name != dataset:
            continue
        caption = "\n".join(describe(about[name])).replace("**", "").replace("`", "")
        table = Table(title=f"{name}/", show_lines=False, caption=caption, caption_justify="left")
        for column in ("column", "type", "null", "meaning", "allowed values", "example"):
            table.add_column(column, overflow="fold")
        for doc in data_dictionary():
            if doc.dataset == name:
                null = "yes" if doc.nullable else "no"
                table.add_row(doc.column, doc.arrow_type, null, doc.description, doc.allowed, doc.example)
        console.print(table, markup=False)


@app.command()
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="Output root of the datasets.")] = Path("output"),
    since: Annotated[str | None, typer.Option("--since", help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last event date, YYYY-MM-DD.")] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="File to write; default OUTPUT/reports/report.html.")
    ] = None,
) -> None:
    """Write an offline HTML report of OUTPUT: events over time, a map, top actors, data quality, drift warnings."""
    from datetime import date

    from eventwire.report import REPORTS, Selection, write_report

    try:
        first, last = (date.fromisoformat(d) if d else None for d in (since, until))
    except ValueError as exc:
        _fail(f"--since/--until must be YYYY-MM-DD: {exc}", 2)
    if first and last and first > last:
        _fail(f"--since {first} is after --until {last}", 2)
    if not (output / "events").is_dir():
        _fail(f"no events dataset under {output}: run `eventwire run --output {output}` first", 2)
    written = write_report(output, Selection(since=first, until=last), html or output / REPORTS / "report.html")
    for warning in written.drift.warnings:
        typer.echo(f"eventwire: drift warning: {warning.message}", err=True)
    typer.echo(f"wrote {written.path} ({written.bytes / 1e6:.2f} MB in {written.seconds:.2f} s)")


actors_app = typer.Typer(no_args_is_help=True, help="Check how names resolve to actors.")
app.add_typer(actors_app, name="actors")


@actors_app.command("lookup")
def actors_lookup(
    text: Annotated[str, typer.Argument(help='A phrase or sentence, e.g. "Iran-backed militants in Iraq".')],
    on: Annotated[
        str | None, typer.Option("--date", help="Date the roles are looked up on (YYYY-MM-DD); default today.")
    ] = None,
) -> None:
    """Print the actor (name, CAMEO code, country, type, ACLED inter, sponsor) of every phrase in TEXT."""
    from datetime import UTC, date, datetime

    from eventwire.coding.actors import lookup
    from eventwire.coding.lexicon import actors
    from eventwire.nlp.pipeline import load_nlp

    try:
        day = date.fromisoformat(on) if on else datetime.now(UTC).date()
    except ValueError:
        _fail(f"--date must be YYYY-MM-DD, got {on!r}", 2)
    found = lookup(text, day, load_nlp(), actors())
    if not found:
        typer.echo("no actor found")
    for phrase, a in found:
        typer.echo(
            f"{phrase!r}: name={a.name!r} code={a.code} country={a.country} type={a.type} inter={a.inter}"
            + (f" sponsor={a.sponsor}" if a.sponsor else "")
        )


@app.command("eval")
def evaluate(
    gold: Annotated[Path | None, typer.Option("--gold", help="Gold JSONL file (see ../shared/eval/README.md).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="acled | plover | geo | news | sentences")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N examples.")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Also write the tables as Markdown.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the record here.")] = None,
    compare: Annotated[
        tuple[Path, Path] | None,
        typer.Option("--compare", help="Two result JSON files: print the difference and exit."),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Coding processes (one model each).")] = 1,
    model: Annotated[
        str | None, typer.Option("--model", help="Installed spaCy pipeline package; env EVENTWIRE_MODEL.")
    ] = None,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Write eval/results/<kind>-<date>.json.")] = True,
    full_parse: Annotated[
        bool,
        typer.Option(
            "--full-parse", help="Parse every sentence, not only those the pre-scan keeps (README, 'How it codes')."
        ),
    ] = False,
    split: Annotated[
        str,
        typer.Option(
            "--split",
            help="all: the whole file with its fit and check parts side by side; fit | check: that part only "
            "(README, 'Accuracy').",
        ),
    ] = "all",
) -> None:
    """Score the coder against human-labelled gold data (the real coder, never shown the labels)."""
    import json

    from eventwire.evaluation import report as rep
    from eventwire.evaluation.split import SPLITS

    if compare is not None:
        try:
            a, b = (json.loads(p.read_text(encoding="utf-8")) for p in compare)
        except (OSError, json.JSONDecodeError) as exc:
            _fail(f"cannot read result file: {exc}", 2)
        typer.echo(rep.compare(a, b))
        return
    if gold is None or kind is None:
        _fail("--gold and --kind are required (or --compare A.json B.json)", 2)
    if kind not in rep.KINDS:
        _fail(f"unknown --kind {kind!r}; one of {', '.join(rep.KINDS)}", 2)
    if split not in SPLITS:
        _fail(f"unknown --split {split!r}; one of {', '.join(SPLITS)}", 2)
    if not gold.is_file():
        _fail(f"gold file {gold} does not exist", 2)
    try:
        record = rep.evaluate(kind, gold, limit, model, workers, prescan=not full_parse, split=split)
    except (KeyError, ValueError) as exc:
        _fail(f"{gold} does not look like a {kind} gold file: {type(exc).__name__}: {exc}", 2)
    text = rep.as_markdown(record)
    typer.echo(text)
    if report is not None:
        report.write_text(text, encoding="utf-8")
    if json_out is not None:
        json_out.write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    if save:
        typer.echo(f"saved {rep.save(record)}")


@app.command()
def geoparse(
    input: Annotated[Path, typer.Option("--input", "-i", help="JSONL of {id, text[, toponyms:[{start,end}]]}.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL of {id, toponyms:[…]}.")],
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Coding processes (one model each).")] = 1,
    model: Annotated[
        str | None, typer.Option("--model", help="Installed spaCy pipeline package; env EVENTWIRE_MODEL.")
    ] = None,
) -> None:
    """Find and resolve place names with the coder's own gazetteer; gold spans, when given, are resolved as is."""
    import json

    from eventwire.evaluation.geo import run_geoparse
    from eventwire.evaluation.runner import read_gold

    if not input.is_file():
        _fail(f"input file {input} does not exist", 2)
    try:
        items = read_gold(input)
    except json.JSONDecodeError as exc:
        _fail(f"{input} is not JSON Lines: {exc}", 2)
    if any("text" not in item for item in items):
        _fail(f"{input}: every line needs a 'text'", 2)
    results = run_geoparse(items, model, workers, use_gold_spans=True)
    with output.open("w", encoding="utf-8") as handle:
        for item, toponyms in zip(items, results, strict=True):
            handle.write(json.dumps({"id": item.get("id"), "toponyms": toponyms}, ensure_ascii=False) + "\n")
    typer.echo(f"wrote {sum(map(len, results))} toponyms for {len(items)} texts to {output}")


@dataclass
class _ExitState:
    flow_finished: bool = False  # a run's flow is done: committed, reported, its Prefect API drained and stopped


_exit = _ExitState()


def console() -> None:
    """The ``eventwire`` command. Once a run's flow has finished (its datasets committed, its logs and events sent,
    its temporary server stopped), the process leaves without tearing its interpreter down: freeing what a run
    loaded (Prefect, spaCy, polars, the store) object by object took ~0.7 s of CPU after the summary was printed."""
    try:
        app()
    except SystemExit as exc:  # how click ends every command
        if not _exit.flow_finished:
            raise
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    else:
        if not _exit.flow_finished:
            return
        code = 0
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    console()
