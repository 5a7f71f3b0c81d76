"""Conflict acts as news writes them when it names territory by its control (issue 18, item 2): control gained,
fallen under or handed over, a town's fall, and a town taken back by a doer the text leaves unnamed. Through the
real coder (spaCy parse, dictionaries, ACLED rules); every sentence is written for this test in wire style (none
is cut from a gold file)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import asserted_sub_event_types, codes_in_a_longer_article

PUBLISHED = datetime(2021, 3, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
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
        (
            "The Syrian army ceded the border town of Ain Issa to Kurdish forces on Sunday.",
            "Non-violent transfer of territory",
        ),
        # a town taken back or liberated by nobody named is the government's (a named armed group's is its own)
        ("The town was recaptured last week after heavy bombing.", "Government regains territory"),
        (
            "Residents celebrated in the streets after the liberation of Fallujah on Friday.",
            "Government regains territory",
        ),
        ("Houthi rebels recaptured the town of Mokha on Friday.", "Non-state actor overtakes territory"),
    ],
)
def test_territory_as_news_writes_it(code_text, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
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
        # control ceded in an argument, a dispute or a market is no territory
        "The minister ceded control of the budget talks to her deputy.",
    ],
)
def test_the_same_words_in_other_senses_get_no_acled_type(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    subs = asserted_sub_event_types(code_text, sentence, PUBLISHED)
    assert subs <= {None}, subs


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Rebels gained control of the town of Kidal on Sunday.", "192"),
        ("The army ceded the town of Ain Issa to Kurdish forces on Sunday.", "084"),
    ],
)
def test_new_forms_survive_the_prescan(sentence: str, code: str) -> None:
    """In a longer article, through the pipeline with the pre-scan on: the sentence is parsed and coded."""
    coded = codes_in_a_longer_article(sentence, PUBLISHED)
    assert code in {c for _, c in coded}, coded
