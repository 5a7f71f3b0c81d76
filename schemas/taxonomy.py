"""Taxonomy tables (CAMEO, ACLED) shipped as CSV data beside this module, loaded once per process.

Every code column is read as a string: CAMEO codes keep their leading zeros ("010" is not "10").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TAXONOMY_DIR = Path(__file__).parent / "taxonomy"


def _rows(name: str) -> list[dict[str, str]]:
    with (TAXONOMY_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    root_code: str
    base_code: str
    quad_class: int
    goldstein: float


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """CAMEO 1.1b3 codes; codes missing from GDELT's Goldstein table borrow their base code's score."""
    rows = _rows("cameo_event_codes.csv")
    raw = {r["code"]: r for r in rows}
    out: dict[str, CameoCode] = {}
    for code, r in raw.items():
        score = r["goldstein"] or raw.get(r["base_code"] or r["root_code"], {}).get("goldstein", "")
        out[code] = CameoCode(
            code=code,
            name=r["name"],
            root_code=r["root_code"],
            base_code=r["base_code"] or r["root_code"],
            quad_class=int(r["quad_class"]),
            goldstein=float(score or 0.0),
        )
    return out


@cache
def acled_types() -> dict[str, tuple[str, str]]:
    """ACLED sub-event type → (disorder type, event type)."""
    return {r["sub_event_type"]: (r["disorder_type"], r["event_type"]) for r in _rows("acled_event_types.csv")}


@cache
def acled_event_types() -> frozenset[str]:
    return frozenset(event for _, event in acled_types().values())


@cache
def acled_disorder_types() -> frozenset[str]:
    return frozenset(d for d, _ in acled_types().values())


@cache
def cameo_actor_types() -> frozenset[str]:
    return frozenset(r["code"] for r in _rows("cameo_actor_types.csv"))


@cache
def _armed_by_type() -> dict[str, str]:
    return {r["code"]: r["armed"] for r in _rows("cameo_actor_types.csv") if r["armed"]}


@cache
def armed_actor_types() -> frozenset[str]:
    """CAMEO types that bear arms: state forces, armed groups, peacekeepers (``armed`` column)."""
    return frozenset(_armed_by_type())


@cache
def state_force_types() -> frozenset[str]:
    """CAMEO types of a state's armed forces: military, police, intelligence."""
    return frozenset(code for code, kind in _armed_by_type().items() if kind == "state")


@cache
def armed_group_types() -> frozenset[str]:
    """CAMEO types of non-state armed groups: rebels, insurgents, separatists, militias, criminals."""
    return frozenset(code for code, kind in _armed_by_type().items() if kind == "non-state")


@cache
def _inter_sides() -> dict[int, str]:
    return {int(r["code"]): r["side"] for r in _rows("acled_interaction_codes.csv") if r["side"]}


def _inters(*sides: str) -> frozenset[int]:
    return frozenset(code for code, side in _inter_sides().items() if side in sides)


@cache
def state_force_inters() -> frozenset[int]:
    """ACLED inter codes of state forces, at home (1) or abroad (8)."""
    return _inters("state forces")


@cache
def armed_inters() -> frozenset[int]:
    """ACLED inter codes of the sides that bear arms: state forces and armed groups."""
    return _inters("state forces", "armed group")


@cache
def unarmed_inters() -> frozenset[int]:
    """ACLED inter codes of people without arms: rioters and protesters (crowds) and civilians."""
    return _inters("crowd", "civilians")


@cache
def civilian_inter() -> int:
    """The ACLED inter code of civilians."""
    (code,) = _inters("civilians")
    return code


@cache
def cameo_country_codes() -> dict[str, dict[str, str]]:
    return {r["cameo_code"]: r for r in _rows("cameo_country_codes.csv")}


@cache
def cameo_to_plover() -> dict[str, str]:
    return {r["cameo_code"]: r["plover_event"] for r in _rows("cameo_to_plover.csv")}


@cache
def plover_gsr_sectors() -> dict[str, str]:
    """A sector label of the PLOVER gold standard records → the CAMEO actor type it means ('' = none)."""
    return {r["gsr_sector"]: r["cameo_type"] for r in _rows("plover_gsr_sectors.csv")}


@cache
def plover_gsr_labels() -> tuple[dict[str, str], ...]:
    """2021 PLOVER class (+ CAMEO prefix) → the label the PLOVER gold standard records use; first match wins."""
    return tuple(_rows("plover_gsr_labels.csv"))


@cache
def acled_iso3_equivalents() -> dict[str, str]:
    """A country code some ACLED exports write → the ISO 3166-1 alpha-3 code of the same country."""
    return {r["acled_iso3"]: r["iso3"] for r in _rows("acled_iso3_equivalents.csv")}
