"""Which date an event takes when the words that date it are not under its own (real parses, the real coder and
consolidation): a year its when-clause specifies, another report of the same act in its sentence, the story's
day for an undated headline; and the dates that must not reach it (a coordinated clause's "today")."""

from __future__ import annotations

from datetime import UTC, date, datetime

from eventwire.coding.when import WEEK, When, event_date
from eventwire.consolidate import assign_events, build_events, mention_frame
from eventwire.ingest.article import InputArticle
from tests.coding.asserted import asserted

PUBLISHED = datetime(2009, 3, 20, tzinfo=UTC)  # a Friday
UNDATED = When(PUBLISHED.date(), WEEK, "published")


def _events(mentions):  # type: ignore[no-untyped-def]
    return build_events(assign_events(mention_frame(mentions))).to_dicts()


def test_a_date_in_a_coordinated_clause_with_its_own_subject_does_not_date_the_other_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    sent = next(nlp("The speaker welcomed his arrest; but today he has no problem with her.").sents)
    [arrest] = [t for t in sent if t.lower_ == "arrest"]
    assert event_date(sent, [arrest], UNDATED) == UNDATED  # today is when he has no problem, not the arrest
    # the clause's own date still dates it, and a date of the main clause still reaches a clause joined to it
    sent = next(nlp("Police arrested two men on Monday, and a judge set their bail on Tuesday.").sents)
    [arrested, bail_set] = [t for t in sent if t.lower_ in ("arrested", "set")]
    assert event_date(sent, [arrested], UNDATED).day == date(2009, 3, 16)
    assert event_date(sent, [bail_set], UNDATED).day == date(2009, 3, 17)


def test_a_year_its_when_clause_specifies_dates_the_act_of_the_clause(code_text) -> None:  # type: ignore[no-untyped-def]
    text = "The saga has echoes of 2007, when the government accused opposition figures of trying to stage a coup."
    [accused] = [m for m in asserted(code_text, text, PUBLISHED) if m.trigger == "accused"]
    assert (accused.event_date, accused.time_precision, accused.date_source) == (date(2007, 1, 1), 3, "sentence")


def test_an_act_told_twice_in_its_sentence_is_one_event_of_the_year_the_sentence_gives(code_text) -> None:  # type: ignore[no-untyped-def]
    # the second "arrested" is the first arrest; the "today" of the last clause dates neither
    text = (
        "He said that in 2007 when he was arrested, Burjanadze, who was the parliamentary chairperson at that time "
        "welcomed his arrested and made a speech in the Parliament; but today I have no problem in relations "
        "with Burjanadze."
    )
    mentions = asserted(code_text, text, PUBLISHED)
    arrests = [m for m in mentions if m.cameo_root_code == "17"]
    assert len(arrests) == 2
    assert {(m.event_date, m.time_precision) for m in arrests} == {(date(2007, 1, 1), 3)}
    [event] = [e for e in _events(mentions) if e["cameo_root_code"] == "17"]
    assert (event["event_date"], event["num_mentions"]) == (date(2007, 1, 1), 2)


def test_a_retold_act_lends_its_year_to_no_other_report_of_its_sentence(code_text) -> None:  # type: ignore[no-untyped-def]
    mentions = asserted(code_text, "Police arrested a man who had been arrested in 2004 for robbery.", PUBLISHED)
    assert sorted((m.event_date, m.date_source) for m in mentions if m.trigger == "arrested") == [
        (date(2004, 1, 1), "sentence"),
        (date(2009, 3, 20), "published"),
    ]


def test_an_undated_headline_takes_the_day_its_story_gives(nlp, coder_resources) -> None:  # type: ignore[no-untyped-def]
    from eventwire.coding.coder import code_article

    article = InputArticle(
        source_id="t",
        uri="t",
        title="Police say man pulled a gun on another man at motel",
        text="Charleston police arrested a man Tuesday after a fight at the Knights Inn motel, officers said.",
        published_at=PUBLISHED,
    )
    mentions, errors = code_article(nlp(article.coding_text), article, coder_resources)
    assert not errors
    [pulled] = [m for m in mentions if m.trigger == "pulled"]
    assert (pulled.event_date, pulled.time_precision, pulled.date_source) == (date(2009, 3, 17), 1, "inherited")
    # a headline that writes its own day keeps it; with no day in the story the headline stays undated
    for title, body, expected in (
        (f"{article.title} on Monday", article.text, (date(2009, 3, 16), "relative")),
        (article.title, article.text.replace(" Tuesday", ""), (date(2009, 3, 20), "published")),
    ):
        other = InputArticle(source_id="t", uri="t", title=title, text=body, published_at=PUBLISHED)
        mentions, _ = code_article(nlp(other.coding_text), other, coder_resources)
        [headline] = [m for m in mentions if m.trigger == "pulled"]
        assert (headline.event_date, headline.date_source) == expected


def test_the_act_a_charge_is_for_keeps_its_own_time(code_text) -> None:  # type: ignore[no-untyped-def]
    # undated, it is no news of the publication day: a background mention, no event
    text = "The attorney for a man accused of stabbing a police officer wants another jury to hear the case."
    [stabbing] = [m for m in code_text(text, PUBLISHED) if m.trigger == "stabbing"]
    assert stabbing.factuality == "background"
    # dated by its own clue, it is an event of that time
    text = text.replace("officer", "officer in December 2007")
    [stabbing] = [m for m in code_text(text, PUBLISHED) if m.trigger == "stabbing"]
    assert (stabbing.factuality, stabbing.event_date, stabbing.time_precision) == ("asserted", date(2007, 12, 1), 3)


def test_a_retold_killing_counts_its_dead_for_its_own_time_only(code_text) -> None:  # type: ignore[no-untyped-def]
    mentions = code_text("A man was charged Tuesday with killing two people in Athens in 2007.", PUBLISHED)
    [killing] = [m for m in mentions if m.trigger == "killing"]
    assert (killing.event_date, killing.fatalities) == (date(2007, 1, 1), 2)
    [charged] = [m for m in mentions if m.trigger == "charged"]
    assert (charged.event_date, charged.fatalities) == (date(2009, 3, 17), 0)
    # a killing retold with no date lends its dead to no event of the day
    [arrested, killed] = code_text("Police arrested a man who had killed two people.", PUBLISHED)
    assert (arrested.fatalities, killed.factuality, killed.fatalities) == (0, "background", 0)
