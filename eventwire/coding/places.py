"""Where: place names attached to a trigger → gazetteer entries with ACLED geo precision.

Order (each step less precise): places in locative phrases of the trigger's clause; else locative places
anywhere in the sentence; else the article's focus country (its most mentioned country).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.coding.lexicon import ActorLexicon
from eventwire.geo.gazetteer import Gazetteer, Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "into", "within",
                            "throughout", "between", "off", "on", "from", "towards", "toward", "along"})
NEAR_PREPS = frozenset({"near", "outside", "around", "off", "towards", "toward", "along"})
ADMIN_WORDS = frozenset({"state", "province", "region", "district", "county", "governorate", "department",
                         "oblast", "prefecture", "territory"})
# Nouns a place name modifies without naming an actor: "Maymana city", "Bidkin village".
PLACE_NOUNS = ADMIN_WORDS | {"city", "town", "village", "neighbourhood", "neighborhood", "area", "municipality",
                             "township", "commune", "locality", "suburb", "camp", "border", "capital", "tehsil",
                             "division", "zone", "countryside", "outskirts"}


@dataclass(frozen=True, slots=True)
class PlaceRef:
    place: Place
    precision: int  # ACLED geo precision 1–3
    from_text: bool  # named in the sentence (False: article focus)

    def columns(self) -> dict[str, object]:
        p = self.place
        is_country = p.feature_code == "PCLI"
        return {"iso3": p.iso3 or None, "country": p.country or None,
                "admin1": None if is_country else (p.admin1 or (p.name if p.feature_code == "ADM1" else None)),
                "location": p.name, "latitude": round(p.latitude, 5), "longitude": round(p.longitude, 5),
                "geo_precision": self.precision, "geonameid": p.geonameid if p.geonameid >= 0 else None}


def _precision(place: Place, prep: str | None) -> int:
    if place.feature_code in ("PCLI", "ADM1"):
        return 3
    return 2 if prep in NEAR_PREPS else 1


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


def _is_actor_word(ent: Span, lexicon: ActorLexicon) -> bool:
    """'US' in 'US troops' is an actor's nationality, not where the event happened."""
    root = ent.root
    return root.dep_ in ("compound", "amod", "poss", "nmod") and root.head.pos_ == "NOUN" and \
        root.head.lower_ not in PLACE_NOUNS


def locative_places(sent: Span, lexicon: ActorLexicon) -> list[tuple[Span, Token]]:
    out = []
    for ent in sent.ents:
        if ent.label_ not in PLACE_LABELS or _is_actor_word(ent, lexicon):
            continue
        prep = _locative_prep(ent)
        if prep is not None:
            out.append((ent, prep))
    return out


def resolve_name(name: str, gazetteer: Gazetteer, hint: str | None) -> Place | None:
    """A country name is the country whatever the hint ("Iraq" is never a village called Iraq in Iran);
    other names prefer a place inside the hinted country."""
    found = gazetteer.candidates(name)
    if found and found[0].feature_code == "PCLI":
        return found[0]
    return gazetteer.resolve(name, hint) if found else None


def _within(token: Token, root: Token) -> bool:
    return root.left_edge.i <= token.i <= root.right_edge.i


def event_places(sent: Span, roots: list[Token], gazetteer: Gazetteer, lexicon: ActorLexicon,
                 focus: str | None) -> list[PlaceRef]:
    """Places for an event whose clause is headed by ``roots`` (the trigger and its anchor verb).

    Places in one locative phrase each give an event ("in Iraq and Syria" → two places), except a region
    written beside a place inside it, which only narrows it; places elsewhere in the sentence are hints.
    """
    candidates = locative_places(sent, lexicon)
    # Nearest first: places in the trigger's own phrase, then in its verb's clause, then in the sentence.
    ordered: list[tuple[Span, Token]] = []
    for root in [*roots, sent.root]:
        ordered += [c for c in candidates if _within(c[1], root) and c not in ordered]
    ordered += [c for c in candidates if c not in ordered]
    for _, first_prep in ordered:
        # Places in one phrase: "in Iraq and Syria" / headline "in Iraq, Syria" are several places;
        # "near Monguno, Borno State" and "Paris, Texas" name one place and its region (dropped below).
        group = [(ent, prep) for ent, prep in ordered if prep.i == first_prep.i]
        context = [ent for ent, _ in candidates if all(ent is not g for g, _ in group)]
        hint = _hint(context, gazetteer) or focus
        first_pass = [resolve_name(ent.text, gazetteer, hint) for ent, _ in group]
        regions = [p.iso3 for p in first_pass if p is not None and p.feature_code in ("PCLI", "ADM1")]
        refs: list[PlaceRef] = []
        for (ent, prep), place in zip(group, first_pass, strict=True):
            if place is not None and place.feature_code not in ("PCLI", "ADM1") and regions and \
                    place.iso3 not in regions:
                place = resolve_name(ent.text, gazetteer, regions[0])  # the region written beside it decides
            if place is not None and all(r.place.geonameid != place.geonameid for r in refs):
                refs.append(PlaceRef(place, _precision(place, prep.lower_), True))
        refs = [r for r in refs if not any(_inside(o.place, r.place) for o in refs if o is not r)]
        if refs:
            return refs
    if focus:
        country = gazetteer.country(focus)
        if country is not None:
            return [PlaceRef(country, 3, False)]
    return []


def _inside(inner: Place, outer: Place) -> bool:
    """'in Nigeria's Zamfara State' names one place: a country or region gives way to a place inside it."""
    if inner.iso3 != outer.iso3 or inner.geonameid == outer.geonameid:
        return False
    if outer.feature_code == "PCLI":
        return inner.feature_code != "PCLI"
    return outer.feature_code == "ADM1" and inner.feature_code != "ADM1" and inner.admin1 == outer.admin1


def _hint(ents: list[Span], gazetteer: Gazetteer) -> str | None:
    for ent in ents:
        place = resolve_name(ent.text, gazetteer, None)
        if place is not None:
            return place.iso3
    return None


def article_focus(doc: Doc, gazetteer: Gazetteer, lexicon: ActorLexicon, dateline: str | None) -> str | None:
    """The country the article is about: most frequent among places where things happen ("in Iraq"),
    not places merely named ("talks with Iran"); ties → first mentioned.

    The dateline decides only when the text names no place: a Washington dateline on a story about
    strikes in Iraq is where the story was filed, not where it happened.
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for sent in doc.sents:
        for ent, _prep in locative_places(sent, lexicon):
            place = resolve_name(ent.text, gazetteer, None)
            if place is not None and place.iso3:
                counts[place.iso3] += 1
                first.setdefault(place.iso3, ent.start)
    if counts:
        return max(counts, key=lambda iso: (counts[iso], -first[iso]))
    if dateline:
        place = gazetteer.resolve(dateline.split(",")[0].strip())
        return place.iso3 if place is not None else None
    return None
