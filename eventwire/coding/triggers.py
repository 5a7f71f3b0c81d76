"""Find event triggers in a parsed sentence: dictionary lemmas checked against their syntactic context."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from eventwire.coding.counts import count_words
from eventwire.coding.inflection import prefixed_lemma
from eventwire.coding.lexicon import Trigger, TriggerLexicon, modality, words
from eventwire.coding.territory import holds_place
from eventwire.coding.when import future_words
from eventwire.ingest.dates import MONTHS

OBJECT_DEPS = frozenset({"dobj", "obj", "prt", "oprd", "acomp", "attr", "nsubjpass", "advmod", "dative"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss", "nummod"})
# Verbs whose subject noun is itself the event: "a drone strike killed five".


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    entry: Trigger
    tokens: tuple[int, ...]  # doc indices of the trigger words
    head: Token  # the trigger's head word (the verb, or the event noun)
    anchor: Token  # the verb that carries tense, subject and modality (the light verb for nouns)
    code: str
    how: str  # verb | light_verb | agent | subject_of_harm | harm_by | toll | headline | possessive

    @property
    def text(self) -> str:
        doc = self.head.doc
        if self.anchor is not self.head and self.anchor.i not in self.tokens:
            return f"{self.anchor.text} … {' '.join(doc[i].text for i in self.tokens)}"
        return " ".join(doc[i].text for i in self.tokens)

    @property
    def start_char(self) -> int:
        return min(self.head.doc[i].idx for i in (*self.tokens, self.anchor.i))

    @property
    def end_char(self) -> int:
        doc = self.head.doc
        return max(doc[i].idx + len(doc[i].text) for i in (*self.tokens, self.anchor.i))


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def forms(token: Token) -> frozenset[str]:
    """The lemma plus suffix-stripped spellings: the small model lemmatises some verbs wrongly
    ("staged" → "stag"), and a dictionary lookup should not depend on that."""
    low = token.lower_
    out = {lemma(token), low}
    if token.pos_ in ("VERB", "AUX"):
        # "re-captured" is one token (see nlp.pipeline): it is "recaptured", and a repeated "captured"
        spellings = (low, "re" + low[3:], low[3:]) if low.startswith("re-") else (low,)
        for word in spellings:
            out.add(word)
            for suffix, repl in (("ed", ""), ("d", ""), ("ing", ""), ("ing", "e"), ("s", ""), ("es", ""), ("ied", "y")):
                if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                    out.add(word[: len(word) - len(suffix)] + repl)
        if lemma(token) == low and (prefixed := prefixed_lemma(low)) is not None:
            out.add(prefixed)  # "retook" → "retake": the tables know "took" but not "retook"
    return frozenset(out)


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def object_words(token: Token) -> set[str]:
    """Lemmas of a word's objects and particles, including objects of its prepositions, what a quantity is of
    ("700 kg of medicine", "5 tons of marijuana") and a participle complement ("found bound"); a place-name
    object also counts as PLACE."""
    words: set[str] = set()
    for child in token.children:
        if child.dep_ in OBJECT_DEPS or child.dep_ in ("prep", "agent"):
            words.add(lemma(child))
            words.update(_titles(child))
            if child.ent_type_ in PLACE_LABELS:
                words.add("PLACE")
            if child.dep_ in ("prep", "agent"):
                for g in child.children:
                    if g.dep_ == "pobj":
                        words.add(lemma(g))
                        words.update(_titles(g))
            elif child.dep_ in ("dobj", "obj"):
                words.update(lemma(g) for g in _conjuncts(child))  # "used water cannon and tear gas"
            for of in (g for g in child.children if g.dep_ == "prep" and g.lower_ == "of"):
                words.update(lemma(g) for g in of.children if g.dep_ == "pobj")
        elif child.dep_ == "xcomp" and child.tag_ == "VBN":
            words.add(lemma(child))  # "were found wrapped in blankets": the state it was found in
    return words


def _titles(name: Token) -> set[str]:
    """The title written before a person's name ("Foreign Minister Mevlut Cavusoglu", "Secretary of State Mike
    Pompeo"): what the object is, where the name's own lemma says nothing."""
    if name.pos_ != "PROPN":
        return set()
    return {lemma(c) for c in name.children if c.dep_ in ("compound", "nmod") and c.i < name.i}


def _conjuncts(token: Token) -> list[Token]:
    """The words conjoined to an object ("seized drugs, cash and a rifle"), and their compounds ("tear gas")."""
    out: list[Token] = []
    for conj in token.conjuncts:
        out.append(conj)
        out.extend(c for c in conj.children if c.dep_ == "compound")
    return out


# What an entry's ``subjects`` names for a verb with no doer written: a passive with no agent ("the driver was
# cited for failure to yield"), the act of whoever does it as a rule (a citation by the police).
NO_DOER = "NONE"


def subject_words(verb: Token) -> set[str]:
    """Lemmas of a verb's doer: its subject, the agent of its passive ("was cited by police"), or the subject of
    the verb it is conjoined to when it has none ("the convoy crossed the border and entered Syria"); ``NO_DOER``
    when none is written."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ in ("conj", "xcomp"):
        # "…and entered Syria", "forces began deploying": the subject of the verb it continues
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return {lemma(c) for c in subjects} or {NO_DOER}


def context_words(token: Token) -> set[str]:
    """Modifiers, subject and objects of a word: where vetoes ("hunger strike") and refinements look."""
    words = {lemma(c) for c in token.children if c.dep_ in MODIFIER_DEPS or c.dep_ in ("nsubj", "dobj", "pobj")}
    words |= object_words(token)
    for child in token.children:
        if child.dep_ in ("nsubj", "dobj", "nsubjpass"):
            words.update(lemma(g) for g in child.children if g.dep_ in ("compound", "amod"))
    return words


def _instrument_words(anchor: Token, lexicon: TriggerLexicon) -> set[str]:
    """Instruments named by 'with/using/by' phrases under the anchor: 'attacked the town with drones'."""
    found: set[str] = set()
    for token in anchor.subtree:
        if lemma(token) in lexicon.instruments:
            found.add(lemma(token))
    return found


def _matches_lemmas(tokens: list[Token], start: int, entry: Trigger) -> bool:
    n = len(entry.lemma)
    if start + n > len(tokens):
        return False
    return all(entry.lemma[k] in forms(tokens[start + k]) for k in range(n))


def _refined(entry: Trigger, words: set[str]) -> str:
    for rule in entry.refine:
        if rule.any & words:
            return rule.code
    return entry.code


def find_triggers(sent: Span, lexicon: TriggerLexicon, *, headline: bool = False) -> list[TriggerMatch]:
    tokens = list(sent)
    used: set[int] = set()
    matches: list[TriggerMatch] = []
    for pos_index, token in enumerate(tokens):
        if token.i in used:
            continue
        pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ in ("NOUN", "PROPN") else None
        if pos is None or (pos == "NOUN" and _date_month(token)):
            continue
        entries = [e for f in sorted(forms(token)) for e in lexicon.by_first.get((f, pos), ())]
        for entry in dict.fromkeys(entries):
            if not _matches_lemmas(tokens, pos_index, entry):
                continue
            span = tuple(t.i for t in tokens[pos_index : pos_index + len(entry.lemma)])
            head = tokens[pos_index] if pos == "VERB" else tokens[pos_index + len(entry.lemma) - 1]
            match = _check_context(entry, span, head, lexicon, headline)
            if match is not None:
                matches.append(match)
                used.update(span)
                break
    # "airstrikes targeting militia positions": the participle describes the noun's event, not a new one.
    matches = [
        m
        for m in matches
        if not (
            m.entry.pos == "VERB"
            and m.head.dep_ in ("acl", "relcl")
            and m.head.head.i in used
            and m.head.head.i not in m.tokens
        )
    ]
    matches = [m for m in matches if not any(_subordinate(m, other) for other in matches if other is not m)]
    return [m for m in matches if not any(_same_act(m, other) for other in matches if other is not m)]


_MONTHS = frozenset(MONTHS)


def _date_month(token: Token) -> bool:
    """ "On 4 March 2021, students staged a protest": the month of a written date, not a march. A capitalised
    month name beside a number; "staged a March for Life" or a headline's "Students Stage March" has none."""
    if token.lower_ not in _MONTHS or not token.text[:1].isupper():
        return False
    sent = token.sent
    return any(sent.start <= i < sent.end and token.doc[i].like_num for i in (token.i - 1, token.i + 1))


def _specificity(match: TriggerMatch) -> tuple[int, int]:
    return len(match.code), int(match.code[-1] != "0")


def _same_act(inner: TriggerMatch, outer: TriggerMatch) -> bool:
    """ "signed a peace agreement", "sent humanitarian aid": the verb and its event noun both match the
    dictionary but report one act; the more specific code stays (the verb's on a tie)."""
    pair = {inner.anchor.i, inner.head.i} & {outer.anchor.i, outer.head.i}
    if not pair or inner.code[:2] != outer.code[:2]:
        return False
    if _specificity(inner) != _specificity(outer):
        return _specificity(inner) < _specificity(outer)
    return inner.entry.pos == "NOUN" and outer.entry.pos == "VERB"


MATERIAL_ROOTS = frozenset({"14", "15", "17", "18", "19", "20"})


def _bare_clause(verb: Token) -> bool:
    """A participle or to-infinitive without a subject of its own (the parse may hang it anywhere)."""
    if verb.pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    return verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _subordinate(inner: TriggerMatch, outer: TriggerMatch) -> bool:
    """A verbal act that only says what a material event was about is part of that event, not another one:
    "protested to urge the government…", "demonstrated, demanding relief", "a protest against the release of
    prisoners". Conjoined acts ("attacked the town and killed five") stay separate."""
    if inner.code[:2] in MATERIAL_ROOTS or outer.code[:2] not in MATERIAL_ROOTS:
        return False
    if _bare_clause(inner.anchor) and inner.code[:2] not in ("13",):
        return True  # "…, demanding relief" / "to demand relief": no subject of its own, the main event's claim
    targets = {outer.head.i, outer.anchor.i}
    token = inner.head
    for _ in range(4):
        if token.dep_ == "conj" or token.head is token:
            return False
        token = token.head
        if token.i in targets:
            return True
    return False


# Codes of harm done by someone (assault, fight, mass violence, destroying property): a storm, a virus or a
# crash as the doer makes them no event.
HARM_CODES = ("18", "19", "20", "1712")


@cache
def death_verbs() -> frozenset[str]:
    """The verbs of killing and injuring (``wordlists.yaml``), one set built once."""
    return words("kill_verbs") | words("injure_verbs")


def natural_doer(verb: Token, lexicon: TriggerLexicon) -> bool:
    """A harm verb done by a natural cause or an accident (counts.yaml ``natural_causes``, wordlists.yaml
    ``accident_verbs``): "an earthquake struck Surigao", "the virus had killed 813", "a road accident … killed
    five", "Typhoon Phanfone made landfall, killing 20", "were killed when the hotel collapsed", "Typhoon
    Haiyan, which killed 6,000", "was struck and killed by lightning", "an earthquake that struck Mindanao".
    A doer with a weapon beside it ("artillery fire") is no accident."""
    if _accidental(verb, lexicon):
        return True
    doers = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    doers += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if lemma(verb) in death_verbs():  # "killed in a stampede", "died in a collision"
        doers += [
            g for c in verb.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children if g.dep_ == "pobj"
        ]
    # "was struck and killed by lightning": conjoined passives share the agent the parser hangs on the last one
    doers += [
        g for v in verb.conjuncts for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
    ]
    host = verb.head
    if not doers and verb.dep_ in ("advcl", "conj", "xcomp") and host is not verb and host.pos_ == "VERB":
        # "…, killing 20": the participle's doer is the clause it hangs on, or that clause's own act
        if lemma(host) in words("accident_verbs"):
            return True
        doers = [c for c in host.children if c.dep_ in ("nsubj", "nsubjpass")]
    for clause in (c for c in verb.children if c.dep_ == "advcl" and any(g.lower_ == "when" for g in c.children)):
        # "were killed when the hotel collapsed": the cause is the clause's act or its subject
        if lemma(clause) in words("accident_verbs") or _accidental(clause, lexicon):
            return True
        doers += [c for c in clause.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl":
        # "Typhoon Haiyan, which killed 6,000", "the fire, which also injured a man": the relative
        # pronoun stands for the noun the clause hangs on
        doers = [verb.head if d.lower_ in RELATIVE_PRONOUNS else d for d in doers]
    natural, animals = count_words().natural_causes, words("animal_doers")
    for doer in doers:
        named = {lemma(doer)} | {lemma(c) for c in doer.children if c.dep_ == "compound"}
        modifiers = {lemma(c) for c in doer.children if c.dep_ in ("compound", "amod")}
        armed = modifiers & lexicon.instruments or modifiers & words("armed_doers")
        # an animal's name is a group's or a person's when it is a proper name ("Grey Wolves attacked students")
        beast = bool(named & animals) and doer.pos_ != "PROPN" and not doer.ent_type_
        if (named & natural or beast) and not armed:
            return True
        if (
            # the vehicle must be the doer, of the verb or the clause it continues: "a truck was attacked by
            # militants", "injured in a car", "shot when a car pulled up" name it as what was hit, or where
            ((doer.dep_ == "nsubj" and doer.head in (verb, verb.head)) or doer.head.dep_ == "agent")
            and lemma(doer) in words("vehicle_doers")
            and not _armed_vehicle(verb, doer, lexicon)
        ):
            return True  # "a truck struck a group of motorcycles": a road accident
    return False


def _accidental(verb: Token, lexicon: TriggerLexicon) -> bool:
    """An adverb of accident on the verb ("a neighbor accidentally hit her"), in a sentence with no armed side
    and no weapon ("the army unintentionally shot down a passenger jet" is an act of force)."""
    if not any(c.dep_ == "advmod" and c.lower_ in words("accident_adverbs") for c in verb.children):
        return False
    return not any(lemma(t) in lexicon.instruments or lemma(t) in _armed_words() for t in verb.sent)


@cache
def _armed_words() -> frozenset[str]:
    """The words of an armed side, built once: a harm beside one of them is no accident (``_accidental``)."""
    return words("armed_doers") | words("armed_side_nouns") | words("armed_vehicles") | words("armed_by_office")


NAMED_DOERS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})


def document_doer(verb: Token) -> bool:
    """A document, plan or custom as the verb's subject ("the plan called for", "laws banning migrants", "the
    Amendment, which banned the sale of alcohol"): what a text says, not an act (``wordlists.yaml``
    ``document_doers``). A relative pronoun stands for the noun its clause hangs on."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl":
        subjects = [verb.head if s.lower_ in RELATIVE_PRONOUNS else s for s in subjects]
    elif not subjects and verb.dep_ == "acl" and verb.tag_ == "VBG":
        subjects = [verb.head]  # "laws banning illegal migrants"
    # a person's or a body's name is no document ("Bill shot his neighbor"); a law's is ("the Eighteenth Amendment")
    return any(lemma(s) in words("document_doers") and s.ent_type_ not in NAMED_DOERS for s in subjects)


def _armed_vehicle(verb: Token, doer: Token, lexicon: TriggerLexicon) -> bool:
    """A vehicle that is a weapon or meets one: "a car packed with explosives", "a military vehicle struck a
    landmine", "an explosives-laden truck"."""
    around = {lemma(t) for t in doer.subtree} | {t.lower_ for t in doer.subtree}
    if any("explosive" in word or "bomb" in word for word in around):
        return True
    armed = lexicon.instruments | words("armed_doers") | words("armed_vehicles")
    return bool(around & armed or object_words(verb) & lexicon.instruments)


RELATIVE_PRONOUNS = frozenset({"which", "that"})


def _check_context(
    entry: Trigger, span: tuple[int, ...], head: Token, lexicon: TriggerLexicon, headline: bool
) -> TriggerMatch | None:
    context = context_words(head)
    if entry.not_with & context:
        return None
    if entry.pos == "VERB" and entry.code.startswith(HARM_CODES) and natural_doer(head, lexicon):
        return None
    if entry.pos == "VERB" and document_doer(head):
        return None
    if entry.clause_any is not None and not entry.clause_any & {lemma(t) for t in head.subtree}:
        return None
    if entry.held and not holds_place(entry, head):
        return None  # "gained control of the Senate in Ohio": what is held must be the place (coding.territory)
    if entry.pos == "VERB":
        if entry.objects is not None and not _objects_met(entry, head):
            return None
        if entry.subjects is not None and not entry.subjects & subject_words(head):
            return None
        # the complement says what a threat or vow is about: "threatened to attack" → threat of force
        complements = {lemma(c) for c in head.children if c.dep_ in ("xcomp", "ccomp")}
        refine_words = context | complements | _instrument_words(head, lexicon)
        return TriggerMatch(entry, span, head, head, _refined(entry, refine_words), "verb")
    anchor, how = _noun_anchor(entry, head, lexicon, headline)
    if anchor is None:
        return None
    if entry.not_with & context_words(anchor) - {lemma(head)}:
        return None
    refine_words = context | {lemma(c) for c in head.children} | _instrument_words(anchor, lexicon)
    return TriggerMatch(entry, span, head, anchor, _refined(entry, refine_words), how)


def _objects_met(entry: Trigger, head: Token) -> bool:
    """Whether one of the entry's objects is the verb's. "The British relinquished control of Hong Kong": the small
    model may read a `held` entry's verb as a modifier of its object."""
    assert entry.objects is not None
    if entry.objects & (object_words(head) | _multiword_next(head)):
        return True
    return entry.held and head.dep_ == "amod" and lemma(head.head) in entry.objects


def _multiword_next(head: Token) -> set[str]:
    # "shot dead" is parsed variously (oprd, advmod, xcomp): the next word counts as an object word.
    nxt = head.nbor(1) if head.i + 1 < len(head.doc) else None
    return {lemma(nxt)} if nxt is not None else set()


def _can_harm(entry: Trigger) -> bool:
    """Whether the noun's act can be what killed or destroyed something: an entry with no verbs of its own,
    or one of violence (a riot, an assault, a fight). A labour strike, a protest or a meeting with a harm verb
    ("one strike destroyed a tank", "a U.S. strike hit the compound") is the other reading of the noun, and
    custody one dies in ("died in police custody") is no act."""
    return entry.verbs is None or entry.code.startswith((*HARM_CODES, "145"))


def _noun_anchor(entry: Trigger, noun: Token, lexicon: TriggerLexicon, headline: bool) -> tuple[Token | None, str]:
    """When is an event noun an event? As the object of a light verb, with a 'by' agent, as the subject of
    a harm verb, with a possessive actor, or in a headline. 'Deter further attacks' is none of these."""
    verbs = entry.verbs if entry.verbs is not None else lexicon.light_verbs
    # "36 projectiles/explosions/bursts of fire": slash-joined alternatives hang on the last one, which
    # stands in the sentence for all of them
    while noun.dep_ in ("nmod", "compound", "amod") and noun.i < noun.head.i and noun.nbor(1).text == "/":
        noun = noun.head
    # "observed a total of 36 projectiles", "a barrage of rockets hit": the quantity stands in for the noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and lemma(noun.head.head) in words("quantity_nouns"):
        noun = noun.head.head
    head = noun.head
    is_object = noun.dep_ in ("dobj", "obj", "nsubjpass", "attr", "conj")
    if is_object and forms(head) & verbs and head.pos_ in ("VERB", "AUX"):
        return head, "light_verb"
    if noun.dep_ == "pobj" and head.dep_ in ("prep", "prt") and forms(head.head) & verbs:
        return head.head, "light_verb"  # "go on strike", "carry out attacks"
    if noun.dep_ == "nsubj" and forms(head) & (verbs | words("happen_verbs")):
        return head, "light_verb"  # "clashes erupted", "a protest took place"
    if noun.dep_ == "dobj" and head.dep_ == "prt" and forms(head.head) & verbs:
        return head.head, "light_verb"
    if noun.dep_ == "appos" and head.pos_ == "PROPN" and entry.verbs is not None:
        # "In Canapi, Alagoas, the body of a man was found": after a fronted address the small model hangs
        # the subject on the last place name; its verb is the first passive verb after it
        verb = next(
            (
                t
                for t in noun.doc[noun.i + 1 : noun.sent.end]
                if t.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in t.children)
            ),
            None,
        )
        if verb is not None and forms(verb) & verbs:
            return verb, "light_verb"
    if (
        any(c.dep_ == "prep" and c.lower_ == "by" and any(g.dep_ == "pobj" for g in c.children) for c in noun.children)
        and entry.verbs is None
    ):
        return noun, "agent"
    if noun.dep_ == "nsubj" and lemma(head) in words("harm_verbs") and _can_harm(entry):
        return head, "subject_of_harm"  # "an explosion killed a villager"
    if (
        noun.dep_ == "pobj"
        and head.lower_ in ("in", "from", "by", "during")
        and lemma(head.head) in death_verbs()
        and _can_harm(entry)
    ):
        return head.head, "harm_by"  # "injured in an explosion", "died from a landmine explosion"
    if (
        noun.dep_ == "pobj"
        and head.lower_ in ("from", "of", "in")
        and lemma(head.head) in words("toll_nouns")
        and head.head.dep_ == "nsubj"
        and lemma(head.head.head) in words("toll_verbs")
    ):
        return head.head.head, "toll"  # "the death toll from the attack rose to 18": the attack happened
    # "clashes that erupted", and "a clash ensued" when parsed as a reduced relative; after the harm and toll
    # readings, which tie the noun to its victims
    happened = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "relcl")
            and lemma(c) in words("happen_verbs")
            and all(g.dep_ != "nsubj" or lemma(g) in ("that", "which") for g in c.children)
        ),
        None,
    )
    if happened is not None:
        return happened, "light_verb"
    if (
        any(
            c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN") and c.ent_type_ not in ("DATE", "TIME")
            for c in noun.children
        )
        and entry.verbs is None
    ):
        return noun, "possessive"  # "the army's offensive"; "Sunday's attack" is dated below
    if entry.code[:2] in CONFLICT_ROOTS and " ".join(entry.lemma) in words("conflict_act_nouns"):
        anchor, how = _conflict_anchor(noun)
        if anchor is not None:
            return anchor, how
    if located_protest_entry(entry) and _located_protest(noun):
        return noun, "located"
    # "following" is tagged a verb with the noun as its object
    if (
        (noun.dep_ == "pobj" or (noun.dep_ == "dobj" and head.dep_ == "prep"))
        and _temporal(head)
        and (entry.verbs is None or entry.code[:2] in MATERIAL_ROOTS)
        and _specific(noun)
    ):
        # "since the September 11 attacks", "following Turkish airstrikes", "in the wake of recent attacks": an act
        # that dates another one happened; it is dated by its own words (or is background when nothing dates it)
        return noun, "time_reference"
    if headline and entry.verbs is None and noun.dep_ in ("ROOT", "dobj", "nsubj"):
        return (head if noun.dep_ == "dobj" else noun), "headline"
    return None, ""


SPECIFIC_ENTITIES = frozenset({"NORP", "GPE", "ORG", "DATE", "EVENT", "CARDINAL"})


def _specific(noun: Token) -> bool:
    """A particular act, not a manner of fighting: "the September 11 attacks", "a mass shooting", "Turkish
    airstrikes", "recent terrorist attacks"; "following heavy bombing" says how a town was taken."""
    before = [t for c in noun.lefts for t in c.subtree]  # "a mass shooting": the parse may hang "a" on "mass"
    return any(
        t.dep_ in ("det", "poss", "nummod")
        or t.ent_type_ in SPECIFIC_ENTITIES
        or t.lemma_.lower() in words("recent_words")
        for t in before
    )


def _temporal(prep: Token) -> bool:
    """A preposition that dates one act by another: "after", "since", "following", "in the wake of"."""
    low = prep.lower_
    if low in words("time_preps"):
        return True
    # "in the wake of", "in the aftermath of": the event noun hangs on "of" under the phrase's noun
    return low == "of" and prep.head.lemma_.lower() in words("time_nouns") and prep.head.dep_ == "pobj"


# Roots of the acts of conflict news (protests, violence, fighting, mass violence): only their nouns are events
# by the readings of ``_conflict_anchor``, which in any other class would code talk about an act as the act.
CONFLICT_ROOTS = frozenset({"14", "18", "19", "20"})


def located_protest_entry(entry: Trigger) -> bool:
    """A protest noun that its place alone makes an act ("vigils in South Korea": ``located_protest_nouns``)."""
    return entry.pos == "NOUN" and entry.code[:2] == "14" and " ".join(entry.lemma) in words("located_protest_nouns")


def _located_protest(noun: Token) -> bool:
    """A protest named with the place it was held in: "vigils in South Korea", "two weeks of protests in the
    capital, San Juan", "demonstrations across Iran". News names a protest that happened so, as an act of its
    own, where a protest to come has a verb that plans or calls for it (factuality reads those) or an unrealised
    modifier or a day ahead ("planned protests in Paris", "protests in Paris tomorrow"), which are refused."""
    if noun.ent_type_ in ("DATE", "TIME"):
        return False
    if any(c.dep_ == "amod" and lemma(c) in words("unrealised_modifiers") for c in noun.children):
        return False
    # the clause it stands in may put it ahead ("protests in Paris next week could disrupt traffic") or plan it
    # ("protests in Paris are planned for Saturday")
    clause = noun.head if noun.head.pos_ in ("VERB", "AUX") else noun
    if clause is not noun and lemma(clause) in words("unrealised_modifiers"):
        return False
    ahead = words("days_ahead") | future_words()
    if any(t.lower_ in ahead for t in clause.subtree):
        return False
    unreal = modality()["future_aux"] | modality()["hypothetical_aux"]
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in unreal for c in clause.children):
        return False
    return any(
        c.dep_ == "prep"
        and c.lower_ in words("located_preps")
        and any(t.ent_type_ in PLACE_LABELS for g in c.children if g.dep_ == "pobj" for t in g.subtree)
        for c in noun.children
    )


def _conflict_anchor(noun: Token) -> tuple[Token | None, str]:
    """A conflict act named by its noun that the sentence reports as done: dated by a possessive day
    ("yesterday's terrorist bombings", "Sunday's protest"), or a particular recent one ("the recent liberation of
    Fallujah", "the latest attack"; not "recent attacks" in passing). A noun an unrealised modifier qualifies
    ("a planned protest", "possible attacks") is neither."""
    if any(c.dep_ == "amod" and lemma(c) in words("unrealised_modifiers") for c in noun.children):
        return None, ""
    days = [c for c in noun.children if c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME")]
    if days:
        # "tomorrow's protest", "next week's strike" are announced, not reported
        ahead_words = words("days_ahead") | future_words()
        ahead = any(t.lower_ in ahead_words for day in days for t in day.subtree)
        return (None, "") if ahead else (noun, "dated")
    recent = any(c.dep_ == "amod" and lemma(c) in words("recent_act_words") for c in noun.children)
    if recent and any(
        c.dep_ in ("det", "poss", "nummod") and c.lower_ not in words("indefinite_determiners") for c in noun.children
    ):
        return noun, "recent"
    return None, ""
