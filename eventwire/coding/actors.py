"""Actors: the noun phrase of a role (subject, object, agent) → name, CAMEO code, country, type, ACLED inter.

Countries, demonyms and capitals come from ``data/countries.csv``; role nouns from ``data/agents.csv``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from eventwire.coding.lexicon import DATA_DIR, ActorLexicon, Agent, Country, Organisation, Role, org_key
from eventwire.coding.lexicon import words as lx_words
from eventwire.nlp.doc_cache import per_document
from schemas import taxonomy

# Children that leave the actor's phrase: "militants who attacked…", "troops in the region".
_CUT_DEPS = frozenset({"relcl", "acl", "prep", "appos", "punct", "cc", "conj", "advcl", "parataxis", "det"})
_SPONSOR_WORDS = frozenset({"backed", "linked", "supported", "allied", "aligned", "sponsored", "funded", "armed"})
_PRONOUNS = frozenset(
    {
        "it",
        "they",
        "them",
        "he",
        "she",
        "we",
        "i",
        "you",
        "who",
        "which",
        "that",
        "this",
        "those",
        "these",
        "its",
        "their",
        "one",
        "some",
        "others",
        "him",
        "her",
        "us",
    }
)
# Unlisted names kept as actors: organisations, people and groups; a date or an unlisted place never acts.
_NAMED_ACTOR_ENTS = frozenset({"ORG", "PERSON", "NORP"})
STATE_INTER = 1
EXTERNAL_INTER = 8
CIVILIAN_INTER = taxonomy.civilian_inter()


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    code: str | None
    country: str | None  # ISO3
    type: str | None  # CAMEO role
    inter: int | None  # ACLED actor type
    sponsor: str | None = None  # ISO3 of a backer ("Iran-backed")

    def columns(self, prefix: str) -> dict[str, object]:
        return {
            f"{prefix}_name": self.name,
            f"{prefix}_code": self.code,
            f"{prefix}_country": self.country,
            f"{prefix}_type": self.type,
            f"{prefix}_inter": self.inter,
            f"{prefix}_sponsor_country": self.sponsor,
        }


def phrase_tokens(head: Token) -> list[Token]:
    """The head noun with its pre-modifiers, and 'of' phrases ("forces of Iraq"), in text order."""
    keep: list[Token] = [head]
    for child in head.children:
        if (child.dep_ == "prep" and child.lower_ == "of") or child.dep_ not in _CUT_DEPS:
            keep.extend(child.subtree)
    return sorted(set(keep), key=lambda t: t.i)


def _match_countries(tokens: list[Token], lexicon: ActorLexicon) -> list[tuple[int, int, Country, str]]:
    """Longest matches of country names/demonyms/capitals: (start, end, country, kind)."""
    return match_country_words([t.text for t in tokens], lexicon)


def match_country_words(words: list[str], lexicon: ActorLexicon) -> list[tuple[int, int, Country, str]]:
    """Longest matches of country names/demonyms/capitals among words as written (tokens, or the plain words
    the sentence pre-scan reads): (start, end, country, kind)."""
    found = []
    i = 0
    lowered = [w.lower() for w in words]
    first_words = lexicon.country_first_words
    while i < len(words):
        if lowered[i] not in first_words:
            i += 1
            continue
        for n in range(min(lexicon.max_country_len, len(words) - i), 0, -1):
            key = tuple(lowered[i : i + n])
            hit = lexicon.country_terms.get(key)
            # "us" the pronoun is not the United States: short aliases must be written in capitals.
            if hit and not (n == 1 and len(key[0]) <= 3 and not words[i].isupper()):
                found.append((i, i + n, hit[0], hit[1]))
                i += n - 1
                break
        i += 1
    return found


def _match_agent(tokens: list[Token], lexicon: ActorLexicon) -> Agent | None:
    """The right-most role noun up to the head ('police officers' → police officer), else in its 'of' phrase
    ('fighters of the group'); 'dissidents of the General Staff' are dissidents, not staff."""
    head = next((t for t in tokens if t.head not in tokens or t.head is t), tokens[-1])
    own = [t for t in tokens if t.i <= head.i]
    mine = _rightmost_agent(own, lexicon)
    if mine is not None and " ".join(mine.term) in lx_words("group_heads"):
        # "leaders of the opposition coalition" lead the opposition: the group's role, when it has one
        theirs = _rightmost_agent([t for t in tokens if t.i > head.i], lexicon)
        return theirs or mine
    return mine or _rightmost_agent(tokens, lexicon)


def _rightmost_agent(tokens: list[Token], lexicon: ActorLexicon) -> Agent | None:
    # Capitalised plurals are proper nouns to the tagger, which does not lemmatise them ("the Ukrainian Forces")
    lemmas = [
        t.lemma_.lower()[:-1]
        if t.pos_ == "PROPN" and t.lower_.endswith("s") and t.lemma_ == t.text
        else t.lemma_.lower()
        for t in tokens
    ]
    lowered = [t.lower_ for t in tokens]
    best = None
    for i in range(len(tokens)):
        for n in range(min(lexicon.max_agent_len, len(tokens) - i), 0, -1):
            for seq in (tuple(lemmas[i : i + n]), tuple(lowered[i : i + n])):
                agent = lexicon.agents.get(seq)
                if agent is not None:
                    if best is None or i + n > best[0] or (i + n == best[0] and n > best[1]):
                        best = (i + n, n, agent)
                    break
            else:
                continue
            break
    return best[2] if best else None


def _spans(
    tokens: list[Token], longest: int, whole_names: bool = False, with_start: bool = False
) -> Iterator[tuple[Any, ...]]:
    """Contiguous spans of the phrase as written: (length in tokens, text). With ``whole_names``, a span
    followed by another proper noun is part of a longer name ("Askar" in "Askar Akayev") and is skipped."""
    doc = tokens[0].doc
    for i, start in enumerate(tokens):
        text = ""
        for j in range(i, min(len(tokens), i + longest * 3)):
            token = tokens[j]
            if token.i - start.i != j - i:
                break
            # the span's text (as ``doc[start.i : end].text`` builds it), grown a token at a time
            text = token.text if j == i else f"{text}{tokens[j - 1].whitespace_}{token.text}"
            end = token.i + 1
            if whole_names and end < len(doc) and doc[end].pos_ == "PROPN":
                continue
            yield (end - start.i, text, start.i) if with_start else (end - start.i, text)


def match_organisation(tokens: list[Token], lexicon: ActorLexicon) -> Organisation | None:
    """The longest named organisation in the phrase ("Kata'ib Hezbollah fighters", "members of the RSF").
    Matching is on the text as written, so tokenisation does not matter; acronyms must be in capitals."""
    best: tuple[int, Organisation] | None = None
    for length, text in _spans(tokens, lexicon.max_org_tokens):
        hit = lexicon.organisations.get(org_key(text))
        if hit is None:
            continue
        org, acronym = hit
        if acronym and not text.replace("-", "").replace(".", "").isupper():
            continue
        if best is None or length > best[0]:
            best = (length, org)
    return best[1] if best else None


@cache
def short_acronyms() -> dict[str, str]:
    """Two-letter acronyms of armed groups (data/short_acronyms.csv) → the organisation's name."""
    with (DATA_DIR / "short_acronyms.csv").open(encoding="utf-8", newline="") as handle:
        return {row["acronym"]: row["organisation"] for row in csv.DictReader(handle)}


def match_short_acronym(tokens: list[Token], lexicon: ActorLexicon) -> Organisation | None:
    """ "IS militants", "AA fighters": a two-letter acronym names a group only in capitals and right before a
    role noun of the phrase, never alone (the verb "is", "AA batteries"). The tagger often reads "IS" as an
    auxiliary outside the noun phrase, so the word just before the phrase counts too."""
    doc = tokens[0].doc
    inside = {t.i for t in tokens}
    candidates = ([doc[tokens[0].i - 1]] if tokens[0].i > 0 else []) + tokens
    for token in candidates:
        name = short_acronyms().get(token.text)
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if name is None or after is None or after.i not in inside:
            continue
        if (after.lemma_.lower(),) in lexicon.agents or (after.lower_,) in lexicon.agents:
            hit = lexicon.organisations.get(org_key(name))
            if hit is not None:
                return hit[0]
    return None


@cache
def office_titles() -> dict[str, str]:
    """Bare titles ("the president", "the defence minister") → the office of people.csv they name."""
    with (DATA_DIR / "office_titles.csv").open(encoding="utf-8", newline="") as handle:
        return {row["title"]: row["office"] for row in csv.DictReader(handle)}


def office_holder(actor: Actor, lexicon: ActorLexicon, on: date | None) -> Actor:
    """ "The president", "Kenyan President", "the defence minister" of a known country → the person who held
    that office on the date, when people.csv names exactly one; otherwise the actor as it was."""
    if actor.country is None or on is None:
        return actor
    country = lexicon.by_iso3.get(actor.country)
    words = [w for w in actor.name.lower().replace("-", " ").split() if w != "the"]
    if country is not None and words and " ".join(words[:1]) in _country_words(country, lexicon):
        words = words[1:]  # "Kenyan President"
    office = office_titles().get(" ".join(words))
    if office is None:
        return actor
    holders = {
        r.name: r
        for roles in lexicon.people.values()
        for r in roles
        if r.office == office and r.country == actor.country and r.holds(on)
    }
    if len(holders) != 1:
        return actor
    role = next(iter(holders.values()))
    return Actor(
        role.name,
        cameo_country(lexicon, role.country) + role.type,
        role.country,
        role.type,
        TYPE_INTER.get(role.type, actor.inter),
        actor.sponsor,
    )


def _country_words(country: Country, lexicon: ActorLexicon) -> set[str]:
    """One-word names and demonyms of a country, lower case ("kenya", "kenyan")."""
    return {key[0] for key, (found, _kind) in lexicon.country_terms.items() if found is country and len(key) == 1}


def match_person(tokens: list[Token], lexicon: ActorLexicon, on: date | None) -> tuple[str, Role | None] | None:
    """A named office-holder in the phrase, with the role held on ``on``: "Biden" is the US government in
    2024, a former official after January 2025. Names must be capitalised as written."""
    best: tuple[int, str, Role | None] | None = None
    head = next((t for t in tokens if t.head not in tokens or t.head is t), tokens[-1])
    for length, text, first in _spans(tokens, 4, whole_names=True, with_start=True):
        if not first <= head.i < first + length:
            continue  # "pro-Hadi forces" are forces, not Hadi
        roles = lexicon.people.get(org_key(text))
        if not roles or not text[:1].isupper():
            continue
        current = [r for r in roles if on is not None and r.holds(on)] or _before_coverage(roles, on)
        # several offices at once (head of state and army chief): the state office speaks for the country
        current.sort(key=lambda r: (r.office not in ("head_of_state", "head_of_government"), r.office))
        if best is None or length > best[0]:
            best = (length, roles[0].name, current[0] if current else None)
    return (best[1], best[2]) if best else None


# people.csv records offices held from 2015 on; before that the dictionary cannot tell who held what.
COVERAGE_START = date(2015, 1, 1)


def _before_coverage(roles: tuple[Role, ...], on: date | None) -> list[Role]:
    """On a date before the dictionary's coverage and before any recorded term, a person is not a *former*
    official: their earliest recorded office is the best guess ("Putin" in a 2000 story is still Russia's
    government, not a retired elite)."""
    if on is None or on >= COVERAGE_START or any(r.start <= on for r in roles):
        return []
    return [min(roles, key=lambda r: r.start)]


TYPE_INTER = {
    "GOV": 1,
    "MIL": 1,
    "COP": 1,
    "SPY": 1,
    "JUD": 1,
    "LEG": 1,
    "REB": 2,
    "INS": 2,
    "SEP": 2,
    "UAF": 3,
    "OPP": CIVILIAN_INTER,
    "ELI": CIVILIAN_INTER,
}


def resolve_actor(
    head: Token, lexicon: ActorLexicon, event_nouns: frozenset[str] = frozenset(), on: date | None = None
) -> Actor | None:
    """A phrase → Actor; an unlisted name takes the role of its apposition ("Kenzo Oshima, the United Nations
    relief coordinator" → the UN; "Salaheddine Sidhoum, Algeria's leading activist" → DZA OPP)."""
    actor = _resolve(head, lexicon, event_nouns, on)
    if actor is not None and actor.type is None and actor.code is None:
        appos = next(
            (c for c in head.children if c.dep_ == "appos" and c.ent_type_ not in ("GPE", "LOC", "FAC")), None
        )  # "Mashru Al Hadba (Tripoli)" names a place, not a role
        described = _resolve(appos, lexicon, event_nouns, on) if appos is not None else None
        if described is not None and described.type is not None:
            return Actor(
                actor.name, described.code, described.country, described.type, described.inter, described.sponsor
            )
    return actor


def _resolve(
    head: Token, lexicon: ActorLexicon, event_nouns: frozenset[str] = frozenset(), on: date | None = None
) -> Actor | None:
    """A phrase → Actor, or None when it names nothing we can code (a pronoun, an empty phrase).

    When the phrase is itself an event ("an Israeli air strike killed…"), only its modifiers can name the
    actor: the country is kept, the weapon is not an actor.
    """
    referent = antecedent(head, lexicon, on)
    if referent is not None:
        return referent
    if head.lower_ in _PRONOUNS and head.pos_ == "PRON":
        return None
    if head.pos_ == "NUM":
        # "killed 4 IS militants" is sometimes parsed with the number as the object
        noun = next((t for t in head.doc[head.i + 1 : head.i + 4] if t.pos_ in ("NOUN", "PROPN")), None)
        head = noun if noun is not None else head
    tokens = phrase_tokens(head)
    if head.lemma_.lower() in event_nouns:
        countries = [c for c in _match_countries(tokens, lexicon) if c[3] in ("name", "demonym")]
        if not countries:
            return None
        state = countries[0][2]
        if head.lemma_.lower() in lx_words("crowd_event_nouns"):
            # "Palestinian riots", "Kenyan protests": by people of the country, not by its state
            start, end = countries[0][:2]
            return Actor(_display_name(tokens[start:end]), state.cameo + "CVL", state.iso3, "CVL", None)
        return Actor(state.name, state.cameo, state.iso3, None, STATE_INTER)
    person = match_person(tokens, lexicon, on)
    if person is not None:
        name, role = person
        if role is not None:
            office = lexicon.by_iso3.get(role.country)
            cameo = office.cameo if office else role.country
            return Actor(name, cameo + role.type, role.country, role.type, TYPE_INTER.get(role.type))
        past = lexicon.people[org_key(name)]
        # out of office on that date: a former official is an elite, no longer the government (CAMEO ELI)
        former = lexicon.by_iso3.get(past[0].country)
        return Actor(
            name, (former.cameo if former else past[0].country) + "ELI", past[0].country, "ELI", CIVILIAN_INTER
        )
    org = match_organisation(tokens, lexicon) or match_short_acronym(tokens, lexicon)
    if org is not None:
        # A named group wins over role words around it: "Al-Shabaab militants", "a Taliban commander".
        return Actor(org.name, org.code, org.country, org.type, org.inter, org.sponsor)
    countries = _match_countries(tokens, lexicon)
    country: Country | None = None
    sponsor: Country | None = None
    kind = ""
    span = 0  # tokens of the country's name: "Japan" alone is the state, "southern Serbia" is a region
    for start, end, found, found_kind in countries:
        after = [t.lower_ for t in tokens[end : end + 2]]
        if len(after) == 2 and after[0] == "-" and after[1] in _SPONSOR_WORDS:
            sponsor = sponsor or found
        elif country is None:
            country, kind, span = found, found_kind, end - start
    home = next((found for _s, _e, found, k in countries if k in ("name", "capital") and found is not country), None)
    if kind == "demonym" and head.lower_ in lexicon.plural_demonyms and home is not None:
        country = home  # "Albanians of southern Serbia": a community of the country they live in
    elif kind == "demonym" and any(t.lower_ == "ethnic" for t in tokens):
        # "ethnic Albanians in Macedonia" are a community of the country they live in, not Albania's people
        ethnic_of, country = country, None
    else:
        ethnic_of = None
    agent = _match_agent(tokens, lexicon)
    if (
        country is None
        and ethnic_of is None
        and agent is None
        and sponsor is None
        and head.ent_type_ not in _NAMED_ACTOR_ENTS
    ):
        return None
    modifiers = {t.lemma_.lower() for t in tokens}
    if agent is not None and modifiers & lx_words("not_serving"):
        # "a former military officer", "an off-duty policeman", "a civilian school guard": not a combatant
        agent = Agent(agent.term, "ELI" if modifiers & lx_words("former_words") else "CVL", CIVILIAN_INTER)
    elif agent is not None and agent.acled_inter in taxonomy.unarmed_inters() and modifiers & lx_words("unidentified"):
        agent = Agent(agent.term, "UAF", 3)  # "unknown people attacked…": ACLED's unidentified armed group
    if (
        agent is not None
        and agent.cameo_type == "UAF"
        and agent.acled_inter == 3
        and {t.lower_ for t in head.subtree} & lx_words("identity_words")
    ):
        agent = Agent(agent.term, "UAF", 4)  # "militiamen from the Leelkayse clan": an identity militia
    name = _display_name(tokens)
    ctype = agent.cameo_type if agent else None
    whole = len([t for t in tokens if t.dep_ not in ("det", "punct", "case")]) == span
    # a country by itself acts as its state; "Algerian landowners" (an unlisted noun) are not the state
    inter = agent.acled_inter if agent else (STATE_INTER if country is not None and whole else None)
    if agent is None and (head.lower_ in lexicon.plural_demonyms or ethnic_of is not None):
        # "Palestinians", "Iraqis", "Indian nationals": people of a country, not its state
        ctype, inter = "CVL", CIVILIAN_INTER
    elif agent is None and kind in ("name", "capital") and sponsor is None and whole:
        ctype = "GOV"  # a state acting by its name or its capital ("Japan halted aid", "Beirut rejected…")
    code = (country.cameo if country else "") + (ctype or "")
    return office_holder(
        Actor(
            name=name[:120] or head.text,
            code=code if len(code) >= 3 else None,
            country=country.iso3 if country else None,
            type=ctype,
            inter=inter,
            sponsor=sponsor.iso3 if sponsor else None,
        ),
        lexicon,
        on,
    )


PERSONAL = lx_words("personal_pronouns")  # pronouns resolved to a person named before
# Organisations "the militants" may refer back to: armed groups, a military organisation, radical movements.
_ARMED_GROUP_TYPES = taxonomy.armed_group_types() | {"MIL", "RAD"}
_LOOKBACK_SENTENCES = 3  # a referent further back than this is a guess


def antecedent(head: Token, lexicon: ActorLexicon, on: date | None) -> Actor | None:
    """Within-article coreference: "he"/"she" → the last person named before; "the group", "the militia",
    "the militants" → the last named organisation (an armed one for armed words), within a few sentences.
    None when the word is not such a reference or nothing fits."""
    labels: tuple[str, ...]
    if head.pos_ == "PRON" and head.lower_ in PERSONAL:
        labels = ("PERSON", "ORG")  # ORG: the tagger takes some people for organisations ("Ayman Safadi")
    elif (
        head.lemma_.lower() in lx_words("group_anaphors")
        and head.pos_ == "NOUN"
        and [c.lower_ for c in head.children if c.dep_ not in ("punct",)] == ["the"]
    ):
        labels = ("ORG", "NORP", "PERSON")  # PERSON: the tagger often takes "Al-Shabaab" for a person
    else:
        return None
    doc = head.doc
    sentences = [s for s in doc.sents if s.start <= head.i][-_LOOKBACK_SENTENCES:]
    start = sentences[0].start if sentences else 0
    armed = head.lemma_.lower() in lx_words("armed_anaphors")
    for ent in reversed([e for e in doc.ents if start <= e.start and e.end <= head.i and e.label_ in labels]):
        if head.pos_ == "PRON":
            if ent.label_ == "PERSON" or match_person(list(ent), lexicon, on) is not None:
                actor = resolve_actor(ent.root, lexicon, frozenset(), on)
                if actor is not None and actor.type is not None:  # a bare name may be a mis-tagged place
                    return actor
            continue
        org = match_organisation(list(ent), lexicon) or match_short_acronym(list(ent), lexicon)
        if org is not None and (not armed or org.type in _ARMED_GROUP_TYPES):
            return Actor(org.name, org.code, org.country, org.type, org.inter, org.sponsor)
    return None


def _display_name(tokens: list[Token]) -> str:
    """The phrase as written (original spacing), without a leading determiner."""
    while tokens and tokens[0].dep_ in ("det", "predet") and len(tokens) > 1:
        tokens = tokens[1:]
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip()


def cameo_country(lexicon: ActorLexicon, iso3: str) -> str:
    """The CAMEO country code of an ISO3 code (they differ for a few: ROU → ROM); unknown codes pass through."""
    country = lexicon.by_iso3.get(iso3)
    return country.cameo if country else iso3


# Types whose members belong to the country where they act unless the text says otherwise: "President Gbagbo
# extended the curfew in Abidjan", "rebels in Ivory Coast". Refugees, settlers, international and foreign
# bodies do not.
DOMESTIC_TYPES = frozenset(
    {
        "GOV",
        "MIL",
        "COP",
        "SPY",
        "JUD",
        "LEG",
        "OPP",
        "PTY",
        "REB",
        "INS",
        "SEP",
        "CVL",
        "ELI",
        "MED",
        "EDU",
        "LAB",
        "HLH",
        "BUS",
        "AGR",
        "CRM",
        "UAF",
        "RAD",
        "HRI",
    }
)


def situate(
    actor: Actor | None,
    iso3: str | None,
    lexicon: ActorLexicon,
    context: str | None = None,
    other: Actor | None = None,
    on: date | None = None,
) -> Actor | None:
    """A domestic actor the text names without a country takes the country of the event's place, else the
    article's country context ("President Mwanawasa reneged on his commitment to the Zambian people") unless
    that country is the other side of the event ("President Bush threatened Russia")."""
    if actor is None or actor.country is not None or actor.type not in DOMESTIC_TYPES or actor.sponsor:
        return actor  # "Iran-backed militants" who struck in Jordan are not Jordanian
    country = iso3 or (context if other is None or other.country != context else None)
    if country is None:
        return actor
    return office_holder(
        Actor(
            actor.name, cameo_country(lexicon, country) + actor.type, country, actor.type, actor.inter, actor.sponsor
        ),
        lexicon,
        on,
    )


def setting_countries(doc: Doc, lexicon: ActorLexicon) -> Iterator[tuple[Token, Country, str]]:
    """Countries the text names by name, demonym or capital, except as the other side of an act ("threatened
    action against Russia"): (last token of the name, country, kind). Read once per document, kept on it (the
    article's country, its setting and its focus all ask)."""
    found = per_document(doc, "eventwire.settings", lexicon, lambda: _setting_countries(doc, lexicon))
    for i, country, kind in found:
        yield doc[i], country, kind


def _setting_countries(doc: Doc, lexicon: ActorLexicon) -> list[tuple[int, Country, str]]:
    return [
        (tokens[end - 1].i, country, kind)
        for tokens in (list(sent) for sent in doc.sents)
        for start, end, country, kind in _match_countries(tokens, lexicon)
        if not _opposed(tokens[start])
    ]


def article_country(doc: Doc, lexicon: ActorLexicon) -> str | None:
    """The article's country context when it is unambiguous: the one country it names (by name, demonym or
    capital); None when it names none or several."""
    named = {found.iso3 for _token, found, _kind in setting_countries(doc, lexicon)}
    return next(iter(named)) if len(named) == 1 else None


_OPPOSING_PREPS = frozenset({"against", "on", "upon", "at", "toward", "towards"})


def _opposed(token: Token) -> bool:
    """A country named as what an act is against ("threatened action against Russia") is the other side of
    the story, not its setting. A military post of the country is where the act lands ("fired missiles
    towards an Algerian Army garrison"), so its country stays."""
    nearest = next((a for a in token.ancestors if a.dep_ == "prep"), None)
    if nearest is None or nearest.lower_ not in _OPPOSING_PREPS:
        return False
    post = next((a for a in token.ancestors if a.dep_ == "pobj"), None)
    return post is None or post.lemma_.lower() not in lx_words("military_posts")


def localise(actor: Actor | None, event_iso3: str | None) -> Actor | None:
    """ACLED codes a state's forces acting abroad as external forces (inter 8)."""
    if actor is None or event_iso3 is None or actor.inter != STATE_INTER or actor.country in (None, event_iso3):
        return actor
    return Actor(actor.name, actor.code, actor.country, actor.type, EXTERNAL_INTER, actor.sponsor)


def lookup(text: str, on: date | None, nlp: Language, lexicon: ActorLexicon) -> list[tuple[str, Actor]]:
    """Every actor the coder would resolve in ``text`` on ``on``: for checking and extending the dictionaries."""
    doc = nlp(text)
    heads = {chunk.root.i: chunk.root for chunk in doc.noun_chunks}
    heads.update({ent.root.i: ent.root for ent in doc.ents if ent.label_ in ("PERSON", "ORG", "NORP", "GPE")})
    out = []
    for _, head in sorted(heads.items()):
        actor = resolve_actor(head, lexicon, frozenset(), on)
        if actor is not None:
            out.append((" ".join(t.text for t in phrase_tokens(head)), actor))
    return out
