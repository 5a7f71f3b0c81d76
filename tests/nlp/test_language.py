"""Language identification: an article not in English is recognised offline and recorded, not coded."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire import pipeline
from eventwire.ingest.article import InputArticle
from eventwire.nlp.language import LanguageConfig, identify, language_of

# Written for this test: short news paragraphs in four languages.
FRENCH = (
    "La police a arrêté mardi trois hommes soupçonnés d'avoir attaqué une banque dans le centre de Lyon. "
    "Selon le procureur, les suspects ont été placés en garde à vue et seront présentés à un juge jeudi. "
    "Des centaines de manifestants se sont rassemblés devant la mairie pour dénoncer la hausse des prix."
)
GERMAN = (
    "Die Polizei hat am Montag in Hamburg drei Männer festgenommen, die einen Geldtransporter überfallen "
    "haben sollen. Nach Angaben der Staatsanwaltschaft wurden bei der Durchsuchung mehrere Waffen gefunden. "
    "Tausende Menschen demonstrierten am Wochenende gegen die geplante Schließung des Krankenhauses."
)
SPANISH = (
    "El ejército anunció el miércoles que sus tropas se enfrentaron con un grupo armado cerca de la frontera. "
    "Según el ministerio de defensa, dos soldados murieron y otros cinco resultaron heridos en los combates. "
    "Miles de estudiantes marcharon por las calles de la capital para exigir más fondos para la universidad."
)
PORTUGUESE = (
    "A polícia prendeu na quinta-feira quatro suspeitos de participar no assalto a uma agência bancária. "
    "Segundo o delegado, os homens estavam armados e fugiram num carro roubado antes de serem detidos. "
    "Centenas de moradores protestaram contra a falta de água no bairro durante toda a semana passada."
)
ENGLISH = (
    "Police arrested three men on Tuesday on suspicion of attacking a bank in the centre of the city. "
    "The prosecutor said the suspects were being held and would appear before a judge on Thursday."
)


@pytest.mark.parametrize(("text", "code"), [(FRENCH, "fr"), (GERMAN, "de"), (SPANISH, "es"), (PORTUGUESE, "pt")])
def test_other_languages_are_recognised(text: str, code: str) -> None:
    assert language_of(text) == code
    assert identify(text)[0] == code  # the identifier itself, not only the function-word shortcut


def test_english_is_english_with_or_without_the_identifier() -> None:
    assert language_of(ENGLISH) == "en"
    assert identify(ENGLISH)[0] == "en"
    # with the function-word shortcut off, the identifier decides, and agrees
    assert language_of(ENGLISH, LanguageConfig(english_share=1.01)) == "en"


def test_a_text_too_short_to_judge_is_taken_as_english() -> None:
    assert language_of("Kano: 3 killed") == "en"
    assert language_of("Trois morts à Lyon") == "en"


def test_identification_is_deterministic() -> None:
    assert [identify(FRENCH) for _ in range(3)] == [identify(FRENCH)] * 3


def test_an_article_in_another_language_is_recorded_with_its_language_and_no_events() -> None:
    day = datetime(2024, 3, 5, tzinfo=UTC)
    articles = [
        InputArticle(source_id="fr", uri="fr", text=FRENCH, published_at=day, title="Trois arrestations à Lyon"),
        InputArticle(source_id="en", uri="en", text=ENGLISH, published_at=day),
    ]
    result = pipeline.code_batch(articles)
    rows = {a.source_id: a for a in result.articles}
    assert rows["fr"].language == "fr" and rows["fr"].status == "other_language" and rows["fr"].n_mentions == 0
    assert rows["en"].language == "en" and rows["en"].status == "coded"
    assert {m.article_id for m in result.mentions} == {articles[1].article_id}
