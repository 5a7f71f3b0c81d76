"""Does a change to the NLP stage leave the coder's output as it was? Codes the gold files and the news pool
(``../shared``) with ``pipeline.code_batch`` and writes every mention, all fields, as JSON; ``--compare A B``
lists every mention that differs between two such files.

    .venv/bin/python bench/same_mentions.py --out /tmp/before.json
    .venv/bin/python bench/same_mentions.py --out /tmp/after.json
    .venv/bin/python bench/same_mentions.py --compare /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from eventwire import pipeline  # noqa: E402
from eventwire.evaluation import acled, news, plover, sentences  # noqa: E402
from eventwire.evaluation.runner import read_gold  # noqa: E402
from eventwire.ingest.article import InputArticle  # noqa: E402

SHARED = ROOT.parent / "shared"


def _pool_article(row: dict[str, Any]) -> InputArticle:
    """A news-pool article with its headline, as a run reads one (the headline is parsed too)."""
    day = datetime.fromisoformat(row["published"])
    return InputArticle(
        source_id=str(row["id"]),
        uri=str(row["id"]),
        text=row["text"],
        title=row.get("title") or None,
        published_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
    )


FILES: dict[str, tuple[Path, Callable[[dict[str, Any]], InputArticle]]] = {
    "news": (SHARED / "eval" / "news_dev.jsonl", news.to_article),
    "acled": (SHARED / "eval" / "acled_dev.jsonl", acled.to_article),
    "plover": (SHARED / "eval" / "plover_gsr.jsonl", plover.to_article),
    "sentences": (ROOT / "eval" / "sentences" / "conflict_news.jsonl", sentences.to_article),
    "news_pool": (SHARED / "corpus" / "news_pool_labelled.jsonl", _pool_article),
}


def code_all(names: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """file → uri → that article's mentions (JSON fields, sorted by mention id)."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name in names:
        path, to_article = FILES[name]
        articles = [to_article(r) for r in read_gold(path)]
        by_id = {a.article_id: a.uri for a in articles}
        found: dict[str, list[dict[str, Any]]] = {a.uri: [] for a in articles}
        for batch in pipeline.batches(articles, 100):
            result = pipeline.code_batch(batch)
            for m in result.mentions:
                found[by_id[m.article_id]].append(m.model_dump(mode="json"))
        out[name] = {uri: sorted(ms, key=lambda m: str(m["mention_id"])) for uri, ms in found.items()}
        print(f"{name}: {len(articles)} articles, {sum(len(v) for v in found.values())} mentions", file=sys.stderr)
    return out


def differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """One line per mention present in one file only, or present in both with different fields."""
    lines = []
    for name in sorted(set(a) | set(b)):
        for uri in sorted(set(a.get(name, {})) | set(b.get(name, {}))):
            before = {m["mention_id"]: m for m in a.get(name, {}).get(uri, [])}
            after = {m["mention_id"]: m for m in b.get(name, {}).get(uri, [])}
            for mid in sorted(set(before) | set(after)):
                x, y = before.get(mid), after.get(mid)
                if x is None and y is not None:
                    lines.append(f"{name} {uri}: + {y['cameo_code']} {y['trigger']!r} in {y['sentence'][:100]!r}")
                elif y is None and x is not None:
                    lines.append(f"{name} {uri}: - {x['cameo_code']} {x['trigger']!r} in {x['sentence'][:100]!r}")
                elif x is not None and y is not None:
                    changed = {k: (x[k], y.get(k)) for k in x if x[k] != y.get(k)}
                    if changed:
                        lines.append(f"{name} {uri}: ~ {x['trigger']!r} {changed}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every mention here (JSON)")
    parser.add_argument("--files", nargs="*", default=list(FILES), choices=list(FILES))
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        lines = differences(before, after)
        print("\n".join(lines) or "identical")
        total = sum(len(ms) for f in before.values() for ms in f.values())
        print(f"{len(lines)} differences among {total} mentions", file=sys.stderr)
        return
    if args.out is None:
        parser.error("--out or --compare")
    args.out.write_text(json.dumps(code_all(args.files), sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
