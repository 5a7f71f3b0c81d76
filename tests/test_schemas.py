"""The schema registry: derived artefacts stay in sync with the models, and types are what analysts expect."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest
from pydantic import ValidationError

from schemas.arrow import arrow_schema
from schemas.dictionary import data_dictionary
from schemas.generate import rendered
from schemas.records import DATASETS, Event, Mention


def test_generated_schema_files_are_not_stale() -> None:
    stale = [
        str(path.name)
        for path, text in rendered().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `make schemas` and commit: stale {stale}"


def test_event_columns_of_the_output_contract() -> None:
    schema = arrow_schema(Event)
    contract = (
        "event_id event_date time_precision cameo_code cameo_base_code cameo_root_code quad_class goldstein "
        "disorder_type event_type sub_event_type actor1_name actor1_code actor1_country actor1_type "
        "actor1_inter actor2_name actor2_code actor2_country actor2_type actor2_inter iso3 country admin1 "
        "location latitude longitude geo_precision fatalities injuries num_mentions num_sources num_articles "
        "first_seen last_seen article_ids confidence coder_version"
    ).split()
    assert set(contract) <= set(schema.names)
    assert schema.names[0] == "event_id"
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("cameo_code").type == pa.string()
    assert schema.field("first_seen").type == pa.timestamp("us", tz="UTC")
    assert schema.field("article_ids").type == pa.list_(pa.string())
    assert not schema.field("fatalities").nullable
    assert schema.field("actor2_code").nullable


def test_data_dictionary_documents_every_column() -> None:
    docs = data_dictionary()
    for name, ds in DATASETS.items():
        documented = {d.column for d in docs if d.dataset == name}
        assert set(arrow_schema(ds.model).names) | set(ds.partitioning) == documented
    assert all(d.description for d in docs), [d.column for d in docs if not d.description]


def _mention(**overrides: object) -> dict:
    from datetime import UTC, datetime

    row = {
        "mention_id": "0" * 16,
        "article_id": "1" * 16,
        "sentence_index": 0,
        "sentence": "s",
        "char_start": 0,
        "char_end": 1,
        "trigger": "t",
        "trigger_start": 0,
        "trigger_end": 1,
        "factuality": "asserted",
        "date_source": "sentence",
        "event_date": date(2024, 2, 2),
        "time_precision": 1,
        "cameo_code": "0871",
        "cameo_base_code": "087",
        "cameo_root_code": "08",
        "quad_class": 2,
        "goldstein": 9.0,
        "confidence": 0.5,
        "coder_version": "x",
        "published_at": datetime(2024, 2, 2, tzinfo=UTC),
    }
    return row | overrides


def test_models_keep_leading_zeros_and_reject_unknown_codes() -> None:
    assert Mention.model_validate(_mention()).cameo_code == "0871"
    with pytest.raises(ValidationError, match="unknown CAMEO event code"):
        Mention.model_validate(_mention(cameo_code="871"))
    with pytest.raises(ValidationError, match="unknown ACLED sub_event_type"):
        Mention.model_validate(_mention(sub_event_type="Drone strike"))
    with pytest.raises(ValidationError, match="timezone-aware"):
        from datetime import datetime

        Mention.model_validate(_mention(published_at=datetime(2024, 2, 2)))
    with pytest.raises(ValidationError, match="Extra inputs"):
        Mention.model_validate(_mention(typo_column=1))
    with pytest.raises(ValidationError, match="date_source"):
        Mention.model_validate(_mention(date_source="guessed"))  # a closed vocabulary of date rules
