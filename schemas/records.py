"""Record models: one per output dataset. The single source of truth for every column.

Field types come from :mod:`schemas.columns`; the Arrow schema, the data dictionary and the JSON Schema
files are derived from these classes. ``Dataset`` ties a model to its folder and partitioning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from schemas import columns as c


class Record(BaseModel):
    # extra="forbid": a typo in a column name must fail loudly, not vanish.
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
    # Columns written first in files (ids before payload), whatever the inheritance order.
    leading: ClassVar[tuple[str, ...]] = ()


class Article(Record):
    """One input article (unique content), as read and coded."""

    article_id: c.ArticleId
    source_id: Annotated[str, Field(description="The input's own id, else the file path relative to --input.")]
    uri: Annotated[str, Field(description="File the article was read from (relative to --input, #n for lines).")]
    title: Annotated[str | None, Field(description="Headline.")] = None
    source: Annotated[str | None, Field(description="Publisher or, failing that, the attributed outlet.")] = None
    url: Annotated[str | None, Field(description="Canonical URL when known.")] = None
    published_at: Annotated[c.UtcTimestamp, Field(description="Publication time (UTC; midnight when only a day).")]
    dateline: Annotated[str | None, Field(description="Dateline place as written ('Washington, DC [US]').")] = None
    dateline_date: Annotated[date | None, Field(description="Date given in the dateline, when any.")] = None
    language: Annotated[str, Field(description="ISO 639-1 language code.")] = "en"
    content_hash: Annotated[str, Field(description="SHA-256 of the normalised title and text.")]
    n_chars: Annotated[c.Int32, Field(description="Length of the article text.")]
    capped: Annotated[
        str | None,
        Field(
            description="Caps the input hit, comma-separated: 'title' (cut to 500 characters), 'sentences' "
            "(a run of over 1,500 characters with no sentence end was split); null when none."
        ),
    ] = None
    status: c.ArticleStatus
    n_mentions: Annotated[c.Count, Field(description="Event mentions coded in the article (all factualities).")]
    coder_version: c.CoderVersion
    ingested_at: Annotated[c.UtcTimestamp, Field(description="When the article was coded (UTC).")]


class EventCore(Record):
    """Columns shared by a mention and the event it supports (what happened, who, where, how many)."""

    event_date: c.EventDate
    time_precision: c.TimePrecision
    cameo_code: c.CameoCodeCol
    cameo_base_code: c.CameoBaseCode
    cameo_root_code: c.CameoRootCode
    quad_class: c.QuadClass
    goldstein: c.Goldstein
    disorder_type: c.DisorderType | None = None
    event_type: c.AcledEventType | None = None
    sub_event_type: c.AcledSubEventType | None = None
    actor1_name: c.ActorName | None = None
    actor1_code: c.ActorCode | None = None
    actor1_country: c.ActorCountry | None = None
    actor1_type: c.ActorType | None = None
    actor1_inter: c.ActorInter | None = None
    actor1_sponsor_country: c.ActorSponsor | None = None
    actor2_name: c.ActorName | None = None
    actor2_code: c.ActorCode | None = None
    actor2_country: c.ActorCountry | None = None
    actor2_type: c.ActorType | None = None
    actor2_inter: c.ActorInter | None = None
    actor2_sponsor_country: c.ActorSponsor | None = None
    iso3: c.Iso3 | None = None
    country: c.CountryName | None = None
    admin1: c.Admin1 | None = None
    location: c.Location | None = None
    latitude: c.Latitude | None = None
    longitude: c.Longitude | None = None
    geo_precision: c.GeoPrecision | None = None
    geonameid: c.GeonameId | None = None
    fatalities: c.Fatalities = 0
    injuries: c.Injuries = 0
    arrests: c.Arrests = 0
    confidence: c.Confidence
    coder_version: c.CoderVersion


class Mention(EventCore):
    """One coded event mention in one sentence of one article: the evidence behind events."""

    leading: ClassVar[tuple[str, ...]] = ("mention_id", "event_id", "article_id")

    mention_id: c.MentionId
    event_id: Annotated[
        c.EventId | None,
        Field(
            description="Event this mention supports, set when mentions are consolidated; null unless factuality "
            "is asserted."
        ),
    ] = None
    article_id: c.ArticleId
    sentence_index: Annotated[c.Int32, Field(description="0-based sentence number in the article.")]
    sentence: Annotated[str, Field(description="The sentence text.")]
    char_start: Annotated[c.Int32, Field(description="Start offset of the sentence in the article text.")]
    char_end: Annotated[c.Int32, Field(description="End offset (exclusive) of the sentence in the article text.")]
    trigger: Annotated[str, Field(description="Words that triggered the event code ('launch … strikes').")]
    trigger_start: Annotated[c.Int32, Field(description="Start offset of the trigger in the article text.")]
    trigger_end: Annotated[c.Int32, Field(description="End offset (exclusive) of the trigger in the article text.")]
    factuality: c.Factuality
    date_source: c.DateSource
    source: Annotated[str | None, Field(description="Publisher of the article.")] = None
    published_at: Annotated[c.UtcTimestamp, Field(description="Publication time of the article (UTC).")]


class Event(EventCore):
    """One consolidated real-world event: the table analysts use."""

    leading: ClassVar[tuple[str, ...]] = ("event_id",)

    event_id: c.EventId
    num_mentions: Annotated[c.Count, Field(description="Asserted mentions merged into this event.")]
    num_sources: Annotated[c.Count, Field(description="Distinct publishers reporting the event.")]
    num_articles: Annotated[c.Count, Field(description="Distinct articles reporting the event.")]
    first_seen: Annotated[c.UtcTimestamp, Field(description="Earliest publication time among its articles.")]
    last_seen: Annotated[c.UtcTimestamp, Field(description="Latest publication time among its articles.")]
    article_ids: Annotated[list[c.ArticleId], Field(description="Articles reporting the event, sorted.")]
    mention_ids: Annotated[list[c.MentionId], Field(description="Mentions merged into the event, sorted.")]


class Reject(Record):
    """An input or record that failed, with the reason: nothing is dropped silently."""

    reject_id: c.RejectId
    uri: Annotated[str, Field(description="File (and line) that failed, relative to --input.")]
    stage: Annotated[str, Field(description="Pipeline stage that failed: discover, read, parse, validate, code.")]
    error: Annotated[str, Field(description="One-line reason.")]
    payload: Annotated[str | None, Field(description="Raw input excerpt (first 2,000 characters).")] = None
    run_id: Annotated[str, Field(description="Run that first recorded the reject.")]
    rejected_at: Annotated[c.UtcTimestamp, Field(description="When the reject was first recorded (UTC).")]


@dataclass(frozen=True, slots=True)
class Dataset:
    """Where a record type lives and how it is partitioned and sorted."""

    name: str
    model: type[Record]
    key: str
    partition_date: str  # column whose date gives the partition
    partitioning: tuple[str, ...]  # hive keys, in the path only
    sort_by: tuple[str, ...]


DATASETS: dict[str, Dataset] = {
    "events": Dataset("events", Event, "event_id", "event_date", ("year", "month"), ("event_date", "iso3", "event_id")),
    "mentions": Dataset(
        "mentions",
        Mention,
        "mention_id",
        "event_date",
        ("year", "month"),
        ("event_date", "iso3", "article_id", "sentence_index", "mention_id"),
    ),
    "articles": Dataset(
        "articles", Article, "article_id", "published_at", ("year", "month"), ("published_at", "article_id")
    ),
    "rejects": Dataset("rejects", Reject, "reject_id", "rejected_at", ("run_date",), ("rejected_at", "reject_id")),
}
