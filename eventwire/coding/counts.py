"""How many: fatalities and injuries reported in a sentence, ACLED-style (the most conservative figure).

"at least 12" → 12, "more than 40" → 40, "between 10 and 15" → 10, "dozens" → 12, "a soldier was killed" → 1,
"two women and a child were killed" → 3. Cumulative tolls ("the death toll since October") are not counted.
Number words are parsed here: the phrases are few and fixed, and the maintained parsers we tried
(word2number and the like) do not know news vagueness words (dozens, scores) either.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from eventwire.coding.lexicon import words

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen"
)
_UNITS = {w: i for i, w in enumerate(_NUMBER_WORDS.split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                                                 "ninety"))}
_VAGUE = {"dozen": 12, "dozens": 12, "tens": 10, "scores": 20, "score": 20, "hundreds": 100, "thousands": 1000,
          "several": 2, "a few": 2, "few": 2, "couple": 2, "many": 2, "some": 1}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


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
    """The number attached to a victim noun: its numeric modifier, or 1 for 'a soldier', summed over conj."""
    total = None
    for token in [noun, *[c for c in noun.conjuncts if c.i > noun.i]]:
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
        if value is not None:
            total = (total or 0) + value
    return total


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
        if passive or (token.tag_ == "VBN" and token.dep_ in ("acl", "conj")):
            subjects = [c for c in token.children if c.dep_ == "nsubjpass"]
            if not subjects and token.dep_ == "conj":  # "were kidnapped and killed": the subject is shared
                subjects = [c for c in token.head.children if c.dep_ == "nsubjpass"]
            return subjects or ([token.head] if token.dep_ == "acl" else [])
        if lem in ("die", "perish"):
            return [c for c in token.children if c.dep_ == "nsubj"]
        return [c for c in token.children if c.dep_ in ("dobj", "obj")]
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]




def _to_death(token: Token) -> bool:
    """"shot dead", "beaten to death", "stabbed to death": the verb kills."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in words("lethal_manner"):
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ == "dead":
        return True
    return any(c.lower_ == "dead" for c in token.children) or any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in token.children)


def _grievance(token: Token) -> bool:
    """"protested against the death of a teenager": a death the event is about, not one it caused."""
    return token.dep_ == "pobj" and token.head.lower_ in words("grievance_preps")


def _is_cumulative(sent: Span) -> bool:
    text = sent.text.lower()
    return any(word in text.split() or f" {word} " in f" {text} " for word in words("cumulative_words"))


def casualties(sent: Span) -> tuple[int, int]:
    """(fatalities, injuries) reported in the sentence; (0, 0) when none or when the figure is a running toll.
    Computed once per sentence (every violent mention of a sentence asks), kept on the doc."""
    cache_ = sent.doc.user_data.setdefault("eventwire.casualties", {})
    if sent.start not in cache_:
        cache_[sent.start] = _casualties(sent)
    return cache_[sent.start]


def _casualties(sent: Span) -> tuple[int, int]:
    if _is_cumulative(sent):
        return 0, 0
    dead = injured = 0
    for token in sent:
        lem = token.lemma_.lower()
        if _grievance(token):
            continue
        is_kill = (token.pos_ == "VERB" and lem in words("kill_verbs")) or \
            (token.pos_ == "NOUN" and lem in words("kill_nouns")) \
            or _to_death(token)
        is_injure = (token.pos_ == "VERB" and lem in words("injure_verbs")) or \
            (token.pos_ == "NOUN" and lem in words("injure_nouns"))
        if not (is_kill or is_injure):
            continue
        counts = [c for c in (_count_of(v) for v in _victims(token)) if c is not None]
        if not counts and token.pos_ == "NOUN" and lem in ("dead", "wounded", "injured", "fatality"):
            counts = [c for c in (_count_of(token),) if c is not None]  # "14 dead", "2 fatalities"
        value = sum(counts)
        if is_kill:
            dead = max(dead, value)
        else:
            injured = max(injured, value)
    return dead, injured
