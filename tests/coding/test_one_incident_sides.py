"""One incident told with several words for its sides in one article is one event (real parses, the real coder,
``eventwire.merge_incident``): a toll with no doer in the sentence after the attack, the army and the police of
one arrest, separatists and rebel fighters of one attack; and a police blotter's arrests of two people named apart
stay two events."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire.consolidate import assign_events, build_events, mention_frame
from eventwire.merge_incident import told_casualties
from tests.coding.asserted import asserted

PUBLISHED = datetime(2024, 3, 20, tzinfo=UTC)
RAID = "Soldiers raided the village of Kirawa in Borno State, Nigeria, on Sunday, killing a farmer."


def _event_of(code_text, text: str) -> dict[tuple[int, str], str]:  # type: ignore[no-untyped-def]
    """(sentence, trigger) → event id of the text's asserted mentions, the article consolidated on its own."""
    assigned = assign_events(mention_frame(asserted(code_text, text, PUBLISHED)))
    return {(s, t): e for s, t, e in assigned.select("sentence_index", "trigger", "event_id").iter_rows()}


def test_a_toll_with_no_doer_in_the_next_sentence_joins_the_attack_its_article_names(code_text) -> None:  # type: ignore[no-untyped-def]
    text = f"{RAID} Two other people were killed and four were wounded."
    mentions = {(m.sentence_index, m.trigger): m for m in asserted(code_text, text, PUBLISHED)}
    # the coder reads the soldiers as the killers and names the toll's doer as nobody (an unidentified group)
    assert mentions[(0, "killing")].actor1_type == "MIL"
    assert mentions[(1, "killed")].actor1_name == "Unidentified Armed Group"
    event_of = _event_of(code_text, text)
    assert event_of[(0, "killing")] == event_of[(1, "killed")]
    assert event_of[(0, "raided")] != event_of[(0, "killing")]  # the raid (17) is another root: unchanged


def test_a_toll_further_on_keeps_the_strict_rule(code_text) -> None:  # type: ignore[no-untyped-def]
    # three sentences on, a killing with no doer may be of another incident: it does not join the soldiers' act
    text = (
        f"{RAID} The governor visited the village on Monday. The market stayed closed. Two other people were "
        "killed on Sunday, residents said."
    )
    event_of = _event_of(code_text, text)
    assert event_of[(0, "killing")] != event_of[(3, "killed")]


def test_the_army_task_force_of_the_headline_and_the_officers_of_the_body_are_one_arrest(code_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Army task force arrests 14 in Cottonport. Task Force officers arrested 14 people in Cottonport, "
        "Louisiana, on Friday night."
    )
    mentions = asserted(code_text, text, PUBLISHED)
    assert [m.actor1_type for m in mentions] == ["MIL", "COP"]
    [event] = build_events(assign_events(mention_frame(mentions))).to_dicts()
    assert event["num_mentions"] == 2
    assert event["event_date"].isoformat() == "2024-03-15"  # the body's Friday, not the headline's publication week


def test_separatists_and_rebel_fighters_of_one_article_are_one_side(code_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Separatists attacked the village of Nuli in South Ossetia on Wednesday. Rebel fighters continued to "
        "attack the village despite the ceasefire, officials said."
    )
    mentions = asserted(code_text, text, PUBLISHED)
    assert [m.actor1_type for m in mentions] == ["SEP", "REB"]
    assert build_events(assign_events(mention_frame(mentions))).height == 1


def test_state_forces_and_an_armed_group_of_one_article_stay_two_sides(code_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Soldiers attacked the village of Nuli in South Ossetia on Wednesday. Rebel fighters attacked the "
        "village on Wednesday, officials said."
    )
    mentions = asserted(code_text, text, PUBLISHED)
    assert [m.actor1_type for m in mentions] == ["MIL", "REB"]
    assert build_events(assign_events(mention_frame(mentions))).height == 2


@pytest.mark.parametrize(
    "text",
    [
        "A Richmond man was arrested on Sunday for driving under the influence in Richmond, Kentucky. A Louisiana "
        "man was arrested on Sunday for carrying a concealed weapon in Richmond, Kentucky.",
        "Issac Fisher, 26, was charged Monday in Kansas City with aggravated battery. Jon Mihm pleaded guilty "
        "Monday in Kansas City to involuntary manslaughter.",
    ],
)
def test_a_police_blotters_items_about_different_people_stay_two_events(code_text, text: str) -> None:  # type: ignore[no-untyped-def]
    mentions = asserted(code_text, text, PUBLISHED)
    assert [m.cameo_root_code for m in mentions] == ["17", "17"]  # one day, one town, one root: only who differs
    assert len({(m.event_date, m.location) for m in mentions}) == 1
    assert build_events(assign_events(mention_frame(mentions))).height == 2


def test_a_toll_told_by_its_trigger_alone_joins_the_attack_before_it(code_text) -> None:  # type: ignore[no-untyped-def]
    # "The 20 killed" gives no figure the count reader takes, nor a doer: a toll all the same
    text = f"{RAID} Hospital officials said the 20 killed included four children and four women."
    mentions = {(m.sentence_index, m.trigger): m for m in asserted(code_text, text, PUBLISHED)}
    toll = mentions[(1, "killed")]
    assert (toll.actor1_name, toll.fatalities, toll.injuries) == ("Unidentified Armed Group", 0, 0)
    assert told_casualties({"trigger": toll.trigger}) and not told_casualties({"trigger": "raided"})
    event_of = _event_of(code_text, text)
    assert event_of[(0, "killing")] == event_of[(1, "killed")]


def test_a_toll_in_any_form_of_the_lexicons_killing_words_joins_the_attack(code_text) -> None:  # type: ignore[no-untyped-def]
    # "murdered" was not in the rule's own list of inflected forms; the forms now come from the lexicon's words
    text = f"{RAID} Hospital officials said those murdered included four children."
    mentions = {(m.sentence_index, m.trigger): m for m in asserted(code_text, text, PUBLISHED)}
    toll = mentions[(1, "murdered")]
    assert (toll.actor1_name, toll.fatalities, toll.injuries) == ("Unidentified Armed Group", 0, 0)
    event_of = _event_of(code_text, text)
    assert event_of[(0, "killing")] == event_of[(1, "murdered")]


@pytest.mark.parametrize(
    ("trigger", "toll"),
    [
        ("killed", True),
        ("slain", True),
        ("murdered", True),
        ("died", True),
        ("injuries", True),
        ("shot dead", True),
        ("maimed", True),
        ("shot", False),  # a wound, not a toll by itself
        ("raided", False),
        ("dead … found", False),
    ],
)
def test_the_casualty_words_are_every_form_of_the_lexicons_kill_and_injure_words(trigger: str, toll: bool) -> None:
    assert told_casualties({"trigger": trigger}) is toll


def test_the_casualty_words_load_no_pipeline() -> None:
    # the write step codes nothing: the forms come from the model package's lemma tables on disk
    import subprocess
    import sys

    script = (
        "from eventwire.merge_incident import casualty_forms\n"
        "from eventwire.nlp.pipeline import _load\n"
        "single, phrases = casualty_forms()\n"
        "print(_load.cache_info().currsize, 'slew' in single, ('shot', 'dead') in phrases)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "True", "True"]
