"""The decision step on made-up articles, through the real pipeline (spaCy, the rule coder, the shipped model):
candidates the rules propose on a match report, a recall notice, an earthquake and an idiom are dropped; the
acts of an attack and a protest story are kept; dropped candidates stay visible but never become events."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire import pipeline
from eventwire.decide.step import DecisionConfig
from eventwire.evaluation.runner import events_by_article
from eventwire.ingest.article import InputArticle
from schemas.records import Mention

TRAPS = {
    # kind: (text, trigger of the candidate the rules propose that must be dropped)
    "sport": (
        "The visiting Rovers defeated the home side 3-1 on Saturday night in front of a crowd of twelve thousand "
        "fans. The striker shot past the keeper twice in the first half, and the coach praised his players after "
        "the match. The team has now won four games in a row and sits second in the league table with six matches "
        "of the season left to play. Their next game is against the champions at the stadium next weekend, and the "
        "club expects a full house for the final home match of the season.",
        "visiting",
    ),
    "business": (
        "Shares in the retailer fell eight percent on Tuesday after the company said it was recalling shelled "
        "almonds sold in its stores because of possible contamination. The firm said customers should return the "
        "product for a refund. Analysts said the recall would cut profits this quarter, and investors sold the "
        "stock as the market opened. The company, which has more than two thousand stores, said sales of its other "
        "products were not affected and that revenue for the year would still rise by about four percent.",
        "shelled",
    ),
    "natural": (
        "A magnitude 6.8 earthquake struck the coastal region early on Monday. At least 120 people were killed, "
        "officials said. The quake destroyed hundreds of homes and set off landslides that blocked the main road "
        "into the mountains. Heavy rain is expected later in the week, and forecasters warned of floods in the "
        "valleys. Rescue teams were searching the rubble in several villages, and hospitals in the region said "
        "they were treating dozens of people with injuries from falling walls and debris.",
        # a killing with the quake as its doer is no candidate (triggers.natural_doer); one that names no doer is
        "killed",
    ),
    "metaphor": (
        "The new bakery in the old market hall has been fighting a losing battle with rising flour prices, its "
        "owner said. She said the shop would kill off its famous morning rolls unless costs came down, and that a "
        "price war with the supermarket across the road was hurting every small baker in town. Customers have "
        "rallied behind the shop, buying loaves every morning. The owner hopes to strike a balance between "
        "quality and cost, and she plans to add cakes and coffee to the menu next month to bring in more trade. "
        "The supermarket attacked the bakery's prices with a cheaper loaf.",
        # "fighting a losing battle" and "attacked the bakery's prices" are vetoed by the rules (triggers.yaml:
        # fight, not_with lose; attack, not_with price); customers who "rallied behind" a shop are not
        "rallied",
    ),
}
EVENTS = {
    # kind: (text, triggers that must be kept)
    "attack": (
        "Gunmen attacked a police station in the northern town of Kano on Sunday, killing three officers, the "
        "police said. The attackers opened fire on the station shortly after midnight and set a patrol vehicle on "
        "fire before fleeing. A police spokesman said two suspects were arrested on Monday morning. The state "
        "governor condemned the attack and ordered more troops to the area. Residents said the gunmen arrived on "
        "motorcycles and fired for about half an hour before the army reached the town and the attackers escaped "
        "into the forest.",
        ("attacked", "arrested", "condemned"),
    ),
    "protest": (
        "Thousands of teachers protested outside parliament in the capital on Wednesday to demand higher pay, and "
        "police fired tear gas to disperse the crowd. The teachers' union said the government had ignored its "
        "demands for two years. Several protesters were injured and at least twenty were arrested, the union "
        "said. The education minister met union leaders later in the day and promised talks next week. The "
        "opposition accused the government of using force against peaceful demonstrators and called for an "
        "inquiry into the police response.",
        ("protested", "disperse", "arrested", "met"),
    ),
}


def _article(kind: str, text: str) -> InputArticle:
    return InputArticle(source_id=kind, uri=kind, text=text, published_at=datetime(2024, 3, 5, tzinfo=UTC))


Coded = dict[str, dict[str, list[Mention]]]
ARTICLES = {kind: _article(kind, text) for kind, (text, _) in (TRAPS | EVENTS).items()}


@pytest.fixture(scope="module")
def coded() -> Coded:
    """Asserted mentions per article, with the decision off and on."""
    out = {}
    for label, config in (("off", DecisionConfig(enabled=False)), ("on", DecisionConfig())):
        result = pipeline.code_batch(list(ARTICLES.values()), decision=config)
        out[label] = {
            kind: [m for m in result.mentions if m.article_id == a.article_id and m.factuality == "asserted"]
            for kind, a in ARTICLES.items()
        }
    return out


def _by_trigger(mentions: list[Mention], trigger: str) -> list[Mention]:
    return [m for m in mentions if m.trigger.split(" ")[0] == trigger]


@pytest.mark.parametrize("kind", sorted(TRAPS))
def test_a_trap_candidate_is_proposed_by_the_rules_and_dropped(coded: Coded, kind: str) -> None:
    trigger = TRAPS[kind][1]
    assert _by_trigger(coded["off"][kind], trigger), f"the rules no longer propose {trigger!r}: pick another trap"
    dropped = _by_trigger(coded["on"][kind], trigger)
    assert dropped and not any(m.kept for m in dropped)


@pytest.mark.parametrize("kind", sorted(EVENTS))
def test_clear_events_are_kept(coded: Coded, kind: str) -> None:
    for trigger in EVENTS[kind][1]:
        found = _by_trigger(coded["on"][kind], trigger)
        assert found and all(m.kept for m in found), trigger


def test_dropped_candidates_stay_as_mentions_but_make_no_event(coded: Coded) -> None:
    mentions = [m for ms in coded["on"].values() for m in ms]
    dropped = [m for m in mentions if not m.kept]
    assert dropped and all(m.event_id is None for m in dropped)
    events = events_by_article(mentions)
    event_mentions = {e["event_id"]: e for rows in events.values() for e in rows}
    assert events.get(ARTICLES["natural"].article_id) is None  # every candidate of the earthquake dropped
    assert events.get(ARTICLES["business"].article_id) is None
    assert ARTICLES["attack"].article_id in events and event_mentions


def test_confidence_is_a_probability_written_by_the_decision(coded: Coded) -> None:
    on = [m for ms in coded["on"].values() for m in ms]
    off = [m for ms in coded["off"].values() for m in ms]
    assert all(0.0 <= m.confidence <= 1.0 for m in on)
    assert [m.mention_id for m in on] == [m.mention_id for m in off]  # same candidates, same ids
    assert [m.confidence for m in on] != [m.confidence for m in off]


def test_the_decision_is_deterministic(coded: Coded) -> None:
    again = pipeline.code_batch(list(ARTICLES.values()))
    first = [m for ms in coded["on"].values() for m in ms]
    asserted = {m.mention_id: (m.kept, m.confidence) for m in again.mentions if m.factuality == "asserted"}
    assert {m.mention_id: (m.kept, m.confidence) for m in first} == asserted
