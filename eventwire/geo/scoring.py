"""Scoring the readings of a document's place names, and choosing one reading per name (``resolve_names``).

Every reading (candidate) of every recognised name gets a score from named features, whose weights are the
fields of one ``PlaceScoring`` object (``SCORING``):

    prior   = size_and_class                      0.3·log10(population+1) + class bonus (country 2.0,
                                                  continent 2.0, region 1.0, capital 0.6, county 0.5)
            − alternate_name                      0.6: a town that bears the name only as an alternate
                                                  (former, local) name ("Paris" is not Swainsboro, Georgia)
            − famous_namesake                     2.5: a town under 1/50 the size of a same-named world
                                                  city (1M+) or capital ("Moscow", "Jerusalem")
            − city_over_region                    1.2: a region with a same-named town inside it (or a
                                                  larger one abroad), unless a region word is written
                                                  ("Baghdad" is the city, "Baghdad province" the region)
    support = max(prior, container_support,       2.5 if a container written beside it is (or lies in)
                  county_support)                 the reading's region, 1.5 its country; 2.5 for a town in
                                                  a county another name of the story reads as ("Athens"
                                                  and "Henderson County": Athens, Texas)
    base    = support + pair_bonus                1.0 within half a degree of a reading of another (not too
                                                  common) name, both by their own names ("Paris" beside
                                                  "Henry County": Tennessee)
    score   = base + country_evidence             3.5 · the rest of the document's share of country votes
                   + admin_evidence               3.0 · its share of admin1 votes (not for countries)
                   + near_anchor                  1.2 within 161 km of a confidently read place of the
                                                  document, in any country ("Gaza" beside "Sderot")

Evidence: each distinct name votes for countries and admin1 regions with the probabilities of its readings
(softmax of their scores, sharpness 3), so a name all of whose readings lie in one country ("Rapides Parish")
votes fully and an ambiguous one ("Alexandria") splits its vote; a name's own vote is left out of its own
evidence. Two rounds: the first reads the base scores, the second the scores of the first.

The decision (``decide``) is country first: the readings of a country the rest of the document points to are
weighed together, then the best of them is taken; its probability is its score. A small town in a country
nothing else points to, while the rest points to another country, is left unresolved (``stray``): a
namesake of a place the gazetteer lacks ("Oba town in Idemili South LGA (Anambra)" is not Oba, Turkey).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from eventwire.geo.distance import EARTH_KM, haversine_km
from eventwire.geo.gazetteer import Place, normalise
from eventwire.geo.place_words import REGION_WORDS
from eventwire.geo.readings import contains, written_keys
from eventwire.geo.recognition import PlaceName

_K = TypeVar("_K")
_TOWNS = ("PPL", "PPLC")


def _class_bonus() -> dict[str, float]:
    return {"PCLI": 2.0, "CONT": 2.0, "ADM1": 1.0, "PPLC": 0.6, "ADM2": 0.5}


@dataclass(frozen=True, slots=True)
class PlaceScoring:
    """The weights and thresholds of place scoring (see the module docstring for the formula)."""

    size: float = 0.3  # per decade of population
    class_bonus: Mapping[str, float] = field(default_factory=_class_bonus)  # by GeoNames feature code
    # A town whose own name is what the text writes is likelier than one that only has it as an alternate
    # (former or local) name: "Paris" is not Swainsboro, Georgia, once called Paris; "Hays city" is not Hays.
    alternate: float = 0.6
    # A name that is a world city or a national capital means that city, not a namesake under 1/ratio of its
    # size, unless the text says otherwise: "Moscow" in a US story about flights is Russia's capital, not
    # Moscow, Pennsylvania, which the story's other US places would favour.
    famous: float = 2.5
    world_city: int = 1_000_000
    famous_ratio: int = 50
    # A region loses to a town of the same name inside it in news text ("Baghdad", "Kano", "Basra") unless a
    # region word is written ("Basra province"), and to a town abroad at least this large ("Gaza" is not
    # Mozambique's province); the penalty falls on the region, so towns of other countries are not favoured.
    same_name_city: float = 1.2
    same_name_city_abroad: int = 100_000
    container_region: float = 2.5  # a container written beside the name is, or lies in, the reading's region
    container_country: float = 1.5  # ... is the reading's country
    # A town and a county (district) the story names both, when a reading of the town lies in a reading of
    # the county: "Athens" beside "Henderson County" is Athens, Texas.
    county: float = 2.5
    # Readings of two names within ``pair_degrees`` of each other pair up; names with more than ``pair_max``
    # readings, and cities of ``pair_city`` people or more, are too common to pair.
    pair: float = 1.0
    pair_degrees: float = 0.5
    pair_max: int = 30
    pair_city: int = 100_000
    country: float = 3.5  # times the rest of the document's share of country votes
    admin: float = 3.0  # times the rest of the document's share of admin1 votes
    near: float = 1.2  # within ``near_km`` of a confidently read place of the document
    near_km: float = 161  # 100 miles
    anchor_probability: float = 0.9  # a reading this probable is an anchor for ``near``
    softmax_sharpness: float = 3
    rounds: int = 2
    # Votes (names' worth) of the rest of the document a country needs before its readings are pooled.
    pool_votes: float = 0.5
    # A town under ``stray_population`` in a country with under ``stray_share`` of the document's votes,
    # while one other country holds at least ``stray_lead`` of them and a full vote, is a stray namesake.
    stray_population: int = 50_000
    stray_share: float = 0.05
    stray_lead: float = 0.5
    # "One name's full vote": a name whose readings all lie in one country votes 1 less a rounding crumb
    # (Caracas keeps 3e-6 for a namesake in Ecuador), so a vote this close to 1 is a full one.
    full_vote: float = 0.99


SCORING = PlaceScoring()


# ------------------------------------------------------------------------------------ features: the prior


def size_and_class(c: Place, w: PlaceScoring = SCORING) -> float:
    return w.size * math.log10(max(c.population, 0) + 1) + w.class_bonus.get(c.feature_code, 0.0)


def alternate_name(c: Place, written: set[str], w: PlaceScoring = SCORING) -> float:
    """Penalty for a town whose own name is not what the text writes (``written``: ``written_keys``)."""
    return w.alternate if c.feature_code in _TOWNS and normalise(c.name) not in written else 0.0


def famous_size(readings: list[Place], w: PlaceScoring = SCORING) -> int:
    """Population of the largest world city or capital among a name's town readings (0: none)."""
    towns = [t for t in readings if t.feature_code in _TOWNS]
    return max((t.population for t in towns if t.population >= w.world_city or t.feature_code == "PPLC"), default=0)


def famous_namesake(c: Place, famous: int, w: PlaceScoring = SCORING) -> float:
    """Penalty for a town far smaller than the world city or capital of the same name (``famous_size``)."""
    return w.famous if famous and c.feature_code in _TOWNS and c.population * w.famous_ratio < famous else 0.0


def city_over_region(c: Place, readings: list[Place], region_named: bool, w: PlaceScoring = SCORING) -> float:
    """Penalty for a region reading when the name is also a town inside it, or a larger town abroad."""
    if region_named or c.feature_code != "ADM1":
        return 0.0
    towns = [t for t in readings if t.feature_code in _TOWNS]
    if any(
        (t.iso3 == c.iso3 and (contains(c, t) or t.feature_code == "PPLC"))
        or (t.iso3 != c.iso3 and t.population >= max(c.population, w.same_name_city_abroad))
        for t in towns
    ):
        return w.same_name_city
    return 0.0


def container_support(c: Place, containers: list[list[Place]], w: PlaceScoring = SCORING) -> float | None:
    """Support from names written as the reading's container ("Bidkin (Aurangabad, Maharashtra)"), given as
    their readings: the region weight if one lies around it, the country weight if one is its country."""
    best: float | None = None
    for outers in containers:
        if any(o.feature_code != "PCLI" and contains(o, c) for o in outers):
            support = w.container_region
        elif any(o.feature_code == "PCLI" and o.iso3 == c.iso3 for o in outers):
            support = w.container_country
        else:
            continue
        best = support if best is None else max(best, support)
    return best


def county_support(
    c: Place, key: str, counties: Mapping[int, set[str]], towns_in: Mapping[int, set[str]], w: PlaceScoring = SCORING
) -> float | None:
    """Support for a town lying in a county another name of the story reads as, or a county holding a town
    reading of another name (``county_readings``; ``key``: the name's ``county_core``)."""
    if (c.admin2 and counties.get(c.admin2, set()) - {key}) or (
        c.feature_code == "ADM2" and towns_in.get(c.geonameid, set()) - {key}
    ):
        return w.county
    return None


def county_core(key: str) -> str:
    """A normalised name without its county word: "platte co" and "platte county" -> "platte"."""
    words = key.split()
    while len(words) > 1 and words[-1] in ("county", "co", "parish", "district"):
        words.pop()
    return " ".join(words)


def county_readings(names: list[PlaceName], keys: list[str]) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Which names of the story can be which county: (county id -> names reading as it, county id -> names
    with a town reading inside it), names given by ``county_core``. A name never pairs with itself, nor with
    its county ("Platte" and "Platte County" are one piece of evidence, not two)."""
    counties: dict[int, set[str]] = defaultdict(set)
    towns_in: dict[int, set[str]] = defaultdict(set)
    for m, key in zip(names, keys, strict=True):
        for c in m.candidates:
            if c.feature_code == "ADM2":
                counties[c.geonameid].add(key)
            elif c.admin2:
                towns_in[c.admin2].add(key)
    return counties, towns_in


def pair_bonus(names: list[PlaceName], keys: list[str], w: PlaceScoring = SCORING) -> list[list[float]]:
    """``w.pair`` for each reading of an ambiguous name that lies next to (within ``w.pair_degrees``) a reading
    of another name of the document: "Paris" and "Henry County" together are Paris, Tennessee, the county's
    seat, whichever of the ten Henry Counties and twenty US Parises each one alone would be. Only readings
    that bear the name as their own pair (not Moscow Mills, Missouri, alias "Moscow"). Names with more
    than ``w.pair_max`` readings are too common to pair, and so are cities of ``w.pair_city`` people or more
    (every name has a suburb or hamlet near one: Moscow, Maryland is no reason to read Baltimore's Moscow).
    Names in a chain ("Allende, Chihuahua") follow the region written beside them instead."""

    def pairs(m: PlaceName) -> list[bool]:  # readings that may pair: by their own name, not an alternate one
        written = written_keys(m.text)
        return [c.feature_code not in ("PCLI", "CONT", "ADM1") and normalise(c.name) in written for c in m.candidates]

    points: dict[str, list[tuple[float, float, int]]] = {}
    for m, key in zip(names, keys, strict=True):
        if key not in points and len(m.candidates) <= w.pair_max:
            points[key] = [
                (c.latitude, c.longitude, c.geonameid)
                for c, ok in zip(m.candidates, pairs(m), strict=True)
                if ok and c.population < w.pair_city
            ]
    out = []
    for m, key in zip(names, keys, strict=True):
        row = [0.0] * len(m.candidates)
        if len(m.candidates) > 1 and m.head < 0 and not m.containers and m.region < 0:
            others = [p for k, pts in points.items() if k != key for p in pts]
            for i, (c, ok) in enumerate(zip(m.candidates, pairs(m), strict=True)):
                if not ok:
                    continue
                span = w.pair_degrees / max(math.cos(math.radians(c.latitude)), 0.2)
                if any(
                    abs(lat - c.latitude) <= w.pair_degrees and abs(lon - c.longitude) <= span and gid != c.geonameid
                    for lat, lon, gid in others
                ):
                    row[i] = w.pair
        out.append(row)
    return out


# --------------------------------------------------------------------------- features: the document's evidence


@dataclass(slots=True)
class Evidence:
    """The document's votes in one round: per distinct name, and in total (with the caller's hints)."""

    country_votes: dict[str, dict[str, float]]  # name key -> iso3 -> vote
    admin_votes: dict[str, dict[tuple[str, str], float]]  # name key -> (iso3, admin1) -> vote
    countries: dict[str, float]
    admins: dict[tuple[str, str], float]
    anchors: list[Place]  # confidently read towns and regions (not countries)


def country_evidence(c: Place, ev: Evidence, key: str, w: PlaceScoring = SCORING) -> float:
    """``w.country`` times the share of the rest of the document's country votes for the reading's country."""
    own = ev.country_votes[key]
    n = sum(ev.countries.values()) - sum(own.values())
    if n > 0 and c.iso3:
        return w.country * (ev.countries.get(c.iso3, 0) - own.get(c.iso3, 0)) / n
    return 0.0


def admin_evidence(c: Place, ev: Evidence, key: str, w: PlaceScoring = SCORING) -> float:
    """``w.admin`` times the share of the rest of the document's admin1 votes for the reading's region."""
    own = ev.admin_votes[key]
    n = sum(ev.admins.values()) - sum(own.values())
    if n > 0 and c.admin1 and c.feature_code != "PCLI":
        area = (c.iso3, normalise(c.admin1))
        return w.admin * (ev.admins.get(area, 0) - own.get(area, 0)) / n
    return 0.0


def near_anchor(c: Place, n_readings: int, anchors: list[Place], w: PlaceScoring = SCORING) -> float:
    """``w.near`` for a reading of an ambiguous name near another confidently read place of the document."""
    if (
        c.feature_code not in ("PCLI", "CONT")
        and n_readings > 1
        and any(
            a.geonameid != c.geonameid and _maybe_within(a, c, w.near_km) and _km(a, c) <= w.near_km for a in anchors
        )
    ):
        return w.near
    return 0.0


def softmax(scores: list[float], w: PlaceScoring = SCORING) -> list[float]:
    top = max(scores)
    exp = [math.exp(w.softmax_sharpness * (s - top)) for s in scores]
    total = sum(exp)
    return [e / total for e in exp]


def add_votes(into: dict[_K, float], votes: Mapping[_K, float]) -> None:
    """Add ``votes`` key by key (what ``Counter.update`` does, for fractional votes)."""
    for key, vote in votes.items():
        into[key] = vote + into.get(key, 0)


def _maybe_within(a: Place, b: Place, km: float) -> bool:
    """False when the latitudes alone put ``a`` and ``b`` farther apart than ``km`` (a great circle is never shorter
    than its north-south part): most pairs of a document's readings, ruled out without the trigonometry. A
    kilometre of slack keeps a rounding difference from ruling out a pair ``_km`` would keep."""
    return abs(a.latitude - b.latitude) * _KM_PER_DEGREE <= km + 1.0


_KM_PER_DEGREE = math.pi * EARTH_KM / 180


def _km(a: Place, b: Place) -> float:
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def evidence(
    names: list[PlaceName], keys: list[str], rows: list[list[float]], hints: Mapping[str, float], w: PlaceScoring
) -> Evidence:
    """Each distinct name's votes from its readings' probabilities under ``rows``, and their totals."""
    country_votes: dict[str, dict[str, float]] = {}
    admin_votes: dict[str, dict[tuple[str, str], float]] = {}
    for m, key, row in zip(names, keys, rows, strict=True):
        if key in country_votes:
            continue
        cv: dict[str, float] = {}
        av: dict[tuple[str, str], float] = {}
        for c, p in zip(m.candidates, softmax(row, w), strict=True):
            if c.iso3:
                add_votes(cv, {c.iso3: p})
                if c.admin1 and c.feature_code != "PCLI":
                    add_votes(av, {(c.iso3, normalise(c.admin1)): p})
        country_votes[key], admin_votes[key] = cv, av
    countries: dict[str, float] = dict(hints)
    admins: dict[tuple[str, str], float] = {}
    for cv in country_votes.values():
        add_votes(countries, cv)
    for av in admin_votes.values():
        add_votes(admins, av)
    anchors = [
        m.candidates[max(range(len(row)), key=row.__getitem__)]
        for m, row in zip(names, rows, strict=True)
        if len(m.candidates) == 1 or max(softmax(row, w)) > w.anchor_probability
    ]
    # Places near each other in one story are near on the map, across borders too ("Gaza" beside
    # "Sderot"); a country's point says nothing about which of its towns is meant.
    near = [a for a in anchors if a.feature_code not in ("PCLI", "CONT")]
    return Evidence(country_votes, admin_votes, countries, admins, near)


# ------------------------------------------------------------------------------------------ the decision


def decide(
    candidates: list[Place],
    row: list[float],
    probs: list[float],
    own: Mapping[str, float],
    total: Mapping[str, float],
    w: PlaceScoring = SCORING,
) -> int:
    """Index of the chosen candidate: country first, then the best place in it.

    The readings of a country the rest of the document points to share that evidence, so they are weighed
    together: ten US towns called Paris may each score below Paris, France while together, in a story about
    Henry County, they outweigh it. A country nothing else points to is weighed by its best reading alone
    (three Turkish villages called Atakent are no more likely than the larger one in Kazakhstan).
    """
    mass: dict[str, float] = {}
    for c, p in zip(candidates, probs, strict=True):
        if total.get(c.iso3, 0) - own.get(c.iso3, 0) >= w.pool_votes:
            mass[c.iso3] = mass.get(c.iso3, 0.0) + p
        else:
            mass[c.iso3] = max(mass.get(c.iso3, 0.0), p)
    top = max(mass.values())
    country = next(c.iso3 for c in candidates if mass[c.iso3] == top)  # ties: the candidate order
    return max((i for i, c in enumerate(candidates) if c.iso3 == country), key=lambda i: (row[i], -i))


def stray(
    place: Place, own: Mapping[str, float], total: Mapping[str, float], anchors: list[Place], w: PlaceScoring = SCORING
) -> bool:
    """A small place in a country nothing else in the document points to, while the rest of the document
    points to one other country with at least one name's full vote (names in locative positions only: "UTM's
    Eastern Region Director ... in Balaka" says nothing of where Balaka is), is a namesake of a place the
    gazetteer lacks ("Oba town in Idemili South LGA (Anambra)" is not Oba, Turkey; "Villa Nueva, Guatemala ...
    on the Pacific road" is not Pacific, Missouri): better no reading than a wrong country. A place near
    another of the document's places stays (cross-border stories: "Gaza" beside "Sderot"), and so does one in a
    country the text names by name, demonym or capital (``resolve_names``' ``named``: "Kazakh" workers in
    Atakent)."""
    if place.feature_code != "PPL" or place.population >= w.stray_population:
        return False
    others = {iso: vote - own.get(iso, 0) for iso, vote in total.items()}
    n = sum(others.values())
    if n < w.full_vote:
        return False
    lead = max(others.values())
    if others.get(place.iso3, 0.0) / n >= w.stray_share or lead / n < w.stray_lead or lead < w.full_vote:
        return False
    return not any(a.geonameid != place.geonameid and _km(a, place) <= w.near_km for a in anchors)


def _prior(
    m: PlaceName,
    full: list[PlaceName],
    key: str,
    counties: Mapping[int, set[str]],
    towns_in: Mapping[int, set[str]],
    w: PlaceScoring,
) -> list[float]:
    """The prior features of every reading of ``m`` beyond its size and class, combined (see the docstring)."""
    region_named = bool(set(m.text.lower().split()) & REGION_WORDS)
    famous = famous_size(m.candidates, w)
    written = written_keys(m.text)
    containers = [full[k].candidates for k in m.containers]
    row = []
    for c in m.candidates:
        extra = 0.0
        extra -= alternate_name(c, written, w)
        extra -= famous_namesake(c, famous, w)
        extra -= city_over_region(c, m.candidates, region_named, w)
        for support in (container_support(c, containers, w), county_support(c, key, counties, towns_in, w)):
            if support is not None:
                extra = max(extra, support)
        row.append(extra)
    return row


def resolve_names(
    names: list[PlaceName],
    hints: Mapping[str, float] | None = None,
    named: frozenset[str] = frozenset(),
    w: PlaceScoring = SCORING,
) -> None:
    """Score every reading of every name with the document's evidence and set each name's ``place``,
    ``score`` and ``probs`` (in place). ``hints``: extra country votes; ``named``: countries the text names
    (a place there is never a stray)."""
    full = names  # container indices point into the full list
    names = [m for m in names if m.candidates]
    if not names:
        return
    keys = [normalise(m.text) for m in names]
    cores = [county_core(k) for k in keys]
    counties, towns_in = county_readings(names, cores)
    pairs = pair_bonus(names, keys, w)
    priors = [_prior(m, full, core, counties, towns_in, w) for m, core in zip(names, cores, strict=True)]
    base = [
        [size_and_class(c, w) + extra + pair for c, extra, pair in zip(m.candidates, prior, pair_row, strict=True)]
        for m, prior, pair_row in zip(names, priors, pairs, strict=True)
    ]
    current = base
    for _round in range(w.rounds):
        ev = evidence(names, keys, current, hints or {}, w)
        current = [
            [
                b
                + country_evidence(c, ev, key, w)
                + admin_evidence(c, ev, key, w)
                + near_anchor(c, len(m.candidates), ev.anchors, w)
                for c, b in zip(m.candidates, brow, strict=True)
            ]
            for m, key, brow in zip(names, keys, base, strict=True)
        ]
    # Where things happen: the votes of names in locative positions ("in Anambra"), not of names merely
    # mentioned ("UTM's Eastern Region Director"), with the hints.
    where: dict[str, float] = dict(hints or {})
    # sorted: float sums and the order of equal votes must not follow string hashing, which varies by process
    for located in sorted({k for m, k in zip(names, keys, strict=True) if m.prep is not None}):
        add_votes(where, ev.country_votes[located])
    # A name written as the region or container of another ("El Refugio (Ahuachapan)") is what the address
    # rests on: never a stray, even when the name before it reads only abroad.
    written_as_area = {id(full[k]) for m in full for k in [*m.containers, *([m.region] if m.region >= 0 else [])]}
    for m, key, row in zip(names, keys, current, strict=True):
        probs = softmax(row, w)
        best = decide(m.candidates, row, probs, ev.country_votes[key], ev.countries, w)
        m.place, m.score = m.candidates[best], probs[best]
        m.probs = dict(enumerate(probs))
        if (
            m.place.iso3 not in named
            and id(m) not in written_as_area
            and stray(m.place, ev.country_votes[key], where, ev.anchors, w)
        ):
            m.place, m.score = None, 0.0
