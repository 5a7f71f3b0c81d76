"""Evaluation records (JSON in eval/results/), Markdown tables, and the difference between two records."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from eventwire import CODER_VERSION
from eventwire.evaluation.split import PARTS, indices, take

RESULTS_DIR = Path("eval") / "results"
KINDS = ("acled", "plover", "geo", "news", "sentences")


class Kind(Protocol):
    """What each kind's module offers: predictions per gold row, and a score of rows against them."""

    def predict(self, rows: list[dict[str, Any]], model: str | None, workers: int, prescan: bool) -> list[Any]: ...

    def score(self, rows: list[dict[str, Any]], preds: list[Any]) -> dict[str, Any]: ...


def kind_module(kind: str) -> Kind:
    from eventwire.evaluation import acled, geo, news, plover, sentences

    modules: dict[str, Kind] = {"acled": acled, "plover": plover, "geo": geo, "news": news, "sentences": sentences}
    return modules[kind]


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
    kind: str,
    gold_path: Path,
    limit: int | None,
    model: str | None,
    workers: int,
    prescan: bool = True,
    split: str = "all",
) -> dict[str, Any]:
    """Code the gold file's examples with the real coder and score them (``prescan``: as the nightly run
    parses, only the sentences that can carry an event; False: every sentence). ``split`` 'all' scores the
    whole file and, under ``splits``, its fit and check parts from the same predictions; 'fit' or
    'check' codes and scores that part only."""
    from eventwire.evaluation.runner import read_gold
    from eventwire.nlp.pipeline import load_nlp, model_name, model_version

    module = kind_module(kind)
    every = read_gold(gold_path, limit)
    rows = take(every, indices(every, split))
    started = time.perf_counter()
    preds = module.predict(rows, model, workers, prescan)
    seconds = time.perf_counter() - started
    record: dict[str, Any] = {
        "kind": kind,
        "gold": gold_path.name,
        "split": split,
        "n": len(rows),
        "limit": limit,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "coder_version": CODER_VERSION,
        "model": model_version(load_nlp(model_name(model))),
        "workers": workers,
        "prescan": prescan,
        "seconds": round(seconds, 1),
        "metrics": module.score(rows, preds),
    }
    if split == "all":
        parts = {part: indices(rows, part) for part in PARTS}
        record["splits"] = {
            part: {"n": len(idx), "metrics": module.score(take(rows, idx), take(preds, idx))}
            for part, idx in parts.items()
        }
    return record


def save(record: dict[str, Any], folder: Path = RESULTS_DIR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"-limit{record['limit']}" if record.get("limit") else ""
    if record.get("split", "all") != "all":
        suffix += f"-{record['split']}"
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


def _side_by_side(record: dict[str, Any]) -> str:
    """The overall figures of the whole file, its fit and check parts, and the check − fit gap."""
    columns = {"all": record["metrics"]["overall"]}
    columns |= {part: s["metrics"]["overall"] for part, s in record.get("splits", {}).items()}
    if len(columns) == 1:
        return _table(["metric", "value"], [[k, v] for k, v in columns["all"].items()])
    rows = []
    for key in dict.fromkeys(k for overall in columns.values() for k in overall):
        values = [columns[c].get(key) for c in columns]
        fit, check = columns.get("fit", {}).get(key), columns.get("check", {}).get(key)
        rows.append([key, *values, _delta(fit, check)])
    return _table(["metric", *columns, "check − fit"], rows)


def _delta(a: Any, b: Any) -> str | None:
    numbers = isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool)
    return f"{b - a:+.3f}" if numbers else None


def as_markdown(record: dict[str, Any]) -> str:
    metrics = record["metrics"]
    split = record.get("split", "all")
    parts = [
        f"### {record['kind']}: {record['gold']}{'' if split == 'all' else f' ({split} part)'} "
        f"(n={record['n']}, coder {record['coder_version']}, "
        f"commit {record['commit']}, {record['model']}, {record['seconds']} s)",
        "",
        _side_by_side(record),
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
    """Overall metrics of two records side by side, with the change; then the fit and check parts, when
    both records carry them."""

    def side(r: dict[str, Any]) -> str:
        part = r.get("split", "all")
        return f"{r.get('commit')} ({r['coder_version']}{'' if part == 'all' else f', {part} part only'})"

    head = f"{a['kind']}: {side(a)} → {side(b)}"
    out = [head, "", _compare_table(a["metrics"]["overall"], b["metrics"]["overall"])]
    for part in PARTS:
        if part in a.get("splits", {}) and part in b.get("splits", {}):
            overall_a, overall_b = a["splits"][part]["metrics"]["overall"], b["splits"][part]["metrics"]["overall"]
            out += ["", f"{part} part:", "", _compare_table(overall_a, overall_b)]
    return "\n".join(out) + "\n"


def _compare_table(a: dict[str, Any], b: dict[str, Any]) -> str:
    rows = [[key, a.get(key), b.get(key), _delta(a.get(key), b.get(key))] for key in dict.fromkeys([*a, *b])]
    return _table(["metric", "A", "B", "B − A"], rows)
