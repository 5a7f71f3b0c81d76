"""The ACLED type decided from the whole event (``coding.event_type``), on mention drafts built by hand, and the
taxonomy facts it reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from eventwire.coding import lexicon as lx
from eventwire.coding.actors import Actor
from eventwire.coding.draft import Draft
from eventwire.coding.event_type import (
    acled_sides,
    crowd_inter,
    decide_article,
    escalate_protests,
    fold_into_riots,
    returned_fire,
    target_inter,
    type_mention,
)
from schemas import taxonomy

POLICE = Actor("Police", "INDCOP", "IND", "COP", 1)
CROWD = Actor("workers", "INDLAB", "IND", "LAB", 6)
MAYOR = Actor("mayor", "INDGOV", "IND", "GOV", 1)


def _draft(code: str, **kw: object) -> Draft:
    cameo = taxonomy.cameo_codes()[code]
    fields: dict[str, object] = {
        "article_id": "a",
        "sentence_index": 0,
        "sentence": "s",
        "char_start": 0,
        "char_end": 1,
        "trigger": "t",
        "trigger_start": 0,
        "trigger_end": 1,
        "factuality": "asserted",
        "event_date": date(2024, 4, 29),
        "time_precision": 1,
        "date_source": "text",
        "cameo_code": cameo.code,
        "cameo_base_code": cameo.base_code,
        "cameo_root_code": cameo.root_code,
        "quad_class": cameo.quad_class,
        "goldstein": cameo.goldstein,
        "fatalities": 0,
        "injuries": 0,
        "arrests": 0,
        "confidence": 0.5,
    }
    fields.update(kw)
    return Draft(**fields)  # type: ignore[arg-type]


def _cameo_of(iso3: str) -> str | None:
    return {"IND": "IND", "YEM": "YEM"}.get(iso3)


def test_taxonomy_facts_are_read_from_the_csvs() -> None:
    assert {"MIL", "COP", "REB", "UAF", "PKO"} <= taxonomy.armed_actor_types()
    assert "GOV" not in taxonomy.armed_actor_types() and "CVL" not in taxonomy.armed_actor_types()
    assert taxonomy.state_force_types() == {"MIL", "COP", "SPY"}
    assert taxonomy.armed_group_types() & taxonomy.state_force_types() == set()
    assert taxonomy.state_force_inters() == {1, 8}
    assert taxonomy.armed_inters() == {1, 2, 3, 4, 8}
    assert taxonomy.unarmed_inters() == {5, 6, 7}
    assert taxonomy.civilian_inter() == 7


def test_an_unarmed_target_is_civilians_even_when_its_institution_is_the_state() -> None:
    assert target_inter(MAYOR) == taxonomy.civilian_inter()
    assert target_inter(POLICE) == 1
    assert target_inter(None) is None


def test_a_crowd_takes_its_role_in_the_event() -> None:
    assert crowd_inter(7, "Riots") == 5
    assert crowd_inter(None, "Protests") == 6
    assert crowd_inter(1, "Protests") == 1  # state forces stay state forces
    assert crowd_inter(7, "Battles") == 7


def test_type_mention_reads_the_rules_and_gives_actor1_its_crowd_role() -> None:
    protest = _draft("141", actor1=replace(CROWD, inter=7), inter1=7)
    type_mention(protest, lx.acled_rules())
    assert (protest.event_type, protest.sub_event_type) == ("Protests", "Peaceful protest")
    assert protest.actor1 is not None and protest.actor1.inter == 6


def test_a_protest_with_police_dispersing_it_the_same_day_and_place_is_a_protest_with_intervention() -> None:
    rules = lx.acled_rules()
    protest = _draft("141", actor1=CROWD, inter1=6)
    dispersal = _draft("175", actor1=POLICE, actor2=CROWD, inter1=1)
    for d in (protest, dispersal):
        type_mention(d, rules)
    escalate_protests([protest, dispersal])
    assert protest.sub_event_type == "Protest with intervention"
    assert dispersal.sub_event_type == "Protest with intervention"
    # another day is another event
    elsewhere = _draft("141", actor1=CROWD, inter1=6, event_date=date(2024, 5, 1))
    type_mention(elsewhere, rules)
    escalate_protests([elsewhere, dispersal])
    assert elsewhere.sub_event_type == "Peaceful protest"


def test_a_killing_by_nobody_armed_at_a_riot_is_the_riot() -> None:
    riot = _draft("145", sub_event_type="Mob violence", event_type="Riots", disorder_type="Political violence")
    killing = _draft(
        "1823",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        disorder_type="Political violence",
        fatalities=1,
    )
    fold_into_riots([riot, killing])
    assert (killing.event_type, killing.sub_event_type) == ("Riots", "Mob violence")


def test_returned_fire_makes_the_attack_a_battle() -> None:
    attack = _draft("190", event_type="Explosions/Remote violence", sub_event_type="Grenade")
    returned_fire(attack)
    assert (attack.event_type, attack.sub_event_type) == ("Battles", "Armed clash")


def test_acled_sides_name_the_sides_a_note_implies() -> None:
    attack = _draft("1823", event_type="Violence against civilians", sub_event_type="Attack")
    acled_sides(attack, _cameo_of)
    assert attack.actor1 is not None and attack.actor1.name == "Unidentified Armed Group"
    assert attack.actor2 is not None and attack.actor2.name == "Civilians"
    assert attack.actor2.inter == taxonomy.civilian_inter()
    # police dispersing marchers: the crowd is actor1, the police actor2
    dispersal = _draft("175", event_type="Protests", sub_event_type="Protest with intervention")
    dispersal.actor1, dispersal.actor2 = POLICE, CROWD
    acled_sides(dispersal, _cameo_of)
    assert dispersal.actor1 is not None and dispersal.actor1.name == "workers" and dispersal.actor1.inter == 6
    assert dispersal.actor2 == POLICE


def test_decide_article_runs_the_whole_article_and_the_record_keeps_only_columns() -> None:
    rules = lx.acled_rules()
    protest = _draft("141", actor1=CROWD, inter1=6, cues=frozenset({"march"}))
    dispersal = _draft("175", actor1=POLICE, actor2=CROWD, inter1=1)
    drafts = [protest, dispersal]
    for d in drafts:
        type_mention(d, rules)
    decide_article(drafts, _cameo_of)
    assert protest.actor2 == POLICE  # the forces that intervened are the demonstration's actor2
    record = protest.record()
    assert record["actor1_name"] == "workers" and record["actor2_name"] == "Police"
    assert not {"cues", "roots", "inter1", "derived", "place", "actor1", "actor2"} & set(record)
    assert "iso3" not in record  # no place: no place columns
