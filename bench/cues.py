"""Which pre-scan cues keep sentences that code nothing: `.venv/bin/python bench/cues.py`.

Reads real news (the bench texts, ../shared/eval/geo_dev.jsonl, and the labelled news pool,
../shared/corpus/news_pool_labelled.jsonl), pre-scans and codes every article as a run does, and counts per
trigger cue word (the word at which a trigger entry of ``triggers.yaml`` could match): the sentences kept only
for it (no other cue and no context reason: not headline, lede, toll, date, place or coreference), their
characters, and the mentions coded from them (a mention's trigger sentence); and the articles parsed only
because of it (no other cue anywhere in them). The worst cues lead the table. ``--show WORD`` prints the
sentences kept only for WORD. ``bench/same_mentions.py`` codes the same sets (``GOLD`` and ``corpora``) to compare
the coder's output before and after a cue change.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT)]

from eventwire.coding.prescan import (  # noqa: E402
    _LEAD_WORDS,
    _PRONOUN_LOOKBACK,
    cue_hits,
    cues,
    sentence_spans,
    sentence_words,
)
from eventwire.coding.scene_phrases import scene_names  # noqa: E402
from eventwire.evaluation import acled, news, plover, sentences  # noqa: E402
from eventwire.evaluation.runner import code_articles, read_gold  # noqa: E402
from eventwire.ingest.article import InputArticle  # noqa: E402

BENCH_TEXTS = SHARED / "eval" / "geo_dev.jsonl"
POOL = SHARED / "corpus" / "news_pool_labelled.jsonl"
GOLD = {
    "news_dev": (SHARED / "eval" / "news_dev.jsonl", news.to_article),
    "acled_dev": (SHARED / "eval" / "acled_dev.jsonl", acled.to_article),
    "plover_gsr": (SHARED / "eval" / "plover_gsr.jsonl", plover.to_article),
    "conflict_news": (ROOT / "eval" / "sentences" / "conflict_news.jsonl", sentences.to_article),
}
PUBLISHED = datetime(2024, 6, 1, tzinfo=UTC)


def bench_article(row: dict[str, Any]) -> InputArticle:
    return InputArticle(source_id=str(row["id"]), uri=str(row["id"]), text=row["text"], published_at=PUBLISHED)


def pool_article(row: dict[str, Any]) -> InputArticle:
    day = date.fromisoformat(row["published"][:10])
    return InputArticle(
        source_id=str(row["id"]),
        uri=str(row["id"]),
        text=row["text"],
        title=row.get("title"),
        published_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
    )


def corpora() -> dict[str, list[InputArticle]]:
    out = {"geo_dev": [bench_article(r) for r in read_gold(BENCH_TEXTS)], "news_pool": []}
    if POOL.exists():
        out["news_pool"] = [pool_article(r) for r in read_gold(POOL)]
    return out


def sentence_cues(article: InputArticle) -> tuple[list[tuple[int, int]], list[list[str]], list[bool]]:
    """Per sentence of the article: its span, the cue words that could match there, and whether it is kept for
    another reason than a cue (headline, lede, context words, a fronted date, a place, coreference)."""
    c = cues()
    text = article.coding_text
    headline_end = article.body_offset if article.title is not None else 0
    spans = sentence_spans(text, c.abbreviations)
    lede = next((i for i, (a, _) in enumerate(spans) if a >= headline_end), None)
    hits: list[list[str]] = []
    other = [False] * len(spans)
    for i, (a, b) in enumerate(spans):
        sentence = text[a:b]
        words = sentence_words(sentence, c)
        hits.append(sorted(set(cue_hits(words, sentence, c, headline=a < headline_end))))
        context = (
            a < headline_end
            or i == lede
            or bool(c.context.intersection(words))
            or bool(c.dates.intersection(words[:_LEAD_WORDS]))
            or bool(scene_names(sentence, c))
        )
        other[i] = other[i] or context
        if (hits[i] or context) and c.referring.intersection(words):
            for j in range(max(0, i - _PRONOUN_LOOKBACK), i):
                other[j] = True
    return spans, hits, other


def measure(articles: list[InputArticle], show: str | None) -> dict[str, Counter[str]]:
    mentions = code_articles(articles)
    by_sentence: Counter[tuple[str, int]] = Counter((m.article_id, m.sentence_index) for m in mentions)
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        spans, hits, other = sentence_cues(article)
        article_cues = {w for h in hits for w in h}
        if len(article_cues) == 1:
            table[next(iter(article_cues))]["articles_only"] += 1
        for i, ((a, b), words) in enumerate(zip(spans, hits, strict=True)):
            for w in words:
                table[w]["sentences"] += 1
            if len(words) == 1 and not other[i]:
                found = by_sentence[(article.article_id, i)]
                row = table[words[0]]
                row["kept_only"] += 1
                row["chars_only"] += b - a
                row["mentions_only"] += found
                if show == words[0]:
                    print(f"[{found}] {article.coding_text[a:b][:220]}")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=30, help="cue words to print")
    parser.add_argument("--show", help="print the sentences kept only for this cue word")
    args = parser.parse_args()
    total: dict[str, Counter[str]] = defaultdict(Counter)
    for articles in corpora().values():
        for word, row in measure(articles, args.show).items():
            total[word].update(row)
    print(f"{'cue':<16}{'sentences':>10}{'kept only':>10}{'chars':>9}{'mentions':>9}{'articles':>9}")
    worst = sorted(total.items(), key=lambda kv: kv[1]["mentions_only"] - kv[1]["kept_only"])
    for word, row in worst[: args.top]:
        print(
            f"{word:<16}{row['sentences']:>10}{row['kept_only']:>10}{row['chars_only']:>9}"
            f"{row['mentions_only']:>9}{row['articles_only']:>9}"
        )
    print(
        "all",
        {k: sum(r[k] for r in total.values()) for k in ("sentences", "kept_only", "chars_only", "mentions_only")},
    )


if __name__ == "__main__":
    main()
