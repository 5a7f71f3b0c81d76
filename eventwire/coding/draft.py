"""A mention under construction: what the coder found for one trigger at one place, before it is validated.

The coder fills one ``Draft`` per trigger and place, the article-level steps (merging, tolls, ACLED typing)
change it, and ``Draft.record`` turns it into the columns of a ``schemas.records.Mention``. The fields after
the columns are the coder's working state (the place reference, the trigger's parse roots, the clause's cue
words, actor1's ACLED type before the crowd conventions): they never reach the dataset.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from spacy.tokens import Token

from eventwire.coding.actors import Actor
from eventwire.coding.places import PlaceRef
from schemas import taxonomy

# The columns of a place (``PlaceRef.columns``); a mention without a place has none of them.
PLACE_COLUMNS = ("iso3", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "geonameid")


@dataclass(slots=True)
class Draft:
    article_id: str
    sentence_index: int
    sentence: str
    char_start: int
    char_end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    factuality: str
    event_date: date
    time_precision: int
    date_source: str
    cameo_code: str
    cameo_base_code: str
    cameo_root_code: str
    quad_class: int
    goldstein: float
    fatalities: int
    injuries: int
    arrests: int
    confidence: float
    disorder_type: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    place: PlaceRef | None = None
    # working state, not columns
    roots: list[Token] = field(default_factory=list)  # the trigger's parse roots: where its figures are
    cues: frozenset[str] = frozenset()  # lemmas of the event's clause (``acled.clause_cues``)
    inter1: int | None = None  # actor1's ACLED type as resolved, before the crowd conventions
    derived: bool = False  # the statement a future or refused act implies (never retyped)
    lemma: str = ""  # the first lemma of the dictionary entry that found the act ("sentence", "arrest")

    @property
    def iso3(self) -> str | None:
        return self.place.place.iso3 or None if self.place is not None else None

    @property
    def geonameid(self) -> int | None:
        if self.place is None:
            return None
        return self.place.place.geonameid if self.place.place.geonameid >= 0 else None

    @property
    def location(self) -> str | None:
        return self.place.place.name if self.place is not None else None

    @property
    def geo_precision(self) -> int | None:
        return self.place.precision if self.place is not None else None

    def record(self) -> dict[str, object]:
        """The Mention columns the coder set (unset ones are left to the model's defaults)."""
        out: dict[str, object] = {}
        for f in fields(self):
            if f.name in ("actor1", "actor2", "place") or f.name in _WORKING:
                continue
            out[f.name] = getattr(self, f.name)
        if self.actor1 is not None:
            out |= self.actor1.columns("actor1")
        if self.actor2 is not None:
            out |= self.actor2.columns("actor2")
        if self.place is not None:
            out |= self.place.columns()
        return {k: v for k, v in out.items() if v is not None}


_WORKING = frozenset({"roots", "cues", "inter1", "derived", "lemma"})


def cameo_fields(cameo: taxonomy.CameoCode) -> dict[str, Any]:
    """A mention's CAMEO columns, all from one code of the taxonomy."""
    return {
        "cameo_code": cameo.code,
        "cameo_base_code": cameo.base_code,
        "cameo_root_code": cameo.root_code,
        "quad_class": cameo.quad_class,
        "goldstein": cameo.goldstein,
    }
