"""How well predicted probabilities match what happened: a reliability table and the expected calibration
error (ECE), with equal-width bins over [0, 1]."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BINS = 10


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    low: float
    high: float
    n: int
    mean_predicted: float | None  # None for an empty bin
    observed: float | None  # share of positives


def reliability_table(probabilities: Sequence[float], labels: Sequence[bool], bins: int = BINS) -> list[ReliabilityBin]:
    """Predictions grouped in ``bins`` equal bins (a probability of exactly 1 falls in the last)."""
    if len(probabilities) != len(labels):
        raise ValueError("probabilities and labels differ in length")
    if bins < 1:
        raise ValueError("bins must be at least 1")
    groups: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for p, y in zip(probabilities, labels, strict=True):
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"probability {p} is outside [0, 1]")
        groups[min(int(p * bins), bins - 1)].append((p, y))
    table = []
    for i, group in enumerate(groups):
        n = len(group)
        table.append(
            ReliabilityBin(
                low=i / bins,
                high=(i + 1) / bins,
                n=n,
                mean_predicted=sum(p for p, _ in group) / n if n else None,
                observed=sum(y for _, y in group) / n if n else None,
            )
        )
    return table


def expected_calibration_error(table: Sequence[ReliabilityBin]) -> float:
    """Σ over bins of (bin size / total) × |mean predicted − observed|."""
    total = sum(b.n for b in table)
    if not total:
        raise ValueError("no predictions to measure")
    return sum(
        b.n / total * abs(b.mean_predicted - b.observed)
        for b in table
        if b.n and b.mean_predicted is not None and b.observed is not None
    )


def markdown(table: Sequence[ReliabilityBin]) -> str:
    lines = ["| predicted | n | mean predicted | observed |", "|---|---|---|---|"]
    for b in table:
        shown = (f"{b.mean_predicted:.3f}", f"{b.observed:.3f}") if b.n else ("–", "–")
        lines.append(f"| {b.low:.1f}–{b.high:.1f} | {b.n} | {shown[0]} | {shown[1]} |")
    return "\n".join(lines)
