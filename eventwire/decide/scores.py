"""How well the decision model's probabilities and events score: candidates (ROC AUC, log loss, precision and
recall at a threshold, a reliability table) and events, built and scored as the news scorer scores news_dev
(``evaluation.news``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from eventwire.decide import calibration
from eventwire.decide.card import EVENT_KEYS
from eventwire.evaluation.news import PredictedEvent, gold_article, match, score


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def event_fit_scores(rows: list[dict[str, Any]], preds: list[list[PredictedEvent]]) -> dict[str, float]:
    """How well the events' confidence fits what the news scorer finds: ECE (10 bins) and log loss."""
    confidence, outcome = event_outcomes(rows, preds)
    table = calibration.reliability_table(confidence.tolist(), (outcome == 1).tolist())
    return {
        "events": len(outcome),
        "ece": round(calibration.expected_calibration_error(table), 4),
        "log_loss": round(log_loss(confidence, outcome), 4),
    }


def f1_at(p: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float, float]:
    kept = p >= threshold
    tp = float(np.sum(kept & (y == 1)))
    precision = tp / max(1.0, float(np.sum(kept)))
    recall = tp / max(1.0, float(np.sum(y == 1)))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    grid = [round(t, 2) for t in np.arange(0.1, 0.91, 0.05)]
    return max(grid, key=lambda t: (round(f1_at(p, y, t)[2], 4), -t))


def auc(p: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p))


def evaluate(p: np.ndarray, y: np.ndarray, asserted: np.ndarray, threshold: float) -> dict[str, Any]:
    table = calibration.reliability_table(p[asserted].tolist(), (y[asserted] == 1).tolist())
    precision, recall, f1 = f1_at(p[asserted], y[asserted], threshold)
    rule_precision = float(np.mean(y[asserted]))
    return {
        "candidates": len(y),
        "asserted_candidates": int(asserted.sum()),
        "positives_asserted": int(y[asserted].sum()),
        "auc": round(auc(p[asserted], y[asserted]), 4),
        "log_loss": round(log_loss(p[asserted], y[asserted]), 4),
        "brier": round(float(np.mean((p[asserted] - y[asserted]) ** 2)), 4),
        "precision_without_decision": round(rule_precision, 4),
        "precision_at_threshold": round(precision, 4),
        "recall_at_threshold": round(recall, 4),
        "f1_at_threshold": round(f1, 4),
        "ece": round(calibration.expected_calibration_error(table), 4),
        "reliability": [
            {
                "low": b.low,
                "high": b.high,
                "n": b.n,
                "mean_predicted": None if b.mean_predicted is None else round(b.mean_predicted, 4),
                "observed": None if b.observed is None else round(b.observed, 4),
            }
            for b in table
        ],
    }


def by_source(p: np.ndarray, y: np.ndarray, asserted: np.ndarray, groups: list[str]) -> dict[str, float]:
    """ROC AUC of the out-of-fold probabilities on each source's asserted candidates."""
    labels = np.array(groups)
    out = {}
    for group in sorted(set(groups)):
        rows = asserted & (labels == group)
        if len(set(y[rows].tolist())) == 2:
            out[group] = round(auc(p[rows], y[rows]), 4)
    return out


def event_outcomes(rows: list[dict[str, Any]], preds: list[list[PredictedEvent]]) -> tuple[np.ndarray, np.ndarray]:
    """Each predicted event's confidence, and whether the news scorer matches it to a gold event of its root."""
    confidence: list[float] = []
    typed: list[bool] = []
    for row, found in zip(rows, preds, strict=True):
        pairs = match(gold_article(row), found).pairs
        right = {p for p, _, is_typed in pairs if is_typed}
        confidence.extend(e.confidence for e in found)
        typed.extend(p in right for p in range(len(found)))
    return np.array(confidence, dtype=float), np.array(typed, dtype=int)


def news_scores(rows: list[dict[str, Any]], preds: list[list[PredictedEvent]]) -> dict[str, Any]:
    """The news scorer's figures that the card shows, and its reliability table."""
    scored = score(rows, preds)
    keys = EVENT_KEYS
    out: dict[str, Any] = {k: None if scored["overall"][k] is None else round(scored["overall"][k], 4) for k in keys}
    out["reliability"] = [
        {k: round(v, 4) if isinstance(v, float) else v for k, v in b.items()} for b in scored["reliability"]
    ]
    return out
