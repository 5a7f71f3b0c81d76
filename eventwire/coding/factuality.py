"""Did it happen? Factuality of a mention from negation, modality and the verbs that govern the trigger.

Checks run in a fixed order, the first that fires wins: negated, denied, called_for, aggregate, intended,
future, hypothetical, else asserted. Reporting verbs ("officials said militants attacked…") do not change
factuality: reported facts are facts as far as a news coder can tell.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.coding.lexicon import modality
from eventwire.coding.lexicon import words as lx_words
from eventwire.coding.triggers import TriggerMatch, lemma
from eventwire.ingest.dates import WEEKDAYS

_CLIMB_DEPS = frozenset(
    {"xcomp", "ccomp", "advcl", "pobj", "prep", "dobj", "conj", "acl", "relcl", "pcomp", "advmod", "acomp"}
)


def _governors(anchor: Token, limit: int = 4) -> list[Token]:
    """Words above the anchor through complement/object links: 'urged X to strike' → urge."""
    out: list[Token] = []
    token = anchor
    for _ in range(limit):
        if token.dep_ not in _CLIMB_DEPS or token.head is token:
            break
        if _finite_beside_infinitive(token):
            # "urged the embassy to reconsider and spoke with Pompeo": the parse joins the finite verb to the
            # infinitive, but a past or present tense says it is the main verb's own act, not what was urged
            token = token.head.head
            continue
        token = token.head
        if lemma(token) in lx_words("reporting_verbs"):
            break
        out.append(token)
    return out


def _finite_beside_infinitive(token: Token) -> bool:
    """A past or present verb the parse joined to what a call verb asks for ("urged X to reconsider and spoke")."""
    return (
        token.dep_ == "conj"
        and token.tag_ in ("VBD", "VBZ")
        and token.head.tag_ == "VB"
        and token.head.dep_ in ("xcomp", "ccomp")
        and lemma(token.head.head) in modality()["call_governors"]
    )


def _aux(token: Token) -> set[str]:
    return {lemma(c) for c in token.children if c.dep_ in ("aux", "auxpass")} | {
        c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")
    }


def _progressive(token: Token) -> bool:
    """A verb in the progressive: "have been protesting", "has been fighting"."""
    return token.tag_ == "VBG" and "been" in _aux(token)


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children) or any(
        c.dep_ == "det" and c.lower_ in ("no", "neither") for c in token.children
    )


def _purpose(clause: Token) -> bool:
    """A to-infinitive adverbial clause: "blocked the road to demonstrate" says what the blocking was for."""
    return clause.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _names_a_day(clause: Token) -> bool:
    """Whether a clause dates its act to a day ("on Monday", "on 3 May", "yesterday"), not a month or year."""
    return any(
        t.ent_type_ == "DATE"
        and (
            t.lower_ in WEEKDAYS or t.lower_ in ("yesterday", "today", "overnight") or (t.like_num and len(t.text) <= 2)
        )
        for t in clause.subtree
    )


def factuality(match: TriggerMatch, words: dict[str, frozenset[str]]) -> str:
    return factuality_with_cue(match, words)[0]


def factuality_with_cue(match: TriggerMatch, words: dict[str, frozenset[str]]) -> tuple[str, str]:
    """(factuality, the word that decided it): the cue tells a refusal from a plain negation."""
    head, anchor = match.head, match.anchor
    path = _governors(anchor)
    # the word each governor was reached from: a to-infinitive of purpose under "blocked the road" is what
    # the blocking was for, not something the blocking prevented
    below = {gov.i: child for child, gov in zip([anchor, *path], path, strict=False)}
    governors = [g for g in path if g.pos_ in ("VERB", "AUX", "NOUN", "ADJ")]
    if _negated(anchor) or _negated(head):
        # "X will not accept refugees" states a refusal; "X did not attack" only denies an act
        return "negated", "refuse" if _aux(anchor) & (words["future_aux"] | {"would"}) else "not"
    # Governing verbs, nearest first: the nearest one that denies, calls or intends decides.
    for gov in governors:
        lem = lemma(gov)
        if (
            lem in words["deny_governors"]
            and lem not in words["refusal_governors"]
            and not {lemma(c) for c in gov.children if c.dep_ in ("dobj", "dative")} & words["withheld_objects"]
        ):
            return ("negated", "not") if _negated(gov) else ("denied", lem)
        if lem in words["refusal_governors"]:
            # "did not rule out talks" leaves them open; "ruled out talks" refuses them
            return ("hypothetical", "not refuse") if _negated(gov) else ("negated", "refuse")
        if lem in words["call_governors"] or (gov.pos_ == "NOUN" and lem in ("call", "demand", "appeal")):
            return "called_for", lem
        if lem in words["prevent_governors"] and not _purpose(below[gov.i]):
            return "hypothetical", lem
        if (
            lem in words["allegation_governors"]
            and gov is not anchor
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in gov.children)
        ):
            return "hypothetical", "alleged"  # "Russia accused Ukraine of shelling the plant"
        if _negated(gov) and gov.pos_ in ("VERB", "AUX"):
            return "negated", "not"
    # markers on the act itself ("attacked … 160 times", "repeatedly"), not in a background phrase
    # ("amid a series of incursions")
    near = [
        t
        for c in anchor.children
        if not (c.dep_ == "prep" and c.lower_ in lx_words("background_preps"))
        for t in [c, *c.children]
    ]
    subtree = {lemma(t) for t in near} | {t.lower_ for t in near}
    sent_text = f" {anchor.sent.text.lower()} "
    markers = words["aggregate_markers"]
    if lemma(anchor) in words["blow_verbs"]:
        markers = markers - {"times"}  # "shot three times", "stabbed several times": the blows of one attack
    if subtree & markers or any(f" {p} " in sent_text for p in words["aggregate_preps"] if " " in p):
        return "aggregate", "series"
    if (
        any(c.dep_ == "prep" and c.lower_ in words["aggregate_preps"] for c in anchor.children)
        and _aux(anchor) & {"have", "has", "'ve"}
        and not _progressive(anchor)
    ):
        # "have targeted … since October": a running series, not one event; "have been protesting since
        # Monday" is one act going on
        return "aggregate", "since"
    if any(c.dep_ == "mark" and c.lower_ == "since" for c in anchor.children) and not _names_a_day(anchor):
        # "has displaced 1.7 million since the M23 took up arms in 2021": the start of a state, not an event
        # of the report; "since rebels attacked Beni on Monday" still reports Monday's attack
        return "aggregate", "since"
    if match.how == "toll" and (
        lemma(head) in words["prolonged_conflicts"] or any(f" {w} " in sent_text for w in lx_words("cumulative_words"))
    ):
        return "aggregate", "toll"  # "the death toll from the fighting has risen to 200"
    if _aux(anchor) & {"have", "has", "'ve"} and any(
        c.dep_ == "nsubj" and lemma(c) in words["prolonged_conflicts"] for c in anchor.children
    ):
        return "aggregate", "toll"  # "the war has killed thousands"
    for gov in governors:
        lem = lemma(gov)
        if lem in words["intent_governors"] and gov is not anchor:
            return "intended", lem
        if lem in words["future_governors"]:
            if lem in words["manhunt_governors"] and below[gov.i].dep_ == "prep":
                continue  # "sought in the shooting": the act the person is sought for (modality.yaml)
            return "future", lem
    chain = [anchor, *governors]
    if (
        any(_aux(t) & words["future_aux"] for t in chain)
        or any(lemma(t) == "go" and any(c.dep_ == "xcomp" for c in t.children) and t.tag_ == "VBG" for t in governors)
        # "Avenatti is to be sentenced in June", "the ministers are to meet": be + to-infinitive is a plan
        or any(lemma(t) == "be" and any(c.dep_ == "xcomp" and "to" in _aux(c) for c in t.children) for t in governors)
    ):
        return "future", "will"
    modal = next((a for t in chain for a in _aux(t) & words["hypothetical_aux"]), None)
    if modal is not None:
        return "hypothetical", modal
    # hedges come before what they hedge ("likely attacked", "if they attack"); a "likely" after the verb
    # belongs to a purpose clause the parser hung on it ("fired shots in the air, likely to disperse them")
    marks = {c.lower_ for t in chain for c in t.children if c.dep_ in ("mark", "advmod") and c.i < t.i}
    if marks & words["hypothetical_markers"]:
        return "hypothetical", "if"
    if _question(anchor):
        return "hypothetical", "question"
    if _imperative(anchor):
        return "called_for", "imperative"  # "For more information, call 860-258-2722": the reader is asked
    if _condition(anchor, words):
        return "hypothetical", "condition"  # "information leading to the arrest of"
    return "asserted", ""


_CLOSERS = " \t\n\"'\u201d\u2019)]"
_QUOTES = ('"', "\u201c", "\u201d")


def _condition(anchor: Token, words: dict[str, frozenset[str]]) -> bool:
    """A verb of ``condition_verbs`` in the present or as a participle, "to" the act, with no auxiliary:
    "information leading to the arrest of", "information that leads to the arrest" — the act a reward is for.
    "Police are leading the investigation" (an auxiliary, no "to") and "the tip led to the arrest" report it."""
    return (
        lemma(anchor) in words["condition_verbs"]
        and anchor.dep_ in ("acl", "relcl")  # "information leading to": the clause of a noun, not of a verb
        and anchor.tag_ in ("VBG", "VBZ", "VBP", "VB")
        and any(c.dep_ == "prep" and c.lower_ == "to" for c in anchor.children)
        and not any(c.dep_ in ("aux", "auxpass") for c in anchor.children)
    )


def _imperative(anchor: Token) -> bool:
    """The trigger is the main verb of an imperative: a bare infinitive at the root with no subject and no
    auxiliary ("For information, call …", "Visit the website"), a request to the reader. A sentence with no
    closing stop is a headline ("Protest over fuel prices in Lagos", which the tagger may read as a verb), not a
    request."""
    return (
        anchor.sent.text.rstrip(_CLOSERS).endswith((".", "!"))
        and anchor.dep_ == "ROOT"
        and anchor.tag_ == "VB"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass") for c in anchor.children)
    )


def _question(anchor: Token) -> bool:
    """The act sits in a question ("or do the police just shoot?", "What action has the State Department taken to
    investigate these reports?"): asked, not reported (guideline: questions are no events). A question quoted
    after the act ("was prosecuted after sending a message reading \"… send it?\"") is what was said, so a quote
    mark between the trigger and the question mark leaves the act asserted; the marks that close the sentence
    do not (""Why did the police shoot him?"" is a question all the same)."""
    sent = anchor.sent
    text = sent.text.rstrip(_CLOSERS)
    if not text.endswith("?"):
        return False
    after = sent.doc.text[anchor.idx : sent.end_char].rstrip(_CLOSERS)
    return not any(mark in after for mark in _QUOTES)
