"""Build ``conflict_news.jsonl``: labelled conflict-news sentences cut from the open news corpus.

    python eval/sentences/build.py [--corpus ../shared/corpus] [--out eval/sentences/conflict_news.jsonl]

Two label sources, both on the articles of ``../shared/corpus`` (Wikinews, Global Voices, government releases):
- ``news_pool_labelled.jsonl``: every annotated event's first quote found in its article gives the sentence (or
  the two sentences) holding it; its ACLED sub-event type is the label, null when the annotators gave none
  (statements, meetings, ordinary crime). Trap quotes (sport, metaphor, future …) are null sentences too.
- ``added_labels.jsonl`` (beside this script): sentences the team labelled for sub-event types the pool has
  few of, as ``{article, quote, sub_event_type, why}``; an added label replaces the pool's label for the
  same sentence.

A sentence is labelled once: the event quoted earliest in it decides (a note's scorer also takes the first
event reported); a sentence with two different labels quoted at the same place is left out. Output lines are
``{id, text, published, sub_event_type, source, article}`` sorted by id, so a rebuild is byte-identical.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# A sentence ends at . ! ? (optionally closed by a quote or bracket) before a space and a capital or an
# opening quote, or at a line break; "U.S. forces" and "Gen. Smith" are kept whole by the abbreviations below.
BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
ABBREVIATIONS = (
    *("U.S.", "U.N.", "U.K.", "Gen.", "Col.", "Lt.", "Maj.", "Sgt.", "Mr.", "Mrs.", "Dr.", "St.", "No."),
    *("Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."),  # "Dec. 6, Iraqi forces"
)
MAX_CHARS = 600
# The negatives: sentences that read like conflict news and are not ACLED events. Events of these CAMEO roots
# that ACLED does not code (ordinary crime and policing, sanctions, deployments, resignations, releases) …
NEGATIVE_ROOTS = frozenset({"08", "14", "15", "16", "17", "18", "19", "20"})
# … and traps of these kinds ("attacked the goal", "a battle with cancer", a gas explosion, a planned strike);
# statements, meetings and business news are left to the news evaluation.
NEGATIVE_TRAPS = frozenset(
    {"sport", "metaphor", "accident", "natural", "future", "hypothetical", "negated", "denied"}
)  # a quote spread over more text than this is a paragraph, not a sentence or two


@dataclass(frozen=True)
class Label:
    article: str
    quote: str
    sub_event_type: str | None
    source: str  # "pool" (news_pool_labelled annotations) or "added" (labelled for this set)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in BOUNDARY.finditer(text):
        end = match.start()
        if text[:end].rstrip('"”’)').endswith(ABBREVIATIONS):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def sentence_of(text: str, quote: str) -> tuple[int, int, int] | None:
    """(start, end, quote offset) of the sentences that hold ``quote``; None when it is not in the text."""
    at = text.find(quote)
    if at < 0:
        return None
    spans = [s for s in sentence_spans(text) if s[0] < at + len(quote) and s[1] > at]
    if not spans or spans[-1][1] - spans[0][0] > MAX_CHARS:
        return None
    return spans[0][0], spans[-1][1], at


def pool_labels(rows: list[dict[str, Any]]) -> list[Label]:
    out = []
    for row in rows:
        for event in row["events"]:
            sub = event.get("acled_sub_event_type")
            if sub is None and event["cameo_root"] not in NEGATIVE_ROOTS:
                continue
            quote = next((q for q in event["quotes"] if q in row["text"]), None)
            if quote is not None:
                out.append(Label(row["id"], quote, sub, "pool"))
        out.extend(
            Label(row["id"], trap["quote"], None, "pool")
            for trap in row.get("traps") or []
            if trap["why"].split(":")[0] in NEGATIVE_TRAPS
        )
    return out


def build(corpus: Path, added: Path) -> list[dict[str, Any]]:
    labelled = [json.loads(line) for line in (corpus / "news_pool_labelled.jsonl").open(encoding="utf-8")]
    articles = {a["id"]: a for a in (json.loads(line) for line in (corpus / "news_pool.jsonl").open(encoding="utf-8"))}
    published = {row["id"]: row["published"] for row in labelled}
    extra = [json.loads(line) for line in added.open(encoding="utf-8") if line.strip()] if added.exists() else []
    labels = pool_labels(labelled) + [Label(e["article"], e["quote"], e["sub_event_type"], "added") for e in extra]
    # (article, sentence start) → [(rank, quote offset, label)]: added labels outrank the pool's, events outrank traps
    found: dict[tuple[str, int], list[tuple[int, int, Label]]] = {}
    ends: dict[tuple[str, int], int] = {}
    for label in labels:
        article = articles[label.article]
        span = sentence_of(article["text"], label.quote)
        if span is None:
            if label.source == "added":
                raise ValueError(f"added quote not found as a sentence in {label.article}: {label.quote!r}")
            continue
        start, end, at = span
        rank = 0 if label.source == "added" else 1
        found.setdefault((label.article, start), []).append((rank, at, label))
        ends[(label.article, start)] = max(end, ends.get((label.article, start), end))
    rows = []
    for (article_id, start), candidates in found.items():
        end = ends[(article_id, start)]  # a quote that runs into the next sentence takes both
        best_rank = min(rank for rank, _, _ in candidates)
        ranked = [(at, lab) for rank, at, lab in candidates if rank == best_rank]
        # a sentence that holds an ACLED event is never a negative, whatever else it quotes
        typed = [(at, lab) for at, lab in ranked if lab.sub_event_type is not None]
        pool = typed or ranked
        first = min(at for at, _ in pool)
        subs = {lab.sub_event_type for at, lab in pool if at == first}
        if len(subs) != 1:
            continue
        article = articles[article_id]
        rows.append(
            {
                "id": f"{article_id}@{start}",
                "text": " ".join(article["text"][start:end].split()),
                "published": published.get(article_id) or article["published"] or "2016-06-15",
                "sub_event_type": subs.pop(),
                "source": best_source(pool),
                "article": article_id,
            }
        )
    return sorted(rows, key=lambda r: r["id"])


def best_source(pool: list[tuple[int, Label]]) -> str:
    return "added" if any(lab.source == "added" for _, lab in pool) else "pool"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parents[2] / "shared" / "corpus")
    parser.add_argument("--added", type=Path, default=HERE / "added_labels.jsonl")
    parser.add_argument("--out", type=Path, default=HERE / "conflict_news.jsonl")
    args = parser.parse_args()
    rows = build(args.corpus, args.added)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} sentences, {sum(r['sub_event_type'] is not None for r in rows)} with an ACLED sub-event type")


if __name__ == "__main__":
    main()
