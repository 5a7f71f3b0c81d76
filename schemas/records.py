"""Record models: one per output dataset. The single source of truth for every column.

Field types come from :mod:`schemas.columns`; the Arrow schema, the data dictionary and the JSON Schema
files are derived from these classes. ``Dataset`` ties a model to its folder and partitioning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
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
    source_id: Annotated[
        str,
        Field(description="The input's own id, else the file path relative to --input."),
        c.Example("ew-2024-02-10-senegal-dakar-unrest"),
    ]
    uri: Annotated[
        str,
        Field(description="File the article was read from (relative to --input, #n for lines)."),
        c.Example("020_senegal_dakar_election_riot.json"),
    ]
    title: Annotated[
        str | None,
        Field(description="Headline."),
        c.Example("Protesters torch bus, stone police in Dakar after election delay"),
    ] = None
    source: Annotated[
        str | None, Field(description="Publisher or, failing that, the attributed outlet."), c.Example("Example Daily")
    ] = None
    url: Annotated[
        str | None,
        Field(description="Canonical URL when known."),
        c.Example("https://example.com/africa/2024/02/10/senegal-dakar-protests-election-delay"),
    ] = None
    published_at: Annotated[
        c.UtcTimestamp,
        Field(description="Publication time (UTC; midnight when only a day)."),
        c.Example(datetime(2024, 2, 10, 14, 5, tzinfo=UTC)),
    ]
    dateline: Annotated[
        str | None, Field(description="Dateline place as written ('Washington, DC [US]')."), c.Example("Dakar, Senegal")
    ] = None
    dateline_date: Annotated[
        date | None, Field(description="Date given in the dateline, when any."), c.Example(date(2024, 2, 10))
    ] = None
    language: Annotated[str, Field(description="ISO 639-1 language code."), c.Example("en")] = "en"
    content_hash: Annotated[
        str,
        Field(description="SHA-256 of the normalised title and text."),
        c.Example("50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c"),
    ]
    n_chars: Annotated[c.Int32, Field(description="Length of the article text."), c.Example(1842)]
    capped: Annotated[
        str | None,
        Field(
            description="Caps the input hit, comma-separated: 'title' (cut to 500 characters), 'sentences' "
            "(a run of over 1,500 characters with no sentence end was split); null when none."
        ),
        c.Example("sentences"),
    ] = None
    status: c.ArticleStatus
    n_mentions: Annotated[
        c.Count, Field(description="Event mentions coded in the article (all factualities)."), c.Example(16)
    ]
    coder_version: c.CoderVersion
    ingested_at: Annotated[
        c.UtcTimestamp,
        Field(description="When the article was coded (UTC)."),
        c.Example(datetime(2026, 12, 7, 2, 0, 12, tzinfo=UTC)),
    ]


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
    sentence_index: Annotated[c.Int32, Field(description="0-based sentence number in the article."), c.Example(3)]
    sentence: Annotated[
        str, Field(description="The sentence text."), c.Example("Riot police fired tear gas to clear the streets.")
    ]
    char_start: Annotated[
        c.Int32, Field(description="Start offset of the sentence in the article text."), c.Example(512)
    ]
    char_end: Annotated[
        c.Int32, Field(description="End offset (exclusive) of the sentence in the article text."), c.Example(561)
    ]
    trigger: Annotated[
        str, Field(description="Words that triggered the event code ('launch … strikes')."), c.Example("fired")
    ]
    trigger_start: Annotated[
        c.Int32, Field(description="Start offset of the trigger in the article text."), c.Example(524)
    ]
    trigger_end: Annotated[
        c.Int32, Field(description="End offset (exclusive) of the trigger in the article text."), c.Example(529)
    ]
    factuality: c.Factuality
    kept: Annotated[
        bool,
        Field(
            description="Whether the decision step kept this candidate as a political event (false: dropped as "
            "a match, a storm, a market story, an idiom, …); only asserted, kept mentions make events."
        ),
    ] = True
    date_source: c.DateSource
    source: Annotated[str | None, Field(description="Publisher of the article."), c.Example("Example Daily")] = None
    published_at: Annotated[
        c.UtcTimestamp,
        Field(description="Publication time of the article (UTC)."),
        c.Example(datetime(2024, 2, 10, 14, 5, tzinfo=UTC)),
    ]


class Event(EventCore):
    """One consolidated real-world event: the table analysts use."""

    leading: ClassVar[tuple[str, ...]] = ("event_id",)

    event_id: c.EventId
    num_mentions: Annotated[c.Count, Field(description="Asserted mentions merged into this event."), c.Example(2)]
    num_sources: Annotated[c.Count, Field(description="Distinct publishers reporting the event."), c.Example(2)]
    num_articles: Annotated[c.Count, Field(description="Distinct articles reporting the event."), c.Example(2)]
    first_seen: Annotated[
        c.UtcTimestamp,
        Field(description="Earliest publication time among its articles."),
        c.Example(datetime(2024, 2, 3, 1, 15, tzinfo=UTC)),
    ]
    last_seen: Annotated[
        c.UtcTimestamp,
        Field(description="Latest publication time among its articles."),
        c.Example(datetime(2024, 2, 3, 9, 40, tzinfo=UTC)),
    ]
    article_ids: Annotated[
        list[c.ArticleId],
        Field(description="Articles reporting the event, sorted."),
        c.Example(["b59e99bd12601a58", "e1ca6312b89ab8d7"]),
    ]
    mention_ids: Annotated[
        list[c.MentionId],
        Field(description="Mentions merged into the event, sorted."),
        c.Example(["2227d824b4a47c60", "54f12bc1f7b5cb41"]),
    ]


class Reject(Record):
    """An input or record that failed, with the reason: nothing is dropped silently."""

    reject_id: c.RejectId
    uri: Annotated[
        str,
        Field(description="File (and line) that failed, relative to --input."),
        c.Example("020_senegal_dakar_election_riot.json"),
    ]
    stage: Annotated[
        str, Field(description="Pipeline stage that failed: discover, read, parse, validate, code."), c.Example("read")
    ]
    error: Annotated[str, Field(description="One-line reason."), c.Example("not valid UTF-8 (byte 0xe9 at offset 14)")]
    payload: Annotated[
        str | None,
        Field(description="Raw input excerpt (first 2,000 characters)."),
        c.Example("Café owners protested …"),
    ] = None
    run_id: Annotated[
        str, Field(description="Run that first recorded the reject."), c.Example("20261207T020000Z-9a9801")
    ]
    rejected_at: Annotated[
        c.UtcTimestamp,
        Field(description="When the reject was first recorded (UTC)."),
        c.Example(datetime(2026, 12, 7, 2, 0, 3, tzinfo=UTC)),
    ]


@dataclass(frozen=True, slots=True)
class Dataset:
    """Where a record type lives and how it is partitioned and sorted."""

    name: str
    model: type[Record]
    key: str
    partition_date: str  # column whose date gives the partition
    partitioning: tuple[str, ...]  # hive keys, in the path only
    sort_by: tuple[str, ...]
    grain: str = ""  # what one row is
    unique_by: tuple[str, ...] = ()  # a further natural key, unique as well as ``key``
    joins: tuple[str, ...] = ()  # how the dataset joins the others, one sentence each

    @property
    def keys(self) -> tuple[tuple[str, ...], ...]:
        """Every column set that is unique over the whole dataset (and so in each file)."""
        return ((self.key,), self.unique_by) if self.unique_by else ((self.key,),)


DATASETS: dict[str, Dataset] = {
    "events": Dataset(
        "events",
        Event,
        "event_id",
        "event_date",
        ("year", "month"),
        ("event_date", "iso3", "event_id"),
        grain="one consolidated real-world event",
        joins=(
            "`mention_ids` (exploded) = `mentions.mention_id`: the reports merged into the event",
            "`article_ids` (exploded) = `articles.article_id`: the articles that report it",
        ),
    ),
    "mentions": Dataset(
        "mentions",
        Mention,
        "mention_id",
        "event_date",
        ("year", "month"),
        ("event_date", "iso3", "article_id", "sentence_index", "mention_id"),
        grain="one coded event mention: one trigger in one sentence of one article, at one place",
        joins=(
            "`event_id` = `events.event_id` (asserted mentions only; null otherwise)",
            "`article_id` = `articles.article_id`",
        ),
    ),
    "articles": Dataset(
        "articles",
        Article,
        "article_id",
        "published_at",
        ("year", "month"),
        ("published_at", "article_id"),
        grain="one input article (unique content; a copy in a second file is counted as a duplicate)",
        joins=("`article_id` = `mentions.article_id`, and an element of `events.article_ids`",),
    ),
    "rejects": Dataset(
        "rejects",
        Reject,
        "reject_id",
        "rejected_at",
        ("run_date",),
        ("rejected_at", "reject_id"),
        grain="one input or record that failed at one stage in one run (its errors in one line)",
        unique_by=("uri", "stage", "run_id"),
        joins=("`uri` = `articles.uri` when the failure was in an article that was read (stage `validate`)",),
    ),
}
