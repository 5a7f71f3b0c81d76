"""Casualty and arrest figures, ACLED-style: every pattern reporters use, and the running-toll trap."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire.coding.counts import parse_number

PUBLISHED = datetime(2024, 3, 8, tzinfo=UTC)


@pytest.fixture()
def c(code_text):  # type: ignore[no-untyped-def]
    return lambda text: code_text(text, PUBLISHED)


def asserted(mentions, root: str | None = None):  # type: ignore[no-untyped-def]
    return [m for m in mentions if m.factuality == "asserted" and (root is None or m.cameo_root_code == root)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("three", 3),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("one hundred and five", 105),
        ("1,200", 1200),
        ("dozens", 12),
        ("tens", 10),
        ("scores", 20),
        ("hundreds", 100),
        ("a dozen", 12),
        ("banana", None),
    ],
)
def test_number_words(text: str, value: int | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("sentence", "dead", "hurt"),
    [
        ("Gunmen killed at least 12 villagers in Kwara State on Monday.", 12, 0),
        ("More than 40 people were wounded when a bomb exploded in a market in Maiduguri on Monday.", 0, 40),
        ("Over 40 people were injured in clashes between police and protesters in Dhaka on Monday.", 0, 40),
        ("Between 10 and 15 people were killed in clashes in Juba on Friday.", 10, 0),
        ("Dozens of people were killed when militants attacked a village in Borno on Monday.", 12, 0),
        ("Scores of people were injured when police fired tear gas at protesters in Lagos on Monday.", 0, 20),
        ("Hundreds of civilians were killed in air strikes on Aleppo on Monday.", 100, 0),
        ("A soldier was killed when militants attacked a checkpoint in Gao on Sunday.", 1, 0),
        ("Two women and a child were killed when gunmen opened fire on a bus in Kano on Monday.", 3, 0),
        ("Twenty-one people were killed and tens wounded in a bombing in Kabul on Thursday.", 21, 10),
        ("A suicide bomber killed himself and four others at a checkpoint in Mogadishu on Sunday.", 5, 0),
    ],
)
def test_figures(c, sentence: str, dead: int, hurt: int) -> None:  # type: ignore[no-untyped-def]
    events = asserted(c(sentence))
    assert events, sentence
    assert (max(m.fatalities for m in events), max(m.injuries for m in events)) == (dead, hurt)


def test_the_attackers_own_dead_add_to_the_toll(c) -> None:  # type: ignore[no-untyped-def]
    [m] = asserted(c("Five soldiers were killed in an ambush near Gao on Sunday, and three militants also died."))
    assert m.fatalities == 8


def test_each_event_in_a_sentence_keeps_its_own_toll(c) -> None:  # type: ignore[no-untyped-def]
    events = asserted(c("An air strike killed five people in Idlib on Monday, and a car bomb killed three in Aleppo."))
    assert sorted((m.location, m.fatalities) for m in events) == [("Aleppo", 3), ("Idlib", 5)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The death toll from the war since October has risen to 200.",
        "The war has killed thousands of people.",
        "Militants have killed more than 300 soldiers since January.",
    ],
)
def test_running_tolls_are_not_an_events_count(c, sentence: str) -> None:  # type: ignore[no-untyped-def]
    mentions = c(sentence)
    assert all(m.fatalities == 0 for m in asserted(mentions)), sentence
    assert not [m for m in asserted(mentions) if m.cameo_root_code in ("18", "19", "20")], sentence


def test_a_toll_update_is_the_events_count_and_a_running_toll_is_aggregate(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c("The death toll from the attack on a market in Maiduguri on Monday rose to 18, police said.")
    assert (m.factuality, m.cameo_root_code, m.fatalities, m.location) == ("asserted", "19", 18, "Maiduguri")
    mentions = c("Gunmen attacked a market in Maiduguri on Monday, killing 12 people. The death toll later rose to 18.")
    assert [m.fatalities for m in asserted(mentions)] == [18]
    [m] = c("The death toll from the fighting has risen to 200.")
    assert (m.factuality, m.fatalities) == ("aggregate", 0)


def test_arrests_are_counted_on_arrest_events(c) -> None:  # type: ignore[no-untyped-def]
    [m] = c("Police arrested 25 protesters in Nairobi on Tuesday.")
    assert (m.cameo_code, m.arrests, m.fatalities) == ("173", 25, 0)
    [m] = c("Five suspects were detained by police in Kano on Monday.")
    assert m.arrests == 5
    arrest, attack = sorted(
        asserted(
            c("Gunmen attacked a village in Zamfara on Monday, killing 12, and police later arrested three suspects.")
        ),
        key=lambda m: m.cameo_root_code,
    )
    assert (attack.fatalities, attack.arrests) == (12, 0)
    assert arrest.arrests == 3


@pytest.mark.parametrize(
    ("sentence", "dead"),
    [
        ("A man was fatally shot in Chicago on Monday.", 1),
        ("The blast left two people dead in Kabul on Monday.", 2),
        ("Gunmen attacked a village in Zamfara on Monday, killing three.", 3),
        ("Officers shot him dead outside a store in London on Sunday.", 1),
        ("Osama bin Laden was killed by US special forces in Abbottabad in 2011.", 1),
        ("Navy SEAL Charles Keating, who was killed yesterday in northern Iraq, was honoured.", 1),
    ],
)
def test_how_news_writes_a_death(c, sentence: str, dead: int) -> None:  # type: ignore[no-untyped-def]
    events = asserted(c(sentence))
    assert events, sentence
    assert max(m.fatalities for m in events) == dead, sentence


def test_a_dead_person_is_counted(c) -> None:  # type: ignore[no-untyped-def]
    events = asserted(c("Gunmen attacked a farm in Benue on Monday, and police found a dead man there."))
    assert max(m.fatalities for m in events) == 1


@pytest.mark.parametrize(
    ("sentence", "held"),
    [
        ("Police said five people were detained in Lagos on Friday.", 5),
        ("Zhukovskyy was arrested Monday at his home in Massachusetts.", 1),
        ("Police arrested the student in Irving on Monday.", 1),
        ("Ms. Sears and Mr. Bowers were arrested on Monday.", 2),  # a charge alone holds nobody new
        ("Police detained him in Kano on Monday.", 1),
    ],
)
def test_how_news_writes_an_arrest(c, sentence: str, held: int) -> None:  # type: ignore[no-untyped-def]
    events = [m for m in asserted(c(sentence)) if m.cameo_code.startswith("173")]
    assert events, sentence
    assert max(m.arrests for m in events) == held, sentence


def test_no_figure_when_the_text_gives_none(c) -> None:  # type: ignore[no-untyped-def]
    [m] = asserted(c("Police detained the crowd in Nairobi on Monday."))
    assert m.arrests == 0  # how many is not said


def test_a_natural_disasters_dead_are_no_events_toll(c) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A magnitude-7.9 earthquake has killed almost 15,000 people, and looters attacked shops in Kathmandu on Monday."
    )
    events = [m for m in asserted(c(text)) if m.cameo_root_code in ("18", "19", "20")]
    assert events and all(m.fatalities == 0 for m in events)


def test_the_toll_of_an_earlier_attack_is_not_todays(c) -> None:  # type: ignore[no-untyped-def]
    mentions = asserted(
        c("Gunmen attacked a church in Kano on Monday. In 2019, an attack on the church killed 40 people.")
    )
    assert [m.fatalities for m in mentions if m.event_date.year == 2024] == [0]
    assert max(m.fatalities for m in mentions if m.event_date.year == 2019) == 40


@pytest.mark.parametrize(
    ("sentence", "dead"),
    [
        ("Prosecutors say he gunned down his estranged wife outside a diner in Toledo on Friday.", 1),
        ("Deputies said Marcus Delaney Whitfield, 47, was found shot to death in his garage on Saturday.", 1),
        ("Officers say the trooper fatally shot 31-year-old Darnell Okafor during a traffic stop on Monday.", 1),
        ("Heavy fighting in the border villages left six dead on Monday.", 6),
        ("By Monday evening the rebels counted three dead and 11 wounded after the shelling of Nuli.", 3),
        # "thousands" elsewhere in the sentence is no running toll: the day's figure stands
        ("Some 14 people were killed as they joined thousands of pilgrims at a shrine in Matara on Monday.", 14),
    ],
)
def test_deaths_ordinary_news_reports(c, sentence: str, dead: int) -> None:  # type: ignore[no-untyped-def]
    events = asserted(c(sentence))
    assert events, sentence
    assert max(m.fatalities for m in events) == dead, sentence


@pytest.mark.parametrize(
    ("sentence", "dead", "hurt"),
    [
        ("Three women were hospitalized after being shot outside a nightclub in Memphis on Sunday.", 0, 3),
        ("A deputy shot the driver of the stolen pickup near Lufkin on Tuesday, the sheriff said.", 0, 1),
        ("The clerk was stabbed twice in the arm during a robbery in Akron on Friday.", 0, 1),
        # shot and killed: the victim is dead, not also hurt
        ("Police shot and killed a man who pointed a rifle at officers in Tulsa on Tuesday.", 1, 0),
        # shots that hit nobody count nobody; a shot-down aircraft is no wounded person
        ("Gunmen shot at a police patrol in Kano on Monday, but no one was hurt.", 0, 0),
        ("Militia fighters shot down an army helicopter near Goma on Monday.", 0, 0),
        # a perfect tense the parse hangs on another verb is still active: its object is the toll
        ("Today, two bombings, also claimed by the group, have killed at least 35 people and injured scores.", 35, 20),
    ],
)
def test_a_shooting_that_does_not_kill_wounds(c, sentence: str, dead: int, hurt: int) -> None:  # type: ignore[no-untyped-def]
    events = [m for m in asserted(c(sentence)) if m.cameo_root_code in ("18", "19", "20")]
    assert events, sentence
    assert (max(m.fatalities for m in events), max(m.injuries for m in events)) == (dead, hurt), sentence


@pytest.mark.parametrize(
    ("sentence", "held"),
    [
        # a surname the entity recogniser does not know is still one person
        ("Okonkwo, 45, was arrested last week and charged with lying to investigators.", 1),
        ("Brannigan was arrested Thursday with a bond of $5,000.", 1),
        ("The suspect left his car and fled on foot, but was later apprehended by deputies near Tyler.", 1),
        ("Hollis spent a week in the county jail following his arrest in Omaha.", 1),
        ("Troopers made 17 drunken-driving arrests over the holiday weekend in Maine.", 17),
    ],
)
def test_arrests_ordinary_news_reports(c, sentence: str, held: int) -> None:  # type: ignore[no-untyped-def]
    events = [m for m in asserted(c(sentence)) if m.cameo_code.startswith("173")]
    assert events, sentence
    assert max(m.arrests for m in events) == held, sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Police detained the crowd outside the courthouse in Dayton on Monday.",  # how many is not said
        "Police arrested Hezbollah in Beirut on Monday.",  # an organisation, not one person
        "Riot police detained protesters in Minsk on Sunday.",  # a bare plural gives no figure
    ],
)
def test_arrests_without_a_figure_stay_unknown(c, sentence: str) -> None:  # type: ignore[no-untyped-def]
    events = [m for m in asserted(c(sentence)) if m.cameo_code.startswith("173")]
    assert events, sentence
    assert all(m.arrests == 0 for m in events), sentence


def test_a_charge_does_not_carry_the_killings_toll(c) -> None:  # type: ignore[no-untyped-def]
    mentions = asserted(c("Prosecutors charged Dwayne Pruitt, 24, with murder in the shooting death of a clerk."))
    charges = [m for m in mentions if m.cameo_root_code == "17"]
    assert charges, "the charge is coded"
    # the dead belong to the shooting: counted on the charge too, a researcher's sum would count them twice
    assert all((m.fatalities, m.injuries) == (0, 0) for m in charges)


@pytest.mark.parametrize(
    "sentence",
    [
        "A federal judge set $250,000 bail on Tuesday for a French national charged with lying to agents.",
        "His bond was set at $5,000 and he is scheduled to appear in court on Thursday.",
    ],
)
def test_bail_and_bond_hold_nobody_new(c, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert all(m.arrests == 0 for m in asserted(c(sentence))), sentence
