"""Conflict acts named the way the labelled conflict-news sentences name them (issue 18, items 2–3), and the
traps beside each reading, through the real coder (spaCy parse, dictionaries, ACLED rules): acts named after
a time preposition, forces that deploy themselves, harm by accidents and natural causes, a lone attacker.

The readings were found in the fit part of ``eval/sentences/conflict_news.jsonl`` (Wikinews CC BY 2.5, US and
UK government releases: eval/sentences/README.md); the sentences here are shortened from those or written in
wire style. Each case asserts the ACLED sub-event type of the sentence's asserted mentions, or that a trap
gets none (or not that one)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from eventwire.coding.prescan import can_carry_event, cues, sentence_words
from eventwire.decide.step import DecisionConfig
from eventwire.ingest.article import InputArticle
from eventwire.pipeline import code_batch
from tests.coding.asserted import asserted

PUBLISHED = datetime(2020, 6, 15, tzinfo=UTC)


_asserted = partial(asserted, published=PUBLISHED)


def _subs(code_text, text: str) -> set[str | None]:  # type: ignore[no-untyped-def]
    return {m.sub_event_type for m in _asserted(code_text, text)}


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        # an act named after a time preposition happened
        ("Hundreds of fighters escaped following Turkish airstrikes from a camp at Ain Issa.", "Air/drone strike"),
        ("In the wake of recent terrorist attacks inside Turkey, the embassy closed.", "Attack"),
        ("Amid the protests in Belgrade, the prime minister resigned on Monday.", "Peaceful protest"),
        # forces that deploy themselves
        ("Government forces deployed into previously SDF-held territory yesterday.", "Change to group/activity"),
        # a lone civilian attacker is no mob
        ("In Paris, an IT worker went on a stabbing spree at the police headquarters, killing four.", "Attack"),
    ],
)
def test_conflict_news_reading(code_text, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    assert sub_event_type in _subs(code_text, sentence), _subs(code_text, sentence)


@pytest.mark.parametrize(
    ("sentence", "not_this"),
    [
        # a lone civilian is no mob; a crowd still is (below)
        ("A man stabbed three people in Leeds on Monday.", "Mob violence"),
        # "following heavy bombing" says how a town was taken: no bombing of its own
        ("The district was recaptured by the army in 2016 following heavy bombing.", "Remote explosive/landmine/IED"),
    ],
)
def test_near_readings_not_taken(code_text, sentence: str, not_this: str) -> None:  # type: ignore[no-untyped-def]
    subs = _subs(code_text, sentence)
    assert not_this not in subs, subs


@pytest.mark.parametrize(
    "sentence",
    [
        # harm done in an accident or a crowd crush, or by nature named in a relative clause
        "Over 345 pilgrims have been killed in a stampede during the Hajj near Mecca.",
        "Sacoolas was involved in a traffic collision which killed motorcyclist Harry Dunn on August 27.",
        "Three firefighters were injured when their fire engine overturned near Cooma.",
        "The measles outbreak that had killed at least 62 people in Samoa eased in December.",
        "On Saturday, a powerful earthquake that struck the southern Philippines killed five.",
    ],
)
def test_trap_gets_no_acled_type(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    mentions = _asserted(code_text, sentence)
    assert {m.sub_event_type for m in mentions} <= {None}, [(m.trigger, m.sub_event_type) for m in mentions]


@pytest.mark.parametrize(
    "sentence",
    [
        "After talks in Geneva, the foreign minister flew home on Monday.",  # talks are no material act
        "Since the meeting in Doha, the two sides have exchanged letters.",
    ],
)
def test_a_time_preposition_anchors_only_material_acts_of_nouns_with_own_verbs(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert not {m.cameo_root_code for m in code_text(sentence, PUBLISHED)} & {"04"}


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("A mob lynched a man in Dhaka on Monday.", "Mob violence"),
        ("Villagers beat a suspected thief to death in Kano on Monday.", "Mob violence"),
    ],
)
def test_crowds_keep_their_role(code_text, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    assert sub_event_type in _subs(code_text, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Hundreds of fighters escaped following Turkish airstrikes from a camp at Ain Issa.",
        "In the wake of recent terrorist attacks inside Turkey, the embassy closed.",
    ],
)
def test_the_prescan_keeps_the_new_anchors(sentence: str) -> None:
    assert can_carry_event(sentence_words(sentence, cues()), sentence, cues())


def test_new_readings_survive_the_prescan_in_a_longer_article() -> None:
    text = (
        "The weather was mild in the capital on Monday. Markets opened as usual. "
        "Hundreds of fighters escaped following Turkish airstrikes from a camp at Ain Issa."
    )
    article = InputArticle(source_id="p", uri="p", text=text, published_at=PUBLISHED)
    mentions = code_batch([article], prescan=True, decision=DecisionConfig(enabled=False)).mentions
    assert "195" in {m.cameo_code for m in mentions}, [(m.trigger, m.cameo_code) for m in mentions]
