"""What the date and count figures of ``--kind news`` are made of, pair by pair, for reading misses.

``python -m eventwire.evaluation.news_details GOLD OUT.jsonl [--split fit|all]`` codes the articles of a
news-format gold file (news_dev, or the team's labelled pool) with the real coder, matches them as
``eventwire eval --kind news`` does, and writes one line per typed pair (gold and predicted date,
precision, fatalities, arrests, background flag, and the mentions behind the prediction with the rule
that dated each) and one per other prediction (an untyped match, a duplicate, a trap hit or an unlisted
event). ``--misses OUT.jsonl`` also writes one line per material, non-background gold event with no typed match,
with why it was missed (``miss_cause``) and prints them counted by cause and by gold CAMEO root. The check
part of a shared gold file is only ever scored, never read: ``--split check`` is refused.
``all`` is for the team's own labelled data.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.evaluation import news
from eventwire.evaluation.runner import code_part, mentions_by_article, write_jsonl
from schemas.records import Mention


def _mention_view(m: Mention) -> dict[str, Any]:
    return {
        "sentence": m.sentence,
        "trigger": m.trigger,
        "code": m.cameo_code,
        "factuality": m.factuality,
        "kept": m.kept,
        "event_date": m.event_date.isoformat(),
        "time_precision": m.time_precision,
        "date_source": m.date_source,
        "fatalities": m.fatalities,
        "injuries": m.injuries,
        "arrests": m.arrests,
    }


def _scored(
    rows: list[dict[str, Any]], mentions: list[Mention]
) -> Iterator[tuple[dict[str, Any], list[news.PredictedEvent], news.GoldArticle, news.Matching, list[Mention]]]:
    """Each gold row with its predicted events, gold article, match (as ``--kind news`` scores it) and every
    mention coded from it."""
    by_article = mentions_by_article(mentions)
    events = news.events_of(mentions)
    for row in rows:
        article_id = news.to_article(row).article_id
        found = events.get(article_id, [])
        gold = news.gold_article(row)
        yield row, found, gold, news.match(gold, found), by_article.get(article_id, [])


def details(rows: list[dict[str, Any]], mentions: list[Mention]) -> list[dict[str, Any]]:
    """One record per typed pair and per other prediction, in article order."""
    out: list[dict[str, Any]] = []
    for row, found, _, result, ours in _scored(rows, mentions):

        def behind(pred: news.PredictedEvent, ours: list[Mention] = ours) -> list[dict[str, Any]]:
            return [
                _mention_view(m)
                for m in ours
                if (m.char_start, m.char_end) in pred.spans and m.cameo_root_code == pred.cameo_root
            ]

        for p, g, typed in result.pairs:
            if not typed:
                continue
            pred, event = found[p], row["events"][g]
            out.append(
                {
                    "id": row["id"],
                    "published": row["published"],
                    "kind": "pair",
                    "what": event.get("what"),
                    "background": bool(event.get("background")),
                    "gold_date": event.get("event_date"),
                    "gold_precision": event.get("date_precision"),
                    "pred_date": pred.event_date,
                    "date_agrees": event.get("event_date") is None or pred.event_date == event.get("event_date"),
                    "gold_fatalities": event.get("fatalities"),
                    "pred_fatalities": pred.fatalities,
                    "gold_injuries": event.get("injuries"),
                    "pred_injuries": pred.injuries,
                    "gold_arrests": event.get("arrests"),
                    "pred_arrests": pred.arrests,
                    "mentions": behind(pred),
                }
            )
        kinds = {p: "untyped" for p, _, typed in result.pairs if not typed}
        kinds |= {p: "duplicate" for p in result.duplicates} | {p: "unlisted" for p in result.unlisted}
        kinds |= {p: f"trap:{why}" for p, why in result.trap_hits}
        for p in sorted(kinds):
            pred = found[p]
            out.append(
                {
                    "id": row["id"],
                    "published": row["published"],
                    "kind": kinds[p],
                    "pred_date": pred.event_date,
                    "pred_fatalities": pred.fatalities,
                    "mentions": behind(pred),
                }
            )
    return out


MISS_CAUSES = ("no candidate", "wrong root", "not asserted", "dropped by decision", "taken by another event")


def miss_cause(event: news.GoldEvent, ours: list[Mention]) -> tuple[str, list[dict[str, Any]]]:
    """Why a gold event has no typed match, and the candidates its quotes' sentences hold.

    In order: no candidate mention on any sentence of its quotes (the rules proposed nothing); only candidates
    of another CAMEO root; candidates of the right root that are not asserted (factuality: future, background,
    hypothetical …; the detail says which); asserted ones the decision step dropped; else a kept, asserted
    candidate whose event the one-to-one matching gave to another gold event (or that merged into an event of
    another root).
    """
    on = [m for m in ours if news.overlap(((m.char_start, m.char_end),), event.spans)]
    views = [_mention_view(m) for m in on]
    if not on:
        return "no candidate", views
    right = [m for m in on if event.typed(m.cameo_root_code)]
    if not right:
        return "wrong root", views
    asserted = [m for m in right if m.factuality == "asserted"]
    if not asserted:
        return "not asserted", views
    if not any(m.kept for m in asserted):
        return "dropped by decision", views
    return "taken by another event", views


def misses(rows: list[dict[str, Any]], mentions: list[Mention]) -> list[dict[str, Any]]:
    """One record per material, non-background gold event without a typed match (every candidate, kept or not,
    asserted or not, counts as a candidate)."""
    out: list[dict[str, Any]] = []
    for row, _, gold, result, ours in _scored(rows, mentions):
        typed = {g for _, g, is_typed in result.pairs if is_typed}
        for g, event in enumerate(gold.events):
            if g in typed or not event.counts_for_recall:
                continue
            cause, candidates = miss_cause(event, ours)
            raw = row["events"][g]
            out.append(
                {
                    "id": row["id"],
                    "cameo_root": event.cameo_root,
                    "cameo_alt": sorted(event.cameo_alt),
                    "what": raw.get("what"),
                    "quotes": raw["quotes"],
                    "actor1": raw.get("actor1"),
                    "miss_cause": cause,
                    "candidates": candidates,
                }
            )
    return out


def miss_table(records: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Misses counted by gold CAMEO root (rows) and cause (columns)."""
    table: dict[str, dict[str, int]] = {}
    for r in records:
        row = table.setdefault(r["cameo_root"], dict.fromkeys(MISS_CAUSES, 0))
        row[r["miss_cause"]] += 1
    return dict(sorted(table.items()))


def summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Agreement on typed pairs where the gold gives the field (as the news score counts it), and arrests."""
    pairs = [r for r in records if r["kind"] == "pair"]

    def share(field: str, pred: str) -> dict[str, Any]:
        hits = [r[pred] == r[field] for r in pairs if r[field] is not None]
        return {"agree": sum(hits) / len(hits) if hits else None, "n": len(hits)}

    return {
        "typed_pairs": len(pairs),
        "other_predictions": len(records) - len(pairs),
        "date": share("gold_date", "pred_date"),
        "date_background": {
            "agree": (
                sum(r["pred_date"] == r["gold_date"] for r in pairs if r["background"] and r["gold_date"])
                / max(1, sum(1 for r in pairs if r["background"] and r["gold_date"]))
            ),
            "n": sum(1 for r in pairs if r["background"] and r["gold_date"]),
        },
        "fatalities": share("gold_fatalities", "pred_fatalities"),
        "injuries": share("gold_injuries", "pred_injuries"),
        "arrests": share("gold_arrests", "pred_arrests"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--split", choices=("fit", "all"), default="fit")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--misses", type=Path, help="also write the missed material gold events here, with causes")
    args = parser.parse_args(argv)
    rows, mentions = code_part(args.gold, args.split, news.to_article, args.workers)
    records = details(rows, mentions)
    write_jsonl(args.out, records)
    print(json.dumps(summary(records), indent=2))
    if args.misses:
        missed = misses(rows, mentions)
        write_jsonl(args.misses, missed)
        table = miss_table(missed)
        print("root | " + " | ".join(MISS_CAUSES) + " | all")
        for root, counts in table.items():
            print(f"{root} | " + " | ".join(str(counts[c]) for c in MISS_CAUSES) + f" | {sum(counts.values())}")
        totals = [sum(t[c] for t in table.values()) for c in MISS_CAUSES]
        print("all | " + " | ".join(map(str, totals)) + f" | {sum(totals)}")


if __name__ == "__main__":
    main()
