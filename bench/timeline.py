"""Where a cold run's wall time goes, process by process: `python bench/timeline.py -n 2000`.

Runs `eventwire run --workers W` on the first N bench articles into an empty output (its own Prefect home,
initialised first, as `make bench` does) and samples every process of the run's tree from /proc every 50 ms: its
CPU seconds (user + system) and its role (the CLI, the temporary Prefect server, each coding worker). The CLI runs
with a hook that stamps its phases (server answering, read, each batch collected, consolidation, write, report) on
stderr. Prints the timeline of those stamps with each role's CPU in each phase, the cores left idle by the run
(W cores × the phase's wall time − the tree's CPU), and each process's total CPU. Idle core-seconds on a shared
machine include time other work took from the run; the machine's own idle time (/proc/stat) is shown beside.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench")]

from bench import TICK, cpu_of, process_tree, write_corpus  # noqa: E402

# The CLI with a phase stamp on stderr for every progress report and for the temporary server's first answer.
HOOKED_CLI = """
import sys, time
T0 = time.monotonic()
import os
def stamp(label):  # not print: inside the flow, Prefect turns prints into log records
    os.write(2, f"@@ {time.monotonic():.3f} {label}\\n".encode())
stamp("cli-start")
from eventwire import progress
_report = progress.report
def report(phase, done=0, total=0):
    stamp(f"{phase} {done}/{total}")
    _report(phase, done, total)
progress.report = report
import flows.temporary_server as ts
_launch, _wait = ts.TemporaryServer.launch, ts.TemporaryServer.wait
def launch(self):
    stamp("server-launch")
    _launch(self)
def wait(self):
    _wait(self)
    stamp("server-answers")
ts.TemporaryServer.launch, ts.TemporaryServer.wait = launch, wait
_exit = os._exit
def leave(code):
    stamp("cli-exit")
    _exit(code)
os._exit = leave
sys.argv = ["eventwire", *sys.argv[1:]]
from eventwire.cli import console
try:
    console()
finally:
    stamp("cli-exit")
"""


@dataclass
class Proc:
    pid: int
    role: str
    first: float
    last: float = 0.0
    samples: list[tuple[float, float]] = field(default_factory=list)  # (monotonic time, CPU seconds so far)


def role_of(cmdline: str, root: int, pid: int) -> str:
    if pid == root:
        return "cli"
    if "uvicorn" in cmdline:
        return "server"
    if "resource_tracker" in cmdline:
        return "other"
    if "multiprocessing" in cmdline or "spawn_main" in cmdline:
        return "worker"
    return "other"


def machine_idle() -> float:
    """Idle seconds of the whole machine so far (all cores), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    return (int(fields[3]) + int(fields[4])) / TICK


class Sampler:
    def __init__(self, root: int) -> None:
        self.root, self.procs, self.idle = root, {}, []  # type: ignore[var-annotated]
        self.procs: dict[int, Proc]
        self.idle: list[tuple[float, float]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            self.idle.append((now, machine_idle()))
            for pid in process_tree(self.root):
                cpu = cpu_of(pid)
                if cpu is None:
                    continue
                proc = self.procs.get(pid)
                if proc is None:
                    try:
                        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                    except OSError:
                        continue
                    proc = self.procs[pid] = Proc(pid, role_of(cmd, self.root, pid), now)
                proc.last = now
                proc.samples.append((now, cpu))
            time.sleep(0.05)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def cpu_at(proc: Proc, t: float) -> float:
    """The process's CPU seconds at time ``t`` (its last sample before ``t``; 0 before it started)."""
    value = 0.0
    for when, cpu in proc.samples:
        if when > t:
            break
        value = cpu
    return value


def idle_at(samples: list[tuple[float, float]], t: float) -> float:
    value = samples[0][1]
    for when, idle in samples:
        if when > t:
            break
        value = idle
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="copy the run's output here (to compare outputs)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventwire-timeline-") as tmp:
        corpus, output = Path(tmp) / "corpus", Path(tmp) / "output"
        write_corpus(corpus, args.n)
        env = dict(os.environ, PREFECT_HOME=str(Path(tmp) / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
        (Path(tmp) / "empty").mkdir()
        cli = [sys.executable, "-m", "eventwire.cli", "run"]
        subprocess.run(
            [*cli, "--input", str(Path(tmp) / "empty"), "--output", str(Path(tmp) / "warm")],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        run = ["--input", str(corpus), "--output", str(output), "--workers", str(args.workers)]
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", HOOKED_CLI, "run", *run],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        sampler = Sampler(proc.pid)
        out, err = proc.communicate()
        ended = time.monotonic()
        sampler.stop()
        if proc.returncode != 0:
            raise SystemExit(f"run failed:\n{err[-3000:]}")
        if args.keep:
            subprocess.run(["rm", "-rf", str(args.keep)], check=True)
            subprocess.run(["cp", "-r", str(output), str(args.keep)], check=True)
    stamps = [(started, "launch")]
    for line in err.splitlines():
        if line.startswith("@@ "):
            _, when, label = line.split(" ", 2)
            stamps.append((float(when), label))
    stamps.append((ended, "end"))
    marks = stamps  # every batch collected is a stamp: a run of N articles has N / 200 of them
    procs = sorted(sampler.procs.values(), key=lambda p: p.first)
    roles = sorted({p.role for p in procs}, key=["cli", "server", "worker", "other"].index)
    print(
        f"{'t (s)':>7} {'phase from here':28s} {'wall':>6} " + " ".join(f"{r:>7}" for r in roles) + "   idle  (machine)"
    )
    rows = []
    for (t0, label), (t1, _) in itertools.pairwise(marks):
        by_role = {r: sum(cpu_at(p, t1) - cpu_at(p, t0) for p in procs if p.role == r) for r in roles}
        wall = t1 - t0
        idle = args.workers * wall - sum(by_role.values())
        machine = idle_at(sampler.idle, t1) - idle_at(sampler.idle, t0)
        rows.append({"t": round(t0 - started, 2), "phase": label, "wall": round(wall, 2), "cpu": by_role})
        print(
            f"{t0 - started:7.2f} {label:28s} {wall:6.2f} "
            + " ".join(f"{by_role[r]:7.2f}" for r in roles)
            + f" {idle:6.2f}  ({machine:5.2f})"
        )
    total = ended - started
    all_cpu = sum(p.samples[-1][1] for p in procs if p.samples)
    print(f"wall {total:.2f} s, tree CPU {all_cpu:.2f} s, idle core-seconds {args.workers * total - all_cpu:.2f}")
    for p in procs:
        print(
            f"  {p.role:7s} pid {p.pid:7d}  from {p.first - started:6.2f} to {p.last - started:6.2f} s  "
            f"CPU {p.samples[-1][1]:6.2f} s"
        )
    print(out.strip().splitlines()[-1] if out.strip() else "")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "articles": args.n,
                    "workers": args.workers,
                    "wall_s": round(total, 2),
                    "tree_cpu_s": round(all_cpu, 2),
                    "phases": rows,
                    "processes": [
                        {
                            "role": p.role,
                            "from": round(p.first - started, 2),
                            "to": round(p.last - started, 2),
                            "cpu_s": p.samples[-1][1],
                        }
                        for p in procs
                    ],
                },
                indent=2,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
