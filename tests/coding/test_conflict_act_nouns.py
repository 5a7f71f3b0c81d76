"""Conflict acts named by their noun, and the verbs the rules lacked (issue 18, "conflict news recall"), through
the real coder (spaCy parse, dictionaries, ACLED rules); each new reading also through the pipeline with the
pre-scan on, and the traps beside them.

The corpus sentences are cut from the open news corpus (Wikinews CC BY 2.5, US and UK government releases:
eval/sentences/README.md); the others are written in wire style."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eventwire.consolidate import assign_events, build_events, mention_frame
from tests.conftest import codes_in_a_longer_article

PUBLISHED = datetime(2019, 9, 15, tzinfo=UTC)


def _asserted(code_text, text: str):  # type: ignore[no-untyped-def]
    return [m for m in code_text(text, PUBLISHED) if m.factuality == "asserted"]


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        # a day's possessive dates the act: it happened
        ("Also today, Carter commented on yesterday’s terrorist bombings in Istanbul, Turkey.", "183"),
        ("The UN condemned Sunday's bombing of a market in Kabul.", "183"),
        # a particular recent act
        (
            "With the recent liberation of Fallujah and other parts of Anbar Province in Iraq, this is a key moment.",
            "192",
        ),
        ("The recent shelling of Donetsk drew condemnation from Kyiv.", "194"),
        # a place that was the act's target or scene: the copula carries the tense
        ("Tahrir Square was the scene of clashes between police and protesters on Monday.", "193"),
        # the light verbs of a doer
        ("The regime and its backers are inflicting the worst bombardment seen yet on Aleppo.", "194"),
        # an event noun listed after another object of its verb
        ("The bill has sparked controversy and protests.", "140"),
        # a noun of territory retaken, with its agent
        ("The recapture of Palmyra by government forces ended a year of ISIL rule.", "192"),
        # verbs the rules lacked
        ("We have broken the siege of Sinjar and pushed ISIL out of Kobane.", "192"),
        ("Troops pushed the rebels out of the town on Sunday.", "192"),
        ("The bomb was placed on a motorcycle in a market, the minister said.", "183"),
        ("Militants planted a bomb on the road to Kandahar.", "183"),
        ("Before doing so, law enforcement cleared peaceful protesters from Lafayette Square using tear gas.", "175"),
        ("The Turkish army entered the town of Jarablus on Sunday.", "154"),
        ("Saudi Arabia backed the government, providing airstrikes with the Royal Saudi Air Force.", "195"),
        # a date between auxiliary and participle: the subject is still the participle's
        ("A car bomb was on Monday rammed into a military base in Maidan Shahr.", "1832"),
    ],
)
def test_conflict_act_is_asserted(code_text, sentence: str, code: str) -> None:  # type: ignore[no-untyped-def]
    assert code in {m.cameo_code for m in _asserted(code_text, sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        # not (yet) happened, or not an act at all
        "Police prepared for Saturday's planned protest in the capital.",
        "The threat of attacks remains high, officials said.",
        "The team's recent attack has struggled to score goals.",
        "He died of a heart attack on Monday.",
        # the new verbs in their other senses
        "The company pushed its rivals out of the market last year.",
        "Prices were pushed out of reach of ordinary families.",
        "The protesters were cleared of all charges.",
        "He placed the device on the table.",
        "The army entered the tournament in 2010.",
    ],
)
def test_no_conflict_act(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    roots = {m.cameo_root_code for m in _asserted(code_text, sentence)}
    assert not roots & {"14", "17", "18", "19", "20"}, roots


def test_the_target_of_an_attack_is_the_place_and_keeps_its_year(code_text) -> None:  # type: ignore[no-untyped-def]
    """A background act dated by its own clue, at that clue's precision; the copula's subject is the target."""
    (attack,) = _asserted(code_text, "In 2006, Abqaiq was the target of an Al-Qaeda suicide attack.")
    assert attack.sub_event_type == "Suicide bomb"
    assert (attack.event_date, attack.time_precision) == (date(2006, 1, 1), 3)
    assert attack.actor2_name == "Abqaiq"


def test_a_possessive_day_dates_the_act(code_text) -> None:  # type: ignore[no-untyped-def]
    (bombing,) = _asserted(code_text, "Also today, Carter commented on yesterday’s terrorist bombings in Istanbul.")
    assert (bombing.event_date, bombing.time_precision) == (date(2019, 9, 14), 1)


def test_a_named_past_attack_is_background(code_text) -> None:  # type: ignore[no-untyped-def]
    """'the 9/11 attacks' retells the 2001 attacks: never an attack of the publication day."""
    mentions = code_text(
        "Osama bin Laden founded Al-Qaeda and orchestrated the 9/11 attacks on the US of 2001.", PUBLISHED
    )
    attacks = [m for m in mentions if m.cameo_root_code == "19"]
    assert attacks and all(m.factuality == "background" for m in attacks)


def test_a_noun_mention_joins_the_incident_already_coded(code_text) -> None:  # type: ignore[no-untyped-def]
    """'Saturday's protests' later in the article is the protest already coded, not a second event."""
    text = (
        "Thousands of protesters marched in Seoul on Saturday against the beef imports. "
        "Over 200 protesters and police officers were injured in Saturday's protests."
    )
    protests = [m for m in _asserted(code_text, text) if m.cameo_root_code == "14"]
    assert {m.sentence_index for m in protests} == {0, 1}
    [event] = build_events(assign_events(mention_frame(protests))).to_dicts()
    assert event["num_mentions"] == 2
    assert event["event_date"] == date(2019, 9, 14)


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("The UN condemned Sunday's bombing of a market in Kabul.", "183"),
        ("The recent shelling of Donetsk drew condemnation from Kyiv.", "194"),
        ("Tahrir Square was the scene of clashes between police and protesters on Monday.", "193"),
        ("The regime is inflicting the worst bombardment seen yet on Aleppo.", "194"),
        ("Troops pushed the rebels out of the town on Sunday.", "192"),
        ("Militants planted a bomb on the road to Kandahar.", "183"),
        ("Police cleared protesters from the square on Monday.", "175"),
    ],
)
def test_new_readings_survive_the_prescan(sentence: str, code: str) -> None:
    coded = codes_in_a_longer_article(sentence, PUBLISHED)
    assert code in {c for _, c in coded}, coded
