"""The column registry: each output column is defined once here, as an annotated type.

A column's Python type, validation, description, allowed values and Arrow type live together, so the
record models (``schemas.records``), the Arrow schemas (``schemas.arrow``) and the data dictionary
(``schemas.dictionary``) can never disagree. A model field that reuses a column name uses its alias.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

import pyarrow as pa
from pydantic import AfterValidator, Field

from schemas import taxonomy


@dataclass(frozen=True, slots=True)
class ArrowType:
    """Explicit Arrow type for a column whose Python type alone is too wide (e.g. int → int8)."""

    type: pa.DataType


@dataclass(frozen=True, slots=True)
class Allowed:
    """Human-readable allowed values for the data dictionary."""

    text: str


@dataclass(frozen=True, slots=True)
class Example:
    """A typical value, as the data dictionary shows it (``repr`` of the Python value)."""

    value: object


# ── validators (pure, raise ValueError with the offending value) ───────────────────────────────
_HEX16 = re.compile(r"^[0-9a-f]{16}$")


def _hex_id(value: str) -> str:
    if not _HEX16.match(value):
        raise ValueError(f"id must be 16 lower-case hex characters, got {value!r}")
    return value


def _member_of(values: Callable[[], Container[str]], what: str) -> Callable[[str], str]:
    """A validator that accepts only values of a taxonomy table (looked up lazily, cached by the table)."""

    def check(value: str) -> str:
        if value not in values():
            raise ValueError(f"unknown {what} {value!r}")
        return value

    return check


_known_cameo = _member_of(taxonomy.cameo_codes, "CAMEO event code")
_known_sub_event = _member_of(taxonomy.acled_types, "ACLED sub_event_type")
_known_event_type = _member_of(taxonomy.acled_event_types, "ACLED event_type")
_known_disorder = _member_of(taxonomy.acled_disorder_types, "ACLED disorder_type")
_known_actor_type = _member_of(taxonomy.cameo_actor_types, "CAMEO actor type")


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must be timezone-aware (UTC)")
    return value


# ── identifiers ─────────────────────────────────────────────────────────────────────────────────
_ID = ArrowType(pa.string())
ArticleId = Annotated[
    str,
    AfterValidator(_hex_id),
    _ID,
    Field(description="Stable article id: hash of the article's normalised title and text."),
    Example("b59e99bd12601a58"),
]
MentionId = Annotated[
    str,
    AfterValidator(_hex_id),
    _ID,
    Field(description="Stable mention id: hash of article id, sentence, trigger span, code and place."),
    Example("2227d824b4a47c60"),
]
EventId = Annotated[
    str,
    AfterValidator(_hex_id),
    _ID,
    Field(
        description="Stable event id: hash of the id of the event's first-published mention; later reports "
        "join the event and keep its id, and the same input always gives the same id."
    ),
    Example("32f031be19aa80ae"),
]
RejectId = Annotated[
    str,
    AfterValidator(_hex_id),
    _ID,
    Field(description="Stable reject id: hash of uri, stage and error (all the errors of the input at that stage)."),
    Example("9c0a4e1b7d3f2a65"),
]
CoderVersion = Annotated[
    str, Field(description="Version of the eventwire coder that produced the row."), Example("0.7.1")
]

# ── time ────────────────────────────────────────────────────────────────────────────────────────
EventDate = Annotated[date, Field(description="Day the event happened (UTC calendar day)."), Example(date(2024, 2, 9))]
TimePrecision = Annotated[
    int,
    Field(ge=1, le=3, description="ACLED time precision of event_date."),
    Allowed("1 = day, 2 = week, 3 = month"),
    ArrowType(pa.int8()),
    Example(1),
]
DateSource = Annotated[
    Literal["sentence", "relative", "inherited", "dateline", "published"],
    Field(
        description="Rule that decided event_date: 'sentence' a calendar date written in the sentence "
        "('3 February 2024', 'Feb. 3', 'in October'); 'relative' a day named from the publication day "
        "('yesterday', 'on Sunday', 'last week'); 'inherited' the nearest preceding dated sentence about the "
        "same event; 'dateline' the dateline's day, no date in the text; 'published' the publication day, no "
        "date in the text (time_precision 2 for these last two)."
    ),
    Example("relative"),
]
UtcTimestamp = Annotated[datetime, AfterValidator(_utc), ArrowType(pa.timestamp("us", tz="UTC"))]

# ── CAMEO event ─────────────────────────────────────────────────────────────────────────────────
CameoCodeCol = Annotated[
    str,
    AfterValidator(_known_cameo),
    Field(description="CAMEO event code (string, leading zeros kept: '0871')."),
    Allowed("codes of schemas/taxonomy/cameo_event_codes.csv"),
    Example("0871"),
]
CameoBaseCode = Annotated[
    str,
    AfterValidator(_known_cameo),
    Field(description="3-digit CAMEO base code ('087'); the root code for root-level events."),
    Allowed("codes of schemas/taxonomy/cameo_event_codes.csv"),
    Example("087"),
]
CameoRootCode = Annotated[
    str,
    AfterValidator(_known_cameo),
    Field(description="2-digit CAMEO root code ('08')."),
    Allowed("01 … 20"),
    Example("08"),
]
QuadClass = Annotated[
    int,
    Field(ge=1, le=4, description="GDELT quad class of the root code."),
    Allowed("1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"),
    ArrowType(pa.int8()),
    Example(4),
]
Goldstein = Annotated[
    float,
    Field(ge=-10, le=10, description="Goldstein conflict–cooperation score of the CAMEO code (GDELT)."),
    Example(-10.0),
]

# ── ACLED typing ────────────────────────────────────────────────────────────────────────────────
DisorderType = Annotated[
    str,
    AfterValidator(_known_disorder),
    Field(description="ACLED disorder type; null when the event has no ACLED equivalent."),
    Allowed("schemas/taxonomy/acled_event_types.csv, column disorder_type"),
    Example("Political violence"),
]
AcledEventType = Annotated[
    str,
    AfterValidator(_known_event_type),
    Field(description="ACLED event type; null when the event has no ACLED equivalent (e.g. a statement)."),
    Allowed("Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots, Strategic developments"),
    Example("Explosions/Remote violence"),
]
AcledSubEventType = Annotated[
    str,
    AfterValidator(_known_sub_event),
    Field(description="ACLED sub-event type; null when the event has no ACLED equivalent."),
    Allowed("schemas/taxonomy/acled_event_types.csv, column sub_event_type"),
    Example("Air/drone strike"),
]

# ── actors ──────────────────────────────────────────────────────────────────────────────────────
ActorName = Annotated[
    str, Field(description="Actor as named in the text, normalised for display."), Example("Boko Haram")
]
ActorCode = Annotated[
    str,
    Field(pattern=r"^[A-Z]{3}([A-Z]{3})*$", description="CAMEO actor code: country + role (e.g. USAMIL)."),
    Example("USAMIL"),
]
ActorCountry = Annotated[
    str, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 country of the actor."), Example("USA")
]
ActorSponsor = Annotated[
    str,
    Field(pattern=r"^[A-Z]{3}$", description="ISO3 of the state backing the actor ('Iran-backed militia' → IRN)."),
    Example("IRN"),
]
ActorType = Annotated[
    str,
    AfterValidator(_known_actor_type),
    Field(description="CAMEO actor role/type (GOV, MIL, COP, REB, CVL, …)."),
    Allowed("codes of schemas/taxonomy/cameo_actor_types.csv"),
    Example("MIL"),
]
ActorInter = Annotated[
    int,
    Field(ge=1, le=8, description="ACLED actor type code (inter1/inter2)."),
    Allowed(
        "1 state forces, 2 rebel group, 3 political militia, 4 identity militia, 5 rioters, "
        "6 protesters, 7 civilians, 8 external/other forces"
    ),
    ArrowType(pa.int8()),
    Example(1),
]

# ── place ───────────────────────────────────────────────────────────────────────────────────────
Iso3 = Annotated[
    str, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code of the event country."), Example("NGA")
]
CountryName = Annotated[str, Field(description="English country name of the event location."), Example("Nigeria")]
Admin1 = Annotated[
    str, Field(description="First-level administrative region (state, province, governorate)."), Example("Borno State")
]
Location = Annotated[str, Field(description="Most specific place name the event is coded to."), Example("Maiduguri")]
Latitude = Annotated[float, Field(ge=-90, le=90, description="WGS84 latitude of the location."), Example(11.84692)]
Longitude = Annotated[float, Field(ge=-180, le=180, description="WGS84 longitude of the location."), Example(13.15712)]
GeoPrecision = Annotated[
    int,
    Field(ge=1, le=3, description="ACLED geo precision of the location."),
    Allowed("1 = the named town, 2 = near a town or part of a region, 3 = region or country centroid"),
    ArrowType(pa.int8()),
    Example(1),
]
GeonameId = Annotated[int, Field(ge=0, description="GeoNames id of the location (gazetteer entry)."), Example(2331447)]

# ── counts ──────────────────────────────────────────────────────────────────────────────────────
Fatalities = Annotated[
    int,
    Field(ge=0, description="People killed, the most conservative reported figure; 0 when none reported."),
    ArrowType(pa.int32()),
    Example(12),
]
Injuries = Annotated[
    int,
    Field(ge=0, description="People injured, the most conservative reported figure; 0 when none reported."),
    ArrowType(pa.int32()),
    Example(20),
]
Arrests = Annotated[
    int,
    Field(ge=0, description="People arrested or detained (arrest events, CAMEO 173); 0 when none reported."),
    ArrowType(pa.int32()),
    Example(140),
]
Count = Annotated[int, Field(ge=0), ArrowType(pa.int32())]
Int32 = Annotated[int, Field(ge=0), ArrowType(pa.int32())]  # offsets and lengths

# ── evidence ────────────────────────────────────────────────────────────────────────────────────
Factuality = Annotated[
    Literal[
        "asserted", "negated", "hypothetical", "future", "intended", "called_for", "denied", "aggregate", "background"
    ],
    Field(
        description="Whether the sentence asserts that the event happened; only 'asserted' makes events. "
        "'background': an act retold from an earlier time ('had previously been arrested') that nothing in the "
        "text dates; a background act the text dates ('killed in 2011') is asserted, with its own date."
    ),
    Example("asserted"),
]
Confidence = Annotated[
    float,
    Field(
        ge=0,
        le=1,
        description="Probability that the event is real and correctly typed (CAMEO root), from the decision "
        "model, calibrated on held-apart labelled news.",
    ),
    Example(0.85),
]
ArticleStatus = Annotated[
    Literal["coded", "no_events", "other_language"],
    Field(
        description="Outcome of coding the article: 'other_language' when the text is not English (recorded "
        "with its language, not coded)."
    ),
    Example("coded"),
]
