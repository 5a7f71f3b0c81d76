"""One incident told twice in one article is one event (real parses, the real coder): the second sentence names
the attacker as a person ("a 26-year-old man"), the first leaves it unnamed, which the coder writes as an
unidentified armed group."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire.consolidate import assign_events, build_events, mention_frame
from tests.coding.asserted import asserted

PUBLISHED = datetime(2024, 3, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "A shopkeeper was shot dead in Springfield, Illinois, on Tuesday night, police said. Witnesses said a "
        "26-year-old man shot the shopkeeper and fled on foot.",
        "A woman was stabbed in Springfield, Illinois, on Tuesday. Police said a man attacked the woman with a "
        "knife outside her home.",
    ],
)
def test_an_unnamed_attacker_and_the_man_the_next_sentence_names_are_one_event(code_text, text: str) -> None:  # type: ignore[no-untyped-def]
    mentions = asserted(code_text, text, PUBLISHED)
    doers = {m.sentence_index: m.actor1_type for m in mentions}
    assert doers == {0: "UAF", 1: "CVL"}  # the coder reads the two sentences as the case describes
    [event] = build_events(assign_events(mention_frame(mentions))).to_dicts()
    assert event["num_mentions"] == 2
    assert event["actor1_type"] == "CVL"  # "a man" says more than "Unidentified Armed Group"
    assert event["event_date"].isoformat() == "2024-03-19"


def test_police_who_shoot_the_attacker_stay_another_event(code_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A man stabbed two people on a busy street in Springfield, Illinois, on Tuesday. Police officers shot "
        "the attacker dead minutes later."
    )
    events = build_events(assign_events(mention_frame(asserted(code_text, text, PUBLISHED))))
    assert set(events["actor1_type"]) == {"CVL", "COP"}


def test_an_undated_lede_and_the_day_a_later_sentence_gives_are_one_event(code_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A Dayton man has been charged with arson, police said. John Miller, 34, was charged on March 4 with "
        "setting fire to a warehouse on Main Street in Dayton, Ohio."
    )
    mentions = asserted(code_text, text, PUBLISHED)
    # the coder reads the lede as undated (the publication week) and the second sentence as 4 March
    assert [(m.cameo_root_code, m.date_source) for m in mentions] == [("17", "published"), ("17", "sentence")]
    [event] = build_events(assign_events(mention_frame(mentions))).to_dicts()
    assert event["num_mentions"] == 2
    assert (event["event_date"].isoformat(), event["time_precision"]) == ("2024-03-04", 1)


@pytest.mark.parametrize(
    ("text", "other"),
    [
        # an arrest and the bail hearing days later: two acts of one root, whatever the undated headline joins
        (
            "Bail set for Dayton robbery suspect. A Dayton man was arrested last week after a bank robbery in "
            "Dayton, Ohio. A judge set his bail at $50,000 on Tuesday.",
            "set … bail",
        ),
        # a shooting and the next day's arrest: two acts of two roots
        ("A man was shot in Dayton, Ohio, on Sunday. Police arrested a suspect on Monday.", "shot"),
    ],
)
def test_two_distinct_acts_of_one_article_stay_two_events(code_text, text: str, other: str) -> None:  # type: ignore[no-untyped-def]
    assigned = assign_events(mention_frame(asserted(code_text, text, PUBLISHED)))
    event_of = dict(assigned.select("trigger", "event_id").iter_rows())
    assert event_of["arrested"] != event_of[other]
    assert build_events(assigned).height == 2


def test_the_police_who_found_a_body_are_not_its_attackers(code_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A body was found Sunday morning in a parked car on Elm Street in Dayton, Ohio. Police found the body of "
        "a woman inside the car, the coroner said."
    )
    mentions = asserted(code_text, text, PUBLISHED)
    assert [m.actor1_type for m in mentions] == ["UAF", "UAF"]  # whoever killed her, not the police
    [event] = build_events(assign_events(mention_frame(mentions))).to_dicts()
    assert event["num_mentions"] == 2
    # the court that finds a defendant guilty is the doer of that act
    [verdict] = asserted(code_text, "A jury found Miller guilty of murder in Dayton, Ohio, on Monday.", PUBLISHED)
    assert (verdict.cameo_root_code, verdict.actor1_type) == ("17", "JUD")
