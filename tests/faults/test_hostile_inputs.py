"""Every failure confined to its input: a generated hostile corpus, read, coded and written, loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from eventwire import batch_tables, confine, pipeline
from eventwire.ingest.article import InputArticle
from eventwire.ingest.caps import CAPS, cap_sentences, cap_title, implausible_date
from eventwire.ingest.readers import discover, read_file
from tests.conftest import ROOT, SEEDS
from tests.faults.hostile import GOOD_BODY, Expect, build


def _outcomes(folder: Path) -> dict[str, tuple[str, str]]:
    got: dict[str, tuple[str, str]] = {}
    for path in discover(folder):
        result = read_file(path, folder)
        got |= {a.uri: ("article", a.capped or "") for a in result.articles}
        got |= {r.uri: ("reject", r.error) for r in result.rejects}
    return got


def _check(expected: list[Expect], got: dict[str, tuple[str, str]]) -> None:
    wrong = [(e, got.get(e.uri)) for e in expected if got.get(e.uri, ("", ""))[0] != e.outcome]
    wrong += [(e, got[e.uri]) for e in expected if e.uri in got and e.phrase not in got[e.uri][1]]
    assert not wrong, wrong[:5]
    assert set(got) == {e.uri for e in expected}  # nothing unaccounted for, nothing invented
    for _outcome, reason in got.values():
        assert "\n" not in reason and len(reason) <= 400, reason


def test_every_hostile_input_becomes_an_article_or_a_one_line_reject(tmp_path: Path) -> None:
    expected = build(tmp_path / "in")
    assert len(expected) > 250
    _check(expected, _outcomes(tmp_path / "in"))


def test_caps_split_runaway_sentences_and_titles_keeping_length_and_id() -> None:
    text = " ".join(["word"] * 3000)
    capped, split = cap_sentences(text)
    assert split and len(capped) == len(text) and capped.replace("\n", " ") == text
    assert max(len(s) for s in capped.split("\n")) <= CAPS.sentence_chars
    normal = "A short sentence. Another one.\n" * 200
    assert cap_sentences(normal) == (normal, False)
    assert cap_sentences("x" * 4000)[0].count("\n") == 2  # no space at all: broken mid-run
    title, cut = cap_title("Headline " * 1000)
    assert cut and len(title) <= CAPS.title_chars and not title.endswith(" ")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert implausible_date(datetime(1899, 12, 31, tzinfo=UTC), now)
    assert implausible_date(datetime(2026, 1, 2, 1, tzinfo=UTC), now)
    assert implausible_date(datetime(2026, 1, 1, 23, tzinfo=UTC), now) is None


def test_an_article_that_breaks_coding_costs_itself_not_its_batch(tmp_path: Path) -> None:
    """A record the readers would refuse (a URL that is a number) handed to the coder directly: the pydantic
    error at row building rejects that article, named, and its batch neighbours are coded."""
    good = InputArticle("g", "good.json", GOOD_BODY, datetime(2024, 2, 4, tzinfo=UTC), title="Attack on base")
    bad = InputArticle("b", "bad.json", GOOD_BODY + " More.", datetime(2024, 2, 4, tzinfo=UTC), url=5)  # type: ignore[arg-type]
    result = pipeline.code_batch([good, bad])
    assert [a.uri for a in result.articles] == ["good.json"]
    assert [(r.uri, r.stage) for r in result.rejects] == [("bad.json", "code")]
    assert result.rejects[0].error.startswith("ValidationError:") and "\n" not in result.rejects[0].error
    tables = batch_tables.tabulate(result)
    assert tables.articles.num_rows == 1


def test_confine_retries_item_by_item_and_rejects_only_the_failures() -> None:
    def square(items: object) -> list[int]:
        return [10 // (int(i) - 3) for i in items]  # type: ignore[attr-defined]

    done, failed = confine.each([1, 2, 3, 4], square, "code", str)
    assert done == [-5, -10, 10] and [(r.uri, r.stage) for r in failed] == [("3", "code")]
    assert failed[0].error == "ZeroDivisionError: integer division or modulo by zero"


def test_a_runaway_sentence_is_coded_in_seconds(tmp_path: Path) -> None:
    words = " ".join(f"word{i % 97}" for i in range(24_000))
    obj = {"title": "Attack", "published": "2024-02-04", "text": f"Militants attacked a base in Monguno {words}"}
    (tmp_path / "w.json").write_text(json.dumps(obj))
    (capped,) = read_file(tmp_path / "w.json", tmp_path).articles
    assert capped.capped == "sentences"
    pipeline.code_batch([InputArticle("x", "x.json", GOOD_BODY, datetime(2024, 2, 4, tzinfo=UTC))])  # model loaded
    started = time.perf_counter()
    result = pipeline.code_batch([capped])
    assert time.perf_counter() - started < 15, "one article must not stall a batch (was 150 s before the caps)"
    assert len(result.articles) == 1 and result.articles[0].capped == "sentences"


def test_inputs_changing_mid_run_are_recorded_and_the_rest_is_written(tmp_path: Path) -> None:
    source, output = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for n in range(4):
        (source / f"a{n}.json").write_text(
            json.dumps({"title": f"Attack {n}", "published": "2024-02-04", "text": GOOD_BODY + f" Note {n}."})
        )
    plan = pipeline.read_inputs(source, output)
    assert len(plan.to_code) == 4
    (source / "a1.json").unlink()  # deleted between the plan and the coding
    (source / "a2.json").write_bytes(b"\x00garbage")  # overwritten with garbage
    coded = pipeline.code_batch(list(pipeline.articles(plan)))
    summary = pipeline.write_run(output, plan, [coded], "run-1", datetime.now(UTC))
    assert summary.coded == 2 and summary.rejected == 2
    rows = duckdb.sql(f"SELECT uri, error FROM read_parquet('{output}/rejects/*/*.parquet') ORDER BY uri").fetchall()
    assert [r[0] for r in rows] == ["a1.json", "a2.json"]
    assert "vanished" in rows[0][1] and "NUL bytes" in rows[1][1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="fifos need a POSIX system")
def test_hostile_corpus_run_exits_0_with_every_input_accounted_for(tmp_path: Path) -> None:
    """The real command over a few hundred hostile files and good articles: exit 0, quiet stderr, and every
    input an article row or a reject row with its reason."""
    expected = build(tmp_path / "in", copies=8, seeds=sorted(SEEDS.glob("00[0-2]_*.txt")))
    (tmp_path / "out" / ".spill" / "crashed-run").mkdir(parents=True)  # what a killed run leaves
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"))
    cmd = [
        sys.executable,
        "-m",
        "eventwire.cli",
        "run",
        "--input",
        str(tmp_path / "in"),
        "--output",
        str(tmp_path / "out"),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "WARNING" not in result.stderr, result.stderr[-3000:]
    out = tmp_path / "out"
    got: dict[str, tuple[str, str]] = {}
    for uri, capped in duckdb.sql(f"SELECT uri, capped FROM read_parquet('{out}/articles/*/*/*.parquet')").fetchall():
        got[uri] = ("article", capped or "")
    for uri, error in duckdb.sql(f"SELECT uri, error FROM read_parquet('{out}/rejects/*/*.parquet')").fetchall():
        got[uri] = ("reject", error)
    # the same content in several files is coded once: the copies are in the manifest, not in articles/
    manifest = json.loads(next((out / "runs").glob("*.json")).read_text())
    for dup in manifest["duplicates"]:
        got[dup["uri"]] = got[dup["same_as"]]
    _check(expected, got)
    assert not (out / ".spill").exists()


def _cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"))
    cmd = [sys.executable, "-m", "eventwire.cli", "run", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_output_fails_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out").chmod(0o500)
    done = _cli("--input", str(SEEDS), "--output", str(tmp_path / "out"), tmp_path=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "cannot write" in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("damage", "code", "phrase"),
    [
        ("lock-dir", 2, ".eventwire.lock: Is a directory"),
        ("staging-file", 1, ".staging is a file"),
        ("pointer", 1, "CURRENT is corrupt"),
    ],
)
def test_a_damaged_output_fails_in_one_line_naming_the_path(
    tmp_path: Path, damage: str, code: int, phrase: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    {
        "lock-dir": lambda: (out / ".eventwire.lock").mkdir(),
        "staging-file": lambda: (out / ".staging").write_text("x"),
        "pointer": lambda: (out / "CURRENT").write_text("\x00nonsense\n"),
    }[damage]()
    started = time.perf_counter()
    done = _cli("--input", str(SEEDS), "--output", str(out), tmp_path=tmp_path)
    assert done.returncode == code and done.stderr.count("\n") == 1 and phrase in done.stderr, done.stderr
    assert time.perf_counter() - started < 60 and "Starting temporary server" not in done.stderr  # no Prefect


def test_a_crashed_runs_spill_is_cleared_on_a_night_with_nothing_new(tmp_path: Path) -> None:
    source, output = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    plan = pipeline.read_inputs(source, output)
    (output / ".spill" / "crashed").mkdir(parents=True)
    pipeline.idle_run(output, source, plan, datetime.now(UTC))
    assert not (output / ".spill").exists()
