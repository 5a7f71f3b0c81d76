"""Transliteration variants of place names: "Kafr Qaseem" for Kafr Qāsim, "As Samwah" for As Samawah.

News and ACLED notes romanise Arabic, Persian and Amharic names with their own vowels and doubled letters.
Two spellings of one name keep the same consonants in the same order, so a name is reduced to its
*skeleton*: the normalised key without a leading Arabic article, letters doubled in a row written once, and
vowels (a e i o u y) dropped, except that a word opening with a vowel keeps a mark of it. The gazetteer
indexes each populated place's keys by skeleton; an unknown name is a variant of a known one when the
skeletons are equal and the spellings differ by at most ``MAX_EDITS`` letter. The guards (name length,
consonant count, length of the words that differ, one place only) keep a surname or an English phrase from
becoming a hamlet; ``Gazetteer.near_spellings`` applies them.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

#: The Arabic article as romanised, "al" and its assimilated forms before sun letters ("ash Shaddadah",
#: "ad Dawr", "an Najaf"), the French "el"/"ech"/"es". Dropped from the front of a key of two words or more.
_ARTICLE = re.compile(r"^(?:al|el|ech|e[sdtzrn]|a(?:[tdsz]h?|[rn]|sh)) (?=\S)")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]+")
#: A vowel opening a word stays as a mark: "Isawiyah" is not "As Sawiyah", whatever the vowel's letter.
_OPENING_VOWEL = re.compile(r"(?:^|(?<= ))[aeiouy]+")
#: Letters two spellings of one name may differ by (an insertion, deletion or substitution), after the
#: article is dropped and doubled letters are collapsed: "qasem"/"qasim", "samwah"/"samawah". Two let
#: "Taalabaya" (Lebanon) become Tallaboa (Puerto Rico).
MAX_EDITS = 1
#: A variant is looked for only for a written name of this many letters or more (the article counts), with
#: at least ``MIN_CONSONANTS`` consonants: short names ("Basira", "Gordi") have too many look-alikes.
MIN_LETTERS = 8
MIN_CONSONANTS = 3


def core(key: str) -> str:
    """``key`` (a normalised name) without a leading article and with doubled letters written once."""
    return _DOUBLE.sub(r"\1", _ARTICLE.sub("", key))


def skeleton(key: str) -> str:
    """The consonants of ``key`` in order, words kept apart: "kafr qasim" -> "kfr qsm"."""
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", _OPENING_VOWEL.sub("'", core(key)))).strip()


#: Shortest word two spellings may differ in: a short word is an English one as often as not ("North Hall" is
#: not North Hill), while romanised names vary in their longer words ("Samwah", "Qaseem", "Oussara").
MIN_VARIED_WORD = 5


def variants(written: str, other: str) -> bool:
    """Whether two keys' ``core`` forms are spellings of one name: at most ``MAX_EDITS`` letters apart, the same
    number of words, and every word they differ in at least ``MIN_VARIED_WORD`` letters long."""
    if Levenshtein.distance(written, other, score_cutoff=MAX_EDITS) > MAX_EDITS:
        return False
    ours, theirs = written.split(), other.split()
    return len(ours) == len(theirs) and all(
        a == b or min(len(a), len(b)) >= MIN_VARIED_WORD for a, b in zip(ours, theirs, strict=True)
    )


def worth_matching(key: str) -> bool:
    """Whether an unknown written name is long and consonant-rich enough to look for a variant of."""
    letters = key.replace(" ", "")
    return len(letters) >= MIN_LETTERS and sum(ch.isalpha() for ch in skeleton(key)) >= MIN_CONSONANTS
