"""The decision step the pipeline runs on each article's candidate mentions, before consolidation.

Every candidate gets ``kept`` = the calibrated probability that it is a real event (the ``relevance`` head)
reaches the threshold, and ``confidence`` = the calibrated probability that it is a real event of the coded
CAMEO root (the ``typed`` head, never above the first). A real event with a doubtful code is kept: its code
is the coder's best reading, and its low confidence says so. Dropped candidates stay in
``mentions/`` (``kept`` false), so a reader can see what was proposed and why it did not become an event;
consolidation builds events only from asserted, kept mentions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eventwire.decide.features import article_domains, features
from eventwire.decide.model import MODEL_PATH, load_model
from schemas.records import Mention


@dataclass(frozen=True, slots=True)
class DecisionConfig:
    """Tunables of the decision step. ``threshold`` is on the calibrated relevance probability: a little
    below even odds, because a real event dropped is lost for good (the rules' recall is already the weak
    side) while a doubtful one kept stays visible with its low confidence; at 0.5 a point and a half of the
    ACLED notes of the fit part lost their event, at 0.4 none. Raise it for fewer, surer events (the model
    card gives precision and recall at it)."""

    enabled: bool = True  # off: every candidate kept with the rule coder's own confidence (training uses this)
    threshold: float = 0.4
    model_path: Path = MODEL_PATH


DECISION = DecisionConfig()


def decide(mentions: list[Mention], text: str, config: DecisionConfig = DECISION) -> list[Mention]:
    """``mentions`` of one article (``text``: the article's full text) with ``confidence`` and ``kept`` set."""
    if not config.enabled or not mentions:
        return mentions
    model = load_model(config.model_path)
    domains = article_domains(text)
    out = []
    for mention in mentions:
        seen = features(mention, domains)
        real = model.relevance.probability(seen)
        typed = min(model.typed.probability(seen), real)
        out.append(mention.model_copy(update={"confidence": round(typed, 4), "kept": real >= config.threshold}))
    return out
