"""Geoparsing: place names in a text → GeoNames places, with the coder's own recognition and resolution.

Used by `eventwire geoparse` and the geo evaluation. Recognition is spaCy's GPE/LOC/FAC entities (or the
spans a caller gives); resolution is ``coding.places.resolve_name`` with the same hints the event coder
uses: another place named in the sentence, else the article's focus country.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from eventwire.coding.lexicon import ActorLexicon
from eventwire.coding.places import PLACE_LABELS, article_focus, resolve_name
from eventwire.geo.gazetteer import Gazetteer, Place


@dataclass(frozen=True, slots=True)
class Toponym:
    start: int
    end: int
    name: str
    place: Place | None
    score: float

    def as_dict(self) -> dict[str, Any]:
        p = self.place
        return {"start": self.start, "end": self.end, "name": self.name,
                "lat": p.latitude if p else None, "lon": p.longitude if p else None,
                "geonameid": p.geonameid if p and p.geonameid >= 0 else None,
                "country_iso2": p.country_iso2 if p else None, "country_iso3": p.iso3 if p else None,
                "admin1": (p.admin1 if p and p.feature_code != "PCLI" else None), "feature_code": p.feature_code
                if p else None, "score": round(self.score, 3)}


def score(name: str, place: Place | None, gazetteer: Gazetteer) -> float:
    """How sure the choice is: 0 unresolved; countries and unambiguous names high; otherwise the chosen
    place's share of the population of all same-named candidates."""
    if place is None:
        return 0.0
    candidates = gazetteer.candidates(name)
    if place.feature_code == "PCLI" or len(candidates) <= 1:
        return 0.95
    total = sum(max(c.population, 1) for c in candidates)
    return 0.3 + 0.65 * max(place.population, 1) / total


def _context_hint(span: Span, gazetteer: Gazetteer) -> str | None:
    """Another place in the same sentence ("Alexandria, Louisiana") narrows the country."""
    for ent in span.sent.ents:
        if ent.label_ in PLACE_LABELS and ent.start != span.start:
            place = resolve_name(ent.text, gazetteer, None)
            if place is not None and place.feature_code in ("PCLI", "ADM1"):
                return place.iso3
    return None


def geoparse_doc(doc: Doc, gazetteer: Gazetteer, lexicon: ActorLexicon,
                 spans: list[tuple[int, int]] | None = None) -> list[Toponym]:
    """Toponyms of ``doc``: its place entities, or the given character spans (gold recognition)."""
    focus = article_focus(doc, gazetteer, lexicon, None)
    if spans is None:
        found = [ent for ent in doc.ents if ent.label_ in PLACE_LABELS]
    else:
        found = [doc.char_span(s, e, alignment_mode="expand") for s, e in spans]
    out = []
    for (i, span) in enumerate(found):
        if span is None:  # a gold span off token boundaries that cannot be expanded
            start, end = spans[i] if spans else (0, 0)
            out.append(Toponym(start, end, doc.text[start:end], None, 0.0))
            continue
        name = span.text if spans is None else doc.text[spans[i][0]:spans[i][1]]
        hint = _context_hint(span, gazetteer) or focus
        place = resolve_name(name, gazetteer, hint)
        start, end = (span.start_char, span.end_char) if spans is None else spans[i]
        out.append(Toponym(start, end, name, place, score(name, place, gazetteer)))
    return out


def geoparse_batch(items: list[dict[str, Any]], model: str | None = None, use_gold_spans: bool = True
                   ) -> list[list[dict[str, Any]]]:
    """``{id, text[, toponyms:[{start, end}]]}`` items → toponym dicts per item; one process, one model."""
    from eventwire.coding.coder import resources
    from eventwire.nlp.pipeline import load_nlp, model_name

    nlp = load_nlp(model_name(model))
    res = resources()
    out = []
    for item, doc in zip(items, nlp.pipe((i["text"] for i in items), batch_size=32), strict=True):
        spans = [(t["start"], t["end"]) for t in item["toponyms"]] if use_gold_spans and item.get("toponyms") \
            else None
        out.append([t.as_dict() for t in geoparse_doc(doc, res.gazetteer, res.actors, spans)])
    return out
