"""Recall by CAMEO class on local and health news: the acts the team's labelled local news reports that the rules
did not propose (money and medical help given, autopsies and audits, police looking for a person, bail and bond,
warrants served, bans issued, a gun pulled on someone, a place that came under attack), each beside a look-alike
that must not code; and the generic reading behind the shootings: a one-sided shooting is an assault (18) even
when the coder cannot name its victim.

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
        # 07 aid
        ("The foundation has provided $2 million to the vaccination campaign.", "071"),
        ("The health agency sent experts to the province to help local doctors.", "073"),
        ("The town received a grant from the state for new police radios.", "071"),
        ("The Red Cross is assisting families displaced by the flood.", "073"),
        ("National Guard troops were helping with relief efforts on Sunday.", "073"),
        # 09 investigate
        ("An autopsy was carried out on Monday by the county coroner.", "090"),
        ("The bodies were autopsied on Tuesday.", "090"),
        ("A state audit found missing funds at the agency.", "090"),
        ("Police are looking for a man who robbed a gas station on Friday.", "090"),
        # 17 coerce: custody, bail, warrants, bans
        ("Three men were placed under arrest.", "173"),
        ("His bond was set at $50,000.", "173"),
        ("A judge set bail at $10,000 for the driver.", "173"),
        ("Two of the men were granted bail on Monday.", "0841"),
        ("Detectives executed a search warrant at the house on Thursday.", "173"),
        ("The inmates were transferred to the county jail.", "173"),
        ("The minister has issued a travel ban on all horses.", "172"),
        # 08 yield, 16 reduce relations
        ("Prosecutors dismissed the charges against the teenager on Monday.", "080"),
        ("Imports of beef from the region have been stopped.", "163"),
        # 18 assault, 19 fight
        ("A man pulled a gun on a store clerk.", "180"),
        ("The village came under attack overnight.", "190"),
    ],
)
def test_local_act_codes(code_text, sentence: str, code: str) -> None:  # type: ignore[no-untyped-def]
    codes = [m.cameo_code for m in _asserted(code_text, sentence)]
    assert code in codes, [(m.cameo_code, m.trigger, m.factuality) for m in code_text(sentence, PUBLISHED)]


@pytest.mark.parametrize(
    ("sentence", "root"),
    [
        # a company's discount, a firm's repair crew, research money
        ("The company provided customers with a discount.", "07"),
        ("The firm sent specialists to repair the bridge.", "07"),
        ("The team helped the club win the title.", "07"),
        # a finding is not the inquiry; a search given up for a thing
        ("The autopsy showed he had drowned.", "09"),
        ("Investigators gave up looking for the recorder.", "09"),
        # a school bond, a burn ban, a lawsuit dismissed
        ("The school bond was set for a vote in May.", "17"),
        ("The county issued a burn ban on Tuesday.", "17"),
        ("The judge dismissed the lawsuit against the city.", "08"),
        # a muscle pulled, criticism
        ("She pulled a muscle during the race.", "18"),
        ("The minister came under fire from critics on Monday.", "19"),
    ],
)
def test_local_look_alikes_do_not_code(code_text, sentence: str, root: str) -> None:  # type: ignore[no-untyped-def]
    mentions = code_text(sentence, PUBLISHED)
    assert not [m for m in mentions if m.cameo_root_code == root], [(m.cameo_code, m.trigger) for m in mentions]


def test_came_under_reads_only_under(code_text) -> None:  # type: ignore[no-untyped-def]
    """ "came … after an attack" is no attack the subject came under (the attack itself is read by its noun)."""
    mentions = code_text("The speech came a week after the vote.", PUBLISHED)
    assert not mentions, [(m.cameo_code, m.trigger) for m in mentions]


def test_a_shooting_with_no_named_victim_is_an_assault(code_text) -> None:  # type: ignore[no-untyped-def]
    """One-sided shootings of people the coder cannot name as actors are assaults (18); soldiers shot by gunmen
    stay a fight (19)."""
    for sentence in (
        "Two men were hospitalized on Sunday after being shot outside a store.",
        "A police officer who was shot by a parolee died on Monday.",
    ):
        roots = {m.cameo_root_code for m in _asserted(code_text, sentence)}
        assert roots == {"18"}, (sentence, roots)
    soldiers = {m.cameo_root_code for m in _asserted(code_text, "Gunmen shot dead two soldiers at a checkpoint.")}
    assert soldiers == {"19"}, soldiers
