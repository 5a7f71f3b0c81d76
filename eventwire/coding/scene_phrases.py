"""Where a sentence places the story, read from its surface before any parse: the dateline's place, the
gazetteer names after a locative preposition (and the names listed with them), and the countries it names by
name, demonym or capital. The pre-scan (``coding.prescan``) keeps a sentence that places the story, or, when
every place it names is named by an earlier kept sentence, only the phrases that name them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Protocol

from eventwire.coding.actors import match_country_words
from eventwire.coding.lexicon import ActorLexicon
from eventwire.geo.place_words import ALL_PLACE_NOUNS, LOCATIVE_PREPS

CASED_WORD = re.compile(r"[A-Za-z]+")
# "in Kitui", "near the town of Bama", "in downtown Kano": a locative preposition before a capitalised name.
_LOCATIVE_NAME = re.compile(
    rf"\b(?:{'|'.join(sorted(LOCATIVE_PREPS))})\s+(?:[a-z]+\s+){{0,3}}([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)
# More names listed after a locative name: ", Hama", " and Mwingi", " county, and Mwingi".
_LISTED_NAME = re.compile(
    r"(?:\s+[a-z]+)?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_NEXT_TOKEN = re.compile(r"\s*(?:[A-Za-z]+|[^\sA-Za-z])")
# A dateline opening a sentence: "CHARLESTON, W.Va. -- …", "Springfield, Ohio — …", "KANO, Nigeria (AP) - …".
_DATELINE = re.compile(
    r"\s*([A-Z][A-Za-z.'’ -]{1,40}?),\s+[A-Z][A-Za-z. ]{1,20}?\s*"  # the place, then its state or country
    r"(?:\([^)]{1,30}\)\s*)?(?:--|—|–|-)\s"  # an agency in brackets, then the dash
)


class PlaceWords(Protocol):
    """What the readings below ask of the pre-scan's cues: the actor dictionaries (countries) and the gazetteer."""

    @property
    def actors(self) -> ActorLexicon | None: ...

    @property
    def is_place(self) -> Callable[[str], bool]: ...


def scene_names(sentence: str, cues_: PlaceWords) -> frozenset[str]:
    """The places a sentence names in a way that places the story: a dateline's place, a gazetteer name after a
    locative (and the names listed with it: "in Kitui county and Mwingi"), a country's name, demonym or capital
    (as ``country:<ISO3>``)."""
    names: set[str] = set()
    if (dateline := _dateline_place(sentence, cues_)) is not None:  # a dateline names the place without a locative
        names.add(dateline[0])
    for _start, _end, places in locative_places(sentence, cues_):
        names.update(places)
    if cues_.actors is not None:
        # match_country_words passes over words no country term starts with, so most sentences cost one lookup a word
        names.update(
            f"country:{country.iso3}"
            for _start, _end, country, _kind in match_country_words(CASED_WORD.findall(sentence), cues_.actors)
        )
    return frozenset(names)


def _dateline_place(sentence: str, cues_: PlaceWords) -> tuple[str, int] | None:
    """The gazetteer place of the sentence's dateline ("KABUL —"), as written in title case, and where the
    dateline ends; None without one."""
    dateline = _DATELINE.match(sentence)
    if dateline is None:
        return None
    name = dateline.group(1)
    name = name.title() if name.isupper() else name
    return (name, dateline.end()) if cues_.is_place(name) else None


def locative_places(sentence: str, cues_: PlaceWords) -> Iterator[tuple[int, int, list[str]]]:
    """Each locative phrase of the sentence that names a gazetteer place ("in Kitui county and Mwingi"): its
    start and end in the sentence (from the preposition to the last name, and a place noun after it), and its
    place names."""
    for match in _LOCATIVE_NAME.finditer(sentence):
        listed = [match.group(1)]
        end = match.end()
        while (more := _LISTED_NAME.match(sentence, end)) is not None:  # "in Kitui and Mwingi", "in Homs, Hama"
            listed.append(more.group(1))
            end = more.end()
        places = []
        for name in listed:
            if cues_.is_place(name):
                places.append(name)
            elif " " in name and cues_.is_place(name.split()[0]):
                places.append(name.split()[0])
        if places:
            noun = _NEXT_WORD.match(sentence, end)
            end = noun.end() if noun is not None and noun.group(1) in ALL_PLACE_NOUNS else end
            yield match.start(), _token_after(sentence, end), places


def scene_phrases(sentence: str, cues_: PlaceWords) -> list[tuple[int, int]]:
    """Where a sentence places the story, as (start, end) in it, merged where they overlap: its dateline, its
    locative phrases naming gazetteer places, and each country name, demonym or capital with the word before it
    ("against Russia", "border with Mali") and the word or mark after it ("Saudi forces")."""
    found: list[tuple[int, int]] = []
    if (dateline := _dateline_place(sentence, cues_)) is not None:
        found.append((0, _token_after(sentence, dateline[1])))
    found += [(start, end) for start, end, _ in locative_places(sentence, cues_)]
    if cues_.actors is not None:
        words = list(CASED_WORD.finditer(sentence))
        for first, last, _country, _kind in match_country_words([w.group() for w in words], cues_.actors):
            start = words[first - 1].start() if first else words[first].start()
            found.append((start, _token_after(sentence, words[last - 1].end())))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _token_after(sentence: str, end: int) -> int:
    """The end of the word or mark after ``end``: parsed alone, a name at a phrase's end runs on into the blank
    after it."""
    after = _NEXT_TOKEN.match(sentence, end)
    return after.end() if after is not None else end
