"""Who did it to whom: source and target phrases of a trigger from the dependency parse.

Active subject/object; passive with "by"; nominal events ("a drone attack by X on Y", "X's offensive
against Y"); participles ("airstrikes targeting militia positions"); subjects inherited through
conjunctions, infinitives and participles ("attacked the town, killing 12"); relative pronouns resolve to
the noun they modify. With two conjoined subjects the first is coded (a compound actor is future work).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from eventwire.coding.lexicon import triggers, words
from eventwire.coding.territory import taker
from eventwire.coding.triggers import TriggerMatch

TARGET_PREPS = frozenset({"on", "against", "upon", "at", "toward", "towards", "with"})
_RELATIVE = frozenset({"who", "which", "that"})
_ANAPHORS = frozenset({"it", "they", "he", "she", "we"})
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our", "my", "your"})
_INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj", "ccomp", "pcomp", "acomp"})  # acomp: "is willing to go"


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _agent(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            pobj = _child(child, "pobj")
            if pobj is not None:
                return pobj
    return None


# "convicted of murder by a court", "sentenced to life by a judge", "arrested for theft by police": the small
# parser hangs the passive's agent on the noun of its complement; these are the complements it hides behind.
_COMPLEMENT_PREPS = frozenset({"of", "to", "for"})


def _complement_agent(verb: Token) -> Token | None:
    """The agent of a passive verb that the parser attached inside its complement (see ``_COMPLEMENT_PREPS``)."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _COMPLEMENT_PREPS:
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                agent = _agent(pobj)
                if agent is not None:
                    return agent
    return None


@cache
def _non_targets() -> frozenset[str]:
    """Instruments and weapons: never the target of an act ("fired with mortars")."""
    return triggers().instruments | words("weapon_words")


def _prep_object(token: Token, preps: frozenset[str]) -> Token | None:
    instruments = _non_targets()
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = _child(child, "pobj")
            pcomp = _child(child, "pcomp")
            if pobj is None and pcomp is not None:
                pobj = _child(pcomp, "nsubj")  # "clashed with militants collecting tax", parsed as a clause
            # "on 27 April", "at dawn": times are not targets; "fired with mortars": weapons are not either
            if pobj is None or pobj.ent_type_ in ("DATE", "TIME") or pobj.lemma_.lower() in instruments:
                continue
            if pobj.lemma_.lower() == "force" and not any(pobj.children):
                continue  # "dispersed them by force": a manner, not the forces
            return pobj
    return None


def _operation_agent(verb: Token) -> Token | None:
    """'was killed in an operation by police forces', 'died during a police raid', 'captured during security
    operations carried out by the gendarmerie': an agentless act takes the author of the operation it
    happened in."""
    for child in [c for v in (verb, *verb.conjuncts) for c in v.children]:  # "killed or captured during …"
        if child.dep_ != "prep" or child.lower_ not in words("operation_preps"):
            continue
        pobj = _child(child, "pobj")
        if pobj is None or pobj.lemma_.lower() not in words("operation_nouns"):
            continue
        author = _agent(pobj)
        participle = next((c for c in pobj.children if c.dep_ == "acl"), None)
        if author is None and participle is not None:
            author = _agent(participle)
        if author is None:  # "a police raid", "a military operation"
            author = next((c for c in reversed(list(pobj.lefts)) if c.dep_ in ("compound", "amod", "nmod")), None)
        if author is not None:
            return author
    return None


def _fired_by(subject: Token) -> Token:
    """'shells fired by LNA forces fell on the road': a weapon as subject stands for whoever fired it."""
    if subject.lemma_.lower() in _non_targets():
        for child in subject.children:
            if child.dep_ == "acl":
                author = _agent(child)
                if author is not None:
                    return author
    return subject


def _is_passive(verb: Token) -> bool:
    # "IS fighters shot…": the model may read a capitalised "IS" as the passive auxiliary
    return any(c.dep_ == "nsubjpass" or (c.dep_ == "auxpass" and not c.text.isupper()) for c in verb.children)


def _reduced_passive(verb: Token) -> bool:
    """Headlinese and terse leads drop the auxiliary: "Traders killed as insurgents storm market", "Five
    soldiers abducted near Gao". A verb that cannot go without its victim, in the past, with a subject, no
    auxiliary and no object, is passive: its subject is the victim."""
    return (
        verb.tag_ in ("VBD", "VBN")
        and verb.lemma_.lower() in words("victim_required_verbs")
        and sum(c.dep_ == "nsubj" for c in verb.children) == 1  # two subjects: the parse went wrong
        and not any(c.dep_ in ("aux", "auxpass", "ccomp", "xcomp") for c in verb.children)
        # "shot and injured the deacon": conjoined verbs share the object
        and not any(c.dep_ in ("dobj", "obj") for v in (verb, *verb.conjuncts) for c in v.children)
    )


def _speaker(token: Token) -> Token | None:
    """The non-pronoun subject of the verb (said, announced, warned…) whose clause contains ``token``."""
    for clause in (token, *token.ancestors):
        if clause.dep_ == "ccomp":
            speaker = _child(clause.head, "nsubj")
            return speaker if speaker is not None and speaker.pos_ != "PRON" else None
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, climbing to a governing verb when it has none of its own."""
    token = verb
    for _ in range(3):
        subj = _agent(token) if _is_passive(token) else _child(token, "nsubj")
        if subj is not None:
            if subj.lower_ in _RELATIVE and token.dep_ == "relcl":
                return token.head
            if subj.pos_ == "PRON" and subj.lower_ in _ANAPHORS:
                # "The army says it has retaken the town", "the rebels said they will free the hostages, whom
                # they had taken": the pronoun is the subject of the reporting verb whose clause holds it.
                speaker = _speaker(token)
                return speaker if speaker is not None else subj
            return _fired_by(subj)
        if token.dep_ == "acl" and token.tag_ in ("VBG", "VBD"):
            return token.head  # "militants attacking the town"; "Thousands of students protested" mis-parsed
        if token.dep_ == "acl" and token.head.dep_ in ("dobj", "attr", "nsubjpass") and token.head.pos_ == "NOUN":
            token = token.head.head  # "declared his intention to continue attacks": the declarer intends
            continue
        if token.dep_ not in _INHERIT_DEPS:
            return None
        token = token.head
    return None


def _between(token: Token) -> tuple[Token | None, Token | None]:
    """'a clash between police and shopkeepers' → (police, shopkeepers)."""
    first = _prep_object(token, frozenset({"between", "among", "amongst"}))
    if first is None:
        return None, None
    second = next(iter(first.conjuncts), None)
    return first, second


def source_and_target(match: TriggerMatch) -> tuple[Token | None, Token | None]:
    source, target = _source_and_target(match)
    if target is None and source is not None and source.conjuncts and match.code[:2] in ("19", "04", "05", "06"):
        # "Imbonerakure and CNL clashed", "X and Y held talks": the second conjunct is the other side.
        target = source.conjuncts[0]
    if source is None:
        first, second = _between(match.head)
        if first is None and match.anchor is not match.head:
            first, second = _between(match.anchor)  # "a clash erupted between police and shopkeepers"
        if first is not None:
            return first, second
    if (
        source is None
        and match.entry.pos != "VERB"
        and any(c.dep_ in ("amod", "compound", "nmod") and c.i not in match.tokens for c in match.head.children)
    ):
        source = match.head  # "Palestinian riots", "Saudi-led air raids": the event's modifiers name its author
    return source, target


def _source_and_target(match: TriggerMatch) -> tuple[Token | None, Token | None]:
    head, anchor = match.head, match.anchor
    if match.entry.held and (taken := taker(head)) is not None:
        return taken  # "the capital fell under Houthi control", "the fall of Mosul to ISIL": the taker is named apart
    if match.entry.pos == "VERB":
        if _is_passive(head):
            source = _agent(head) or _complement_agent(head) or _operation_agent(head)
            return source, _child(head, "nsubjpass") or _prep_object(head, TARGET_PREPS)
        if _reduced_passive(head):
            return _agent(head), _child(head, "nsubj")
        target = _child(head, "dobj", "obj")
        if target is not None and target.lemma_.lower() in triggers().event_nouns:
            # "signed an agreement": the agreement is the act, not the other side; "demanded the resignation of
            # the governor", "condemned the killing of two journalists": the act's patient is
            target = _prep_object(target, frozenset({"of"}))
        if target is not None and target.lemma_.lower() in _non_targets() and _prep_object(head, TARGET_PREPS):
            target = None  # "fired grenade launchers at the positions of X": the weapon is not the target
        target = target or _prep_object(head, TARGET_PREPS)
        for extra in match.tokens[1:]:  # "opened fire at the police station": the target hangs off "fire"
            target = target or _prep_object(head.doc[extra], TARGET_PREPS)
        if head.dep_ == "acl" and head.tag_ == "VBN":  # "villagers killed by gunmen"
            return _agent(head) or _operation_agent(head), head.head
        if match.code.startswith("18") and head.lemma_.lower() in words("discovery_verbs"):
            return None, target  # "police found the body": the finder is not the attacker
        return _subject(head), target
    # Nominal event: actors hang off the noun ("attack by X on Y") or off its light verb.
    poss = _child(head, "poss")
    if poss is not None and poss.lower_ in _POSSESSIVES:
        poss = None  # "held their first meeting": whoever "their" is, the light verb's subject names them
    source = _agent(head) or poss
    if (
        source is None
        and anchor is not head
        and anchor.lemma_.lower() not in words("witness_verbs") | words("discovery_verbs")
    ):
        # "the OSCE observed explosions": whoever observes or reports an event did not do it
        source = _agent(anchor) if _is_passive(anchor) else _subject(anchor)
    target = _prep_object(head, TARGET_PREPS)
    if target is None:
        participle = next((c for c in head.children if c.dep_ == "acl" and c.lemma_ in ("target", "hit")), None)
        if participle is not None:
            target = _child(participle, "dobj")
    if target is None and anchor is not head:
        target = _prep_object(anchor, TARGET_PREPS)
        if match.how == "subject_of_harm":
            target = _child(anchor, "dobj") or target
    if source is not None and (source.lower_ in ("its", "their", "his", "her") or source.i in match.tokens):
        source = None  # "a clash erupted": the event noun is not its own source
    return source, target
