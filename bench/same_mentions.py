"""Does a change leave the coder's output as it was? Codes every gold file, the team's conflict-news sentences,
the bench texts and the news pool (the sets of ``bench/cues.py``) as the nightly run codes them
(``pipeline.code_batch``: pre-scan, parse, rules, decision step) and writes, per article, its row (all fields but
``ingested_at``, the clock), its mentions (all fields) and its rejects, as JSON; ``--compare A B`` lists every
article row, mention or reject that differs between two such files. The gold labels are not read, only the
texts; the files stay in ``../shared``.

    .venv/bin/python bench/same_mentions.py --out /tmp/before.json   # on the old tree
    .venv/bin/python bench/same_mentions.py --out /tmp/after.json    # on the new one
    .venv/bin/python bench/same_mentions.py --compare /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cues import GOLD, corpora  # this folder is on the path of a script run from it

from eventwire import pipeline
from eventwire.evaluation.runner import read_gold
from eventwire.ingest.article import InputArticle


def article_sets(names: list[str] | None) -> dict[str, list[InputArticle]]:
    sets = {name: [to(r) for r in read_gold(path)] for name, (path, to) in GOLD.items() if path.exists()}
    sets |= corpora()
    return {k: v for k, v in sets.items() if names is None or k in names}


def code_all(sets: dict[str, list[InputArticle]]) -> dict[str, dict[str, dict[str, Any]]]:
    """set → uri → that article's row, mentions (sorted by mention id) and rejects, as JSON fields."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name, articles in sets.items():
        found: dict[str, dict[str, Any]] = {a.uri: {"article": None, "mentions": [], "rejects": []} for a in articles}
        uri_of = {a.article_id: a.uri for a in articles}
        for batch in pipeline.batches(articles, 100):
            result = pipeline.code_batch(batch)
            for row in result.articles:
                found[row.uri]["article"] = row.model_dump(mode="json", exclude={"ingested_at"})
            for m in result.mentions:
                found[uri_of[m.article_id]]["mentions"].append(m.model_dump(mode="json"))
            for r in result.rejects:
                found[r.uri]["rejects"].append([r.stage, r.error])
        for coded in found.values():
            coded["mentions"].sort(key=lambda m: str(m["mention_id"]))
        out[name] = found
        print(
            f"{name}: {len(articles)} articles, {sum(len(v['mentions']) for v in found.values())} mentions",
            file=sys.stderr,
        )
    return out


def _changed(x: dict[str, Any], y: dict[str, Any]) -> dict[str, Any]:
    return {k: (x.get(k), y.get(k)) for k in sorted(set(x) | set(y)) if x.get(k) != y.get(k)}


def differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """One line per article row, mention or reject present in one file only, or in both with different fields."""
    lines = []
    empty: dict[str, Any] = {"article": None, "mentions": [], "rejects": []}
    for name in sorted(set(a) | set(b)):
        for uri in sorted(set(a.get(name, {})) | set(b.get(name, {}))):
            was, now = a.get(name, {}).get(uri, empty), b.get(name, {}).get(uri, empty)
            if was["article"] != now["article"]:
                lines.append(f"{name} {uri}: article {_changed(was['article'] or {}, now['article'] or {})}")
            if was["rejects"] != now["rejects"]:
                lines.append(f"{name} {uri}: rejects {was['rejects']} -> {now['rejects']}")
            before = {m["mention_id"]: m for m in was["mentions"]}
            after = {m["mention_id"]: m for m in now["mentions"]}
            for mid in sorted(set(before) | set(after)):
                x, y = before.get(mid), after.get(mid)
                if x is None and y is not None:
                    lines.append(f"{name} {uri}: + {y['cameo_code']} {y['trigger']!r} in {y['sentence'][:100]!r}")
                elif y is None and x is not None:
                    lines.append(f"{name} {uri}: - {x['cameo_code']} {x['trigger']!r} in {x['sentence'][:100]!r}")
                elif x is not None and y is not None and (changed := _changed(x, y)):
                    lines.append(f"{name} {uri}: ~ {x['trigger']!r} {changed}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every article row, mention and reject here (JSON)")
    parser.add_argument("--files", nargs="*", help="only these sets (default: all of bench/cues.py's)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        lines = differences(before, after)
        print("\n".join(lines) or "identical")
        total = sum(len(c["mentions"]) for f in before.values() for c in f.values())
        print(f"{len(lines)} differences among {total} mentions", file=sys.stderr)
        return
    if args.out is None:
        parser.error("--out or --compare")
    args.out.write_text(json.dumps(code_all(article_sets(args.files)), sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
