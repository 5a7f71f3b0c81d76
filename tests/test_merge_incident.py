"""Inside one article the sides of one incident may be named more loosely than across articles
(``eventwire.merge_incident``); across articles, and for anything else, the merge rule is unchanged."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from eventwire.coding.event_type import UNIDENTIFIED_ARMED
from eventwire.merge_actors import actor_of
from eventwire.merge_incident import ARTICLE, people_of, person_named, sides_agree_in_article
from tests.test_consolidate import mention, n_events

SOLDIERS = {"actor1_name": "soldiers", "actor1_code": "NGAMIL", "actor1_country": "NGA", "actor1_type": "MIL"}
POLICE = {"actor1_name": "police", "actor1_code": "NGACOP", "actor1_country": "NGA", "actor1_type": "COP"}
SEPARATISTS = {"actor1_name": "separatists", "actor1_code": "SEP", "actor1_type": "SEP"}
REBELS = {"actor1_name": "rebel fighters", "actor1_code": "REB", "actor1_type": "REB"}
# "Two people were killed": the coder names the doer the text does not name
TOLL = {
    "actor1_name": "Unidentified Armed Group",
    "actor1_code": "NGAUAF",
    "actor1_country": "NGA",
    "actor1_type": "UAF",
    "fatalities": 2,
}
GUNMEN = {"actor1_name": "gunmen", "actor1_code": "NGAUAF", "actor1_country": "NGA", "actor1_type": "UAF"}


@pytest.mark.parametrize(
    ("one", "other"),
    [(SOLDIERS, TOLL), (SOLDIERS, POLICE), (SEPARATISTS, REBELS)],
    ids=["toll", "state forces", "armed groups"],
)
def test_one_article_may_name_one_side_two_ways_another_article_may_not(
    one: dict[str, Any], other: dict[str, Any]
) -> None:
    assert n_events(mention(1, "a1", **one), mention(2, "a1", **other)) == 1
    assert n_events(mention(1, "a1", **one), mention(2, "a2", **other)) == 2


def test_a_toll_joins_only_the_event_of_the_sentence_before_or_its_own() -> None:
    attack = mention(1, "a1", **SOLDIERS)
    assert n_events(attack, mention(2, "a1", **TOLL)) == 1  # the next sentence
    assert n_events(attack, mention(1 + ARTICLE.toll_reach + 1, "a1", **TOLL)) == 2  # further on: the strict rule
    # a doer the text names ("gunmen") is no toll: soldiers and gunmen stay two sides in one article
    assert n_events(attack, mention(2, "a1", **GUNMEN)) == 2
    # an act with no named doer and no toll ("A bomb exploded at a market") may be another incident
    assert n_events(attack, mention(2, "a1", **{**TOLL, "fatalities": 0})) == 2
    assert n_events(attack, mention(2, "a1", **{**TOLL, "fatalities": 0, "injuries": 3})) == 1


def test_the_tolls_unnamed_doer_is_the_name_the_coder_gives_it() -> None:
    assert ARTICLE.implied_doer == UNIDENTIFIED_ARMED[0]


def test_a_toll_sentence_after_a_later_report_of_the_event_still_joins_it() -> None:
    # the reach counts from the event's latest report: attack (s1), its detail (s3), the toll (s4)
    reports = (mention(1, "a1", **SOLDIERS), mention(3, "a1", **SOLDIERS), mention(4, "a1", **TOLL))
    assert n_events(*reports) == 1


def test_one_family_needs_no_conflicting_country() -> None:
    foreign = {"actor1_code": "NERCOP", "actor1_country": "NER", "actor1_type": "COP"}
    assert n_events(mention(1, "a1", **SOLDIERS), mention(2, "a1", **POLICE)) == 1
    assert n_events(mention(1, "a1", **SOLDIERS), mention(2, "a1", **(POLICE | foreign))) == 2
    assert n_events(mention(1, "a1", **SOLDIERS), mention(2, "a1", **REBELS)) == 2  # two families: two sides


def test_the_victims_still_decide() -> None:
    # a toll of soldiers killed is not the soldiers' attack on civilians
    attack = mention(1, "a1", **SOLDIERS, actor2_code="CVL", actor2_type="CVL", actor2_inter=7)
    toll = mention(2, "a1", **TOLL, actor2_code="NGAMIL", actor2_country="NGA", actor2_type="MIL")
    assert n_events(attack, toll) == 2


def test_the_article_rule_is_the_strict_one_and_more() -> None:
    row = mention(2, "a1", **POLICE)
    sides = {"actor1": actor_of(mention(1, "a1", **SOLDIERS), "actor1"), "actor2": None}
    assert sides_agree_in_article(sides, None, row, after=1)
    assert not sides_agree_in_article(sides, None, row, after=1, rules=replace(ARTICLE, families=()))


ARREST = {"cameo_root_code": "17", "cameo_code": "173", "cameo_base_code": "173", "event_type": None}


def _arrest(n: int, person: str, sentence: str = "…") -> dict[str, Any]:
    """ "<person> was arrested" in sentence ``n`` of one article (a police blotter's item)."""
    return mention(
        n, "a1", **ARREST, actor1_name=None, actor1_code=None, actor1_type=None, actor2_name=person, sentence=sentence
    )


def test_a_blotters_arrests_of_people_named_apart_are_two_events() -> None:
    assert n_events(_arrest(1, "Richmond man"), _arrest(2, "Louisiana man")) == 2
    assert n_events(_arrest(1, "Issac Fisher, 26, of Kansas City"), _arrest(2, "Jon E. Mihm")) == 2
    # one person named twice, or named and described: one arrest
    assert n_events(_arrest(1, "Christopher Vasquez"), _arrest(2, "Vasquez")) == 1
    assert n_events(_arrest(1, "Paris man"), _arrest(2, "Jonathan J. McDaniel, 19, of Lone Oak Road")) == 1
    # across articles people decide nothing new (the other rules do)
    other = mention(2, "a2", **ARREST, actor1_name=None, actor1_code=None, actor1_type=None, actor2_name="Jon Mihm")
    assert n_events(_arrest(1, "Issac Fisher"), other) == 1


def test_only_arrests_and_charges_are_told_apart_by_their_people() -> None:
    shot = {"actor2_name": "Na'lisha Gravely"}
    assert n_events(mention(1, "a1", **shot), mention(2, "a1", actor2_name="Lisha")) == 1


@pytest.mark.parametrize(
    ("name", "sentence", "named"),
    [
        ("Richmond man", "A Richmond man was charged.", ("description", {"Richmond"})),
        ("Issac Fisher, 26, of Kansas City, Kan.,", "…", ("name", {"Issac", "Fisher"})),
        ("Sgt. Ricky Watson", "…", ("name", {"Ricky", "Watson"})),
        ("24-year-old woman", "…", None),  # nothing that tells her from another woman
        ("Man", "Man arrested for DUI crash.", None),  # a headline's first word, not a name
        (None, "…", None),
    ],
)
def test_how_a_report_names_a_person(name: str | None, sentence: str, named: tuple[str, set[str]] | None) -> None:
    assert person_named(name, sentence) == (None if named is None else (named[0], frozenset(named[1])))


def test_crowds_are_not_people_told_apart_by_name() -> None:
    row = {"actor1_name": "Police", "actor1_type": "COP", "actor2_name": "Protesters", "actor2_type": "CVL"}
    assert people_of({**row, "actor2_inter": 6}) == []
    assert people_of({**row, "actor2_inter": 7}) == [("name", frozenset({"Protesters"}))]


def test_police_and_courts_are_not_the_people_arrested() -> None:
    row = {"actor1_name": "Paris Police", "actor1_type": "COP", "actor2_name": "Nikki Barlow", "actor2_type": None}
    assert people_of(row) == [("name", frozenset({"Nikki", "Barlow"}))]
