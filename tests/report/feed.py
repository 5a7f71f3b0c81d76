"""A synthetic feed written as real datasets (validated records, the real Arrow schemas, hive-partitioned Parquet):
weeks of articles from a few sources, each with events in a few countries. Knobs make it drift on purpose (a
source that stops, a country that jumps, a geocoder that stops placing) or stay steady."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from eventwire import CODER_VERSION
from eventwire.ingest.article import stable_id
from eventwire.store import partitions as store
from eventwire.store.snapshots import EVENT_INDEX
from schemas.records import Article, Event, Mention

# (cameo_code, quad_class, goldstein, disorder_type, event_type, sub_event_type)
KINDS = (
    ("190", 4, -10.0, "Political violence", "Battles", "Armed clash"),
    ("195", 4, -10.0, "Political violence", "Explosions/Remote violence", "Air/drone strike"),
    ("141", 3, -6.5, "Demonstrations", "Protests", "Peaceful protest"),
    ("145", 3, -7.5, "Demonstrations", "Riots", "Violent demonstration"),
    ("040", 1, 1.0, None, None, None),
)
# (iso3, country, latitude, longitude) of a few towns per country: events land on one of them
COUNTRIES = {
    "NGA": ("Nigeria", [(9.06, 7.49), (6.45, 3.39), (12.0, 8.52), (11.85, 13.16)]),
    "SDN": ("Sudan", [(15.5, 32.56), (13.63, 25.35), (12.05, 24.88)]),
    "UKR": ("Ukraine", [(50.45, 30.52), (49.99, 36.23), (46.48, 30.73), (48.0, 37.8)]),
    "MMR": ("Myanmar", [(16.87, 96.2), (21.97, 96.08), (19.75, 96.1)]),
    "SEN": ("Senegal", [(14.69, -17.44), (14.79, -16.93)]),
}


@dataclass(frozen=True)
class Feed:
    end: date = date(2024, 3, 31)
    weeks: int = 6
    sources: tuple[str, ...] = ("Wire A", "Wire B", "Daily C", "Radio D")
    articles_per_day: int = 8  # across all sources
    events_per_article: int = 2
    stopped_source: str | None = None  # publishes nothing in the last week
    jumping_country: str | None = None  # gets ``jump`` times its events in the last week
    jump: int = 10
    unplaced_last_week: float = 0.0  # share of the last week's events with no coordinates
    towns_per_country: int = 0  # more towns around each listed one (a real night names hundreds of places)
    seed: int = 7


def _event_kind(rng: random.Random) -> tuple[Any, ...]:
    return KINDS[rng.randrange(len(KINDS))]


def rows(feed: Feed) -> dict[str, list[dict[str, Any]]]:
    """Articles, mentions and events of the feed as validated record dicts."""
    rng = random.Random(feed.seed)
    out: dict[str, list[dict[str, Any]]] = {"articles": [], "mentions": [], "events": []}
    isos = sorted(COUNTRIES)
    first_day = feed.end - timedelta(days=feed.weeks * 7 - 1)
    ingested = datetime(2026, 1, 1, tzinfo=UTC)
    serial = 0
    for offset in range(feed.weeks * 7):
        day = first_day + timedelta(days=offset)
        last_week = (feed.end - day).days < 7
        sources = [s for s in feed.sources if not (last_week and s == feed.stopped_source)]
        # steady: ±25 % a day around the mean, never zero
        n_articles = max(1, round(feed.articles_per_day * rng.uniform(0.75, 1.25)))
        plan = [(sources[i % len(sources)], isos[(offset + i) % len(isos)]) for i in range(n_articles)]
        if last_week and feed.jumping_country:
            share = sum(1 for _, iso in plan if iso == feed.jumping_country)
            plan += [(sources[i % len(sources)], feed.jumping_country) for i in range(max(share, 1) * (feed.jump - 1))]
        for source, iso in plan:
            serial += 1
            published = datetime.combine(day, time(8, serial % 60), tzinfo=UTC)
            article_id = stable_id("feed", feed.seed, serial)
            country, towns = COUNTRIES[iso]
            towns = towns + [
                (lat + (t % 17) * 0.11, lon + (t // 17) * 0.13)
                for t in range(feed.towns_per_country)
                for lat, lon in towns[:1]
            ]
            for k in range(feed.events_per_article):
                code, quad, goldstein, disorder, event_type, sub_type = _event_kind(rng)
                lat, lon = towns[rng.randrange(len(towns))]
                unplaced = last_week and rng.random() < feed.unplaced_last_week
                fatalities = rng.choice((0, 0, 0, 1, 2, 5, 12)) if quad == 4 else 0
                mention_id = stable_id(article_id, k)
                event_id = stable_id("event", mention_id)
                core: dict[str, Any] = {
                    "event_date": day - timedelta(days=k % 2),
                    "time_precision": 1,
                    "cameo_code": code,
                    "cameo_base_code": code[:3],
                    "cameo_root_code": code[:2],
                    "quad_class": quad,
                    "goldstein": goldstein,
                    "disorder_type": disorder,
                    "event_type": event_type,
                    "sub_event_type": sub_type,
                    "actor1_name": f"{country} forces" if k % 3 else None,
                    "actor2_name": "Civilians" if k % 2 else None,
                    "iso3": iso,
                    "country": country,
                    "location": None if unplaced else f"Town {lat:.2f}",
                    "latitude": None if unplaced else lat,
                    "longitude": None if unplaced else lon,
                    "geo_precision": None if unplaced else 1 + k % 3,
                    "fatalities": fatalities,
                    "confidence": 0.8,
                    "coder_version": CODER_VERSION,
                }
                sentence = (
                    f"{source} reports {event_type or 'talks'} near Town {lat:.2f} in {country} on {day:%d %B}, "
                    f"where {fatalities} people were killed, according to local officials and residents who spoke "
                    "on condition of anonymity."
                )
                out["mentions"].append(
                    Mention(
                        **core,
                        mention_id=mention_id,
                        event_id=event_id,
                        article_id=article_id,
                        sentence_index=k,
                        sentence=sentence,
                        char_start=0,
                        char_end=len(sentence),
                        trigger="reports",
                        trigger_start=0,
                        trigger_end=7,
                        factuality="asserted",
                        date_source="sentence",
                        source=source,
                        published_at=published,
                    ).model_dump()
                )
                out["events"].append(
                    Event(
                        **core,
                        event_id=event_id,
                        num_mentions=1,
                        num_sources=1,
                        num_articles=1,
                        first_seen=published,
                        last_seen=published,
                        article_ids=[article_id],
                        mention_ids=[mention_id],
                    ).model_dump()
                )
            out["articles"].append(
                Article(
                    article_id=article_id,
                    source_id=f"feed-{serial}",
                    uri=f"feed/{serial}.json",
                    title=f"Article {serial}",
                    source=source,
                    published_at=published,
                    content_hash=stable_id("hash", serial) * 4,
                    n_chars=1000,
                    status="coded",
                    n_mentions=feed.events_per_article,
                    coder_version=CODER_VERSION,
                    ingested_at=ingested + timedelta(seconds=serial),
                ).model_dump()
            )
    return out


def write(feed: Feed, output: Path) -> dict[str, list[dict[str, Any]]]:
    """Write the feed's datasets under ``output`` as the pipeline would (one file per month partition)."""
    data = rows(feed)
    dates = {"articles": "published_at", "mentions": "event_date", "events": "event_date"}
    for dataset, records in data.items():
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in records:
            grouped[store.partition_dir(dataset, store.partition_keys_of(dataset, record[dates[dataset]]))].append(
                record
            )
        for rel_dir, part in grouped.items():
            table = store.sort_table(dataset, store.to_table(dataset, part, CODER_VERSION))
            store.write_parquet(table, output / rel_dir / store.PART_FILE)
    # Consolidated as a pipeline of this version would have it, with an event index, so that a run into the
    # output continues from it rather than consolidating the feed again. Its events (one a report) are not
    # indexed: no later report joins them, which the tests that run into a feed do not need.
    (output / EVENT_INDEX).mkdir(parents=True, exist_ok=True)
    return data
