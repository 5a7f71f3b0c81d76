"""The shipped decision model: it loads, its file is the one its data card describes, and it is applied
exactly as trained."""

from __future__ import annotations

import json
import re

import pytest

from eventwire import CODER_VERSION
from eventwire.decide.model import HEADS, MODEL_PATH, UNKNOWN_DOMAIN, digest, from_dict, load_model, sigmoid
from eventwire.decide.step import DECISION
from eventwire.decide.train import CARD_PATH, HELD_BELOW, held_apart, source_of

CARD = CARD_PATH.read_text(encoding="utf-8")
DATA = json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def test_model_file_matches_its_data_card() -> None:
    assert f"sha256: `{digest(MODEL_PATH)}`" in CARD
    assert f"size: {MODEL_PATH.stat().st_size:,} bytes" in CARD
    assert f"{DATA['features']:,} binary features" in CARD
    assert f"{DATA['articles']['held_apart']} articles" in CARD
    assert f"fitted on the other {DATA['articles']['fit']} articles" in CARD
    assert f"< {HELD_BELOW}" in CARD
    held = DATA["held_apart_scores"]
    assert f"| {held['confidence']['ece']} |" in CARD  # the calibration error shown is the file's
    assert "news_dev" in CARD and "Never on" in CARD  # says what it was not trained on


def test_model_loads_with_both_heads_and_is_small() -> None:
    model = load_model()
    assert set(DATA["heads"]) == set(HEADS)
    assert model.relevance.weights and model.typed.weights
    assert MODEL_PATH.stat().st_size < 500_000
    assert DATA["coder_version"] == CODER_VERSION  # retrain when the coder changes what it proposes


def test_threshold_in_force_is_the_one_the_card_reports() -> None:
    assert load_model().threshold == DECISION.threshold
    assert re.search(rf"relevance threshold\s+{DECISION.threshold}", CARD)


def test_probability_is_the_calibrated_linear_score() -> None:
    head = load_model().relevance
    features = sorted(head.weights)[:5]
    score = head.intercept + sum(head.weights[f] for f in features)
    assert head.probability(features) == pytest.approx(sigmoid(head.slope * score + head.offset))
    unknown = [*features, UNKNOWN_DOMAIN]
    assert head.score(unknown) == pytest.approx(score + head.domain_prior)


def test_a_model_of_another_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        from_dict(DATA | {"format": 0})


def test_held_apart_rule_is_fixed_and_about_a_quarter() -> None:
    ids = [f"wikinews_vanatteveldt:{i}" for i in range(2000)]
    share = sum(held_apart(i) for i in ids) / len(ids)
    assert 0.2 < share < 0.3
    assert held_apart("wikinews_vanatteveldt:1") == held_apart("wikinews_vanatteveldt:1")
    assert source_of("re3d_centcom:12") == "re3d_centcom"
