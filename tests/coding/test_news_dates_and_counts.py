"""Dates and counts of everyday news as the coder reads them (real parses, the real coder): seasons, the day of
what an arrest is for, and the subject of a headline's passive."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eventwire.coding.when import MONTH, WEEK, When, event_date, find_dates
from eventwire.ingest.article import InputArticle
from tests.coding.asserted import asserted

PUBLISHED = datetime(2009, 3, 20, tzinfo=UTC)  # a Friday in March
UNDATED = When(PUBLISHED.date(), WEEK, "published")


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("He was arrested last summer.", date(2009, 3, 20), date(2008, 6, 1)),
        ("He was arrested last fall.", date(2009, 3, 20), date(2008, 9, 1)),
        ("He was arrested this past autumn.", date(2009, 3, 20), date(2008, 9, 1)),
        ("He was arrested last winter.", date(2009, 3, 20), date(2008, 12, 1)),
        # "last summer" in July is the summer before: this year's is not over
        ("He was arrested last summer.", date(2009, 7, 10), date(2008, 6, 1)),
        ("He was arrested this summer.", date(2009, 8, 10), date(2009, 6, 1)),
        # the month after the season, "this summer" is the one just over
        ("He was arrested this summer.", date(2009, 9, 15), date(2009, 6, 1)),
        ("He was arrested this fall.", date(2009, 12, 15), date(2009, 9, 1)),
        # across the new year: "last winter" in January is the winter begun 13 months before
        ("He was arrested last winter.", date(2010, 1, 5), date(2008, 12, 1)),
        ("He was arrested in the summer of 2006.", date(2009, 3, 20), date(2006, 6, 1)),
    ],
)
def test_a_season_is_its_first_month_at_month_precision(nlp, text: str, reference: date, expected: date) -> None:  # type: ignore[no-untyped-def]
    sent = next(nlp(text).sents)
    [found] = find_dates(sent, reference)
    assert (found.when.day, found.when.precision) == (expected, MONTH)


def test_a_season_still_to_come_dates_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    sent = next(nlp("He was arrested this summer.").sents)
    assert find_dates(sent, date(2009, 3, 20)) == []
    # two months after it ended, "this summer" is next year's
    assert find_dates(sent, date(2009, 10, 20)) == []
    # nor is a season word without a "last", "this" or a year a date: "the fall of the government"
    sent = next(nlp("The fall of the government in spring surprised nobody.").sents)
    assert find_dates(sent, date(2009, 3, 20)) == []


def test_a_retold_act_dated_by_a_season_is_an_event_of_that_season(code_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Assistant public defender Benjamin Pearlman is arguing that, after a one-day civil trial last fall, a jury "
        "contradicted a state psychologist's finding that Steven Anthony Eberhart is incompetent."
    )
    [trial] = [m for m in asserted(code_text, text, PUBLISHED) if m.trigger == "trial"]
    assert (trial.event_date, trial.time_precision) == (date(2008, 9, 1), MONTH)
    # the same sentence without its season is the publication week's
    [trial] = [m for m in asserted(code_text, text.replace(" last fall", ""), PUBLISHED) if m.trigger == "trial"]
    assert (trial.event_date, trial.date_source) == (PUBLISHED.date(), "published")


def test_the_day_of_what_an_arrest_is_for_does_not_date_the_arrest(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Two people have been arrested and a third is being sought in Saturday's fatal shooting of a man."
    sent = next(nlp(text).sents)
    [arrested] = [t for t in sent if t.lower_ == "arrested"]
    assert event_date(sent, [arrested], UNDATED) == UNDATED
    # the shooting itself is Saturday's, and a day on the arrest's own words still dates it
    [shooting] = [t for t in sent if t.lower_ == "shooting"]
    assert event_date(sent, [shooting], UNDATED).day == date(2009, 3, 14)
    sent = next(nlp("Two men were arrested Monday in Saturday's fatal shooting of a man.").sents)
    [arrested] = [t for t in sent if t.lower_ == "arrested"]
    assert event_date(sent, [arrested], UNDATED).day == date(2009, 3, 16)
    # a day that is not what the arrest is for still may date it: "After Saturday's unrest, twenty were arrested"
    sent = next(nlp("After Saturday's unrest, twenty protesters were arrested.").sents)
    [arrested] = [t for t in sent if t.lower_ == "arrested"]
    assert event_date(sent, [arrested], UNDATED).day == date(2009, 3, 14)


def _headline_article(title: str, text: str) -> InputArticle:
    return InputArticle(source_id="t", uri="t", title=title, text=text, published_at=PUBLISHED)


@pytest.mark.parametrize(
    ("title", "trigger", "field", "value"),
    [
        ("Man arrested for DUI crash into parked car", "arrested", "arrests", 1),
        ("Two men arrested after bar brawl", "arrested", "arrests", 2),
    ],
)
def test_the_subject_of_a_headline_passive_is_who_the_act_fell_on(  # type: ignore[no-untyped-def]
    nlp, coder_resources, title: str, trigger: str, field: str, value: int
) -> None:
    from eventwire.coding.coder import code_article

    article = _headline_article(title, "The crash happened on Interstate 75 near Richmond, officers said.")
    mentions, errors = code_article(nlp(article.coding_text), article, coder_resources)
    assert not errors
    [headline] = [m for m in mentions if m.trigger == trigger]
    assert getattr(headline, field) == value


def test_an_active_past_with_no_object_counts_no_one(code_text) -> None:  # type: ignore[no-untyped-def]
    # "Police arrested" names who arrested, not who was arrested
    [arrest] = [
        m for m in code_text("Police arrested on Monday after the fight.", PUBLISHED) if m.trigger == "arrested"
    ]
    assert arrest.arrests == 0


def test_since_the_beginning_of_a_month_is_a_span_not_a_date(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Travel of horses has been suspended and officials check horses that came in since the beginning of August."
    sent = next(nlp(text).sents)
    assert find_dates(sent, date(2016, 6, 15)) == []
    # a part of a month that is no span still dates: "at the end of May"
    sent = next(nlp("Police arrested him at the end of May.").sents)
    [found] = find_dates(sent, date(2016, 6, 15))
    assert (found.when.day, found.when.precision) == (date(2016, 5, 1), MONTH)


def test_a_fronted_year_frames_every_verb_coordinated_with_its_own(code_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ten years ago, a gunman entered his church in Fort Worth and killed seven people and wounded several others."
    )
    [killed] = [m for m in asserted(code_text, text, PUBLISHED) if m.trigger == "killed"]
    assert (killed.event_date, killed.time_precision, killed.fatalities) == (date(1999, 1, 1), MONTH, 7)


def test_a_year_after_the_first_verb_does_not_reach_the_next(nlp) -> None:  # type: ignore[no-untyped-def]
    # "born in 1970" dates the birth only; a day of the later verb's own dates it
    sent = next(nlp("He was born in 1970 and was arrested by police.").sents)
    [arrested] = [t for t in sent if t.lower_ == "arrested"]
    assert event_date(sent, [arrested], UNDATED) == UNDATED


def test_a_later_verbs_own_date_beats_the_fronted_one(nlp) -> None:  # type: ignore[no-untyped-def]
    sent = next(nlp("Last year, police arrested him and on Monday charged him with murder.").sents)
    [charged] = [t for t in sent if t.lower_ == "charged"]
    found = event_date(sent, [charged], UNDATED)
    assert (found.day.weekday(), found.precision) == (0, 1)  # Monday, to the day
    assert found.day <= PUBLISHED.date()


def test_a_fronted_date_does_not_frame_a_clause_with_its_own_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    sent = next(nlp("In 2004 he was convicted of fraud, and he was arrested again by police.").sents)
    [arrested] = [t for t in sent if t.lower_ == "arrested"]
    assert event_date(sent, [arrested], UNDATED) == UNDATED


@pytest.mark.parametrize(
    ("sentence", "held"),
    [
        ("A Richmond man was charged early Sunday morning with driving under the influence.", 1),
        ("John Smith and Mary Jones were charged with murder on Monday.", 2),
    ],
)
def test_the_people_a_charge_falls_on_are_counted_as_arrests(code_text, sentence: str, held: int) -> None:  # type: ignore[no-untyped-def]
    [charge] = [m for m in asserted(code_text, sentence, PUBLISHED) if m.trigger == "charged"]
    assert charge.arrests == held
    # a court's later steps hold nobody new
    [sentenced] = [m for m in asserted(code_text, sentence.replace("charged", "sentenced"), PUBLISHED)]
    assert sentenced.arrests == 0
