"""Recall of everyday police, court and contact acts on ordinary news: a person taken in for questioning, a driver
cited, a suspect pursued, goods seized by inspectors, a court hearing, an indictment returned, a lawsuit brought,
officials in contact with another party, police liaising with another force, medical
experts deployed; each beside a look-alike that must not code the same way (a question taken to a vote, a
firefighter cited for bravery, a company pursuing a strategy, a council's public hearing, people in contact with
a patient, a private errand, troops deployed).

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
        # 17 coerce: police
        ("Two brothers were picked up for questioning on Saturday afternoon.", "173"),
        ("Two men were brought in for questioning on Monday.", "173"),
        ("He was taken in for questioning on Monday.", "173"),
        ("Detectives brought the driver in for questioning on Monday.", "173"),
        ("The driver was cited for failure to yield right of way.", "173"),
        ("Deputies cited two men for fishing without a license on Sunday.", "173"),
        ("A man was cited by police for reckless driving on Monday.", "173"),
        ("An officer was pursuing a robbery suspect near the station on Sunday.", "170"),
        ("Inspectors seized the meat from a butcher's shop on Tuesday.", "1711"),
        # 17 coerce: courts
        ("The defendant told the judge during an initial hearing on Thursday that he was innocent.", "173"),
        ("A grand jury returned an indictment against the former treasurer on Friday.", "173"),
        # 11 disapprove: lawsuits
        ("The family sued the county over the death on Monday.", "115"),
        ("The union filed a lawsuit against the state government on Tuesday.", "115"),
        # 04 consult
        ("We are in constant contact with the foreign ministry, the president said.", "040"),
        ("The ministry said it was in constant contact with the WHO.", "040"),
        # 06 cooperate
        ("Police in Leeds liaised with the FBI on the case.", "063"),
        # 07 aid
        ("Some 50 international experts were deployed in the province to help with the outbreak.", "073"),
    ],
)
def test_everyday_police_court_and_contact_codes(code_text, sentence: str, code: str) -> None:  # type: ignore[no-untyped-def]
    codes = [m.cameo_code for m in _asserted(code_text, sentence)]
    assert code in codes, [(m.cameo_code, m.trigger, m.factuality) for m in code_text(sentence, PUBLISHED)]


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        # a question put to a vote, a patient taken to hospital
        ("She took the question to the board for a vote.", "173"),
        ("He was taken to hospital for treatment.", "173"),
        # questions taken or brought at a press conference
        ("The mayor took questions from reporters for an hour on Monday.", "173"),
        ("Reporters brought questions for the minister on Monday.", "173"),
        # an honour, a reason
        ("The firefighter was cited for bravery by the mayor.", "173"),
        # a citation for an offence is police work: cited by rights groups or a report, it is an accusation
        ("Rights groups cited the army for abuses in the north.", "173"),
        ("The army was cited by rights groups for abuses in the north.", "173"),
        ("The report cited the ministry for delays in payments.", "173"),
        ("Officials cited concerns about health and safety.", "173"),
        # a goal pursued, a dream chased
        ("The company is pursuing a new strategy this year.", "170"),
        ("She chased her dream of becoming a pilot.", "170"),
        # a council's public hearing, hearing loss
        ("The council held a public hearing on the zoning plan on Monday.", "173"),
        ("The study looked at hearing loss in older workers.", "173"),
        # people exposed to a patient
        ("Twelve people who had been in contact with the patient were being monitored.", "040"),
        # a private errand
        ("She liaised with the wedding planner.", "063"),
        # troops deployed are force posture, not aid
        ("The army deployed troops to the border on Monday.", "073"),
    ],
)
def test_everyday_look_alikes_do_not_code(code_text, sentence: str, code: str) -> None:  # type: ignore[no-untyped-def]
    mentions = code_text(sentence, PUBLISHED)
    assert not [m for m in mentions if m.cameo_code == code], [(m.cameo_code, m.trigger) for m in mentions]


def test_a_lawsuit_planned_is_not_brought(code_text) -> None:  # type: ignore[no-untyped-def]
    """A lawsuit threatened or planned is no lawsuit brought (the factuality of the sentence, not the entry)."""
    mentions = _asserted(code_text, "The family plans to file a lawsuit against the city next month.")
    assert not [m for m in mentions if m.cameo_code == "115"], [(m.cameo_code, m.trigger) for m in mentions]


@pytest.mark.parametrize(
    "text",
    [
        # headline over an undated body: the slaying is the story's own news, not a step long after it
        ("Police seek man in slaying", "The victim was found at a home on Elm Street, police said."),
        ("Third man sought in slaying", "Police said the victim was found at a home on Elm Street."),
    ],
)
def test_a_man_sought_in_an_act_leaves_the_act_the_news(nlp, coder_resources, text: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    from eventwire.coding.coder import code_article
    from eventwire.ingest.article import InputArticle

    title, body = text
    article = InputArticle(source_id="t", uri="t", title=title, text=body, published_at=PUBLISHED)
    mentions, errors = code_article(nlp(article.coding_text), article, coder_resources)
    assert not errors
    slaying = [m for m in mentions if m.trigger == "slaying"]
    # neither background (an act a charge is for) nor future (what a wish is for): the manhunt's act happened
    assert [m.factuality for m in slaying] == ["asserted"], [(m.trigger, m.factuality) for m in mentions]


def test_an_act_a_man_is_sought_in_keeps_its_own_day(code_text) -> None:  # type: ignore[no-untyped-def]
    mentions = _asserted(code_text, "Police seek man in Saturday's shooting.")
    assert [(m.trigger, m.event_date.isoformat()) for m in mentions] == [("shooting", "2024-03-02")]


@pytest.mark.parametrize(
    "sentence",
    ["The group seeks to attack the capital.", "The union wants to strike next month."],
)
def test_what_someone_seeks_or_wants_to_do_is_still_future(code_text, sentence: str) -> None:  # type: ignore[no-untyped-def]
    mentions = [m for m in code_text(sentence, PUBLISHED) if m.cameo_root_code in ("14", "18", "19")]
    assert mentions and all(m.factuality == "future" for m in mentions), [(m.trigger, m.factuality) for m in mentions]
