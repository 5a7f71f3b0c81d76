"""Actors: the noun phrase of a role (subject, object, agent) → name, CAMEO code, country, type, ACLED inter.

Countries, demonyms and capitals come from ``data/countries.csv``; role nouns from ``data/agents.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from eventwire.coding.lexicon import ActorLexicon, Agent, Country, Organisation, org_key

# Children that leave the actor's phrase: "militants who attacked…", "troops in the region".
_CUT_DEPS = frozenset({"relcl", "acl", "prep", "appos", "punct", "cc", "conj", "advcl", "parataxis", "det"})
_SPONSOR_WORDS = frozenset({"backed", "linked", "supported", "allied", "aligned", "sponsored", "funded", "armed"})
_PRONOUNS = frozenset({"it", "they", "them", "he", "she", "we", "i", "you", "who", "which", "that", "this", "those",
                       "these", "its", "their", "one", "some", "others", "him", "her", "us"})
STATE_INTER = 1
EXTERNAL_INTER = 8


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    code: str | None
    country: str | None  # ISO3
    type: str | None  # CAMEO role
    inter: int | None  # ACLED actor type
    sponsor: str | None = None  # ISO3 of a backer ("Iran-backed")

    def columns(self, prefix: str) -> dict[str, object]:
        return {f"{prefix}_name": self.name, f"{prefix}_code": self.code, f"{prefix}_country": self.country,
                f"{prefix}_type": self.type, f"{prefix}_inter": self.inter}


def phrase_tokens(head: Token) -> list[Token]:
    """The head noun with its pre-modifiers, and 'of' phrases ("forces of Iraq"), in text order."""
    keep: list[Token] = [head]
    for child in head.children:
        if (child.dep_ == "prep" and child.lower_ == "of") or child.dep_ not in _CUT_DEPS:
            keep.extend(child.subtree)
    return sorted(set(keep), key=lambda t: t.i)


def _match_countries(tokens: list[Token], lexicon: ActorLexicon) -> list[tuple[int, int, Country, str]]:
    """Longest matches of country names/demonyms/capitals: (start, end, country, kind)."""
    found = []
    i = 0
    lowered = [t.lower_ for t in tokens]
    while i < len(tokens):
        for n in range(min(lexicon.max_country_len, len(tokens) - i), 0, -1):
            key = tuple(lowered[i:i + n])
            hit = lexicon.country_terms.get(key)
            # "us" the pronoun is not the United States: short aliases must be written in capitals.
            if hit and not (n == 1 and len(key[0]) <= 3 and not tokens[i].text.isupper()):
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
    return _rightmost_agent(own, lexicon) or _rightmost_agent(tokens, lexicon)


def _rightmost_agent(tokens: list[Token], lexicon: ActorLexicon) -> Agent | None:
    lemmas = [t.lemma_.lower() for t in tokens]
    lowered = [t.lower_ for t in tokens]
    best = None
    for i in range(len(tokens)):
        for n in range(min(lexicon.max_agent_len, len(tokens) - i), 0, -1):
            for seq in (tuple(lemmas[i:i + n]), tuple(lowered[i:i + n])):
                agent = lexicon.agents.get(seq)
                if agent is not None:
                    if best is None or i + n > best[0] or (i + n == best[0] and n > best[1]):
                        best = (i + n, n, agent)
                    break
            else:
                continue
            break
    return best[2] if best else None


def match_organisation(tokens: list[Token], lexicon: ActorLexicon) -> Organisation | None:
    """The longest named organisation in the phrase ("Kata'ib Hezbollah fighters", "members of the RSF").
    Matching is on the text as written, so tokenisation does not matter; acronyms must be in capitals."""
    doc = tokens[0].doc
    best: tuple[int, Organisation] | None = None
    for i, start in enumerate(tokens):
        for j in range(i, min(len(tokens), i + lexicon.max_org_tokens * 3)):
            if tokens[j].i - start.i != j - i:
                break  # only contiguous spans
            text = doc[start.i:tokens[j].i + 1].text
            hit = lexicon.organisations.get(org_key(text))
            if hit is None:
                continue
            org, acronym = hit
            if acronym and not text.replace("-", "").replace(".", "").isupper():
                continue
            length = tokens[j].i - start.i + 1
            if best is None or length > best[0]:
                best = (length, org)
    return best[1] if best else None


def resolve_actor(head: Token, lexicon: ActorLexicon, event_nouns: frozenset[str] = frozenset()) -> Actor | None:
    """A phrase → Actor, or None when it names nothing we can code (a pronoun, an empty phrase).

    When the phrase is itself an event ("an Israeli air strike killed…"), only its modifiers can name the
    actor: the country is kept, the weapon is not an actor.
    """
    if head.lower_ in _PRONOUNS and head.pos_ == "PRON":
        return None
    tokens = phrase_tokens(head)
    if head.lemma_.lower() in event_nouns:
        countries = [c for c in _match_countries(tokens, lexicon) if c[3] in ("name", "demonym")]
        if not countries:
            return None
        country = countries[0][2]
        return Actor(country.name, country.cameo, country.iso3, None, STATE_INTER)
    org = match_organisation(tokens, lexicon)
    if org is not None:
        # A named group wins over role words around it: "Al-Shabaab militants", "a Taliban commander".
        return Actor(org.name, org.code, org.country, org.type, org.inter, org.sponsor)
    countries = _match_countries(tokens, lexicon)
    country = sponsor = None
    for _start, end, found, _kind in countries:
        after = [t.lower_ for t in tokens[end:end + 2]]
        if len(after) == 2 and after[0] == "-" and after[1] in _SPONSOR_WORDS:
            sponsor = sponsor or found
        elif country is None:
            country = found
    agent = _match_agent(tokens, lexicon)
    if country is None and agent is None and sponsor is None and not head.ent_type_:
        return None
    name = _display_name(tokens)
    ctype = agent.cameo_type if agent else None
    inter = agent.acled_inter if agent else (STATE_INTER if country is not None else None)
    code = (country.cameo if country else "") + (ctype or "")
    return Actor(
        name=name[:120] or head.text,
        code=code if len(code) >= 3 else None,
        country=country.iso3 if country else None,
        type=ctype,
        inter=inter,
        sponsor=sponsor.iso3 if sponsor else None,
    )


def _display_name(tokens: list[Token]) -> str:
    """The phrase as written (original spacing), without a leading determiner."""
    while tokens and tokens[0].dep_ in ("det", "predet") and len(tokens) > 1:
        tokens = tokens[1:]
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text.strip()


def localise(actor: Actor | None, event_iso3: str | None) -> Actor | None:
    """ACLED codes a state's forces acting abroad as external forces (inter 8)."""
    if actor is None or event_iso3 is None or actor.inter != STATE_INTER or actor.country in (None, event_iso3):
        return actor
    return Actor(actor.name, actor.code, actor.country, actor.type, EXTERNAL_INTER, actor.sponsor)
