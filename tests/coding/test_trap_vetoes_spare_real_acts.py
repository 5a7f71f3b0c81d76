"""The trap vetoes of ordinary news (documents, animals, accidents, reward notices, questions, imperatives,
entry vetoes) and the new conflict readings (bases set up, located protests, territory by its control) through
the real coder, on the reports they must leave alone: an arrest a raid led to, evacuations from a war zone, a
state's appeal to its people, a shooting by a deputy "mistakenly", a group or a person named like an animal or a
document; and on the traps they must still refuse: an airline's base, a planned protest, a newspaper taken
over, a quoted question, a headline the tagger reads as a command. Sentences are written in wire style.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.coding.asserted import asserted

PUBLISHED = datetime(2020, 6, 15, tzinfo=UTC)


def _roots(code_text, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.cameo_code[:2] for m in asserted(code_text, text, PUBLISHED)}


@pytest.mark.parametrize(
    ("sentence", "root"),
    [
        # a raid "leading to" an arrest reports it; only a notice's "information leading to" pays for one
        ("Police raided the house on Sunday, leading to the arrest of three men.", "17"),
        ("Security forces stormed the camp, leading to the arrest of 40 militants.", "17"),
        # where people are taken from does not make an evacuation a building emptied
        ("Troops evacuated 2,000 civilians from the area on Tuesday.", "07"),
        ("The UN evacuated civilians from the besieged area of Homs on Friday.", "07"),
        # a state's appeal to its people, a state's loan
        ("Israel urged people in northern Gaza to move south on Friday.", "02"),
        ("Pakistan is negotiating a $6 billion loan with the IMF.", "04"),
        # a harm done "mistakenly" by the armed by office is force
        ("A sheriff's deputy mistakenly shot a man during a raid on Tuesday.", "18"),
        ("Prison guards accidentally shot a protester outside the prison on Monday.", "19"),
        # named like an animal or a document
        ("Grey Wolves attacked Kurdish students in Ankara on Monday.", "18"),
        ("Bill shot his neighbor on Sunday.", "18"),
    ],
)
def test_real_act_stays(code_text, sentence: str, root: str) -> None:  # type: ignore[no-untyped-def]
    assert root in _roots(code_text, sentence)


@pytest.mark.parametrize(
    ("sentence", "root"),
    [
        ("Ryanair opened its new base at Cork Airport on Monday.", "15"),
        ("Protests in Paris are planned for Saturday.", "14"),
        ("The investor took control of the Post on Monday.", "19"),
        ('"Why did the police shoot him?" his mother asked.', "18"),
        ("Protest over fuel prices in Lagos", "02"),
    ],
)
def test_trap_refused(code_text, sentence: str, root: str) -> None:  # type: ignore[no-untyped-def]
    assert root not in _roots(code_text, sentence)


def test_an_armed_base_is_still_set_up(code_text) -> None:  # type: ignore[no-untyped-def]
    assert "15" in _roots(code_text, "Russia opened a military base in the region on Monday.")
