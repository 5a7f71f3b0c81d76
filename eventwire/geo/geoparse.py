"""Geoparsing: place names in a text → GeoNames places, with the coder's own recognition and resolution.

Used by `eventwire geoparse` and the geo evaluation. Recognition and resolution are the event coder's own
(``resolution.doc_places``: spaCy's place entities plus gazetteer names in locative positions, resolved
with document-level evidence); given spans (gold recognition) are resolved with the same scoring, and a
country adjective ("Russian") given as a span is its country. What the actor dictionaries know about the
document, and the article's focus country as the event coder reads it, are passed in by the caller.

A name the gazetteer does not know ("Neches River", "Meadow Grove": rivers, parks and hamlets below 500
inhabitants) is placed in the document's region instead: the admin1 region that half or more of the document's
resolved toponyms in its country lie in, else that country. The document's country is the one most of its
resolved toponyms lie in, else (a tie) the article's focus country as the event coder reads it. Such a toponym
says ``resolved_by: "document"``, carries no GeoNames id (it is not identified) and a low score, so a user can
keep or drop it; the same fallback the event coder uses for an act whose sentence names no known place.
Likewise a small town with several readings, read outside the one admin1 region three quarters of the
story's other places lie in, is re-read in that region (``_in_story_region``): local news rarely names the
state. Names written before a country's name ("Toronto, Ontario, Canada") are read in that country
(``_in_written_country``); a country's name read as a namesake town is the country when the text names the
country's people (``_country_of_its_people``); a name read only as a district abroad, in a story whose other
places lie in one other country, is placed in the document's region (``_stray_divisions``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc

from eventwire.geo.gazetteer import Gazetteer, Place, normalise
from eventwire.geo.place_words import PLACE_LABELS
from eventwire.geo.readings import candidates_of, demonym_country, resolve_name
from eventwire.geo.recognition import named_places
from eventwire.geo.resolution import DocumentClues, doc_places, resolve_spans


@dataclass(frozen=True, slots=True)
class Toponym:
    start: int
    end: int
    name: str
    place: Place | None
    score: float
    from_document: bool = False  # place = the document's region, not an identification of the name

    def as_dict(self) -> dict[str, Any]:
        p = self.place
        return {
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "lat": p.latitude if p else None,
            "lon": p.longitude if p else None,
            "geonameid": p.geonameid if p and p.geonameid >= 0 and not self.from_document else None,
            "resolved_by": None if p is None else "document" if self.from_document else "name",
            "country_iso2": p.country_iso2 if p else None,
            "country_iso3": p.iso3 if p else None,
            "admin1": (p.admin1 if p and p.feature_code != "PCLI" else None),
            "feature_code": p.feature_code if p else None,
            "score": round(self.score, 3),
        }


def score(name: str, place: Place | None, gazetteer: Gazetteer) -> float:
    """How sure a context-free choice is: 0 unresolved; countries and unambiguous names high; otherwise the
    chosen place's share of the population of all same-named candidates. (In documents, ``geoparse_doc``
    returns the probability of the document-level scoring of ``scoring`` instead.)"""
    if place is None:
        return 0.0
    candidates = gazetteer.candidates(name)
    if place.feature_code == "PCLI" or len(candidates) <= 1:
        return 0.95
    total = sum(max(c.population, 1) for c in candidates)
    return 0.3 + 0.65 * max(place.population, 1) / total


def geoparse_doc(
    doc: Doc,
    gazetteer: Gazetteer,
    clues: DocumentClues,
    focus: Callable[[], str | None],
    spans: list[tuple[int, int]] | None = None,
) -> list[Toponym]:
    """Toponyms of ``doc``: its recognised place names, or the given character spans (gold recognition).

    Both are resolved with the document-level scoring of ``scoring`` (see its docstring); a toponym's score
    is the probability of the chosen candidate. ``focus`` gives the article's focus country, asked only when
    a toponym is left unresolved.
    """
    if spans is None:
        found = [Toponym(m.start_char, m.end_char, m.text, m.place, m.score) for m in doc_places(doc, gazetteer, clues)]
        # Country adjectives ("Russian troops") and place names used as modifiers ("US troops") name a place
        # too, as toponym corpora (LGL) mark them; the event coder leaves them out (they describe actors).
        taken = {t.start for t in found}
        for ent in doc.ents:
            if (
                ent.label_ in PLACE_LABELS
                and ent.start_char not in taken
                and not any(t.start < ent.end_char and ent.start_char < t.end for t in found)
            ):
                place = resolve_name(ent.text, gazetteer, None)
                found.append(Toponym(ent.start_char, ent.end_char, ent.text, place, score(ent.text, place, gazetteer)))
                continue
            if ent.label_ == "NORP" and ent.start_char not in taken:
                places, _ = candidates_of(ent.text, gazetteer, clues.words, demonyms=True)
                if len(places) == 1 and places[0].feature_code == "PCLI":
                    found.append(Toponym(ent.start_char, ent.end_char, ent.text, places[0], 0.9))
        # Place names in any position ("DeKalb Police Lt."), which the event coder leaves to the actors.
        for span in named_places(doc, gazetteer, clues.words):
            if not any(t.start < span.end_char and span.start_char < t.end for t in found):
                place = resolve_name(span.text, gazetteer, None)
                found.append(
                    Toponym(span.start_char, span.end_char, span.text, place, score(span.text, place, gazetteer))
                )
        return _in_document_region(sorted(found, key=lambda t: t.start), doc, gazetteer, clues, focus)
    out = []
    for (start, end), m in zip(spans, resolve_spans(doc, spans, gazetteer, clues), strict=True):
        name = doc.text[start:end]
        out.append(Toponym(start, end, name, None if m is None else m.place, 0.0 if m is None else m.score))
    return _in_document_region(out, doc, gazetteer, clues, focus)


#: Share of the focus country's resolved places one admin1 region must hold to be the document's region
#: (measured: half and two thirds give the same figures within 0.2 points; half places a few more).
_REGION_SHARE = 0.5
#: Score of a toponym placed in the document's region (below any name-based resolution).
_DOCUMENT_SCORE = 0.1


def document_region(places: list[Place], focus: str | None, gazetteer: Gazetteer) -> Place | None:
    """The region a document's places lie in: the admin1 region holding at least ``_REGION_SHARE`` of the
    places in the focus country, else the focus country; None without a focus country."""
    if focus is None:
        return None
    inside = [p for p in places if p.iso3 == focus and p.feature_code not in ("PCLI", "CONT")]
    name, count = _leading(p.admin1 for p in inside if p.admin1)
    region = gazetteer.admin1_of(focus, name) if name and count >= _REGION_SHARE * len(inside) else None
    return region or gazetteer.country(focus)


def _leading(regions: Iterable[str]) -> tuple[str | None, int]:
    """The admin1 region named most often and how often (ties: the alphabetically last, for determinism)."""
    counts = Counter(regions)
    return max(counts.items(), key=lambda kv: (kv[1], kv[0])) if counts else (None, 0)


def _focus(places: list[Place]) -> str | None:
    """The country most of the toponyms lie in, when one country leads (the toponyms are the story's places)."""
    counts = Counter(p.iso3 for p in places if p.iso3).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


#: A town (at most this many people) ...
_LOCAL_TOWN = 100_000
#: ... in a story whose other places (at least _LOCAL_MIN of them, same country) lie for this share in one
#: admin1 region is read in that region: local news rarely names the state (see ``_in_story_region``).
_LOCAL_SHARE = 0.75
_LOCAL_MIN = 3
#: Score of a town re-read in the story's region (a guess from the story, not from the name).
_LOCAL_SCORE = 0.3


def _in_story_region(toponyms: list[Toponym], gazetteer: Gazetteer) -> list[Toponym]:
    """A small town read in another admin1 region than the one the story's other places lie in is re-read there.

    Local news names its towns without the state ("Logan", "Douglas" in a story about Greene County,
    Missouri). When three quarters of at least three other resolved toponyms of the same country lie in one
    region, and the name has several readings, a small town chosen outside that region is taken as the
    reading inside it, if the gazetteer has one, else as a place of that region the gazetteer lacks
    (``resolved_by: document``). Measured on the toponym gold (where the thresholds were chosen, so expect
    less on other text): admin1 0.838 -> 0.852, within 161 km 0.858 -> 0.861 (26 toponyms won, 5 lost),
    exact ids 0.8185 -> 0.8180. With towns up to 50,000 people admin1 rises to 0.850 only: Logan, Utah
    (50,371) stayed Utah in a Missouri story.
    """
    out = list(toponyms)
    for i, t in enumerate(toponyms):
        p = t.place
        if p is None or t.from_document or p.feature_code != "PPL" or p.population > _LOCAL_TOWN or not p.admin1:
            continue
        own = normalise(t.name)
        others = [
            u.place.admin1
            for u in toponyms
            if u.place is not None
            and not u.from_document
            and normalise(u.name) != own
            and u.place.iso3 == p.iso3
            and u.place.admin1
            and u.place.feature_code != "PCLI"
        ]
        if len(others) < _LOCAL_MIN:
            continue
        region, count = _leading(others)
        if region is None or region == p.admin1 or count < _LOCAL_SHARE * len(others):
            continue
        readings = gazetteer.candidates(t.name)
        if len(readings) < 2:
            continue
        inside = [c for c in readings if c.iso3 == p.iso3 and c.admin1 == region and c.feature_code == "PPL"]
        if inside:
            out[i] = replace(t, place=inside[0], score=_LOCAL_SCORE)
            continue
        area = gazetteer.admin1_of(p.iso3, region)
        if area is not None:
            out[i] = replace(t, place=area, score=_DOCUMENT_SCORE, from_document=True)
    return out


def _in_written_country(toponyms: list[Toponym], text: str, gazetteer: Gazetteer) -> list[Toponym]:
    """Names joined by commas before a country's name ("Toronto, Ontario, Canada") are an address in that
    country: each is re-read as its reading there, preferably inside the name after it (Toronto inside
    Ontario), whatever the rest of the story points to (an Ohio story's Toronto, Ohio and Ontario, Ohio).
    A name without a reading in that country keeps its own."""
    out = list(toponyms)
    for end, last in enumerate(toponyms):
        p = last.place
        if (
            p is None
            or last.from_document
            or p.feature_code != "PCLI"
            or not any(c.feature_code == "PCLI" and c.iso3 == p.iso3 for c in gazetteer.candidates(last.name)[:1])
        ):
            continue
        inner: Place = p
        i = end
        while i > 0 and text[toponyms[i - 1].end : toponyms[i].start].strip() == ",":
            i -= 1
            t = out[i]
            if t.place is not None and t.place.feature_code == "PCLI":
                break  # "Iraq, Syria": two countries are a list, not an address
            there = [c for c in gazetteer.candidates(t.name) if c.iso3 == p.iso3 and c.feature_code != "PCLI"]
            if not there:
                break
            if t.place is None or t.from_document or t.place.iso3 != p.iso3:
                inside = [c for c in there if inner.feature_code == "ADM1" and c.admin1 == inner.admin1]
                out[i] = replace(t, place=(inside or there)[0], score=max(t.score, _LOCAL_SCORE), from_document=False)
            inner = out[i].place or inner
    return out


def _country_of_its_people(toponyms: list[Toponym], gazetteer: Gazetteer, clues: DocumentClues) -> list[Toponym]:
    """A country's name read as a namesake town is the country when the text also names the country's people
    ("slavery in Egypt ... Egyptians" is not Egypt, Pennsylvania)."""
    people = clues.named_countries(frozenset({"demonym"}))
    out = list(toponyms)
    for i, t in enumerate(toponyms):
        p = t.place
        if p is None or t.from_document or p.feature_code == "PCLI":
            continue
        first = gazetteer.candidates(t.name)[:1]
        if first and first[0].feature_code == "PCLI" and first[0].iso3 in people and first[0].iso3 != p.iso3:
            out[i] = replace(t, place=first[0], score=max(t.score, _LOCAL_SCORE))
    return out


#: A division abroad is a stray reading when at least this many other names, and this share of them, lie in
#: one other country (``_stray_divisions``).
_STRAY_DIVISION_MIN = 3
_STRAY_DIVISION_SHARE = 0.8


def _stray_divisions(toponyms: list[Toponym]) -> list[Toponym]:
    """A name read only as a second-level division abroad ("Hume", a district of Victoria, Australia) in a
    story whose other places lie in one other country is a place the gazetteer lacks (a village of that
    country): left unresolved, to be placed in the document's region. Divisions are named after their main
    town, which the gazetteer would know; a story naming the district itself names its country too."""
    out = list(toponyms)
    country_of = {
        normalise(u.name): u.place.iso3
        for u in toponyms
        if u.place is not None and not u.from_document and u.place.iso3
    }  # each name's country
    for i, t in enumerate(toponyms):
        p = t.place
        if p is None or t.from_document or p.feature_code != "ADM2":
            continue
        own = normalise(t.name)
        counts = Counter(iso3 for name, iso3 in country_of.items() if name != own)
        if counts[p.iso3] or not counts:
            continue
        _lead, n = counts.most_common(1)[0]
        if n >= _STRAY_DIVISION_MIN and n >= _STRAY_DIVISION_SHARE * sum(counts.values()):
            out[i] = replace(t, place=None, score=0.0)
    return out


def _in_document_region(
    toponyms: list[Toponym], doc: Doc, gazetteer: Gazetteer, clues: DocumentClues, focus: Callable[[], str | None]
) -> list[Toponym]:
    """Toponyms re-read in a country written after them (``_in_written_country``) and in the story's region
    (``_in_story_region``), country names re-read as the country whose people the text names
    (``_country_of_its_people``), stray districts abroad dropped (``_stray_divisions``), then the unresolved
    ones placed in the document's region (see the module docstring)."""
    toponyms = _in_written_country(toponyms, doc.text, gazetteer)
    toponyms = _in_story_region(toponyms, gazetteer)
    toponyms = _country_of_its_people(toponyms, gazetteer, clues)
    toponyms = _stray_divisions(toponyms)
    if all(t.place is not None for t in toponyms):
        return toponyms
    known = [t.place for t in toponyms if t.place is not None]
    # Demonyms say who, not where ("Latvian climbers" on a Georgian mountain): they do not pick the country.
    where = [
        t.place for t in toponyms if t.place is not None and demonym_country(t.name, gazetteer, clues.words) is None
    ]
    region = document_region(known, _focus(where) or focus(), gazetteer)
    if region is None:
        return toponyms
    return [
        t if t.place is not None else replace(t, place=region, score=_DOCUMENT_SCORE, from_document=True)
        for t in toponyms
    ]
