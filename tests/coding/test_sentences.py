"""Sentence-level behaviour of the coder: triggers, roles, factuality, places, dates, counts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eventwire.coding.coder import code_article
from eventwire.coding.counts import parse_number
from eventwire.ingest.article import InputArticle

PUBLISHED = datetime(2024, 3, 8, tzinfo=UTC)  # a Friday


def code(nlp, res, text: str, title: str | None = None):  # type: ignore[no-untyped-def]
    article = InputArticle(source_id="t", uri="t", text=text, published_at=PUBLISHED, title=title)
    mentions, errors = code_article(nlp(article.coding_text), article, res)
    assert not errors
    return mentions


@pytest.fixture()
def c(nlp, coder_resources):  # type: ignore[no-untyped-def]
    return lambda text, title=None: code(nlp, coder_resources, text, title)


def test_active_clash_with_place_date_and_toll(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c(
        "Nigerian troops clashed with ISWAP fighters near Monguno, Borno State, on Tuesday, "
        "killing 14 militants, the army said."
    )
    assert m.cameo_root_code == "19" and m.event_type == "Battles" and m.sub_event_type == "Armed clash"
    assert (m.actor1_code, m.actor1_inter) == ("NGAMIL", 1)
    assert m.actor2_inter == 2
    assert (m.location, m.iso3, m.geo_precision) == ("Monguno", "NGA", 2)  # "near" a town
    assert (m.event_date, m.time_precision) == (date(2024, 3, 5), 1)
    assert m.fatalities == 14 and m.factuality == "asserted"


def test_passive_with_by_agent(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c("Thirty-seven villagers were abducted by gunmen in Zamfara State on Wednesday.")
    assert m.cameo_code == "181" and m.sub_event_type == "Abduction/forced disappearance"
    assert m.actor1_name == "gunmen" and m.actor2_inter == 7
    assert m.iso3 == "NGA"


@pytest.mark.parametrize(
    ("sentence", "trigger", "factuality"),
    [
        ("The two governments will hold talks in Doha next week.", "talks", "future"),
        ("Lawmakers urged the army to launch air strikes on the camps.", "strikes", "called_for"),
        ("The army did not attack the village, a spokesman said.", "attack", "negated"),
        ("The group denied that it had kidnapped the engineers.", "kidnapped", "denied"),
        ("If the talks fail, the rebels could attack the capital.", "attack", "hypothetical"),
        ("Militants have attacked the pipeline over 20 times since January.", "attacked", "aggregate"),
        ("Government forces shelled rebel positions in Idlib on Thursday.", "shelled", "asserted"),
    ],
)
def test_factuality(c, sentence: str, trigger: str, factuality: str) -> None:  # type: ignore[no-untyped-def]
    mentions = [m for m in c(sentence) if trigger in m.trigger]
    assert mentions, sentence
    assert mentions[0].factuality == factuality


def test_bare_reporting_verb_is_not_an_event(c) -> None:  # type: ignore[no-untyped-def]
    assert c("Officials said on Monday that the situation remained calm, CNN reported.") == []


def test_idioms_and_other_senses_do_not_code_force(c) -> None:  # type: ignore[no-untyped-def]
    for sentence in (
        "The minister aims to strike a delicate balance between the factions.",
        "Teachers went on a hunger strike in Nairobi on Monday.",
    ):
        assert all(m.cameo_root_code not in ("18", "19", "20") for m in c(sentence)), sentence


def test_protest_dispersed_with_tear_gas(c) -> None:  # type: ignore[no-untyped-def]
    mentions = c("Police fired tear gas to disperse hundreds of protesters in Nairobi on Tuesday.")
    types = {m.sub_event_type for m in mentions}
    assert "Protest with intervention" in types
    assert all(m.cameo_root_code != "19" for m in mentions)


def test_multi_place_event_gives_one_mention_per_place(c) -> None:  # type: ignore[no-untyped-def]
    mentions = c("The United States carried out air strikes in Iraq and Syria on Friday.")
    assert sorted(m.iso3 for m in mentions) == ["IRQ", "SYR"]
    assert {m.sub_event_type for m in mentions} == {"Air/drone strike"}


def test_undated_sentence_gets_publication_day_at_week_precision(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c("Rebels attacked an army post in Kidal.")
    assert (m.event_date, m.time_precision) == (PUBLISHED.date(), 2)


def test_country_named_event_is_coded_to_the_country_centroid_precision(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c("Protesters rallied in Senegal on Saturday against the election delay.")
    assert (m.iso3, m.geo_precision, m.admin1) == ("SEN", 3, None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("14", 14),
        ("twenty-one", 21),
        ("two hundred", 200),
        ("1,200", 1200),
        ("dozens", 12),
        ("hundreds", 100),
        ("nine", 9),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_conservative_counts(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c("Gunmen killed at least 12 villagers and wounded more than 40 others in Kwara State on Monday.")
    assert (m.fatalities, m.injuries) == (12, 40)
    [m] = c("A soldier was killed when militants attacked a checkpoint in Gao on Sunday.")
    assert m.fatalities == 1


def test_commitments_and_refusals_are_statements_of_their_own(c) -> None:  # type: ignore[no-untyped-def]
    talks = c("The two governments will hold talks in Doha next week.")
    assert [(m.cameo_code, m.factuality) for m in talks] == [("046", "future"), ("036", "asserted")]
    threat = c("The rebels vowed to attack the capital.")
    assert ("138", "asserted") in [(m.cameo_code, m.factuality) for m in threat]
    assert ("190", "intended") in [(m.cameo_code, m.factuality) for m in threat]
    refusal = c("Israel refused to meet the envoy in Cairo on Monday.")
    assert [(m.cameo_code, m.factuality) for m in refusal] == [("040", "negated"), ("125", "asserted")]
    # nobody commits to anything here: no statement is derived
    assert [m.factuality for m in c("More air strikes will be carried out next week.")] == ["future"]


def test_lethal_manner_and_later_tolls(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c("Police officers shot dead two men in Caracas on Monday.")
    assert m.fatalities == 2
    [m] = c("A shopkeeper was beaten to death by police in Chittagong on Tuesday.")
    assert m.fatalities == 1
    mentions = c("Militiamen clashed with gunmen in Rafi on Sunday. Five militiamen were killed.")
    assert max(m.fatalities for m in mentions if m.factuality == "asserted") == 5


def test_a_death_a_protest_is_about_is_not_its_toll(c) -> None:  # type: ignore[no-untyped-def]
    protest = [
        m
        for m in c("Residents protested in Beirut against the death of a man shot by soldiers.")
        if m.cameo_root_code == "14"
    ]
    assert protest and protest[0].fatalities == 0


def test_conjoined_sides_and_reported_speech(c) -> None:  # type: ignore[no-untyped-def]
    # two conjoined subjects of a fight are its two sides
    [m] = c("Nigerian troops and Boko Haram fighters clashed in Borno on Sunday.")
    assert (m.actor1_code, m.actor2_code) == ("NGAMIL", "NGAINS")
    # a pronoun under a reporting verb is the speaker
    [m] = c("The Congolese army said it had recaptured Nyanzale on Tuesday.")
    assert m.actor1_code == "CODMIL" and m.cameo_code == "192"
    # a bare reporting verb codes nothing, the reported act does
    assert [x.cameo_root_code for x in c("Police said gunmen kidnapped two engineers in Kaduna on Monday.")] == ["18"]
