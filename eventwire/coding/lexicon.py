"""Load the coder's dictionaries (data files in ``coding/data``) once per process, validated.

A dictionary error (unknown CAMEO code, bad actor type) fails at load time with the file and entry,
not halfway through a night's run.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from schemas import taxonomy

DATA_DIR = Path(__file__).parent / "data"


class DictionaryError(ValueError):
    pass


def _yaml(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _lemmas(value: str) -> tuple[str, ...]:
    return tuple(value.lower().split())


# ── triggers ────────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True, slots=True)
class Refinement:
    any: frozenset[str]
    code: str


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: tuple[str, ...]
    pos: str
    code: str
    refine: tuple[Refinement, ...] = ()
    objects: frozenset[str] | None = None
    verbs: frozenset[str] | None = None
    not_with: frozenset[str] = frozenset()
    clause_any: frozenset[str] | None = None
    subjects: frozenset[str] | None = None
    held: bool = False  # what is taken, controlled or handed over must be a place (coding.territory)


@dataclass(frozen=True, slots=True)
class TriggerLexicon:
    by_first: dict[tuple[str, str], tuple[Trigger, ...]]  # (first lemma, pos) → entries, longest first
    light_verbs: frozenset[str]
    instruments: frozenset[str]
    first_lemmas: frozenset[str] = field(default_factory=frozenset)
    event_nouns: frozenset[str] = field(default_factory=frozenset)  # head lemmas of NOUN entries


def _check_code(code: str, where: str) -> str:
    code = str(code)
    if code not in taxonomy.cameo_codes():
        raise DictionaryError(f"{where}: unknown CAMEO code {code!r}")
    return code


@cache
def triggers() -> TriggerLexicon:
    data = _yaml("triggers.yaml")
    grouped: dict[tuple[str, str], list[Trigger]] = {}
    for n, raw in enumerate(data["entries"]):
        where = f"triggers.yaml entry {n} ({raw.get('lemma')!r})"
        if raw.get("pos") not in ("VERB", "NOUN"):
            raise DictionaryError(f"{where}: pos must be VERB or NOUN")
        for key in ("objects", "verbs", "not_with", "clause_any", "subjects"):
            if any(not isinstance(w, str) for w in raw.get(key, [])):
                # YAML reads a bare on/off/yes/no as a boolean: `objects: [for, on]` would never match "on"
                raise DictionaryError(f"{where}: {key} holds a non-word {raw[key]!r}; quote on/off/yes/no")
        entry = Trigger(
            lemma=_lemmas(raw["lemma"]),
            pos=raw["pos"],
            code=_check_code(raw["code"], where),
            refine=tuple(
                Refinement(frozenset(" ".join(_lemmas(w)) for w in r["any"]), _check_code(r["code"], where))
                for r in raw.get("refine", [])
            ),
            objects=frozenset(raw["objects"]) if "objects" in raw else None,
            verbs=frozenset(raw["verbs"]) if "verbs" in raw else None,
            not_with=frozenset(raw.get("not_with", [])),
            clause_any=frozenset(raw["clause_any"]) if "clause_any" in raw else None,
            subjects=frozenset(raw["subjects"]) if "subjects" in raw else None,
            held=bool(raw.get("held", False)),
        )
        grouped.setdefault((entry.lemma[0], entry.pos), []).append(entry)
    by_first = {k: tuple(sorted(v, key=lambda t: -len(t.lemma))) for k, v in grouped.items()}
    nouns = frozenset(t.lemma[-1] for group in by_first.values() for t in group if t.pos == "NOUN")
    return TriggerLexicon(
        by_first,
        frozenset(data["light_verbs"]),
        frozenset(data["instruments"]),
        frozenset(k[0] for k in by_first),
        nouns,
    )


# ── ACLED typing rules ──────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True, slots=True)
class AcledRule:
    cameo: tuple[str, ...]
    sub_event_type: str | None  # None: ACLED does not code the act (the rule stops the search untyped)
    cues: frozenset[str] | None = None
    triggers: frozenset[str] | None = None  # the dictionary entry's first lemma is one of these
    actor1_inter: frozenset[int] | None = None
    actor2_inter: frozenset[int] | None = None
    min_fatalities: int = 0
    actor1_unnamed: bool = False  # only when the text names no doer of a known ACLED type


@cache
def acled_rules() -> tuple[AcledRule, ...]:
    rules = []
    for n, raw in enumerate(_yaml("acled_rules.yaml")["rules"]):
        sub = raw["sub_event_type"]
        if sub is not None and sub not in taxonomy.acled_types():
            raise DictionaryError(f"acled_rules.yaml rule {n}: unknown sub_event_type {sub!r}")
        rules.append(
            AcledRule(
                cameo=tuple(str(c) for c in raw["cameo"]),
                sub_event_type=sub,
                cues=frozenset(" ".join(_lemmas(c)) for c in raw["cues"]) if "cues" in raw else None,
                triggers=_trigger_lemmas(raw["triggers"]) if "triggers" in raw else None,
                actor1_inter=frozenset(raw["actor1_inter"]) if "actor1_inter" in raw else None,
                actor2_inter=frozenset(raw["actor2_inter"]) if "actor2_inter" in raw else None,
                min_fatalities=int(raw.get("min_fatalities", 0)),
                actor1_unnamed=bool(raw.get("actor1_unnamed", False)),
            )
        )
    return tuple(rules)


# ── closed word lists ──────────────────────────────────────────────────────────────────────────────
@cache
def _wordlists() -> dict[str, frozenset[str]]:
    return {key: frozenset(str(v).lower() for v in values) for key, values in _yaml("wordlists.yaml").items()}


def _trigger_lemmas(value: str | list[str]) -> frozenset[str]:
    """A rule's ``triggers``: a list of lemmas, or the name of a word list of ``wordlists.yaml``."""
    return words(value) if isinstance(value, str) else frozenset(value)


def words(key: str) -> frozenset[str]:
    """A closed word list of ``data/wordlists.yaml`` (KeyError names a list the file lacks)."""
    return _wordlists()[key]


# ── modality ────────────────────────────────────────────────────────────────────────────────────
@cache
def modality() -> dict[str, frozenset[str]]:
    return {key: frozenset(values) for key, values in _yaml("modality.yaml").items() if isinstance(values, list)}


@cache
def derived_codes() -> dict[str, dict[str, str]]:
    """intent_codes and refusal_codes of modality.yaml: CAMEO prefix → code of the statement it implies."""
    data = _yaml("modality.yaml")
    out = {}
    for key in ("intent_codes", "refusal_codes"):
        out[key] = {str(k): _check_code(str(v), f"modality.yaml {key}.{k}") for k, v in data[key].items()}
    return out


def derived_code(table: dict[str, str], code: str) -> str | None:
    """The value of the longest prefix of ``code`` in ``table``."""
    for n in range(len(code), 0, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


# ── actors: countries and agent nouns ───────────────────────────────────────────────────────────
@dataclass(frozen=True, slots=True)
class Country:
    cameo: str
    iso3: str
    iso2: str
    name: str


@dataclass(frozen=True, slots=True)
class Agent:
    term: tuple[str, ...]
    cameo_type: str
    acled_inter: int


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    code: str
    country: str | None
    type: str
    inter: int
    sponsor: str | None
    theatre: str | None = None  # the one country a mission or group without a home country acts in


_ORG_DROP = str.maketrans("", "", "'’`.")
_ORG_SPACE = re.compile(r"[\s\-–—/,()]+")


def org_key(text: str) -> str:
    """Lookup key for organisation names: "Kata'ib Hezbollah", "Kataib Hezbollah", "al-Shabaab" → one form."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold().translate(_ORG_DROP)
    return _ORG_SPACE.sub(" ", folded).strip()


@dataclass(frozen=True, slots=True)
class Role:
    """One person in one office for one term (people.csv)."""

    name: str
    country: str  # ISO3
    office: str
    type: str
    start: date
    end: date | None  # exclusive; None while in office

    def holds(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on < self.end)


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    # Lower-cased token sequences → country; kind tells a name/alias from a demonym or a capital.
    country_terms: dict[tuple[str, ...], tuple[Country, str]]
    agents: dict[tuple[str, ...], Agent]
    max_country_len: int
    max_agent_len: int
    by_iso3: dict[str, Country]
    # org_key(alias) → (organisation, alias is an acronym that must be written in capitals)
    organisations: dict[str, tuple[Organisation, bool]] = field(default_factory=dict)
    max_org_tokens: int = 1
    people: dict[str, tuple[Role, ...]] = field(default_factory=dict)  # org_key(alias) → the person's terms
    plural_demonyms: frozenset[str] = frozenset()  # "palestinians", "iraqis": people, not the state
    # The words a country term starts with: most words of a text start none, and are passed over at once.
    country_first_words: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        object.__setattr__(self, "country_first_words", frozenset(term[0] for term in self.country_terms if term))


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def tokens_of(text: str) -> tuple[str, ...]:
    """Tokenise a dictionary term the way spaCy splits it ("U.S." stays one token, hyphens split)."""
    out: list[str] = []
    for word in text.lower().replace("’", "'").split():
        parts = word.split("-")
        for i, part in enumerate(parts):
            if part:
                out.append(part)
            if i < len(parts) - 1:
                out.append("-")
    return tuple(out)


@cache
def actors() -> ActorLexicon:
    terms: dict[tuple[str, ...], tuple[Country, str]] = {}
    by_iso3: dict[str, Country] = {}
    for row in _csv("countries.csv"):
        country = Country(row["cameo"], row["iso3"], row["iso2"], row["name"])
        by_iso3.setdefault(country.iso3, country)
        for kind, values in (
            ("name", [row["name"], *_split(row["aliases"])]),
            ("demonym", _split(row["demonyms"])),
            ("capital", _split(row["capitals"])),
        ):
            for value in values:
                key = tokens_of(value)
                # Case matters for a few aliases ("US" vs "us"): those are checked against the surface text.
                terms.setdefault(key, (country, kind))
    agents: dict[tuple[str, ...], Agent] = {}
    valid_types = taxonomy.cameo_actor_types()
    for n, row in enumerate(_csv("agents.csv")):
        if row["cameo_type"] not in valid_types:
            raise DictionaryError(f"agents.csv row {n + 2}: unknown CAMEO type {row['cameo_type']!r}")
        agents[tokens_of(row["term"])] = Agent(tokens_of(row["term"]), row["cameo_type"], int(row["acled_inter"]))
    orgs: dict[str, tuple[Organisation, bool]] = {}
    for n, row in enumerate(_csv("organisations.csv")):
        if row["type"] not in valid_types:
            raise DictionaryError(f"organisations.csv row {n + 2}: unknown CAMEO type {row['type']!r}")
        org = Organisation(
            row["name"],
            row["code"],
            row["country"] or None,
            row["type"],
            int(row["inter"]),
            row["sponsor"] or None,
            row["theatre"] or None,
        )
        for alias in [row["name"], *_split(row["aliases"])]:
            acronym = alias.replace("-", "").replace(".", "").isupper() and len(alias) <= 6
            orgs.setdefault(org_key(alias), (org, acronym))
    longest = max((len(k.split()) for k in orgs), default=1)
    people: dict[str, list[Role]] = {}
    for n, row in enumerate(_csv("people.csv")):
        if row["type"] not in valid_types:
            raise DictionaryError(f"people.csv row {n + 2}: unknown CAMEO type {row['type']!r}")
        role = Role(
            row["name"],
            row["country"],
            row["office"],
            row["type"],
            date.fromisoformat(row["start"]),
            date.fromisoformat(row["end"]) if row["end"] else None,
        )
        for alias in {row["name"], *_split(row["aliases"])}:
            people.setdefault(org_key(alias), []).append(role)
    plurals = frozenset(
        k[0] for k, (_, kind) in terms.items() if kind == "demonym" and len(k) == 1 and k[0].endswith("s")
    )
    return ActorLexicon(
        terms,
        agents,
        max(map(len, terms)),
        max(map(len, agents)),
        by_iso3,
        orgs,
        max(longest, 4),
        {k: tuple(v) for k, v in people.items()},
        plurals,
    )
