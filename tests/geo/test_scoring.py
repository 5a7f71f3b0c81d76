"""Each feature of place scoring on its own, on gazetteer-shaped records (no parse, no index), then the decision."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from eventwire.geo.distance import haversine_km
from eventwire.geo.gazetteer import Place
from eventwire.geo.recognition import PlaceName
from eventwire.geo.scoring import (
    SCORING,
    Evidence,
    PlaceScoring,
    admin_evidence,
    city_over_region,
    container_support,
    country_evidence,
    county_core,
    county_readings,
    county_support,
    decide,
    famous_namesake,
    famous_size,
    near_anchor,
    pair_bonus,
    resolve_names,
    size_and_class,
    softmax,
    stray,
)


def _place(gid: int, name: str, iso3: str, fc: str = "PPL", pop: int = 1000, **kw: object) -> Place:
    fields: dict[str, object] = {
        "latitude": 0.0,
        "longitude": 0.0,
        "country_iso2": iso3[:2],
        "country": iso3,
        "admin1": None,
        "admin2": 0,
    }
    fields.update(kw)
    return Place(gid, name, iso3=iso3, feature_code=fc, population=pop, **fields)  # type: ignore[arg-type]


PARIS_FR = _place(1, "Paris", "FRA", "PPLC", 2_100_000, latitude=48.85, longitude=2.35, admin1="Ile-de-France")
PARIS_TN = _place(2, "Paris", "USA", pop=10_000, latitude=36.30, longitude=-88.33, admin1="Tennessee", admin2=50)
HENRY_TN = _place(50, "Henry County", "USA", "ADM2", 32_000, latitude=36.33, longitude=-88.30, admin1="Tennessee")
TENNESSEE = _place(60, "Tennessee", "USA", "ADM1", 6_900_000, latitude=35.8, longitude=-86.4, admin1="Tennessee")
USA = _place(70, "United States", "USA", "PCLI", 330_000_000)


def test_size_and_class_weighs_population_by_decade_and_the_feature_class() -> None:
    w = SCORING
    assert size_and_class(PARIS_TN) == pytest.approx(w.size * math.log10(10_001))
    assert size_and_class(USA) == pytest.approx(w.size * math.log10(330_000_001) + 2.0)
    assert size_and_class(PARIS_TN, replace(w, size=0.0)) == 0.0


def test_alternate_name_penalises_a_town_that_only_bears_the_name_as_an_alternate() -> None:
    from eventwire.geo.scoring import alternate_name

    swainsboro = _place(3, "Swainsboro", "USA")
    assert alternate_name(swainsboro, {"paris"}) == SCORING.alternate
    assert alternate_name(PARIS_TN, {"paris"}) == 0.0
    assert alternate_name(USA, {"paris"}) == 0.0  # a country is never an alternate-name town


def test_famous_namesake_penalises_a_small_namesake_of_a_world_city_or_capital() -> None:
    readings = [PARIS_FR, PARIS_TN]
    famous = famous_size(readings)
    assert famous == 2_100_000  # the capital
    assert famous_namesake(PARIS_TN, famous) == SCORING.famous  # 10,000 × 50 < 2.1M
    assert famous_namesake(PARIS_FR, famous) == 0.0
    assert famous_namesake(PARIS_TN, famous_size([PARIS_TN])) == 0.0  # no famous reading: no penalty


def test_city_over_region_penalises_a_region_named_like_a_town_inside_it_unless_a_region_word_is_written() -> None:
    basra_region = _place(10, "Basra", "IRQ", "ADM1", 2_000_000, admin1="Basra")
    basra_city = _place(11, "Basra", "IRQ", "PPL", 1_300_000, admin1="Basra")
    assert city_over_region(basra_region, [basra_region, basra_city], region_named=False) == SCORING.same_name_city
    assert city_over_region(basra_region, [basra_region, basra_city], region_named=True) == 0.0
    assert city_over_region(basra_city, [basra_region, basra_city], region_named=False) == 0.0  # towns keep theirs
    # "Gaza": a town abroad at least as large as the region (and 100,000 people) wins over Mozambique's province
    gaza_province = _place(12, "Gaza", "MOZ", "ADM1", 1_400_000, admin1="Gaza")
    gaza_city = _place(13, "Gaza", "PSE", "PPL", 1_500_000)
    assert city_over_region(gaza_province, [gaza_province, gaza_city], region_named=False) == SCORING.same_name_city


def test_container_support_is_the_region_weight_inside_a_written_region_else_the_country_weight() -> None:
    assert container_support(PARIS_TN, [[TENNESSEE]]) == SCORING.container_region
    assert container_support(PARIS_TN, [[USA]]) == SCORING.container_country
    assert container_support(PARIS_TN, [[USA], [TENNESSEE]]) == SCORING.container_region  # the best one counts
    assert container_support(PARIS_FR, [[TENNESSEE]]) is None
    assert container_support(PARIS_TN, []) is None


def test_county_support_pairs_a_town_with_a_county_another_name_reads_as_but_never_with_its_own() -> None:
    a = PlaceName(0, 1, 0, 5, "Paris", [PARIS_FR, PARIS_TN])
    b = PlaceName(3, 5, 10, 22, "Henry County", [HENRY_TN])
    keys = [county_core("paris"), county_core("henry county")]
    assert keys == ["paris", "henry"]
    counties, towns_in = county_readings([a, b], keys)
    assert county_support(PARIS_TN, "paris", counties, towns_in) == SCORING.county
    assert county_support(PARIS_FR, "paris", counties, towns_in) is None
    assert county_support(HENRY_TN, "henry", counties, towns_in) == SCORING.county  # it holds a reading of Paris
    assert county_support(HENRY_TN, "paris", counties, towns_in) is None  # a name never pairs with itself


def test_pair_bonus_rewards_readings_of_two_names_lying_next_to_each_other() -> None:
    puryear = _place(4, "Puryear", "USA", latitude=36.44, longitude=-88.33)
    paris = PlaceName(0, 1, 0, 5, "Paris", [PARIS_FR, PARIS_TN])
    other = PlaceName(3, 4, 10, 17, "Puryear", [puryear])
    rows = pair_bonus([paris, other], ["paris", "puryear"])
    assert rows[0] == [0.0, SCORING.pair]  # Paris, Tennessee lies beside Puryear
    assert rows[1] == [0.0]  # a name with one reading needs no pairing
    assert pair_bonus([paris, other], ["paris", "puryear"], replace(SCORING, pair_degrees=0.01))[0] == [0.0, 0.0]


def _evidence(countries: dict[str, float], own: dict[str, float], admins: dict[tuple[str, str], float]) -> Evidence:
    return Evidence({"x": own}, {"x": {}}, countries, admins, [])


def test_country_evidence_is_the_weighted_share_of_the_other_names_votes() -> None:
    ev = _evidence({"USA": 3.0, "FRA": 1.0, "GBR": 0.0}, {"FRA": 1.0}, {})
    # the name's own vote (FRA 1.0) is left out: the rest is 3 votes, all for the USA
    assert country_evidence(PARIS_TN, ev, "x") == pytest.approx(SCORING.country * 3.0 / 3.0)
    assert country_evidence(PARIS_FR, ev, "x") == 0.0
    assert country_evidence(PARIS_TN, _evidence({"FRA": 1.0}, {"FRA": 1.0}, {}), "x") == 0.0  # no other votes


def test_admin_evidence_is_the_weighted_share_of_the_other_names_region_votes_and_never_for_a_country() -> None:
    ev = _evidence({}, {}, {("USA", "tennessee"): 2.0, ("FRA", "ile de france"): 2.0})
    assert admin_evidence(PARIS_TN, ev, "x") == pytest.approx(SCORING.admin * 0.5)
    assert admin_evidence(USA, ev, "x") == 0.0


def test_near_anchor_rewards_a_reading_within_reach_of_a_confident_place_of_the_story() -> None:
    sderot = _place(20, "Sderot", "ISR", latitude=31.52, longitude=34.60)
    gaza = _place(21, "Gaza", "PSE", latitude=31.50, longitude=34.47)
    far = _place(22, "Gaza", "MOZ", latitude=-23.0, longitude=33.0)
    assert near_anchor(gaza, 2, [sderot]) == SCORING.near
    assert near_anchor(far, 2, [sderot]) == 0.0
    assert near_anchor(gaza, 1, [sderot]) == 0.0  # an unambiguous name needs no help
    assert near_anchor(gaza, 2, [sderot], replace(SCORING, near_km=5)) == 0.0


def test_near_anchor_is_the_great_circle_test_whatever_the_latitude_shortcut_rules_out() -> None:
    """The latitude check before the distance only saves work: at every separation around the threshold, and at
    high latitudes where a degree of longitude is short, a reading is near exactly when the distance says so."""
    w = replace(SCORING, near_km=50)
    for lat in (-75.0, -30.0, 0.0, 31.5, 60.0, 84.0):
        anchor = _place(30, "Anchor", "XXX", latitude=lat, longitude=10.0)
        for dlat in (0.0, 0.2, 0.44, 0.449, 0.45, 0.46, 0.5, 1.0):
            for dlon in (0.0, 0.3, 0.6, 2.0, 20.0):
                c = _place(31, "Reading", "XXX", latitude=lat + dlat, longitude=10.0 + dlon)
                near = haversine_km(lat, 10.0, lat + dlat, 10.0 + dlon) <= w.near_km
                assert near_anchor(c, 2, [anchor], w) == (w.near if near else 0.0)


def test_softmax_sharpness_spreads_or_concentrates_the_probabilities() -> None:
    assert sum(softmax([1.0, 2.0, 3.0])) == pytest.approx(1.0)
    flat = softmax([1.0, 2.0], replace(SCORING, softmax_sharpness=0.1))
    sharp = softmax([1.0, 2.0])
    assert flat[1] < sharp[1]


def test_decide_pools_the_readings_of_a_country_the_rest_of_the_story_points_to() -> None:
    """Two US Parises each below Paris, France, together above it, when the story points to the USA."""
    paris_tx = _place(5, "Paris", "USA", pop=25_000)
    candidates = [PARIS_FR, PARIS_TN, paris_tx]
    probs = [0.4, 0.3, 0.3]
    row = [1.0, 0.8, 0.7]
    assert decide(candidates, row, probs, own={}, total={"USA": 1.0}) == 1  # USA pooled, its best reading
    assert decide(candidates, row, probs, own={}, total={}) == 0  # nothing points to the USA: the best reading


def test_stray_drops_a_small_town_in_a_country_nothing_else_points_to() -> None:
    oba_tr = _place(6, "Oba", "TUR", pop=2_000)
    assert stray(oba_tr, own={"TUR": 1.0}, total={"TUR": 1.0, "NGA": 2.0}, anchors=[])
    assert not stray(oba_tr, own={"TUR": 1.0}, total={"TUR": 1.0, "NGA": 0.5}, anchors=[])  # no full vote
    assert not stray(replace(oba_tr, population=60_000), own={"TUR": 1.0}, total={"TUR": 1.0, "NGA": 2.0}, anchors=[])
    near = _place(7, "Near", "TUR", latitude=0.1)
    assert not stray(oba_tr, own={"TUR": 1.0}, total={"TUR": 1.0, "NGA": 2.0}, anchors=[near])


def test_resolve_names_reads_paris_beside_henry_county_as_paris_tennessee() -> None:
    """The features together: the county and the pair outweigh the capital's size and the famous-city rule."""
    paris = PlaceName(0, 1, 0, 5, "Paris", [PARIS_FR, PARIS_TN])
    henry = PlaceName(3, 5, 10, 22, "Henry County", [HENRY_TN])
    resolve_names([paris, henry])
    assert paris.place == PARIS_TN
    assert henry.place == HENRY_TN
    # without the county's support and the country's votes, the capital wins
    alone = PlaceName(0, 1, 0, 5, "Paris", [PARIS_FR, PARIS_TN])
    resolve_names([alone])
    assert alone.place == PARIS_FR
    assert 0.0 < alone.score <= 1.0


def test_weights_are_one_typed_object() -> None:
    assert isinstance(SCORING, PlaceScoring)
    with pytest.raises(AttributeError):
        SCORING.country = 1.0  # type: ignore[misc]
