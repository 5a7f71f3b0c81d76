"""What CAMEO codes in everyday news: the judicial steps after an arrest (173, with the court, jury or
prosecutor as the doer and the defendant as the target; an indictment is CAMEO's own 1121), official
inquiries (090) and contacts between leaders (04), each beside a look-alike that must not code the same way.

Sentences written by the team for these tests (not taken from any gold file); the real parser and coder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from tests.coding.asserted import asserted

PUBLISHED = datetime(2024, 3, 8, tzinfo=UTC)


_asserted = partial(asserted, published=PUBLISHED)


@pytest.mark.parametrize(
    ("sentence", "code", "actor1_type", "target_word"),
    [
        (
            "A federal judge in Richmond sentenced the former mayor to 12 years in prison on Monday.",
            "173",
            "JUD",
            "mayor",
        ),
        ("Three men were convicted of murder by a court in Kano on Tuesday.", "173", "JUD", "men"),
        ("On Friday, a jury in Denver found two brothers guilty of fraud.", "173", "JUD", None),
        ("A grand jury in Milwaukee indicted two police officers on Thursday.", "1121", "JUD", "officers"),
        ("The district attorney charged two teenagers in the death of a shopkeeper.", "173", "JUD", "teenagers"),
        ("The nine men were prosecuted for 22 different crimes.", "173", None, "men"),
        ("Police questioned the car's owner on Sunday.", "090", "COP", None),
        ("The transport safety board is probing two incidents over Texas.", "090", None, None),
        ("The Speaker opened an inquiry into the conduct of the president.", "090", None, None),
    ],
)
def test_judicial_and_inquiry_acts(code_text, sentence, code, actor1_type, target_word) -> None:  # type: ignore[no-untyped-def]
    found = [m for m in _asserted(code_text, sentence) if m.cameo_code == code]
    assert found, [(m.cameo_code, m.trigger) for m in code_text(sentence, PUBLISHED)]
    mention = found[0]
    if actor1_type is not None:
        assert mention.actor1_type == actor1_type, (mention.actor1_name, mention.actor1_type)
    if target_word is not None:
        assert target_word in (mention.actor2_name or "").lower(), mention.actor2_name


def test_a_sentence_counts_no_arrests_but_an_arrest_does(code_text) -> None:  # type: ignore[no-untyped-def]
    [sentenced] = [
        m for m in _asserted(code_text, "A court in Kano sentenced five men to death.") if m.cameo_code == "173"
    ]
    [arrested] = [
        m for m in _asserted(code_text, "Police in Kano arrested five men on Monday.") if m.cameo_code == "173"
    ]
    assert (sentenced.arrests, arrested.arrests) == (0, 5)


def test_agentless_accused_of_a_crime_is_the_charge(code_text) -> None:  # type: ignore[no-untyped-def]
    headline = _asserted(code_text, "Man accused of defrauding elderly neighbours.")
    assert [(m.cameo_code, m.actor1_name, m.actor2_name) for m in headline] == [("173", None, "Man")]
    named = _asserted(code_text, "Qawi was later accused of inciting the murder.")
    assert [m.cameo_code for m in named] == ["173"]


def test_an_accusation_by_someone_or_against_a_thing_stays_an_accusation(code_text) -> None:  # type: ignore[no-untyped-def]
    active = _asserted(code_text, "The opposition accused the government of fraud on Monday.")
    assert "112" in {m.cameo_code for m in active} and "173" not in {m.cameo_code for m in active}
    policy = _asserted(code_text, "The new software program has been accused of forcing users to pay more.")
    assert "173" not in {m.cameo_code for m in policy}
    # "the accused" is the defendant, not an act
    custody = code_text("Judge Paul Kellar ordered the accused to remain in jail.", PUBLISHED)
    assert not [m for m in custody if m.trigger == "accused"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Avenatti is to be sentenced in June.",  # a plan
        "If convicted, the senator could receive a life sentence.",  # hypothetical
        "Fans in the audience probed the stars about their comedic backgrounds.",  # not an official inquiry
        "Airbus, in particular, charge an added cost for taking an aircraft to Indonesia.",  # a fee
        "The clinical trial began last November with 499 patients.",  # medicine, not a court
        "Please contact your doctor if symptoms persist.",  # not a contact between leaders
    ],
)
def test_look_alikes_code_no_asserted_judicial_act(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    found = [
        (m.cameo_code, m.trigger) for m in _asserted(code_text, sentence) if m.cameo_root_code in ("17", "09", "04")
    ]
    assert found == []


def test_leaders_contacting_and_receiving_each_other_consult(code_text) -> None:  # type: ignore[no-untyped-def]
    contact = _asserted(code_text, "John Kerry contacted Thailand's foreign minister on Monday.")
    assert "041" in {m.cameo_code for m in contact}
    met = _asserted(code_text, "United States and Vietnamese officials began meetings in Hanoi on Tuesday.")
    assert "040" in {m.cameo_code for m in met}


def test_violence_against_civilians_is_an_assault_and_a_clash_a_fight(code_text) -> None:  # type: ignore[no-untyped-def]
    shooting = _asserted(code_text, "A gunman shot three shoppers at a supermarket in El Paso on Saturday.")
    assert {(m.cameo_root_code, m.event_type) for m in shooting} == {("18", "Violence against civilians")}
    clash = _asserted(code_text, "Nigerian troops clashed with Boko Haram fighters in Borno on Sunday.")
    assert {m.cameo_root_code for m in clash} == {"19"}
