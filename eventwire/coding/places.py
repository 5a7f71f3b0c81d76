"""Where an event happened: the event's place among the document's resolved place names.

Recognising place names, reading their candidates and scoring them is the gazetteer layer's (``geo/``:
``recognition``, ``readings``, ``scoring``, ``resolution``); this module passes it what the actor dictionaries
know about the document (``StoryClues``) and decides which of the resolved places an event is at.

Precision (ACLED): 1 a town named; 2 near a town ("near", "outside", "west of", "the area of") or a
district-level name ("X district", "X LGA", a county); 3 a region or a country.

Order of places for an event (each step less precise): places in locative phrases of the trigger's clause;
else locative places anywhere in the sentence; else the most specific place the sentence names in any other
way ("residents of Kasoa"); else the article's focus country (its most mentioned; without any place, the one
country the text names by name, demonym or capital, else the one home country of the groups it names). A
country or region (precision 3) is mapped to its seat, the capital or the region's main town, as ACLED does.
A place the gazetteer lacks written beside its region ("Andar district, Ghazni", "Kolofata town (Mayo-Sava,
Extreme-Nord)") stands as the region. A city split by a contested line (``data/divided_cities.csv``) is placed
in the part whose side a party of the event belongs to.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Set
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from eventwire.coding.actors import match_country_words, setting_countries
from eventwire.coding.lexicon import DATA_DIR, ActorLexicon, Organisation, org_key, tokens_of
from eventwire.coding.lexicon import words as lx_words
from eventwire.geo import resolution
from eventwire.geo.distance import haversine_km
from eventwire.geo.gazetteer import Gazetteer, Place, normalise
from eventwire.geo.geoparse import Toponym, geoparse_doc
from eventwire.geo.place_words import NEAR_PREPS, data_rows
from eventwire.geo.recognition import PlaceName, capitalised_runs, joins, separator
from eventwire.geo.scoring import SCORING
from eventwire.nlp.doc_cache import per_document


@dataclass(frozen=True, slots=True)
class LexiconWords:
    """The actor dictionaries' answers to place recognition (``geo.readings.ActorWords``)."""

    lexicon: ActorLexicon

    def country_word(self, text: str) -> tuple[str, str] | None:
        hit = self.lexicon.country_terms.get(tokens_of(text.replace("’", "'")))
        return None if hit is None else (hit[0].iso3, hit[1])

    def organisation(self, text: str) -> bool:
        org = self.lexicon.organisations.get(org_key(text))
        return org is not None and (not org[1] or text.replace(".", "").isupper())


@dataclass(frozen=True, slots=True)
class StoryClues:
    """What the actor dictionaries read in one document, for place resolution (``geo.resolution.DocumentClues``)."""

    doc: Doc
    lexicon: ActorLexicon

    @property
    def words(self) -> LexiconWords:
        return LexiconWords(self.lexicon)

    def home_country(self) -> str | None:
        """Political and identity militias (ACLED 3, 4) act at home; rebels and jihadists (2) cross borders
        ("ISGS ... in Tillabery" is Niger), and parties and agencies are named in stories set abroad."""
        return _organisations_country(self.doc, self.lexicon, _HOME_MILITIAS)

    def named_countries(self, kinds: frozenset[str] | None = None) -> frozenset[str]:
        return named_countries(self.doc, self.lexicon, kinds)


def doc_places(doc: Doc, gazetteer: Gazetteer, lexicon: ActorLexicon) -> list[PlaceName]:
    """Every recognised place name of ``doc``, resolved in the document's context (cached on the doc)."""
    return resolution.doc_places(doc, gazetteer, StoryClues(doc, lexicon))


def toponyms(
    doc: Doc, gazetteer: Gazetteer, lexicon: ActorLexicon, spans: list[tuple[int, int]] | None = None
) -> list[Toponym]:
    """The toponyms of ``doc`` (``geo.geoparse``) with the event coder's reading of the document."""
    return geoparse_doc(
        doc, gazetteer, StoryClues(doc, lexicon), lambda: article_focus(doc, gazetteer, lexicon, None), spans
    )


@cache
def _divided_cities() -> dict[tuple[str, str], tuple[str, str]]:
    """(normalised city name, its ISO3) → (party's ISO3, name of the part) (``data/divided_cities.csv``)."""
    return {
        (normalise(r["name"]), r["iso3"]): (r["party"], r["part"])
        for r in data_rows("divided_cities.csv", "name", DATA_DIR)
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


def _precision(m: PlaceName, place: Place) -> int:
    if place.feature_code in ("PCLI", "ADM1", "CONT", "RGN"):  # RGN: a named region (Darfur), no town
        return 3
    if m.near or m.district or place.feature_code == "ADM2" or (m.prep is not None and m.prep.lower_ in NEAR_PREPS):
        return 2
    return 1


def _within(token: Token, root: Token) -> bool:
    return root.left_edge.i <= token.i <= root.right_edge.i


def _region_name(mentions: list[PlaceName], m: PlaceName) -> str | None:
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
    ordered: list[PlaceName] = []
    for root in [*roots, sent.root]:
        ordered += [m for m in local if m.prep is not None and _within(m.prep, root) and m not in ordered]
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
        best = min(named, key=lambda m: (_specificity(m), m.start))
        assert best.place is not None
        return [
            _seated(PlaceRef(best.place, _precision(best, best.place), True, _region_name(mentions, best)), gazetteer)
        ]
    if focus:
        country = gazetteer.country(focus)
        if country is not None:
            return [_seated(PlaceRef(country, 3, False), gazetteer)]
    return []


def _origin(m: PlaceName) -> bool:
    """A place after "from": where an act starts, not where it happens, when the sentence names another."""
    return m.prep is not None and m.prep.lower_ == "from"


def _chain_regions(mentions: list[PlaceName], sent: Span) -> set[tuple[str, str]]:
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


def _off_regions(m: PlaceName, regions: Set[tuple[str, str]]) -> bool:
    """A town or district in none of the regions the sentence names (when it names any)."""
    place = m.place
    if place is None or place.feature_code in ("PCLI", "ADM1", "CONT", "RGN"):
        return False
    return bool(regions) and (place.iso3, normalise(place.admin1 or "")) not in regions


def _one_address(
    doc: Doc,
    group: list[PlaceName],
    focus: str | None,
    regions: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset(),
) -> list[PlaceName]:
    """Names joined only by commas or brackets ("in Valencia, Sangre Grande", "Bambofa (Dori, Seno)") are one
    address, not a list, so they lie in one country and one region: names read elsewhere than the most
    confident one (ties: the focus country) are namesakes and give way ("Shahpur sector (Poonch district)":
    not a Shahpur in another state). A list joined by "and" ("in Iraq and Syria") keeps every place."""
    by_start = sorted(group, key=lambda m: m.start)
    if len(by_start) < 2 or any(separator(doc, a.end, b.start) != "," for a, b in pairwise(by_start)):
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


def _displaced(mentions: list[PlaceName], m: PlaceName) -> PlaceName:
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
        if place.iso3 == home or place.feature_code != "PPL" or place.population >= SCORING.stray_population:
            continue
        others = [
            (o.place, o.prep is not None)
            for o in mentions
            if o.place is not None and normalise(o.text) != normalise(m.text)
        ]
        if any(
            (o.iso3 == place.iso3 and (o.feature_code != "PCLI" or locative))  # another town there, "in the US"
            or (
                o.feature_code not in ("PCLI", "CONT")
                and haversine_km(o.latitude, o.longitude, place.latitude, place.longitude) <= SCORING.near_km
            )
            # near one of the story's places
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
    return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and joins(token, doc[token.i + 1], doc[token.i + 2])


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
    return per_document(
        doc,
        "eventwire.organisations",
        lexicon,
        lambda: [
            org[0]
            for sent in doc.sents
            for start, end in capitalised_runs(sent)
            if (org := lexicon.organisations.get(org_key(doc[start:end].text))) is not None
        ],
    )


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


def _specificity(m: PlaceName) -> int:
    """0 a town, 1 a district, 2 a region (callers keep only names resolved to one of these)."""
    return _SPECIFICITY[m.place.feature_code] if m.place is not None else len(_SPECIFICITY)


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
    best = min(found, key=lambda m: (_specificity(m), -m.score, m.start))
    place = best.place
    assert place is not None
    return _seated(PlaceRef(place, 3 if place.feature_code == "ADM1" else 2, False), gazetteer)
