"""One incident, one event, inside a sentence: a deployment told around a violent act is not an act of its own.

A sentence that reports an attack, a killing or a fight (CAMEO 18, 19, 20) often names the forces sent to it in
words the trigger dictionaries also read as an act: soldiers "were dispatched" to a farmhouse and met by gunmen
lobbing grenades (15, exhibit force). The guideline counts one incident there and the team's labels list one
event; the deployment made a second event, which scoring counts as a duplicate. So in a sentence with a kept,
asserted violent candidate, a kept candidate of a circumstance root is dropped (``kept`` false: it stays in
``mentions/`` with its confidence); the violent act is the incident the sentence tells.

Only exhibit force (15). The other roots tried each made a sentence's own event beside a violent word: a
meeting (04: "Carter met with al-Abadi in Baghdad, where the two leaders discussed the campaign to liberate
Mosul") and sanctions (16: "sanctioned in relation to a plot to kill the ambassador") on the team's labelled
pool, a ceasefire (08: "agreed to a ceasefire after two days of fierce fighting") in the PLOVER sentences, a
protest (14) met with force, which ACLED types by the protest. Arrests and charges (17) are not circumstances:
"charged in the beating death" is two events (the attack and the charge), and so are the statements (01-03,
10-13) a sentence attributes. Sentences without a violent act are untouched, and so is every other candidate.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.coding.coder import VIOLENT_ROOTS
from schemas.records import Mention


@dataclass(frozen=True, slots=True)
class IncidentConfig:
    """Which roots make an incident, and which are only its circumstances in the same sentence."""

    enabled: bool = True
    violent_roots: frozenset[str] = VIOLENT_ROOTS
    # exhibit force ("dispatched"): on the team's labelled local news and pool and the PLOVER sentences, never an
    # event of its own beside a violent act of the same sentence (module docstring: why not 04, 08, 14, 16, 17)
    circumstance_roots: frozenset[str] = frozenset({"15"})


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
