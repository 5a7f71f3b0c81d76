"""The team's labels of geo_dev stored as offsets: the round trip quotes → spans → quotes, the import's checks
(fit part only, never news_dev, quotes verbatim) on articles made up here, and, when ../shared/eval is
present, the committed labels file itself: it materialises, passes check_annotation.py, and holds no
article of news_dev or of geo_dev's check part."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

from eventwire.decide import label_spans
from eventwire.decide.label_spans import LabelError, LabelledArticle, SourceArticle
from eventwire.evaluation.split import part_of

SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
TEXT = (
    "Man charged in Elm Street stabbing. Police arrested a man on Monday after a stabbing on Elm Street. "
    "The council will meet next week. “We are safe,” the mayor said. Police said the stabbing was not random."
)


def _ids(part: str) -> Iterator[str]:
    """Made-up LGL ids of one part of the fit/check split."""
    return (f"LGL:test{n}" for n in count() if part_of(f"LGL:test{n}") == part)


def _record(article_id: str, **extra: object) -> dict[str, object]:
    return {
        "id": article_id,
        "published": "2009-03-20",
        "events": [
            {
                "quotes": ["Man charged in Elm Street stabbing.", "Police arrested a man on Monday"],
                "what": "arrest after a stabbing",
                "cameo_root": "17",
                "cameo_alt": [],
                "material": True,
                "background": False,
                "acled_event_type": None,
                "arrests": 1,
                "reviewer": "second pass",  # a field the guideline does not list is kept as written
            },
            {"quotes": ["the stabbing"], "cameo_root": "18", "material": True, "background": False},
        ],
        "traps": [
            {"quote": "The council will meet next week.", "why": "future"},
            {"quote": "“We are safe,”", "why": "routine-speech"},
        ],
        "notes": "one arrest",
        **extra,
    }


def test_quotes_to_spans_and_back_is_the_record_as_written() -> None:
    record = LabelledArticle.model_validate(_record("LGL:1"))
    spanned = label_spans.to_spans(record, TEXT)
    assert "quotes" not in json.dumps(spanned.model_dump(mode="json"))
    first, second = spanned.events
    assert first.spans == [(0, 35), (36, 67)]
    # a quote found twice is stored at its first place; read back, it is the same string (the scorer matches both)
    assert second.spans == [(TEXT.find("the stabbing"), TEXT.find("the stabbing") + len("the stabbing"))]
    assert spanned.text_sha256 == label_spans.text_digest(TEXT)
    back = label_spans.to_quotes(spanned, TEXT)
    assert back == record
    assert back.model_dump(mode="json", exclude_unset=True) == _record("LGL:1")
    # through the file format as well
    stored = label_spans.SpannedArticle.model_validate_json(json.dumps(spanned.model_dump(mode="json")))
    assert label_spans.to_quotes(stored, TEXT) == record


def test_a_quote_not_in_the_text_or_a_changed_text_is_refused() -> None:
    wrong = _record("LGL:1")
    wrong["traps"] = [{"quote": "The council will meet next month.", "why": "future"}]
    with pytest.raises(LabelError, match="LGL:1 trap 0: quote is not verbatim"):
        label_spans.to_spans(LabelledArticle.model_validate(wrong), TEXT)
    spanned = label_spans.to_spans(LabelledArticle.model_validate(_record("LGL:1")), TEXT)
    with pytest.raises(LabelError, match="source text changed"):
        label_spans.to_quotes(spanned, TEXT.replace("Monday", "Sunday"))


def test_the_joined_row_reads_like_a_news_dev_line() -> None:
    source = SourceArticle("LGL:1", "LGL", "http://example.org/1", TEXT)
    row = label_spans.gold_row(LabelledArticle.model_validate(_record("LGL:1")), source)
    assert list(row)[:5] == ["id", "corpus", "url", "published", "text"]
    assert row["text"] == TEXT and row["events"][0]["quotes"][0] == "Man charged in Elm Street stabbing."


def test_import_keeps_fit_articles_only_and_is_idempotent(tmp_path: Path) -> None:
    fit, check = _ids("fit"), _ids("check")
    kept, in_news_dev, in_check, late = next(fit), next(fit), next(check), next(fit)
    sources = {i: SourceArticle(i, "LGL", None, TEXT) for i in (kept, in_news_dev, in_check, late)}
    labeller = tmp_path / "batch-1.jsonl"
    lines = [
        _record(kept),
        _record(in_news_dev),
        _record(in_check),
        _record(late, published="2009-03-21"),  # not the day news_dev gives LGL: relative dates would shift
        _record(kept),
    ]
    labeller.write_text("".join(json.dumps(r) + "\n" for r in lines) + '{"id": "LGL:', encoding="utf-8")
    found = label_spans.import_labels([labeller], sources, news_dev={in_news_dev})
    assert [r.id for r in found.records] == [kept]
    problems = "\n".join(found.problems)
    assert f"{in_news_dev}: an article of news_dev.jsonl" in problems
    assert f"{in_check}: in the check part" in problems
    assert f"{late}: published '2009-03-21'" in problems
    assert f"{labeller}:5: {kept}: labelled twice" in problems
    assert f"{labeller}:6: not a guideline record" in problems  # a line still being written
    assert len(found.problems) == 5

    spans, geo_dev, news_dev = tmp_path / "labels.jsonl", tmp_path / "geo_dev.jsonl", tmp_path / "news_dev.jsonl"
    geo_dev.write_text(
        "".join(json.dumps({"id": i, "corpus": "LGL", "text": TEXT}) + "\n" for i in sources), encoding="utf-8"
    )
    news_dev.write_text(json.dumps({"id": in_news_dev}) + "\n", encoding="utf-8")
    command = ["--labels", str(spans), "--geo-dev", str(geo_dev), "import", str(labeller), "--news-dev", str(news_dev)]
    assert label_spans.main(command) == 1 and not spans.exists()  # refused records: nothing written
    assert label_spans.main([*command, "--skip-invalid"]) == 0
    written = spans.read_bytes()
    assert TEXT[:20].encode() not in written  # offsets, not text
    assert label_spans.main([*command, "--skip-invalid"]) == 0
    assert spans.read_bytes() == written  # the same files give the same bytes
    assert [r["id"] for r in label_spans.gold_rows(spans, geo_dev)] == [kept]


def test_training_refuses_a_labels_file_edited_to_hold_articles_it_may_not_learn_from(tmp_path: Path) -> None:
    """The selection is checked where training reads the labels too, not only at import: a check-part article
    or one of news_dev written into the file by hand is refused."""
    fit, check = _ids("fit"), _ids("check")
    kept, in_news_dev, in_check = next(fit), next(fit), next(check)
    geo_dev, spans = tmp_path / "geo_dev.jsonl", tmp_path / "labels.jsonl"
    geo_dev.write_text(
        "".join(json.dumps({"id": i, "corpus": "LGL", "text": TEXT}) + "\n" for i in (kept, in_news_dev, in_check)),
        encoding="utf-8",
    )
    for edited, why in ((in_check, "in the check part"), (in_news_dev, "an article of news_dev.jsonl")):
        label_spans.write_spans(
            spans, [label_spans.to_spans(LabelledArticle.model_validate(_record(i)), TEXT) for i in (kept, edited)]
        )
        (tmp_path / "news_dev.jsonl").write_text(json.dumps({"id": in_news_dev}) + "\n", encoding="utf-8")
        with pytest.raises(LabelError, match=why):
            label_spans.gold_rows(spans, geo_dev)
    label_spans.write_spans(spans, [label_spans.to_spans(LabelledArticle.model_validate(_record(kept)), TEXT)])
    assert [r["id"] for r in label_spans.gold_rows(spans, geo_dev)] == [kept]


def test_import_merges_by_id(tmp_path: Path) -> None:
    fit = _ids("fit")
    a, b = next(fit), next(fit)
    spanned = {i: label_spans.to_spans(LabelledArticle.model_validate(_record(i)), TEXT) for i in (a, b)}
    redone = label_spans.to_spans(LabelledArticle.model_validate(_record(a, notes="redone")), TEXT)
    merged = label_spans.merged([spanned[b], spanned[a]], [redone])
    assert [r.id for r in merged] == sorted([a, b]) and next(r for r in merged if r.id == a).notes == "redone"


@pytest.fixture(scope="module")
def committed() -> list[dict[str, object]]:
    if not (SHARED_EVAL / "geo_dev.jsonl").is_file():
        pytest.skip("../shared/eval is absent: the labels hold offsets into its geo_dev.jsonl, which is not shipped")
    if not label_spans.LABELS.is_file():
        pytest.skip(f"{label_spans.LABELS} is not there yet")
    return label_spans.gold_rows(label_spans.LABELS, SHARED_EVAL / "geo_dev.jsonl")


def test_the_committed_labels_pass_check_annotation(committed: list[dict[str, object]]) -> None:
    result = label_spans.check(label_spans.LABELS, SHARED_EVAL / "geo_dev.jsonl", SHARED_EVAL / "check_annotation.py")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith(f"{len(committed)} articles checked, 0 problems")


def test_the_committed_labels_are_of_the_fit_part_and_not_news_dev(committed: list[dict[str, object]]) -> None:
    ids = [str(r["id"]) for r in committed]
    assert ids and len(set(ids)) == len(ids)
    news_dev = label_spans.read_ids(SHARED_EVAL / "news_dev.jsonl")
    assert not set(ids) & news_dev
    assert {part_of(i) for i in ids} == {"fit"}
    assert {str(r["corpus"]) for r in committed} <= set(label_spans.PUBLISHED)
    # the file holds no text of geo_dev: no quote field, and no sentence-long quote anywhere in its bytes (a
    # short one may match a labeller's own description of the event)
    stored = label_spans.LABELS.read_text(encoding="utf-8")
    assert '"quote' not in stored and '"text"' not in stored
    quotes = [q for r in committed for e in r["events"] for q in e["quotes"] if len(q) > 60]  # type: ignore[attr-defined]
    assert quotes and not any(q in stored for q in quotes)
