"""What the date and count figures of ``--kind news`` are made of, pair by pair, for reading misses.

``python -m eventwire.evaluation.news_details GOLD OUT.jsonl [--split fit|all]`` codes the articles of a
news-format gold file (news_dev, or the team's labelled pool) with the real coder, matches them as
``eventwire eval --kind news`` does, and writes one line per typed pair (gold and predicted date,
precision, fatalities, arrests, background flag, and the mentions behind the prediction with the rule
that dated each) and one per other prediction (an untyped match, a duplicate, a trap hit or an unlisted
event). The check part of a shared gold file is only ever scored, never read: ``--split check`` is refused.
``all`` is for the team's own labelled data.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from eventwire.evaluation import news
from eventwire.evaluation.runner import code_articles, read_gold
from eventwire.evaluation.split import indices, take
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
        "arrests": m.arrests,
    }


def details(rows: list[dict[str, Any]], mentions: list[Mention]) -> list[dict[str, Any]]:
    """One record per typed pair and per other prediction, in article order."""
    by_article: dict[str, list[Mention]] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    events = news.events_of(mentions)
    out: list[dict[str, Any]] = []
    for row in rows:
        article = news.to_article(row)
        found = events.get(article.article_id, [])
        gold = news.gold_article(row)
        result = news.match(gold, found)
        ours = by_article.get(article.article_id, [])

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
        "arrests": share("gold_arrests", "pred_arrests"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--split", choices=("fit", "all"), default="fit")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    every = read_gold(args.gold)
    rows = take(every, indices(every, args.split))
    mentions = code_articles([news.to_article(r) for r in rows], None, args.workers)
    records = details(rows, mentions)
    with args.out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(json.dumps(summary(records), indent=2))


if __name__ == "__main__":
    main()
