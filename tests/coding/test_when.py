"""Event dates: what day a sentence names, at which ACLED time precision, and which rule decided it.

Relative dates across month and year boundaries, weekday edges (the publication day itself is that
weekday), the never-after-publication rule, hedged dates, inheritance within a paragraph and the dateline.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eventwire.coding.coder import code_article
from eventwire.coding.when import WEEK, When, event_date
from eventwire.ingest.article import InputArticle
from eventwire.ingest.dates import parse_partial_date, reference_day

FRIDAY = date(2024, 3, 8)
MONDAY_1ST = date(2024, 4, 1)  # a month boundary: yesterday was 31 March
TUESDAY_2ND = date(2024, 1, 2)  # a year boundary: last week was in 2023


@pytest.fixture()
def when(nlp):  # type: ignore[no-untyped-def]
    def date_of(sentence: str, published: date) -> tuple[date, int, str]:
        sent = next(nlp(sentence).sents)
        found = event_date(sent, [sent.root], When(published, WEEK, "published"))
        return found.day, found.precision, found.source

    return date_of


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # weekdays: the last such day on or before publication, the publication day included
        ("Gunmen attacked the village on Tuesday.", FRIDAY, (date(2024, 3, 5), 1, "relative")),
        ("Gunmen attacked the village on Friday.", FRIDAY, (FRIDAY, 1, "relative")),
        ("Gunmen attacked the village on Saturday.", FRIDAY, (date(2024, 3, 2), 1, "relative")),
        ("Gunmen attacked the village late Sunday.", MONDAY_1ST, (date(2024, 3, 31), 1, "relative")),
        ("Gunmen attacked the village on Saturday.", TUESDAY_2ND, (date(2023, 12, 30), 1, "relative")),
        # days, weeks and months relative to publication, across month and year boundaries
        ("Gunmen attacked the village yesterday.", FRIDAY, (date(2024, 3, 7), 1, "relative")),
        ("Gunmen attacked the village yesterday.", MONDAY_1ST, (date(2024, 3, 31), 1, "relative")),
        ("Gunmen attacked the village yesterday.", TUESDAY_2ND, (date(2024, 1, 1), 1, "relative")),
        ("Gunmen attacked the village last night.", FRIDAY, (date(2024, 3, 7), 1, "relative")),
        ("Gunmen attacked the village earlier this week.", FRIDAY, (date(2024, 3, 4), 2, "relative")),
        ("Gunmen attacked the village earlier this week.", MONDAY_1ST, (MONDAY_1ST, 2, "relative")),
        # "last week" is the day a week before, at week precision; "this week" the reference day itself
        ("Gunmen attacked the village last week.", FRIDAY, (date(2024, 3, 1), 2, "relative")),
        ("Gunmen attacked the village last week.", TUESDAY_2ND, (date(2023, 12, 26), 2, "relative")),
        ("Gunmen attacked the village last week.", date(2024, 3, 10), (date(2024, 3, 3), 2, "relative")),
        ("Police this week arrested two men in Hillsboro.", FRIDAY, (FRIDAY, 2, "relative")),
        ("Gunmen attacked the village last month.", FRIDAY, (date(2024, 2, 1), 3, "relative")),
        ("Gunmen attacked the village last month.", TUESDAY_2ND, (date(2023, 12, 1), 3, "relative")),
        ("Gunmen attacked the village two days ago.", FRIDAY, (date(2024, 3, 6), 1, "relative")),
        ("Gunmen attacked the village over the weekend.", MONDAY_1ST, (date(2024, 3, 30), 2, "relative")),
        ("Militants attacked the base overnight Saturday.", FRIDAY, (date(2024, 3, 2), 1, "relative")),
        # calendar dates; a missing year is the publication year unless that day is still to come
        ("Gunmen attacked the village on 3 February 2024.", FRIDAY, (date(2024, 2, 3), 1, "sentence")),
        ("Gunmen attacked the village on Feb. 3.", FRIDAY, (date(2024, 2, 3), 1, "sentence")),
        ("Gunmen attacked the village on February 3, 2024.", FRIDAY, (date(2024, 2, 3), 1, "sentence")),
        ("Gunmen attacked the village on 1st March.", FRIDAY, (date(2024, 3, 1), 1, "sentence")),
        ("Gunmen attacked the village on 2024-02-03.", FRIDAY, (date(2024, 2, 3), 1, "sentence")),
        ("Gunmen attacked the village on 31 December.", TUESDAY_2ND, (date(2023, 12, 31), 1, "sentence")),
        ("Gunmen attacked the village on 20 March.", FRIDAY, (date(2023, 3, 20), 1, "sentence")),
        ("Gunmen attacked the village in October.", FRIDAY, (date(2023, 10, 1), 3, "sentence")),
        ("Gunmen attacked the village in March.", FRIDAY, (date(2024, 3, 1), 3, "sentence")),
        ("Gunmen attacked the village in December.", TUESDAY_2ND, (date(2023, 12, 1), 3, "sentence")),
        ("Gunmen attacked the village in May 2023.", FRIDAY, (date(2023, 5, 1), 3, "sentence")),
        ("Gunmen attacked the village in August last year.", FRIDAY, (date(2023, 8, 1), 3, "sentence")),
        ("Gunmen attacked the village in February last year.", FRIDAY, (date(2023, 2, 1), 3, "sentence")),
        # a written day one day ahead is a time zone, not last year ("3 March" filed in Asia, stamped 2 March UTC)
        ("Gunmen attacked the village on 9 March.", FRIDAY, (date(2024, 3, 9), 1, "sentence")),
        # up to nine days ahead the stamp is late or a placeholder: the day is taken as written, with or without
        # its year; further ahead a day without a year is last year's
        ("Gunmen attacked the village on 12 March.", FRIDAY, (date(2024, 3, 12), 1, "sentence")),
        ("Gunmen attacked the village on March 17.", FRIDAY, (date(2024, 3, 17), 1, "sentence")),
        ("Gunmen attacked the village on 12 March 2024.", FRIDAY, (date(2024, 3, 12), 1, "sentence")),
        ("Gunmen attacked the village on 18 March.", FRIDAY, (date(2023, 3, 18), 1, "sentence")),
        # approximate dates keep the day at week precision
        ("Around 5 March 2024, gunmen attacked the village.", FRIDAY, (date(2024, 3, 5), 2, "sentence")),
        ("On 5 March 2024 (week of), gunmen attacked the village.", FRIDAY, (date(2024, 3, 5), 2, "sentence")),
        ("On 5 March 2024 (or around), gunmen attacked the village.", FRIDAY, (date(2024, 3, 5), 2, "sentence")),
        # the day of the report, not of the event
        ("As reported on 5 March 2024, gunmen attacked the village.", FRIDAY, (date(2024, 3, 5), 2, "sentence")),
    ],
)
def test_date_matrix(when, sentence: str, published: date, expected: tuple[date, int, str]) -> None:  # type: ignore[no-untyped-def]
    assert when(sentence, published) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen attacked the village on 20 March 2024.",  # after publication: not the day of a past event
        # a day to come, written with its weekday; a span from a weekday with its date
        "The chief of staff announced his resignation effective next Wednesday, March 13.",
        "Gunmen have attacked the village repeatedly since Monday, March 4.",
        "Gunmen will attack the village next Tuesday.",  # a day to come
        "Gunmen have attacked the village repeatedly since October.",  # a span of time, not this event's day
        "Gunmen attacked the village in the morning.",  # no day named
        "Shoppers clashed with guards on Black Friday.",  # a name, not last Friday
    ],
)
def test_no_usable_date_falls_back_to_publication_at_week_precision(when, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert when(sentence, FRIDAY) == (FRIDAY, 2, "published")


def test_never_after_publication(when) -> None:  # type: ignore[no-untyped-def]
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        for published in (FRIDAY, MONDAY_1ST, TUESDAY_2ND):
            day, precision, _ = when(f"Rebels shelled the town on {name}.", published)
            assert published.toordinal() - 7 < day.toordinal() <= published.toordinal(), (name, published)
            assert precision == 1


def test_the_date_attached_to_the_event_wins(when) -> None:  # type: ignore[no-untyped-def]
    day, _, _ = when("On 6 May, relatives protested against the abduction of a farmer on 29 January.", date(2020, 5, 7))
    assert day == date(2020, 5, 6)


# ── the reference day: publication field or dateline ──────────────────────────────────────────
def test_dateline_day_wins_over_a_utc_timestamp_of_the_next_day() -> None:
    assert reference_day(datetime(2024, 2, 3, 3, 0, tzinfo=UTC), date(2024, 2, 2)) == (date(2024, 2, 2), "dateline")


def test_a_calendar_publication_day_is_kept_over_the_dateline() -> None:
    # the seed article: date line "Feb 02, 2024", dateline "February 3" (filed in Asia): the strikes are of 2 February
    assert reference_day(datetime(2024, 2, 2, tzinfo=UTC), date(2024, 2, 3)) == (date(2024, 2, 2), "published")
    assert reference_day(datetime(2024, 2, 2, 15, 0, tzinfo=UTC), None) == (date(2024, 2, 2), "published")
    assert reference_day(datetime(2024, 2, 9, 15, 0, tzinfo=UTC), date(2024, 2, 2)) == (date(2024, 2, 9), "published")


def test_a_dateline_without_a_year_is_never_more_than_a_day_ahead() -> None:
    assert parse_partial_date("February 3", date(2024, 2, 2)) == date(2024, 2, 3)  # a time zone ahead
    assert parse_partial_date("December 31", date(2024, 1, 1)) == date(2023, 12, 31)  # across the new year
    assert parse_partial_date("January 5", date(2023, 12, 31)) == date(2023, 1, 5)  # not five days ahead


# ── through the coder: inheritance within a paragraph and the date_source column ──────────────
def _code(nlp, res, text: str, published: datetime, dateline_date: date | None = None):  # type: ignore[no-untyped-def]
    article = InputArticle(source_id="t", uri="t", text=text, published_at=published, dateline_date=dateline_date)
    mentions, errors = code_article(nlp(article.coding_text), article, res)
    assert not errors
    return mentions


def test_a_fronted_date_sets_the_scene_for_the_paragraph(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    text = "On Tuesday, soldiers surrounded a market in Gao. Gunmen opened fire and killed two soldiers."
    [killed] = [m for m in _code(nlp, coder_resources, text, datetime(2024, 3, 8, tzinfo=UTC)) if m.trigger == "killed"]
    assert (killed.event_date, killed.time_precision, killed.date_source) == (date(2024, 3, 5), 1, "inherited")


def test_a_new_paragraph_or_a_later_statement_date_is_not_inherited(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    published = datetime(2024, 3, 8, tzinfo=UTC)
    for text in (
        "On Tuesday, soldiers surrounded a market in Gao.\n\nGunmen opened fire and killed two soldiers.",
        "The minister said on Tuesday that the army was ready. Gunmen killed two soldiers in Gao.",
    ):
        [killed] = [m for m in _code(nlp, coder_resources, text, published) if m.trigger == "killed"]
        assert (killed.event_date, killed.time_precision, killed.date_source) == (date(2024, 3, 8), 2, "published")


def test_date_source_records_the_rule(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    stamped = datetime(2024, 3, 9, 2, 30, tzinfo=UTC)  # filed late on 8 March local time
    [m] = _code(nlp, coder_resources, "Rebels attacked an army post in Kidal.", stamped, dateline_date=date(2024, 3, 8))
    assert (m.event_date, m.time_precision, m.date_source) == (date(2024, 3, 8), 2, "dateline")
    [m] = _code(nlp, coder_resources, "Rebels attacked an army post in Kidal yesterday.", stamped, date(2024, 3, 8))
    assert (m.event_date, m.time_precision, m.date_source) == (date(2024, 3, 7), 1, "relative")
    [m] = _code(nlp, coder_resources, "Rebels attacked an army post in Kidal on 2 March.", stamped)
    assert (m.event_date, m.time_precision, m.date_source) == (date(2024, 3, 2), 1, "sentence")


def test_a_written_day_just_after_a_placeholder_stamp_keeps_the_stamps_year(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    # news_dev's and the local labels' LGL articles all carry one placeholder day (20 March 2009); "March 23" in
    # them is 23 March 2009, as written, not 23 March 2008
    text = "Georgian police arrested ten opposition activists in Batumi on March 23, the Interior Ministry said."
    mentions = _code(nlp, coder_resources, text, datetime(2009, 3, 20, tzinfo=UTC))
    [arrested] = [m for m in mentions if m.trigger == "arrested"]
    assert (arrested.event_date, arrested.time_precision, arrested.date_source) == (date(2009, 3, 23), 1, "sentence")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # no figure in the sentence: a month or weekday name, "ago", or a relative word must still be read
        ("Gunmen attacked the village last July.", (date(2023, 7, 1), 3, "sentence")),
        ("Gunmen attacked the village on Tuesday.", (date(2024, 3, 5), 1, "relative")),
        ("Gunmen attacked the village two weeks ago.", (date(2024, 2, 23), 2, "relative")),
        ("Gunmen attacked the village yesterday.", (date(2024, 3, 7), 1, "relative")),
        ("Gunmen attacked the village.", (FRIDAY, WEEK, "published")),
    ],
)
def test_a_sentence_without_a_figure_is_read_for_dates(when, sentence: str, expected: tuple[date, int, str]) -> None:  # type: ignore[no-untyped-def]
    """Only a sentence with none of a date's words skips the date patterns (``when._MAY_DATE``)."""
    assert when(sentence, FRIDAY) == expected
