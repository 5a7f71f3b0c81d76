"""Resolving a document's place names: recognition (``recognition``), candidate readings (``readings``) and
scoring (``scoring``) over the whole document, and the same scoring for given spans (toponym corpora).

What only the layers above know about the document (which words name actors, the home country of the groups it
names, the countries it names) comes in as ``DocumentClues``: the gazetteer layer imports nothing above it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Protocol

from spacy.tokens import Doc

from eventwire.geo.gazetteer import Gazetteer
from eventwire.geo.place_words import country_nouns
from eventwire.geo.readings import ActorWords, candidates_of
from eventwire.geo.recognition import PlaceName, left_context, link_chains, locative_prep, sentence_names
from eventwire.geo.scoring import resolve_names
from eventwire.nlp.doc_cache import per_document


class DocumentClues(Protocol):
    """What the actor dictionaries read in one document, for place resolution."""

    @property
    def words(self) -> ActorWords: ...

    def home_country(self) -> str | None:
        """The one home country the political and identity militias the document names share, if any."""
        ...

    def named_countries(self, kinds: frozenset[str] | None = None) -> frozenset[str]:
        """Countries the document names by name, demonym or capital (or only by the ``kinds`` given)."""
        ...


def doc_places(doc: Doc, gazetteer: Gazetteer, clues: DocumentClues) -> list[PlaceName]:
    """Every recognised place name of ``doc``, resolved in the document's context (cached on the doc)."""
    return per_document(doc, "eventwire.places", gazetteer, lambda: _doc_places(doc, gazetteer, clues))


def _doc_places(doc: Doc, gazetteer: Gazetteer, clues: DocumentClues) -> list[PlaceName]:
    names: list[PlaceName] = []
    ents = doc.ents
    for sent in doc.sents:
        names += sentence_names(sent, gazetteer, clues.words, ents)
    link_chains(doc, names)
    resolve_names(names, country_hints(doc, gazetteer, clues.home_country()), clues.named_countries())
    return names


def resolve_spans(
    doc: Doc, spans: list[tuple[int, int]], gazetteer: Gazetteer, clues: DocumentClues
) -> list[PlaceName | None]:
    """Resolve given character spans (gold recognition) with the same document-level scoring."""
    names: list[PlaceName] = []
    index: list[int | None] = []
    whole = doc.text  # rebuilt from the tokens on every access
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        text = whole[start:end]
        found, district = candidates_of(text, gazetteer, clues.words, demonyms=True)
        if span is None or not found:
            index.append(None)
            continue
        index.append(len(names))
        prep = locative_prep(span) or left_context(doc, span.start, span.sent.start)[0]  # where things happen
        names.append(PlaceName(span.start, span.end, start, end, text, found, prep, district=district))
    # The document's own recognised places that no given span covers are evidence too (copies: the
    # cached names keep their own resolution).
    given = {t for m in names for t in range(m.start, m.end)}
    context = [
        replace(m, containers=[], head=-1, region=-1)
        for m in doc_places(doc, gazetteer, clues)
        if m.candidates and not any(t in given for t in range(m.start, m.end))
    ]
    ordered = sorted([*names, *context], key=lambda m: m.start)
    link_chains(doc, ordered)
    resolve_names(ordered, country_hints(doc, gazetteer, clues.home_country()), clues.named_countries())
    return [None if i is None else names[i] for i in index]


def country_hints(doc: Doc, gazetteer: Gazetteer, home: str | None) -> Counter[str]:
    """Country evidence from one-country administrative nouns ("LGA", "upazila"): iso3 → count; and one vote
    for ``home``, the home country the named militias share ("Dan Na Ambassagou militiamen ... in the commune
    of Sokoura" is in Mali: a village of that name in Côte d'Ivoire is a namesake)."""
    nouns = country_nouns()
    out: Counter[str] = Counter()
    if home is not None:
        out[home] += 1
    for token in doc:
        cc = nouns.get(token.lower_)
        if cc is not None:
            iso3 = gazetteer.iso3_of(cc)
            if iso3:
                out[iso3] += 1
    return out
