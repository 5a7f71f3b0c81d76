"""A protest named by its noun with the place it was held in is a protest that happened ("vigils in South
Korea", "two weeks of protests in the capital, San Juan"), through the real coder (spaCy parse, dictionaries,
ACLED rules) and the pre-scan; a protest to come, planned, feared or called for is not asserted, and a rally,
strike or march (markets, sport, dates) is not read so.

The form was found in the fit part of ``eval/sentences/conflict_news.jsonl`` (Wikinews CC BY 2.5); the
sentences here are shortened from those or written in wire style."""

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


@pytest.mark.parametrize(
    "sentence",
    [
        "There are also videos and photos of vigils in South Korea and in the United States.",
        "His announcement followed two weeks of protests in the capital, San Juan, over offensive messages.",
        "Footage of demonstrations across Iran was shared widely.",
        "He has been involved in protests outside the Russian embassy in London.",
    ],
)
def test_a_protest_named_with_its_place_is_a_peaceful_protest(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    found = _asserted(code_text, sentence)
    assert "Peaceful protest" in {m.sub_event_type for m in found}, [(m.trigger, m.cameo_code) for m in found]
    assert can_carry_event(sentence_words(sentence, cues()), sentence, cues())


@pytest.mark.parametrize(
    "sentence",
    [
        "Planned protests in Paris were cancelled by the organisers.",
        "The government fears protests in Hong Kong.",
        "Protests in Paris next week could disrupt traffic.",
        "A rally in Tokyo shares lifted the index.",  # a market rally: rally is not read so
        "The strike in the second half in Madrid won the match.",
        "He said little about protests.",  # no place: the noun alone is no act
    ],
)
def test_a_protest_to_come_or_another_kind_of_rally_is_not_asserted(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    found = _asserted(code_text, sentence)
    assert not {m.cameo_root_code for m in found} & {"14"}, [(m.trigger, m.cameo_code) for m in found]


def test_a_located_protest_survives_the_prescan_in_a_longer_article() -> None:
    text = (
        "The weather was mild in the capital on Monday. Markets opened as usual. "
        "Photos of vigils in South Korea were shared by thousands."
    )
    article = InputArticle(source_id="p", uri="p", text=text, published_at=PUBLISHED)
    mentions = code_batch([article], prescan=True, decision=DecisionConfig(enabled=False)).mentions
    assert "141" in {m.cameo_code for m in mentions}, [(m.trigger, m.cameo_code) for m in mentions]
