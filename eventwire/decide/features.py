"""What the relevance model sees of a candidate: named binary features, the same in training and at run time.

Only what carries over from one kind of news to another: the trigger and its code, who the coder found as
doer and target (a coded actor, a name, capitalised words before the trigger, or nothing: a storm, a
disease, a price), how it dated and placed the act, its factuality, where the sentence sits in the article
(the headline, or the body's sentences counted from the lede, so that an article with a headline and one
without, an ACLED note, read alike), whether it is quoted speech, the grammar of the trigger's clause (a
condition, an intention, an infinitive, an act named as an attribute: ``data/clause_cues.yaml``), and how
dense the article is in the words of sport, business, nature, health, entertainment, weather, crime, politics
and conflict (``data/domains.yaml``) and which of them the article is densest in, which tells a match report or
a market story from a war report, and what the rules found in the rest of the article (``article_context``:
how many of its sentences hold an asserted candidate, whether any candidate is an arrest, an attack or a
fight), which tells a story about an event from one that mentions an act in passing. The
sentence's own words were features of the first model: they memorise the pool's sources (Wikinews,
government releases), and without them the model scores better on a source it was not fitted on
(leave-one-source-out ROC AUC 0.71 against 0.66; the model card has the comparison).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import yaml

from eventwire.coding.prescan import sentence_starts
from schemas.records import Mention

_TOKEN = re.compile(r"[a-z]+|\d+")
_RAW_TOKEN = re.compile(r"[A-Za-z]+|\d+")
QUOTE_MARKS = ('"', "\u201c", "\u201d")
MAX_LENGTH_LEVEL = 4  # sentence length in tens of words, 40 and more as one level
MAX_NAMES_BEFORE = 3  # capitalised words before the trigger, 3 and more as one level
DOMAINS_PATH = Path(__file__).parent / "data" / "domains.yaml"
CLAUSE_CUES_PATH = Path(__file__).parent / "data" / "clause_cues.yaml"
# How far back from the trigger its clause is read for cue words ("if", "planning to", "the stolen"): the
# words since the last comma, semicolon, colon, dash or bracket, at most this many.
CLAUSE_WORDS = 8
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
# share of an article's words from a domain's list → level 0 (below the first), 1, 2, 3 (at or above the last)
DENSITY_LEVELS = (0.005, 0.015, 0.03)
# Below this many words a density is noise (one word more or less moves a level): a short note, a single
# sentence or a brief gets the one feature ``dom=short`` instead of the domain levels.
MIN_DOMAIN_WORDS = 80
# Sentences of an article that hold an asserted candidate, in levels of two (0–1, 2–3, 4–5, 6 and more).
MAX_EVENT_SENTENCES = 6
# CAMEO roots of coercion and violence (arrest, assault, fight, mass violence): an article with a candidate of
# one of them is a story of crime or conflict whatever the candidate at hand. Not the coder's VIOLENT_ROOTS
# (18-20): coercion counts here. The feature keeps its name (``violent=``), which the shipped model reads.
CRIME_OR_CONFLICT_ROOTS = frozenset({"17", "18", "19", "20"})


def words(text: str) -> list[str]:
    """Lowercased words; every number is one token, "0" (a score, a year, a toll all read as a number)."""
    return ["0" if token[0].isdigit() else token for token in _TOKEN.findall(text.lower())]


@cache
def domains() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(DOMAINS_PATH.read_text(encoding="utf-8"))
    return {str(name): frozenset(str(w) for w in listed) for name, listed in data.items()}


@cache
def clause_cues() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(CLAUSE_CUES_PATH.read_text(encoding="utf-8"))
    return {str(name): frozenset(str(w) for w in listed) for name, listed in data.items()}


def article_domains(text: str) -> frozenset[str]:
    """The article's levels in each domain (computed once per article): ``sport:1+``, ``sport:2+``, ``business:0``."""
    tokens = words(text)
    if len(tokens) < MIN_DOMAIN_WORDS:
        return frozenset({"short"})
    out = set()
    counts = {}
    distinct = Counter(tokens)  # each distinct word looked up once per domain, not each occurrence
    for name, listed in domains().items():
        counts[name] = sum(n for word, n in distinct.items() if word in listed)
        share = counts[name] / max(1, len(tokens))
        level = sum(share >= level for level in DENSITY_LEVELS)
        # cumulative ("sport:2+" also says "sport:1+"), so a level the pool rarely reaches (a match report is
        # sport's top level) still carries what the levels below it learnt
        out.update([f"{name}:{k}+" for k in range(1, level + 1)] or [f"{name}:0"])
    # the story's kind: the domain it is densest in (ties by name, so the same text gives the same feature);
    # the levels alone let a crime story with many business words read as both
    out.add(f"top:{max(counts, key=lambda name: (counts[name], name))}")
    return frozenset(out)


def article_context(mentions: Sequence[Mention]) -> frozenset[str]:
    """What the rules found in the whole article (computed once per article from all its candidates): how many
    of its sentences hold an asserted candidate (``sents=0`` for one or none, up to ``sents=3`` for six and
    more) and whether any asserted candidate is of a coercive or violent root (``violent=True``). A story
    about an event has its act in several sentences; an act named once in a school board report, a market
    story or an obituary is more often a trap."""
    asserted = [m for m in mentions if m.factuality == "asserted"]
    sentences = len({m.sentence_index for m in asserted})
    violent = any(m.cameo_root_code in CRIME_OR_CONFLICT_ROOTS for m in asserted)
    return frozenset({f"sents={min(sentences, MAX_EVENT_SENTENCES) // 2}", f"violent={violent}"})


def lede_index(text: str, body_offset: int) -> int:
    """The sentence number of the body's first sentence in an article's ``full_text`` (``body_offset``: where
    its body starts, after the headline; 0 for an article without one): how many sentences its headline has,
    in the numbering ``Mention.sentence_index`` uses."""
    if not body_offset:
        return 0
    return bisect.bisect_left(sentence_starts(text), body_offset)


def _position(index: int, lede: int) -> str:
    """The sentence's place in the article: the headline, the lede, the next two, the body, the tail. Counted
    from the body's first sentence (``lede``), so the lede is the lede whether or not the article has a
    headline (ACLED notes and labelled sentences have none)."""
    body = index - lede
    return "headline" if body < 0 else "0" if body == 0 else "1-2" if body <= 2 else "3-6" if body <= 6 else "7+"


def _shape_features(mention: Mention, lede: int) -> Iterable[str]:
    """The sentence's shape around the trigger, not its words: how long it is, where it sits, whether it is
    quoted speech, and whether a name (capitalised words, the first word aside) stands before the trigger."""
    sentence = mention.sentence
    before = _RAW_TOKEN.findall(sentence[: max(0, mention.trigger_start - mention.char_start)])
    names_before = sum(token[0].isupper() for token in before[1:])
    yield f"pos={_position(mention.sentence_index, lede)}"
    yield f"sentlen={min(len(words(sentence)) // 10, MAX_LENGTH_LEVEL)}"
    yield f"leftcaps={min(names_before, MAX_NAMES_BEFORE)}"
    yield f"quote={any(mark in sentence for mark in QUOTE_MARKS)}"
    yield f"a1name={mention.actor1_name is not None}"
    yield f"a2name={mention.actor2_name is not None}"
    yield f"root={mention.cameo_root_code}|a1name={mention.actor1_name is not None}"


def _clause_features(mention: Mention) -> Iterable[str]:
    """Grammar before the trigger that says the act has not (yet) happened, from closed-class words only
    (``data/clause_cues.yaml``): a condition ("if we failed … to strike") or an intention ("planning to visit",
    "seeks to retake") in the trigger's clause, "to" right before it (an infinitive: "advised her to kill"),
    and the act named as an attribute (``_attributive``). The rule coder's factuality reads the parse and
    misses many of these (the parser hangs "to visit" on "planning" in one sentence and on "Widodo" in the
    next); the words say it either way. Modals, negations, first-person speech, reporting verbs and the
    trigger's form were tried too and left out: each lowered the pool's leave-one-source-out scores (most on
    Global Voices, blogs often in the first person)."""
    before = mention.sentence[: max(0, mention.trigger_start - mention.char_start)]
    clause = words(_CLAUSE_BREAK.split(before)[-1])[-CLAUSE_WORDS:]
    cues = clause_cues()
    for name in ("conditional", "intent"):
        if any(w in cues[name] for w in clause):
            yield f"clause={name}"
    if clause and clause[-1] == "to":
        yield "clause=to"
    if _attributive(mention.trigger, clause):
        yield "clause=attributive"


def _attributive(trigger: str, clause: list[str]) -> bool:
    """A one-word past participle right after a determiner, a possessive or a number: the act named as an
    attribute of a noun or as a noun ("a negotiated transition", "the stolen item", "1,217 pledged delegates",
    "visiting the wounded"), not reported as done."""
    parts = words(trigger)
    return (
        len(parts) == 1
        and parts[0].endswith(("ed", "en"))
        and bool(clause)
        and (clause[-1] in clause_cues()["determiner"] or clause[-1] == "0")
    )


def features(
    mention: Mention, article: frozenset[str], lede: int = 0, context: frozenset[str] = frozenset()
) -> set[str]:
    """The candidate's features (binary: present or not); ``article`` is ``article_domains`` of its text,
    ``lede`` the sentence number of its body's first sentence (``lede_index``; 0 without a headline),
    ``context`` the ``article_context`` of its article's candidates (none given: none read)."""
    root = mention.cameo_root_code
    out = set(_shape_features(mention, lede))
    out.update(_clause_features(mention))
    trigger = words(mention.trigger)
    out.update(f"t={t}" for t in trigger)
    out.add(f"trigger={'_'.join(trigger)}")
    out.update(
        {
            f"root={root}",
            f"base={mention.cameo_base_code}",
            f"code={mention.cameo_code}",
            f"type={mention.event_type}",
            f"fact={mention.factuality}",
            f"date={mention.date_source}",
            f"geo={mention.geo_precision}",
            f"a1={mention.actor1_type}",
            f"a2={mention.actor2_type}",
            f"a1inter={mention.actor1_inter}",
            f"a1coded={mention.actor1_code is not None}",
            f"root={root}|a1={mention.actor1_type}",
            f"root={root}|a2={mention.actor2_type}",
            f"root={root}|fact={mention.factuality}",
            f"lede={mention.sentence_index == lede}",
            f"dead={mention.fatalities > 0}",
            # the rule coder's own additive score (what it could pin down: a coded doer, a target, a place
            # and a date in the sentence), read before the decision step overwrites ``confidence``
            f"rules={round(mention.confidence, 1)}",
        }
    )
    out.update(f"t={t}|root={root}" for t in trigger)
    out.update(f"dom={d}" for d in article)
    out.update(f"dom={d}|root={root}" for d in article)
    out.update(f"art={c}" for c in context)
    out.update(f"art={c}|root={root}" for c in context if c.startswith("violent="))
    return out
