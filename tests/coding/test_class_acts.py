"""Recall by CAMEO class on ordinary news: each material class of the annotation guideline as everyday news
words it (verb and noun), with the company that makes it the act, beside a look-alike that must not code; and
the generic parse readings behind them (objects joined by "and", a person's title before the name, the subject
of "began deploying", a strike that destroyed something is no labour strike, a shooting of a person is an
assault).

Sentences written by the team for these tests (not taken from any gold file); the real parser and coder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from tests.coding.asserted import asserted

PUBLISHED = datetime(2024, 3, 8, tzinfo=UTC)


_asserted = partial(asserted, published=PUBLISHED)


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        # 04 consult
        ("The foreign secretary spoke with Secretary of State Mike Pompeo about the case.", "040"),
        ("I have spoken today to Turkish Foreign Minister Mevlut Cavusoglu.", "040"),
        ("The summit was held in Brussels on Friday.", "040"),
        ("Ambassador Robert Ford has completed his consultations in Washington.", "040"),
        ("The president concluded a three-day visit to Japan on Sunday.", "042"),
        # 06 cooperation
        ("US instructors trained Iraqi security forces at the base last year.", "062"),
        # 07 aid
        ("Volunteers distributed food and blankets to the flood victims on Sunday.", "073"),
        # 08 yield
        ("The government declared an amnesty for rebels on Monday.", "080"),
        ("Qatar secured the release of the hostages on Friday.", "0841"),
        ("Prosecutors dropped the charges against the two men on Tuesday.", "080"),
        # 09 investigate
        ("The coroner opened an inquest into the deaths.", "090"),
        ("The FBI is looking into the theft.", "090"),
        # 15 force posture
        ("Government forces began deploying into the territory yesterday.", "154"),
        ("The ministry dispatched troops to the border.", "154"),
        ("Police stepped up security around the stadium.", "151"),
        ("The president ordered a heightened alert for troops.", "152"),
        # 17 coerce: court steps and custody
        ("The man was arraigned on Monday on murder charges.", "173"),
        ("He was remanded in custody until his trial.", "173"),
        ("Police announced the arrest of two men on Monday.", "173"),
        ("The tip led to the arrest of a 23-year-old man.", "173"),
        ("Prosecutors secured a conviction against the former mayor.", "173"),
        ("He received a sentence of ten years in prison.", "173"),
        ("The driver pleaded guilty to manslaughter at the county court on Monday.", "173"),
        ("In other parts of the city, the police used water cannon and tear gas against protesters.", "175"),
        # 18 assault
        ("The woman was murdered in her home on Sunday.", "180"),
        ("He strangled his wife and fled.", "182"),
        ("A man punched a police officer outside a bar.", "182"),
        ("The homicide happened late Saturday.", "180"),
        # 19 fight
        ("The regime besieged the town for three months.", "191"),
        ("Kurdish fighters reclaimed the town from the militants.", "192"),
        ("Near Palmyra, one strike destroyed a tank.", "194"),
        ("A U.S. strike hit the headquarters compound on Friday.", "190"),
    ],
)
def test_class_act_codes(code_text, sentence: str, code: str) -> None:  # type: ignore[no-untyped-def]
    codes = [m.cameo_code for m in _asserted(code_text, sentence)]
    assert code in codes, [(m.cameo_code, m.trigger, m.factuality) for m in code_text(sentence, PUBLISHED)]


@pytest.mark.parametrize(
    ("sentence", "root"),
    [
        # routine speech and talks without a counterpart
        ("The mayor spoke to reporters after the meeting.", "04"),
        ("The governor spoke to a crowd of supporters on Monday.", "04"),
        # training a pet, a health alert, a dropped price
        ("She trained her dog to sit.", "06"),
        ("She pleaded with the judge for mercy.", "17"),
        ("The agency declared a health alert over the outbreak.", "15"),
        ("The incidence dropped, in some cases to almost zero.", "08"),
        # a ball kicked, a striker's goal; a general strike is not an air strike
        ("The striker kicked the ball into the net.", "18"),
        ("The general strike hit the economy hard.", "19"),
    ],
)
def test_class_look_alikes_do_not_code(code_text, sentence: str, root: str) -> None:  # type: ignore[no-untyped-def]
    mentions = code_text(sentence, PUBLISHED)
    assert not [m for m in mentions if m.cameo_root_code == root], [(m.cameo_code, m.trigger) for m in mentions]


def test_a_strike_that_destroyed_a_tank_is_no_labour_strike(code_text) -> None:  # type: ignore[no-untyped-def]
    codes = {m.cameo_code for m in code_text("Near Palmyra, one strike destroyed a tank.", PUBLISHED)}
    assert "143" not in codes, codes


def test_a_shooting_of_a_person_is_an_assault(code_text) -> None:  # type: ignore[no-untyped-def]
    """A person shot by police or by a neighbour is an assault (18); soldiers shot by gunmen stay a fight."""
    for sentence in ("Police arrived and shot him dead.", "A man shot his neighbor on Sunday."):
        roots = {m.cameo_root_code for m in _asserted(code_text, sentence)}
        assert roots == {"18"}, (sentence, roots)
    soldiers = {m.cameo_root_code for m in _asserted(code_text, "Gunmen shot dead two soldiers at a checkpoint.")}
    assert soldiers == {"19"}, soldiers


def test_court_steps_count_no_arrests(code_text) -> None:  # type: ignore[no-untyped-def]
    [arraigned] = [
        m for m in _asserted(code_text, "Two men were arraigned on Monday on murder charges.") if m.cameo_code == "173"
    ]
    assert arraigned.arrests == 0


def test_a_finite_verb_beside_an_urged_infinitive_is_its_own_act(code_text) -> None:  # type: ignore[no-untyped-def]
    """The parse joins "spoke" to "reconsider"; its past tense says it was done, not urged. An infinitive joined
    to the urged one ("… to halt the fighting and withdraw") stays what was called for."""
    spoke = [
        m
        for m in code_text(
            "The foreign secretary urged the embassy to reconsider and spoke with Secretary of State Mike Pompeo.",
            PUBLISHED,
        )
        if m.cameo_root_code == "04"
    ]
    assert [m.factuality for m in spoke] == ["asserted"], [(m.trigger, m.factuality) for m in spoke]
    withdraw = [
        m
        for m in code_text("The UN called on both sides to halt the fighting and withdraw their troops.", PUBLISHED)
        if m.cameo_code.startswith("087")
    ]
    assert withdraw and all(m.factuality != "asserted" for m in withdraw), [(m.trigger, m.factuality) for m in withdraw]
