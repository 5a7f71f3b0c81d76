"""ACLED's acts in the words wire copy uses for them, type by type, and the traps beside each new form, through
the real coder (spaCy parse, dictionaries, ACLED rules); the new entries also through the whole coder with the
pre-scan on. Every sentence is written for this test in wire style (none is cut from a gold file)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire.coding.inflection import prefixed_lemma
from tests.conftest import asserted_sub_event_types, codes_in_a_longer_article

PUBLISHED = datetime(2021, 3, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        # arrests and captures
        ("Troops rounded up dozens of suspected rebel sympathisers in the village of Kiwanja.", "Arrests"),
        ("ISWAP fighters captured two aid workers near Damasak on Thursday.", "Abduction/forced disappearance"),
        # defections
        (
            "Hundreds of militia fighters switched sides and joined government forces in Marib.",
            "Change to group/activity",
        ),
        # territory: the irregular past of a prefixed verb, the places a capture names
        ("Afghan forces retook the district centre on Tuesday.", "Government regains territory"),
        ("The army retook the town of Gwoza from Boko Haram on Friday.", "Government regains territory"),
        (
            "Taliban fighters overran the district headquarters of Moqur on Sunday.",
            "Non-state actor overtakes territory",
        ),
        (
            "Al-Shabaab militants captured the regional capital after government forces withdrew.",
            "Non-state actor overtakes territory",
        ),
        ("The army recaptured the rebel stronghold of Kidal on Friday.", "Government regains territory"),
        # agreements
        ("The government and the armed group swapped 50 prisoners in Aden on Thursday.", "Agreement"),
        # suicide bombs and planted bombs
        ("A suicide bomber rammed an explosives-laden truck into a police compound in Kirkuk.", "Suicide bomb"),
        (
            "A bomb hidden in a motorcycle went off near a bus station in Peshawar, killing three.",
            "Remote explosive/landmine/IED",
        ),
        # disrupted weapons use: caches found, bombs destroyed or blown up in a controlled explosion, arms stopped
        (
            "Troops found a large cache of weapons and explosives in a house in Mosul on Sunday.",
            "Disrupted weapons use",
        ),
        ("Security forces uncovered a bomb-making factory in the outskirts of Quetta.", "Disrupted weapons use"),
        (
            "Security forces found and destroyed three improvised explosive devices on the road to Gao.",
            "Disrupted weapons use",
        ),
        ("The army bomb squad carried out a controlled explosion of the device on Monday.", "Disrupted weapons use"),
        ("Police intercepted a truck loaded with explosives at a checkpoint outside Baghdad.", "Disrupted weapons use"),
        # force against protesters, named by the protest rather than the victims
        (
            "Three demonstrators were wounded by security forces at a rally in Conakry on Monday.",
            "Excessive force against protesters",
        ),
        (
            "Police arrested 40 protesters at the demonstration outside parliament on Saturday.",
            "Protest with intervention",
        ),
        ("Riot police charged at demonstrators with batons in Dhaka on Sunday.", "Protest with intervention"),
        ("Police used excessive force against peaceful protesters in Lagos on Tuesday.", "Protest with intervention"),
        # a poisoning named by its poison
        ("The former spy and his daughter were poisoned with a nerve agent in Salisbury.", "Attack"),
        # a protest going on since a day is one act, not a running series
        ("Teachers have been protesting outside the ministry since Tuesday over unpaid salaries.", "Peaceful protest"),
        ("Soldiers have been fighting the rebels in the hills since Monday.", "Armed clash"),
    ],
)
def test_conflict_act_as_news_writes_it(code_text, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    subs = asserted_sub_event_types(code_text, sentence, PUBLISHED)
    assert sub_event_type in subs, subs


@pytest.mark.parametrize(
    "sentence",
    [
        # the new words in other senses
        "Farmers rounded up the stray cattle after the storm.",
        "The MP defected to the Conservative Party on Monday.",
        "Voters switched sides in the second round of the election.",
        "The telecom company set up a new headquarters in Nairobi.",
        "The fire alarm went off at the hotel at 3 am.",
        "Archaeologists discovered a cache of Roman coins near the town.",
        "Coast guard officers intercepted a boat carrying 40 migrants off Lampedusa.",
        "Dozens of children were poisoned by contaminated food at a school in Bihar.",
        "Investigators found traces of explosives on the suitcase.",
        "Detectives found the murder weapon in a river near the house.",
        # an illness fought since a day: the progressive is asserted, the fight is none
        "The singer has been fighting cancer since 2015, her family said.",
        # a court releasing a defendant is justice, no ACLED event
        "The court released the journalist on bail after he posted a bond of $1,000.",
        # a vehicle striking or killing someone is a road or rail accident
        "A pickup truck struck a group of motorcycles on Route 2, killing seven riders.",
        "A freight train struck and killed a man walking on the tracks.",
        "A car struck a pedestrian on Main Street on Tuesday night, police said.",
    ],
)
def test_trap_gets_no_acled_type(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    subs = asserted_sub_event_types(code_text, sentence, PUBLISHED)
    assert subs <= {None}, subs


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        # a vehicle that carries a bomb or meets one is no accident
        ("A military vehicle struck a landmine near Mopti, killing two soldiers.", "Remote explosive/landmine/IED"),
        ("A car packed with explosives struck a police station in Kabul.", "Remote explosive/landmine/IED"),
        # opposition supporters arrested with no protest named are arrests
        ("Police detained dozens of opposition supporters outside the electoral commission in Kampala.", "Arrests"),
        # a soldier's defection is still one
        ("A senior army general defected to the opposition on Tuesday, state media said.", "Change to group/activity"),
    ],
)
def test_near_misses_keep_their_type(code_text, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    subs = asserted_sub_event_types(code_text, sentence, PUBLISHED)
    assert sub_event_type in subs, subs


def test_prefixed_irregular_verbs_are_read_as_their_lemma() -> None:
    """The lemmatizer leaves "retook" and "overran" as written; the forms of their stems say what they are."""
    assert prefixed_lemma("retook") == "retake"
    assert prefixed_lemma("retaken") == "retake"
    assert prefixed_lemma("overran") == "overrun"
    assert prefixed_lemma("rebels") is None
    assert prefixed_lemma("record") is None


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Government forces retook the town of Saraqeb on Monday.", "192"),
        ("Soldiers rounded up 30 young men in the village on Sunday.", "173"),
        ("A bomb went off at a crowded market in Quetta on Friday.", "183"),
        ("Troops discovered an arms cache in the forest on Friday.", "1711"),
    ],
)
def test_new_forms_survive_the_prescan(sentence: str, code: str) -> None:
    """In a longer article, through the pipeline with the pre-scan on: the sentence is parsed and coded."""
    coded = codes_in_a_longer_article(sentence, PUBLISHED)
    assert code in {c for _, c in coded}, coded
