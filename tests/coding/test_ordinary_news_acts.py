"""Acts ordinary news reports that the rules used to propose no candidate for (the misses of the labelled pool
and of news_dev's fit part, tabulated by ``news_details --misses``): clemency, resignations, releases from
custody and relaxed restrictions (08), crowd-control weapons and police searches (17), inspections, subpoenas
and questioning by police named only by a pronoun (09), calls and summits (04), contributions (07), protests a
decision sparked and vigils (14), imports blocked (16) and violent crime named by its noun (18); each kind
beside a look-alike it must not code.

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
    ("sentence", "code"),
    [
        # 08 yield
        ("The governor pardoned two former prison guards on Friday.", "080"),
        ("The president granted Smith a full pardon on Tuesday.", "080"),
        ("The inmate was granted clemency after serving twenty years.", "080"),
        ("The governor commuted the death sentence of a convicted killer on Monday.", "080"),
        ("The health minister announced her resignation on Wednesday.", "0832"),
        ("The suspect was released on bail on Thursday.", "0841"),
        ("An appeals court overturned the conviction of a former mayor on Monday.", "080"),
        ("The government relaxed restrictions on public gatherings on Sunday.", "081"),
        # 17 coerce
        ("Police used tear gas against protesters outside parliament on Sunday.", "175"),
        ("Deputies searched the vehicle and found a handgun.", "170"),
        # 09 investigate
        ("Fire officials conducted inspections of every nightclub in the city on Friday.", "090"),
        ("The committee subpoenaed the company's chief executive on Tuesday.", "090"),
        ("Police said they questioned the driver on Sunday.", "090"),
        ("State police are leading the investigation into the crash.", "090"),
        # 04 consult
        ("The two presidents spoke by telephone on Friday.", "041"),
        ("The prime minister attended a European summit in Brussels on Thursday.", "044"),
        ("The foreign minister consulted with his Egyptian counterpart on Monday.", "040"),
        # 07 provide aid
        ("Japan contributed $20 million to the relief fund on Monday.", "071"),
        # 14 protest
        ("The ruling sparked protests in several cities.", "140"),
        ("Vigils for the murdered mayor were attended by thousands.", "141"),
        # 16 reduce relations
        ("The agency blocked imports from the company on Tuesday.", "163"),
        # 18 violent crime named by its noun
        ("The shooting happened shortly after midnight.", "180"),
        ("The stabbing left a teenager dead.", "182"),
        ("The murder took place in a parking lot on Sunday.", "180"),
        ("The killing happened outside his home.", "180"),
    ],
)
def test_everyday_act_is_coded(code_text, sentence: str, code: str) -> None:  # type: ignore[no-untyped-def]
    found = {m.cameo_code for m in _asserted(code_text, sentence)}
    assert code in found, [(m.cameo_code, m.trigger, m.factuality) for m in code_text(sentence, PUBLISHED)]


@pytest.mark.parametrize(
    ("sentence", "roots"),
    [
        ("The company released a statement about the prison riot.", {"08"}),  # a statement, nobody set free
        ("He commuted to work by train.", {"08"}),  # no sentence commuted
        ("A spokesman spoke to reporters by phone from the scene.", {"04"}),  # routine speech
        ("Residents were told to use pepper spray to keep bears away.", {"17"}),  # no crowd: advice
        ("Rescuers searched the collapsed building for survivors.", {"17"}),  # a rescue, not the police
        ("She searched her bag for the keys.", {"17"}),  # nobody official
        ("She tried to contribute to the discussion.", {"07"}),  # nothing given
        ("He scored 20 points on 8-for-10 shooting.", {"18", "19"}),  # sport
        ("The film crew is shooting a scene downtown.", {"18", "19"}),  # a film
        ("Mercy killing is illegal in the state.", {"18", "19"}),  # a practice, not an incident
        ("The murder mystery opens at the theatre on Friday.", {"18", "19"}),  # entertainment
    ],
)
def test_look_alike_codes_no_such_act(code_text, sentence: str, roots: set[str]) -> None:  # type: ignore[no-untyped-def]
    found = [(m.cameo_code, m.trigger) for m in _asserted(code_text, sentence) if m.cameo_root_code in roots]
    assert found == []


def test_a_charge_of_murder_is_the_charge_not_a_second_act(code_text) -> None:  # type: ignore[no-untyped-def]
    found = {m.cameo_root_code for m in _asserted(code_text, "He was charged with murder on Monday.")}
    assert found == {"17"}


def test_an_event_noun_object_names_its_patient(code_text) -> None:  # type: ignore[no-untyped-def]
    # "killing" is an event noun: the target of the condemnation is the patient of its "of" phrase, and
    # "signed an agreement" still has no target (the agreement is the act)
    [condemned] = [
        m
        for m in _asserted(code_text, "The foreign minister condemned the killing of two journalists on Monday.")
        if m.cameo_root_code == "11"
    ]
    assert "journalists" in (condemned.actor2_name or ""), condemned.actor2_name
    signed = [
        m for m in _asserted(code_text, "The two parties signed an agreement on Monday.") if m.cameo_code == "057"
    ]
    assert signed and signed[0].actor2_name is None
