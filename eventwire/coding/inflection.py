"""Word forms from the installed model's own lemmatizer tables, read once per process.

The pre-scan needs every inflected form of the trigger words (a form the parser would lemmatise to a
trigger lemma is one the pre-scan must know), and the misspelling check (``typos``) needs those forms and
the words the lemmatizer knows. Both read them here, so the tables are inverted once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import cast

from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.util import get_package_path


@dataclass(frozen=True)
class LemmaTables:
    rules: dict[str, list[tuple[str, str]]]  # part of speech → suffix rules (old, new)
    irregular: dict[str, dict[str, set[str]]]  # part of speech → lemma → irregular forms (inverted exceptions)
    index: frozenset[str]  # every base word the lemmatizer's index lists, any part of speech


def inflections(
    lemma: str, pos: str, rules: dict[str, list[tuple[str, str]]], irregular: dict[str, dict[str, set[str]]]
) -> frozenset[str]:
    """Every form the lemmatizer would map to ``lemma``: its suffix rules run backwards, doubled final
    consonants ("stopped"), and its irregular forms. Over-generation only keeps a sentence more."""
    lemma = lemma.lower()
    out = {lemma}
    for old, new in rules.get(pos, []):
        if lemma.endswith(new):
            out.add(lemma[: len(lemma) - len(new)] + old if new else lemma + old)
    if pos == "verb" and len(lemma) >= 3 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    out |= irregular.get(pos, {}).get(lemma, set())
    for prefix in VERB_PREFIXES if pos == "verb" else ():
        # "retake" → "retook", "retaken": the tables list the forms of "take" only
        if lemma.startswith(prefix) and len(lemma) > len(prefix) + 2:
            out |= {prefix + form for form in irregular.get(pos, {}).get(lemma[len(prefix) :], set())}
    return frozenset(out)


# Prefixes of verbs the lemmatizer's exception table misses though it lists the stem's irregular forms
# ("retook", "overran", "outfought" are left as they are written).
VERB_PREFIXES = ("re", "over", "out", "under")


def prefixed_lemma(form: str) -> str | None:
    """The lemma of a prefixed irregular verb form the lemmatizer left as written: "retook" → "retake",
    "overran" → "overrun"; None when the form is no prefix plus an irregular form of a verb."""
    base = _irregular_verb_lemmas()
    for prefix in VERB_PREFIXES:
        if form.startswith(prefix) and form[len(prefix) :] in base:
            return prefix + base[form[len(prefix) :]]
    return None


@cache
def _irregular_verb_lemmas() -> dict[str, str]:
    """Irregular verb form → its lemma (the first in the table's order when a form has several)."""
    out: dict[str, str] = {}
    for lemma, forms in sorted(lemma_tables().irregular.get("verb", {}).items()):
        for form in forms:
            out.setdefault(form, lemma)
    return out


@cache
def lemma_tables() -> LemmaTables:
    """The default model's suffix rules, its irregular forms (inverted: lemma → forms) and its word index: read
    from the model package's files when it ships them (a few milliseconds), so that the write step, which
    codes nothing, loads no pipeline to know a word's forms (``merge_incident.casualty_forms``)."""
    from eventwire.nlp.pipeline import load_nlp

    lookups = _lookups_on_disk() or cast(Lemmatizer, load_nlp().get_pipe("lemmatizer")).lookups
    rules_table, exc_table = lookups.get_table("lemma_rules"), lookups.get_table("lemma_exc")
    rules: dict[str, list[tuple[str, str]]] = {}
    irregular: dict[str, dict[str, set[str]]] = {}
    for pos in ("noun", "verb", "adj"):
        rules[pos] = [(old, new) for old, new in rules_table.get(pos, [])]
        inverted: dict[str, set[str]] = {}
        for form, lemmas in exc_table.get(pos, {}).items():
            for lemma in lemmas:
                inverted.setdefault(lemma, set()).add(form)
        irregular[pos] = inverted
    index = lookups.get_table("lemma_index")
    return LemmaTables(
        rules, irregular, frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, []))
    )


def _lookups_on_disk() -> Lookups | None:
    """The lemmatizer tables the configured model package holds on disk (``<package>/<name-version>/lemmatizer/
    lookups``), or None when it holds none there (the loaded pipeline then gives them)."""
    from eventwire.nlp.pipeline import model_name

    try:
        root = get_package_path(model_name())
    except (ImportError, AttributeError, TypeError):  # not an installed package (a path, a blank pipeline)
        return None
    found = sorted(root.glob("lemmatizer/lookups/lookups.bin")) + sorted(root.glob("*/lemmatizer/lookups/lookups.bin"))
    if not found:
        return None
    lookups = Lookups().from_disk(found[0].parent)
    return lookups if {"lemma_rules", "lemma_exc", "lemma_index"} <= set(lookups.tables) else None
