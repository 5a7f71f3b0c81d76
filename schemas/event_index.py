"""The event index's columns (``eventwire.event_index``): what consolidation keeps of each placed event so a night
joins new reports to it. Not a dataset for readers, but stored beside the datasets (a snapshot folder locally, a
Delta table on object storage), so its schema lives here with theirs."""

from __future__ import annotations

import pyarrow as pa

from schemas.arrow import PARTITION_TYPES, arrow_schema
from schemas.records import Mention

PLACE = ("admin1", "latitude", "longitude", "geo_precision")
ACTOR = ("code", "country", "type", "inter")
KEY_PARTS = ("published", "article", "sentence", "trigger", "mention")  # consolidate.SortKey, column by column


def _schema() -> pa.Schema:
    """Columns shared with mentions take their type from the mention record; the rest are the index's own."""
    typed = arrow_schema(Mention)
    actors = (f"actor{n}_{c}" for n in (1, 2) for c in ACTOR)
    shared = [typed.field(name) for name in ("iso3", "cameo_root_code", "event_type", *PLACE, *actors)]
    key = [pa.timestamp("us", tz="UTC"), pa.string(), pa.int32(), pa.int32(), pa.string()]
    return pa.schema(
        [
            pa.field("event_id", pa.string(), nullable=False),
            *shared,
            pa.field("article_id", pa.string()),  # the founding article
            pa.field("anchor_date", pa.date32()),
            pa.field("anchor_precision", pa.int8()),
            pa.field("separate", pa.bool_()),
            pa.field("cameo_roots", pa.list_(pa.string())),  # every root its reports gave (violent roots meet)
            pa.field("towns", pa.list_(pa.string())),
            pa.field("keys", pa.list_(pa.string())),
            *(pa.field(f"first_{p}", t) for p, t in zip(KEY_PARTS, key, strict=True)),
            *(pa.field(f"last_{p}", t) for p, t in zip(KEY_PARTS, key, strict=True)),
            pa.field("event_month", pa.int32()),  # year * 12 + month - 1 of the event's row in events/
            pa.field("mention_months", pa.list_(pa.int32())),  # the same for each of its mentions' partitions
        ]
    )


SCHEMA = _schema()
# partitioned by the founding day's month, typed as the datasets' year and month keys
PARTITIONS = pa.schema([("year", PARTITION_TYPES["year"]), ("month", PARTITION_TYPES["month"])])
