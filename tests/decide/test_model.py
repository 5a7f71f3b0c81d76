"""The shipped decision model: it loads, its file is the one its data card describes, and it is applied
exactly as trained."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime

import pytest

from eventwire import CODER_VERSION
from eventwire.decide.features import article_context, article_domains, features, lede_index
from eventwire.decide.model import (
    HEADS,
    MODEL_PATH,
    UNKNOWN_DOMAIN,
    EventCalibration,
    digest,
    from_dict,
    load_model,
    sigmoid,
)
from eventwire.decide.sources import FOLDS, GROUPS, HELD_BELOW, article_fold, held_apart, source_group, source_of
from eventwire.decide.step import DECISION
from eventwire.decide.train import CARD_PATH
from schemas.records import Mention

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
    assert f"| {held['typed']['ece']} |" in CARD  # the calibration errors shown are the file's
    assert f"| {held['events']['calibration_error']} |" in CARD
    assert f"| {DATA['cross_validation']['events']['calibration_error']} |" in CARD
    assert "news_dev" in CARD and "Never on" in CARD  # says what it was not trained on
    for group, scores in DATA.get("sources", {}).items():  # what it learnt from each kind of source
        assert (
            f"| {group}: {GROUPS[group]} | {scores['articles']['fit']} / {scores['articles']['held_apart']} |" in CARD
        )


def test_card_shows_both_thresholds_together_with_the_file_s_figures() -> None:
    """The events out of source by relevance and typed threshold together, so a threshold is chosen by the
    card: the pair in force among them, each row the model file's figures."""
    pairs = DATA["cross_validation"].get("threshold_grid")
    if pairs is None:
        pytest.skip("the shipped model predates the threshold grid: retrain (python -m eventwire.decide.train)")
    assert f"{DECISION.threshold}/{DECISION.min_typed}" in pairs
    for pair, scores in pairs.items():
        relevance_at, typed_at = pair.split("/")
        row = f"| relevance ≥ {relevance_at}, typed ≥ {typed_at} | {scores['n_predicted']} | {scores['precision']} |"
        assert row in CARD


def test_model_loads_with_both_heads_and_is_small() -> None:
    model = load_model()
    assert set(DATA["heads"]) == set(HEADS)
    assert model.relevance.weights and model.typed.weights
    assert MODEL_PATH.stat().st_size < 500_000
    assert DATA["coder_version"] == CODER_VERSION  # retrain when the coder changes what it proposes


def test_thresholds_in_force_are_the_ones_the_model_was_trained_and_scored_with() -> None:
    model = load_model()
    assert model.threshold == DECISION.threshold
    assert model.min_typed == DECISION.min_typed
    assert re.search(rf"relevance threshold\s+{DECISION.threshold}", CARD)
    assert re.search(rf"typed threshold\s+{DECISION.min_typed}", CARD)


def test_probability_is_the_calibrated_linear_score() -> None:
    head = load_model().relevance
    features = sorted(head.weights)[:5]
    score = head.intercept + sum(head.weights[f] for f in features)
    assert head.probability(features) == pytest.approx(sigmoid(head.slope * score + head.offset))
    unknown = [*features, UNKNOWN_DOMAIN]
    # a text too short for a domain: the prior of a model that never saw one, or the weight it learned for them
    assert head.score(unknown) == pytest.approx(score + head.domain_prior + head.weights.get(UNKNOWN_DOMAIN, 0.0))
    assert not (head.domain_prior and head.weights.get(UNKNOWN_DOMAIN))


def test_a_model_of_another_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        from_dict(DATA | {"format": 0})


def test_held_apart_rule_is_fixed_and_about_a_quarter() -> None:
    ids = [f"wikinews_vanatteveldt:{i}" for i in range(2000)]
    share = sum(held_apart(i) for i in ids) / len(ids)
    assert 0.2 < share < 0.3
    assert held_apart("wikinews_vanatteveldt:1") == held_apart("wikinews_vanatteveldt:1")
    assert source_of("re3d_centcom:12") == "re3d_centcom"


def test_event_calibration_maps_a_probability_monotonically_and_identity_is_identity() -> None:
    assert EventCalibration()(0.3) == pytest.approx(0.3)
    shipped = load_model().event
    mapped = [shipped(p / 20) for p in range(21)]  # 0 and 1 included: clipped before the logit
    assert all(0.0 < p < 1.0 for p in mapped)
    assert mapped == sorted(mapped)
    assert EventCalibration(slope=2.0)(0.8) == pytest.approx(sigmoid(2.0 * math.log(0.8 / 0.2)))


def test_folds_are_the_kinds_of_source_and_fixed_article_folds() -> None:
    assert source_group("wikinews_vanatteveldt:1") == source_group("wikinews_gum:3") == "wikinews"
    assert source_group("wikinews_meantime_semeval2015:7") == "wikinews"
    assert source_group("globalvoices_mediacloud:2") == "globalvoices"
    assert {source_group(f"re3d_{s}:1") for s in ("centcom", "usstate", "ukgov", "eeas", "dfat")} == {"government"}
    assert (source_group("LGL:40450848"), source_group("GeoVirus:70")) == ("local", "health")
    folds = [article_fold(f"wikinews_vanatteveldt:{i}") for i in range(1000)]
    assert set(folds) == {f"fold{i}" for i in range(FOLDS)}
    assert all(120 < folds.count(f) < 280 for f in set(folds))
    assert article_fold("wikinews_vanatteveldt:1") == article_fold("wikinews_vanatteveldt:1")


def test_features_describe_the_candidate_not_the_sentence_s_words() -> None:
    text = (
        "Police arrested two men in the town on Monday after a robbery at a bank. " * 12
    ).strip()  # long enough for the story-domain levels
    mention = _mention(sentence="Police arrested two men in the town on Monday.", trigger="arrested")
    seen = features(mention, article_domains(text))
    assert "pos=0" in seen and "t=arrested" in seen and "root=17" in seen
    assert "leftcaps=0" in seen  # "Police" opens the sentence: not a name before the trigger
    assert "dom=crime:3+" in seen and "dom=crime:3+|root=17" in seen and "dom=crime:1+" in seen  # cumulative
    assert not any(f.startswith("w=") for f in seen)  # sentence words memorise a source (features.py)
    named = _mention(sentence="Then Kenya Police arrested two men.", trigger="arrested")
    assert "leftcaps=2" in features(named, frozenset({"short"}))


def test_sentence_position_is_counted_from_the_lede_with_or_without_a_headline() -> None:
    """A run parses the headline as sentence 0; an ACLED note or an untitled article has none. The lede reads
    as ``pos=0`` either way, the headline as ``pos=headline``, so a model trained on one kind reads the other."""
    body = "Police arrested two men in the town on Monday. The men were charged on Tuesday."
    titled = f"Two men arrested in town.\n\n{body}"
    lede = lede_index(titled, titled.index("Police"))
    assert (lede, lede_index(body, 0)) == (1, 0)
    sentence = "Police arrested two men in the town on Monday."
    in_titled = features(_mention(sentence, "arrested").model_copy(update={"sentence_index": 1}), SHORT, lede)
    in_body = features(_mention(sentence, "arrested"), SHORT)
    assert in_titled == in_body and {"pos=0", "lede=True"} <= in_body
    headline = _mention("Two men arrested in town.", "arrested")
    assert {"pos=headline", "lede=False"} <= features(headline, SHORT, lede)
    later = _mention("The men were charged on Tuesday.", "charged").model_copy(update={"sentence_index": 2})
    assert "pos=1-2" in features(later, SHORT, lede) and "pos=1-2" in features(later, SHORT)


SHORT = frozenset({"short"})


def _mention(sentence: str, trigger: str) -> Mention:
    start = sentence.index(trigger)
    day = datetime(2024, 3, 4, tzinfo=UTC)
    return Mention(
        mention_id="0123456789abcdef",
        article_id="fedcba9876543210",
        sentence_index=0,
        sentence=sentence,
        char_start=0,
        char_end=len(sentence),
        trigger=trigger,
        trigger_start=start,
        trigger_end=start + len(trigger),
        factuality="asserted",
        date_source="published",
        published_at=day,
        event_date=day.date(),
        time_precision=1,
        cameo_code="173",
        cameo_base_code="173",
        cameo_root_code="17",
        quad_class=4,
        goldstein=-5.0,
        confidence=0.6,
        coder_version=CODER_VERSION,
    )


def test_article_context_counts_the_sentences_with_an_asserted_act_and_sees_violence() -> None:
    """What the rules found in the rest of the article: an act in one sentence of a school-board story reads
    apart from one in a story whose every paragraph reports it; candidates not asserted count for nothing."""
    arrest = _mention("Police arrested two men.", "arrested")
    meeting = _mention("The mayor met the council.", "met").model_copy(
        update={"cameo_code": "040", "cameo_base_code": "040", "cameo_root_code": "04"}
    )
    assert article_context([meeting]) == {"sents=0", "violent=False"}
    assert article_context([meeting, arrest]) == {"sents=0", "violent=True"}  # one sentence: both index 0
    spread = [arrest.model_copy(update={"sentence_index": i, "mention_id": f"{i:016x}"}) for i in range(5)]
    assert "sents=2" in article_context(spread)  # five sentences: levels of two
    assert "sents=3" in article_context(spread * 2 + [spread[0].model_copy(update={"sentence_index": 9})])
    future = arrest.model_copy(update={"factuality": "future"})
    assert article_context([meeting, future]) == {"sents=0", "violent=False"}  # a planned arrest is no arrest
    seen = features(arrest, SHORT, 0, article_context([arrest]))
    assert {"art=sents=0", "art=violent=True", "art=violent=True|root=17"} <= seen
    assert not any(f.startswith("art=") for f in features(arrest, SHORT))  # no context given, none read


def test_the_story_s_kind_is_the_domain_it_is_densest_in() -> None:
    match = ("The team won the match and the coach praised the players after the game in the league. " * 8).strip()
    crime = ("Police arrested the suspect after the robbery and the judge set bail at the court. " * 8).strip()
    assert "top:sport" in article_domains(match) and "top:crime" in article_domains(crime)
    assert sum(d.startswith("top:") for d in article_domains(crime)) == 1
    assert article_domains("Police arrested two men.") == {"short"}  # too short to judge: no kind either
    assert "dom=top:sport|root=17" in features(_mention("The coach was arrested.", "arrested"), article_domains(match))
