"""Why a labelled sentence was missed (``sentence_misses``), with the real coder on invented sentences: the lead
event of the right type, no candidate at all, another ACLED type, a CAMEO-only event, an act that is not
asserted; and the check part of a shared file is never read."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.evaluation import sentence_misses, sentences
from eventwire.evaluation.runner import code_articles


def _row(key: str, text: str, sub: str | None) -> dict[str, Any]:
    return {"id": key, "text": text, "published": "2023-05-08", "sub_event_type": sub}


ROWS = [
    _row("right", "Government troops clashed with rebel fighters near Kidal on Tuesday.", "Armed clash"),
    _row("none", "The council painted the old fire station on Friday.", "Peaceful protest"),
    _row("wrong", "Hundreds of teachers marched through central Nairobi on Monday to demand higher pay.", "Attack"),
    _row("cameo", "The foreign minister met his Kenyan counterpart in Nairobi on Monday.", "Agreement"),
    _row("negated", "Police did not arrest the protesters in Nairobi on Monday.", "Arrests"),
    _row("null", "The football club defeated its rivals in the cup final on Saturday.", None),
]


def test_each_sentence_gets_its_cause() -> None:
    mentions = code_articles([sentences.to_article(r) for r in ROWS])
    records = {r["id"]: r for r in sentence_misses.records(ROWS, mentions)}
    assert {key: r["cause"] for key, r in records.items()} == {
        "right": "right",
        "none": "no candidate",
        "wrong": "typed wrong",
        "cameo": "cameo only",
        "negated": "not asserted",
        "null": None,  # a sentence labelled null has no miss cause; its prediction says whether it got an event
    }
    assert records["wrong"]["pred"] == "Peaceful protest" and not records["wrong"]["right_candidate"]
    assert records["negated"]["candidates"][0]["factuality"] == "negated"
    table = sentence_misses.table(list(records.values()))
    assert sum(sum(c.values()) for c in table.values()) == 5 and table["Peaceful protest"]["no candidate"] == 1


def test_the_check_part_is_never_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        sentence_misses.main(["gold.jsonl", str(tmp_path / "out.jsonl"), "--split", "check"])
