"""Ordinary news with every reported event annotated (news_dev.jsonl): precision and recall of the coder
on a real feed, scored as ../shared/eval/README.md ("news_dev.jsonl: how it is scored") says.

Predicted events are taken per article: the article's asserted mentions grouped by ``event_id`` (each
article consolidated on its own), with the event row's fields. A predicted event overlaps a gold event
when one of its mentions' sentence spans overlaps one of the gold quotes (every place the quote occurs in
the text); it is *typed* when its CAMEO root is the gold root or one of the gold alternatives. Matching is
one to one and greedy: typed pairs first, then by overlap length (characters of the gold quotes the
prediction's sentences cover), then text order. An unmatched prediction is a *duplicate* when it overlaps
a gold event (which is then already matched), else a *trap hit* when it overlaps a trap quote, else
*unlisted*. Field agreement is measured on typed pairs only, where the gold gives the field.

Each gold row is coded as a run codes an article (``to_article``: the JSON reader's path, headline as the
title, parsed as sentence 0 in headline mode): a row's ``title`` field is its headline (the labelled pool),
and LGL texts, which open with their headline run into the body ("… while he slept . A Rochester man …"),
have it split off (``layout``). Gold quotes are offsets into the row's ``text`` and are moved to where that
text lies in the article's ``full_text``, so a gold event quoted only in an LGL headline is matched by a
prediction on the headline sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import polars as pl

from eventwire.consolidate import assign_events, build_events, mention_frame
from eventwire.decide.calibration import expected_calibration_error, noise_floor, reliability_table
from eventwire.evaluation import metrics as m
from eventwire.evaluation.runner import code_articles
from eventwire.ingest.article import InputArticle, headline_prefix
from eventwire.ingest.caps import CAPS
from eventwire.ingest.readers import read_record
from schemas.records import Mention

Span = tuple[int, int]  # [start, end) character offsets into the article text


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """One coded event of an article, with what the scorer compares."""

    event_id: str
    spans: tuple[Span, ...]  # sentence spans of its asserted mentions
    cameo_root: str
    event_type: str | None = None
    iso3: str | None = None
    event_date: str | None = None
    fatalities: int = 0
    actor1: str | None = None
    confidence: float = 0.0
    arrests: int = 0
    injuries: int = 0


@dataclass(frozen=True, slots=True)
class GoldEvent:
    spans: tuple[Span, ...]  # every occurrence of every quote
    cameo_root: str
    cameo_alt: frozenset[str]
    material: bool
    background: bool
    acled_event_type: str | None
    iso3: str | None
    event_date: str | None
    fatalities: int | None
    actor1: str | None
    injuries: int | None = None
    arrests: int | None = None

    @property
    def counts_for_recall(self) -> bool:
        return self.material and not self.background

    def typed(self, cameo_root: str) -> bool:
        return cameo_root == self.cameo_root or cameo_root in self.cameo_alt


@dataclass(frozen=True, slots=True)
class Trap:
    spans: tuple[Span, ...]
    why: str  # the reason's head word: sport, future, other, …


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    events: tuple[GoldEvent, ...]
    traps: tuple[Trap, ...]


@dataclass(frozen=True, slots=True)
class Matching:
    """The outcome for one article: matched pairs (prediction, gold, typed) and unmatched predictions."""

    pairs: tuple[tuple[int, int, bool], ...]
    duplicates: tuple[int, ...]
    trap_hits: tuple[tuple[int, str], ...]  # (prediction, why of the trap it overlaps most)
    unlisted: tuple[int, ...]


# Corpora of news_dev whose texts open with the headline: it ends at the first full stop (a space before it
# in some) followed by a space and no lowercase letter, so "Mound Center set to open in S.C. today" and
# "Major Mich. utilities seek …" keep their abbreviations (checked on all 61 LGL articles).
HEADLINE_IN_TEXT = frozenset({"LGL"})
_HEADLINE_END = re.compile(r"[ \t]?\.[ \t]+(?=[^a-z\s])")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a gold row's ``text`` lies in the ``full_text`` of the article a run codes from it: its
    ``[0, head_end)`` is the headline (LGL), copied to the start; its ``[body_start, …)`` is the body, after the
    headline's ``headline_prefix``. ``headline_quoted``: the annotators saw the headline in the text and could
    quote it (false for a separate ``title`` field: the pool's quotes are of the body only)."""

    title: str | None
    body: str
    head_end: int
    body_start: int
    headline_quoted: bool

    @property
    def _lead(self) -> int:
        return len(self.body) - len(self.body.lstrip())  # the reader strips the body

    def position(self, offset: int, end: bool) -> int:
        """An offset into the row's text → the same place in the article's ``full_text``."""
        if offset >= self.body_start + self._lead:
            return offset - self.body_start - self._lead + len(headline_prefix(self.title))
        if offset <= self.head_end:
            return offset
        return self.head_end + int(end)  # between headline and body: at the headline's full stop

    def spans(self, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        return tuple((self.position(a, False), self.position(b, True)) for a, b in spans)


def layout(row: dict[str, Any]) -> Layout:
    text = str(row["text"])
    if row.get("title"):
        return Layout(str(row["title"]), text, 0, 0, headline_quoted=False)
    found = _HEADLINE_END.search(text) if row.get("corpus") in HEADLINE_IN_TEXT else None
    if found is not None and 0 < found.start() <= CAPS.title_chars:
        return Layout(text[: found.start()], text[found.end() :], found.start(), found.end(), headline_quoted=True)
    return Layout(None, text, 0, 0, headline_quoted=True)


def occurrences(text: str, quote: str) -> list[Span]:
    """Every place ``quote`` stands in ``text`` (overlapping ones too), as ``(start, end)``."""
    spans: list[Span] = []
    start = text.find(quote)
    while start >= 0 and quote:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def _occurrences(text: str, quote: str, where: str) -> tuple[Span, ...]:
    spans = occurrences(text, quote)
    if not spans:
        raise ValueError(f"{where}: quote is not in the text: {quote[:80]!r}")
    return tuple(spans)


def _quotes(text: str, quotes: list[str], where: str) -> tuple[Span, ...]:
    return tuple(span for q in quotes for span in _occurrences(text, q, where))


def gold_article(row: dict[str, Any]) -> GoldArticle:
    """A gold line as typed records, its spans in the coded article's ``full_text`` (``layout``); a quote that
    is not verbatim in the text is an error in the file."""
    text, article, place = row["text"], str(row["id"]), layout(row)
    events = tuple(
        GoldEvent(
            spans=place.spans(_quotes(text, e["quotes"], f"{article} event {i}")),
            cameo_root=str(e["cameo_root"]),
            cameo_alt=frozenset(str(r) for r in e.get("cameo_alt") or ()),
            material=bool(e["material"]),
            background=bool(e.get("background")),
            acled_event_type=e.get("acled_event_type"),
            iso3=e.get("country_iso3"),
            event_date=e.get("event_date"),
            fatalities=e.get("fatalities"),
            actor1=e.get("actor1"),
            injuries=e.get("injuries"),
            arrests=e.get("arrests"),
        )
        for i, e in enumerate(row["events"])
    )
    traps = tuple(
        Trap(
            spans=place.spans(_quotes(text, [t["quote"]], f"{article} trap {i}")),
            why=str(t.get("why") or "").split(":")[0],
        )
        for i, t in enumerate(row.get("traps") or ())
    )
    return GoldArticle(id=article, events=events, traps=traps)


def to_article(row: dict[str, Any]) -> InputArticle:
    """The article a run reads from the row (``ingest.readers.read_record``: headline as title, dateline,
    caps): its text, headline and the publication date the annotators resolved relative dates against."""
    place = layout(row)
    record = {"id": str(row["id"]), "title": place.title, "text": place.body, "published": row["published"]}
    article = read_record(record | {"url": row.get("url")}, str(row["id"]))
    if len(article.text) != len(place.body.strip()) or article.body_offset != len(headline_prefix(place.title)):
        raise ValueError(f"{row['id']}: the reader changed the text's length: gold quotes would not line up")
    return article


def events_of(mentions: list[Mention]) -> dict[str, list[PredictedEvent]]:
    """Article id → its events (asserted mentions consolidated per article), in text order."""
    if not mentions:
        return {}
    frame = assign_events(mention_frame(mentions), per_article=True)
    spans: dict[str, list[Span]] = {}
    for event_id, start, end in (
        frame.filter(pl.col("event_id").is_not_null()).select("event_id", "char_start", "char_end").iter_rows()
    ):
        spans.setdefault(event_id, []).append((start, end))
    out: dict[str, list[PredictedEvent]] = {}
    for row in build_events(frame).iter_rows(named=True):
        out.setdefault(row["article_ids"][0], []).append(
            PredictedEvent(
                event_id=row["event_id"],
                spans=tuple(sorted(set(spans[row["event_id"]]))),
                cameo_root=row["cameo_root_code"],
                event_type=row["event_type"],
                iso3=row["iso3"],
                event_date=row["event_date"].isoformat() if row["event_date"] else None,
                fatalities=row["fatalities"] or 0,
                actor1=row["actor1_name"],
                confidence=row["confidence"],
                arrests=row["arrests"] or 0,
                injuries=row["injuries"] or 0,
            )
        )
    for events in out.values():
        events.sort(key=lambda e: (e.spans[0], e.event_id))
    return out


def predict(
    rows: list[dict[str, Any]], model: str | None, workers: int, prescan: bool = True
) -> list[list[PredictedEvent]]:
    articles = [to_article(r) for r in rows]
    found = events_of(code_articles(articles, model, workers, prescan))
    return [found.get(a.article_id, []) for a in articles]


def _merge(spans: tuple[Span, ...]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def overlap(a: tuple[Span, ...], b: tuple[Span, ...]) -> int:
    """Characters covered by both span sets (each set's overlapping spans counted once)."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in _merge(a) for s2, e2 in _merge(b))


def match(gold: GoldArticle, preds: list[PredictedEvent]) -> Matching:
    """One-to-one greedy matching of one article's predictions with its gold events (module docstring)."""
    candidates = []
    for p, pred in enumerate(preds):
        for g, event in enumerate(gold.events):
            chars = overlap(pred.spans, event.spans)
            if chars:
                candidates.append((not event.typed(pred.cameo_root), -chars, p, g))
    pairs: list[tuple[int, int, bool]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for untyped, _, p, g in sorted(candidates):
        if p not in used_p and g not in used_g:
            pairs.append((p, g, not untyped))
            used_p.add(p)
            used_g.add(g)
    duplicates, trap_hits, unlisted = [], [], []
    for p, pred in enumerate(preds):
        if p in used_p:
            continue
        if any(overlap(pred.spans, e.spans) for e in gold.events):
            duplicates.append(p)
            continue
        hit = max(((overlap(pred.spans, t.spans), -i) for i, t in enumerate(gold.traps)), default=(0, 0))
        if hit[0]:
            trap_hits.append((p, gold.traps[-hit[1]].why))
        else:
            unlisted.append(p)
    return Matching(tuple(sorted(pairs)), tuple(duplicates), tuple(trap_hits), tuple(unlisted))


_WORD = re.compile(r"[^\W\d_]{3,}")


def same_actor(gold: str, pred: str | None) -> bool:
    """The README's rule: the names share a word of three letters or more (case aside)."""
    if not pred:
        return False
    return bool({w.casefold() for w in _WORD.findall(gold)} & {w.casefold() for w in _WORD.findall(pred)})


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def score(rows: list[dict[str, Any]], preds: list[list[PredictedEvent]]) -> dict[str, Any]:
    n_gold = n_material = n_predicted = typed = real = typed_material = 0
    duplicates = unlisted = empty_articles = empty_predicted = 0
    trap_why: Counter[str] = Counter()
    confidences: list[float] = []
    outcomes: list[bool] = []  # per predicted event: a typed match
    agree: dict[str, list[bool]] = {
        k: [] for k in ("acled_type", "iso3", "date", "fatalities", "injuries", "arrests", "actor1")
    }
    for row, found in zip(rows, preds, strict=True):
        gold = gold_article(row)
        n_gold += len(gold.events)
        n_material += sum(e.counts_for_recall for e in gold.events)
        n_predicted += len(found)
        if not gold.events:
            empty_articles += 1
            empty_predicted += len(found)
        result = match(gold, found)
        real += len(result.pairs)
        duplicates += len(result.duplicates)
        unlisted += len(result.unlisted)
        trap_why.update(why for _, why in result.trap_hits)
        typed_preds = {p for p, _, is_typed in result.pairs if is_typed}
        confidences.extend(e.confidence for e in found)
        outcomes.extend(p in typed_preds for p in range(len(found)))
        for p, g, is_typed in result.pairs:
            if not is_typed:
                continue
            pred, event = found[p], gold.events[g]
            typed += 1
            typed_material += event.counts_for_recall
            if event.acled_event_type is not None:
                agree["acled_type"].append(pred.event_type == event.acled_event_type)
            if event.iso3 is not None:
                agree["iso3"].append(pred.iso3 == event.iso3)
            if event.event_date is not None:
                agree["date"].append(pred.event_date == event.event_date)
            if event.fatalities is not None:
                agree["fatalities"].append(pred.fatalities == event.fatalities)
            if event.injuries is not None:
                agree["injuries"].append(pred.injuries == event.injuries)
            if event.arrests is not None:
                agree["arrests"].append(pred.arrests == event.arrests)
            if event.actor1 is not None:
                agree["actor1"].append(same_actor(event.actor1, pred.actor1))
    precision, recall = _ratio(typed, n_predicted), _ratio(typed_material, n_material)
    f1 = None if precision is None or recall is None else m.f1(precision, recall)
    overall: dict[str, Any] = {
        "n_articles": len(rows),
        "n_gold_events": n_gold,
        "n_material_events": n_material,
        "n_predicted": n_predicted,
        "typed_matches": typed,
        "matches": real,
        "precision": precision,
        "precision_real": _ratio(real, n_predicted),
        "recall_material": recall,
        "f1": f1,
        "duplicates": duplicates,
        "duplicate_share": _ratio(duplicates, n_predicted),
        "trap_hits": sum(trap_why.values()),
        "unlisted": unlisted,
        "n_empty_articles": empty_articles,
        "false_events_per_empty_article": _ratio(empty_predicted, empty_articles),
    }
    for key, hits in agree.items():
        overall[f"{key}_agree"] = m.share(hits)
        overall[f"n_{key}"] = len(hits)
    # confidence as a probability that a predicted event is a typed match (10 equal bins)
    table = reliability_table(confidences, outcomes)
    overall["calibration_error"] = expected_calibration_error(table) if confidences else None
    # what a perfectly calibrated confidence would show on this many events: an error near it is chance
    overall["calibration_noise_floor"] = noise_floor(confidences) if confidences else None
    overall["mean_confidence"] = sum(confidences) / len(confidences) if confidences else None
    return {
        "overall": overall,
        "trap_hits_by_why": dict(sorted(trap_why.items())),
        "reliability": [
            {"low": b.low, "high": b.high, "n": b.n, "mean_predicted": b.mean_predicted, "observed": b.observed}
            for b in table
        ],
    }
