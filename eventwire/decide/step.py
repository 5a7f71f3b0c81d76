"""The decision step the pipeline runs on each article's candidate mentions, before consolidation.

Every candidate gets ``kept`` = the calibrated probability that it is a real event (the ``relevance`` head)
reaches ``threshold`` *and* the probability that it is a real event of the coded CAMEO root (the ``typed``
head, never above the first) reaches ``min_typed``; and ``confidence`` = that second probability mapped to the
probability that the event it makes is real and typed right (``model.EventCalibration``). A real event with
a doubtful code is kept unless the model is nearly sure the code is wrong (``min_typed``): its code is the
coder's best reading, and its low confidence says so. Dropped candidates stay in
``mentions/`` (``kept`` false), so a reader can see what was proposed and why it did not become an event;
consolidation builds events only from asserted, kept mentions. A candidate that only tells the circumstances
of a violent act in its sentence (the army "dispatched" to a gun battle) is dropped too (``one_incident``).
Last, the learned sub-event typer (``subtype``) replaces the rules' ACLED sub-event type where it is confident,
with the event and disorder types ACLED's table puts it under.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eventwire.decide.features import article_context, article_domains, features, lede_index
from eventwire.decide.model import MODEL_PATH, load_model
from eventwire.decide.one_incident import INCIDENT, IncidentConfig, drop_circumstances
from eventwire.decide.subtype import SUBTYPE, SubtypeConfig, type_mentions
from schemas.records import Mention


@dataclass(frozen=True, slots=True)
class DecisionConfig:
    """Tunables of the decision step. ``threshold`` is on the calibrated relevance probability: where the
    pool's leave-one-source-out predictions have their best F1 (the model card), a little below even odds,
    because a real event dropped is lost for good (the rules' recall is already the weak side) while a
    doubtful one kept stays visible with its low confidence. On the fit part of news_dev 0.5 would give
    precision 0.625 against 0.604 for one typed event fewer (of 41). Raise it for fewer, surer events (the
    model card gives precision and recall at it)."""

    enabled: bool = True  # off: every candidate kept with the rule coder's own confidence (training uses this)
    threshold: float = 0.45
    # On the typed probability (before the event calibration): also drop a candidate that is probably real
    # but almost surely not of its code ("fighting a losing battle" with flour prices). Chosen on the
    # out-of-source grid of the model card (events of each kind of source scored by a model fitted on the
    # others), never on news_dev: at coder 0.13.0, 0.2 instead of 0.07 gives precision 0.488 → 0.510 and false
    # events per empty article 0.188 → 0.141 for 0.6 points of recall (0.403 → 0.397); 0.3 would cost 1.5.
    # Until 0.12 it was 0.07: the article-context features of 0.13 made the low typed probabilities surer. At
    # 0.14.0, 0.25 instead of 0.2 gives precision 0.516 → 0.531 and false events per empty article 0.137 → 0.116
    # on that grid for no recall (0.397 both); 0.3 would cost 0.8 points. It is not free on conflict news: the
    # labelled conflict-news sentences lose 1.8 points of detection on their fit part (0.670 → 0.652).
    min_typed: float = 0.25
    model_path: Path = MODEL_PATH
    # the learned ACLED sub-event typer (``subtype``): overrides the rules' sub-event type where it is confident
    subtype: SubtypeConfig = SUBTYPE
    # one incident, one event: a violent sentence's circumstances (``one_incident``)
    incident: IncidentConfig = INCIDENT


DECISION = DecisionConfig()


def decide(
    mentions: list[Mention], text: str, config: DecisionConfig = DECISION, *, body_offset: int = 0
) -> list[Mention]:
    """``mentions`` of one article (``text``: the article's full text, its body from ``body_offset``, after
    the headline) with ``confidence`` and ``kept`` set."""
    if not config.enabled or not mentions:
        return mentions
    model = load_model(config.model_path)
    domains = article_domains(text)
    lede = lede_index(text, body_offset)
    context = article_context(mentions)
    out = []
    for mention in mentions:
        seen = features(mention, domains, lede, context)
        real = model.relevance.probability(seen)
        typed = min(model.typed.probability(seen), real)
        kept = real >= config.threshold and typed >= config.min_typed
        out.append(mention.model_copy(update={"confidence": round(model.event(typed), 4), "kept": kept}))
    # the sub-event type last, so that the relevance model reads the rules' type, as it was trained
    return type_mentions(drop_circumstances(out, config.incident), config.subtype)
