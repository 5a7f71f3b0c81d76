"""What the sentence pre-scan costs in answers and saves in parsing: `make bench-prescan`.

Codes the same real news articles (../shared/eval/geo_dev.jsonl, else seeds/) twice in this process —
every sentence parsed, and only the pre-scanned ones — and compares the mentions: how many of the full
parse's mentions the pre-scan run reproduces (same sentence, trigger and CAMEO code), and of those, how
many agree on every coded field. Prints the share of sentences and characters parsed and both timings, and
writes the figures as JSON into bench/results/.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench import corpus_texts  # noqa: E402
from eventwire import CODER_VERSION  # noqa: E402
from eventwire.coding.prescan import excerpt  # noqa: E402
from eventwire.ingest.article import InputArticle  # noqa: E402
from eventwire.ingest.readers import read_file  # noqa: E402
from eventwire.pipeline import code_batch  # noqa: E402

FIELDS = (
    "cameo_code",
    "event_type",
    "sub_event_type",
    "actor1_code",
    "actor2_code",
    "actor1_inter",
    "actor2_inter",
    "iso3",
    "admin1",
    "geonameid",
    "geo_precision",
    "event_date",
    "time_precision",
    "fatalities",
    "injuries",
    "arrests",
    "factuality",
    "sentence_index",
)


def load(n: int, folder: Path) -> list[InputArticle]:
    texts, _ = corpus_texts()
    path = folder / "prescan.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, text in enumerate(texts[:n]):
            handle.write(json.dumps({"id": f"p{i}", "title": None, "text": text, "published": "2024-06-01"}) + "\n")
    return read_file(path, folder).articles


def keyed(mentions: list[dict]) -> dict[tuple, dict]:
    """Mentions by article, trigger and code (and rank, for one act at several places)."""
    out: dict[tuple, dict] = {}
    for m in sorted(mentions, key=lambda m: m["mention_id"]):
        base = (m["article_id"], m["trigger_start"], m["trigger_end"], m["cameo_code"])
        rank = sum(1 for k in out if k[:4] == base)
        out[(*base, rank)] = m
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=817, help="articles (default: all 817 of geo_dev)")
    parser.add_argument("--show", type=int, default=0, help="print this many disagreements")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        articles = load(args.n, Path(tmp))
    code_batch(articles[:5])  # load the model and dictionaries before timing
    runs = {}
    for label, prescan in (("full", False), ("prescan", True)):
        started = time.perf_counter()
        result = code_batch(articles, prescan=prescan)
        runs[label] = (time.perf_counter() - started, keyed([m.model_dump() for m in result.mentions]))
    shares = [excerpt(a.coding_text, a.body_offset if a.title else 0) for a in articles]
    full, pre = runs["full"][1], runs["prescan"][1]
    same = [k for k in full if k in pre]
    agree = [k for k in same if all(full[k][f] == pre[k][f] for f in FIELDS)]
    by_field = {f: sum(full[k][f] == pre[k][f] for k in same) / max(1, len(same)) for f in FIELDS}
    out = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "coder_version": CODER_VERSION,
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "articles": len(articles),
        "sentences_parsed_share": round(sum(s.kept for s in shares) / max(1, sum(s.sentences for s in shares)), 3),
        "chars_parsed_share": round(
            sum(s.kept_chars for s in shares) / max(1, sum(len(a.coding_text.strip()) for a in articles)), 3
        ),
        "seconds_full": round(runs["full"][0], 2),
        "seconds_prescan": round(runs["prescan"][0], 2),
        "mentions_full": len(full),
        "mentions_prescan": len(pre),
        "recall_of_full": round(len(same) / max(1, len(full)), 4),
        "precision_vs_full": round(len(same) / max(1, len(pre)), 4),
        "all_fields_agree": round(len(agree) / max(1, len(same)), 4),
        "field_agreement": {f: round(v, 4) for f, v in by_field.items()},
    }
    print(json.dumps(out, indent=2))
    for k in [k for k in same if k not in agree][: args.show]:
        diff = {f: (full[k][f], pre[k][f]) for f in FIELDS if full[k][f] != pre[k][f]}
        print("DIFF", full[k]["sentence"][:150], diff)
    for k in [k for k in full if k not in pre][: args.show]:
        print("LOST", full[k]["cameo_code"], full[k]["trigger"], "|", full[k]["sentence"][:150])
    for k in [k for k in pre if k not in full][: args.show]:
        print("NEW ", pre[k]["cameo_code"], pre[k]["trigger"], "|", pre[k]["sentence"][:150])
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"prescan-{out['date'][:10]}-{out['commit']}.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
