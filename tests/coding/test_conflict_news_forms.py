"""Conflict acts as news writes them, and the traps beside them, through the real coder (spaCy parse,
dictionaries, ACLED rules); the new dictionary entries also through the whole coder with the pre-scan on.

The corpus sentences are cut from the open news corpus (Wikinews CC BY 2.5, US and UK government releases:
eval/sentences/README.md) and lightly shortened; the others are written in wire style. Each case asserts the
ACLED sub-event type of the sentence's asserted mentions, or that the trap gets none (or not that one)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import asserted_sub_event_types, codes_in_a_longer_article

PUBLISHED = datetime(2020, 6, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        # territory taken back, desertions
        ("Government troops regained control of Palmyra on Thursday.", "Government regains territory"),
        ("The army took back the town from the militants on Sunday.", "Government regains territory"),
        ("Dozens of soldiers deserted their posts in Idlib on Monday.", "Change to group/activity"),
        # force against a crowd keeps the crowd's role: a protest event, not an attack on civilians
        (
            "Security forces opened fire on demonstrators in Khartoum on Monday, killing five.",
            "Excessive force against protesters",
        ),
        ("Police beat protesters in Harare on Monday.", "Protest with intervention"),
        # an arrest is still an arrest
        ("Police arrested the opposition leader on charges of treason on Sunday.", "Arrests"),
    ],
)
def test_news_form_typed(code_text, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    assert sub_event_type in asserted_sub_event_types(code_text, sentence, PUBLISHED)


@pytest.mark.parametrize(
    "sentence",
    [
        # the court's steps after an arrest detain nobody: no ACLED type (CAMEO still codes them)
        "He was sentenced to two months in prison in the Eastern District of Virginia in 2014.",
        "Dr. Joel Smithers was found guilty in May on 859 counts of illegally distributing opioids.",
        "Tynice Nichole Hall was convicted of multiple drug violations in 2006 in the Northern District of Texas.",
        # an arrest for an ordinary crime is not politically significant (ACLED's Arrests are)
        "A 25-year-old man was arrested by Thames Valley Police on suspicion of murder.",
        "Another man, who was arrested on the day of the theft, was released on bail.",
        # harm done by nature or an accident is nobody's act
        "On Saturday, an earthquake struck Surigao del Sur, Philippines, injuring at least 25 people.",
        "As of yesterday, the virus had reportedly killed at least 813 in China.",
        "Typhoon Phanfone made landfall on the central Philippines on Tuesday, killing at least 20.",
        "Last week, at least 76 people were killed when the Al-Ghaza Hotel near the Grand Mosque collapsed.",
        "The Airbus A330 jetliner crashed into the Atlantic Ocean in June, killing all 228 people on board.",
        # words of the new entries in other senses
        "She regained consciousness in hospital on Monday.",
    ],
)
def test_trap_gets_no_acled_type(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert asserted_sub_event_types(code_text, sentence, PUBLISHED) <= {None}


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("Artillery fire killed five civilians in Idlib on Monday.", "Shelling/artillery/missile attack"),
        ("Police forces fired live rounds as they dispersed demonstrators in Sikasso, wounding several.", None),
        ("Security forces opened fire on villagers in Tillaberi on Monday, killing five.", "Attack"),
        ("Gunmen opened fire on a crowd of protesters in Kano on Monday, killing five.", "Attack"),
        ("The district was recaptured by the army in 2016 following heavy bombing.", "Government regains territory"),
    ],
)
def test_near_misses_keep_their_type(code_text, sentence: str, sub_event_type: str | None) -> None:  # type: ignore[no-untyped-def]
    subs = asserted_sub_event_types(code_text, sentence, PUBLISHED)
    if sub_event_type is None:  # a shooting beside the word "fire": still an event of some ACLED type
        assert subs - {None}, subs
    else:
        assert sub_event_type in subs, subs
    assert "Remote explosive/landmine/IED" not in subs, subs  # "following heavy bombing" does not make it a bombing


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Government troops regained control of Palmyra on Thursday.", "192"),
        ("The army took back the town from the militants on Sunday.", "192"),
        ("Dozens of soldiers deserted their posts in Idlib on Monday.", "0874"),
    ],
)
def test_new_entries_survive_the_prescan(sentence: str, code: str) -> None:
    """In a longer article, through the pipeline with the pre-scan on: the sentence is parsed and coded."""
    coded = codes_in_a_longer_article(sentence, PUBLISHED)
    assert code in {c for _, c in coded}, coded


@pytest.mark.parametrize(
    ("sentence", "fights"),
    [
        ("The opposition attacked the proposal in parliament on Monday.", False),
        ("The senator attacked the new tax on Tuesday.", False),
        ("The supermarket attacked the bakery's prices with a cheaper loaf.", False),
        ("Gunmen attacked the village on Monday.", True),
        ("Militants attacked a police post near the border on Sunday.", True),
    ],
)
def test_an_attack_on_an_idea_or_a_price_is_no_fight(code_text, sentence: str, fights: bool) -> None:  # type: ignore[no-untyped-def]
    """'attacked the proposal' is criticism, 'attacked the prices' a metaphor: the attack verb is vetoed when its
    object is an idea, a plan, a text or a price (triggers.yaml), and stays a fight on a place or a post."""
    roots = {m.cameo_root_code for m in code_text(sentence, PUBLISHED) if m.factuality == "asserted"}
    assert ("19" in roots) is fights
