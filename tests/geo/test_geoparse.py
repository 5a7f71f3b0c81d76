"""Toponym resolution rules of ``geo.geoparse`` and the gazetteer facts they lean on, on made-up text."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventwire.coding.coder import Resources
from eventwire.coding.places import toponyms
from eventwire.geo.readings import candidates_of


def _parse(nlp: Language, res: Resources, text: str, names: list[str]) -> list[dict]:
    """Toponym dicts of the given names (each name's first occurrence after the previous one's)."""
    spans, at = [], 0
    for name in names:
        at = text.index(name, at)
        spans.append((at, at + len(name)))
        at += len(name)
    return [t.as_dict() for t in toponyms(nlp(text), res.gazetteer, res.actors, spans)]


def test_names_before_a_written_country_lie_in_that_country(nlp: Language, res: Resources) -> None:
    """'Toronto, Ontario, Canada' in an Ohio story is an address in Canada, not Toronto and Ontario, Ohio."""
    text = (
        "Dublin council members met in Dublin on Monday. Residents of Hilliard, Powell and Worthington, "
        "Ohio, asked Delaware County and Franklin County to help. A firm of Toronto, Ontario, Canada will "
        "design the Dublin park."
    )
    names = [
        "Dublin",
        "Dublin",
        "Hilliard",
        "Powell",
        "Worthington",
        "Ohio",
        "Delaware County",
        "Franklin County",
        "Toronto",
        "Ontario",
        "Canada",
        "Dublin",
    ]
    found = _parse(nlp, res, text, names)
    toronto, ontario, canada = found[8:11]
    assert (toronto["country_iso3"], toronto["admin1"], toronto["feature_code"]) == ("CAN", "Ontario", "PPL")
    assert (ontario["country_iso3"], ontario["feature_code"]) == ("CAN", "ADM1")
    assert canada["country_iso3"] == "CAN"
    assert {t["country_iso3"] for t in found[:6]} == {"USA"}  # the story's own places stay where they were
    # two countries side by side are a list, not an address
    listed = _parse(nlp, res, "Strikes hit Iraq, Syria on Monday.", ["Iraq", "Syria"])
    assert [t["country_iso3"] for t in listed] == ["IRQ", "SYR"]


def test_a_country_whose_people_the_text_names_is_the_country(nlp: Language, res: Resources) -> None:
    """'Egypt' beside 'Egyptians' is the country, even in a story set among Pennsylvania towns."""
    text = (
        "Families in Pittsburgh, Bethel Park and Scranton, Pennsylvania, retold the flight from Egypt. "
        "The Egyptians let the slaves go, the rabbi in Pittsburgh said."
    )
    names = ["Pittsburgh", "Bethel Park", "Scranton", "Pennsylvania", "Egypt", "Pittsburgh"]
    found = _parse(nlp, res, text, names)
    assert (found[4]["country_iso3"], found[4]["feature_code"]) == ("EGY", "PCLI")
    assert found[1]["admin1"] == "Pennsylvania"


def test_a_compass_word_and_a_place_noun_are_no_town_of_that_compass_word(res: Resources) -> None:
    """'North Island' is no place called 'North' (North, South Carolina); 'Swat Valley' is still Swat."""
    found, _ = candidates_of("North Island", res.gazetteer)
    assert all(p.name != "North" for p in found)
    swat, _ = candidates_of("Swat Valley", res.gazetteer)
    assert swat and swat[0].iso3 == "PAK"


def test_a_district_abroad_in_a_story_set_in_one_other_country_is_left_to_the_story(
    nlp: Language, res: Resources
) -> None:
    """'Hume' is known only as a district of Victoria, Australia; among Illinois towns it is an Illinois
    village the gazetteer lacks, placed in the story's region."""
    text = (
        "HUME - The board met on Monday. Teachers from Arcola, Tuscola and Villa Grove joined parents from "
        "Newman, Illinois."
    )
    found = _parse(nlp, res, text, ["HUME", "Arcola", "Tuscola", "Villa Grove", "Newman", "Illinois"])
    hume = found[0]
    assert (hume["country_iso3"], hume["resolved_by"], hume["geonameid"]) == ("USA", "document", None)
    # in a story that also names Australia, the district keeps its own reading
    text2 = "HUME - Councils of Victoria, Australia met in Melbourne and Geelong."
    found2 = _parse(nlp, res, text2, ["HUME", "Victoria", "Australia", "Melbourne", "Geelong"])
    assert (found2[0]["country_iso3"], found2[0]["resolved_by"]) == ("AUS", "name")


@pytest.mark.parametrize(
    ("text", "name", "iso3", "feature_code"),
    [
        ("Climbers went missing in the mountains of Svaneti last week.", "Svaneti", "GEO", "RGN"),
        ("Russian and North Ossetian officials met on Monday.", "North Ossetian", "RUS", "ADM1"),
        ("A ship under the flag of St. Kitts and Nevis sank on Monday.", "St. Kitts and Nevis", "KNA", "PCLI"),
        ("Tourists flew to St. Lucia for the festival.", "St. Lucia", "LCA", "PCLI"),
    ],
)
def test_regions_and_countries_news_names_in_short_forms(
    nlp: Language, res: Resources, text: str, name: str, iso3: str, feature_code: str
) -> None:
    [top] = _parse(nlp, res, text, [name])
    assert (top["country_iso3"], top["feature_code"], top["resolved_by"]) == (iso3, feature_code, "name")
