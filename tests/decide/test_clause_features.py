"""The clause features of the decision model (``decide.features``) on candidates the real coder proposes from
real parses: an intention or an infinitive before the trigger ("was planning to visit"), a condition ("If the
rebels attack"), an act named as an attribute ("the looted paintings"); the plain report of the same act has
none of them. Sentences are written in wire style or cut from the open news corpus (Wikinews, CC BY 2.5)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire.decide.features import article_domains, clause_cues, features

PUBLISHED = datetime(2020, 6, 15, tzinfo=UTC)
CLAUSE = frozenset({"clause=intent", "clause=to", "clause=conditional", "clause=attributive"})


def _clause(code_text, text: str, trigger: str) -> set[str]:  # type: ignore[no-untyped-def]
    mentions = [m for m in code_text(text, PUBLISHED) if m.trigger == trigger]
    assert mentions, f"the coder proposes no candidate {trigger!r} in {text!r}"
    return features(mentions[0], article_domains(text)) & CLAUSE


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # traps of the labelled pool's kind: not (yet) happened, though the coder's factuality reads them asserted
        (
            "Al Jazeera reported that Widodo was planning to visit Wiranto, who was being treated at a hospital.",
            "visit",
            {"clause=intent", "clause=to"},
        ),
        ("If the rebels attack the town, the army will respond.", "attack", {"clause=conditional"}),
        ("Police are still looking for the looted paintings.", "looted", {"clause=attributive"}),
        # the same acts reported as done: no clause feature
        ("Widodo visited Wiranto at the hospital on Monday.", "visited", set()),
        ("The rebels attacked the town on Sunday.", "attacked", set()),
        ("Gunmen looted paintings from the museum on Saturday.", "looted", set()),
    ],
)
def test_clause_features(code_text, text: str, trigger: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert _clause(code_text, text, trigger) == expected


def test_clause_cues_are_closed_class_lists() -> None:
    cues = clause_cues()
    assert set(cues) == {"conditional", "intent", "determiner"}
    assert "if" in cues["conditional"] and "planning" in cues["intent"] and "the" in cues["determiner"]
