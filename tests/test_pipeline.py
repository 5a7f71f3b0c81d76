"""The run's stages as plain functions: planning holds ids, not texts; batches stream; writes group by month."""

from __future__ import annotations

import itertools
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa

from eventwire import batch_tables, pipeline
from tests.conftest import CASES


def test_plan_holds_ids_and_articles_reads_the_texts_again_in_input_order(seeds_copy: Path, tmp_path: Path) -> None:
    shutil.copy(CASES / "good" / "wire.jsonl", seeds_copy / "zz_copy_a.jsonl")
    shutil.copy(CASES / "good" / "wire.jsonl", seeds_copy / "zz_copy_b.jsonl")  # same stories twice
    plan = pipeline.read_inputs(seeds_copy, tmp_path / "out")
    assert all(isinstance(i, str) for i in plan.to_code)
    assert len(plan.duplicates) >= 1 and all(uri.startswith("zz_copy_b") for uri, _ in plan.duplicates)
    assert not any(p.name == "zz_copy_b.jsonl" for p in plan.sources)  # a file of duplicates only is not reread
    streamed = list(pipeline.articles(plan))
    assert [a.article_id for a in streamed] == plan.to_code  # each once, in the order planned
    assert all(a.text for a in streamed)


def test_batches_stream_lazily_in_chunks() -> None:
    taken: list[int] = []

    def items():  # type: ignore[no-untyped-def]
        for i in range(7):
            taken.append(i)
            yield i

    chunks = pipeline.batches(items(), 3)
    assert next(chunks) == [0, 1, 2] and taken == [0, 1, 2]  # nothing read ahead of the first batch
    assert list(chunks) == [[3, 4, 5], [6]]


def test_batches_take_each_size_in_turn_and_the_tail_shrinks_so_workers_finish_together() -> None:
    assert list(pipeline.batches(range(10), iter([3, 2]))) == [[0, 1, 2], [3, 4], [5, 6], [7, 8], [9]]
    sizes = list(pipeline.batch_sizes(2000, 200, 2))
    assert sum(sizes) == 2000 and max(sizes) == 200
    assert sizes[:7] == [200] * 7  # whole batches while plenty is left
    tail = sizes[7:]
    assert all(a >= b for a, b in itertools.pairwise(tail))  # then ever smaller
    assert all(n >= pipeline.TAIL.floor for n in tail[:-1]) and tail[-1] <= pipeline.TAIL.floor
    assert list(pipeline.batch_sizes(2000, 200, 1)) == [200] * 10  # one worker: nobody waits for it
    assert list(pipeline.batch_sizes(4, 2, 2)) == [2, 2]  # small runs: a batch per worker, as before
    assert list(pipeline.batch_sizes(0, 200, 2)) == []


def test_rows_group_by_utc_month_of_their_date() -> None:
    table = pa.table(
        {
            "event_date": [date(2024, 1, 31), date(2024, 2, 1), date(2024, 1, 2)],
            "published_at": pa.array([datetime(2024, 1, 31, 23, tzinfo=UTC)] * 3, type=pa.timestamp("us", tz="UTC")),
            "n": [1, 2, 3],
        }
    )
    by_month = pipeline._group_table("mentions", table, "event_date")
    assert {k: v.column("n").to_pylist() for k, v in by_month.items()} == {
        "mentions/year=2024/month=1": [1, 3],
        "mentions/year=2024/month=2": [2],
    }
    assert list(pipeline._group_table("articles", table, "published_at")) == ["articles/year=2024/month=1"]


def test_a_spilled_batch_reads_back_equal_and_memory_mapped(tmp_path: Path) -> None:
    from eventwire.ingest.readers import read_file
    from tests.conftest import SEED_ARTICLE, SEEDS

    coded = batch_tables.tabulate(pipeline.code_batch(read_file(SEED_ARTICLE, SEEDS).articles))
    heap = pa.total_allocated_bytes()
    spilled = batch_tables.spill(coded, batch_tables.spill_dir(tmp_path, "run-1"))
    assert pa.total_allocated_bytes() - heap < coded.mentions.nbytes / 10  # mapped from the file, not copied
    assert spilled.mentions.equals(coded.mentions) and spilled.articles.equals(coded.articles)
    assert spilled.mentions.num_rows > 10
    batch_tables.clear_spill(tmp_path, "run-1")
    assert not (tmp_path / ".spill").exists()


def test_nothing_new_only_when_nothing_to_code_and_every_reject_is_recorded(tmp_path: Path) -> None:
    inbox, output = tmp_path / "in", tmp_path / "out"
    shutil.copytree(CASES / "good", inbox)
    started = datetime.now(UTC)
    plan = pipeline.read_inputs(inbox, output)
    assert not pipeline.nothing_new(output, plan)  # articles to code
    results = [pipeline.code_batch(list(pipeline.articles(plan)))]
    pipeline.write_run(output, plan, results, pipeline.new_run_id(started), started)
    assert pipeline.nothing_new(output, pipeline.read_inputs(inbox, output))
    shutil.copy(CASES / "bad" / "empty.txt", inbox / "empty.txt")
    assert not pipeline.nothing_new(output, pipeline.read_inputs(inbox, output))  # a reject to record
    summary = pipeline.idle_run(output, inbox, pipeline.read_inputs(inbox, output), started)
    assert summary.coded == 0 and (output / "runs" / f"{summary.run_id}.json").exists()
