"""Evaluation records (JSON in eval/results/), Markdown tables, and the difference between two records."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventwire import CODER_VERSION

RESULTS_DIR = Path("eval") / "results"
KINDS = ("acled", "plover", "geo", "news", "sentences")


def git_commit(cwd: Path | None = None) -> str | None:
    """Short commit, with '-dirty' when tracked code differs from it (result files themselves excepted):
    numbers from uncommitted code must say so."""

    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=10)
        return out.stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!eval/results", ":!bench/results")
    except (OSError, subprocess.SubprocessError):
        return None
    return (commit + ("-dirty" if changed else "")) if commit else None


def evaluate(
    kind: str, gold_path: Path, limit: int | None, model: str | None, workers: int, prescan: bool = True
) -> dict[str, Any]:
    """Code the gold file's examples with the real coder and score them (``prescan``: as the nightly run
    parses, only the sentences that can carry an event; False: every sentence)."""
    from eventwire.evaluation import acled, geo, news, plover, sentences
    from eventwire.evaluation.runner import read_gold
    from eventwire.nlp.pipeline import load_nlp, model_name, model_version

    module = {"acled": acled, "plover": plover, "geo": geo, "news": news, "sentences": sentences}[kind]
    rows = read_gold(gold_path, limit)
    started = time.perf_counter()
    preds = module.predict(rows, model, workers, prescan)
    seconds = time.perf_counter() - started
    metrics = module.score(rows, preds)
    return {
        "kind": kind,
        "gold": gold_path.name,
        "n": len(rows),
        "limit": limit,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "coder_version": CODER_VERSION,
        "model": model_version(load_nlp(model_name(model))),
        "workers": workers,
        "prescan": prescan,
        "seconds": round(seconds, 1),
        "metrics": metrics,
    }


def save(record: dict[str, Any], folder: Path = RESULTS_DIR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"-limit{record['limit']}" if record.get("limit") else ""
    path = folder / f"{record['kind']}-{record['date'][:10]}{suffix}.json"
    path.write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) <= 1 else f"{value:.1f}"
    return str(value)


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def as_markdown(record: dict[str, Any]) -> str:
    metrics = record["metrics"]
    parts = [
        f"### {record['kind']}: {record['gold']} (n={record['n']}, coder {record['coder_version']}, "
        f"commit {record['commit']}, {record['model']}, {record['seconds']} s)",
        "",
        _table(["metric", "value"], [[k, v] for k, v in metrics["overall"].items()]),
    ]
    if "by_event_type" in metrics:
        keys = [
            "n",
            "detection",
            "event_type_acc",
            "sub_event_type_acc",
            "iso3_acc",
            "admin1_acc",
            "within_161km",
            "event_date_exact",
            "fatalities_exact",
            "actor1_inter_agree",
        ]
        rows = [[t, *(s[k] for k in keys)] for t, s in metrics["by_event_type"].items()]
        parts += ["", "By gold event type:", "", _table(["event_type", *keys], rows)]
    if "by_class" in metrics:
        parts += [
            "",
            "By gold PLOVER class:",
            "",
            _table(["class", "F1", "n"], [[c, s["f1"], s["n"]] for c, s in metrics["by_class"].items()]),
        ]
    if "trap_hits_by_why" in metrics:
        rows = [[why, n] for why, n in metrics["trap_hits_by_why"].items()]
        parts += ["", "Predicted events on a trap sentence, by the trap's reason:", "", _table(["why", "n"], rows)]
    for name in ("confusion_event_type", "confusion_class"):
        if name in metrics:
            cols = sorted({p for row in metrics[name].values() for p in row})
            parts += [
                "",
                "Confusion (rows gold, columns predicted):",
                "",
                _table(
                    ["gold \\ pred", *cols],
                    [[g, *(row.get(c, 0) for c in cols)] for g, row in sorted(metrics[name].items())],
                ),
            ]
    return "\n".join(parts) + "\n"


def compare(a: dict[str, Any], b: dict[str, Any]) -> str:
    """Overall metrics of two records side by side, with the change."""
    keys = list(dict.fromkeys([*a["metrics"]["overall"], *b["metrics"]["overall"]]))
    rows = []
    for key in keys:
        va, vb = a["metrics"]["overall"].get(key), b["metrics"]["overall"].get(key)
        delta = vb - va if isinstance(va, int | float) and isinstance(vb, int | float) else None
        rows.append([key, va, vb, None if delta is None else f"{delta:+.3f}"])
    head = f"{a['kind']}: {a.get('commit')} ({a['coder_version']}) → {b.get('commit')} ({b['coder_version']})"
    return head + "\n\n" + _table(["metric", "A", "B", "B − A"], rows) + "\n"
