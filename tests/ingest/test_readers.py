"""Readers: every supported format, gzip, and every kind of bad input ends as a reject with a reason."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from eventwire.ingest import readers
from eventwire.ingest.readers import read_file
from tests.conftest import CASES, SEED_ARTICLE, SEEDS


def _one(path: Path, root: Path):  # type: ignore[no-untyped-def]
    result = read_file(path, root)
    assert not result.rejects, result.rejects
    assert len(result.articles) == 1
    return result.articles[0]


def test_seed_layout_title_date_line_dateline_and_attribution() -> None:
    article = _one(SEED_ARTICLE, SEEDS)
    assert article.title == "US launches retaliatory strikes on Iranian-linked militia targets in Iraq, Syria"
    assert article.published_at == datetime(2024, 2, 2, tzinfo=UTC)
    assert article.dateline == "Washington, DC [US]"
    assert article.dateline_date == date(2024, 2, 3)
    assert article.source == "CNN"  # "…, CNN reported." when no publisher is known
    assert article.source_id == article.uri == "000_eee00659cada7720.txt"
    assert article.text.startswith("Washington, DC [US], February 3 :")
    # the dateline is blanked for parsing but offsets are unchanged
    assert len(article.coding_text) == len(article.full_text)
    assert "Washington" not in article.coding_text[article.body_offset : article.body_offset + 40]


def test_markdown_title_marker_is_stripped() -> None:
    article = _one(SEEDS / "014_colombia_cauca_army_dissident_clash.md", SEEDS)
    assert not article.title.startswith("#")
    assert article.published_at.year == 2024


def test_json_object_keeps_its_id_url_and_source() -> None:
    path = SEEDS / "018_eu_russia_sanctions.json"
    raw = json.loads(path.read_text())
    article = _one(path, SEEDS)
    assert article.source_id == raw["id"]
    assert article.url == raw["url"]
    assert article.source == raw["source"]


def test_json_list_with_alternative_keys() -> None:
    result = read_file(SEEDS / "021_wire_batch_mixed_keys.json", SEEDS)
    assert not result.rejects
    assert len(result.articles) == 3
    assert [a.uri for a in result.articles] == [f"021_wire_batch_mixed_keys.json#{i}" for i in range(3)]
    assert all(a.text and a.published_at for a in result.articles)
    assert any(a.title is None for a in result.articles)  # a missing title is fine


def test_jsonl_one_article_per_line() -> None:
    result = read_file(SEEDS / "022_wire_feed_four.jsonl", SEEDS)
    assert len(result.articles) == 4 and not result.rejects
    assert result.articles[0].uri.endswith("#L1")


def test_html_main_text_title_date_url_and_site_name() -> None:
    article = _one(SEEDS / "023_haiti_port_au_prince_gang_attack.html", SEEDS)
    assert article.title == "Gang attack on Port-au-Prince neighbourhood kills at least 15"
    assert article.dateline == "Port-au-Prince, Haiti"  # the repeated <h1> is not left in the body
    assert article.published_at.year == 2024
    assert article.url and article.url.startswith("https://")
    assert article.source == "Example Caribbean News"
    assert "<p>" not in article.text and len(article.text) > 300
    assert "cookie" not in article.text.lower()  # boilerplate (nav, footer) is not article text


@pytest.mark.parametrize("name", ["025_bangladesh_khulna_mob_violence.txt.gz", "026_wire_feed_extra.jsonl.gz"])
def test_gzip_inputs(name: str) -> None:
    result = read_file(SEEDS / name, SEEDS)
    assert result.articles and not result.rejects


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("whitespace_only.md", "empty file"),
        ("binary.txt", "binary file"),
        ("latin1.txt", "not valid UTF-8"),
        ("malformed.json", "malformed JSON"),
        ("truncated.jsonl.gz", "corrupt or truncated gzip"),
        ("no_date.txt", "no publication date"),
        ("report.pdf", "unsupported file type"),
    ],
)
def test_bad_files_become_rejects_with_a_reason(name: str, reason: str) -> None:
    result = read_file(CASES / "bad" / name, CASES / "bad")
    assert not result.articles
    assert len(result.rejects) == 1
    assert reason in result.rejects[0].error
    assert result.rejects[0].uri == name


def test_bad_lines_are_rejected_one_by_one_and_good_lines_kept() -> None:
    result = read_file(CASES / "bad" / "bad_lines.jsonl", CASES / "bad")
    assert [a.source_id for a in result.articles] == ["ok-1"]
    reasons = {r.uri: r.error for r in result.rejects}
    assert set(reasons) == {"bad_lines.jsonl#L2", "bad_lines.jsonl#L3", "bad_lines.jsonl#L4"}
    assert "malformed JSON line" in reasons["bad_lines.jsonl#L2"]
    assert "no article text" in reasons["bad_lines.jsonl#L3"]
    assert "expected a JSON object" in reasons["bad_lines.jsonl#L4"]


def test_huge_file_is_rejected_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("Title\n\nMar 01, 2024\n\n" + "word " * 1000)
    result = read_file(path, tmp_path)
    assert "file too large" in result.rejects[0].error


def test_gzip_bomb_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 10_000)
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"Title\n\nMar 01, 2024\n\n" + b"a" * 1_000_000))
    assert "decompressed file too large" in read_file(path, tmp_path).rejects[0].error


def test_naive_and_date_only_timestamps_are_utc(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"text": "Police arrested five men in Lagos.", "published": "2024-03-05"})
        + "\n"
        + json.dumps({"text": "Police arrested six men in Abuja.", "published": "2024-03-05T10:30:00"})
        + "\n"
        + json.dumps({"text": "Police arrested seven men in Kano.", "published": "2024-03-05T10:30:00+02:00"})
        + "\n"
    )
    stamps = [a.published_at for a in read_file(path, tmp_path).articles]
    assert stamps == [
        datetime(2024, 3, 5, tzinfo=UTC),
        datetime(2024, 3, 5, 10, 30, tzinfo=UTC),
        datetime(2024, 3, 5, 8, 30, tzinfo=UTC),
    ]


def test_unreadable_date_is_a_reject_not_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"text": "Police arrested five men.", "published": "sometime soon"}))
    assert "unreadable publication date" in read_file(path, tmp_path).rejects[0].error


def test_jsonl_line_separator_inside_a_string_does_not_split_the_record(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    record = {"text": "Police arrested five men.\u2028They were released.", "published": "2024-03-05"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\r\n" + json.dumps(record | {"id": "2"}) + "\n")
    result = read_file(path, tmp_path)
    assert not result.rejects and len(result.articles) == 2
