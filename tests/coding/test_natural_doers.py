"""Harm done by nature is nobody's act (the news guideline: no human or organised doer), also when a relative
clause tells it ("Typhoon Haiyan, which killed over 6,000") or two conjoined passives share the agent ("was
struck and killed by lightning"), through the real coder (spaCy parse, dictionaries); the same forms with a
human doer stay events. Sentences are written in wire style or cut from the open news corpus (Wikinews,
CC BY 2.5)."""

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
        "Phanfone damaged similar regions to Typhoon Haiyan, which killed over 6,000 people in 2013.",
        "The fire, which also seriously injured a man, destroyed the restaurant on Main Street.",
        "A farmer was struck and killed by lightning in his field on Friday.",
    ],
)
def test_natural_doer_is_no_event(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert _harm(code_text, sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # a relative clause whose noun is a human doer, and conjoined passives with a human agent
        "The militia, which attacked the village on Friday, killed twelve farmers.",
        "Gunmen, who stormed the hotel at dawn, killed four guards.",
        "A journalist was beaten and killed by soldiers in Aden on Tuesday.",
        # a weapon's fire is no accident
        "Artillery fire, which hit the market on Sunday, killed nine civilians.",
    ],
)
def test_human_doer_stays(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert _harm(code_text, sentence) != []
