"""Conflict acts as news writes them, through the real coder (spaCy parse, dictionaries, ACLED rules).

The first sentences of each group are cut from the open news corpus (Wikinews CC BY 2.5, US government
releases, public domain: eval/sentences/README.md); the corpus has none for some acts, and those are written
in wire style. Each asserts the ACLED sub-event type of the sentence's asserted mention."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

PUBLISHED = datetime(2020, 6, 15, tzinfo=UTC)


def _subs(code_text, text: str) -> set[str | None]:  # type: ignore[no-untyped-def]
    return {m.sub_event_type for m in code_text(text, PUBLISHED) if m.factuality == "asserted"}


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        # from the corpus
        (
            "In their march toward Raqqah, the SDF has already liberated dozens of villages and more than 700 "
            "square miles of ISIL-held terrain.",
            "Non-state actor overtakes territory",
        ),
        ("On June 1st, a similar protest happened in Minas Gerais.", "Peaceful protest"),
        (
            "A U.S. strike on Jan. 1 hit two al-Qaida vehicles that had departed a large al-Qaida headquarters "
            "near Sarmada, Syria, Cook said.",
            "Air/drone strike",
        ),
        # wire style: the corpus has no sentence of these acts
        ("Troops captured a senior al-Shabaab commander in Jilib on Sunday.", "Arrests"),
        ("Houthi rebels captured three Saudi soldiers near the border on Sunday.", "Abduction/forced disappearance"),
        ("Three army officers defected to the rebels in Idlib on Sunday.", "Change to group/activity"),
        ("The army handed over control of the town to the police on Monday.", "Non-violent transfer of territory"),
        (
            "Rebels took over the town without a fight after government troops withdrew.",
            "Non-violent transfer of territory",
        ),
        ("ISIL used chemical weapons against Kurdish fighters near Mosul on Tuesday.", "Chemical weapon"),
        ("Dozens were killed in a chemical attack on Douma on Saturday.", "Chemical weapon"),
        ("A suicide bomber blew himself up at a checkpoint in Mogadishu on Monday.", "Suicide bomb"),
        ("Militants hurled a grenade at a police post in Srinagar on Friday.", "Grenade"),
        ("Security forces seized an arms cache in Kirkuk on Thursday.", "Disrupted weapons use"),
        ("Police dismantled an explosive device near a school in Quetta on Monday.", "Disrupted weapons use"),
        ("Police foiled a bomb plot in Paris on Wednesday.", "Disrupted weapons use"),
        ("Air defences intercepted two missiles fired at Riyadh on Saturday.", "Disrupted weapons use"),
        (
            "Police fired tear gas at protesters in Conakry on Tuesday, killing two.",
            "Excessive force against protesters",
        ),
    ],
)
def test_conflict_act_typed(code_text, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    assert sub_event_type in _subs(code_text, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The union called a general strike on Monday.",  # a labour strike, not a military one
        "The company took over the rival firm last year.",  # a takeover is not territory
        "Workers staged a strike at the factory on Monday.",
    ],
)
def test_near_misses_are_not_conflict_acts(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    subs = _subs(code_text, sentence)
    assert not subs & {
        "Air/drone strike",
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Protest with intervention",
    }, subs


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        # the grievance is not the protest's conduct
        (
            "Hundreds of students protested against the violent eviction of street vendors in Lagos on Monday.",
            "Peaceful protest",
        ),
        (
            "Villagers protested in Chiapas on Friday, demanding action after the violent attack on their homes.",
            "Peaceful protest",
        ),
        # the act the protest was carried out by is its conduct
        (
            "Workers blocked the highway with burning tyres to demonstrate against the seizure of their equipment.",
            "Violent demonstration",
        ),
        ("Thousands of people protested violently in Lagos on Monday.", "Violent demonstration"),
    ],
)
def test_protest_typed_from_its_conduct(code_text, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    subs = _subs(code_text, sentence)
    assert sub_event_type in subs and not subs & ({"Violent demonstration", "Peaceful protest"} - {sub_event_type})
