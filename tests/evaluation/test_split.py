"""The fit/check split of gold files, and the split figures in records, tables, --compare and --split."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.evaluation import split
from eventwire.evaluation.report import as_markdown, compare, evaluate
from eventwire.evaluation.runner import read_gold
from tests.conftest import CASES
from tests.evaluation.test_harness import ACLED_ROWS

SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
SENTENCES = CASES / "eval" / "sentences.jsonl"


def test_part_is_a_fixed_function_of_the_id() -> None:
    # pinned: sha256("ex-0") starts 0xaa, sha256("acled:XYZ1") 0x46; a change of the rule would move examples
    # between the parts (and tuned rules into the check part), so it must fail here
    assert hashlib.sha256(b"ex-0").digest()[0] == 0xAA and hashlib.sha256(b"acled:XYZ1").digest()[0] == 0x46
    assert {i: split.part_of(i) for i in ("ex-0", "ex-1", "LGL:1", "acled:XYZ1")} == {
        "ex-0": "check",
        "ex-1": "check",
        "LGL:1": "check",
        "acled:XYZ1": "fit",
    }


def test_split_is_roughly_half_and_half_and_ignores_order() -> None:
    rows = [{"id": f"example-{n}"} for n in range(2000)]
    fit = split.indices(rows, "fit")
    check = split.indices(rows, "check")
    assert sorted(fit + check) == list(range(2000)) and 0.45 < len(fit) / 2000 < 0.55
    shuffled = rows[::-1]
    assert {shuffled[i]["id"] for i in split.indices(shuffled, "fit")} == {rows[i]["id"] for i in fit}
    assert split.indices(rows, "all") == list(range(2000))
    with pytest.raises(ValueError, match="split must be one of"):
        split.indices(rows, "train")


def test_an_example_without_id_is_split_by_its_text() -> None:
    assert split.example_id({"text": "Troops clashed."}) == "Troops clashed."
    assert split.example_id({"id": "s1", "text": "Troops clashed."}) == "s1"
    with pytest.raises(KeyError):
        split.example_id({"published": "2024-01-01"})


@pytest.mark.eval
@pytest.mark.skipif(
    not SHARED_EVAL.is_dir(),
    reason="../shared/eval is absent: gold data is not shipped with the repository, so the split check is skipped",
)
@pytest.mark.parametrize("name", ["acled_dev", "plover_gsr", "geo_dev", "news_dev"])
def test_every_shared_file_splits_about_half_and_half(name: str) -> None:
    rows = read_gold(SHARED_EVAL / f"{name}.jsonl")
    fit = len(split.indices(rows, "fit"))
    assert 0.4 < fit / len(rows) < 0.6, (name, fit, len(rows))


def test_record_carries_fit_and_check_figures(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in ACLED_ROWS))
    record = evaluate("acled", gold, None, None, 1)
    parts = record["splits"]
    assert record["split"] == "all" and parts["fit"]["n"] + parts["check"]["n"] == 3
    for part in split.PARTS:
        ids = [r["id"] for r in ACLED_ROWS if split.part_of(r["id"]) == part]
        assert parts[part]["metrics"]["overall"]["n"] == len(ids)
    text = as_markdown(record)
    assert "| metric | all | fit | check | check − fit |" in text
    # one part scored on its own gives that part's figures of the whole run
    fit_only = evaluate("acled", gold, None, None, 1, split="fit")
    assert "splits" not in fit_only and fit_only["n"] == parts["fit"]["n"]
    assert fit_only["metrics"]["overall"] == parts["fit"]["metrics"]["overall"]
    assert "(fit part)" in as_markdown(fit_only)
    diff = compare(record, record)
    assert "fit part:" in diff and "check part:" in diff
    assert "fit part only" in compare(record, fit_only) and "check part:" not in compare(record, fit_only)


def test_eval_command_split_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "--gold", str(SENTENCES), "--kind", "sentences", "--split", "check"])
    assert result.exit_code == 0, result.output
    [saved] = (tmp_path / "eval" / "results").glob("sentences-*-check.json")
    record = json.loads(saved.read_text())
    assert record["split"] == "check"
    assert record["n"] == sum(split.part_of(r["id"]) == "check" for r in read_gold(SENTENCES))
    bad = runner.invoke(app, ["eval", "--gold", str(SENTENCES), "--kind", "sentences", "--split", "train"])
    assert bad.exit_code == 2 and "unknown --split" in bad.stderr
