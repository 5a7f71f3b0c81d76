"""How well predicted probabilities match what happened: a reliability table and the expected calibration
error (ECE), with equal-width bins over [0, 1], and the ECE that chance alone gives on so few predictions
(``noise_floor``)."""

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


def _binned(probabilities: Sequence[float], labels: Sequence[bool], bins: int) -> list[list[tuple[float, bool]]]:
    if len(probabilities) != len(labels):
        raise ValueError("probabilities and labels differ in length")
    if bins < 1:
        raise ValueError("bins must be at least 1")
    groups: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for p, y in zip(probabilities, labels, strict=True):
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"probability {p} is outside [0, 1]")
        groups[min(int(p * bins), bins - 1)].append((p, y))
    return groups


def reliability_table(probabilities: Sequence[float], labels: Sequence[bool], bins: int = BINS) -> list[ReliabilityBin]:
    """Predictions grouped in ``bins`` equal bins (a probability of exactly 1 falls in the last)."""
    groups = _binned(probabilities, labels, bins)
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


def noise_floor(probabilities: Sequence[float], bins: int = BINS) -> float:
    """The ECE a perfectly calibrated model would be expected to show on these predictions: each outcome drawn
    with its own probability. On few predictions a bin's observed share is far from its mean by chance (a
    bin of 5 at 0.5 is off by 0.25 on average), so an ECE near this floor cannot be told from perfect
    calibration. Exact: the number of positives in a bin follows the Poisson binomial distribution of its
    probabilities."""
    total = len(probabilities)
    if not total:
        raise ValueError("no predictions to measure")
    # the bins of ``reliability_table`` (which also refuses a probability outside [0, 1])
    groups = [[p for p, _ in b] for b in _binned(probabilities, [False] * total, bins)]
    expected = 0.0
    for group in groups:
        if not group:
            continue
        chances = [1.0]  # chances[k]: probability of k positives among the bin's predictions so far
        for p in group:
            chances = [
                (chances[k] if k < len(chances) else 0.0) * (1 - p) + (chances[k - 1] * p if k else 0.0)
                for k in range(len(chances) + 1)
            ]
        n, mean = len(group), sum(group) / len(group)
        expected += n / total * sum(c * abs(mean - k / n) for k, c in enumerate(chances))
    return expected


def markdown(table: Sequence[ReliabilityBin]) -> str:
    lines = ["| predicted | n | mean predicted | observed |", "|---|---|---|---|"]
    for b in table:
        shown = (f"{b.mean_predicted:.3f}", f"{b.observed:.3f}") if b.n else ("–", "–")
        lines.append(f"| {b.low:.1f}–{b.high:.1f} | {b.n} | {shown[0]} | {shown[1]} |")
    return "\n".join(lines)
