"""Inside one article, a report that only inherited its date from its scene and tells an act the article already
dated is that act, not another event (``eventwire.article_dates``): a later scene retells the act before it. Two
written dates, or an inherited date before the written one, still tell two acts apart. The merge rule with
records built by hand, then a real parse through the coder."""

from __future__ import annotations

from datetime import UTC, date, datetime

from eventwire.consolidate import assign_events, build_events, mention_frame
from tests.coding.asserted import asserted
from tests.test_consolidate import ARREST, UNDATED, dated, frame, mention, n_events

SATURDAY, MONDAY, TUESDAY = date(2024, 3, 16), date(2024, 3, 18), date(2024, 3, 19)
STAB = {"cameo_root_code": "18", "cameo_code": "182", "cameo_base_code": "182", "trigger": "stabbed"}


def test_an_act_retold_under_a_later_scene_is_the_act_its_article_dated() -> None:
    # "was fatally stabbed early Saturday" … (Monday's charge sets the scene) … "Vasquez allegedly stabbed Welch"
    written = mention(1, "a1", **STAB | dated(SATURDAY, 1, "relative"))
    retold = mention(2, "a1", **STAB | dated(MONDAY, 1, "inherited"))
    [event] = build_events(assign_events(frame(written, retold))).to_dicts()
    assert (event["event_date"], event["num_mentions"]) == (SATURDAY, 2)  # the written day, not the scene's
    # the other way round: reports that only inherited a date, then the sentence that writes an earlier one
    [event] = build_events(assign_events(frame(retold, written))).to_dicts()
    assert (event["event_date"], event["num_mentions"]) == (SATURDAY, 2)
    # a retold report does not keep a later report of the written day away
    assert n_events(written, retold, mention(3, "a1", **STAB | dated(SATURDAY, 1, "relative"))) == 1


def test_an_inherited_date_before_the_written_one_is_another_act() -> None:
    # "shot …, a spokesman said Tuesday" and, under Saturday's scene, "Mixon was fatally shot": two shootings
    written = mention(1, "a1", **STAB | dated(TUESDAY, 1, "relative"))
    earlier = mention(2, "a1", **STAB | dated(SATURDAY, 1, "inherited"))
    assert n_events(written, earlier) == 2
    # and a written day after the inherited one of an event is a later act ("Police later arrested her" under
    # Monday's scene, then "three people police arrested Thursday night")
    assert (
        n_events(
            mention(3, "a1", **ARREST | dated(MONDAY, 1, "inherited")),
            mention(4, "a1", **ARREST | dated(date(2024, 3, 21))),
        )
        == 2
    )


def test_two_written_dates_and_other_roots_are_still_two_acts() -> None:
    saturday = mention(1, "a1", **STAB | dated(SATURDAY, 1, "relative"))
    tuesday = mention(2, "a1", **STAB | dated(TUESDAY, 1, "relative"))
    assert n_events(saturday, tuesday) == 2
    # a retold report of another root (an arrest under the later scene) is not the stabbing
    assert n_events(saturday, mention(3, "a1", **ARREST | dated(MONDAY, 1, "inherited"))) == 2
    # across articles nothing changes: another outlet's report under Monday's scene is held to the window
    assert n_events(saturday, mention(4, "a2", **STAB | dated(TUESDAY, 1, "inherited"))) == 2


def test_an_undated_headline_still_does_not_chain_two_written_days() -> None:
    headline = mention(1, "a1", **ARREST | UNDATED)
    arrest = mention(2, "a1", **ARREST | dated(date(2024, 3, 11), 2, "relative"))
    bail = mention(3, "a1", **ARREST | dated(TUESDAY, 1, "relative"))
    assert n_events(headline, arrest, bail) == 2


def test_a_stabbing_retold_under_the_charging_scene_is_one_event(code_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A Kansas City man was fatally stabbed early Saturday in Independence, police said. Christopher Vasquez, "
        "18, was charged Monday with second-degree murder. While they were struggling, Vasquez allegedly stabbed "
        "Welch, according to court documents."
    )
    mentions = asserted(code_text, text, datetime(2024, 3, 8, tzinfo=UTC))
    stabs = [m for m in mentions if m.trigger == "stabbed"]
    # the parse: the lede writes Saturday, the retelling inherits Monday from the charge before it
    assert [(m.date_source, m.event_date.isoformat()) for m in stabs] == [
        ("relative", "2024-03-02"),
        ("inherited", "2024-03-04"),
    ]
    assigned = assign_events(mention_frame(mentions))
    ids = dict(zip(assigned["mention_id"], assigned["event_id"], strict=True))
    assert ids[stabs[0].mention_id] == ids[stabs[1].mention_id]
    stabbing = build_events(assigned).filter(build_events(assigned)["cameo_root_code"] == "18").to_dicts()
    assert [(e["event_date"].isoformat(), e["num_mentions"]) for e in stabbing] == [("2024-03-02", 2)]


def test_two_acts_each_dated_only_by_its_scene_stay_two() -> None:
    # two shootings, each under its own scene's day and neither day written for the act: nothing to retell, so
    # two day-precise dates tell two acts apart
    first = mention(1, "a1", **STAB | dated(TUESDAY, 1, "inherited"))
    second = mention(2, "a1", **STAB | dated(SATURDAY, 1, "inherited"))
    assert n_events(first, second) == 2
    assert n_events(second, first) == 2
