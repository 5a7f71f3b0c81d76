"""The news scorer (``--kind news``) on hand-made articles with answers worked out by hand, the real coder
on two invented articles, and, when ../shared/eval is present, the whole of news_dev.jsonl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.decide.step import DecisionConfig
from eventwire.evaluation import news
from eventwire.evaluation.news import PredictedEvent
from eventwire.evaluation.report import as_markdown, evaluate
from eventwire.evaluation.runner import code_articles

SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"

S1 = "Police arrested a man in Dayton on Monday."
S2 = "The team attacked the goal all night."
S3 = "Protesters marched in Columbus on Tuesday."
S4 = "Officials said the city budget passed."
S5 = "A gunman shot two people in Akron last year."
S6 = "Residents gathered downtown on Sunday."
TEXT = " ".join([S1, S2, S3, S4, S5, S6])


def span(sentence: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(sentence)
    return (start, start + len(sentence))


def gold_event(quotes: list[str], root: str, **fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "quotes": quotes,
        "cameo_root": root,
        "cameo_alt": [],
        "material": True,
        "background": False,
        "acled_event_type": None,
        "actor1": None,
        "country_iso3": None,
        "event_date": None,
        "fatalities": None,
    }
    return event | fields


ARTICLE = {
    "id": "a1",
    "published": "2024-03-05",
    "text": TEXT,
    "events": [
        gold_event([S1], "17", country_iso3="USA", event_date="2024-03-04", actor1="Dayton police", arrests=2),
        gold_event([S3], "14"),
        # background: typed matches of it count for precision, not for recall
        gold_event(
            [S5],
            "18",
            cameo_alt=["19"],
            background=True,
            acled_event_type="Violence against civilians",
            country_iso3="USA",
            fatalities=0,
            injuries=1,
            actor1="a gunman",
        ),
    ],
    "traps": [{"quote": S2, "why": "sport"}, {"quote": S4, "why": "administrative: a budget vote"}],
}
EMPTY_TEXT = "Stocks fell sharply on Wednesday. Analysts blamed the banks."
EMPTY = {
    "id": "a2",
    "published": "2024-03-05",
    "text": EMPTY_TEXT,
    "events": [],
    "traps": [{"quote": "Stocks fell sharply on Wednesday.", "why": "business"}],
}
QUIET = {"id": "a3", "published": "2024-03-05", "text": "Nothing happened.", "events": [], "traps": []}


def pred(event_id: str, root: str, *spans: tuple[int, int], **fields: Any) -> PredictedEvent:
    return PredictedEvent(event_id=event_id, spans=tuple(spans), cameo_root=root, **fields)


PREDS = [
    # listed first and on the same sentence, but of another root: the typed p1 takes the gold event
    pred("p2", "18", span(S1)),
    pred("p1", "17", span(S1), iso3="USA", event_date="2024-03-04", actor1="Police", arrests=2),
    pred("p3", "18", span(S2)),  # the sport trap
    pred("p4", "01", span(S3)),  # a real event, wrong root: precision_real only
    pred("p5", "19", span(S5), event_type="Battles", actor1="Gunmen"),  # typed by the gold alternative
    pred("p6", "14", span(S6)),  # on no listed sentence
]
EMPTY_PREDS = [
    pred("q1", "16", span("Stocks fell sharply on Wednesday.", EMPTY_TEXT)),
    pred("q2", "11", span("Analysts blamed the banks.", EMPTY_TEXT)),
]


def test_matching_typed_first_then_duplicates_traps_and_unlisted() -> None:
    result = news.match(news.gold_article(ARTICLE), PREDS)
    assert result.pairs == ((1, 0, True), (3, 1, False), (4, 2, True))
    assert result.duplicates == (0,)
    assert result.trap_hits == ((2, "sport"),)
    assert result.unlisted == (5,)


def test_score_counts_by_hand() -> None:
    metrics = news.score([ARTICLE, EMPTY, QUIET], [PREDS, EMPTY_PREDS, []])
    o = metrics["overall"]
    assert (o["n_articles"], o["n_gold_events"], o["n_material_events"], o["n_predicted"]) == (3, 3, 2, 8)
    assert (o["typed_matches"], o["matches"]) == (2, 3)
    assert o["precision"] == pytest.approx(2 / 8) and o["precision_real"] == pytest.approx(3 / 8)
    assert o["recall_material"] == pytest.approx(1 / 2)  # the arrest; the protest has the wrong root
    assert o["f1"] == pytest.approx(2 * 0.25 * 0.5 / 0.75)
    assert (o["duplicates"], o["trap_hits"], o["unlisted"]) == (1, 2, 2)
    assert o["duplicate_share"] == pytest.approx(1 / 8)
    assert o["n_empty_articles"] == 2 and o["false_events_per_empty_article"] == pytest.approx(1.0)
    assert metrics["trap_hits_by_why"] == {"business": 1, "sport": 1}
    # field agreement on the two typed pairs, only where the gold gives the field
    assert (o["n_acled_type"], o["acled_type_agree"]) == (1, 0.0)  # Battles for an attack on civilians
    assert (o["n_iso3"], o["iso3_agree"]) == (2, 0.5)  # p5 has no country
    assert (o["n_date"], o["date_agree"]) == (1, 1.0)
    assert (o["n_fatalities"], o["fatalities_agree"]) == (1, 1.0)  # 'nobody killed' (0) agrees with 0
    # injuries and arrests are scored as fatalities are: the gold's 1 hurt against none coded, 2 arrests against 2
    assert (o["n_injuries"], o["injuries_agree"]) == (1, 0.0)
    assert (o["n_arrests"], o["arrests_agree"]) == (1, 1.0)
    assert (o["n_actor1"], o["actor1_agree"]) == (2, 0.5)  # 'Police' shares a word, 'Gunmen' ≠ 'gunman'
    # every confidence is 0.0 here: no error a chance draw could make, none made but the typed ones' (2 of 8)
    assert o["calibration_noise_floor"] == pytest.approx(0.0)
    assert o["calibration_error"] == pytest.approx(2 / 8)


def test_one_to_one_by_overlap_length() -> None:
    text = "Troops shelled the village and the rebels fired back at dawn. Later the army arrested five men."
    short, long_ = "Troops shelled the village", "the rebels fired back at dawn"
    article = {
        "id": "b",
        "text": text,
        "events": [gold_event([short], "19"), gold_event([long_], "19")],
        "traps": [],
    }
    gold = news.gold_article(article)
    whole = (0, text.index(" Later"))
    # one prediction over the whole sentence overlaps both gold events: it takes the longer quote
    assert news.match(gold, [pred("x", "19", whole)]).pairs == ((0, 1, True),)
    # a second prediction of the same sentence then takes the other one: no duplicate while a gold event is free
    result = news.match(gold, [pred("x", "19", whole), pred("y", "19", whole)])
    assert {g for _, g, _ in result.pairs} == {0, 1} and result.duplicates == ()
    # an untyped pair never takes a gold event a typed pair can have
    result = news.match(gold, [pred("u", "17", whole), pred("t", "19", span(short, text))])
    assert result.pairs == ((0, 1, False), (1, 0, True))


def test_a_quote_counts_wherever_it_occurs_and_must_be_verbatim() -> None:
    text = "Gunmen attacked a convoy. Officials met. Gunmen attacked a convoy."
    article = {"id": "c", "text": text, "events": [gold_event(["Gunmen attacked a convoy."], "18")], "traps": []}
    second = (text.rindex("Gunmen"), len(text))
    assert news.match(news.gold_article(article), [pred("z", "18", second)]).pairs == ((0, 0, True),)
    with pytest.raises(ValueError, match="quote is not in the text"):
        news.gold_article({**article, "events": [gold_event(["Gunmen attacked a bus."], "18")]})


def test_overlap_and_actor_rules() -> None:
    assert news.overlap(((0, 10), (5, 15)), ((12, 20),)) == 3  # overlapping spans of one side counted once
    assert news.overlap(((0, 5),), ((5, 9),)) == 0  # touching is not overlapping
    assert news.same_actor("Dayton police", "Police (United States)")
    assert not news.same_actor("US Army", "US forces")  # 'US' is shorter than three letters
    assert not news.same_actor("a gunman", None)


def test_real_coder_on_invented_articles(tmp_path: Path) -> None:
    text = (
        "Dayton police arrested two men on Monday after a shooting outside a bar on Main Street. "
        "The Dayton Dragons beat the Lugnuts 5-3 on Sunday."
    )
    rows = [
        {
            "id": "n1",
            "published": "2024-03-05",
            "text": text,
            "events": [
                gold_event(["Dayton police arrested two men on Monday"], "17", country_iso3="USA"),
                gold_event(["a shooting outside a bar on Main Street"], "18", cameo_alt=["19"]),
            ],
            "traps": [{"quote": "The Dayton Dragons beat the Lugnuts 5-3 on Sunday.", "why": "sport"}],
        },
        {
            "id": "n2",
            "published": "2024-03-05",
            "text": "The county fair will open next week with new rides.",
            "events": [],
            "traps": [],
        },
    ]
    gold = tmp_path / "news.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    record = evaluate("news", gold, None, None, 1)
    o = record["metrics"]["overall"]
    assert o["n_articles"] == 2 and o["n_material_events"] == 2
    assert o["typed_matches"] >= 1 and o["recall_material"] >= 0.5  # the arrest
    assert o["matches"] + o["duplicates"] + o["trap_hits"] + o["unlisted"] == o["n_predicted"]
    assert o["false_events_per_empty_article"] == 0.0  # a fair that will open is no event
    assert "| precision |" in as_markdown(record)


@pytest.mark.eval
@pytest.mark.skipif(
    not (SHARED_EVAL / "news_dev.jsonl").is_file(),
    reason="../shared/eval/news_dev.jsonl is absent: gold data is not shipped with the repository",
)
def test_news_dev_does_not_collapse() -> None:
    """A guard, not a target (README, 'Accuracy'): floors well below coder 0.7.0's figures (precision 0.375,
    recall_material 0.318), and a ceiling of 1.0 on false events per article that reports none (0.70 now)."""
    record = evaluate("news", SHARED_EVAL / "news_dev.jsonl", None, None, 2)
    o = record["metrics"]["overall"]
    assert o["precision"] >= 0.3 and o["precision_real"] >= 0.4 and o["recall_material"] >= 0.25, o
    assert o["false_events_per_empty_article"] <= 1.0, o
    assert o["matches"] + o["duplicates"] + o["trap_hits"] + o["unlisted"] == o["n_predicted"]
    fit, check = record["splits"]["fit"], record["splits"]["check"]
    assert fit["n"] + check["n"] == o["n_articles"]
    assert fit["metrics"]["overall"]["n_predicted"] + check["metrics"]["overall"]["n_predicted"] == o["n_predicted"]


HEADLINE = "Police arrest two men after Dayton bar shooting"
BODY = "The city council met on Tuesday. It approved the budget for next year."


def test_an_inline_headline_is_the_title_and_quotes_follow_the_text() -> None:
    """LGL texts open with their headline, run into the body ("… while he slept . A Rochester man …"): the
    article is coded as a run codes one (headline as the title, sentence 0, in headline mode), and the gold
    quotes move with the text, so an event quoted only in the headline is matched on the headline."""
    row = {
        "id": "h1",
        "corpus": "LGL",
        "published": "2024-03-05",
        "text": f"{HEADLINE} . {BODY}",
        "events": [gold_event([f"{HEADLINE} ."], "17")],
        "traps": [{"quote": "It approved the budget for next year.", "why": "administrative"}],
    }
    article = news.to_article(row)
    assert (article.title, article.text) == (HEADLINE, BODY)
    assert article.full_text == f"{HEADLINE}.\n\n{BODY}"
    gold = news.gold_article(row)
    ((start, end),) = gold.events[0].spans
    assert article.full_text[start:end] == f"{HEADLINE}."
    ((start, end),) = gold.traps[0].spans
    assert article.full_text[start:end] == "It approved the budget for next year."
    headline = (0, len(HEADLINE) + 1)
    assert news.match(gold, [pred("h", "17", headline)]).pairs == ((0, 0, True),)
    # an abbreviation's full stop does not end a headline; other corpora keep their text whole
    short = news.to_article({**row, "text": f"Mound Center set to open in S.C. today. {BODY}"})
    assert short.title == "Mound Center set to open in S.C. today"
    assert news.to_article({**row, "corpus": "GeoVirus"}).title is None


def test_a_title_field_is_the_headline_and_body_quotes_shift_past_it() -> None:
    """The labelled pool's articles carry a ``title``; its annotators quoted the body only."""
    row = {"id": "p1", "title": "Arrests in Dayton", "published": "2024-03-05", "text": TEXT}
    row |= {"events": [gold_event([S1], "17")], "traps": [{"quote": S2, "why": "sport"}]}
    article = news.to_article(row)
    assert article.full_text.startswith("Arrests in Dayton.")
    ((start, end),) = news.gold_article(row).events[0].spans
    assert (start, article.full_text[start:end]) == (article.body_offset, S1)
    assert not news.layout(row).headline_quoted


def test_real_coder_matches_an_event_quoted_only_in_the_headline() -> None:
    """The real coder (decision off: what is tested is where the headline's mention lands, not the model)."""
    row = {
        "id": "h2",
        "corpus": "LGL",
        "published": "2024-03-05",
        "text": f"{HEADLINE} . {BODY}",
        "events": [gold_event([f"{HEADLINE} ."], "17", country_iso3="USA")],
        "traps": [],
    }
    article = news.to_article(row)
    mentions = code_articles([article], decision=DecisionConfig(enabled=False))
    assert any(m.sentence_index == 0 and m.cameo_root_code == "17" for m in mentions)
    found = news.events_of(mentions).get(article.article_id, [])
    o = news.score([row], [found])["overall"]
    assert o["typed_matches"] == 1 and o["recall_material"] == 1.0, o
