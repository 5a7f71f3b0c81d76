"""Throughput and memory benchmark: `make bench` (N=2000 articles by default).

Measures, on the same texts, each in its own process tree:
  (a) baseline: spaCy `nlp.pipe` over every text with the same model and process count;
  (b) `eventwire run` end to end into an empty output (cold);
  (c) a rerun with nothing new.
(a) and (b) are timed ``--rounds`` times (2 by default), alternating which goes first, and the median counts:
on a shared host a bare parse alone has varied by a third from one run to the next. Prints articles/s, words/s,
wall time and the peak memory of the whole process tree (sampled from /proc
every 100 ms: summed RSS, the conservative figure the targets use, and summed PSS, which counts pages
the processes share, such as the memory-mapped gazetteer and shared libraries, once), and the ratio
(b)/(a) of throughputs; writes the figures as JSON into bench/results/ with the git commit. Texts come
from ../shared/eval/geo_dev.jsonl (real news articles) when present, else from seeds/; copies get a
distinct title so content hashes differ. The bench's own Prefect home is initialised (database
migrations, a one-time cost of an installation) by a run over an empty folder before anything is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
EVAL_TEXTS = ROOT.parent / "shared" / "eval" / "geo_dev.jsonl"


def corpus_texts() -> tuple[list[str], str]:
    if EVAL_TEXTS.exists():
        rows = [json.loads(line) for line in EVAL_TEXTS.read_text(encoding="utf-8").split("\n") if line.strip()]
        return [r["text"] for r in rows], str(EVAL_TEXTS.relative_to(ROOT.parent))
    sys.path.insert(0, str(ROOT))
    from eventwire.ingest.readers import discover, read_file

    texts = [a.text for p in discover(ROOT / "seeds") for a in read_file(p, ROOT / "seeds").articles]
    return texts, "seeds/"


def write_corpus(folder: Path, n: int) -> tuple[int, int]:
    texts, _ = corpus_texts()
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    start = date(2024, 1, 1)
    for chunk in range(0, n, 500):
        with (folder / f"batch_{chunk // 500:04d}.jsonl").open("w", encoding="utf-8") as handle:
            for i in range(chunk, min(n, chunk + 500)):
                text = texts[i % len(texts)]
                words += len(text.split())
                day = start + timedelta(days=i % 300)
                handle.write(
                    json.dumps(
                        {
                            "id": f"bench-{i}",
                            "title": f"Bench article {i}",
                            "text": text,
                            "published": day.isoformat(),
                            "source": "bench",
                        }
                    )
                    + "\n"
                )
    return n, words


TICK = os.sysconf("SC_CLK_TCK")


def cpu_of(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used so far, from /proc; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def process_tree(root: int) -> list[int]:
    """``root`` and every process descended from it, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


class TreePeak:
    """Peak summed RSS of a process and all its descendants, sampled from /proc; also the peak summed PSS
    (each shared page counted once across the tree: the memory the tree really occupies)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.peak_pss, self._stop = pid, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        return process_tree(self.pid)

    @staticmethod
    def _kb(pid: int, file: str, key: str) -> int:
        """A "<key>: <n> kB" field of /proc/<pid>/<file>, in bytes (0 when the process is gone)."""
        try:
            for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _rss(self, pid: int) -> int:
        return self._kb(pid, "status", "VmRSS:")

    def _pss(self, pid: int) -> int:
        return self._kb(pid, "smaps_rollup", "Pss:")

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = self._tree()
            self.peak = max(self.peak, sum(self._rss(p) for p in tree))
            self.peak_pss = max(self.peak_pss, sum(self._pss(p) for p in tree))
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int, str]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreePeak(proc.pid)
    out, err = proc.communicate()
    peak = sampler.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    return time.perf_counter() - started, peak, sampler.peak_pss, out


def _figures(name: str, cmd: list[str], env: dict[str, str], n: int, words: int) -> dict[str, float | int]:
    seconds, peak, pss, _ = measure(cmd, env)
    print(
        f"{name:18s} {seconds:8.1f} s {n / seconds:8.1f} articles/s {words / seconds:9.0f} words/s "
        f"peak {peak / 2**20:7.0f} MB RSS, {pss / 2**20:7.0f} MB PSS",
        flush=True,
    )
    return {
        "seconds": round(seconds, 2),
        "articles_per_s": round(n / seconds, 1),
        "words_per_s": round(words / seconds),
        "peak_rss_mb": round(peak / 2**20),
        "peak_pss_mb": round(pss / 2**20),
    }


def _median_figures(rounds: list[dict[str, float | int]]) -> dict[str, float | int]:
    """The median of each figure over the rounds, but the peak memory's maximum (the figure to provision for)."""
    return {
        key: max(r[key] for r in rounds) if key.startswith("peak") else round(median(r[key] for r in rounds), 2)
        for key in rounds[0]
    }


BASELINE = """
import json, sys, pathlib
from eventwire.ingest.article import InputArticle
from eventwire.nlp.pipeline import load_nlp
texts = [json.loads(l)["text"] for p in sorted(pathlib.Path(sys.argv[1]).glob("*.jsonl"))
         for l in p.read_text().split("\\n") if l.strip()]
nlp = load_nlp()
for _ in nlp.pipe(texts, batch_size=32, n_process=int(sys.argv[2])):
    pass
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="articles in the corpus")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="skip (a): for memory scans over N, where only eventwire's own figures matter",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="bare parse and cold run timed this many times, alternating which goes first; the median counts",
    )
    parser.add_argument("--runner", default="process", help="eventwire run --runner: process, dask or ray")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        corpus, output = Path(tmp) / "corpus", Path(tmp) / "output"
        n, words = write_corpus(corpus, args.n)
        env = dict(os.environ, PREFECT_HOME=str(Path(tmp) / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
        exe = [sys.executable]
        cli = [
            *exe,
            "-m",
            "eventwire.cli",
            "run",
            "--input",
            str(corpus),
            "--output",
            str(output),
            "--workers",
            str(args.workers),
            "--runner",
            args.runner,
        ]
        # Prefect's database in a new PREFECT_HOME is created by migrations on first use (~8 s): once per
        # installation, not per run, so it happens here, before anything is timed.
        (Path(tmp) / "empty").mkdir()
        seconds, _, _, _ = measure(
            [
                *exe,
                "-m",
                "eventwire.cli",
                "run",
                "--input",
                str(Path(tmp) / "empty"),
                "--output",
                str(Path(tmp) / "warm-up"),
            ],
            env,
        )
        print(f"prefect home initialised in {seconds:.1f} s (not counted)", flush=True)
        baseline = [*exe, "-c", BASELINE, str(corpus), str(args.workers)]
        rounds: list[dict[str, dict[str, float | int]]] = []
        for r in range(args.rounds):
            # Every round codes into an empty output; odd rounds time the bare parse second, so that a host
            # whose load drifts during the bench weighs on both sides alike.
            order = ["baseline_nlp_pipe", "eventwire_cold"]
            if args.no_baseline:
                order = ["eventwire_cold"]
            elif r % 2:
                order.reverse()
            cold = [str(Path(tmp) / f"output-{r}") if part == str(output) else part for part in cli]
            commands = {"baseline_nlp_pipe": baseline, "eventwire_cold": cold}
            figures = {name: _figures(name, commands[name], env, n, words) for name in order}
            figures["eventwire_rerun"] = _figures("eventwire_rerun", cold, env, n, words)  # the same output again
            if "baseline_nlp_pipe" in figures:
                ratio_r = figures["baseline_nlp_pipe"]["seconds"] / figures["eventwire_cold"]["seconds"]
                print(f"round {r + 1}: ratio eventwire/baseline {ratio_r:.2f}", flush=True)
            rounds.append(figures)
    results = {name: _median_figures([f[name] for f in rounds]) for name in rounds[0]}
    ratio = None
    if "baseline_nlp_pipe" in results:
        ratio = median(f["baseline_nlp_pipe"]["seconds"] / f["eventwire_cold"]["seconds"] for f in rounds)
        print(f"ratio eventwire/baseline (median of {len(rounds)} rounds): {ratio:.2f}")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "articles": n,
        "words": words,
        "workers": args.workers,
        "runner": args.runner,
        "corpus": corpus_texts()[1],
        "cpu_count": os.cpu_count(),
        "rounds": rounds,
        "results": results,
        "ratio_cold_vs_baseline": None if ratio is None else round(ratio, 3),
    }
    suffix = f"-n{n}" + ("" if args.runner == "process" else f"-{args.runner}")
    out = ROOT / "bench" / "results" / f"bench-{date.today().isoformat()}-{commit or 'nogit'}{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
