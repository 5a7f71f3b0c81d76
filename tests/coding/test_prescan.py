"""The sentence pre-scan: which sentences the parser sees, and that coding what it keeps changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire.coding import lexicon as lx
from eventwire.coding.prescan import cues, excerpt, sentence_spans, sentence_words
from eventwire.ingest.article import InputArticle
from eventwire.ingest.readers import discover, read_file
from eventwire.nlp.pipeline import load_nlp
from eventwire.pipeline import code_batch, parse_input
from tests.conftest import CASES, SEEDS


def kept(text: str, headline_end: int = 0) -> list[str]:
    out = excerpt(text, headline_end).text
    return [out[a:b] for a, b in sentence_spans(out, cues().abbreviations)]


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("Lt. Gen. Prosper Avril resigned. He left.", ["Lt. Gen. Prosper Avril resigned.", "He left."]),
        ("The U.S. Army left. J. Smith stayed.", ["The U.S. Army left.", "J. Smith stayed."]),
        ("He met Gen. Smith in St. Louis. Sen. Jones spoke.", ["He met Gen. Smith in St. Louis.", "Sen. Jones spoke."]),
        (
            'Headline without a stop\n\nBody starts here. "Quoted," he said.',
            ["Headline without a stop", "Body starts here.", '"Quoted," he said.'],
        ),
    ],
)
def test_sentence_split_does_not_cut_titles_initials_or_acronyms(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in sentence_spans(text, cues().abbreviations)] == sentences


def test_blanked_text_keeps_length_offsets_and_line_breaks() -> None:
    text = (
        "Title line.\n\nThe weather was mild. Gunmen killed three villagers in Kitui county.\n"
        "The school fete raised money for books. Officials said more would follow."
    )
    out = excerpt(text, headline_end=13)
    assert len(out.text) == len(text)
    assert out.text.count("\n") == text.count("\n")
    attack = "Gunmen killed three villagers in Kitui county."
    start = text.index(attack)
    assert out.text[start : start + len(attack)] == attack  # kept sentences are untouched, in place
    assert "fete" not in out.text and "weather" in out.text  # the lede is always kept
    assert out.kept < out.sentences


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels fought the army near the border.",  # irregular past (the model's own exception table)
        "Two men were shot dead.",
        "Thousands took to the streets.",  # "take" codes only with "street": the object is there
        "The militia was accused of looting.",
        "A sit-in continued for a third day.",  # hyphenated multi-word trigger
        "Police arrested 12 people.",
        "The rebels re-took the hill.",  # "re-took" is one word: it reads as "retook" as well as "took"
        "A military convoy entered the province.",  # "enter" codes only with a convoy or column as subject
    ],
)
def test_sentences_that_can_carry_an_event_are_kept(sentence: str) -> None:
    text = f"Lede about the day. The weather was mild. {sentence} The fete raised money."
    assert sentence in kept(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "He took a photograph of the garden.",  # "take" without its object
        "She called him late that evening.",  # "call" without for/on/upon
        "The fete raised money for new books.",
        "Visitors entered the museum at noon.",  # "enter" without a convoy or column
    ],
)
def test_sentences_without_a_possible_trigger_are_blanked(sentence: str) -> None:
    text = f"Lede about the day. {sentence} The weather was mild."
    assert sentence not in kept(text)


@pytest.mark.parametrize(
    "context, after, why",
    [
        ("Both victims died.", True, "a casualty sentence gives the attack before it its toll"),
        ("The death toll rose to 18.", True, "a toll update"),
        ("On 28 April, the convoy left the base.", False, "a fronted date sets the scene for the next sentences"),
        ("Schools in Kitui county stayed shut.", False, "a locative place votes for the article's fallback place"),
        ("Schools in Kitui county stayed shut.", True, "... wherever it stands"),
        ("Iraqi officials gave no details.", False, "a demonym votes for the article's country"),
    ],
)
def test_context_a_kept_sentence_leans_on_is_kept(context: str, after: bool, why: str) -> None:
    act = "Gunmen attacked the convoy."
    text = f"Lede about the day. {act} {context}" if after else f"Lede about the day. {context} {act}"
    assert context in kept(text), why


def test_sentences_before_a_pronoun_are_kept_for_coreference() -> None:
    text = (
        "Lede about the day. The weather was mild. Mr Ruto spoke to reporters at length. "
        "The fete raised money. He condemned the attack."
    )
    assert "Mr Ruto spoke to reporters at length." in kept(text)
    assert "The weather was mild." not in kept(text)


def test_headline_and_lede_are_always_kept() -> None:
    text = "A quiet market day\n\nTraders opened early. The weather was mild."
    assert kept(text, headline_end=len("A quiet market day\n\n")) == ["A quiet market day", "Traders opened early."]


def test_an_article_where_no_trigger_can_match_is_not_parsed(coder_resources) -> None:  # type: ignore[no-untyped-def]
    """Kept context (headline, lede, places) is only parsed for the sake of a sentence that can carry an event:
    an article without one codes nothing, so it is recorded as having no events without a parse."""
    day = datetime(2024, 6, 1, tzinfo=UTC)
    quiet = InputArticle("q", "q.txt", "Traders opened early in Kitui. The weather was mild.", day, title="Market day")
    busy = InputArticle("b", "b.txt", "Traders opened early. Gunmen killed three villagers in Kitui.", day)
    assert excerpt(quiet.coding_text, quiet.body_offset).carriers == 0
    assert excerpt(busy.coding_text).carriers == 1
    assert parse_input(load_nlp(), quiet) is None
    assert parse_input(load_nlp(), busy) is not None
    assert parse_input(load_nlp(), quiet, prescan=False) is not None  # a full parse parses everything
    result = code_batch([quiet, busy])
    assert [a.status for a in result.articles] == ["no_events", "coded"]
    assert {m.article_id for m in result.mentions} == {busy.article_id}
    assert code_batch([quiet], prescan=False).mentions == []


def test_yaml_booleans_do_not_hide_trigger_objects() -> None:
    """`objects: [for, on]` read "on" as True, so "called on X" never coded; the loader now refuses it."""
    call = next(e for e in lx.triggers().by_first[("call", "VERB")] if e.objects is not None)
    assert "on" in call.objects and all(isinstance(o, str) for o in call.objects)


@pytest.mark.parametrize("folder, at_least", [(SEEDS, 300), (CASES / "consolidation", 10)])
def test_articles_code_the_same_with_and_without_the_prescan(coder_resources, folder, at_least) -> None:  # type: ignore[no-untyped-def]
    articles = [
        a for path in discover(folder) if not path.name.startswith("README") for a in read_file(path, folder).articles
    ]
    full = code_batch(articles, prescan=False).mentions
    fast = code_batch(articles, prescan=True).mentions
    assert len(full) >= at_least
    assert [m.model_dump() for m in fast] == [m.model_dump() for m in full]


@pytest.mark.parametrize(
    "sentence",
    [
        "The council approved the budget by March 7.",
        "The budget was approved 7 March by the council.",
        "Prices have risen steadily since early March.",
        "The figures the bank gave cover March 2024 only.",
        "The bank gave its figures for February and March.",
        "The rate fell by mid-March, the bank said.",
        "Elections were held last March.",  # "held" is a protest verb: a month would code a protest march
    ],
)
def test_a_month_march_keeps_no_sentence(sentence: str) -> None:
    """ "March" as a month is no protest march: the pre-scan does not keep the sentence for it, and an
    article whose only cue it is is not parsed."""
    text = f"Lede about the day. {sentence} The weather was mild."
    assert sentence not in kept(text)
    assert excerpt(text).carriers == 0


@pytest.mark.parametrize(
    "sentence", ["The council approved the budget on March 7.", "The new rules were published in March 2024."]
)
def test_a_month_march_after_a_locative_is_no_carrier(sentence: str) -> None:
    """ "in March" is kept as place context (March is also a town in the gazetteer), but it carries no event:
    an article with nothing else is not parsed."""
    assert excerpt(f"Lede about the day. {sentence} The weather was mild.").carriers == 0


@pytest.mark.parametrize(
    "sentence",
    [
        "Thousands of teachers held a march through the capital to demand higher pay.",
        "Students marched on parliament on 5 March.",  # the march is a verb, beside a month
        "The March on Washington was held on Saturday.",
        "Gunmen opened fire on a bus in the north.",
        "Soldiers fired shots into the air.",
        "Heavy artillery fire hit the town overnight.",
    ],
)
def test_a_real_march_or_fire_keeps_its_sentence(sentence: str) -> None:
    text = f"Lede about the day. The weather was mild. {sentence} The fete raised money."
    assert sentence in kept(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Firefighters put out a house fire late last night.",  # "fire" the noun needs a heavy weapon beside it
        "The company fired its chief executive.",  # "fire" the verb needs a weapon, a shot, or "on"/"at"
        "Officials discussed the investigation with reporters.",  # an event noun needs a verb that makes it one
        "The ceasefire was discussed at length.",
        "He was found in his car.",  # "find" codes with "guilty" or a body, not alone
    ],
)
def test_a_cue_without_the_company_its_trigger_needs_keeps_no_sentence(sentence: str) -> None:
    text = f"Lede about the day. The weather was mild. {sentence} The fete raised money."
    assert excerpt(text).carriers == 0


def test_an_event_noun_in_a_headline_needs_no_verb() -> None:
    """The coder reads a headline's event nouns as events ("Deadly violence in Kitui"): kept as a carrier."""
    title = "Deadly violence in market town\n\n"
    assert excerpt(f"{title}Traders were calm on Monday.", headline_end=len(title)).carriers == 1
    assert excerpt("Traders spoke of the violence on Monday. The weather was mild.").carriers == 0


def test_a_protest_march_and_opened_fire_are_still_coded(coder_resources) -> None:  # type: ignore[no-untyped-def]
    """With the tighter cues the real events still reach the parser and code (real spaCy), while a month
    "March" beside them does not make its sentence a carrier."""
    day = datetime(2024, 6, 1, tzinfo=UTC)
    march = "Thousands of teachers held a march through Nairobi on Tuesday to demand higher pay."
    fire = "Police opened fire on the marchers near parliament."
    month = "The union first raised the pay claim in March."
    text = f"Teachers strike for a third week. {month} {march} {fire}"
    out = excerpt(text)
    assert march in out.text and fire in out.text
    assert out.carriers == 3  # the headline's "strike", the march and the shooting; not the month
    mentions = code_batch([InputArticle("m", "m.txt", text, day)]).mentions
    by_sentence = {m.sentence: m.cameo_code for m in mentions}
    assert by_sentence.get(march, "").startswith("14")
    assert by_sentence.get(fire, "").startswith(("18", "19"))
    assert month not in by_sentence


@pytest.mark.parametrize(
    "dateline",
    [
        "CHARLESTON, W.Va. -- All lanes of the interstate reopened on Tuesday.",
        "Springfield, Ohio — The school board met on Monday evening.",
        "KANO, Nigeria (AP) - Traders reopened their stalls.",
    ],
)
def test_a_dateline_sentence_places_the_story(dateline: str) -> None:
    """A dateline names the story's place without a locative: it votes for the article's place, so it is parsed
    even when no trigger could match in it."""
    text = f"Weekly digest. The weather was mild. {dateline} Police arrested two men."
    kept = excerpt(text, headline_end=len("Weekly digest."))
    assert dateline in kept.text


def test_a_name_and_a_dash_that_is_no_place_is_no_dateline() -> None:
    sentence = "Restaurateur Bill, who is nice -- said things."
    text = f"Weekly digest. The weather was mild. {sentence} Police arrested two men."
    assert sentence not in excerpt(text, headline_end=len("Weekly digest.")).text


def test_only_a_word_written_in_lowercase_is_read_as_a_misspelt_trigger() -> None:
    """The coder corrects only lowercase words (``typos.mark_typos``), so a capitalised name one letter from a
    trigger form ("Battelle", "battle") is no cue: its sentence and article need no parse."""
    assert "erupted" in sentence_words("Clashes errupted in the town.", cues())
    assert "battle" not in sentence_words("Researchers at Battelle Memorial Institute studied it.", cues())
    assert "erupted" not in sentence_words("Clashes Errupted in the town.", cues())
