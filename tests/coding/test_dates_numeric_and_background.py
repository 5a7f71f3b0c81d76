"""Dates written in numbers, read in the source country's day-month order; numbers that are no date; and
background acts, which keep their own time (dated by their own clue at its precision, or no event at all)
and never lend their counts to the day's event. All through the real parser and, where an article is
involved, the real coder."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eventwire.coding.coder import code_article
from eventwire.coding.when import WEEK, When, event_date
from eventwire.ingest.article import InputArticle
from eventwire.ingest.dates import DateOrder, date_order, day_and_month, url_country

FRIDAY = date(2024, 3, 8)
PUBLISHED = datetime(2024, 3, 8, tzinfo=UTC)


@pytest.fixture()
def when(nlp):  # type: ignore[no-untyped-def]
    def date_of(sentence: str, order: DateOrder = "day_first") -> tuple[date, int, str]:
        sent = next(nlp(sentence).sents)
        found = event_date(sent, [sent.root], When(FRIDAY, WEEK, "published"), order)
        return found.day, found.precision, found.source

    return date_of


def _code(nlp, res, text: str, **fields) -> list:  # type: ignore[no-untyped-def]
    article = InputArticle(source_id="t", uri="t", text=text, published_at=PUBLISHED, **fields)
    mentions, errors = code_article(nlp(article.coding_text), article, res)
    assert not errors
    return mentions


# ── dates written in numbers ──────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("sentence", "order", "expected"),
    [
        # unambiguous: a number above 12 is the day wherever the source is
        ("Gunmen attacked the village on the morning of 23/01.", "day_first", date(2024, 1, 23)),
        ("Gunmen attacked the village on the morning of 23/01.", "month_first", date(2024, 1, 23)),
        ("Gunmen attacked the village on 01/23.", "day_first", date(2024, 1, 23)),
        ("Gunmen attacked the village on 14-03-2017.", "day_first", date(2017, 3, 14)),
        ("Gunmen attacked the village on 14.03.2017.", "month_first", date(2017, 3, 14)),
        ("Gunmen attacked the village on 2021/03/04.", "month_first", date(2021, 3, 4)),
        # ambiguous: the source country's order decides
        ("Gunmen attacked the village on 3.4.2021.", "day_first", date(2021, 4, 3)),
        ("Gunmen attacked the village on 3.4.2021.", "month_first", date(2021, 3, 4)),
        ("Gunmen attacked the village on 03/04/21.", "day_first", date(2021, 4, 3)),
        ("Gunmen attacked the village on 3/4.", "month_first", date(2024, 3, 4)),
        # a weekday written with the date is that date, not last Monday
        ("Gunmen attacked the village on Monday 22/01.", "day_first", date(2024, 1, 22)),
        ("On Monday, Dec. 26, a strike killed a commander.", "day_first", date(2023, 12, 26)),
    ],
)
def test_numeric_dates(when, sentence: str, order: DateOrder, expected: date) -> None:  # type: ignore[no-untyped-def]
    assert when(sentence, order) == (expected, 1, "sentence")


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen attacked the village on 3/4.",  # both numbers could be the month, and the source writes both orders
        "The shop at the square is open 24/7 and rebels attacked it.",
    ],
)
def test_an_ambiguous_date_from_a_mixed_source_is_not_guessed(when, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert when(sentence, "mixed") == (FRIDAY, 2, "published")


@pytest.mark.parametrize(
    "sentence",
    [
        "The team won 3-1 and fans attacked the bus.",  # a score
        "Police arrested 3/4 of the crowd.",  # a fraction
        "Police detained five miners at Mine 6/7.",  # a name
        "The attack happened at 12.30 and police arrested two men.",  # a time
        "Hackers attacked servers running version 3.4.2021 of the software.",  # a version
        "Protesters attacked the shop, which is open 24/7.",  # a ratio
        "Police arrested 20-25 protesters.",  # a range
        "Rebels attacked the town, and 2019 people fled.",  # a figure, not a year
        "Rebels attacked the town before the 2019-20 season.",  # a season
        "Police said 0.5% of the 13 million people were arrested.",  # a share
    ],
)
def test_numbers_that_are_not_dates(when, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert when(sentence) == (FRIDAY, 2, "published")


def test_the_order_table_and_the_source_country() -> None:
    assert date_order("USA") == "month_first"
    assert date_order("PHL") == "month_first"
    assert date_order("GBR") == "day_first"
    assert date_order("CAN") == "mixed"
    assert date_order(None) == "day_first"  # most of the world
    assert url_country("https://www.bbc.co.uk/news/world-1") == "GBR"
    assert url_country("https://www.thehindu.in/news") == "IND"
    assert url_country("https://www.nytimes.com/2024/01/01/x.html") is None  # a generic domain
    assert url_country("https://t.co/abc") is None  # a vanity domain
    assert day_and_month(23, 1, "month_first") == (23, 1)
    assert day_and_month(3, 4, "month_first") == (4, 3)
    assert day_and_month(3, 4, "day_first") == (3, 4)
    assert day_and_month(3, 4, "mixed") is None
    assert day_and_month(5, 5, "mixed") == (5, 5)  # both readings are one day
    assert day_and_month(13, 14, "day_first") is None


def test_the_articles_source_decides_the_order(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    text = "Gunmen attacked a police station in Kano on 3/2/2024, police said."
    [uk] = _code(nlp, coder_resources, text, url="https://www.bbc.co.uk/news/1")
    [us] = _code(nlp, coder_resources, text, url="https://www.example.us/news/1")
    assert (uk.event_date, uk.date_source) == (date(2024, 2, 3), "sentence")
    assert (us.event_date, us.date_source) == (date(2024, 3, 2), "sentence")
    # no outlet country: the country the story is about (a US story, month first)
    [story] = _code(nlp, coder_resources, "Gunmen attacked a police station in Dallas, Texas on 3/2/2024.")
    assert story.event_date == date(2024, 3, 2)


# ── background acts keep their own time ───────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Osama was killed by US special forces in Pakistan in 2011.", (date(2011, 1, 1), 3, "sentence")),
        ("In 2017, rebels attacked the town.", (date(2017, 1, 1), 3, "sentence")),
        ("An attack last year killed five people.", (date(2023, 1, 1), 3, "relative")),
        ("Rebels attacked the town two years ago.", (date(2022, 1, 1), 3, "relative")),
        ("Rebels attacked the town earlier this year.", (date(2024, 1, 1), 3, "relative")),
        ("The coup attempt last July left many dead.", (date(2023, 7, 1), 3, "sentence")),
        ("Rebels were killed in March.", (date(2024, 3, 1), 3, "sentence")),
        ("In the 1990s, the government confiscated land.", (date(1990, 1, 1), 3, "sentence")),
        ("The war erupted in 1972 when rebels took up arms.", (date(1972, 1, 1), 3, "sentence")),
        # a future date is no past day: not last year's June 12
        ("Groups called for boycotting the coming June 12 election.", (FRIDAY, 2, "published")),
    ],
)
def test_a_retold_act_is_dated_by_its_own_clue(when, sentence: str, expected: tuple[date, int, str]) -> None:  # type: ignore[no-untyped-def]
    assert when(sentence) == expected


def test_a_year_dates_only_its_own_act(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    sent = next(nlp("Police arrested a man wanted for the 2004 murder of a teacher in Kano on Monday.").sents)
    undated = When(FRIDAY, WEEK, "published")
    murder = [t for t in sent if t.text == "murder"]
    arrest = [t for t in sent if t.text == "arrested"]
    assert (event_date(sent, murder, undated).day, event_date(sent, murder, undated).precision) == (date(2004, 1, 1), 3)
    assert event_date(sent, arrest, undated).day == date(2024, 3, 4)
    # without a day of its own, the arrest still does not take the murder's year
    sent = next(nlp("Police arrested a man wanted for the 2004 murder of a teacher.").sents)
    assert event_date(sent, [t for t in sent if t.text == "arrested"], undated) == undated
    # a year in a relative clause dates that clause, not the act around it
    [arrested] = _code(nlp, coder_resources, "Police arrested the owner of the house, which was built in 1977.")
    assert (arrested.event_date, arrested.date_source) == (FRIDAY, "published")


def test_an_undated_retold_act_is_no_event_and_takes_no_day(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On Tuesday, police arrested a man in Kano. He had previously been arrested for fraud. "
        "The officer, who had shot a man in Kano, was suspended."
    )
    mentions = _code(nlp, coder_resources, text)
    first = [m for m in mentions if m.sentence.startswith("On Tuesday")]
    assert [(m.factuality, m.event_date) for m in first] == [("asserted", date(2024, 3, 5))]
    retold = [m for m in mentions if not m.sentence.startswith("On Tuesday") and m.cameo_root_code in ("17", "18")]
    assert retold and all(m.factuality == "background" for m in retold)
    # dated by its own clue, a retold act is an event of its own day
    [dated] = _code(nlp, coder_resources, "He had previously been arrested in Kano in 2019.")
    assert (dated.factuality, dated.event_date, dated.time_precision) == ("asserted", date(2019, 1, 1), 3)


def test_a_reported_past_perfect_is_the_news_not_background(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    [m] = _code(nlp, coder_resources, "Police said the man had attacked his wife in Kano on Monday.")
    assert (m.factuality, m.event_date) == ("asserted", date(2024, 3, 4))


def test_a_background_toll_never_lands_on_today(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    text = "Gunmen attacked a church in Kano on Monday. In 2019, an attack on the same church killed 40 people."
    mentions = [m for m in _code(nlp, coder_resources, text) if m.factuality == "asserted"]
    monday = [m for m in mentions if m.event_date == date(2024, 3, 4)]
    earlier = [m for m in mentions if m.event_date == date(2019, 1, 1)]
    assert monday and all(m.fatalities == 0 for m in monday)
    assert earlier and max(m.fatalities for m in earlier) == 40
