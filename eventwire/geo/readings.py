"""Candidate readings of one place name: the gazetteer entries a name can mean, and how readings relate.

A name the gazetteer lists is read as its entries. An unknown name is read again, in this order: without a
trailing place noun ("Musawa LGA"), as the country or region a compass adjective qualifies ("Northern
Iraq"), without or with the Arabic article ("Ar Rutba" → Rutba, "Hoceima" → Al Hoceima), as the town the
first part of a hyphenated name names ("Mogadishu-Bondhere"), as the town of a facility ("Donetsk
Airport"), and last as another romanisation of a town (``Gazetteer.near_spellings``). For toponym corpora
a demonym is its country, and a county may be written without "County".
"""

from __future__ import annotations

from typing import Protocol

from eventwire.geo.gazetteer import Gazetteer, Place, normalise
from eventwire.geo.place_words import ALL_PLACE_NOUNS, ARABIC_ARTICLES, COMPASS, DISTRICT_NOUNS, site_nouns

# Readings kept per name (the gazetteer orders them by size and class).
MAX_CANDIDATES = 60
# Below this many inhabitants a name beside a region that holds none of its readings is a village the
# gazetteer lacks (``lacks``): small places share names across regions.
_VILLAGE_POPULATION = 20_000
# A town found only by adding the Arabic article to an unknown name must have this many inhabitants.
_ARTICLE_TOWN = 10_000


class ActorWords(Protocol):
    """What the actor dictionaries (a layer above) say about a word, passed in by the caller: names of actors
    are not places ("Russian", "Hamas"), and a demonym given as a toponym is its country."""

    def country_word(self, text: str) -> tuple[str, str] | None:
        """(ISO3, "name" | "demonym" | "capital") when ``text`` names a country that way, else None."""
        ...

    def organisation(self, text: str) -> bool:
        """``text`` names an organisation, as written (an acronym only in capitals)."""
        ...


def strip_place_noun(text: str) -> tuple[str, bool]:
    """'Musawa LGA' → ('Musawa', True); 'the Marjayoun District' → ('Marjayoun', True)."""
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    district = False
    while len(words) > 1 and words[-1].lower().strip(".,") in ALL_PLACE_NOUNS:
        if len(words) == 2 and words[0].lower() in COMPASS:
            break  # "North Island", "East District": a name of its own, not a place called "North"
        district = district or words[-1].lower() in DISTRICT_NOUNS
        words.pop()
    while len(words) > 2 and words[0].lower() in ALL_PLACE_NOUNS and words[1].lower() == "of":
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
    if len(words) < 2 or site_nouns().get(words[-1].lower()) != "facility":
        return []
    for end in range(len(words) - 1, 0, -1):
        found = [p for p in gazetteer.candidates(" ".join(words[:end])) if p.feature_code != "PCLI"]
        if found:  # a facility is in a town, not in the region of the same name
            return [p for p in found if p.feature_code in ("PPL", "PPLC")] or found
    return []


def candidates_of(
    name: str, gazetteer: Gazetteer, words: ActorWords | None = None, demonyms: bool = False
) -> tuple[list[Place], bool]:
    """Gazetteer readings of ``name``; a trailing place noun is dropped when the full name is unknown.

    With ``demonyms`` a country adjective ("Russian", "Palestinians") is its country (toponym corpora mark
    them as places; the event coder does not: there they name actors). Returns (places, district-level).
    """
    if demonyms and words is not None:
        # "Canadian winters", "German utility": a country adjective means its country, not Canadian, Texas
        country = demonym_country(name, gazetteer, words)
        if country is not None:
            return [country], False
    found = gazetteer.candidates(name)
    district = False
    if not found:
        core, district = strip_place_noun(name)
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
    return found[:MAX_CANDIDATES], district or any(p.feature_code == "ADM2" for p in found[:1])


def _without_article(name: str, gazetteer: Gazetteer) -> list[Place]:
    """ "Ar Rutba" → Ar Ruţbah, listed as "Rutba": the readings of an unknown name without its Arabic article,
    for a name of five letters or more ("el Mina" is not the Mina of Mexico), read by its own name."""
    for sep in (" ", "-"):
        first, _, rest = name.strip().partition(sep)
        if len(rest) > 4 and first.lower() in ARABIC_ARTICLES and rest[:1].isupper():
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
    if not first.lower().endswith("ern") or first.lower().replace("-", "") not in COMPASS or not rest:
        return []
    return [p for p in gazetteer.candidates(rest) if p.feature_code in ("PCLI", "ADM1")]


def demonym_country(name: str, gazetteer: Gazetteer, words: ActorWords) -> Place | None:
    """The country a demonym names ("Russian", "Palestinians"), or None."""
    hit = words.country_word(name)
    if hit is None or hit[1] != "demonym":
        return None
    return gazetteer.country(hit[0])


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
    core, _ = strip_place_noun(name)
    return gazetteer.resolve(core, hint) if core and core != name else None


def written_keys(text: str) -> set[str]:
    """Lookup keys of a name as written, with and without a trailing place noun ("Hays city")."""
    return {normalise(text), normalise(strip_place_noun(text)[0])}


def region_readings(places: list[Place]) -> list[Place]:
    """The readings of a name in the countries where it names a region ("Buenos Aires" the province and the
    city, not the Buenos Aires of Costa Rica); all readings when it names no region."""
    countries = {p.iso3 for p in places[:20] if p.feature_code in ("ADM1", "ADM2", "RGN")}
    return [p for p in places if p.iso3 in countries] or places


def area_readings(outers: list[Place]) -> list[Place]:
    """The readings of a name written after a place that can hold it: its country and region readings when
    it has any ("Nuevo Leon" is the state, not the village of that name in Chiapas), else all."""
    areas = [o for o in outers[:20] if o.feature_code in ("PCLI", "ADM1", "ADM2", "RGN")]
    return areas or outers


def lacks(inners: list[Place], outers: list[Place]) -> bool:
    """True if ``outers`` reads as a region (admin1 or county) in a country where no reading of ``inners`` is."""
    regions = [o for o in outers[:20] if o.feature_code in ("ADM1", "ADM2")]
    countries = {i.iso3 for i in inners}
    if regions and all(i.population < _VILLAGE_POPULATION for i in inners):
        # "near Pisky, Donetsk": villages named alike in other regions are not this one; the region is written
        return True
    return bool(regions) and not any(o.iso3 in countries for o in outers[:20])


def contains(outer: Place, inner: Place) -> bool:
    if outer.geonameid == inner.geonameid or not outer.iso3 or outer.iso3 != inner.iso3:
        return False
    if outer.feature_code == "PCLI":
        return True
    if outer.feature_code in ("ADM1", "ADM2") or outer.population > inner.population:
        return (
            inner.admin1 is not None
            and bool(inner.admin1)
            and normalise(inner.admin1) == normalise(outer.admin1 or outer.name)
        )
    return False


def contains_any(outers: list[Place], inners: list[Place]) -> bool:
    return any(contains(o, i) for o in outers[:20] for i in inners[:MAX_CANDIDATES])
