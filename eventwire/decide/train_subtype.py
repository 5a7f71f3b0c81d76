"""Train the learned ACLED sub-event typer on the team's labelled events and write it, with its card, into the package.

    python -m eventwire.decide.train_subtype --workers 2 [--candidates /tmp/candidates.jsonl]

The examples are the team's labelled events that carry an ACLED sub-event type: the news pool's annotations
(``../shared/corpus/news_pool_labelled.jsonl``), the team's labels of the pool's long articles
(``labels/pool_long.jsonl``) and of local and health news (``labels/local_news.jsonl``), read as the decision
model reads them (``sources.labelled_sets``). Never ACLED, GTD, CASE or news_dev rows. Steps:

1. Code every article with the rule coder, decision off (``train.candidates``: the same candidates, and the
   same cache, as the decision model's training), so the features are those the typer reads at run time.
2. A candidate whose trigger lies in a quote of a gold event with an ACLED sub-event type is an example of that
   type (a sentence often holds two acts, "was arrested after the mayor was stabbed": the trigger, not the
   sentence, tells which the quote is of). Candidates in a sentence of the check part of the conflict-news
   sentences are withheld, exactly as the decision model withholds them (``sources.scored_sentences``);
   articles held apart by ``sources.held_apart`` (a quarter of every source) are only scored.
3. Fit a multinomial logistic regression on the rest, its L2 strength by the log loss of five article folds
   (``sources.article_fold``); choose the override threshold (``SubtypeConfig.min_probability``) on the same
   folds' out-of-fold probabilities: the lowest of the grid with the most right sub-event types among the
   examples the rules typed, ties to the higher threshold (fewer overrides).
4. Score rules alone and rules with the override on the held-apart examples, and write ``data/subtype.json``
   (with the coder version it was trained on: retrain when the rules change) and ``data/SUBTYPE_CARD.md``.

Deterministic: lbfgs, unshuffled folds, sorted features and classes, weights rounded.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from eventwire import CODER_VERSION
from eventwire.decide import label_spans, pool_labels
from eventwire.decide.fitting import fit_logistic, matrix, vocabulary
from eventwire.decide.model import digest
from eventwire.decide.sources import POOL, article_fold, labelled_sets
from eventwire.decide.subtype import FORMAT, SUBTYPE, SUBTYPE_PATH, from_dict, override, subtype_features
from eventwire.decide.train import Candidate, candidates
from eventwire.evaluation import metrics
from eventwire.evaluation.news import gold_article, overlap
from eventwire.evaluation.news import to_article as news_article

CARD_PATH = SUBTYPE_PATH.parent / "SUBTYPE_CARD.md"
MIN_ARTICLES = 2  # a feature seen in fewer fitted articles is left out
MIN_EXAMPLES = 2  # a sub-event type with fewer fitted examples is not a class (the rules keep it)
# … and with fewer than this many the model neither gives it nor takes it away (``subtype.override``): on the
# ACLED fit notes a model free to override every class turned mob violence into attacks and battles and
# property destruction into air strikes, types it had seen twice
MIN_OVERRIDABLE = 5
STRENGTHS = (0.1, 0.3, 1.0, 3.0, 10.0)
OVERRIDE_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01: never override (the rules alone)


@dataclass(frozen=True, slots=True)
class Example:
    article: str
    held: bool
    label: str  # the gold ACLED sub-event type
    rule: str | None  # the rules' sub-event type
    features: frozenset[str]
    sides: tuple[int | None, int | None]  # the inter codes of the rules' actor1 and actor2


def typed_spans(row: dict[str, Any]) -> list[tuple[tuple[tuple[int, int], ...], str]]:
    """The row's gold events that carry an ACLED sub-event type: (their quotes' spans in the coded text, type)."""
    gold = gold_article(row)
    return [
        (event.spans, str(raw["acled_sub_event_type"]))
        for event, raw in zip(gold.events, row["events"], strict=True)
        if raw.get("acled_sub_event_type")
    ]


def examples(rows: list[dict[str, Any]], items: list[Candidate]) -> list[Example]:
    """Every candidate whose trigger is in a quote of an ACLED-typed gold event, withheld ones left out."""
    spans = {news_article(r).article_id: typed_spans(r) for r in rows}
    out = []
    for c in items:
        if c.withheld:
            continue
        trigger = ((c.mention.trigger_start, c.mention.trigger_end),)
        label = next((sub for found, sub in spans.get(c.mention.article_id, []) if overlap(trigger, found)), None)
        if label is not None:
            out.append(
                Example(
                    c.article,
                    c.held,
                    label,
                    c.mention.sub_event_type,
                    frozenset(subtype_features(c.mention)),
                    (c.mention.actor1_inter, c.mention.actor2_inter),
                )
            )
    return out


def out_of_fold(x: Any, y: list[str], folds: list[str], classes: list[str], strength: float) -> np.ndarray:
    """Probabilities of each class (columns in ``classes`` order) from models fitted on the other folds."""
    out = np.zeros((len(y), len(classes)))
    labels = np.array(folds)
    for fold in sorted(set(folds)):
        test = labels == fold
        train = ~test
        model = fit_logistic(x[train], [c for c, t in zip(y, train, strict=True) if t], strength)
        probs = model.predict_proba(x[test])
        for j, cls in enumerate(model.classes_):
            out[test, classes.index(str(cls))] = probs[:, j]
    return out


def log_loss(probs: np.ndarray, y: list[str], classes: list[str]) -> float:
    p = np.array([probs[i, classes.index(c)] for i, c in enumerate(y)])
    return float(-np.mean(np.log(np.clip(p, 1e-9, 1.0))))


def decided(
    items: list[Example], probs: np.ndarray, classes: list[str], at: float, overridable: frozenset[str]
) -> list[str | None]:
    return [
        override(e.rule, dict(zip(classes, p.tolist(), strict=True)), at, overridable, e.sides)
        for e, p in zip(items, probs, strict=True)
    ]


def typing_scores(items: list[Example], predicted: list[str | None]) -> dict[str, Any]:
    """Right sub-event types among the examples the rules typed (the only ones the typer may change), their
    weighted F1, and how many the override changed, for better or worse."""
    pairs = [(e, p) for e, p in zip(items, predicted, strict=True) if e.rule is not None]
    gold = [e.label for e, _ in pairs]
    pred = [p or "(none)" for _, p in pairs]
    return {
        "examples": len(pairs),
        "right": sum(g == p for g, p in zip(gold, pred, strict=True)),
        "accuracy": round(metrics.accuracy(gold, pred) or 0.0, 4),
        "weighted_f1": round(metrics.weighted_f1(gold, pred) or 0.0, 4),
        "changed": sum(p != e.rule for e, p in pairs),
        "fixed": sum(p != e.rule and p == e.label for e, p in pairs),
        "broken": sum(p != e.rule and e.rule == e.label for e, p in pairs),
    }


def train(rows: list[dict[str, Any]], items: list[Candidate], trained_on: str) -> dict[str, Any]:
    every = examples(rows, items)
    counts = Counter(e.label for e in every if not e.held)
    classes = sorted(c for c, n in counts.items() if n >= MIN_EXAMPLES)
    overridable = frozenset(c for c in classes if counts[c] >= MIN_OVERRIDABLE)
    fit = [e for e in every if not e.held and e.label in classes]
    held = [e for e in every if e.held]
    names = vocabulary(fit, MIN_ARTICLES)
    index = {f: i for i, f in enumerate(names)}
    x = matrix(fit, index)
    y = [e.label for e in fit]
    folds = [article_fold(e.article) for e in fit]
    oof = {c: out_of_fold(x, y, folds, classes, c) for c in STRENGTHS}
    losses = {str(c): round(log_loss(p, y, classes), 4) for c, p in oof.items()}
    strength = min(STRENGTHS, key=lambda c: (losses[str(c)], c))
    grid = {str(at): typing_scores(fit, decided(fit, oof[strength], classes, at, overridable)) for at in OVERRIDE_GRID}
    chosen = max(OVERRIDE_GRID, key=lambda at: (grid[str(at)]["right"], at))
    final = fit_logistic(x, y, strength)
    order = [str(c) for c in final.classes_]
    model: dict[str, Any] = {
        "format": FORMAT,
        "name": "subtype",
        "coder_version": CODER_VERSION,
        "trained_on": trained_on,
        "classes": classes,
        "overridable": sorted(overridable),
        "strength": strength,
        "features": len(names),
        "examples": {"fit": len(fit), "held_apart": len(held), "by_type_fit": dict(sorted(counts.items()))},
        "log_loss_by_strength": losses,
        "min_probability_chosen": chosen if chosen <= 1.0 else None,
        "min_probability_in_force": SUBTYPE.min_probability,
        "out_of_fold_grid": grid,
        "intercepts": {c: round(float(final.intercept_[order.index(c)]), 6) for c in classes},
        "weights": {
            c: {
                f: round(float(w), 6)
                for f, w in zip(names, final.coef_[order.index(c)], strict=True)
                if round(float(w), 6)
            }
            for c in classes
        },
    }
    runtime = from_dict(model)
    held_probs = np.array([[runtime.probabilities(e.features)[c] for c in classes] for e in held])
    model["held_apart"] = {
        str(at): typing_scores(held, decided(held, held_probs, classes, at, overridable)) for at in OVERRIDE_GRID
    }
    model["held_apart_by_type"] = dict(sorted(Counter(e.label for e in held).items()))
    return model


def card(model: dict[str, Any], sha256: str) -> str:
    def table(scores: dict[str, dict[str, Any]]) -> str:
        lines = [
            "| override at | examples typed by the rules | right | accuracy | weighted F1 | changed | fixed | broken |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for at, s in scores.items():
            label = "never (rules alone)" if float(at) > 1 else at
            lines.append(
                f"| {label} | {s['examples']} | {s['right']} | {s['accuracy']} | {s['weighted_f1']} | {s['changed']} "
                f"| {s['fixed']} | {s['broken']} |"
            )
        return "\n".join(lines)

    by_type = ", ".join(f"{k} {v}" for k, v in model["examples"]["by_type_fit"].items() if k in model["classes"])
    return f"""# Model card: the learned ACLED sub-event typer

Written by `python -m eventwire.decide.train_subtype`; do not edit by hand.

- **File**: `eventwire/decide/data/subtype.json`, SHA-256 `{sha256}`; coder {model["coder_version"]} (retrain when
  the rules change what they propose: a test checks the version).
- **What it does**: for a candidate the rules typed, a probability for each ACLED sub-event type below; the
  decision step replaces the rules' sub-event type by the most probable one where that reaches
  `SubtypeConfig.min_probability` (in force: {model["min_probability_in_force"]}), and the event and disorder
  types follow from ACLED's table.
- **Trained on**: {model["trained_on"]}; the team's labelled events with an ACLED sub-event type, each
  candidate whose trigger is in one of its quotes (never ACLED, GTD, CASE or news_dev rows; candidates in a
  check-part conflict-news sentence withheld). {model["examples"]["fit"]} examples fitted,
  {model["examples"]["held_apart"]} held apart (articles held apart as for the decision model).
- **Classes** (fitted examples): {by_type}. It gives only the classes of at least {MIN_OVERRIDABLE}
  examples: {", ".join(model["overridable"])}; and never takes a demonstration's outcome away (intervention,
  excessive force, violence → peaceful protest), which the rules read from the whole article.
- **Model**: multinomial logistic regression, {model["features"]} features, L2 strength {model["strength"]}
  (article-fold log loss by strength: {model["log_loss_by_strength"]}).

## Override threshold, out of fold (fitted articles, five article folds)

The threshold is chosen here: {model["min_probability_chosen"] or "never override"} (the most right types, ties
to the higher threshold).

{table(model["out_of_fold_grid"])}

## Held apart (articles never fitted; scored with the shipped weights)

Gold types held apart: {", ".join(f"{k} {v}" for k, v in model["held_apart_by_type"].items())}.

{table(model["held_apart"])}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pool", type=Path, default=POOL)
    parser.add_argument("--labels", type=Path, default=label_spans.LABELS)
    parser.add_argument("--geo-dev", type=Path, default=label_spans.GEO_DEV)
    parser.add_argument("--long-labels", type=Path, default=pool_labels.LABELS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--candidates", type=Path, default=None, help="cache of coded candidates (JSON lines)")
    parser.add_argument("--out", type=Path, default=SUBTYPE_PATH)
    parser.add_argument("--card", type=Path, default=CARD_PATH)
    args = parser.parse_args()
    sets = labelled_sets(args.pool, args.labels, args.geo_dev, args.long_labels)
    rows = [r for s in sets for r in s.rows]
    items = candidates(rows, args.workers, args.candidates)
    model = train(rows, items, "; ".join(f"{s.name}: {len(s.rows)} articles" for s in sets))
    args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    args.card.write_text(card(model, digest(args.out)), encoding="utf-8")
    print(json.dumps({k: v for k, v in model.items() if k not in ("weights", "intercepts")}, indent=1))


if __name__ == "__main__":
    main()
