"""Conflict acts named by their noun (issue 18, "conflict news recall"): a day's possessive or a particular recent
act makes the noun an event, through the real coder (spaCy parse, dictionaries, ACLED rules); each reading also
through the pipeline with the pre-scan on, and the traps beside them.

The corpus sentences are cut from the open news corpus (Wikinews CC BY 2.5, US and UK government releases:
eval/sentences/README.md); the others are written in wire style."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eventwire.consolidate import assign_events, build_events, mention_frame
from tests.conftest import codes_in_a_longer_article

PUBLISHED = datetime(2019, 9, 15, tzinfo=UTC)


def _asserted(code_text, text: str):  # type: ignore[no-untyped-def]
    return [m for m in code_text(text, PUBLISHED) if m.factuality == "asserted"]


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        # a day's possessive dates the act: it happened
        ("Also today, Carter commented on yesterday’s terrorist bombings in Istanbul, Turkey.", "183"),
        ("The UN condemned Sunday's bombing of a market in Kabul.", "183"),
        ("Over 200 protesters and police officers were injured in Saturday's protests.", "140"),
        # a particular recent act
        (
            "With the recent liberation of Fallujah and other parts of Anbar Province in Iraq, this is a key moment.",
            "192",
        ),
        ("The recent shelling of Donetsk drew condemnation from Kyiv.", "194"),
        ("Ministers discussed the recent attack on an aid convoy near Aleppo.", "190"),
    ],
)
def test_conflict_act_is_asserted(code_text, sentence: str, code: str) -> None:  # type: ignore[no-untyped-def]
    assert code in {m.cameo_code for m in _asserted(code_text, sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        # not (yet) happened, or not an act at all
        "Police prepared for Saturday's planned protest in the capital.",
        "The threat of attacks remains high, officials said.",
        "Opposition leaders renewed their calls for protests after Sunday's vote.",
        "Condemnation followed recent attacks on churches.",  # attacks in passing, no particular one
        "The team's recent attack has struggled to score goals.",
        "He died of a heart attack on Monday.",
        "Fans celebrated Saturday's win over United.",
        # nouns that sport, markets, budgets and product launches use too are not read as dated or recent acts
        "The recent fight over the budget ended in a deal in Washington.",
        "The recent strike in the second half sealed the win for Arsenal.",
        "The recent demonstration of the new iPhone impressed analysts.",
        "Friday's rally lifted the Dow to a record.",
        "Saturday's march drew 5,000 runners in the city marathon.",
        # announced, not reported; a comparison with an old act; any recent attack, not a particular one
        "Tomorrow's protest is expected to draw thousands.",
        "Next week's protest will close the port.",
        "The last protest of this size in Prague was in 1989.",
        "Condemnation followed a recent attack on churches.",
    ],
)
def test_no_conflict_act(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    roots = {m.cameo_root_code for m in _asserted(code_text, sentence)}
    assert not roots & {"14", "17", "18", "19", "20"}, roots


def test_a_possessive_day_dates_the_act(code_text) -> None:  # type: ignore[no-untyped-def]
    (bombing,) = _asserted(code_text, "Also today, Carter commented on yesterday’s terrorist bombings in Istanbul.")
    assert (bombing.event_date, bombing.time_precision) == (date(2019, 9, 14), 1)


def test_a_noun_mention_joins_the_incident_already_coded(code_text) -> None:  # type: ignore[no-untyped-def]
    """'Saturday's protests' later in the article is the protest already coded, not a second event."""
    text = (
        "Thousands of protesters marched in Seoul on Saturday against the beef imports. "
        "Over 200 protesters and police officers were injured in Saturday's protests."
    )
    protests = [m for m in _asserted(code_text, text) if m.cameo_root_code == "14"]
    assert {m.sentence_index for m in protests} == {0, 1}
    [event] = build_events(assign_events(mention_frame(protests))).to_dicts()
    assert event["num_mentions"] == 2
    assert event["event_date"] == date(2019, 9, 14)


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("The UN condemned Sunday's bombing of a market in Kabul.", "183"),
        ("The recent shelling of Donetsk drew condemnation from Kyiv.", "194"),
    ],
)
def test_new_readings_survive_the_prescan(sentence: str, code: str) -> None:
    coded = codes_in_a_longer_article(sentence, PUBLISHED)
    assert code in {c for _, c in coded}, coded
