"""The seed article, coded without Prefect: the behaviour the foundation promises on it."""

from __future__ import annotations

import polars as pl
import pytest

from eventwire.coding.coder import code_article
from eventwire.consolidate import assign_events, build_events, mention_frame
from eventwire.ingest.readers import read_file
from tests.conftest import SEED_ARTICLE, SEEDS


@pytest.fixture(scope="module")
def seed(nlp, coder_resources):  # type: ignore[no-untyped-def]
    article = read_file(SEED_ARTICLE, SEEDS).articles[0]
    mentions, errors = code_article(nlp(article.coding_text), article, coder_resources)
    assert not errors
    assigned = assign_events(mention_frame(mentions))
    return mentions, build_events(assigned), assigned


def test_us_strikes_in_iraq_and_in_syria_are_two_events(seed) -> None:  # type: ignore[no-untyped-def]
    _, events, _ = seed
    strikes = events.filter((pl.col("actor1_country") == "USA") & (pl.col("cameo_root_code") == "19"))
    assert sorted(strikes["iso3"].to_list()) == ["IRQ", "SYR"]
    assert set(strikes["event_type"]) == {"Explosions/Remote violence"}
    assert set(strikes["sub_event_type"]) == {"Air/drone strike"}
    assert set(strikes["disorder_type"]) == {"Political violence"}
    assert set(strikes["cameo_code"]) == {"195"}  # the body's "airstrikes" beats the headline's bare "strikes"
    assert set(strikes["event_date"].cast(pl.Utf8)) == {"2024-02-02"}
    assert strikes["num_mentions"].to_list() == [2, 2]  # headline + lede merged into one event per country


def test_no_attack_on_iran_is_coded(seed) -> None:  # type: ignore[no-untyped-def]
    _, events, _ = seed
    violent = events.filter(pl.col("cameo_root_code").is_in(["18", "19", "20"]))
    assert "IRN" not in violent["iso3"].to_list()
    assert "IRN" not in violent["actor2_country"].drop_nulls().to_list()


def test_calls_negations_and_tallies_are_kept_as_mentions_but_not_events(seed) -> None:  # type: ignore[no-untyped-def]
    mentions, events, assigned = seed
    by_sentence = {m.sentence[:40]: m.factuality for m in mentions}
    tally = next(f for s, f in by_sentence.items() if s.startswith("Iran-backed militants have targeted"))
    assert tally == "aggregate"  # "over 160 times since October"
    assert not any("We don't seek a war" in m.sentence and m.factuality == "asserted" for m in mentions)
    assert not any("advocate for direct strikes" in m.sentence and m.factuality == "asserted" for m in mentions)
    asserted = assigned.filter(pl.col("factuality") == "asserted")
    assert asserted["event_id"].null_count() == 0
    assert set(asserted["event_id"]) == set(events["event_id"])
    assert assigned.filter(pl.col("factuality") != "asserted")["event_id"].null_count() == len(assigned) - len(asserted)


def test_drone_attack_in_jordan_has_actors_date_and_casualties(seed) -> None:  # type: ignore[no-untyped-def]
    _, events, _ = seed
    jordan = events.filter(pl.col("iso3") == "JOR").row(0, named=True)
    assert jordan["cameo_code"] == "195" and jordan["sub_event_type"] == "Air/drone strike"
    assert str(jordan["event_date"]) == "2024-01-28"  # "on Sunday" before Friday 2 February
    assert jordan["time_precision"] == 1
    assert jordan["fatalities"] == 3 and jordan["injuries"] == 40  # "three … service members", "over 40 others"
    assert jordan["actor1_name"] == "Iran-backed militants"
    assert jordan["actor2_code"] == "USAMIL" and jordan["actor2_inter"] == 8  # US forces abroad: external


def test_mentions_point_back_to_their_sentence(seed) -> None:  # type: ignore[no-untyped-def]
    mentions, _, _ = seed
    article = read_file(SEED_ARTICLE, SEEDS).articles[0]
    for m in mentions:
        assert article.full_text[m.char_start : m.char_end].strip() == m.sentence
        assert m.char_start <= m.trigger_start < m.trigger_end <= m.char_end


def test_coding_is_deterministic(nlp, coder_resources, seed) -> None:  # type: ignore[no-untyped-def]
    article = read_file(SEED_ARTICLE, SEEDS).articles[0]
    again, _ = code_article(nlp(article.coding_text), article, coder_resources)
    assert [m.model_dump() for m in again] == [m.model_dump() for m in seed[0]]


def test_de_escalation_and_threat_of_the_militias(seed) -> None:  # type: ignore[no-untyped-def]
    mentions, events, _ = seed
    suspension = events.filter(pl.col("cameo_base_code") == "087")
    assert suspension.height >= 1
    assert set(suspension["event_type"]) == {"Strategic developments"}
    assert "Kata'ib Hezbollah" in suspension["actor1_name"].to_list()
    # "declared on Friday his intention to continue attacks": a threat (13x) by the leader, asserted;
    # the attacks themselves stay an intention
    threat = [m for m in mentions if m.cameo_root_code == "13" and m.factuality == "asserted"]
    assert threat and "Nujaba" in (threat[0].actor1_name or "") and threat[0].actor1_code == "IRQUAF"
    assert str(threat[0].event_date) == "2024-02-02" and threat[0].time_precision == 1
    assert all(m.factuality == "intended" for m in mentions if "continue" in m.trigger and m.cameo_root_code == "19")
