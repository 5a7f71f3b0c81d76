"""The "who" of the merge rule (``eventwire.consolidate``): could two reports name the same sides of one act?

For actor 1 and actor 2 alike, either side unknown (no CAMEO code and no type), or the same actor: one CAMEO code a
prefix of the other ("NGA" and "NGAMIL"), civilians however named (ACLED inter 7: "12 people", "15 traders"), else
no conflicting country and the same CAMEO type, where an unidentified armed group ("gunmen", type UAF) may be any
armed non-state actor (INS, REB, SEP, CRM, IMG). In a battle whose two sides both reports name, the sides may come
in either order. The doer the coder could not name (UAF, "Unidentified Armed Group") may also be a person the text
names by a common noun ("a 26-year-old man", "a man approached him and shot him", type CVL, not a crowd): ACLED
codes a lone attacker as an unidentified armed actor, and one article often calls its attacker both ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemas import taxonomy

CIVILIANS = taxonomy.civilian_inter()  # ACLED inter code
ARMED_NON_STATE = taxonomy.armed_group_types()  # CAMEO types an unnamed gunman may be
UNNAMED_ARMED = "UAF"  # CAMEO-style type of an unidentified armed group ("gunmen")
PERSON = "CVL"  # CAMEO type of a person or crowd named by a common noun ("a man", "villagers")
CROWDS = taxonomy.unarmed_inters() - {CIVILIANS}  # ACLED inter of rioters and protesters


@dataclass(frozen=True, slots=True)
class Actor:
    code: str | None
    country: str | None
    type: str | None
    inter: int | None


def actor_of(row: dict[str, Any], prefix: str) -> Actor | None:
    """The side's identity, or None when the report does not say who (no code and no type: a bare name the
    dictionaries do not know is as likely a misparse as a new group)."""
    actor = Actor(
        row.get(f"{prefix}_code"), row.get(f"{prefix}_country"), row.get(f"{prefix}_type"), row.get(f"{prefix}_inter")
    )
    return None if actor.code is None and actor.type is None else actor


def same_actor(a: Actor | None, b: Actor | None) -> bool:
    """Could two reports name the same actor? Unknown sides agree with anything; "gunmen" (unidentified armed
    group) agrees with any armed non-state group; otherwise country and CAMEO type must agree."""
    if a is None or b is None:
        return True
    if a.code and b.code and (a.code.startswith(b.code) or b.code.startswith(a.code)):
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.inter == b.inter == CIVILIANS:  # "12 people", "15 traders", "worshippers": the victims, however named
        return True
    if a.type and b.type:
        return a.type == b.type or (UNNAMED_ARMED in (a.type, b.type) and {a.type, b.type} <= ARMED_NON_STATE)
    return True


def lone_doer(a: Actor | None, b: Actor | None) -> bool:
    """An unidentified armed doer and a doer named as a person ("a man", not a crowd), of no conflicting country:
    one attacker told two ways (module docstring)."""
    if a is None or b is None or (a.country and b.country and a.country != b.country):
        return False
    return {a.type, b.type} == {UNNAMED_ARMED, PERSON} and a.inter not in CROWDS and b.inter not in CROWDS


def more_specific(new: Actor | None, old: Actor | None) -> bool:
    """Whether a report names a side better than the event so far: a named group over "gunmen"; a person ("a man")
    says no more than "gunmen" of which group it was, and must not shut out a later report naming the group."""
    return new is not None and (
        old is None or (old.type == UNNAMED_ARMED and new.type not in (None, UNNAMED_ARMED, PERSON))
    )


def actors_agree(sides: dict[str, Actor | None], event_type: str | None, row: dict[str, Any]) -> bool:
    """Whether ``row`` names the same sides as an event whose most specific sides so far are ``sides``, of ACLED
    type ``event_type``."""
    a1, a2 = actor_of(row, "actor1"), actor_of(row, "actor2")
    c1, c2 = sides.get("actor1"), sides.get("actor2")
    if (same_actor(c1, a1) or lone_doer(c1, a1)) and same_actor(c2, a2):
        return True
    swappable = event_type == "Battles" and None not in (a1, a2, c1, c2)
    return swappable and same_actor(c1, a2) and same_actor(c2, a1)
