"""ACLED typing rules: CAMEO code + cue words + actor types → disorder type, event type, sub-event type.

The rules are data (``data/acled_rules.yaml``); this module only evaluates them in order. Where and when a
mention is typed, and what follows from its type, is decided in ``event_type``.
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Token

from eventwire.coding.lexicon import AcledRule
from schemas import taxonomy

# What a protest is about is not how it went: "protested against the violent eviction", "demonstrated,
# demanding that the police stop beating detainees" are peaceful protests.
GRIEVANCE_PREPS = frozenset({"against", "over", "about"})
CLAIM_DEPS = frozenset({"advcl", "xcomp", "ccomp", "acl"})  # "protested, demanding …"


def clause_cues(roots: list[Token], exclude: frozenset[int] = frozenset()) -> frozenset[str]:
    """Lemmas (and two-lemma sequences) of the event's clause: where weapon, method and crowd words sit;
    tokens at the positions in ``exclude`` are left out."""
    tokens = sorted({t for root in roots for t in root.subtree if t.i not in exclude}, key=lambda t: t.i)
    lemmas = [t.lemma_.lower() for t in tokens] + [t.lower_ for t in tokens]
    pairs = [f"{a.lemma_.lower()} {b.lemma_.lower()}" for a, b in pairwise(tokens)]
    triples = [
        f"{a.lemma_.lower()} {b.lemma_.lower()} {c.lemma_.lower()}"
        for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)
    ]
    return frozenset(lemmas + pairs + triples)


def protest_cues(roots: list[Token], anchor: Token, claim_verbs: frozenset[str]) -> frozenset[str]:
    """The cues of a protest: its clause without the grievance (what it was against, what it demanded), and,
    when the protest is the purpose of another act, that act's clause: "workers blocked the highway with
    burning tyres to demonstrate against the seizure" was a violent demonstration."""
    grievance = frozenset(
        t.i
        for root in roots
        for c in root.children
        if (c.dep_ == "prep" and c.lower_ in GRIEVANCE_PREPS)
        or (c.dep_ in CLAIM_DEPS and c.lemma_.lower() in claim_verbs)
        for t in c.subtree
    )
    cues = clause_cues(roots, grievance)
    host = anchor.head
    purpose = anchor.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in anchor.children)
    if purpose and host is not anchor and host.pos_ == "VERB":
        cues = cues | clause_cues([host], grievance | frozenset(t.i for t in anchor.subtree))
    return cues


def acled_type(
    code: str,
    cues: frozenset[str],
    inter1: int | None,
    inter2: int | None,
    fatalities: int,
    rules: tuple[AcledRule, ...],
    trigger: str = "",
) -> tuple[str | None, str | None, str | None]:
    """The first rule that matches types the act; one without a sub-event type says ACLED does not code it.
    ``trigger`` is the first lemma of the dictionary entry that found the act."""
    for rule in rules:
        if not code.startswith(rule.cameo):
            continue
        if rule.triggers is not None and trigger not in rule.triggers:
            continue
        if rule.cues is not None and not rule.cues & cues:
            continue
        if rule.actor1_inter is not None and inter1 not in rule.actor1_inter:
            continue
        if rule.actor1_unnamed and inter1 is not None:
            continue
        if rule.actor2_inter is not None and inter2 not in rule.actor2_inter:
            continue
        if fatalities < rule.min_fatalities:
            continue
        return (None, None, None) if rule.sub_event_type is None else acled_fields(rule.sub_event_type)
    return None, None, None


def acled_fields(sub_event_type: str) -> tuple[str, str, str]:
    """(disorder type, event type, sub-event type) of a sub-event type."""
    disorder, event_type = taxonomy.acled_types()[sub_event_type]
    # The reference lists "Political violence; Demonstrations" for one sub-event: keep ACLED's first.
    return disorder.split(";")[0].strip(), event_type, sub_event_type
