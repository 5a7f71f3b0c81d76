"""Constructions that report an event the coder used to miss: each test is a made-up sentence of the kind
news and conflict monitors write."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire.nlp.pipeline import load_nlp

PUBLISHED = datetime(2024, 3, 8, tzinfo=UTC)


@pytest.fixture()
def c(code_text):  # type: ignore[no-untyped-def]
    return lambda text: code_text(text, PUBLISHED)


def asserted(mentions):  # type: ignore[no-untyped-def]
    return [m for m in mentions if m.factuality == "asserted"]


# ── factuality ─────────────────────────────────────────────────────────────────────────────────────
def test_deny_in_the_sense_of_withhold_does_not_deny_the_event(c) -> None:  # type: ignore[no-untyped-def]
    # "denied access" withholds something; it does not say the beating did not happen
    [m] = [m for m in c("Lawyers were denied access to detainees beaten by guards in Harare on Tuesday.")
           if m.cameo_root_code == "18"]
    assert m.factuality == "asserted"
    [m] = [m for m in c("The police denied that officers had beaten the students in Kisumu.")
           if m.cameo_root_code == "18"]
    assert m.factuality == "denied"


def test_purpose_clause_under_a_blocking_verb_is_not_prevented(c) -> None:  # type: ignore[no-untyped-def]
    mentions = c("Farmers blocked the highway with tyres to protest against low prices in Nakuru on Monday.")
    [m] = [m for m in mentions if m.trigger == "protest"]
    assert m.factuality == "asserted"
    # what a blocking verb governs as its object is still prevented
    [m] = [m for m in c("Soldiers blocked the militants from attacking the base near Gao on Monday.")
           if m.cameo_root_code == "19"]
    assert m.factuality == "hypothetical"


@pytest.mark.parametrize("sentence", [
    "A driver was shot three times in the chest by gunmen in Cali on Monday.",
    "Unknown men stabbed a trader several times at the market in Kano on Monday.",
])
def test_times_counting_shots_or_blows_is_one_attack(c, sentence: str) -> None:  # type: ignore[no-untyped-def]
    [m] = c(sentence)
    assert m.factuality == "asserted", sentence


def test_times_counting_attacks_is_still_a_series(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c("Militants attacked the pipeline three times in May.")
    assert m.factuality == "aggregate"


# ── tokens and triggers ─────────────────────────────────────────────────────────────────────────────
def test_re_prefixed_verb_is_one_word() -> None:
    doc = load_nlp()("The army re-captured the town, and residents re-opened their shops.")
    assert [t.text for t in doc][2] == "re-captured"
    assert "well-known" not in [t.text for t in load_nlp()("A well-known activist spoke.")]  # other hyphens split


def test_re_prefixed_verb_codes_as_the_verb(c) -> None:  # type: ignore[no-untyped-def]
    [m] = asserted(c("Nigerian troops re-captured Malam Fatori from the insurgents on Sunday."))
    assert m.cameo_code == "192" and m.sub_event_type == "Government regains territory"
    assert m.actor1_inter == 1
    [m] = asserted(c("Police re-arrested the opposition leader in Harare on Tuesday."))
    assert m.cameo_code == "173"


def test_slash_joined_alternatives_stand_for_one_another(c) -> None:  # type: ignore[no-untyped-def]
    [m] = asserted(c("On 3 March, monitors recorded a total of 14 explosions/shots/bursts of fire near Avdiivka."))
    assert m.cameo_root_code == "18" and m.event_type is not None


@pytest.mark.parametrize("sentence", [
    "On Monday, a clash ensued between herders and farmers near Lafia.",
    "The clashes that erupted near Lafia on Monday lasted for hours.",
])
def test_event_noun_with_a_happening_relative_clause(c, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert any(m.cameo_code == "193" for m in asserted(c(sentence))), sentence


def test_happening_clause_does_not_take_over_a_kill(c) -> None:  # type: ignore[no-untyped-def]
    mentions = asserted(c("Two people were killed during clashes occurring in the Bariga area on Monday."))
    assert [m.sub_event_type for m in mentions] == ["Armed clash"]
    assert mentions[0].fatalities == 2


def test_military_convoy_entering_territory_is_a_troop_movement(c) -> None:  # type: ignore[no-untyped-def]
    [m] = asserted(c("On 4 March, a Turkish military convoy entered Idlib province via the Kafr Lusin crossing."))
    assert m.cameo_code == "154" and m.sub_event_type == "Change to group/activity"
    assert m.actor1_inter == 8 and m.iso3 == "SYR"
    [m] = asserted(c("On 4 March, a new Russian column crossed into Hasakah province."))
    assert m.cameo_code == "154" and m.actor1_inter == 8


def test_aid_convoys_and_convoys_as_targets_are_not_troop_movements(c) -> None:  # type: ignore[no-untyped-def]
    assert not [m for m in c("A UN aid convoy entered Idlib province on Monday.") if m.cameo_code == "154"]
    [m] = asserted(c("Militants ambushed a convoy of Afghan soldiers in Farah province on Monday."))
    assert m.actor2_inter == 1 and m.event_type == "Battles"


@pytest.mark.parametrize("sentence, code", [
    ("Unknown men burnt the grandstand of the municipal stadium in Bouake on Sunday.", "1712"),
    ("Herders destroyed maize plantations belonging to villagers in Benue on Sunday.", "1712"),
])
def test_arson_and_destruction_of_structures_and_crops(c, sentence: str, code: str) -> None:  # type: ignore[no-untyped-def]
    [m] = asserted(c(sentence))
    assert m.cameo_code == code and m.event_type == "Strategic developments"
    assert m.sub_event_type == "Looting/property destruction"


def test_armed_fight_is_a_battle_whoever_fights(c) -> None:  # type: ignore[no-untyped-def]
    mentions = asserted(c("On Monday, an armed fight broke out between two families in Baalbek."))
    assert mentions and all(m.sub_event_type == "Armed clash" for m in mentions)


def test_aircraft_intercepted_by_jets_is_a_show_of_force(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c("Two Russian jets intercepted a US reconnaissance plane over the Baltic Sea on Tuesday.")
    assert m.cameo_code == "150" and m.event_type == "Strategic developments"
    [m] = c("Air defences intercepted two drones over Riyadh on Tuesday.")
    assert m.cameo_root_code == "19"  # drones and missiles intercepted stay air defence
