"""Where: place names attached to a trigger → gazetteer entries with ACLED geo precision.

Recognition (``doc_places``): spaCy's GPE/LOC/FAC entities, plus runs of capitalised words the gazetteer
knows when they stand where a place stands, whatever label spaCy gave them (the small model tags "Faryab",
"Dhaka" or "Nzerekore" as ORG or PERSON): after a locative preposition ("in X", "near X", "in the town of
X", "west of X"), before a place noun ("X district", "X LGA"), or chained after such a place by a comma,
parentheses, "of" or "and" ("in Salvador, Bahia", "Bidkin village (Aurangabad, Maharashtra)", "Akre
district of Ninewa", "between Pellaboukou and Titao"). Demonyms, organisation names (actors, not places),
month and weekday names and the words of ``geo/data/place_stopwords.csv`` are never recognised this way.

Chains: in "Town (District, Province)" or "Town, Province" the later names are *containers*: they name the
region the first place lies in, so they only disambiguate it and the first (most specific) place is the
event's place. A later name counts as a container only if some reading of it contains some reading of the
place before it ("in Iraq, Syria" stays two places).

Resolution (``_resolve_all``), per document, over every candidate of every recognised name:

    score = 0.3·log10(population+1)                       size
          + class bonus (country 2.0, continent 2.0, region 1.0, capital 0.6, county 0.5, other 0)
          − 1.2 for a region with a town of the same name inside it, unless a region word is written
            ("Baghdad" is the city, "Baghdad province" the region)
          − 2.5 for a town under 1/50 the size of a same-named world city (1M+) or capital ("Moscow",
            "Jerusalem")
          − 0.6 for a town that bears the name only as an alternate (former, local) name ("Paris" is not
            Swainsboro, Georgia)
          + 3.5 · share of the document's country evidence for the candidate's country
          + 3.0 · share of the document's admin1 evidence for the candidate's admin1 (not for countries)
          + 2.5 if a container written beside it is (or lies in) the candidate's admin1, 1.5 its country
          + 2.5 if the candidate is a town lying in a county (district) a reading of another name of the
            story is, or a county holding a reading of another name ("Athens" and "Henderson County":
            Athens, Texas); the larger of this and the container bonus counts, and a name never pairs
            with its own county ("Platte" with "Platte County")
          + 1.2 if the candidate lies within 161 km of a confidently resolved town or region of the document,
            in any country ("Gaza" beside "Sderot")
          + 1.0 if the candidate lies within half a degree of a reading of another (not too common) name of the
            document, both by their own names ("Paris" beside "Henry County": Tennessee; ``_pair_bonus``)

Evidence: each distinct name votes for countries and admin1 regions with the probabilities of its
candidates (softmax of their scores), so a name all of whose readings lie in one country ("Rapides
Parish", "Louisiana") votes fully and an ambiguous one ("Alexandria") splits its vote. A name's own vote is
left out of its own evidence. Two rounds: size and class only, then with the evidence of the first round.
The choice is country first (``_decide``): the readings of a country the rest of the document points to are
weighed together, then the best of them is taken; its probability is its score. A small town in a country
nothing else points to, while the rest points to another country, is left unresolved (``_stray``): a
namesake of a place the gazetteer lacks ("Oba town in Idemili South LGA (Anambra)" is not Oba, Turkey).

Precision (ACLED): 1 a town named; 2 near a town ("near", "outside", "west of", "the area of") or a
district-level name ("X district", "X LGA", a county); 3 a region or a country.

Order of places for an event (each step less precise): places in locative phrases of the trigger's clause;
else locative places anywhere in the sentence; else the most specific place the sentence names in any other
way ("residents of Kasoa"); else the article's focus country (its most mentioned; without any place, the one
country the text names by name, demonym or capital, else the one home country of the groups it names). A
country or region (precision 3) is mapped to its seat, the capital or the region's main town, as ACLED does.
A name followed by a region that holds none of its readings ("Andar district, Ghazni"), or whose readings
are all villages elsewhere ("near Pisky, Donetsk"), is a place the gazetteer lacks: the region stands for
it; so does a known region in brackets after an unknown name ("Kolofata town (Mayo-Sava, Extreme-Nord)",
"targeted Afar area (Al Malagim, Al Bayda)"). An unknown hyphenated name ("Mogadishu-Bondhere") is part of
the town its first part names.

Given place spans (``resolve_spans``, toponym corpora) also resolve a US county written without "County"
("Oconee") and a region's demonym ("Ohioans", "South Ossetian").

``named_places`` (toponym recognition only, used by ``geo.geoparse``) also finds gazetteer names in any
position, modifiers included ("the Illinois State Police"), as toponym corpora mark them.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from eventwire.coding.actors import match_country_words, setting_countries
from eventwire.coding.lexicon import ActorLexicon, Organisation, org_key, tokens_of
from eventwire.coding.lexicon import words as lx_words
from eventwire.geo.distance import haversine_km
from eventwire.geo.gazetteer import Gazetteer, Place, normalise

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
_COMPASS = frozenset(
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
_PLACE_NOUNS_ALL = (
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
_CONNECTORS = frozenset(
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
# Connectors that are no English word: a name they join is one name even when the gazetteer lacks it.
_FOREIGN_CONNECTORS = _CONNECTORS - {"on", "upon"}
_MONTHS_DAYS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    }
)
_CLASS_BONUS = {"PCLI": 2.0, "CONT": 2.0, "ADM1": 1.0, "PPLC": 0.6, "ADM2": 0.5}
# A region loses to a town of the same name inside it in news text ("Baghdad", "Kano", "Basra") unless a
# region word is written ("Basra province"); the penalty falls on the region, so towns of other countries
# are not favoured.
_SAME_NAME_CITY = 1.2
# Weights of the document's country and admin1 evidence (see the module docstring).
_W_COUNTRY = 3.5
_W_ADMIN = 3.0
_W_NEAR = 1.2
_W_SIZE = 0.3  # per decade of population
# A town whose own name is what the text writes is likelier than one that only has it as an alternate (former
# or local) name: "Paris" is not Swainsboro, Georgia, once called Paris; "Hays city" is not Hays, Kansas.
_W_ALTERNATE = 0.6
# A name that is a world city (1M+ people) or a national capital means that city, not a namesake under 1/50
# of its size, unless the text says otherwise (a region beside it, the document's strong local evidence):
# "Moscow" in a US story about flights is Russia's capital, not Moscow, Pennsylvania, which the story's other
# US places would favour; "Jerusalem" is not Jerusalem, Maryland.
_WORLD_CITY = 1_000_000
_FAMOUS_RATIO = 50
_W_FAMOUS = 2.5
_REGION_WORDS = frozenset({"province", "governorate", "state", "region", "oblast", "prefecture", "department"})
# A town and a county (district) the story names both, when a reading of the town lies in a reading of the
# county: "Athens" beside "Henderson County" is Athens, Texas, and the county is Texas' Henderson County.
_W_COUNTY = 2.5
_MAX_CANDIDATES = 60
# A town under this size in a country with under this share of the document's country evidence, while one
# other country holds at least the lead share, is a namesake of a place the gazetteer lacks (``_stray``).
_STRAY_POPULATION = 50_000
# Readings of two names of a document lying within this many degrees of each other pair up (``_pair_bonus``).
_PAIR_DEGREES = 0.5
_PAIR_MAX = 30
_PAIR_CITY = 100_000
_W_PAIR = 1.0
# Votes (names' worth) of the rest of the document a country needs before its readings are pooled (``_decide``).
_POOL_VOTES = 0.5
_STRAY_SHARE = 0.05
_STRAY_LEAD = 0.5
# "One name's full vote": a name whose readings all lie in one country votes 1 less a rounding crumb (Caracas
# keeps 3e-6 for a namesake in Ecuador), so a vote this close to 1 is a full one.
_FULL_VOTE = 0.99
# Below this many inhabitants a name beside a region that holds none of its readings is a village the
# gazetteer lacks (``_lacks``): small places share names across regions.
_VILLAGE_POPULATION = 20_000
# A town found only by adding the Arabic article to an unknown name must have this many inhabitants.
_ARTICLE_TOWN = 10_000
_DATA = Path(__file__).resolve().parents[1] / "geo" / "data"


def _data_rows(name: str, key: str) -> list[dict[str, str]]:
    """The rows of ``geo/data/<name>`` with a non-empty ``key`` column (lines starting with # are comments)."""
    with (_DATA / name).open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(line for line in handle if not line.startswith("#")) if r[key].strip()]


@cache
def _stopwords() -> frozenset[str]:
    """Normalised words that are never recognised as places by the gazetteer rule (see the CSV's comments)."""
    return frozenset(normalise(r["word"]) for r in _data_rows("place_stopwords.csv", "word"))


@cache
def _site_nouns() -> dict[str, str]:
    """Noun → 'facility' or 'people' (see ``geo/data/site_nouns.csv``)."""
    return {r["word"].strip().lower(): r["kind"].strip() for r in _data_rows("site_nouns.csv", "word")}


@cache
def _country_nouns() -> dict[str, str]:
    """Noun → ISO 3166 alpha-2 country whose divisions it names (see ``geo/data/country_nouns.csv``)."""
    return {r["word"].strip().lower(): r["country"].strip() for r in _data_rows("country_nouns.csv", "word")}


@cache
def _divided_cities() -> dict[tuple[str, str], tuple[str, str]]:
    """(normalised city name, its ISO3) → (party's ISO3, name of the part) (``geo/data/divided_cities.csv``)."""
    return {
        (normalise(r["name"]), r["iso3"]): (r["party"], r["part"]) for r in _data_rows("divided_cities.csv", "name")
    }


def divided_part(ref: PlaceRef | None, parties: set[str | None], gazetteer: Gazetteer) -> PlaceRef | None:
    """The part of a divided city an event is in when a party belongs to that part's side ("clashes between
    Palestinians and Israeli forces in Jerusalem" → East Jerusalem, Palestine); else ``ref`` unchanged."""
    if ref is None or not ref.from_text:
        return ref
    rule = _divided_cities().get((normalise(ref.place.name), ref.place.iso3))
    if rule is None or rule[0] not in parties:
        return ref
    part = next((p for p in gazetteer.candidates(rule[1]) if p.iso3 == rule[0]), None)
    return ref if part is None else replace(ref, place=part, admin1=None, point=None)


def named_countries(doc: Doc, lexicon: ActorLexicon, kinds: frozenset[str] | None = None) -> frozenset[str]:
    """Countries the text names by name, demonym or capital ("Kazakh", "Guatemala", "South Sudanese"), whatever
    label spaCy gives the word, or only by the ``kinds`` given ("demonym"): iso3s."""
    words = [t.text.replace("’", "'") for t in doc]
    return frozenset(
        country.iso3
        for start, _end, country, kind in match_country_words(words, lexicon)
        if words[start][:1].isupper() and (kinds is None or kind in kinds)
    )


def _country_hints(doc: Doc, gazetteer: Gazetteer, lexicon: ActorLexicon) -> Counter[str]:
    """Country evidence from one-country administrative nouns ("LGA", "upazila"): iso3 → count; and one vote
    for the home country the named militias share ("Dan Na Ambassagou militiamen ... in the commune of
    Sokoura" is in Mali: a village of that name in Côte d'Ivoire is a namesake). Political and identity
    militias (ACLED 3, 4) act at home; rebels and jihadists (2) cross borders ("ISGS ... in Tillabery" is
    Niger), and parties and agencies are named in stories set abroad."""
    nouns = _country_nouns()
    out: Counter[str] = Counter()
    home = _organisations_country(doc, lexicon, _HOME_MILITIAS)
    if home is not None:
        out[home] += 1
    for token in doc:
        cc = nouns.get(token.lower_)
        if cc is not None:
            iso3 = gazetteer.iso3_of(cc)
            if iso3:
                out[iso3] += 1
    return out


@dataclass(frozen=True, slots=True)
class PlaceRef:
    place: Place
    precision: int  # ACLED geo precision 1–3
    from_text: bool  # named in the sentence (False: article focus)
    admin1: str | None = None  # the region written beside the place ("(Aurangabad, Maharashtra)"), if any
    point: Place | None = None  # where a country or region is mapped: its seat (``Gazetteer.seat``)

    def columns(self) -> dict[str, object]:
        p = self.place
        is_country = p.feature_code in ("PCLI", "CONT")
        region = self.admin1 or p.admin1 or (p.name if p.feature_code == "ADM1" else None)
        at = self.point or p
        return {
            "iso3": p.iso3 or None,
            "country": p.country or None,
            "admin1": None if is_country else region,
            "location": p.name,
            "latitude": round(at.latitude, 5),
            "longitude": round(at.longitude, 5),
            "geo_precision": self.precision,
            "geonameid": p.geonameid if p.geonameid >= 0 else None,
        }


@dataclass(slots=True)
class Mention:
    """One recognised place name in a document."""

    start: int  # token offsets in the doc
    end: int
    start_char: int
    end_char: int
    text: str
    candidates: list[Place]
    prep: Token | None = None  # governing locative preposition (the chain head's)
    near: bool = False  # "west of X", "the area of X"
    district: bool = False  # "X district", "X LGA": precision 2
    head: int = -1  # index of the chain head mention; -1 = itself
    containers: list[int] = field(default_factory=list)
    region: int = -1  # a region written beside it that holds none of its readings (see ``_link_chains``)
    place: Place | None = None
    score: float = 0.0
    probs: dict[int, float] = field(default_factory=dict)  # candidate index → probability


# ------------------------------------------------------------------------------------------ candidates


def _strip_place_noun(text: str) -> tuple[str, bool]:
    """'Musawa LGA' → ('Musawa', True); 'the Marjayoun District' → ('Marjayoun', True)."""
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    district = False
    while len(words) > 1 and words[-1].lower().strip(".,") in _PLACE_NOUNS_ALL:
        if len(words) == 2 and words[0].lower() in _COMPASS:
            break  # "North Island", "East District": a name of its own, not a place called "North"
        district = district or words[-1].lower() in DISTRICT_NOUNS
        words.pop()
    while len(words) > 2 and words[0].lower() in _PLACE_NOUNS_ALL and words[1].lower() == "of":
        words = words[2:]
    return " ".join(words), district


def _hyphen_head(name: str, gazetteer: Gazetteer) -> list[Place]:
    """'Mogadishu-Bondhere', 'Tangail-Mymensingh': an unknown hyphenated name of capitalised parts is a
    district of, or a road from, the town its first part names; short parts ("Al-", "El-") are articles."""
    parts = name.split("-")
    if len(parts) < 2 or len(parts[0]) < 4 or not all(p[:1].isupper() for p in parts):
        return []
    # A town or region, not a county or district: "Mayo-Tsanaga" (Cameroon) is not part of County Mayo.
    return [p for p in gazetteer.candidates(parts[0]) if p.feature_code not in ("PCLI", "ADM2")]


def _facility_town(name: str, gazetteer: Gazetteer) -> list[Place]:
    """'Donetsk Airport', 'Donetsk Filtration Station': an unknown name ending in a facility noun is a
    facility of the town its first words name (the longest known prefix)."""
    words = name.split()
    if len(words) < 2 or _site_nouns().get(words[-1].lower()) != "facility":
        return []
    for end in range(len(words) - 1, 0, -1):
        found = [p for p in gazetteer.candidates(" ".join(words[:end])) if p.feature_code != "PCLI"]
        if found:  # a facility is in a town, not in the region of the same name
            return [p for p in found if p.feature_code in ("PPL", "PPLC")] or found
    return []


def candidates_of(
    name: str, gazetteer: Gazetteer, lexicon: ActorLexicon | None = None, demonyms: bool = False
) -> tuple[list[Place], bool]:
    """Gazetteer readings of ``name``; a trailing place noun is dropped when the full name is unknown.

    With ``demonyms`` a country adjective ("Russian", "Palestinians") is its country (toponym corpora mark
    them as places; the event coder does not: there they name actors). Returns (places, district-level).
    """
    if demonyms and lexicon is not None:
        # "Canadian winters", "German utility": a country adjective means its country, not Canadian, Texas
        country = demonym_country(name, gazetteer, lexicon)
        if country is not None:
            return [country], False
    found = gazetteer.candidates(name)
    district = False
    if not found:
        core, district = _strip_place_noun(name)
        if core and core != name:
            found = gazetteer.candidates(core)
    if not found:
        found = _compass_area(name, gazetteer)
    if not found:
        found = _without_article(name, gazetteer) or _with_article(name, gazetteer)
    if not found:
        found = _hyphen_head(name, gazetteer)
        district = district or bool(found)  # part of the town: precision 2
    if not found:
        found = _facility_town(name, gazetteer)
        district = district or bool(found)  # at a facility of the town: precision 2
    if found and district:
        found = [p for p in found if p.feature_code != "PCLI"] or found
    if not found and demonyms:
        # a name known to be a place: a county without its generic word ("Oconee", "Loudon Co.")
        found = gazetteer.counties(name)
        district = district or bool(found)
    if not found and demonyms:
        found = _region_of_demonym(name, gazetteer)
    if not found:
        found = gazetteer.near_spellings(name)  # "Kafr Qaseem": another romanisation of Kafr Qāsim
    return found[:_MAX_CANDIDATES], district or any(p.feature_code == "ADM2" for p in found[:1])


def _without_article(name: str, gazetteer: Gazetteer) -> list[Place]:
    """ "Ar Rutba" → Ar Ruţbah, listed as "Rutba": the readings of an unknown name without its Arabic article,
    for a name of five letters or more ("el Mina" is not the Mina of Mexico), read by its own name."""
    for sep in (" ", "-"):
        first, _, rest = name.strip().partition(sep)
        if len(rest) > 4 and first.lower() in lx_words("arabic_articles") and rest[:1].isupper():
            core = normalise(rest)
            return [p for p in gazetteer.candidates(rest) if core in normalise(p.name)]
    return []


def _with_article(name: str, gazetteer: Gazetteer) -> list[Place]:
    """ "Hoceima" → Al Hoceïma: the readings of an unknown one-word name of six letters or more with the Arabic
    article "Al" or "El" before it, as GeoNames lists many Maghreb and Levant towns; towns of some size and
    regions only, so a rare surname does not become a hamlet."""
    word = name.strip()
    if len(word) < 6 or " " in word or "-" in word or not word[:1].isupper():
        return []
    for article in ("Al", "El"):
        found = [
            p
            for p in gazetteer.candidates(f"{article} {word}")
            if p.feature_code != "PPL" or p.population >= _ARTICLE_TOWN
        ]
        if found:
            return found
    return []


def _compass_area(name: str, gazetteer: Gazetteer) -> list[Place]:
    """ "Northern Iraq", "south-eastern Turkey": a part of a country or region named by a compass word is
    known only as that country or region (precision 3), when the whole phrase is no place of its own. Only the
    adjectives: "South Yemen", "East Timor" are names of their own, not a part of a country."""
    first, _, rest = name.strip().partition(" ")
    if not first.lower().endswith("ern") or first.lower().replace("-", "") not in _COMPASS or not rest:
        return []
    return [p for p in gazetteer.candidates(rest) if p.feature_code in ("PCLI", "ADM1")]


def demonym_country(name: str, gazetteer: Gazetteer, lexicon: ActorLexicon) -> Place | None:
    """The country a demonym names ("Russian", "Palestinians"), or None."""
    hit = lexicon.country_terms.get(tokens_of(name.replace("’", "'")))
    if hit is None or hit[1] != "demonym":
        return None
    return gazetteer.country(hit[0].iso3)


def _demonym_stems(word: str) -> list[str]:
    """Region names a demonym may come from, by English derivation: "Ohioans" → "Ohio", "Ontarians" →
    "Ontario", "Italian" → "Italy", "Minnesotan" → "Minnesota", "South Ossetian" → "South Ossetia",
    "Dagestani" → "Dagestan", "Texans" → "Texas"."""
    if word.endswith("s") and word[-2:-1] in ("n", "i"):
        word = word[:-1]
    if word.endswith("ian"):
        return [word[:-1], word[:-3] + "io", word[:-3] + "y", word[:-3]]
    if word.endswith("an"):
        return [word[:-1], word[:-2], word[:-1] + "s"]
    if word.endswith("i"):
        return [word[:-1]]
    return []


def _region_of_demonym(name: str, gazetteer: Gazetteer) -> list[Place]:
    """The region or country a capitalised demonym names, when a derivation of it is one (toponym corpora
    mark "Ohioans" or "South Ossetian" as places); towns are left out: "Romans" is no place."""
    if not name[:1].isupper() or len(name) < 5:
        return []
    for stem in _demonym_stems(name):
        found = [p for p in gazetteer.candidates(stem) if p.feature_code in ("PCLI", "ADM1", "RGN")]
        if found:
            return found
    return []


def resolve_name(name: str, gazetteer: Gazetteer, hint: str | None) -> Place | None:
    """A name without document context: a country name is the country whatever the hint ("Iraq" is never a
    village called Iraq in Iran); other names prefer a place inside the hinted country."""
    found = gazetteer.candidates(name)
    if found and found[0].feature_code == "PCLI":
        return found[0]
    if found:
        return gazetteer.resolve(name, hint)
    core, _ = _strip_place_noun(name)
    return gazetteer.resolve(core, hint) if core and core != name else None


# ------------------------------------------------------------------------------------------ recognition


def _is_cap(token: Token) -> bool:
    text = token.text
    # "eThekwini", "KwaZulu": a lower-case prefix before a capital is part of a name
    if not (text[:1].isupper() or (text[:1].islower() and text[1:2].isupper())) or token.like_num:
        return False
    letters = text.replace(".", "").replace("'", "").replace("&", "")
    return letters.isalpha() or (letters.replace("-", "").isalpha() and not letters.startswith("-"))


def _joins(before: Token, tok: Token, after: Token) -> bool:
    """A connector inside a name: "Mato Grosso do Sul", "Nzerekore-Centre", "Mazar-e Sharif", and the slash of
    a region named after two towns ("Tunapuna/Piarco", Trinidad)."""
    if tok.lower_ in _CONNECTORS and tok.text.islower():
        return _is_cap(after)
    return tok.text in ("-", "/") and not before.whitespace_ and not tok.whitespace_ and after.is_alpha


def _chunks(sent: Span) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words (with connectors and hyphens inside) as token ranges."""
    out: list[tuple[int, int]] = []
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        if not _is_cap(tok) or tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
            i += 1
            continue
        j = i + 1
        while j < sent.end:
            t = doc[j]
            if _is_cap(t) and t.ent_type_ not in ("DATE", "TIME", "CARDINAL"):
                j += 1
            elif j + 1 < sent.end and _joins(doc[j - 1], t, doc[j + 1]):
                j += 2
            elif (
                j + 2 < sent.end and t.lower_ in _CONNECTORS and t.text.islower() and _joins(t, doc[j + 1], doc[j + 2])
            ):
                j += 3  # two connectors: "Martinez de la Torre", "Leon de los Aldama"
            else:
                break
        out.append((i, j))
        i = j
    return out


def _left_context(doc: Doc, start: int, floor: int) -> tuple[Token | None, bool]:
    """The locative preposition before a name, skipping 'the', 'town of', 'west of', 'the area of'.

    Returns (preposition or None, near)."""
    i = start - 1
    near = False
    bracketed: Token | None = None  # first word of an unknown name the place was written in brackets after
    for _ in range(10):
        if i < floor:
            break
        tok = doc[i]
        low = tok.lower_
        if (
            low in ("the", "a", "an")
            or (tok.is_lower and (tok.pos_ == "ADJ" or low in _COMPASS))
            or (tok.text == "-" and i - 1 >= floor and doc[i - 1].lower_ in _COMPASS)
        ):
            # "in the south-eastern countryside of Ar-Raqqa", "in rural Idlib"
            i -= 1
            continue
        if low == ")" and i - 1 >= floor:
            # "in Hakurk (Wadi Khakurik) region of Erbil": step over a bracketed other name, and the name
            j = i - 1
            while j >= floor and doc[j].text not in ("(", ")"):
                j -= 1
            if j - 1 >= floor and doc[j].text == "(" and _is_cap(doc[j - 1]):
                i = _name_start(doc, j - 1, floor) - 1
                continue
        if low in (",", "("):
            # "in Bocachica, Cartagena", "in Kolofata town (Mayo-Sava, Extreme-Nord)", "at Batgran sector area
            # (Baramulla district, J&K)", "at Al Watiyah airbase (An Nuqat al Khams)": step over a name the
            # gazetteer does not know, with its place or facility nouns; the known name after it says where
            k = i - 1
            while k >= floor and _place_or_site(doc[k]):
                k -= 1
            if k >= floor and _is_cap(doc[k]):
                i = _name_start(doc, k, floor)
                if low == "(":
                    bracketed = doc[i]
                i -= 1
                continue
        if low == "of" and i - 1 >= floor:
            prev = doc[i - 1]
            if prev.lower_ in NEAR_OF:
                return tok, prev.lower_ != "part"  # "west of X" is itself locative
            if prev.lower_ in _PLACE_NOUNS_ALL or prev.lower_ in ("side", "centre", "center", "heart"):
                i -= 2
                continue
            if prev.lower_ in _site_nouns():  # "the hospital of X", "residents of X": X is where
                return tok, near
            break
        if low in LOCATIVE_PREPS:
            return tok, near or low in NEAR_PREPS
        break
    # "targeted Afar area (Al Malagim, Al Bayda)": a known region in brackets after an unknown name says where
    # that place is, whatever governs the name; the name's head stands for the preposition. Not for
    # abbreviations: "the District Commissioner (DC)" is no place.
    if bracketed is not None and not doc[start].text.isupper():
        return bracketed.head, near
    return None, near


def _name_start(doc: Doc, last: int, floor: int) -> int:
    """First token of the run of capitalised words (hyphens and connectors inside: "Radman al Awadh") ending
    at ``last``."""
    while last - 1 >= floor:
        prev = doc[last - 1]
        if _is_cap(prev) or prev.text == "-":
            last -= 1
        elif prev.lower_ in _CONNECTORS and prev.is_lower and last - 2 >= floor and _is_cap(doc[last - 2]):
            last -= 2
        else:
            break
    return last


def _place_or_site(token: Token) -> bool:
    """A place noun ("town", "district") or a facility noun ("airbase", "checkpoint") after a name."""
    return token.lower_ in _PLACE_NOUNS_ALL or _site_nouns().get(token.lower_) == "facility"


def _stop(text: str, lexicon: ActorLexicon) -> bool:
    key = normalise(text)
    if not key or key in _stopwords() or key in _MONTHS_DAYS:
        return True
    hit = lexicon.country_terms.get(tokens_of(text.replace("’", "'")))
    if hit is not None and hit[1] == "demonym":
        return True
    org = lexicon.organisations.get(org_key(text))
    return org is not None and (not org[1] or text.replace(".", "").isupper())


def named_places(doc: Doc, gazetteer: Gazetteer, lexicon: ActorLexicon, min_population: int = 5000) -> list[Span]:
    """Gazetteer names in any position, for toponym recognition rather than event places.

    Toponym corpora mark a place name wherever it stands, modifiers included ("DeKalb Police Lt.", "the
    Illinois State Police"). In each run of capitalised words the longest known prefix is taken, after
    leading stop words ("The", "An"); people's names (spaCy PERSON), stop words, demonyms and
    organisation names are skipped, and a name must be a country, region, county or a place of at least
    ``min_population`` inhabitants, so rare hamlet names do not turn surnames into places.
    """
    out: list[Span] = []
    # A word the document uses in a person's name ("Sheriff Ripley", "Abraham Lincoln") is that person.
    people = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    for sent in doc.sents:
        for start, end in _chunks(sent):
            while start < end and (normalise(doc[start].text) in _stopwords() or doc[start].pos_ != "PROPN"):
                start += 1
            for stop in range(end, start, -1):
                span = doc[start:stop]
                if span.text[-1:] == "-" or any(t.lower_ in people or t.pos_ != "PROPN" for t in span):
                    continue
                if _stop(span.text, lexicon):
                    break
                found = gazetteer.candidates(span.text)
                if any(
                    p.feature_code in ("PCLI", "ADM1", "ADM2", "PPLC") or p.population >= min_population for p in found
                ):
                    out.append(span)
                    break
    return out


def _as_region(found: list[Place], noun: str) -> list[Place]:
    """ "Zulia state", "Diyala province": with a region word written after the name, its region readings (when
    it has any), not the town El Zulia in Colombia."""
    if noun not in _REGION_WORDS:
        return found
    return [p for p in found if p.feature_code in ("ADM1", "ADM2", "RGN")] or found


def _region_abbreviation(text: str, found: list[Place]) -> bool:
    """ "Nigohan (UP)": a region's abbreviation in capitals is no stop word, though "Up" is."""
    return text.isupper() and len(text) <= 3 and any(p.feature_code == "ADM1" for p in found)


def _is_actor_word(ent: Span, lexicon: ActorLexicon) -> bool:
    """'US' in 'US troops' is an actor's nationality, not where the event happened."""
    root = ent.root
    if not (root.dep_ in ("compound", "amod", "poss", "nmod") and root.head.pos_ == "NOUN"):
        return False
    if root.head.lower_ in _PLACE_NOUNS_ALL:
        return False
    # "Baghdad airport" is where the airport is; "a US military outpost" is whose it is: a town or region
    # written right before a facility noun locates it, a country names its owner.
    hit = lexicon.country_terms.get(tokens_of(ent.text.replace("’", "'")))
    return not (
        _site_nouns().get(root.head.lower_) == "facility"
        and root.head.i == ent.end
        and (hit is None or hit[1] == "capital")
    )


def _locative_prep(ent: Span) -> Token | None:
    """The preposition governing a place name ("in Iraq", "in both Iraq and Syria", "in Borno State")."""
    token = ent.root
    for _ in range(4):  # climb conj/compound/appos chains to the phrase's head
        if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS:
            return token.head
        if token.dep_ in ("conj", "appos", "compound") or (token.dep_ == "nmod" and token.head.pos_ == "PROPN"):
            token = token.head
            continue
        if token.dep_ == "pobj" or token.head.lower_ in PLACE_NOUNS:
            token = token.head
            continue
        break
    return None


def _separator(doc: Doc, a_end: int, b_start: int) -> str | None:
    """How two names are joined: ',' / '(' (b names a container), 'of', 'and', or None (not adjacent)."""
    between = [t for t in doc[a_end:b_start]]
    words = [t.lower_ for t in between]
    # allow a place noun after the first name: "Tangail district (Dhaka)", "Akre district of Ninewa"
    while words and (words[0] in _PLACE_NOUNS_ALL or words[0] == "-"):
        words = words[1:]
    if words in (["("], [","], [",", "("], ["(", ","]) or words == [")", ","] or words == [",", "the"]:
        return ","
    # "Kasoa (Awutu Efutu Senya, Central)": a name the gazetteer does not know may sit between a place and
    # its container inside the brackets.
    # So may a district between a town and its region: "Maungdaw Township, Maungdaw District, Rakhine State".
    rest = between[len(between) - len(words) :]
    if (
        len(rest) >= 3
        and rest[0].text in ("(", ",")
        and rest[-1].text == ","
        and all(_is_cap(t) or t.text == "-" for t in rest[1:-1])
    ):
        return ","
    # Or a district the gazetteer lacks in brackets, then the region: "Baghlani Jadid (Baghlan Markazi), Baghlan".
    if (
        len(rest) >= 4
        and [t.text for t in rest[:1] + rest[-2:]] == ["(", ")", ","]
        and all(_is_cap(t) or t.text == "-" for t in rest[1:-2])
    ):
        return ","
    if words in (["of"], ["of", "the"], ["in"], ["in", "the"]):
        return "of"
    if words in (["and"], ["or"], [",", "and"]):
        return "and"
    return None


def _sent_mentions(sent: Span, gazetteer: Gazetteer, lexicon: ActorLexicon) -> list[Mention]:
    doc = sent.doc
    out: list[Mention] = []
    taken: set[int] = set()
    chunks = _chunks(sent)
    # 1. spaCy's place entities (as before), 2. gazetteer names in locative positions.
    for ent in sent.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        if _is_actor_word(ent, lexicon):
            taken.update(range(ent.start, ent.end))
            continue
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        wider = [(a, b) for a, b in chunks if a <= ent.start and ent.end <= b and b - a > ent.end - ent.start]
        if wider and candidates_of(doc[wider[0][0] : wider[0][1]].text, gazetteer)[0]:
            continue  # "Mazar-e Sharif" split by spaCy into "Mazar" and "Sharif": the whole name wins
        span = ent
        if wider and any(t.lower_ in _FOREIGN_CONNECTORS and t.is_lower for t in doc[wider[0][0] : wider[0][1]]):
            # "Shakhta imeni Gagarina" (a mine), "Kafr al Ma": a name joined by a connector is one name, unknown
            # to the gazetteer, not the town its first word happens to name (Shakhta, Russia).
            span = doc[wider[0][0] : wider[0][1]]
            found, district = [], False
        else:
            text = ent.text.strip(" ,(")
            found, district = candidates_of(text, gazetteer)  # unknown names stay, unresolved (geoparse shows them)
            if ent.end < sent.end:
                found = _as_region(found, doc[ent.end].lower_)
            if not found and "," in text:
                continue  # "Bulo Burto, Hiraan" tagged as one entity: its names are read one by one below
        prep = _locative_prep(span)
        near = False
        if prep is None:
            prep, near = _left_context(doc, span.start, sent.start)
        out.append(
            Mention(
                span.start,
                span.end,
                span.start_char,
                span.end_char,
                span.text,
                found,
                prep,
                near or (prep is not None and prep.lower_ in NEAR_PREPS),
                district,
            )
        )
        taken.update(range(span.start, span.end))
    for start, end in chunks:
        if any(i in taken for i in range(start, end)):
            continue
        span = doc[start:end]
        nxt = doc[end].lower_ if end < sent.end else ""
        text = span.text
        if nxt in _PLACE_NOUNS_ALL and nxt not in ("border", "road", "highway", "river"):
            found, district = candidates_of(f"{text} {doc[end].text}", gazetteer)
            found = _as_region(found, nxt)
            if found:
                end += 1
                span = doc[start:end]
                text = span.text  # "Somali region" is a region, whatever "Somali" alone would be
            else:
                found, district = candidates_of(text, gazetteer)
                district = district or nxt in DISTRICT_NOUNS
        else:
            found, district = candidates_of(text, gazetteer)
        if (
            not found
            or (_stop(text, lexicon) and not _region_abbreviation(text, found))
            or _is_actor_word(span, lexicon)
        ):
            continue
        prep, near = _left_context(doc, start, sent.start)
        out.append(Mention(start, end, span.start_char, span.end_char, span.text, found, prep, near, district))
    out.sort(key=lambda m: m.start)
    _link_chains(doc, out)
    # Gazetteer names need a locative position: a preposition, a following place noun, or a chain link.
    keep: set[int] = set()
    for i, m in enumerate(out):
        is_ent = doc[m.start].ent_type_ in PLACE_LABELS and doc[m.start].ent_iob_ == "B"
        noun_after = m.end < sent.end and doc[m.end].lower_ in _PLACE_NOUNS_ALL
        if is_ent or m.prep is not None or noun_after or m.containers:
            keep.add(i)
    for i, m in enumerate(out):  # containers and "and"-siblings of kept names
        if i not in keep and i - 1 in keep and _separator(doc, out[i - 1].end, m.start) is not None:
            keep.add(i)
    kept = [m for i, m in enumerate(out) if i in keep and not _part_in_brackets(doc, m, out)]
    for m in kept:
        m.head, m.containers, m.region = -1, [], -1
        if m.prep is None and any(_separator(doc, m.end, o.start) == "," for o in kept):
            m.prep = doc[m.start].head  # "attacked Musawa (Musawa LGA, Katsina)": the chain marks a place
    for m in kept:
        if _after_unknown_name(doc, m, kept):
            # "Concepcion de Oriente (La Union)", "Afar area (Al Malagim, Al Bayda)": written as the container
            # of a place the gazetteer lacks, the name reads as a region (or a town inside that region), not
            # a namesake town elsewhere.
            m.candidates = _region_readings(m.candidates)
    return kept


def _part_in_brackets(doc: Doc, m: Mention, mentions: list[Mention]) -> bool:
    """ "Yangon (East) district": a bare compass word in brackets after a place names a part of it, not the
    East region of another country."""
    if m.start < 2 or m.end >= len(doc) or doc[m.start - 1].text != "(" or doc[m.end].text != ")":
        return False
    return normalise(m.text) in _COMPASS and any(o.end == m.start - 1 for o in mentions)


def _region_readings(places: list[Place]) -> list[Place]:
    """The readings of a name in the countries where it names a region ("Buenos Aires" the province and the
    city, not the Buenos Aires of Costa Rica); all readings when it names no region."""
    countries = {p.iso3 for p in places[:20] if p.feature_code in ("ADM1", "ADM2", "RGN")}
    return [p for p in places if p.iso3 in countries] or places


def _after_unknown_name(doc: Doc, m: Mention, mentions: list[Mention]) -> bool:
    """``m`` follows "(" or "," right after a capitalised word that is no recognised place."""
    if m.start < 2 or doc[m.start - 1].text not in ("(", ","):
        return False
    before = doc[m.start - 2]
    return _is_cap(before) and not any(o.start <= before.i < o.end for o in mentions)


def _link_chains(doc: Doc, mentions: list[Mention]) -> None:
    """Mark containers ("Town (District, Province)") and give chain members the head's preposition."""
    for i in range(1, len(mentions)):
        m, prev = mentions[i], mentions[i - 1]
        sep = _separator(doc, prev.end, m.start)
        if sep is None:
            continue
        head = prev.head if prev.head >= 0 else i - 1
        if sep == "and":
            if m.prep is None:
                m.prep = prev.prep
                m.near = m.near or prev.near
            continue
        outers = _area_readings(m.candidates)
        if _contains_any(outers, mentions[head].candidates) or (sep == "of" and _contains_any(outers, prev.candidates)):
            m.head = head
            mentions[head].containers.append(i)
            if m.prep is None:
                m.prep = mentions[head].prep
        elif sep in (",", "of") and mentions[head].region < 0 and _lacks(mentions[head].candidates, m.candidates):
            # "Andar district, Ghazni", "Bambofa (Dori, Seno)": a region beside a name none of whose readings
            # lie in the region's country is where the place is; the gazetteer lacks the place itself.
            m.head = head
            mentions[head].region = i
            if m.prep is None:
                m.prep = mentions[head].prep


def _area_readings(outers: list[Place]) -> list[Place]:
    """The readings of a name written after a place that can hold it: its country and region readings when
    it has any ("Nuevo Leon" is the state, not the village of that name in Chiapas), else all."""
    areas = [o for o in outers[:20] if o.feature_code in ("PCLI", "ADM1", "ADM2", "RGN")]
    return areas or outers


def _lacks(inners: list[Place], outers: list[Place]) -> bool:
    """True if ``outers`` reads as a region (admin1 or county) in a country where no reading of ``inners`` is."""
    regions = [o for o in outers[:20] if o.feature_code in ("ADM1", "ADM2")]
    countries = {i.iso3 for i in inners}
    if regions and all(i.population < _VILLAGE_POPULATION for i in inners):
        # "near Pisky, Donetsk": villages named alike in other regions are not this one; the region is written
        return True
    return bool(regions) and not any(o.iso3 in countries for o in outers[:20])


def _contains(outer: Place, inner: Place) -> bool:
    if outer.geonameid == inner.geonameid or not outer.iso3 or outer.iso3 != inner.iso3:
        return False
    if outer.feature_code == "PCLI":
        return True
    if outer.feature_code in ("ADM1", "ADM2") or outer.population > inner.population:
        return bool(inner.admin1) and normalise(inner.admin1) == normalise(outer.admin1 or outer.name)
    return False


def _contains_any(outers: list[Place], inners: list[Place]) -> bool:
    return any(_contains(o, i) for o in outers[:20] for i in inners[:_MAX_CANDIDATES])


# ------------------------------------------------------------------------------------------ resolution


def _base(place: Place) -> float:
    return _W_SIZE * math.log10(max(place.population, 0) + 1) + _CLASS_BONUS.get(place.feature_code, 0.0)


def _km(a: Place, b: Place) -> float:
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exp = [math.exp(3 * (s - top)) for s in scores]
    total = sum(exp)
    return [e / total for e in exp]


def _resolve_all(
    mentions: list[Mention], hints: Counter[str] | None = None, named: frozenset[str] = frozenset()
) -> None:
    """Score every candidate of every mention with the document's evidence (see the module docstring);
    ``hints`` are extra country votes (``_country_hints``)."""
    full = mentions  # container indices point into the full list
    mentions = [m for m in mentions if m.candidates]
    if not mentions:
        return
    keys = [normalise(m.text) for m in mentions]
    scores = [[_base(c) for c in m.candidates] for m in mentions]
    cores = [_county_core(k) for k in keys]
    counties, towns_in = _county_readings(mentions, cores)
    bonus = []  # container agreement, fixed
    for m, key in zip(mentions, cores, strict=True):
        row = []
        towns = [t for t in m.candidates if t.feature_code in ("PPL", "PPLC")]
        region_named = bool(set(m.text.lower().split()) & _REGION_WORDS)
        famous = max(
            (t.population for t in towns if t.population >= _WORLD_CITY or t.feature_code == "PPLC"), default=0
        )
        written = _written(m.text)
        for c in m.candidates:
            extra = 0.0
            if c.feature_code in ("PPL", "PPLC") and normalise(c.name) not in written:
                extra -= _W_ALTERNATE
            if famous and c.feature_code in ("PPL", "PPLC") and c.population * _FAMOUS_RATIO < famous:
                extra -= _W_FAMOUS
            if (
                not region_named
                and c.feature_code == "ADM1"
                and any(
                    (t.iso3 == c.iso3 and (_contains(c, t) or t.feature_code == "PPLC"))
                    or (t.iso3 != c.iso3 and t.population >= max(c.population, 100_000))
                    for t in towns
                )
            ):
                # "Baghdad", "Basra": the city, unless "province" is written; and a town larger than a
                # same-named region abroad is what the name means ("Gaza": not Mozambique's province)
                extra -= _SAME_NAME_CITY
            for k in m.containers:
                outers = full[k].candidates
                if any(o.feature_code != "PCLI" and _contains(o, c) for o in outers):
                    extra = max(extra, 2.5)
                elif any(o.feature_code == "PCLI" and o.iso3 == c.iso3 for o in outers):
                    extra = max(extra, 1.5)
            if (c.admin2 and counties.get(c.admin2, set()) - {key}) or (
                c.feature_code == "ADM2" and towns_in.get(c.geonameid, set()) - {key}
            ):
                extra = max(extra, _W_COUNTY)
            row.append(extra)
        bonus.append(row)
    pairs = _pair_bonus(mentions, keys)
    base = [
        [s + b + q for s, b, q in zip(srow, brow, qrow, strict=True)]
        for srow, brow, qrow in zip(scores, bonus, pairs, strict=True)
    ]
    current = base
    for _round in range(2):
        # votes per distinct name
        country_votes: dict[str, Counter[str]] = {}
        admin_votes: dict[str, Counter[tuple[str, str]]] = {}
        for m, key, row in zip(mentions, keys, current, strict=True):
            if key in country_votes:
                continue
            probs = _softmax(row)
            cv: Counter[str] = Counter()
            av: Counter[tuple[str, str]] = Counter()
            for c, p in zip(m.candidates, probs, strict=True):
                if c.iso3:
                    cv[c.iso3] += p
                    if c.admin1 and c.feature_code != "PCLI":
                        av[(c.iso3, normalise(c.admin1))] += p
            country_votes[key], admin_votes[key] = cv, av
        c_total: Counter[str] = Counter(hints or {})
        a_total: Counter[tuple[str, str]] = Counter()
        for cv in country_votes.values():
            c_total.update(cv)
        for av in admin_votes.values():
            a_total.update(av)
        anchors = [
            m.candidates[max(range(len(row)), key=row.__getitem__)]
            for m, row in zip(mentions, current, strict=True)
            if len(m.candidates) == 1 or max(_softmax(row)) > 0.9
        ]
        # Places near each other in one story are near on the map, across borders too ("Gaza" beside
        # "Sderot"); a country's point says nothing about which of its towns is meant.
        near_anchors = [a for a in anchors if a.feature_code not in ("PCLI", "CONT")]
        new = []
        for m, key, brow in zip(mentions, keys, base, strict=True):
            own_c, own_a = country_votes[key], admin_votes[key]
            n_c = sum(c_total.values()) - sum(own_c.values())
            n_a = sum(a_total.values()) - sum(own_a.values())
            row = []
            for c, b in zip(m.candidates, brow, strict=True):
                s = b
                if n_c > 0 and c.iso3:
                    s += _W_COUNTRY * (c_total[c.iso3] - own_c[c.iso3]) / n_c
                if n_a > 0 and c.admin1 and c.feature_code != "PCLI":
                    k = (c.iso3, normalise(c.admin1))
                    s += _W_ADMIN * (a_total[k] - own_a[k]) / n_a
                if (
                    c.feature_code not in ("PCLI", "CONT")
                    and len(m.candidates) > 1
                    and any(a.geonameid != c.geonameid and _km(a, c) <= 161 for a in near_anchors)
                ):
                    s += _W_NEAR
                row.append(s)
            new.append(row)
        current = new
    # Where things happen: the votes of names in locative positions ("in Anambra"), not of names merely
    # mentioned ("UTM's Eastern Region Director"), with the nouns' hints.
    where: Counter[str] = Counter(hints or {})
    for k in {k for m, k in zip(mentions, keys, strict=True) if m.prep is not None}:
        where.update(country_votes[k])
    # A name written as the region or container of another ("El Refugio (Ahuachapan)") is what the address
    # rests on: never a stray, even when the name before it reads only abroad.
    written_as_area = {id(full[k]) for m in full for k in [*m.containers, *([m.region] if m.region >= 0 else [])]}
    for m, key, row in zip(mentions, keys, current, strict=True):
        probs = _softmax(row)
        best = _decide(m.candidates, row, probs, country_votes[key], c_total)
        m.place, m.score = m.candidates[best], probs[best]
        m.probs = dict(enumerate(probs))
        if (
            m.place.iso3 not in named
            and id(m) not in written_as_area
            and _stray(m.place, country_votes[key], where, near_anchors)
        ):
            m.place, m.score = None, 0.0


def _written(text: str) -> set[str]:
    """Lookup keys of a name as written, with and without a trailing place noun ("Hays city")."""
    return {normalise(text), normalise(_strip_place_noun(text)[0])}


def _pair_bonus(mentions: list[Mention], keys: list[str]) -> list[list[float]]:
    """``_W_PAIR`` for each reading of an ambiguous name that lies next to (within ``_PAIR_DEGREES``) a reading
    of another name of the document: "Paris" and "Henry County" together are Paris, Tennessee, the county's
    seat, whichever of the ten Henry Counties and twenty US Parises each one alone would be. Only readings
    that bear the name as their own pair (not Moscow Mills, Missouri, alias "Moscow"). Names with more
    than ``_PAIR_MAX`` readings are too common to pair, and so are cities of ``_PAIR_CITY`` people or more
    (every name has a suburb or hamlet near one: Moscow, Maryland is no reason to read Baltimore's Moscow).
    Names in a chain ("Allende, Chihuahua") follow the region written beside them instead."""

    def pairs(m: Mention) -> list[bool]:  # readings that may pair: by their own name, not an alternate one
        written = _written(m.text)
        return [c.feature_code not in ("PCLI", "CONT", "ADM1") and normalise(c.name) in written for c in m.candidates]

    points: dict[str, list[tuple[float, float, int]]] = {}
    for m, key in zip(mentions, keys, strict=True):
        if key not in points and len(m.candidates) <= _PAIR_MAX:
            points[key] = [
                (c.latitude, c.longitude, c.geonameid)
                for c, ok in zip(m.candidates, pairs(m), strict=True)
                if ok and c.population < _PAIR_CITY
            ]
    out = []
    for m, key in zip(mentions, keys, strict=True):
        row = [0.0] * len(m.candidates)
        if len(m.candidates) > 1 and m.head < 0 and not m.containers and m.region < 0:
            others = [p for k, pts in points.items() if k != key for p in pts]
            for i, (c, ok) in enumerate(zip(m.candidates, pairs(m), strict=True)):
                if not ok:
                    continue
                span = _PAIR_DEGREES / max(math.cos(math.radians(c.latitude)), 0.2)
                if any(
                    abs(lat - c.latitude) <= _PAIR_DEGREES and abs(lon - c.longitude) <= span and gid != c.geonameid
                    for lat, lon, gid in others
                ):
                    row[i] = _W_PAIR
        out.append(row)
    return out


def _decide(
    candidates: list[Place], row: list[float], probs: list[float], own: Counter[str], total: Counter[str]
) -> int:
    """Index of the chosen candidate: country first, then the best place in it.

    The readings of a country the rest of the document points to share that evidence, so they are weighed
    together: ten US towns called Paris may each score below Paris, France while together, in a story about
    Henry County, they outweigh it. A country nothing else points to is weighed by its best reading alone
    (three Turkish villages called Atakent are no more likely than the larger one in Kazakhstan).
    """
    mass: dict[str, float] = {}
    for c, p in zip(candidates, probs, strict=True):
        if total[c.iso3] - own[c.iso3] >= _POOL_VOTES:
            mass[c.iso3] = mass.get(c.iso3, 0.0) + p
        else:
            mass[c.iso3] = max(mass.get(c.iso3, 0.0), p)
    top = max(mass.values())
    country = next(c.iso3 for c in candidates if mass[c.iso3] == top)  # ties: the candidate order
    return max((i for i, c in enumerate(candidates) if c.iso3 == country), key=lambda i: (row[i], -i))


def _stray(place: Place, own: Counter[str], total: Counter[str], anchors: list[Place]) -> bool:
    """A small place in a country nothing else in the document points to, while the rest of the document
    points to one other country with at least one name's full vote (names in locative positions only: "UTM's
    Eastern Region Director ... in Balaka" says nothing of where Balaka is), is a namesake of a place the gazetteer
    lacks ("Oba town in Idemili South LGA (Anambra)" is not Oba, Turkey; "Villa Nueva, Guatemala ... on the
    Pacific road" is not Pacific, Missouri): better no reading than a wrong country. A place near another of
    the document's places stays (cross-border stories: "Gaza" beside "Sderot"), and so does one in a country
    the text names by name, demonym or capital (``_resolve_all``'s ``named``: "Kazakh" workers in Atakent)."""
    if place.feature_code != "PPL" or place.population >= _STRAY_POPULATION:
        return False
    others = {iso: total[iso] - own[iso] for iso in total}
    n = sum(others.values())
    if n < _FULL_VOTE:
        return False
    lead = max(others.values())
    if others.get(place.iso3, 0.0) / n >= _STRAY_SHARE or lead / n < _STRAY_LEAD or lead < _FULL_VOTE:
        return False
    return not any(a.geonameid != place.geonameid and _km(a, place) <= 161 for a in anchors)


def _county_core(key: str) -> str:
    """A normalised name without its county word: "platte co" and "platte county" -> "platte"."""
    words = key.split()
    while len(words) > 1 and words[-1] in ("county", "co", "parish", "district"):
        words.pop()
    return " ".join(words)


def _county_readings(mentions: list[Mention], keys: list[str]) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Which names of the story can be which county: (county id -> names reading as it, county id -> names
    with a town reading inside it), names given by ``_county_core``. A name never pairs with itself, nor with
    its county ("Platte" and "Platte County" are one piece of evidence, not two)."""
    counties: dict[int, set[str]] = defaultdict(set)
    towns_in: dict[int, set[str]] = defaultdict(set)
    for m, key in zip(mentions, keys, strict=True):
        for c in m.candidates:
            if c.feature_code == "ADM2":
                counties[c.geonameid].add(key)
            elif c.admin2:
                towns_in[c.admin2].add(key)
    return counties, towns_in


def doc_places(doc: Doc, gazetteer: Gazetteer, lexicon: ActorLexicon) -> list[Mention]:
    """Every recognised place name of ``doc``, resolved in the document's context (cached on the doc)."""
    cached = doc.user_data.get("eventwire.places")
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    mentions: list[Mention] = []
    for sent in doc.sents:
        mentions += _sent_mentions(sent, gazetteer, lexicon)
    _link_chains(doc, mentions)
    _resolve_all(mentions, _country_hints(doc, gazetteer, lexicon), named_countries(doc, lexicon))
    doc.user_data["eventwire.places"] = (gazetteer, mentions)
    return mentions


def resolve_spans(
    doc: Doc, spans: list[tuple[int, int]], gazetteer: Gazetteer, lexicon: ActorLexicon
) -> list[Mention | None]:
    """Resolve given character spans (gold recognition) with the same document-level scoring."""
    mentions: list[Mention] = []
    index: list[int | None] = []
    whole = doc.text  # rebuilt from the tokens on every access
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        text = whole[start:end]
        found, district = candidates_of(text, gazetteer, lexicon, demonyms=True)
        if span is None or not found:
            index.append(None)
            continue
        index.append(len(mentions))
        prep = _locative_prep(span) or _left_context(doc, span.start, span.sent.start)[0]  # where things happen
        mentions.append(Mention(span.start, span.end, start, end, text, found, prep, district=district))
    # The document's own recognised places that no given span covers are evidence too (copies: the
    # cached mentions keep their own resolution).
    given = {t for m in mentions for t in range(m.start, m.end)}
    context = [
        replace(m, containers=[], head=-1, region=-1)
        for m in doc_places(doc, gazetteer, lexicon)
        if m.candidates and not any(t in given for t in range(m.start, m.end))
    ]
    ordered = sorted([*mentions, *context], key=lambda m: m.start)
    _link_chains(doc, ordered)
    _resolve_all(ordered, _country_hints(doc, gazetteer, lexicon), named_countries(doc, lexicon))
    return [None if i is None else mentions[i] for i in index]


# ------------------------------------------------------------------------------------------ event places


def _precision(m: Mention, place: Place) -> int:
    if place.feature_code in ("PCLI", "ADM1", "CONT", "RGN"):  # RGN: a named region (Darfur), no town
        return 3
    if m.near or m.district or place.feature_code == "ADM2" or (m.prep is not None and m.prep.lower_ in NEAR_PREPS):
        return 2
    return 1


def _within(token: Token, root: Token) -> bool:
    return root.left_edge.i <= token.i <= root.right_edge.i


def _region_name(mentions: list[Mention], m: Mention) -> str | None:
    """The admin1 written beside the place ("(Aurangabad, Maharashtra)") when it agrees with the place."""
    for k in m.containers:
        outer = mentions[k].place
        if outer is not None and outer.feature_code == "ADM1" and m.place is not None and outer.iso3 == m.place.iso3:
            return outer.name
    return None


def event_places(
    sent: Span, roots: list[Token], gazetteer: Gazetteer, lexicon: ActorLexicon, focus: str | None
) -> list[PlaceRef]:
    """Places for an event whose clause is headed by ``roots`` (the trigger and its anchor verb).

    Places in one locative phrase each give an event ("in Iraq and Syria" → two places), except a region
    written beside a place inside it (a container), which only narrows it.
    """
    doc = sent.doc
    mentions = doc_places(doc, gazetteer, lexicon)
    local = [
        _displaced(mentions, m)
        for m in mentions
        if sent.start <= m.start < sent.end and m.prep is not None and m.head < 0
    ]
    local = [m for m in local if m.place is not None]
    ordered: list[Mention] = []
    for root in [*roots, sent.root]:
        ordered += [m for m in local if _within(m.prep, root) and m not in ordered]  # type: ignore[arg-type]
    ordered += [m for m in local if m not in ordered]
    # "launched a rocket from the Gaza Strip into Israel", "crossed from Syria into Turkey": the origin gives way
    # to where the act arrives, as ACLED codes remote violence where it lands.
    ordered = [m for m in ordered if not _origin(m)] + [m for m in ordered if _origin(m)]
    # A town read outside every region the sentence writes beside a place ("on La Carranza highway near
    # Pujiltic, Chiapas") is a namesake the gazetteer has instead of the real one: places inside those
    # regions go first.
    regions = _chain_regions(mentions, sent)
    ordered = [m for m in ordered if not _off_regions(m, regions)] + [m for m in ordered if _off_regions(m, regions)]
    for first in ordered:
        group = [m for m in ordered if m.prep is not None and first.prep is not None and m.prep.i == first.prep.i]
        group = _one_address(doc, group, focus, regions)
        refs: list[PlaceRef] = []
        for m in group:
            place = m.place
            if place is not None and all(r.place.geonameid != place.geonameid for r in refs):
                refs.append(PlaceRef(place, _precision(m, place), True, _region_name(mentions, m)))
        refs = [r for r in refs if not any(_inside(o.place, r.place) for o in refs if o is not r)]
        if refs:
            return [_seated(r, gazetteer) for r in refs]
    # No locative phrase: a place the sentence names otherwise ("residents of Kasoa demonstrated", "the
    # hospital of Thessaloniki") is still likelier than the article's focus; the most specific one wins.
    named = [_displaced(mentions, m) for m in mentions if sent.start <= m.start < sent.end and m.head < 0]
    named = [m for m in named if m.place is not None and m.place.feature_code in _SPECIFICITY]
    if named:
        best = min(named, key=lambda m: (_SPECIFICITY[m.place.feature_code], m.start))  # type: ignore[union-attr]
        assert best.place is not None
        return [
            _seated(PlaceRef(best.place, _precision(best, best.place), True, _region_name(mentions, best)), gazetteer)
        ]
    if focus:
        country = gazetteer.country(focus)
        if country is not None:
            return [_seated(PlaceRef(country, 3, False), gazetteer)]
    return []


def _origin(m: Mention) -> bool:
    """A place after "from": where an act starts, not where it happens, when the sentence names another."""
    return m.prep is not None and m.prep.lower_ == "from"


def _chain_regions(mentions: list[Mention], sent: Span) -> set[tuple[str, str]]:
    """(iso3, admin1) of the places written beside another place in ``sent`` as its container or region
    ("Nalanda district (Bihar)", "Arso district, Keerom Regency, Papua province")."""
    out = set()
    for m in mentions:
        if not sent.start <= m.start < sent.end:
            continue
        for k in [*m.containers, *([m.region] if m.region >= 0 else [])]:
            outer = mentions[k].place
            if outer is not None and outer.iso3 and outer.admin1 and outer.feature_code != "PCLI":
                out.add((outer.iso3, normalise(outer.admin1)))
    return out


def _off_regions(m: Mention, regions: set[tuple[str, str]]) -> bool:
    """A town or district in none of the regions the sentence names (when it names any)."""
    place = m.place
    if place is None or place.feature_code in ("PCLI", "ADM1", "CONT", "RGN"):
        return False
    return bool(regions) and (place.iso3, normalise(place.admin1 or "")) not in regions


def _one_address(
    doc: Doc,
    group: list[Mention],
    focus: str | None,
    regions: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset(),
) -> list[Mention]:
    """Names joined only by commas or brackets ("in Valencia, Sangre Grande", "Bambofa (Dori, Seno)") are one
    address, not a list, so they lie in one country and one region: names read elsewhere than the most
    confident one (ties: the focus country) are namesakes and give way ("Shahpur sector (Poonch district)":
    not a Shahpur in another state). A list joined by "and" ("in Iraq and Syria") keeps every place."""
    by_start = sorted(group, key=lambda m: m.start)
    if len(by_start) < 2 or any(_separator(doc, a.end, b.start) != "," for a, b in pairwise(by_start)):
        return group
    # Two countries or two regions side by side are a list, even with a comma ("strikes in Iraq, Syria").
    levels = Counter(m.place.feature_code for m in by_start if m.place is not None)
    if levels["PCLI"] > 1 or levels["ADM1"] > 1:
        return group
    # a namesake outside the regions the address names is not the most confident reading (``_off_regions``)
    best = max(
        by_start,
        key=lambda m: (not _off_regions(m, regions), m.score, m.place is not None and m.place.iso3 == focus, -m.start),
    )
    assert best.place is not None
    return [m for m in group if m.place is not None and _same_region(m.place, best.place)]


def _same_region(a: Place, b: Place) -> bool:
    """Same country, and same admin1 unless one of them is a country (which has none)."""
    if a.iso3 != b.iso3:
        return False
    if "PCLI" in (a.feature_code, b.feature_code) or not a.admin1 or not b.admin1:
        return True
    return normalise(a.admin1) == normalise(b.admin1)


def _seated(ref: PlaceRef, gazetteer: Gazetteer) -> PlaceRef:
    """ACLED maps an event known only at country or region level (precision 3) to the capital or the region's
    main town, not to the area's centre: the seat's point, the country's or region's name and id."""
    if ref.precision != 3 or ref.place.feature_code not in ("PCLI", "ADM1"):
        return ref
    seat = gazetteer.seat(ref.place)
    return ref if seat is None else replace(ref, point=seat)


def _displaced(mentions: list[Mention], m: Mention) -> Mention:
    """A place the gazetteer lacks, written beside its region ("Andar district, Ghazni"), stands as the region
    (a copy; precision then follows the region: 3 for an admin1, 2 for a county)."""
    if m.region < 0:
        return m
    beside = mentions[m.region]
    region = beside.place
    if region is None or (
        m.place is not None
        and m.place.iso3 == region.iso3
        and (region.feature_code == "PCLI" or normalise(m.place.admin1 or "") == normalise(region.admin1 or ""))
    ):
        return m
    # "Ghazni" beside a district is the province, not the city of the same name.
    region = next(
        (c for c in beside.candidates if c.iso3 == region.iso3 and c.feature_code in ("ADM1", "ADM2")), region
    )
    return replace(m, place=region, containers=[], region=-1)


def _inside(inner: Place, outer: Place) -> bool:
    """'in Nigeria's Zamfara State' names one place: a country or region gives way to a place inside it."""
    if inner.iso3 != outer.iso3 or inner.geonameid == outer.geonameid:
        return False
    if outer.feature_code == "PCLI":
        return inner.feature_code != "PCLI"
    return outer.feature_code == "ADM1" and inner.feature_code != "ADM1" and inner.admin1 == outer.admin1


def article_focus(doc: Doc, gazetteer: Gazetteer, lexicon: ActorLexicon, dateline: str | None) -> str | None:
    """The country the article is about: most frequent among places where things happen ("in Iraq"),
    not places merely named ("talks with Iran"); ties → first mentioned.

    The dateline decides only when the text names no place: a Washington dateline on a story about
    strikes in Iraq is where the story was filed, not where it happened. Without either, the one country
    the text names by name, demonym or capital ("Iraqi lawmakers") is the focus.
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    weights: defaultdict[str, float] = defaultdict(float)
    mentions = [m for m in doc_places(doc, gazetteer, lexicon) if m.place is not None and m.place.iso3]
    # Places in locative phrases count; when there are none, any place the text names does.
    for m in [m for m in mentions if m.prep is not None] or mentions:
        assert m.place is not None
        counts[m.place.iso3] += 1
        weights[m.place.iso3] += m.score
        first.setdefault(m.place.iso3, m.start)
    if counts:
        return max(counts, key=lambda iso: (counts[iso], weights[iso], -first[iso]))
    if dateline:
        place = gazetteer.resolve(dateline.split(",")[0].strip())
        if place is not None:
            return place.iso3
    # No resolvable place ("near Pyshchevyk", "Iraqi lawmakers approved..."): the one country the text names
    # by name, demonym or capital is still where it happened, at country precision; else the one home country
    # of the armed groups and parties it names ("Imbonerakure attacked a CNL member").
    return _setting_country(doc, lexicon)


def dateline_country(dateline: str | None, gazetteer: Gazetteer) -> str | None:
    """The country a dateline names ("Dakar, Senegal" → SEN), else the country of its first place ("Dakar")."""
    if not dateline:
        return None
    parts = [p.strip(" .[]") for p in dateline.split(",") if p.strip(" .[]")]
    for part in reversed(parts):
        place = gazetteer.resolve(part)
        if place is not None and place.feature_code == "PCLI":
            return place.iso3
    place = gazetteer.resolve(parts[0]) if parts else None
    return place.iso3 if place is not None and place.iso3 else None


def prefer_dateline_country(doc: Doc, gazetteer: Gazetteer, lexicon: ActorLexicon, dateline: str | None) -> None:
    """A story filed from the dateline's country that reads a small town abroad, in a country no other place
    of the story locates anything in and near none of its places, has met a namesake: "the Colobane and Medina
    neighbourhoods" of a Dakar story are Dakar's Medina, not Medina, Ohio, even when the story names the
    United States elsewhere ("The United States and France also called for ..."). The name takes its best
    reading in the dateline's country, else none (the sentence then falls back to the story's places).
    Resolves the document's places first (``doc_places``, cached on the doc) and corrects them in place."""
    home = dateline_country(dateline, gazetteer)
    if home is None:
        return
    mentions = [m for m in doc_places(doc, gazetteer, lexicon) if m.place is not None]
    for m in mentions:
        place = m.place
        assert place is not None
        if place.iso3 == home or place.feature_code != "PPL" or place.population >= _STRAY_POPULATION:
            continue
        others = [
            (o.place, o.prep is not None)
            for o in mentions
            if o.place is not None and normalise(o.text) != normalise(m.text)
        ]
        if any(
            (o.iso3 == place.iso3 and (o.feature_code != "PCLI" or locative))  # another town there, "in the US"
            or (o.feature_code not in ("PCLI", "CONT") and _km(o, place) <= 161)  # near one of the story's places
            for o, locative in others
        ):
            continue
        at_home = [i for i, c in enumerate(m.candidates) if c.iso3 == home]
        if at_home:
            best = max(at_home, key=lambda i: (m.probs.get(i, 0.0), -i))
            m.place, m.score = m.candidates[best], m.probs.get(best, 0.0)
        else:
            m.place, m.score = None, 0.0


def _setting_country(doc: Doc, lexicon: ActorLexicon) -> str | None:
    """The one country the text names as the setting, else the organisations' one home country.

    Countries named as the other side ("threatened action against Russia") or across a border ("near the
    border with Mali") are not the setting. A demonym on a state's armed forces ("Turkish forces struck …
    Iraq", "Saudi aircraft flew over the island") names who acts, often abroad: it decides only when
    nothing else does, and gives way to a single home country of the groups the text names.
    """
    strong: set[str] = set()
    armed: set[str] = set()
    for token, country, kind in setting_countries(doc, lexicon):
        if _across_border(token) or _hyphen_compound(token):
            continue
        if kind == "demonym" and _on_armed_side(token):
            armed.add(country.iso3)
        else:
            strong.add(country.iso3)
    if strong:
        return next(iter(strong)) if len(strong) == 1 else None
    return _organisations_country(doc, lexicon) or (next(iter(armed)) if len(armed) == 1 else None)


def _hyphen_compound(token: Token) -> bool:
    """ "Saudi-led coalition", "Rabat-e Sangi-ye Pain": a country word hyphened to the next word modifies an
    actor or is part of another name, and names no setting."""
    doc = token.doc
    return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and _joins(token, doc[token.i + 1], doc[token.i + 2])


def _across_border(token: Token) -> bool:
    """ "the border with Mali": the country beyond the border, not the one the place lies in."""
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "with" and prep.head.lower_ in ("border", "frontier")


def _on_armed_side(token: Token) -> bool:
    """ "Saudi forces", "Turkish military aircraft": a demonym modifying a state's armed forces."""
    head = token
    while head.dep_ in ("amod", "compound", "nmod") and head.head is not head:
        head = head.head
        if head.lower_ in lx_words("armed_side_nouns"):
            return True
    return False


def _named_organisations(doc: Doc, lexicon: ActorLexicon) -> list[Organisation]:
    """The organisations ``doc`` names, as capitalised runs (read once per document, cached on it)."""
    cached = doc.user_data.get("eventwire.organisations")
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    found = [
        org[0]
        for sent in doc.sents
        for start, end in _chunks(sent)
        if (org := lexicon.organisations.get(org_key(doc[start:end].text))) is not None
    ]
    doc.user_data["eventwire.organisations"] = (lexicon, found)
    return found


def _organisations_country(doc: Doc, lexicon: ActorLexicon, inters: frozenset[int] | None = None) -> str | None:
    """The home country of the organisations ``doc`` names (of ACLED types ``inters`` only, if given), when
    they all have the same one; a mission with no home country counts by the one country it works in ("the
    OSCE SMM observed ... near Pyshchevyk")."""
    countries = {
        org.country or org.theatre
        for org in _named_organisations(doc, lexicon)
        if (org.country or org.theatre) and (inters is None or org.inter in inters)
    }
    return next(iter(countries)) if len(countries) == 1 else None


_HOME_MILITIAS = frozenset({3, 4})  # ACLED inter codes of political and identity militias
_SPECIFICITY = {"PPL": 0, "PPLC": 0, "ADM2": 1, "ADM1": 2}


def document_place(doc: Doc, gazetteer: Gazetteer, lexicon: ActorLexicon, focus: str | None) -> PlaceRef | None:
    """The most specific place the article locates things in, inside its focus country: where an act whose
    own sentence names no place most likely happened. Precision 2 for a town or district (the act is in or
    near it, not certainly at it), 3 for a region; never finer than the text allows."""
    found = [
        m
        for m in doc_places(doc, gazetteer, lexicon)
        if m.place is not None and m.place.iso3 == focus and m.place.feature_code in _SPECIFICITY
    ]
    found = [m for m in found if m.prep is not None] or found  # locative places first, else any named
    if not found:
        return None
    best = min(found, key=lambda m: (_SPECIFICITY[m.place.feature_code], -m.score, m.start))  # type: ignore[union-attr]
    place = best.place
    assert place is not None
    return _seated(PlaceRef(place, 3 if place.feature_code == "ADM1" else 2, False), gazetteer)
