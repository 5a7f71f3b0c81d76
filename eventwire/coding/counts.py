"""How many: fatalities and injuries reported in a sentence, ACLED-style (the most conservative figure).

"at least 12" → 12, "more than 40" → 40, "between 10 and 15" → 10, "dozens" → 12, "a soldier was killed" → 1,
"two women and a child were killed" → 3. Cumulative tolls ("the death toll since October") are not counted.
Figures of one sentence are the most conservative (largest-of, not sum-of: "killed 12 … the 12 victims"), except
that a figure marked "also" adds to the rest ("five soldiers were killed, and three militants also died" → 8):
ACLED counts every death of the event, the attackers' too. When a sentence holds several counted events, each
figure belongs to the event whose trigger is nearest to it in the parse tree ("an air strike killed five in
Idlib, and a car bomb killed three in Aleppo").
Number words are parsed here: the phrases are few and fixed, and the maintained parsers we tried
(word2number and the like) do not know news vagueness words (dozens, scores) either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import yaml
from spacy.tokens import Span, Token

from eventwire.coding.lexicon import DATA_DIR, modality, words
from eventwire.nlp.doc_cache import per_key

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen"
)
_UNITS = {w: i for i, w in enumerate(_NUMBER_WORDS.split())}
_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"))
}
_VAGUE = {
    "dozen": 12,
    "dozens": 12,
    "tens": 10,
    "scores": 20,
    "score": 20,
    "hundreds": 100,
    "thousands": 1000,
    "several": 2,
    "a few": 2,
    "few": 2,
    "couple": 2,
    "many": 2,
    "some": 1,
}
_SCALE = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}


@dataclass(frozen=True, slots=True)
class CountWords:
    """The word lists of ``data/counts.yaml``."""

    natural_causes: frozenset[str]
    fatal_adverbs: frozenset[str]
    left_dead: frozenset[str]
    left_hurt: frozenset[str]
    collective_nouns: frozenset[str]
    lethal_phrasal: frozenset[str]
    wounding_verbs: frozenset[str]
    not_a_person: frozenset[str]
    vague_tolls: frozenset[str]
    custody_nouns: frozenset[str]
    custody_charges: frozenset[str]
    hurt_marks: frozenset[str]
    hurt_adjectives: frozenset[str]
    toll_nouns: frozenset[str]


@cache
def count_words() -> CountWords:
    with (DATA_DIR / "counts.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return CountWords(**{name: frozenset(str(w).lower() for w in data[name]) for name in CountWords.__slots__})


def parse_number(text: str) -> int | None:
    """'14' → 14, 'twenty-one' → 21, 'two hundred' → 200, '1,200' → 1200, 'dozens' → 12; else None."""
    low = text.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+", low):
        return int(low)
    if low in _VAGUE:
        return _VAGUE[low]
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", low):
        if word in ("and", "a", "an", ""):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALE:
            current = max(current, 1) * _SCALE[word]
            if _SCALE[word] >= 1000:
                total, current = total + current, 0
        elif re.fullmatch(r"\d+", word):
            current += int(word)
        else:
            return None
        seen = True
    return total + current if seen else None


def _count_of(noun: Token) -> int | None:
    """The number attached to a victim noun, summed over conj: its numeric modifier; 1 for one person ('a
    soldier', 'the student', a named person, 'him'); None when the text gives no figure ('the crowd')."""
    total = None
    # a conjunct the parse marks hurt is not among the dead: "killed 35 people and injured scores"
    hurt = words("injure_nouns") | count_words().hurt_marks
    conjuncts = [c for c in noun.conjuncts if c.i > noun.i and not any(a.lower_ in hurt for a in c.children)]
    for token in [noun, *conjuncts]:
        value = None
        if token.pos_ == "NUM" or token.lower_ in _VAGUE:
            value = _number_phrase(token)
        for child in token.children:
            if child.dep_ == "nummod" or (child.dep_ == "amod" and child.lower_ in _VAGUE):
                value = _number_phrase(child)
            elif child.dep_ == "det" and child.lower_ in ("a", "an", "one") and token.tag_ in ("NN", "NNP"):
                value = 1
            elif child.dep_ == "prep" and child.lower_ == "of" and token.lower_ in _VAGUE:
                value = _VAGUE[token.lower_]
        if token.lower_ in words("reflexive_victims"):  # "a suicide bomber killed himself and four others"
            value = 1
        if value is None:
            value = _one_person(token, first=token is noun)
        if value is not None:
            total = (total or 0) + value
    return total


def _one_person(token: Token, first: bool) -> int | None:
    """1 for a word that names one person with no figure: a named person ("Zhukovskyy was arrested"), a
    singular pronoun ("shot him dead"), the victim itself as a definite singular noun ("the student", "his
    wife"; not a conjunct, which may be no person at all: "killed five, another attack …"); None else."""
    listed = count_words()
    if token.lower_ in words("personal_pronouns") or token.ent_type_ == "PERSON":
        return 1
    # the recogniser misses many surnames ("Etcheber was arrested", "shot Jason Cumby" read as an organisation):
    # a singular proper noun that a killing or arrest falls on is a person unless it names a place or a people,
    # or is a one-word organisation ("arrested Hamas members" has its own noun)
    kind = token.ent_type_.lower()
    full_name = any(c.dep_ == "compound" and c.tag_ == "NNP" for c in token.children)
    if token.tag_ == "NNP" and _aged(token):  # "Okonkwo, 45,", "31-year-old Darnell Okafor": a person whatever
        return 1  # the recogniser guessed
    if (
        token.tag_ == "NNP"
        and kind not in listed.not_a_person
        and (kind != "org" or full_name)
        and token.lemma_.lower() not in listed.collective_nouns
    ):
        return 1
    definite = any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss" for c in token.children
    )
    if first and definite and token.tag_ == "NN" and token.lemma_.lower() not in listed.collective_nouns:
        return 1
    return None


def _aged(token: Token) -> bool:
    """A name given with an age: "Okonkwo, 45," (a number in apposition) or "31-year-old Darnell Okafor"."""
    for child in token.children:
        if child.dep_ == "appos" and child.like_num:
            return True
        if child.dep_ == "amod" and any(t.lower_ == "year" for t in child.subtree):
            return True
    return False


def _number_phrase(token: Token) -> int | None:
    # spaCy splits "twenty - one" and attaches "at least"/"more than" as quantmod/advmod: read compounds only.
    parts = [t for t in token.subtree if t.dep_ in ("compound", "nummod", "quantmod") or t is token]
    words = " ".join(t.text for t in parts if t.pos_ == "NUM" or t.lower_ in _VAGUE or t.text == "-" or t is token)
    value = parse_number(words)
    if value is None:
        value = parse_number(token.text)
    # "between 10 and 15": the conjoined upper bound is ignored (conservative).
    return value


def _victims(token: Token) -> list[Token]:
    """Who was killed/injured: object of an active verb, subject of a passive one or of 'die', 'of' of a noun."""
    lem = token.lemma_.lower()
    if token.pos_ == "VERB":
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
        has_object = any(c.dep_ in ("dobj", "obj") for c in token.children)  # "have killed at least 35 civilians"
        if passive or (token.tag_ == "VBN" and token.dep_ in ("acl", "conj") and not has_object):
            # a reduced passive keeps its own subject: "21 were killed and tens wounded"
            reduced = token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
            subjects = [c for c in token.children if c.dep_ == "nsubjpass" or (reduced and c.dep_ == "nsubj")]
            if not subjects and token.dep_ == "conj":  # "were kidnapped and killed": the subject is shared
                subjects = [c for c in token.head.children if c.dep_ == "nsubjpass"]
                # "fled on foot, but was apprehended": an active first verb shares its subject too
                subjects = subjects or [c for c in token.head.children if c.dep_ == "nsubj"]
            if not subjects and token.dep_ in ("pcomp", "advcl"):
                # "two men were hospitalized after being shot": the clause's own subject
                subjects = _clause_subjects(token.head if token.dep_ == "pcomp" else token)
            if token.dep_ == "relcl" and any(s.lower_ in ("who", "that", "whom") for s in subjects):
                return [token.head]  # "Soldier Keating, who was killed yesterday": the antecedent
            return subjects or ([token.head] if token.dep_ == "acl" else [])
        if _headline_passive(token, has_object):
            # "Man arrested for DUI crash", "Woman shot outside bar": a headline drops the auxiliary, and its
            # subject is who the act fell on
            return [c for c in token.children if c.dep_ == "nsubj"]
        if token.tag_ == "VBN" and token.dep_ in ("xcomp", "oprd"):
            # "Paris was found shot to death", "police found him stabbed": the finding verb's person
            held = [c for c in token.head.children if c.dep_ == "nsubjpass"]
            return held or [c for c in token.head.children if c.dep_ in ("dobj", "obj")]
        if lem in ("die", "perish"):
            return [c for c in token.children if c.dep_ == "nsubj"]
        return [c for c in token.children if c.dep_ in ("dobj", "obj")]
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]


def _headline_passive(token: Token, has_object: bool) -> bool:
    """A past participle heading its sentence with a subject, no auxiliary and no object: the passive of a
    headline ("Man arrested for DUI crash"), not an active past ("Police arrested two", tagged VBD)."""
    return (
        token.tag_ == "VBN"
        and token.dep_ == "ROOT"
        and not has_object
        and not any(c.dep_ in ("aux", "auxpass", "nsubjpass") for c in token.children)
        and any(c.dep_ == "nsubj" for c in token.children)
    )


def _clause_subjects(token: Token) -> list[Token]:
    """The subject of the clause a modifier hangs from: up from a preposition to its verb."""
    verb = token.head if token.dep_ == "prep" else token
    if token.dep_ == "advcl":
        verb = token.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ == "acl":  # a headline's "2 men hospitalized after being shot"
        return [verb.head]
    return subjects


def _to_death(token: Token) -> bool:
    """ "shot dead", "beaten to death", "stabbed to death", "fatally shot", "mortally wounded": the verb kills."""
    if token.pos_ != "VERB":
        return False
    particles = {f"{token.lemma_.lower()} {c.lower_}" for c in token.children if c.dep_ == "prt"}
    if particles & count_words().lethal_phrasal:  # "gunned down his girlfriend"
        return True
    lethal = token.lemma_.lower() in words("lethal_manner") | words("injure_verbs")
    if lethal and any(c.dep_ == "advmod" and c.lower_ in count_words().fatal_adverbs for c in token.children):
        return True
    if token.lemma_.lower() not in words("lethal_manner"):
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ == "dead":
        return True
    return any(c.lower_ == "dead" for c in token.children) or any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in token.children
    )


def _grievance(token: Token) -> bool:
    """ "protested against the death of a teenager": a death the event is about, not one it caused."""
    return token.dep_ == "pobj" and token.head.lower_ in words("grievance_preps")


def _is_cumulative(sent: Span) -> bool:
    text = sent.text.lower()
    # "thousands" is a toll only as the figure itself ("has killed thousands"), not as "joined thousands of
    # pilgrims" beside the day's "14 people were killed": that is read per figure (``_vague_toll``)
    listed = words("cumulative_words") - count_words().vague_tolls
    return any(word in text.split() or f" {word} " in f" {text} " for word in listed)


def _vague_toll(victims: list[Token]) -> bool:
    return any(t.lower_ in count_words().vague_tolls for v in victims for t in v.subtree)


@dataclass(frozen=True, slots=True)
class Figure:
    """One reported figure in a sentence: the killing/wounding word, what it counts, and how many."""

    token: int  # document index of the kill/injure word
    dead: bool  # fatalities, else injuries
    value: int
    also: bool  # "three militants also died": in addition to the others


def casualties(
    sent: Span,
    roots: Sequence[Token] = (),
    rivals: Sequence[Sequence[Token]] = (),
    apart: Callable[[Token], bool] | None = None,
) -> tuple[int, int]:
    """(fatalities, injuries) of the event triggered at ``roots``; (0, 0) when none or a running toll.
    ``rivals`` are the trigger roots of the sentence's other counted events: a figure nearer to one of them in
    the parse tree is theirs. ``apart`` tells a killing word of another time ("a year after an attack killed
    five"): its figure is not this event's. Without roots, every figure of the sentence counts."""
    figures = [f for f in _figures(sent) if apart is None or not apart(sent.doc[f.token])]
    if roots and rivals and figures:
        mine = _tree_distances(sent, roots)
        others = [_tree_distances(sent, r) for r in rivals]
        figures = [f for f in figures if all(mine[f.token] <= d[f.token] for d in others)]
    return _combine([f for f in figures if f.dead]), _combine([f for f in figures if not f.dead])


def _combine(figures: list[Figure]) -> int:
    base = max((f.value for f in figures if not f.also), default=0)
    return base + sum(f.value for f in figures if f.also)


def _tree_distances(sent: Span, roots: Sequence[Token]) -> dict[int, int]:
    """Edges from the nearest of ``roots`` to every token of the sentence (breadth-first over the parse)."""
    dist = {t.i: 0 for t in roots}
    frontier = list(roots)
    while frontier:
        nxt = []
        for token in frontier:
            for near in (token.head, *token.children):
                if near.i not in dist and sent.start <= near.i < sent.end:
                    dist[near.i] = dist[token.i] + 1
                    nxt.append(near)
        frontier = nxt
    return dist | {t.i: len(sent) for t in sent if t.i not in dist}


def _figures(sent: Span) -> list[Figure]:
    """Every figure of the sentence, computed once (every counted mention of a sentence asks), kept on the doc."""
    return per_key(
        sent.doc, "eventwire.figures", sent.start, lambda: [] if _is_cumulative(sent) else list(_find_figures(sent))
    )


def _toll_figure(token: Token) -> int | None:
    """ "The death toll from the attack rose to 18" → 18; None for other words, and for the toll of a whole
    conflict ("the toll from the war has risen to 200")."""
    if token.lemma_.lower() not in words("toll_nouns") or token.dep_ != "nsubj":
        return None
    verb = token.head
    if verb.lemma_.lower() not in words("toll_verbs"):
        return None
    of_what = [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    if any(g.lemma_.lower() in modality()["prolonged_conflicts"] for g in of_what):
        return None
    figures = [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("to", "at")
        for g in c.children
        if g.dep_ == "pobj"
    ] + [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    for figure in figures:
        if figure.pos_ == "NUM" or figure.lower_ in _VAGUE:
            return _number_phrase(figure)
    return None


def _find_figures(sent: Span) -> list[Figure]:
    listed = count_words()
    found = []
    for token in sent:
        lem = token.lemma_.lower()
        toll = _toll_figure(token)
        if toll is not None:
            found.append(Figure(token.i, True, toll, False))
            continue
        if _grievance(token):
            continue
        is_kill = (
            (token.pos_ == "VERB" and lem in words("kill_verbs"))
            or (token.pos_ == "NOUN" and lem in words("kill_nouns"))
            or _to_death(token)
        )
        is_injure = (token.pos_ == "VERB" and lem in words("injure_verbs")) or (
            token.pos_ == "NOUN" and lem in words("injure_nouns")
        )
        wounding = lem in count_words().wounding_verbs and not any(c.dep_ == "prt" for c in token.children)
        if not is_kill and token.pos_ == "VERB" and wounding and not _killed_too(token):  # not "shot down a jet"
            is_injure = True  # "the officer shot the driver": hit, not said to have died
        left = _left_as(token)  # "the blast left two people dead"
        if left is not None:
            is_kill, is_injure = left, not left
        dead_person = token.lower_ == "dead" and token.dep_ == "amod" and token.head.pos_ in ("NOUN", "NUM")
        counted_dead = (
            token.lower_ == "dead"
            and any(c.dep_ == "nummod" for c in token.children)
            and _left_as(token.head) is None  # "the storm left 14 dead" is read (or dropped) with its verb
        )
        if dead_person or counted_dead:  # "a dead man", "two dead soldiers", "counted two dead", "three dead"
            value = _count_of(token.head if dead_person else token)
            if value is not None:
                found.append(Figure(token.i, True, value, False))
            continue
        if token.dep_ == "amod" and token.lower_ in listed.hurt_adjectives and token.head.pos_ in ("NOUN", "NUM"):
            value = _count_of(token.head)  # "two wounded soldiers", "killed 35 and injured scores"
            if value is not None:
                found.append(Figure(token.i, False, value, False))
            continue
        if not (is_kill or is_injure) or _natural(token):
            continue
        victims = _victims(token)
        if left is not None and not victims:  # "left six dead": the figure sits on the state word
            victims = [c for c in token.children if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp")]
        if _vague_toll(victims):
            continue
        counts = [c for c in (_count_of(v) for v in victims) if c is not None]
        if not counts and token.pos_ == "NOUN" and lem in listed.toll_nouns:
            counts = [c for c in (_count_of(token),) if c is not None]  # "14 dead", "2 fatalities"
        if counts:
            also = any(c.dep_ == "advmod" and c.lower_ == "also" for c in token.children)
            found.append(Figure(token.i, is_kill, sum(counts), also))
    return found


def _left_as(token: Token) -> bool | None:
    """ "left two people dead" → True (a toll of dead), "left 14 injured" → False (of hurt), else None."""
    if token.pos_ != "VERB" or token.lemma_.lower() != "leave":
        return None
    states = {c.lower_ for c in token.children if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advmod", "amod")}
    states |= {g.lower_ for c in token.children if c.dep_ in ("dobj", "obj") for g in c.children if g.dep_ == "amod"}
    listed = count_words()
    if states & listed.left_dead:
        return True
    return False if states & listed.left_hurt else None


def _killed_too(token: Token) -> bool:
    """ "shot and killed", "was stabbed and died": the wounding verb's victims are counted as dead, not hurt."""
    linked = [c for c in token.children if c.dep_ == "conj"] + ([token.head] if token.dep_ == "conj" else [])
    return any(t.lemma_.lower() in words("kill_verbs") or _to_death(t) for t in linked)


def _natural(token: Token) -> bool:
    """A killing word whose doer is a natural cause: "an earthquake … has killed almost 15,000"."""
    doers = [c for c in token.children if c.dep_ in ("nsubj", "csubj")]
    doers += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return any(d.lemma_.lower() in count_words().natural_causes for d in doers)


def arrests(trigger: Token) -> int:
    """How many were arrested or detained by this arrest trigger: "police arrested 25 protesters" → 25; a noun
    counts its own figure ("made 13 arrests") or one owner ("after his arrest", "Smith's detention")."""
    counts = [c for c in (_count_of(v) for v in _victims(trigger)) if c is not None]
    if not counts and trigger.pos_ == "NOUN" and trigger.lemma_.lower() in count_words().custody_nouns:
        for child in trigger.children:
            if child.dep_ == "nummod" and child.ent_type_ not in ("MONEY", "DATE", "TIME", "PERCENT"):
                counts.append(_number_phrase(child) or 0)
            elif child.dep_ == "poss" and (
                child.lower_ in words("personal_possessives") or _one_person(child, first=False)
            ):
                counts.append(1)
    return sum(counts)
