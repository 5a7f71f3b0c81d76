"""The team's labels of the news pool's long articles, joined with the corpus text at training time.

``../shared/corpus/news_pool_labelled.jsonl`` annotates the pool's articles of up to 1,200 words; the 30
longer ones (Wikinews interviews and features, Global Voices posts) were labelled by the team under the same
guideline into ``labels/pool_long.jsonl``. Its lines are the guideline's records as written (``id``,
``published``, ``events`` with their quotes, ``traps``, ``notes``); the text, headline and url are the
corpus's (``../shared/corpus/news_pool.jsonl``, openly licensed, attributed in its README and in
``labels/README.md``), joined here so that the repository does not keep a second copy of 760,000 characters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.decide.label_spans import LabelError
from eventwire.evaluation.runner import read_gold

LABELS = Path(__file__).resolve().parents[2] / "labels" / "pool_long.jsonl"
POOL_TEXT = Path("../shared/corpus/news_pool.jsonl")
_JOINED = ("title", "text", "url")  # what a row takes from the corpus


def _quotes(record: dict[str, Any]) -> list[str]:
    return [q for e in record.get("events", []) for q in e.get("quotes", [])] + [
        t["quote"] for t in record.get("traps", [])
    ]


def join_problems(record: dict[str, Any], article: dict[str, Any] | None, labelled: set[str]) -> list[str]:
    """Why a label may not be joined with its article (none: it may): the article must be in the corpus and
    not already annotated in the pool's labelled file (one record per article), keep the corpus's day, and
    every quote must be verbatim in its text."""
    rid = str(record.get("id"))
    if article is None:
        return [f"{rid}: not an article of the news pool"]
    problems = []
    if rid in labelled:
        problems.append(f"{rid}: already in the pool's labelled file")
    if record.get("published") != article.get("published"):
        problems.append(f"{rid}: published {record.get('published')!r}, the corpus says {article.get('published')!r}")
    problems += [f"{rid}: quote not in the text: {q[:60]!r}" for q in _quotes(record) if q not in article["text"]]
    return problems


def joined(record: dict[str, Any], article: dict[str, Any]) -> dict[str, Any]:
    """A label with its article's text, headline and url: a row like the pool's labelled file's."""
    return {**record, **{k: article.get(k) for k in _JOINED}}


def gold_rows(labels: Path = LABELS, pool_text: Path = POOL_TEXT, labelled: Path | None = None) -> list[dict[str, Any]]:
    """The stored labels joined with the corpus text, in the file's order (training reads these); refuses the
    whole file on any problem, naming each, rather than train on a part of it."""
    articles = {str(a["id"]): a for a in read_gold(pool_text)}
    already = {str(r["id"]) for r in read_gold(labelled)} if labelled is not None and labelled.is_file() else set()
    records = read_gold(labels)
    problems = [p for r in records for p in join_problems(r, articles.get(str(r.get("id"))), already)]
    ids = [str(r.get("id")) for r in records]
    problems += [f"{i}: labelled twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise LabelError(f"{labels}: {len(problems)} problems, e.g. " + "; ".join(problems[:5]))
    return [joined(r, articles[str(r["id"])]) for r in records]
