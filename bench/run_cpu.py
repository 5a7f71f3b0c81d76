"""Where the CPU of an end-to-end `eventwire run` goes, process by process: `python bench/run_cpu.py -n 300`.

Writes the first N articles of the bench corpus (the same texts and titles as `make bench`), initialises a
Prefect home (not counted), then runs `eventwire run --workers W` into an empty output and samples every process
of its tree from /proc every 0.2 s: CPU seconds (utime + stime) per process, grouped as the CLI (the flow's
process), the temporary Prefect server, each coding worker and anything else; and, per coding worker, when it
was first and last busy, so the tail where one core idles while the other still codes is measured. CPU seconds
move far less than wall time with other work on a shared machine. ``--bare`` measures the bench's bare
`nlp.pipe` (the same process count) the same way, for the comparison; ``--keep DIR`` keeps the output for a
comparison of two runs' datasets.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench")]

from bench import BASELINE, cpu_of, process_tree, write_corpus  # noqa: E402

SAMPLE_S = 0.2


@dataclass
class Proc:
    kind: str
    cpu: float = 0.0
    busy: list[float] = field(default_factory=list)  # sample times at which its CPU time grew
    series: list[tuple[float, float]] = field(default_factory=list)  # (time, CPU seconds so far)


def kind_of(pid: int, root: int) -> str:
    if pid == root:
        return "cli"
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        # a spawned worker runs multiprocessing's entry point; a forked one (spaCy's n_process) its parent's command
        cmd = raw.replace(b"\0", b" ").decode()
        if "resource_tracker" in cmd:
            return "resource tracker"
        if "multiprocessing" in cmd or "spawn_main" in cmd or Path(f"/proc/{root}/cmdline").read_bytes() == raw:
            return "worker"
    except OSError:
        return "other"
    if "uvicorn" in cmd or "prefect.server" in cmd:
        return "server"
    return "other: " + cmd[:60]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, dict[int, Proc]]:
    started = time.perf_counter()
    # the run's output goes to a file: a pipe nobody reads until the end would block a run that logs more than it holds
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        seen = _sample(proc, started)
        log.seek(0)
        err = log.read()
    if proc.returncode:
        raise SystemExit(err.decode(errors="replace")[-3000:])
    return time.perf_counter() - started, seen


def _sample(proc: subprocess.Popen[bytes], started: float) -> dict[int, Proc]:
    """Every process of ``proc``'s tree and its CPU seconds, sampled until ``proc`` ends."""
    seen: dict[int, Proc] = {}
    while proc.poll() is None:
        now = time.perf_counter() - started
        for pid in process_tree(proc.pid):
            cpu = cpu_of(pid)
            if cpu is None:
                continue
            entry = seen.setdefault(pid, Proc(kind_of(pid, proc.pid)))
            if cpu > entry.cpu:
                entry.busy.append(now)
            entry.cpu = cpu
            entry.series.append((now, cpu))
        time.sleep(SAMPLE_S)
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="copy the run's output here")
    parser.add_argument("--bare", action="store_true", help="the bench's bare `nlp.pipe` instead of the run")
    parser.add_argument("--timeline", action="store_true", help="print each worker's CPU per 5 s of the run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventwire-runcpu-") as tmp:
        corpus, output = Path(tmp) / "corpus", Path(tmp) / "output"
        write_corpus(corpus, args.n)
        env = dict(os.environ, PREFECT_HOME=str(Path(tmp) / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
        cli = [sys.executable, "-m", "eventwire.cli", "run", "--output"]
        (Path(tmp) / "empty").mkdir()
        if not args.bare:  # Prefect's database migrations: once per installation, not per run
            run([*cli, str(Path(tmp) / "warm-up"), "--input", str(Path(tmp) / "empty")], env)
        if args.bare:
            wall, procs = run([sys.executable, "-c", BASELINE, str(corpus), str(args.workers)], env)
        else:
            wall, procs = run([*cli, str(output), "--input", str(corpus), "--workers", str(args.workers)], env)
        if args.keep and not args.bare:
            shutil.copytree(output, args.keep, dirs_exist_ok=True)
    total = sum(p.cpu for p in procs.values())
    print(f"{args.n} articles, {args.workers} workers: wall {wall:.1f} s, CPU {total:.1f} s")
    workers = [p for p in procs.values() if p.kind == "worker"]
    for pid, p in sorted(procs.items()):
        if p.cpu >= 0.05:
            span = f"CPU grew {p.busy[0]:6.1f}–{p.busy[-1]:6.1f} s" if p.busy else ""
            print(f"  {p.kind:18s} pid {pid:7d} {p.cpu:7.2f} s  {span}")
    if args.timeline:
        width = 5.0
        for p in workers + [p for p in procs.values() if p.kind in ("cli", "server")]:
            slots: dict[int, float] = {}
            last = 0.0
            for t, cpu in p.series:
                slots[int(t // width)] = slots.get(int(t // width), 0.0) + cpu - last
                last = cpu
            row = " ".join(f"{slots.get(i, 0.0):3.1f}" for i in range(int(wall // width) + 1))
            print(f"  {p.kind:7s} CPU s per {width:.0f} s: {row}")
    ends = sorted(p.busy[-1] for p in workers if p.busy)
    if len(ends) > 1:
        print(f"  tail: last worker busy {ends[-1] - ends[0]:.1f} s after the first went idle")


if __name__ == "__main__":
    main()
