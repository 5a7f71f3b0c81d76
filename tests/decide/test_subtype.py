"""The learned ACLED sub-event typer: its override rule, the types it writes agreeing with ACLED's table, the shipped
file matching the coder, and training that gives the same model twice on real labelled sentences."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from eventwire import CODER_VERSION
from eventwire.decide import subtype, train_subtype
from eventwire.decide.step import DECISION, decide
from eventwire.decide.train import candidates
from eventwire.evaluation.runner import code_articles
from eventwire.evaluation.sentences import to_article
from eventwire.evaluation.split import part_of
from eventwire.ingest.article import InputArticle
from schemas import taxonomy

SENTENCES = Path(__file__).resolve().parents[2] / "eval" / "sentences" / "conflict_news.jsonl"
DATA = json.loads(subtype.SUBTYPE_PATH.read_text(encoding="utf-8"))
ALL = frozenset({"Air/drone strike", "Armed clash", "Attack", "Peaceful protest", "Violent demonstration"})


def test_the_model_overrides_the_rules_only_where_it_is_confident() -> None:
    sure = {"Air/drone strike": 0.9, "Armed clash": 0.1}
    assert subtype.override("Armed clash", sure, 0.8, ALL) == "Air/drone strike"
    assert subtype.override("Armed clash", sure, 0.95, ALL) == "Armed clash"  # not confident enough
    assert subtype.override("Armed clash", {"Armed clash": 0.6, "Attack": 0.4}, 0.5, ALL) == "Armed clash"
    # an act the rules left untyped stays untyped: whether ACLED codes it is not the typer's call
    assert subtype.override(None, sure, 0.5, ALL) is None
    # a type the model learnt from too few examples is never given
    assert subtype.override("Attack", {"Mob violence": 0.99}, 0.5, ALL) == "Attack"
    # a rule type the model has no class for can be replaced ("one strike destroyed a VBIED" is an air strike)
    assert subtype.override("Disrupted weapons use", sure, 0.8, ALL) == "Air/drone strike"


def test_an_override_keeps_acleds_actor_conventions() -> None:
    """The rules set the sides for their own type; a type whose sides they cannot be is not given."""
    armed, protesters, civilians = 3, 6, 7
    riot = {"Violent demonstration": 0.95}
    assert subtype.override("Attack", riot, 0.8, ALL, (armed, civilians)) == "Attack"  # armed men do not riot
    assert subtype.override("Peaceful protest", riot, 0.8, ALL, (protesters, None)) == "Violent demonstration"
    clash = {"Armed clash": 0.95}
    assert subtype.override("Peaceful protest", clash, 0.8, ALL, (protesters, None)) == "Peaceful protest"
    assert subtype.override("Attack", clash, 0.8, ALL, (armed, 1)) == "Armed clash"
    attack = {"Attack": 0.95}
    assert subtype.override("Armed clash", attack, 0.8, ALL, (armed, 1)) == "Armed clash"  # no civilian target
    assert subtype.override("Armed clash", attack, 0.8, ALL, (armed, civilians)) == "Attack"


def test_the_month_march_is_no_crowd_and_a_rocket_no_rock() -> None:
    assert "cue=crowd" not in subtype.sentence_cues("On 3 March, soldiers fired on the village.")
    assert "cue=crowd" not in subtype.sentence_cues("Troops arrived in early March 2019.")
    assert "cue=crowd" in subtype.sentence_cues("Thousands marched through the capital.")
    assert "cue=crowd_violence" not in subtype.sentence_cues("Militants fired a rocket.")
    assert "cue=explosive" not in subtype.sentence_cues("Striking miners blocked the road.")


def _scanned(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    """The plain reading of a cue: the phrase's words in a row at some position, the last with an ending."""
    n = len(phrase)
    return any(
        tokens[i : i + n - 1] == list(phrase[:-1])
        and tokens[i + n - 1].startswith(phrase[-1])
        and tokens[i + n - 1][len(phrase[-1]) :] in subtype.endings()
        for i in range(len(tokens) - n + 1)
    )


def test_cues_found_by_their_last_word_are_those_a_scan_of_every_position_finds() -> None:
    """``sentence_cues`` looks a phrase up by its last word's stem; it must find exactly what trying the phrase at
    every position of the sentence finds: each listed phrase alone, with every ending, at the start, inside and at
    the end of a sentence, cut short, and with a word between its words."""
    phrases = {p for listed in subtype.cue_groups().values() for p in listed} | set(subtype.rule_cues())
    sentences = []
    for phrase in sorted(phrases):
        for ending in sorted(subtype.endings()):
            said = " ".join([*phrase[:-1], phrase[-1] + ending])
            sentences += [said, f"Police said {said} near the town.", f"They reported {said}"]
        if len(phrase) > 1:
            sentences += [" ".join(phrase[:-1]), " ".join([phrase[0], "then", *phrase[1:]])]
        sentences.append(phrase[-1][:-1] + " and " + "x".join(phrase))
    sentences += [json.loads(line)["text"] for line in SENTENCES.read_text(encoding="utf-8").splitlines()[:300]]
    for sentence in sentences:
        tokens = subtype.words(subtype._MARCH.sub("month", subtype._SPACE.sub(" ", sentence)))
        groups = {
            f"cue={name}" for name, listed in subtype.cue_groups().items() if any(_scanned(tokens, p) for p in listed)
        }
        rules = {f"w={' '.join(p)}" for p in subtype.rule_cues() if _scanned(tokens, p)}
        assert subtype.sentence_cues(sentence) == groups | rules, sentence


def test_a_demonstration_s_outcome_read_from_the_article_is_never_taken_away() -> None:
    peaceful = {"Peaceful protest": 0.95, "Violent demonstration": 0.05}
    assert subtype.override("Violent demonstration", peaceful, 0.8, ALL) == "Violent demonstration"
    assert subtype.override("Protest with intervention", peaceful, 0.8, ALL) == "Protest with intervention"
    # … while the violence the rules missed may be found
    violent = {"Peaceful protest": 0.05, "Violent demonstration": 0.95}
    assert subtype.override("Peaceful protest", violent, 0.8, ALL) == "Violent demonstration"


def _mention(text: str) -> Any:
    """The first ACLED-typed candidate the real coder (decision off) finds in ``text``."""
    article = InputArticle(source_id="t", uri="t:1", text=text, published_at=datetime(2024, 3, 5, tzinfo=UTC))
    found = code_articles([article], decision=replace(DECISION, enabled=False))
    return next(m for m in found if m.sub_event_type is not None)


def test_a_retyped_mention_takes_its_event_and_disorder_types_from_acled_s_table() -> None:
    m = _mention(
        "Hundreds of students marched through the centre of Nairobi on Tuesday to demand lower university fees, "
        "and the march ended peacefully outside the parliament building."
    )
    assert m.sub_event_type == "Peaceful protest"
    out = subtype.retyped(m, "Violent demonstration")
    disorder, event_type = taxonomy.acled_types()["Violent demonstration"]
    assert (
        (out.sub_event_type, out.event_type)
        == ("Violent demonstration", "Riots")
        == ("Violent demonstration", event_type)
    )
    assert out.disorder_type == disorder.split(";")[0].strip()
    assert out.actor1_inter == 5  # the crowd takes its role in a riot, as the rules' conventions give it
    assert subtype.retyped(m, None) is m and subtype.retyped(m, m.sub_event_type) is m


def test_every_mention_the_decision_step_writes_has_a_consistent_acled_type() -> None:
    rows = [json.loads(line) for line in SENTENCES.read_text(encoding="utf-8").splitlines()[:120]]
    fit = [r for r in rows if part_of(str(r["id"])) == "fit"]
    mentions = code_articles([to_article(r) for r in fit], decision=replace(DECISION, enabled=False))
    table = taxonomy.acled_types()
    by_article: dict[str, list[Any]] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    typed = [m for found in by_article.values() for m in decide(found, found[0].sentence)]
    assert any(m.sub_event_type for m in typed)
    for m in typed:
        if m.sub_event_type is None:
            assert m.event_type is None and m.disorder_type is None
        else:
            disorder, event_type = table[m.sub_event_type]
            assert m.event_type == event_type
            assert m.disorder_type == disorder.split(";")[0].strip()


def test_the_shipped_typer_matches_the_coder_and_the_threshold_in_force() -> None:
    assert DATA["coder_version"] == CODER_VERSION  # retrain when the coder changes what it proposes
    assert set(DATA["classes"]) <= set(taxonomy.acled_types())
    assert set(DATA["overridable"]) <= set(DATA["classes"])
    assert DATA["min_probability_chosen"] == subtype.SUBTYPE.min_probability
    card = (subtype.SUBTYPE_PATH.parent / "SUBTYPE_CARD.md").read_text(encoding="utf-8")
    assert train_subtype.digest(subtype.SUBTYPE_PATH) in card
    model = subtype.load_subtype_model()
    p = model.probabilities({"rule=Armed clash", "cue=air"})
    assert set(p) == set(DATA["classes"]) and abs(sum(p.values()) - 1.0) < 1e-9


def test_a_typer_of_another_format_is_refused() -> None:
    with pytest.raises(ValueError, match="retrain"):
        subtype.from_dict({**DATA, "format": 0})


def _sentence_rows() -> list[dict[str, Any]]:
    """Real labelled sentences of the fit part, each as a labelled article with one event quoting it whole."""
    rows = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if part_of(str(r["id"])) != "fit" or r["sub_event_type"] not in ALL:
            continue
        event = {"quotes": [r["text"]], "cameo_root": "19", "material": True, "background": False}
        rows.append(
            {
                "id": f"wikinews_sentence:{r['id']}",
                "published": r["published"],
                "text": r["text"],
                "events": [event | {"acled_sub_event_type": r["sub_event_type"]}],
                "traps": [],
            }
        )
    return rows[:45]


def test_training_on_a_real_sample_gives_the_same_model_twice() -> None:
    rows = _sentence_rows()
    items = candidates(rows, 1, None)
    first = train_subtype.train(rows, items, "sample")
    second = train_subtype.train(rows, candidates(rows, 1, None), "sample")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["examples"]["fit"] > 20 and set(first["classes"]) <= ALL
    # the examples are the candidates whose trigger is in a typed quote, with the features the run time reads
    examples = train_subtype.examples(rows, items)
    assert all(e.label in ALL and any(f.startswith("rule=") for f in e.features) for e in examples)
