"""Entities are recognised only in a parsed doc where a trigger may match (``coder.may_code``,
``nlp.pipeline.pipe_entities_last``): the coder's output stays what a full parse of every doc gives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.coding.coder import code_article, may_code
from eventwire.coding.prescan import prepared_doc
from eventwire.coding.triggers import find_triggers
from eventwire.decide.step import decide
from eventwire.ingest.article import InputArticle
from eventwire.ingest.readers import discover, read_file
from eventwire.nlp.pipeline import ENTITIES, load_nlp, pipe_entities_last
from eventwire.pipeline import code_batch, to_parse
from tests.conftest import CASES, SEEDS

DAY = datetime(2024, 6, 1, tzinfo=UTC)


def _article(text: str, title: str | None = None) -> InputArticle:
    return InputArticle(str(abs(hash(text))), "a.txt", text, DAY, title=title)


def _without_entities(text: str):  # type: ignore[no-untyped-def]
    nlp = load_nlp()
    with nlp.select_pipes(disable=[ENTITIES]):
        return nlp(text)


@pytest.mark.parametrize("text", ["Militants hit Kabul overnight.", "Protesters blocked Nairobi for hours."])
def test_a_trigger_that_needs_an_entity_is_foreseen(text: str, coder_resources) -> None:  # type: ignore[no-untyped-def]
    """ "hit" and "blocked" need a place as their object, which only the recogniser says "Kabul" is: sought in
    a parse without entities they match nowhere, so the screen must read every word as a possible place."""
    full = load_nlp()(text)
    assert [m.text for s in full.sents for m in find_triggers(s, coder_resources.triggers)]
    bare = _without_entities(text)
    assert not [m.text for s in bare.sents for m in find_triggers(s, coder_resources.triggers)]
    assert may_code(bare, _article(text), coder_resources)


def test_a_doc_where_no_trigger_can_match_is_not_recognised(coder_resources) -> None:  # type: ignore[no-untyped-def]
    """ "fire" the cue, "the fire" of a stove the parse: no trigger, whatever the entities."""
    text = "The fire in the kitchen of Maria Lopez in Denver was put out by her son."
    assert not may_code(_without_entities(text), _article(text), coder_resources)


def test_the_screen_leaves_the_entities_to_the_recogniser(coder_resources) -> None:  # type: ignore[no-untyped-def]
    """The screen's provisional entities are taken away again: the recogniser, run after it, finds what it finds
    in a full parse (it would keep any entity left on the doc as given)."""
    nlp = load_nlp()
    text = "Gunmen killed three villagers in Kitui on Monday, police chief John Mwangi said in Nairobi."
    doc = _without_entities(text)
    assert may_code(doc, _article(text), coder_resources)
    assert all(t.ent_iob_ == "" for t in doc)
    recognised = nlp.get_pipe(ENTITIES)(doc)
    expected = [(e.start, e.end, e.label_) for e in nlp(text).ents]
    assert len(expected) >= 4
    assert [(e.start, e.end, e.label_) for e in recognised.ents] == expected


def test_pipe_entities_last_keeps_order_and_recognises_only_what_is_asked() -> None:
    nlp = load_nlp()
    texts = [f"Police in Kitui arrested {n} men on Monday." for n in ("two", "three", "four", "five", "six")]
    out = list(
        pipe_entities_last(nlp, ((nlp.make_doc(t), i) for i, t in enumerate(texts)), lambda _d, i: i % 2 == 0, 2)
    )
    assert [i for _d, i, _r in out] == [0, 1, 2, 3, 4]
    assert [r for _d, _i, r in out] == [True, False, True, False, True]
    for doc, i, recognised in out:
        assert doc.text == texts[i]
        assert bool(doc.ents) == recognised  # "Kitui", "Monday": every recognised doc has entities
        assert doc.has_annotation("DEP")


def test_a_pipeline_without_a_last_recogniser_runs_whole() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    out = list(pipe_entities_last(nlp, [(nlp.make_doc("One. Two."), "x")], lambda _d, _c: False))
    assert [(len(list(d.sents)), c, r) for d, c, r in out] == [(2, "x", True)]


@Language.component("entities_kept")
def _entities_kept(doc: Doc) -> Doc:
    return doc


def test_a_pipeline_with_an_entity_ruler_before_the_recogniser_runs_whole() -> None:
    """The screen clears a doc's entities before the recogniser; a ruler's entities would be lost."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Kabul"}])  # type: ignore[attr-defined]
    nlp.add_pipe("entities_kept", name=ENTITIES)  # a recogniser that keeps what it is given
    out = list(pipe_entities_last(nlp, [(nlp.make_doc("They hit Kabul."), "x")], lambda _d, _c: False))
    assert [(c, r) for _d, c, r in out] == [("x", True)]
    assert [e.text for e in out[0][0].ents] == ["Kabul"]


@pytest.mark.parametrize("folder", [SEEDS, CASES / "consolidation"])
def test_the_run_codes_what_a_full_parse_of_every_doc_codes(folder, coder_resources) -> None:  # type: ignore[no-untyped-def]
    """``code_batch`` (entities only where a trigger may match) against every excerpt through the whole
    pipeline, coded and decided: the same mentions, every field, and some articles left unrecognised."""
    articles = [
        a for path in discover(folder) if not path.name.startswith("README") for a in read_file(path, folder).articles
    ]
    # parsed for a cue ("meeting" beside "had"), but the parse finds no meeting held: no entities recognised
    articles += [_article("They had lunch in the meeting room of the town hall in Denver.", title="Lunch")]
    nlp = load_nlp()
    expected = []
    screened = 0
    for article in articles:
        text = to_parse(article)
        if text is None:
            continue
        doc = nlp(prepared_doc(nlp, text))
        found, _ = code_article(doc, article, coder_resources)
        expected += decide(found, article.full_text, body_offset=article.body_offset)
        screened += not may_code(
            nlp(prepared_doc(nlp, text), disable=[ENTITIES]), article, coder_resources
        )  # a fresh parse: may_code reads one without entities
    got = code_batch(articles).mentions
    assert len(expected) >= 10
    assert [m.model_dump() for m in got] == [m.model_dump() for m in expected]
    assert screened >= 1
