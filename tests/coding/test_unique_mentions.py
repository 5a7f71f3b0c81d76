"""Every coded mention has its own id: a trigger is coded once per place, and a story's dateline country wins
over a same-named small town abroad."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from eventwire.coding.coder import code_article
from eventwire.coding.places import dateline_country
from eventwire.ingest.article import InputArticle
from eventwire.ingest.readers import discover, read_file
from tests.conftest import SEEDS


def _coded(nlp, res, article: InputArticle):  # type: ignore[no-untyped-def]
    mentions, errors = code_article(nlp(article.coding_text), article, res)
    assert not errors
    return mentions


def test_two_acts_at_one_town_do_not_code_the_next_sentence_twice(nlp, res) -> None:  # type: ignore[no-untyped-def]
    # "Gunmen ... stormed the village ... burned ..." gives the story two equal places (one per act); the next
    # sentence, which names none, inherits the town once (it was coded twice, as two rows with one mention id).
    [article] = read_file(SEEDS / "003_sudan_north_darfur_rsf_attack.txt", SEEDS).articles
    later = [m for m in _coded(nlp, res, article) if m.sentence.startswith("Dozens of people were wounded")]
    assert [m.trigger for m in later].count("burned") == 1, [(m.trigger, m.location) for m in later]


@pytest.mark.parametrize("path", sorted(p for p in discover(SEEDS) if p.name != "README.md"), ids=lambda p: p.name)
def test_every_seed_codes_unique_mention_ids(nlp, res, path: Path) -> None:  # type: ignore[no-untyped-def]
    for article in read_file(path, SEEDS).articles:
        ids = Counter(m.mention_id for m in _coded(nlp, res, article))
        assert [i for i, n in ids.items() if n > 1] == [], article.uri


def test_dateline_country_reads_the_country_part_first(res) -> None:  # type: ignore[no-untyped-def]
    assert dateline_country("Dakar, Senegal", res.gazetteer) == "SEN"
    assert dateline_country("Maiduguri", res.gazetteer) == "NGA"
    assert dateline_country(None, res.gazetteer) is None


def test_a_dakar_story_keeps_its_medina_neighbourhood_in_senegal(nlp, res) -> None:  # type: ignore[no-untyped-def]
    # "The United States" named later in the story once made "Medina" read as Medina, Ohio.
    [article] = read_file(SEEDS / "020_senegal_dakar_election_riot.json", SEEDS).articles
    assert article.dateline == "Dakar, Senegal"
    mentions = _coded(nlp, res, article)
    placed = [m for m in mentions if m.iso3 is not None]
    assert placed and {m.iso3 for m in placed} == {"SEN"}
    riot = [m for m in mentions if m.sentence.startswith(("Hundreds of young men", "Some attacked", "Riot police"))]
    assert riot and all(m.location == "Dakar" for m in riot)
