"""The fit part of the conflict-news sentences as training texts of their own: cut from their labelled article
with its events and traps clipped to them, never a check-part sentence nor one of an article held apart, each
in its article's fold; and its candidates labelled by the real coder as the article's are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.decide import sources, train
from eventwire.decide.sentence_views import sentence_rows, view
from eventwire.evaluation import news, split

SHELLED = "{town} troops  shelled\nthe village at dawn on Monday, killing {k} people."
TOWNS = (
    "Syrian",
    "Iraqi",
    "Turkish",
    "Russian",
    "Afghan",
    "Yemeni",
    "Malian",
    "Somali",
    "Nigerien",
    "Libyan",
    "Sudanese",
    "Chadian",
)
TRAP = "Fans attacked the referee's decision in the {k}th minute."


def _article(article_id: str, n: int = 12) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """An article of ``n`` violent sentences and one trap sentence; each sentence with its offset."""
    sentences = [SHELLED.format(town=TOWNS[k], k=k + 2) for k in range(n)] + [TRAP.format(k=n)]
    text = " ".join(sentences)
    at = [(text.index(s), s) for s in sentences]
    events = [
        {
            "quotes": [s[: len(s) // 2]],  # a quote of half the sentence, as the annotators may quote
            "cameo_root": "19",
            "cameo_alt": [],
            "material": True,
            "background": False,
        }
        for _, s in at[:-1]
    ]
    # a quote across two sentences: each sentence gets its own part of it
    events.append({**events[0], "quotes": [f"{at[0][1][-20:]} {at[1][1][:20]}"]})
    row = {
        "id": article_id,
        "published": "2020-03-02",
        "text": text,
        "events": events,
        "traps": [{"quote": at[-1][1], "why": "metaphor"}],
    }
    return row, at


def _sentences_file(path: Path, article_id: str, at: list[tuple[int, str]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for start, sentence in at:
            line = {"id": f"{article_id}@{start}", "text": " ".join(sentence.split()), "article": article_id}
            handle.write(json.dumps(line) + "\n")


def _fitted_id() -> str:
    return next(f"wikinews_x:{k}" for k in range(100) if not sources.held_apart(f"wikinews_x:{k}"))


def _held_id() -> str:
    return next(f"wikinews_x:{k}" for k in range(100) if sources.held_apart(f"wikinews_x:{k}"))


def test_a_sentence_view_is_its_text_in_the_article_with_the_quotes_clipped_to_it() -> None:
    row, at = _article(_fitted_id())
    start, sentence = at[0]
    cut = view(row, f"{row['id']}@{start}", " ".join(sentence.split()))
    assert cut is not None
    assert cut["text"] == sentence  # as written in the article, its line break and double space kept
    quotes = [q for e in cut["events"] for q in e["quotes"]]
    assert quotes == [
        sentence[: len(sentence) // 2].strip(),
        sentence[-20:],
    ]  # its own quote, and its part of the shared one
    assert all(q in cut["text"] for q in quotes)
    assert cut["traps"] == []
    trap_start, trap = at[-1]
    trapped = view(row, f"{row['id']}@{trap_start}", trap)
    assert trapped is not None and trapped["events"] == [] and trapped["traps"][0]["quote"] == trap
    news.gold_article(cut)  # a gold row the news scorer and training read
    # an offset that does not point at the sentence gives no view
    assert view(row, f"{row['id']}@{start + 1}", " ".join(sentence.split())) is None


def test_only_fit_part_sentences_of_fitted_articles_become_rows_in_their_article_s_fold(tmp_path: Path) -> None:
    fitted, fitted_at = _article(_fitted_id())
    held, held_at = _article(_held_id())
    path = tmp_path / "conflict_news.jsonl"
    _sentences_file(path, fitted["id"], fitted_at)
    with path.open("a", encoding="utf-8") as handle:
        for start, sentence in held_at:
            # worded apart from the fitted article's: a check sentence's words are withheld wherever they stand
            text = f"Elsewhere, {sentence}"
            handle.write(json.dumps({"id": f"{held['id']}@{start}", "text": text, "article": held["id"]}) + "\n")
    rows = sentence_rows([fitted, held], path)
    expected = [f"{fitted['id']}@{s}" for s, _ in fitted_at if split.part_of(f"{fitted['id']}@{s}") == "fit"]
    assert expected and len(expected) < len(fitted_at)  # both parts among the sentences
    assert [r["id"] for r in rows] == expected
    for r in rows:
        assert not sources.held_apart(r["id"])
        assert sources.article_fold(r["id"]) == sources.article_fold(fitted["id"])
        assert sources.source_group(r["id"]) == sources.source_group(fitted["id"])
    # a held-apart article's sentences are held apart with it
    assert all(sources.held_apart(f"{held['id']}@{s}") for s, _ in held_at)


def test_a_sentence_row_s_candidates_are_labelled_as_in_its_article(tmp_path: Path) -> None:
    row, at = _article(_fitted_id(), n=4)
    path = tmp_path / "conflict_news.jsonl"
    _sentences_file(path, row["id"], at)
    views = sentence_rows([row], path)
    assert views
    items = train.candidates(views, 1, None)
    by_row: dict[str, set[str]] = {}
    for c in items:
        by_row.setdefault(c.article, set()).add(c.why)
    for v in views:
        trap = not v["events"]
        # the shelling is a real act of root 19 where its quote is; "attacked the referee's decision" no act
        assert by_row.get(v["id"], set()) <= ({"unlisted", "trap:metaphor"} if trap else {"typed"}), v["text"]
    assert any("typed" in whys for whys in by_row.values())
    assert not any(c.held or c.withheld for c in items)


def test_the_shipped_sentences_give_rows_only_of_their_fit_part() -> None:
    if not sources.POOL.is_file():
        pytest.skip("../shared/corpus is absent: the sentences are cut from its labelled articles")
    rows = sources.labelled_sets(sources.POOL, None, Path("unused"))[0].rows
    views = sentence_rows(rows)
    assert views
    assert all(split.part_of(v["id"]) == "fit" and not sources.held_apart(v["id"]) for v in views)
    for v in views:
        gold = news.gold_article(v)  # every quote clipped into the text
        assert all(end <= len(v["text"]) for e in gold.events for _, end in e.spans)


def test_a_fit_sentence_worded_as_a_check_sentence_is_no_row(tmp_path: Path) -> None:
    """One story carried by two articles: a fit-part sentence whose words are a check-part sentence's (under
    another article's id) is not learned from."""
    fitted, fitted_at = _article(_fitted_id())
    other_id = [f"wikinews_x:{k}" for k in range(100) if not sources.held_apart(f"wikinews_x:{k}")][1]
    other, other_at = _article(other_id)
    path = tmp_path / "conflict_news.jsonl"
    _sentences_file(path, fitted["id"], fitted_at)
    twins = [(s, t) for s, t in other_at if split.part_of(f"{other['id']}@{s}") == "check"]
    with path.open("a", encoding="utf-8") as handle:
        for start, sentence in twins:
            handle.write(json.dumps({"id": f"{other['id']}@{start}", "text": sentence, "article": other["id"]}) + "\n")
    rows = sentence_rows([fitted, other], path)
    worded = {" ".join(t.split()) for _, t in twins}
    assert twins and rows
    assert all(" ".join(r["text"].split()) not in worded for r in rows)
