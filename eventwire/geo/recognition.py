"""Recognising place names in a parsed document (``sentence_names``, ``named_places``).

Event places: spaCy's GPE/LOC/FAC entities, plus runs of capitalised words the gazetteer knows when they stand
where a place stands, whatever label spaCy gave them (the small model tags "Faryab", "Dhaka" or "Nzerekore"
as ORG or PERSON): after a locative preposition ("in X", "near X", "in the town of X", "west of X"), before
a place noun ("X district", "X LGA"), or chained after such a place by a comma, parentheses, "of" or "and"
("in Salvador, Bahia", "Bidkin village (Aurangabad, Maharashtra)", "Akre district of Ninewa", "between
Pellaboukou and Titao"). Demonyms, organisation names (actors, not places; the caller's ``ActorWords``
says which), month and weekday names and the words of ``geo/data/place_stopwords.csv`` are never
recognised this way.

Chains: in "Town (District, Province)" or "Town, Province" the later names are *containers*: they name the
region the first place lies in, so they only disambiguate it and the first (most specific) place is the
event's place. A later name counts as a container only if some reading of it contains some reading of the
place before it ("in Iraq, Syria" stays two places). A name followed by a region that holds none of its
readings ("Andar district, Ghazni"), or whose readings are all villages elsewhere ("near Pisky, Donetsk"),
is a place the gazetteer lacks: the region is marked as standing for it (``PlaceName.region``).

``named_places`` (toponym recognition only, used by ``geoparse``) also finds gazetteer names in any
position, modifiers included ("the Illinois State Police"), as toponym corpora mark them.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.geo.gazetteer import Gazetteer, Place, normalise
from eventwire.geo.place_words import (
    ALL_PLACE_NOUNS,
    COMPASS,
    CONNECTORS,
    DISTRICT_NOUNS,
    FOREIGN_CONNECTORS,
    LOCATIVE_PREPS,
    MONTHS_DAYS,
    NEAR_OF,
    NEAR_PREPS,
    PLACE_LABELS,
    PLACE_NOUNS,
    REGION_WORDS,
    site_nouns,
    stopwords,
)
from eventwire.geo.readings import (
    ActorWords,
    area_readings,
    candidates_of,
    contains_any,
    lacks,
    region_readings,
)
from eventwire.nlp.doc_cache import per_key


@dataclass(slots=True)
class PlaceName:
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
    region: int = -1  # a region written beside it that holds none of its readings (see ``link_chains``)
    place: Place | None = None
    score: float = 0.0
    probs: dict[int, float] = field(default_factory=dict)  # candidate index → probability


def is_capitalised(token: Token) -> bool:
    text = token.text
    # "eThekwini", "KwaZulu": a lower-case prefix before a capital is part of a name
    if not (text[:1].isupper() or (text[:1].islower() and text[1:2].isupper())) or token.like_num:
        return False
    letters = text.replace(".", "").replace("'", "").replace("&", "")
    return letters.isalpha() or (letters.replace("-", "").isalpha() and not letters.startswith("-"))


def joins(before: Token, tok: Token, after: Token) -> bool:
    """A connector inside a name: "Mato Grosso do Sul", "Nzerekore-Centre", "Mazar-e Sharif", and the slash of
    a region named after two towns ("Tunapuna/Piarco", Trinidad)."""
    if tok.lower_ in CONNECTORS and tok.text.islower():
        return is_capitalised(after)
    return tok.text in ("-", "/") and not before.whitespace_ and not tok.whitespace_ and after.is_alpha


_RUN_BREAKERS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"})  # never start a run
_RUN_ENDERS = frozenset({"DATE", "TIME", "CARDINAL"})  # end a run
_RUNS = "eventwire.capitalised_runs"


def capitalised_runs(sent: Span) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words (with connectors and hyphens inside) as token ranges. Place recognition
    and the organisations' home country both read them: found once per sentence and kept on the doc."""
    return list(per_key(sent.doc, _RUNS, (sent.start, sent.end), lambda: tuple(_capitalised_runs(sent))))


def _capitalised_runs(sent: Span) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    tokens = list(sent)  # each Token built once (indexing the doc builds a new one every time)
    capitalised = [is_capitalised(t) for t in tokens]
    labels = [t.ent_type_ for t in tokens]
    base, n = sent.start, len(tokens)
    i = 0
    while i < n:
        if not capitalised[i] or labels[i] in _RUN_BREAKERS:
            i += 1
            continue
        j = i + 1
        while j < n:
            t = tokens[j]
            if capitalised[j] and labels[j] not in _RUN_ENDERS:
                j += 1
            elif j + 1 < n and joins(tokens[j - 1], t, tokens[j + 1]):
                j += 2
            elif j + 2 < n and t.lower_ in CONNECTORS and t.text.islower() and joins(t, tokens[j + 1], tokens[j + 2]):
                j += 3  # two connectors: "Martinez de la Torre", "Leon de los Aldama"
            else:
                break
        out.append((base + i, base + j))
        i = j
    return out


def within(ents: Sequence[Span], sent: Span) -> list[Span]:
    """``sent.ents`` from the doc's entities (in order): those inside the sentence, up to the first that starts
    in it and ends after it."""
    out = []
    for ent in ents[bisect.bisect_left(ents, sent.start, key=lambda e: e.start) :]:
        if ent.end > sent.end:
            break
        out.append(ent)
    return out


def left_context(doc: Doc, start: int, floor: int) -> tuple[Token | None, bool]:
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
            or (tok.is_lower and (tok.pos_ == "ADJ" or low in COMPASS))
            or (tok.text == "-" and i - 1 >= floor and doc[i - 1].lower_ in COMPASS)
        ):
            # "in the south-eastern countryside of Ar-Raqqa", "in rural Idlib"
            i -= 1
            continue
        if low == ")" and i - 1 >= floor:
            # "in Hakurk (Wadi Khakurik) region of Erbil": step over a bracketed other name, and the name
            j = i - 1
            while j >= floor and doc[j].text not in ("(", ")"):
                j -= 1
            if j - 1 >= floor and doc[j].text == "(" and is_capitalised(doc[j - 1]):
                i = _name_start(doc, j - 1, floor) - 1
                continue
        if low in (",", "("):
            # "in Bocachica, Cartagena", "in Kolofata town (Mayo-Sava, Extreme-Nord)", "at Batgran sector area
            # (Baramulla district, J&K)", "at Al Watiyah airbase (An Nuqat al Khams)": step over a name the
            # gazetteer does not know, with its place or facility nouns; the known name after it says where
            k = i - 1
            while k >= floor and _place_or_site(doc[k]):
                k -= 1
            if k >= floor and is_capitalised(doc[k]):
                i = _name_start(doc, k, floor)
                if low == "(":
                    bracketed = doc[i]
                i -= 1
                continue
        if low == "of" and i - 1 >= floor:
            prev = doc[i - 1]
            if prev.lower_ in NEAR_OF:
                return tok, prev.lower_ != "part"  # "west of X" is itself locative
            if prev.lower_ in ALL_PLACE_NOUNS or prev.lower_ in ("side", "centre", "center", "heart"):
                i -= 2
                continue
            if prev.lower_ in site_nouns():  # "the hospital of X", "residents of X": X is where
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
        if is_capitalised(prev) or prev.text == "-":
            last -= 1
        elif prev.lower_ in CONNECTORS and prev.is_lower and last - 2 >= floor and is_capitalised(doc[last - 2]):
            last -= 2
        else:
            break
    return last


def _place_or_site(token: Token) -> bool:
    """A place noun ("town", "district") or a facility noun ("airbase", "checkpoint") after a name."""
    return token.lower_ in ALL_PLACE_NOUNS or site_nouns().get(token.lower_) == "facility"


def _stop(text: str, words: ActorWords) -> bool:
    """Never a place by the gazetteer rule: stop words, months and weekdays, demonyms, organisations."""
    key = normalise(text)
    if not key or key in stopwords() or key in MONTHS_DAYS:
        return True
    hit = words.country_word(text)
    if hit is not None and hit[1] == "demonym":
        return True
    return words.organisation(text)


def named_places(doc: Doc, gazetteer: Gazetteer, words: ActorWords, min_population: int = 5000) -> list[Span]:
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
        for start, end in capitalised_runs(sent):
            while start < end and (normalise(doc[start].text) in stopwords() or doc[start].pos_ != "PROPN"):
                start += 1
            for stop in range(end, start, -1):
                span = doc[start:stop]
                if span.text[-1:] == "-" or any(t.lower_ in people or t.pos_ != "PROPN" for t in span):
                    continue
                if _stop(span.text, words):
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
    if noun not in REGION_WORDS:
        return found
    return [p for p in found if p.feature_code in ("ADM1", "ADM2", "RGN")] or found


def _region_abbreviation(text: str, found: list[Place]) -> bool:
    """ "Nigohan (UP)": a region's abbreviation in capitals is no stop word, though "Up" is."""
    return text.isupper() and len(text) <= 3 and any(p.feature_code == "ADM1" for p in found)


def _is_actor_word(ent: Span, words: ActorWords) -> bool:
    """'US' in 'US troops' is an actor's nationality, not where the event happened."""
    root = ent.root
    if not (root.dep_ in ("compound", "amod", "poss", "nmod") and root.head.pos_ == "NOUN"):
        return False
    if root.head.lower_ in ALL_PLACE_NOUNS:
        return False
    # "Baghdad airport" is where the airport is; "a US military outpost" is whose it is: a town or region
    # written right before a facility noun locates it, a country names its owner.
    hit = words.country_word(ent.text)
    return not (
        site_nouns().get(root.head.lower_) == "facility"
        and root.head.i == ent.end
        and (hit is None or hit[1] == "capital")
    )


def locative_prep(ent: Span) -> Token | None:
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


def separator(doc: Doc, a_end: int, b_start: int) -> str | None:
    """How two names are joined: ',' / '(' (b names a container), 'of', 'and', or None (not adjacent)."""
    # Past the place nouns after the first name, only two words or a stretch closed by a comma can join two names:
    # any other stretch (most pairs of a document's names, sentences apart) is passed over without building its
    # tokens.
    lead = a_end
    while lead < b_start and (doc[lead].lower_ in ALL_PLACE_NOUNS or doc[lead].lower_ == "-"):
        lead += 1
    if b_start - lead > 2 and doc[b_start - 1].text != ",":
        return None
    return joined_by(list(doc[a_end:b_start]))


def joined_by(between: list[Token]) -> str | None:
    """``separator`` read from every token between the two names."""
    words = [t.lower_ for t in between]
    # allow a place noun after the first name: "Tangail district (Dhaka)", "Akre district of Ninewa"
    while words and (words[0] in ALL_PLACE_NOUNS or words[0] == "-"):
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
        and all(is_capitalised(t) or t.text == "-" for t in rest[1:-1])
    ):
        return ","
    # Or a district the gazetteer lacks in brackets, then the region: "Baghlani Jadid (Baghlan Markazi), Baghlan".
    if (
        len(rest) >= 4
        and [t.text for t in rest[:1] + rest[-2:]] == ["(", ")", ","]
        and all(is_capitalised(t) or t.text == "-" for t in rest[1:-2])
    ):
        return ","
    if words in (["of"], ["of", "the"], ["in"], ["in", "the"]):
        return "of"
    if words in (["and"], ["or"], [",", "and"]):
        return "and"
    return None


def sentence_names(
    sent: Span, gazetteer: Gazetteer, words: ActorWords, ents: Sequence[Span] | None = None
) -> list[PlaceName]:
    """The place names of one sentence, chained ("Town (District, Province)") and with their readings. ``ents``:
    the doc's entities, when the caller reads every sentence (``sent.ents`` builds all of them each time)."""
    doc = sent.doc
    out: list[PlaceName] = []
    taken: set[int] = set()
    chunks = capitalised_runs(sent)
    # 1. spaCy's place entities (as before), 2. gazetteer names in locative positions.
    for ent in sent.ents if ents is None else within(ents, sent):
        if ent.label_ not in PLACE_LABELS:
            continue
        if _is_actor_word(ent, words):
            taken.update(range(ent.start, ent.end))
            continue
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        wider = [(a, b) for a, b in chunks if a <= ent.start and ent.end <= b and b - a > ent.end - ent.start]
        if wider and candidates_of(doc[wider[0][0] : wider[0][1]].text, gazetteer)[0]:
            continue  # "Mazar-e Sharif" split by spaCy into "Mazar" and "Sharif": the whole name wins
        span = ent
        if wider and any(t.lower_ in FOREIGN_CONNECTORS and t.is_lower for t in doc[wider[0][0] : wider[0][1]]):
            # "Shakhta imeni Gagarina" (a mine), "Kafr al Ma": a name joined by a connector is one name, unknown
            # to the gazetteer, not the town its first word happens to name (Shakhta, Russia).
            span = doc[wider[0][0] : wider[0][1]]
            found: list[Place] = []
            district = False
        else:
            text = ent.text.strip(" ,(")
            found, district = candidates_of(text, gazetteer)  # unknown names stay, unresolved (geoparse shows them)
            if ent.end < sent.end:
                found = _as_region(found, doc[ent.end].lower_)
            if not found and "," in text:
                continue  # "Bulo Burto, Hiraan" tagged as one entity: its names are read one by one below
        prep = locative_prep(span)
        near = False
        if prep is None:
            prep, near = left_context(doc, span.start, sent.start)
        out.append(
            PlaceName(
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
        if nxt in ALL_PLACE_NOUNS and nxt not in ("border", "road", "highway", "river"):
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
        if not found or (_stop(text, words) and not _region_abbreviation(text, found)) or _is_actor_word(span, words):
            continue
        prep, near = left_context(doc, start, sent.start)
        out.append(PlaceName(start, end, span.start_char, span.end_char, span.text, found, prep, near, district))
    out.sort(key=lambda m: m.start)
    link_chains(doc, out)
    # Gazetteer names need a locative position: a preposition, a following place noun, or a chain link.
    keep: set[int] = set()
    for i, m in enumerate(out):
        is_ent = doc[m.start].ent_type_ in PLACE_LABELS and doc[m.start].ent_iob_ == "B"
        noun_after = m.end < sent.end and doc[m.end].lower_ in ALL_PLACE_NOUNS
        if is_ent or m.prep is not None or noun_after or m.containers:
            keep.add(i)
    for i, m in enumerate(out):  # containers and "and"-siblings of kept names
        if i not in keep and i - 1 in keep and separator(doc, out[i - 1].end, m.start) is not None:
            keep.add(i)
    kept = [m for i, m in enumerate(out) if i in keep and not _part_in_brackets(doc, m, out)]
    for m in kept:
        m.head, m.containers, m.region = -1, [], -1
        if m.prep is None and any(separator(doc, m.end, o.start) == "," for o in kept):
            m.prep = doc[m.start].head  # "attacked Musawa (Musawa LGA, Katsina)": the chain marks a place
    for m in kept:
        if _after_unknown_name(doc, m, kept):
            # "Concepcion de Oriente (La Union)", "Afar area (Al Malagim, Al Bayda)": written as the container
            # of a place the gazetteer lacks, the name reads as a region (or a town inside that region), not
            # a namesake town elsewhere.
            m.candidates = region_readings(m.candidates)
    return kept


def _part_in_brackets(doc: Doc, m: PlaceName, mentions: list[PlaceName]) -> bool:
    """ "Yangon (East) district": a bare compass word in brackets after a place names a part of it, not the
    East region of another country."""
    if m.start < 2 or m.end >= len(doc) or doc[m.start - 1].text != "(" or doc[m.end].text != ")":
        return False
    return normalise(m.text) in COMPASS and any(o.end == m.start - 1 for o in mentions)


def _after_unknown_name(doc: Doc, m: PlaceName, mentions: list[PlaceName]) -> bool:
    """``m`` follows "(" or "," right after a capitalised word that is no recognised place."""
    if m.start < 2 or doc[m.start - 1].text not in ("(", ","):
        return False
    before = doc[m.start - 2]
    return is_capitalised(before) and not any(o.start <= before.i < o.end for o in mentions)


def link_chains(doc: Doc, mentions: list[PlaceName]) -> None:
    """Mark containers ("Town (District, Province)") and give chain members the head's preposition."""
    for i in range(1, len(mentions)):
        m, prev = mentions[i], mentions[i - 1]
        sep = separator(doc, prev.end, m.start)
        if sep is None:
            continue
        head = prev.head if prev.head >= 0 else i - 1
        if sep == "and":
            if m.prep is None:
                m.prep = prev.prep
                m.near = m.near or prev.near
            continue
        outers = area_readings(m.candidates)
        if contains_any(outers, mentions[head].candidates) or (sep == "of" and contains_any(outers, prev.candidates)):
            m.head = head
            mentions[head].containers.append(i)
            if m.prep is None:
                m.prep = mentions[head].prep
        elif sep in (",", "of") and mentions[head].region < 0 and lacks(mentions[head].candidates, m.candidates):
            # "Andar district, Ghazni", "Bambofa (Dori, Seno)": a region beside a name none of whose readings
            # lie in the region's country is where the place is; the gazetteer lacks the place itself.
            m.head = head
            mentions[head].region = i
            if m.prep is None:
                m.prep = mentions[head].prep
