"""Context sentences: kept by the pre-scan where the coder reads them, parsed with every annotation it reads
there, and blanked where it reads nothing. Real spaCy and the real coder throughout."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eventwire.coding.prescan import cues, excerpt, sentence_spans
from eventwire.ingest.article import InputArticle
from eventwire.nlp.pipeline import load_nlp
from eventwire.pipeline import code_batch, parse_input

DAY = datetime(2024, 6, 3, tzinfo=UTC)


def kept(text: str) -> list[str]:
    out = excerpt(text).text
    return [out[a:b] for a, b in sentence_spans(out, cues().abbreviations)]


# Each article: one sentence that can carry an event, and one context sentence (no trigger can match there)
# from which the coder reads one field of the event: (text, context sentence, field, value).
READ_FROM_CONTEXT = [
    (  # a later toll: casualty figures, read through the parse (the figure's head is "died")
        "Gunmen attacked a police convoy near Kitui on Sunday. The convoy was on patrol. Four of the victims died.",
        "Four of the victims died.",
        "fatalities",
        4,
    ),
    (  # a fronted date: the scene's date, read through the parse (the date is attached to the root)
        "Traders opened early.\nOn 28 April, the convoy left the base. Gunmen attacked the convoy.",
        "On 28 April, the convoy left the base.",
        "event_date",
        date(2024, 4, 28),
    ),
    (  # a place: the article's fallback place, read from entities, the locative preposition and tags
        "Traders opened early.\nSchools in Kitui county stayed shut. Gunmen attacked the convoy.",
        "Schools in Kitui county stayed shut.",
        "location",
        "Kitui County",
    ),
    (  # a demonym: the article's country
        "Traders opened early.\nIraqi officials gave no details. Gunmen attacked the convoy.",
        "Iraqi officials gave no details.",
        "iso3",
        "IRQ",
    ),
    (  # the sentences before a pronoun: its antecedent, an entity resolved through its parse and lemmas
        "Traders opened early.\nThe fete raised money. President William Ruto answered reporters at length. "
        "The weather was mild. He condemned the protesters in Nairobi.",
        "President William Ruto answered reporters at length.",
        "actor1_code",
        "KENGOV",
    ),
]


@pytest.mark.parametrize("text, context, field, value", READ_FROM_CONTEXT)
def test_the_coder_reads_context_sentences_with_their_full_parse(
    coder_resources: object, text: str, context: str, field: str, value: object
) -> None:
    assert excerpt(context).carriers == 0, "the context sentence must be context, not a sentence with a trigger"
    assert context in kept(text)
    article = InputArticle("c", "c.txt", text, DAY)
    fast = code_batch([article]).mentions
    assert [getattr(m, field) for m in fast] == [value]
    # the pre-scanned parse codes what a parse of every sentence codes
    assert [m.model_dump() for m in fast] == [m.model_dump() for m in code_batch([article], prescan=False).mentions]


def test_context_sentences_carry_every_annotation() -> None:
    """Tags, lemmas, dependencies and entities on every token of a kept context sentence, as on a sentence
    with a trigger: places, dates, tolls and antecedents are all read through them."""
    text = READ_FROM_CONTEXT[4][0]
    nlp = load_nlp()
    prepared = parse_input(nlp, InputArticle("c", "c.txt", text, DAY))
    assert prepared is not None
    doc = nlp(prepared)
    context = [s for s in doc.sents if s.text.strip() == READ_FROM_CONTEXT[4][1]]
    assert len(context) == 1
    for token in context[0]:
        assert token.tag_ and token.pos_ and token.lemma_ and token.dep_, token.text
    assert [(e.text, e.label_) for e in context[0].ents] == [("William Ruto", "PERSON")]


@pytest.mark.parametrize(
    "text, blanked, why",
    [
        (
            "Lede about the day.\nBoth victims died. Gunmen attacked the convoy.",
            "Both victims died.",
            "a toll before any act of its paragraph completes none",
        ),
        (
            "Lede about the day. Gunmen attacked the convoy. On Monday, the market was quiet.",
            "On Monday, the market was quiet.",
            "a fronted date after the last act of its paragraph dates nothing",
        ),
        (
            "Lede about the day. Mr Ruto spoke to reporters. The fete raised money. "
            "He was seen in Kitui. Gunmen attacked the convoy.",
            "Mr Ruto spoke to reporters.",
            "coreference is resolved for an act's actors only: a context sentence's pronoun looks back for nothing",
        ),
        (
            "Lede about the day. Mr Ruto spoke to reporters. The fete raised money. "
            "A group of gunmen attacked the convoy.",
            "Mr Ruto spoke to reporters.",
            "'a group of' refers to no one named before ('the group' does)",
        ),
        (
            "Lede about the day. Gunmen attacked the convoy.\nBoth victims died.",
            "Both victims died.",
            "a toll in a later paragraph than the act: the narrative starts afresh at a line break",
        ),
        (
            "Lede about the day.\nOn 28 April, the convoy left the base.\nGunmen attacked the convoy.",
            "On 28 April, the convoy left the base.",
            "a fronted date dates only the acts of its own paragraph",
        ),
        (
            "Lede about the day. Gunmen attacked the convoy in Kitui. Schools in Kitui stayed shut.",
            "Schools in Kitui stayed shut.",
            "a place an earlier kept sentence already names adds no place to the story",
        ),
        (
            "Lede about the day. Iraqi officials condemned the attack. Iraqi lawmakers gave no details.",
            "Iraqi lawmakers gave no details.",
            "a country an earlier kept sentence already names",
        ),
    ],
)
def test_context_the_coder_cannot_read_is_blanked(text: str, blanked: str, why: str) -> None:
    assert blanked not in kept(text), why


@pytest.mark.parametrize(
    "text, needed",
    [
        ("Lede about the day. Gunmen attacked the convoy. Both victims died.", "Both victims died."),
        ("Lede about the day. On 28 April, the convoy left. Gunmen attacked it.", "On 28 April, the convoy left."),
        (
            "Lede about the day. Al-Shabaab spoke to reporters. The fete raised money. The group attacked the convoy.",
            "Al-Shabaab spoke to reporters.",
        ),
        (
            "Lede about the day. Gunmen attacked the convoy in Kitui. Schools in Kitui and Mwingi stayed shut.",
            "Schools in Kitui and Mwingi stayed shut.",  # Mwingi is a place no earlier sentence names
        ),
        (
            "Lede about the day. Schools in Kitui stayed shut. Gunmen attacked the convoy in Kitui.",
            "Schools in Kitui stayed shut.",  # the first to name the place, though a later act names it again
        ),
    ],
)
def test_context_is_kept_where_the_coder_reads_it(text: str, needed: str) -> None:
    assert needed in kept(text)


def test_a_sentence_naming_only_places_already_named_keeps_its_locative_phrases() -> None:
    text = "Lede about the day. Gunmen attacked the convoy in Kitui. Schools in Kitui county stayed shut for the day."
    out = excerpt(text).text
    assert "in Kitui county stayed" in out
    assert "Schools" not in out and "shut for the day" not in out
    assert out.endswith("."), "the closing mark: the next sentence is parsed after a full stop, as in the text"
    assert len(out) == len(text)


def test_a_sentence_repeating_a_country_keeps_the_country_word_with_its_neighbours() -> None:
    """A country named without a locative votes too when the story names no place with one: the repeated
    "Iraqi officials" and "unlike Iraq last" are kept, the rest of their sentence is not."""
    text = (
        "Lede about the day. Rebels attacked a post in Iraq. Iraqi officials said it was mild, unlike Iraq last year."
    )
    out = excerpt(text).text
    assert "Iraqi officials" in out and "unlike Iraq last" in out
    assert "mild" not in out and "year" not in out and len(out) == len(text)


def test_repeated_places_still_count_for_the_story_place(coder_resources: object) -> None:
    """Kampala, named four times, outvotes Kenya, named once: the act without a place of its own is placed
    there, as with every sentence parsed, though three of the four sentences keep only their "in Kampala"."""
    text = (
        "Lede about the day. Police fired tear gas at protesters. Rebels attacked a convoy in Mwingi, Kenya. "
        "Schools in Kampala stayed shut. Officials in Kampala said nothing. Many shops in Kampala were closed. "
        "Traders in Kampala waited."
    )
    assert "Officials" not in excerpt(text).text
    article = InputArticle("c", "c.txt", text, DAY)
    fast = code_batch([article]).mentions
    assert [(m.trigger, m.location) for m in fast] == [("fired", "Kampala"), ("attacked", "Mwingi")]
    assert [m.model_dump() for m in fast] == [m.model_dump() for m in code_batch([article], prescan=False).mentions]


@pytest.mark.parametrize(
    "text",
    [
        "Lede about the day. Rebels attacked a post in Kitui. Schools in Kitui county stayed shut. "
        "Gunmen attacked the convoy.",
        "Lede about the day. Rebels attacked a post in Iraq. Officials in Iraq gave no details. "
        "Gunmen attacked the convoy.",
    ],
)
def test_the_sentence_after_a_kept_phrase_codes_as_with_every_sentence_parsed(
    coder_resources: object, text: str
) -> None:
    """Parsed after "in Kitui county stayed" with no full stop, "Gunmen" was read as the group's name; after the
    phrase's closing mark, as after the whole sentence, the gunmen are an unidentified armed group."""
    assert "Officials" not in excerpt(text).text and "Schools" not in excerpt(text).text
    article = InputArticle("c", "c.txt", text, DAY)
    fast = code_batch([article]).mentions
    assert len(fast) == 2
    assert [m.model_dump() for m in fast] == [m.model_dump() for m in code_batch([article], prescan=False).mentions]
