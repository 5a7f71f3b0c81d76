"""Territory taken and handed over, and bases set up, as news writes them (issue 18, items 2 and 3): control
gained, wrested, fallen under or relinquished; a town ceded; a town retaken by nobody named; a base opened or
built. The place must be the thing controlled (``coding.territory``): a place named elsewhere in the clause makes
no territory of control of a chamber, a company or talks. Through the real coder (spaCy parse, gazetteer,
dictionaries, ACLED rules) and, in a longer article, through the pre-scan; every sentence is written for this
test in wire style (none is cut from a gold file)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire.coding.lexicon import Trigger, triggers
from eventwire.coding.territory import holds_place, taker
from tests.conftest import asserted_sub_event_types, codes_in_a_longer_article

PUBLISHED = datetime(2021, 3, 10, tzinfo=UTC)

TERRITORY = frozenset(
    {"Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory"}
)


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        # control gained, wrested, fallen under: the taker's side decides the type
        ("Rebels gained control of Kidal on Sunday.", "Non-state actor overtakes territory"),
        ("The capital fell under Houthi control on Friday.", "Non-state actor overtakes territory"),
        ("The city fell under the control of the army on Monday.", "Government regains territory"),
        ("The town came under government control on Monday.", "Government regains territory"),
        ("Militants wrested control of the district from the army on Tuesday.", "Non-state actor overtakes territory"),
        ("Government troops regained control of Palmyra on Thursday.", "Government regains territory"),
        # handed over without fighting
        ("The British relinquished control of Hong Kong to China in 1997.", "Non-violent transfer of territory"),
        ("The army ceded the town of Ain Issa to Kurdish forces on Sunday.", "Non-violent transfer of territory"),
        # a town taken back or liberated by nobody named is the government's; a named armed group's is its own
        ("The town was recaptured last week after heavy bombing.", "Government regains territory"),
        ("Residents celebrated after the recent liberation of Fallujah.", "Government regains territory"),
        ("Houthi rebels recaptured the town of Mokha on Friday.", "Non-state actor overtakes territory"),
        # a base set up, opened or built
        ("Russia opened a military base in the region last year.", "Headquarters or base established"),
        ("The US military built a new airbase in Niger.", "Headquarters or base established"),
        ("The army constructed a new outpost near the border on Monday.", "Headquarters or base established"),
    ],
)
def test_territory_and_bases_as_news_writes_them(code_text, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    subs = asserted_sub_event_types(code_text, sentence, PUBLISHED)
    assert sub_event_type in subs, subs


@pytest.mark.parametrize(
    "sentence",
    [
        # a place in the clause that is not the thing controlled
        "Republicans gained control of the Senate in the midterms in Ohio.",
        "After a fall in prices in Texas, the company cut 300 jobs.",
        "After the fall of the government in Rome, new elections were called.",
        "The minister ceded control of the talks in Geneva to her deputy.",
        "The investment fund took control of the company in London last year.",
        "The investment fund seized control of the company in London last year.",
        # control of a firm fallen to the state
        "The airline fell under state control after the bailout.",
        # a base of support or of customers
        "The party built a base of support in the north.",
        "The retailer opened a new base in Houston.",
    ],
)
def test_a_place_beside_the_control_is_no_territory(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    subs = asserted_sub_event_types(code_text, sentence, PUBLISHED)
    assert not subs & (TERRITORY | {"Headquarters or base established"}), subs


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Rebels gained control of Kidal on Sunday.", "192"),
        # the place is the sentence's first word and no other word is capitalised: the pre-scan asks the gazetteer
        ("Aleppo fell under government control last week.", "192"),
        ("The British relinquished control of Hong Kong to China in 1997.", "084"),
        ("The army ceded the town of Ain Issa to Kurdish forces on Sunday.", "084"),
        ("Russia opened a military base in the region last year.", "150"),
    ],
)
def test_the_prescan_keeps_what_the_coder_codes(sentence: str, code: str) -> None:
    """In a longer article, through the pipeline with the pre-scan on: the sentence is parsed and coded."""
    coded = codes_in_a_longer_article(sentence, PUBLISHED)
    assert code in {c for _, c in coded}, coded


def test_a_noun_entry_reads_its_of_complement(nlp) -> None:  # type: ignore[no-untyped-def]
    """`held` on a noun entry: the noun's "of"-complement is the place, and "to" names the taker."""
    entry = Trigger(lemma=("fall",), pos="NOUN", code="192", held=True)
    doc = nlp("Months after the fall of Mosul to the militants, the city is besieged.")
    fall = next(t for t in doc if t.lower_ == "fall")
    assert holds_place(entry, fall)
    taken = taker(fall)
    assert taken is not None and taken[0].text == "militants" and taken[1] is not None and taken[1].text == "Mosul"
    for text in ("After the fall of the government in Rome, elections were called.", "Since the fall of Mubarak, …"):
        fall = next(t for t in nlp(text) if t.lower_ == "fall")
        assert not holds_place(entry, fall), text


def test_every_control_entry_needs_the_place_held() -> None:
    """Every territory entry that "control" alone would satisfy reads what the control is of."""
    loose = [
        " ".join(entry.lemma)
        for group in triggers().by_first.values()
        for entry in group
        if entry.objects is not None and "control" in entry.objects and not entry.held
    ]
    assert not loose, loose
