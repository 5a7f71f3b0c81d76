"""Which language an article is written in, offline: the coder reads English only, and an article in another
language is recorded with its language and no events rather than parsed as English.

Most articles are English and are recognised without a model: English function words ("the", "of", "and",
…) make up a third or more of English news and almost none of other languages' text. Only an article where
they are rare is handed to py3langid (a naive Bayes classifier over byte n-grams, 97 languages, its model
shipped in the package: deterministic, ~0.2 ms an article once loaded, 1.3 s to load, once per process).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

ENGLISH = "en"
_WORD = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = frozenset(
    "the of and to a in is was for on that with by as at from it his her he she they their its be were are "
    "has have had been not but or an this which who after said will would".split()
)


@dataclass(frozen=True, slots=True)
class LanguageConfig:
    english_share: float = 0.15  # function words at least this share of the words → English, no model needed
    min_words: int = 12  # shorter texts (a headline, an ACLED note's stub) are too short to judge: taken as English
    min_probability: float = 0.9  # the identifier must be this sure before an article is taken as not English


LANGUAGE = LanguageConfig()


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # loaded only when an article needs it

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """py3langid's best language (ISO 639-1) and its normalised probability."""
    language, probability = _identifier().classify(text)
    return str(language), float(probability)


def language_of(text: str, config: LanguageConfig = LANGUAGE) -> str:
    """The article's language: ``en`` unless the identifier is sure it is another one."""
    words = _WORD.findall(text.lower())
    if len(words) < config.min_words:
        return ENGLISH
    if sum(w in _FUNCTION_WORDS for w in words) / len(words) >= config.english_share:
        return ENGLISH
    language, probability = identify(text)
    return language if probability >= config.min_probability else ENGLISH
