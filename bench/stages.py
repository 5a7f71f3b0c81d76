"""Where a run's time goes, stage by stage, in one process: `make bench-stages` (N=200 by default).

Codes the first N articles of the bench corpus (the same texts and titles as `make bench`) stage by stage,
with a timer around each: reading, language identification, the pre-scan (excerpt, tokenising, typo marks),
each spaCy component (the entity recogniser last, on the docs the screen before it keeps, as the run does),
the coding rules, the decision step, Arrow tables, the spill, the write (consolidation and commit) and the run
report; and a bare `nlp.pipe` of the same texts with the same model, so the run's
share of a bare parse is measured in the same process, on the same machine load. Times are CPU seconds of
this process (``time.process_time``), which other work on a shared machine moves far less than wall time;
``--repeat`` alternates
the bare parse and the staged run that many times and reports each figure's minimum (the machine is shared:
the minimum is the least disturbed run). ``--profile FILE`` writes a cProfile of the coding rules.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench import corpus_texts, write_corpus  # noqa: E402
from eventwire import incremental, pipeline  # noqa: E402
from eventwire.batch_tables import BatchResult, spill, tabulate  # noqa: E402
from eventwire.coding.coder import code_article, may_code, resources  # noqa: E402
from eventwire.decide.step import decide  # noqa: E402
from eventwire.ingest.readers import discover, read_file  # noqa: E402
from eventwire.nlp.language import ENGLISH, language_of  # noqa: E402
from eventwire.nlp.pipeline import ENTITIES, load_nlp, model_version  # noqa: E402


class Timers:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.process_time()
        try:
            yield
        finally:
            self.seconds[name] += time.process_time() - started


def bare_parse(texts: list[str]) -> float:
    """The bench's baseline in this process: every text through the whole pipeline."""
    nlp = load_nlp()
    started = time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.process_time() - started


def staged_run(corpus: Path, output: Path, profiler: cProfile.Profile | None = None) -> dict[str, float]:
    """One run of the corpus, stage by stage, in this process (as one worker and the coordinator do it)."""
    t = Timers()
    nlp = load_nlp()
    res = resources()
    with t("read"):
        plan = pipeline.read_inputs(corpus, output)
        articles = list(pipeline.articles(plan))
    with t("language"):
        english = [a for a in articles if language_of(a.full_text) == ENGLISH]
    with t("prescan"):
        prepared = [(pipeline.parse_input(nlp, a), a) for a in english]
        docs = [d for d, _ in prepared if d is not None]
        parsed = [a for d, a in prepared if d is not None]
    deferred = nlp.pipe_names[-1] == ENTITIES  # as pipeline.code_batch: entities only where a trigger may match
    for name, proc in nlp.pipeline:
        if deferred and name == ENTITIES:
            continue
        with t(f"parse:{name}"):
            docs = list(proc.pipe(docs, batch_size=32))  # type: ignore[attr-defined]
    with t("screen"):
        recognise = [may_code(d, a, res) for d, a in zip(docs, parsed, strict=True)] if deferred else [True] * len(docs)
    if deferred:
        with t(f"parse:{ENTITIES}"):
            ner: Any = nlp.get_pipe(ENTITIES)
            wanted = iter(ner.pipe([d for d, r in zip(docs, recognise, strict=True) if r], batch_size=32))
            docs = [next(wanted) if r else d for d, r in zip(docs, recognise, strict=True)]
    mentions = []
    rows = []
    with t("code"):  # no sentence can carry an event: not parsed, coded as no events
        rows += [pipeline._article_row(a, 0) for d, a in prepared if d is None]
    for doc, article, recognised in zip(docs, parsed, recognise, strict=True):
        with t("code"):
            if profiler is not None:
                profiler.enable()
            found, _ = code_article(doc, article, res) if recognised else ([], [])
            if profiler is not None:
                profiler.disable()
        with t("decide"):
            found = decide(found, article.full_text, body_offset=article.body_offset)
        with t("code"):
            rows.append(pipeline._article_row(article, len(found)))
        mentions += found
    result = BatchResult(rows, mentions, [], model_version(nlp), 0.0)
    with t("tabulate"):
        tables = tabulate(result)
    with t("spill"):
        tables = spill(tables, output / ".spill" / "profile")
    original = incremental.write_events  # write_run imports it when called, so the module's name is the hook

    def timed_consolidation(*args: Any, **kwargs: Any) -> Any:
        with t("write:consolidate"):
            return original(*args, **kwargs)

    incremental.write_events = timed_consolidation  # type: ignore[assignment]
    try:
        with t("write"):
            summary = pipeline.write_run(output, plan, [tables], "profile", datetime.now(UTC))
    finally:
        incremental.write_events = original
    with t("report"):
        pipeline.run_report(output, summary, datetime.now(UTC))
    out = dict(t.seconds)
    out["write:commit_and_rest"] = out.pop("write") - out["write:consolidate"]
    out["mentions"] = len(mentions)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="articles (the first N of the bench corpus)")
    parser.add_argument("--repeat", type=int, default=1, help="alternate bare parse and staged run this often")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the coding rules here")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventwire-profile-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.n)
        texts = [a.text for p in discover(corpus) for a in read_file(p, corpus).articles]
        bare_parse(texts[:5])  # model, dictionaries and gazetteer loaded before anything is timed
        resources()
        warm = Path(tmp) / "warm"
        write_corpus(warm, 5)
        staged_run(warm, Path(tmp) / "warm-out")
        runs: list[dict[str, float]] = []
        bare: list[float] = []
        profiler = cProfile.Profile() if args.profile else None
        for i in range(args.repeat):
            bare.append(bare_parse(texts))
            runs.append(staged_run(corpus, Path(tmp) / f"out-{i}", profiler))
    stages = {k: min(r[k] for r in runs) for k in runs[0] if k != "mentions"}
    total = sum(stages.values())
    figures: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip(),
        "corpus": corpus_texts()[1],
        "articles": args.n,
        "repeat": args.repeat,
        "mentions": runs[0]["mentions"],
        "bare_parse_s": round(min(bare), 3),
        "staged_total_s": round(total, 3),
        "ratio_bare_over_staged": round(min(bare) / total, 3),
        "stages_s": {k: round(v, 3) for k, v in sorted(stages.items(), key=lambda kv: -kv[1])},
        "all_bare_s": [round(b, 3) for b in bare],
        "all_staged_s": [round(sum(v for k, v in r.items() if k != "mentions"), 3) for r in runs],
    }
    print(f"bare parse {min(bare):7.2f} s   staged run {total:7.2f} s   ratio {min(bare) / total:.3f}")
    for name, seconds in figures["stages_s"].items():
        print(f"  {name:24s} {seconds:7.2f} s  {seconds / min(bare):6.1%} of a bare parse")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    if profiler is not None and args.profile:
        profiler.dump_stats(str(args.profile))


if __name__ == "__main__":
    main()
