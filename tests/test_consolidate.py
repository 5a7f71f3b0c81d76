"""The consolidation rule at its edges: which reports are one event, what the event says, and id stability."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl
import pytest

from eventwire.consolidate import RULES, assign_events, build_events
from eventwire.ingest.article import stable_id
from eventwire.store.partitions import to_table

KANO = (12.0, 8.52)
DAY = date(2024, 3, 4)


def mention(n: int, article: str = "a1", **over: Any) -> dict[str, Any]:
    """A valid asserted mention: an armed attack in Kano on 4 March 2024, reported on 5 March."""
    row = {
        "mention_id": stable_id("m", n),
        "article_id": stable_id("art", article),
        "sentence_index": n,
        "sentence": "…",
        "char_start": 0,
        "char_end": 1,
        "trigger": "attacked",
        "trigger_start": 0,
        "trigger_end": 1,
        "factuality": "asserted",
        "source": f"outlet-{article}",
        "published_at": datetime(2024, 3, 5, tzinfo=UTC),
        "event_date": DAY,
        "time_precision": 1,
        "cameo_code": "190",
        "cameo_base_code": "190",
        "cameo_root_code": "19",
        "quad_class": 4,
        "goldstein": -10.0,
        "disorder_type": "Political violence",
        "event_type": "Violence against civilians",
        "sub_event_type": "Attack",
        "actor1_name": "gunmen",
        "actor1_code": "UAF",
        "actor1_type": "UAF",
        "iso3": "NGA",
        "country": "Nigeria",
        "admin1": "Kano",
        "location": "Kano",
        "latitude": KANO[0],
        "longitude": KANO[1],
        "geo_precision": 1,
        "geonameid": 2335204,
        "fatalities": 0,
        "injuries": 0,
        "arrests": 0,
        "confidence": 0.6,
        "coder_version": "test",
    }
    return row | over


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.from_arrow(to_table("mentions", rows, "test"))


def n_events(*rows: dict[str, Any]) -> int:
    return assign_events(frame(*rows))["event_id"].n_unique()


def north(km: float) -> dict[str, float]:
    return {"latitude": KANO[0] + km / 111.2, "longitude": KANO[1]}


def test_two_outlets_reporting_one_attack_make_one_event() -> None:
    a = mention(1, "a1", fatalities=5, actor1_name=None)
    b = mention(2, "a2", event_date=DAY + timedelta(days=1), **north(8), fatalities=7, injuries=3)
    [event] = build_events(assign_events(frame(a, b))).to_dicts()
    assert (event["num_mentions"], event["num_articles"], event["num_sources"]) == (2, 2, 2)
    assert event["fatalities"] == 5  # the most conservative reported figure
    assert event["injuries"] == 3
    assert event["actor1_name"] == "gunmen"


@pytest.mark.parametrize(
    ("precision", "days", "merged"),
    [
        (1, RULES.day_window, True),
        (1, RULES.day_window + 1, False),
        (2, RULES.week_window, True),
        (2, RULES.week_window + 1, False),
    ],
)
def test_date_window_edges(precision: int, days: int, merged: bool) -> None:
    later = mention(2, "a2", event_date=DAY + timedelta(days=days), time_precision=precision)
    assert n_events(mention(1, time_precision=precision), later) == (1 if merged else 2)


@pytest.mark.parametrize(("km", "merged"), [(RULES.near_km - 1, True), (RULES.near_km + 1, False)])
def test_distance_edges_between_town_precise_places(km: float, merged: bool) -> None:
    other = mention(2, "a2", geonameid=1, location="elsewhere", **north(km))
    assert n_events(mention(1), other) == (1 if merged else 2)


def test_coarse_places_merge_by_admin1_and_never_across_countries() -> None:
    region = {"geo_precision": 3, "geonameid": None, "location": "Kano State"}
    assert n_events(mention(1), mention(2, "a2", **region, **north(80))) == 1  # town inside the region
    assert n_events(mention(1), mention(2, "a2", **region, admin1="Kaduna")) == 2
    assert n_events(mention(1), mention(2, "a2", iso3="NER", country="Niger")) == 2


@pytest.mark.parametrize(
    ("one", "other", "merged"),
    [
        (
            {"actor1_code": "NGAMIL", "actor1_country": "NGA", "actor1_type": "MIL"},
            {"actor1_code": "NGA", "actor1_country": "NGA"},
            True,
        ),
        (
            {"actor1_code": "NGAMIL", "actor1_country": "NGA", "actor1_type": "MIL"},
            {"actor1_code": "NGACOP", "actor1_country": "NGA", "actor1_type": "COP"},
            False,
        ),
        ({"actor1_code": "UAF", "actor1_type": "UAF"}, {"actor1_code": "COP", "actor1_type": "COP"}, False),
        ({}, {"actor1_name": "Maiduguri", "actor1_code": None, "actor1_type": None}, True),  # untyped: unknown
        (
            {"actor2_code": "CVL", "actor2_type": "CVL", "actor2_inter": 7},
            {"actor2_code": "BUS", "actor2_type": "BUS", "actor2_inter": 7},
            True,
        ),  # victims, however named
        ({"actor1_code": "UAF", "actor1_type": "UAF"}, {"actor1_code": "NGAINS", "actor1_type": "INS"}, True),
        ({"actor1_code": "UAF", "actor1_type": "UAF"}, {"actor1_code": "NGACOP", "actor1_type": "COP"}, False),
        (
            {"actor1_code": "NGAINS", "actor1_country": "NGA", "actor1_type": "INS"},
            {"actor1_code": "NERINS", "actor1_country": "NER", "actor1_type": "INS"},
            False,
        ),
        # a lone attacker: "gunmen" in one report, "a 26-year-old man" in another (ACLED: unidentified armed)
        ({"actor1_code": "UAF", "actor1_type": "UAF"}, {"actor1_code": "NGACVL", "actor1_type": "CVL"}, True),
        # ... but not a crowd (ACLED inter 6, protesters) and not a man of another country
        (
            {"actor1_code": "UAF", "actor1_type": "UAF"},
            {"actor1_code": "NGACVL", "actor1_type": "CVL", "actor1_inter": 6},
            False,
        ),
        (
            {"actor1_code": "NGAUAF", "actor1_country": "NGA", "actor1_type": "UAF"},
            {"actor1_code": "NERCVL", "actor1_country": "NER", "actor1_type": "CVL"},
            False,
        ),
        # ... and only as the doer: an attacker shot by police is not the victims of the attack
        ({"actor2_code": "UAF", "actor2_type": "UAF"}, {"actor2_code": "CVL", "actor2_type": "CVL"}, False),
    ],
)
def test_actor_compatibility(one: dict[str, Any], other: dict[str, Any], merged: bool) -> None:
    assert n_events(mention(1, **one), mention(2, "a2", **other)) == (1 if merged else 2)


def test_a_lone_attacker_named_as_a_man_shuts_out_no_later_report_naming_the_group() -> None:
    # published in this order: "gunmen", then "a 26-year-old man", then "Boko Haram"
    hours = [{"published_at": datetime(2024, 3, 5, h, tzinfo=UTC)} for h in (1, 2, 3)]
    gunmen = mention(1, "a1", **hours[0])
    man = {"actor1_name": "26-year-old man", "actor1_code": "NGACVL", "actor1_country": "NGA", "actor1_type": "CVL"}
    group = {"actor1_name": "Boko Haram", "actor1_code": "NGAINS", "actor1_country": "NGA", "actor1_type": "INS"}
    reports = (gunmen, mention(2, "a2", **man, **hours[1]), mention(3, "a3", **group, **hours[2]))
    [event] = build_events(assign_events(frame(*reports))).to_dicts()
    assert event["num_mentions"] == 3
    assert event["actor1_name"] == "Boko Haram"  # the named group says the most


def test_sides_of_a_clash_may_be_named_in_either_order_but_not_sides_of_an_attack() -> None:
    troops = {"code": "NGAMIL", "country": "NGA", "type": "MIL", "name": "troops"}
    rebels = {"code": "NGAINS", "country": "NGA", "type": "INS", "name": "insurgents"}
    x = {f"actor1_{k}": v for k, v in troops.items()} | {f"actor2_{k}": v for k, v in rebels.items()}
    y = {f"actor1_{k}": v for k, v in rebels.items()} | {f"actor2_{k}": v for k, v in troops.items()}
    clash = {"event_type": "Battles", "sub_event_type": "Armed clash", "cameo_code": "193", "cameo_base_code": "193"}
    assert n_events(mention(1, **x, **clash), mention(2, "a2", **y, **clash)) == 1
    coerce = {"cameo_root_code": "18", "cameo_code": "180", "cameo_base_code": "180"}
    assert n_events(mention(1, **x, **coerce), mention(2, "a2", **y, **coerce)) == 2


def test_look_alikes_stay_apart() -> None:
    shooting = mention(1, "a1", fatalities=4)
    police = mention(2, "a2", actor1_name="police", actor1_code="NGACOP", actor1_type="COP", fatalities=2)
    other_type = mention(3, "a3", event_type="Battles", sub_event_type="Armed clash")
    headline = mention(5, "a3", event_type="Violence against civilians", time_precision=2)
    same_article_next_day = mention(4, "a1", event_date=DAY + timedelta(days=1))
    assert n_events(shooting, police, other_type, same_article_next_day) == 4
    # inside one article the headline's event type does not split it from the body's report
    assert n_events(other_type, headline) == 1


def test_event_takes_the_most_precise_place_and_date_and_latest_correction_per_source() -> None:
    coarse = mention(1, "a1", geo_precision=3, location="Kano State", geonameid=None, time_precision=2, fatalities=3)
    precise = mention(2, "a2", event_date=DAY, published_at=datetime(2024, 3, 6, tzinfo=UTC), fatalities=9)
    update = mention(3, "a3", source="outlet-a1", published_at=datetime(2024, 3, 7, tzinfo=UTC), fatalities=12)
    [event] = build_events(assign_events(frame(coarse, precise, update))).to_dicts()
    assert (event["location"], event["geo_precision"], event["time_precision"]) == ("Kano", 1, 1)
    # outlet-a1 corrected 3 → 12; outlet-a2 says 9: the conservative figure across outlets is 9
    assert event["fatalities"] == 9 and event["num_sources"] == 2 and event["num_articles"] == 3


def test_ids_do_not_depend_on_row_order_and_survive_later_reports() -> None:
    night1 = [
        mention(
            i,
            f"a{i % 3}",
            published_at=datetime(2024, 3, 5, i % 3, tzinfo=UTC),
            actor1_name=["gunmen", "police", "bandits"][i % 3],
            fatalities=i % 4,
        )
        for i in range(12)
    ]
    ids1 = dict(assign_events(frame(*night1)).select("mention_id", "event_id").iter_rows())
    shuffled = night1[:]
    random.Random(7).shuffle(shuffled)
    assert dict(assign_events(frame(*shuffled)).select("mention_id", "event_id").iter_rows()) == ids1
    night2 = [mention(100, "b1", published_at=datetime(2024, 3, 6, tzinfo=UTC), actor1_name="police")]
    both = assign_events(frame(*night1, *night2))
    ids2 = dict(both.select("mention_id", "event_id").iter_rows())
    assert {k: ids2[k] for k in ids1} == ids1  # every earlier report keeps its event
    assert ids2[stable_id("m", 100)] in set(ids1.values())  # the new report joined an existing event
    assert both["event_id"].n_unique() == len(set(ids1.values()))


def test_only_asserted_mentions_make_events() -> None:
    out = assign_events(frame(mention(1), mention(2, "a2", factuality="negated")))
    assert out["event_id"].null_count() == 1


REGION_ONLY = {"geo_precision": 3, "geonameid": None, "location": "Kano State", **north(60)}


def test_a_report_calling_its_act_separate_founds_its_own_event() -> None:
    known = mention(1, "a1", sentence="Gunmen killed nine villagers in Kano on Monday.")
    separate = mention(2, "a2", sentence="In a separate attack on Monday, gunmen killed four people.", **REGION_ONLY)
    plain = mention(3, "a3", sentence="Gunmen killed people in Kano State on Monday.", **REGION_ONLY)
    assigned = assign_events(frame(known, separate, plain))
    ids = dict(zip(assigned["mention_id"], assigned["event_id"], strict=True))
    assert ids[known["mention_id"]] == ids[plain["mention_id"]] != ids[separate["mention_id"]]


def test_two_reports_of_the_separate_act_still_merge() -> None:
    first = mention(1, "a1", sentence="In a separate attack, gunmen killed four farmers.", **REGION_ONLY)
    second = mention(2, "a2", sentence="Separately, gunmen killed four farmers, police said.", **REGION_ONLY)
    assert n_events(first, second) == 1


def test_a_town_the_gazetteer_lacks_is_still_another_town() -> None:
    known = mention(1, "a1", sentence="Gunmen killed nine villagers in Kano on Monday.")
    elsewhere = mention(2, "a2", sentence="Gunmen killed four farmers in Kirawa, Kano State, on Monday.", **REGION_ONLY)
    same_town = mention(3, "a3", sentence="Gunmen killed nine people in Kano, Kano State, on Monday.", **REGION_ONLY)
    assert n_events(known, elsewhere) == 2
    assert n_events(known, same_town) == 1


def test_a_region_only_headline_takes_the_town_its_article_names() -> None:
    known = mention(1, "a1", sentence="Gunmen killed nine villagers in Kano on Monday.")
    headline = mention(2, "a2", sentence="Four farmers killed in Kano State", **REGION_ONLY)
    body = mention(3, "a2", sentence="Gunmen killed four farmers in Kirawa, Kano State, on Monday.", **REGION_ONLY)
    assigned = assign_events(frame(known, headline, body))
    ids = dict(zip(assigned["mention_id"], assigned["event_id"], strict=True))
    assert ids[headline["mention_id"]] == ids[body["mention_id"]] != ids[known["mention_id"]]


@pytest.mark.parametrize(
    ("sentence", "separate"),
    [
        ("In a separate attack on Tuesday, gunmen killed four farmers.", True),
        ("Four farmers killed in separate Borno attack", True),
        ("Separately, police said two suspects were arrested.", True),
        ("Gunmen killed nine and wounded another five people.", False),
        ("The attack was the second this month, officials said.", False),
    ],
)
def test_what_reads_as_a_separate_incident(sentence: str, separate: bool) -> None:
    from eventwire.consolidate import says_separate

    assert says_separate(sentence) is separate


BOMBING = {
    "cameo_root_code": "18",
    "cameo_code": "183",
    "cameo_base_code": "183",
    "event_type": "Explosions/Remote violence",
}
ARREST = {
    "cameo_root_code": "17",
    "cameo_code": "173",
    "cameo_base_code": "173",
    "event_type": None,
    "sub_event_type": None,
    "actor1_name": "police",
    "actor1_code": "NGACOP",
    "actor1_type": "COP",
}


def test_inside_one_article_an_assault_and_a_killing_of_one_incident_are_one_event() -> None:
    # "A suicide bombing hit the market in Kano on Monday." then "Some 14 people were killed." (19: a killing
    # with no named doer): one incident told twice
    bombing = mention(1, "a1", **BOMBING)
    killed = mention(2, "a1", actor1_name=None, actor1_code=None, actor1_type=None)
    assert n_events(bombing, killed) == 1
    # across articles the root still decides: another outlet's 19 does not join this outlet's 18
    assert n_events(bombing, mention(3, "a2", actor1_name=None, actor1_code=None, actor1_type=None)) == 2


def test_an_attack_and_the_next_days_arrest_stay_two_events() -> None:
    attack = mention(1, "a1", **BOMBING)
    arrest = mention(2, "a1", event_date=DAY + timedelta(days=1), **ARREST)
    same_day_arrest = mention(3, "a1", **ARREST)
    assert n_events(attack, arrest) == 2
    assert n_events(attack, same_day_arrest) == 2  # another root: another act, whatever the day
    # two violent acts of one article on different days stay two as well
    assert n_events(attack, mention(4, "a1", event_date=DAY + timedelta(days=1))) == 2


def test_across_articles_two_violent_roots_meet_only_with_one_acled_type() -> None:
    assault = mention(1, "a1", cameo_root_code="18", cameo_code="180", cameo_base_code="180")
    killing = mention(2, "a2")  # 19, the same attack on civilians by another outlet
    battle = mention(3, "a3", event_type="Battles", sub_event_type="Armed clash")
    assert n_events(assault, killing) == 1
    assert n_events(assault, battle) == 2


# "Grand jury indicts man" (no date in the text: the publication day, week-precise) over "was indicted on 4 March",
# in a story published 20 March: one act, and only the body says when.
PUBLISHED = datetime(2024, 3, 20, tzinfo=UTC)
UNDATED = {"event_date": date(2024, 3, 20), "time_precision": 2, "date_source": "published", "published_at": PUBLISHED}


def dated(day: date, precision: int = 1, source: str = "sentence") -> dict[str, Any]:
    return {"event_date": day, "time_precision": precision, "date_source": source, "published_at": PUBLISHED}


def test_inside_one_article_an_undated_report_and_the_day_its_article_names_are_one_event() -> None:
    headline = mention(1, "a1", **ARREST | UNDATED)
    body = mention(2, "a1", **ARREST | dated(DAY))  # 16 days before publication: beyond the week window
    events = build_events(assign_events(frame(headline, body)))
    assert events.height == 1
    assert events["event_date"].to_list() == [DAY]  # the day the body gives, day-precise
    # either order: a dated lede, then an undated detail
    assert n_events(mention(3, "a1", **ARREST | dated(DAY)), mention(4, "a1", **ARREST | UNDATED)) == 1
    # across articles the window still decides: another outlet's undated report 16 days on is another event
    assert n_events(body, mention(5, "a2", **ARREST | UNDATED)) == 2
    # a date the text gives is not "undated", even when it is week-precise ("last week")
    assert n_events(body, mention(6, "a1", **ARREST | dated(date(2024, 3, 20), 2, "relative"))) == 2


def test_an_event_takes_a_date_its_text_gives_over_undated_reports_whatever_their_precision_or_number() -> None:
    # the headline and the lede are undated (the publication week), the body says "last weekend" (week-precise)
    headline, lede = mention(1, "a1", **ARREST | UNDATED), mention(2, "a1", **ARREST | UNDATED)
    weekend = mention(3, "a1", **ARREST | dated(date(2024, 3, 16), 2, "relative"))
    [event] = build_events(assign_events(frame(headline, lede, weekend))).to_dicts()
    assert (event["event_date"], event["time_precision"]) == (date(2024, 3, 16), 2)
    # "was arrested earlier this month": a month-precise date beats the undated report's week
    month = mention(4, "a1", **ARREST | dated(date(2024, 3, 1), 3, "relative"))
    [event] = build_events(assign_events(frame(headline, month))).to_dicts()
    assert (event["event_date"], event["time_precision"]) == (date(2024, 3, 1), 3)
    # a date the sentence writes beats one inherited from its scene, which beats none
    inherited = mention(5, "a1", **ARREST | dated(date(2024, 3, 18), 1, "inherited"))
    written = mention(6, "a1", **ARREST | dated(date(2024, 3, 18), 2, "relative"))
    [event] = build_events(assign_events(frame(headline, inherited))).to_dicts()
    assert (event["event_date"], event["time_precision"]) == (date(2024, 3, 18), 1)
    ranked = build_events(assign_events(frame(inherited, written))).to_dicts()
    assert [(e["event_date"], e["time_precision"]) for e in ranked] == [(date(2024, 3, 18), 2)]


def test_inside_one_article_a_week_precise_date_stands_for_its_calendar_week() -> None:
    # published Wednesday 20 March: "arrested last week" is 13 March (week-precise), "on Tuesday" 19 March,
    # six days later but in another week: two acts, whatever undated headline joins them
    headline = mention(1, "a1", **ARREST | UNDATED)
    last_week = mention(2, "a1", **ARREST | dated(date(2024, 3, 13), 2, "relative"))
    tuesday = mention(3, "a1", **ARREST | dated(date(2024, 3, 19), 1, "relative"))
    assert n_events(headline, last_week, tuesday) == 2
    # "this week" (the publication day, week-precise) and "on Monday" of the same week are one act
    this_week = mention(4, "a1", **ARREST | dated(date(2024, 3, 20), 2, "relative"))
    monday = mention(5, "a1", **ARREST | dated(date(2024, 3, 18), 1, "relative"))
    assert n_events(headline, this_week, monday) == 1


def test_an_undated_headline_does_not_chain_two_days_of_its_article_into_one_event() -> None:
    # "Bail set for robbery suspect." / "The man was arrested last week." / "A judge set his bail on Tuesday.":
    # the arrest (the week of 11 March) and the bail hearing (19 March) are two acts, whatever the headline joins
    headline = mention(1, "a1", **ARREST | UNDATED)
    arrest = mention(2, "a1", **ARREST | dated(date(2024, 3, 11), 2, "relative"))
    bail = mention(3, "a1", **ARREST | dated(date(2024, 3, 19), 1, "relative"))
    assert n_events(headline, arrest, bail) == 2
    # two day-precise days of one article stay two events even when the first joined an undated report
    first, second = (mention(n, "a1", **ARREST | dated(DAY + timedelta(days=n))) for n in (4, 5))
    assert n_events(headline, first, second) == 2
    # while reports of one day still gather: the headline, the lede and a detail of the same hearing
    assert n_events(headline, bail, mention(7, "a1", **ARREST | dated(date(2024, 3, 19), 1, "inherited"))) == 1
