"""One incident, one event, inside a sentence (``eventwire.decide.one_incident``), through the real pipeline
(spaCy, the rule coder, the shipped decision model): the deployment a sentence tells around a gun battle is
dropped and makes no event of its own; a meeting, and an arrest or charge beside an attack, stay their own events;
with the rule off, the same candidates are kept, so the test fails if the rules stop proposing them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire import pipeline
from eventwire.decide.one_incident import INCIDENT, IncidentConfig, drop_circumstances
from eventwire.decide.step import DecisionConfig
from eventwire.evaluation.runner import events_by_article
from eventwire.ingest.article import InputArticle
from schemas.records import Mention

TEXTS = {
    "battle": (
        "Soldiers were dispatched to a farmhouse outside the northern town of Maiduguri on Saturday and were met by "
        "gunmen lobbing hand grenades and firing rifles. Two soldiers and nine gunmen were killed in the battle, "
        "which lasted almost two hours, the army said. Residents said the shooting could be heard across the town. "
        "The army said it had recovered a cache of weapons from the house after the fighting ended."
    ),
    "charged": (
        "A Richmond woman was charged on Monday in the beating death of her neighbour, police said. The woman, 41, "
        "is being held at the county jail without bond. Police said officers found the neighbour dead in his home "
        "on Sunday evening after a caller reported a fight. The woman is due in court next week."
    ),
}
ARTICLES = {
    kind: InputArticle(source_id=kind, uri=kind, text=text, published_at=datetime(2024, 3, 5, tzinfo=UTC))
    for kind, text in TEXTS.items()
}
Coded = dict[str, dict[str, list[Mention]]]


@pytest.fixture(scope="module")
def coded() -> Coded:
    """Asserted mentions per article, with the rule off and on (the decision model on in both)."""
    out = {}
    for label, config in (("off", DecisionConfig(incident=IncidentConfig(enabled=False))), ("on", DecisionConfig())):
        result = pipeline.code_batch(list(ARTICLES.values()), decision=config)
        out[label] = {
            kind: [m for m in result.mentions if m.article_id == a.article_id and m.factuality == "asserted"]
            for kind, a in ARTICLES.items()
        }
    return out


def _roots(mentions: list[Mention]) -> list[str]:
    return sorted(e["cameo_root_code"] for e in next(iter(events_by_article(mentions).values()), []))


def _kept(mentions: list[Mention], sentence: int) -> dict[str, bool]:
    return {m.cameo_root_code: bool(m.kept) for m in mentions if m.sentence_index == sentence}


def test_the_circumstances_of_a_gun_battle_are_not_events_of_their_own(coded: Coded) -> None:
    off, on = coded["off"]["battle"], coded["on"]["battle"]
    # the rules read "dispatched" (15) and "met" (04) beside the grenades (18), and the model keeps all three
    assert _kept(off, 0) == {"15": True, "04": True, "18": True}
    assert {"04", "15"} <= set(_roots(off))
    # with the rule: the deployment is part of the battle; a meeting (04) may be an event of its own
    assert _kept(on, 0) == {"15": False, "04": True, "18": True}
    assert "15" not in _roots(on) and "18" in _roots(on)
    # the dropped candidates stay as mentions, with the confidence the model gave them
    assert [(m.mention_id, m.confidence) for m in on] == [(m.mention_id, m.confidence) for m in off]


def test_a_charge_beside_the_attack_it_is_for_stays_its_own_event(coded: Coded) -> None:
    assert _kept(coded["on"]["charged"], 0) == {"17": True, "18": True}
    assert _roots(coded["on"]["charged"]) == ["17", "18"]


def test_sentences_without_a_violent_act_and_other_roots_are_untouched(coded: Coded) -> None:
    off = coded["off"]["battle"]
    [deployed] = [m for m in off if m.sentence_index == 0 and m.cameo_root_code == "15"]
    # the same deployment told in a sentence of its own, with no violent act beside it, stays an event
    alone = deployed.model_copy(update={"sentence_index": 9})
    assert drop_circumstances([*off, alone])[-1].kept is True
    assert drop_circumstances([*off, alone])[: len(off)] != off  # while the battle's own is dropped
    assert drop_circumstances(off, IncidentConfig(enabled=False)) == off
    assert not {"04", "08", "14", "16", "17"} & INCIDENT.circumstance_roots
