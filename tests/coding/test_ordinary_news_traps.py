"""False events on ordinary news, through the real coder (spaCy parse, dictionaries): the trap kinds the news
guideline lists that the rules proposed as events — a document or a plan as the doer, an animal or an accident
as the doer of a harm, a thief's theft, an election won, advice to the public at large, a reward notice, business
between companies, a symptom, a building emptied, a burn ban lifted, a verbal attack, an imperative to the reader
and a question — and, beside each, the same form that is an event and stays one. Sentences are written in
local-news and wire style.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.coding.asserted import asserted

PUBLISHED = datetime(2020, 6, 15, tzinfo=UTC)


def _codes(code_text, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.cameo_code for m in asserted(code_text, text, PUBLISHED)]


def _roots(code_text, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {code[:2] for code in _codes(code_text, text)}


@pytest.mark.parametrize(
    ("sentence", "root"),
    [
        # a document, plan or custom as the subject says what a text says, not an act
        ("The plan called for the city to then lease the facility back to the county so it could sub-lease it.", "02"),
        ("The latest proposal calls for the cities' borders to meet at Sams Crossing.", "02"),
        ("Tradition has called for asking those who lost if they are still interested in serving.", "02"),
        ("The party supported the Eighteenth Amendment, which banned the sale of alcohol.", "17"),
        # an animal or an accident as the doer of a harm
        ("The owner of a lion lodge near Pretoria was killed by his lions on Tuesday.", "19"),
        ("An 80-year-old woman was killed this morning when a neighbor accidentally hit her with a car.", "18"),
        ("Rollover near Brandon injures Albany driver.", "18"),
        # an election won is no beating
        ("Pierce secured the clerk's office, beating Republican challenger Reba Rae by 26,000 votes.", "18"),
        ("This is the second time Walker has beaten out Melvin for the school board seat.", "18"),
        # advice to the public at large is no appeal to an actor
        ("Individuals are urged to contact their health care provider if symptoms appear.", "02"),
        # a reward notice names the arrest it pays for, not one made
        ("Anyone with information that leads to the arrest of the vandals can contact Crimestoppers.", "17"),
        # business between companies, a symptom, a building emptied
        ("The company president said they identified a facility and negotiated a lease on Friday.", "04"),
        ("The officers complained of neck and back injuries and were being evaluated.", "11"),
        ("The post office was evacuated, and firefighters in hazardous materials attire inspected the chemical.", "07"),
        # a burn ban lifted is administrative routine
        ("The Henderson County Commissioners Court lifted the five-week-old burn ban Tuesday.", "08"),
        # a verbal attack on an inquiry is criticism, not a fight
        ("Republican Representatives attacked the impeachment inquiry on Tuesday.", "19"),
        # an imperative asks the reader
        ("For more information, call 860-258-2722.", "02"),
        ("For more information about the band, visit the county website.", "04"),
        # a question asks, it does not report
        ("What action has the State Department taken to investigate these reports?", "09"),
        ("Or do the police just shoot?", "18"),
    ],
)
def test_trap_is_no_event(code_text, sentence: str, root: str) -> None:  # type: ignore[no-untyped-def]
    assert root not in _roots(code_text, sentence)


@pytest.mark.parametrize(
    ("sentence", "root"),
    [
        # the same verbs with a human or organised doer
        ("Protesters called for the governor's resignation on Saturday.", "02"),
        ("The Security Council adopted Resolution 2249, which condemned the attacks in Paris.", "11"),
        ("The government banned the sale of alcohol in the province on Monday.", "17"),
        ("A man was killed by gunmen in the market on Tuesday.", "18"),
        ("A woman was killed this morning when a neighbor shot her during an argument.", "18"),
        ("Iran acknowledged its military had unintentionally shot down a Ukrainian passenger jet near Tehran.", "19"),
        ("Armed rustlers stole hundreds of cattle from the village on Sunday.", "17"),
        ("Three men beat a shopkeeper outside his store on Friday.", "18"),
        ("Prime Minister Hubert Minnis urged residents to evacuate.", "02"),
        ("The tip led to the arrest of two men on Friday.", "17"),
        ("Police arrest man after shooting in Dallas.", "17"),
        ("The government lifted the curfew in the capital on Tuesday.", "08"),
        ("South Korea evacuated about 80 people from the town of Yeoncheon after the shelling.", "07"),
        ("MSF complained of obstacles to its medical assistance in eastern Chad.", "11"),
        # a quoted question after the act leaves the act reported
        (
            'Ali was prosecuted after sending an agent a message reading "Hi, would you be able to make me some ricin'
            ' and send it?"',
            "17",
        ),
    ],
)
def test_event_stays(code_text, sentence: str, root: str) -> None:  # type: ignore[no-untyped-def]
    assert root in _roots(code_text, sentence)
