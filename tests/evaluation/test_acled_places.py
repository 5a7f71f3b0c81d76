"""The ACLED scorer compares gold and predicted places like with like (spellings, older country codes)."""

from __future__ import annotations

import pytest

from eventwire.evaluation import acled
from eventwire.evaluation import metrics as m
from eventwire.geo.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def test_older_country_codes_read_as_iso() -> None:
    assert acled.gold_iso3("ROM") == "ROU"
    assert acled.gold_iso3("ROU") == "ROU"
    assert acled.gold_iso3("SYR") == "SYR"


@pytest.mark.parametrize(
    ("iso3", "gold", "pred"),
    [
        ("LBN", "Beirut", "Beyrouth"),  # one region, two names in the gazetteer's admin1 index
        ("SYR", "Idleb", "Idlib"),
        ("SOM", "Hiraan", "Hiiraan"),
        ("IRQ", "Basrah", "Basra"),  # gold spelling unknown to the index: same consonant skeleton
        ("NGA", "Borno", "Borno State"),
    ],
)
def test_one_region_under_another_spelling_counts(gazetteer: Gazetteer, iso3: str, gold: str, pred: str) -> None:
    assert m.same_admin1(iso3, gold, pred, gazetteer)


@pytest.mark.parametrize(
    ("iso3", "gold", "pred"),
    [
        ("CHN", "Hebei", "Hubei"),  # alike spellings, two regions of the index
        ("NGA", "Yobe", "Borno State"),
        ("UKR", "Donetsk", None),
    ],
)
def test_another_region_is_a_miss(gazetteer: Gazetteer, iso3: str, gold: str, pred: str | None) -> None:
    assert not m.same_admin1(iso3, gold, pred, gazetteer)


def test_geo_scorer_gives_no_admin1_score_to_a_country() -> None:
    from eventwire.evaluation import geo

    row = {
        "toponyms": [
            {
                "name": "Georgia",
                "start": 0,
                "end": 7,
                "country": "Georgia",
                "admin1": "Samegrelo and Zemo Svaneti",
                "fcode": "PCLI",
            },
            {"name": "Maarrat", "start": 12, "end": 17, "country": "Syria", "admin1": "Idleb", "fcode": "PPL"},
        ]
    }
    pred = [
        {"geonameid": 1, "lat": None, "lon": None, "country_iso3": "GEO", "admin1": None},
        {"geonameid": 2, "lat": None, "lon": None, "country_iso3": "SYR", "admin1": "Idlib"},
    ]
    overall = geo.score([row], [geo.GeoPrediction(recognised=[], resolved=pred)])["overall"]
    assert overall["n_admin1"] == 1 and overall["admin1_acc"] == 1.0
