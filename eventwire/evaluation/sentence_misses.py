"""Why the coder misses labelled sentences, sentence by sentence, for reading the fit part.

``python -m eventwire.evaluation.sentence_misses GOLD OUT.jsonl [--split fit|all]`` codes a sentences file
(``{text, published, sub_event_type}`` lines, as ``eventwire eval --kind sentences`` reads it) with the real
coder, decision step included, and writes one line per sentence: the gold sub-event type, the predicted
one (the sentence's lead event, as the scorer takes it), why they differ (``cause``) and every candidate
mention with its factuality and whether the decision kept it. It prints, per gold sub-event type, how many
sentences fall under each cause, and for sentences labelled null which ACLED types the coder gave them. The
check part of a shared gold file is only ever scored, never read: ``--split check`` is refused.

Causes, in the order they are tried, for a sentence labelled with an ACLED type:

- ``right``: the lead event has the gold sub-event type;
- ``no candidate``: the rules proposed nothing in the sentence;
- ``typed wrong``: the lead event has another ACLED type (``right_candidate`` says whether a candidate of
  the gold type was there and lost to it);
- ``cameo only``: the lead event has no ACLED type;
- ``dropped by decision``: no event, and an asserted candidate was dropped by the decision step;
- ``not asserted``: no event, and every candidate was future, hypothetical, background, aggregate …
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from eventwire.evaluation import sentences
from eventwire.evaluation.runner import code_part, events_by_article, lead_event, mentions_by_article, write_jsonl
from schemas.records import Mention

CAUSES = ("right", "no candidate", "typed wrong", "cameo only", "dropped by decision", "not asserted")


def _candidate(m: Mention) -> dict[str, Any]:
    return {
        "trigger": m.trigger,
        "code": m.cameo_code,
        "sub_event_type": m.sub_event_type,
        "factuality": m.factuality,
        "kept": m.kept,
        "confidence": m.confidence,
        "actor1": m.actor1_name,
        "actor1_inter": m.actor1_inter,
        "actor2": m.actor2_name,
        "actor2_inter": m.actor2_inter,
    }


def cause(gold: str, lead: dict[str, Any] | None, ours: list[Mention]) -> str:
    """Why a sentence labelled ``gold`` got the lead event ``lead`` from the candidates ``ours``."""
    if lead is not None and lead.get("sub_event_type") == gold:
        return "right"
    if not ours:
        return "no candidate"
    if lead is not None:
        return "typed wrong" if lead.get("sub_event_type") else "cameo only"
    if any(m.factuality == "asserted" and not m.kept for m in ours):
        return "dropped by decision"
    return "not asserted"


def records(rows: list[dict[str, Any]], mentions: list[Mention]) -> list[dict[str, Any]]:
    """One record per sentence: gold, prediction, cause (sentences with an ACLED label) and candidates."""
    events = events_by_article(mentions)
    by_article = mentions_by_article(mentions)
    out = []
    for row in rows:
        article_id = sentences.to_article(row).article_id
        found = events.get(article_id, [])
        typed = [e for e in found if e["event_type"] is not None]
        lead = lead_event(typed or found)  # as acled.note_events picks a note's event
        ours = by_article.get(article_id, [])
        gold = sentences.gold_label(row)
        out.append(
            {
                "id": row.get("id"),
                "text": row["text"],
                "gold": gold,
                "pred": lead.get("sub_event_type") if lead else None,
                "cause": cause(gold, lead, ours) if gold is not None else None,
                "right_candidate": gold is not None and any(m.sub_event_type == gold for m in ours),
                "candidates": [_candidate(m) for m in ours],
            }
        )
    return out


def table(recs: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    """Sentences with an ACLED label counted by gold sub-event type and cause."""
    out: dict[str, Counter[str]] = {}
    for r in recs:
        if r["gold"] is not None:
            out.setdefault(r["gold"], Counter())[r["cause"]] += 1
    return dict(sorted(out.items(), key=lambda kv: -sum(kv[1].values())))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--split", choices=("fit", "all"), default="fit")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    rows, mentions = code_part(args.gold, args.split, sentences.to_article, args.workers)
    recs = records(rows, mentions)
    write_jsonl(args.out, recs)
    print("gold sub-event type | " + " | ".join(CAUSES) + " | all")
    counts = table(recs)
    for gold, row in counts.items():
        print(f"{gold} | " + " | ".join(str(row[c]) for c in CAUSES) + f" | {sum(row.values())}")
    totals = [sum(row[c] for row in counts.values()) for c in CAUSES]
    print("all | " + " | ".join(map(str, totals)) + f" | {sum(totals)}")
    false = Counter(r["pred"] for r in recs if r["gold"] is None and r["pred"] is not None)
    print(f"null sentences given an ACLED type: {sum(false.values())} of {sum(r['gold'] is None for r in recs)}")
    for sub, n in false.most_common():
        print(f"  {sub}: {n}")


if __name__ == "__main__":
    main()
