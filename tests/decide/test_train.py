"""Training: the pool coded as a run codes an article (headline as sentence 0), a candidate on a headline its
annotators could not quote labelled by the event it joins (the real coder), and the event calibration's shift."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from eventwire import CODER_VERSION
from eventwire.decide import sources, train
from eventwire.decide.label_spans import LabelError
from eventwire.evaluation import news, split

ARREST = "Police arrested two men in Dayton on Monday after a shooting outside a bar."
COUNCIL = "The city council met on Tuesday to discuss the budget for next year."


def _event(quote: str, root: str) -> dict[str, Any]:
    return {"quotes": [quote], "cameo_root": root, "cameo_alt": [], "material": True, "background": False}


def test_a_headline_candidate_takes_the_label_of_the_body_event_it_joins() -> None:
    rows = [
        {
            "id": "wikinews_test:1",
            "title": "Police arrest two men in Dayton",
            "published": "2024-03-05",
            "text": f"{ARREST} {COUNCIL}",
            "events": [_event(ARREST, "17")],
            "traps": [],
        },
        {  # the headline's march is nowhere in the body: no event of the body to take a label from
            "id": "wikinews_test:2",
            "title": "Protesters march in Columbus",
            "published": "2024-03-05",
            "text": COUNCIL,
            "events": [],
            "traps": [],
        },
    ]
    items = train.candidates(rows, 1, None)
    # the body sentence also holds "after a shooting", an act of its own (18): the arrest is the one compared
    by = {(c.article, c.mention.sentence_index): c for c in items if c.mention.cameo_root_code != "18"}
    headline, body = by[("wikinews_test:1", 0)], by[("wikinews_test:1", 1)]
    assert headline.mention.char_start < news.to_article(rows[0]).body_offset  # the title is sentence 0
    assert headline.mention.cameo_root_code == body.mention.cameo_root_code == "17"
    # no gold quote covers the headline, so its own label would say unlisted; its event's body says typed
    assert train.label(news.gold_article(rows[0]), headline.mention) == (False, "unlisted")
    assert (headline.label, headline.why) == (body.label, body.why) == (True, "typed")
    assert (by[("wikinews_test:2", 0)].label, by[("wikinews_test:2", 0)].why) == (False, "unlisted")
    assert not any(c.label for c in items if c.mention.cameo_root_code == "04")


def test_shift_keeps_the_slope_and_matches_the_observed_rate() -> None:
    # equal logits: the offset of greatest likelihood makes the one probability the observed rate (1 in 4)
    slope, offset = train.shift(np.zeros(8), np.array([1, 0, 0, 0, 1, 0, 0, 0]))
    assert slope == 1.0 and offset == pytest.approx(math.log(0.25 / 0.75))
    # in general the mean calibrated probability equals the observed rate (the likelihood's stationary point)
    scores, y = np.array([-2.0, -1.0, 0.0, 0.5, 1.0, 2.0]), np.array([0, 0, 1, 0, 1, 1])
    _, offset = train.shift(scores, y)
    assert float(np.mean(1 / (1 + np.exp(-(scores + offset))))) == pytest.approx(0.5)
    assert train.event_fit("sigmoid", scores, y) != train.event_fit("shift", scores, y)


def test_every_kind_of_source_has_its_fold_and_its_held_apart_part() -> None:
    groups = {i: train.source_group(i) for i in ("LGL:4", "GeoVirus:7", "wikinews_gum:1", "globalvoices:3", "re3d_x:2")}
    assert list(groups.values()) == ["local", "health", "wikinews", "globalvoices", "government"]
    assert set(groups.values()) == set(sources.GROUPS)
    for prefix in ("LGL", "GeoVirus"):  # the salted hash keeps about a quarter of each apart
        assert 0.18 < sum(train.held_apart(f"{prefix}:{n}") for n in range(400)) / 400 < 0.32


LOCAL = "Man charged in Elm Street stabbing. Police arrested a man on Monday after a stabbing on Elm Street."


def test_local_news_labels_train_as_a_run_reads_them_and_the_cache_codes_only_what_it_lacks(tmp_path: Path) -> None:
    """A row of the local labels (as ``label_spans.gold_row`` makes it: an LGL text with its headline inline,
    quoted by the labellers) labels its headline candidate by its own quote; a cached rerun codes only new
    articles and gives what coding afresh gives."""
    arrest = {
        **_event("Police arrested a man on Monday", "17"),
        "quotes": ["Man charged in Elm Street stabbing.", "Police arrested a man on Monday"],
    }
    local = {
        "id": "LGL:test1",
        "corpus": "LGL",
        "url": None,
        "published": "2009-03-20",
        "text": LOCAL,
        "events": [arrest],
        "traps": [],
    }
    pool = {
        "id": "wikinews_test:1",
        "title": "Police arrest two men in Dayton",
        "published": "2024-03-05",
        "text": ARREST,
        "events": [_event(ARREST, "17")],
        "traps": [],
    }
    items = train.candidates([local], 1, None)
    headline = [c for c in items if c.mention.sentence_index == 0]
    assert headline and headline[0].mention.char_end <= len("Man charged in Elm Street stabbing.")
    assert [(c.label, c.why) for c in headline] == [(True, "typed")]
    assert train.source_group(items[0].article) == "local"

    cache = tmp_path / "candidates.jsonl"
    articles = [news.to_article(r) for r in (pool, local)]
    first = train.coded(articles[:1], 1, cache)
    # mark the cached mentions: a rerun that reads them back (and does not code the article again) keeps the mark
    head, *lines = cache.read_text(encoding="utf-8").split("\n")
    marked = [json.dumps(json.loads(line) | {"confidence": 0.123}) for line in lines if line]
    cache.write_text("\n".join([head, *marked]) + "\n", encoding="utf-8")
    both = train.coded(articles, 1, cache)
    assert [m.confidence for m in both[: len(first)]] == [0.123] * len(first)
    fresh = train.coded(articles, 1, None)
    assert [m.model_copy(update={"confidence": 0}) for m in both] == [
        m.model_copy(update={"confidence": 0}) for m in fresh
    ]
    assert json.loads(cache.read_text(encoding="utf-8").split("\n")[0]) == {
        "articles": sorted(a.article_id for a in articles),
        "coder": CODER_VERSION,
    }
    # a cache of another coder version's rules is not read: the marked mentions are coded again
    head, *lines = cache.read_text(encoding="utf-8").split("\n")
    cache.write_text("\n".join([head.replace(CODER_VERSION, "0.0.1"), *lines]), encoding="utf-8")
    assert [m.confidence for m in train.coded(articles, 1, cache)[: len(first)]] != [0.123] * len(first)


def test_a_missing_labels_file_or_text_is_a_clear_error(tmp_path: Path) -> None:
    labels, geo_dev = tmp_path / "labels.jsonl", tmp_path / "geo_dev.jsonl"
    with pytest.raises(FileNotFoundError, match=r"labels\.jsonl is missing"):
        sources.labelled_sets(None, labels, geo_dev)
    labels.write_text("", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=r"geo_dev\.jsonl is missing: the labels in"):
        sources.labelled_sets(None, labels, geo_dev)
    geo_dev.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="no labelled articles"):
        sources.labelled_sets(None, labels, geo_dev)


def _pool_files(tmp_path: Path, record: dict[str, object]) -> tuple[Path, Path, Path]:
    text = "Police arrested two men on Monday. The mayor said the budget is tight."
    corpus, pool, labels = tmp_path / "news_pool.jsonl", tmp_path / "labelled.jsonl", tmp_path / "long.jsonl"
    article = {"id": "wikinews_x:9", "title": "Two held", "text": text, "published": "2020-03-02", "url": "u"}
    corpus.write_text(json.dumps(article) + "\n", encoding="utf-8")
    pool.write_text(json.dumps({**article, "id": "wikinews_x:1", "events": [], "traps": []}) + "\n", encoding="utf-8")
    labels.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return corpus, pool, labels


def test_the_long_articles_labels_are_joined_with_the_corpus_text(tmp_path: Path) -> None:
    event = {"quotes": ["Police arrested two men on Monday."], "cameo_root": "17", "material": True}
    record = {"id": "wikinews_x:9", "published": "2020-03-02", "events": [event], "traps": [], "notes": ""}
    corpus, pool, labels = _pool_files(tmp_path, record)
    sets = sources.labelled_sets(pool, None, tmp_path / "geo_dev.jsonl", labels, corpus)
    assert [s.name for s in sets] == ["labelled.jsonl", "long.jsonl (text from news_pool.jsonl)"]
    (row,) = sets[1].rows
    assert row["text"].startswith("Police arrested") and row["title"] == "Two held" and row["events"] == [event]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"id": "wikinews_x:404"}, "not an article of the news pool"),
        ({"id": "wikinews_x:1"}, "not an article of the news pool"),  # in the labelled file, not the corpus
        ({"published": "2020-03-03"}, "the corpus says '2020-03-02'"),
        ({"traps": [{"quote": "The mayor said the budget is tight!", "kind": "routine"}]}, "quote not in the text"),
    ],
)
def test_a_long_articles_label_that_does_not_fit_its_text_is_refused(
    tmp_path: Path, change: dict[str, object], problem: str
) -> None:
    record = {"id": "wikinews_x:9", "published": "2020-03-02", "events": [], "traps": [], "notes": "", **change}
    corpus, pool, labels = _pool_files(tmp_path, record)
    with pytest.raises(LabelError, match=problem):
        sources.labelled_sets(pool, None, tmp_path / "geo_dev.jsonl", labels, corpus)


def test_a_long_article_already_in_the_pools_labelled_file_is_refused(tmp_path: Path) -> None:
    record = {"id": "wikinews_x:9", "published": "2020-03-02", "events": [], "traps": [], "notes": ""}
    corpus, pool, labels = _pool_files(tmp_path, record)
    pool.write_text(pool.read_text() + json.dumps({"id": "wikinews_x:9", "events": []}) + "\n", encoding="utf-8")
    with pytest.raises(LabelError, match="already in the pool's labelled file"):
        sources.labelled_sets(pool, None, tmp_path / "geo_dev.jsonl", labels, corpus)


def test_the_check_part_of_the_conflict_news_sentences_is_never_fitted_on(tmp_path: Path) -> None:
    """The conflict-news sentences are cut from the pool's articles: a sentence of their check part is found in
    the article's text (whitespace collapsed in the file) and its candidates are withheld from fitting."""
    sentences = [f"Troops  shelled\nthe village number {k} at dawn." for k in range(12)]
    text = " ".join(sentences)
    starts = [text.index(s) for s in sentences]
    parts = {start: split.part_of(f"wikinews_x:9@{start}") for start in starts}
    check = [s for s in starts if parts[s] == "check"]
    assert check and len(check) < len(starts)  # both parts among the twelve
    path = tmp_path / "conflict_news.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for start, sentence in zip(starts, sentences, strict=True):
            row = {"id": f"wikinews_x:9@{start}", "text": " ".join(sentence.split()), "article": "wikinews_x:9"}
            handle.write(json.dumps(row) + "\n")
        handle.write(json.dumps({"id": "other:1@0", "text": "Elsewhere.", "article": "other:1"}) + "\n")
    scored = sources.scored_sentences({"wikinews_x:9": text}, path)
    assert list(scored) == ["wikinews_x:9"]
    assert scored["wikinews_x:9"] == [(s, s + len(sentences[starts.index(s)])) for s in check]


def test_a_check_sentence_carried_by_a_second_article_is_withheld_there_too(tmp_path: Path) -> None:
    """One story in two articles of the corpus: the check sentence's words are withheld wherever they stand,
    not only in the article its id names, and a fit sentence elsewhere stays."""
    sentences = [f"Gunmen attacked the checkpoint number {k} near the border." for k in range(12)]
    check = next(s for s in sentences if split.part_of(f"wikinews_x:9@{sentences.index(s) * 100}") == "check")
    path = tmp_path / "conflict_news.jsonl"
    path.write_text(
        json.dumps({"id": f"wikinews_x:9@{sentences.index(check) * 100}", "text": check, "article": "wikinews_x:9"})
        + "\n",
        encoding="utf-8",
    )
    carried = check.replace(" the ", " the\n  ")  # the other article breaks its lines elsewhere
    twin = "Earlier reports.  " + carried + " Nothing else."
    scored = sources.scored_sentences({"wikinews_y:3": twin}, path)
    start = twin.index("Gunmen")
    assert scored == {"wikinews_y:3": [(start, start + len(carried))]}


def test_a_long_article_labelled_twice_or_a_missing_sentences_file_is_refused(tmp_path: Path) -> None:
    record = {"id": "wikinews_x:9", "published": "2020-03-02", "events": [], "traps": [], "notes": ""}
    corpus, pool, labels = _pool_files(tmp_path, record)
    labels.write_text(labels.read_text() * 2, encoding="utf-8")
    with pytest.raises(LabelError, match="wikinews_x:9: labelled twice"):
        sources.labelled_sets(pool, None, tmp_path / "geo_dev.jsonl", labels, corpus)
    with pytest.raises(FileNotFoundError, match="withholds the check part"):
        sources.scored_sentences({"wikinews_x:9": "text"}, tmp_path / "absent.jsonl")
    with pytest.raises(FileNotFoundError, match=r"absent\.jsonl is missing"):
        sources.labelled_sets(pool, None, tmp_path / "geo_dev.jsonl", tmp_path / "absent.jsonl", corpus)


def test_a_model_that_learned_short_texts_adds_no_domain_prior_to_them() -> None:
    """The domain prior stands in for the domain of a text too short to judge, for a model that never saw one;
    once the sentences' rows give such texts a weight of their own, adding the prior too would count it twice."""
    from eventwire.decide.model import UNKNOWN_DOMAIN

    items = [
        train.Candidate("a", False, False, True, True, "typed", frozenset({"dom=conflict:1+"}), None)  # type: ignore[arg-type]
    ]
    assert train.domain_prior(items, {"dom=conflict:1+": 0.4}) == 0.4
    assert train.domain_prior(items, {"dom=conflict:1+": 0.4, UNKNOWN_DOMAIN: 0.2}) == 0.0
