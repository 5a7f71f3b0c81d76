"""Harm done by a vehicle, an animal or an accident is nobody's act (the news guideline: no human or organised
doer), through the real coder (spaCy parse, dictionaries); the same verbs with a human doer, or a vehicle that
carries a weapon, stay events. Sentences are written in wire style; the lion one is cut from the open news
corpus (Wikinews, CC BY 2.5)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

PUBLISHED = datetime(2020, 6, 15, tzinfo=UTC)
HARM = ("18", "19", "20")


def _harm(code_text, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.cameo_code for m in code_text(text, PUBLISHED) if m.cameo_code.startswith(HARM)]


@pytest.mark.parametrize(
    "sentence",
    [
        "A 34-year-old man was struck and killed by a car on Route 9 on Friday night.",
        "The pedestrian was killed by a delivery truck at the intersection on Monday.",
        "Leon van Biljon, owner of Mahala View Lion Lodge near Pretoria, was killed by his lions on Tuesday.",
        "A stampede killed 40 pilgrims near the shrine on Sunday.",
        # the relative pronoun stands for its noun: a collision, a fire
        "She was involved in a traffic collision which killed a motorcyclist on August 27.",
        "The fire, which also seriously injured a man, destroyed the restaurant on Main Street.",
    ],
)
def test_nonhuman_doer_is_no_event(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert _harm(code_text, sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # a car bomb's head is the bomb, an explosive-laden car carries a weapon: attacks
        "A car bomb killed five soldiers at a checkpoint in Mogadishu on Sunday.",
        "An explosive-laden car killed three policemen outside the station in Kabul.",
        # a vehicle harmed, not harming
        "A police vehicle was hit by a roadside bomb in Kandahar on Sunday.",
        # people doing harm, with or without a vehicle
        "Gunmen in a car shot and killed two police officers in Juarez on Monday.",
        "The driver deliberately struck a protester with his car in Charlottesville.",
        # a relative clause whose noun is a human doer
        "The militia, which attacked the village on Friday, killed twelve farmers.",
    ],
)
def test_human_or_armed_doer_stays(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert _harm(code_text, sentence) != []
