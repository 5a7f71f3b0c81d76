"""Words of place names: the prepositions, nouns and connectors around them, and the word lists of ``geo/data``
that recognition reads (stop words, site nouns, one-country administrative nouns). Shared by recognition
(``recognition``), candidate readings (``readings``) and the event coder's choice of a place.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from eventwire.geo.gazetteer import normalise
from eventwire.ingest.dates import CALENDAR_WORDS

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "across",
        "around",
        "into",
        "within",
        "throughout",
        "between",
        "off",
        "on",
        "from",
        "towards",
        "toward",
        "along",
        "opposite",
        "beside",
        "behind",
    }
)  # "opposite the Baalbek Governorate building"


NEAR_PREPS = frozenset({"near", "outside", "around", "off", "towards", "toward", "along"})


ADMIN_WORDS = frozenset(
    {
        "state",
        "province",
        "region",
        "district",
        "county",
        "governorate",
        "department",
        "oblast",
        "prefecture",
        "territory",
    }
)


# Nouns a place name modifies without naming an actor: "Maymana city", "Bidkin village".
PLACE_NOUNS = ADMIN_WORDS | {
    "city",
    "town",
    "village",
    "neighbourhood",
    "neighborhood",
    "area",
    "municipality",
    "township",
    "commune",
    "locality",
    "suburb",
    "camp",
    "border",
    "capital",
    "tehsil",
    "division",
    "zone",
    "countryside",
    "outskirts",
}


# Admin-level nouns below the region: "Tangail district", "Rafi LGA" name a district, ACLED precision 2.
DISTRICT_NOUNS = frozenset(
    {
        "district",
        "county",
        "lga",
        "tehsil",
        "upazila",
        "subdistrict",
        "sub-district",
        "municipality",
        "township",
        "commune",
        "department",
        "parish",
        "regency",
        "zila",
        "taluka",
        "circle",
        "sector",
        "subdivision",
        "payam",
        "arrondissement",
    }
)


# "west of X", "the outskirts of X": near X (precision 2).
NEAR_OF = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "outskirts",
        "vicinity",
        "suburbs",
        "area",
        "environs",
        "periphery",
        "edge",
        "part",
    }
)


COMPASS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
    }
)


ALL_PLACE_NOUNS = (
    PLACE_NOUNS
    | DISTRICT_NOUNS
    | {
        "upazila",
        "lga",
        "ward",
        "sector",
        "governorate",
        "regency",
        "valley",
        "highway",
        "road",
        "river",
        "mountains",
        "hills",
        "center",
        "centre",
        "island",
        "islands",
    }
)  # "district center"


# Lower-case words inside a place name ("Mato Grosso do Sul", "Tecpan de Galeana", "al Abad").
# "e" is the Persian ezafe ("Kut e Abdollah"), "imeni" the Russian "named after" ("Shakhta imeni Gagarina").
CONNECTORS = frozenset(
    {
        "de",
        "do",
        "da",
        "del",
        "della",
        "di",
        "du",
        "des",
        "dos",
        "das",
        "al",
        "el",
        "la",
        "los",
        "las",
        "le",
        "ul",
        "bin",
        "ibn",
        "upon",
        "on",
        "e",
        "imeni",
    }
)


# The Arabic article in its transliterations ("Ar Rutba", "As Samawah", "Al-Azim"): gazetteers often list the
# town without it, so an unknown name is looked up again without the article (``readings``).
ARABIC_ARTICLES = frozenset({"al", "el", "ar", "as", "ash", "ad", "adh", "an", "at", "ath", "az"})
# Connectors that are no English word: a name they join is one name even when the gazetteer lacks it.
FOREIGN_CONNECTORS = CONNECTORS - {"on", "upon"}


MONTHS_DAYS = CALENDAR_WORDS  # a capitalised month or weekday is never a place name


REGION_WORDS = frozenset({"province", "governorate", "state", "region", "oblast", "prefecture", "department"})


DATA_DIR = Path(__file__).resolve().parent / "data"


def data_rows(name: str, key: str, folder: Path = DATA_DIR) -> list[dict[str, str]]:
    """The rows of ``<folder>/<name>`` (``geo/data`` by default) with a non-empty ``key`` column (lines starting
    with # are comments)."""
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(line for line in handle if not line.startswith("#")) if r[key].strip()]


@cache
def stopwords() -> frozenset[str]:
    """Normalised words that are never recognised as places by the gazetteer rule (see the CSV's comments)."""
    return frozenset(normalise(r["word"]) for r in data_rows("place_stopwords.csv", "word"))


@cache
def site_nouns() -> dict[str, str]:
    """Noun → 'facility' or 'people' (see ``geo/data/site_nouns.csv``)."""
    return {r["word"].strip().lower(): r["kind"].strip() for r in data_rows("site_nouns.csv", "word")}


@cache
def country_nouns() -> dict[str, str]:
    """Noun → ISO 3166 alpha-2 country whose divisions it names (see ``geo/data/country_nouns.csv``)."""
    return {r["word"].strip().lower(): r["country"].strip() for r in data_rows("country_nouns.csv", "word")}
