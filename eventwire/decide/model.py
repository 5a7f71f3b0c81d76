"""The shipped decision model: two logistic regressions over the same named binary features, stored as JSON
weights and applied with plain Python (no learning library at run time), each calibrated by a fitted sigmoid.

- ``relevance``: the probability that a candidate is a real event of the guideline, whatever its code (a
  human or organised doer, a literal act, a political, security, crime or social-conflict story). The
  keep-or-drop decision reads this one.
- ``typed``: the probability that it is a real event *and* its CAMEO root is right: the ``confidence``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).parent / "data" / "decision.json"
FORMAT = 2
HEADS = ("relevance", "typed")
UNKNOWN_DOMAIN = "dom=short"  # the feature ``decide.features`` gives a text too short to judge its domain


@dataclass(frozen=True, slots=True)
class Head:
    weights: dict[str, float]
    intercept: float
    slope: float  # calibration: probability = sigmoid(slope * score + offset)
    offset: float
    # what the article-domain features add on average over the training candidates: a text too short to
    # judge its domain (``UNKNOWN_DOMAIN`` among its features) gets this, not nothing
    domain_prior: float = 0.0

    def score(self, features: Iterable[str]) -> float:
        """The linear score (log-odds before calibration)."""
        weights = self.weights
        seen = set(features)
        prior = self.domain_prior if UNKNOWN_DOMAIN in seen else 0.0
        return self.intercept + prior + sum(weights.get(f, 0.0) for f in seen)

    def probability(self, features: Iterable[str]) -> float:
        return sigmoid(self.slope * self.score(features) + self.offset)


@dataclass(frozen=True, slots=True)
class DecisionModel:
    relevance: Head
    typed: Head
    threshold: float  # the relevance threshold training chose (DecisionConfig holds the one in force)
    meta: dict[str, Any]


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _head(data: dict[str, Any]) -> Head:
    return Head(
        weights={str(k): float(v) for k, v in data["weights"].items()},
        intercept=float(data["intercept"]),
        slope=float(data["calibration"]["slope"]),
        offset=float(data["calibration"]["offset"]),
        domain_prior=float(data.get("domain_prior", 0.0)),
    )


def from_dict(data: dict[str, Any]) -> DecisionModel:
    if data.get("format") != FORMAT:
        raise ValueError(f"decision model format {data.get('format')!r} is not {FORMAT}: retrain it")
    return DecisionModel(
        relevance=_head(data["heads"]["relevance"]),
        typed=_head(data["heads"]["typed"]),
        threshold=float(data["threshold"]),
        meta={k: v for k, v in data.items() if k != "heads"},
    )


@cache
def load_model(path: Path = MODEL_PATH) -> DecisionModel:
    """Loaded once per process (a few milliseconds)."""
    if not path.is_file():
        raise FileNotFoundError(f"decision model {path} is missing: run `python -m eventwire.decide.train`")
    return from_dict(json.loads(path.read_text(encoding="utf-8")))
