"""Conflict acts as news writes them when it names the act by a noun or by the territory's control (issue 18,
item 2): the light verbs of a doer's act, nouns conjoined to an event noun's verb, control gained, fallen under,
handed over, a town's fall, and crowds cleared. Through the real coder (spaCy parse, dictionaries, ACLED rules);
every sentence is written for this test in wire style (none is cut from a gold file)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import asserted_sub_event_types, codes_in_a_longer_article

PUBLISHED = datetime(2021, 3, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        # the doer's act named by its noun after a verb of doing it
        (
            "Coalition aircraft provided airstrikes in support of the offensive near Hodeidah on Monday.",
            "Air/drone strike",
        ),
        (
            "Government forces inflicted heavy shelling on the rebel-held town of Douma on Sunday.",
            "Shelling/artillery/missile attack",
        ),
        # a noun conjoined to the object of the verb takes the verb
        ("The new fuel tax sparked anger and protests in Lagos on Monday.", "Peaceful protest"),
        # territory: control gained or fallen under, a town's fall, territory handed over
        ("Houthi rebels gained control of the city of Sanaa on Sunday.", "Non-state actor overtakes territory"),
        ("The provincial capital fell under Taliban control on Friday.", "Non-state actor overtakes territory"),
        (
            "Months after the fall of Mosul to ISIL, the city remains under siege.",
            "Non-state actor overtakes territory",
        ),
        (
            "The militia relinquished control of the town of Tell Tamer to government forces on Tuesday.",
            "Non-violent transfer of territory",
        ),
        # a crowd cleared by force
        ("Riot police cleared protesters from the square using tear gas on Saturday.", "Protest with intervention"),
    ],
)
def test_conflict_act_named_by_its_noun_or_its_territory(code_text, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    subs = asserted_sub_event_types(code_text, sentence, PUBLISHED)
    assert sub_event_type in subs, subs


@pytest.mark.parametrize(
    "sentence",
    [
        # control of a company or a chamber is no territory
        "The investment fund gained control of the company after buying a majority stake.",
        "Republicans gained control of the Senate in the midterm elections.",
        "The airline fell under state control after the bailout.",
        # a fall that is no town's
        "After the fall in oil prices, the government cut its budget.",
        # clearing debris, a provider of help to victims
        "Volunteers cleared debris from the square after the storm.",
        "The charity provides counselling to the families of the victims.",
    ],
)
def test_the_same_words_in_other_senses_get_no_acled_type(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    subs = asserted_sub_event_types(code_text, sentence, PUBLISHED)
    assert subs <= {None}, subs


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Rebels gained control of the town of Kidal on Sunday.", "192"),
        ("Police cleared protesters from the main square on Friday.", "175"),
    ],
)
def test_new_forms_survive_the_prescan(sentence: str, code: str) -> None:
    """In a longer article, through the pipeline with the pre-scan on: the sentence is parsed and coded."""
    coded = codes_in_a_longer_article(sentence, PUBLISHED)
    assert code in {c for _, c in coded}, coded
