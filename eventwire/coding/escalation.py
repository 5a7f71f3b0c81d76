"""A protest is typed by what happened at it, wherever in the article that is said.

"Workers demonstrated in Hyderabad. Rioters pelted stones at the police." is one violent demonstration;
"Residents marched on the town hall. Police dispersed them with tear gas." is a protest with intervention.
ACLED types the whole event, so asserted protest mentions take the most serious outcome reported for the
same day and place in the same article: violence by the crowd → Violent demonstration; force by the
authorities with deaths → Excessive force against protesters; other intervention (dispersal, arrests of
the crowd) → Protest with intervention.
"""

from __future__ import annotations

from typing import Any

from eventwire.coding.acled import acled_fields, crowd_inter

CROWD_INTER = frozenset({5, 6, 7})
INTERVENTION_CODES = ("175", "173", "1724")  # repression, arrests, curfew enforcement


def _same_place(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same day and country, and the same place unless one of them only knows the country."""
    if a["event_date"] != b["event_date"] or a.get("iso3") != b.get("iso3"):
        return False
    return a.get("geonameid") == b.get("geonameid") or 3 in (a.get("geo_precision"), b.get("geo_precision"))


ARMED_INTER = frozenset({1, 2, 3, 4, 8})


def _unarmed_clash(row: dict[str, Any]) -> bool:
    """'Clashes with the police broke out' after a demonstration: one side is the crowd, not an armed group."""
    sides = (row.get("actor1_inter"), row.get("actor2_inter"))
    return row.get("sub_event_type") == "Armed clash" and not all(s in ARMED_INTER for s in sides)


def _retype(row: dict[str, Any], sub_event: str) -> None:
    disorder, event_type, _ = acled_fields(sub_event)
    row.update(disorder_type=disorder, event_type=event_type, sub_event_type=sub_event)
    if event_type == "Riots" and row.get("actor1_name"):
        row["actor1_inter"] = crowd_inter(row.get("actor1_inter"), event_type)


def escalate_protests(rows: list[dict[str, Any]]) -> None:
    """Retype asserted peaceful-protest rows in place from the other rows of the same article."""
    asserted = [r for r in rows if r["factuality"] == "asserted"]
    for protest in asserted:
        if protest.get("sub_event_type") != "Peaceful protest":
            continue
        nearby = [r for r in asserted if r is not protest and _same_place(protest, r)]
        if any(r.get("event_type") == "Riots" or _unarmed_clash(r) for r in nearby):
            _retype(protest, "Violent demonstration")
            continue
        # force by the authorities (state forces as the source): "police dispersed them", "7 were detained by
        # police"; "the editor was arrested", the grievance of a protest, has no such source
        force = [
            r
            for r in nearby
            if r.get("sub_event_type") in ("Protest with intervention", "Excessive force against protesters")
            or (
                r["cameo_code"].startswith(INTERVENTION_CODES)
                and r.get("actor2_inter") in (*CROWD_INTER, None)
                and r.get("actor1_inter") in (1, 8)
            )
        ]
        if force:
            deadly = any(
                r.get("fatalities", 0) > 0 or r.get("sub_event_type") == "Excessive force against protesters"
                for r in force
            )
            sub_event = "Excessive force against protesters" if deadly else "Protest with intervention"
            _retype(protest, sub_event)
            for r in force:  # the arrests and the dispersal are the intervention, part of the same ACLED event
                _retype(r, sub_event)


def fold_into_riots(rows: list[dict[str, Any]]) -> None:
    """ "A prison riot broke out, in which a prisoner was killed": a killing by no named armed actor at the
    same day and place as a riot is the riot's violence, typed as the riot."""
    asserted = [r for r in rows if r["factuality"] == "asserted"]
    riots = [r for r in asserted if r.get("event_type") == "Riots"]
    for row in asserted:
        if row.get("event_type") not in ("Violence against civilians", "Battles") or row.get("actor1_inter") not in (
            *CROWD_INTER,
            None,
        ):
            continue
        riot = next((r for r in riots if _same_place(row, r)), None)
        if riot is not None:
            _retype(row, riot["sub_event_type"])
