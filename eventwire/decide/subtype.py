"""The learned ACLED sub-event typer: a second, small model of the decision step that reads a candidate the rules
have typed as a whole (its trigger, CAMEO code, the rules' sub-event type, the ACLED types of its actors, its
toll, and the weapon, crowd, outcome and territory words of its sentence) and gives a probability to each ACLED
sub-event type it was trained on.

The rules (``coding/data/acled_rules.yaml``, ``coding/event_type.py``) still type every mention; the decision
step lets this model override their sub-event type only where it is confident (``SubtypeConfig.min_probability``,
chosen on the team's labelled events, never on a check part) and only with a type the rules could give, and the
event and disorder types follow the sub-event type from ACLED's table (``coding.acled.acled_fields``), so the
three never disagree. A multinomial logistic regression trained on the team's own labelled sentences
(``train_subtype``), stored as JSON weights and applied with plain Python like the relevance model.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from eventwire.coding.acled import acled_fields
from eventwire.coding.event_type import crowd_inter
from eventwire.coding.lexicon import acled_rules
from eventwire.decide.features import words
from schemas import taxonomy
from schemas.records import Mention

SUBTYPE_PATH = Path(__file__).parent / "data" / "subtype.json"
CUES_PATH = Path(__file__).parent / "data" / "subtype_cues.yaml"
FORMAT = 1
_SPACE = re.compile(r"\s+")
# The month, not a march: "on 3 March", "March 3, 2019", "in early March" (a cue word of the crowd group).
_MARCH = re.compile(
    r"(?<=\d )March\b|\bMarch(?=,? \d)|\b(?:in|of|since|until|by|early|late|mid-|last|next|this) March\b"
)


@dataclass(frozen=True, slots=True)
class SubtypeConfig:
    """Tunables of the learned sub-event typer. ``min_probability``: the model's probability for a sub-event type
    other than the rules' must reach this for it to replace the rules' type. Chosen by ``train_subtype`` on the
    team's labelled events (out-of-fold predictions of the fitted articles; the card gives the grid and the
    held-apart figures), never on the check part of a gold file; the value in force is this one."""

    enabled: bool = True
    min_probability: float = 0.8
    model_path: Path = SUBTYPE_PATH


SUBTYPE = SubtypeConfig()


def _listed(phrase: str) -> tuple[str, ...]:
    return tuple(words(phrase.replace(" - ", "-")))


@cache
def _cues() -> dict[str, Any]:
    return dict(yaml.safe_load(CUES_PATH.read_text(encoding="utf-8")))


@cache
def cue_groups() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Group → its words and phrases (tokenised as sentences are), from ``data/subtype_cues.yaml``."""
    return {str(name): tuple(_listed(str(w)) for w in listed) for name, listed in _cues()["groups"].items()}


@cache
def endings() -> frozenset[str]:
    """The endings by which a sentence word is a listed word's form ("protest" → "protesters")."""
    return frozenset(str(e) for e in _cues()["endings"]) | {""}


@cache
def rule_cues() -> tuple[tuple[str, ...], ...]:
    """Every cue of the ACLED typing rules, tokenised as sentences are: the words the rules read, read by the
    model one by one."""
    found = {_listed(c) for rule in acled_rules() if rule.cues is not None for c in rule.cues}
    return tuple(sorted(c for c in found if c))


def _stems(tokens: list[str]) -> dict[str, list[int]]:
    """Each word a sentence token can be a listed word's form of (the token less one of the ``endings``) → the
    token's positions: a phrase is then looked up by its last word, not sought at every position."""
    stems: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        for ending in endings():
            if token.endswith(ending):
                stems.setdefault(token[: len(token) - len(ending)], []).append(i)
    return stems


def _found(stems: dict[str, list[int]], tokens: list[str], phrase: tuple[str, ...]) -> bool:
    head = list(phrase[:-1])
    return any(i >= len(head) and tokens[i - len(head) : i] == head for i in stems.get(phrase[-1], ()))


@lru_cache(maxsize=4096)
def sentence_cues(sentence: str) -> frozenset[str]:
    """The cue groups and the rules' cue words found in a sentence: ``cue=air``, ``w=airstrike`` (kept per
    sentence: the candidates of one sentence read the same cues)."""
    tokens = words(_MARCH.sub("month", _SPACE.sub(" ", sentence)))
    stems = _stems(tokens)
    out = {f"cue={name}" for name, listed in cue_groups().items() if any(_found(stems, tokens, p) for p in listed)}
    out.update(f"w={' '.join(p)}" for p in rule_cues() if _found(stems, tokens, p))
    return frozenset(out)


def subtype_features(mention: Mention) -> set[str]:
    """What the typer reads of a candidate (binary features, the same in training and at run time)."""
    rule = mention.sub_event_type
    a1, a2 = mention.actor1_inter, mention.actor2_inter
    trigger = words(mention.trigger)
    cues = sentence_cues(mention.sentence)
    out = {
        f"rule={rule}",
        f"etype={mention.event_type}",
        f"code={mention.cameo_code}",
        f"base={mention.cameo_base_code}",
        f"root={mention.cameo_root_code}",
        f"a1inter={a1}",
        f"a2inter={a2}",
        f"a1={mention.actor1_type}",
        f"a2={mention.actor2_type}",
        f"a1inter={a1}|a2inter={a2}",
        f"rule={rule}|a1inter={a1}",
        f"rule={rule}|a2inter={a2}",
        f"dead={mention.fatalities > 0}",
        f"hurt={mention.injuries > 0}",
        f"fact={mention.factuality}",
        f"trigger={'_'.join(trigger)}",
    }
    out.update(f"t={t}" for t in trigger)
    out.update(cues)
    out.update(f"rule={rule}|{c}" for c in cues if c.startswith("cue="))
    return out


@dataclass(frozen=True, slots=True)
class SubtypeModel:
    classes: tuple[str, ...]
    weights: dict[str, dict[str, float]]  # class → feature → weight
    intercepts: dict[str, float]
    overridable: frozenset[str]  # the classes learnt from enough examples for the model to give them
    meta: dict[str, Any]

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """Softmax over the classes of the linear scores."""
        seen = set(features)
        # fsum: exact, so the order of a set of strings (which varies between processes) cannot move a type
        scores = {k: self.intercepts[k] + math.fsum(self.weights[k].get(f, 0.0) for f in seen) for k in self.classes}
        top = max(scores.values())
        exp = {k: math.exp(s - top) for k, s in scores.items()}
        total = sum(exp.values())
        return {k: v / total for k, v in exp.items()}


def from_dict(data: dict[str, Any]) -> SubtypeModel:
    if data.get("format") != FORMAT:
        raise ValueError(f"sub-event typer format {data.get('format')!r} is not {FORMAT}: retrain it")
    classes = tuple(str(c) for c in data["classes"])
    return SubtypeModel(
        classes=classes,
        weights={k: {str(f): float(w) for f, w in data["weights"][k].items()} for k in classes},
        intercepts={k: float(data["intercepts"][k]) for k in classes},
        overridable=frozenset(str(c) for c in data["overridable"]),
        meta={k: v for k, v in data.items() if k not in ("weights", "intercepts")},
    )


@cache
def load_subtype_model(path: Path = SUBTYPE_PATH) -> SubtypeModel:
    if not path.is_file():
        raise FileNotFoundError(f"sub-event typer {path} is missing: run `python -m eventwire.decide.train_subtype`")
    return from_dict(json.loads(path.read_text(encoding="utf-8")))


# The rules read a demonstration's outcome from the whole article (``event_type.escalate_protests``: "Workers
# marched. Police dispersed them." is a protest with intervention); the typer reads one sentence. It may find
# violence or force the rules missed, never take away an outcome they found.
PEACEFUL = "Peaceful protest"
OUTCOMES = frozenset({"Protest with intervention", "Excessive force against protesters", "Violent demonstration"})


def sides_fit(sub_event_type: str, inter1: int | None, inter2: int | None) -> bool:
    """Whether a mention's sides can be those of ``sub_event_type`` under ACLED's actor conventions, which the rules
    applied for their own type (``coding.event_type.acled_sides``) and an override does not apply again: a
    demonstration's doer is a crowd, a battle is fought by armed sides, violence against civilians has civilians as
    its target. "Unidentified Armed Group" does not riot; "Protesters" fight no battle."""
    event_type = acled_fields(sub_event_type)[1]
    unarmed = taxonomy.unarmed_inters()
    if event_type in ("Protests", "Riots"):
        return inter1 is None or inter1 in unarmed
    if event_type == "Battles":
        return inter1 not in unarmed and inter2 not in unarmed
    if event_type == "Violence against civilians":
        return inter2 == taxonomy.civilian_inter()
    return True


def override(
    rule: str | None,
    probabilities: dict[str, float],
    min_probability: float,
    overridable: frozenset[str],
    sides: tuple[int | None, int | None] = (None, None),
) -> str | None:
    """The sub-event type the decision gives a candidate the rules typed ``rule``: the model's most probable
    type where it differs and its probability reaches ``min_probability``, else the rules'. The model gives only
    the types it learnt from enough examples (``overridable``): one it saw twice (mob violence, looting) is
    the rules' call. An untyped candidate stays untyped (whether ACLED codes an act at all is the rules' and
    the relevance model's call), and a demonstration's outcome is never taken away (``OUTCOMES``)."""
    if rule is None or not probabilities:
        return rule
    best = max(sorted(probabilities), key=lambda k: probabilities[k])
    if best == rule or best not in overridable or probabilities[best] < min_probability:
        return rule
    if not sides_fit(best, *sides):  # the actor1 and actor2 (inter codes) the rules gave the mention
        return rule
    return rule if rule in OUTCOMES and best == PEACEFUL else best


def retyped(mention: Mention, sub_event_type: str | None) -> Mention:
    """``mention`` with ``sub_event_type`` and the event and disorder types ACLED's table puts it under; a crowd
    doer takes its role in the new type (protesters 6, rioters 5), as the rules' actor conventions give it."""
    if sub_event_type is None or sub_event_type == mention.sub_event_type:
        return mention
    disorder, event_type, sub = acled_fields(sub_event_type)
    update: dict[str, Any] = {"disorder_type": disorder, "event_type": event_type, "sub_event_type": sub}
    if mention.actor1_name is not None:
        update["actor1_inter"] = crowd_inter(mention.actor1_inter, event_type)
    return mention.model_copy(update=update)


def type_mentions(mentions: list[Mention], config: SubtypeConfig = SUBTYPE) -> list[Mention]:
    """The candidates with the learned typer's confident overrides applied (``override``)."""
    if not config.enabled:
        return mentions
    model = load_subtype_model(config.model_path)
    out = []
    for m in mentions:
        if m.sub_event_type is None:
            out.append(m)
            continue
        probabilities = model.probabilities(subtype_features(m))
        sides = (m.actor1_inter, m.actor2_inter)
        sub = override(m.sub_event_type, probabilities, config.min_probability, model.overridable, sides)
        out.append(retyped(m, sub))
    return out
