"""Actor rules a user notices in the coded events: ACLED's implied sides, authors of operations, country
context, states by their names, office-holders before the dictionary's coverage."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eventwire.coding.actors import lookup
from eventwire.coding.lexicon import actors

PUBLISHED = datetime(2020, 5, 2, tzinfo=UTC)


@pytest.fixture()
def c(code_text):  # type: ignore[no-untyped-def]
    return lambda text: code_text(text, PUBLISHED)


@pytest.fixture(scope="module")
def resolve(nlp):  # type: ignore[no-untyped-def]
    lexicon = actors()

    def run(text: str, on: date = date(2024, 2, 2)) -> dict[str, tuple]:
        return {phrase: (a.name, a.code, a.country, a.type, a.inter) for phrase, a in lookup(text, on, nlp, lexicon)}

    return run


def _typed(mentions, event_type: str):  # type: ignore[no-untyped-def]
    return next(m for m in mentions if m.event_type == event_type)


def test_a_protest_by_nobody_named_is_by_protesters_of_its_country(c) -> None:  # type: ignore[no-untyped-def]
    m = _typed(c("On 1 May 2020, a protest was held in Kabul against the lockdown."), "Protests")
    assert (m.actor1_name, m.actor1_country, m.actor1_inter) == ("Protesters", "AFG", 6)
    assert m.actor2_inter is None  # a peaceful protest has no ACLED second side


def test_police_dispersing_a_crowd_are_its_second_side(c) -> None:  # type: ignore[no-untyped-def]
    m = _typed(c("On 1 May 2020, police dispersed the demonstrators in Harare with tear gas."), "Protests")
    assert m.actor1_inter == 6
    assert (m.actor2_type, m.actor2_inter) == ("COP", 1)


def test_violence_by_nobody_named_is_by_an_unidentified_armed_group(c) -> None:  # type: ignore[no-untyped-def]
    m = _typed(
        c("On 1 May 2020, a man was shot and killed in a drive-by shooting in Caguas, Puerto Rico."),
        "Violence against civilians",
    )
    assert (m.actor1_name, m.actor1_inter) == ("Unidentified Armed Group", 3)
    assert m.actor2_inter == 7


def test_an_agentless_killing_takes_the_author_of_the_operation(c) -> None:  # type: ignore[no-untyped-def]
    [m] = [
        m
        for m in c(
            "On 28 April 2020, a Taliban commander was killed in an operation by police forces in Parwan, Afghanistan."
        )
        if m.cameo_root_code == "19"
    ]
    assert (m.actor1_type, m.actor1_inter) == ("COP", 1)
    [m] = [
        m
        for m in c("On 2 May 2020, a drug suspect was killed during a police raid in Bulacan, Philippines.")
        if m.cameo_code.startswith("19")
    ]
    assert m.actor1_type == "COP"


def test_shells_stand_for_whoever_fired_them(c) -> None:  # type: ignore[no-untyped-def]
    m = next(
        m for m in c("On 3 May 2020, shells fired by LNA forces fell on a road in Tripoli, Libya.") if m.actor1_name
    )
    assert m.actor1_name == "Libyan National Army"


def test_a_domestic_actor_without_a_country_takes_the_events(c) -> None:  # type: ignore[no-untyped-def]
    m = next(
        m for m in c("President Laurent Gbagbo extended the night-time curfew in Abidjan on Sunday.") if m.actor1_name
    )
    assert (m.actor1_code, m.actor1_country) == ("CIVGOV", "CIV")


def test_ethnic_communities_belong_to_the_country_they_live_in(c) -> None:  # type: ignore[no-untyped-def]
    m = next(m for m in c("Ethnic Albanians protested in Skopje, Macedonia, on Tuesday.") if m.actor1_name)
    assert m.actor1_country == "MKD"


def test_a_state_acting_by_its_name_or_capital_is_its_government(resolve) -> None:  # type: ignore[no-untyped-def]
    assert resolve("Japan halted economic aid.")["Japan"][1:4] == ("JPNGOV", "JPN", "GOV")
    assert resolve("Beirut rejected the appeal.")["Beirut"][1] == "LBNGOV"
    assert resolve("Palestinians protested.")["Palestinians"][3] == "CVL"  # people, not the state


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Israeli tanks", "ISRMIL"),
        ("Russian aircraft", "RUSMIL"),
        ("Palestinian leader", "PSEGOV"),
        ("Afghan guerillas", "AFGINS"),
        ("Iraqi police forces", "IRQCOP"),
    ],
)
def test_hardware_and_leaders(resolve, phrase: str, code: str) -> None:  # type: ignore[no-untyped-def]
    assert resolve(f"The {phrase} arrived.")[phrase][1] == code


def test_before_the_dictionarys_coverage_a_leader_is_not_former(resolve) -> None:  # type: ignore[no-untyped-def]
    assert resolve("Putin spoke.", date(2000, 1, 1))["Putin"][1] == "RUSGOV"
    assert resolve("Biden spoke.", date(2025, 6, 1))["Biden"][1] == "USAELI"  # after his term: former


def test_forces_met_at_a_demonstration_are_its_second_side(c) -> None:  # type: ignore[no-untyped-def]
    mentions = c(
        "On 4 May 2020, over 300 workers demonstrated in Kovvur town, India, demanding to be sent home. "
        "Rioters pelted stones and bottles at the police."
    )
    crowd = next(m for m in mentions if m.event_type == "Riots" and m.cameo_root_code == "14")
    assert (crowd.actor1_inter, crowd.actor2_type, crowd.actor2_inter) == (5, "COP", 1)


def test_the_target_of_a_weapon_fired_at_someone_is_not_the_weapon(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c(
        "On 1 May 2020, Ukrainian Forces fired grenade launchers at the positions of the Donetsk People's "
        "Republic near Syhnalne, Donetsk."
    )
    assert (m.actor1_code, m.actor2_code) == ("UKRMIL", "UKRSEP")


def test_a_clash_with_a_group_read_as_a_clause_still_has_two_sides(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c(
        "On 3 May 2020, Govt forces, while conducting an operation, clashed with Al shabaab militants "
        "collecting tax near Jamaame, Somalia."
    )
    assert (m.actor1_inter, m.actor2_name) == (1, "Al-Shabaab")


def test_clan_and_ethnic_militias_are_identity_militias(resolve) -> None:  # type: ignore[no-untyped-def]
    assert resolve("Suspected Fulani militias attacked.")["Suspected Fulani militias"][4] == 4
    assert resolve("Communal gunmen attacked.")["Communal gunmen"][4] == 4
    assert resolve("Gunmen attacked.")["Gunmen"][4] == 3


def test_two_letter_acronyms_only_before_a_role_noun(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("IS militants attacked the town.")
    assert any(f[0] == "Islamic State" for f in found.values()), found
    assert resolve("AA fighters clashed with troops.")["AA fighters"][0] == "Arakan Army"
    assert not any(f[0] == "Arakan Army" for f in resolve("He bought an AA battery.").values())
    assert not any(f[0] == "Islamic State" for f in resolve("WHAT IS THE PLAN FOR CIVILIANS").values())


def test_short_acronyms_name_listed_organisations() -> None:
    from eventwire.coding.actors import short_acronyms
    from eventwire.coding.lexicon import org_key

    known = actors().organisations
    for acronym, name in short_acronyms().items():
        assert acronym.isupper() and acronym.isalpha() and len(acronym) <= 2, acronym
        assert org_key(name) in known, name


def test_dates_and_unlisted_places_never_act(c) -> None:  # type: ignore[no-untyped-def]
    [m] = [
        m
        for m in c("O 2 May 2020, in Loiza, Puerto Rico, men in a car opened fire, injuring three people.")
        if m.event_type
    ]
    assert m.actor1_name != "May 2020"
    assert m.actor1_inter == 3


def test_unknown_individuals_are_an_unidentified_armed_group(resolve) -> None:  # type: ignore[no-untyped-def]
    assert resolve("Unknown individuals set the house on fire.")["Unknown individuals"][3:5] == ("UAF", 3)


def test_the_article_country_places_an_actor_when_unambiguous(c) -> None:  # type: ignore[no-untyped-def]
    m = next(m for m in c("President Levy Mwanawasa reneged on his commitment to the Zambian people.") if m.actor1_name)
    assert m.actor1_country == "ZMB"
    m = next(m for m in c("President Bush threatened further action against Russia.") if m.actor1_name)
    assert m.actor1_country is None  # Russia is the other side, not the president's country


def test_he_and_she_refer_to_the_last_person_named(c) -> None:  # type: ignore[no-untyped-def]
    m = next(
        m
        for m in c("Ayman Safadi met the envoy in Amman. He later condemned the attack on the embassy.")
        if m.cameo_root_code == "11"
    )
    assert (m.actor1_name, m.actor1_code) == ("Ayman Safadi", "JORGOV")


def test_the_group_refers_to_the_last_named_armed_group(c) -> None:  # type: ignore[no-untyped-def]
    mentions = c(
        "The Taliban seized the district. Afghan officials said the militants killed 12 police officers in Ghazni."
    )
    killing = next(m for m in mentions if m.trigger.startswith("killed"))
    assert killing.actor1_name == "Taliban"
    mentions = c("Al-Shabaab fighters attacked a base near Kismayo. The group later killed two soldiers in Afmadow.")
    assert next(m for m in mentions if m.trigger.startswith("killed")).actor1_name == "Al-Shabaab"


def test_a_bare_title_resolves_to_the_office_holder_of_the_country(resolve, c) -> None:  # type: ignore[no-untyped-def]
    assert resolve("The Kenyan President spoke.", date(2024, 2, 2))["Kenyan President"][:2] == (
        "William Ruto",
        "KENGOV",
    )
    assert resolve("The Kenyan President spoke.", date(2020, 5, 1))["Kenyan President"][0] == "Uhuru Kenyatta"
    m = next(m for m in c("The president condemned the attack in Nairobi, Kenya on Monday.") if m.actor1_name)
    assert (m.actor1_name, m.actor1_code) == ("Uhuru Kenyatta", "KENGOV")  # published 2 May 2020


def test_willing_and_ready_pass_the_speaker_on(c) -> None:  # type: ignore[no-untyped-def]
    m = next(
        m
        for m in c("Syria says it is willing to withdraw its troops from neighboring Lebanon.")
        if m.cameo_code.startswith("08")
    )
    assert m.actor1_name == "Syria"


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("European Community foreign ministers agreed.", "European Community foreign ministers", "IGOEEC"),
        ("EU officials agreed.", "EU officials", "IGOEEC"),
        ("Ousted President Askar Akayev agreed.", "Ousted President Askar Akayev", "ELI"),
        ("Leaders of the Azadliq opposition coalition agreed.", "Leaders of the Azadliq opposition coalition", "OPP"),
        ("The Albanians of southern Serbia demanded autonomy.", "Albanians of southern Serbia", "SRBCVL"),
    ],
)
def test_groups_titles_and_communities(resolve, text: str, phrase: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert resolve(text)[phrase][1] == expected


def test_a_region_of_a_country_is_not_its_government(resolve) -> None:  # type: ignore[no-untyped-def]
    assert resolve("Fighting spread in southern Serbia.")["southern Serbia"][3] is None


def test_a_demonym_on_an_unlisted_noun_is_not_the_state(resolve, c) -> None:  # type: ignore[no-untyped-def]
    assert resolve("Algerian landowners began a strike.")["Algerian landowners"][1:5] == ("DZA", "DZA", None, None)
    m = _typed(c("On 1 May 2020, Algerian landowners began a hunger strike outside Parliament in Algiers."), "Protests")
    assert (m.actor1_name, m.actor1_code, m.actor1_inter) == ("Algerian landowners", "DZACVL", 6)


def test_a_possessive_pronoun_does_not_hide_the_light_verbs_subject(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c("A group of Moroccan diplomats held their first meeting with the Kenyan President on Tuesday.")
    assert m.actor1_code == "MARGOV"


def test_an_unlisted_name_takes_the_role_of_its_apposition(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Salaheddine Sidhoum, Algeria's leading human rights activist, staged a strike.")
    assert found["Salaheddine Sidhoum"][0:4] == ("Salaheddine Sidhoum", "DZAHRI", "DZA", "HRI")


def test_the_modifiers_of_an_event_noun_name_its_author(c) -> None:  # type: ignore[no-untyped-def]
    m = next(
        m for m in c("On 28 April 2020, Saudi-led coalition air raids were reported on Al Jawf, Yemen.") if m.event_type
    )
    assert (m.actor1_country, m.actor1_inter) == ("SAU", 8)  # a foreign state's forces


def test_a_pronoun_deep_in_a_reported_clause_is_the_speaker(c) -> None:  # type: ignore[no-untyped-def]
    mentions = c("The Fijian rebels said they will release the prime minister, whom they had taken hostage.")
    assert all(m.actor1_name == "Fijian rebels" for m in mentions if m.trigger.startswith("taken")), mentions


def test_a_crowd_event_of_a_nationality_is_by_its_people(c) -> None:  # type: ignore[no-untyped-def]
    m = next(
        m
        for m in c("Palestinian riots against Israeli military policies are still continuing.")
        if m.event_type == "Riots"
    )
    assert (m.actor1_name, m.actor1_code, m.actor1_inter) == ("Palestinian", "PSECVL", 5)


def test_unlisted_associations_are_non_governmental(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Members of the Association of African Jurists investigated.")
    assert found["Members of the Association of African Jurists"][1] == "NGO"
    assert resolve("The APEC forum agreed.")["APEC forum"][:2] == ("Asia-Pacific Economic Cooperation", "IGO")


def test_a_sponsored_group_does_not_take_the_country_of_its_attack(c) -> None:  # type: ignore[no-untyped-def]
    m = next(m for m in c("Iran-backed militants attacked a US base in Jordan on Sunday.") if m.actor1_name)
    assert (m.actor1_country, m.actor1_code) == (None, "REB")


def test_lawmakers_who_demonstrate_are_protesters_not_intervening_forces(c) -> None:  # type: ignore[no-untyped-def]
    m = _typed(
        c("On 4 May 2020, councillors of the Leh council protested in Leh, India, demanding evacuations."), "Protests"
    )
    assert m.actor1_name.startswith("councillors") and m.actor1_inter == 6


def test_an_abbreviated_rank_makes_an_officer(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Lt. Gen. Prosper Avril resigned.")
    assert any("Prosper Avril" in f[0] and f[3] == "MIL" for f in found.values()), found
