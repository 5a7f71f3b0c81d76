"""Train the relevance model on the team's labelled news pool and write it, with its model card, into the package.

    python -m eventwire.decide.train --pool ../shared/corpus/news_pool_labelled.jsonl --workers 2

Needs the ``train`` extra (scikit-learn); the run time needs only the JSON it writes. Steps:

1. Code every pool article with the rule coder exactly as the nightly run does (``pipeline.code_batch``),
   with the decision step off, so the candidates are what the rules propose.
2. Label each candidate as the news scorer matches (``evaluation.news``): positive when its sentence overlaps
   a gold event's quote and its CAMEO root is the gold root or one of its alternatives; negative otherwise
   (it overlaps only a trap, nothing listed, or a gold event of another root). A second candidate on an
   already covered gold event is positive too: the act is real and typed, and merging reports is
   consolidation's job, not relevance's.
3. Keep a fixed part of the pool apart, by a hash of the article id (``held_apart``), for calibration checks
   and the scores in the card; fit on the rest: a logistic regression over the features of
   ``decide.features``. Its strength and its calibration (a sigmoid fitted on out-of-fold scores) come
   from leave-one-source-out folds (the threshold is the pipeline's, ``DecisionConfig``; the card also
   gives the one with the best out-of-fold F1, for reference): each
   source of the pool (Wikinews 2019–20, MEANTIME business news, GUM, Global Voices, each government's
   releases) is scored by a model fitted on the others, as a feed the model has never seen will be.

Deterministic: no random state anywhere (lbfgs, unshuffled folds), sorted features, weights rounded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from eventwire import CODER_VERSION
from eventwire.decide import calibration
from eventwire.decide.features import article_domains, features
from eventwire.decide.model import FORMAT, MODEL_PATH, digest, from_dict
from eventwire.decide.step import DECISION, DecisionConfig
from eventwire.evaluation.news import gold_article, overlap, to_article
from eventwire.evaluation.runner import code_articles, read_gold
from schemas.records import Mention

POOL = Path("../shared/corpus/news_pool_labelled.jsonl")
CARD_PATH = MODEL_PATH.parent / "MODEL_CARD.md"
HELD_BELOW = 64  # first digest byte of "decide:" + id below this → held apart (a quarter of the pool)
MIN_ARTICLES = 3  # a feature seen in fewer training articles is left out (it would only memorise)
STRENGTHS = (0.03, 0.1, 0.3, 1.0, 3.0)  # inverse L2 strengths tried
REAL = ("typed", "other-root")  # a candidate on a gold event, whatever its code, is a real event


@dataclass(frozen=True, slots=True)
class Candidate:
    article: str
    held: bool
    asserted: bool
    label: bool
    why: str  # typed, other-root, trap:<why>, unlisted
    features: frozenset[str]


def held_apart(article_id: str) -> bool:
    """Whether a pool article is kept apart from fitting (a fixed function of its id, salted so that it is
    independent of the evaluation files' fit/check split)."""
    return hashlib.sha256(f"decide:{article_id}".encode()).digest()[0] < HELD_BELOW


def label(row: dict[str, Any], mention: Mention) -> tuple[bool, str]:
    gold = gold_article(row)
    span = ((mention.char_start, mention.char_end),)
    hits = [e for e in gold.events if overlap(span, e.spans)]
    if any(e.typed(mention.cameo_root_code) for e in hits):
        return True, "typed"
    if hits:
        return False, "other-root"
    trap = next((t.why for t in gold.traps if overlap(span, t.spans)), None)
    return False, f"trap:{trap}" if trap else "unlisted"


def candidates(rows: list[dict[str, Any]], workers: int, cache: Path | None) -> list[Candidate]:
    articles = [to_article(r) for r in rows]
    if cache is not None and cache.is_file():
        mentions = [Mention.model_validate_json(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    else:
        mentions = code_articles(articles, workers=workers, decision=DecisionConfig(enabled=False))
        if cache is not None:
            cache.write_text("".join(m.model_dump_json() + "\n" for m in mentions), encoding="utf-8")
    by_id = {a.article_id: (a, r) for a, r in zip(articles, rows, strict=True)}
    domains = {a.article_id: article_domains(a.full_text) for a in articles}
    out = []
    for m in sorted(mentions, key=lambda m: (m.article_id, m.sentence_index, m.trigger_start, m.mention_id)):
        _, row = by_id[m.article_id]
        positive, why = label(row, m)
        out.append(
            Candidate(
                article=str(row["id"]),
                held=held_apart(str(row["id"])),
                asserted=m.factuality == "asserted",
                label=positive,
                why=why,
                features=frozenset(features(m, domains[m.article_id])),
            )
        )
    return out


def vocabulary(train: list[Candidate]) -> list[str]:
    seen: dict[str, set[str]] = {}
    for c in train:
        for f in c.features:
            seen.setdefault(f, set()).add(c.article)
    return sorted(f for f, articles in seen.items() if len(articles) >= MIN_ARTICLES)


def matrix(items: list[Candidate], index: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for i, c in enumerate(items):
        for f in c.features:
            j = index.get(f)
            if j is not None:
                rows.append(i)
                cols.append(j)
    data = np.ones(len(rows))
    return csr_matrix((data, (rows, cols)), shape=(len(items), len(index)))


def _fit(x: Any, y: np.ndarray, strength: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=strength, max_iter=5000).fit(x, y)


def _log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _scores(model: Any, x: Any) -> np.ndarray:
    return np.asarray(model.decision_function(x), dtype=float)


def source_of(article_id: str) -> str:
    """The pool source an article came from: its id's prefix (``wikinews_gum``, ``re3d_centcom``, …)."""
    return article_id.split(":", 1)[0]


def out_of_fold(x: Any, y: np.ndarray, groups: list[str], strength: float) -> np.ndarray:
    from sklearn.model_selection import LeaveOneGroupOut

    scores = np.zeros(len(y))
    for fit_rows, test_rows in LeaveOneGroupOut().split(x, y, groups):
        scores[test_rows] = _scores(_fit(x[fit_rows], y[fit_rows], strength), x[test_rows])
    return scores


def platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and offset of the sigmoid that maps out-of-fold scores to probabilities."""
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=1e6, max_iter=5000).fit(scores.reshape(-1, 1), y)
    return float(fitted.coef_[0][0]), float(fitted.intercept_[0])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=float)


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


def _auc(p: np.ndarray, y: np.ndarray) -> float:
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
        "auc": round(_auc(p[asserted], y[asserted]), 4),
        "log_loss": round(_log_loss(p[asserted], y[asserted]), 4),
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


def fit_head(x: Any, y: np.ndarray, groups: list[str]) -> tuple[dict[str, Any], np.ndarray, dict[str, float]]:
    """One head: strength by leave-one-source-out log loss, sigmoid calibration on those out-of-fold scores.
    Returns the fitted head (unrounded names are attached by the caller), calibrated out-of-fold
    probabilities, and the log loss of each strength tried."""
    losses = {str(c): round(_log_loss(_sigmoid(out_of_fold(x, y, groups, c)), y), 4) for c in STRENGTHS}
    strength = min(STRENGTHS, key=lambda c: (losses[str(c)], c))
    oof = out_of_fold(x, y, groups, strength)
    slope, offset = platt(oof, y)
    final = _fit(x, y, strength)
    head = {
        "strength": strength,
        "intercept": round(float(final.intercept_[0]), 6),
        "calibration": {"slope": round(slope, 6), "offset": round(offset, 6)},
        "coef": final.coef_[0],
    }
    return head, _sigmoid(slope * oof + offset), losses


def domain_prior(items: list[Candidate], weights: dict[str, float]) -> float:
    """The mean contribution of the article-domain features over the training candidates."""
    total = sum(weights.get(f, 0.0) for c in items for f in c.features if f.startswith("dom="))
    return round(total / max(1, len(items)), 6)


def train(pool: Path, workers: int, cache: Path | None, out: Path, card: Path) -> dict[str, Any]:
    started = time.perf_counter()
    rows = read_gold(pool)
    items = candidates(rows, workers, cache)
    coded = time.perf_counter()
    fit_items = [c for c in items if not c.held]
    held_items = [c for c in items if c.held]
    names = vocabulary(fit_items)
    index = {f: i for i, f in enumerate(names)}
    x = matrix(fit_items, index)
    groups = [source_of(c.article) for c in fit_items]
    asserted_fit = np.array([c.asserted for c in fit_items])
    targets = {
        "relevance": np.array([int(c.why in REAL) for c in fit_items]),
        "typed": np.array([int(c.label) for c in fit_items]),
    }
    heads: dict[str, Any] = {}
    oof: dict[str, np.ndarray] = {}
    losses: dict[str, dict[str, float]] = {}
    for name, y in targets.items():
        head, oof[name], losses[name] = fit_head(x, y, groups)
        coef = head.pop("coef")
        head["weights"] = {f: round(float(w), 6) for f, w in zip(names, coef, strict=True) if round(float(w), 6)}
        head["domain_prior"] = domain_prior(fit_items, head["weights"])
        heads[name] = head
    relevance_y = targets["relevance"]
    threshold = DECISION.threshold
    best_f1 = best_threshold(oof["relevance"][asserted_fit], relevance_y[asserted_fit])
    model: dict[str, Any] = {
        "format": FORMAT,
        "name": "decision",
        "coder_version": CODER_VERSION,
        "trained_on": f"{pool.name}: {len(rows)} articles labelled with NEWS_GUIDELINE.md v1.1",
        "held_apart_rule": f'first byte of SHA-256 of "decide:" + article id < {HELD_BELOW}',
        "articles": {"fit": len({c.article for c in fit_items}), "held_apart": len({c.article for c in held_items})},
        "candidates": {"fit": len(fit_items), "held_apart": len(held_items)},
        "features": len(names),
        "threshold": threshold,
        "best_f1_threshold": best_f1,
        "heads": heads,
    }
    runtime = from_dict(model)
    held_rel = np.array([runtime.relevance.probability(c.features) for c in held_items])
    held_typed = np.minimum(np.array([runtime.typed.probability(c.features) for c in held_items]), held_rel)
    held_asserted = np.array([c.asserted for c in held_items])
    model["held_apart_scores"] = {
        "relevance": evaluate(held_rel, np.array([int(c.why in REAL) for c in held_items]), held_asserted, threshold),
        "confidence": evaluate(held_typed, np.array([int(c.label) for c in held_items]), held_asserted, 0.5),
    }
    model["cross_validation"] = {
        "log_loss_by_strength": losses,
        "relevance": {
            k: v
            for k, v in evaluate(oof["relevance"], relevance_y, asserted_fit, threshold).items()
            if k != "reliability"
        },
    }
    reasons = Counter(c.why.split(":")[0] if c.why.startswith("trap") else c.why for c in items if c.asserted)
    model["labels"] = dict(sorted(reasons.items()))
    out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    seconds = {"coding": round(coded - started, 1), "fitting": round(time.perf_counter() - coded, 1)}
    card.write_text(model_card(model, digest(out), out.stat().st_size, seconds), encoding="utf-8")
    return model


def _row(label: str, scores: dict[str, Any]) -> str:
    return (
        f"| {label} | {scores['asserted_candidates']} ({scores['positives_asserted']} positive) | "
        f"{scores['precision_without_decision']} | {scores['precision_at_threshold']} / "
        f"{scores['recall_at_threshold']} / {scores['f1_at_threshold']} | {scores['auc']} | "
        f"{scores['log_loss']} / {scores['brier']} | {scores['ece']} |"
    )


def model_card(model: dict[str, Any], sha256: str, size: int, seconds: dict[str, float]) -> str:
    held = model["held_apart_scores"]
    cv = model["cross_validation"]
    heads = model["heads"]
    table = calibration.markdown(
        [
            calibration.ReliabilityBin(b["low"], b["high"], b["n"], b["mean_predicted"], b["observed"])
            for b in held["confidence"]["reliability"]
        ]
    )
    strengths = ", ".join(f"{name} C = {head['strength']}" for name, head in heads.items())
    return f"""# Decision model: data card

`{MODEL_PATH.name}` — two logistic regressions (heads) over {model["features"]:,} binary features of a
candidate mention (`eventwire/decide/features.py`), each calibrated by a sigmoid, applied with plain Python
by `eventwire/decide/model.py`: `relevance` (a real event of the guideline, whatever its code; decides keep
or drop) and `typed` (a real event with the right CAMEO root; the `confidence`). Written by
`python -m eventwire.decide.train` on {datetime.now(UTC):%Y-%m-%d} (coding the pool {seconds["coding"]} s,
fitting {seconds["fitting"]} s).

- sha256: `{sha256}`
- size: {size:,} bytes
- coder version: {model["coder_version"]}

## Trained on
{model["trained_on"]} (`../shared/corpus/news_pool_labelled.jsonl`: Wikinews, Global Voices, government
releases; see that folder's README). Never on news_dev, ACLED, GTD or CASE rows. Candidates are the rule
coder's mentions of every pool article (decision off). A candidate whose sentence overlaps a gold event's
quote is *real*; it is *typed* when its CAMEO root is also the gold root or an alternative. A second
candidate on the same gold event is labelled like the first (merging reports is consolidation's job).
Everything else (a trap sentence, an unlisted one) is neither. Asserted candidates: {model["labels"]}.

- held apart: {model["held_apart_rule"]} — {model["articles"]["held_apart"]} articles,
  {model["candidates"]["held_apart"]} candidates; fitted on the other {model["articles"]["fit"]} articles,
  {model["candidates"]["fit"]} candidates (all factualities)
- {strengths} (leave-one-source-out log loss by C: {cv["log_loss_by_strength"]}); relevance threshold
  {model["threshold"]} (`DecisionConfig`, which says why; the best F1 of the leave-one-source-out asserted
  candidates would be at {model["best_f1_threshold"]})

Known label noise (corpus README): states of emergency, government money to companies and convictions
were labelled differently by different batches.

## Scores on the held-apart articles (asserted candidates)

| head | candidates | precision, all kept | P / R / F1 at threshold | ROC AUC | log loss / Brier | ECE (10 bins) |
|---|---|---|---|---|---|---|
{_row(f"relevance (threshold {model['threshold']})", held["relevance"])}
{_row("confidence (typed; at 0.5)", held["confidence"])}

Reliability of `confidence` (held apart, asserted candidates; observed = share really a typed event):

{table}

Leave-one-source-out on the fitted part, relevance: AUC {cv["relevance"]["auc"]}, ECE {cv["relevance"]["ece"]},
precision / recall at the threshold {cv["relevance"]["precision_at_threshold"]} /
{cv["relevance"]["recall_at_threshold"]}.

## Attribution
Derived from Wikinews articles (CC BY 2.5, https://creativecommons.org/licenses/by/2.5/), Global Voices posts
(CC BY 3.0, https://creativecommons.org/licenses/by/3.0/) and government texts; contains public sector
information licensed under the Open Government Licence v3.0; EU texts © European Union, reuse authorised
with acknowledgement of the source.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pool", type=Path, default=POOL)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--candidates", type=Path, default=None, help="cache of coded candidates (JSON lines)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--card", type=Path, default=CARD_PATH)
    args = parser.parse_args()
    model = train(args.pool, args.workers, args.candidates, args.out, args.card)
    print(json.dumps({k: v for k, v in model.items() if k != "heads"}, indent=1))


if __name__ == "__main__":
    main()
