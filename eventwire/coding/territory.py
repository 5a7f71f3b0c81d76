"""The place a territory act is about: what is taken, controlled or handed over must itself be a place.

"Rebels gained control of Kidal", "the fall of Mosul", "the capital fell under Houthi control", "the British
relinquished control of Hong Kong": the controlled thing is the object of "control of X", the "of"-complement of
"the fall of X", the subject of "fell under … control", or what is ceded or wrested. A place anywhere else in
the clause does not count: "gained control of the Senate in the midterms in Ohio", "the fall of the government
in Rome" and "ceded control of the talks in Geneva" name no territory taken. Triggers with ``held: true``
(triggers.yaml) are checked here; the pre-scan keeps their sentences when a place may be named
(``prescan.Cue.held``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Token

from eventwire.coding.lexicon import Trigger, words
from eventwire.geo.gazetteer import load_gazetteer

# Entity labels of a place name; a facility ("the Berlin Wall") is a place only through its head word ("Bagram
# Air Base": base), which territory_words lists.
PLACE_ENTITIES = frozenset({"GPE", "LOC"})
# Labels the small model gives a name that is not a place: a chamber, a company, a number. A person is not
# either after "the fall of" ("the fall of Mubarak"), but the model tags many towns as persons ("control of
# Palmyra"), so there the gazetteer decides.
NOT_PLACES = frozenset({"ORG", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})
# "fell under Houthi control", "came into government hands": the subject is what is now held
HELD_PREPS = frozenset({"under", "into"})
_THING_DEPS = frozenset({"dobj", "obj", "nsubjpass"})


def holds_place(entry: Trigger, head: Token) -> bool:
    """Whether the thing ``entry`` (found at ``head``) takes, controls or hands over is a place."""
    own = (entry.objects or frozenset()) - words("control_nouns") - {"PLACE"}
    people_out = head.pos_ != "VERB"  # "the fall of Mubarak" is a ruler's
    return any(is_place(thing, own) and not (people_out and thing.ent_type_ == "PERSON") for thing in held_things(head))


def held_things(head: Token) -> Iterator[Token]:
    """The words naming what the act at ``head`` is about: a noun's "of"-complement ("the fall of Mosul"); a
    verb's object or passive subject ("ceded the town", "Hong Kong was ceded"), through "control of"
    ("claims control of Aleppo") and a share ("much of the province"); the subject of a verb whose preposition
    holds the control ("the capital fell under Houthi control")."""
    if head.pos_ != "VERB":
        yield from _through_shares(_of_objects(head))
        return
    for child in head.children:
        if child.dep_ in _THING_DEPS:
            for thing in (child, *child.conjuncts):
                if thing.lemma_.lower() in words("control_nouns"):
                    yield from _through_shares(_of_objects(thing))
                else:
                    yield from _through_shares([thing])
        elif child.dep_ == "prep" and child.lower_ in HELD_PREPS:
            if any(g.dep_ == "pobj" and g.lemma_.lower() in words("control_nouns") for g in child.children):
                yield from (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass"))
        elif child.dep_ == "prep" and child.lower_ == "of" and _controls(head):
            # "claims full control of Aleppo" with "of Aleppo" hung on the verb
            yield from _through_shares(g for g in child.children if g.dep_ == "pobj")
    if head.dep_ == "amod" and head.head.lemma_.lower() in words("control_nouns"):
        # "The British relinquished control of Hong Kong": the small model may read the verb as the noun's modifier
        yield from _through_shares(_of_objects(head.head))


def _controls(verb: Token) -> bool:
    return any(c.dep_ in _THING_DEPS and c.lemma_.lower() in words("control_nouns") for c in verb.children)


def _of_objects(noun: Token) -> list[Token]:
    """The objects of the noun's "of" or "over" ("control of Rabiyah and Zumar": both; "control over the region")."""
    return [
        thing
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ in ("of", "over")
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for thing in (pobj, *pobj.conjuncts)
    ]


def _through_shares(things: Iterator[Token] | list[Token]) -> Iterator[Token]:
    """A share of a place stands for the place: "parts of the city", "a third of the country"."""
    for thing in things:
        if thing.lemma_.lower() in words("part_nouns") or thing.lower_ in words("part_nouns"):
            yield from _of_objects(thing)
        else:
            yield thing


def is_place(token: Token, extra: frozenset[str] = frozenset()) -> bool:
    """A place: a territory word ("the town", "the provincial capital"), one of ``extra`` (the entry's own
    objects), a place name the model tags (GPE, LOC), or a proper name the gazetteer knows that the model does
    not tag as a person or an organisation ("Kidal" and "Aleppo" are tagged NORP by the small model)."""
    word = token.lemma_.lower()
    if token.ent_type_ == "ORG":
        return False  # "took control of the Post": a newspaper or a firm, whatever its name says
    if word in words("territory_words") or word in extra or token.ent_type_ in PLACE_ENTITIES:
        return True
    if token.pos_ != "PROPN" or token.ent_type_ in NOT_PLACES:
        return False
    return known_place(_name(token))


def _name(token: Token) -> str:
    """The name a proper noun heads: its entity's words, or itself with its compounds ("Tell Tamer")."""
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        if ent is not None:
            return ent.text
    parts = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return " ".join(t.text for t in (*parts, token))


@lru_cache(maxsize=65536)
def known_place(name: str) -> bool:
    """Whether the gazetteer lists a place of that name (the default gazetteer, loaded once per process; the
    coder's and the pre-scan's test alike)."""
    return bool(load_gazetteer().candidates(name))


def taker(head: Token) -> tuple[Token, Token | None] | None:
    """(who now holds it, what is held) where the words name the taker apart from the subject: "the capital fell
    under Houthi control" (the control's modifier; the capital is what is held), "the fall of Mosul to ISIL"
    (the object of "to"). None: the ordinary roles apply."""
    if head.pos_ == "VERB":
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in HELD_PREPS):
            for control in (g for g in prep.children if g.dep_ == "pobj"):
                if control.lemma_.lower() not in words("control_nouns"):
                    continue
                holder = next((c for c in control.children if _names_holder(c)), None) or next(
                    iter(_of_objects(control)), None
                )  # "under Houthi control", "under the army's control", "under the control of the army"
                if holder is not None:
                    held = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    return holder, held
        return None
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "to"):
        for holder in (g for g in prep.children if g.dep_ == "pobj"):
            return holder, next(iter(_of_objects(head)), None)
    return None


def _names_holder(modifier: Token) -> bool:
    """A modifier of "control" that names who holds it ("Houthi", "government", "the army's", "Russian"), not how
    ("full", "effective")."""
    if modifier.dep_ in ("poss", "compound", "nmod"):
        return True
    return modifier.dep_ == "amod" and modifier.ent_type_ == "NORP"
