"""One incident, one event, inside a sentence: what a sentence tells around a violent act is not an act of its own.

A sentence that reports an attack, a killing or a fight (CAMEO 18, 19, 20) often names what went with it in
words the trigger dictionaries also read as acts: the soldiers "were dispatched" to the farmhouse where gunmen
lobbed grenades at them (15 deploy), a ceasefire the fighting broke (08 yield). The guideline counts one
incident there and the team's labels list one event; each such candidate made a second event, which scoring
counts as a duplicate. So in a sentence with a kept, asserted violent candidate, a kept candidate of a
circumstance root is dropped (``kept`` false: it stays in ``mentions/`` with its confidence); the violent act
is the incident the sentence tells.

Only those two roots: on the team's labelled pool a meeting (04: "Carter met with al-Abadi in Baghdad, where
the two leaders discussed the campaign to liberate Mosul") and sanctions (16: "sanctioned in 2011 in relation
to a plot to kill the ambassador") are the sentence's own event beside a violent word, and dropping them lost
both. Arrests and charges (17) are not circumstances either: "charged in the beating death" is two events (the
attack and the charge), and so are the statements (01-03, 10-13) a sentence attributes. Nor is a protest (14):
ACLED types a demonstration met with force by the protest ("Protests", "Excessive force against protesters"),
and dropping it there cost a point of ACLED event-type accuracy for one duplicate fewer on local news.
Sentences without a violent act are untouched, and so is every candidate of another root.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.records import Mention


@dataclass(frozen=True, slots=True)
class IncidentConfig:
    """Which roots make an incident, and which are only its circumstances in the same sentence."""

    enabled: bool = True
    violent_roots: frozenset[str] = frozenset({"18", "19", "20"})
    # yield ("agreed to a ceasefire"), exhibit force ("dispatched"): on the team's labelled local news and pool,
    # never a second event beside a violent act of the same sentence (module docstring: why not 04, 14, 16, 17)
    circumstance_roots: frozenset[str] = frozenset({"08", "15"})


INCIDENT = IncidentConfig()


def _live(mention: Mention) -> bool:
    return mention.factuality == "asserted" and mention.kept is not False


def drop_circumstances(mentions: list[Mention], config: IncidentConfig = INCIDENT) -> list[Mention]:
    """One article's decided mentions, with the circumstance candidates of its violent sentences dropped
    (module docstring); the order and every other field unchanged."""
    if not config.enabled:
        return mentions
    violent = {m.sentence_index for m in mentions if _live(m) and m.cameo_root_code in config.violent_roots}
    return [
        m.model_copy(update={"kept": False})
        if _live(m) and m.cameo_root_code in config.circumstance_roots and m.sentence_index in violent
        else m
        for m in mentions
    ]
