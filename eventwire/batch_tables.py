"""A coded batch between the worker that coded it and the run's write step: Arrow tables, spilled to disk
and memory-mapped so the coordinating process stays small however many batches a run codes."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from eventwire import CODER_VERSION, confine
from eventwire.ingest.readers import RejectInput
from eventwire.store import partitions as store
from schemas.records import Article, Mention


@dataclass
class BatchResult:
    articles: list[Article]
    mentions: list[Mention]
    rejects: list[RejectInput]
    model: str
    seconds: float


@dataclass
class CodedTables:
    """A coded batch as Arrow tables: a few hundred bytes a mention instead of a pydantic object and its dict,
    and what the run keeps until the write. Built in the worker, so only tables cross processes."""

    articles: pa.Table
    mentions: pa.Table
    rejects: list[RejectInput]
    model: str
    seconds: float

    @property
    def first_id(self) -> str:
        return self.articles.column("article_id")[0].as_py() if self.articles.num_rows else ""


def tabulate(result: BatchResult | CodedTables) -> CodedTables:
    """The batch as Arrow tables; an article whose rows cannot be converted is a reject, not a lost batch."""
    if isinstance(result, CodedTables):
        return result
    articles, mentions, failed = confine.tables(result.articles, result.mentions, CODER_VERSION)
    return CodedTables(articles, mentions, result.rejects + failed, result.model, result.seconds)


def spill_dir(output: Path, run_id: str) -> Path:
    return output / store.SPILL / run_id


def spill(result: CodedTables, folder: Path) -> CodedTables:
    """The batch's tables written to ``folder`` and read back memory-mapped: the run keeps every coded batch
    until the write step, and this way they sit in the page cache, not on the heap, so the coordinating
    process stays the same size however many articles a run codes."""
    folder.mkdir(parents=True, exist_ok=True)
    mapped = {}
    for label, table in (("articles", result.articles), ("mentions", result.mentions)):
        path = folder / f"{result.first_id or 'empty'}-{label}.arrow"
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        mapped[label] = pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    release_freed_memory()  # what earlier batches' unpickled copies held
    return CodedTables(mapped["articles"], mapped["mentions"], result.rejects, result.model, result.seconds)


def clear_spill(output: Path, run_id: str | None = None) -> None:
    """Remove the spilled batches of ``run_id`` (None: of every run; only under the output lock)."""
    root = output / store.SPILL
    shutil.rmtree(root / run_id if run_id else root, ignore_errors=True)
    with contextlib.suppress(OSError):
        root.rmdir()  # only when empty


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """What lives before the block (modules, the Prefect client, the plan) is left out of the full collections
    inside it, each of which would otherwise walk it again (~0.1-0.3 s of CPU each in a process holding many
    objects)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def release_freed_memory(*, collect: bool = True) -> None:
    """Hand memory freed by a batch back to the system. glibc's and Arrow's allocators keep it for reuse
    otherwise, and a coding worker would sit at its high-water mark (~130 MB more) for the rest of the run;
    malloc_trim is a no-op off glibc. ``collect=False`` skips the cycle collector: frames and tables are freed
    by their reference counts, and a full collection costs ~0.1 s in a process holding a spaCy model, too much
    once per partition."""
    if collect:
        gc.collect()
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
