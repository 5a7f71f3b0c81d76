"""Ids are content hashes: the same content always gets the same id, on any machine, in any run."""

from __future__ import annotations

from datetime import UTC, datetime

from eventwire.ingest.article import InputArticle, stable_id


def _article(text: str, title: str | None = "Title", uri: str = "a.txt") -> InputArticle:
    return InputArticle(source_id=uri, uri=uri, text=text, published_at=datetime(2024, 1, 1, tzinfo=UTC), title=title)


def test_article_id_depends_on_content_not_on_file_or_wrapping() -> None:
    a = _article("Troops clashed with rebels.\nTwo died.", uri="one.txt")
    b = _article("Troops  clashed with rebels. Two died. ", uri="other/two.jsonl#L4")
    assert a.article_id == b.article_id and len(a.article_id) == 16
    assert a.article_id != _article("Troops clashed with rebels. Three died.").article_id
    assert a.article_id != _article("Troops clashed with rebels. Two died.", title="Other").article_id


def test_stable_id_is_a_fixed_function() -> None:
    # a literal: if this changes, every dataset ever written changes ids
    assert stable_id("event", "2024-02-02", "19", "USA", "IRQ", "IRQ") == "f4b1156966b3c0bc"
    assert stable_id("a", None) == stable_id("a", "")
