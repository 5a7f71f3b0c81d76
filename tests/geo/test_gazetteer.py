"""Gazetteer behaviour a user of the event pipeline would notice: where names land, and that the cache works."""

from __future__ import annotations

import hashlib
import math
import shutil
import time
from pathlib import Path

import pytest

from eventwire.geo import gazetteer as gz
from eventwire.geo.gazetteer import Gazetteer, build_index, index_path, load_gazetteer, normalise

SAMPLE = ["Baghdad", "Kyiv", "Kiev", "Maiduguri", "Jordan", "Paris", "Syria", "Bogota", "Washington", "Borno"]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, to check points land where the places are."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    """The default, per-process gazetteer (built once into the user cache, then only memory-mapped)."""
    return load_gazetteer()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index built from scratch into an empty cache folder."""
    return build_index(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory, built: Path) -> tuple[Gazetteer, Path]:
    """A cache holding only a copy of the index under an older library version's name, then loaded."""
    cache = tmp_path_factory.mktemp("stale-cache")
    old_versions = {name: "0.0.1" for name in gz._SOURCE_PACKAGES}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(gz, "source_versions", lambda: old_versions)
        stale = index_path(cache)
    shutil.copyfile(built, stale)
    return load_gazetteer(cache), stale


def test_baghdad_is_the_iraqi_capital(gaz: Gazetteer) -> None:
    place = gaz.resolve("Baghdad")
    assert place is not None
    assert (place.iso3, place.country, place.feature_code) == ("IRQ", "Iraq", "PPLC")
    assert _km(place.latitude, place.longitude, 33.34, 44.40) < 25


def test_kyiv_and_kiev_are_the_same_place(gaz: Gazetteer) -> None:
    kyiv, kiev = gaz.resolve("Kyiv"), gaz.resolve("Kiev")
    assert kyiv is not None
    assert kyiv == kiev
    assert (kyiv.iso3, kyiv.feature_code) == ("UKR", "PPLC")


def test_maiduguri_is_in_borno_nigeria(gaz: Gazetteer) -> None:
    place = gaz.resolve("Maiduguri")
    assert place is not None
    assert place.iso3 == "NGA"
    assert place.admin1 is not None and normalise(place.admin1).startswith("borno")
    borno = gaz.admin1_of("NGA", "Borno")
    assert borno is not None and borno.name == place.admin1
    assert borno.feature_code == "ADM1" and borno.admin1 == borno.name
    assert _km(borno.latitude, borno.longitude, place.latitude, place.longitude) < 1  # largest city = Maiduguri


def test_country_names_resolve_to_the_country(gaz: Gazetteer) -> None:
    jordan = gaz.resolve("Jordan")
    assert jordan is not None and (jordan.iso3, jordan.feature_code, jordan.admin1) == ("JOR", "PCLI", None)
    syria = gaz.resolve("Syria")
    assert syria is not None and (syria.iso3, syria.feature_code) == ("SYR", "PCLI")
    # Official and news spellings reach the same country.
    assert gaz.resolve("Syrian Arab Republic") == syria
    assert gaz.resolve("DRC") == gaz.country("COD")
    # Other places called Jordan are still candidates, after the country.
    found = gaz.candidates("Jordan")
    assert found[0] == jordan and len(found) > 1


def test_paris_is_french_unless_the_story_is_american(gaz: Gazetteer) -> None:
    paris = gaz.resolve("Paris")
    assert paris is not None and paris.iso3 == "FRA"
    us_paris = gaz.resolve("Paris", "USA")
    assert us_paris is not None and us_paris.iso3 == "USA" and us_paris.country_iso2 == "US"
    assert gaz.resolve("Paris", "usa") == us_paris
    # A country with no Paris falls back to the global answer rather than to nothing.
    assert gaz.resolve("Paris", "IRQ") == paris


def test_unknown_name_resolves_to_none(gaz: Gazetteer) -> None:
    assert gaz.resolve("Qxzzyvillequork") is None
    assert gaz.candidates("Qxzzyvillequork") == []
    assert gaz.resolve("") is None
    assert gaz.resolve("  - ' ") is None


def test_matching_ignores_diacritics_case_and_punctuation(gaz: Gazetteer) -> None:
    bogota = gaz.resolve("Bogotá")
    assert bogota is not None and bogota.iso3 == "COL"
    assert gaz.resolve("Bogota") == bogota == gaz.resolve("BOGOTA")
    assert gaz.resolve("Sana'a") == gaz.resolve("Sanaa") == gaz.resolve("Sana’a")
    assert gaz.resolve("Port au Prince") == gaz.resolve("Port-au-Prince")
    assert normalise("  Łódź -  Śródmieście ") == "lodz srodmiescie"


def test_candidates_are_ordered_country_region_place(gaz: Gazetteer) -> None:
    found = gaz.candidates("Washington")
    ranks = [{"PCLI": 0, "ADM1": 1}.get(p.feature_code, 2) for p in found]
    assert ranks == sorted(ranks)
    places = [p for p in found if p.feature_code not in ("PCLI", "ADM1")]
    assert [p.population for p in places] == sorted((p.population for p in places), reverse=True)
    assert found == gaz.candidates("washington")


def test_regions_and_same_named_cities(gaz: Gazetteer) -> None:
    washington = gaz.resolve("Washington")
    assert washington is not None and (washington.iso3, washington.feature_code) == ("USA", "PPLC")  # D.C.
    california = gaz.resolve("California")
    assert california is not None and (california.iso3, california.feature_code) == ("USA", "ADM1")
    georgia_us = gaz.resolve("Georgia", "USA")
    assert georgia_us is not None and georgia_us.feature_code == "ADM1"
    assert gaz.resolve("Georgia") == gaz.country("GEO")
    # "X State" / "X Oblast" reach the region even where GeoNames spells it without the word.
    bauchi = gaz.resolve("Bauchi State")
    assert bauchi is not None and (bauchi.iso3, bauchi.feature_code) == ("NGA", "ADM1")
    donetsk = gaz.admin1_of("UKR", "Donetsk Oblast")
    assert donetsk is not None and donetsk.iso3 == "UKR"
    assert gaz.admin1_of("UKR", "Borno") is None


def test_country_and_region_points_are_near_their_centres(gaz: Gazetteer) -> None:
    """A map of country- or region-level events shows them mid-country, where GeoNames puts them, not at
    the capital or the largest city (Houston is 480 km from the middle of Texas)."""
    iraq = gaz.country("IRQ")
    assert iraq is not None and iraq.name == "Iraq" and iraq.feature_code == "PCLI"
    assert _km(iraq.latitude, iraq.longitude, 33.0, 44.0) < 161  # GeoNames' point for Iraq
    assert gaz.country("irq") == iraq
    assert gaz.country("XXX") is None
    texas = gaz.admin1_of("USA", "Texas")
    assert texas is not None and _km(texas.latitude, texas.longitude, 31.25, -99.25) < 100
    borno = gaz.admin1_of("NGA", "Borno")
    assert borno is not None and _km(borno.latitude, borno.longitude, 11.5, 13.0) < 161
    # Large countries whose places crowd one edge, or whose outlying states stretch the box, take the
    # listed point: the US is mid-Kansas, not in Arizona; Russia is in Siberia, not on its southern rim.
    usa, russia = gaz.country("USA"), gaz.country("RUS")
    assert usa is not None and _km(usa.latitude, usa.longitude, 39.8, -98.6) < 50
    assert russia is not None and _km(russia.latitude, russia.longitude, 60.0, 100.0) < 50
    ontario = gaz.admin1_of("CAN", "Ontario")  # not on the Great Lakes shore where its towns crowd
    assert ontario is not None and _km(ontario.latitude, ontario.longitude, 49.25, -84.5) < 50
    # The capital is still marked as such.
    baghdad = gaz.resolve("Baghdad")
    assert baghdad is not None and baghdad.feature_code == "PPLC"


def test_build_writes_a_versioned_file_that_reloads_fast(built: Path) -> None:
    assert built == index_path(built.parent)
    for package in gz._SOURCE_PACKAGES:
        assert package in built.name
    assert not [p for p in built.parent.iterdir() if p != built]  # no temp files left behind
    mtime = built.stat().st_mtime_ns
    start = time.perf_counter()
    fresh = load_gazetteer(built.parent)
    elapsed = time.perf_counter() - start
    assert built.stat().st_mtime_ns == mtime  # loaded, not rebuilt
    assert elapsed < 1.0
    assert len(fresh) > 200_000


def test_stale_version_file_triggers_a_rebuild(rebuilt: tuple[Gazetteer, Path]) -> None:
    gazetteer, stale = rebuilt
    current = index_path(stale.parent)
    assert current.exists() and gazetteer.path == current
    assert not stale.exists()  # the old version's file is cleaned up
    assert gazetteer.resolve("Baghdad") is not None


def test_building_twice_gives_identical_results(built: Path, rebuilt: tuple[Gazetteer, Path]) -> None:
    gazetteer, _ = rebuilt
    assert _sha256(built) == _sha256(gazetteer.path)
    first = Gazetteer(built)
    for name in SAMPLE:
        assert first.candidates(name) == gazetteer.candidates(name)
        assert first.resolve(name) == gazetteer.resolve(name)


def test_damaged_index_is_rebuilt(tmp_path: Path, built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = index_path(tmp_path)
    target.write_bytes(b"not an arrow file")
    calls: list[Path] = []

    def fake_build(cache_dir: Path) -> Path:  # avoid a third full build: reuse the fixture's file
        calls.append(cache_dir)
        shutil.copyfile(built, index_path(cache_dir))
        return index_path(cache_dir)

    monkeypatch.setattr(gz, "build_index", fake_build)
    gazetteer = load_gazetteer(tmp_path)
    assert calls == [tmp_path]
    assert gazetteer.resolve("Syria") is not None


@pytest.mark.parametrize(
    ("iso3", "written", "region"),
    [
        ("UKR", "Kiev City", "Kyiv City"),  # not Kiev Oblast, whose GeoNames name is "Kiev"
        ("MEX", "Distrito Federal", "Mexico City"),
        ("MEX", "Ciudad de Mexico", "Mexico City"),
        ("VEN", "Distrito Capital", "Distrito Federal"),
        ("BRA", "Distrito Federal", "Federal District"),
        ("CMR", "Ouest", "West"),  # Cameroon's regions in French
        ("PAK", "KPK", "Khyber Pakhtunkhwa"),
        ("PAK", "Azad Jammu and Kashmir", "Azad Kashmir"),
        ("CHL", "Region Metropolitana", "Santiago Metropolitan"),
        ("PHL", "National Capital Region", "Metro Manila"),
        ("MYS", "Federal Territory of Kuala Lumpur", "Kuala Lumpur"),
        ("PER", "Cusco", "Cuzco Department"),
        ("KAZ", "West Kazakhstan", "Batys Qazaqstan"),
        ("RUS", "Krasnodarskiy Kray", "Krasnodar Krai"),
        ("EGY", "Muhafazat al Qahirah", "Cairo"),
        ("IRN", "Ostan-e Tehran", "Tehran"),
    ],
)
def test_older_and_official_region_names_find_the_region(gaz: Gazetteer, iso3: str, written: str, region: str) -> None:
    place = gaz.admin1_of(iso3, written)
    assert place is not None and place.name == region


def test_a_country_s_seat_is_its_capital_and_a_region_s_its_main_town(gaz: Gazetteer) -> None:
    iraq = gaz.country("IRQ")
    assert iraq is not None
    seat = gaz.seat(iraq)
    assert seat is not None and (seat.name, seat.feature_code) == ("Baghdad", "PPLC")
    borno = gaz.admin1_of("NGA", "Borno")
    assert borno is not None
    seat = gaz.seat(borno)
    assert seat is not None and seat.name == "Maiduguri"
    town = gaz.resolve("Maiduguri")
    assert town is not None and gaz.seat(town) is None


def test_regions_and_counties_carry_their_real_geonames_ids(gaz: Gazetteer) -> None:
    """Users join our places to GeoNames, ACLED and other geoparsers by id; a made-up id joins nothing."""
    borno = gaz.admin1_of("NGA", "Borno")
    assert borno is not None and borno.geonameid == 2346794  # GeoNames' Borno State
    los_angeles = [p for p in gaz.counties("Los Angeles") if p.admin1 == "California"]
    assert [p.geonameid for p in los_angeles] == [5368381]
    parish = gaz.resolve("Rapides Parish")
    assert parish is not None and (parish.feature_code, parish.geonameid, parish.admin1) == (
        "ADM2",
        4338356,
        "Louisiana",
    )
    # Towns know their county, so a story naming both can be read consistently.
    athens = [p for p in gaz.candidates("Athens") if p.admin1 == "Texas"]
    henderson = [p for p in gaz.candidates("Henderson County") if p.admin1 == "Texas"]
    assert len(athens) == len(henderson) == 1 and athens[0].admin2 == henderson[0].geonameid


def test_second_level_divisions_abroad_are_places(gaz: Gazetteer) -> None:
    """English counties and Burkinabe provinces are named in news; each is a division with its own point."""
    lancashire = gaz.resolve("Lancashire")
    assert lancashire is not None and (lancashire.iso3, lancashire.feature_code) == ("GBR", "ADM2")
    assert _km(lancashire.latitude, lancashire.longitude, 53.83, -2.5) < 60
    soum = gaz.resolve("Soum", "BFA")
    assert soum is not None and soum.feature_code == "ADM2" and soum.admin1 is not None
    # A district named after its main town is not indexed under the bare name: news means the town.
    khanaqin = gaz.candidates("Khanaqin")
    assert khanaqin and all(p.feature_code != "ADM2" for p in khanaqin if p.iso3 == "IRQ")


@pytest.mark.parametrize(
    ("written", "name", "iso3"),
    [
        ("Kafr Qaseem", "Kafr Qāsim", "ISR"),  # a vowel written twice, another vowel
        ("As Samwah", "As Samawah", "IRQ"),  # a vowel left out
        ("Ain Oussara", "Aïn Oussera", "DZA"),  # another vowel
        ("Shadadah", "Ash Shaddādah", "SYR"),  # no article, one "d"
    ],
)
def test_another_romanisation_finds_the_town(gaz: Gazetteer, written: str, name: str, iso3: str) -> None:
    assert gaz.candidates(written) == []
    assert [(p.name, p.iso3) for p in gaz.near_spellings(written)] == [(name, iso3)]


@pytest.mark.parametrize(
    "written",
    [
        "North Hall",  # a short English word differs (North Hill, England): not a romanisation
        "Basira",  # too short: Basra, Başīr and more are a letter away
        "Taalabaya",  # two letters from Tallaboa, Puerto Rico
        "Isawiyah",  # a word-initial vowel is kept: not As Sāwiyah
        "Washington Post",
    ],
)
def test_no_romanisation_for_short_english_or_distant_names(gaz: Gazetteer, written: str) -> None:
    assert gaz.near_spellings(written) == []


def test_spelling_skeletons_drop_the_article_doubled_letters_and_vowels() -> None:
    from eventwire.geo import spelling

    assert spelling.skeleton("ash shaddadah") == spelling.skeleton("shadadah") == "shdh"
    assert spelling.skeleton("kafr qaseem") == spelling.skeleton("kafr qasim") == "kfr qsm"
    assert spelling.skeleton("isawiyah") != spelling.skeleton("as sawiyah")
    assert spelling.variants("samwah", "samawah") and not spelling.variants("north hall", "north hill")


def test_readings_kept_for_a_name_are_the_index_readings_and_each_caller_gets_its_own_list(gaz: Gazetteer) -> None:
    for name in ("Paris", "Bauchi State", "Kyiv", "Nowhereville Qqq"):
        first = gaz.candidates(name)
        assert first == gaz._read_candidates(name)
        first.append(first[0] if first else gaz.candidates("Paris")[0])  # a caller's own list
        assert gaz.candidates(name) == gaz._read_candidates(name)
    assert gaz.candidates("Paris") and not gaz.candidates("Nowhereville Qqq")
