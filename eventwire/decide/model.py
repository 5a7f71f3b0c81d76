"""The shipped decision model: two logistic regressions over the same named binary features, stored as JSON
weights and applied with plain Python (no learning library at run time), each calibrated by a fitted sigmoid.

- ``relevance``: the probability that a candidate is a real event of the guideline, whatever its code (a
  human or organised doer, a literal act, a political, security, crime or social-conflict story). The
  keep-or-drop decision reads this one.
- ``typed``: the probability that it is a real event *and* its CAMEO root is right.

The ``confidence`` written on a mention is ``typed`` mapped once more (``EventCalibration``): an event
takes its best mention's confidence, and what an analyst counts is events, so this last sigmoid is fitted
on the events the decision keeps (out-of-source predictions on the training pool, scored as the news
scorer scores them), not on candidates.
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
FORMAT = 3
HEADS = ("relevance", "typed")
LOGIT_FLOOR = 1e-6  # probabilities are clipped this far from 0 and 1 before the logit
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
        # fsum: exact, so the order of a set of strings (which varies between processes) cannot move a threshold
        return self.intercept + prior + math.fsum(weights.get(f, 0.0) for f in seen)

    def probability(self, features: Iterable[str]) -> float:
        return sigmoid(self.slope * self.score(features) + self.offset)


@dataclass(frozen=True, slots=True)
class EventCalibration:
    """A candidate's ``typed`` probability → the probability that the event it makes is real and of the
    right root: sigmoid(slope × logit(p) + offset); slope 1 and offset 0 leave it as it is."""

    slope: float = 1.0
    offset: float = 0.0

    def __call__(self, p: float) -> float:
        p = min(max(p, LOGIT_FLOOR), 1.0 - LOGIT_FLOOR)
        return sigmoid(self.slope * math.log(p / (1.0 - p)) + self.offset)


@dataclass(frozen=True, slots=True)
class DecisionModel:
    relevance: Head
    typed: Head
    event: EventCalibration
    threshold: float  # the relevance threshold training used (DecisionConfig holds the one in force)
    min_typed: float  # the typed threshold training used (likewise)
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
        event=EventCalibration(
            slope=float(data["event_calibration"]["slope"]), offset=float(data["event_calibration"]["offset"])
        ),
        threshold=float(data["threshold"]),
        min_typed=float(data["min_typed"]),
        meta={k: v for k, v in data.items() if k != "heads"},
    )


@cache
def load_model(path: Path = MODEL_PATH) -> DecisionModel:
    """Loaded once per process (a few milliseconds)."""
    if not path.is_file():
        raise FileNotFoundError(f"decision model {path} is missing: run `python -m eventwire.decide.train`")
    return from_dict(json.loads(path.read_text(encoding="utf-8")))
