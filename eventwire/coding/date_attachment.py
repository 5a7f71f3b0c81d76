"""Where a date expression hangs in the parse, for ``eventwire.coding.when``: the noun it belongs to ("the 2004
murder"), a coordinated clause of its own ("…; but today I have no problem"), and the first of coordinated
verbs, whose fronted date frames the others ("Ten years ago, a gunman entered the church and killed seven")."""

from __future__ import annotations

from spacy.tokens import Span, Token


def owner_of(sent: Span, start: int, end: int) -> int | None:
    """The noun a date expression modifies ("the 2004 murder", "Monday's attack", "the March 3 bombing")."""
    span = sent.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root, head = span.root, span.root.head
    if head.pos_ not in ("NOUN", "PROPN") or head.i in range(span.start, span.end):
        return None
    # inside the noun's phrase: a possessive ("Monday's attack") or between its article and it ("the 2004
    # murder"); a fronted date the parser hung on the subject ("6 May 2020 militia attacked …") is not
    inside = any(c.dep_ in ("det", "poss") and c.i < span.start for c in head.children)
    if root.dep_ == "poss" or (root.dep_ in ("nummod", "compound", "amod", "nmod") and inside):
        return head.i
    return None


def in_other_clause(sent: Span, start: int, end: int, heads: set[int]) -> bool:
    """Whether the expression sits in a clause coordinated with the event's, with its own subject, that does
    not hold the event ("… welcomed his arrest; but today I have no problem with her": today is not the
    arrest's day)."""
    span = sent.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    for token in span.root.ancestors:
        clause = token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")
        if clause and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            return not any(token.left_edge.i <= i <= token.right_edge.i for i in heads)
    return False


def first_conjunct(token: Token) -> Token:
    """The first of the verbs ``token`` shares its subject with ("entered … and killed": entered); itself else. A
    conjunct with a subject of its own ("he was convicted in 2004, and he was arrested again") is a clause of its
    own, which the first one's dates do not frame."""
    while (
        token.dep_ == "conj"
        and token.head.pos_ in ("VERB", "AUX")
        and token.head.i < token.i
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    ):
        token = token.head
    return token
