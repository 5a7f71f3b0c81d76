"""The sentences kind (any file of {text, published, sub_event_type}) on invented sentences:
tests/cases/eval/sentences.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.evaluation import sentences
from eventwire.evaluation.report import evaluate
from eventwire.evaluation.runner import read_gold
from tests.conftest import CASES

SENTENCES = CASES / "eval" / "sentences.jsonl"


def test_score_by_hand() -> None:
    rows = [
        {"text": "a", "published": "2024-01-01", "sub_event_type": "Armed clash"},
        {"text": "b", "published": "2024-01-01", "sub_event_type": "Attack"},
        {"text": "c", "published": "2024-01-01", "sub_event_type": "Peaceful protest"},
        {"text": "d", "published": "2024-01-01", "sub_event_type": None},
        {"text": "e", "published": "2024-01-01", "sub_event_type": None},
    ]
    preds = [
        {"event_type": "Battles", "sub_event_type": "Armed clash"},
        {"event_type": "Battles", "sub_event_type": "Armed clash"},  # an attack on civilians read as a clash
        None,
        {"event_type": None, "sub_event_type": None},  # a CAMEO-only event (a statement) is no ACLED event
        {"event_type": "Protests", "sub_event_type": "Peaceful protest"},
    ]
    metrics = sentences.score(rows, preds)
    o = metrics["overall"]
    assert (o["n"], o["n_events"], o["n_no_event"]) == (5, 3, 2)
    assert o["detection"] == pytest.approx(2 / 3)
    assert o["event_type_acc"] == pytest.approx(1 / 3) and o["sub_event_type_acc"] == pytest.approx(1 / 3)
    # Armed clash: P 1/2, R 1, F1 2/3; Attack and Peaceful protest: 0; weights 1 each
    assert o["sub_event_type_weighted_f1"] == pytest.approx((2 / 3) / 3)
    assert o["false_event_rate"] == 0.5
    assert metrics["confusion_event_type"]["Violence against civilians"] == {"Battles": 1}


def test_sentences_kind_scored_as_acled(tmp_path: Path) -> None:
    rows = read_gold(SENTENCES)
    record = evaluate("sentences", SENTENCES, None, None, 1)
    o = record["metrics"]["overall"]
    assert o["n"] == len(rows) == 10 and o["n_events"] == 8 and o["n_no_event"] == 2
    # the coder reads these plain sentences; floors leave room for a wrong sub-type or two
    assert o["detection"] >= 0.85 and o["event_type_acc"] >= 0.6, record["metrics"]
    assert o["sub_event_type_weighted_f1"] is not None and o["sub_event_type_weighted_f1"] >= 0.5
    assert o["false_event_rate"] is not None and o["false_event_rate"] <= 0.5
    assert sum(record["metrics"]["confusion_event_type"]["Battles"].values()) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "Troops clashed.", "published": "2024-01-01", "sub_event_type": "Brawl"}) + "\n")
    result = CliRunner().invoke(app, ["eval", "--gold", str(bad), "--kind", "sentences", "--no-save"])
    assert result.exit_code == 2 and "unknown ACLED sub_event_type 'Brawl'" in result.stderr
