"""ACLED typing: CAMEO code + cue words + actor types → disorder type, event type, sub-event type.

The rules are data (``data/acled_rules.yaml``); this module only evaluates them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from spacy.tokens import Token

from eventwire.coding.lexicon import AcledRule
from schemas import taxonomy


def clause_cues(roots: list[Token]) -> frozenset[str]:
    """Lemmas (and two-lemma sequences) of the event's clause: where weapon, method and crowd words sit."""
    tokens = sorted({t for root in roots for t in root.subtree}, key=lambda t: t.i)
    lemmas = [t.lemma_.lower() for t in tokens] + [t.lower_ for t in tokens]
    pairs = [f"{a.lemma_.lower()} {b.lemma_.lower()}" for a, b in pairwise(tokens)]
    triples = [
        f"{a.lemma_.lower()} {b.lemma_.lower()} {c.lemma_.lower()}"
        for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)
    ]
    return frozenset(lemmas + pairs + triples)


def acled_type(
    code: str,
    cues: frozenset[str],
    inter1: int | None,
    inter2: int | None,
    fatalities: int,
    rules: tuple[AcledRule, ...],
) -> tuple[str | None, str | None, str | None]:
    for rule in rules:
        if not code.startswith(rule.cameo):
            continue
        if rule.cues is not None and not rule.cues & cues:
            continue
        if rule.actor1_inter is not None and inter1 not in rule.actor1_inter:
            continue
        if rule.actor2_inter is not None and inter2 not in rule.actor2_inter:
            continue
        if fatalities < rule.min_fatalities:
            continue
        return acled_fields(rule.sub_event_type)
    return None, None, None


def acled_fields(sub_event_type: str) -> tuple[str, str, str]:
    """(disorder type, event type, sub-event type) of a sub-event type."""
    disorder, event_type = taxonomy.acled_types()[sub_event_type]
    # The reference lists "Political violence; Demonstrations" for one sub-event: keep ACLED's first.
    return disorder.split(";")[0].strip(), event_type, sub_event_type


CROWD_ROLES = {"Protests": 6, "Riots": 5}
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
STATE_FORCES = frozenset({1, 8})
# State actors that intervene in a crowd; councillors or lawmakers who demonstrate are protesters themselves
FORCE_TYPES = frozenset({"MIL", "COP", "SPY", None})
_SIDE_FIELDS = ("name", "code", "country", "type", "inter", "sponsor_country")
# ACLED's names for the side a note implies but does not name: (name, CAMEO type, inter)
CROWD_SIDES = {"Protests": ("Protesters", "CVL", 6), "Riots": ("Rioters", "CVL", 5)}
UNIDENTIFIED_ARMED = ("Unidentified Armed Group", "UAF", 3)
CIVILIANS = ("Civilians", "CVL", 7)


def crowd_inter(inter: int | None, event_type: str | None) -> int | None:
    """ACLED's actor type is the role in the event: a crowd (rioters, protesters, civilians, unknown) that
    demonstrates is protesters (6), that riots is rioters (5), whatever noun the text used."""
    role = CROWD_ROLES.get(event_type or "")
    return role if role is not None and inter in (5, 6, 7, None) else inter


def _side(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    return {k: row.get(f"{prefix}_{k}") for k in _SIDE_FIELDS} if row.get(f"{prefix}_name") else None


def _put(row: dict[str, Any], prefix: str, side: dict[str, Any] | None) -> None:
    for k in _SIDE_FIELDS:
        row[f"{prefix}_{k}"] = side.get(k) if side else None


def _implied(kind: tuple[str, str, int], iso3: str | None, cameo_of: Callable[[str], str | None]) -> dict[str, Any]:
    """The unnamed side of an event in the event's country: "Protesters (India)", "Civilians (Yemen)"."""
    name, ctype, inter = kind
    country = cameo_of(iso3) if iso3 else None
    return {"name": name, "code": (country or "") + ctype, "country": iso3, "type": ctype, "inter": inter}


def acled_sides(row: dict[str, Any], cameo_of: Callable[[str], str | None]) -> None:
    """ACLED's actor conventions on a typed row, in place (after the article-level retyping):
    - a demonstration's actor1 is the crowd ("Protesters", "Rioters"), whatever noun the text used; state
      forces that disperse it are actor2 ("police dispersed the marchers" → Protesters vs Police);
    - a peaceful protest has no actor2: what the crowd protests against is not a party to the event;
    - political violence by nobody named is by an "Unidentified Armed Group" (inter 3);
    - violence against civilians has civilians as actor2, named or not (inter 7).
    ``cameo_of`` maps an ISO3 to its CAMEO country code."""
    event_type = row.get("event_type")
    iso3 = row.get("iso3")
    if event_type in CROWD_SIDES:
        a1, a2 = _side(row, "actor1"), _side(row, "actor2")
        if a1 is not None and a1["inter"] in STATE_FORCES and a1["type"] in FORCE_TYPES:
            crowd = a2 if a2 is not None and a2["inter"] not in (*STATE_FORCES, 2, 3, 4) else None
            a1, a2 = crowd, a1
        a1 = a1 or _implied(CROWD_SIDES[event_type], iso3, cameo_of)
        a1["inter"] = CROWD_ROLES[event_type]
        if a1["type"] is None:  # "thousands of Iraqi Kurds demonstrated": a crowd of civilians (CAMEO CVL)
            a1["type"], a1["code"] = "CVL", (a1["code"] or "") + "CVL"
        _put(row, "actor1", a1)
        _put(row, "actor2", a2)
        if row.get("sub_event_type") == "Peaceful protest":
            row["actor2_inter"] = None
    elif event_type in VIOLENT_TYPES:
        if not row.get("actor1_name"):
            _put(row, "actor1", _implied(UNIDENTIFIED_ARMED, iso3, cameo_of))
        if event_type == "Violence against civilians":
            if not row.get("actor2_name"):
                _put(row, "actor2", _implied(CIVILIANS, iso3, cameo_of))
            row["actor2_inter"] = 7


def _same_scene(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same day and country, and the same place unless one of them only knows the country."""
    if a["event_date"] != b["event_date"] or a.get("iso3") != b.get("iso3"):
        return False
    return a.get("geonameid") == b.get("geonameid") or 3 in (a.get("geo_precision"), b.get("geo_precision"))


def intervening_forces(rows: list[dict[str, Any]]) -> None:
    """ "Workers demonstrated in Kovvur. Rioters pelted stones at the police." — ACLED codes the whole
    demonstration as one event, with the state forces that intervened in it or were attacked at it as its
    actor2. Runs after ``acled_sides`` on an article's rows, in place."""
    asserted = [r for r in rows if r["factuality"] == "asserted"]
    for crowd in asserted:
        if (
            crowd.get("event_type") not in CROWD_SIDES
            or crowd.get("sub_event_type") == "Peaceful protest"
            or crowd.get("actor2_inter") in STATE_FORCES
        ):
            continue
        for other in asserted:
            if other is crowd or not _same_scene(crowd, other):
                continue
            forces = next(
                (
                    s
                    for s in (_side(other, "actor1"), _side(other, "actor2"))
                    if s is not None and s["inter"] in STATE_FORCES
                ),
                None,
            )
            if forces is not None:
                _put(crowd, "actor2", forces)
                break
