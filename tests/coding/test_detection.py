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
    [m] = [
        m
        for m in c("Lawyers were denied access to detainees beaten by guards in Harare on Tuesday.")
        if m.cameo_root_code == "18"
    ]
    assert m.factuality == "asserted"
    [m] = [
        m for m in c("The police denied that officers had beaten the students in Kisumu.") if m.cameo_root_code == "18"
    ]
    assert m.factuality == "denied"


def test_purpose_clause_under_a_blocking_verb_is_not_prevented(c) -> None:  # type: ignore[no-untyped-def]
    mentions = c("Farmers blocked the highway with tyres to protest against low prices in Nakuru on Monday.")
    [m] = [m for m in mentions if m.trigger == "protest"]
    assert m.factuality == "asserted"
    # what a blocking verb governs as its object is still prevented
    [m] = [
        m
        for m in c("Soldiers blocked the militants from attacking the base near Gao on Monday.")
        if m.cameo_root_code == "19"
    ]
    assert m.factuality == "hypothetical"


@pytest.mark.parametrize(
    "sentence",
    [
        "A driver was shot three times in the chest by gunmen in Cali on Monday.",
        "Unknown men stabbed a trader several times at the market in Kano on Monday.",
    ],
)
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


@pytest.mark.parametrize(
    "sentence",
    [
        "On Monday, a clash ensued between herders and farmers near Lafia.",
        "The clashes that erupted near Lafia on Monday lasted for hours.",
    ],
)
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


@pytest.mark.parametrize(
    "sentence, code",
    [
        ("Unknown men burnt the grandstand of the municipal stadium in Bouake on Sunday.", "1712"),
        ("Herders destroyed maize plantations belonging to villagers in Benue on Sunday.", "1712"),
    ],
)
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


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        # after a fronted address the small model hangs "the body" on the last place name as an apposition
        ("On 8 March 2024, in Canapi, Alagoas, the body of a man was found with gunshot wounds.", "180"),
        ("On 8 March 2024, in Guadalajara, Jalisco, the dead body of a woman was thrown from a moving car.", "180"),
        # found in a state that tells of violence
        ("On 8 March 2024, in Leon, Guanajuato, three people died and were found wrapped in blankets.", "180"),
        ("On 8 March 2024, two men were found bound and gagged in a house in Kitui.", "180"),
        # an announced armed turn is a threat of force
        ("On 8 March 2024, in Ostula, Michoacan, villagers announced that they are going to take up arms.", "138"),
        # a travel ban on a district is an administrative restriction
        ("On 8 March 2024, the governor halted all entries and departures from the Golbasi district.", "172"),
    ],
)
def test_bodies_armed_turns_and_travel_bans(c, sentence: str, code: str) -> None:  # type: ignore[no-untyped-def]
    assert code in {m.cameo_code for m in c(sentence)}


def test_a_body_not_found_and_a_person_found_alive_are_no_events(c) -> None:  # type: ignore[no-untyped-def]
    found = c("On 8 March 2024, the missing hiker was found alive in Kitui.")
    assert not [m for m in found if m.cameo_root_code == "18"]
    assert not c("On 8 March 2024, in Canapi, Alagoas, the body of the old church was repainted.")


# ── misspelt trigger words ──────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("word", "fix"),
    [
        ("errupted", "erupted"),
        ("erruped", "erupted"),
        ("siezed", "seized"),
        ("attaked", "attacked"),
        ("detianed", "detained"),
    ],
)
def test_a_misspelt_trigger_word_is_read_as_the_word(word: str, fix: str) -> None:
    from eventwire.coding.typos import correction

    assert correction(word) is not None and correction(word)[0] == fix  # type: ignore[index]


@pytest.mark.parametrize("word", ["shelled", "protestors", "hired", "fried", "coronavirus", "villagers"])
def test_known_words_and_words_near_no_trigger_stay_as_written(word: str) -> None:
    from eventwire.coding.typos import correction

    assert correction(word) is None


def test_a_misspelt_verb_no_longer_wrecks_the_parse(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    """The model parses "violence errupted" as a prepositional phrase and codes nothing; read as "erupted",
    the clash is coded, in Ethiopia's Somali region, and the text keeps its spelling."""
    from eventwire.coding.coder import code_article
    from eventwire.coding.prescan import prepared_doc
    from eventwire.ingest.article import InputArticle

    text = "On 3 March 2024, inter-clan violence errupted in Afdere zone (Somali region), leaving 5 people dead."
    article = InputArticle(source_id="t", uri="t", text=text, published_at=PUBLISHED)
    mentions, errors = code_article(nlp(prepared_doc(nlp, article.coding_text)), article, coder_resources)
    [m] = [m for m in mentions if m.cameo_root_code == "19"]
    assert not errors and m.iso3 == "ETH" and "errupted" in m.trigger


def test_an_act_a_since_clause_starts_from_is_background(c) -> None:  # type: ignore[no-untyped-def]
    """ "since the M23 took up arms in 2021" dates the start of a state, not an event of this report; a since
    clause that names the day still reports that day's act."""
    background = c("The fighting has displaced 1.7 million people since the M23 took up arms again in 2021.")
    assert background and all(m.factuality == "aggregate" for m in background if m.cameo_root_code == "19")
    [m] = [
        m
        for m in c("Since rebels attacked the town of Beni on Monday, residents have fled.")
        if m.cameo_root_code in ("18", "19")
    ]
    assert m.factuality == "asserted"
