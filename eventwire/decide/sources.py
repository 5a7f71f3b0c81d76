"""What the decision model learns from: the labelled news pool and the team's labels of local and health news,
each article with its kind of source (the unit of the cross-validation folds) and its place in training
(fitted or held apart), fixed functions of its id."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.decide import label_spans, pool_labels
from eventwire.evaluation.runner import read_gold
from eventwire.evaluation.split import part_of

POOL = Path("../shared/corpus/news_pool_labelled.jsonl")
# The team's conflict-news sentences are cut from the pool's articles, and their check part is only ever
# scored: the model is not fitted on candidates in those sentences (``scored_sentences``).
SENTENCES = Path(__file__).resolve().parents[2] / "eval" / "sentences" / "conflict_news.jsonl"
HELD_BELOW = 64  # first digest byte of "decide:" + id below this → held apart (a quarter of every source)
FOLDS = 5  # article folds the heads are calibrated on (``article_fold``)
# The kinds of source, in the folds' order, and what each holds. GeoVirus articles are Wikinews stories too,
# but about epidemics, a kind of news the pool barely has: a fold of their own says how the model does on it.
GROUPS = {
    "wikinews": "Wikinews 2019–20, GUM, MEANTIME (pool)",
    "globalvoices": "Global Voices citizen media (pool)",
    "government": "government press releases and statements (pool)",
    "local": "US local news, LGL (team labels of geo_dev)",
    "health": "health and epidemic news, GeoVirus (team labels of geo_dev)",
}


@dataclass(frozen=True, slots=True)
class LabelledSet:
    """One labelled file's articles as gold rows (``text``, ``events`` with quotes, ``traps``, …)."""

    name: str  # what the card calls it
    rows: list[dict[str, Any]]


def base_id(row_id: str) -> str:
    """The article a training row is cut from: a conflict-news sentence's row (``sentence_views``) has the id
    ``<article>@<offset>``, and is held apart or folded with its article, never apart from it."""
    return row_id.split("@", 1)[0]


def held_apart(article_id: str) -> bool:
    """Whether an article is kept apart from fitting (a fixed function of its id, salted so that it is
    independent of the evaluation files' fit/check split)."""
    return hashlib.sha256(f"decide:{base_id(article_id)}".encode()).digest()[0] < HELD_BELOW


def article_fold(article_id: str) -> str:
    """One of ``FOLDS`` article folds, a fixed function of the id (salted apart from ``held_apart``)."""
    return f"fold{hashlib.sha256(f'decide-fold:{base_id(article_id)}'.encode()).digest()[0] % FOLDS}"


def source_of(article_id: str) -> str:
    """The source an article came from: its id's prefix (``wikinews_gum``, ``re3d_centcom``, ``LGL``, …)."""
    return article_id.split(":", 1)[0]


def source_group(article_id: str) -> str:
    """The kind of source (``GROUPS``), the unit of the cross-validation folds: the pool's ``wikinews``,
    ``globalvoices`` and ``government`` (the re3d press releases and statements), and the team's labels of
    geo_dev, ``local`` (LGL) and ``health`` (GeoVirus)."""
    source = source_of(article_id)
    if source.startswith("wikinews"):
        return "wikinews"
    if source.startswith("globalvoices"):
        return "globalvoices"
    if source == "LGL":
        return "local"
    if source == "GeoVirus":
        return "health"
    return "government"


def labelled_sets(
    pool: Path | None,
    labels: Path | None,
    geo_dev: Path,
    long_labels: Path | None = None,
    pool_text: Path = pool_labels.POOL_TEXT,
) -> list[LabelledSet]:
    """The pool's rows, the stored labels joined with geo_dev's text (``label_spans.gold_rows``) and the
    team's labels of the pool's long articles joined with the corpus text (``pool_labels.gold_rows``); ``None``
    leaves a source out."""
    out = []
    if pool is not None:
        out.append(LabelledSet(pool.name, read_gold(pool)))
    if long_labels is not None:
        if not long_labels.is_file():
            raise FileNotFoundError(f"{long_labels} is missing (--no-labels trains on the pool alone)")
        if not pool_text.is_file():
            raise FileNotFoundError(f"{pool_text} is missing: the labels in {long_labels} are joined with its text")
        rows = pool_labels.gold_rows(long_labels, pool_text, pool)
        out.append(LabelledSet(f"{long_labels.name} (text from {pool_text.name})", rows))
    if labels is not None:
        if not labels.is_file():
            raise FileNotFoundError(f"{labels} is missing (--no-labels trains on the pool alone)")
        if not geo_dev.is_file():
            raise FileNotFoundError(
                f"{geo_dev} is missing: the labels in {labels} hold offsets into its text (--geo-dev, or --no-labels)"
            )
        out.append(LabelledSet(f"{labels.name} (text from {geo_dev.name})", label_spans.gold_rows(labels, geo_dev)))
    if not any(s.rows for s in out):
        raise ValueError("no labelled articles to train on")
    return out


def sentence_end(text: str, start: int, sentence: str) -> int:
    """Where a sentence cut from ``text`` at ``start`` ends there: the sentence file collapsed its whitespace,
    so count its other characters."""
    left, at = len("".join(sentence.split())), start
    while left and at < len(text):
        left -= not text[at].isspace()
        at += 1
    return at


def scored_sentences(texts: dict[str, str], path: Path = SENTENCES) -> dict[str, list[tuple[int, int]]]:
    """Article id → the ``(start, end)`` in its text of each conflict-news sentence of the check part
    (``evaluation.split``), for the articles in ``texts`` (id → the labelled row's text), and of every other
    place the same words stand in any of those articles (one story carried by two articles of the corpus)."""
    out: dict[str, list[tuple[int, int]]] = {}
    if not path.is_file():  # silently fitting on the check part would be worse than stopping
        raise FileNotFoundError(f"{path} is missing: training withholds the check part of its sentences")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if part_of(str(row["id"])) != "check":
            continue
        words = str(row["text"]).split()
        pattern = re.compile(r"\s+".join(map(re.escape, words)))
        longest = max(words, key=len)
        for article, text in texts.items():
            if longest in text:
                for m in pattern.finditer(text):
                    out.setdefault(article, []).append((m.start(), m.end()))
    return {a: sorted(set(spans)) for a, spans in out.items()}
