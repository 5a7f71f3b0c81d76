"""Table-driven: one sentence per CAMEO root category → (code, source, target, factuality).

Written by the team for these tests (not taken from any gold file)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire.coding.coder import code_article
from eventwire.ingest.article import InputArticle

CASES = [
    # sentence, expected (code, actor1_code, actor2_code, factuality) among the mentions
    ("Al-Shabaab claimed responsibility for the attack on Monday.", ("015", "SOMINS", None, "asserted")),
    ("The UN urged both sides to respect the truce on Monday.", ("020", "IGOUNO", None, "asserted")),
    ("Iran pledged to help Iraq rebuild its power grid.", ("030", "IRNGOV", None, "asserted")),
    ("Putin met Erdogan in Ankara on Tuesday.", ("040", "RUSGOV", "TURGOV", "asserted")),
    ("Ethiopia and Eritrea signed a peace agreement in Jeddah on Sunday.", ("057", "ETHGOV", "ERIGOV", "asserted")),
    ("France and Germany held joint military exercises in Poland last week.", ("062", "FRAGOV", "DEUGOV", "asserted")),
    ("Japan sent humanitarian aid to Turkey on Friday.", ("073", "JPNGOV", None, "asserted")),
    ("The rebels released 20 hostages in Mali on Monday.", ("0841", "MLIREB", None, "asserted")),
    ("The UN launched an investigation into the killings in Darfur.", ("090", "IGOUNO", None, "asserted")),
    ("Protesters demanded the resignation of the governor in Lagos.", ("100", "NGACVL", "NGAGOV", "asserted")),
    ("The Kenyan government condemned the attack on Monday.", ("111", "KENGOV", None, "asserted")),
    ("Russia accused Ukraine of shelling the plant.", ("112", "RUSGOV", "UKRGOV", "asserted")),
    ("Hamas rejected the Egyptian proposal on Monday.", ("120", "PSEREBHMS", "EGY", "asserted")),
    ("North Korea threatened to attack South Korea on Tuesday.", ("138", "PRKGOV", None, "asserted")),
    ("Students protested in Dhaka on Monday.", ("140", "BGDEDU", None, "asserted")),
    ("Russia deployed troops to the Belarus border on Friday.", ("154", "RUSGOV", "MIL", "asserted")),
    ("Washington imposed sanctions on Iran on Monday.", ("163", "USAGOV", "IRNGOV", "asserted")),
    ("Police arrested 12 opposition activists in Harare on Monday.", ("173", "ZWECOP", "ZWEOPP", "asserted")),
    ("Gunmen abducted 30 villagers in Zamfara on Sunday.", ("181", "NGAUAF", "NGACVL", "asserted")),
    ("Nigerian troops clashed with Boko Haram fighters in Borno on Sunday.", ("193", "NGAMIL", "NGAINS", "asserted")),
    ("Government forces massacred dozens of villagers in Darfur in June.", ("202", "SDNMIL", "SDNCVL", "asserted")),
]


def _code(nlp, res, text: str):  # type: ignore[no-untyped-def]
    article = InputArticle(source_id="t", uri="t", text=text, published_at=datetime(2024, 3, 8, tzinfo=UTC))
    return code_article(nlp(article.coding_text), article, res)[0]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[1][0] for c in CASES])
def test_root_category(nlp, coder_resources, sentence: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    found = [(m.cameo_code, m.actor1_code, m.actor2_code, m.factuality) for m in _code(nlp, coder_resources, sentence)]
    assert expected in found, found


def test_every_root_category_has_a_case() -> None:
    roots = {code[:2] for _, (code, *_) in CASES}
    assert roots >= {f"{n:02d}" for n in range(1, 21)}


def test_accused_act_is_not_asserted(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    shelling = [
        m
        for m in _code(nlp, coder_resources, "Russia accused Ukraine of shelling the plant.")
        if m.cameo_root_code == "19"
    ]
    assert shelling and all(m.factuality == "hypothetical" for m in shelling)


def test_verb_and_its_event_noun_are_one_act(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    assert len(_code(nlp, coder_resources, "Japan sent humanitarian aid to Turkey on Friday.")) == 1
